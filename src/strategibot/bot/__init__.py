"""The Bot Framework edge: inbound validation, the aiohttp connector and the adapter."""

from __future__ import annotations

__all__: list[str] = []
