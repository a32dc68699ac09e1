"""The progress page (``/dashboard``) through HTTP on a real port and a real database (SQLite
and PostgreSQL), seeded with the example organisation's 2019 check-ins: every goal's panel and
chart, the same status and coverage as the chat's "fremdrift", the weeks as of each week's end,
bad queries answered with a 4xx, the assets served by the bot; the charts' accessibility; the
digest card and the chat's buttons that open the page (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from strategibot.domain.organisation import CentreInfo, Directory, UnitInfo
from strategibot.domain.progress.compute import ReportView, compute_progress
from strategibot.domain.progress.digest import DigestReply, build_digest
from strategibot.domain.progress.status import Status
from strategibot.domain.progress.telling import overview_reply
from strategibot.render.slack import render as render_slack
from strategibot.render.teams import render_card
from strategibot.render.text import render_text
from strategibot.services.content import Content
from strategibot.services.dashboard import (
    DashboardSettings,
    dashboard_link,
    week_ends,
    with_tabs,
)
from strategibot.settings import Settings
from strategibot.store.db import upgrade
from strategibot.web.app import SERVER_OPTIONS, create_app
from strategibot.web.dashboard import add_routes
from strategibot.web.dashboard.charts import Bar, ChartPoint, LineTexts, bar_chart, line_chart
from strategibot.web.keys import app_key
from tests.conftest import INSIDE_THE_PERIOD
from tests.support.activities import card_of, card_texts
from tests.support.cards import run_validate
from tests.support.connector import FakeConnector
from tests.support.service import OLE, Service, example_checkins, say

ADMIN = "admin@ltk.example"
CSS = Path(__file__).resolve().parents[2] / "src/strategibot/web/dashboard/static/dashboard.css"
Start = Callable[..., Awaitable[Service]]


async def start_dashboard(settings: Settings, content: Content,
                          dashboard: DashboardSettings | None = None, *,
                          example: bool = True) -> Service:
    """The bot with the progress page, on a real port; the example check-ins loaded."""
    app = create_app(settings, content=content)
    add_routes(app, dashboard or DashboardSettings())
    runner = web.AppRunner(app, **SERVER_OPTIONS)  # type: ignore[arg-type]
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    service = Service(f"http://127.0.0.1:{port}", app, None, None, settings,  # type: ignore[arg-type]
                      runner, content)
    if example:
        bot = app[app_key]
        await example_checkins(bot)
    return service


@pytest.fixture
async def start(clean_postgres: str, connector: FakeConnector,
                content: Content) -> AsyncIterator[Start]:
    """Start the bot with the page (anonymous local mode) on SQLite and on PostgreSQL."""
    started: list[Service] = []
    await upgrade(clean_postgres)
    http = aiohttp.ClientSession()

    async def run(*, today: dt.date = INSIDE_THE_PERIOD, example: bool = True,
                  dashboard: DashboardSettings | None = None, **changes: Any) -> Service:
        config = Settings(database_url=clean_postgres, admins=(ADMIN,), today=today,
                          scheduler=False, **changes)
        service = await start_dashboard(config, content, dashboard, example=example)
        service.http, service.connector = http, connector
        started.append(service)
        return service

    yield run
    for service in started:
        await service.runner.cleanup()
    await http.close()


async def _get(service: Service, path: str, **kwargs: Any) -> tuple[int, str, Any]:
    async with service.http.get(service.url + path, **kwargs) as response:
        return response.status, await response.text(), response.headers


async def _data(service: Service, lang: str = "da") -> dict[str, Any]:
    async with service.http.get(f"{service.url}/dashboard/data.json?lang={lang}") as response:
        assert response.status == 200
        body: dict[str, Any] = await response.json()
        return body


def _unescape(html: str) -> str:
    return html.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")


# ---------------------------------------------------------------------------- the page


async def test_the_page_shows_every_goal_with_its_chart_from_the_seeded_data(
        start: Start) -> None:
    service = await start()
    status, html, headers = await _get(service, "/dashboard?lang=da")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "<script>" not in html
    assert " style=" not in html
    data = await _data(service)
    assert data["today"] == "2019-11-15"
    for goal in data["goals"]:
        panel = html.split(f'id="goal-{goal["id"]}"', 1)[1].split("</section>", 1)[0]
        chart = panel.split(f'<svg class="chart line" id="line-{goal["id"]}"', 1)[1]
        chart = chart.split("</svg>", 1)[0]
        weeks = [w for w in goal["weeks"] if w["value"] is not None]
        assert len(weeks) > 10, goal["id"]
        assert chart.count('<circle class="point') == len(weeks)
        assert "<title" in panel
        assert "<desc" in panel
        assert "<table" in panel  # and the numbers beside it
        meter = panel.split(f'id="meter-{goal["id"]}"', 1)[1].split("</svg>", 1)[0]
        # the share a status needs is marked only where it applies (not on count goals)
        assert ("kræves for en status" in meter) == (
            goal["id"] not in ("relational-coordination", "citizen-involvement")), goal["id"]
    assert "Fremdrift på de fælles mål" in html
    assert "Tal pr. 15.11.2019" in html
    assert 'id="centres"' in html
    assert 'id="gaps"' in html
    assert 'id="downloads"' in html


async def test_status_and_coverage_are_the_chats_fremdrift_answer(start: Start) -> None:
    service = await start()
    for lang, command, locale in (("da", "fremdrift", "da-DK"), ("en", "progress", "en-US")):
        [reply] = await say(service, OLE, command, locale=locale)
        lines = card_texts(card_of(reply))
        _, html, _ = await _get(service, f"/dashboard?lang={lang}")
        page = _unescape(html)
        for goal in (await _data(service, lang))["goals"]:
            [line] = [x for x in lines if x.startswith(f"**{goal['title']}**")]
            assert f"**{goal['status_text']}**" in line
            assert goal["coverage"]["text"] in line
            assert goal["figure_text"] in line
            panel = page.split(f'id="goal-{goal["id"]}"', 1)[1].split("</section>", 1)[0]
            assert goal["status_text"] in panel
            assert goal["figure_text"] in panel
            assert f'<span class="coverage">{goal["coverage"]["text"]}</span>' in page


async def test_the_figures_are_live_and_the_weeks_are_as_of_each_week(start: Start) -> None:
    service = await start()
    before = await _data(service)
    sick = next(g for g in before["goals"] if g["id"] == "sick-leave")
    weeks = sick["weeks"]
    assert [w["day"] for w in weeks[:-1]] == [
        d.isoformat() for d in week_ends(dt.date.fromisoformat(weeks[0]["day"]),
                                         INSIDE_THE_PERIOD)]
    assert weeks[-1]["day"] == "2019-11-15"
    assert weeks[-1]["value"] == sick["value"]
    assert all(dt.date.fromisoformat(w["day"]).weekday() == 6 for w in weeks[:-1])
    # the example's first sick-leave figures came in March: no figure before
    assert all(w["value"] is None for w in weeks if w["day"] < "2019-03-01")
    await say(service, OLE, "sygefravær 30 @CPKS-01")
    await say(service, OLE, "ja")  # a jump of more than 5 days is confirmed first
    after = await _data(service)
    sick_after = next(g for g in after["goals"] if g["id"] == "sick-leave")
    assert sick_after["value"] > sick["value"]  # the page is live
    assert sick_after["weeks"][:-1] == weeks[:-1]  # the past does not change


async def test_an_empty_database_shows_no_figures_yet(start: Start) -> None:
    service = await start(example=False)
    status, html, _ = await _get(service, "/dashboard?lang=en")
    assert status == 200
    assert "No check-ins yet" in _unescape(html)
    # who has not reported: the units grouped under their centre
    assert ("<li>Center for Politik, Kultur og Strategi: Strategi og Analyse, Kommunikation, "
            "HR og Kompetenceudvikling, Kultur og Fritid</li>") in _unescape(html)
    data = await _data(service, "en")
    assert all(g["weeks"] == [] and g["status"] == "no-data" for g in data["goals"])


async def test_the_page_tells_its_server_timing(start: Start) -> None:
    """The page says what it took (Server-Timing); how fast it is is no test's threshold (it
    failed under a parallel run's load)."""
    service = await start()
    await _get(service, "/dashboard")  # the weeks are computed once, then kept
    for _ in range(2):
        status, _, headers = await _get(service, "/dashboard?lang=da")
        assert status == 200
        assert float(headers["Server-Timing"].split("dur=")[1]) >= 0


