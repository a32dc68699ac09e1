"""The strategy office's review loop below the web (issue 14, part 3): logged questions grouped
by similarity; a phrasing validated as ``phrasings.yaml`` is; attached phrasings answered at
once from the database — on the replica that saved them at once, on another within the
refresh interval, after a restart from the start — on SQLite and on PostgreSQL; undo; the
export merged into ``phrasings.yaml``; the engine's overlay and what it costs."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.domain.answers.review import (
    SIMILAR,
    Logged,
    Phrasing,
    ReviewRefused,
    group_questions,
    header_of,
    mask,
    merge_phrasings,
    parse_candidates,
    personal_data,
    phrasing_problem,
    question_key,
    question_tokens,
    render_phrasings,
    similarity,
)
from strategibot.services.content import Content, QuestionLog, knowledge_folder, load_content
from strategibot.services.review import Review
from strategibot.settings import Settings
from strategibot.store.db import create_engine, sessionmaker, upgrade
from strategibot.store.tables import QuestionLog as QuestionRow
from strategibot.store.tables import ReviewDecision

AT = dt.datetime(2019, 11, 15, 9, 0, tzinfo=dt.UTC)
CANTEEN = "hvad er kantinens åbningstider?"
ADMIN = "admin@ltk.example"


def _logged(question: str, *, lang: str = "da", outcome: str = "unknown", days: int = 0,
            candidates: str = "") -> Logged:
    return Logged(question, lang, outcome, 0.3, parse_candidates(candidates),
                  AT - dt.timedelta(days=days))


# ---------------------------------------------------------------------------- grouping


def test_the_same_question_in_other_words_order_and_forms_has_one_key() -> None:
    key = question_key("Hvad er kantinens åbningstider?")
    assert question_key("hvad er kantinens aabningstider") == key  # æøå written out
    assert question_key("KANTINENS ÅBNINGSTIDER!") == key  # case, punctuation, stop words
    assert question_key("åbningstider kantinens") == key  # word order
    assert question_key("hvornår åbner kantinen?") != key
    assert len(key) == 40
    assert "kantin" not in key
    assert question_key("hvad er det?") != question_key("hvad er dette?")  # stop words only


def test_similar_questions_are_one_group_and_different_ones_are_not() -> None:
    rows = [_logged(CANTEEN), _logged(CANTEEN, days=1),
            _logged("Hvad er kantinens åbningstider", days=2),
            _logged("kantinens åbningstider i weekenden?", days=3),
            _logged("hvem vinder champions league?", days=2),
            _logged("hvem vandt champions leauge", outcome="clarify"),
            _logged("who wins the champions league", lang="en", days=1),
            _logged("hvornår åbner letbanen?", candidates="light-rail:0.45,deadlines:0.19"),
            _logged("hvornår åbner kantinen?")]
    groups = group_questions(rows)
    by_question = {g.question: g for g in groups}
    # shown as asked most (case and punctuation aside), as last written
    canteen = by_question[CANTEEN]
    assert canteen.count == 4  # the weekend's question is similar (2 of 3 tokens)
    assert [(w.text, w.count) for w in canteen.wordings] == [
        (CANTEEN, 3), ("kantinens åbningstider i weekenden?", 1)]
    assert canteen.first == AT - dt.timedelta(days=3)
    assert canteen.last == AT
    assert groups[0] is canteen  # the most asked first
    football = next(g for g in groups if "leauge" in g.question)
    assert football.count == 2  # a typo ("leauge") and another tense ("vandt")
    assert football.outcomes == {"unknown": 1, "clarify": 1}
    assert by_question["who wins the champions league"].languages == ("en",)
    # the same question word and verb, about another thing: not one group
    assert "hvornår åbner kantinen?" in by_question
    assert "hvornår åbner letbanen?" in by_question
    assert by_question["hvornår åbner letbanen?"].nearest == (("light-rail", 0.45),
                                                               ("deadlines", 0.19))


def test_the_similarity_threshold_is_documented_and_weighs_question_words_half() -> None:
    assert SIMILAR == 0.5
    a = question_tokens("hvornår åbner kantinen")
    b = question_tokens("hvornår åbner letbanen")
    assert similarity(a, b) < SIMILAR  # 1.5 of 3.5
    assert similarity(question_tokens("hvem vinder champions league"),
                      question_tokens("hvem vinder champions leauge")) > 0.8
    assert similarity(frozenset(), frozenset()) == 1.0
    assert similarity(a, frozenset()) == 0.0


def test_decided_questions_leave_the_list_and_nearest_entries_come_from_the_engine(
        content: Content) -> None:
    rows = [_logged(CANTEEN), _logged("hvornår åbner letbanen?", candidates="deadlines:0.19")]

    def rank(question: str) -> list[tuple[str, float]]:
        ranked, _ = content.engine.rank(question)
        return [(content.engine.entry_id(i), s) for i, s, _ in ranked[:3]]

    groups = group_questions(rows, decided={question_key(CANTEEN)}, rank=rank)
    assert [g.question for g in groups] == ["hvornår åbner letbanen?"]
    assert groups[0].nearest[0][0] == "light-rail"  # the engine's ranking now comes first
    assert len(groups[0].nearest) == 3


def test_personal_data_is_masked_and_never_a_phrasing() -> None:
    for text, kind in (("min mail er ole.thomsen@ltk.example", "email"),
                       ("ring på 45 87 12 34", "phone"), ("ring på +4545871234", "phone"),
                       ("mit cpr er 010203-1234", "cpr"), ("cpr 0102031234", "cpr")):
        assert personal_data(text) == kind, text
        assert "[…]" in mask(text)
    for text in ("hvad sker der i 2019-2020?", "mål for 2019 og 2020", "13,5 dagsværk",
                 "hvad er målet for 2019 2020"):
        assert personal_data(text) is None, text
    [group] = group_questions([_logged("min mail er ole@ltk.example, hvad er RK?")])
    assert group.question == "min mail er […], hvad er RK?"
    assert group.wordings[0].personal


# ---------------------------------------------------------------------------- validation


def _problem(content: Content, text: str, entry: str = "core-task",
             lang: str = "da") -> str | None:
    owners: dict[str, str] = {}
    for item in content.kb.entries.values():
        for code in ("da", "en"):
            for question in item.questions[code]:
                from strategibot.domain.normalise import fold_text

                owners.setdefault(fold_text(question), item.id)
    refusal = phrasing_problem(Phrasing(entry, lang, text), content.kb.entries, owners)
    return None if refusal is None else refusal.code


def test_a_phrasing_is_validated_as_the_yaml_is(content: Content) -> None:
    assert _problem(content, CANTEEN) is None
    assert _problem(content, CANTEEN, entry="no-such-entry") == "unknown_entry"
    assert _problem(content, CANTEEN, lang="fr") == "unknown_language"
    assert _problem(content, "hvad er\nkantinen") == "one_line"
    assert _problem(content, "?!") == "no_word"
    assert _problem(content, "kantine " * 40) == "one_line"  # trailing space
    assert _problem(content, ("kantine " * 40).strip()) == "too_long"
    assert _problem(content, "skriv til ole@ltk.example") == "personal"
    assert _problem(content, "Hvad betyder RK") == "taken"  # relational-coordination's
    assert _problem(content, "Hvad betyder RK", entry="relational-coordination") is None


# ---------------------------------------------------------------------------- the database


@pytest.fixture
async def factory(clean_postgres: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)
    yield sessionmaker(engine)
    await engine.dispose()


@pytest.fixture(scope="module")
def replica() -> Content:
    """The knowledge loaded again, as another replica's process has it."""
    return load_content(Settings())


