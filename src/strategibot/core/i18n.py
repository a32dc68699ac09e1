"""The one text catalogue: every word the bot shows or listens for, in Danish and English.

Texts live in ``dialogs/`` as data and are loaded once into an :class:`I18n`:

============================  ================================================================
key prefix                    file and section
============================  ================================================================
``bot.``                      ``texts.yaml`` ``texts`` (intro, help, unknown, errors …)
``progress.``                 ``progress.yaml`` (live progress, digests, subscriptions)
``checkin.`` / ``reason.``    ``checkin.yaml`` ``texts`` / ``reasons`` (the check-in flow)
``schedule.``                 ``schedule.yaml`` ``texts`` (digest schedules)
``format.``                   ``formats.yaml`` ``texts`` (date, number and list patterns)
============================  ================================================================

Every text has a Danish and an English version with the same ``{placeholders}``; a file that
breaks this is refused at load with the file, key and language of each problem. Besides texts,
the catalogue holds the command words (``commands.yaml``: :meth:`I18n.command` gives the word
a button sends, e.g. "indrapporter"/"check in") and formats numbers ("12,8"), dates
("15. januar 2019") and lists ("a, b og c") the way each language writes them.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    Field,
    RootModel,
    ValidationError,
    WithJsonSchema,
    field_validator,
)

from strategibot.core.strict import Strict
from strategibot.core.yamlfiles import load_yaml
from strategibot.errors import DialogScriptError, Problem

__all__ = [
    "LANGS",
    "CommandsFile",
    "FormatsFile",
    "I18n",
    "IntentsFile",
    "LangPair",
    "ScheduleFile",
    "TextTree",
    "TextsFile",
    "json_schema",
    "load_i18n",
    "read_dialog_file",
    "read_yaml_file",
    "text_tree_problems",
    "validation_problems",
]

LANGS = ("da", "en")

_FORMATTER = string.Formatter()


class LangWords(Strict):
    """Words or phrases per language."""

    da: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    @field_validator("da", "en")
    @classmethod
    def _no_blank(cls, items: list[str]) -> list[str]:
        if any(not item.strip() for item in items):
            raise ValueError("an empty word")
        return items


class LangPair(Strict):
    """A text in Danish and English (the same ``{placeholders}`` in both)."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class TextTree(RootModel[dict[str, "LangPair | TextTree"]]):
    """Texts by key, nested: each leaf is ``{da: …, en: …}``."""


_TREE_MARK = "x-strategibot-text-tree"
Texts = Annotated[dict[str, Any], WithJsonSchema({_TREE_MARK: True})]
"""A text tree in a file model: described by :class:`TextTree` in the JSON Schema (see
:func:`json_schema`), checked by :func:`text_tree_problems` (which names the key and language of
each problem)."""


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON Schema, with the definitions a :data:`Texts` field refers to."""
    schema = model.model_json_schema()
    found = False

    def point(node: Any) -> Any:
        nonlocal found
        if isinstance(node, dict):
            if node.get(_TREE_MARK):
                found = True
                return {"$ref": "#/$defs/TextTree",
                        **{k: v for k, v in node.items() if k != _TREE_MARK}}
            return {key: point(value) for key, value in node.items()}
        if isinstance(node, list):
            return [point(item) for item in node]
        return node

    pointed: dict[str, Any] = point(schema)
    if found:
        pointed.setdefault("$defs", {}).update(TextTree.model_json_schema()["$defs"])
    return pointed


class IntentsFile(Strict):
    greeting: LangWords
    help: LangWords
    thanks: LangWords
    ack: LangWords
    """"ok", "fint", "got it": nothing asked"""
    about: LangWords
    """questions about the bot itself ("hvem har lavet dig?", "gemmer du mine spørgsmål?")"""
    about_words: LangWords | None = None
    """words that make a question one about the bot and what it keeps, when the strategy does
    not answer it ("anonymt", "logger", "chatgpt")"""
    about_seeing: LangWords | None = None
    about_asking: LangWords | None = None
    answer_formats: LangWords | None = None
    """how an answer is wanted ("i punktform", "as bullet points"): no part of the question"""
    """…or a word of seeing with one of asking ("kan min leder *se*, hvad jeg *spørger* om?")"""
    bye: LangWords | None = None
    """"farvel", "god weekend", "bye bye": a goodbye"""
    shorter: LangWords | None = None
    """"kortere tak", "in one sentence", "simpler": the answer before, shorter; at the end of a
    question ("hvad er RK i korte træk"), its answer so"""
    count_them: LangWords | None = None
    """"hvor mange er der?" right after a group of the strategy's (the bearings): how many"""
    name_them: LangWords | None = None
    """"hvad hedder de?", "what are they called?" right after "how many … are there?": the
    members of what was counted"""
    lead_in: LangWords | None = None
    """words that lead into a question and ask nothing ("ok men …", "nej jeg mente …", "I
    meant …"): dropped before the question is answered"""


