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
                return f"knowledge/{STRATEGY}/entries/{path.name}"
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


@pytest.fixture
def dialogs_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "dialogs"
    shutil.copytree(data_dir("dialogs"), folder)
    monkeypatch.setenv("STRATEGIBOT_DIALOGS_DIR", str(folder))
    return folder


def test_a_broken_dialogs_file_names_file_entry_and_field(
    dialogs_copy: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = dialogs_copy / "checkin.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        max_length: 120\n", "        max_length: many\n", 1)
    path.write_text(text, encoding="utf-8")
    progress = dialogs_copy / "progress.yaml"
    progress.write_text(progress.read_text(encoding="utf-8").replace(
        "  behind: {da: Bagud, en: Behind}", "  behind: {da: Bagud}"), encoding="utf-8")
    code, output = _check(capsys)
    assert code == 1
    assert "dialogs/checkin.yaml: entry 'goals.citizen-involvement': field " \
           "'fields.0.max_length': Input should be a valid integer" in output
    assert "dialogs/progress.yaml: entry 'progress.status.behind': field 'en': " \
           "missing translation 'en'" in output


def test_a_file_of_no_known_kind_is_a_problem(dialogs_copy: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (dialogs_copy / "extra.yaml").write_text("hello: world\n", encoding="utf-8")
    code, output = _check(capsys)
    assert code == 1
    assert "dialogs/extra.yaml: is not a known kind of data file" in output


def test_a_metric_field_the_checkin_does_not_have(kb_copy: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    goals = yaml.safe_load((kb_copy / "goals.yaml").read_text(encoding="utf-8"))
    by_id = {goal["id"]: goal for goal in goals["goals"]}
    by_id["sick-leave"]["metric"]["value"] = "dayz"
    by_id["recruitment-toolbox"]["metric"]["hit"] = "recruited_at"
    by_id["relational-coordination"]["metric"]["done"] = {"status": "finished"}
    (kb_copy / "goals.yaml").write_text(yaml.safe_dump(goals, allow_unicode=True))
    code, output = _check(capsys)
    assert code == 1
    assert (f"knowledge/{STRATEGY}/goals.yaml: entry 'sick-leave': field 'metric.value': "
            "'dayz' is not a field of the goal's check-in (days)") in output
    assert (f"knowledge/{STRATEGY}/goals.yaml: entry 'recruitment-toolbox': field "
            "'metric.hit': 'recruited_at' is not a field") in output
    assert ("entry 'relational-coordination': field 'metric.done.status': 'finished' is not "
            "a choice of 'status'") in output


def test_a_metric_reading_a_field_of_the_wrong_type(kb_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    goals = yaml.safe_load((kb_copy / "goals.yaml").read_text(encoding="utf-8"))
    by_id = {goal["id"]: goal for goal in goals["goals"]}
    by_id["sick-leave"]["metric"]["weight"] = "days"  # fine: a number
    by_id["citizen-involvement"]["metric"]["tried"] = "form"  # a text, not yes/no
    (kb_copy / "goals.yaml").write_text(yaml.safe_dump(goals, allow_unicode=True))
    code, output = _check(capsys)
    assert code == 1
    assert "entry 'citizen-involvement': field 'metric.tried': 'form' is a text field; " \
           "the metric needs boolean" in output
    assert "sick-leave" not in output


def test_the_json_schemas_describe_every_shipped_file(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import jsonschema

    from strategibot.services.datafiles import KINDS

    assert main(["kb", "schema", "--out", str(tmp_path / "schemas")]) == 0
    written = capsys.readouterr().out.split()
    assert len(written) == len(KINDS) + 1
    mapping = json.loads((tmp_path / "schemas" / "yaml.schemas.json").read_text())["yaml.schemas"]
    checked = 0
    for schema_path, patterns in mapping.items():
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for pattern in patterns:
            name, _, glob = pattern.partition("/")
            for data_file in sorted(data_dir(name).glob(glob)):  # type: ignore[arg-type]
                data = json.loads(json.dumps(  # dates as an editor sees them: text
                    yaml.safe_load(data_file.read_text(encoding="utf-8")), default=str))
                errors = [e.message for e in validator.iter_errors(data)]
                assert errors == [], f"{data_file}: {errors[:3]}"
                checked += 1
    assert checked >= 20
    # and a broken file is refused by the same schema
    goals = json.loads((tmp_path / "schemas" / "goals.schema.json").read_text())
    broken = {"goals": [{"id": "x", "metric": {"kind": "weighted-mean", "value": "days"}}]}
    assert list(jsonschema.Draft202012Validator(goals).iter_errors(broken))