@pytest.fixture(autouse=True)
def _no_overlay_left(content: Content, replica: Content) -> Iterator[None]:
    yield
    content.engine.set_overlay(())
    replica.engine.set_overlay(())


async def _log(factory: async_sessionmaker[AsyncSession], content: Content,
               *questions: str) -> None:
    await QuestionLog(factory).record([content.engine.answer(q) for q in questions], "msteams")


async def test_an_attached_phrasing_answers_at_once_and_on_another_replica_soon(
        factory: async_sessionmaker[AsyncSession], content: Content, replica: Content) -> None:
    await _log(factory, content, CANTEEN, CANTEEN, "hvornår åbner letbanen?")
    assert content.engine.answer(CANTEEN).entry_id is None
    here = Review(factory, content)
    there = Review(factory, replica, refresh=0.05)
    await here.load()
    await there.load()
    watching = asyncio.create_task(there.watch())
    try:
        [group, _] = await here.groups()
        assert (group.question, group.count) == (CANTEEN, 2)
        saved = time.perf_counter()
        made = await here.attach_logged([group.key], "core-task", by=ADMIN)
        answer = content.engine.answer(CANTEEN)  # this replica: at once
        assert (answer.outcome, answer.entry_id) == ("answer", "core-task")
        assert made.effects[0].entry_id == "core-task"
        assert made.decisions[0].decided_by == ADMIN
        while replica.engine.answer(CANTEEN).entry_id != "core-task":
            assert time.perf_counter() - saved < 2.0, "the other replica never took it"
            await asyncio.sleep(0.005)
        latency = time.perf_counter() - saved
        assert latency < 0.5  # bounded by the refresh interval (0.05 s here)
        # in other words, too: another word order and case, a typo the engine corrects
        assert content.engine.answer("Kantinens åbningstider, hvad er de").entry_id == \
            "core-task"
        assert [g.question for g in await here.groups()] == ["hvornår åbner letbanen?"]
        # a restart: loaded from the database before the first question
        fresh = load_content(Settings())
        assert fresh.engine.answer(CANTEEN).entry_id is None
        await Review(factory, fresh).load()
        assert fresh.engine.answer(CANTEEN).entry_id == "core-task"
        # undone here: gone here at once, there within the interval
        await here.undo(made.decisions[0].id, by=ADMIN)
        assert content.engine.answer(CANTEEN).entry_id is None
        undone = time.perf_counter()
        while replica.engine.answer(CANTEEN).entry_id is not None:
            assert time.perf_counter() - undone < 2.0
            await asyncio.sleep(0.005)
        assert next(g.question for g in await here.groups()) == CANTEEN  # back on the list
    finally:
        watching.cancel()


