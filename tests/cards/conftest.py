"""The sample replies and cards every test here runs over, and the Node validator's runner.

To add a card kind, add one line:

- a reply the answer engine (or another domain function) produces → ``REPLY_SAMPLES``: it gets a
  golden Adaptive Card (``golden/<name>.json``), the Node checks and the Slack Block Kit checks;
- a card built some other way (a form, a digest) → ``EXTRA_CARDS``: golden file and Node checks.

Then create its golden file: ``STRATEGIBOT_UPDATE_GOLDEN=1 pytest tests/cards`` (review the
diff before committing it).

The Node checks need ``npm ci --prefix tests/cards`` first; without node or node_modules the
tests fail (they never skip), so CI cannot pass without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from strategibot.domain.messages import Outcome, Reply
from strategibot.render.teams import render_card
from strategibot.wiring import Assistant

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
VALIDATE_JS = HERE / "validate.js"
NODE_MODULES = HERE / "node_modules"
UPDATE_GOLDEN = os.environ.get("STRATEGIBOT_UPDATE_GOLDEN", "") not in {"", "0"}
"""``STRATEGIBOT_UPDATE_GOLDEN=1`` rewrites the golden files from the current renderers."""


@dataclass(frozen=True, slots=True)
class ReplySample:
    """A reply the engine gives, and the outcome it must have (so a changed engine is noticed)."""

    name: str
    make: Callable[[Assistant], Reply]
    outcome: Outcome

    def reply(self, assistant: Assistant) -> Reply:
        reply = self.make(assistant)
        assert reply.outcome == self.outcome, (
            f"sample {self.name!r} now gives outcome {reply.outcome!s}, not {self.outcome!s}: "
            "the engine changed; pick a question that gives the intended outcome"
        )
        return reply


@dataclass(frozen=True, slots=True)
class CardSample:
    """An Adaptive Card the bot sends, by name (its golden file is ``golden/<name>.json``)."""

    name: str
    make: Callable[[Assistant], dict[str, Any]]


REPLY_SAMPLES: list[ReplySample] = [
    ReplySample("answer-da", lambda a: a.engine.answer("hvad er kerneopgaven?").reply,
                Outcome.ANSWER),
    ReplySample("answer-en", lambda a: a.engine.answer("what is the core task?").reply,
                Outcome.ANSWER),
    ReplySample("did-you-mean", lambda a: a.engine.answer("fælles mål tema").reply,
                Outcome.CLARIFY),
    ReplySample("unknown", lambda a: a.engine.answer("opskrift på lasagne").reply,
                Outcome.UNKNOWN),
    ReplySample("help", lambda a: a.engine.help("da").reply, Outcome.HELP),
    ReplySample("help-en", lambda a: a.engine.help("en").reply, Outcome.HELP),
]

def _flow(assistant: Assistant) -> Any:
    from strategibot.conversation.checkin import CheckinFlow
    from strategibot.services.checkins import Reporting

    reporting = Reporting(factory=None, kb=assistant.kb, flows=assistant.flows)  # type: ignore[arg-type]

    async def no_send(*_: Any) -> None:
        return None

    return CheckinFlow(reporting=reporting, flows=assistant.flows, send=no_send, theme_names={})


def _unit() -> Any:
    from strategibot.services.checkins import Subject

    return Subject("unit", 1, "CPKS-01", "Strategi og Analyse", 1, 14.0)


def _checkin_form(assistant: Assistant) -> Reply:
    latest = {"sick-leave|": {"days": 12.8, "fte": 14.0},
              "relational-coordination|": {"status": "in-progress"}}
    return _flow(assistant).form_reply(_unit(), "da", latest)  # type: ignore[no-any-return]


def _confirmation(assistant: Assistant) -> Reply:
    values = [("sick-leave", None, {"days": 12.8, "fte": 14.0}),
              ("relational-coordination", None, {"status": "done"})]
    return _flow(assistant).saved_reply(_unit(), values, [41, 42], "da")  # type: ignore[no-any-return]


def _digest(assistant: Assistant) -> Reply:
    import datetime as dt

    from strategibot.domain.organisation import CentreInfo, Directory, UnitInfo
    from strategibot.domain.progress.compute import ReportView, compute_progress
    from strategibot.domain.progress.digest import build_digest

    directory = Directory(
        centres=tuple(CentreInfo(c, f"C{c}", f"Center {c}", None) for c in range(1, 11)),
        units=tuple(UnitInfo(u, f"U{u:02d}", f"Enhed {u}", 1 + u % 10, None, 10.0 + u)
                    for u in range(1, 41)))
    reports = [ReportView("sick-leave", 1 + u % 10, u, None, {"days": 12.0 + u % 5,
                                                             "fte": 10.0 + u})
               for u in range(1, 30)]
    reports += [ReportView("relational-coordination", 1 + u % 10, u, None,
                           {"status": "done" if u % 3 else "in-progress"})
                for u in range(1, 25)]
    progress = compute_progress(assistant.kb.goals, directory, reports,
                                today=dt.date(2019, 9, 2))
    return build_digest(assistant.kb, progress, directory, assistant.progress_texts,
                        lang="da", today=dt.date(2019, 9, 2), period="uge 36, 2019",
                        previous={"sick-leave": 14.2}).reply


def _reminder(assistant: Assistant) -> Reply:
    from strategibot.services.proactive import reminder_reply

    return reminder_reply(assistant.progress_texts, ["Strategi og Analyse", "Kommunikation"],
                          "2019-W36", "da")


EXTRA_CARDS: list[CardSample] = [
    CardSample("checkin-form", lambda a: render_card(_checkin_form(a))),
    CardSample("checkin-saved", lambda a: render_card(_confirmation(a))),
    CardSample("digest", lambda a: render_card(_digest(a))),
    CardSample("reminder", lambda a: render_card(_reminder(a))),
]


def _reply_card(sample: ReplySample) -> CardSample:
    return CardSample(sample.name, lambda a: render_card(sample.reply(a)))


CARD_SAMPLES: list[CardSample] = [*map(_reply_card, REPLY_SAMPLES), *EXTRA_CARDS]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that takes ``card_sample`` or ``reply_sample``."""
    if "card_sample" in metafunc.fixturenames:
        metafunc.parametrize("card_sample", CARD_SAMPLES, ids=[s.name for s in CARD_SAMPLES])
    if "reply_sample" in metafunc.fixturenames:
        metafunc.parametrize("reply_sample", REPLY_SAMPLES, ids=[s.name for s in REPLY_SAMPLES])


def node_executable() -> str:
    """The ``node`` command; the test fails (not skips) without it or without node_modules."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the card and manifest checks run in Node.js (>= 18)")
    for package in ("adaptivecards", "@microsoft/app-manifest", "ajv-draft-04", "fs-extra"):
        if not (NODE_MODULES / package / "package.json").is_file():
            pytest.fail(f"{NODE_MODULES / package} is missing: run `npm ci --prefix tests/cards`")
    return node


def run_validate(*args: str | Path) -> dict[str, Any]:
    """Run ``node validate.js *args`` once and return its JSON report."""
    node = node_executable()
    completed = subprocess.run(
        [node, str(VALIDATE_JS), *map(str, args)],
        cwd=HERE, capture_output=True, text=True, timeout=120, check=False,
    )
    if completed.returncode != 0:
        pytest.fail(f"validate.js exited with {completed.returncode}:\n{completed.stderr}")
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


def dump_json(value: Any) -> str:
    """The golden files' format: indented, UTF-8, a newline at the end."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture(scope="session")
def rendered_cards(assistant: Assistant) -> dict[str, dict[str, Any]]:
    """Every card sample, rendered once per session."""
    return {sample.name: sample.make(assistant) for sample in CARD_SAMPLES}