class TextsFile(Strict):
    """``dialogs/texts.yaml``: the bot's own texts and the small-talk phrases."""

    texts: Texts
    intents: IntentsFile


class CentreWords(Strict):
    """How a message asks about one centre's progress: its own centre ("mit center"), and
    the words of progress and of missing check-ins that go with a centre's name."""

    own: LangWords
    progress: LangWords
    missing: LangWords
    compare: LangWords | None = None
    """"sammenlign CPKS og COP", "compare my centre with COP": both centres' figures"""
    ranking: dict[str, LangWords] | None = None
    """"hvilket center er værst på sygefravær?": the centres in order of a goal's live figure
    (``centres``: the word for them; ``worst``, ``best``, ``high``, ``low``, ``order``)"""


class PageWords(Strict):
    """A question for what one page holds (``commands.yaml``: ``pages``)."""

    asks: LangWords
    word: LangWords
    tails: LangWords
    front: LangWords
    last: LangWords
    numbers: dict[str, int]
    next: LangWords | None = None
    previous: LangWords | None = None


class CommandsFile(Strict):
    """``dialogs/commands.yaml``: command words, commands with an argument, progress phrases."""

    commands: dict[str, LangWords]
    with_argument: dict[str, LangWords]
    progress_phrases: LangWords
    centre: CentreWords | None = None
    goal_words: LangWords | None = None
    """a goal asked for without naming one ("hvad er målet?"): after a goal's figures or its
    check-in, that goal's"""
    period_questions: LangWords | None = None
    reminder_questions: LangWords | None = None
    reporting_questions: LangWords | None = None
    digest_questions: LangWords | None = None
    """asking for the figures on a schedule ("kan jeg få en ugentlig oversigt?")"""
    withheld_questions: LangWords | None = None
    """why a figure is not shown ("hvorfor kan jeg ikke se sygefraværet for mit center?")"""
    withheld_about: LangWords | None = None
    """questions about reporting itself ("hvordan indrapporterer jeg?", "who reports?")"""
    reminders_off: LangWords | None = None
    reminders_on: LangWords | None = None
    pages: PageWords | None = None
    """"hvad står der på side 8?", "side fem", "forsiden", "sidste side" """
    """questions about the strategy's own period ("er strategien stadig gældende?"): answered
    from the bot's clock"""


class _TwelveMonths(Strict):
    da: list[str] = Field(min_length=12, max_length=12)
    en: list[str] = Field(min_length=12, max_length=12)


class _SevenDays(Strict):
    da: list[str] = Field(min_length=7, max_length=7)
    en: list[str] = Field(min_length=7, max_length=7)


class FormatsFile(Strict):
    """``dialogs/formats.yaml``: month and weekday names, date/number/list patterns."""

    months: _TwelveMonths
    weekdays: _SevenDays
    texts: Texts


