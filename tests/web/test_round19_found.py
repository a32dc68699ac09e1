"""What round 19 found (the leftovers of round 18's personas and this round's), each through the
real HTTP path (``POST /api/messages`` with a test Bot Connector) or signed Slack."""

from __future__ import annotations

from tests.support.service import SUSANNE, Service, say_text
from tests.support.slack_chat import slack_dm
from tests.support.steps import standing


def _has(history: str, line: str) -> bool:
    return any(line in row for row in standing(history))


async def test_a_form_named_after_none_at_a_later_question(service: Service) -> None:
    """"nej vent, vi har haft et borgerpanel men kun afprøvet" at the sick-leave question,
    after "ingen" at the form question, was refused ("skriv et tal") and the form lost."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        said = await chat("indrapporter")
        said = await chat("færdig")
        assert "brugerinddragelse" in said, said
        said = await chat("ingen")
        assert "sygefraværet" in said, said
        said = await chat("nej vent, vi har haft et borgerpanel men kun afprøvet")
        assert "Rettet: Borger- og brugerinddragelse: borgerpanel (afprøvet: ja, evalueret: " \
            "nej)" in said, said
        assert "Vi fortsætter: Hvad er sygefraværet" in said, said
        said = await chat("12,4")
        said = await chat("nej")
        assert "Gemt for Budget og Regnskab" in said, said
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "borgerpanel (afprøvet: ja, evalueret: nej)"), history
    assert _has(history, "Sygefravær: 12,4"), history


async def test_another_form_named_without_a_yes(service: Service) -> None:
    """"workshop med brugere, kun afprøvet" at "flere former? Ja/Nej" said "svar ja eller nej",
    and the form was lost; the same form again is no second form."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("færdig")
        for answer in ("borgerpanel", "ja", "ja", "ingen"):
            said = await chat(answer)
        assert "flere former" in said, said
        said = await chat("borgerpanel, afprøvet og evalueret")
        assert "svar ja eller nej" in said, said
        said = await chat("workshop med brugere, kun afprøvet")
        assert "note" in said, said  # the new form's note: its name and flags were given
        said = await chat("ingen")
        assert "flere former" in said, said
        said = await chat("nej")
        assert "sygefraværet" in said, said
        while "Gemt" not in said:
            said = await chat("spring over")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "workshop med brugere (afprøvet: ja, evalueret: nej)"), history
    assert _has(history, "borgerpanel (afprøvet: ja, evalueret: ja)"), history
