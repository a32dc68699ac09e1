"""Chat commands about what a shared figure is computed from: a leader's FTE proposal and the
admins' decisions on it ("årsværk 16", "forslag", "godkend 3", "afvis 3"), and the distinct
citizen-involvement forms ("former", "saml A og B", "adskil A")."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strategibot.conversation.checkin import named_first, named_in
from strategibot.conversation.ports import Turn
from strategibot.core.i18n import I18n
from strategibot.domain.checkins.flows import Flows
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.normalise import fold_text
from strategibot.domain.organisation import parse_number
from strategibot.domain.progress.forms import form_key
from strategibot.services.checkins import MAX_UNIT_FTE, Checkins, Reporter, Subject

__all__ = ["FigureCommands"]

_AND = re.compile(r"\s+(?:og|and|med|with|&|\+)\s+|\s*,\s*", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class Proposed:
    """An FTE figure just proposed in chat: for which unit, and the proposal stored (None when
    it was the registered figure or the one already waiting)."""

    unit: Subject
    fte: float
    proposal: int | None


class FigureCommands:
    """FTE proposals and form groups, in chat."""

    def __init__(self, *, checkins: Checkins, flows: Flows, i18n: I18n,
                 ask_which: Callable[..., Awaitable[None]],
                 not_now: Callable[[str, str], str | None] = lambda text, lang: None) -> None:
        self.checkins = checkins
        self.flows = flows
        self.i18n = i18n
        self.ask_which = ask_which
        """asks which of the leader's units (:meth:`CheckinFlow.ask_which`)"""
        self.not_now = not_now
        """why a figure is no figure now, a plan or a hedge (:meth:`OneLiners.not_now`)"""

    def _say(self, lang: str, key: str, **values: Any) -> Reply:
        return Reply(lang=lang, text=self.flows.text(key, lang, **values), outcome=Outcome.ANSWER)

    async def _admin(self, turn: Turn, reporter: Reporter, lang: str) -> bool:
        if reporter.admin:
            return True
        await turn.send(self._say(lang, "admins_only",
                                  admins=self.i18n.admins(self.checkins.admins, lang)))
        return False

    # ------------------------------------------------------------------ FTE
    async def propose(self, turn: Turn, reporter: Reporter, argument: str,
                      lang: str) -> Proposed | None:
        """"årsværk 16 [@CODE]": a proposal, used only when an admin confirms it; what was
        proposed for which unit (None when nothing was: refused, or asked which unit)."""
        text, _, code = argument.partition("@")
        units = [s for s in reporter.subjects if s.kind == "unit"]
        if code.strip():
            found = await self.checkins.subject(reporter, code.strip())
            units = [found] if found is not None and found.kind == "unit" else []
            if not units:
                await turn.send(self._say(lang, "no_permission_subject", subject=code.strip()))
                return None
        if not units:
            await turn.send(self._say(lang, "no_permission_subject", subject=argument))
            return None
        said = text.split()
        # the figure is the first word that is one: "årsværk kommunikation 17", "årsværk kom
        # 17" (it said to write the figure as a number); of two, the one said last after a
        # word that the first is wrong ("aarsvaerk 24 var forkert, det er 22" kept 24)
        numbers = [i for i, w in enumerate(said) if _is_number(w.rstrip(",.:;"))]
        wrong = {fold_text(w) for w in self.flows.words.get("fte_wrong", ())}
        at = numbers[-1] if len(numbers) > 1 and wrong & set(fold_text(text).split()) else \
            numbers[0] if len(numbers) == 1 else None
        fte = parse_number(said[at].rstrip(",.:;")) if at is not None else float("nan")
        if at is None or fte != fte:  # not a number: said before asking which unit
            await turn.send(self._say(lang, "fte_format", code=units[0].code))
            return None
        why = self.not_now(text, lang)
        if why is not None:
            # "årsværk S&A bliver 16 fra januar", "årsværk S&A er vist 15 men jeg skal lige
            # tjekke" went to an administrator as proposals
            await turn.send(self._say(lang, "not_now", reason=why) if why != self.flows.reason(
                "unsure", lang) else Reply(lang=lang, text=why[:1].upper() + why[1:],
                                           outcome=Outcome.CLARIFY))
            return None
        if not 0 < fte <= MAX_UNIT_FTE:
            await turn.send(self._say(lang, "fte_range",
                                      max=self.i18n.number(MAX_UNIT_FTE, lang, 0)))
            return None
        rest = " ".join(said[:at] + said[at + 1:])
        if len(units) > 1:
            # "årsværk 17 for kommunikation, vi har fået to nye": the unit the line names
            # (it was asked which)
            named = named_in(rest, units) or named_first(rest, units)
            units = named if len(named) == 1 else units  # ("årsværk 17,5 kom": its full stop
            # is gone from a command's argument)
        if len(units) > 1:
            command = self.i18n.command("propose_fte", lang)
            await self.ask_which(turn, units, lambda u: f"{command} {text.strip()} @{u.code}",
                                 lang)
            return None
        unit = units[0]
        proposal, replaced = await self.checkins.propose_fte(reporter, unit, fte)
        if proposal is None and fte == unit.fte and replaced is not None and replaced != fte:
            # "aarsvaerk 22" (the registered figure) with 24 waiting: the 24 is taken back (it
            # said "already registered", and 24 still waited)
            await self.withdraw_pending(turn, [unit], lang)
            return Proposed(unit, fte, None)
        if proposal is None:  # the registered figure, or the one already waiting
            await turn.send(self._say(lang, "fte_same" if fte == unit.fte else "fte_waiting",
                                      fte=self.i18n.number(fte, lang), subject=unit.name))
            return Proposed(unit, fte, None)
        reply = self._say(lang, "fte_proposed", fte=self.i18n.number(fte, lang),
                          subject=unit.name, registered=self.i18n.number(unit.fte or 0, lang))
        if replaced is not None:  # a second proposal replaces the first: say so
            reply = dataclasses.replace(reply, text=reply.text + " " + self.flows.text(
                "fte_replaced", lang, fte=self.i18n.number(replaced, lang)))
        await turn.send(reply)
        return Proposed(unit, fte, proposal.id)

    async def withdraw_pending(self, turn: Turn, units: Sequence[Subject], lang: str, *,
                               named: bool = True) -> None:
        """"træk mit forslag tilbage", "annuller forslaget": the proposals waiting for the
        leader's units (the one named, when the text names one) are taken back — said for
        each; or that none waits. Of several units' (none ``named``), which is asked (it
        withdrew both)."""
        waiting = [p for p in await self.checkins.proposals()
                   if any(p.unit_id == u.id for u in units)]
        if not waiting:
            await turn.send(self._say(lang, "fte_none_waiting"))
            return
        if not named and len(waiting) > 1:
            names = {u.id: u for u in units}
            await turn.send(self._say(lang, "fte_which_withdraw", waiting=self.i18n.join(
                [f"{names[p.unit_id].name} ({self.i18n.number(p.fte, lang)})"
                 for p in waiting], lang), code=names[waiting[0].unit_id].code))
            return
        for proposal in waiting:
            unit = next(u for u in units if u.id == proposal.unit_id)
            await self.withdraw(turn, Proposed(unit, proposal.fte, proposal.id), lang)

    async def withdraw(self, turn: Turn, proposed: Proposed, lang: str) -> None:
        """Take back what was just proposed, and say so (nothing when it no longer waits)."""
        if proposed.proposal is not None and await self.checkins.withdraw_fte(
                proposed.proposal):
            await turn.send(self._say(lang, "fte_withdrawn",
                                      fte=self.i18n.number(proposed.fte, lang),
                                      subject=proposed.unit.name))

    async def proposals(self, turn: Turn, reporter: Reporter, lang: str) -> None:
        """The pending proposals, to decide (an admin); a leader's own units' registered FTE
        and what waits for them ("mine forslag" said only administrators may)."""
        own = [s for s in reporter.subjects if s.kind == "unit"]
        if not reporter.admin and own:
            waiting = {p.unit_id: p.fte for p in await self.checkins.proposals()}
            own_lines = tuple(self.flows.text(
                "own_fte_waiting" if unit.id in waiting else "own_fte_line", lang,
                unit=unit.name, fte=self.i18n.number(unit.fte or 0, lang),
                proposed=self.i18n.number(waiting.get(unit.id, 0), lang)) for unit in own)
            await turn.send(Reply(lang=lang, title=self.flows.text("own_fte_title", lang),
                                  text=self.flows.text("own_fte_how", lang, code=own[0].code),
                                  lines=own_lines, outcome=Outcome.ANSWER))
            return
        if not await self._admin(turn, reporter, lang):
            return
        pending = await self.checkins.proposals()
        if not pending:
            await turn.send(self._say(lang, "proposals_none"))
            return
        directory = await self.checkins.directory()
        units = {u.id: u for u in directory.units}
        lines: list[str] = []
        actions: list[Action] = []
        for proposal in pending:
            unit = units.get(proposal.unit_id)
            date = self.i18n.date(self.checkins.clock.to_local(proposal.proposed_at).date(),
                                  lang, "short")
            lines.append(self.flows.text(
                "proposal_line", lang, id=proposal.id, unit=unit.name if unit else "?",
                fte=self.i18n.number(proposal.fte, lang),
                registered=self.i18n.number(unit.fte, lang) if unit else "–",
                by=proposal.proposed_by, date=date))
            if len(actions) < 6:
                actions += [
                    Action(self.flows.text("approve", lang, id=proposal.id),
                           f"{self.i18n.command('approve', lang)} {proposal.id}", "command"),
                    Action(self.flows.text("reject", lang, id=proposal.id),
                           f"{self.i18n.command('reject', lang)} {proposal.id}", "command")]
        await turn.send(Reply(lang=lang, title=self.flows.text("proposals_title", lang),
                              text="", lines=tuple(lines), actions=tuple(actions),
                              outcome=Outcome.ANSWER))

    async def decide(self, turn: Turn, reporter: Reporter, argument: str, *, confirm: bool,
                     lang: str) -> None:
        if not await self._admin(turn, reporter, lang):
            return
        numbers = re.findall(r"\d+", argument)
        every = fold_text(argument) in self.flows.words.get("all_units", ())  # "godkend alle"
        if every:
            numbers = [str(p.id) for p in await self.checkins.proposals()]
            if not numbers:
                await turn.send(self._say(lang, "proposals_none"))
                return
        listed = not re.search(r"[^\d\s,#&+ogand]", argument)  # "5 og 6", "5, 6", "5 and 6"
        if every or (1 < len(numbers) <= 50 and listed):
            for number in numbers:  # "godkend 5 og 6", "godkend 5, 6"
                await self.decide(turn, reporter, number, confirm=confirm, lang=lang)
            return
        text = argument.strip().lstrip("#")
        proposal_id = int(text) if text.isdigit() and len(text) <= 9 else -1
        directory = await self.checkins.directory()
        decided = await self.checkins.decide(reporter, proposal_id, confirm=confirm)
        if decided is None:
            status = await self.checkins.proposal_status(proposal_id)
            shown = text if len(text) <= 12 else text[:11] + "…"
            key = f"proposal_{status}" if status in ("confirmed", "rejected", "superseded") \
                else "proposal_unknown"
            await turn.send(self._say(lang, key, id=shown))
            return
        proposal, before = decided
        unit = next((u for u in directory.units if u.id == proposal.unit_id), None)
        name = unit.name if unit else "?"
        if confirm:
            await turn.send(self._say(lang, "approved", unit=name,
                                      fte=self.i18n.number(proposal.fte, lang),
                                      before=self.i18n.number(before, lang)))
        else:
            await turn.send(self._say(lang, "rejected", unit=name,
                                      before=self.i18n.number(before, lang)))

    # ------------------------------------------------------------------ forms
    async def forms(self, turn: Turn, lang: str, *, admin: bool) -> None:
        """The distinct forms, the names grouped into each and how many units report it (to
        an ``admin``, how to merge and split them)."""
        groups = await self.checkins.form_groups()
        if not groups:
            await turn.send(self._say(lang, "forms_none"))
            return
        lines = [self.flows.text("forms_line", lang, name=group.name, units=units,
                                 unit_word=self.flows.text(
                                     "forms_unit" if units == 1 else "forms_units", lang),
                                 names=", ".join(group.names))
                 for group, units in groups]
        await turn.send(Reply(lang=lang, title=self.flows.text("forms_title", lang),
                              text=self.flows.text("forms_how", lang) if admin else "",
                              lines=tuple(lines),
                              outcome=Outcome.ANSWER))

    async def _known(self, name: str) -> bool:
        key = form_key(name)
        return any(key in group.keys for group, _ in await self.checkins.form_groups())

    async def merge(self, turn: Turn, reporter: Reporter, argument: str, lang: str) -> None:
        """"saml A og B": B (and its group) counts as A."""
        if not await self._admin(turn, reporter, lang):
            return
        # (a name may hold "and" itself: "saml walk and talk og brugerråd" — the split where
        # both names are forms reported, else the first)
        splits = [(argument[:m.start()].strip(" \"'„“”"), argument[m.end():].strip(" \"'„“”"))
                  for m in _AND.finditer(argument)]
        splits = [(a, b) for a, b in splits if a and b]
        if not splits:
            await turn.send(self._say(lang, "merge_how"))
            return
        found = None
        for first, second in splits:
            if await self._known(first) and await self._known(second):
                found = (first, second)
                break
        if found is None:
            first, second = splits[0]
            name = first if not await self._known(first) else second
            await turn.send(self._say(lang, "form_not_reported", name=name[:80]))
            return
        first, second = found
        groups = await self.checkins.form_groups()
        target = next(g for g, _ in groups if form_key(first) in g.keys)
        moved = next(g for g, _ in groups if form_key(second) in g.keys)
        if moved.key == target.key:  # one form already: nothing to merge, nothing changes
            await turn.send(self._say(lang, "already_one", a=target.name, b=second))
            return
        for key in moved.keys:
            await self.checkins.regroup(reporter, key, target.key, keys=True)
        count = len(await self.checkins.form_groups())
        await turn.send(self._say(lang, "merged", a=target.name, b=second, count=count))

    async def split(self, turn: Turn, reporter: Reporter, argument: str, lang: str) -> None:
        """"adskil A": A counts as a form of its own."""
        if not await self._admin(turn, reporter, lang):
            return
        name = argument.strip(" \"'")
        if not await self._known(name):
            await turn.send(self._say(lang, "form_not_reported", name=name[:80]))
            return
        await self.checkins.regroup(reporter, name, None)
        groups = await self.checkins.form_groups()
        # the names that now count as one form: those that read as the same name
        # ("borgerpanel" and "Borgerpaneler") go together, and are said
        key = form_key(name)
        moved = next((g for g, _ in groups if key in g.keys), None)
        shown = ", ".join(f'"{n}"' for n in moved.names) if moved is not None else f'"{name}"'
        await turn.send(self._say(lang, "split", a=shown, count=len(groups)))


def _is_number(word: str) -> bool:
    try:
        parse_number(word)
    except ValueError:
        return False
    return True
