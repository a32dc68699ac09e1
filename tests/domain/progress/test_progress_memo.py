"""Live progress is computed again only when what it is computed from changed: a report, an
undo, an admin's form decision, the organisation, the day. Asked again with nothing changed
(digest day: many at once), the last figures stand without reading every report again."""

from __future__ import annotations

import pytest

import strategibot.services.checkins as checkins_module
from tests.support.progress import Board

GOAL = "citizen-involvement"


def form(name: str) -> dict[str, object]:
    return {"form": name, "tried": True, "evaluated": True}


async def test_progress_is_read_again_only_when_something_changed(
        org: Board, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    real = checkins_module.latest_values

    async def counted(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checkins_module, "latest_values", counted)
    first = await org.report(GOAL, "A1", form("Borgerpanel"))
    await org.report(GOAL, "B2", form("brugerpanel"))
    assert (await org.progress(GOAL)).value == 2
    assert (await org.progress(GOAL)).value == 2
    assert len(reads) == 1  # nothing changed: the same figures, not read again

    await org.report(GOAL, "C1", form("Fremtidsværksted"))  # a report
    assert (await org.progress(GOAL)).value == 3
    assert await org.checkins.regroup(await org.admin(), "brugerpanel", "Borgerpanel")
    assert (await org.progress(GOAL)).value == 2  # an admin's form decision
    assert await org.checkins.regroup(await org.admin(), "brugerpanel", None)
    assert (await org.progress(GOAL)).value == 3  # and taken back
    assert await org.undo(first) == "undone"  # an undo
    assert (await org.progress(GOAL)).value == 2
    await org.leave("C1")  # the organisation
    assert (await org.progress(GOAL)).value == 1
    assert len(reads) == 6
    assert (await org.progress(GOAL)).value == 1
    assert len(reads) == 6
