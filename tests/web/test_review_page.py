"""The review of unanswered questions on the web (``/dashboard/review``, issue 14 part 3),
through HTTP on a real port and a real database (SQLite and PostgreSQL): a question the bot
could not answer is listed; an admin attaches it to an entry and the next time it is asked in
the chat it is answered with that entry; out of scope and undo; only admins (a Teams SSO token
of an admin, or a loopback client in anonymous local mode); forms from another site refused;
bad input a clear 4xx, never a 500."""

from __future__ import annotations

import json
import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
import yaml

from strategibot.services.content import Content
from strategibot.services.dashboard import DashboardSettings
from strategibot.settings import Settings
from strategibot.store.db import upgrade
from strategibot.web.dashboard.review import review_key
from tests.conftest import INSIDE_THE_PERIOD
from tests.support.activities import card_of, card_texts
from tests.support.connector import FakeConnector
from tests.support.service import OLE, Service, say
from tests.web.test_dashboard import start_dashboard
from tests.web.test_sso import APP_ID, HOST, LEADER, TENANT, Keys, token

ADMIN = "admin@ltk.example"
CANTEEN = "hvad er kantinens åbningstider?"
FOOTBALL = "hvem vinder champions league?"
Start = Callable[..., Awaitable[Service]]


@pytest.fixture
async def start(clean_postgres: str, connector: FakeConnector, content: Content,
                keys: Keys) -> AsyncIterator[Start]:
    """The bot with the page, on SQLite and on PostgreSQL: anonymous local mode, or
    (``sso=True``) with an app id, so the page signs in with Teams SSO."""
    started: list[Service] = []
    await upgrade(clean_postgres)
    http = aiohttp.ClientSession()

    async def run(*, sso: bool = False) -> Service:
        extra: dict[str, Any] = {"APP_ID": APP_ID, "APP_PASSWORD": "secret",
                                     "APP_TENANTID": TENANT} if sso else {}
        config = Settings(database_url=clean_postgres, admins=(ADMIN,),
                          today=INSIDE_THE_PERIOD, scheduler=False, **extra)
        dashboard = DashboardSettings(STRATEGIBOT_SSO_KEYS_URL=keys.url,
                                      STRATEGIBOT_PUBLIC_URL=f"https://{HOST}")
        service = await start_dashboard(config, content, dashboard, example=False)
        service.http, service.connector = http, connector
        started.append(service)
        return service

    yield run
    for service in started:
        await service.runner.cleanup()
    await http.close()
    assert content.engine.overlay == ()  # the engine is given back as it was


async def _ask(service: Service, text: str) -> list[str]:
    [reply] = await say(service, OLE, text)
    return card_texts(card_of(reply))


