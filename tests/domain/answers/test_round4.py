"""Round 4 on the document's answers: mechanisms found with questions written from the
document (BENCHMARKS.md, "Round 4")."""

from __future__ import annotations

import pytest

from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "expected"), [
    ("what does the strategy say about robots", "megatrend-digital"),
    ("hvad er omdrejningspunktet for vores fælles arbejdskultur", "leader-employee-foundation"),
])
def test_a_near_verbatim_question_differs_by_typos_not_by_a_word_of_its_own(
        content: Content, question: str, expected: str) -> None:
    """"… say about robots" is one letter-run away from an entry's "… say about DTU?", but
    its own word is not DTU; "vores" for "den" (a stop word) is still the entry's question."""
    ranked, _ = content.engine.rank(question)
    assert content.engine.entry_id(ranked[0][0]) == expected
    assert content.engine.answer(question).entry_id == expected
