"""Slack: every sample reply renders to a Block Kit message Slack accepts.

Each block is parsed with slack_sdk's Block Kit models and validated with their
``validate_json()``, which checks Slack's documented limits (text lengths, element counts…).
The samples are the ones the Teams cards use (``REPLY_SAMPLES`` in conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from strategibot.render.slack import render
from strategibot.services.content import Content
from tests.support.cards import ReplySample

MAX_BLOCKS = 50
MAX_TEXT = 4000
"""Slack truncates a message's top-level ``text`` (the notification fallback) beyond this."""


def _message(reply_sample: ReplySample, content: Content) -> dict[str, Any]:
    return render(reply_sample.reply(content))


def test_message_has_at_most_50_blocks(reply_sample: ReplySample, content: Content) -> None:
    message = _message(reply_sample, content)
    assert 1 <= len(message["blocks"]) <= MAX_BLOCKS


def test_every_block_parses_and_validates(
    reply_sample: ReplySample, content: Content
) -> None:
    for index, raw in enumerate(_message(reply_sample, content)["blocks"]):
        block = Block.parse(raw)
        assert block is not None, f"block {index} ({raw.get('type')}) is not a known block type"
        block.validate_json()  # raises SlackObjectFormationError when a limit is broken
        # the model round-trips to the same JSON: nothing was dropped as unknown
        assert block.to_dict() == raw, f"block {index} changes when slack_sdk re-serialises it"


def test_message_has_fallback_text(reply_sample: ReplySample, content: Content) -> None:
    message = _message(reply_sample, content)
    assert message["text"].strip()
    assert len(message["text"]) <= MAX_TEXT
    json.dumps(message)  # serialisable as chat.postMessage's JSON body


def test_every_button_of_the_reply_is_there(
    reply_sample: ReplySample, content: Content
) -> None:
    reply = reply_sample.reply(content)
    buttons = [
        element
        for raw in render(reply)["blocks"]
        if isinstance(block := Block.parse(raw), ActionsBlock)
        for element in block.elements
        if isinstance(element, ButtonElement)
    ]
    assert [b.value for b in buttons] == [a.value for a in reply.actions]
    action_ids = [b.action_id for b in buttons]
    assert len(action_ids) == len(set(action_ids)), "action_id values must be unique"
