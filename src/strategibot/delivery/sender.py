"""Proactive sends (digests, reminders) to many conversations, politely and reliably.

:meth:`Sender.send` delivers a list of replies to one conversation (a
:class:`~strategibot.domain.messages.Place`) through that channel's :class:`Channel` and returns
an :class:`Outcome`; run many sends at once with ``asyncio.gather`` or a task group. For each
request it:

1. **waits for a slot** (never drops): per conversation ≤ ``per_conversation_rate``/s (Teams:
   7), per Slack channel ≤ ``slack_per_channel_rate``/s (1; the threads of a channel share
   it), and per tenant ≤ ``per_tenant_rate``/s (Teams ≈ 50; the tenant is ``place.tenant``,
   or the channel id when there is none). The limits are shared by every concurrent ``send``
   of this Sender (see :mod:`.limits`);
2. **sends** each reply with ``channel.post(place, reply)``, one request per reply, to the
   conversation itself (Teams: ``POST /v3/conversations/{id}/activities``; Slack:
   ``chat.postMessage`` at the channel's top level);
3. **classifies** a failure (see :mod:`.failures`): a 429 or a transient error is retried
   with exponential backoff and full jitter — a wait drawn uniformly from
   ``[0, min(max_delay, base_delay · 2^n)]`` before retry ``n + 1`` (n = 0, 1, …), and at
   least ``Retry-After`` when the service sent one. A 429 also blocks the whole tenant for
   ``Retry-After`` (or that backoff cap when there is none): every send to that tenant, also
   those already queued, waits (``throttle_scope="conversation"`` blocks only the
   conversation). 403/404 and Slack's "removed" errors give ``"paused"`` at once; other
   errors ``"failed"`` at once; ``max_attempts`` attempts give ``"failed"``.

Delivery guarantee — at most once per request that succeeded, at least once overall:

* A request that got a 2xx is never sent again within the ``send`` call: the replies
  already delivered are remembered, and a retry resumes with the first undelivered one.
* A request that failed in a way that **may** have delivered it — a timeout or dropped
  connection after the body was sent (status 0), a 502/504 from a gateway — is retried
  anyway, so the conversation can, rarely, get that message twice. That is deliberate: the
  caller's delivery ledger (one row per subscription and period, claimed before sending)
  makes the whole pipeline at-least-once; losing a digest is worse than a rare duplicate.

The limits are per process. With several replicas only the scheduler's leader sends
proactively, but replies to users on every replica count against the same Teams tenant
limit: a 429 then makes this Sender back off as described.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from strategibot.delivery.failures import Failure, classify
from strategibot.delivery.limits import Lane, RateLimiter
from strategibot.domain.messages import Place, Reply

__all__ = ["Channel", "Outcome", "Sender"]

log = logging.getLogger(__name__)

SLACK = "slack"


class Channel(Protocol):
    """What the sender needs of a channel (Teams, Slack): post one reply to a conversation."""

    async def post(self, place: Place, reply: Reply) -> str | None:
        """Post ``reply`` to ``place``; the id the channel gave the message, if any.

        Raises:
            ChannelError: the channel refused or failed (status, Retry-After, code).
            aiohttp.ClientError, TimeoutError, OSError: the network failed.
        """


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one :meth:`Sender.send`.

    Attributes:
        status: ``"sent"`` (every activity delivered), ``"paused"`` (the bot was removed or
            the conversation is gone: pause the subscription, tell an admin) or ``"failed"``.
        attempts: attempts made (0 when none could be made).
        http_status: the HTTP status of the last failed request; None when the send
            succeeded, or when the last failure got no HTTP answer.
        error: a short description of the last failure; None when the send succeeded.
        activity_id: the id the channel gave the first delivered message (Teams activity
            id, Slack ``ts``), when it gave one.
        activity_ids: the ids of every delivered reply, in order ("" when the channel
            gave none). A "paused" or "failed" send may have delivered some of them.
        throttled: how many 429 answers this send got.
    """

    status: Literal["sent", "paused", "failed"]
    attempts: int
    http_status: int | None
    error: str | None
    activity_id: str | None
    activity_ids: tuple[str, ...] = ()
    throttled: int = 0


