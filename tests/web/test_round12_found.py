"""What round 12 found in the chat (the previous round's leftovers and its persona rounds),
each through the real HTTP path (``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.activities import card_buttons, card_of
from tests.support.service import KAREN, OLE, Service, say, say_text

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
    english = await say_text(service, EMPLOYEE, "how do I check in?", locale="en-US")
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


async def test_a_unit_and_a_figure_after_a_figure(service: Service) -> None:
    """"kommunikation 11,9" right after "sygefravær 12,4 i strategi og analyse" was answered
    with relational coordination's entry, and the figure was lost."""
    await say_text(service, OLE, "sygefravær 12,4 i strategi og analyse")
    said = await say_text(service, OLE, "kommunikation 11,9")
    assert "Gemt for Kommunikation: Sygefravær: 11,9" in said, said


async def test_a_total_of_sick_days_is_no_figure_per_fte(service: Service) -> None:
    """"… 30 sygedage i alt" was saved as 30 days per FTE."""
    said = await say_text(service, OLE, "sygefravær 30 sygedage i alt @cpks-01")
    assert "Gemt" not in said, said
    assert "ikke som det samlede antal sygedage" in said, said


async def test_small_talk_and_questions_about_the_bot(service: Service) -> None:
    """"hvordan har du det?" showed the progress; "are you using ChatGPT or some LLM?" and
    "who can see my data?" were refused or answered from the strategy."""
    greeting = await say_text(service, OLE, "hvordan har du det?")
    assert "FREMDRIFT" not in greeting.upper().split("\n")[0], greeting
    assert greeting.startswith("Hej!"), greeting
    llm = await say_text(service, EMPLOYEE, "are you using ChatGPT or some LLM?", locale="en-US")
    assert "I am no language model like ChatGPT" in llm, llm
    data = await say_text(service, EMPLOYEE, "who can see my data?", locale="en-US")
    assert "This is what I keep about you" in data, data
    thanks = await say_text(service, OLE, "tak for i dag")  # (a goodbye since round 14)
    assert thanks.startswith("Hej hej"), thanks


async def test_step_by_step_approximations_and_half_answers(service: Service) -> None:
    """"ca. 12,5" at the sick-leave question was "skriv et tal" (a one-liner takes it);
    "ca. halvdelen er evalueret" at "Er den evalueret?" was saved as a yes."""
    from tests.support.service import SUSANNE
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        await chat("fremtidsværksted")
        assert "Er den evalueret?" in await chat("ja")
        half = await chat("ca. halvdelen er evalueret")
        assert "Er den evalueret?" in half, half
        await chat("nej")
        await chat("spring over")
        await chat("nej")
        asked = await chat("ca. 12,5")
        assert "skriv et tal" not in asked.casefold(), asked
        for _ in range(5):
            said = await chat("spring over")
            if "Gem" in said or "gem" in said:
                break
        await chat("ja")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "fremtidsværksted (afprøvet: ja, evalueret: nej)" in history, history
    assert "Sygefravær: 12,5" in history, history


async def test_why_a_figure_is_not_shown(service: Service) -> None:
    """"hvorfor kan jeg ikke se sygefraværet for mit center?" got the goal's entry; "hvad
    betyder nået" said goals other than counts are reached only at the period's end (the
    competence goal is "Nået" when all centres have done it)."""
    why = await say_text(service, CHIEF, "hvorfor kan jeg ikke se sygefraværet for mit center??")
    assert "Et centers tal vises desuden først, når nok enheder står bag det" in why, why
    english = await say_text(service, CHIEF, "why is the sick leave figure for my centre hidden?",
                             locale="en-US")
    assert "A centre's figure is shown only when enough units stand behind it" in english, english
    reached = await say_text(service, CHIEF, "hvad betyder nået")
    assert "alle centre" in reached, reached
    assert "de andre først ved periodens slutning" not in reached, reached


