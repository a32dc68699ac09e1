"""The ``strategibot`` command: serve, chat, ask, kb check|eval|unanswered, db upgrade."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from strategibot.__about__ import __version__
from strategibot.errors import ConfigError, KnowledgeFileInvalid, StrategibotError
from strategibot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from strategibot.domain.organisation import Organisation
    from strategibot.store.organisation import ImportResult

__all__ = ["main"]


def _settings() -> Settings:
    return Settings.from_env()


@asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The database as the service opens it: migrations applied to SQLite (PostgreSQL needs
    `strategibot db upgrade`), the engine disposed afterwards."""
    from strategibot.store.db import create_engine, sessionmaker, upgrade

    if settings.database_url.startswith("sqlite"):
        await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        yield sessionmaker(engine)
    finally:
        await engine.dispose()


def _cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.render.text import render_text
    from strategibot.wiring import Assistant

    settings = _settings()
    assistant = Assistant.load(settings)
    engine = assistant.engine
    if args.question != ["-"]:
        answer = engine.answer(" ".join(args.question), hint=args.lang)
        out.write(render_text(answer.reply) + "\n")
        if args.record:
            asyncio.run(_record([answer], settings, "cli"))
        return 0
    recorded = []
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
        }, ensure_ascii=False) + "\n")
        recorded.append(answer)
    if args.record:
        asyncio.run(_record(recorded, settings, "cli"))
    return 0


async def _record(answers: Sequence[object], settings: Settings, channel: str) -> None:
    from strategibot.domain.answers.engine import Answer
    from strategibot.domain.messages import Outcome
    from strategibot.store.db import session_scope
    from strategibot.store.questions import log_question

    async with _database(settings) as factory, session_scope(factory) as session:
        for answer in answers:
            assert isinstance(answer, Answer)
            if answer.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY):
                await log_question(session, answer, channel=channel)


def _cmd_kb_check(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.wiring import Assistant

    settings = _settings()
    if args.dir:
        settings = settings.with_(knowledge_dir=Path(args.dir).resolve().parent,
                                  strategy=Path(args.dir).name)
    try:
        assistant = Assistant.load(settings)
    except KnowledgeFileInvalid as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"kb check: {len(exc.problems)} problem(s)\n")
        return 1
    kb = assistant.kb
    questions = sum(len(e.questions["da"]) + len(e.questions["en"]) for e in kb.entries.values())
    out.write(f"kb check: OK — {kb.strategy.id}: {len(kb.entries)} entries, "
              f"{questions} alternative questions, {len(kb.goals)} goals\n")
    return 0