async def test_the_language_follows_the_query_then_the_browser(start: Start) -> None:
    service = await start()
    _, html, _ = await _get(service, "/dashboard?lang=en-GB")
    assert '<html lang="en"' in html
    assert "Progress on the shared goals" in html
    _, html, _ = await _get(service, "/dashboard", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="en"' in html
    _, html, _ = await _get(service, "/dashboard", headers={"Accept-Language": "fr, da;q=0.5"})
    assert '<html lang="da"' in html
    _, html, _ = await _get(service, "/dashboard?utm_source=x&lang=da")
    assert '<html lang="da"' in html  # unknown parameters are ignored


@pytest.mark.parametrize(("query", "status", "reason"), [
    ("lang=xx", 400, "unknown language"),
    ("lang=da&lang=en", 400, "more than once"),
    ("lang=%ff%fe", 400, "malformed"),
    ("tab=elsewhere", 400, "unknown tab"),
    ("lang=" + "d" * 3000, 414, "too long"),
    ("&".join(f"p{i}=1" for i in range(40)), 400, "malformed"),
])
async def test_a_bad_query_is_a_clear_4xx(start: Start, query: str, status: int,
                                          reason: str) -> None:
    service = await start(example=False)
    for path in ("/dashboard", "/dashboard/data.json", "/dashboard/content"):
        if path != "/dashboard" and "tab=" in query:
            continue
        got, body, headers = await _get(service, f"{path}?{query}")
        assert got == status, (path, body)
        assert reason in body
        assert "Traceback" not in body
        assert headers["Content-Type"].startswith("application/json")


async def test_a_huge_request_line_is_refused_by_the_server_not_a_500(start: Start) -> None:
    service = await start(example=False)
    status, _, _ = await _get(service, "/dashboard?lang=" + "x" * 20_000)
    assert 400 <= status < 500


async def test_assets_are_served_by_the_bot_with_caching(start: Start) -> None:
    service = await start(example=False)
    _, html, _ = await _get(service, "/dashboard")
    assets = re.findall(r'(?:src|href)="(/dashboard/static/[^"]+)"', html)
    assert {a.split("?")[0] for a in assets} == {"/dashboard/static/dashboard.css",
                                                "/dashboard/static/dashboard.js"}
    assert "http://" not in html.split("<body", 1)[0]
    assert "https://" not in \
        html.split("<body", 1)[0]
    for asset in [*assets, "/dashboard/static/vendor/MicrosoftTeams.min.js"]:
        status, body, headers = await _get(service, asset)
        assert status == 200
        assert body
        assert "max-age" in headers["Cache-Control"]
        again, _, _ = await _get(service, asset, headers={"If-None-Match": headers["ETag"]})
        assert again == 304
    for missing in ("/dashboard/static/nothing.js", "/dashboard/static/../routes.py",
                    "/dashboard/static/%2e%2e/routes.py", "/dashboard/static/vendor/LICENSE"):
        status, body, _ = await _get(service, missing)
        assert status == 404, missing


async def test_the_channel_tab_can_be_configured(start: Start) -> None:
    service = await start(example=False)
    status, html, headers = await _get(service, "/dashboard/configure?lang=en")
    assert status == 200
    assert 'data-page="configure"' in html
    assert 'data-tab-name="Progress"' in html
    assert "/dashboard/static/vendor/MicrosoftTeams.min.js" in html
    assert "frame-ancestors" in headers["Content-Security-Policy"]


async def test_adding_the_routes_twice_is_harmless(settings: Settings, content: Content) -> None:
    app = create_app(settings, content=content)
    add_routes(app, DashboardSettings())
    add_routes(app)  # the lead's line in create_app and a test's call
    assert len([r for r in app.router.routes() if r.resource is not None
                and r.resource.canonical == "/dashboard"]) == 2  # GET and HEAD


# ---------------------------------------------------------------------------- accessibility


def _palettes() -> dict[str, dict[str, str]]:
    css = CSS.read_text(encoding="utf-8")
    found = {}
    for name, block in re.findall(r'(:root|\[data-theme="\w+"\])\s*\{([^}]*)\}', css):
        found[name] = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
    return found


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT_ON = {"text": ("bg", "panel", "cell-yes", "cell-no", "cell-unknown"),
           "muted": ("bg", "panel", "cell-unknown"), "link": ("bg", "panel"),
           "good": ("panel",), "warning": ("panel",), "bad": ("panel",), "neutral": ("panel",),
           "axis": ("panel",)}
GRAPHICS_ON = dict.fromkeys(("series", "target", "baseline", "pace", "deadline", "bar", "meter",
                             "hatch", "focus"), ("panel",))


@pytest.mark.parametrize("theme", [":root", '[data-theme="dark"]', '[data-theme="contrast"]'])
def test_every_colour_pair_passes_wcag_aa(theme: str) -> None:
    palettes = _palettes()
    colours = {**palettes[":root"], **palettes[theme]}
    for pairs, minimum in ((TEXT_ON, 4.5), (GRAPHICS_ON, 3.0)):
        for fore, backs in pairs.items():
            for back in backs:
                ratio = _contrast(colours[fore], colours[back])
                assert ratio >= minimum, f"{theme}: --{fore} on --{back} is {ratio:.2f}:1"


def _texts() -> LineTexts:
    return LineTexts(title="Sygefravær uge for uge", desc="Tallet uge for uge.",
                     target="Mål 13,5", baseline="Udgangspunkt 14,9", deadline="Frist",
                     pace="Jævnt tempo", months=[f"m{i}" for i in range(1, 13)],
                     empty="Ingen indrapporteringer endnu")


def test_a_line_chart_names_its_lines_and_marks_weeks_without_a_status() -> None:
    points = [ChartPoint(dt.date(2019, 3, 3), 15.2, False, "3. marts: 15,2 – for få"),
              ChartPoint(dt.date(2019, 3, 10), 14.8, True, "10. marts: 14,8 – I risiko")]
    svg = line_chart("line-x", points, start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31),
                     target=13.5, baseline=14.9, deadline=dt.date(2019, 12, 31),
                     pace=(14.9, 13.5), floor=None, number=str, texts=_texts())
    assert 'role="img"' in svg
    assert 'tabindex="0"' in svg
    assert 'aria-labelledby="line-x-t line-x-d"' in svg
    assert '<circle class="point hollow"' in svg
    assert '<circle class="point"' in svg
    for label in ("Mål 13,5", "Udgangspunkt 14,9", "Frist"):
        assert f">{label}</text>" in svg  # lines are named where they run, not by colour
    for kind in ("series", "target", "baseline", "pace", "deadline"):
        assert f'class="{kind}"' in svg
    empty = line_chart("line-y", [], start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31),
                       target=30, baseline=None, deadline=dt.date(2019, 12, 31),
                       pace=(0, 30), floor=0, number=str, texts=_texts())
    assert "Ingen indrapporteringer endnu" in empty
    assert "circle" not in empty


