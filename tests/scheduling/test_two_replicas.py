"""Two `strategibot serve` processes on one PostgreSQL, a digest every 1.5 s, and the leader
killed midway: over 20 periods every digest arrives exactly once."""

from __future__ import annotations

import asyncio
import collections
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.tables import Conversation, Subscription
from tests.support.connector import FakeConnector
from tests.support.databases import empty_tables

INTERVAL = 1.5
PERIODS = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _reset(url: str) -> None:
    await upgrade(url)
    await empty_tables(url)


@pytest.mark.slow
async def test_each_digest_arrives_exactly_once_when_the_leader_dies(
    postgres_database: str, tmp_path: Path,
) -> None:
    url = postgres_database
    await _reset(url)
    async with FakeConnector() as connector:
        reference = ConversationReference(
            channel_id="msteams", service_url=connector.url,
            conversation=ConversationAccount(id="19:digest@thread.tacv2",
                                             conversation_type="channel", tenant_id="t1"),
            bot=ChannelAccount(id="28:strategibot"), user=ChannelAccount(id="29:someone"))
        engine = create_engine(url)
        async with session_scope(sessionmaker(engine)) as session:
            conversation = Conversation(channel="msteams",
                                        conversation_id="19:digest@thread.tacv2",
                                        kind="channel", tenant_id="t1",
                                        reference=json.dumps(reference.serialize()))
            session.add(conversation)
            await session.flush()
            session.add(Subscription(conversation_id=conversation.id, lang="da",
                                     created_by="test", schedule=json.dumps(
                                         {"kind": "weekly", "weekday": 0, "day": 1, "hour": 9,
                                          "minute": 0})))
        await engine.dispose()

        env = {**os.environ, "DATABASE_URL": url, "LOG_FORMAT": "json", "LOG_LEVEL": "INFO",
               "STRATEGIBOT_TODAY": "2019-06-15",  # inside the period: digests go out
               "STRATEGIBOT_DIGEST_INTERVAL_SECONDS": str(INTERVAL),
               "STRATEGIBOT_LEADER_RENEW_SECONDS": "0.3"}
        processes = []
        logs = []
        for n in range(2):
            log = (tmp_path / f"replica{n}.log").open("w")
            logs.append(log)
            processes.append(subprocess.Popen(  # noqa: ASYNC220 - returns at once
                [sys.executable, "-m", "strategibot", "serve", "--port", str(_free_port())],
                env=env, stdout=log, stderr=subprocess.STDOUT))
        try:
            def titles() -> list[str]:
                found = []
                for request in connector.activities:
                    for attachment in request.body.get("attachments") or []:
                        for block in attachment["content"]["body"]:
                            if block.get("text", "").startswith("Fremdrift på de fælles mål"):
                                found.append(block["text"])
                return found

            async def wait_for(count: int, limit: float) -> None:
                deadline = time.monotonic() + limit
                while len(titles()) < count:
                    assert time.monotonic() < deadline, (len(titles()), count)
                    await asyncio.sleep(0.1)

            await wait_for(8, 60)
            # kill between two sends, not in the instant between a send and its confirmation
            # (a kill there is the one case a digest can arrive twice: README, "Digests")
            await asyncio.sleep(INTERVAL / 3)
            # the leader is the replica that logged "scheduler started"
            leaders = [i for i in range(2) if "scheduler started" in
                       (tmp_path / f"replica{i}.log").read_text()]
            assert len(leaders) == 1, leaders
            processes[leaders[0]].send_signal(signal.SIGKILL)
            processes[leaders[0]].wait(10)
            await wait_for(PERIODS + 1, 90)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(15)
                    except subprocess.TimeoutExpired:
                        process.kill()
            for log in logs:
                log.close()
            await empty_tables(url)  # the session's database is shared with later tests
        counts = collections.Counter(titles())
        slots = sorted(int(re.search(r"-(\d+)$", t).group(1)) for t in counts)  # type: ignore[union-attr]
        assert all(n == 1 for n in counts.values()), counts  # never twice
        assert slots == list(range(slots[0], slots[0] + len(slots))), slots  # none lost
        assert len(slots) >= PERIODS
        other = 1 - leaders[0]
        assert "scheduler started" in (tmp_path / f"replica{other}.log").read_text()
