"""A turn's replies are posted as plain JSON addressed as botbuilder addresses them.

:class:`~strategibot.channels.teams.bot.TeamsTurn` builds the reply's JSON itself (no deep
copy of the activity, no msrest round trip). These tests build the same reply botbuilder's
way — ``TurnContext.send_activities``' addressing of ``activity_of``'s activity, serialised by
msrest — for the shapes of activity the channels send, and compare the two.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from strategibot.channels.teams.activities import (
    activity_of,
    addressed,
    message_json_of,
    reference_of,
    tenant_of,
)
from strategibot.channels.teams.connector import to_json
from strategibot.channels.teams.inbound import read_activity
from strategibot.domain.messages import Outcome, Reply

REPLY = Reply(lang="da", text="Kerneopgaven er **borgerens liv**.", title="Kerneopgaven",
              outcome=Outcome.ANSWER, lines=("én", "to"))


def inbound(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "message", "id": "act-1", "text": "hvad er kerneopgaven?",
        "serviceUrl": "http://127.0.0.1:9/teams/", "channelId": "msteams", "locale": "da-DK",
        "from": {"id": "29:user", "name": "Ole Thomsen", "aadObjectId": "aad-1"},
        "recipient": {"id": "28:bot", "name": "strategibot"},
        "conversation": {"id": "a:chat", "conversationType": "personal", "tenantId": "t-1"},
        "channelData": {"tenant": {"id": "t-1"}},
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def botbuilders_way(raw: dict[str, Any], reply: Reply) -> tuple[dict[str, Any], str, str | None]:
    activity = read_activity(json.dumps(raw).encode(), "application/json",
                             1 << 20)[0]
    reference = TurnContext.get_conversation_reference(activity)
    sent = TurnContext.apply_conversation_reference(
        copy.deepcopy(activity_of(reply, activity.channel_id)), reference)
    sent.input_hint = sent.input_hint or "acceptingInput"
    sent.id = None
    return to_json(sent), sent.conversation.id, sent.reply_to_id


def ours(raw: dict[str, Any], reply: Reply) -> tuple[dict[str, Any], str, str | None]:
    _, data = read_activity(json.dumps(raw).encode(), "application/json", 1 << 20)
    body = message_json_of(reply, data.get("channelId"))
    conversation_id, reply_to = addressed(body, data)
    return body, conversation_id, reply_to


@pytest.mark.parametrize("raw", [
    inbound(),
    inbound(locale=None),
    inbound(conversation={"id": "19:chan@thread.tacv2;messageid=1700000000",
                          "conversationType": "channel", "isGroup": True, "tenantId": "t-1"}),
    inbound(channelId="webchat", serviceUrl="http://localhost:3978/"),
    inbound(channelId="emulator", conversation={"id": "emu-1"}),
    inbound(channelId="directline"),
    inbound(channelId="slackish"),
], ids=["personal", "no-locale", "channel-thread", "webchat", "emulator", "directline",
        "text-channel"])
def test_a_reply_is_addressed_as_botbuilder_addresses_it(raw: dict[str, Any]) -> None:
    theirs, their_conversation, their_reply_to = botbuilders_way(raw, REPLY)
    mine, my_conversation, my_reply_to = ours(raw, REPLY)
    # the accounts are the channel's own, as received; botbuilder's models drop what they do
    # not know (Teams' "tenantId": msrest reads "tenantID"), so theirs is a part of ours
    for account, sent in (("conversation", "conversation"), ("from", "recipient"),
                          ("recipient", "from")):
        assert mine.pop(account) == raw[sent]
        assert theirs.pop(account).items() <= raw[sent].items()
    assert mine == theirs
    assert (my_conversation, my_reply_to) == (their_conversation, their_reply_to)


def test_the_stored_address_is_what_msrest_made() -> None:
    from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

    for raw in (inbound(), inbound(locale=None, recipient={"id": "28:bot"}),
                inbound(conversation={"id": "19:c@thread;messageid=5", "isGroup": True,
                                      "conversationType": "channel", "tenantId": "t"})):
        activity: Activity = read_activity(json.dumps(raw).encode(),
                                           "application/json", 1 << 20)[0]
        conversation = activity.conversation
        kind = conversation.conversation_type or "personal"
        expected = ConversationReference(
            user=ChannelAccount(id=activity.from_property.id) if kind == "personal" else None,
            bot=ChannelAccount(id=activity.recipient.id, name=activity.recipient.name),
            conversation=ConversationAccount(
                id=conversation.id.split(";messageid=")[0],
                conversation_type=conversation.conversation_type,
                tenant_id=tenant_of(activity), is_group=conversation.is_group),
            channel_id=activity.channel_id, locale=activity.locale,
            service_url=activity.service_url).serialize()
        assert reference_of(activity) == expected
