"""The Slack app manifest (manifest/slack/manifest.yaml): scopes, events, endpoints, names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from strategibot.core.resources import data_dir

SOURCE = Path(__file__).resolve().parents[2] / "manifest" / "slack" / "manifest.yaml"
ENDPOINT = "https://YOUR-HOST/api/slack"
BOT_SCOPES = {
    "app_mentions:read", "chat:write", "im:history", "im:read", "im:write", "users:read",
    "users:read.email",
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    return loaded


def test_found_through_data_dir() -> None:
    assert (data_dir("manifest") / "slack" / "manifest.yaml").is_file()


def test_bot_scopes(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]
    assert set(scopes) == {"bot"}, "no user scopes"
    assert sorted(scopes["bot"]) == sorted(BOT_SCOPES)


def test_events_and_interactivity_go_to_api_slack(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    events = settings["event_subscriptions"]
    assert events["request_url"] == ENDPOINT
    assert sorted(events["bot_events"]) == ["app_mention", "message.im"]
    assert "user_events" not in events
    assert settings["interactivity"] == {"is_enabled": True, "request_url": ENDPOINT}
    assert settings["socket_mode_enabled"] is False


def test_names(manifest: dict[str, Any]) -> None:
    info = manifest["display_information"]
    assert info["name"] == "strategibot"
    assert manifest["features"]["bot_user"]["display_name"] == "strategibot"
    # Slack's limits for these fields
    assert len(info["name"]) <= 35
    assert len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])


def test_direct_messages_are_open(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False
