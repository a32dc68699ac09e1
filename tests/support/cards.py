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
from strategibot.services.content import Content

HERE = Path(__file__).resolve().parents[1] / "cards"
GOLDEN = HERE / "golden"
VALIDATE_JS = HERE / "validate.js"
NODE_MODULES = HERE / "node_modules"
UPDATE_GOLDEN = os.environ.get("STRATEGIBOT_UPDATE_GOLDEN", "") not in {"", "0"}
"""``STRATEGIBOT_UPDATE_GOLDEN=1`` rewrites the golden files from the current renderers."""


@dataclass(frozen=True, slots=True)
class ReplySample:
    """A reply the engine gives, and the outcome it must have (so a changed engine is noticed)."""

    name: str
    make: Callable[[Content], Reply]
    outcome: Outcome

    def reply(self, content: Content) -> Reply:
        reply = self.make(content)
        assert reply.outcome == self.outcome, (
            f"sample {self.name!r} now gives outcome {reply.outcome!s}, not {self.outcome!s}: "
            "the engine changed; pick a question that gives the intended outcome"
        )
        return reply


@dataclass(frozen=True, slots=True)
class CardSample:
    """An Adaptive Card the bot sends, by name (its golden file is ``golden/<name>.json``)."""

    name: str
    make: Callable[[Content], dict[str, Any]]


REPLY_SAMPLES: list[ReplySample] = [
    ReplySample("answer-da", lambda a: a.engine.answer("hvad er kerneopgaven?").reply,
                Outcome.ANSWER),
    ReplySample("answer-en", lambda a: a.engine.answer("what is the core task?").reply,
                Outcome.ANSWER),
    ReplySample("did-you-mean", lambda a: a.engine.answer("ledelse og medarbejdere").reply,
                Outcome.CLARIFY),
    ReplySample("unknown", lambda a: a.engine.answer("opskrift på lasagne").reply,
                Outcome.UNKNOWN),
    ReplySample("help", lambda a: a.engine.help("da").reply, Outcome.HELP),
    ReplySample("help-en", lambda a: a.engine.help("en").reply, Outcome.HELP),
]

def _flow(content: Content) -> Any:
    """A check-in flow for rendering only: no database is touched."""
    from strategibot.conversation.checkin import CheckinFlow
    from strategibot.core.clock import Clock
    from strategibot.services.checkins import Checkins
    from strategibot.services.organisation import OrganisationService
    from strategibot.store.flow_states import FlowStates

    checkins = Checkins(factory=None, kb=content.kb, flows=content.flows,  # type: ignore[arg-type]
                        organisation=OrganisationService(None),  # type: ignore[arg-type]
                        clock=Clock())
    themes = {t.number: {"da": t.da, "en": t.en} for t in content.kb.strategy.themes}
    return CheckinFlow(checkins=checkins, flows=content.flows, i18n=content.i18n,
                       states=FlowStates(None), theme_names=themes)  # type: ignore[arg-type]


def _unit() -> Any:
    from strategibot.services.checkins import Subject

    return Subject("unit", 1, "CPKS-01", "Strategi og Analyse", 1, 14.0)


def _checkin_form(content: Content) -> Reply:
    latest = {"sick-leave|": {"days": 12.8},
              "relational-coordination|": {"status": "in-progress"},
              "citizen-involvement||borgerpanel": {"form": "Borgerpanel", "tried": True,
                                                   "evaluated": False}}
    return _flow(content).form_reply(_unit(), "da", latest)  # type: ignore[no-any-return]


def _confirmation(content: Content) -> Reply:
    values = [("sick-leave", None, {"days": 12.8}),
              ("relational-coordination", None, {"status": "done"})]
    return _flow(content).saved_reply(_unit(), values, [41, 42], "da")  # type: ignore[no-any-return]


def _digest(content: Content) -> Reply:
    import datetime as dt

    from strategibot.domain.organisation import CentreInfo, Directory, UnitInfo
    from strategibot.domain.progress.compute import ReportView, compute_progress
    from strategibot.domain.progress.digest import build_digest

    directory = Directory(
        centres=tuple(CentreInfo(c, f"C{c}", f"Center {c}", None) for c in range(1, 11)),
        units=tuple(UnitInfo(u, f"U{u:02d}", f"Enhed {u}", 1 + u % 10, None, 10.0 + u)
                    for u in range(1, 41)))
    reports = [ReportView("sick-leave", 1 + u % 10, u, None, {"days": 12.0 + u % 5})
               for u in range(1, 30)]
    reports += [ReportView("relational-coordination", 1 + u % 10, u, None,
                           {"status": "done" if u % 3 else "in-progress"})
                for u in range(1, 25)]
    progress = compute_progress(content.kb.goals, directory, reports,
                                today=dt.date(2019, 9, 2), period=content.kb.strategy.period)
    return build_digest(content.kb, progress, directory, content.i18n,
                        lang="da", today=dt.date(2019, 9, 2), period="uge 36, 2019",
                        previous={"sick-leave": 14.2}).reply


def _reminder(content: Content) -> Reply:
    from strategibot.core.clock import Clock
    from strategibot.services.digests import Digests
    from strategibot.services.reminders import Reminders

    clock = Clock()
    digests = Digests(factory=None, kb=content.kb, i18n=content.i18n,  # type: ignore[arg-type]
                      checkins=None, dispatcher=None, clock=clock)  # type: ignore[arg-type]
    reminders = Reminders(factory=None, kb=content.kb, i18n=content.i18n,  # type: ignore[arg-type]
                          checkins=None, dispatcher=None, digests=digests,  # type: ignore[arg-type]
                          clock=clock)
    return reminders.reply(["Strategi og Analyse", "Kommunikation"], "2019-W36", "da")


EXTRA_CARDS: list[CardSample] = [
    CardSample("checkin-form", lambda a: render_card(_checkin_form(a))),
    CardSample("checkin-saved", lambda a: render_card(_confirmation(a))),
    CardSample("digest", lambda a: render_card(_digest(a))),
    CardSample("reminder", lambda a: render_card(_reminder(a))),
]


def _reply_card(sample: ReplySample) -> CardSample:
    return CardSample(sample.name, lambda a: render_card(sample.reply(a)))


CARD_SAMPLES: list[CardSample] = [*map(_reply_card, REPLY_SAMPLES), *EXTRA_CARDS]


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
