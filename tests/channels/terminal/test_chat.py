"""`strategibot chat`: the same bot in a terminal, as a newcomer would try it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _chat(lines: str, tmp_path: Path, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"}
    done = subprocess.run([sys.executable, "-m", "strategibot", "chat", *args], input=lines,
                          text=True, capture_output=True, timeout=60, cwd=tmp_path, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_chat_welcomes_answers_and_clicks_a_numbered_button(tmp_path: Path) -> None:
    out = _chat("hvad er kerneopgaven?\n1\nexit\n", tmp_path)
    assert "Hej! Jeg er strategibot" in out  # the welcome, in Danish by default
    assert "Spørg om strategien" in out  # the whole bot: questions, progress, …
    assert "Kilde: Koncernstrategi 2019, s. 7" in out
    assert "> Hvad handler tema 1 om?" in out  # "1" clicked the first follow-up
    assert "TEMA 1: VI SAMARBEJDER OM KERNEOPGAVEN" in out


def test_chat_in_english(tmp_path: Path) -> None:
    out = _chat("RC?\n", tmp_path, "--lang", "en")
    assert "Hi! I'm strategibot" in out
    assert "RELATIONAL COORDINATION" in out


def test_chat_logs_what_it_could_not_answer(tmp_path: Path) -> None:
    _chat("opskrift på lasagne\n", tmp_path)
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"}
    done = subprocess.run([sys.executable, "-m", "strategibot", "kb", "unanswered"],
                          text=True, capture_output=True, timeout=60, env=env, check=True)
    assert '"question": "opskrift på lasagne"' in done.stdout
    assert '"channel": "terminal"' in done.stdout
