"""Fixtures shared by the web tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.web.test_sso import Keys


@pytest.fixture
async def keys() -> AsyncIterator[Keys]:
    """A tenant's token signing keys, served on loopback (Teams SSO for the page)."""
    fake = Keys()
    await fake.start()
    yield fake
    assert fake.runner is not None
    await fake.runner.cleanup()
