"""Fan-out: one message to many Teams conversations of one tenant, in real time.

Run from the repository root::

    .venv/bin/python benchmarks/bench_fanout.py [--conversations 500] [--throttled 0.10]

:class:`strategibot.delivery.Sender` sends through the real ``StrategibotAdapter`` (anonymous
mode) to the fake Bot Connector (``tests/support/connector.py``) on 127.0.0.1, with the real
clock and the real limits (7/s per conversation, 50/s per tenant). The connector answers
HTTP 429 with ``Retry-After: 1`` to the first attempt of a random ``--throttled`` share of the
conversations. Every send starts at once (``asyncio.gather``), as a digest job would.

Printed as JSON:

* ``wall_s`` against ``floor_s`` (conversations / tenant rate: what the tenant limit alone
  costs), and ``sent`` / ``paused`` / ``failed``;
* ``lost`` (conversations that got no message at the connector) and ``duplicated`` (got more
  than one), counted at the connector; ``http_429`` answers seen by the sender;
* the most requests in any 1-second window: for the tenant as sent (the Sender's clock, at
  aiohttp's request start) and as received (the connector's clock: the same process and
  event loop, so its delays bunch some arrivals), and for one conversation as received;
* ``send_latency_ms``: from ``send()`` being called to its outcome, queueing for the tenant
  limit included (with every send started at once, p50 is about half the run);
  ``http_round_trip_ms``: one request on the wire, from aiohttp's trace hooks.

Only loopback addresses are used. This is a script, not a test: nothing asserts on speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.support.connector import FakeConnector  # noqa: E402

from strategibot.channels.teams.adapter import StrategibotAdapter  # noqa: E402
from strategibot.channels.teams.channel import TeamsChannel  # noqa: E402
from strategibot.delivery import Outcome, Sender  # noqa: E402
from strategibot.domain.messages import Place, Reply  # noqa: E402
from strategibot.settings import Settings  # noqa: E402

__all__ = ["main"]

TENANT = "tenant-bench"


def _percentiles(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50": round(cuts[49] * 1000, 1),
        "p99": round(cuts[98] * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def _most_in_one_second(times: Sequence[float]) -> int:
    ordered, first, most = sorted(times), 0, 0
    for last, t in enumerate(ordered):
        while t >= ordered[first] + 1:
            first += 1
        most = max(most, last - first + 1)
    return most


def _reference(service_url: str, conversation: str) -> Place:
    """A stored Teams channel, as the bot keeps it."""
    address = {"channelId": "msteams", "serviceUrl": service_url,
               "conversation": {"id": conversation, "tenantId": TENANT,
                                "conversationType": "channel"},
               "bot": {"id": "28:strategibot", "name": "strategibot"}}
    return Place(channel="msteams", id=conversation, kind="channel", tenant=TENANT,
                 address=address)


def _tracer() -> tuple[aiohttp.TraceConfig, list[float], list[float]]:
    """A trace config that records when each request started (``time.monotonic``, the
    Sender's clock) and its time on the wire."""
    starts: list[float] = []
    trips: list[float] = []

    async def start(_: Any, context: SimpleNamespace, __: Any) -> None:
        context.started = time.perf_counter()
        starts.append(time.monotonic())

    async def end(_: Any, context: SimpleNamespace, __: Any) -> None:
        trips.append(time.perf_counter() - context.started)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(start)
    trace.on_request_end.append(end)
    return trace, starts, trips


async def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    ids = [f"19:fanout-{i:04d}@thread.tacv2" for i in range(args.conversations)]
    throttled = set(rng.sample(ids, round(len(ids) * args.throttled)))
    async with FakeConnector() as connector:
        for conversation in throttled:  # 429 for the first attempt only
            connector.fail(429, path=f"^/v3/conversations/{re.escape(conversation)}/activities",
                           times=1, retry_after=args.retry_after)
        trace, starts, trips = _tracer()
        pool = aiohttp.TCPConnector(limit=100, limit_per_host=100)
        async with aiohttp.ClientSession(connector=pool, trace_configs=[trace]) as session:
            adapter = StrategibotAdapter(Settings(), session)
            teams = TeamsChannel(adapter.bot_framework_authentication.connector_factory)
            sender = Sender(
                channels={"msteams": teams},
                per_conversation_rate=args.conversation_rate, per_tenant_rate=args.tenant_rate,
                rng=random.Random(args.seed), throttle_scope=args.throttle_scope,
            )
            message = Reply(lang="da", text="Ugentlig status for de fælles mål 2019 …")

            async def timed(conversation: str) -> tuple[Outcome, float]:
                started = time.perf_counter()
                outcome = await sender.send(_reference(connector.url, conversation), [message])
                return outcome, time.perf_counter() - started

            started = time.perf_counter()
            results = await asyncio.gather(*(timed(conversation) for conversation in ids))
            wall = time.perf_counter() - started
    posts = connector.activities
    per_conversation = Counter(r.path.split("/")[3] for r in posts)
    delivered = {c: per_conversation[c] - (1 if c in throttled else 0) for c in ids}
    outcomes = Counter(outcome.status for outcome, _ in results)
    by_conversation: dict[str, list[float]] = {}
    for r in posts:
        by_conversation.setdefault(r.path.split("/")[3], []).append(r.received_at)
    return {
        "conversations": len(ids),
        "tenant_rate": args.tenant_rate,
        "conversation_rate": args.conversation_rate,
        "throttled_first_attempts": len(throttled),
        "retry_after_s": args.retry_after,
        "throttle_scope": args.throttle_scope,
        "wall_s": round(wall, 2),
        "floor_s": round(len(ids) / args.tenant_rate, 2),
        "wall_over_floor": round(wall / (len(ids) / args.tenant_rate), 2),
        "sent": outcomes["sent"],
        "paused": outcomes["paused"],
        "failed": outcomes["failed"],
        "lost": sum(1 for count in delivered.values() if count < 1),
        "duplicated": sum(1 for count in delivered.values() if count > 1),
        "http_429": sum(outcome.throttled for outcome, _ in results),
        "requests": len(posts),
        "max_tenant_requests_in_1s_sent": _most_in_one_second(starts),
        "max_tenant_requests_in_1s_received": _most_in_one_second(
            [r.received_at for r in posts]
        ),
        "max_conversation_requests_in_1s": max(
            _most_in_one_second(times) for times in by_conversation.values()
        ),
        "send_latency_ms": _percentiles([latency for _, latency in results]),
        "http_round_trip_ms": _percentiles(trips),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=500)
    parser.add_argument("--throttled", type=float, default=0.10,
                        help="share of conversations whose first attempt gets a 429")
    parser.add_argument("--retry-after", type=float, default=1.0)
    parser.add_argument("--tenant-rate", type=float, default=50.0)
    parser.add_argument("--conversation-rate", type=float, default=7.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--throttle-scope", choices=["tenant", "conversation"], default="tenant",
                        help="what a 429 blocks for Retry-After (Sender's throttle_scope)")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(run(args)), indent=2))


if __name__ == "__main__":
    main()