def test_a_withheld_centre_is_hatched_and_says_why() -> None:
    svg = bar_chart("bars-x", [Bar("A", "Center A", 13.2), Bar("B", "Center B", None,
                                                             "for få enheder", True)],
                    title="t", desc="d", number=str, reference=13.5,
                    reference_label="Mål 13,5", top_value=13.5)
    assert 'fill="url(#bars-x-hatch)"' in svg
    assert ">for få enheder</text>" in svg
    assert svg.count('class="bar"') == 1


# ---------------------------------------------------------------------------- the buttons


DIRECTORY = Directory(
    centres=tuple(CentreInfo(c, f"C{c}", f"Center {c}", None) for c in range(1, 11)),
    units=tuple(UnitInfo(u, f"U{u:02d}", f"Enhed {u}", 1 + u % 10, None, 10.0 + u)
                for u in range(1, 41)))
TAB = "https://teams.microsoft.com/l/entity/5f0c6a3e/fremdrift?label=Fremdrift"


def _progress(content: Content) -> Any:
    reports = [ReportView("sick-leave", 1 + u % 10, u, None, {"days": 12.0 + u % 5})
               for u in range(1, 30)]
    reports += [ReportView("relational-coordination", 1 + u % 10, u, None,
                           {"status": "done" if u % 3 else "in-progress"}) for u in range(1, 25)]
    return compute_progress(content.kb.goals, DIRECTORY, reports, today=dt.date(2019, 9, 2),
                            period=content.kb.strategy.period)


