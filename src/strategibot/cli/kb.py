"""``strategibot ask`` and ``strategibot kb check|eval|unanswered|review|attach|out-of-scope|undo|
export-phrasings``: the knowledge base, and the strategy office's review of the questions it
could not answer."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from strategibot.cli.common import database, settings
from strategibot.errors import DialogScriptError, KnowledgeFileInvalid, Problem

if TYPE_CHECKING:
    from strategibot.domain.answers.engine import Answer, AnswerEngine
    from strategibot.domain.answers.review import Refusal
    from strategibot.services.content import Content
    from strategibot.services.review import Review
    from strategibot.settings import Settings

__all__ = ["add_commands"]


def _ask(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.render.text import render_text
    from strategibot.services.content import load_content

    config = settings()
    content = load_content(config)
    _with_overlay(content, config)
    engine = content.engine
    answers: list[Answer] = []
    if args.question != ["-"]:
        answer = engine.answer(" ".join(args.question), hint=args.lang)
        out.write(render_text(answer.reply) + "\n")
        answers.append(answer)
    else:
        for line in sys.stdin:
            question = line.rstrip("\n")
            if not question.strip():
                continue
            answer = engine.answer(question, hint=args.lang)
            out.write(json.dumps({
                "question": question,
                "language": answer.lang,
                "outcome": str(answer.outcome),
                "answer": answer.reply.text,
                "entry_id": answer.entry_id,
                "score": round(answer.score, 4),
                "kind": answer.kind,
                "pages": list(answer.reply.source.pages) if answer.reply.source else [],
            }, ensure_ascii=False) + "\n")
            answers.append(answer)
    if args.record:
        asyncio.run(_record(answers, config))
    return 0


async def _record(answers: Sequence[Answer], config: Settings) -> None:
    from strategibot.services.content import QuestionLog

    async with database(config) as factory:
        await QuestionLog(factory).record(answers, "cli")


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.services.content import load_content
    from strategibot.services.datafiles import check_files

    config = settings()
    if args.dir:
        config = config.with_(knowledge_dir=Path(args.dir).resolve().parent,
                              strategy=Path(args.dir).name)
    problems: list[object] = list(check_files(config))
    problems += _embedding_problems(config)
    content = None
    try:  # the cross-checks: ids that refer to each other, metric fields, translations
        content = load_content(config)
    except (KnowledgeFileInvalid, DialogScriptError) as exc:
        seen = {str(p) for p in problems}
        problems += [p for p in (exc.problems or [exc]) if str(p) not in seen]
    if problems or content is None:
        for problem in problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"kb check: {len(problems)} problem(s)\n")
        return 1
    kb = content.kb
    questions = sum(len(e.questions["da"]) + len(e.questions["en"]) for e in kb.entries.values())
    out.write(f"kb check: OK — {kb.strategy.id}: {len(kb.entries)} entries, "
              f"{questions} alternative questions, {len(kb.goals)} goals; "
              f"dialogs: {len(content.i18n.texts)} texts, {len(content.flows.goals)} flows\n")
    return 0


def _embedding_problems(config: Settings) -> list[Problem]:
    """The stored passage embeddings of the optional re-ranker, if any, must be of these
    passages (no numpy or model needed)."""
    from strategibot.domain.answers import embeddings
    from strategibot.domain.knowledge.load import load_knowledge
    from strategibot.services.content import knowledge_folder

    folder = knowledge_folder(config)
    try:
        kb = load_knowledge(folder)
    except KnowledgeFileInvalid:
        return []  # reported by the other checks
    file = f"knowledge/{config.strategy}/passages/{embeddings.FILE_NAME}"
    return [Problem(file, None, None, what)
            for what in embeddings.problems(folder / "passages" / embeddings.FILE_NAME,
                                            kb.passages)]


def _embed(args: argparse.Namespace, out: TextIO) -> int:
    """Compute and store the passages' embeddings for the optional re-ranker."""
    from strategibot.domain.answers import embeddings
    from strategibot.domain.knowledge.load import load_knowledge
    from strategibot.services.content import knowledge_folder

    config = settings()
    folder = knowledge_folder(config)
    kb = load_knowledge(folder)
    path = folder / "passages" / embeddings.FILE_NAME
    if not args.force and path.is_file() and not embeddings.problems(path, kb.passages):
        out.write(f"kb embed: {path} is up to date ({len(kb.passages)} passages)\n")
        return 0
    started = time.perf_counter()
    vectors, dim = embeddings.compute(kb.passages)
    embeddings.write(path, kb.passages, vectors, dim)
    out.write(f"kb embed: {len(kb.passages)} passages embedded with {embeddings.MODEL} in "
              f"{time.perf_counter() - started:.1f} s → {path}\n")
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.services.datafiles import write_schemas

    for path in write_schemas(Path(args.out)):
        out.write(f"{path}\n")
    return 0


