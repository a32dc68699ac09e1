"""render.slack: Reply → Block Kit, compared with golden JSON and checked against Slack's limits.

Every rendered message is also parsed with slack_sdk's Block Kit models and validated.
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from strategibot.domain.messages import Action, Outcome, Reply, Source
from strategibot.render.slack import render, to_mrkdwn

ANSWER = Reply(
    lang="da",
    title="Kerneopgaven",
    text=(
        "Kerneopgaven er **at skabe værdi for borgerne** & virksomhederne.\n\n"
        "- Sammen løser vi fortsat kerneopgaven\n"
        "- Mål < 13,5 dagsværk"
    ),
    source=Source("Koncernstrategi 2019", (4,)),
    source_label="Kilde: Koncernstrategi 2019, s. 4",
    prompt="Relaterede spørgsmål",
    actions=(
        Action("Hvad er relationel koordinering?", "Hvad er relationel koordinering?"),
        Action("Hvad er målet for sygefravær?", "Hvad er målet for sygefravær?"),
    ),
    entry_id="kerneopgaven",
)

ANSWER_GOLDEN: dict[str, Any] = {
    "text": (
        "*Kerneopgaven*\n\n"
        "Kerneopgaven er *at skabe værdi for borgerne* &amp; virksomhederne.\n\n"
        "• Sammen løser vi fortsat kerneopgaven\n"
        "• Mål &lt; 13,5 dagsværk"
    ),
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Kerneopgaven"}},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": (
                    "Kerneopgaven er *at skabe værdi for borgerne* &amp; virksomhederne.\n\n"
                    "• Sammen løser vi fortsat kerneopgaven\n"
                    "• Mål &lt; 13,5 dagsværk"
                ),
            },
        },
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": "Kilde: Koncernstrategi 2019, s. 4"}],
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": "Relaterede spørgsmål"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Hvad er relationel koordinering?"},
                    "value": "Hvad er relationel koordinering?",
                    "action_id": "ask-0",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Hvad er målet for sygefravær?"},
                    "value": "Hvad er målet for sygefravær?",
                    "action_id": "ask-1",
                },
            ],
        },
    ],
}

CLARIFY = Reply(
    lang="da",
    text="Jeg er ikke helt sikker på, hvad du spørger om.",
    prompt="Mente du …?",
    actions=(
        Action("Kerneopgaven", "Hvad er kerneopgaven?"),
        Action("Relationel koordinering", "Hvad er relationel koordinering?"),
        Action("Årsaftaler", "Hvornår skal årsaftalerne være indgået?"),
    ),
    outcome=Outcome.CLARIFY,
)

CLARIFY_GOLDEN: dict[str, Any] = {
    "text": "Jeg er ikke helt sikker på, hvad du spørger om.",
    "blocks": [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Jeg er ikke helt sikker på, hvad du spørger om."},
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": "Mente du …?"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Kerneopgaven"},
                    "value": "Hvad er kerneopgaven?",
                    "action_id": "ask-0",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Relationel koordinering"},
                    "value": "Hvad er relationel koordinering?",
                    "action_id": "ask-1",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Årsaftaler"},
                    "value": "Hvornår skal årsaftalerne være indgået?",
                    "action_id": "ask-2",
                },
            ],
        },
    ],
}

UNKNOWN_TEXT = (
    "Sorry, I can't answer that from the corporate strategy. "
    "Try asking about the core task, the shared goals or the annual agreements."
)
UNKNOWN = Reply(
    lang="en",
    text=UNKNOWN_TEXT,
    actions=(Action("Help", "help", kind="command"),),
    outcome=Outcome.UNKNOWN,
)

UNKNOWN_GOLDEN: dict[str, Any] = {
    "text": UNKNOWN_TEXT,
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": UNKNOWN_TEXT}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Help"},
                    "value": "help",
                    "action_id": "command-0",
                }
            ],
        },
    ],
}


def assert_valid_block_kit(message: dict[str, Any]) -> None:
    """What Slack would check: the limits, and every block valid per slack_sdk's models."""
    blocks = message["blocks"]
    assert isinstance(message["text"], str)
    assert 0 < len(message["text"]) <= 4000
    assert 0 < len(blocks) <= 50
    action_ids = []
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        assert block.to_dict() == raw  # nothing Slack's model would not know
        if raw["type"] == "section":
            assert 0 < len(raw["text"]["text"]) <= 3000
        if raw["type"] == "header":
            assert 0 < len(raw["text"]["text"]) <= 150
        if raw["type"] == "actions":
            assert 0 < len(raw["elements"]) <= 25
            for button in raw["elements"]:
                assert 0 < len(button["text"]["text"]) <= 75
                assert 0 < len(button["value"]) <= 2000
                action_ids.append(button["action_id"])
    assert len(action_ids) == len(set(action_ids))


