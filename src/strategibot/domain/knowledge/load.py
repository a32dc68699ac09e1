"""Loads and validates a strategy's knowledge folder into a :class:`KnowledgeBase`.

Every problem is reported with its file, entry and field, all at once, so that
``strategibot kb check`` can list them; a knowledge base with problems never loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from strategibot.core.yamlfiles import load_yaml
from strategibot.domain.evalsets import DocumentQuestionsFile, EvalSetModel
from strategibot.domain.knowledge.schema import (
    DeadlineModel,
    DeadlinesFileModel,
    EntryModel,
    GoalModel,
    GoalsFileModel,
    PassagesFileModel,
    StrategyModel,
)
from strategibot.domain.normalise import fold_text
from strategibot.errors import KnowledgeFileInvalid, Problem

__all__ = [
    "Entry",
    "Goal",
    "KnowledgeBase",
    "Passage",
    "load_document_set",
    "load_eval_set",
    "load_knowledge",
    "load_synonyms",
]


@dataclass(frozen=True, slots=True)
class Entry:
    """A validated entry; per-language fields are dicts keyed "da" and "en"."""

    id: str
    title: Mapping[str, str]
    answer: Mapping[str, str]
    questions: Mapping[str, tuple[str, ...]]
    keywords: Mapping[str, tuple[str, ...]]
    source_pages: tuple[int, ...]
    related: tuple[str, ...]
    file: str
    members: tuple[str, ...] = ()


Goal = GoalModel


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage of the document itself (``passages/*.yaml``): its text, page(s), the heading
    of its section and the curated entry that explains it, if any."""

    id: str
    """``<section id>/<number>``, e.g. ``theme-2/4``"""
    text: str
    pages: tuple[int, ...]
    section: Mapping[str, str]
    """the section's heading, keyed "da" and "en" (the text itself is the document's)"""
    entry: str | None
    file: str
    gloss: str = ""
    """an English translation of ``text``, for matching English questions only"""


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """One strategy's knowledge: metadata, entries by id, goals."""

    folder: Path
    strategy: StrategyModel
    entries: Mapping[str, Entry]
    goals: tuple[Goal, ...]
    deadlines: tuple[DeadlineModel, ...] = ()
    passages: tuple[Passage, ...] = ()
    """the document's own text, in reading order (empty if the strategy has none)"""

    def entry(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def goal(self, goal_id: str) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(goal_id)


def _rel(path: Path, root: Path) -> str:
    """``path`` as problems name it: ``knowledge/<strategy>/…`` for a strategy folder
    ``root``."""
    try:
        return f"knowledge/{path.relative_to(root.parent)}"
    except ValueError:
        return str(path)


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(_rel(path, root), None, None, f"cannot be read: {exc}"))
        return None
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problems.append(Problem(_rel(path, root), None, None, f"is not valid YAML{where}"))
        return None


def _validation_problems(
    exc: ValidationError, file: str, entry: str | None, prefix: str = ""
) -> Iterable[Problem]:
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        field = prefix + ".".join(loc) if loc else (prefix.rstrip(".") or None)
        if error["type"] == "missing" and loc and loc[-1] in {"da", "en"}:
            message = f"missing translation '{loc[-1]}'"
        elif error["type"] == "missing":
            message = "missing"
        elif error["type"] == "extra_forbidden":
            message = "unknown field"
        else:
            message = str(error["msg"])
        yield Problem(file, entry, field or None, message)


def _validate(model: type[BaseModel], data: Any, file: str, entry: str | None,
              problems: list[Problem], prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, file, entry, prefix))
        return None


def _load_entries(
    root: Path, problems: list[Problem], ids: set[str]
) -> list[tuple[EntryModel, str]]:
    """Valid entries; ``ids`` gets every id seen, also of invalid entries."""
    folder = root / "entries"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        problems.append(Problem(_rel(folder, root), None, None, "no entry files (*.yaml)"))
    loaded: list[tuple[EntryModel, str]] = []
    for path in files:
        file = _rel(path, root)
        data = _read_yaml(path, root, problems)
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(file, None, None, "must be a list of entries"))
            continue
        for index, item in enumerate(data):
            name = item.get("id") if isinstance(item, dict) else None
            label = str(name) if isinstance(name, str) and name else f"#{index + 1}"
            if isinstance(name, str):
                ids.add(name)
            if not isinstance(item, dict):
                problems.append(Problem(file, label, None, "an entry must be a mapping"))
                continue
            model = _validate(EntryModel, item, file, label, problems)
            if model is not None:
                loaded.append((model, file))
    return loaded


