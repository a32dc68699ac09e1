"""Each goal's figure, checked by hand on a small organisation (tests/support/progress.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from strategibot.services.content import Content
from tests.support.progress import Board, board


@pytest.fixture
async def org(tmp_path: Path, content: Content) -> AsyncIterator[Board]:
    async with board(tmp_path, content) as ready:
        yield ready