async def test_a_decision_is_all_or_nothing_and_made_once(
        factory: async_sessionmaker[AsyncSession], content: Content) -> None:
    review = Review(factory, content)
    await review.load()
    with pytest.raises(ReviewRefused) as refused:
        await review.attach([CANTEEN, "skriv til ole@ltk.example", "Hvad betyder RK"],
                            "core-task", by=ADMIN)
    assert refused.value.status == 400
    assert [p.code for p in refused.value.problems] == ["personal", "taken"]
    assert content.engine.answer(CANTEEN).entry_id is None  # nothing was saved
    with pytest.raises(ReviewRefused) as refused:
        await review.attach([CANTEEN], "no-such-entry", by=ADMIN)
    assert (refused.value.status, refused.value.problems[0].code) == (400, "unknown_entry")
    await review.attach([CANTEEN], "core-task", by=ADMIN)
    for attempt in (review.attach([CANTEEN], "cpks", by=ADMIN),
                    review.out_of_scope(["Kantinens åbningstider"], by=ADMIN)):
        with pytest.raises(ReviewRefused) as refused:
            await attempt
        assert refused.value.status == 409
        assert refused.value.problems[0].code == "decided"
    # the words of a phrasing attached to another entry are refused too
    with pytest.raises(ReviewRefused) as refused:
        await review.attach(["hvad er kantinens åbningstider"], "cpks", by=ADMIN)
    assert refused.value.problems[0].code in ("taken", "decided")
    with pytest.raises(ReviewRefused) as refused:
        await review.undo(999, by=ADMIN)
    assert refused.value.status == 404