def test_the_digest_card_is_a_table_with_the_tab_and_check_in_buttons(content: Content) -> None:
    progress = _progress(content)
    digest = build_digest(content.kb, progress, DIRECTORY, content.i18n, lang="da",
                          today=dt.date(2019, 9, 2), period="uge 36, 2019",
                          previous={"sick-leave": 14.2}, page_url=TAB)
    reply = digest.reply
    assert isinstance(reply, DigestReply)
    rows = {row.goal_id: row for row in reply.summary.rows}
    assert len(rows) == len(content.kb.goals)
    sick = rows["sick-leave"]
    assert (sick.name, sick.figure) == ("Sygefravær", "14,1 (mål 13,5)")
    assert sick.status_word == "For få indrapporteringer"
    assert sick.status is Status.TOO_FEW
    assert sick.change == "−0,1 siden sidst"
    assert sick.coverage == "29 af 40 enheder (59 % af årsværkene)"
    assert rows["relational-coordination"].figure == "16 af 30"
    assert rows["citizen-involvement"].figure == "–"
    assert reply.summary.deadline == "Næste frist: 31.12.2019 – De fælles mål for 2019 skal " \
                                     "være nået"
    card = render_card(reply)
    body = card["body"]
    assert card["version"] == "1.5"
    goal_rows = [b for b in body if b["type"] == "ColumnSet"][1:]
    assert len(goal_rows) == len(content.kb.goals)
    status_cell = goal_rows[0]["columns"][2]["items"][0]  # RK: a word, a shape, a colour
    assert status_cell["text"] == "▲ I risiko"
    assert status_cell["color"] == "Warning"
    too_few = goal_rows[2]["columns"][2]["items"][0]  # no claim: no colour
    assert too_few["text"] == "○ For få indrapporteringer"
    assert "color" not in too_few
    [actions] = [b for b in body if b["type"] == "ActionSet"]
    assert [a["type"] for a in actions["actions"]] == ["Action.OpenUrl", "Action.Submit"]
    assert actions["actions"][0]["url"] == TAB
    text = str(card)
    assert "mangler" not in text
    assert "Enhed 25" not in text
    report = run_validate(_write(card))
    [result] = report["cards"]
    assert result["errors"] == []
    assert result["bytes"] <= 28 * 1024
    terminal = render_text(reply)
    assert "Sygefravær: 14,1 (mål 13,5) · ○ For få indrapporteringer · 29 af 40 enheder " \
           "(59 % af årsværkene) · −0,1 siden sidst" in terminal
    assert f"<{TAB}>" in terminal


