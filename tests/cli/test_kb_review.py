"""The review loop at a terminal (issue 14, part 3), as an admin runs it — real processes, from
another directory, on a SQLite file: ``kb review`` lists the unanswered questions grouped;
``kb attach`` makes one a phrasing and ``ask`` answers it with the entry at once (the overlay
from the database); ``kb out-of-scope`` and ``kb undo``; ``kb export-phrasings`` writes
``phrasings.yaml`` that ``kb check`` accepts, and from which ``ask`` answers the question with
no database at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from strategibot.core.resources import data_dir

STRATEGY = "koncernstrategi-2019"
CANTEEN = "hvad er kantinens åbningstider?"
FOOTBALL = "hvem vinder champions league?"


def _run(args: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "strategibot", *args], cwd=cwd, input=stdin,
                          text=True, capture_output=True, timeout=120,
                          env={**os.environ, **env}, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A copy of the knowledge base and a SQLite file of its own."""
    root = tmp_path / "knowledge"
    shutil.copytree(data_dir("knowledge") / STRATEGY, root / STRATEGY)
    shutil.copy(data_dir("knowledge") / "synonyms.yaml", root / "synonyms.yaml")
    return {"STRATEGIBOT_KNOWLEDGE_DIR": str(root),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"}


def _answer(question: str, cwd: Path, env: dict[str, str]) -> dict[str, object]:
    done = _run(["ask", "-"], cwd, env, stdin=question + "\n")
    assert done.returncode == 0, done.stderr
    row: dict[str, object] = json.loads(done.stdout)
    return row


def test_review_attach_ask_export_check(tmp_path: Path, env: dict[str, str]) -> None:
    asked = f"{CANTEEN}\nHvad er kantinens åbningstider\n{FOOTBALL}\nhvem vandt champions leauge\n"
    done = _run(["ask", "-", "--record"], tmp_path, env, stdin=asked)
    assert done.returncode == 0, done.stderr
    assert _answer(CANTEEN, tmp_path, env)["outcome"] == "unknown"

    done = _run(["kb", "review"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "4 question(s) in 2 group(s) wait for a decision, the most asked first:"
    assert any(line.startswith('1. "') and "asked 2 times (da)" in line for line in lines)
    football = next(line for line in lines if "key" in line and "champions league" in line)

    done = _run(["kb", "attach", CANTEEN, "core-task", "--by", "admin@ltk.example"],
                tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f'decision 1: "{CANTEEN}" (da) is a phrasing of core-task',
        "  now answered with core-task"]
    row = _answer(CANTEEN, tmp_path, env)  # the overlay, read from the database
    assert (row["outcome"], row["entry_id"]) == ("answer", "core-task")

    key = football.split()[1]
    done = _run(["kb", "out-of-scope", "--key", key], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f'decision 2: "{FOOTBALL}" is out of scope\n'
    done = _run(["kb", "review", "--decisions"], tmp_path, env)
    assert "1 question(s) in 1 group(s)" in done.stdout  # the typo's wording is left
    assert "phrasing of core-task (da; admin@ltk.example," in done.stdout
    assert "→ out of scope (da; cli," in done.stdout

    target = Path(env["STRATEGIBOT_KNOWLEDGE_DIR"]) / STRATEGY / "phrasings.yaml"
    before = target.read_text(encoding="utf-8")
    done = _run(["kb", "export-phrasings"], tmp_path, env)  # to standard output
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == before  # nothing written
    assert done.stdout.startswith(before.split("phrasings:")[0])  # the header kept
    done = _run(["kb", "export-phrasings", "--out", str(target)], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert "1 phrasing(s) added to" in done.stderr
    after = target.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [f"      - {CANTEEN}"]  # one line more, nothing else changed
    assert yaml.safe_load(after)["phrasings"]["core-task"]["da"][-1] == CANTEEN
    done = _run(["kb", "check"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("kb check: OK")
    # exported again: nothing more to add
    done = _run(["kb", "export-phrasings", "--out", str(target)], tmp_path, env)
    assert "0 phrasing(s) added" in done.stderr
    assert target.read_text(encoding="utf-8") == after
    # from knowledge/ alone, no database: the question is one of the entry's now
    alone = {**env, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'none.db'}"}
    row = _answer(CANTEEN, tmp_path, alone)
    assert (row["outcome"], row["entry_id"]) == ("answer", "core-task")
    assert not (tmp_path / "none.db").exists()  # ask makes no database

    done = _run(["kb", "undo", "1"], tmp_path, env)
    assert done.stdout == f'undone: "{CANTEEN}" is no longer a phrasing of core-task\n'


def test_a_refused_decision_says_why_in_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    for args, message in (
            (["kb", "attach", CANTEEN, "no-such-entry"], "There is no entry “no-such-entry”."),
            (["kb", "attach", "hvad betyder RK", "core-task"],
             "is already a question, title or keyword of entry “relational-coordination”"),
            (["kb", "attach", "skriv til ole@ltk.example", "core-task"],
             "seems to hold personal data"),
            (["kb", "out-of-scope", "--key", "0123456789"], "no longer in the log"),
            (["kb", "undo", "7"], "There is no decision 7.")):
        done = _run(args, tmp_path, env)
        assert done.returncode == 1, (args, done.stdout)
        assert message in done.stderr, (args, done.stderr)
    done = _run(["kb", "out-of-scope"], tmp_path, env)
    assert done.returncode == 2
    assert "name the questions, or their keys" in done.stderr


def test_a_running_chat_takes_a_phrasing_attached_elsewhere(tmp_path: Path,
                                                           env: dict[str, str]) -> None:
    """A phrasing attached with ``kb attach`` while ``strategibot chat`` runs on the same
    database: the chat answered it "Det ved jeg desværre ikke" until it was restarted (it read
    the overlay at start only; a server's replicas check it every 5 s)."""
    import time

    done = _run(["ask", "-", "--record"], tmp_path, env, stdin=f"{CANTEEN}\n")
    assert done.returncode == 0, done.stderr
    chat = subprocess.Popen([sys.executable, "-m", "strategibot", "chat"], cwd=tmp_path,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
    assert chat.stdin is not None
    chat.stdin.write(f"{CANTEEN}\n")
    chat.stdin.flush()
    time.sleep(2)  # (it loads and answers; the attach comes after)
    done = _run(["kb", "attach", CANTEEN, "core-task", "--by", "admin@ltk.example"],
                tmp_path, env)
    assert done.returncode == 0, done.stderr
    time.sleep(7)  # the overlay is checked every 5 s
    chat.stdin.write(f"{CANTEEN}\n")
    chat.stdin.flush()
    out, err = chat.communicate(timeout=60)
    assert "Traceback" not in err, err
    answers = out.split("dig>")
    assert "Det ved jeg desværre ikke" in answers[-3], out
    assert "Det ved jeg desværre ikke" not in answers[-2], out
    assert "KERNEOPGAVEN" in answers[-2], out
