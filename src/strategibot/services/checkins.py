"""Check-ins as the application sees them: who may report for what, saving (committed before
anyone is told "saved"), undo, history and live progress. Channel-independent: the
conversation, the CLI and the scheduler use it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.domain.checkins.flows import Flows
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.knowledge.schema import DistinctFormsMetric, WeightedMeanMetric
from strategibot.domain.normalise import fold_text
from strategibot.domain.organisation import CentreInfo, Directory, UnitInfo
from strategibot.domain.progress.compute import (
    MIN_UNITS_SHOWN,
    GoalProgress,
    ReportView,
    compute_progress,
)
from strategibot.domain.progress.forms import FormGroup, FormRules, Override, form_key, group_forms
from strategibot.domain.progress.status import Phase, phase
from strategibot.errors import StorageError
from strategibot.services.organisation import OrganisationService
from strategibot.store.db import session_scope
from strategibot.store.organisation import load_directory
from strategibot.store.proposals import (
    Proposal,
    decide_proposal,
    form_overrides,
    last_proposal_at,
    pending_fte,
    pending_proposals,
    propose_fte,
    set_form_group,
    withdraw_proposal,
)
from strategibot.store.reports import (
    LatestReport,
    NewReport,
    history,
    is_undone,
    last_by,
    latest_reports,
    latest_values,
    lock_subject,
    newest_report,
    newest_report_at,
    recent_numbers,
    report_by_id,
    same_message,
    save_reports,
    saved_ids,
    standing_report,
    undo_report,
)
from strategibot.store.tables import FteProposal

__all__ = [
    "MAX_UNIT_FTE",
    "REMOVED",
    "Checkins",
    "Jump",
    "OneResult",
    "Reporter",
    "Subject",
    "UndoResult",
    "is_jump",
]

REMOVED = "__removed__"
"""In a value to save: the item (a form's key) to remove. It is stored as an empty value for
that item, which counts no more (and can be undone like any report)."""

JUMP_WINDOW = dt.timedelta(days=90)
"""How far back the figures a new one is compared with reach (README, "jump")."""
JUMP_EPSILON = 1e-6
"""12,8 + 5 is 17,8 exactly, whatever the floating point says."""

MAX_UNIT_FTE = 2000.0
"""A proposed FTE above this is refused: no unit of a municipality is that large."""

log = logging.getLogger(__name__)


_LOOSE = re.compile(r"([A-Za-zÆØÅæøå]{2,8})(?:\s+|-)?(\d{1,3})")
"""A unit's code as letters and a number, however written ("cpks 2", "CPKS-02")."""


@dataclass(frozen=True, slots=True)
class Subject:
    """What a check-in is about: a unit (unit goals) or a centre (centre goals)."""

    kind: str  # "unit" | "centre"
    id: int
    code: str
    name: str
    centre_id: int
    fte: float | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True, slots=True)
class Reporter:
    """The person checking in and what they may report for."""

    email: str | None
    subjects: tuple[Subject, ...] = ()
    admin: bool = False

    @property
    def may_report(self) -> bool:
        return bool(self.subjects) or self.admin


@dataclass(frozen=True, slots=True)
class OneResult:
    """What :meth:`Checkins.report_one` did: ``saved`` (``ids``), ``unchanged`` or ``jump``
    (nothing written until it is confirmed)."""

    status: str
    value: dict[str, Any]
    ids: list[int] = field(default_factory=list)
    jump: Jump | None = None
    before: dict[str, Any] | None = None
    """the standing value the save replaced, if there was one"""


def is_jump(seen: tuple[float, float], after: float, limit: float) -> bool:
    """Whether ``after`` lies more than ``limit`` from the farthest figure ``seen`` (lowest,
    highest) when it leaves their range — so a big change made in small steps is a jump."""
    low, high = seen
    if after > high:
        return after - low > limit + JUMP_EPSILON
    if after < low:
        return high - after > limit + JUMP_EPSILON
    return False


@dataclass(frozen=True, slots=True)
class Jump:
    """A new figure that differs from the subject's last one by more than the goal allows
    without asking."""

    goal_id: str
    low: float
    high: float
    """what the subject reported in the last :data:`JUMP_WINDOW`: from ``low`` to ``high``"""
    after: float


