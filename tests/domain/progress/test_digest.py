"""The digest's content, from hand-made figures."""

from __future__ import annotations

import datetime as dt

from strategibot.domain.organisation import CentreInfo, Directory, UnitInfo
from strategibot.domain.progress.compute import GoalProgress, ReportView, compute_progress
from strategibot.domain.progress.digest import build_digest, progress_bar
from strategibot.render.teams import render_card
from strategibot.services.content import Content

DIRECTORY = Directory(
    centres=(CentreInfo(1, "CPKS", "Center for Politik, Kultur og Strategi", None),
             CentreInfo(2, "COP", "Center for Økonomi og Personale", None)),
    units=(UnitInfo(10, "CPKS-01", "Strategi og Analyse", 1, "a@x", 10.0),
           UnitInfo(11, "CPKS-02", "Kommunikation", 1, "a@x", 30.0),
           UnitInfo(20, "COP-01", "Budget og Regnskab", 2, "b@x", 20.0)),
)


def test_progress_bar() -> None:
    assert progress_bar(0.0) == "▱▱▱▱▱▱▱▱▱▱ 0 %"
    assert progress_bar(0.42) == "▰▰▰▰▱▱▱▱▱▱ 42 %"
    assert progress_bar(1.0) == "▰▰▰▰▰▰▰▰▰▰ 100 %"


def test_digest_figures_change_and_missing_units(content: Content) -> None:
    reports = [
        ReportView("sick-leave", 1, 10, None, {"days": 12.0}),
        ReportView("sick-leave", 1, 11, None, {"days": 14.0}),
        ReportView("relational-coordination", 2, 20, None, {"status": "done"}),
    ]
    # (min_units=1: the figures' arithmetic; the rule for too few units is tested apart)
    progress = compute_progress(content.kb.goals, DIRECTORY, reports,
                                today=dt.date(2019, 6, 1), period=content.kb.strategy.period,
                                min_units=1)
    # (12·10 + 14·30) / 40 = 13.5 (registered FTE 10 and 30): the target, from 40 of the
    # 60 FTE — on track; a level is achieved only at the period's end
    assert progress["sick-leave"].value == 13.5
    assert str(progress["sick-leave"].status) == "on-track"
    digest = build_digest(content.kb, progress, DIRECTORY, content.i18n,
                          lang="da", today=dt.date(2019, 6, 1), period="uge 22",
                          previous={"sick-leave": 13.9, "relational-coordination": 1.0})
    lines = "\n".join(digest.reply.lines)
    assert digest.reply.title == "Fremdrift på de fælles mål – uge 22"
    assert "3 af 3 enheder og 0 af 2 centre har indrapporteret" in digest.reply.text
    # one scannable row per goal: figure, status as a word (and a mark), coverage, change
    assert "**Sygefravær**: 13,5 (mål 13,5) · ● På sporet · 2 af 3 enheder (67 % af " \
           "årsværkene) · −0,4 siden sidst" in lines
    assert "**Relationel koordinering**: 1 af 30 · ▼ Bagud · 1 af 3 " \
           "enheder · uændret siden sidst" in lines
    assert "Strategiperioden" not in digest.reply.text  # the period runs
    assert "mangler" not in lines  # the missing units are on the progress page
    assert "Næste frist: 31.12.2019 – De fælles mål for 2019 skal være nået" in lines
    assert digest.figures["sick-leave"] == 13.5
    card = render_card(digest.reply)
    assert len(str(card).encode()) < 28 * 1024


def test_the_whole_figure_is_withheld_below_three_units(content: Content) -> None:
    """One or two units behind the whole organisation's figure: it was shown ("12,1 fra 2 af
    40 enheder") while their centre's was withheld — the total was that centre's figure, and
    each of two leaders could work out the other's. Three units in one centre: shown."""
    def sick(*units: tuple[int, int, float]) -> GoalProgress:
        reports = [ReportView("sick-leave", centre, unit, None, {"days": days})
                   for centre, unit, days in units]
        return compute_progress(content.kb.goals, DIRECTORY, reports,
                                today=dt.date(2019, 6, 1),
                                period=content.kb.strategy.period)["sick-leave"]

    one = sick((1, 10, 12.0))
    assert one.withheld
    assert one.value is None
    assert one.progress == 0.0
    two = sick((1, 10, 12.0), (1, 11, 14.0))  # both in CPKS
    assert two.withheld
    assert two.value is None
    apart = sick((1, 10, 12.0), (2, 20, 14.0))  # one in each centre: still two units
    assert apart.withheld
    three = sick((1, 10, 12.0), (1, 11, 14.0), (2, 20, 13.0))  # every centre withheld
    assert three.withheld
    three_in_one = compute_progress(
        content.kb.goals, Directory(centres=DIRECTORY.centres, units=(
            *DIRECTORY.units, UnitInfo(12, "CPKS-03", "HR", 1, "a@x", 20.0))),
        [ReportView("sick-leave", 1, unit, None, {"days": days})
         for unit, days in ((10, 12.0), (11, 14.0), (12, 13.0))],
        today=dt.date(2019, 6, 1), period=content.kb.strategy.period)["sick-leave"]
    assert not three_in_one.withheld  # (CPKS's own figure is shown: three units)
    assert three_in_one.value is not None
    assert str(three_in_one.status) != "no-data"