@pytest.mark.parametrize(
    ("reply", "golden"),
    [(ANSWER, ANSWER_GOLDEN), (CLARIFY, CLARIFY_GOLDEN), (UNKNOWN, UNKNOWN_GOLDEN)],
    ids=["answer", "clarify", "unknown"],
)
def test_golden(reply: Reply, golden: dict[str, Any]) -> None:
    message = render(reply)
    assert message == golden
    assert_valid_block_kit(message)


def test_markdown_becomes_mrkdwn() -> None:
    assert to_mrkdwn("**Mål 1** og **mål 2**") == "*Mål 1* og *mål 2*"
    assert to_mrkdwn("- en\n  - to\n* tre") == "• en\n  • to\n• tre"
    assert to_mrkdwn("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert to_mrkdwn("2 ** 3 og ** løs") == "2 ** 3 og ** løs"  # not bold: no span


def test_long_text_is_split_into_sections_of_at_most_3000_characters() -> None:
    paragraphs = [f"Afsnit {n}: " + "ord " * 300 for n in range(12)]  # ≈1,210 chars each
    message = render(Reply(lang="da", text="\n\n".join(paragraphs)))
    assert_valid_block_kit(message)
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) > 1
    # Cut between paragraphs, and nothing lost.
    assert [p.strip() for p in "\n\n".join(sections).split("\n\n")] == [
        p.strip() for p in paragraphs
    ]


def test_a_single_huge_line_is_cut_at_spaces_then_hard() -> None:
    words = " ".join(f"w{n}" for n in range(2000))  # ≈ 11 kB without a line break
    unbroken = "x" * 7000
    message = render(Reply(lang="da", text=f"{words}\n{unbroken}"))
    assert_valid_block_kit(message)
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) > 4
    tokens = [token for section in sections for token in section.split()]
    assert tokens[:2000] == words.split()  # no word was cut
    assert "".join(tokens[2000:]) == unbroken


def test_never_more_than_50_blocks() -> None:
    huge = "\n\n".join("Afsnit " + "ord " * 700 for _ in range(80))  # ≈ 80 sections
    reply = Reply(
        lang="da",
        title="Langt svar",
        text=huge,
        source_label="Kilde: s. 7",
        prompt="Relaterede spørgsmål",
        actions=tuple(Action(f"Spørgsmål {n}", f"Spørgsmål {n}?") for n in range(30)),
    )
    message = render(reply)
    assert_valid_block_kit(message)
    blocks = message["blocks"]
    assert len(blocks) == 50
    # The header, source, prompt and all buttons survive; the text gives way and says so.
    assert blocks[0]["type"] == "header"
    assert [b["type"] for b in blocks[-4:]] == ["context", "section", "actions", "actions"]
    assert blocks[-5]["text"]["text"].endswith("…")
    assert sum(len(b["elements"]) for b in blocks if b["type"] == "actions") == 30


def test_more_than_25_actions_fill_several_actions_blocks() -> None:
    actions = tuple(Action(f"Spørgsmål {n}", f"Spørgsmål {n}?") for n in range(60))
    message = render(Reply(lang="da", text="Vælg:", actions=actions))
    assert_valid_block_kit(message)
    action_blocks = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [len(b["elements"]) for b in action_blocks] == [25, 25, 10]
    values = [e["value"] for b in action_blocks for e in b["elements"]]
    assert values == [a.value for a in actions]


def test_button_limits() -> None:
    long_title = "Hvordan arbejder vi med " + "relationel koordinering " * 10
    actions = (
        Action(long_title, "kort spørgsmål"),
        Action("Alt for lang", "x" * 2001),  # would be cut into another question: dropped
        Action("**Fed**", "Fed?"),
        Action("", "Uden titel?"),
    )
    message = render(Reply(lang="da", text="Se også:", actions=actions))
    assert_valid_block_kit(message)
    buttons = message["blocks"][-1]["elements"]
    assert [b["value"] for b in buttons] == ["kort spørgsmål", "Fed?", "Uden titel?"]
    labels = [b["text"]["text"] for b in buttons]
    assert len(labels[0]) == 75
    assert labels[0].endswith("…")
    assert labels[1:] == ["Fed", "Uden titel?"]
    assert [b["action_id"] for b in buttons] == ["ask-0", "ask-2", "ask-3"]


def test_long_title_is_clipped_and_bold_markers_removed() -> None:
    message = render(Reply(lang="da", title="**" + "Titel " * 40 + "**", text="Tekst"))
    assert_valid_block_kit(message)
    header = message["blocks"][0]["text"]["text"]
    assert len(header) == 150
    assert "*" not in header
    assert header.endswith("…")


def test_empty_text_gives_no_empty_section() -> None:
    message = render(Reply(lang="da", text="", prompt="Vælg en enhed", actions=(Action("A", "a"),)))
    assert_valid_block_kit(message)
    assert [b["type"] for b in message["blocks"]] == ["section", "actions"]
