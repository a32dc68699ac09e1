"""The schedule: APScheduler (AsyncIOScheduler, Europe/Copenhagen) runs the digests of every
active subscription, the weekly leader reminders and the daily deadline check — on one replica
only (the PostgreSQL advisory-lock leader; SQLite is single-process and always leads).

Jobs are rebuilt from the database at start, when a subscription changes here, and every
minute (a subscription made on another replica). At start the leader first finishes deliveries
that were claimed but never confirmed, then sends a digest missed while the bot was down, once,
if it is within the grace period.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from strategibot.core.clock import Clock
from strategibot.domain.holidays import is_working_day
from strategibot.domain.schedule import REMINDER_SCHEDULE, Schedule, missed_run, next_run
from strategibot.scheduling.triggers import apscheduler_trigger
from strategibot.services.digests import Digests
from strategibot.services.reminders import Reminders
from strategibot.store.conversations import active_subscriptions
from strategibot.store.db import session_scope

__all__ = ["REMINDER_SCHEDULE", "DigestScheduler"]

log = logging.getLogger(__name__)


class DigestScheduler:
    """Owns the AsyncIOScheduler and its jobs."""

    def __init__(self, *, digests: Digests, reminders: Reminders, clock: Clock,
                 grace: dt.timedelta = dt.timedelta(hours=12),
                 is_leader: Callable[[], bool] = lambda: True,
                 interval: float = 0.0,
                 retention: Callable[[], Awaitable[object]] | None = None) -> None:
        self.digests = digests
        self.retention = retention
        """The daily retention job (scheduling/retention.py), run at 03:30 on the leader."""
        self.reminders = reminders
        self.interval = interval
        """Tests and demos: every digest every ``interval`` seconds, periods being the
        ``interval``-long slots since the epoch (0: each subscription's own schedule)."""
        self.is_leader = is_leader
        """Checked before each job posts: a suspended or cut-off replica's lease runs out."""
        self.tz = clock.tz
        self.grace = grace
        self.clock = clock
        self.scheduler = AsyncIOScheduler(timezone=self.tz)
        self.scheduler.add_listener(self._job_error, EVENT_JOB_ERROR)
        self._signatures: dict[str, str] = {}
        self._posted: dict[int, int] = {}
        """Interval mode: the last slot each subscription's job posted."""
        self.running = False

    # ------------------------------------------------------------------ life cycle
    async def start(self) -> None:
        """Become the one that schedules: recover, catch up, then run the jobs."""
        if self.running:
            return
        self.running = True
        await self.digests.recover()
        if not self.interval:
            await self.digests.catch_up(grace=self.grace)
        await self.refresh()
        if self.interval:  # after the jobs exist, so no slot falls between the two
            await self._interval_catch_up()
        self.scheduler.add_job(self.refresh, IntervalTrigger(minutes=1), id="refresh",
                               replace_existing=True)
        self.scheduler.add_job(self._reminders, apscheduler_trigger(REMINDER_SCHEDULE, self.tz,
                                                                   self.clock.offset),
                               id="reminders", replace_existing=True)
        self.scheduler.add_job(self._deadlines, CronTrigger(hour=8, minute=0, timezone=self.tz),
                               id="deadlines", replace_existing=True)
        if self.retention is not None:
            self.scheduler.add_job(self.retention, CronTrigger(hour=3, minute=30,
                                                               timezone=self.tz),
                                   id="retention", replace_existing=True)
        if not self.scheduler.running:
            self.scheduler.start()
        else:
            self.scheduler.resume()
        log.info("scheduler started", extra={"jobs": len(self.scheduler.get_jobs())})

    async def stop(self) -> None:
        """Stop scheduling (leadership lost, or shutdown)."""
        if not self.running:
            return
        self.running = False
        for job in self.scheduler.get_jobs():
            job.remove()
        self._signatures.clear()
        self._posted.clear()
        if self.scheduler.running:
            self.scheduler.pause()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def on_leadership(self, leader: bool) -> None:
        if leader:
            await self.start()
        else:
            await self.stop()

    # ------------------------------------------------------------------ jobs
    async def refresh(self) -> None:
        """Make the digest jobs match the active subscriptions."""
        if not self.running:
            return
        async with session_scope(self.digests.factory) as session:
            subscriptions = [(s.id, s.schedule) for s in await active_subscriptions(session)]
        wanted = {f"digest-{sid}": text for sid, text in subscriptions}
        for job_id in list(self._signatures):
            if job_id not in wanted:
                self.scheduler.remove_job(job_id)
                del self._signatures[job_id]
        for job_id, text in wanted.items():
            if self._signatures.get(job_id) == text:
                continue
            schedule = Schedule.from_json(text)
            subscription_id = int(job_id.split("-")[1])
            if self.interval:
                # fire in the middle of each slot, so jitter never lands two runs in one
                now = self.clock.now().timestamp()
                middle = (now // self.interval + 0.5) * self.interval
                if middle <= now:  # this slot's middle is past: catch-up sent it
                    middle += self.interval
                # (APScheduler's times are real: the bot's clock may be shifted)
                start = dt.datetime.fromtimestamp(middle, dt.UTC) - self.clock.offset
                self.scheduler.add_job(self._interval_digest, IntervalTrigger(
                    seconds=self.interval, start_date=start), args=[subscription_id],
                    id=job_id, replace_existing=True, misfire_grace_time=None, coalesce=True)
            else:
                self.scheduler.add_job(self._digest, apscheduler_trigger(schedule, self.tz,
                                                                      self.clock.offset),
                                       args=[subscription_id, text], id=job_id,
                                       replace_existing=True, misfire_grace_time=None,
                                       coalesce=True)
            self._signatures[job_id] = text

    async def _digest(self, subscription_id: int, schedule_text: str) -> None:
        if not self.is_leader():
            return
        schedule = Schedule.from_json(schedule_text)
        now = self.clock.now()
        run = missed_run(schedule, None, now, dt.timedelta(days=1), self.tz)
        period = run.period if run is not None else next_run(schedule, now, self.tz).period
        await self.digests.run(subscription_id, period)

    def _slot(self, number: int) -> str:
        return f"t{self.interval:g}-{number}"

    def _due(self) -> int:
        """The latest slot whose middle (when its run is scheduled) has passed. A run that
        starts late, past the end of its slot on a busy machine, still posts its own slot:
        reading the slot from the clock alone lost that one and posted the next one early."""
        return int((self.clock.now().timestamp() - self.interval / 2) // self.interval)

    async def _interval_digest(self, subscription_id: int) -> None:
        if not self.is_leader():
            return
        due = self._due()
        last = self._posted.get(subscription_id, due - 1)
        # a run delayed past the next one's time is coalesced into it: make up the one slot
        # it skipped (a longer gap is an outage, made up once as at start)
        for number in range(max(last + 1, due - 1), due + 1):
            await self.digests.run(subscription_id, self._slot(number))
        self._posted[subscription_id] = due

    async def _interval_catch_up(self) -> None:
        """The slot that ended while no one led is made up once, and the current one too if
        its middle (when it would have run) has passed (interval mode)."""
        async with session_scope(self.digests.factory) as session:
            ids = [s.id for s in await active_subscriptions(session)]
        due = self._due()
        ended = int(self.clock.now().timestamp() // self.interval) - 1
        for subscription_id in ids:
            for number in range(ended, due + 1):
                await self.digests.run(subscription_id, self._slot(number))
            self._posted[subscription_id] = due

    async def _reminders(self) -> None:
        now = self.clock.local()
        if not self.is_leader() or not is_working_day(now.date()):
            return
        year, week, _ = now.isocalendar()
        monday = (now - dt.timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0,
                                                                   microsecond=0)
        await self.reminders.run_leaders(f"{year}-W{week:02d}", monday.astimezone(dt.UTC))

    async def _deadlines(self) -> None:
        if not self.is_leader():
            return
        await self.reminders.run_deadlines(self.clock.today())

    @staticmethod
    def _job_error(event: JobExecutionEvent) -> None:
        log.error("scheduled job failed", exc_info=event.exception,
                  extra={"job": event.job_id})