def _write(card: dict[str, Any]) -> Path:
    import json
    import tempfile

    path = Path(tempfile.mkdtemp()) / "digest-tab.json"
    path.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_slack_digest_has_the_same_rows_and_buttons(content: Content) -> None:
    from slack_sdk.models.blocks import Block

    digest = build_digest(content.kb, _progress(content), DIRECTORY, content.i18n, lang="en",
                          today=dt.date(2019, 9, 2), period="week 36, 2019",
                          previous={"sick-leave": 14.2}, page_url=TAB)
    message = render_slack(digest.reply)
    sections = [b for b in message["blocks"] if b["type"] == "section" and "fields" in b]
    assert len(sections) == len(content.kb.goals)
    assert sections[2]["fields"][0]["text"] == \
        "*Sick leave*\n14.1 (target 13.5)\n_−0.1 since last time_"
    assert sections[2]["fields"][1]["text"] == \
        ":white_circle: ○ *Too few reports*\n29 of 40 units (59 % of the FTE)"
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    assert actions["elements"][0]["url"] == TAB
    assert actions["elements"][1]["value"] == content.i18n.command("checkin", "en")
    for raw in message["blocks"]:
        block = Block.parse(raw)
        assert block is not None
        block.validate_json()
    assert message["text"].startswith("*Progress on the shared goals – week 36, 2019*")