async def test_a_follow_up_that_would_repeat_the_answer(service: Service) -> None:
    """"hvad mener du med det?", "giv et eksempel", "og hvorfor?" right after an answer got
    the same answer again, word for word."""
    await say_text(service, EMPLOYEE, "hvad er kerneopgaven")
    meant = await say_text(service, EMPLOYEE, "hvad mener du med det?")
    assert meant.startswith("Det er alt, strategien siger om det"), meant
    assert "Sammen med borgere og virksomheder" not in meant, meant
    await say_text(service, EMPLOYEE, "hvad er relationel koordinering")
    example = await say_text(service, EMPLOYEE, "giv et eksempel")
    assert example.startswith("Strategien giver ikke et eksempel på det"), example
    why = await say_text(service, EMPLOYEE, "og hvorfor?")
    assert why.startswith("Strategien begrunder det ikke nærmere"), why


async def test_two_centres_compared(service: Service) -> None:
    """"sammenlign CPKS og COP på sygefravær" asked "Mente du …?"; "compare my centre with
    COP" was refused; "hvordan ligger vi ift COP?" showed COP alone."""
    both = await say_text(service, CHIEF, "sammenlign CPKS og COP på sygefravær")
    cpks = both.find("Fremdrift i Center for Politik, Kultur og Strategi")
    cop = both.find("Fremdrift i Center for Økonomi og Personale")
    assert 0 <= cpks < cop, both
    english = await say_text(service, CHIEF, "compare my centre with COP", locale="en-US")
    assert "Progress in Center for Politik, Kultur og Strategi" in english, english
    assert "Progress in Center for Økonomi og Personale" in english, english
    us = await say_text(service, CHIEF, "hvordan ligger vi ift COP?")
    assert "Fremdrift i Center for Politik, Kultur og Strategi" in us, us
    assert "Fremdrift i Center for Økonomi og Personale" in us, us


async def test_a_weekly_overview_and_the_whole_municipality(service: Service) -> None:
    """"kan jeg få en ugentlig oversigt?", "vis digesten", "status for hele kommunen" and
    "hvem i mit center har indrapporteret?" were refused."""
    weekly = await say_text(service, CHIEF, "kan jeg få en ugentlig oversigt?")
    assert "\"abonnér\" giver en ugentlig oversigt" in weekly, weekly
    for line in ("vis digesten", "status for hele kommunen"):
        said = await say_text(service, CHIEF, line)
        assert "Fremdrift på de fælles mål" in said, (line, said)
    centre = await say_text(service, CHIEF, "hvem i mit center har indrapporteret?")
    assert "Fremdrift i Center for Politik, Kultur og Strategi" in centre, centre


async def test_a_forms_flag_corrected_right_after(service: Service) -> None:
    """"hov nej, den er evalueret" right after "borgerpanel afprøvet men ikke evalueret endnu"
    was answered with the goal's entry, and "evalueret: nej" stood."""
    await say_text(service, OLE, "borgerpanel afprøvet men ikke evalueret endnu @cpks-01")
    fixed = await say_text(service, OLE, "hov nej, den er evalueret")
    assert "Rettet for Strategi og Analyse: Borger- og brugerinddragelse: borgerpanel " \
        "(afprøvet: ja, evalueret: ja)" in fixed, fixed
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert "borgerpanel (afprøvet: ja, evalueret: ja)" in history, history
    assert "evalueret: nej" not in history, history


async def test_a_report_and_a_question_while_asked_which_unit(service: Service) -> None:
    """"vi har prøvet borgermøde og evalueret det, hvad tæller egentlig som evalueret?" from
    the leader of two units asked which unit and, in the same reply, said the line was not
    saved (the question was read as the answer); "begge" then got the strategy."""
    said = await say_text(service, OLE, "vi har prøvet borgermøde og evalueret det, hvad "
                                        "tæller egentlig som evalueret?")
    assert "Hvilken gælder det?" in said, said
    assert "ikke gemt" not in said, said
    assert "mindst 3 forskellige former" in said, said
    both = await say_text(service, OLE, "begge")
    assert both.count("Gemt for") == 2, both


