"""The data files are the contract: every file in ``knowledge/`` and ``dialogs/`` has a kind,
and every kind a typed schema (pydantic).

:func:`check_files` validates every YAML file of both folders against its kind's schema and
names the file, entry and field of each problem (a file of no known kind is a problem too);
:func:`write_schemas` writes each kind's JSON Schema, so that the strategy office can edit the
YAML with completion and validation in its editor (see ``knowledge/README.md``).
:func:`~strategibot.services.content.load_content` then checks what a schema cannot: ids that
refer to each other, the fields a goal's metric reads, translations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, RootModel, ValidationError

from strategibot.core.i18n import (
    CommandsFile,
    FormatsFile,
    ScheduleFile,
    TextsFile,
    TextTree,
    json_schema,
    read_yaml_file,
    text_tree_problems,
    validation_problems,
)
from strategibot.core.resources import data_dir
from strategibot.domain.checkins.flows import FlowsFile
from strategibot.domain.checkins.oneliners import OnelinersFile
from strategibot.domain.evalsets import DocumentQuestionsFile, EvalSetModel, OnelinerCasesFile
from strategibot.domain.knowledge.schema import (
    DeadlinesFileModel,
    EntryModel,
    GoalsFileModel,
    OrganisationFile,
    PassagesFileModel,
    PhrasingsFile,
    StrategyModel,
    SynonymsFile,
)
from strategibot.domain.progress.forms import FormsFile
from strategibot.errors import Problem
from strategibot.services.example import ExampleCheckinsFile
from strategibot.settings import Settings

__all__ = ["KINDS", "FileKind", "check_files", "kind_of", "write_schemas"]


class EntriesFile(RootModel[list[EntryModel]]):
    """``entries/*.yaml``: a list of question-and-answer entries."""


@dataclass(frozen=True, slots=True)
class FileKind:
    """A kind of data file: where such files are and their schema."""

    name: str
    folder: Literal["knowledge", "dialogs"]
    patterns: tuple[str, ...]
    """globs relative to the folder (``*`` is a strategy folder)"""
    model: type[BaseModel]
    description: str


KINDS: tuple[FileKind, ...] = (
    FileKind("strategy", "knowledge", ("*/strategy.yaml",), StrategyModel,
             "a strategy's metadata: title, document, pages, topics, themes"),
    FileKind("goals", "knowledge", ("*/goals.yaml",), GoalsFileModel,
             "the shared goals and how each is measured"),
    FileKind("deadlines", "knowledge", ("*/deadlines.yaml",), DeadlinesFileModel,
             "the strategy's dated milestones"),
    FileKind("entries", "knowledge", ("*/entries/*.yaml",), EntriesFile,
             "question-and-answer entries"),
    FileKind("passages", "knowledge", ("*/passages/*.yaml",), PassagesFileModel,
             "the document's own text, passage by passage, with pages"),
    FileKind("phrasings", "knowledge", ("*/phrasings.yaml",), PhrasingsFile,
             "more alternative questions per entry"),
    FileKind("eval-questions", "knowledge", ("*/eval/questions.yaml", "*/eval/dev.yaml"),
             EvalSetModel, "question sets and the entry each should get"),
    FileKind("eval-document", "knowledge", ("*/eval/document.yaml", "*/eval/document-dev*.yaml"),
             DocumentQuestionsFile,
             "the held-out set written from the document"),
    FileKind("forms", "knowledge", ("*/forms.yaml",), FormsFile,
             "names of citizen-involvement forms that are one form"),
    FileKind("synonyms", "knowledge", ("synonyms.yaml",), SynonymsFile,
             "words and phrases that mean the same"),
    FileKind("organisation", "knowledge", ("organisation.example.yaml",), OrganisationFile,
             "an organisation: centres, units, leaders, FTE"),
    FileKind("example-checkins", "knowledge", ("checkins.example.yaml",), ExampleCheckinsFile,
             "the example organisation's check-ins during 2019 (make run)"),
    FileKind("texts", "dialogs", ("texts.yaml",), TextsFile,
             "the bot's own texts and small-talk phrases"),
    FileKind("progress", "dialogs", ("progress.yaml",), TextTree,
             "how progress, digests and subscriptions are told"),
    FileKind("dashboard", "dialogs", ("dashboard.yaml",), TextTree,
             "the progress page and the exports"),
    FileKind("help", "dialogs", ("help.yaml",), TextTree,
             "what \"hjælp\" and the welcome say, and the whole-strategy overview"),
    FileKind("checkin", "dialogs", ("checkin.yaml",), FlowsFile,
             "the check-in flow of each goal"),
    FileKind("commands", "dialogs", ("commands.yaml",), CommandsFile,
             "command words and progress phrases"),
    FileKind("formats", "dialogs", ("formats.yaml",), FormatsFile,
             "month and weekday names, date, number and list patterns"),
    FileKind("schedule", "dialogs", ("schedule.yaml",), ScheduleFile,
             "the words and texts of digest schedules"),
    FileKind("oneliners", "dialogs", ("oneliners.yaml",), OnelinersFile,
             "the words of natural one-line check-ins and progress questions"),
    FileKind("eval-oneliners", "dialogs", ("eval/oneliners.yaml", "eval/oneliners-dev.yaml"),
             OnelinerCasesFile,
             "one-line check-ins and progress questions, and what they mean"),
)


def kind_of(path: Path, folder: Path, name: str) -> FileKind | None:
    """The kind of the file ``path`` in ``folder`` (the ``name``d data folder)."""
    relative = path.relative_to(folder)
    for kind in KINDS:
        if kind.folder == name and any(relative.match(p) and len(relative.parts) == len(
                Path(p).parts) for p in kind.patterns):
            return kind
    return None


def check_files(settings: Settings) -> list[Problem]:
    """Schema problems of every YAML file in ``knowledge/`` and ``dialogs/``."""
    problems: list[Problem] = []
    for name, override in (("knowledge", settings.knowledge_dir),
                           ("dialogs", settings.dialogs_dir)):
        folder = data_dir(name, override)  # type: ignore[arg-type]
        for path in sorted(folder.rglob("*.yaml")):
            file = f"{name}/{path.relative_to(folder)}"
            kind = kind_of(path, folder, name)
            if kind is None:
                problems.append(Problem(file, None, None, "is not a known kind of data file"))
                continue
            data = read_yaml_file(path, problems, file)
            if data is None:
                continue
            if kind.model is TextTree:  # named by key and language, as the catalogue loads it
                problems.extend(text_tree_problems(data, file, f"{kind.name}.", {}))
                continue
            try:
                kind.model.model_validate(data)
            except ValidationError as exc:
                problems.extend(validation_problems(exc, file, data))
    return problems


def write_schemas(out: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` per kind into ``out``, and ``yaml.schemas.json``: which
    files each schema is for, in the form an editor's YAML support takes."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    mapping: dict[str, list[str]] = {}
    for kind in KINDS:
        schema = json_schema(kind.model)
        schema["title"] = f"strategibot {kind.folder}: {kind.description}"
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        path = out / f"{kind.name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
        mapping[str(path.resolve())] = [f"{kind.folder}/{p}" for p in kind.patterns]
    index = out / "yaml.schemas.json"
    index.write_text(json.dumps({"yaml.schemas": mapping}, indent=2) + "\n", encoding="utf-8")
    written.append(index)
    return written
