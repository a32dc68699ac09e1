"""The inbound activity read without msrest's generic walk (``quick_model``) is msrest's own
reading — the same botbuilder ``Activity``, compared with msrest model equality (every
attribute, nested models and ``additional_properties``) — for realistic Teams activities and
for every request the inbound fuzzer makes that passes validation; and the shapes real Teams
sends take the quick path."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from botbuilder.schema import Activity

from strategibot.channels.teams.inbound import (
    _DESERIALIZER,
    BadActivity,
    quick_model,
    read_activity,
)
from tests.channels.teams.test_inbound import fuzz_cases

URL = "https://smba.trafficmanager.net/emea/"
BASE: dict[str, Any] = {
    "type": "message", "id": "1733480000000", "serviceUrl": URL, "channelId": "msteams",
    "timestamp": "2019-11-15T09:00:00.1234567Z", "localTimestamp": "2019-11-15T10:00:00.123+01:00",
    "localTimezone": "Europe/Copenhagen", "locale": "da-DK", "textFormat": "plain",
    "from": {"id": "29:1abc", "name": "Ole Thomsen", "aadObjectId": "6e1c-…"},
    "recipient": {"id": "28:bot", "name": "strategibot"},
    "conversation": {"id": "a:1xyz", "conversationType": "personal", "tenantId": "t-1"},
    "channelData": {"tenant": {"id": "t-1"}},
    "text": "hvad er kerneopgaven?",
}
SHAPES: dict[str, dict[str, Any]] = {
    "personal message": BASE,
    "with clientInfo and an html attachment": {
        **BASE,
        "entities": [{"type": "clientInfo", "locale": "da-DK", "country": "DK",
                      "platform": "Web", "timezone": "Europe/Copenhagen"}],
        "attachments": [{"contentType": "text/html", "content": "<p>hvad er RK?</p>"}]},
    "channel message with a mention": {
        **BASE, "text": "<at>strategibot</at> fremdrift",
        "conversation": {"id": "19:abc@thread.tacv2;messageid=1", "conversationType": "channel",
                         "isGroup": True, "tenantId": "t-1", "name": None},
        "entities": [{"type": "mention", "text": "<at>strategibot</at>",
                      "mentioned": {"id": "28:bot", "name": "strategibot"}}],
        "channelData": {"teamsChannelId": "19:abc@thread.tacv2", "teamsTeamId": "19:t",
                        "channel": {"id": "19:abc@thread.tacv2"}, "team": {"id": "19:t"},
                        "tenant": {"id": "t-1"}}},
    "a card's submit": {**BASE, "text": None, "value": {"action": "checkin", "n": 12.8,
                                                        "ok": True, "list": [1, None, "x"]}},
    "installation": {
        **BASE, "type": "conversationUpdate", "text": None,
        "membersAdded": [{"id": "28:bot"}, {"id": "29:1abc", "aadObjectId": "x"}],
        "channelData": {"eventType": "teamMemberAdded", "tenant": {"id": "t-1"}}},
    "a reaction": {**BASE, "type": "messageReaction", "replyToId": "1733",
                   "reactionsAdded": [{"type": "like"}]},
    "an invoke": {**BASE, "type": "invoke", "name": "adaptiveCard/action",
                  "value": {"action": {"type": "Action.Execute", "verb": "undo"}}},
    "unknown fields": {**BASE, "futureField": {"a": 1}, "from": {**BASE["from"], "x": 2}},
    "no timestamp, offsets": {**{k: v for k, v in BASE.items() if k != "timestamp"},
                              "localTimestamp": "2019-11-15T10:00:00-05:30"},
}


def _msrest(data: dict[str, Any]) -> Activity:
    return _DESERIALIZER("Activity", data)


@pytest.mark.parametrize("name", SHAPES)
def test_realistic_activities_take_the_quick_path_and_read_the_same(name: str) -> None:
    data = json.loads(json.dumps(SHAPES[name]))
    quick = quick_model(Activity, json.loads(json.dumps(data)))
    assert quick is not None, name
    assert quick == _msrest(data)
    assert quick.serialize() == _msrest(data).serialize()


def test_what_the_quick_path_does_not_know_is_left_to_msrest() -> None:
    assert quick_model(Activity, {**BASE, "text": 12}) is None  # msrest makes "12" of it
    assert quick_model(Activity, {**BASE, "historyDisclosed": "true"}) is None
    assert quick_model(Activity, {**BASE, "relatesTo": {"activityId": 5}}) is None


def test_every_fuzzed_request_that_passes_reads_the_same() -> None:
    compared = quick_paths = 0
    for body, headers in fuzz_cases(URL, 2000):
        try:
            activity, data = read_activity(body, headers.get("Content-Type"), 256 * 1024)
        except BadActivity:
            continue
        compared += 1
        assert activity == _msrest(data)
        quick_paths += quick_model(Activity, data) is not None
    assert compared > 200
    assert quick_paths > compared // 2


_VALUES: list[Any] = [None, "", "x", "ø", 0, 1, -1, 2.5, True, False, [], {}, ["a"], [1],
                      {"a": 1}, {"id": "y"}, [{"type": "t"}], [{"id": "z"}],
                      "2019-11-15T09:00:00Z", "2019-11-15T09:00:00.1234567+02:00", "noon"]


def _mutated(rng: random.Random) -> dict[str, Any]:
    activity = json.loads(json.dumps(rng.choice(list(SHAPES.values()))))
    for _ in range(rng.randint(1, 4)):
        target = activity
        if rng.random() < 0.4:
            outer = rng.choice(["from", "recipient", "conversation", "channelData"])
            if not isinstance(activity.get(outer), dict):
                activity[outer] = {}
            target = activity[outer]
        field = rng.choice([*Activity._attribute_map.values(), {"key": "extra"}])["key"] \
            if target is activity else rng.choice(["id", "name", "aadObjectId", "isGroup",
                                                   "conversationType", "tenantId", "role",
                                                   "properties", "extra"])
        target[field] = rng.choice(_VALUES)
    return activity


def test_seeded_mutations_that_pass_read_the_same() -> None:
    rng = random.Random(20261206)
    compared = quick_paths = 0
    for _ in range(6000):
        body = json.dumps(_mutated(rng)).encode()
        try:
            activity, data = read_activity(body, "application/json", 256 * 1024)
        except BadActivity:
            continue
        compared += 1
        reference = _msrest(data)
        assert activity == reference, body
        quick_paths += quick_model(Activity, data) is not None
    assert compared > 800
    assert quick_paths > compared // 3
