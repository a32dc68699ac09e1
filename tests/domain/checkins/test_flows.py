"""The check-in flows as data: answers parsed for what their field is, "none" words, and a
broken checkin.yaml refused with every problem named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from strategibot.core.i18n import I18n
from strategibot.domain.checkins.flows import CANCEL, KEEP, SKIP, Flows, Invalid, load_flows
from strategibot.errors import DialogScriptError
from strategibot.services.content import Content

DIALOGS = Path(__file__).resolve().parents[3] / "dialogs"


@pytest.fixture(scope="module")
def flows(content: Content) -> Flows:
    return content.flows


def field(flows: Flows, goal: str, name: str):  # type: ignore[no-untyped-def]
    return next(f for f in flows.goals[goal].fields if f.id == name)


def test_numbers_are_read_as_danes_and_others_write_them(flows: Flows) -> None:
    days = field(flows, "sick-leave", "days")
    assert flows.parse(days, "12,8", "da") == 12.8
    assert flows.parse(days, "12.8", "en") == 12.8
    with pytest.raises(Invalid, match="skriv et tal"):
        flows.parse(days, "tolv", "da")


def test_choices_yes_no_and_control_words(flows: Flows) -> None:
    status = field(flows, "relational-coordination", "status")
    assert flows.parse(status, "i gang", "da") == "in-progress"
    assert flows.parse(status, "Færdig", "da") == "done"
    tried = field(flows, "citizen-involvement", "tried")
    assert flows.parse(tried, "ja", "da") is True
    assert flows.parse(tried, "no", "en") is False
    assert (flows.control("spring over"), flows.control("uændret"), flows.control("afbryd")) \
        == (SKIP, KEEP, CANCEL)


def test_none_words_mean_no_initiative(flows: Flows) -> None:
    assert flows.means_none("theme-coverage", "ingen")
    assert flows.means_none("theme-coverage", "Ingen endnu")
    assert flows.means_none("theme-coverage", "none")
    assert not flows.means_none("theme-coverage", "Ingeniørprojekt")


def test_summaries_are_in_the_users_language(flows: Flows) -> None:
    assert flows.summary("sick-leave", {"days": 12.8}, "da") == \
        "Sygefravær: 12,8 dagsværk pr. årsværk"
    assert flows.summary("sick-leave", {"days": 12.8}, "en") == \
        "Sick leave: 12.8 days per FTE"


def test_a_broken_checkin_file_names_every_problem(tmp_path: Path, i18n: I18n) -> None:
    shutil.copy(DIALOGS / "checkin.yaml", tmp_path / "checkin.yaml")
    path = tmp_path / "checkin.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        only_if: recruited\n", "        only_if: hired\n")
    text = text.replace("      tried: [afprøvet,", "      tested: [afprøvet,")
    text = text.replace("      - id: days\n        type: number\n",
                        "      - id: days\n        type: numeric\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DialogScriptError) as caught:
        load_flows(path, i18n)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith("dialogs/checkin.yaml: entry 'goals.sick-leave': field "
                            "'fields.0.type': Input should be") for p in problems), problems
    path.write_text(text.replace("type: numeric", "type: number"), encoding="utf-8")
    with pytest.raises(DialogScriptError) as caught:
        load_flows(path, i18n)
    problems = [str(p) for p in caught.value.problems]
    assert "dialogs/checkin.yaml: entry 'goals.recruitment-toolbox': field " \
           "'used_toolbox.only_if': 'hired' is not a field of this goal" in problems
    assert "dialogs/checkin.yaml: entry 'goals.citizen-involvement': field 'flags': " \
           "'tested' is not a yes/no field of this goal" in problems


def test_round_14_answers_in_whole_sentences(flows: Flows) -> None:
    """Karen (helper-93) at the step-by-step check-in: "Det er det samme som sidst." was not
    understood, "Så siger jeg ja." was "svar ja eller nej", and "Vi har ikke arbejdet med
    borgerinddragelse, vi er en intern stabsfunktion." was read as forms."""
    assert flows.control("Det er det samme som sidst.") == KEEP
    assert flows.control("hvad med fleksibel organisation, er det ikke det samme?") is None
    used = field(flows, "recruitment-toolbox", "used_toolbox")
    assert flows.parse(used, "Så siger jeg ja.", "da") is True
    assert flows.parse(used, "så siger jeg nej", "da") is False
    first = flows.goals["citizen-involvement"].fields[0].id
    assert flows.means_none("citizen-involvement", "Vi har ikke arbejdet med "
                            "borgerinddragelse, vi er en intern stabsfunktion.", first)
    assert not flows.means_none("citizen-involvement", "borgerpanel, vi har ikke evalueret "
                                "det endnu", first)


def test_the_figure_a_negation_replaces_is_not_read(flows: Flows) -> None:
    days = field(flows, "sick-leave", "days")
    assert flows.parse(days, "det var 13,4 og ikke 10,8", "da") == 13.4
    with pytest.raises(Invalid, match="ét tal"):
        flows.parse(days, "8,9 sidste år, nu 12", "da")
