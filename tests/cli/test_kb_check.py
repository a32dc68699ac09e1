"""`strategibot kb check` names file, entry and field for every kind of broken knowledge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from strategibot.cli import main
from strategibot.core.resources import data_dir

STRATEGY = "koncernstrategi-2019"


@pytest.fixture
def kb_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(data_dir("knowledge") / STRATEGY, root / STRATEGY)
    monkeypatch.setenv("STRATEGIBOT_KNOWLEDGE_DIR", str(root))
    return root / STRATEGY


def _edit(folder: Path, entry_id: str, change) -> str:  # type: ignore[no-untyped-def]
    for path in sorted((folder / "entries").glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in entries:
            if entry["id"] == entry_id:
                change(entries, entry)
                path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
                return f"{STRATEGY}/entries/{path.name}"
    raise AssertionError(f"no entry {entry_id}")


def _check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["kb", "check"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_shipped_knowledge_base_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _check(capsys)
    assert code == 0, output
    assert "OK" in output


def test_missing_translation(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _edit(kb_copy, "core-task", lambda _all, e: e["answer"].pop("en"))
    code, output = _check(capsys)
    assert code == 1
    assert f"{file}: entry 'core-task': field 'answer.en': missing translation 'en'" in output


def test_dangling_related_id(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _edit(kb_copy, "core-task", lambda _all, e: e["related"].append("no-such-entry"))
    code, output = _check(capsys)
    assert code == 1
    assert f"{file}: entry 'core-task': field 'related': unknown entry id 'no-such-entry'" in output


def test_duplicate_id(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def duplicate(entries: list[dict], entry: dict) -> None:  # type: ignore[type-arg]
        twin = dict(entry)
        twin["questions"] = {"da": ["a1 a", "a2 a", "a3 a"], "en": ["b1 b", "b2 b", "b3 b"]}
        entries.append(twin)

    file = _edit(kb_copy, "core-task", duplicate)
    code, output = _check(capsys)
    assert code == 1
    assert f"{file}: entry 'core-task': field 'id': duplicate id" in output


def test_question_shared_by_two_entries(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _edit(kb_copy, "contact",
                 lambda _all, e: e["questions"]["da"].append("HVAD er kerneopgaven??"))
    code, output = _check(capsys)
    assert code == 1
    assert f"{file}: entry " in output
    assert "field 'questions.da'" in output
    assert "is also a question of entry" in output


def test_broken_yaml_names_the_line(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (kb_copy / "entries" / "zz-broken.yaml").write_text("- id: x\n  title: [unclosed\n")
    code, output = _check(capsys)
    assert code == 1
    assert f"{STRATEGY}/entries/zz-broken.yaml: is not valid YAML at line" in output


def test_goal_pointing_at_unknown_entry(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    goals = yaml.safe_load((kb_copy / "goals.yaml").read_text(encoding="utf-8"))
    goals["goals"][0]["entry"] = "nowhere"
    (kb_copy / "goals.yaml").write_text(yaml.safe_dump(goals, allow_unicode=True))
    code, output = _check(capsys)
    assert code == 1
    assert f"{STRATEGY}/goals.yaml: entry '{goals['goals'][0]['id']}': field 'entry'" in output


def test_every_problem_is_listed_at_once(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(kb_copy, "core-task", lambda _all, e: e["title"].pop("da"))
    _edit(kb_copy, "contact", lambda _all, e: e["related"].append("gone"))
    code, output = _check(capsys)
    assert code == 1
    assert "2 problem(s)" in output