@dataclass(frozen=True, slots=True)
class UndoResult:
    status: str  # "undone" | "already" | "not-latest" | "not-allowed" | "not-found"
    report: LatestReport | None = None
    subject: Subject | None = None
    restored: LatestReport | None = None
    """the earlier report that applies again after the undo (None: there is no figure now)"""


def _aware(moment: dt.datetime) -> dt.datetime:
    """A stored time as aware UTC (SQLite gives it back naive, in UTC)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _unit_subject(unit: UnitInfo) -> Subject:
    return Subject("unit", unit.id, unit.code, unit.name, unit.centre_id, unit.fte)


def _centre_subject(centre: CentreInfo) -> Subject:
    return Subject("centre", centre.id, centre.code, centre.name, centre.id)


class Checkins:
    """Check-in operations over one database."""

    def __init__(self, *, factory: async_sessionmaker[AsyncSession], kb: KnowledgeBase,
                 flows: Flows, organisation: OrganisationService, clock: Clock,
                 admins: frozenset[str] = frozenset(), forms: FormRules | None = None,
                 min_units: int = MIN_UNITS_SHOWN,
                 reader: async_sessionmaker[AsyncSession] | None = None) -> None:
        self.factory = factory
        self.kb = kb
        self.flows = flows
        self.organisation = organisation
        self.clock = clock
        self.admins = admins
        self.forms = forms or FormRules()
        self.min_units = min_units
        self.reader = reader or factory
        """reads of live progress go here (SQLite: never behind the writer)"""
        self._progress: tuple[tuple[Any, ...], Directory, dict[str, GoalProgress]] | None = None
        """the last progress computed: its key (data version, day, moment), its organisation"""

    # ------------------------------------------------------------------ the period
    @property
    def phase(self) -> Phase:
        """Where today is in the strategy's period."""
        return phase(self.kb.strategy.period, self.clock.today())

    def accepts(self, reporter: Reporter) -> bool:
        """Whether ``reporter`` may check in today: from the period's start until reporting
        for it closes; outside that only an admin (to correct a figure)."""
        return self.phase in (Phase.RUNNING, Phase.CLOSING) or reporter.admin

    async def directory(self) -> Directory:
        return await self.organisation.directory()

    async def reporter(self, email: str | None) -> Reporter:
        if not email:
            return Reporter(None)
        email = email.strip().casefold()
        directory = await self.directory()
        subjects = [_unit_subject(u) for u in directory.units_led_by(email)]
        subjects += [_centre_subject(c) for c in directory.centres_led_by(email)]
        return Reporter(email, tuple(subjects), admin=email in self.admins)

    async def subject(self, reporter: Reporter, code: str) -> Subject | None:
        """The unit or centre ``code`` (or, among the reporter's own, its name:
        "ret Kommunikation") if ``reporter`` may report for it."""
        for subject in reporter.subjects:
            if subject.code.casefold() == code.casefold():
                return subject
        loose = _LOOSE.fullmatch(code.strip())
        if loose is not None:  # "cpks 2", "CPKS2": the organisation writes "CPKS-02"
            prefix, number = loose.group(1).casefold(), int(loose.group(2))
            written = [s for s in reporter.subjects if (m := _LOOSE.fullmatch(s.code))
                       and m.group(1).casefold() == prefix and int(m.group(2)) == number]
            if len(written) == 1:
                return written[0]
        named = [s for s in reporter.subjects if fold_text(s.name) == fold_text(code)]
        if len(named) == 1:
            return named[0]
        if not reporter.admin:
            return None
        directory = await self.directory()
        unit = directory.unit_by_code(code)
        if unit is not None:
            return _unit_subject(unit)
        centre = next((c for c in directory.centres if c.code.casefold() == code.casefold()),
                      None)
        return _centre_subject(centre) if centre else None

    # ------------------------------------------------------------------ reports
    def goals_for(self, subject: Subject) -> list[str]:
        known = {g.id for g in self.kb.goals}
        return [g for g in self.flows.goals_for(subject.kind) if g in known]

    async def latest_for(self, subject: Subject) -> dict[tuple[str, int | None], LatestReport]:
        """The subject's latest standing report per (goal, theme) — of goals with one value
        per subject (see :meth:`items_for` for the others)."""
        rows = await self.latest_rows(subject)
        return {(row.goal_id, row.theme): row for row in rows if row.item is None}

    async def items_for(self, subject: Subject, goal_id: str) -> list[LatestReport]:
        """The subject's standing items of ``goal_id`` (its forms), removed ones left out."""
        rows = await self.latest_rows(subject)
        return sorted((r for r in rows if r.goal_id == goal_id and r.item and r.value),
                      key=lambda r: r.id)

    async def latest_rows(self, subject: Subject) -> list[LatestReport]:
        async with session_scope(self.factory) as session:
            if subject.kind == "unit":
                return await latest_reports(session, unit_id=subject.id)
            return await latest_reports(session, centre_id=subject.id)

    def item_of(self, goal_id: str, value: Mapping[str, Any]) -> str | None:
        """The item a value is, for a goal with several values per unit (a form's key)."""
        flow = self.flows.goals.get(goal_id)
        if flow is None or not flow.multiple:
            return None
        name = value.get(flow.fields[0].id)
        return form_key(str(name))[:120] or None if name else None

    async def figure_range(self, subject: Subject, goal_id: str) -> tuple[float, float] | None:
        """The lowest and highest figure the subject reported for ``goal_id`` in the last
        :data:`JUMP_WINDOW` (undone ones left out) — or its last figure, however old — or
        None."""
        async with session_scope(self.reader) as session:
            return await self._range(session, subject, goal_id)

    async def jumps(self, subject: Subject,
                    values: Sequence[tuple[str, int | None, dict[str, Any]]]) -> list[Jump]:
        """The values whose figure is a jump (:func:`is_jump`) from what the subject reported
        in the last :data:`JUMP_WINDOW` — so a big change made in small steps is confirmed
        too."""
        found = []
        for goal_id, _theme, value in values:
            goal = self.kb.goal(goal_id)
            after = self.number_of(goal_id, value)
            if goal.jump is None or after is None:
                continue
            seen = await self.figure_range(subject, goal_id)
            if seen is None:
                continue
            if is_jump(seen, after, goal.jump):
                found.append(Jump(goal_id, seen[0], seen[1], after))
        return found

    def number_of(self, goal_id: str, value: Mapping[str, Any]) -> float | None:
        """The figure a report carries, if its goal's metric reads one (kept in its own
        column for queries)."""
        metric = self.kb.goal(goal_id).metric
        if isinstance(metric, WeightedMeanMetric):
            number = value.get(metric.value)
            if isinstance(number, int | float) and not isinstance(number, bool):
                return float(number)
        return None

    async def save(self, reporter: Reporter, subject: Subject,
                   values: Sequence[tuple[str, int | None, dict[str, Any]]], *, channel: str,
                   activity_id: str | None) -> list[int]:
        """Store the values (goal, theme, value) for ``subject``; committed on return.

        A redelivered activity is stored once: its first rows' ids come back again.
        """
        unit_id = subject.id if subject.kind == "unit" else None
        reports = [NewReport(goal, subject.centre_id, unit_id, theme, {}, None,
                             str(value[REMOVED])) if REMOVED in value else
                   NewReport(goal, subject.centre_id, unit_id, theme, value,
                             self.number_of(goal, value), self.item_of(goal, value))
                   for goal, theme, value in values]
        by = reporter.email or "unknown"
        try:
            async with session_scope(self.factory) as session:
                await lock_subject(session, subject.centre_id, unit_id)
                if await self._all_standing(session, subject, reports):
                    # this very message again: its rows, as they were saved; else the same
                    # values again (a double click): nothing is stored twice
                    return await saved_ids(session, activity_id, len(reports)) \
                        if activity_id else []
                return await save_reports(session, reports, by=by, channel=channel,
                                          activity_id=activity_id, at=self.clock.now())
        except StorageError:
            if not activity_id:
                raise
            async with session_scope(self.factory) as session:  # lost a race to a replica
                ids = await saved_ids(session, activity_id, len(reports))
            if not ids:
                raise
            return ids

    @staticmethod
    async def _all_standing(session: AsyncSession, subject: Subject,
                            reports: Sequence[NewReport]) -> bool:
        """Whether every one of ``reports`` is what already stands for ``subject`` (read in
        the write's own transaction, after :func:`lock_subject`)."""
        rows = await (latest_reports(session, unit_id=subject.id) if subject.kind == "unit"
                      else latest_reports(session, centre_id=subject.id))
        standing = {(r.goal_id, r.theme, r.item): r.value for r in rows}
        return all(standing.get((r.goal_id, r.theme, r.item)) == r.value if r.value
                   else not standing.get((r.goal_id, r.theme, r.item))  # a removal
                   for r in reports)

    async def report_one(self, reporter: Reporter, subject: Subject, goal_id: str,
                         theme: int | None, value: dict[str, Any], *, channel: str,
                         activity_id: str | None, confirmed: bool = False,
                         defaults: Mapping[str, Any] | None = None,
                         corrects: bool = False) -> OneResult:
        """A one-liner's value, merged with the subject's standing one and saved — in ONE
        transaction: the standing value read, the jump checked, the report written (README,
        "Speed": a one-liner takes at most two transactions, this and the turn's read of its
        flow states). Nothing is written when nothing changes or a jump needs "er du
        sikker?" first (``confirmed`` skips that question). ``defaults``: what the line
        implies but does not say, for a value with no standing one ("afprøvet" alone: not yet
        evaluated — but a panel evaluated before stays evaluated). ``corrects``: the value
        corrects the one standing ("nej vent, det var 12,2"), which is undone in the same
        transaction — a slip, no figure the unit had (nor one a later figure is a jump from) —
        and is not asked about as a jump."""
        goal = self.kb.goal(goal_id)
        confirmed = confirmed or corrects
        item = self.item_of(goal_id, value)
        unit_id = subject.id if subject.kind == "unit" else None
        try:
            async with session_scope(self.factory) as session:
                await lock_subject(session, subject.centre_id, unit_id)
                rows = await (latest_reports(session, unit_id=subject.id) if unit_id
                              else latest_reports(session, centre_id=subject.id))
                slip = next((r for r in rows if r.goal_id == goal_id and r.theme == theme
                             and r.item == item and r.value), None) if corrects else None
                if slip is not None:
                    await undo_report(session, slip.id, by=reporter.email or "unknown",
                                      channel=channel, activity_id=activity_id,
                                      at=self.clock.now())
                    rows = await (latest_reports(session, unit_id=subject.id) if unit_id
                                  else latest_reports(session, centre_id=subject.id))
                before = next((r.value for r in rows if r.goal_id == goal_id and
                               r.theme == theme and r.item == item and r.value), None)
                if before is None and item is not None:
                    # the same form by another name ("citizen panel" beside a standing
                    # "borgerpanel"): that one is updated, under the name it has
                    same = next((r for r in rows if r.goal_id == goal_id and r.theme == theme
                                 and r.item and r.value and self.forms.same(r.item, item)), None)
                    if same is not None:
                        item, before = same.item, same.value
                        main = self.flows.goals[goal_id].fields[0].id
                        value = {**value, main: same.value.get(main, value.get(main))}
                merged = self.flows.consistent(goal_id, {**(defaults or {}), **(before or {}),
                                                         **value})
                if before is not None and merged == before and slip is None:
                    # (a correction back to the value before the slip is saved: the slip is
                    # undone, and "Intet er ændret" told the leader nothing happened)
                    if activity_id:  # this very message again (its "Gemt" never arrived)
                        ids = await saved_ids(session, activity_id, 1)
                        if ids:
                            return OneResult("saved", merged, ids)
                    return OneResult("unchanged", merged)
                after = self.number_of(goal_id, merged)
                if not confirmed and goal.jump is not None and after is not None:
                    seen = await self._range(session, subject, goal_id)
                    if seen is not None and is_jump(seen, after, goal.jump):
                        return OneResult("jump", merged, jump=Jump(goal_id, *seen, after))
                report = NewReport(goal_id, subject.centre_id, unit_id, theme, merged, after,
                                   item)
                ids = await save_reports(session, [report], by=reporter.email or "unknown",
                                         channel=channel, activity_id=activity_id,
                                         at=self.clock.now())
        except StorageError:
            if not activity_id:
                raise
            async with session_scope(self.factory) as session:  # lost a race to a replica
                ids = await saved_ids(session, activity_id, 1)
            if not ids:
                raise
            return OneResult("saved", value, ids)
        return OneResult("saved", merged, ids, before=before)

    async def _range(self, session: AsyncSession, subject: Subject,
                     goal_id: str) -> tuple[float, float] | None:
        unit_id = subject.id if subject.kind == "unit" else None
        numbers = await recent_numbers(session, goal_id, subject.centre_id, unit_id,
                                       self.clock.now() - JUMP_WINDOW)
        if not numbers:  # nothing lately: the last figure, however old, is the reference
            rows = await (latest_reports(session, unit_id=subject.id) if unit_id
                          else latest_reports(session, centre_id=subject.id))
            numbers = [r.number for r in rows if r.goal_id == goal_id and r.number is not None]
        return (min(numbers), max(numbers)) if numbers else None

    async def undo(self, reporter: Reporter, report_id: int, *, channel: str,
                   activity_id: str | None) -> UndoResult:
        async with session_scope(self.factory) as session:
            rows = await report_by_id(session, report_id)
            if rows is None:
                return UndoResult("not-found")
            await lock_subject(session, rows.centre_id, rows.unit_id)  # one undo at a time
            subject = next((s for s in reporter.subjects if
                            (s.kind == "unit" and s.id == rows.unit_id) or
                            (s.kind == "centre" and rows.unit_id is None
                             and s.id == rows.centre_id)), None)
            if subject is None and not reporter.admin:
                return UndoResult("not-allowed", rows)
            if subject is None:
                directory = await load_directory(session)
                unit = next((u for u in directory.units if u.id == rows.unit_id), None)
                subject = _unit_subject(unit) if unit else _centre_subject(
                    directory.centre(rows.centre_id))
            try:
                undone = await undo_report(session, report_id, by=reporter.email or "unknown",
                                           channel=channel, activity_id=activity_id,
                                           at=self.clock.now())
            except LookupError:
                return UndoResult("not-found")
            if not undone:
                already = await is_undone(session, report_id)
                return UndoResult("already" if already else "not-latest", rows, subject)
            restored = await standing_report(session, rows.goal_id, rows.centre_id,
                                             rows.unit_id, rows.theme, rows.item)
            return UndoResult("undone", rows, subject, restored)

    async def last_action(self, reporter: Reporter) -> tuple[int, bool, dt.datetime] | None:
        """The latest report or undo ``reporter`` made: its id, whether it was not a report
        (an undo — or an FTE proposal made after it, which no undo can take back), when."""
        if not reporter.email:
            return None
        async with session_scope(self.reader) as session:
            last = await last_by(session, reporter.email)
            proposed = await last_proposal_at(session, reporter.email)
        if last is not None and proposed is not None and _aware(proposed) > _aware(last[2]):
            return last[0], True, last[2]
        return last

    async def same_message(self, report_id: int) -> list[int]:
        """The standing reports the message that wrote ``report_id`` wrote, newest first."""
        async with session_scope(self.reader) as session:
            return await same_message(session, report_id)

    async def history(self, reporter: Reporter, limit: int = 10) -> list[LatestReport]:
        unit_ids = [s.id for s in reporter.subjects if s.kind == "unit"]
        centre_ids = [s.id for s in reporter.subjects if s.kind == "centre"]
        by = reporter.email if reporter.admin else None  # an admin's corrections too
        async with session_scope(self.factory) as session:
            return await history(session, unit_ids=unit_ids, centre_ids=centre_ids, by=by,
                                 limit=limit)

    async def progress(self, today: dt.date | None = None) -> tuple[
            dict[str, GoalProgress], Directory]:
        """Live progress per goal, and the organisation it was computed over.

        On a shifted clock (``STRATEGIBOT_TODAY``) the figures are those as of the clock's
        now: reports made "later" (on the real date) are not counted.
        """
        as_of = self.clock.now() if self.clock.shifted else None
        directory = await self.organisation.directory()
        day = today or self.clock.today()
        async with session_scope(self.reader) as session:
            # the same reports, form decisions, organisation and day (on a shifted clock: the
            # same minute): the last figures stand — on digest day many ask at once, and at a
            # thousand units each computation reads and weighs every subject's latest report
            decisions = tuple(await form_overrides(session))
            key = (await newest_report(session), decisions, day,
                   as_of.replace(second=0, microsecond=0) if as_of else None)
            last = self._progress
            if last is not None and last[0] == key and last[1] is directory:
                return dict(last[2]), directory
            rows = await latest_values(session, as_of=as_of)
        overrides = [Override(k, g) for k, g in decisions]
        views = [ReportView(*row) for row in rows]
        themes = [t.number for t in self.kb.strategy.themes] or [1, 2, 3, 4]
        progress = compute_progress(
            self.kb.goals, directory, views, today=day, period=self.kb.strategy.period,
            themes=themes, grouping=lambda names: group_forms(names, self.forms, overrides),
            min_units=self.min_units)
        self._progress = (key, directory, progress)
        return dict(progress), directory

    # ------------------------------------------------------------------ FTE proposals
    async def propose_fte(self, reporter: Reporter, subject: Subject,
                          fte: float) -> tuple[Proposal | None, float | None]:
        """Keep a leader's proposed FTE for an admin to confirm; the unit's figure keeps its
        registered FTE until then. Also returns the FTE of the pending proposal it replaced.
        Nothing is proposed (None) when the figure is the registered one or the one waiting."""
        async with session_scope(self.factory) as session:
            replaced = await pending_fte(session, subject.id)
            if fte in (subject.fte, replaced):
                return None, replaced
            proposal = await propose_fte(session, subject.id, fte,
                                         by=reporter.email or "unknown", at=self.clock.now())
        return proposal, replaced

    async def keep_time(self) -> None:
        """A shifted clock (``STRATEGIBOT_TODAY``) restarted on a later real day goes on past
        the newest report rather than behind it (:meth:`Clock.not_before`)."""
        async with session_scope(self.factory) as session:
            newest = await newest_report_at(session)
        if newest is not None and (days := self.clock.not_before(newest)):
            log.warning("the shifted clock moved %d day(s) on, past the newest report (%s)",
                        days, newest.isoformat())

    async def withdraw_fte(self, proposal_id: int) -> bool:
        """Take back a pending proposal (committed on return); False if it no longer waits."""
        async with session_scope(self.factory) as session:
            return await withdraw_proposal(session, proposal_id, at=self.clock.now())

    async def proposals(self) -> list[Proposal]:
        async with session_scope(self.factory) as session:
            return await pending_proposals(session)

    async def proposal_status(self, proposal_id: int) -> str | None:
        """pending, confirmed, rejected or superseded; None for no such proposal."""
        async with session_scope(self.factory) as session:
            row = await session.get(FteProposal, proposal_id) if proposal_id > 0 else None
            return row.status if row is not None else None

    async def decide(self, reporter: Reporter, proposal_id: int, *,
                     confirm: bool) -> tuple[Proposal, float] | None:
        """An admin confirms or rejects a proposal (committed on return)."""
        async with session_scope(self.factory) as session:
            decided = await decide_proposal(session, proposal_id, confirm=confirm,
                                            by=reporter.email or "unknown",
                                            at=self.clock.now())
        if decided is not None and confirm:
            self.organisation.forget()  # the unit weighs in with its new FTE at once
        return decided

    # ------------------------------------------------------------------ forms
    def _forms_metric(self) -> tuple[str, DistinctFormsMetric] | None:
        for goal in self.kb.goals:
            if isinstance(goal.metric, DistinctFormsMetric):
                return goal.id, goal.metric
        return None

    async def form_groups(self) -> list[tuple[FormGroup, int]]:
        """The distinct forms reported (by the rule and the admins' decisions), each with the
        number of units that reported it."""
        found = self._forms_metric()
        if found is None:
            return []
        goal_id, metric = found
        async with session_scope(self.factory) as session:
            rows = [r for r in await latest_values(session) if r[0] == goal_id]
            overrides = [Override(k, g) for k, g in await form_overrides(session)]
        names = [str(r[4][metric.name]) for r in rows if r[4].get(metric.name)]
        groups = group_forms(names, self.forms, overrides)
        units: dict[str, set[int]] = {}
        for r in rows:
            name = r[4].get(metric.name)
            if not name or r[2] is None:
                continue
            for group in groups:
                if str(name).strip() in group.names:
                    units.setdefault(group.key, set()).add(r[2])
        return [(g, len(units.get(g.key, ()))) for g in groups]

    async def regroup(self, reporter: Reporter, name: str, into: str | None, *,
                      keys: bool = False) -> bool:
        """An admin puts the form ``name`` into the group of ``into`` (a merge) or, with
        ``into`` None, alone (a split); ``keys``: both are form keys already. False when a
        name has no key."""
        key = name if keys else form_key(name)
        group = key if into is None else into if keys else form_key(into)
        if not key or not group:
            return False
        async with session_scope(self.factory) as session:
            await set_form_group(session, key, group, by=reporter.email or "unknown",
                                 at=self.clock.now())
        return True