def _cmd_kb_eval(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.domain.answers.evaluation import evaluate
    from strategibot.domain.knowledge.load import load_eval_set
    from strategibot.wiring import Assistant, knowledge_folder

    settings = _settings()
    assistant = Assistant.load(settings)
    path = Path(args.file) if args.file else knowledge_folder(settings) / "eval" / "questions.yaml"
    questions = load_eval_set(path, assistant.kb)
    if args.unseen:
        from strategibot.domain.knowledge.schema import EvalSetModel
        from strategibot.domain.normalise import fold_text

        known = {fold_text(q) for e in assistant.kb.entries.values() for lang in ("da", "en")
                 for q in e.questions[lang]}
        questions = EvalSetModel(questions=[q for q in questions.questions
                                            if fold_text(q.q) not in known])
    started = time.perf_counter()
    report = evaluate(assistant.engine, questions)
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


def _cmd_kb_unanswered(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.store.db import session_scope
    from strategibot.store.questions import logged_questions

    settings = _settings()

    async def run() -> int:
        async with _database(settings) as factory, session_scope(factory) as session:
            for row in await logged_questions(session, limit=args.limit):
                out.write(json.dumps({
                    "asked_at": row.asked_at.isoformat() if row.asked_at else None,
                    "channel": row.channel, "lang": row.lang, "outcome": row.outcome,
                    "question": row.question, "score": row.score,
                    "candidates": row.candidates,
                }, ensure_ascii=False) + "\n")
        return 0

    return asyncio.run(run())


def _cmd_org_import(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.domain.organisation import OrganisationInvalid, parse_organisation_csv

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"org import: cannot read {path}: {exc}\n")
        return 1
    try:
        organisation = parse_organisation_csv(text)
    except OrganisationInvalid as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{path.name}: {problem}\n")
        sys.stderr.write(f"org import: {len(exc.problems)} problem(s); nothing was imported\n")
        return 1
    result = asyncio.run(_import(organisation, _settings()))
    out.write(f"org import: {result.centres} centres and {result.units} units imported"
              f" ({result.deactivated} units no longer listed were deactivated)\n")
    return 0


async def _import(organisation: Organisation, settings: Settings) -> ImportResult:
    from strategibot.store.db import session_scope
    from strategibot.store.organisation import apply_organisation

    async with _database(settings) as factory, session_scope(factory) as session:
        return await apply_organisation(session, organisation)


def _cmd_db_upgrade(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.store.db import upgrade

    settings = _settings()
    asyncio.run(upgrade(settings.database_url, args.revision))
    out.write(f"database upgraded to {args.revision}\n")
    return 0


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.web.app import run

    settings = _settings()
    changes: dict[str, object] = {}
    if args.host:
        changes["host"] = args.host
    if args.port is not None:
        changes["port"] = args.port
    run(settings.with_(**changes) if changes else settings)
    return 0


def _cmd_chat(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.channels.terminal.chat import chat

    return chat(_settings(), lang=args.lang, out=out, user=args.as_user)


async def _with_proactive(settings: Settings, work: Any) -> Any:
    """Run ``work(proactive)`` with the database, the adapters and the sender of a server."""
    import aiohttp

    from strategibot.channels.teams.adapter import StrategibotAdapter
    from strategibot.web.lifecycle import build_checkins, build_proactive
    from strategibot.wiring import Assistant

    assistant = Assistant.load(settings)
    async with _database(settings) as factory, aiohttp.ClientSession() as session:
        checkins = build_checkins(settings, assistant, factory)
        if settings.example_organisation:
            await checkins.reporting.ensure_example_organisation()
        slack = None
        if settings.slack_signing_secret:
            from strategibot.channels.slack.adapter import SlackAdapter

            slack = SlackAdapter(settings, session)
        adapter = StrategibotAdapter(settings, session)
        proactive = build_proactive(settings, assistant, checkins.reporting, factory,
                                    adapter, slack)
        return await work(proactive)


def _cmd_digest_preview(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from strategibot.render import render
    from strategibot.render.teams import render_card
    from strategibot.render.text import render_text

    async def work(proactive: Any) -> Any:
        now = dt.datetime.now(dt.UTC)
        year, week, _ = now.isocalendar()
        reply, _figures = await proactive.digest_reply(args.lang, f"{year}-W{week:02d}")
        return reply

    reply = asyncio.run(_with_proactive(_settings(), work))
    if args.format == "teams":
        out.write(json.dumps(render_card(reply), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "slack":
        out.write(json.dumps(render(reply, "slack").channel_data, ensure_ascii=False,
                             indent=2) + "\n")
    else:
        out.write(render_text(reply) + "\n")
    return 0


def _cmd_digest_send_now(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    async def work(proactive: Any) -> Any:
        subscriptions = [s for s in await proactive.subscriptions() if s.active]
        if args.subscription is not None:
            subscriptions = [s for s in subscriptions if s.id == args.subscription]
        period = "now-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        return [await proactive.run_digest(s.id, period) for s in subscriptions]

    results = asyncio.run(_with_proactive(_settings(), work))
    for result in results:
        out.write(f"{result.kind} to conversation {result.conversation_id}: {result.status}\n")
    if not results:
        out.write("digest send-now: no active subscription\n")
        return 1
    return 0 if all(r.status == "sent" for r in results) else 1


def _cmd_deliveries(args: argparse.Namespace, out: TextIO) -> int:
    from sqlalchemy import select

    from strategibot.store.db import session_scope
    from strategibot.store.tables import Delivery

    settings = _settings()

    async def run() -> None:
        async with _database(settings) as factory, session_scope(factory) as session:
            rows = (await session.scalars(
                select(Delivery).order_by(Delivery.id.desc()).limit(args.limit))).all()
            for row in rows:
                out.write(json.dumps({
                    "id": row.id, "kind": row.kind, "conversation": row.conversation_id,
                    "subscription": row.subscription_id, "period": row.period,
                    "status": row.status, "attempts": row.attempts,
                    "http_status": row.http_status, "error": row.error,
                    "claimed_at": row.claimed_at.isoformat(),
                    "finished_at": row.finished_at.isoformat() if row.finished_at else None,
                }, ensure_ascii=False) + "\n")

    asyncio.run(run())
    return 0


def _cmd_package_teams(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.channels.teams.package import build_teams_package

    out.write(f"{build_teams_package(_settings(), Path(args.out))}\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strategibot",
        description="Answers questions about Koncernstrategi 2019, in Teams, Slack or here.",
    )
    parser.add_argument("--version", action="version", version=f"strategibot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the bot service (Teams and Slack endpoints)")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1 without an app id)")
    serve.add_argument("--port", type=int, help="port (default 3978 or $PORT)")
    serve.set_defaults(func=_cmd_serve)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=["da", "en"], default="da")
    chat.add_argument("--as", dest="as_user", metavar="EMAIL",
                      help="check in as this leader (e.g. ole.thomsen@ltk.example)")
    chat.set_defaults(func=_cmd_chat)

    ask = commands.add_parser("ask", help='answer a question: ask "…", or ask - for JSON lines')
    ask.add_argument("question", nargs="+", help="the question, or - to read lines from stdin")
    ask.add_argument("--lang", choices=["da", "en"], help="language when the question is unclear")
    ask.add_argument("--record", action="store_true",
                     help="log unanswered questions to the database, as the bot does")
    ask.set_defaults(func=_cmd_ask)

    kb = commands.add_parser("kb", help="the knowledge base").add_subparsers(
        dest="kb_command", required=True)
    check = kb.add_parser("check", help="validate the knowledge files")
    check.add_argument("--dir", help="a strategy folder to check instead of the configured one")
    check.set_defaults(func=_cmd_kb_check)
    evaluate = kb.add_parser("eval", help="measure answers against the question set")
    evaluate.add_argument("--file", help="question set (default: eval/questions.yaml)")
    evaluate.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--unseen", action="store_true",
                          help="only questions that are not word for word one of the entries'")
    evaluate.add_argument("--min-accuracy", type=float, default=0.0)
    evaluate.add_argument("--min-refusal", type=float, default=0.0)
    evaluate.set_defaults(func=_cmd_kb_eval)
    unanswered = kb.add_parser("unanswered", help="questions the bot could not answer (JSON lines)")
    unanswered.add_argument("--limit", type=int, default=200)
    unanswered.set_defaults(func=_cmd_kb_unanswered)

    org = commands.add_parser("org", help="the organisation").add_subparsers(
        dest="org_command", required=True)
    org_import = org.add_parser("import", help="load the organisation from a CSV export")
    org_import.add_argument("file", help="CSV with columns centre_code, centre_name, "
                            "centre_chief_email, unit_code, unit_name, leader_email, fte")
    org_import.set_defaults(func=_cmd_org_import)

    digest = commands.add_parser("digest", help="the progress digest").add_subparsers(
        dest="digest_command", required=True)
    preview = digest.add_parser("preview", help="print the digest as it would be posted now")
    preview.add_argument("--format", choices=["teams", "slack", "text"], default="text")
    preview.add_argument("--lang", choices=["da", "en"], default="da")
    preview.set_defaults(func=_cmd_digest_preview)
    send_now = digest.add_parser("send-now", help="send the digest to subscribed conversations")
    send_now.add_argument("--subscription", type=int, help="only this subscription id")
    send_now.set_defaults(func=_cmd_digest_send_now)
    deliveries = commands.add_parser("deliveries", help="the delivery log (JSON lines)")
    deliveries.add_argument("--limit", type=int, default=100)
    deliveries.set_defaults(func=_cmd_deliveries)

    package = commands.add_parser("package", help="build an app package").add_subparsers(
        dest="package_command", required=True)
    teams_package = package.add_parser("teams", help="the Teams app package for the admin center")
    teams_package.add_argument("--out", default="dist", help="folder to write it to")
    teams_package.set_defaults(func=_cmd_package_teams)

    db = commands.add_parser("db", help="the database").add_subparsers(
        dest="db_command", required=True)
    db_upgrade = db.add_parser("upgrade", help="apply migrations")
    db_upgrade.add_argument("revision", nargs="?", default="head")
    db_upgrade.set_defaults(func=_cmd_db_upgrade)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args, sys.stdout)
    except ConfigError as exc:
        sys.stderr.write(f"strategibot: invalid setting: {exc}\n")
        return 2
    except KnowledgeFileInvalid as exc:
        sys.stderr.write(f"strategibot: {exc}\n")
        return 1
    except StrategibotError as exc:
        sys.stderr.write(f"strategibot: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    return code
