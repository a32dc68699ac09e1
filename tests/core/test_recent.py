"""The memory of recent message ids: seen once, forgotten after the window or when full."""

from __future__ import annotations

from strategibot.core.recent import RecentKeys


def test_a_key_is_seen_again_within_the_window_only() -> None:
    now = [0.0]
    recent = RecentKeys(window=60, size=100, clock=lambda: now[0])
    assert recent.add("msteams|a:1|m-1") is False
    assert recent.add("msteams|a:1|m-1") is True  # a redelivery
    assert recent.add("msteams|a:1|m-2") is False
    now[0] = 61.0
    assert recent.add("msteams|a:1|m-1") is False  # the window has passed
    assert len(recent) == 1  # the expired ones are gone


def test_the_oldest_go_first_when_full_and_a_key_can_be_forgotten() -> None:
    recent = RecentKeys(window=3600, size=3, clock=lambda: 0.0)
    for n in range(5):
        recent.add(f"k{n}")
    assert len(recent) == 3
    assert recent.add("k0") is False  # pushed out
    assert recent.add("k4") is True
    recent.forget("k4")
    assert recent.add("k4") is False
