"""`strategibot ask` as a user runs it: a real process, from another directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _run(args: list[str], cwd: Path, stdin: str | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "strategibot", *args], cwd=cwd, input=stdin, text=True,
        capture_output=True, timeout=60, env={**os.environ, **(env or {})}, check=False,
    )


def test_ask_prints_the_answer_with_its_source(tmp_path: Path) -> None:
    done = _run(["ask", "hvad er kerneopgaven?"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Sammen med borgere og virksomheder" in done.stdout
    assert "Kilde: Koncernstrategi 2019, s. 7" in done.stdout


def test_ask_answers_english_in_english(tmp_path: Path) -> None:
    done = _run(["ask", "what is the core task?"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Source: Corporate Strategy 2019, p. 7" in done.stdout


def test_ask_dash_reads_lines_and_writes_json_lines(tmp_path: Path) -> None:
    questions = "hvad er kerneopgaven\n\nwhat does RC mean?\nhvem vinder superligaen?\n"
    done = _run(["ask", "-"], tmp_path, stdin=questions)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["question"] for row in rows] == [
        "hvad er kerneopgaven", "what does RC mean?", "hvem vinder superligaen?"]
    assert set(rows[0]) == {"question", "language", "outcome", "answer", "entry_id", "score",
                            "kind", "pages"}
    assert (rows[0]["kind"], rows[0]["pages"]) == ("entry", [7])
    assert (rows[0]["language"], rows[0]["outcome"], rows[0]["entry_id"]) == (
        "da", "answer", "core-task")
    assert (rows[1]["language"], rows[1]["entry_id"]) == ("en", "relational-coordination")
    assert (rows[2]["outcome"], rows[2]["entry_id"]) == ("unknown", None)
    assert 0.0 <= rows[2]["score"] < rows[0]["score"] <= 1.0


def test_invalid_setting_is_a_clear_error(tmp_path: Path) -> None:
    done = _run(["ask", "hej"], tmp_path, env={"STRATEGIBOT_LANGUAGE": "fr"})
    assert done.returncode == 2
    assert "invalid setting: STRATEGIBOT_LANGUAGE='fr'" in done.stderr
    assert "Traceback" not in done.stderr


def test_ask_quotes_the_document_and_says_what_it_lacks(tmp_path: Path) -> None:
    questions = "hvem har ansvar for feedbackkulturen\nhvornår åbner forskerparken\n"
    done = _run(["ask", "-"], tmp_path, stdin=questions)
    assert done.returncode == 0, done.stderr
    quote, partial = (json.loads(line) for line in done.stdout.splitlines())
    assert (quote["outcome"], quote["kind"], quote["pages"]) == ("answer", "passage", [6])
    assert quote["answer"].startswith("Strategien skriver (s. 6): „Alle har et ansvar")
    assert (partial["outcome"], partial["kind"]) == ("unknown", "partial")
    assert partial["answer"].startswith("Strategien nævner ikke, hvornår det sker. Den nævner")


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """`strategibot ask - | head -1`: the pipe closes after the first line; the command
    stops quietly (it used to say "database error: unreachable (Broken pipe)")."""
    questions = "".join(f"hvad er kerneopgaven {n}?\n" for n in range(400))
    process = subprocess.Popen(
        [sys.executable, "-m", "strategibot", "ask", "-"], cwd=tmp_path, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdin.write(questions)
    process.stdin.close()
    assert json.loads(process.stdout.readline())["entry_id"] == "core-task"
    process.stdout.close()  # as `head -1` does
    assert process.wait(timeout=60) == 0
    errors = process.stderr.read()
    process.stderr.close()
    assert errors == ""
