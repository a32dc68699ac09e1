"""The passage layer as an employee meets it: the document's own words, quoted with their page,
where no curated entry answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from strategibot.domain.knowledge.load import load_knowledge
from strategibot.domain.messages import Outcome
from strategibot.domain.normalise import fold_text
from strategibot.errors import KnowledgeFileInvalid
from strategibot.services.content import Content, knowledge_folder
from strategibot.settings import Settings


def test_the_whole_document_is_loaded_with_its_pages(content: Content) -> None:
    passages = content.kb.passages
    assert len(passages) > 130
    pages = {page for p in passages for page in p.pages}
    assert pages == {1, *range(3, 13)}  # page 2 is blank
    text = " ".join(p.text for p in passages)
    for phrase in ("Sygefravær belaster kvaliteten af arbejdet",
                   "Ledelsen kan udover at lede opad og nedad",
                   "Centrenes årsaftaler er endeligt indgået den 15. januar 2019"):
        assert phrase in text
    # every passage points to an entry that exists (a button under the quote)
    assert all(p.entry in content.kb.entries for p in passages if p.entry)


@pytest.mark.parametrize(
    ("question", "quoted", "page"),
    [
        ("hvem har ansvar for feedbackkulturen", "forbedrings- og feedbackkultur", 6),
        ("hvad er vores væsentligste ressource", "Medarbejderne er vores væsentligste", 6),
        ("hvad har vedvarende indflydelse på måden vi løser opgaver", "vedvarende indflydelse",
         5),
        ("hvad fokuserer læringscentret på", "undervisningsformer", 4),
    ],
)
def test_a_detail_no_entry_covers_is_quoted_with_its_page(
    content: Content, question: str, quoted: str, page: int
) -> None:
    answer = content.engine.answer(question)
    assert (answer.outcome, answer.kind) == (Outcome.ANSWER, "passage")
    reply = answer.reply
    assert reply.text.startswith(f"Strategien skriver (s. {page}): „")
    assert quoted in reply.text
    assert reply.source_label == f"Kilde: Koncernstrategi 2019, s. {page}"
    assert answer.passages
    # a button to the entry that explains it, which answers when clicked
    assert len(reply.actions) == 1
    followed = content.engine.answer(reply.actions[0].value)
    assert followed.outcome is Outcome.ANSWER


def test_an_entry_answer_gets_the_documents_words_when_they_say_more(content: Content) -> None:
    answer = content.engine.answer("hvad gør sygefravær ved arbejdet")
    assert (answer.outcome, answer.entry_id) == (Outcome.ANSWER, "goal-sick-leave")
    assert "Strategien skriver (s. 8): „Sygefravær belaster kvaliteten af arbejdet" \
        in answer.reply.text


@pytest.mark.parametrize(
    ("question", "quoted", "page"),
    [
        ("why is sick leave a problem?", "Sygefravær belaster kvaliteten", 8),
        ("what is our most important resource", "Medarbejderne er vores væsentligste", 6),
        ("what will employers need in the future", "fleksible vilkår", 5),
    ],
)
def test_an_english_question_finds_the_danish_sentence_by_its_gloss(
    content: Content, question: str, quoted: str, page: int
) -> None:
    """The passages' English glosses let an English question find the Danish sentence; the
    reply quotes the Danish and says that it is Danish."""
    answer = content.engine.answer(question)
    assert (answer.lang, answer.kind) == ("en", "passage")
    assert answer.reply.text.startswith(f"The strategy says (p. {page}, in Danish): “")
    assert quoted in answer.reply.text
    assert answer.reply.source_label == f"Source: Corporate Strategy 2019, p. {page}"


def test_every_passage_has_an_english_gloss_shown_as_the_translation(content: Content) -> None:
    """Every passage has an English gloss: it matches English questions, and an English reply
    that quotes the Danish gives it after the quote, as the translation (an English reader
    could not read the quote); a Danish reply never shows it."""
    passages = content.kb.passages
    assert all(p.gloss and p.gloss != p.text for p in passages)
    centres = next(p for p in passages if "de ti centre" in p.text)
    english = content.engine.answer("how many centres are there").reply.text
    assert f"“{centres.text}” In English: “{centres.gloss}”" in english
    danish = content.engine.answer("hvor mange centre er der").reply.text
    assert centres.gloss not in danish


def test_a_passage_without_a_gloss_is_refused(tmp_path: Path) -> None:
    source = knowledge_folder(Settings())
    folder = tmp_path / source.name
    for path in source.rglob("*.yaml"):
        target = folder / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    file = folder / "passages" / "document.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    del data["sections"][2]["passages"][0]["en"]
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeFileInvalid) as caught:
        load_knowledge(folder)
    assert any("en" in str(p) for p in caught.value.problems)


def test_words_only_the_document_has_are_known(content: Content) -> None:
    """A question in words no entry has, but the document has, is never refused as out of
    scope: the old engine refused "sidemandsoplæring" and "jobrotation"."""
    answer = content.engine.answer("sidemandsoplæring og jobrotation")
    assert answer.outcome is Outcome.ANSWER
    assert "sidemandsoplæring" in answer.reply.text


def test_passages_are_checked_like_entries(tmp_path: Path) -> None:
    source = knowledge_folder(Settings())
    folder = tmp_path / source.name
    for path in source.rglob("*.yaml"):
        target = folder / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    file = folder / "passages" / "document.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["sections"][1]["passages"][0]["pages"] = [13]
    data["sections"][1]["passages"][1]["entry"] = "no-such-entry"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeFileInvalid) as caught:
        load_knowledge(folder)
    problems = [str(p) for p in caught.value.problems]
    assert any("passages.1.pages" in p and "page 13 is not a page" in p for p in problems)
    assert any("passages.2.entry" in p and "no-such-entry" in p for p in problems)


def test_the_passage_file_names_its_source(content: Content) -> None:
    data = yaml.safe_load((knowledge_folder(Settings()) / "passages" / "document.yaml")
                          .read_text(encoding="utf-8"))
    source = data["source"]
    assert len(source["sha256"]) == 64
    assert "Transkript" in source["transcript"]
    assert fold_text(source["pages"])