async def _page(service: Service, path: str = "/dashboard/review?lang=da", *,
                bearer: str | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    async with service.http.get(service.url + path, headers=headers) as response:
        return response.status, await response.text()


async def _post(service: Service, action: str, data: Any, *, bearer: str | None = None,
                json_answer: bool = True, **headers: str) -> tuple[int, Any]:
    sent = {"Origin": service.url, **headers}
    if json_answer:
        sent["Accept"] = "application/json"
    if bearer:
        sent["Authorization"] = f"Bearer {bearer}"
    async with service.http.post(f"{service.url}/dashboard/review/{action}", data=data,
                                 headers=sent) as response:
        body = await response.text()
        assert "Traceback" not in body
        try:
            return response.status, json.loads(body)
        except ValueError:
            return response.status, body


def _keys(html: str, question: str) -> list[str]:
    """The keys of the wordings in ``question``'s group, as the page lists them."""
    group = html.split(f"<q>{question}</q></h3>", 1)[1].split("</article>", 1)[0]
    return re.findall(r'type="checkbox" id="[^"]+" name="key" value="([0-9a-f]{40})"', group)


# ---------------------------------------------------------------------------- the loop


async def test_an_attached_question_is_answered_with_the_entry_in_the_chat(
        start: Start) -> None:
    service = await start()
    await _ask(service, "Hvad er kantinens åbningstider")
    lines = await _ask(service, CANTEEN)
    assert not any("Kerneopgaven" in line for line in lines)  # not known
    await _ask(service, FOOTBALL)
    status, html = await _page(service)
    assert status == 200
    assert f"<q>{CANTEEN}</q>" in html  # listed, with how often and when
    assert "Stillet 2 gange" in html
    assert 'name="entry" required' in html
    assert 'value="core-task"' in html
    assert OLE not in html  # the log knows nobody
    status, answer = await _post(service, "attach", {"key": _keys(html, CANTEEN),
                                                     "entry": "core-task", "lang": "da"})
    assert status == 200, answer
    assert answer["ok"] is True
    assert answer["messages"][0] == "1 formulering(er) knyttet til „Kerneopgaven“."
    assert answer["messages"][1] == f"„{CANTEEN}“ besvares nu med „Kerneopgaven“."
    assert f"<q>{CANTEEN}</q></h3>" not in answer["html"]  # off the list
    assert 'id="notice"' in answer["html"]
    lines = await _ask(service, CANTEEN)  # the next time it is asked: the entry's answer
    assert lines[0] == "Kerneopgaven", lines
    # the decision is listed with an undo, and the phrasing is in the export
    status, html = await _page(service)
    assert "formulering af „Kerneopgaven“" in html
    [decision] = re.findall(r'name="decision" value="(\d+)"', html)
    async with service.http.get(f"{service.url}/dashboard/review/phrasings.yaml") as response:
        assert response.status == 200
        assert response.headers["Content-Disposition"] == 'attachment; filename="phrasings.yaml"'
        table = yaml.safe_load(await response.text())["phrasings"]
    assert table["core-task"]["da"][-1] == CANTEEN
    # undone: the question is back, the chat no longer knows it
    status, answer = await _post(service, "undo", {"decision": decision, "lang": "en"})
    assert status == 200, answer
    assert answer["messages"] == [f"The decision on “{CANTEEN}” is undone: the question is "
                                  "back on the list."]
    assert (await _ask(service, CANTEEN))[0] != "Kerneopgaven"


async def test_out_of_scope_takes_a_group_off_the_list(start: Start) -> None:
    service = await start()
    await _ask(service, FOOTBALL)
    await _ask(service, "hvem vandt champions leauge")
    _, html = await _page(service, "/dashboard/review?lang=en")
    assert "Asked 2 times" in html
    keys = re.findall(r'<form class="review-action scope".*?</form>', html)[0]
    status, answer = await _post(service, "out-of-scope", {
        "key": re.findall(r'value="([0-9a-f]{40})"', keys), "lang": "en"})
    assert status == 200, answer
    assert answer["messages"] == ["2 question(s) marked as out of scope."]
    assert "No unanswered questions are waiting for a decision." in answer["html"]
    assert "out of scope" in answer["html"]


async def test_a_form_posted_without_script_gets_the_page_back(start: Start) -> None:
    service = await start()
    await _ask(service, CANTEEN)
    _, html = await _page(service)
    status, page = await _post(service, "attach", {"key": _keys(html, CANTEEN),
                                                   "entry": "core-task", "lang": "da"},
                               json_answer=False)
    assert status == 200
    assert page.startswith("<!doctype html>")
    assert 'id="notice" class="notice ok" role="status"' in page
    status, page = await _post(service, "attach", {"key": _keys(html, CANTEEN),
                                                   "entry": "core-task"}, json_answer=False)
    assert status == 409
    assert 'class="notice error" role="alert"' in page
    assert "Fortryd den først" in page


# ---------------------------------------------------------------------------- who


async def test_only_admins_review_in_teams(start: Start) -> None:
    service = await start(sso=True)
    await service.bot.questions.record([service.content.engine.answer(CANTEEN)], "msteams")
    await service.settle()  # the log is written off the turn's path
    status, shell = await _page(service)
    assert status == 200  # a shell that signs in, without a question in it
    assert 'data-auth="teams"' in shell
    assert CANTEEN not in shell
    assert "/dashboard/static/review.js" in shell
    status, html = await _page(service, "/dashboard/review/content?lang=da", bearer=token())
    assert status == 200
    assert f"<q>{CANTEEN}</q>" in html
    for bearer, expected in ((None, 401), (token(preferred_username=LEADER), 403)):
        status, body = await _page(service, "/dashboard/review/content", bearer=bearer)
        assert status == expected
        assert CANTEEN not in body
        status, body = await _post(service, "attach", {"key": _keys(html, CANTEEN),
                                                       "entry": "core-task"}, bearer=bearer)
        assert status == expected, body
        status, _ = await _page(service, "/dashboard/review/phrasings.yaml", bearer=bearer)
        assert status == expected
    # the admin's token decides, and is named with the decision
    status, answer = await _post(service, "attach", {"key": _keys(html, CANTEEN),
                                                     "entry": "core-task"}, bearer=token())
    assert status == 200, answer
    assert ADMIN in answer["html"]
    # the progress page offers the review to admins only
    _, content = await _page(service, "/dashboard/content", bearer=token())
    assert "/dashboard/review?lang=" in content
    _, content = await _page(service, "/dashboard/content",
                             bearer=token(preferred_username=LEADER))
    assert "/dashboard/review" not in content


async def test_a_form_from_another_site_is_refused(start: Start) -> None:
    service = await start()
    await _ask(service, CANTEEN)
    _, html = await _page(service)
    form = {"key": _keys(html, CANTEEN), "entry": "core-task"}
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Sec-Fetch-Site": "cross-site"}, {"Host": "evil.example"}):
        status, body = await _post(service, "attach", form, **headers)
        assert status == 403, (headers, body)
    assert service.content.engine.answer(CANTEEN).entry_id is None
    status, _ = await _post(service, "attach", form, **{"Sec-Fetch-Site": "same-origin"})
    assert status == 200


# ---------------------------------------------------------------------------- bad input


async def test_bad_input_is_a_clear_4xx_never_a_500(start: Start) -> None:
    service = await start()
    await _ask(service, CANTEEN)
    _, html = await _page(service)
    [key] = _keys(html, CANTEEN)
    cases: list[tuple[str, Any, int, str]] = [
        ("attach", {"key": key}, 400, "'entry' is missing"),
        ("attach", {"entry": "core-task"}, 400, "Vælg mindst ét spørgsmål."),
        ("attach", {"key": key, "entry": "no-such-entry"}, 400, "findes ikke"),
        ("attach", [("key", key), ("entry", "a"), ("entry", "b")], 400, "more than once"),
        ("attach", {"key": "../../etc", "entry": "core-task"}, 400, "not a question"),
        ("attach", {"key": "0" * 40, "entry": "core-task"}, 404, "ikke længere i loggen"),
        ("attach", {"key": [f"{n:040x}" for n in range(51)], "entry": "core-task"}, 400,
         "Højst 50"),
        ("attach", {"key": key, "entry": "core-task", "lang": "xx"}, 400, "unknown language"),
        ("out-of-scope", {}, 400, "Vælg mindst ét spørgsmål."),
        ("undo", {"decision": "abc"}, 400, "not a number"),
        ("undo", {"decision": "99999"}, 404, "ingen beslutning 99999"),
        ("undo", {}, 400, "'decision' is missing"),
    ]
    for action, data, status, reason in cases:
        got, body = await _post(service, action, data)
        assert got == status, (action, data, body)
        assert reason in json.dumps(body, ensure_ascii=False), (action, body)
    raw = [(b"key=%ff%fe&entry=core-task", "application/x-www-form-urlencoded", 400),
           (b'{"key": "x"}', "application/json", 415),
           (b"\xff\xfe", "application/x-www-form-urlencoded", 400),
           (b"k=" + b"x" * 70_000, "application/x-www-form-urlencoded", 413)]
    for body, kind, status in raw:
        async with service.http.post(f"{service.url}/dashboard/review/attach", data=body,
                                      headers={"Content-Type": kind,
                                               "Origin": service.url}) as response:
            text = await response.text()
            assert response.status == status, (body[:20], text)
            assert "Traceback" not in text
    for path, status in (("/dashboard/review?lang=xx", 400),
                         ("/dashboard/review?lang=da&lang=en", 400),
                         ("/dashboard/review/content?lang=%ff", 400)):
        got, _ = await _page(service, path)
        assert got == status, path
    async with service.http.get(f"{service.url}/dashboard/review/attach") as response:
        assert response.status == 405
    assert service.app[review_key].review is not None


async def test_the_page_is_fast_and_safe(start: Start) -> None:
    service = await start()
    rng = random.Random(14)
    for _ in range(40):  # 40 questions, none like another
        words = ["".join(rng.choice("bcdfghklmnprstv") + rng.choice("aeiouy")
                         for _ in range(4)) for _ in range(2)]
        await service.bot.questions.record(
            [service.content.engine.answer(f"hvad med {words[0]} og {words[1]}?")], "msteams")
    await service.settle()  # the log is written off the turn's path
    async with service.http.get(f"{service.url}/dashboard/review?lang=da") as response:
        html = await response.text()
        assert response.status == 200
        assert float(response.headers["Server-Timing"].split("dur=")[1]) < 500
        policy = response.headers["Content-Security-Policy"]
    assert "form-action 'self'" in policy
    assert "script-src 'self'" in policy
    assert "<script>" not in html
    assert " style=" not in html
    assert html.count('class="group"') == 30  # the most asked 30 …
    assert "10 grupper mere" in html  # … and how many more
