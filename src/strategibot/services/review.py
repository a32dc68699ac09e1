"""The strategy office's review loop: the questions the bot could not answer, grouped; an
admin attaches one to an entry as a new phrasing, or marks it out of scope.

**The overlay.** Attached phrasings are rows of ``review_decisions``, an overlay over
``knowledge/``: :meth:`Review.load` hands them to the running engine
(:meth:`~strategibot.domain.answers.engine.AnswerEngine.set_overlay`, tens of microseconds a
phrasing), so the next question in those words is answered with the entry — no restart. The
replica that saves a decision loads the overlay again at once; every other replica compares the
table's fingerprint (its number of rows and newest id: one indexed query) every
:data:`REFRESH_SECONDS` and loads it when it changed (:meth:`Review.watch`), so a phrasing
answers on every replica within that time, undos too. ``kb export-phrasings`` writes the
phrasings into ``phrasings.yaml`` for committing back to ``knowledge/``; once deployed they are
part of the entries, and the overlay rows are harmless duplicates.

Validation is the YAML's (:mod:`strategibot.domain.answers.review`), against the knowledge base
and the phrasings attached so far; a decision is all or nothing. Nothing here knows who asked a
question: the log has no user, and a wording with what looks like personal data is shown
masked and never becomes a phrasing.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.domain.answers.engine import Answer, AnswerEngine
from strategibot.domain.answers.entries import entry_texts
from strategibot.domain.answers.review import (
    Group,
    Logged,
    Phrasing,
    Refusal,
    ReviewRefused,
    Wording,
    clean,
    group_questions,
    header_of,
    mask,
    merge_phrasings,
    parse_candidates,
    phrasing_problem,
    question_key,
    render_phrasings,
)
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.normalise import fold_text, words
from strategibot.errors import StorageError
from strategibot.services.content import Content
from strategibot.store.db import session_scope
from strategibot.store.review import (
    all_decisions,
    decision,
    decisions_by_key,
    fingerprint,
    recent_questions,
)
from strategibot.store.tables import ReviewDecision

__all__ = ["REFRESH_SECONDS", "Decision", "Effect", "Export", "Made", "Review"]

log = logging.getLogger(__name__)

REFRESH_SECONDS = 5.0
"""How often a replica checks for decisions made on another (the most an attached phrasing
takes to answer there)."""
MAX_AT_ONCE = 50
"""The most questions one decision takes."""
RANKED = 50
"""The most groups the engine ranks entries for (the page shows 30)."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision of the review: a phrasing of ``entry_id``, or (None) out of scope."""

    id: int
    question: str
    lang: str
    entry_id: str | None
    decided_by: str
    decided_at: dt.datetime

    @property
    def out_of_scope(self) -> bool:
        return self.entry_id is None

    @staticmethod
    def of(row: ReviewDecision) -> Decision:
        at = row.decided_at if row.decided_at.tzinfo else row.decided_at.replace(tzinfo=dt.UTC)
        return Decision(row.id, row.question, row.lang, row.entry_id, row.decided_by, at)


@dataclass(frozen=True, slots=True)
class Effect:
    """What the engine answers a phrasing with now that it is attached."""

    question: str
    outcome: str
    """``answer``, ``unknown`` (a partial answer), ``clarify``"""
    kind: str
    """``entry``, ``passage``, ``parts``, ``partial`` or ``""``"""
    entry_id: str | None

    @staticmethod
    def of(answer: Answer) -> Effect:
        return Effect(answer.question, str(answer.outcome), answer.kind, answer.entry_id)


@dataclass(frozen=True, slots=True)
class Made:
    """The decisions saved, and for phrasings what the engine now answers them with."""

    decisions: tuple[Decision, ...]
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True, slots=True)
class Export:
    """``phrasings.yaml`` with the attached phrasings merged in."""

    text: str
    added: tuple[Phrasing, ...]
    """the phrasings it adds to what was there"""
    problems: tuple[tuple[int, Refusal], ...]
    """attached phrasings (decision id, why) that the knowledge base no longer takes"""


