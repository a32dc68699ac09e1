"""``strategibot checkins eval``: how well one-line check-ins and progress questions are read.

Scores a case file (default ``dialogs/eval/oneliners.yaml``, the held-out set; the reader was
tuned on ``dialogs/eval/oneliners-dev.yaml``) with
:func:`strategibot.domain.checkins.oneliners.evaluate_cases`: the share of each expected kind
read right, every miss with what was read, and the time per line. Exits 1 when the share of
reports read right is below ``--min-reports``, or when ANY not-report is read as a report
(that would store a figure nobody reported).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from strategibot.cli.common import settings

if TYPE_CHECKING:
    from strategibot.domain.checkins.oneliners import CaseResult, Reading

__all__ = ["add_commands"]

_ORDER = ("report", "bad-value", "progress", "not-report")


def _show_value(value: Any) -> str:
    if not value:
        return ""
    return "{" + ", ".join(f"{k}: {v!r}" for k, v in value.items()) + "}"


def _show_reading(reading: Reading) -> str:
    parts: list[str] = [reading.kind]
    if reading.kind == "progress":
        parts.append(reading.goal_id or "all")
    elif reading.goal_id:
        parts.append(reading.goal_id)
    if reading.theme is not None:
        parts.append(f"theme {reading.theme}")
    if reading.value:
        parts.append(_show_value(reading.value))
    if reading.reason:
        parts.append(f"({reading.reason})")
    return " ".join(parts)


def _show_case(result: CaseResult) -> str:
    case = result.case
    expected: str = case.expect
    if case.goal:
        expected += f" {case.goal}"
    if case.value:
        expected += f" {_show_value(case.value)}"
    return f"[{case.lang}] {case.text!r}\n      expected: {expected}\n" \
           f"      read:     {_show_reading(result.reading)}"


def _eval(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.core.i18n import read_dialog_file
    from strategibot.core.resources import data_dir
    from strategibot.domain.checkins.oneliners import OneLiners, evaluate_cases
    from strategibot.domain.evalsets import OnelinerCasesFile
    from strategibot.errors import DialogScriptError, Problem
    from strategibot.services.content import load_content

    config = settings()
    dialogs = data_dir("dialogs", config.dialogs_dir)
    content = load_content(config)
    reader = OneLiners.load(dialogs / "oneliners.yaml", content.flows,
                            content.kb.strategy.themes)
    path = Path(args.cases) if args.cases else dialogs / "eval" / "oneliners.yaml"
    problems: list[Problem] = []
    cases_file = read_dialog_file(path, OnelinerCasesFile, problems, str(path))
    if cases_file is None:
        raise DialogScriptError.with_problems(problems)
    cases = cases_file.cases
    report = evaluate_cases(reader, cases)
    started = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for case in cases:
            reader.read(case.text, case.lang)
    per_line = (time.perf_counter() - started) / (rounds * len(cases))

    out.write(f"checkins eval: {path} — {len(cases)} cases\n")
    counts = report.by_expect()
    for expect in _ORDER:
        if expect in counts:
            passed, count = counts[expect]
            out.write(f"  {expect:<11} {passed:>4}/{count:<4} {100 * passed / count:6.1f} %\n")
    saved = report.saved_non_reports
    out.write(f"  not-reports read as a report: {len(saved)}\n")
    out.write(f"  time per line: {per_line * 1000:.3f} ms\n")
    shown = report.results if args.verbose else tuple(report.failures)
    if shown:
        out.write("\n" + ("cases:" if args.verbose else "misses:") + "\n")
        for result in shown:
            mark = "ok  " if result.passed else "MISS"
            out.write(f"  {mark} {_show_case(result)}\n")
    failed = False
    reports = report.accuracy("report")
    if reports < args.min_reports:
        out.write(f"\nFAIL: {100 * reports:.1f} % of reports read right, "
                  f"below {100 * args.min_reports:.1f} %\n")
        failed = True
    if saved:
        out.write(f"\nFAIL: {len(saved)} not-report(s) read as a report — they would be "
                  "saved\n")
        failed = True
    return 1 if failed else 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    checkins = commands.add_parser("checkins", help="one-line check-ins").add_subparsers(
        dest="checkins_command", required=True)
    evaluate = checkins.add_parser(
        "eval", help="score the reading of one-line check-ins and progress questions")
    evaluate.add_argument("--cases", help="case file (default: dialogs/eval/oneliners.yaml, "
                                          "the held-out set)")
    evaluate.add_argument("--min-reports", type=float, default=0.97,
                          help="the least share of reports read right (default 0.97)")
    evaluate.add_argument("--verbose", "-v", action="store_true",
                          help="list every case, not only the misses")
    evaluate.set_defaults(func=_eval)