class ScheduleWords(Strict):
    weekly: list[str]
    monthly: list[str]
    day_mark: list[str]
    hour_mark: list[str]
    first: list[str]
    am: list[str]
    pm: list[str]
    last: list[str]
    filler: list[str]
    daily: list[str] = Field(default_factory=list)
    """"hver dag", "daily": a rhythm no digest has (it became Monday's)"""
    fortnightly: list[str] = Field(default_factory=list)
    """"hver anden uge", "hver 14. dag": a rhythm no digest has (it became monthly)"""
    corrections: list[str] = Field(default_factory=list)
    """"nej vent", "no wait": what follows the last of them is the schedule meant"""
    weekdays: list[list[str]] = Field(min_length=7, max_length=7)


class ScheduleFile(Strict):
    """``dialogs/schedule.yaml``: the words of a digest schedule and the texts about one."""

    words: ScheduleWords
    texts: Texts


def _placeholders(text: str) -> set[str]:
    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in _FORMATTER.parse(text)
                if name}
    except ValueError:
        return {"<unbalanced braces>"}


def text_tree_problems(tree: Any, file: str, prefix: str,
                       out: dict[str, dict[str, str]]) -> list[Problem]:
    """Collect the texts of ``tree`` (nested mappings whose leaves are ``{da: …, en: …}``)
    into ``out`` under ``prefix``; return what is wrong with it."""
    problems: list[Problem] = []
    if not isinstance(tree, Mapping):
        return [Problem(file, prefix.rstrip(".") or None, None, "must be a mapping")]
    for key, node in tree.items():
        path = f"{prefix}{key}"
        if isinstance(node, Mapping) and set(node) & set(LANGS) and all(
                not isinstance(v, Mapping) for v in node.values()):
            unknown = set(node) - set(LANGS)
            for lang in LANGS:
                value = node.get(lang)
                if not isinstance(value, str) or not value.strip():
                    problems.append(Problem(file, path, lang, f"missing translation '{lang}'"))
            if unknown:
                problems.append(Problem(file, path, None,
                                        f"unknown language(s): {', '.join(map(str, unknown))}"))
            if all(isinstance(node.get(lang), str) for lang in LANGS):
                da, en = _placeholders(node["da"]), _placeholders(node["en"])
                if "<unbalanced braces>" in da | en:
                    problems.append(Problem(file, path, None, "unbalanced { or }"))
                elif da != en:
                    problems.append(Problem(
                        file, path, None, "da and en have different placeholders: "
                        f"{sorted(da)} vs {sorted(en)}"))
                out[path] = {lang: str(node[lang]).strip() for lang in LANGS}
        elif isinstance(node, Mapping):
            problems.extend(text_tree_problems(node, file, path + ".", out))
        else:
            problems.append(Problem(file, path, None, "must be a text in da and en"))
    return problems


def _entry_label(data: Any, loc: Sequence[Any]) -> tuple[str | None, list[str]]:
    """The entry an error is in — an item's id (or number) in a list, ``section.key`` in a
    mapping of mappings — and the rest of its location."""
    parts = [str(p) for p in loc]
    if isinstance(data, list) and loc and isinstance(loc[0], int):
        item = data[loc[0]] if loc[0] < len(data) else None
        name = item.get("id") if isinstance(item, dict) else None
        return (str(name) if name else f"#{loc[0] + 1}"), parts[1:]
    if isinstance(data, dict) and len(loc) >= 2:
        section = data.get(str(loc[0]))
        if isinstance(loc[1], int) and isinstance(section, list):
            item = section[loc[1]] if loc[1] < len(section) else None
            name = item.get("id") if isinstance(item, dict) else None
            return (str(name) if name else f"{loc[0]} #{loc[1] + 1}"), parts[2:]
        if isinstance(loc[1], str) and isinstance(section, dict) and len(loc) >= 3:
            return f"{loc[0]}.{loc[1]}", parts[2:]
    return None, parts