def test_the_fremdrift_answer_opens_the_tab(content: Content) -> None:
    reply = overview_reply(content.kb, _progress(content), content.i18n, "da",
                           dt.date(2019, 9, 2), page_url=TAB)
    assert reply.actions[0].kind == "link"
    assert reply.actions[0].value == TAB
    assert reply.actions[0].title == "Åbn fremdriften"
    buttons = [b for block in render_card(reply)["body"] if block["type"] == "ActionSet"
               for b in block["actions"]]
    assert buttons[0] == {"type": "Action.OpenUrl", "title": "Åbn fremdriften", "url": TAB}
    plain = overview_reply(content.kb, _progress(content), content.i18n, "da",
                           dt.date(2019, 9, 2))
    assert all(a.kind != "link" for a in plain.actions)


def test_the_page_link_is_the_tab_in_teams_and_the_page_on_loopback() -> None:
    app_id = "5f0c6a3e-1b2d-4c8e-9f10-2a3b4c5d6e7f"
    tab = dashboard_link(app_id=app_id, public_url="https://bot.example.dk", anonymous=False,
                         host="0.0.0.0", port=3978)
    assert tab is not None
    assert tab.startswith(f"https://teams.microsoft.com/l/entity/{app_id}/fremdrift?")
    assert "webUrl=https%3A%2F%2Fbot.example.dk%2Fdashboard%3Flang%3Dda" in tab
    assert dashboard_link(app_id="", public_url="", anonymous=True, host="127.0.0.1",
                          port=3978, lang="en") == "http://127.0.0.1:3978/dashboard?lang=en"
    assert dashboard_link(app_id="", public_url="", anonymous=False, host="0.0.0.0",
                          port=3978) is None


def test_the_manifest_tabs_point_at_the_public_address() -> None:
    manifest = {"staticTabs": [{"contentUrl": "https://{{PUBLIC_HOST}}/dashboard"}],
                "webApplicationInfo": {"id": "{{APP_ID}}",
                                       "resource": "api://{{PUBLIC_HOST}}/{{APP_ID}}"},
                "validDomains": ["{{PUBLIC_HOST}}"]}
    filled = with_tabs(manifest, public_url="https://Bot.Example.dk", app_id="ABC")
    assert filled["validDomains"] == ["bot.example.dk"]
    assert filled["webApplicationInfo"] == {"id": "abc", "resource": "api://bot.example.dk/abc"}
    from strategibot.errors import ConfigError

    for bad in ("", "http://bot.example.dk", "https://bot.example.dk/sub"):
        with pytest.raises(ConfigError, match="STRATEGIBOT_PUBLIC_URL"):
            with_tabs(manifest, public_url=bad, app_id="abc")


def test_the_settings_name_the_variable_of_a_bad_value() -> None:
    from strategibot.errors import ConfigError

    loaded = DashboardSettings.from_env({"STRATEGIBOT_PUBLIC_URL": "https://bot.example.dk/",
                                         "STRATEGIBOT_SSO_AUDIENCES": "a, b"}, dotenv=None)
    assert loaded.public_url == "https://bot.example.dk"
    assert loaded.public_host == "bot.example.dk"
    assert loaded.sso_audiences == ("a", "b")
    with pytest.raises(ConfigError, match="STRATEGIBOT_SSO_KEYS_URL"):
        DashboardSettings.from_env({"STRATEGIBOT_SSO_KEYS_URL": "ftp://x"}, dotenv=None)
    with pytest.raises(ConfigError, match="STRATEGIBOT_SSO_ISSUERS"):
        DashboardSettings.from_env({"STRATEGIBOT_SSO_ISSUERS": "https://x/"}, dotenv=None)