async def test_out_of_scope_questions_leave_the_list_and_are_kept_masked(
        factory: async_sessionmaker[AsyncSession], content: Content) -> None:
    await _log(factory, content, "hvem vinder champions league?",
               "min mail er ole@ltk.example – hvem vinder superligaen?")
    review = Review(factory, content)
    groups = await review.groups()
    assert len(groups) == 2
    personal = next(g for g in groups if g.wordings[0].personal)
    with pytest.raises(ReviewRefused) as refused:
        await review.attach_logged(list(personal.keys), "core-task", by=ADMIN)
    assert refused.value.problems[0].code == "personal"
    made = await review.out_of_scope_logged(
        [k for g in groups for k in g.keys], by=ADMIN)
    assert len(made.decisions) == 2
    assert await review.groups() == []
    async with factory() as session:
        stored = (await session.scalars(select(ReviewDecision.question))).all()
        assert all("@" not in q for q in stored)
        assert "min mail er […] – hvem vinder superligaen?" in stored
        # the log itself is untouched: retention deletes it as before
        assert await session.scalar(select(func.count()).select_from(QuestionRow)) == 2
    with pytest.raises(ReviewRefused) as refused:
        await review.out_of_scope_logged(["0" * 40], by=ADMIN)
    assert refused.value.status == 404
    with pytest.raises(ReviewRefused) as refused:
        await review.match_keys([groups[0].key[:10]])  # decided: no longer in the review
    assert refused.value.status == 404


async def test_a_phrasing_the_knowledge_no_longer_takes_is_left_out_and_logged(
        factory: async_sessionmaker[AsyncSession], content: Content,
        caplog: pytest.LogCaptureFixture) -> None:
    async with factory() as session, session.begin():
        session.add(ReviewDecision(key="a" * 40, question="noget om et emne der er væk",
                                   lang="da", entry_id="an-entry-since-removed",
                                   decided_by=ADMIN, decided_at=AT))
        session.add(ReviewDecision(key="b" * 40, question="Hvad betyder RK?", lang="da",
                                   entry_id="core-task", decided_by=ADMIN, decided_at=AT))
    assert await Review(factory, content).load() == 0
    assert content.engine.answer("hvad betyder RK?").entry_id == "relational-coordination"
    assert "an attached phrasing is not used" in caplog.text


# ---------------------------------------------------------------------------- export


def test_the_export_keeps_phrasings_yaml_as_it_is_and_adds_in_its_format() -> None:
    path = knowledge_folder(Settings()) / "phrasings.yaml"
    text = path.read_text(encoding="utf-8")
    table = yaml.safe_load(text)["phrasings"]
    merged, new = merge_phrasings(table, [])
    assert render_phrasings(merged, header_of(text)) == text  # byte for byte
    added = [Phrasing("core-task", "da", CANTEEN), Phrasing("core-task", "da", CANTEEN.upper()),
             Phrasing("aaa-new", "en", "what: is 'this'?"),
             Phrasing("about-strategy", "da", "hvad er koncernstrategi 2019")]  # there already
    merged, new = merge_phrasings(table, added)
    assert [p.text for p in new] == [CANTEEN, "what: is 'this'?"]
    assert list(merged) == sorted(merged)
    assert merged["core-task"]["da"][-1] == CANTEEN
    again = yaml.safe_load(render_phrasings(merged, header_of(text)))["phrasings"]
    assert again["aaa-new"] == {"en": ["what: is 'this'?"]}
    assert again["core-task"]["da"] == table["core-task"]["da"] + [CANTEEN]


async def test_the_export_merges_the_attached_phrasings(
        factory: async_sessionmaker[AsyncSession], content: Content, tmp_path: Path) -> None:
    review = Review(factory, content)
    await review.attach([CANTEEN], "core-task", by=ADMIN)
    await review.attach(["who runs the canteen?"], "core-task", by=ADMIN)
    await review.out_of_scope(["hvem vinder champions league?"], by=ADMIN)
    path = content.kb.folder / "phrasings.yaml"
    made = await review.export(path.read_text(encoding="utf-8"))
    assert made.problems == ()
    assert [(p.lang, p.text) for p in made.added] == [("da", CANTEEN),
                                                        ("en", "who runs the canteen?")]
    table = yaml.safe_load(made.text)["phrasings"]
    assert table["core-task"]["en"][-1] == "who runs the canteen?"
    assert "champions" not in made.text
    with pytest.raises(ReviewRefused):
        await review.export("phrasings: [not, a, table]")
    assert (await review.export(None)).text.startswith("phrasings:\n")