def validation_problems(exc: ValidationError, file: str, data: Any = None) -> list[Problem]:
    """A pydantic error as problems naming the file, the entry (``data`` is what was
    validated) and the field."""
    problems = []
    for error in exc.errors():
        entry, rest = _entry_label(data, error["loc"])
        if error["type"] == "missing" and rest and rest[-1] in LANGS:
            message = f"missing translation '{rest[-1]}'"
        else:
            message = {"missing": "missing", "extra_forbidden": "unknown field"}.get(
                error["type"], str(error["msg"]))
        problems.append(Problem(file, entry, ".".join(rest) or None, message))
    return problems


def read_yaml_file(path: Path, problems: list[Problem], file: str | None = None) -> Any:
    """``path`` parsed as YAML; None (and a problem) when it cannot be read or parsed."""
    file = file or f"dialogs/{path.name}"
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(file, None, None, f"cannot be read: {exc}"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problems.append(Problem(file, None, None, f"is not valid YAML{where}"))
    return None


def read_dialog_file(path: Path, model: type[BaseModel], problems: list[Problem],
                     file: str | None = None) -> Any:
    """``path`` parsed and validated as ``model``; None (and ``problems``) when it is not."""
    file = file or f"dialogs/{path.name}"
    data = read_yaml_file(path, problems, file)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, file, data))
        return None