async def test_back_in_a_check_in(service: Service) -> None:
    """"tilbage" at a yes/no question was "svar ja eller nej", and at the note question it
    was saved as the note."""
    from tests.support.service import SUSANNE
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        await chat("borgerpanel")
        back = await chat("tilbage")
        assert "Jeg kan ikke gå tilbage i indrapporteringen" in back, back
        assert "Er den afprøvet?" in back, back
        await chat("ja")
        await chat("ja")
        note = await chat("tilbage")
        assert "Jeg kan ikke gå tilbage" in note, note
        assert "note" in note, note


async def test_a_word_of_both_languages_keeps_the_chats(service: Service) -> None:
    """"stop" with nothing open, in a Danish chat, was answered in English."""
    await say_text(service, KAREN, "hvad er kerneopgaven")
    said = await say_text(service, KAREN, "stop")
    assert "There is no check-in" not in said, said
    assert "indrapport" in said, said


async def test_a_persons_sick_days_from_a_leader(service: Service) -> None:
    """"Mette har været syg i 3 uger" from a leader was answered with the sick-leave goal and
    a quote about competence needs; nothing was saved, and now it says why."""
    said = await say_text(service, OLE, "Mette har været syg i 3 uger")
    assert "Det ligner et tal for en enkelt person" in said, said
    own = await say_text(service, OLE, "jeg har været syg i 3 dage, hvad gør jeg")
    assert "Det ligner et tal for en enkelt person" not in own, own


async def test_a_yes_in_more_words_and_an_abbreviation(service: Service) -> None:
    """"ja det har vi" at the competence-needs question was "vælg en af mulighederne" (a bare
    "ja" was taken); "digitaliseringsmål: ja, RPA" said "RPA" was no name."""
    from tests.support.slack_chat import slack_dm

    named = await say_text(service, CHIEF, "digitaliseringsmål: ja, RPA")
    assert "Digitaliseringsmål i årsaftalen: ja (RPA)" in named, named
    async with slack_dm(service, CHIEF) as (chat, _slack):
        await chat("indrapporter")
        said = await chat("ja det har vi")
        assert "vælg en af mulighederne" not in said, said
        assert "Digitaliseringsstrategien" in said, said


async def test_what_a_page_holds(service: Service) -> None:
    """"Hvad står der på side 8?" asked "Mente du …?"; "what's on page 7?" got the overview."""
    eight = await say_text(service, EMPLOYEE, "Hvad står der på side 8?")
    assert "På side 8 står:" in eight, eight
    assert "Tema 2: Vi forstærker en fælles arbejdskultur" in eight, eight
    seven = await say_text(service, EMPLOYEE, "what's on page 7?", locale="en-US")
    assert "Page 7 holds" in seven, seven
    beyond = await say_text(service, EMPLOYEE, "hvad står der på side 13")
    assert beyond.startswith("Strategien har kun 12 sider."), beyond


async def test_an_answer_in_the_language_asked_for(service: Service) -> None:
    """"hvad er målet for tema 1 - in English please" was answered in Danish; "svar på
    engelsk please" was refused in Danish."""
    english = await say_text(service, EMPLOYEE, "hvad er målet for tema 1 - in English please")
    assert "Theme 1" in english, english
    assert "Tema 1: Vi samarbejder om kerneopgaven**" not in english.split("\n")[0], english
    again = await say_text(service, EMPLOYEE, "svar på dansk")  # the answer before, in Danish
    assert "Tema 1" in again, again
    await say_text(service, EMPLOYEE, "hvad betyder onboarding?")
    await say_text(service, EMPLOYEE, "svar på engelsk")
    meant = await say_text(service, EMPLOYEE, "what do you mean by that?", locale="en-US")
    assert meant.startswith("That is all the strategy says about it"), meant
    ack = await say_text(service, "someone.new@ltk.example", "svar på engelsk please")
    assert ack.startswith("Sure – I answer in English."), ack  # (nothing asked before)


