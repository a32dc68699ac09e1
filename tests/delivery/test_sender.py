"""Sender end to end: the real Teams channel against FakeConnector and the real Slack adapter
against FakeSlackApi, both on loopback, in virtual time.

:class:`VirtualTime` is the Sender's clock and sleep. Its time moves only when every send is
asleep in it (never while a request is on the wire), and then straight to the earliest
wake-up, so rate limits measured in minutes of virtual time run in a fraction of a second
and nothing here depends on the machine's speed. Request times are recorded, in virtual
time, where the fakes receive them.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
import re
from collections.abc import AsyncIterator, Awaitable, Sequence
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web

from strategibot.channels.slack import SlackAdapter
from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.channels.teams.channel import TeamsChannel
from strategibot.channels.teams.connector import ConnectorOptions
from strategibot.delivery import Lane, Outcome, RateLimiter, Sender
from strategibot.domain.messages import Place, Reply
from strategibot.settings import Settings
from tests.support.connector import ConnectorRequest, FakeConnector
from tests.support.slack_api import SIGNING_SECRET, TEAM_ID, TOKEN, FakeSlackApi

T = TypeVar("T")
EPS = 1e-6  # float rounding in virtual time


class VirtualTime:
    """``clock`` and ``sleep`` for code run by :meth:`gather`; time moves only when all of
    that code is asleep here, straight to the earliest wake-up."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._asleep = 0  # futures in _sleepers not resolved or cancelled yet
        self._order = itertools.count()
        self._changed = asyncio.Event()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), future))
        self._asleep += 1
        self._changed.set()
        try:
            await future
        except asyncio.CancelledError:
            if future.cancelled():
                self._asleep -= 1
            raise

    async def gather(self, *aws: Awaitable[T]) -> list[T]:
        tasks = [asyncio.ensure_future(aw) for aw in aws]
        for task in tasks:
            task.add_done_callback(lambda _: self._changed.set())
        async with asyncio.timeout(60):  # a guard against a hang, not a measurement
            while live := sum(not task.done() for task in tasks):
                if self._asleep >= live:
                    self._advance()
                    continue
                self._changed.clear()
                await self._changed.wait()
        return [task.result() for task in tasks]

    def _advance(self) -> None:
        while self._sleepers and self._sleepers[0][2].done():
            heapq.heappop(self._sleepers)  # cancelled
        deadline = self._sleepers[0][0]
        self.now = max(self.now, deadline)
        while self._sleepers and self._sleepers[0][0] <= deadline:
            future = heapq.heappop(self._sleepers)[2]
            if not future.done():
                future.set_result(None)
                self._asleep -= 1


def most_in_one_second(times: Sequence[float]) -> int:
    """The most times that fall in any half-open window [t, t + 1)."""
    ordered, first, most = sorted(times), 0, 0
    for last, t in enumerate(ordered):
        while t >= ordered[first] + 1 - EPS:
            first += 1
        most = max(most, last - first + 1)
    return most


def span(times: Sequence[float]) -> float:
    return max(times) - min(times)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as shared:
        yield shared


@pytest.fixture
async def connector(vt: VirtualTime) -> AsyncIterator[FakeConnector]:
    async with FakeConnector() as fake:
        fake.times = []  # type: ignore[attr-defined]
        fake.on_request = lambda request: fake.times.append((vt.now, request))  # type: ignore[attr-defined]
        yield fake


def teams_channel(session: aiohttp.ClientSession, **options: float) -> TeamsChannel:
    adapter = StrategibotAdapter(Settings(), session,  # anonymous mode: no token needed
                                 options=ConnectorOptions(**options) if options else None)
    return TeamsChannel(adapter.bot_framework_authentication.connector_factory)


@pytest.fixture
def teams(session: aiohttp.ClientSession) -> TeamsChannel:
    return teams_channel(session)


@pytest.fixture
async def slack_api(vt: VirtualTime, aiohttp_server: Any) -> FakeSlackApi:
    fake = FakeSlackApi()
    fake.times = []  # type: ignore[attr-defined]

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.content_type == "application/json":
            channel = (await request.json()).get("channel")
            fake.times.append((vt.now, request.match_info["method"], channel))  # type: ignore[attr-defined]
        response: web.StreamResponse = await handler(request)
        return response

    app = fake.app
    app.middlewares.append(record)
    fake.url = str((await aiohttp_server(app)).make_url("/api/"))  # type: ignore[attr-defined]
    return fake