def _load_phrasings(
    root: Path, ids: set[str], problems: list[Problem]
) -> dict[str, dict[str, list[str]]]:
    """phrasings.yaml: more alternative questions per entry, collected from real use."""
    path = root / "phrasings.yaml"
    if not path.is_file():
        return {}
    file = _rel(path, root)
    data = _read_yaml(path, root, problems)
    table = data.get("phrasings") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        if data is not None:
            problems.append(Problem(file, None, "phrasings", "must map entry ids to da/en lists"))
        return {}
    result: dict[str, dict[str, list[str]]] = {}
    for entry_id, by_lang in table.items():
        if entry_id not in ids:
            problems.append(Problem(file, str(entry_id), None, "unknown entry id"))
            continue
        if not isinstance(by_lang, dict) or set(by_lang) - {"da", "en"}:
            problems.append(Problem(file, str(entry_id), None, "must have da and/or en lists"))
            continue
        for lang, items in by_lang.items():
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip()
                                                      for i in items):
                problems.append(Problem(file, str(entry_id), lang, "must be a list of texts"))
                continue
            result.setdefault(entry_id, {}).setdefault(lang, []).extend(items)
    return result


def _cross_check(
    loaded: list[tuple[EntryModel, str]], ids: set[str], pages: int, problems: list[Problem],
    phrasings: dict[str, dict[str, list[str]]],
) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    seen_in: dict[str, str] = {}
    for model, file in loaded:
        if model.id in seen_in:
            problems.append(
                Problem(file, model.id, "id", f"duplicate id (also in {seen_in[model.id]})")
            )
            continue
        seen_in[model.id] = file
        entries[model.id] = Entry(
            id=model.id,
            title={"da": model.title.da, "en": model.title.en},
            answer={"da": model.answer.da, "en": model.answer.en},
            questions={
                lang: (*model.questions.get(lang), *phrasings.get(model.id, {}).get(lang, ()))
                for lang in ("da", "en")
            },
            keywords={"da": tuple(model.keywords.da), "en": tuple(model.keywords.en)},
            source_pages=tuple(model.source_pages),
            related=tuple(model.related),
            file=file,
            members=tuple(model.members),
        )
    owner: dict[str, str] = {}
    for entry in entries.values():
        for related in entry.related:
            if related == entry.id:
                problems.append(Problem(entry.file, entry.id, "related", "refers to itself"))
            elif related not in ids:
                problems.append(
                    Problem(entry.file, entry.id, "related", f"unknown entry id '{related}'")
                )
        for member in entry.members:
            if member == entry.id or member not in ids:
                problems.append(Problem(entry.file, entry.id, "members",
                                        f"not another entry's id: '{member}'"))
        for page in entry.source_pages:
            if not 1 <= page <= pages:
                problems.append(Problem(entry.file, entry.id, "source_pages",
                                        f"page {page} is not a page of the document (1–{pages})"))
        for lang in ("da", "en"):
            mine: set[str] = set()
            for question in entry.questions[lang]:
                key = fold_text(question)
                if key in mine:
                    continue
                mine.add(key)
                other = owner.setdefault(key, entry.id)
                if other != entry.id:
                    problems.append(Problem(
                        entry.file, entry.id, f"questions.{lang}",
                        f"question '{question}' is also a question of entry '{other}'",
                    ))
    return entries


def _load_passages(root: Path, ids: set[str], pages: int,
                   problems: list[Problem]) -> tuple[Passage, ...]:
    """``passages/*.yaml``: the document's text; every entry id and page must exist."""
    folder = root / "passages"
    loaded: list[Passage] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        file = _rel(path, root)
        data = _read_yaml(path, root, problems)
        if data is None:
            continue
        parsed = _validate(PassagesFileModel, data, file, None, problems)
        if parsed is None:
            continue
        for section in parsed.sections:
            if section.id in seen:
                problems.append(Problem(file, section.id, "id",
                                        f"duplicate section id (also in {seen[section.id]})"))
            seen[section.id] = file
            for number, item in enumerate(section.passages, start=1):
                entry = item.entry or section.entry
                where = f"passages.{number}"
                if entry is not None and entry not in ids:
                    problems.append(Problem(file, section.id, where + ".entry",
                                            f"unknown entry id '{entry}'"))
                for page in item.pages:
                    if not 1 <= page <= pages:
                        problems.append(Problem(
                            file, section.id, where + ".pages",
                            f"page {page} is not a page of the document (1–{pages})"))
                loaded.append(Passage(
                    id=f"{section.id}/{number}", text=" ".join(item.text.split()),
                    pages=tuple(item.pages),
                    section={"da": section.title.da, "en": section.title.en},
                    entry=entry, file=file, gloss=" ".join(item.en.split()),
                ))
    return tuple(loaded)


