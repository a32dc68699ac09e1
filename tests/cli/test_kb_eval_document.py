"""`strategibot kb eval --document`: the sets written from the document, reported apart from
the curated entries' set, with gates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from strategibot.services.content import knowledge_folder
from strategibot.settings import Settings

DEV = knowledge_folder(Settings()) / "eval" / "document-dev.yaml"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "strategibot", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120, env=dict(os.environ), check=False)


def test_the_document_set_is_reported_by_content(tmp_path: Path) -> None:
    done = _run(["kb", "eval", "--document"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "document.yaml" in done.stdout
    for line in ("right content:", "near misses honest:", "out of scope refused:"):
        assert line in done.stdout


def test_gates_fail_the_run_below_them(tmp_path: Path) -> None:
    done = _run(["kb", "eval", "--document", "--file", str(DEV), "--json",
                 "--min-right", "0.99"], tmp_path)
    assert done.returncode == 1
    figures = json.loads(done.stdout)
    assert figures["questions"] >= 250
    assert 0.0 < figures["right_content"] < 0.99
    passed = _run(["kb", "eval", "--document", "--file", str(DEV), "--min-right", "0.5",
                   "--min-honest", "0.5", "--min-refusal", "0.5"], tmp_path)
    assert passed.returncode == 0, passed.stdout
