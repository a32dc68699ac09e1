"""Content whose strategy period is another than 2019's: for tests that need the period to be
running on dates of their own (the scheduler's tests run in late 2026, on a controlled clock)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from strategibot.domain.knowledge.schema import PeriodModel
from strategibot.services.content import Content

__all__ = ["with_period"]


def with_period(content: Content, start: dt.date, end: dt.date,
                closes: dt.date | None = None) -> Content:
    """``content`` with the strategy's period set to ``start``–``end`` (reporting closing on
    ``closes``)."""
    period = PeriodModel(start=start, end=end, reporting_closes=closes)
    strategy = content.kb.strategy.model_copy(update={"period": period})
    return dataclasses.replace(content, kb=dataclasses.replace(content.kb, strategy=strategy))
