"""The Teams app manifest and package: official schema (offline), contents, icons, zip.

The schema check runs ``validate.js --manifest``, which validates with @microsoft/app-manifest's
own validator against the JSON schema that package bundles (nothing is downloaded).
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from strategibot.channels.teams.package import build_teams_package, teams_dir, teams_manifest
from strategibot.core.resources import data_dir
from strategibot.domain.messages import Outcome
from strategibot.errors import StrategibotError
from strategibot.services.content import Content
from strategibot.settings import Settings
from tests.support.cards import run_validate

APP_ID = "5f0c6a3e-1b2d-4c8e-9f10-2a3b4c5d6e7f"
PUBLIC_HOST = "strategibot.ltk.example"
SOURCE = Path(__file__).resolve().parents[2] / "manifest" / "teams"
SCOPES = ["personal", "team", "groupChat"]
# What each scope's command menu offers (Danish title → English title); the example questions
# are checked separately against the answer engine.
COMMANDS = {
    "personal": {"hjælp": "help", "indrapporter": "check in",
                 "mine indrapporteringer": "my check-ins"},
    "team": {"hjælp": "help", "abonnér": "subscribe"},
    "groupChat": {"hjælp": "help", "abonnér": "subscribe"},
}
# Older manifest schemas and the Teams docs allow 32 / 128 characters; keep to them.
TITLE_MAX, DESCRIPTION_MAX = 32, 128


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(APP_ID=APP_ID, APP_TENANTID="tenant-1",
                    public_url=f"https://{PUBLIC_HOST}")


@pytest.fixture(scope="module")
def manifest(settings: Settings) -> dict[str, Any]:
    return teams_manifest(settings)


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    strings: dict[str, str] = json.loads((SOURCE / "en.json").read_text(encoding="utf-8"))
    return strings


@pytest.fixture(scope="module")
def manifest_report(
    manifest: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """One ``node validate.js`` run: the filled-in manifest (what admins upload) and broken ones.

    (The source manifest differs only in its placeholder ids, nil GUIDs, and its version.)
    """
    folder = tmp_path_factory.mktemp("teams")
    filled = folder / "filled"
    filled.mkdir()
    (filled / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    (filled / "en.json").write_bytes((SOURCE / "en.json").read_bytes())

    broken = folder / "broken"
    broken.mkdir()
    bad = json.loads(json.dumps(manifest))
    del bad["developer"]
    bad["bots"][0]["botId"] = "not-a-guid"
    bad["bots"][0]["scopes"].append("everywhere")
    (broken / "manifest.json").write_text(json.dumps(bad), "utf-8")
    (broken / "en.json").write_text(json.dumps({"name.short": "x" * 31}), "utf-8")

    future = folder / "future"
    future.mkdir()
    (future / "manifest.json").write_text(json.dumps({**manifest, "manifestVersion": "9.9"}),
                                          "utf-8")

    report = run_validate(*(arg for path in (filled, broken, future)
                            for arg in ("--manifest", path / "manifest.json")))
    keys = ["filled", "broken", "future"]
    return dict(zip(keys, report["manifests"], strict=True))


# ------------------------------------------------------------------ the official schema


def test_manifest_passes_the_official_schema(manifest_report: dict[str, Any]) -> None:
    result = manifest_report["filled"]
    assert result["errors"] == [], result["errors"]
    assert [loc["languageTag"] for loc in result["localizations"]] == ["en"]
    for localization in result["localizations"]:
        assert localization["errors"] == [], localization["errors"]


def test_schema_is_the_bundled_one(manifest_report: dict[str, Any]) -> None:
    result = manifest_report["filled"]
    major, minor = (int(p) for p in result["manifestVersion"].split("."))
    assert (1, 22) <= (major, minor) <= (1, 25)
    assert result["schema"].startswith("node_modules/@microsoft/app-manifest/build/json-schemas/")


def test_the_schema_check_catches_a_broken_manifest(manifest_report: dict[str, Any]) -> None:
    result = manifest_report["broken"]
    messages = "\n".join(e["message"] for e in result["errors"])
    assert "developer" in messages
    assert "/bots/0/botId" in messages
    assert "/bots/0/scopes/3" in messages
    localization_errors = result["localizations"][0]["errors"]
    assert any("description.short" in e["message"] for e in localization_errors)
    assert any("/name.short" in e["message"] for e in localization_errors)


def test_an_unknown_manifest_version_is_refused_not_downloaded(
    manifest_report: dict[str, Any],
) -> None:
    [error] = manifest_report["future"]["errors"]
    assert "bundles no schema" in error["message"]


# ------------------------------------------------------------------ contents


def test_ids_come_from_the_app_id(manifest: dict[str, Any]) -> None:
    assert manifest["id"] == APP_ID
    assert [bot["botId"] for bot in manifest["bots"]] == [APP_ID]


def test_source_manifest_has_placeholder_ids() -> None:
    source = json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))
    nil = "00000000-0000-0000-0000-000000000000"
    assert source["id"] == nil
    assert source["bots"][0]["botId"] == nil


def test_version_is_the_release(manifest: dict[str, Any]) -> None:
    from strategibot.__about__ import __version__

    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])
    assert __version__.startswith(manifest["version"])


def test_bot(manifest: dict[str, Any]) -> None:
    [bot] = manifest["bots"]
    assert bot["scopes"] == SCOPES
    assert bot["supportsFiles"] is False
    assert not bot.get("isNotificationOnly", False)
    # the only domain is the bot's own (its tabs'); the package fills it in (with_tabs)
    assert manifest["validDomains"] in (["{{PUBLIC_HOST}}"], [PUBLIC_HOST])


def test_names(manifest: dict[str, Any]) -> None:
    assert manifest["name"]["short"] == "strategibot"
    assert manifest["developer"]["name"] == "Lyngby-Taarbæk Kommune"
    for url in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert manifest["developer"][url].startswith("https://")


def test_localization(manifest: dict[str, Any], english: dict[str, str]) -> None:
    info = manifest["localizationInfo"]
    assert info["defaultLanguageTag"] == "da-dk"
    assert info["additionalLanguages"] == [{"languageTag": "en", "file": "en.json"}]
    assert english["name.short"] == manifest["name"]["short"]
    for key in english:
        if key != "$schema":
            assert _lookup(manifest, key) is not None, f"en.json: {key} is not in the manifest"


def _lookup(manifest: dict[str, Any], key: str) -> Any:
    """The manifest value a localization key such as ``bots[0].commandLists[1].title`` names."""
    value: Any = manifest
    for name, index in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", key):
        if not isinstance(value, dict) or name not in value:
            return None
        value = value[name]
        if index:
            if not isinstance(value, list) or int(index) >= len(value):
                return None
            value = value[int(index)]
    return value


def _commands(
    manifest: dict[str, Any], english: dict[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """scope → [(Danish title, English title)], from the manifest and en.json."""
    result: dict[str, list[tuple[str, str]]] = {}
    for i, command_list in enumerate(manifest["bots"][0]["commandLists"]):
        [scope] = command_list["scopes"]
        result[scope] = []
        for j, command in enumerate(command_list["commands"]):
            prefix = f"bots[0].commandLists[{i}].commands[{j}]"
            assert f"{prefix}.description" in english, f"en.json lacks {prefix}.description"
            for text in (command["title"], english[f"{prefix}.title"]):
                assert len(text) <= TITLE_MAX, f"command title too long: {text!r}"
            for text in (command["description"], english[f"{prefix}.description"]):
                assert len(text) <= DESCRIPTION_MAX, f"description too long: {text!r}"
            result[scope].append((command["title"], english[f"{prefix}.title"]))
    return result


def test_command_lists(manifest: dict[str, Any], english: dict[str, str]) -> None:
    commands = _commands(manifest, english)
    assert list(commands) == SCOPES, "one command list per scope"
    for scope, expected in COMMANDS.items():
        pairs = dict(commands[scope])
        for danish, english_title in expected.items():
            assert pairs.get(danish) == english_title, f"{scope}: {danish!r}/{english_title!r}"
        examples = [pair for pair in commands[scope] if pair[0] not in expected]
        assert len(examples) >= 2, f"{scope}: a couple of example questions"


def test_example_questions_are_answered(
    manifest: dict[str, Any], english: dict[str, str], content: Content
) -> None:
    for scope, pairs in _commands(manifest, english).items():
        for danish, english_title in pairs:
            if danish in COMMANDS[scope]:
                continue
            for question, lang in ((danish, "da"), (english_title, "en")):
                answer = content.engine.answer(question)
                assert (answer.outcome, answer.lang) == (Outcome.ANSWER, lang), question


def test_help_command_gives_help(content: Content) -> None:
    for title, lang in (("hjælp", "da"), ("help", "en")):
        answer = content.engine.answer(title)
        assert (answer.outcome, answer.lang) == (Outcome.HELP, lang)


# ------------------------------------------------------------------ icons


def _png(path: Path) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Width, height and RGBA pixels of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append((data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, interlace) == (8, 0), f"{path.name}: 8-bit, non-interlaced only"
    assert colour in (2, 6), f"{path.name}: RGB or RGBA only"
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int, int]] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, up_left = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[x] = (line[x] + predictor) & 0xFF
        previous = line
        for x in range(width):
            px = line[x * channels : (x + 1) * channels]
            pixels.append((px[0], px[1], px[2], px[3] if channels == 4 else 255))
    return width, height, pixels


def test_icons(manifest: dict[str, Any]) -> None:
    width, height, pixels = _png(SOURCE / manifest["icons"]["color"])
    assert (width, height) == (192, 192)
    assert all(a == 255 for *_, a in pixels), "the colour icon is opaque"
    width, height, pixels = _png(SOURCE / manifest["icons"]["outline"])
    assert (width, height) == (32, 32)
    assert all((r, g, b) == (255, 255, 255) or a == 0 for r, g, b, a in pixels), \
        "the outline icon is white on transparent"
    assert any(a == 0 for *_, a in pixels)
    assert any(a == 255 for *_, a in pixels)


def test_accent_colour_matches_the_colour_icon(manifest: dict[str, Any]) -> None:
    _, _, pixels = _png(SOURCE / manifest["icons"]["color"])
    r, g, b, _ = pixels[0]
    assert manifest["accentColor"].lower() == f"#{r:02x}{g:02x}{b:02x}"


# ------------------------------------------------------------------ the package


def test_manifest_is_found_through_data_dir() -> None:
    assert teams_dir() == data_dir("manifest") / "teams"


def test_package(settings: Settings, tmp_path: Path, manifest: dict[str, Any]) -> None:
    path = build_teams_package(settings, tmp_path / "out")
    assert path.parent == tmp_path / "out"
    assert path.name == f"strategibot-teams-{manifest['version']}.zip"
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["color.png", "en.json", "manifest.json",
                                              "outline.png"]
        assert json.loads(archive.read("manifest.json")) == manifest
        for name in ("color.png", "outline.png", "en.json"):
            assert archive.read(name) == (SOURCE / name).read_bytes()


def test_package_is_reproducible(settings: Settings, tmp_path: Path) -> None:
    first = build_teams_package(settings, tmp_path / "a").read_bytes()
    second = build_teams_package(settings, tmp_path / "b").read_bytes()
    assert first == second


@pytest.mark.parametrize(("app_id", "message"), [
    ("", "MicrosoftAppId is empty"),
    ("   ", "MicrosoftAppId is empty"),
    ("my-bot", "expected a GUID"),
])
def test_package_needs_the_app_id(app_id: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(StrategibotError, match=message):
        build_teams_package(Settings(APP_ID=app_id, APP_TENANTID="tenant-1",
                                     public_url=f"https://{PUBLIC_HOST}"), tmp_path)
    assert not list(tmp_path.iterdir()), "nothing is written"


# ------------------------------------------------------------------ the tabs (issue 14)


@pytest.fixture(scope="module")
def with_the_tabs(manifest: dict[str, Any]) -> dict[str, Any]:
    from strategibot.services.dashboard import with_tabs

    return with_tabs(manifest, public_url=f"https://{PUBLIC_HOST}", app_id=APP_ID)


@pytest.fixture(scope="module")
def tabs_report(with_the_tabs: dict[str, Any],
                tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("teams-tabs")
    (folder / "manifest.json").write_text(json.dumps(with_the_tabs, ensure_ascii=False),
                                          "utf-8")
    (folder / "en.json").write_bytes((SOURCE / "en.json").read_bytes())
    [report] = run_validate("--manifest", folder / "manifest.json")["manifests"]
    return report


def test_the_manifest_with_its_tabs_passes_the_official_schema(
        tabs_report: dict[str, Any]) -> None:
    assert tabs_report["errors"] == [], tabs_report["errors"]
    for localization in tabs_report["localizations"]:
        assert localization["errors"] == [], localization["errors"]


def test_the_personal_tab_fremdrift_opens_the_page(with_the_tabs: dict[str, Any],
                                                   english: dict[str, str]) -> None:
    from strategibot.services.dashboard import ENTITY_ID

    tabs = with_the_tabs["staticTabs"]
    assert [tab["entityId"] for tab in tabs] == ["conversations", ENTITY_ID, "about"]
    [page] = [tab for tab in tabs if tab["entityId"] == ENTITY_ID]
    assert page["name"] == "Fremdrift"
    assert page["scopes"] == ["personal"]
    assert page["contentUrl"] == f"https://{PUBLIC_HOST}/dashboard?tab=personal"
    index = tabs.index(page)
    assert english[f"staticTabs[{index}].name"] == "Progress"


def test_the_channel_tab_is_configurable(with_the_tabs: dict[str, Any]) -> None:
    [tab] = with_the_tabs["configurableTabs"]
    assert tab["configurationUrl"] == f"https://{PUBLIC_HOST}/dashboard/configure"
    assert tab["scopes"] == ["team", "groupChat"]
    assert tab["canUpdateConfiguration"] is True
    assert "channelTab" in tab["context"]


def test_single_sign_on_is_the_bots_app_on_the_public_host(
        with_the_tabs: dict[str, Any]) -> None:
    assert with_the_tabs["webApplicationInfo"] == {
        "id": APP_ID, "resource": f"api://{PUBLIC_HOST}/{APP_ID}"}
    assert with_the_tabs["validDomains"] == [PUBLIC_HOST]
    assert "{{" not in json.dumps(with_the_tabs)


def test_the_tab_audiences_are_the_manifests(with_the_tabs: dict[str, Any]) -> None:
    from strategibot.services.dashboard import DashboardSettings
    from strategibot.web.sso import audiences_for

    audiences = audiences_for(Settings(APP_ID=APP_ID, APP_TENANTID="tenant-1"),
                              DashboardSettings(STRATEGIBOT_PUBLIC_URL=f"https://{PUBLIC_HOST}"))
    assert with_the_tabs["webApplicationInfo"]["resource"] in audiences
    assert with_the_tabs["webApplicationInfo"]["id"] in audiences


def test_package_needs_the_public_address(tmp_path: Path) -> None:
    with pytest.raises(StrategibotError, match="STRATEGIBOT_PUBLIC_URL"):
        build_teams_package(Settings(APP_ID=APP_ID, APP_TENANTID="tenant-1"), tmp_path)
    assert not list(tmp_path.iterdir()), "nothing is written"