class Review:
    """The review loop over one database and one running engine."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], content: Content, *,
                 refresh: float = REFRESH_SECONDS,
                 now: Callable[[], dt.datetime] = _utc_now) -> None:
        self.factory = factory
        self.kb: KnowledgeBase = content.kb
        self.engine: AnswerEngine = content.engine
        self.refresh_seconds = refresh
        self.now = now
        self._known: dict[str, str] = {}
        """folded title, question or keyword → its entry (knowledge/)"""
        for entry in self.kb.entries.values():
            for text in entry_texts(entry):
                self._known.setdefault(fold_text(text), entry.id)
        self._fingerprint: tuple[int, int] | None = None
        self._lock = asyncio.Lock()
        self.loaded_at: float | None = None
        """when the overlay was last loaded (monotonic seconds)"""

    # ------------------------------------------------------------------ the overlay
    async def load(self) -> int:
        """Hand every attached phrasing to the engine; how many it answers."""
        async with self._lock:
            async with session_scope(self.factory) as session:
                mark = await fingerprint(session)
                rows = await all_decisions(session)
            phrasings = [(r.entry_id, r.question) for r in rows if r.entry_id is not None]
            left = self.engine.set_overlay(phrasings)
            for entry_id, text in left:
                log.warning("review: an attached phrasing is not used", extra={
                    "entry": entry_id, "problem": self._why_left(entry_id, text)})
            self._fingerprint = mark
            self.loaded_at = asyncio.get_running_loop().time()
            return len(self.engine.overlay)

    def _why_left(self, entry_id: str, text: str) -> str:
        if entry_id not in self.kb.entries:
            return "the entry is no longer in knowledge/"
        owner = self._known.get(fold_text(text))
        if owner is not None and owner != entry_id:
            return f"knowledge/ has it as a question of {owner}"
        return "another entry has a phrasing in the same words"

    async def refresh(self) -> bool:
        """Load the overlay again if a decision was made or undone since (on any replica)."""
        async with session_scope(self.factory) as session:
            mark = await fingerprint(session)
        if mark == self._fingerprint:
            return False
        await self.load()
        return True

    async def watch(self) -> None:
        """Keep the overlay current: :meth:`refresh` every ``refresh`` seconds, until
        cancelled. A failed check is logged and tried again at the next."""
        while True:
            await asyncio.sleep(self.refresh_seconds)
            try:
                if await self.refresh():
                    log.info("review: phrasings loaded", extra={
                        "phrasings": len(self.engine.overlay)})
            except StorageError as exc:
                log.warning("review: the overlay could not be checked",
                            extra={"problem": str(exc)[:200]})
            except Exception:  # the watcher must outlive any one failure
                log.exception("review: the overlay check failed")

    # ------------------------------------------------------------------ reading
    async def _logged(self) -> tuple[list[Logged], set[str]]:
        async with session_scope(self.factory) as session:
            rows = await recent_questions(session)
            decided = {row.key for row in await all_decisions(session)}
        logged = [Logged(question=r.question, lang=r.lang, outcome=r.outcome, score=r.score,
                         candidates=parse_candidates(r.candidates),
                         asked_at=r.asked_at if r.asked_at.tzinfo
                         else r.asked_at.replace(tzinfo=dt.UTC)) for r in rows]
        return logged, decided

    async def groups(self, ranked: int | None = RANKED) -> list[Group]:
        """The questions not answered with confidence and not decided on, grouped by
        similarity, the most asked first; the first ``ranked`` with the engine's nearest
        entries now (the others: those logged with the questions)."""
        logged, decided = await self._logged()
        return group_questions(logged, decided=decided, rank=self._rank, ranked=ranked)

    def _rank(self, question: str) -> list[tuple[str, float]]:
        ranked, _ = self.engine.rank(question)
        return [(self.engine.entry_id(i), score) for i, score, _ in ranked[:3]]

    async def decisions(self, limit: int | None = None) -> list[Decision]:
        """The decisions made, the newest first."""
        async with session_scope(self.factory) as session:
            return [Decision.of(r) for r in await all_decisions(session, newest_first=True,
                                                                  limit=limit)]

    async def _wordings(self, keys: Sequence[str]) -> dict[str, Wording]:
        """The logged wordings of ``keys`` (ungrouped)."""
        logged, decided = await self._logged()
        wanted = set(keys)
        rows = [r for r in logged if question_key(r.question) in wanted]
        found: dict[str, Wording] = {}
        for group in group_questions(rows, decided=decided, threshold=2.0):
            for wording in group.wordings:
                found[wording.key] = wording
        return found

    async def match_keys(self, prefixes: Sequence[str]) -> list[str]:
        """The keys of logged questions not decided on that begin with ``prefixes`` (as
        ``kb review`` shows them: the first ten characters).

        Raises:
            ReviewRefused: 404 (no such question), 400 (a prefix that names several).
        """
        logged, decided = await self._logged()
        keys = {question_key(r.question) for r in logged} - decided
        found: list[str] = []
        for prefix in prefixes:
            prefix = prefix.strip().lower()
            matches = sorted(k for k in keys if prefix and k.startswith(prefix))
            if not matches:
                raise ReviewRefused(404, [Refusal("not_logged", {"count": 1})])
            if len(matches) > 1:
                raise ReviewRefused(400, [Refusal("ambiguous", {"key": prefix[:40]})])
            found.append(matches[0])
        return found

    # ------------------------------------------------------------------ deciding
    def _owners(self) -> dict[str, str]:
        owners = dict(self._known)
        for entry_id, text in self.engine.overlay:
            owners.setdefault(fold_text(text), entry_id)
        return owners

    def _phrasing(self, text: str, entry_id: str, lang: str | None,
                  owners: dict[str, str]) -> tuple[Phrasing, Refusal | None]:
        text = clean(text)
        phrasing = Phrasing(entry_id, lang or self.engine.detect(text), text)
        problem = phrasing_problem(phrasing, self.kb.entries, owners)
        if problem is None and words(text):
            other = self.engine.attached(text)
            if other is not None and other != entry_id:
                problem = Refusal("taken_attached", {"question": text, "entry": other})
        return phrasing, problem

    async def attach(self, questions: Sequence[str], entry_id: str, *, by: str,
                     lang: str | None = None) -> Made:
        """Attach ``questions`` to ``entry_id`` as new phrasings (``lang``: their language,
        else as detected), all or none.

        Raises:
            ReviewRefused: 400 (a phrasing the knowledge base would not take, with every
                problem), 409 (a question decided on already).
        """
        texts = [clean(q) for q in questions]
        if not texts or not all(texts):
            raise ReviewRefused(400, [Refusal("none")])
        return await self._attach(texts, entry_id, by=by, lang=lang)

    async def attach_logged(self, keys: Sequence[str], entry_id: str, *, by: str) -> Made:
        """Attach logged questions (by their keys, as the review page lists them).

        Raises:
            ReviewRefused: 404 (not in the log), 400, 409 (see :meth:`attach`).
        """
        found = await self._found(keys)
        personal = [w.text for w in found if w.personal]
        if personal:
            raise ReviewRefused(400, [Refusal("personal", {"question": text})
                                      for text in personal])
        return await self._attach([w.text for w in found], entry_id, by=by, lang=None,
                                  langs={w.text: w.lang for w in found})

    async def _attach(self, texts: Sequence[str], entry_id: str, *, by: str,
                      lang: str | None, langs: dict[str, str] | None = None) -> Made:
        if entry_id not in self.kb.entries:
            raise ReviewRefused(400, [Refusal("unknown_entry", {"entry": entry_id[:100]})])
        if len(texts) > MAX_AT_ONCE:
            raise ReviewRefused(400, [Refusal("too_many", {"most": MAX_AT_ONCE})])
        async with session_scope(self.factory) as session:
            decided = await decisions_by_key(session, [question_key(t) for t in texts])
        if decided:
            raise ReviewRefused(409, [self._decided(Decision.of(row))
                                      for row in decided.values()])
        owners = self._owners()
        problems: list[Refusal] = []
        rows: dict[str, ReviewDecision] = {}
        for text in texts:
            phrasing, problem = self._phrasing(text, entry_id, lang or (langs or {}).get(text),
                                               owners)
            if problem is not None:
                problems.append(problem)
                continue
            rows.setdefault(question_key(text), ReviewDecision(
                key=question_key(text), question=phrasing.text, lang=phrasing.lang,
                entry_id=entry_id))
        if problems:
            raise ReviewRefused(400, problems)
        made = await self._save(list(rows.values()), by)
        await self.load()
        effects = tuple(Effect.of(self.engine.answer(d.question)) for d in made)
        return Made(tuple(made), effects)

    async def out_of_scope(self, questions: Sequence[str], *, by: str) -> Made:
        """Mark ``questions`` as outside the strategy: they leave the review. Kept masked.

        Raises:
            ReviewRefused: 400 (no question), 409 (decided on already).
        """
        texts = [clean(q) for q in questions]
        if not texts or not all(words(t) for t in texts):
            raise ReviewRefused(400, [Refusal("none")])
        if len(texts) > MAX_AT_ONCE:
            raise ReviewRefused(400, [Refusal("too_many", {"most": MAX_AT_ONCE})])
        rows = {question_key(t): ReviewDecision(key=question_key(t), question=mask(t)[:2000],
                                                lang=self.engine.detect(t), entry_id=None)
                for t in texts}
        return Made(tuple(await self._save(list(rows.values()), by)))

    async def out_of_scope_logged(self, keys: Sequence[str], *, by: str) -> Made:
        """Mark logged questions (by key) out of scope."""
        found = await self._found(keys)
        rows = [ReviewDecision(key=w.key, question=w.text[:2000], lang=w.lang, entry_id=None)
                for w in found]
        return Made(tuple(await self._save(rows, by)))

    async def _found(self, keys: Sequence[str]) -> list[Wording]:
        wanted = list(dict.fromkeys(k for k in keys if k))
        if not wanted:
            raise ReviewRefused(400, [Refusal("none")])
        if len(wanted) > MAX_AT_ONCE:
            raise ReviewRefused(400, [Refusal("too_many", {"most": MAX_AT_ONCE})])
        found = await self._wordings(wanted)
        missing = [k for k in wanted if k not in found]
        if missing:
            async with session_scope(self.factory) as session:
                decided = await decisions_by_key(session, missing)
            if decided:
                raise ReviewRefused(409, [self._decided(Decision.of(row))
                                          for row in decided.values()])
            raise ReviewRefused(404, [Refusal("not_logged", {"count": len(missing)})])
        return [found[k] for k in wanted]

    @staticmethod
    def _decided(made: Decision) -> Refusal:
        values = {"question": made.question, "by": made.decided_by, "decision": made.id,
                  "day": made.decided_at.date().isoformat()}
        if made.entry_id is None:
            return Refusal("decided_out", values)
        return Refusal("decided", {**values, "entry": made.entry_id})

    async def _save(self, rows: list[ReviewDecision], by: str) -> list[Decision]:
        at = self.now()
        who = (by or "unknown")[:320]
        try:
            async with session_scope(self.factory) as session:
                existing = await decisions_by_key(session, [r.key for r in rows])
                if existing:
                    raise ReviewRefused(409, [self._decided(Decision.of(row))
                                              for row in existing.values()])
                for row in rows:
                    row.decided_by, row.decided_at = who, at
                    session.add(row)
                await session.flush()
                return [Decision.of(row) for row in rows]
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError):  # another admin, at this instant
                raise ReviewRefused(409, [Refusal("raced")]) from None
            raise

    async def undo(self, number: int, *, by: str) -> Decision:
        """Undo decision ``number``: its question returns to the review; a phrasing stops
        answering (here at once, elsewhere within :data:`REFRESH_SECONDS`).

        Raises:
            ReviewRefused: 404 when there is no such decision.
        """
        async with session_scope(self.factory) as session:
            row = await decision(session, number)
            if row is None:
                raise ReviewRefused(404, [Refusal("no_decision", {"decision": number})])
            undone = Decision.of(row)
            # by its number, counted: of two undos at once (a double click) one deletes it,
            # the other finds nothing to delete and is refused like any undo of no decision
            result = await session.execute(
                delete(ReviewDecision).where(ReviewDecision.id == number))
            if not getattr(result, "rowcount", 0):
                raise ReviewRefused(404, [Refusal("no_decision", {"decision": number})])
        log.info("review: decision undone", extra={"decision": number, "by_admin": bool(by)})
        if undone.entry_id is not None:
            await self.load()
        return undone

    # ------------------------------------------------------------------ export
    async def export(self, existing: str | None) -> Export:
        """``phrasings.yaml`` (``existing``: its text now, None if there is none) with every
        attached phrasing merged in — checked against the knowledge base as ``kb check``
        would check it."""
        import yaml

        from strategibot.domain.knowledge.schema import PhrasingsFile

        table: dict[str, dict[str, list[str]]] = {}
        header = ""
        if existing is not None:
            try:
                data = yaml.safe_load(existing) or {}
                table = PhrasingsFile.model_validate(data).phrasings  # type: ignore[assignment]
            except (yaml.YAMLError, ValueError) as exc:
                raise ReviewRefused(400, [Refusal("bad_file", {
                    "problem": " ".join(str(exc).split())[:300]})]) from None
            header = header_of(existing)
        async with session_scope(self.factory) as session:
            rows = [Decision.of(r) for r in await all_decisions(session) if r.entry_id]
        problems: list[tuple[int, Refusal]] = []
        added: list[Phrasing] = []
        owners = dict(self._known)
        for entry_id, by_lang in table.items():
            for items in by_lang.values():
                for text in items:
                    owners.setdefault(fold_text(text), entry_id)
        for row in rows:
            assert row.entry_id is not None
            phrasing = Phrasing(row.entry_id, row.lang, row.question)
            problem = phrasing_problem(phrasing, self.kb.entries, owners)
            if problem is not None:
                problems.append((row.id, problem))
                continue
            owners.setdefault(fold_text(row.question), row.entry_id)
            added.append(phrasing)
        present = {entry.id: {fold_text(q) for lang in ("da", "en")
                              for q in entry.questions[lang]}
                   for entry in self.kb.entries.values()}
        merged, new = merge_phrasings(table, added, present)
        return Export(render_phrasings(merged, header), tuple(new), tuple(problems))


async def stop_watching(task: asyncio.Task[None]) -> None:
    """Cancel a :meth:`Review.watch` task and wait for it."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