@dataclass(frozen=True, slots=True)
class I18n:
    """Texts by dotted key and language, command words, and formats."""

    texts: Mapping[str, Mapping[str, str]]
    commands: Mapping[str, Mapping[str, tuple[str, ...]]]
    months: Mapping[str, tuple[str, ...]]
    weekdays: Mapping[str, tuple[str, ...]]
    intents: Mapping[str, Mapping[str, tuple[str, ...]]]
    commands_file: CommandsFile | None = None
    schedule_words: ScheduleWords | None = None

    # ------------------------------------------------------------------ texts
    def text(self, key: str, lang: str, **values: Any) -> str:
        """The text ``key`` in ``lang`` (Danish for any other language), filled in."""
        by_lang = self.texts[key]
        text = by_lang.get(lang) or by_lang["da"]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.texts

    def command(self, name: str, lang: str) -> str:
        """The word that runs command ``name`` in ``lang`` (what its buttons send)."""
        words = self.commands[name]
        return (words.get(lang) or words["da"])[0]

    # ------------------------------------------------------------------ formats
    def admins(self, emails: Iterable[str], lang: str) -> str:
        """Who the administrators are, for a text that sends someone to them; said in words
        when none is set up (a bare "–" read as a missing value)."""
        return ", ".join(sorted(emails)) or self.text("bot.no_admins", lang)

    def number(self, value: float, lang: str, decimals: int = 1) -> str:
        """12.8 → "12,8" in Danish, "12.8" in English; whole numbers without decimals."""
        number = float(value)
        if number.is_integer():
            return str(int(number))
        # half up, as people round ("12,45" is "12,5"), from the number as it reads (repr):
        # the float 12.45 is a hair below it, and "{:.1f}" made it "12,4"
        text = str(Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals),
                                                 rounding=ROUND_HALF_UP))
        if decimals > 1:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", self.text("format.decimal_mark", lang))

    def percent(self, value: float, lang: str) -> str:
        return self.text("format.percent", lang, value=self.number(round(value), lang))

    def month(self, number: int, lang: str) -> str:
        return (self.months.get(lang) or self.months["da"])[number - 1]

    def weekday(self, number: int, lang: str) -> str:
        """0 = Monday."""
        return (self.weekdays.get(lang) or self.weekdays["da"])[number]

    def date(self, day: dt.date, lang: str, style: str = "long") -> str:
        """"15. januar 2019" / "15 January 2019" (long) or "15.01.2019" / "2019-01-15"."""
        return self.text(f"format.date_{style}", lang, day=day.day, month=self.month(
            day.month, lang), month_number=day.month, year=day.year)

    def date_time(self, moment: dt.datetime, lang: str) -> str:
        return self.text("format.date_time", lang, date=self.date(moment.date(), lang, "short"),
                         hour=moment.hour, minute=moment.minute)

    def month_year(self, year: int, month: int, lang: str) -> str:
        return self.text("format.month_year", lang, month=self.month(month, lang), year=year)

    def week(self, year: int, week: int, lang: str) -> str:
        return self.text("format.week", lang, week=week, year=year)

    def join(self, items: Sequence[str], lang: str, *, last: str = "and") -> str:
        """"a, b og c" / "a, b and c" (``last="or"``: "a, b eller c" / "a, b or c")."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.text(f'format.list_{last}', lang)} {items[-1]}"


def _words(by_lang: LangWords) -> dict[str, tuple[str, ...]]:
    return {"da": tuple(by_lang.da), "en": tuple(by_lang.en)}


def load_i18n(folder: Path, extra_trees: Iterable[tuple[str, str, Any]] = ()) -> I18n:
    """Load the catalogue from ``folder`` (``dialogs/``).

    Args:
        folder: the dialogs folder.
        extra_trees: more text trees as (file, key prefix, tree), e.g. the check-in flow's
            texts, validated the same way.

    Raises:
        DialogScriptError: with every problem found (file, key, language).
    """
    problems: list[Problem] = []
    texts: dict[str, dict[str, str]] = {}
    bot = read_dialog_file(folder / "texts.yaml", TextsFile, problems)
    commands = read_dialog_file(folder / "commands.yaml", CommandsFile, problems)
    formats = read_dialog_file(folder / "formats.yaml", FormatsFile, problems)
    schedule = read_dialog_file(folder / "schedule.yaml", ScheduleFile, problems)
    progress = read_yaml_file(folder / "progress.yaml", problems)
    checkin = read_yaml_file(folder / "checkin.yaml", problems)
    help_texts = read_yaml_file(folder / "help.yaml", problems)
    dashboard = read_yaml_file(folder / "dashboard.yaml", problems)
    if bot is not None:
        problems += text_tree_problems(bot.texts, "dialogs/texts.yaml", "bot.",
                                       texts)
    if progress is not None:
        problems += text_tree_problems(progress, "dialogs/progress.yaml", "progress.", texts)
    if help_texts is not None:
        problems += text_tree_problems(help_texts, "dialogs/help.yaml", "help.", texts)
    if dashboard is not None:
        problems += text_tree_problems(dashboard, "dialogs/dashboard.yaml", "dashboard.", texts)
    if formats is not None:
        problems += text_tree_problems(formats.texts, "dialogs/formats.yaml",
                                       "format.", texts)
    if schedule is not None:
        problems += text_tree_problems(schedule.texts, "dialogs/schedule.yaml",
                                       "schedule.", texts)
    if isinstance(checkin, Mapping):
        for section, prefix in (("texts", "checkin."), ("reasons", "reason.")):
            problems += text_tree_problems(checkin.get(section) or {}, "dialogs/checkin.yaml",
                                           prefix, texts)
    for file, prefix, tree in extra_trees:
        problems += text_tree_problems(tree, file, prefix, texts)
    if commands is not None:
        for name, words in commands.commands.items():
            for lang in LANGS:
                if not getattr(words, lang):
                    problems.append(Problem("dialogs/commands.yaml", f"commands.{name}", lang,
                                            f"needs at least one word in '{lang}'"))
    if problems or bot is None or commands is None or formats is None or schedule is None:
        raise DialogScriptError.with_problems(problems)
    return I18n(
        texts=texts,
        commands={**{name: _words(words) for name, words in commands.with_argument.items()},
                  **{name: _words(words) for name, words in commands.commands.items()}},
        months={"da": tuple(formats.months.da), "en": tuple(formats.months.en)},
        weekdays={"da": tuple(formats.weekdays.da), "en": tuple(formats.weekdays.en)},
        intents={name: _words(words) for name in ("greeting", "help", "thanks", "ack", "about",
                                                   "lead_in", "name_them", "count_them",
                                                   "about_words", "about_seeing",
                                                   "about_asking", "shorter", "bye",
                                                   "answer_formats")
                 if (words := getattr(bot.intents, name)) is not None},
        commands_file=commands,
        schedule_words=schedule.words,
    )