def _eval(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.domain.answers.evaluation import evaluate
    from strategibot.domain.evalsets import EvalSetModel
    from strategibot.domain.knowledge.load import load_eval_set
    from strategibot.domain.normalise import fold_text
    from strategibot.services.content import knowledge_folder, load_content

    config = settings()
    content = load_content(config)
    if args.document:
        return _eval_document(args, out, content.engine, knowledge_folder(config))
    path = Path(args.file) if args.file else knowledge_folder(config) / "eval" / "questions.yaml"
    questions = load_eval_set(path, content.kb)
    if args.unseen:
        known = {fold_text(q) for e in content.kb.entries.values() for lang in ("da", "en")
                 for q in e.questions[lang]}
        questions = EvalSetModel(questions=[q for q in questions.questions
                                            if fold_text(q.q) not in known])
    started = time.perf_counter()
    report = evaluate(content.engine, questions)
    elapsed = time.perf_counter() - started
    if args.json:
        out.write(json.dumps(report.as_dict()) + "\n")
    else:
        out.write(
            f"questions:            {report.total} ({report.in_scope} in scope, "
            f"{report.out_of_scope} out of scope, {report.small_talk} greetings/help)\n"
            f"top-1 accuracy:       {report.accuracy:.1%} ({report.in_scope_ranked_first}/"
            f"{report.in_scope} led with the expected entry)\n"
            f"  answered directly:  {report.answered:.1%} ({report.in_scope_correct})\n"
            f"  did-you-mean:       {report.in_scope_clarified}\n"
            f"  refused:            {report.in_scope_refused}\n"
            f"  wrong answers:      {report.wrong_answers}\n"
            f"correct refusals:     {report.refusal_rate:.1%} ({report.refused}/"
            f"{report.out_of_scope})\n"
            f"greetings/help:       {report.small_talk_correct}/{report.small_talk}\n"
            f"language detected:    {report.language_correct}/{report.total}\n"
            f"time:                 {elapsed * 1000:.0f} ms\n"
        )
    if args.verbose and report.misses:
        out.write("\nmisses:\n")
        for miss in report.misses:
            out.write(f"  [{miss.lang_expected}->{miss.lang_got}] {miss.question!r}: expected "
                      f"{miss.expect}, got {miss.outcome} {miss.got or ''} ({miss.score})\n")
    failed = report.accuracy < args.min_accuracy or report.refusal_rate < args.min_refusal
    return 1 if failed else 0


def _eval_document(args: argparse.Namespace, out: TextIO, engine: AnswerEngine,
                   folder: Path) -> int:
    """``kb eval --document``: a question set written from the document (detail, two-part,
    near-miss, out-of-scope), scored by content, not by entry."""
    from strategibot.domain.answers.evaluation import evaluate_document
    from strategibot.domain.knowledge.load import load_document_set

    path = Path(args.file) if args.file else folder / "eval" / "document.yaml"
    questions = load_document_set(path)
    started = time.perf_counter()
    report = evaluate_document(engine, questions)
    elapsed = time.perf_counter() - started
    if args.json:
        out.write(json.dumps(report.as_dict()) + "\n")
    else:
        by_kind = ", ".join(f"{kind} {right}/{count}"
                            for kind, (right, count) in report.by_kind.items())
        how = ", ".join(f"{kind or 'other'} {count}"
                        for kind, count in sorted(report.right_by.items()))
        out.write(
            f"questions:            {report.total} ({report.in_scope} in scope, "
            f"{report.near_miss} near misses, {report.out_of_scope} out of scope) — "
            f"{path.name}\n"
            f"right content:        {report.right_rate:.1%} ({report.right}/{report.in_scope}: "
            f"{by_kind})\n"
            f"  answered from:      {how}\n"
            f"  answer without it:  {report.wrong}\n"
            f"  did-you-mean:       {report.clarified}\n"
            f"  not answered:       {report.not_answered}\n"
            f"near misses honest:   {report.honest_rate:.1%} ({report.honest}/{report.near_miss}: "
            f"{report.partial} partial answers, {report.near_clarified} did-you-mean)\n"
            f"out of scope refused: {report.refusal_rate:.1%} ({report.refused}/"
            f"{report.out_of_scope})\n"
            f"time:                 {elapsed * 1000:.0f} ms\n"
        )
    if args.verbose and report.misses:
        out.write("\nmisses:\n")
        for miss in report.misses:
            shown = " ".join(miss.shown.split())[:160]
            out.write(f"  [{miss.kind}] {miss.question!r}: {miss.outcome} {miss.how}: {shown}\n")
    failed = report.right_rate < args.min_right or report.honest_rate < args.min_honest or \
        report.refusal_rate < args.min_refusal
    return 1 if failed else 0


def _unanswered(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.store.db import session_scope
    from strategibot.store.questions import logged_questions

    config = settings()

    async def run() -> int:
        async with database(config) as factory, session_scope(factory) as session:
            for row in await logged_questions(session, limit=args.limit):
                out.write(json.dumps({
                    "asked_at": row.asked_at.isoformat() if row.asked_at else None,
                    "channel": row.channel, "lang": row.lang, "outcome": row.outcome,
                    "question": row.question, "score": row.score,
                    "candidates": row.candidates,
                }, ensure_ascii=False) + "\n")
        return 0

    return asyncio.run(run())


def _with_overlay(content: Content, config: Settings) -> None:
    """The phrasings attached in review, into the engine, when the settings name a database
    that exists (a SQLite file that is not there is not made for this)."""
    from sqlalchemy.engine import make_url

    from strategibot.errors import StorageError
    from strategibot.services.review import Review

    url = make_url(config.database_url)
    if url.get_backend_name() == "sqlite" and (
            not url.database or url.database == ":memory:" or not Path(url.database).is_file()):
        return

    async def load() -> None:
        async with database(config) as factory:
            await Review(factory, content).load()

    try:
        asyncio.run(load())
    except (StorageError, OSError) as exc:
        sys.stderr.write(f"strategibot: the phrasings attached in review are left out: {exc}\n")


def _review_run(work: Callable[[Review, Content], Awaitable[int]]) -> int:
    """Run ``work`` with the review over the configured database; a refusal is printed (in
    English) with exit code 1."""
    from strategibot.domain.answers.review import ReviewRefused
    from strategibot.services.content import load_content
    from strategibot.services.review import Review

    config = settings()
    content = load_content(config)

    async def run() -> int:
        async with database(config) as factory:
            review = Review(factory, content)
            await review.load()
            return await work(review, content)

    try:
        return asyncio.run(run())
    except ReviewRefused as refused:
        for problem in refused.problems:
            sys.stderr.write(f"strategibot: {_in_words(problem, content)}\n")
        return 1


def _in_words(problem: Refusal, content: Content) -> str:
    """A refusal as the review page says it, in English."""
    key = f"dashboard.review.problem.{problem.code}"
    return content.i18n.text(key, "en", **problem.values) if content.i18n.has(key) \
        else str(problem)


_OUTCOMES = {"unknown": "not known", "clarify": "did you mean"}


def _day(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d}"


def _review(args: argparse.Namespace, out: TextIO) -> int:
    async def work(review: Review, content: Content) -> int:
        titles = {e.id: e.title["en"] for e in content.kb.entries.values()}
        groups = await review.groups()
        asked = sum(g.count for g in groups)
        if not groups:
            out.write("No unanswered questions wait for a decision.\n")
        else:
            out.write(f"{asked} question(s) in {len(groups)} group(s) wait for a decision, "
                      "the most asked first:\n")
        for number, group in enumerate(groups[:args.limit], start=1):
            times = "once" if group.count == 1 else f"{group.count} times"
            when = _day(group.first) if _day(group.first) == _day(group.last) else \
                f"{_day(group.first)} – {_day(group.last)}"
            outcomes = ", ".join(f"{_OUTCOMES.get(kind, kind)} {count}" for kind, count in
                                 sorted(group.outcomes.items()))
            out.write(f"\n{number}. \"{group.question}\" — asked {times} "
                      f"({'/'.join(group.languages)}), {when}; {outcomes}\n")
            for wording in group.wordings:
                note = "  (personal data: not a phrasing)" if wording.personal else ""
                out.write(f"   key {wording.key[:10]}  \"{wording.text}\" ×{wording.count}"
                          f"{note}\n")
            nearest = " · ".join(f"{entry} \"{titles.get(entry, entry)}\" {score:.2f}"
                                 for entry, score in group.nearest)
            out.write(f"   nearest: {nearest or '(none)'}\n")
        if len(groups) > args.limit:
            out.write(f"\n… and {len(groups) - args.limit} more group(s) (--limit).\n")
        if groups:
            out.write('\nstrategibot kb attach "QUESTION" ENTRY   makes a question a phrasing '
                      "of an entry\nstrategibot kb out-of-scope --key KEY    marks it out of "
                      "scope\n")
        if args.decisions:
            made = await review.decisions()
            out.write(f"\n{len(made)} decision(s), the newest first:\n")
            for decision in made:
                what = "out of scope" if decision.entry_id is None else \
                    f"phrasing of {decision.entry_id}"
                out.write(f"  {decision.id:>4}  \"{decision.question}\" → {what} "
                          f"({decision.lang}; {decision.decided_by}, "
                          f"{decision.decided_at:%Y-%m-%d %H:%M} UTC)\n")
        return 0

    return _review_run(work)


def _attach(args: argparse.Namespace, out: TextIO) -> int:
    async def work(review: Review, content: Content) -> int:
        made = await review.attach([args.question], args.entry, by=args.by, lang=args.lang)
        for decision, effect in zip(made.decisions, made.effects, strict=True):
            out.write(f"decision {decision.id}: \"{decision.question}\" ({decision.lang}) is a "
                      f"phrasing of {decision.entry_id}\n")
            if effect.outcome == "answer" and effect.entry_id == decision.entry_id:
                out.write(f"  now answered with {effect.entry_id}\n")
            elif effect.kind == "partial":
                out.write(f"  now a partial answer pointing to {decision.entry_id}: the entry "
                          "does not say what is asked\n")
            else:
                out.write(f"  still not answered with the entry: {effect.outcome} "
                          f"{effect.entry_id or ''}\n")
        return 0

    return _review_run(work)


def _out_of_scope(args: argparse.Namespace, out: TextIO) -> int:
    async def work(review: Review, content: Content) -> int:
        if args.key:
            made = await review.out_of_scope_logged(await review.match_keys(args.key),
                                                    by=args.by)
        else:
            made = await review.out_of_scope(args.question, by=args.by)
        for decision in made.decisions:
            out.write(f"decision {decision.id}: \"{decision.question}\" is out of scope\n")
        return 0

    if bool(args.key) == bool(args.question):
        sys.stderr.write("strategibot: name the questions, or their keys (--key), not both\n")
        return 2
    return _review_run(work)


def _undo(args: argparse.Namespace, out: TextIO) -> int:
    async def work(review: Review, content: Content) -> int:
        undone = await review.undo(args.decision, by=args.by)
        what = "out of scope" if undone.entry_id is None else f"a phrasing of {undone.entry_id}"
        out.write(f"undone: \"{undone.question}\" is no longer {what}\n")
        return 0

    return _review_run(work)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.services.content import knowledge_folder

    config = settings()
    target = Path(args.out) if args.out else None
    base = target if target is not None and target.is_file() else \
        knowledge_folder(config) / "phrasings.yaml"

    async def work(review: Review, content: Content) -> int:
        existing = base.read_text(encoding="utf-8") if base.is_file() else None
        made = await review.export(existing)
        if made.problems:
            for number, problem in made.problems:
                sys.stderr.write(f"strategibot: decision {number}: "
                                 f"{_in_words(problem, content)}\n")
            sys.stderr.write("kb export-phrasings: nothing written — undo those decisions "
                             "(strategibot kb undo ID) or fix knowledge/ first\n")
            return 1
        if target is None:
            out.write(made.text)
            sys.stderr.write(f"kb export-phrasings: {base} with {len(made.added)} "
                             "phrasing(s) added\n")
            return 0
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_text(made.text, encoding="utf-8")
        partial.replace(target)
        merged = "" if target == base else f" (merged into a copy of {base})"
        sys.stderr.write(f"kb export-phrasings: {len(made.added)} phrasing(s) added to "
                         f"{target}{merged}; check it with strategibot kb check\n")
        return 0

    return _review_run(work)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = commands.add_parser("ask", help='answer a question: ask "…", or ask - for JSON lines')
    ask.add_argument("question", nargs="+", help="the question, or - to read lines from stdin")
    ask.add_argument("--lang", choices=["da", "en"], help="language when the question is unclear")
    ask.add_argument("--record", action="store_true",
                     help="log unanswered questions to the database, as the bot does")
    ask.set_defaults(func=_ask)

    kb = commands.add_parser("kb", help="the knowledge base").add_subparsers(
        dest="kb_command", required=True)
    check = kb.add_parser("check", help="validate every file in knowledge/ and dialogs/")
    check.add_argument("--dir", help="a strategy folder to check instead of the configured one")
    check.set_defaults(func=_check)
    embed = kb.add_parser("embed", help="store the passages' embeddings for the optional "
                                        "re-ranker (needs strategibot[embeddings])")
    embed.add_argument("--force", action="store_true", help="even when they are up to date")
    embed.set_defaults(func=_embed)
    schema = kb.add_parser("schema", help="write a JSON Schema per kind of data file")
    schema.add_argument("--out", required=True, help="folder to write the schemas to")
    schema.set_defaults(func=_schema)
    evaluate = kb.add_parser("eval", help="measure answers against the question set")
    evaluate.add_argument("--file", help="question set (default: eval/questions.yaml, with "
                                         "--document eval/document.yaml)")
    evaluate.add_argument("--document", action="store_true",
                          help="a set written from the document: right content, honest near "
                               "misses, refused out-of-scope questions")
    evaluate.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--unseen", action="store_true",
                          help="only questions that are not word for word one of the entries'")
    evaluate.add_argument("--min-accuracy", type=float, default=0.0)
    evaluate.add_argument("--min-refusal", type=float, default=0.0)
    evaluate.add_argument("--min-right", type=float, default=0.0,
                          help="--document: least share of in-scope questions with the right "
                               "content")
    evaluate.add_argument("--min-honest", type=float, default=0.0,
                          help="--document: least share of near misses answered honestly")
    evaluate.set_defaults(func=_eval)
    unanswered = kb.add_parser("unanswered", help="questions the bot could not answer (JSON lines)")
    unanswered.add_argument("--limit", type=int, default=200)
    unanswered.set_defaults(func=_unanswered)
    review = kb.add_parser("review", help="the unanswered questions, grouped, for review")
    review.add_argument("--limit", type=int, default=30, help="the most groups to list")
    review.add_argument("--decisions", action="store_true",
                        help="also list the decisions made (with their ids, for kb undo)")
    review.set_defaults(func=_review)
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--by", default="cli", help="who decides (kept with the decision)")
    attach = kb.add_parser("attach", parents=[by],
                           help="make a question a new phrasing of an entry (at once)")
    attach.add_argument("question", help="the question, in the words to answer")
    attach.add_argument("entry", help="the entry's id")
    attach.add_argument("--lang", choices=["da", "en"],
                        help="the question's language (default: as detected)")
    attach.set_defaults(func=_attach)
    scope = kb.add_parser("out-of-scope", parents=[by],
                          help="mark questions as outside the strategy (they leave the review)")
    scope.add_argument("question", nargs="*", help="the questions")
    scope.add_argument("--key", action="append", default=[],
                       help="a logged question by its key, as kb review shows it")
    scope.set_defaults(func=_out_of_scope)
    undo = kb.add_parser("undo", parents=[by], help="undo a decision of the review")
    undo.add_argument("decision", type=int, help="its id (kb review --decisions)")
    undo.set_defaults(func=_undo)
    export = kb.add_parser("export-phrasings",
                           help="phrasings.yaml with the phrasings attached in review")
    export.add_argument("--out", help="write it here (default: print it); an existing file "
                                      "is what the phrasings are merged into")
    export.set_defaults(func=_export)