@pytest.fixture
def slack(slack_api: FakeSlackApi, session: aiohttp.ClientSession) -> SlackAdapter:
    settings = Settings(
        slack_signing_secret=SIGNING_SECRET, slack_bot_token=TOKEN,
        slack_api_url=slack_api.url,  # type: ignore[attr-defined]
    )
    return SlackAdapter(settings, session)


def make_sender(vt: VirtualTime, **channels: Any) -> Any:
    def build(**changes: Any) -> Sender:
        return Sender(channels=channels, clock=vt.clock, sleep=vt.sleep,
                      rng=random.Random(7), **changes)
    return build


def teams_place(
    connector: FakeConnector, conversation: str = "a:conv-1", tenant: str | None = "tenant-1",
    *, service_url: str | None = None, channel: str = "msteams",
) -> Place:
    """A stored Teams conversation, addressed as the bot stores it (a ConversationReference)."""
    address = {"channelId": "msteams", "serviceUrl": service_url or connector.url,
               "conversation": {"id": conversation, "tenantId": tenant,
                                "conversationType": "personal"},
               "bot": {"id": "bot-1", "name": "strategibot"},
               "user": {"id": "user-1", "name": "Ulla"}}
    return Place(channel=channel, id=conversation, kind="personal", tenant=tenant,
                 address=address)


def slack_place(channel: str, *, thread: str | None = None, team: str | None = None) -> Place:
    """A stored Slack conversation (an older row may carry the thread in its id)."""
    return Place(channel="slack", id=f"{channel}:{thread}" if thread else channel,
                 kind="channel", tenant=team, address={"channel": channel, "team": team})


def said(body: dict[str, Any]) -> str:
    """The text of a posted Teams message (its card's summary)."""
    return str(body.get("summary") or body.get("text") or "")


def posts(connector: FakeConnector, conversation: str | None = None) -> list[tuple[float, Any]]:
    """(virtual time, request) of the activities posted (to one conversation)."""
    return [(t, r) for t, r in connector.times  # type: ignore[attr-defined]
            if r.is_activity and (conversation is None or r.path.split("/")[3] == conversation)]


def at(conversation: str) -> str:
    return f"^/v3/conversations/{re.escape(conversation)}/activities"


async def send_one(vt: VirtualTime, sender: Sender, reference: Any, *texts: str) -> Outcome:
    [outcome] = await vt.gather(sender.send(reference, [Reply(lang="da", text=t) for t in texts]))
    return outcome


# --- Teams: retries and pauses ---------------------------------------------------------------


async def test_teams_429_with_retry_after_then_200_is_sent(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    connector.fail(429, path="/activities", retry_after=2)
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(), teams_place(connector),
                             "digest")
    assert (outcome.status, outcome.attempts, outcome.throttled) == ("sent", 2, 1)
    assert outcome.activity_id is not None
    assert outcome.activity_id.startswith("activity-")
    assert (outcome.http_status, outcome.error) == (None, None)
    assert max(vt.slept) >= 2
    first, second = posts(connector)
    assert second[0] - first[0] >= 2
    assert said(second[1].body) == "digest"
    assert second[1].path == "/v3/conversations/a:conv-1/activities"  # not a reply
    assert "replyToId" not in second[1].body


@pytest.mark.parametrize("status", [403, 404])
async def test_teams_403_and_404_pause_at_once(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel, status: int
) -> None:
    connector.fail(status, path="/activities", times=None)
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(), teams_place(connector),
                             "digest")
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("paused", 1, status)
    assert outcome.activity_id is None
    assert len(posts(connector)) == 1


