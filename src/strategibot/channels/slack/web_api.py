"""A minimal Slack Web API client on the application's ``aiohttp.ClientSession``.

Why not ``slack_sdk.web.async_client.AsyncWebClient``: with a shared session it ignores its own
``timeout``, it silently picks up ``HTTPS_PROXY`` from the environment, and it warns
(``UserWarning``) on some calls; we need six methods, one error type and our own retry policy
(none here: a 429 is raised with its ``Retry-After`` so the caller can pause).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import aiohttp

from strategibot.channels.slack.errors import SlackApiError

__all__ = ["SlackWebApi"]

logger = logging.getLogger(__name__)


class SlackWebApi:
    """Calls ``{base_url}{method}`` with the bot token and returns Slack's JSON answer.

    Args:
        session: the application's client session (not closed here).
        base_url: the Web API base URL, e.g. ``https://slack.com/api/``.
        token: the bot token (``xoxb-…``).
        timeout: seconds one call may take in total.
    """

    __slots__ = ("_base_url", "_headers", "_session", "_timeout")

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, token: str, *, timeout: float = 10.0
    ) -> None:
        self._session = session
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def call(
        self,
        method: str,
        *,
        json_body: Mapping[str, Any] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST one Web API call; return the answer when Slack says ``"ok": true``.

        Write methods take ``json_body``; read methods such as ``users.info`` and ``auth.test``
        accept only form fields (``form``).

        Raises:
            SlackApiError: Slack answered ``"ok": false``, HTTP 429 or something that is not
                JSON, or the request failed or timed out.
        """
        headers = dict(self._headers)
        data: bytes | Mapping[str, str] | None = form
        if json_body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
            data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        try:
            async with self._session.post(
                self._base_url + method, data=data, headers=headers, timeout=self._timeout
            ) as response:
                status = response.status
                retry_after = _seconds(response.headers.get("Retry-After"))
                raw = await response.read()
        except TimeoutError as exc:
            raise SlackApiError(method, "timeout") from exc
        except aiohttp.ClientError as exc:
            raise SlackApiError(method, "network_error") from exc
        try:
            answer = json.loads(raw)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            answer = None
        error = answer.get("error") if isinstance(answer, dict) else None
        if status == 429:
            raise SlackApiError(
                method, str(error or "ratelimited"), status=status, retry_after=retry_after
            )
        if not isinstance(answer, dict):
            raise SlackApiError(method, "invalid_response", status=status)
        if answer.get("ok") is not True:
            raise SlackApiError(
                method, str(error or "unknown_error"), status=status, retry_after=retry_after
            )
        warning = answer.get("warning")
        if warning:
            logger.debug("Slack %s warns: %s", method, warning)
        return answer


def _seconds(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value >= 0 else None
