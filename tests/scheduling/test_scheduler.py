"""The schedule with real APScheduler on a controlled clock, a real SQLite database and a
recording channel: digests at their run times, a missed run made up once, jobs that follow the
subscriptions, reminders only on working days and only from the leading replica."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ADDED, EVENT_JOB_EXECUTED, JobExecutionEvent

from strategibot.core.clock import Clock
from strategibot.domain.messages import Place, Reply
from strategibot.domain.schedule import Schedule
from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.store.db import create_engine, sessionmaker, upgrade
from strategibot.wiring import App, build
from tests.support.period import with_period

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY_9 = Schedule("weekly", 0, hour=9)


class Now:
    """The controlled time: APScheduler's datetime.now and the bot's clock both read it."""

    value = dt.datetime(2026, 11, 30, 8, 0, tzinfo=CPH)  # Monday, before 09:00


class _FrozenDatetime(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        return Now.value.astimezone(tz)


@dataclass
class Recorder:
    """A channel that keeps what it is asked to post."""

    posts: list[tuple[Place, Reply]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, place: Place, reply: Reply) -> str:
        self.posts.append((place, reply))
        self.arrived.set()
        return f"msg-{len(self.posts)}"

    async def wait(self, count: int) -> None:
        async with asyncio.timeout(10):  # guards a hang only
            while len(self.posts) < count:
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    monkeypatch.setattr("apscheduler.schedulers.base.datetime", _FrozenDatetime)

    def set_now(moment: dt.datetime) -> None:
        monkeypatch.setattr(Now, "value", moment)

    set_now(dt.datetime(2026, 11, 30, 8, 0, tzinfo=CPH))
    return set_now


@pytest.fixture
async def app(tmp_path: Path, content: Content) -> AsyncIterator[tuple[App, Recorder]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    engine = create_engine(url)
    recorder = Recorder()
    clock = Clock("Europe/Copenhagen", source=lambda: Now.value.astimezone(dt.UTC))
    running = with_period(content, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                          dt.date(2027, 1, 31))  # the clock's dates are inside the period
    bot = build(Settings(database_url=url), running, sessionmaker(engine),
                channels={"msteams": recorder}, clock=clock)
    await bot.organisation.ensure_example()
    try:
        yield bot, recorder
    finally:
        await bot.leadership.stop()
        await bot.scheduler.stop()
        bot.scheduler.shutdown()
        await asyncio.sleep(0.01)
        await engine.dispose()


async def lead(bot: App) -> None:
    """Become the leading replica (SQLite: at once), which starts the schedule."""
    await bot.leadership.start()
    await asyncio.wait_for(bot.leadership.wait_until_leader(), timeout=10)
    started = asyncio.Event()
    bot.scheduler.scheduler.add_listener(lambda _: started.set(), EVENT_JOB_ADDED)
    async with asyncio.timeout(10):  # the schedule starts in the leadership's own task
        while bot.scheduler.scheduler.get_job("deadlines") is None:
            started.clear()
            await started.wait()


async def subscribe(bot: App, channel_id: str, schedule: Schedule = MONDAY_9) -> int:
    place = Place(channel="msteams", id=channel_id, kind="channel", tenant="t1",
                  address={"channelId": "msteams", "serviceUrl": "http://unused",
                           "conversation": {"id": channel_id}})
    conversation = await bot.conversations.remember(place)
    subscription = await bot.subscriptions.subscribe(conversation, schedule, "da", "admin")
    return subscription.id


async def test_a_digest_is_posted_at_its_run_and_next_week_again(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    bot, recorder = app
    subscription = await subscribe(bot, "19:digest")
    await lead(bot)
    job = bot.scheduler.scheduler.get_job(f"digest-{subscription}")
    assert job.next_run_time == dt.datetime(2026, 11, 30, 9, 0, tzinfo=CPH)
    assert recorder.posts == []  # nothing before its time
    finished: list[str] = []
    done = asyncio.Event()

    def executed(event: JobExecutionEvent) -> None:
        finished.append(event.job_id)
        done.set()

    bot.scheduler.scheduler.add_listener(executed, EVENT_JOB_EXECUTED)
    at(dt.datetime(2026, 11, 30, 9, 0, 1, tzinfo=CPH))
    bot.scheduler.scheduler.wakeup()
    await recorder.wait(1)
    async with asyncio.timeout(10):  # the run is over (one run of a job at a time)
        while f"digest-{subscription}" not in finished:
            done.clear()
            await done.wait()
    place, reply = recorder.posts[0]
    assert place.id == "19:digest"
    assert reply.title == "Fremdrift på de fælles mål – uge 49, 2026"
    assert job.next_run_time == dt.datetime(2026, 12, 7, 9, 0, tzinfo=CPH)
    at(dt.datetime(2026, 12, 7, 9, 0, 1, tzinfo=CPH))
    bot.scheduler.scheduler.wakeup()
    await recorder.wait(2)
    assert recorder.posts[1][1].title == "Fremdrift på de fælles mål – uge 50, 2026"


async def test_a_run_on_a_holiday_is_posted_the_next_working_day(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    bot, _recorder = app
    at(dt.datetime(2026, 12, 22, 12, 0, tzinfo=CPH))
    friday = await subscribe(bot, "19:friday", Schedule("weekly", 4, hour=14))
    await lead(bot)
    job = bot.scheduler.scheduler.get_job(f"digest-{friday}")
    # Friday 25 December is juledag: the run moves to Monday 28 December, same time
    assert job.next_run_time == dt.datetime(2026, 12, 28, 14, 0, tzinfo=CPH)


async def test_a_run_missed_while_down_is_made_up_once(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    bot, recorder = app
    await subscribe(bot, "19:missed")
    at(dt.datetime(2026, 11, 30, 15, 0, tzinfo=CPH))  # six hours after the 09:00 run
    await lead(bot)
    assert len(recorder.posts) == 1
    assert recorder.posts[0][1].title == "Fremdrift på de fælles mål – uge 49, 2026"
    await bot.scheduler.stop()  # a restart: nothing is sent twice
    await bot.scheduler.start()
    assert len(recorder.posts) == 1


async def test_jobs_follow_the_subscriptions(app: tuple[App, Recorder]) -> None:
    bot, _recorder = app
    await lead(bot)
    jobs = {job.id for job in bot.scheduler.scheduler.get_jobs()}
    assert jobs == {"refresh", "reminders", "deadlines", "retention"}
    first = await subscribe(bot, "19:first")
    await bot.scheduler.refresh()
    assert bot.scheduler.scheduler.get_job(f"digest-{first}") is not None
    await bot.subscriptions.subscribe(
        (await bot.subscriptions.list())[0].conversation_id, Schedule("monthly", day=15),
        "da", "admin")
    await bot.scheduler.refresh()
    job = bot.scheduler.scheduler.get_job(f"digest-{first}")
    assert job.next_run_time.day == 15  # the new schedule
    await bot.subscriptions.unsubscribe((await bot.subscriptions.list())[0].conversation_id)
    await bot.scheduler.refresh()
    assert bot.scheduler.scheduler.get_job(f"digest-{first}") is None


async def test_a_replica_that_does_not_lead_posts_nothing(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    bot, recorder = app
    await subscribe(bot, "19:follower")
    await lead(bot)
    bot.scheduler.is_leader = lambda: False  # its lease ran out
    at(dt.datetime(2026, 11, 30, 9, 0, 1, tzinfo=CPH))
    bot.scheduler.scheduler.wakeup()
    await asyncio.sleep(0.2)
    assert recorder.posts == []


async def test_leaders_are_reminded_on_working_days_only(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    bot, recorder = app
    chat = Place(channel="msteams", id="a:susanne", kind="personal",
                 address={"channelId": "msteams", "conversation": {"id": "a:susanne"}})
    await bot.conversations.remember(chat, user_email="susanne.moeller@ltk.example", lang="en")
    await lead(bot)
    at(dt.datetime(2026, 12, 24, 10, 0, tzinfo=CPH))  # Thursday, juleaftensdag
    await bot.scheduler._reminders()
    assert recorder.posts == []
    at(dt.datetime(2026, 12, 3, 10, 0, tzinfo=CPH))  # an ordinary Thursday
    await bot.scheduler._reminders()
    [(place, reply)] = recorder.posts
    assert place.id == "a:susanne"
    assert reply.text.startswith("Hi! Budget og Regnskab has not checked in for week 49")
    await bot.scheduler._reminders()  # once a week: the ledger has it
    assert len(recorder.posts) == 1


async def test_a_failing_job_is_logged_with_its_id_and_the_schedule_goes_on(
    app: tuple[App, Recorder], caplog: pytest.LogCaptureFixture,
) -> None:
    bot, _recorder = app
    await lead(bot)
    ran = asyncio.Event()

    async def broken() -> None:
        ran.set()
        raise RuntimeError("a bug in a job")

    bot.scheduler.scheduler.add_job(broken, id="broken")
    await asyncio.wait_for(ran.wait(), timeout=10)
    await asyncio.sleep(0.05)
    failed = [r for r in caplog.records if r.getMessage() == "scheduled job failed"]
    assert [getattr(r, "job", None) for r in failed] == ["broken"]
    assert bot.scheduler.scheduler.running
    assert logging.getLogger("strategibot").isEnabledFor(logging.ERROR)


async def test_after_the_period_one_final_digest_and_no_reminders(
        app: tuple[App, Recorder], at: Callable[[dt.datetime], None]) -> None:
    """The period (here 2026, reporting closing 31 January 2027): while reporting closes no
    digest goes out; after it one final digest per subscription, then none; no reminders."""
    bot, recorder = app
    first = await subscribe(bot, "19:first")
    leader = Place(channel="msteams", id="a:ole", kind="personal", tenant="t1",
                   address={"channelId": "msteams", "serviceUrl": "http://unused",
                            "conversation": {"id": "a:ole"}})
    await bot.conversations.remember(leader, user_email="ole.thomsen@ltk.example")
    at(dt.datetime(2027, 1, 11, 9, 0, 1, tzinfo=CPH))
    assert (await bot.digests.run(first, "2027-W02")).status == "skipped"
    # reporting for the period is still open: the leader is reminded
    [reminded] = await bot.reminders.run_leaders("2027-W02", dt.datetime(2027, 1, 4,
                                                                         tzinfo=CPH))
    assert reminded.status == "sent"
    recorder.posts.clear()
    at(dt.datetime(2027, 2, 1, 9, 0, 1, tzinfo=CPH))
    final = await bot.digests.run(first, "2027-W05")
    assert (final.status, final.period) == ("sent", "final-koncernstrategi-2019")
    [(_place, reply)] = recorder.posts
    assert reply.title == "Endelig opgørelse af de fælles mål"
    assert "Strategiperioden er slut: den sluttede 31. december 2026" in reply.text
    assert (await bot.digests.run(first, "2027-W06")).status == "skipped"
    assert len(recorder.posts) == 1
    assert await bot.reminders.run_leaders("2027-W05", dt.datetime(2027, 1, 25,
                                                                   tzinfo=CPH)) == []
    assert await bot.reminders.run_deadlines(dt.date(2027, 2, 1)) == []


async def test_an_interval_run_that_starts_late_posts_its_own_slot(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    """Interval mode (demos, the two-replica test): each slot's run is due at its middle. On
    a busy machine a run may start after its slot has ended; it must still post that slot, not
    the next one early (which lost a slot in CI), and a run coalesced with the next makes up
    the one it skipped."""
    bot, recorder = app
    bot.scheduler.interval = 10.0
    start = dt.datetime(2026, 11, 30, 8, 0, 2, tzinfo=CPH)  # slot N, before its middle
    at(start)
    subscription = await subscribe(bot, "19:interval")
    await lead(bot)
    slot = int(start.timestamp() // 10)
    posted = [reply.title for _place, reply in recorder.posts]
    assert [t.rsplit("-", 1)[1] for t in posted] == [str(slot - 1)]  # the one that ended
    bot.scheduler.scheduler.pause()  # the runs below are started by hand, at chosen times

    async def run_at(moment: dt.datetime) -> list[str]:
        at(moment)
        before = len(recorder.posts)
        await bot.scheduler._interval_digest(subscription)
        return [reply.title.rsplit("-", 1)[1] for _p, reply in recorder.posts[before:]]

    # slot N's run, due at :05, starts at :11 (inside slot N+1): it posts N
    assert await run_at(start + dt.timedelta(seconds=9)) == [str(slot)]
    assert await run_at(start + dt.timedelta(seconds=13)) == [str(slot + 1)]  # on time
    # N+2's run was coalesced with N+3's: the late one makes up N+2
    assert await run_at(start + dt.timedelta(seconds=34)) == [str(slot + 2), str(slot + 3)]
    assert await run_at(start + dt.timedelta(seconds=35)) == []  # nothing twice


async def test_two_runs_of_one_period_at_once_post_it_once(
    app: tuple[App, Recorder], at: Callable[[dt.datetime], None],
) -> None:
    """In one process (its claims carry the same replica name), a late scheduled run and a run
    started by hand used to both take the claim and post the digest twice."""
    bot, recorder = app
    subscription = await subscribe(bot, "19:twice")
    results = await asyncio.gather(*(bot.digests.run(subscription, "2026-W49")
                                     for _ in range(3)))
    assert sorted(r.status for r in results) == ["sent", "skipped", "skipped"]
    assert len(recorder.posts) == 1
    assert (await bot.digests.run(subscription, "2026-W49")).status == "skipped"