class Sender:
    """Sends proactive messages to conversations on any channel it has a :class:`Channel` for.

    Args:
        channels: channel id (``"msteams"``, ``"slack"``, …) → the :class:`Channel` that
            posts there.
        per_conversation_rate: requests per second to one conversation (not Slack).
        per_tenant_rate: requests per second to one tenant (Teams tenant, Slack workspace).
        slack_per_channel_rate: requests per second to one Slack channel, threads included.
        max_attempts: attempts per send, the first included.
        base_delay: the backoff cap before the first retry, in seconds; doubles each retry.
        max_delay: the largest backoff cap.
        max_retry_after: a Retry-After longer than this gives up at once (``"failed"``),
            for the caller to reschedule, instead of holding the send (and, for a 429, the
            tenant) for that long; the tenant is then blocked for this long.
        clock: monotonic seconds (tests pass virtual time).
        sleep: waits that many seconds (tests pass virtual time).
        rng: the jitter's random source (tests pass a seeded one).
        throttle_scope: what a 429 blocks for Retry-After: the whole ``"tenant"`` (the
            default: Teams does not say which limit was hit, so assume the widest), or only
            the ``"conversation"`` (Slack channel) that got it.
    """

    def __init__(
        self,
        *,
        channels: Mapping[str, Channel],
        per_conversation_rate: float = 7.0,
        per_tenant_rate: float = 50.0,
        slack_per_channel_rate: float = 1.0,
        max_attempts: int = 6,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
        max_retry_after: float = 300.0,
        throttle_scope: Literal["tenant", "conversation"] = "tenant",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        for name, rate in (
            ("per_conversation_rate", per_conversation_rate),
            ("per_tenant_rate", per_tenant_rate),
            ("slack_per_channel_rate", slack_per_channel_rate),
        ):
            if not (rate > 0 and math.isfinite(rate)):
                raise ValueError(f"{name} must be a positive number, not {rate!r}")
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts!r}")
        if not 0 <= base_delay <= max_delay or max_retry_after < 0:
            raise ValueError("need 0 <= base_delay <= max_delay and 0 <= max_retry_after")
        self._channels = dict(channels)
        self._conversation_rate = per_conversation_rate
        self._tenant_rate = per_tenant_rate
        self._slack_rate = slack_per_channel_rate
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._max_retry_after = max_retry_after
        if throttle_scope not in ("tenant", "conversation"):
            raise ValueError(f"throttle_scope must be tenant or conversation: {throttle_scope!r}")
        self._throttle_scope = throttle_scope
        self._clock = clock
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._limiter = RateLimiter(clock=clock, sleep=sleep)

    async def send(self, place: Place, replies: Sequence[Reply]) -> Outcome:
        """Deliver ``replies``, in order, to the conversation ``place``.

        Never raises for a delivery problem (the outcome says what happened); cancellation
        propagates.
        """
        channel = self._channels.get(place.channel)
        if channel is None or not place.id:
            problem = "the conversation has no id"
            if channel is None:
                problem = f"no channel {place.channel!r}"
            log.warning("proactive send not attempted: %s", problem)
            return Outcome("failed", 0, None, problem, None)
        if not replies:
            return Outcome("sent", 0, None, None, None)
        lanes = self._lanes(place.channel, place.id, place.tenant)
        delivered: list[str] = []
        throttled = 0
        attempts = 0
        while True:
            attempts += 1
            error = await self._attempt(channel, place, replies, delivered, lanes)
            if error is None:
                return self._outcome("sent", attempts, None, delivered, throttled)
            failure = classify(error)
            if failure.rate_limited:
                throttled += 1
                self._block(lanes, failure.retry_after, attempts)
            if failure.verdict == "pause":
                log.info("proactive send to %s paused: %s", place.id, failure.error)
                return self._outcome("paused", attempts, failure, delivered, throttled)
            too_long = (failure.retry_after or 0.0) > self._max_retry_after
            if failure.verdict == "fail" or attempts >= self._max_attempts or too_long:
                log.warning(
                    "proactive send to %s failed after %d attempt(s)%s: %s",
                    place.id, attempts, " (Retry-After too long)" if too_long else "",
                    failure.error,
                )
                return self._outcome("failed", attempts, failure, delivered, throttled)
            wait = self._backoff(attempts - 1, failure.retry_after)
            log.debug(
                "proactive send to %s: attempt %d failed (%s); retrying in %.2f s",
                place.id, attempts, failure.error, wait,
            )
            await self._sleep(wait)

    def _lanes(self, channel: str, conversation_id: str, tenant_id: str | None) -> list[Lane]:
        """The calendars a request to this conversation must fit: its own, then its tenant's."""
        if channel == SLACK:
            slack_channel = conversation_id.partition(":")[0]  # "C123:thread_ts" → "C123"
            own = Lane(("conversation", channel, slack_channel), self._slack_rate)
        else:
            own = Lane(("conversation", channel, conversation_id), self._conversation_rate)
        tenant = Lane(("tenant", channel, tenant_id or channel), self._tenant_rate)
        return [own, tenant]

    async def _attempt(
        self,
        channel: Channel,
        place: Place,
        replies: Sequence[Reply],
        delivered: list[str],
        lanes: Sequence[Lane],
    ) -> Exception | None:
        """Send the replies not delivered yet, each in its own rate slot. Returns the error
        that stopped it (None when none did); appends the id of each delivered reply to
        ``delivered``."""
        try:
            for reply in replies[len(delivered):]:
                await self._limiter.acquire(lanes)
                delivered.append(await channel.post(place, reply) or "")
        except Exception as exc:  # classified by the sender
            return exc
        return None

    def _backoff(self, retry: int, retry_after: float | None) -> float:
        """Full jitter: uniform in ``[0, min(max_delay, base_delay·2^retry)]``, at least
        ``retry_after``."""
        wait = self._rng.uniform(0.0, self._cap(retry))
        return max(wait, retry_after) if retry_after is not None else wait

    def _cap(self, retry: int) -> float:
        return min(self._max_delay, self._base_delay * 2.0 ** min(retry, 64))

    def _block(
        self, lanes: Sequence[Lane], retry_after: float | None, attempts: int
    ) -> None:
        """After a 429: no request to the tenant (or the conversation, see
        ``throttle_scope``) for Retry-After, or the backoff cap when there is none."""
        seconds = retry_after if retry_after is not None else self._cap(attempts - 1)
        seconds = min(seconds, self._max_retry_after)
        lane = lanes[-1] if self._throttle_scope == "tenant" else lanes[0]
        self._limiter.block(lane, self._clock() + seconds)

    @staticmethod
    def _outcome(
        status: Literal["sent", "paused", "failed"],
        attempts: int,
        failure: Failure | None,
        delivered: Sequence[str],
        throttled: int,
    ) -> Outcome:
        first = next((activity_id for activity_id in delivered if activity_id), None)
        return Outcome(
            status=status,
            attempts=attempts,
            http_status=failure.http_status if failure is not None else None,
            error=failure.error if failure is not None else None,
            activity_id=first,
            activity_ids=tuple(delivered),
            throttled=throttled,
        )