def test_the_whole_figure_of_withheld_centres_only(content: Content) -> None:
    """Three units in two centres, both withheld: the total was shown, and the leader of the
    one unit could work out the other centre's two units' figure from it."""
    directory = Directory(
        centres=DIRECTORY.centres,
        units=(*DIRECTORY.units, UnitInfo(21, "COP-02", "Løn og Personale", 2, "c@x", 20.0)))
    reports = [ReportView("sick-leave", 2, 20, None, {"days": 12.8}),
               ReportView("sick-leave", 2, 21, None, {"days": 9.4}),
               ReportView("sick-leave", 1, 10, None, {"days": 14.1})]
    progress = compute_progress(content.kb.goals, directory, reports,
                                today=dt.date(2019, 6, 1), period=content.kb.strategy.period)
    sick = progress["sick-leave"]
    assert sick.suppressed == {"CPKS", "COP"}
    assert sick.withheld
    assert sick.value is None


def test_one_leader_of_all_but_one_unit_is_no_cover_for_the_other(content: Content) -> None:
    """CPKS's figure from three units was shown, two of them one leader's (found by a persona
    round in round 13): from their own two figures and the centre's, that leader worked out
    the third unit's to within 0,1. Withheld now, centre and total; a fourth unit of another
    leader brings them back (two others beside the leader's own, as for every leader)."""
    units = (UnitInfo(10, "CPKS-01", "Strategi og Analyse", 1, "ole@x", 14.0),
             UnitInfo(11, "CPKS-02", "Kommunikation", 1, "ole@x", 18.0),
             UnitInfo(12, "CPKS-03", "HR", 1, "hr@x", 95.0),
             UnitInfo(13, "CPKS-04", "IT", 1, "it@x", 20.0))
    directory = Directory(centres=DIRECTORY.centres, units=units)

    def sick(*reported: tuple[int, float]) -> GoalProgress:
        return compute_progress(
            content.kb.goals, directory,
            [ReportView("sick-leave", 1, unit, None, {"days": days}) for unit, days in reported],
            today=dt.date(2019, 6, 1), period=content.kb.strategy.period)["sick-leave"]

    three = sick((10, 12.8), (11, 11.9), (12, 14.0))
    assert three.per_centre["CPKS"] is None
    assert "CPKS" in three.suppressed
    assert three.withheld
    four = sick((10, 12.8), (11, 11.9), (12, 14.0), (13, 13.0))
    assert four.per_centre["CPKS"] is not None
    assert not four.withheld


def test_two_withheld_centres_of_one_unit_each_are_no_cover_for_each_other(
        content: Content) -> None:
    """CPKS shown from four units, COP and CSB withheld with one unit each, the total shown:
    the total less CPKS was the two units' figure together, and each of their leaders worked
    out the other's (a persona round in round 13). CPKS is withheld too now."""
    centres = (CentreInfo(1, "CPKS", "Center for Politik, Kultur og Strategi", None),
               CentreInfo(2, "COP", "Center for Økonomi og Personale", None),
               CentreInfo(3, "CSB", "Center for Skole og Børn", None))
    units = (UnitInfo(10, "CPKS-01", "A", 1, "a@x", 14.0),
             UnitInfo(11, "CPKS-02", "B", 1, "b@x", 18.0),
             UnitInfo(12, "CPKS-03", "C", 1, "c@x", 95.0),
             UnitInfo(13, "CPKS-04", "D", 1, "d@x", 78.0),
             UnitInfo(20, "COP-02", "E", 2, "karen@x", 18.0),
             UnitInfo(30, "CSB-01", "F", 3, "sanne@x", 55.5))
    reports = [ReportView("sick-leave", centre, unit, None, {"days": days})
               for centre, unit, days in ((1, 10, 12.0), (1, 11, 12.8), (1, 12, 13.5),
                                          (1, 13, 13.9), (2, 20, 10.7), (3, 30, 15.0))]
    sick = compute_progress(content.kb.goals, Directory(centres=centres, units=units), reports,
                            today=dt.date(2019, 6, 1),
                            period=content.kb.strategy.period)["sick-leave"]
    assert sick.value is not None  # the total, from six units in three centres
    assert sick.per_centre["CPKS"] is None
    assert sick.shielding == {"CPKS"}
