"""Each hostile activity that broke a turn before, sent to the real service: it now ends with a
clean answer and nothing but far-side failures in the log.

Before: an ``adaptiveCard/action`` invoke without ``value`` was a 500 ("the bot's answer could
not be serialised"); an entity without ``type`` was ``'NoneType' object has no attribute
'lower'`` in botbuilder's ``get_mentions``; a mention without ``mentioned`` a ``KeyError``; a
missing ``channelData`` a ``TypeError`` in ``TeamsInfo``; a long conversation id "a storage key
has at most 512 characters"; ``fortryd 99999999999999999999999`` an ``OverflowError``; a NUL in
the text a failed save on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.support.activities import BOT, teams_message
from tests.support.farside import LogRecorder
from tests.support.service import SUSANNE, Service, reply_text, roster_user


def _activity(service: Service, text: str = "hvad er kerneopgaven?",
              **changes: Any) -> dict[str, Any]:
    conversation = f"a:personal-{SUSANNE}"
    user = roster_user(service.connector, SUSANNE, conversation)
    activity = teams_message(service.connector.url, text, conversation=conversation, user=user)
    activity.update(changes)
    return activity


CASES: dict[str, tuple[dict[str, Any], int, str | None]] = {
    # name: (changes, status, a text the reply must hold — None: no reply)
    "invoke without value": ({"type": "invoke", "name": "adaptiveCard/action", "value": None},
                             501, None),
    "entity without type": ({"entities": [{}, {"text": "x"}]}, 200, "Kerneopgaven"),
    "mention without mentioned": ({"entities": [{"type": "mention", "text": "<at>b</at>"}]},
                                  200, "Kerneopgaven"),
    "mention of an odd shape": ({"entities": [{"type": "mention", "text": 5,
                                               "mentioned": {"id": BOT["id"]}}]},
                                200, "Kerneopgaven"),
    "no channelData": ({"channelData": None, "text": "mine indrapporteringer"}, 200,
                       "ingen gældende indrapporteringer"),
    "team of an odd shape": ({"channelData": {"tenant": {"id": "tenant-1"}, "team": "x"},
                              "text": "mine indrapporteringer"}, 200,
                             "ingen gældende indrapporteringer"),
    "huge undo number": ({"text": "fortryd 99999999999999999999999"}, 200, None),
    "NUL in the text": ({"text": "hvad er kerne\u0000opgaven?"}, 200, "Kerneopgaven"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_hostile_activity_ends_cleanly(service: Service, case: str) -> None:
    changes, status, expected = CASES[case]
    activity = _activity(service, **{k: v for k, v in changes.items() if v is not None})
    for key in [k for k, v in changes.items() if v is None]:
        activity.pop(key, None)
    with LogRecorder() as logs:
        async with await service.post_activity(activity) as response:
            assert response.status == status, await response.text()
        await asyncio.sleep(0.1)
    assert logs.unexpected() == []
    replies = [r for r in service.connector.activities if r.body.get("type") == "message"]
    if status == 200:
        assert replies, "the message was answered"
    if expected is not None:
        assert expected in reply_text(replies[-1].body)


@pytest.mark.parametrize(("field", "inner", "length"), [
    ("conversation", "id", 301), ("from", "id", 201), ("id", None, 201),
    ("conversation", "tenantId", 101), ("channelId", None, 33),
])
async def test_ids_longer_than_the_database_keeps_are_refused(
    service: Service, field: str, inner: str | None, length: int,
) -> None:
    activity = _activity(service)
    if inner is None:
        activity[field] = "i" * length
    else:
        activity[field][inner] = "i" * length
    with LogRecorder() as logs:
        async with await service.post_activity(activity) as response:
            assert response.status == 400
            assert "longer than" in (await response.json())["error"]
    assert logs.tracebacks == []
    assert service.connector.activities == []


async def test_the_longest_ids_accepted_are_stored(service: Service) -> None:
    conversation = "a:" + "c" * 298
    user = {"id": "29:" + "u" * 197, "name": "x"}
    roster_user(service.connector, SUSANNE, conversation)
    service.connector.members[conversation][-1]["id"] = user["id"]
    activity = teams_message(service.connector.url, "mine indrapporteringer",
                             conversation=conversation, user=user,
                             activity_id="9" * 200)
    with LogRecorder() as logs:
        async with await service.post_activity(activity) as response:
            assert response.status == 200
    assert logs.unexpected() == []
    [reply] = await service.connector.wait_for(1)
    assert "ingen gældende indrapporteringer" in reply_text(reply.body)
