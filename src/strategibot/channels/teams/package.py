"""The Teams app package: the zip file an admin uploads in the Teams admin center.

``manifest/teams/manifest.json`` ships with placeholder ids (the nil GUID); the package carries
a copy whose app id (``id``) and bot id (``bots[].botId``) are the bot's Azure app id
(``MicrosoftAppId``, :attr:`Settings.APP_ID`) and whose ``version`` is this release's. Beside it
go the files the manifest names: the two icons and the localization files (``en.json``). Teams
wants them all at the top level of the zip.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from strategibot.__about__ import __version__
from strategibot.core.resources import data_dir
from strategibot.errors import ConfigError, DataNotFound, StrategibotError
from strategibot.services.dashboard import with_tabs
from strategibot.settings import Settings

__all__ = ["PACKAGE_NAME", "build_teams_package", "teams_dir", "teams_manifest"]

PACKAGE_NAME = "strategibot-teams-{version}.zip"
"""The package's file name in ``out_dir``."""

_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""A fixed time stamp for every zip entry: the same inputs give the same bytes."""


def teams_dir() -> Path:
    """The folder holding the Teams manifest, its localization files and icons."""
    folder = data_dir("manifest") / "teams"
    if not (folder / "manifest.json").is_file():
        raise DataNotFound(f"manifest: {folder / 'manifest.json'} does not exist")
    return folder


def _app_id(settings: Settings) -> str:
    app_id = settings.APP_ID.strip()
    if not app_id:
        raise ConfigError(
            "MicrosoftAppId is empty: the Teams package needs the bot's Azure app id "
            "(set MicrosoftAppId to the Application (client) ID of the Azure Bot)"
        )
    if not _GUID.match(app_id):
        raise ConfigError(f"MicrosoftAppId={app_id!r}: expected a GUID such as "
                          "00000000-0000-0000-0000-000000000000")
    return app_id.lower()


def _manifest_version() -> str:
    """This release's version in the x.y.z form Teams accepts ("0.2.0.dev1" → "0.2.0")."""
    match = _SEMVER.match(__version__)
    if match is None:
        raise StrategibotError(f"version {__version__!r} does not start with x.y.z")
    return ".".join(match.groups())


def teams_manifest(settings: Settings) -> dict[str, Any]:
    """The Teams manifest with the app id, bot id and version filled in.

    Raises:
        ConfigError: ``MicrosoftAppId`` is empty or not a GUID, or ``STRATEGIBOT_PUBLIC_URL``
            is not the bot's public https address (the tabs need it).
        DataNotFound: ``manifest/teams/manifest.json`` is missing.
    """
    app_id = _app_id(settings)
    path = teams_dir() / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StrategibotError(f"{path}: cannot be read as JSON: {exc}") from exc
    manifest["id"] = app_id
    manifest["version"] = _manifest_version()
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
    # the progress page as a personal and a channel tab, opened with Teams SSO
    return with_tabs(manifest, public_url=settings.public_url, app_id=app_id)


def _package_files(manifest: dict[str, Any]) -> list[str]:
    """The files beside manifest.json that ``manifest`` names: icons, localization files."""
    icons = manifest.get("icons", {})
    names = [icons[key] for key in ("color", "outline", "color32x32") if key in icons]
    localization = manifest.get("localizationInfo", {})
    if "defaultLanguageFile" in localization:
        names.append(localization["defaultLanguageFile"])
    names.extend(language["file"] for language in localization.get("additionalLanguages", []))
    return list(dict.fromkeys(names))


def build_teams_package(settings: Settings, out_dir: Path) -> Path:
    """Write the Teams app package to ``out_dir`` and return its path.

    The zip holds ``manifest.json`` (ids and version filled in, see :func:`teams_manifest`) and
    every file it names, all at the top level.

    Raises:
        ConfigError: ``MicrosoftAppId`` is empty or not a GUID, or ``STRATEGIBOT_PUBLIC_URL``
            is not the bot's public https address (the tabs need it).
        DataNotFound: the manifest or a file it names is missing.
    """
    manifest = teams_manifest(settings)
    folder = teams_dir()
    files: list[tuple[str, bytes]] = [
        ("manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()),
    ]
    for name in _package_files(manifest):
        path = folder / name
        if "/" in name or "\\" in name or not path.is_file():
            raise DataNotFound(f"manifest: {path} (named in manifest.json) does not exist "
                               "or is not beside manifest.json")
        files.append((name, path.read_bytes()))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / PACKAGE_NAME.format(version=manifest["version"])
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return target