async def test_the_second_rounds_check_in_finds(service: Service) -> None:
    """From the second persona round: "eller nej, kun afprøvet" after a form's line changed
    nothing; "nej vent, også evalueret" after a form without that answer was the goal's entry;
    "hov, kun drøftet, ikke fastlagt endnu" said "Rettet" and saved Færdig again; a correction
    right after a refused line corrected an older one; "sygefravær 11,6 @cpks-02 hvordan ligger
    vi ift målet?" (no dash) saved nothing; "elleve komma to" was no figure."""
    await say_text(service, OLE, "borgerpanel afprøvet og evalueret @CPKS-02")
    only = await say_text(service, OLE, "eller nej, kun afprøvet")
    assert "Rettet for Kommunikation: Borger- og brugerinddragelse: borgerpanel (afprøvet: ja, " \
        "evalueret: nej)" in only, only
    await say_text(service, OLE, "dialogmøde afprøvet @cpks-01")
    also = await say_text(service, OLE, "nej vent, også evalueret")
    assert "dialogmøde (afprøvet: ja, evalueret: ja)" in also, also
    await say_text(service, CHIEF, "kompetencebehov er drøftet og fastlagt")
    fixed = await say_text(service, CHIEF, "hov, kun drøftet, ikke fastlagt endnu")
    assert "Rettet for Center for Politik, Kultur og Strategi: Kompetencebehov: Ikke endnu" \
        in fixed, fixed
    await say_text(service, OLE, "RK færdig @cpks-01")
    refused = await say_text(service, OLE, "kompetencebehov færdig")
    assert "Gemt" not in refused, refused
    after = await say_text(service, OLE, "nej vent, ikke endnu")
    assert "Rettet" not in after, after
    both = await say_text(service, OLE, "sygefravær 11,6 @cpks-02 hvordan ligger vi ift målet?")
    assert "Gemt for Kommunikation: Sygefravær: 11,6" in both, both
    assert "ligger under målet på 13,5" in both, both
    words = await say_text(service, OLE, "sygefravær elleve komma to i kommunikation")
    assert "Gemt for Kommunikation: Sygefravær: 11,2" in words, words


async def test_the_second_rounds_step_finds(service: Service) -> None:
    """"vi er vel i gang" at the RK question was saved as I gang; the hedge's reply began "Det
    forstod jeg ikke"; "ingen nye" at the form question was saved as a form."""
    from tests.support.service import SUSANNE
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        hedge = await chat("vi er vel i gang")
        assert hedge.startswith("Intet er gemt – skriv det, når du ved det."), hedge
        await chat("i gang")
        none = await chat("ingen nye")
        assert "Er den afprøvet?" not in none, none
        assert "sygefraværet" in none, none  # (the forms goal was answered: none, next goal)
        for _ in range(5):
            said = await chat("spring over")
            if "Gem" in said or "gem" in said:
                break
        await chat("ja")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "Relationel koordinering: I gang" in history, history  # (the check-in was saved)
    assert "ingen nye" not in history, history


async def test_the_last_rounds_finds(service: Service) -> None:
    """From the round's last persona: "eller nej, kun afprøvet" at the note question was taken
    as the note (the form stayed evaluated and counted); "hvad står på side 3" (no "der") and
    page 8 listed "Tema 1"; "in English please" after an answer only said it would answer in
    English."""
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter CPKS-02")
        await chat("i gang")
        await chat("borgerpanel afprøvet og evalueret")
        fixed = await chat("eller nej, kun afprøvet")
        assert "Rettet: Borger- og brugerinddragelse: borgerpanel (afprøvet: ja, evalueret: nej)" \
            in fixed, fixed
        assert "note" in fixed, fixed
        await chat("afbryd")
    three = await say_text(service, EMPLOYEE, "hvad står på side 3")
    assert "På side 3 står:" in three, three
    eight = await say_text(service, EMPLOYEE, "hvad står der på side 8")
    assert "Tema 1" not in eight, eight
    await say_text(service, EMPLOYEE, "hvad er udsyn")
    english = await say_text(service, EMPLOYEE, "in English please")
    assert "Outlook" in english, english
