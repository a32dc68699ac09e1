"""What round 12 found in the chat (the previous round's leftovers and its persona rounds),
each through the real HTTP path (``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.activities import card_buttons, card_of
from tests.support.service import OLE, Service, say, say_text

EMPLOYEE = "anna.ansat@ltk.example"
CHIEF = "mikkel.krogh@ltk.example"  # centre chief of CPKS


async def test_a_report_and_a_question_with_no_mark_between(service: Service) -> None:
    """"sygefravær 13,9 i begge er det under målet?" saved nothing (or one unit): both units'
    figures are saved and compared with the target."""
    said = await say_text(service, OLE, "sygefravær 13,9 i begge er det under målet?")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13,9" in said, said
    assert "Gemt for Kommunikation: Sygefravær: 13,9" in said, said
    assert "ligger over målet på 13,5" in said, said


async def test_a_question_after_another_goals_report_is_that_goals(service: Service) -> None:
    """"RK færdig @cpks-01 har vi så nået målet?" right after a sick-leave figure compared that
    figure with its target; it is about relational coordination."""
    await say_text(service, OLE, "sygefravær 13,9 @cpks-02")
    said = await say_text(service, OLE, "RK færdig @cpks-01 har vi så nået målet?")
    assert "Gemt for Strategi og Analyse: Relationel koordinering: Færdig" in said, said
    assert "13,9" not in said, said
    assert "relationel koordinering" in said.casefold(), said


async def test_a_correction_says_corrected(service: Service) -> None:
    """A correction of what was just saved said "Gemt" like any report."""
    await say_text(service, OLE, "sygefravær 12,9 i begge")
    said = await say_text(service, OLE, "nej vent, det var 13,0")
    assert said.count("Rettet for") == 2, said
    assert "Gemt for" not in said, said
    await say_text(service, OLE, "RK færdig @cpks-02")
    status = await say_text(service, OLE, "nej, det var i gang")
    assert "Rettet for Kommunikation: Relationel koordinering: I gang" in status, status


async def test_a_line_that_corrects_itself(service: Service) -> None:
    """"tema 2: ingen – nej vent, trivselsindsats" was saved whole as the initiative;
    "sygefravær er 12,9 eller nej 12,7" asked for one number."""
    theme = await say_text(service, CHIEF, "tema 2: ingen – nej vent, trivselsindsats")
    assert "Gemt for Center for Politik, Kultur og Strategi: Tema 2: trivselsindsats" in theme, \
        theme
    assert "nej vent" not in theme, theme
    figure = await say_text(service, OLE, "sygefravær er 12,9 eller nej 12,7 @cpks-01")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12,7" in figure, figure
    status = await say_text(service, OLE, "RK færdig, undskyld, i gang @cpks-02")
    assert "Gemt for Kommunikation: Relationel koordinering: I gang" in status, status


async def test_a_figure_in_words(service: Service) -> None:
    """"sygefravær tolv komma fem" was no report; words of a name stay words."""
    said = await say_text(service, OLE, "sygefravær tolv komma fem @cpks-01")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12,5" in said, said
    named = await say_text(service, CHIEF, "tema 3: fem nye praktikpladser")
    assert "Tema 3: fem nye praktikpladser" in named, named
    # "et", "en", "to" are no figures
    problem = await say_text(service, OLE, "sygefravær er et problem hos os")
    assert "Gemt" not in problem, problem


async def test_a_bare_yes_keeps_the_named_goal(service: Service) -> None:
    """"digitaliseringsmål: ja" after "digitaliseringsmål: digital post til alle" replaced the
    named goal with a bare yes."""
    await say_text(service, CHIEF, "digitaliseringsmål: digital post til alle")
    said = await say_text(service, CHIEF, "digitaliseringsmål: ja")
    assert "Intet er ændret" in said, said
    history = await say_text(service, CHIEF, "mine indrapporteringer")
    assert "erstattet" not in history, history
    no = await say_text(service, CHIEF, "digitaliseringsmål: nej")
    assert "Gemt for Center for Politik, Kultur og Strategi: Digitaliseringsmål i årsaftalen: " \
        "nej" in no, no


async def test_how_to_report(service: Service) -> None:
    """"hvordan indrapporterer jeg?", "hvem skal indrapportere?" were refused as questions
    about the strategy."""
    leader = await say_text(service, OLE, "hvordan indrapporterer jeg?")
    assert "for dig som leder af Strategi og Analyse og Kommunikation" in leader, leader
    assert "Det ved jeg desværre ikke" not in leader
    employee = await say_text(service, EMPLOYEE, "hvem skal indrapportere?")
    assert "er for enhedsledere og centerchefer" in employee, employee
    assert "Jeg kan ikke se, at du leder en enhed" in employee, employee
    english = await say_text(service, EMPLOYEE, "how do I report?", locale="en-US")
    assert "are for unit leaders and centre chiefs" in english, english


async def test_my_data_for_an_employee(service: Service) -> None:
    """"mine data" told an employee that the chat's address is kept for reminders (which go to
    leaders only), and said "indrapportering(er)"."""
    employee = await say_text(service, EMPLOYEE, "mine data")
    assert "så jeg ved, om du leder en enhed, og hvilke" in employee, employee
    assert "Adressen læses igen fra Teams" in employee, employee
    await say_text(service, OLE, "sygefravær 12,1 @cpks-01")
    leader = await say_text(service, OLE, "mine data")
    assert "1 indrapportering med dig som afsender" in leader, leader
    assert "(er)" not in leader, leader


async def test_undo_labels_end_at_a_word(service: Service) -> None:
    """Undo buttons were cut in the middle of a word ("… Digitaliseringsmål i…")."""
    await say_text(service, CHIEF, "tema 2: ledelsesudvikling i alle afdelinger og "
                                   "trivselsmålinger hvert kvartal")
    replies = await say(service, CHIEF, "mine indrapporteringer")
    labels = [b["title"] for r in replies if r.get("attachments")
              for b in card_buttons(card_of(r)) if b["title"].startswith("Fortryd")]
    assert labels, replies
    whole = "Fortryd: Center for Politik, Kultur og Strategi – Tema 2: ledelsesudvikling i " \
        "alle afdelinger og trivselsmålinger hvert kvartal"
    for label in labels:
        assert len(label) <= 75, label
        if label.endswith("…"):  # cut where a word ends
            assert whole.startswith(label[:-1]), label
            assert whole[len(label) - 1] in " :,", label
