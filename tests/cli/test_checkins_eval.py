"""`strategibot checkins eval`: per-expect accuracy, the misses with what was read, and exit 1
below --min-reports or when any not-report would be saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategibot.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["checkins", "eval", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_held_out_set_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys)
    assert code == 0, out
    for expect in ("report", "bad-value", "progress", "not-report"):
        assert f"  {expect} " in out
    assert "not-reports read as a report: 0" in out
    assert "time per line:" in out


def test_a_saved_non_report_fails_whatever_the_accuracy(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - {text: \"sygefravær 12,8\", lang: da, expect: not-report}\n"
        "  - {text: \"RK færdig\", lang: da, expect: report, goal: relational-coordination,"
        " value: {status: done}}\n", encoding="utf-8")
    code, out = _run(capsys, "--cases", str(cases))
    assert code == 1
    assert "not-reports read as a report: 1" in out
    assert "'sygefravær 12,8'" in out
    assert "read:     report sick-leave {days: 12.8}" in out


def test_below_the_least_share_of_reports_fails(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - {text: \"sygefravær 12,8\", lang: da, expect: report, goal: sick-leave,"
        " value: {days: 9.9}}\n", encoding="utf-8")
    code, out = _run(capsys, "--cases", str(cases), "--min-reports", "0.5", "--verbose")
    assert code == 1
    assert "MISS" in out
    assert "below 50.0 %" in out
