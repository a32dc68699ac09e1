"""Helpers for tests that walk a check-in through a chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable


def standing(history: str) -> list[str]:
    """The lines of "mine indrapporteringer" that still stand (not replaced by a newer one)."""
    return [line for line in history.splitlines() if "erstattet" not in line]


async def until(chat: Callable[[str], Awaitable[str]], said: str, asks: Callable[[str], bool],
                *, answer: Callable[[str], str] = lambda said: "spring over",
                steps: int = 10) -> str:
    """The step-by-step check-in's question ``asks`` picks, answering the others (``answer``,
    "spring over"); it fails when the question never comes."""
    for _ in range(steps):
        if asks(said):
            return said
        said = await chat(answer(said))
    assert asks(said), said
    return said