async def test_each_conversations_error_is_classified_on_its_own(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    sender = make_sender(vt, msteams=teams)()
    connector.fail(403, path=at("a:gone"), times=None)
    connector.fail(429, path=at("a:busy"), retry_after=1)
    gone, busy = await vt.gather(
        sender.send(teams_place(connector, "a:gone"), [Reply(lang="da", text="x")]),
        sender.send(teams_place(connector, "a:busy"), [Reply(lang="da", text="y")]),
    )
    assert (gone.status, gone.attempts, gone.http_status) == ("paused", 1, 403)
    assert (busy.status, busy.attempts, busy.throttled) == ("sent", 2, 1)
    # nothing else was posted (no apology into the gone or the busy conversation)
    assert [said(r.body) for _, r in posts(connector)] == ["x", "y", "y"]


async def test_500_500_200_is_sent_on_the_third_attempt(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    connector.fail(500, path="/activities", times=2)
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(), teams_place(connector),
                             "digest")
    assert (outcome.status, outcome.attempts, outcome.throttled) == ("sent", 3, 0)
    assert len(posts(connector)) == 3


async def test_always_500_fails_after_max_attempts_with_jittered_backoff(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    connector.fail(500, path="/activities", times=None)
    sender = make_sender(vt, msteams=teams)(max_attempts=6, base_delay=1.0, max_delay=3.0)
    outcome = await send_one(vt, sender, teams_place(connector), "digest")
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("failed", 6, 500)
    assert outcome.error is not None
    assert "500" in outcome.error
    assert len(posts(connector)) == 6
    jitter = random.Random(7)  # the sender's draws: full jitter under min(3, 1·2^n)
    expected = [jitter.uniform(0, min(3.0, 2.0**n)) for n in range(5)]
    assert [s for s in vt.slept if s in expected] == expected
    times = [t for t, _ in posts(connector)]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= wait - EPS for gap, wait in zip(gaps, expected, strict=True))


async def test_a_bad_request_fails_at_once(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    connector.fail(400, path="/activities", times=None)
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(), teams_place(connector),
                             "digest")
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("failed", 1, 400)


async def test_a_retry_after_beyond_the_limit_gives_up_for_the_ledger_to_reschedule(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    connector.fail(429, path="/activities", retry_after=3600)
    sender = make_sender(vt, msteams=teams)(max_retry_after=300)
    outcome = await send_one(vt, sender, teams_place(connector), "digest")
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("failed", 1, 429)
    assert vt.now < 1


async def test_no_answer_is_retried_then_fails(
    vt: VirtualTime, teams: TeamsChannel
) -> None:
    closed = web.AppRunner(web.Application())
    await closed.setup()
    site = web.TCPSite(closed, "127.0.0.1", 0)
    await site.start()
    port = closed.addresses[0][1]
    await closed.cleanup()  # nothing listens there now
    reference = teams_place(FakeConnector(), service_url=f"http://127.0.0.1:{port}/")
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(max_attempts=3), reference, "x")
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("failed", 3, None)


async def test_a_timeout_after_sending_is_retried_and_may_deliver_twice(
    vt: VirtualTime, connector: FakeConnector, session: aiohttp.ClientSession
) -> None:
    """Documented at-least-once: the first request reached the connector, its answer did not
    reach us in time, so the retry delivers the message a second time."""
    adapter = teams_channel(session, timeout=0.05)
    connector.delay(0.3, path="/activities", times=1)
    outcome = await send_one(vt, make_sender(vt, msteams=adapter)(), teams_place(connector),
                             "digest")
    assert (outcome.status, outcome.attempts) == ("sent", 2)
    assert [said(r.body) for _, r in posts(connector)] == ["digest", "digest"]


async def test_a_retry_resumes_after_the_activities_already_delivered(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    def throttle_the_second(request: ConnectorRequest) -> None:
        connector.times.append((vt.now, request))  # type: ignore[attr-defined]
        if len(posts(connector)) == 2:  # this rule answers the request being recorded
            connector.fail(429, path="/activities", retry_after=1)

    connector.on_request = throttle_the_second
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(), teams_place(connector),
                             "one", "two", "three")
    assert (outcome.status, outcome.attempts) == ("sent", 2)
    assert [said(r.body) for _, r in posts(connector)] == ["one", "two", "two", "three"]
    assert len(outcome.activity_ids) == 3
    assert outcome.activity_id == outcome.activity_ids[0]


async def test_a_channel_without_an_adapter_fails_without_an_attempt(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    reference = teams_place(connector, channel="webchat")
    outcome = await send_one(vt, make_sender(vt, msteams=teams)(), reference, "x")
    assert (outcome.status, outcome.attempts) == ("failed", 0)


# --- Teams: rate limits ----------------------------------------------------------------------


async def test_100_sends_to_one_conversation_keep_to_7_per_second(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    sender = make_sender(vt, msteams=teams)()
    reference = teams_place(connector)
    outcomes = await vt.gather(
        *(sender.send(reference, [Reply(lang="da", text=f"m{i}")]) for i in range(100))
    )
    assert {o.status for o in outcomes} == {"sent"}
    times = [t for t, _ in posts(connector)]
    assert len(times) == 100
    assert most_in_one_second(times) <= 7
    # The 100th request's 1/7 s is used up at 100/7 s: the first goes at once, the last at 99/7.
    assert 99 / 7 - EPS <= span(times) <= 99 / 7 + 0.01


async def test_500_conversations_of_one_tenant_keep_to_50_per_second(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    sender = make_sender(vt, msteams=teams)()
    outcomes = await vt.gather(
        *(sender.send(teams_place(connector, f"a:conv-{i}"), [Reply(lang="da", text="d")])
          for i in range(500))
    )
    assert {o.status for o in outcomes} == {"sent"}
    times = [t for t, _ in posts(connector)]
    assert len({r.path for _, r in posts(connector)}) == 500
    assert most_in_one_second(times) <= 50  # the tenant limit binds, not the conversations'
    assert 499 / 50 - EPS <= span(times) <= 499 / 50 + 0.01


async def test_a_busy_conversation_does_not_hold_up_the_rest_of_its_tenant(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    sender = make_sender(vt, msteams=teams)()
    busy = teams_place(connector, "a:busy")
    await vt.gather(
        *(sender.send(busy, [Reply(lang="da", text="b")]) for _ in range(100)),
        *(sender.send(teams_place(connector, f"a:c{i}"), [Reply(lang="da", text="d")])
          for i in range(400)),
    )
    everything = [t for t, _ in posts(connector)]
    others = [t for t, r in posts(connector) if "busy" not in r.path]
    assert most_in_one_second(everything) <= 50
    assert most_in_one_second([t for t, _ in posts(connector, "a:busy")]) <= 7
    # The others use the gaps between the busy conversation's sends (six 1/50 s slots fit
    # between two 1/7 s ones): done in < 10 s, not after its 14 s.
    assert max(others) < 10


async def test_a_429_blocks_the_whole_tenant_for_retry_after(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    sender = make_sender(vt, msteams=teams)()
    connector.fail(429, path=at("a:first"), retry_after=3)
    outcomes = await vt.gather(
        sender.send(teams_place(connector, "a:first"), [Reply(lang="da", text="x")]),
        *(sender.send(teams_place(connector, f"a:c{i}"), [Reply(lang="da", text="x")])
          for i in range(20)),
        sender.send(teams_place(connector, "a:elsewhere", tenant="tenant-2"),
                    [Reply(lang="da", text="x")]),
    )
    assert {o.status for o in outcomes} == {"sent"}
    throttled_at = posts(connector, "a:first")[0][0]
    tenant_1 = [t for t, r in posts(connector) if "elsewhere" not in r.path]
    assert [t for t in tenant_1 if throttled_at < t < throttled_at + 3 - EPS] == []
    assert len(tenant_1) == 22
    [(other_tenant, _)] = posts(connector, "a:elsewhere")
    assert other_tenant < 1  # another tenant is not held up


async def test_a_429_can_block_only_its_conversation(
    vt: VirtualTime, connector: FakeConnector, teams: TeamsChannel
) -> None:
    sender = make_sender(vt, msteams=teams)(throttle_scope="conversation")
    connector.fail(429, path=at("a:first"), retry_after=3)
    await vt.gather(
        sender.send(teams_place(connector, "a:first"), [Reply(lang="da", text="x")]),
        *(sender.send(teams_place(connector, f"a:c{i}"), [Reply(lang="da", text="x")])
          for i in range(20)),
    )
    first = [t for t, _ in posts(connector, "a:first")]
    others = [t for t, r in posts(connector) if "first" not in r.path]
    assert first[1] - first[0] >= 3
    assert max(others) < 1


async def test_the_limiter_drops_idle_calendars(vt: VirtualTime) -> None:
    limiter = RateLimiter(clock=vt.clock, sleep=vt.sleep)

    def request(conversation: str) -> Awaitable[float]:
        return limiter.acquire([Lane(("conversation", conversation), 7.0), Lane("tenant", 50.0)])

    first = await vt.gather(*(request(f"old-{i}") for i in range(1500)))
    assert len(limiter) == 1501
    later = await vt.gather(*(request(f"new-{i}") for i in range(600)))
    assert later[0] >= first[-1] + 1 / 50 - EPS
    # The sweep (every 1024 reservations, here at the 2048th) dropped the old calendars but
    # those of the last 1/7 s: ~8 of them.
    assert len(limiter) <= 1 + 600 + 10


# --- Slack -----------------------------------------------------------------------------------


def slack_posts(api: FakeSlackApi, channel: str | None = None) -> list[float]:
    return [t for t, method, ch in api.times  # type: ignore[attr-defined]
            if method == "chat.postMessage" and (channel is None or ch == channel)]


async def test_slack_429_with_retry_after_then_ok_is_sent(
    vt: VirtualTime, slack: SlackAdapter, slack_api: FakeSlackApi
) -> None:
    slack_api.rate_limit_next("chat.postMessage", retry_after=2)
    reference = slack_place("C0CHAN01", team=TEAM_ID)
    outcome = await send_one(vt, make_sender(vt, slack=slack)(), reference, "digest")
    assert (outcome.status, outcome.attempts, outcome.throttled) == ("sent", 2, 1)
    assert outcome.activity_id is not None
    assert outcome.activity_id.startswith("1700001000.")
    assert max(vt.slept) >= 2
    first, second = slack_posts(slack_api)
    assert second - first >= 2


@pytest.mark.parametrize(
    "error",
    ["channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth",
     "missing_scope"],
)
async def test_slack_removed_errors_pause_at_once(
    vt: VirtualTime, slack: SlackAdapter, slack_api: FakeSlackApi, error: str
) -> None:
    slack_api.answer_next("chat.postMessage", {"ok": False, "error": error})
    reference = slack_place("C0CHAN01", team=TEAM_ID)
    outcome = await send_one(vt, make_sender(vt, slack=slack)(), reference, "digest")
    assert (outcome.status, outcome.attempts) == ("paused", 1)
    assert outcome.error is not None
    assert error in outcome.error


async def test_slack_5xx_is_retried_and_invalid_blocks_is_not(
    vt: VirtualTime, slack: SlackAdapter, slack_api: FakeSlackApi
) -> None:
    for _ in range(2):
        slack_api.answer_next("chat.postMessage", {"ok": False, "error": "fatal_error"},
                              status=500)
    sender = make_sender(vt, slack=slack)()
    retried = await send_one(vt, sender, slack_place("C0CHAN01"), "digest")
    assert (retried.status, retried.attempts) == ("sent", 3)
    slack_api.answer_next("chat.postMessage", {"ok": False, "error": "invalid_blocks"})
    refused = await send_one(vt, sender, slack_place("C0CHAN02"), "digest")
    assert (refused.status, refused.attempts, refused.http_status) == ("failed", 1, 200)


async def test_slack_keeps_to_1_per_second_per_channel_threads_included(
    vt: VirtualTime, slack: SlackAdapter, slack_api: FakeSlackApi
) -> None:
    sender = make_sender(vt, slack=slack)()
    top = slack_place("C0CHAN01", team=TEAM_ID)
    thread = slack_place("C0CHAN01", thread="1700000000.000100", team=TEAM_ID)
    other = slack_place("C0CHAN02", team=TEAM_ID)
    outcomes = await vt.gather(
        *(sender.send(reference, [Reply(lang="da", text="d")])
          for reference in [top, thread] * 5 + [other] * 10)
    )
    assert {o.status for o in outcomes} == {"sent"}
    first, second = slack_posts(slack_api, "C0CHAN01"), slack_posts(slack_api, "C0CHAN02")
    assert (len(first), len(second)) == (10, 10)
    assert most_in_one_second(first) == most_in_one_second(second) == 1
    assert 9 - EPS <= span(first) <= 9.01
    assert 9 - EPS <= span(second) <= 9.01
    assert min(second) < 1  # channels are paced independently
