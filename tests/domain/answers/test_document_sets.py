"""The sets written from the document: the development set the passage layer was tuned on, and
the held-out set it never was (measured only; see BENCHMARKS.md)."""

from __future__ import annotations

from strategibot.domain.answers.evaluation import evaluate_document, has_evidence
from strategibot.domain.knowledge.load import load_document_set
from strategibot.domain.normalise import fold_text
from strategibot.services.content import Content, knowledge_folder
from strategibot.settings import Settings

FOLDER = knowledge_folder(Settings()) / "eval"


def test_quality_on_the_development_set(content: Content) -> None:
    report = evaluate_document(content.engine, load_document_set(FOLDER / "document-dev.yaml"))
    assert report.in_scope >= 750
    assert report.near_miss >= 400
    assert report.right_rate >= 0.90, report.as_dict()
    assert report.honest_rate >= 0.92, report.as_dict()
    assert report.refusal_rate >= 0.9, report.as_dict()


def test_quality_on_round_7s_first_development_set(content: Content) -> None:
    """Its writer was told evidence matches anywhere in a word ("match: substring")."""
    questions = load_document_set(FOLDER / "document-dev-r7.yaml")
    assert questions.match == "substring"
    report = evaluate_document(content.engine, questions)
    assert report.in_scope >= 65
    assert report.near_miss >= 60
    assert report.right_rate >= 0.78, report.as_dict()
    assert report.honest_rate >= 0.92, report.as_dict()
    assert report.refusal_rate >= 0.85, report.as_dict()


def test_quality_on_the_held_out_document_set(content: Content) -> None:
    """Measured, never tuned on; these are the figures reached (targets: 90 %, 95 %)."""
    report = evaluate_document(content.engine, load_document_set(FOLDER / "document.yaml"))
    assert report.total >= 150
    assert report.near_miss >= 40
    assert report.right_rate >= 0.83, report.as_dict()
    assert report.honest_rate >= 0.85, report.as_dict()
    assert report.refusal_rate >= 0.9, report.as_dict()


def test_the_sets_stay_apart_from_the_knowledge_base(content: Content) -> None:
    """No question of either set was added to the entries or phrasings. Independent writers
    do write the same common questions ("Hvad er LIFE?"): 28 of the held-out set's 253 were
    word for word an entry's question before the passage layer existed, and 69 of the
    development set's 1,218 (26 of the first 281, 14 of the 226 written for the second round, 6
    of the 60 written for the fourth, 5 of the 120 written for the fifth, 16 of the 376 written
    for the sixth, 2 of the 130 of the seventh's second batch), and 3 of the 140 of the
    seventh's first batch (document-dev-r7.yaml); none were added."""
    known = {fold_text(q) for e in content.kb.entries.values() for lang in ("da", "en")
             for q in e.questions[lang]}
    for name, coincide in (("document.yaml", 28), ("document-dev.yaml", 69),
                           ("document-dev-r7.yaml", 3)):
        questions = load_document_set(FOLDER / name).questions
        leaked = [q.q for q in questions if fold_text(q.q) in known]
        assert len(leaked) <= coincide, (name, leaked)


def test_evidence_is_matched_on_whole_folded_words() -> None:
    assert has_evidence("Målet er 13,5 dagsværk pr. årsværk.", [["13,5", "13.5"], ["årsværk"]])
    assert has_evidence("maalet er 13.5", [["Målet"]])
    assert not has_evidence("Målet er 113,5", [["13,5"]])
    assert not has_evidence("LyNET", [["LyNET"], ["15. januar"]])
    # a set whose writer wrote stems ("match: substring")
    assert not has_evidence("Vi samarbejder om kerneopgaven", [["kerneopgave"]])
    assert has_evidence("Vi samarbejder om kerneopgaven", [["kerneopgave"]], whole_words=False)