def load_knowledge(folder: Path) -> KnowledgeBase:
    """Load and validate ``folder`` (a strategy folder such as koncernstrategi-2019).

    Raises:
        KnowledgeFileInvalid: with every problem found.
    """
    problems: list[Problem] = []
    if not folder.is_dir():
        raise KnowledgeFileInvalid([Problem(str(folder), None, None, "is not a folder")])
    strategy_path = folder / "strategy.yaml"
    strategy: StrategyModel | None = None
    data = _read_yaml(strategy_path, folder, problems) if strategy_path.is_file() else None
    if not strategy_path.is_file():
        problems.append(Problem(_rel(strategy_path, folder), None, None, "is missing"))
    elif data is not None:
        strategy = _validate(StrategyModel, data, _rel(strategy_path, folder), None, problems)
    pages = strategy.pages if strategy else 10_000
    ids: set[str] = set()
    loaded = _load_entries(folder, problems, ids)
    phrasings = _load_phrasings(folder, ids, problems)
    entries = _cross_check(loaded, ids, pages, problems, phrasings)
    passages = _load_passages(folder, ids, pages, problems)

    goals: tuple[Goal, ...] = ()
    goals_path = folder / "goals.yaml"
    goals_file = _rel(goals_path, folder)
    if goals_path.is_file():
        data = _read_yaml(goals_path, folder, problems)
        if data is not None:
            parsed = _validate(GoalsFileModel, data, goals_file, None, problems)
            if parsed is not None:
                goals = tuple(parsed.goals)
    else:
        problems.append(Problem(goals_file, None, None, "is missing"))
    seen_goals: set[str] = set()
    for goal in goals:
        if goal.id in seen_goals:
            problems.append(Problem(goals_file, goal.id, "id", "duplicate goal id"))
        seen_goals.add(goal.id)
        if goal.entry not in ids:
            problems.append(Problem(goals_file, goal.id, "entry", f"unknown entry '{goal.entry}'"))
    if strategy is not None:
        for topic in strategy.topics:
            if topic.entry not in ids:
                problems.append(Problem(_rel(strategy_path, folder), None, "topics",
                                        f"unknown entry '{topic.entry}'"))
        numbers = [theme.number for theme in strategy.themes]
        for theme in strategy.themes:
            if theme.entry not in ids:
                problems.append(Problem(_rel(strategy_path, folder), f"theme {theme.number}",
                                        "entry", f"unknown entry '{theme.entry}'"))
            if numbers.count(theme.number) > 1:
                problems.append(Problem(_rel(strategy_path, folder), f"theme {theme.number}",
                                        "number", "the same theme number twice"))
    deadlines: tuple[DeadlineModel, ...] = ()
    deadlines_path = folder / "deadlines.yaml"
    if deadlines_path.is_file():
        data = _read_yaml(deadlines_path, folder, problems)
        parsed_deadlines = _validate(DeadlinesFileModel, data, _rel(deadlines_path, folder),
                                     None, problems) if data is not None else None
        if parsed_deadlines is not None:
            deadlines = tuple(sorted(parsed_deadlines.deadlines, key=lambda d: d.date))
            for deadline in deadlines:
                if deadline.entry not in ids:
                    problems.append(Problem(_rel(deadlines_path, folder), deadline.id, "entry",
                                            f"unknown entry '{deadline.entry}'"))
    if problems or strategy is None:
        raise KnowledgeFileInvalid(problems)
    return KnowledgeBase(folder=folder, strategy=strategy, entries=entries, goals=goals,
                         deadlines=deadlines, passages=passages)


def load_eval_set(path: Path, kb: KnowledgeBase) -> EvalSetModel:
    """Load an evaluation question set and check its expectations name real entries."""
    problems: list[Problem] = []
    data = _read_yaml(path, path.parent, problems)
    parsed = _validate(EvalSetModel, data, str(path), None, problems) if data is not None else None
    if parsed is not None:
        allowed = set(kb.entries) | {"unknown", "greeting", "help"}
        for number, question in enumerate(parsed.questions, start=1):
            if question.expect not in allowed:
                problems.append(Problem(str(path), f"#{number}", "expect",
                                        f"unknown entry '{question.expect}'"))
    if problems or not isinstance(parsed, EvalSetModel):
        raise KnowledgeFileInvalid(problems)
    return parsed


def load_document_set(path: Path) -> DocumentQuestionsFile:
    """Load a question set written from the document (``eval/document.yaml``)."""
    problems: list[Problem] = []
    data = _read_yaml(path, path.parent, problems)
    parsed = _validate(DocumentQuestionsFile, data, str(path), None, problems) \
        if data is not None else None
    if problems or not isinstance(parsed, DocumentQuestionsFile):
        raise KnowledgeFileInvalid(problems)
    return parsed


def load_synonyms(path: Path) -> tuple[tuple[str, ...], ...]:
    """Synonym groups from ``synonyms.yaml`` (none if the file is absent).

    Raises:
        KnowledgeFileInvalid: a group is not a list of texts, or a phrase is in two groups.
    """
    if not path.is_file():
        return ()
    problems: list[Problem] = []
    data = _read_yaml(path, path.parent, problems)
    groups = data.get("groups") if isinstance(data, dict) else None
    if not problems and not isinstance(groups, list):
        problems.append(Problem(f"knowledge/{path.name}", None, "groups",
                                "must be a list of lists"))
    result: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}
    for number, group in enumerate(groups or [], start=1):
        if not isinstance(group, list) or not all(isinstance(p, str) and p for p in group):
            problems.append(Problem(f"knowledge/{path.name}", f"group {number}", None,
                                    "must be a list of words or phrases"))
            continue
        for phrase in group:
            key = fold_text(phrase)
            if owner.setdefault(key, number) != number:
                problems.append(Problem(f"knowledge/{path.name}", f"group {number}", None,
                                        f"'{phrase}' is also in group {owner[key]}"))
        result.append(tuple(group))
    if problems:
        raise KnowledgeFileInvalid(problems)
    return tuple(result)