# ---------------------------------------------------------------------------- the engine


def test_the_overlay_costs_microseconds_and_leaves_out_what_knowledge_has(
        content: Content) -> None:
    engine = content.engine
    left = engine.set_overlay([("core-task", CANTEEN), ("nope", "x y"),
                               ("core-task", "RK"), ("cpks", CANTEEN)])
    assert left == (("nope", "x y"), ("core-task", "RK"), ("cpks", CANTEEN))
    assert engine.overlay == (("core-task", CANTEEN),)
    assert engine.attached("kantinens åbningstider?") == "core-task"
    assert engine.attached("hvad betyder RK") is None  # knowledge/'s own question
    phrasings = [("core-task", f"spørgsmål nummer {i} om kantinen") for i in range(500)]
    engine.set_overlay(phrasings)  # (500 at once; how long it takes is no test's threshold)
    assert engine.answer("spørgsmål nummer 7 om kantinen").entry_id == "core-task"
    engine.set_overlay(())
    assert engine.answer("spørgsmål nummer 7 om kantinen").entry_id is None


async def test_an_undone_decisions_number_is_never_given_again(
        factory: async_sessionmaker[AsyncSession], content: Content) -> None:
    """A repeated undo (a double click, a redelivered request) must not undo the next
    decision, which SQLite would otherwise number as the one undone."""
    await _log(factory, content, CANTEEN, "hvem vinder champions league?")
    review = Review(factory, content)
    first = (await review.attach([CANTEEN], "core-task", by=ADMIN)).decisions[0]
    await review.undo(first.id, by=ADMIN)
    second = (await review.out_of_scope(["hvem vinder champions league?"], by=ADMIN)).decisions[0]
    assert second.id != first.id
    with pytest.raises(ReviewRefused) as refused:
        await review.undo(first.id, by=ADMIN)  # the same undo again
    assert refused.value.status == 404
    async with factory() as session:
        assert (await session.scalar(select(func.count()).select_from(ReviewDecision))) == 1


async def test_the_migration_keeps_the_decisions_and_their_numbers(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    await upgrade(url, "0008")
    engine = create_engine(url)
    try:
        async with sessionmaker(engine)() as session, session.begin():
            session.add_all([ReviewDecision(id=n, key=f"k{n}", question=f"q{n}", lang="da",
                                            entry_id=None, decided_by=ADMIN, decided_at=AT)
                             for n in (1, 2, 3)])
        async with sessionmaker(engine)() as session, session.begin():
            await session.delete(await session.get(ReviewDecision, 3))  # undone before
    finally:
        await engine.dispose()
    await upgrade(url)
    engine = create_engine(url)
    try:
        async with sessionmaker(engine)() as session, session.begin():
            assert (await session.scalars(select(ReviewDecision.id))).all() == [1, 2]
            await session.delete(await session.get(ReviewDecision, 2))  # undone after
        async with sessionmaker(engine)() as session, session.begin():
            row = ReviewDecision(key="k4", question="q4", lang="da", entry_id=None,
                                 decided_by=ADMIN, decided_at=AT)
            session.add(row)
            await session.flush()
            assert row.id == 3  # 3 was free again before the migration; 2 never is again
    finally:
        await engine.dispose()


async def test_two_undos_of_one_decision_at_once_undo_it_once(
        factory: async_sessionmaker[AsyncSession], content: Content) -> None:
    """A double click on the review page's undo: one undoes, the other is refused (on
    PostgreSQL both used to say done)."""
    for round_ in range(3):
        question = f"hvad er kantinens åbningstider i uge {round_ + 1}?"
        await _log(factory, content, question)
        review = Review(factory, content)
        made = (await review.out_of_scope([question], by=ADMIN)).decisions[0]
        outcomes = await asyncio.gather(review.undo(made.id, by=ADMIN),
                                        review.undo(made.id, by=ADMIN),
                                        return_exceptions=True)
        refused = [o for o in outcomes if isinstance(o, ReviewRefused)]
        assert len(refused) == 1, outcomes
        assert refused[0].status == 404
