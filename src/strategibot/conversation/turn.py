"""The conversation: one turn in, the right replies out — in every channel alike.

A message turn, in order: a submitted check-in form → the check-in flow in progress → a command
(check in, my check-ins, undo, progress, subscriptions) → a one-liner check-in ("sygefravær
12,8") → a question about live progress → a question for the answer engine. An install gets the
welcome. Questions without a confident answer are logged for review after the reply has gone.

A channel calls :meth:`Conversation.handle` with a :class:`~strategibot.conversation.ports.Turn`;
nothing here knows which platform it is.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any

from cachetools import TTLCache

from strategibot.conversation.checkin import (
    UNIT_CODES,
    CheckinFlow,
    named_first,
    named_in,
    names_something,
    short_for,
    without_named,
)
from strategibot.conversation.figures import FigureCommands, Proposed
from strategibot.conversation.help import about_reporting, help_reply, strategy_overview
from strategibot.conversation.identity import Identity
from strategibot.conversation.intents import Commands, SmallTalk, looks_like_question
from strategibot.conversation.pages import PageQuestions
from strategibot.conversation.ports import Turn
from strategibot.conversation.shorter import shortened
from strategibot.conversation.subscriptions import SUBSCRIPTION_COMMANDS, SubscriptionCommands
from strategibot.core.memo import Memo
from strategibot.core.metrics import Metrics
from strategibot.core.recent import RecentKeys
from strategibot.domain.answers.engine import CLAIM_TAG, Answer
from strategibot.domain.answers.facts import asked
from strategibot.domain.answers.gaps import asks_to_confirm
from strategibot.domain.answers.statements import FIGURE, claimed_figures
from strategibot.domain.checkins.flows import OneLiner
from strategibot.domain.checkins.oneliners import Reading, negates
from strategibot.domain.knowledge.load import Goal
from strategibot.domain.messages import Action, Incoming, Outcome, Reply
from strategibot.domain.normalise import fold, fold_text, named_themes, skeleton, words
from strategibot.domain.organisation import CentreInfo, Directory, parse_number
from strategibot.domain.progress.status import Phase
from strategibot.domain.progress.telling import (
    centre_reply,
    goal_missing_reply,
    goal_reply,
    missing_reply,
    overview_reply,
    ranking_reply,
)
from strategibot.domain.schedule import Schedule, ScheduleInvalid, amend_schedule
from strategibot.errors import ChannelError, StorageError, TurnUnanswered
from strategibot.services.checkins import Checkins, Reporter, Subject
from strategibot.services.content import Content, QuestionLog
from strategibot.services.conversations import Conversations
from strategibot.store.background import BackgroundWriter
from strategibot.store.flow_states import FlowStateConflict, Stored

__all__ = ["Conversation"]

log = logging.getLogger(__name__)

_REPORT_THEN = re.compile(r"\s+[–—-]\s+|[.;!]\s+|,\s+(?=(?:og\s+)?(?:hvordan|hvad|hvor|hvornår|"
                          r"hvornaar|er|har|how|what|is|are|did)\b)|"
                          r"\s+(?=(?:er|har|is|are|does)\s+(?:det|vi|den|dette|de|that|it|we|this|"
                          r"they)\s+\S[^?]*\?\s*$)|"
                          r"\s+(?=(?:hvordan|hvad|hvornår|hvornaar|how|what|when)\s+[^?]*\?\s*$)",
                          re.IGNORECASE)
"""Where a one-liner may end and a question begin in one message (also with no mark between:
"sygefravær 13,9 i begge er det under målet?")."""
_SWAPPED_AFTER = re.compile(r"\s*[-–—,;]\s*(?:nej\s+|no\s+)?(?:vent\s+|wait\s+)?(?:det\s+er\s+)?"
                            r"(?:omvendt|byt om|the other way round|the other way around|"
                            r"swap them|swapped)\s*[.!]*\s*$", re.IGNORECASE)
"""A line for two units corrected at its end ("… - nej omvendt")."""
_ANYWAY = re.compile(r"\s+(?:alligevel|anyway|after all|trods alt|tak)$", re.IGNORECASE)
"""A word after "ingen" that keeps it "none" ("tema 3: ingen alligevel")."""
_SAME_THEME = re.compile(r"\b(?:tema|theme)\s*(\d)\s*(?::|er|is|skal være|should be)\s+(.+)$",
                         re.IGNORECASE)
"""A theme's initiative said again in a correction ("nej vent, tema 3: karriereveje")."""
_UNIT_THEN = frozenset(("har", "er", "has", "is", "have", "are"))
"""The words after a unit's clipped name that begins a line ("kom har rekrutteret")."""
_VERB_THEN = frozenset(fold_text(w) for w in (
    "i", "til", "med", "ind", "ud", "op", "ned", "hjem", "frem", "tilbage", "godt", "hurtigt",
    "ikke", "aldrig", "sent", "tidligt", "videre", "over", "igennem", "på", "af", "for", "fra",
    "da", "så", "lige", "nu", "vi", "jeg", "de", "den", "det", "man"))
"""Words after "kom" first in a line where it is the verb ("kom i gang med RK"): elsewhere
a unit's name clipped ("kom rk faerdig", "kom sygefr 11,5")."""
_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,]\d)")
"""A figure in a line ("11,9", "12.4")."""
_VAGUE_FOLLOW_UP = re.compile(
    r"^\W*(?:og\s+|and\s+|men\s+|but\s+)?(?:hvad\s+mener\s+du(?:\s+med\s+det)?|hvad\s+betyder\s+det|"
    r"hvad\s+vil\s+det\s+sige|forklar(?:\s+det)?(?:\s+\w+){0,2}|uddyb(?:\s+det)?|"
    r"(?:giv|kan\s+du\s+give)(?:\s+mig)?\s+(?:et\s+)?eksempel(?:\s+på\s+det)?|fx|eksempel|"
    r"what\s+do\s+you\s+mean(?:\s+by\s+that)?|what\s+does\s+that\s+mean|explain(?:\s+\w+){0,2}|"
    r"(?:give|can\s+you\s+give)(?:\s+me)?\s+an\s+example|example|for\s+example|hvorfor|why|"
    r"hvorfor\s+det|why\s+is\s+that|how\s+so)\W*$", re.IGNORECASE)
"""A follow-up that names nothing of its own ("hvad mener du med det?", "giv et eksempel",
"og hvorfor?"): when it gets the answer just given, that answer is all there is."""
_EXAMPLE = re.compile(r"\b(?:eksempel|eksempler|eks|fx|example|examples|instance)\b",
                      re.IGNORECASE)
_WHY = re.compile(r"\b(?:hvorfor|why)\b", re.IGNORECASE)
_US = ("vi", "os", "we", "us")
_IN_LANGUAGE = re.compile(
    r"(?:\b(?:kan\s+du\s+|can\s+you\s+|please\s+)?(?:svare?|skriv|answer|reply|write|respond)\s+)?"
    r"\b(?:på|paa|pa|in|tilbage\s+til|skift\s+til|back\s+to|switch\s+to|change\s+to)\s+"
    r"(engelsk|english|dansk|danish)\b"
    r"(?:\s+(?:instead|i\s+stedet|please|tak|pls|plz))*\W*$",
    re.IGNORECASE)
"""A request for the answer's language at the end of a message ("svar på engelsk", "… in
English please")."""
_ASKS = re.compile(r"\b(?:hvad|hvordan|hvorfor|hvornår|hvornaar|hvem|hvor|skal|må|kan|what|how|"
                   r"why|when|who|where|should|can|may)\b", re.IGNORECASE)
"""A question anywhere in a line ("jeg har været syg i 3 dage, hvad gør jeg")."""
_SICK = re.compile(r"\b(?:syg\w*|sick\w*|fravær\w*|fravaer\w*|absence|absent|ill)\b",
                   re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:jeg|mig|min|mit|mine|me|my|i'm|i've)\b", re.IGNORECASE)
"""A line about oneself, not one's unit."""

_PROGRESS_NOUNS = ("enhed", "afdeling", "center", "centre", "centr", "form", "unit",
                   "department", "indrapport", "leder", "report", "check", "maal", "goal", "tema",
                   "theme")
"""What the live figures count ("hvor mange enheder har indrapporteret?")."""
_MEANING = re.compile(r"^\W*(?:og\W+|and\W+)?(?:hvad\W+(?:betyder|er|menes\W+med)|hvorfor|"
                      r"what\W+(?:does|is|do)|what's|whats|why)\b", re.IGNORECASE)
"""A question for what something means, or why it is so."""
_STATUS_LEAD = frozenset(("det", "status", "statussen", "ordet", "the", "it",
                          "man", "med", "by", "egentlig", "there", "is"))
_STATUS_TAIL = frozenset(("egentlig", "mean", "means", "betyder", "her", "here", "paa", "on"))
_NOT_COUNTED = ("aarsvaerk", "fte", "sider", "side", "page", "medarbejder", "ansat", "employee",
                "staff", "borger", "citizen", "kroner", "penge", "money", "timer", "hour")
"""What no goal's figures count, asked with progress words only ("hvor mange årsværk har
vi?": every goal's figures answered it)."""
_STRATEGY_COUNTED = ("tema", "theme", "pejlemaerk", "bearing", "maal", "goal", "megatrend",
                     "fokusomraad", "focus", "fortaelling")
"""What the strategy itself counts ("hvor mange temaer er der?": four, not the live figures of
the goal of an initiative under every theme), unless asked how it stands (`_STANDING`)."""
_STANDING = re.compile(r"\b(?:ligger|står|staar|går|gaar|hvor langt|status|fremdrift|nået|naaet|"
                       r"how far|on track|doing|stand|standing|progress)\b", re.IGNORECASE)
"""Words that ask how a goal stands (not "hvor mange fokusområder har den?")."""
_AGAINST_TARGET = re.compile(
    r"\b(?:(?:under|over|lig med|i forhold til|ift|ifht|nå|nået|når|naa|naaet|naar|klarer|"
    r"opfylder|rammer|below|above|beat|beats|meet|meets|reach|reaches|hit|hits|compared to|"
    r"against)\b(?:\s+\w+){0,2}?\s+(?:målet|maalet|malet|måltallet|maaltallet|maltallet|"
    r"målsætningen|the target|"
    r"target|the goal|goal)|on (?:the )?target|i mål|i maal|på sporet|paa sporet|on track)\b",
    re.IGNORECASE)
"""A question that sets a figure against its goal ("er det under målet?", "når vi målet?",
"is that below the target?")."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Saved:
    """What a one-liner last saved in a place: its goal, the units a report was stored for
    (both of "RK færdig i begge", not one whose figures were the same already), and its
    figure if any."""

    goal: str
    units: tuple[Subject, ...]
    figure: float | None = None
    value: Mapping[str, Any] | None = None
    """the value saved (a form's name and flags: "hov, den er evalueret" corrects a flag)"""
    theme: int | None = None
    """the theme of a theme's initiative ("tema 3: onboardingprogram")"""


def _without_centre(name: str) -> str:
    """A centre's (folded) name without "center for" ("okonomi og personale"), if two words or
    more are left; else the whole name."""
    for lead in ("center for ", "centre for ", "centret for "):
        if name.startswith(lead) and len(name[len(lead):].split()) >= 2:
            return name[len(lead):]
    return name


_IT = re.compile(r"\b(?:it|det|den|that|this)\b", re.IGNORECASE)
_GOES_ON = re.compile(r"\s*(?:og|and|men|but|hvad med|what about|how about)\b", re.IGNORECASE)
_WE_HAVE = re.compile(
    r"^\W*(?:(?:jo|ja|yes|jamen|well)\W+)?(?:vi|we)\s+(?:har|have|do have|has|did)[\s,:]+"
    r"(?:faktisk\s+|actually\s+|alligevel\s+)?(?:(?:et|en|ét|nogle|one|some|a|an)\b)?",
    re.IGNORECASE)
"""…"vi har et:", "jo, vi har" before what a goal said to have none has after all"""
_WHICH_NOT = re.compile(
    r"^\W*(?:og\s+|and\s+|men\s+|but\s+)?(?:hvilke|hvem|which)\s+(?:af\s+|of\s+the\s+)?"
    r"(?:centre|centrene|centerne|enheder|enhederne|afdelinger|afdelingerne|units|centres|"
    r"centers|departments)\s+(?:har|er|have|are|has|is)\s+(?:endnu\s+)?(?:ikke|not|"
    r"endnu ikke|not yet)\b", re.IGNORECASE)
"""…"hvilke centre har ikke fastlagt kompetencebehov endnu?": which have not done a goal's"""
_NOW = re.compile(r"\b(?:nu|lige nu|i dag|indtil videre|now|right now|so far|currently|"
                  r"at the moment|today)\W*$", re.IGNORECASE)
"""A question that ends asking how things are now ("… afprøvet og evalueret nu?")."""
_DIGITS_KOMMA = re.compile(r"\b(\d+)\s+(?:komma|point)\s+(\d)\b", re.IGNORECASE)
"""A decimal figure with its comma in words ("12 komma 4")."""
_PLACE_WORDS = frozenset(("i", "in", "for", "hos", "på", "paa", "at"))
"""The word before a unit's name in a line ("… ikke i kom")."""
_WHICH_FORMS = re.compile(
    r"^\W*(?:og\s+|and\s+|men\s+|but\s+)?(?:hvilke|which|what)\s+(?:former|forms)"
    r"(?:\s+(?:er|var|are|were)\s+(?:det|de|dem|they|them|it|those|that|these))?"
    r"(?:\s+(?:så|then|da))?\W*$", re.IGNORECASE)
"""…"hvilke former er det?", "which forms?" right after the figures of the goal of forms"""
_OTHER_CENTRES = re.compile(r"\b(?:andre|other)\s+(?:centre|centres|centers|center|centrene)\b",
                            re.IGNORECASE)
_TO = re.compile(r"\s+(?:til|to)\s+", re.IGNORECASE)
_LABEL = re.compile(r"(?:^|(?<=[,;.]))\s*([^\s:,;.]+(?:\s[^\s:,;.]+){0,3}?):")
"""A part of a line labelled with its unit ("S&A: …", "…, kom: …")."""
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
"""A year in a line ("… i 2019, ikke?")."""
_THEME_NAMED = re.compile(r"\b(?:tema|theme)\s*\d\b", re.IGNORECASE)
"""A theme named in a line ("tema 2")."""
_TOP = re.compile(r" top (\d{1,2}) ")
"""(folded) "top 3": how many of a ranking"""
_THEME_LEAD = re.compile(r"^\s*(?:tema|theme)\s*(\d)\b\s*[:.\-–]?\s*", re.IGNORECASE)
"""A line that begins with a theme ("tema 4: …") at a theme's question of a check-in."""
_GOALS_JOINED = re.compile(r"\s*(?:,\s+|;\s*)|\s+(?:og|and|samt|plus|men|but|&)\s+",
                           re.IGNORECASE)
"""Between the one-liners of a line for several goals ("sygefravær 12,8 og RK færdig"; a
comma with a space after it, not the decimal comma of "12,8")."""
_UNIT_CODE = re.compile(r"(?<!\w)(?:@\s*)?[A-Za-zÆØÅæøå]{2,8}-\d{1,3}\b")
_CODE_AT = re.compile(r"\s*@\s*[\w-]+\s*$")
_CODE_IN = re.compile(r"@\s*[\w-]+")
_NUMBER_FOLLOW_UP = re.compile(
    r"(?:(?:og|and|men|but|hvad med|what about)\s+)?(?:(?:nr|no|nummer|number)\.?\s*)?"
    r"(?P<n>[1-9])\s*[?.!]?", re.IGNORECASE)
"""…"og nr 4?", "and number 3?", "hvad med 4?" right after a theme's answer"""
_LIST_JOINS = re.compile(r",\s+|\s+(?:og|and)\s+")
_ORDINAL_FILLERS = frozenset(fold_text(w) for w in (
    "og", "and", "hvad", "med", "what", "about", "den", "det", "the", "one", "så", "then",
    "men", "but", "er", "is", "om", "tell", "me", "fortæl"))
"""…"og den anden?", "and the second one?", "hvad med den tredje?", "nr 2?" """
_THEME_NUMBER = re.compile(r"\b(tema|theme)\s*\d\b", re.IGNORECASE)
_UNIT_WORD = re.compile(r"enhed|afdeling|unit|department")
"""…the asker's own units among the words of their own ("mine enheder", "my unit")"""
_AFTER_FIGURE = re.compile(r"(?<=\d)\s+(?=[^\W\d])")
"""Where a line goes on after a figure ("S&A 13,2 | kom. 10,5")."""
_UNIT_PLACE = re.compile(r"\s+(?:i|in|på|paa|pa|hos|for|at|fra|from|ved)$", re.IGNORECASE)
"""The preposition left at the end of a form's name when the unit after it is taken away
("citizen panel in [kommunikation]")."""
_SHORT_UNIT = re.compile(r"\w&\w|\b[^\W\d_]{2,6}\.(?:\s|$)")
"""A unit's initials or clipped name ("S&A", "kom.") in a line."""
_REST_FILLERS = frozenset(("og", "and", "er", "is", "har", "has", "stadig", "still", "nu",
                           "now", "på", "paa", "pa", "at", "also", "også", "ogsaa", "ogsa"))
"""Words around a unit's value said after another unit's line ("og S&A er 13,8 stadig")."""
_ELIDED = re.compile(r"^(?:(?:har|er|gjorde|has|have|is|are|did)\s+)?(ikke|not)$", re.IGNORECASE)
"""A part of a line for two units that says only "not" of what the other part said ("S&A har
rekrutteret i år, kom. *har ikke*")."""
_AUXILIARIES = frozenset(("har", "er", "has", "have", "is", "are", "did"))
_OVERVIEW_OF_IT = re.compile(
    r"^(?=.*\b(?:strategi\w*|strategy|dokument\w*|document)\b)(?!.*\b(?:fremdrift\w*|progress|"
    r"status|tal|tallene|figures|live)\b).*\b(?:overblik|overview|opsummering|resume|resumé|"
    r"summary|sammenfatning)\b", re.IGNORECASE)
"""An overview of the strategy itself asked for (not of the live figures)."""
_OWN_FIGURE = re.compile(
    r"^\W*(?:hvad|hvor\s+meget|hvor\s+mange|hvor\s+høj|hvor\s+hoj|what|how\s+much|how\s+many|"
    r"how\s+high)\b[^?]*\b(?:mit|min|mine|my)\s+(?:eget\s+|egne\s+|own\s+)?(?:sygefravær|"
    r"sygefravaer|sygefravar|sygedage|fravær|fravaer|sick\s+leave|sick\s+days|absence)\b",
    re.IGNORECASE)
"""A question of one's own sick leave ("hvad er mit sygefravær?"): no one's is kept."""
_STATUS_OF = re.compile(r"^\s*(?:status|fremdrift|progress)\s+(?:for\s+|i\s+|in\s+)?"
                        r"([A-ZÆØÅ]{2,6})\s*\??\s*$")
"""A centre's status asked for by a code ("status XYZ")."""
_NAME_ENDS = re.compile(r"\s[–—-]\s|[.!?](?:\s|$)")
"""Where a name given in a sentence ends: a dash or the sentence's end."""
_AND_THEN = re.compile(r"^\W*(?:og|and|hvad\s+med|what\s+about|how\s+about|samt)\s+",
                      re.IGNORECASE)
"""The lead of a follow-up that names only its subject ("and behind?")."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
"""Where a message's sentences part."""
_COURTESY = frozenset(("tak", "ok", "okay", "thanks", "thank", "you", "please", "og", "and",
                       "nu", "now", "igen", "again", "saa", "so", "gerne", "lige", "just"))
"""Words around a request for the answer's language that ask nothing else."""
_ASKS_TO_CORRECT = re.compile(
    r"\b(?:kan du|vil du|kan i|kan man|can you|could you|would you|please)\s+(?:lige\s+)?"
    r"(?:rette|ændre|aendre|andre|opdatere|correct|change|fix|update)\b", re.IGNORECASE)
"""A question that asks for a correction ("kan du rette det?"): a correction, not a question."""
_BARE_FIGURE = re.compile(
    r"^\W*(?:og|and|men|but|hvad med|what about|how about|end|så|saa|then)?\s*"
    r"(\d+(?:[.,]\d+)?)\s*(?:dage|dagsværk|dagsvaerk|days)?\s*\??\s*$", re.IGNORECASE)
"""A figure alone ("og 14,1?", "what about 12?"): after a figure was held against a target,
another one."""
_ASKS_IF = re.compile(r"\s*(?:er|ligger|is|are)\b", re.IGNORECASE)
"""…"er 13,2 under målet" without its question mark"""
_WHO_WHICH = frozenset(("hvem", "hvilke", "hvilken", "hvilket", "who", "which"))
_BARE_GOAL_WORDS = frozenset(("hvad", "er", "var", "what", "is", "was", "s", "whats", "the",
                              "saa", "igen", "egentlig", "again", "then", "nu", "now", "vores",
                              "our", "det", "it", "og", "and"))
"""The words around a target word in a bare goal question ("hvad er målet så?")."""
_PRIVATE = frozenset({"checkin", "correct", "history", "undo", "undo_last", "propose_fte",
                      "withdraw_fte",
                      "remove_form", "proposals", "approve", "reject"})
"""Commands about a person's own check-ins and figures: run in the one-to-one chat, never in
a channel (the channel gets "Jeg har skrevet til dig privat")."""

KNOWN_FOR = 600.0
"""Seconds a conversation's stored row id is trusted without asking the database (a row the
retention job or ``privacy erase`` removed is stored again after this)."""

FOLLOW_UP_FOR = 900.0
"""Seconds a chat's last question is kept for a follow-up that points back to it."""
_LOOSE_CODE = re.compile(r"\s*@([A-Za-zÆØÅæøå]{2,8})(?:\s+|-)?(\d{1,3})\s*(?=$|[–—]|-\s|[,;?!])")
"""A unit's code written loosely, at the end of a line or before a dash or a question: "@cpks
2", "@CPKS2", "sygefravær 12,4 @cpks 2 – hvordan ligger vi ift målet?"."""
_CODE_PARTS = re.compile(r"([A-Za-zÆØÅæøå]{2,8})-?(\d{1,3})")
REDELIVERY_WINDOW = 3600.0
"""Seconds a message id is remembered, so a redelivered message is answered once."""


class _Part:
    """The n-th of several things one message asked for ("begge": a save per unit), as a
    turn with a message id of its own."""

    def __init__(self, turn: Turn, n: int, text: str | None = None) -> None:
        self._turn = turn
        self._n = n
        incoming = turn.incoming
        self._incoming = dataclasses.replace(
            incoming, id=f"{incoming.id}#{n}" if incoming.id else incoming.id,
            text=incoming.text if text is None else text)

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    @property
    def forms(self) -> bool:
        return self._turn.forms

    async def send(self, reply: Reply) -> None:
        await self._turn.send(reply)

    async def lookup_email(self) -> str | None:
        return await self._turn.lookup_email()

    async def private(self) -> Turn | None:
        private = await self._turn.private()
        if private is None:
            return None
        return self if private is self._turn else _Part(private, self._n)


class Conversation:
    """Answers questions and runs check-ins, whatever the channel."""

    def __init__(self, *, content: Content, metrics: Metrics, checkins: Checkins,
                 flow: CheckinFlow, identity: Identity, conversations: Conversations,
                 subscriptions: SubscriptionCommands, questions: QuestionLog | None = None,
                 document_url: str | None = None,
                 page_link: Callable[..., str | None] | None = None,
                 writer: BackgroundWriter | None = None, memo: int = 4096) -> None:
        self.content = content
        self.i18n = content.i18n
        self.engine = content.engine
        self.metrics = metrics
        self.checkins = checkins
        self.flow = flow
        self.identity = identity
        self.conversations = conversations
        self.subscriptions = subscriptions
        self.questions = questions
        self.commands = Commands.from_i18n(content.i18n)
        self.small_talk = SmallTalk.from_i18n(content.i18n)
        self.memo: Memo[Any] = Memo(memo)
        """readings of texts: answers, one-liners, commands, small talk (README, "Speed")"""
        self._memo_overlay = self.engine.overlay
        """the review phrasings the memo's answers were given under"""
        self.question_words = frozenset(content.flows.words.get("question", ()))
        flows = content.flows
        self.answer_words = frozenset(
            {w for key in ("yes", "no", "continue", "restart") for w in flows.words.get(key, ())}
            | {fold_text(flows.text(key, lang)) for key in ("jump_yes", "jump_no")
               for lang in ("da", "en")})
        """what answers a flow's question and nothing else (folded)"""
        self.document_url = document_url
        self.page_link = page_link or (lambda **_: None)
        """where "open the progress page" leads (by ``lang=``)"""
        self.writer = writer
        """where writes the reply does not depend on go (None: written in the turn)"""
        centre = content.i18n.commands_file.centre if content.i18n.commands_file else None
        self.centre_words: dict[str, list[str]] = {
            key: [fold_text(w) for lang in ("da", "en")
                  for w in (getattr(getattr(centre, key), lang) if centre else [])]
            for key in ("own", "progress", "missing")}
        self.centre_words["compare"] = [fold_text(w) for lang in ("da", "en") for w in (
            getattr(centre.compare, lang) if centre and centre.compare else [])]
        """how a message asks about one centre's progress (``dialogs/commands.yaml``)"""
        self.ranking_words: dict[str, frozenset[str]] = {
            key: frozenset(fold_text(w) for lang in ("da", "en") for w in getattr(words, lang))
            for key, words in ((centre.ranking or {}) if centre else {}).items()}
        """"hvilket center er værst på sygefravær?" (``dialogs/commands.yaml``)"""
        self.ranking_vocabulary = frozenset(
            w for phrases in self.ranking_words.values() for p in phrases for w in p.split())
        """every word of the ranking phrases: a message of only these after a ranking asks
        again of its goal ("og hvem er så værst?")"""
        flow_words = content.flows.words
        self.ordinals = {fold_text(phrase).split()[-1]: n % 10 + 1
                         for n, phrase in enumerate(flow_words.get("ordinals", ()))} | {
            fold_text(w).split()[-1]: -1 for w in flow_words.get("last", ())}
        """"første" → 1 … "tenth" → 10 (the flow's ``ordinals``), "sidste"/"last" → -1"""
        heads = "|".join(re.escape(self.i18n.text("bot.members_count", lang, count="#",
                                                  names="").split("#")[0].strip())
                         for lang in ("da", "en"))
        self.named_list = re.compile(rf"(?:{heads})\s+\d+[^:\n\d]{{0,30}}:\s*([^\n]+?)\.?\s*$")
        """…"Der er 5: Udsyn, Forandringsparathed, … og Professionel ledelse." (a count, then
        names: ``members_count``), whose names "og den tredje?" points into"""
        said = content.i18n.commands_file.period_questions \
            if content.i18n.commands_file else None
        self.period_phrases = tuple(fold_text(p) for lang in ("da", "en")
                                    for p in (getattr(said, lang) if said else []))
        """the questions about the strategy's own period"""
        self.status_labels = tuple(
            (status, fold_text(content.i18n.text(f"progress.status.{status}", lang)))
            for status in ("on-track", "at-risk", "behind", "achieved", "missed", "too-few",
                           "no-data") for lang in ("da", "en"))
        """the statuses' words, to explain them ("hvad betyder bagud?")"""
        commands = content.i18n.commands_file
        def phrases(key: str) -> tuple[str, ...]:
            """A phrase list of ``dialogs/commands.yaml``, both languages, folded."""
            said = getattr(commands, key, None) if commands else None
            return tuple(fold_text(p) for lang in ("da", "en")
                         for p in (getattr(said, lang) if said else []))

        self.reminder_phrases, self.reminders_off, self.reminders_on = (
            phrases("reminder_questions"), phrases("reminders_off"), phrases("reminders_on"))
        """words of a question about the bot's reminders; of turning them off, or on again"""
        self.page_questions = PageQuestions(commands.pages if commands else None,
                                            content.kb.strategy.pages)
        """"hvad står der på side 8?", "forsiden", "sidste side" """
        self.reporting_phrases = phrases("reporting_questions")
        """words of a question about reporting itself ("hvordan indrapporterer jeg?")"""
        self.digest_phrases = phrases("digest_questions")
        """words asking for the figures on a schedule ("kan jeg få en ugentlig oversigt?")"""
        self.withheld_phrases, self.withheld_about = (
            phrases("withheld_questions"), phrases("withheld_about"))
        """words of a question why a figure is not shown, and of what it is about"""
        goal_words = content.i18n.commands_file.goal_words \
            if content.i18n.commands_file else None
        self.target_words = frozenset(fold_text(w) for lang in ("da", "en")
                                      for w in (getattr(goal_words, lang) if goal_words else []))
        """"mål", "målet", "target": what a bare goal question asks for"""
        self.figures = FigureCommands(checkins=checkins, flows=content.flows, i18n=content.i18n,
                                      ask_which=flow.ask_which,
                                      not_now=content.oneliners.not_now)
        flow.is_command = lambda text: (self._command_in(text) is not None
                                        or self._small_talk(text) is not None)
        flow.knows_word = self.engine.knows
        flow.only_flags = content.oneliners.only_flags
        flow.self_corrected = content.oneliners.self_corrected
        flow.is_undo = lambda text: (self._command_in(text) or ("", None))[0] == "undo_last"
        flow.read_line = self._read
        subscriptions.note = self._subscriptions_note
        self._recent = RecentKeys(window=REDELIVERY_WINDOW, size=50_000)
        self._known: TTLCache[str, tuple[int | None, str | None]] = TTLCache(maxsize=20_000,
                                                                    ttl=KNOWN_FOR)
        """place key → (stored conversation id, its language)"""
        self._shown_goal: TTLCache[str, str] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        self._progress_shown: TTLCache[str, bool] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """where live figures were the last reply: "og i COP?", "and CPKS?" go on with them"""
        self._page_shown: TTLCache[str, int] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """the page a place was last shown ("og næste side?")"""
        self._claimed: TTLCache[str, str] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the goal a figure was just held against ("er 13,2 under målet?"):
        "og 14,1?" holds another against it"""
        """place key → the goal last talked about there: its live figures, or its answer"""
        self._said: TTLCache[str, str] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the text it was last answered with"""
        self._shown_reply: TTLCache[str, Reply] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the answer last given there ("kortere tak" shortens it)"""
        self.shorter_ends = tuple(sorted(
            {f" {fold_text(p)}" for lang in ("da", "en")
             for p in self.i18n.intents.get("shorter", {}).get(lang, ())}, key=len,
            reverse=True))
        self._saved: TTLCache[str, _Saved | None] = TTLCache(maxsize=20_000,
                                                             ttl=FOLLOW_UP_FOR)
        """place key → what a one-liner (or a yes to "er du sikker?") last saved there: what a
        correction right after corrects ("nej vent, det var 12,3", "nej, det var i gang"),
        and what "er det under målet?" asks about; None: nothing to correct (a place without
        an entry is read back from the database once, after a restart: ``_last_saved``)"""
        self._subscribed: TTLCache[str, tuple[int, Schedule]] = TTLCache(
            maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → (conversation, schedule) just subscribed there: what "nej vent,
        ugentlig fredag kl 14" or "nej vent, kl 15" right after says again (only the next
        message: ``_message`` takes it)"""
        self._messages: TTLCache[str, int] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the number of the message being answered there (``_message``)"""
        self._message_count = itertools.count(1)
        self._figure_saved: TTLCache[str, tuple[int | None, _Saved]] = TTLCache(
            maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → (message id, what it saved) of the last figure saved there, as long as
        nothing but that message saved after it: "er det under målet?" after "sygefravær 11,9
        og rk færdig" asks of the 11,9 (it listed every goal)"""
        self._ranked: TTLCache[str, str] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the goal whose centres were just ranked there ("top 3" next)"""
        self._proposed: TTLCache[str, Proposed] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the FTE figure just proposed there: what "nej vent, 15" or "nej vent,
        det var kom" right after corrects (only the next message: ``_message`` takes it)"""
        self._goal_entries = frozenset(goal.entry for goal in self.content.kb.goals)
        """the entries that state a goal"""
        self._goal_of_entry = {goal.entry: goal.id for goal in self.content.kb.goals}
        for entry_id, entry in self.content.kb.entries.items():
            near = {self._goal_of_entry[r] for r in entry.related if r in self._goal_of_entry}
            if entry_id not in self._goal_of_entry and len(near) == 1:
                # "hvad er RK?" then "hvad er målet?": the one goal the entry relates to (all
                # the goals were listed)
                self._goal_of_entry[entry_id] = near.pop()
        """the entry that states a goal → the goal"""
        self._asked: TTLCache[str, str] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        self._shown_list: TTLCache[str, tuple[str, ...]] = TTLCache(
            maxsize=20_000, ttl=FOLLOW_UP_FOR)
        self._pair: TTLCache[str, tuple[tuple[Reading, bool], tuple[Reading, bool]]] = \
            TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """the two units' readings of a line just saved ("… S&A 10,5 og kommunikation 13,2"),
        each with whether the line saved anything new for its unit, for "nej, omvendt" """
        self._status_shown: TTLCache[str, bool] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """places where a status's meaning was the last reply: "and behind?" asks another's"""
        self._viewed: TTLCache[str, str] = TTLCache(maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """place key → the message live figures or a centre's view were the reply to, when
        that was the last reply: what "in English please" next shows again"""
        self._answered: TTLCache[str, tuple[str, str | None]] = TTLCache(
            maxsize=20_000, ttl=FOLLOW_UP_FOR)
        """the question last answered and the one it followed up ("and in 2021?" after a
        question on sick leave): what "in Danish please" next answers again"""
        """place key → the last question answered there: what a follow-up ("og centrenes?",
        "when was it published?") points back to. Kept in the process, for a short while"""

    # ------------------------------------------------------------------ the turn
    async def handle(self, turn: Turn) -> None:
        """Handle one turn; a failure is logged and the user gets an apology, never a trace."""
        incoming = turn.incoming
        channel = incoming.place.channel
        key = incoming.key
        if incoming.kind == "message" and key is not None and self._recent.add(key):
            self.metrics.turns.labels(channel, "duplicate").inc()
            log.info("duplicate activity ignored", extra={"activity_id": incoming.id,
                                                          "channel": channel})
            return
        started = time.perf_counter()
        try:
            if incoming.kind == "installed":
                await self._installed(turn)
            elif incoming.kind == "edited":
                await self._edited(turn)
            else:
                await self._message(turn)
        except ChannelError as error:  # the far side refused or never answered: expected,
            # logged in one line; an apology through the same far side would fail the same way
            self.metrics.errors.labels("channel").inc()
            log.warning("the reply could not be sent", extra={
                "channel": channel, "error": str(error)[:300]})
            if incoming.kind == "message":
                # the user heard nothing: the channel is told (Teams: 503) and may deliver the
                # message again, which is then handled afresh (a check-in is saved once)
                if key is not None:
                    self._recent.forget(key)
                raise TurnUnanswered(
                    "the reply could not be sent",
                    "the reply could not be delivered; the message may be sent again (a "
                    "check-in is saved once)") from error
            if incoming.kind == "installed":  # the welcome is lost: Teams may send it again
                raise TurnUnanswered(
                    "the welcome could not be sent",
                    "the welcome could not be delivered; the event may be sent again") \
                    from error
        except FlowStateConflict as error:  # two messages of one conversation at once
            self.metrics.errors.labels("conflict").inc()
            log.info("a message crossed another of the same conversation",
                     extra={"channel": channel, "key": error.key})
            if incoming.kind == "message" and not await self._say_crossed(turn):
                if key is not None:
                    self._recent.forget(key)
                raise TurnUnanswered(
                    "the turn crossed another and no reply reached the user",
                    "the message crossed another of its conversation; it may be sent again") \
                    from error
        except Exception as error:
            self.metrics.errors.labels("turn").inc()
            log.error("turn failed", exc_info=error, extra={"channel": channel})
            if incoming.kind == "message" and not await self._apologise(turn):
                if key is not None:
                    self._recent.forget(key)  # a redelivery is handled afresh
                raise TurnUnanswered("the turn failed and no apology reached the user") \
                    from error
        finally:
            self.metrics.latency.labels(channel).observe(time.perf_counter() - started)

    async def _say_crossed(self, turn: Turn) -> bool:
        """The message crossed another of the same conversation (both changed its step-by-step
        state at once), so it was not handled to the end: say so and ask for it again (a
        check-in it saved before the clash is not claimed either way). False when that could
        not be sent."""
        incoming = turn.incoming
        lang = self.engine.detect(incoming.text, incoming.locale)
        try:
            await turn.send(Reply(lang=lang, text=self.i18n.text("bot.crossed", lang)))
            return True
        except Exception as error:  # the channel failed too: the caller answers 503
            log.warning("could not say that the message crossed another",
                        extra={"error": str(error)[:300]})
            return False

    async def _apologise(self, turn: Turn) -> bool:
        """Say sorry; when the database failed, say plainly what was not saved ("Ikke gemt —
        prøv igen om lidt"). Called from ``handle``'s ``except``, so the error is at hand.
        False when the apology could not be sent either."""
        import sys

        from sqlalchemy.exc import SQLAlchemyError

        from strategibot.errors import StorageError

        incoming = turn.incoming
        lang = self.engine.detect(incoming.text, incoming.locale)
        error, seen = sys.exception(), set()
        while error is not None and id(error) not in seen \
                and not isinstance(error, StorageError | SQLAlchemyError):
            seen.add(id(error))
            error = error.__cause__ or error.__context__
        if error is not None and id(error) not in seen:
            text = incoming.text.strip()
            what = f"«{text[:200]}{'…' if len(text) > 200 else ''}»" if text \
                else self.i18n.text("bot.not_saved_form", lang)
            message = self.i18n.text("bot.not_saved", lang, what=what)
        else:
            message = self.i18n.text("bot.error", lang)
        try:
            await turn.send(Reply(lang=lang, text=message))
            return True
        except ChannelError as error:  # the channel itself may be what failed
            log.warning("could not send the apology", extra={"error": str(error)[:300]})
        except Exception:
            log.warning("could not send the apology", exc_info=True)
        return False

    async def _installed(self, turn: Turn) -> None:
        incoming = turn.incoming
        installer = await self.identity.email(turn)
        await self._remember(turn, installed_by=installer)
        lang = self.engine.detect("", incoming.locale)
        await turn.send(await self._help(turn, lang, welcome=True, email=installer))
        self.metrics.turns.labels(incoming.place.channel, "welcome").inc()

    async def _edited(self, turn: Turn) -> None:
        """A message changed after it was sent: nothing is saved from an edit. When the new
        text is a check-in, the leader is told to send it as a new message (other edits are
        left alone)."""
        text = turn.incoming.text
        lang = self.engine.detect(text, turn.incoming.locale)
        if turn.incoming.place.kind != "personal" or self._read(text, lang).kind != "report":
            return  # (a figure is never echoed in a channel)
        await turn.send(Reply(lang=lang, text=self.i18n.text("bot.edited", lang, text=text)))
        self.metrics.turns.labels(turn.incoming.place.channel, "edited").inc()

    async def _unit_written(self, text: str) -> str:
        """A unit's code written loosely at the end ("… @cpks 2", "@CPKS2", "@cpks-2") as the
        organisation writes it ("@CPKS-02"), when that unit exists (it was read as the
        centre "CPKS" and refused)."""
        loose = _LOOSE_CODE.search(text)
        if loose is None:
            return text
        prefix, number = loose.group(1).casefold(), int(loose.group(2))
        directory = await self.checkins.directory()
        code = next((u.code for u in directory.units
                     if (m := _CODE_PARTS.fullmatch(u.code)) is not None
                     and m.group(1).casefold() == prefix and int(m.group(2)) == number), None)
        return f"{text[:loose.start()]} @{code}{text[loose.end():]}" if code else text

    async def _message(self, turn: Turn) -> None:
        incoming = turn.incoming
        self._messages[incoming.place.key] = next(self._message_count)
        channel = incoming.place.channel
        text = await self._unit_written(incoming.text) if "@" in incoming.text \
            else incoming.text
        # "ok", "👍" show no language: the one written here last (an English user got Danish)
        known = self._known.get(incoming.place.key)
        evident = self.engine.evident_language(text)
        if known and known[1] and (not evident or self.engine.intent(text) in (
                "ack", "thanks", "greeting") or self.content.flows.control(text) is not None):
            # ("stop", "skip" are the flow's words in both languages)
            lang = known[1]
        else:
            lang = evident or self.engine.detect(text, incoming.locale)
        if known and known[1] and lang != known[1] and self.engine.has_words_of(
                text, known[1]) and self._read(text, known[1]).kind in ("report", "bad-value"):
            lang = known[1]  # "tema 1: RK i to afdelinger" is no English ("to") in a Danish chat
        forced = None
        viewed = self._viewed.pop(incoming.place.key, None)  # (only the last reply's)
        status_before = bool(self._status_shown.pop(incoming.place.key, False))
        wanted = _IN_LANGUAGE.search(text)
        if wanted is not None:
            # "svar på engelsk", "hvad er målet for tema 1 - in English please": that language
            # (it was answered in the question's)
            forced = lang = "en" if wanted.group(1).casefold() in ("engelsk", "english") \
                else "da"
            text = (text[:wanted.start()] + " " + text[wanted.end():]).strip(" -–—,.:;!")
            if {fold_text(w) for w in words(text)} <= _COURTESY:
                text = ""  # "tak, tilbage til dansk": only the language is asked for
            if not words(text) and viewed and words(viewed):
                # "in english please" after live figures or a centre's view: that view again,
                # in English (it repeated the last answer from the strategy, an older one)
                text = viewed
            elif not words(text):
                await self._remember(turn, lang=lang)
                before = self._asked.get(incoming.place.key)
                answered = self._answered.get(incoming.place.key)
                if before:  # "in English please" after an answer: that answer, in English
                    # (the last one, also a follow-up's: "and in 2021?" then "in Danish")
                    again = self._answer(answered[0], lang, answered[1], lang=lang) \
                        if answered else self._answer(before, lang, lang=lang)
                    if again.outcome is Outcome.ANSWER or again.kind == "partial":
                        await turn.send(again.reply)
                        # (what "hvad mener du med det?" next is compared with)
                        self._said[incoming.place.key] = again.reply.text
                        return
                await turn.send(Reply(lang=lang, text=self.i18n.text("bot.language_set", lang),
                                      outcome=Outcome.ANSWER))
                return
        try:
            conversation: int | None = await self._remember(turn, lang=lang)
        except StorageError:  # a question is answered also when the database takes no write
            log.warning("could not remember the conversation", exc_info=True)
            conversation = None
        proposed = self._proposed.pop(incoming.place.key, None)
        if proposed is not None and await self._proposal_corrected(turn, proposed, text, lang):
            return
        subscribed = self._subscribed.pop(incoming.place.key, None)
        if subscribed is not None and (self._command_in(text) or ("",))[0] == "subscriptions":
            # "abonnementer" between "abonnér … kl 14" and "nej vent kl 15": the list says
            # nothing new, and the correction still corrects it (it got a strategy quote)
            self._subscribed[incoming.place.key] = subscribed
        if subscribed is not None and self.flow.corrects(text) and "?" not in text:
            # "nej vent, ugentlig fredag kl 14" right after "abonnér ugentligt": the schedule
            # said again (it was read as a correction of an older check-in)
            body = self.flow.correction_body(text)
            try:  # (only a schedule: "nej tak" is no new one)
                amend_schedule(subscribed[1], body, self.subscriptions.words)
                understood = True
            except ScheduleInvalid as exc:
                # "nej vent, søndag", "nej vent, hver anden uge": a schedule, refused with why
                # (it was "Det ved jeg desværre ikke"); an unknown word is no schedule
                understood = exc.key not in ("unknown_word", "unknown_number")
            if understood:
                kept = await self.subscriptions.run(turn, subscribed[0], "subscribe", body,
                                                    lang, after=subscribed[1])
                # (refused, it stays the one to say again: "nej vent, søndag" and then "nej
                # vent, fredag 14.30" moved it)
                self._subscribed[incoming.place.key] = (subscribed[0], kept or subscribed[1])
                return
        if _OVERVIEW_OF_IT.search(text) and not self._read(text, lang).goal_id:
            # "… kan du give mig et kort overblik [over strategien]?" from someone presenting
            # the strategy: the whole document in one answer (it got the live figures:
            # "overblik" is a word of progress too)
            overview = strategy_overview(self.i18n, self.content.kb, lang,
                                         today=self.checkins.clock.today(),
                                         document_url=self.document_url)
            self._shown_reply[incoming.place.key] = overview
            await turn.send(overview)
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if _OWN_FIGURE.search(text):
            # "hvad er mit sygefravær?": no one's own figure is kept (it got the municipality's
            # live figures)
            await turn.send(Reply(lang=lang, text=self.content.flows.text("own_figure", lang),
                                  outcome=Outcome.ANSWER))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        compared = self._statuses_compared(text) or self._statuses_asked(
            text, again=status_before)
        if compared:
            self._status_shown[incoming.place.key] = True
            # "hvad er forskellen på I risiko og bagud?": both of the bot's words (it got the
            # live figures)
            await turn.send(Reply(lang=lang, text="\n\n".join(self.i18n.text(
                f"progress.status_meaning.{status}", lang) for status in compared),
                outcome=Outcome.ANSWER))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if self._period_question(text) and self._read(text, lang).kind not in (
                "report", "bad-value") and not await self.flow.active(turn):
            # "er det ikke overstået nu så?" (its "nu" made it a question of live figures)
            await self._period_answer(turn, lang)
            return
        if await self._ranking(turn, text, lang):
            self.metrics.turns.labels(channel, "answer").inc()
            return
        small = self._small_talk(text)
        shown_before = self._shown_reply.pop(incoming.place.key, None)
        if small is not None and small[0] == "shorter" and shown_before is not None:
            # (only the reply right before: "kortere tak" after "hvad betyder i risiko?"
            # shortened an older answer, in its language)
            self._shown_reply[incoming.place.key] = shown_before
        if await self._checkin_turn(turn, conversation, text, lang, forced=forced is not None):
            self.metrics.turns.labels(channel, "command").inc()
            return
        if small is not None and small[0] == "shorter":
            # "kortere tak", "kan du sige det i én sætning?", "simpler please": the answer
            # before, shorter (it was answered as a question: "kortere ansættelser" …)
            last = self._shown_reply.get(incoming.place.key)
            await turn.send(shortened(last, one=self._one_sentence(text)) if last is not None
                            else Reply(
                lang=lang, text=self.i18n.text("bot.shorter_nothing", lang),
                outcome=Outcome.CLARIFY))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if small is not None and small[0] == "help":
            await turn.send(await self._help(turn, small[1]))
            self.metrics.turns.labels(channel, "help").inc()
            return
        folded = f" {fold_text(text)} "
        if any(f" {p}" in folded for p in self.reminder_phrases):
            stop = any(f" {w} " in folded for w in self.reminders_off)
            if stop or any(f" {w} " in folded for w in self.reminders_on):
                # "jeg gider ikke få flere påmindelser", "stop med at minde mig om det"
                await self.subscriptions.reminders(turn, stop, lang)
                self.metrics.turns.labels(channel, "command").inc()
                return
            asker = await self._asker(turn)
            await self.subscriptions.about_reminders(
                turn, lang, leads=asker is not None and bool(asker.subjects))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        meant = self._status_meant(text)
        if meant is not None:
            self._status_shown[incoming.place.key] = True
            # "hvad betyder bagud?", "hvorfor for få indrapporteringer?": the bot's own words
            await turn.send(Reply(lang=lang, text=self.i18n.text(
                f"progress.status_meaning.{meant}", lang), outcome=Outcome.ANSWER))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if any(f" {p} " in folded for p in self.withheld_phrases) and any(
                f" {w} " in folded for w in self.withheld_about) and not any(
                f" {label} " in folded for _, label in self.status_labels):
            # "hvorfor kan jeg ikke se sygefraværet for mit center?": the small-numbers rule
            await turn.send(Reply(lang=lang, text=self.i18n.text(
                "progress.status_meaning.too-few", lang), outcome=Outcome.ANSWER))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if self._period_question(text):
            await self._period_answer(turn, lang)
            return
        page = self.page_questions.page(text, self._page_shown.get(turn.incoming.place.key))
        if page is not None:
            # (a page past the last is not where "forrige side" goes back from: after "side
            # 12", "næste" — "only 12 pages" — "forrige side" gave page 12 again)
            self._page_shown[turn.incoming.place.key] = max(1, min(
                page, self.page_questions.pages))
            # "hvad står der på side 8?" got the overview of the strategy, or "Mente du …?"
            # ("forsiden", "sidste side", "side fem" too)
            shown_page = self._page(page, lang)
            await turn.send(shown_page)
            # "svar på dansk", "kortere tak" right after a page: that page (they repeated an
            # older answer)
            self._viewed[incoming.place.key] = self.i18n.text(
                "bot.page_again", lang, page=self._page_shown[incoming.place.key])
            self._shown_reply[incoming.place.key] = shown_page
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if any(f" {p} " in folded for p in self.digest_phrases) and (
                "?" in text or looks_like_question(text, self.question_words)):
            # "kan jeg få en ugentlig oversigt?": a subscription, here or in a channel
            await turn.send(Reply(lang=lang, text=self.i18n.text("help.subscribe.text", lang),
                                  actions=(Action(
                                      self.i18n.command("subscribe", lang).capitalize(),
                                      self.i18n.command("subscribe", lang), "command"),),
                                  outcome=Outcome.ANSWER))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        if any(f" {p} " in folded for p in self.reporting_phrases):
            # "hvordan indrapporterer jeg?", "hvem skal indrapportere?": the bot's own feature
            await turn.send(await self._about_reporting(turn, lang))
            self.metrics.turns.labels(channel, "answer").inc()
            return
        previous = self._asked.get(incoming.place.key)
        folded_text = f" {fold_text(text)}"
        short = next((end for end in self.shorter_ends if folded_text.endswith(end)
                      and len(folded_text[:-len(end)].split()) >= 2), None)
        if short is not None:  # "hvad er RK i korte træk", "what are the bearings, short"
            text = " ".join(text.split()[:-len(short.split())]).rstrip(" ,-–:;")
        asked = text
        shown = self._shown_goal.get(incoming.place.key)
        told = self.content.kb.goal(shown) if shown is not None else None
        if told is not None and self._bare_goal_question(text):
            # "hvad er målet?" right after a goal's figures or its check-in: that goal's
            asked = self.i18n.text("bot.goal_question", lang, goal=told.title.get(lang))
        numbered = _NUMBER_FOLLOW_UP.fullmatch(text.strip())
        item = None if numbered is not None and previous and named_themes(previous) and \
            _THEME_NUMBER.search(previous) else self._listed_item(incoming.place.key, text)
        if item is not None:
            # "and the second one?" right after a list (the four themes, the megatrends, the
            # bearings): that item (it was the list again, or "does not list which"), in the
            # language of the list (an English list's items hold their Danish names)
            asked, forced = item, forced or lang
        elif numbered is not None and previous and named_themes(previous) and \
                _THEME_NUMBER.search(previous):
            # "og nr 4?" right after theme 2: theme 4 (it got the four themes)
            asked = _THEME_NUMBER.sub(lambda m: f"{m.group(1)} {numbered.group('n')}",
                                      previous, count=1)
        answer = self._answer(asked, lang if known and known[1] == lang else incoming.locale,
                              previous, lang=forced)
        if answer.outcome is Outcome.UNKNOWN and (not answer.kind or answer.gap in (
                "expansion", "defined")):  # ("hvad står CAB for?": "forklarer ikke …")
            answer = await self._centre_code(text, answer)
        said = self._said.get(incoming.place.key)
        if said is not None and _VAGUE_FOLLOW_UP.match(text) and (
                answer.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY) and answer.kind != "partial"):
            # "giv et eksempel" right after an answer that gives none, and that nothing else
            # answers: the strategy says no more (it was "Det ved jeg desværre ikke")
            key = "no_example" if _EXAMPLE.search(text) else "no_why" if _WHY.search(text) \
                else "said_all"
            answer = dataclasses.replace(answer, outcome=Outcome.ANSWER, reply=Reply(
                lang=answer.lang, text=self.i18n.text(f"bot.{key}", answer.lang),
                outcome=Outcome.ANSWER), followed_up=True)
            await turn.send(answer.reply)
        elif answer.followed_up and answer.outcome is Outcome.ANSWER and \
                answer.reply.text == said and _VAGUE_FOLLOW_UP.match(text):
            # "hvad mener du med det?", "giv et eksempel", "og hvorfor?" right after an
            # answer: the same answer again, word for word, says nothing — say so
            key = "no_example" if _EXAMPLE.search(text) else "no_why" if _WHY.search(text) \
                else "said_all"
            await turn.send(dataclasses.replace(answer.reply, title=None, text=self.i18n.text(
                f"bot.{key}", answer.lang), lines=()))
        else:
            await turn.send(shortened(answer.reply, one=self._one_sentence(short))
                            if short is not None and answer.outcome is Outcome.ANSWER
                            else answer.reply)
        self._progress_shown.pop(incoming.place.key, None)
        if answer.outcome is Outcome.ANSWER:
            self._said[incoming.place.key] = answer.reply.text
            self._shown_reply[incoming.place.key] = answer.reply
            listed = self._items_of(answer.reply)
            if listed:  # (the list "og den tredje?", "og den sidste?" points into, also after
                # an item of it was shown)
                self._shown_list[incoming.place.key] = listed
        else:
            self._said.pop(incoming.place.key, None)
        self._viewed.pop(incoming.place.key, None)
        if answer.outcome is Outcome.ANSWER or answer.kind == "partial":
            self._answered[incoming.place.key] = (
                asked, previous if answer.followed_up else None)
            # a follow-up read with the question before it keeps pointing back to that one
            # (…unless it named a theme of its own: "og hvad med tema 3?" moves the talk to
            # theme 3, and "hvorfor?" after it asked about theme 1)
            self._asked[incoming.place.key] = previous if answer.followed_up and previous \
                and not named_themes(asked) else asked  # ("hvad er målet?" as the goal's
            # question it was answered as)
            if answer.followed_up and named_themes(asked) and answer.entry_id and \
                    answer.kind == "entry":
                # "og tema 3?" is kept as the question it was answered as, so that "hvad med
                # tema 4?" after it goes on from there (read alone, it got the four themes)
                entry = self.content.kb.entries.get(answer.entry_id)
                if entry is not None and entry.questions.get(answer.lang):
                    self._asked[incoming.place.key] = entry.questions[answer.lang][0]
            # a goal's own answer ("hvad er målet for sygefraværet?") keeps the talk on that
            # goal ("hvad ligger vi på nu i forhold til målet?"); any other moves it on
            goal = self._goal_of_entry.get(answer.entry_id or "")
            if goal is not None and answer.kind == "entry":
                self._shown_goal[incoming.place.key] = goal
            else:
                self._shown_goal.pop(incoming.place.key, None)
        self.metrics.turns.labels(channel, str(answer.outcome)).inc()
        self.metrics.answers.labels(str(answer.outcome), answer.lang).inc()
        log.info("answered", extra={"channel": channel, "outcome": str(answer.outcome),
                                    "entry": answer.entry_id, "score": round(answer.score, 3)})
        if self.questions is not None and self.questions.worth_keeping(answer):
            try:
                await self.questions.record([answer], channel)
            except Exception:  # the reply is out; a failed log must not fail the turn
                self.metrics.errors.labels("question_log").inc()
                log.exception("could not log an unanswered question")

    async def _remember(self, turn: Turn, *, installed_by: str | None = None,
                        lang: str | None = None, now: bool = False) -> int | None:
        """The stored conversation of this turn, remembered the first time it is seen (in
        this process) and when its language changes, so digests and reminders can be posted
        here later, in the language written here.

        Off the turn's path: the write goes to the background writer (and, for a personal
        chat, the roster look-up of the user's address to a task of its own) and the known id
        — or None the very first time — comes back at once. ``now`` (a subscription needs the
        id; an install records who installed) writes in the turn.
        """
        place = turn.incoming.place
        known = self._known.get(place.key)
        settled = known is not None and installed_by is None and lang in (None, known[1])
        if settled and known is not None and (known[0] is not None or not now):
            return known[0]
        if now or installed_by is not None or self.writer is None:
            email = await self.identity.email(turn) if place.kind == "personal" else None
            row = await self.conversations.remember(place, installed_by=installed_by,
                                                    user_email=email, lang=lang)
            self._known[place.key] = (row, lang or (known[1] if known else None))
            return row
        self._known[place.key] = (known[0] if known else None,
                                  lang or (known[1] if known else None))
        if known is not None and known[0] is not None and lang is not None:
            # only the language changed: one small update of the known row
            await self.writer.submit(self.conversations.relanguaging(known[0], lang))
            return known[0]
        # a personal chat's user address (for reminders) is read in the turn, which owns the
        # channel's connection: nothing is sent on the turn's behalf after it has ended
        email = None
        if place.kind == "personal" and known is None:
            try:
                email = await self.identity.email(turn)
            except Exception:  # the memory is kept without the address; a later turn adds it
                log.info("no address for the conversation's memory", exc_info=True)

        def remembered(row: int) -> None:
            self._known[place.key] = (row, lang or (self._known.get(place.key) or (0, None))[1])

        await self.writer.submit(self.conversations.remembering(
            place, user_email=email, lang=lang, then=remembered))
        return known[0] if known else None

    @contextlib.asynccontextmanager
    async def _privately(self, turn: Turn, lang: str) -> AsyncIterator[Turn | None]:
        """The turn moved to the user's one-to-one chat and, once the private reply is
        sent, a short note in the channel ("I have written to you privately"); None (and a
        note saying how) when the chat cannot be opened."""
        try:
            private = await turn.private()
        except ChannelError:
            log.warning("could not open a one-to-one chat", exc_info=True)
            private = None
        if private is None:
            await turn.send(Reply(lang=lang, text=self.i18n.text("bot.private_failed", lang)))
            yield None
            return
        yield private
        await turn.send(Reply(lang=lang, text=self.i18n.text("bot.moved_private", lang)))

    PAGE_QUOTED = 300
    """a page of one section with no more text than this is quoted whole"""

    def _page(self, number: int, lang: str) -> Reply:
        """What one page of the strategy holds: its sections, and its topics as buttons."""
        kb = self.content.kb
        pages = kb.strategy.pages
        if number > pages or number < 1:
            return Reply(lang=lang, text=self.i18n.text("bot.page_beyond", lang, pages=pages),
                         outcome=Outcome.ANSWER)
        found = [p for p in kb.passages if p.pages[0] == number] or [
            p for p in kb.passages if number in p.pages]  # (a sentence repeated under every
        # theme, filed under theme 1's heading, is no "Tema 1" on page 8)
        if not found:
            return Reply(lang=lang, text=self.i18n.text("bot.page_none", lang, page=number,
                                                        pages=pages), outcome=Outcome.ANSWER)
        sections = list(dict.fromkeys(p.section["da"] for p in found))
        entries = [kb.entries[e] for e in dict.fromkeys(p.entry for p in found if p.entry)
                   if e in kb.entries]
        document = kb.strategy.document.get(lang)
        quote = " ".join(p.text for p in found)
        if len(sections) == 1 and len(quote) <= self.PAGE_QUOTED:
            # the cover holds a title, the back page an address: its words, not "Forside"
            return Reply(lang=lang, title=self.i18n.text("bot.page_title", lang, page=number,
                                                         document=document),
                         text=self.i18n.text("bot.page_quote", lang, page=number, quote=quote,
                                             section=found[0].section.get(lang) or sections[0]),
                         actions=tuple(self.engine.ask_action(e, lang) for e in entries[:6]),
                         outcome=Outcome.ANSWER)
        return Reply(lang=lang, title=self.i18n.text("bot.page_title", lang, page=number,
                                                     document=document),
                     text=self.i18n.text("bot.page_text", lang, page=number),
                     lines=tuple(sections),
                     actions=tuple(self.engine.ask_action(e, lang) for e in entries[:6]),
                     outcome=Outcome.ANSWER)

    async def _about_reporting(self, turn: Turn, lang: str) -> Reply:
        try:
            reporter = await self._asker(turn)
        except Exception:  # the answer must come even when the roster or database does not
            log.warning("reporting question without knowing the user", exc_info=True)
            reporter = None
        return about_reporting(self.i18n, self.content.kb, lang, reporter=reporter,
                               shared=turn.incoming.place.kind != "personal",
                               today=self.checkins.clock.today())

    async def _help(self, turn: Turn, lang: str, *, welcome: bool = False,
                    email: str | None = None) -> Reply:
        """The whole bot, for this user here."""
        place = turn.incoming.place
        reporter = None
        try:
            email = email or await self.identity.email(turn)
            reporter = await self.checkins.reporter(email) if email else None
        except Exception:  # help must answer even when the roster or database does not
            log.warning("help without knowing the user", exc_info=True)
        return help_reply(self.i18n, self.content.kb, lang, reporter=reporter,
                          shared=place.kind != "personal", today=self.checkins.clock.today(),
                          welcome=welcome)

    # ------------------------------------------------------------ reading a text (memoised)
    def _report_then_question(self, text: str, reading: Reading,
                              lang: str) -> tuple[str, str] | None:
        """A one-liner, then a question in the same message ("sygefravær 12,4 @cpks-01 –
        hvordan ligger vi ift målet?", "vores sygefravær er 12,5 nu, er det under målet?"):
        (the one-liner, the question); None when the message is not so."""
        if reading.kind == "report":
            return None
        for found in _REPORT_THEN.finditer(text):
            head, tail = text[:found.start()].strip(), text[found.end():].strip()
            if not head or not tail:
                continue
            if not (tail.endswith("?") or looks_like_question(tail, self.question_words)):
                continue
            read = self._read(head, lang)
            if read.kind == "bad-value" and read.unsure:
                # ("sygefravær 12,7 tror jeg – er vi under målet?": "intet er gemt", then the
                # answer — the question alone was answered, with no word of the figure; the
                # "jeg" of "tror jeg" is no line about oneself)
                return head, tail
            if _FIRST_PERSON.search(head):
                continue  # ("jeg har været syg i 3 dage, hvad gør jeg": one's own case)
            if read.kind == "report":
                return head, tail
        return None

    @staticmethod
    def _counts_other(text: str) -> bool:
        """Whether a question counts something the goals' figures do not ("hvor mange sider
        er strategien?", "how many hours …?"): every goal's figures answer none of them."""
        counted = asked(text).counted
        return bool(counted) and not fold(counted).startswith(_PROGRESS_NOUNS)

    def _strategy_answers(self, text: str, locale: str | None) -> bool:
        """Whether the strategy itself answers a question that a goal's figures were shown
        before: another entry than a goal's ("hvor mange fokusområder har den?" after the
        digitalisation goal: „fire fokusområder“), or where a figure comes from ("hvor kommer
        tallet 14,9 fra?") — not "hvad ligger vi på lige nu i forhold til målet?", which the
        goal's own entry answers."""
        if asked(text).source:
            return True
        answer = self._answer(text, locale)
        return answer.outcome is Outcome.ANSWER and answer.kind in ("entry", "passage") and \
            answer.entry_id is not None and answer.entry_id not in self._goal_entries

    def _answer(self, text: str, locale: str | None, previous: str | None = None, *,
                lang: str | None = None) -> Answer:
        overlay = self.engine.overlay
        if overlay is not self._memo_overlay:  # a review decision: answers may change
            self.memo.clear()
            self._memo_overlay = overlay
        if previous is not None and not self._follows_up(text) and not (
                claimed_figures(text) and asks_to_confirm(text)):
            # (a figure to confirm keeps it: "målet er 12 dage, ikke?" right after the
            # sick-leave goal is that goal's, when its own words name none)
            previous = None
        # a unit's code says for whom, never what about ("målet er 12 … @CPKS-01" is no
        # question about CPKS)
        text = _UNIT_CODE.sub(" ", text).strip() or text
        answer: Answer = self.memo.get(
            ("answer", text, locale or "", previous or "", lang or ""),
            lambda: self.engine.answer(text, hint=locale, previous=previous, lang=lang))
        return answer

    def _items_of(self, reply: Reply) -> tuple[str, ...]:
        """The items of a list a reply shows (its "- " lines, its lines, or "Der er 5: Udsyn,
        Forandringsparathed, … og Professionel ledelse.")."""
        items = [line[2:] for line in reply.text.splitlines() if line.startswith("- ")] or \
            list(reply.lines)
        named = self.named_list.match(reply.text)
        if not items and named:
            items = _LIST_JOINS.split(named.group(1))
        return tuple(items) if len(items) >= 2 else ()

    def _ordinal(self, word: str) -> int | None:
        """The place a (folded) word gives: "3", "2nd", "tredje", "third" (and "andet" as "anden",
        by its first four letters), -1 for "sidste"/"last"; None otherwise."""
        numeral = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word)  # "3", "2nd"
        if numeral:
            return int(numeral.group(1))
        if len(word) < 4:
            return None
        return next((n for said, n in self.ordinals.items() if said[:4] == word[:4]), None)

    def _listed_item(self, place: str, text: str) -> str | None:
        """The item of the list just shown that "og den anden?", "and the third one?", "nr
        2?" point to (the item's own words, to be asked about); None otherwise."""
        said = fold_text(text).split()
        said = [w for w in said if w not in _ORDINAL_FILLERS]
        if not said or len(said) > 2:
            return None
        numbers = [self._ordinal(w) for w in said]
        number = next((n for n in numbers if n is not None), None)
        if number is None or not all(n is not None or w in ("nr", "no", "nummer", "number")
                                     for w, n in zip(said, numbers, strict=True)):
            return None
        items = list(self._shown_list.get(place, ()))
        if number < 0:  # "og den sidste?"
            number = len(items)
        if len(items) < 2 or number > len(items):
            return None
        # (its name: "Tema 2", "A more fragmented attachment to the labour market", not
        # its explanation after a colon, a dash or a parenthesis)
        return re.split(r":|\s[–—-]\s|\s\(", items[number - 1].replace("**", ""))[0].strip(" .")

    def _follows_up(self, text: str) -> bool:
        found: bool = self.memo.get(("follows up", text), lambda: self.engine.follows_up(text))
        return found

    def _read(self, text: str, lang: str) -> Reading:
        reading: Reading = self.memo.get(("read", text, lang),
                                         lambda: self.content.oneliners.read(text, lang))
        return reading

    def _command_in(self, text: str) -> tuple[str, str | None] | None:
        found: tuple[str, str | None] | None = self.memo.get(
            ("command", text), lambda: self.commands.match(text))
        return found

    def _command_language(self, text: str) -> str | None:
        found: str | None = self.memo.get(("command language", text),
                                          lambda: self.commands.language(text))
        return found

    def _small_talk(self, text: str) -> tuple[str, str] | None:
        found: tuple[str, str] | None = self.memo.get(
            ("small talk", text), lambda: self.small_talk.match(text))
        return found

    def _subscriptions_note(self, lang: str) -> str | None:
        """Under the subscription list after the strategy's period: digests have stopped."""
        if self.checkins.phase not in (Phase.CLOSING, Phase.ENDED):
            return None
        period = self.content.kb.strategy.period
        key = "ended" if self.checkins.phase is Phase.ENDED else "closing"
        return self.i18n.text(f"progress.subscriptions.period_{key}", lang,
                              end=self.i18n.date(period.end, lang),
                              closes=self.i18n.date(period.closes, lang))

    # ------------------------------------------------------------------ check-ins
    async def _checkin_turn(self, turn: Turn, conversation: int | None, text: str,
                            lang: str, *, forced: bool = False) -> bool:
        """Handle the turn if it is about check-ins, progress or subscriptions; False for a
        question."""
        # (a two-unit line's values: only the very next message may swap them — a later
        # "omvendt" swapped an older line, and lost the newer one's figure)
        pair = self._pair.pop(turn.incoming.place.key, None)
        snapshot = await self.flow.snapshot(turn)  # one read for the turn's flow states
        pending = await self.flow.pending_confirmation(turn, snapshot)
        if pending is not None and await self.flow.confirm(turn, pending):
            figure = self.flow.confirmed_figure(turn, pending)
            if figure is not None:  # "nej vent, det var 12,2" right after the yes corrects it
                goal, subject, after = figure
                self._saved[turn.incoming.place.key] = _Saved(goal, (subject,), after)
            return True  # "er du sikker?" answered
        meant = self.flow.corrected_figure(text) if pending is not None else None
        if pending is not None and meant is not None and await self._goal_line(
                turn, str(pending.data["jump"][0]), meant, str(pending.data["subject"]["code"]),
                lang):
            # "nej det var en tastefejl, 11,9" to "Er du sikker? … nu 1,9": the figure meant,
            # for the same goal and unit (it was "Jeg gemte ikke …" and a refusal)
            return True
        if self.flow.all_to_undo(turn, text):
            reporter = await self._reporter(turn, lang)
            if reporter is not None:
                await self.flow.undo_all_last(turn, reporter, lang)
            return True
        if self.flow.undo_pending(turn) and self._command_in(text) is None:
            reporter = await self._reporter(turn, lang)
            if reporter is not None and await self.flow.undo_named_of(turn, reporter, text,
                                                                      lang):
                return True  # "kun kom" to "Vil du fortryde dem alle, eller kun én?"
        line_waiting = self.flow.choice_waiting(turn, snapshot)
        if line_waiting is not None and (waiting_goal := self._read(line_waiting, lang).goal_id):
            asker = await self._asker(turn)
            own = self._unit_pieces(text, lang, asker.subjects if asker else (), waiting_goal)
            if own:  # "begge to, S&A har 11,4 og kommunikation 12,7" to "which unit?" after
                # "sygefravær 11,4": each unit's own figure (it saved S&A's, and lost the other)
                await self.flow.drop_choice(turn, snapshot)
                for n, (said, read) in enumerate(own):
                    await self._reading(_Part(turn, n), read, said, lang)
                return True
        chosen, done, asked_in = await self.flow.chosen(turn, snapshot)
        if chosen:  # "begge to" is no English: the question's language
            lang = asked_in or lang
        for n, line in enumerate(chosen):  # "which unit?" answered by typing it, or "begge"
            # each unit's save is a message of its own (a redelivery is still saved once)
            part = _Part(turn, n) if len(chosen) > 1 else turn
            picked = self._command_in(line)  # "årsværk 15 @CPKS-02"
            pieces = self._goal_pieces(line, lang) if picked is None else []
            if picked is not None:
                await self._command(part, conversation, picked, lang)
            elif pieces:  # "sygefravær 12,8 og RK færdig @CPKS-01": each goal's line
                for m, (said, read) in enumerate(pieces):
                    await self._reading(_Part(part, m), read, said, lang)
            else:
                await self._reading(part, self._read(line, lang), line, lang)
        if chosen or done:
            if chosen and not turn.forms:  # a step-by-step check-in waited meanwhile
                waiting = await self.flow.active(turn, snapshot)
                if waiting is not None:
                    await self.flow.reprompt(turn, waiting, going_on=True)
            return True
        value = turn.incoming.value
        ours = value.get("strategibot") if isinstance(value, dict) else None
        if isinstance(value, dict) and isinstance(ours, dict) and \
                ours.get("kind") == "checkin-form":
            form_lang = str(ours["lang"]) if ours.get("lang") in ("da", "en") else lang
            reporter = await self._reporter(turn, form_lang)
            if reporter is not None:
                await self.flow.form_submitted(turn, reporter, value, form_lang)
            return True
        command = self._command_in(text)
        if not forced:  # ("… in English please": English, whatever the command's words)
            lang = self._command_language(text) or lang  # "indrapporter" is Danish
        stored = None if turn.forms else await self.flow.active(turn, snapshot)
        if stored is not None:
            await self._in_flow(turn, conversation, stored, command, text, lang)
            return True
        if command is None and await self.flow.stale_button(turn, text, snapshot):
            return True
        # ("næste" right after a page is the next page, not a flow's word)
        paged = self.page_questions.page(
            text, self._page_shown.get(turn.incoming.place.key)) is not None
        if command is None and self._answer_word(text) and not paged:
            # "ja", "fortsæt", "start forfra" with nothing asked: say so, never a refusal
            await turn.send(Reply(lang=lang, text=self.content.flows.text("nothing_pending",
                                                                          lang)))
            return True
        if command is None and self.content.flows.control(text) is not None and not paged:
            # "afbryd", "spring over" with no check-in open: say so
            await turn.send(Reply(lang=lang, text=self.content.flows.text("nothing_open", lang)))
            return True
        if command is None and (self._small_talk(text) or ("",))[0] in ("thanks", "bye"):
            return False  # "tak for nu" was read as a question for the live figures ("nu")
        if command is None and _NUMBER_FOLLOW_UP.fullmatch(text.strip()) and \
                _THEME_NUMBER.search(self._asked.get(turn.incoming.place.key) or ""):
            return False  # "and number 3?" after theme 1 is theme 3 (it got the live figures)
        first, _stop, rest = text.partition(". ")
        if command is None and rest.strip() and await self._only_one_of(turn, first, lang):
            # "undskyld, kun i kommunikation. S&A har ikke rekrutteret i år": the other unit's
            # report undone, then the rest is a line of its own (it was saved for
            # Kommunikation, the unit named first)
            part = _Part(turn, 1, rest.strip())
            if not await self._checkin_turn(part, conversation, rest.strip(), lang) and \
                    not await self._rest_for_goal(part, rest.strip(), lang):
                await part.send(self._answer(rest.strip(), turn.incoming.locale).reply)
            return True
        if command is None and pair is not None and "?" not in text and any(
                f" {fold_text(w)} " in f" {fold_text(text)} "
                for w in self.content.flows.words.get("swapped", ())):
            # "nej omvendt", "byt om" right after a line for two units: each unit's value is
            # the other's (it was answered with the goal's text)
            reporter = await self._reporter(turn, lang)
            if reporter is None:
                return True
            (left, left_new), (right, right_new) = pair
            for n, (read, value, new) in enumerate(((left, right.value, left_new),
                                                    (right, left.value, right_new))):
                # (a unit the line saved nothing new for gets a new report: its older one
                # was no slip — "nej omvendt" corrected S&A's report from April, and undoing
                # the swap then left S&A with none)
                await self.flow.one_liner(_Part(turn, n), reporter, OneLiner(
                    str(read.goal_id), dict(value or {}), read.unit, read.theme), text, lang,
                    correction=new)
            return True
        last = await self._last_saved(turn)
        if command is None and last is not None and last.value and \
                self.content.flows.goals[last.goal].multiple and self.flow.corrects(text):
            # "nej vent fremtidsværkstedet er også evalueret" right after it was saved: that
            # form's answer corrected (it was read as a new form, "vent fremtidsværkstedet")
            name = next((v for v in last.value.values() if isinstance(v, str)), "")
            if name and fold_text(name) in fold_text(text) and \
                    await self._corrected_flag(turn, last, text, lang):
                return True
        reading = self._read(text, lang)
        if command is None and last is not None and reading.goal_id != last.goal and \
                self.flow.is_correction(text) and (
                    await self._theme_moved(turn, last, text, lang) or
                    await self._corrected_initiative(turn, last, text, lang)):
            # "nej vent, kald den 'Kompetenceplan 2020'" after "tema 3: …": the initiative
            # renamed (its "nej" and "Kompetence…" saved competence needs as "Ikke endnu")
            return True
        if reading.kind == "other" and command is None:
            text, reading = self._remark_then_report(text, reading, lang)
        if reading.kind == "other" and command is None and not _CODE_AT.search(text):
            # "kom har afprøvet et dialogmøde med borgerne og evalueret det", "kommunikation
            # har holdt et borgermøde, det er evalueret": the unit's line, said of it as "vi"
            # (it was answered from the strategy, and nothing saved)
            text, reading = await self._unit_first(turn, text, reading, lang)
        if reading.kind == "other" and command is None and not _CODE_AT.search(text) and (
                any(c.isdigit() for c in text) or _SHORT_UNIT.search(text)):
            # ("S&A har kun afprøvet borgermøde, ikke evalueret endnu": without its unit, a
            # line — nothing was saved)
            text, reading = await self._unit_apart(turn, text, reading, lang)
        elif reading.kind == "report" and command is None and not reading.unit and \
                not _CODE_AT.search(text) and (
                    apart := await self._clipped_apart(turn, text, reading, lang))[1] \
                is not reading:
            # "sygefravær kom 13,3": Kommunikation's (it asked which unit, and "og S&A er
            # 11,8" next was taken as the answer: 13,3 was saved for S&A); "sygefr 12,7 kom",
            # "borgermoede afproevet kom", "kom har rekrutteret …" too
            text, reading = apart
        elif reading.kind == "report" and command is None and not _CODE_AT.search(text) and \
                any(isinstance(v, str) and len(v.split()) == 1 for v in (reading.value or {}
                                                                       ).values()):
            # "borgerinddragelse kom.: dialogmøde kun afprøvet": "kom" is the unit, not the
            # form (it was saved as a form named "kom" after "which unit?")
            asker = await self._asker(turn)
            name = next(v for v in (reading.value or {}).values() if isinstance(v, str))
            if asker is not None and len(asker.subjects) > 1 and any(
                    fold_text(s.name).startswith(fold_text(name)) for s in asker.subjects):
                text, reading = await self._unit_apart(turn, text, reading, lang)
        split = self._report_then_question(text, reading, lang) if command is None else None
        asker = await self._asker(turn) if split is not None else None
        if split is not None and asker is not None and asker.may_report:
            # "sygefravær 12,4 @cpks-01 – hvordan ligger vi ift målet?": the figure is saved
            # (it was lost without a word), then the question is answered
            head, tail = split
            if not await self._checkin_turn(_Part(turn, 0, head), conversation, head, lang):
                return False
            about = self._read(head, lang).goal_id
            if about is not None:  # (the question is about the goal the line named, saved
                # or not: "sygefravær 12,7 tror jeg – er vi under målet?")
                self._shown_goal[turn.incoming.place.key] = about
            if await self.flow.choosing(turn):
                # "vi har prøvet borgermøde og evalueret det, hvad tæller som evalueret?" from
                # the leader of two units: "which unit?" waits for its answer; the question is
                # answered from the strategy beside it (read as the answer, it dropped the line)
                answer = self._answer(tail, lang)
                await turn.send(dataclasses.replace(answer.reply, actions=()))
            elif await self.flow.pending_confirmation(turn, None) is None:
                # (an "Er du sikker?" for the figure waits for its yes: the question would
                # drop it, and the figure with it)
                await self._message(_Part(turn, 1, tail))
            return True
        if reading.kind not in ("report", "bad-value") and (
                await self._goal_missing(turn, text, lang) or (
                    # ("Jeg vil gerne se, hvad vi tidligere har indrapporteret for Budget og
                    # Regnskab": the history, not the centre's progress)
                    (command is None or command[0] != "history")
                    and await self._centre(turn, text, lang))):
            return True
        if command is not None:
            await self._command(turn, conversation, command, lang)
            return True
        asker = await self._asker(turn) if reading.kind in ("report", "bad-value") else None
        labelled = self._unit_labelled(text, asker.subjects) if asker and ":" in text else []
        if labelled:
            # "S&A: RK færdig og sygefravær 12,8, kom: RK i gang og sygefravær 11,9": each
            # unit's part, each goal of it (it saved S&A's RK as "I gang", and lost the rest)
            n = 0
            for segment, code in labelled:
                line = f"{segment} @{code}"
                for said, read in self._goal_pieces(line, lang) or [(line,
                                                                     self._read(line, lang))]:
                    await self._reading(_Part(turn, n), read, said, lang)
                    n += 1
            return True
        swapped = _SWAPPED_AFTER.search(text) if asker and len(asker.subjects) > 1 else None
        own = self._unit_pieces(text[:swapped.start()] if swapped else text, lang,
                                asker.subjects, reading.goal_id) \
            if asker and reading.goal_id and len(asker.subjects) > 1 else []
        if swapped and len(own) == 2:
            # "sygefravær S&A 12, kom 13 - nej omvendt": the line corrected in the same
            # message, each unit the other's value (it was saved as written)
            (first, one), (second, other) = own
            own = [(first, dataclasses.replace(one, value=other.value)),
                   (second, dataclasses.replace(other, value=one.value))]
        if own:  # "sygefravær S&A 11,4 og kommunikation 12,7": each unit's figure (it was
            # "skriv ét tal", or asked which unit and the answer saved one value for both)
            new_units: list[list[Subject]] = []
            for n, (said, read) in enumerate(own):
                new_units.append([])
                await self._reading(_Part(turn, n), read, said, lang, stored_new=new_units[-1])
            if len(own) == 2 and own[0][1].value != own[1][1].value:
                self._pair[turn.incoming.place.key] = ((own[0][1], bool(new_units[0])),
                                                       (own[1][1], bool(new_units[1])))
            return True
        pieces = self._goal_pieces(text, lang) if reading.kind in ("report", "bad-value") \
            else []
        if pieces:  # "sygefravær 12,8 og RK færdig": each goal's line (the second was lost)
            if asker is not None and await self.flow.closed(turn, asker, lang):
                return True  # after the period: said once, not once per goal
            units = [s for s in asker.subjects if s.kind == "unit"] if asker else []
            named = named_in(text, units)
            each = [named_first(line, units) for line, _ in pieces]
            if len(units) > 1 and not _CODE_AT.search(text) and all(
                    len(n) == 1 for n in each) and (len(named) != 1 or len(
                    {n[0].code for n in each}) > 1):
                # "RK færdig S&A, sygefr kom. 12,0": each goal's own unit (the whole line was
                # asked which, and the answer saved one unit's figure over another's)
                pieces = [(f"{line} @{n[0].code}", self._read(f"{line} @{n[0].code}", lang))
                          for (line, _), n in zip(pieces, each, strict=True)]
            elif len(units) > 1 and not _CODE_AT.search(text) and len(named) == 1:
                # "sygefravær 11,4 og RK i gang i strategi og analyse": the unit named once is
                # every goal's (the first one was asked which, and lost)
                pieces = [(f"{line} @{named[0].code}", self._read(f"{line} @{named[0].code}",
                                                                   lang))
                          for line, _ in pieces]
            elif len(units) > 1 and not _CODE_AT.search(text) and not named:
                # a leader of several units: which one, once for the whole line (each piece
                # asked again, and the answer kept only the last)
                await self.flow.ask_which(turn, units, lambda u: f"{text} @{u.code}", lang)
                return True
            for n, (line, piece) in enumerate(pieces):
                await self._reading(_Part(turn, n), piece, line, lang)
            return True
        return await self._reading(turn, reading, text, lang)

    def _goal_pieces(self, text: str, lang: str) -> list[tuple[str, Reading]]:
        """The one-liners of a line for several goals ("sygefravær 12,8 og RK færdig", "RK
        færdig, sygefravær 12,1 @CPKS-01"), each with its reading; [] for a line about one
        goal (its forms, its figure) or with anything besides (one goal for two units is
        :meth:`_unit_pieces`')."""
        code = _CODE_AT.search(text)
        body = text[:code.start()] if code else text
        # a piece that is no goal's line by itself belongs to the one before ("borgerpanel
        # afprøvet *og evalueret*")
        lines: list[str] = []
        start = 0
        for match in [*_GOALS_JOINED.finditer(body), None]:
            end = match.start() if match else len(body)
            segment = body[start:end].strip()
            if segment:
                alone = self._read(segment, lang)
                if lines and not (alone.kind in ("report", "bad-value") and alone.goal_id):
                    lines[-1] = body[body.index(lines[-1]):end].strip()
                else:
                    lines.append(segment)
            start = match.end() if match else len(body)
        if len(lines) < 2:
            return []
        if code:  # (a part with a code of its own keeps it: "RK i gang @CPKS-01 og
            # sygefravær 12,4 @CPKS-02" saved the first part for CPKS-02)
            lines = [line if _CODE_IN.search(line) else f"{line} {code.group().strip()}"
                     for line in lines]
        pieces = [(line, self._read(line, lang)) for line in lines]
        if any(p.kind not in ("report", "bad-value") or not p.goal_id for _, p in pieces):
            return []
        first = pieces[0][1]
        if first.theme is not None and any(p.theme is None for _, p in pieces[1:]):
            # "theme 2: wellbeing survey and sick leave talks": a theme's initiative runs to
            # the end of the line (it was cut at "and", and "sick leave talks" asked for a
            # figure); "tema 1: RK-forløb, tema 2: trivsel" are two themes' lines
            return []
        goals = [(p.goal_id, p.theme) for _, p in pieces]
        return pieces if len(set(goals)) == len(goals) else []

    async def _unit_first(self, turn: Turn, text: str, reading: Reading,
                          lang: str) -> tuple[str, Reading]:
        """A line that begins with one of the asker's units, named in full or clipped, and
        "har"/"er"/"has"/"is" ("kom har afprøvet …"): read as "vi har afprøvet …" for that
        unit; ``text`` and ``reading`` as they were otherwise."""
        said = text.split()
        if len(said) < 3 or "?" in text:
            return text, reading
        asker = await self._asker(turn)
        if asker is None:
            return text, reading
        folded = fold_text(text).split()
        for unit in asker.subjects:
            name = fold_text(unit.name).split()
            # (in full, or clipped: "kom har …")
            size = len(name) if folded[:len(name)] == name else \
                1 if named_first(said[0], [unit]) == [unit] else 0
            if not size or size >= len(said) or folded[size] not in _UNIT_THEN:
                continue
            line = f"{'we' if lang == 'en' else 'vi'} {' '.join(said[size:])} @{unit.code}"
            apart = self._read(line, lang)
            if apart.kind in ("report", "bad-value"):
                return line, apart
        return text, reading

    async def _unit_apart(self, turn: Turn, text: str, reading: Reading,
                          lang: str) -> tuple[str, Reading]:
        """"sygefravær 12 S&A", "sygefravær 12 kom.": the line without the unit it names, for
        that unit ("12 S&A" read as twelve of something, and the line was answered from the
        strategy); ``text`` and ``reading`` as they were otherwise."""
        asker = await self._asker(turn)
        named = named_in(text, asker.subjects) if asker else []
        alls = {fold_text(w) for w in self.content.flows.words.get("all_units", ())}
        if not named and asker and len(asker.subjects) > 1 and \
                {fold_text(w) for w in text.split()} & alls:
            # "sygefr 12 begge": the line for all of them ("12 begge" was twelve of
            # something)
            bare = " ".join(w for w in text.split() if fold_text(w) not in alls)
            line = f"{bare} i {self.content.flows.words['all_units'][0]}"
            apart = self._read(bare, lang)
            return (line, self._read(line, lang)) if apart.kind in ("report", "bad-value") \
                else (text, reading)
        if not named and asker and len(asker.subjects) > 1 and len(_FIGURE.findall(text)) == 1:
            # "sygefravær 13 kom": a whole figure and a unit's name clipped, last ("13 kom"
            # was read as thirteen of something, and the line answered from the strategy)
            said = text.split()
            last = named_first(said[-1], asker.subjects) if len(said) > 2 else []
            if len(last) == 1:
                line = f"{' '.join(said[:-1])} @{last[0].code}"
                apart = self._read(line, lang)
                return (line, apart) if apart.kind in ("report", "bad-value") else (
                    text, reading)
        if len(named) != 1:
            return text, reading
        line = f"{without_named(text, named[0])} @{named[0].code}"
        apart = self._read(line, lang)
        return (line, apart) if apart.kind in ("report", "bad-value") else (text, reading)

    async def _clipped_apart(self, turn: Turn, text: str, reading: Reading,
                             lang: str) -> tuple[str, Reading]:
        """"sygefravær kom 13,3": a unit's name clipped without its full stop between the
        goal and the line's one figure, for that unit ("kom" is a verb elsewhere: only where
        the rest reads as a line); ``text`` and ``reading`` as they were otherwise."""
        asker = await self._asker(turn)
        # ("12 komma 4 i sygefravær for kom": one figure, in words between its digits)
        if asker is None or len(asker.subjects) < 2 or len(_FIGURE.findall(
                _DIGITS_KOMMA.sub(r"\1,\2", text))) > 1 or named_in(text, asker.subjects):
            return text, reading
        alls = self.content.flows.words.get("all_units", ())
        said = text.split()
        folded_alls = {fold_text(w) for w in alls}
        if len(said) > 1 and fold_text(said[0].rstrip(":,")) in folded_alls:
            said = [*said[1:], said[0]]  # "begge rk faerdig": as "rk faerdig begge"
        if said and fold_text(said[-1].rstrip(".!")) in folded_alls:
            # "sygefr 13,5 begge": last in the line, all the leader's units (it asked which)
            line = f"{' '.join(said[:-1])} i {alls[0]}"
            apart = self._read(line, lang)
            if apart.kind == "report" and apart.goal_id == reading.goal_id:
                return line, apart
        def clips(word: str, unit: Subject) -> bool:  # "kom" of "Kommunikation"
            head = fold_text(unit.name.split()[0])
            word = word.rstrip(",;:")
            return len(word) >= 3 and word.isalpha() and head.startswith(fold_text(word)) \
                and head != fold_text(word)

        said = text.split()
        # where a clipped name is no verb ("vi kom i gang" is): between the goal and the one
        # figure, last in the line (or before a dash or a question: "sygefr 12,7 kom - er
        # det under målet?"), or first before "har"/"er"
        ends = {n for n, w in enumerate(said) if n == len(said) - 1 or w.endswith((",", ";"))
                or said[n + 1] in ("-", "–", "—") or said[n + 1].endswith("?")}
        places = ({*range(1, len(said) - 1)} if _FIGURE.search(text) else set()) | ends | (
            {0} if len(said) > 1 and (fold_text(said[1]) in _UNIT_THEN or (
                said[0].rstrip(":,") != said[0] or fold_text(said[1]) not in _VERB_THEN))
            else set())
        named = [s for s in asker.subjects
                 if any(clips(said[n], s) for n in places if n < len(said))]
        if len(named) != 1:
            return text, reading
        line = " ".join(w for n, w in enumerate(said)
                        if not (n in places and clips(w, named[0])))
        line = f"{line} @{named[0].code}"
        apart = self._read(line, lang)
        return (line, apart) if apart.kind == "report" and apart.goal_id == reading.goal_id \
            else (text, reading)

    @staticmethod
    def _unit_labelled(text: str, subjects: Sequence[Subject]) -> list[tuple[str, str]]:
        """A line in parts each labelled with a unit ("S&A: …, kom: …"): (the part, the
        unit's code) for each; [] unless the line begins with a label and at least two
        different units label its parts."""
        units = [s for s in subjects if s.kind == "unit"]
        labels: list[tuple[int, int, str]] = []  # (start, end, code)
        for match in _LABEL.finditer(text):
            said = match.group(1).strip()
            named = [u for u in units if fold_text(u.name) == fold_text(said)
                     or fold_text(u.code) == fold_text(said)] or named_first(said, units)
            if len(named) == 1 and len(said.split()) <= len(named[0].name.split()):
                labels.append((match.start(1), match.end(), named[0].code))
        if len(labels) < 2 or len({code for *_, code in labels}) != len(labels) or \
                text[:labels[0][0]].strip():
            return []
        return [(text[end:labels[i + 1][0] if i + 1 < len(labels) else len(text)].strip(
            " ,;.–-"), code) for i, (_start, end, code) in enumerate(labels)]

    def _unit_pieces(self, text: str, lang: str, subjects: Sequence[Subject],
                     goal: str) -> list[tuple[str, Reading]]:
        """A value for each of several units on one line ("sygefravær S&A 11,4 og
        kommunikation 12,7", "12,4 i sygefravær hos S&A og 11 hos kom.", "RK færdig S&A, i
        gang i kom."): each unit's own one-liner for ``goal``; [] unless every part that says
        something names one unit of its own."""
        flow = self.content.flows.goals.get(goal)
        if flow is None or _CODE_AT.search(text):
            return []
        units = [s for s in subjects if s.kind == flow.applies_to]
        for unit in units:  # ("Strategi og Analyse" holds the "og" the parts are split at)
            text = re.sub(rf"(?<!\w){re.escape(unit.name)}(?!\w)", unit.code, text,
                          flags=re.IGNORECASE)
        parts = [p.strip() for p in _GOALS_JOINED.split(text) if p and p.strip()]
        if len(parts) < 2:  # "sygefravær S&A 13,2 kom. 10,5": parted after each figure
            parts = [p.strip() for p in _AFTER_FIGURE.split(text) if p and p.strip()]
        named = [named_first(p, units) for p in parts]
        said = [(p, n) for p, n in zip(parts, named, strict=True) if n]
        if len(units) < 2 or len(said) < 2 or any(len(n) != 1 for _, n in said) or len(
                {n[0].code for _, n in said}) != len(said):
            return []
        key = (flow.keys.get(lang) or next(iter(flow.keys.values())))[0]
        pieces = []
        before = ""  # the last part's words without its unit
        for part, n in zip(parts, named, strict=True):
            if not n:  # "begge to", "sygefravær:" — a part that says nothing of its own
                if self._read(f"{key} {part}", lang).kind == "report":
                    return []  # (a value without a unit: which unit is not said)
                continue
            body = without_named(part, n[0]).strip(" ,.")
            elided = _ELIDED.match(body)
            if elided and before:
                # "S&A har rekrutteret i år, kom. har ikke": the other's words, denied
                earlier = before.split()
                part = " ".join([*earlier[:1], elided.group(1), *earlier[1:]]) \
                    if earlier and fold_text(earlier[0]) in _AUXILIARIES \
                    else f"{elided.group(1)} {before}"
            else:
                before = body
            line = part if self._read(part, lang).goal_id == goal else f"{key} {part}"
            line = f"{line} @{n[0].code}"
            read = self._read(line, lang)
            if read.kind != "report" or read.goal_id != goal:
                return []
            pieces.append((line, read))
        return pieces

    def _remark_then_report(self, text: str, reading: Reading,
                            lang: str) -> tuple[str, Reading]:
        """"hov, tema 3 skulle blive! tema 3: onboarding for nye": the last sentence is a
        one-liner, and those before it remark on it (the line was answered from the
        strategy, and the initiative was lost); ``text`` and ``reading`` as they were
        otherwise."""
        said = [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]
        if len(said) < 2:
            return text, reading
        last = self._read(said[-1], lang)
        if last.kind != "report" or any(
                "?" in p or self._read(p, lang).kind != "other" for p in said[:-1]):
            return text, reading
        return said[-1], last

    def _statuses_asked(self, text: str, *, again: bool) -> list[str]:
        """The statuses a message asks the meaning of, part by part ("what does at risk mean?
        and behind?"), or one named alone right after a status was explained (``again``: "and
        behind?", "og bagud?"); [] unless every part asks one."""
        parts = [p.strip() for p in re.split(r"\?\s*", text) if p.strip(" .!")]
        found: list[str] = []
        for part in parts:
            meant = self._status_meant(part)
            if meant is None and (found or again):
                rest = _AND_THEN.sub("", part).strip(" .!")
                said = skeleton(fold_text(rest))
                meant = next((status for status, label in self.status_labels
                              if said == skeleton(label)), None)
            if meant is None:
                return []
            found.append(meant)
        return list(dict.fromkeys(found)) if len(found) > 1 or (found and again) else []

    def _statuses_compared(self, text: str) -> list[str]:
        """The statuses a question compares ("forskellen på I risiko og bagud", "difference
        between at risk and behind"), in the order written; [] unless it asks a difference of
        two or more."""
        folded = f" {fold_text(text)} "
        if not any(w in folded for w in (" forskel", " difference", " differ")):
            return []
        found = sorted({(folded.find(f" {label} "), status) for status, label in
                        self.status_labels if f" {label} " in folded})
        statuses = list(dict.fromkeys(status for _, status in found))
        return statuses if len(statuses) >= 2 else []

    def _status_meant(self, text: str) -> str | None:
        """The status a question asks the meaning of ("hvad betyder „på sporet“?", "what
        does at risk mean?", "hvorfor bagud?"), when it asks nothing else."""
        meaning = _MEANING.match(text)
        if meaning is None:
            return None
        rest = fold_text(text[meaning.end():]).split()
        while rest and rest[0] in _STATUS_LEAD:
            rest = rest[1:]
        while rest and rest[-1] in _STATUS_TAIL:
            rest = rest[:-1]
        said = skeleton(" ".join(rest))  # (the status and nothing else: "hvad er nået
        # indtil nu?" asks how far, not what "Nået" means; "naet" is "nået" without its å)
        return next((status for status, label in self.status_labels
                     if said == skeleton(label)), None)

    async def _period_answer(self, turn: Turn, lang: str) -> None:
        """The strategy's period, by the clock: whether it runs, and until when check-ins are
        taken."""
        period = self.content.kb.strategy.period
        await turn.send(Reply(lang=lang, text=self.i18n.text(
            f"progress.period.{self.checkins.phase}", lang,
            start=self.i18n.date(period.start, lang), end=self.i18n.date(period.end, lang),
            closes=self.i18n.date(period.closes, lang)), outcome=Outcome.ANSWER))
        self.metrics.turns.labels(turn.incoming.place.channel, "answer").inc()

    def _period_question(self, text: str) -> bool:
        """"er strategien stadig gældende?", "can I still report?": the period, by the
        clock (the strategy's text cannot say it has ended)."""
        folded = f" {fold_text(text)} "
        plain = skeleton(folded)  # ("kan jeg stadig na at indrapportere": "nå" without å)
        return any(f" {p} " in folded or f" {skeleton(p)} " in plain
                   for p in self.period_phrases)

    def _bare_goal_question(self, text: str) -> bool:
        """"hvad er målet?", "what's the target again?": a goal asked for without naming one."""
        folded = fold_text(text).split()
        return bool(folded) and bool(set(folded) & self.target_words) and set(folded) <= (
            self.target_words | _BARE_GOAL_WORDS)

    GOING_ON_WORDS = 5
    """"og hvad med i COP?": a follow-up of live figures names a centre and little else"""

    async def _centre(self, turn: Turn, text: str, lang: str) -> bool:
        """"hvordan går det i CPKS?", "status for mit center", "hvem mangler i mit center?":
        one centre's figures and who has not reported (a centre named by its code or name, or
        the asker's own: the centre they lead, or whose units they lead). False when the
        message names no centre, or asks nothing of its progress."""
        words = self.centre_words
        folded = f" {fold_text(_UNIT_CODE.sub(' ', text))} "  # ("@CPKS-01" is a unit's)
        plain = skeleton(folded)  # (a name written without æ, ø, å: "bornehuset kongevejen")
        if any(f" {w} " in folded for w in self.withheld_phrases):
            return False  # "hvorfor kan jeg ikke se sygefraværet for mit center?": the rule
        compare = any(f" {w} " in folded for w in words["compare"])
        going_on = bool(self._progress_shown.get(turn.incoming.place.key)) and \
            len(folded.split()) <= self.GOING_ON_WORDS and bool(_GOES_ON.match(text))
        if not compare and not going_on and not any(
                f" {w} " in folded or f" {skeleton(w)} " in plain
                for w in words["progress"] + words["missing"]):
            return False  # ("hvordan gar det i mit center": "går" without its å; but "og i
            # COP?" right after live figures goes on with them)
        directory = await self.checkins.directory()
        if compare and await self._centres_compared(turn, folded, plain, directory, lang):
            return True
        if any(f" {w} " in folded for w in self.centre_words["own"] if _UNIT_WORD.search(w)) \
                and await self._own_units(turn, lang):
            return True
        centre = self._centre_in(folded, plain, directory)
        if centre is None and any(f" {w} " in folded for w in words["own"]):
            mine = await self._own_centres(turn, directory)
            centre = mine[0] if len(mine) == 1 else None
            if centre is None:  # an employee's centre is not known: say so, and how to ask
                codes = ", ".join(c.code for c in directory.centres)
                await turn.send(Reply(lang=lang, text=self.i18n.text(
                    "bot.centre_unknown", lang, codes=codes), outcome=Outcome.ANSWER))
                return True
        asked = _STATUS_OF.match(text) if centre is None else None
        if asked is not None and not any(
                fold_text(asked.group(1)) == fold_text(code) for code in
                [*(c.code for c in directory.centres), *(u.code for u in directory.units)]):
            # "status XYZ": no such centre (it said the strategy tells no progress)
            await turn.send(Reply(lang=lang, text=self.i18n.text(
                "bot.centre_not_found", lang, code=asked.group(1)[:20],
                codes=", ".join(c.code for c in directory.centres)), outcome=Outcome.CLARIFY))
            return True
        if centre is None:
            return False
        progress, directory = await self.checkins.progress()
        self._shown_goal.pop(turn.incoming.place.key, None)  # a centre's, not one goal's
        await turn.send(await self._for_asker(turn, centre_reply(
            self.content.kb, progress, directory, centre, self.i18n, lang,
            page_url=self.page_link(lang=lang))))
        return True

    async def _own_units(self, turn: Turn, lang: str) -> bool:
        """"hvordan går det for mine enheder ift. målene?", "ligger min enhed under målet?"
        from a unit leader: what stands for each of their units, a figure against its
        target (it got the centre's view, where a small centre's figures are withheld)."""
        asker = await self._asker(turn)
        units = [s for s in asker.subjects if s.kind == "unit"] if asker else []
        if not units:
            return False
        lines = []
        for unit in units:
            standing = await self.flow.standing(unit, lang)
            figures = await self.flow.standing_figures(unit)
            for goal_id, value in figures.items():
                goal = self.content.kb.goal(goal_id)
                if goal.target is None or goal.metric.kind != "weighted-mean":
                    continue
                where = "below" if value < goal.target else "above" if value > goal.target \
                    else "on"
                against = self.i18n.text("progress.own_unit_target", lang, where=self.i18n.text(
                    f"progress.against_target.{where}", lang) if where != "on" else "",
                    target=self.i18n.number(float(goal.target), lang)).strip()
                summary = self.flow.summary(goal_id, {
                    self.content.flows.number_field(goal_id) or "": value}, lang)
                standing = [f"{line} ({against})" if line == summary else line
                            for line in standing]
            lines.append(self.i18n.text("progress.own_unit_line", lang, unit=unit.name,
                                        standing="; ".join(standing)) if standing else
                         self.i18n.text("progress.own_unit_nothing", lang, unit=unit.name))
        await turn.send(Reply(
            lang=lang, title=self.i18n.text("progress.own_units_title", lang),
            text=self.i18n.text("progress.own_units_note", lang,
                                year=self.content.kb.strategy.period.end.year),
            lines=tuple(lines), outcome=Outcome.ANSWER))
        return True

    @staticmethod
    def _centre_in(folded: str, plain: str, directory: Directory) -> CentreInfo | None:
        """The centre a (folded, padded) message names by its code or name, or by one of its
        units ("jeg arbejder i borgerservice, hvordan går det hos os?")."""
        centre = next((c for c in directory.centres if f" {fold_text(c.code)} " in folded
                       or f" {skeleton(fold_text(c.name))} " in plain
                       or f" {_without_centre(skeleton(fold_text(c.name)))} " in plain), None)
        if centre is None:
            unit = next((u for u in directory.units if len(u.name) >= 5
                         and f" {skeleton(fold_text(u.name))} " in plain), None)
            centre = directory.centre(unit.centre_id) if unit is not None else None
        return centre

    async def _goal_missing(self, turn: Turn, text: str, lang: str) -> bool:
        """"hvem mangler at indrapportere sygefravær?", "which units in CPKS haven't reported
        sick leave?": the units (or centres) without a check-in on that goal, within a centre
        named or the asker's own ("mine enheder"); it was refused, or the whole centre's view
        said nothing of the goal."""
        folded = f" {fold_text(_UNIT_CODE.sub(' ', text))} "
        if not any(f" {w} " in folded for w in self.centre_words["missing"]) or not (
                set(folded.split()) & _WHO_WHICH or "rapport" in folded or "report" in folded):
            return False  # ("hvad mangler vi for at nå sygefraværsmålet?" asks no names)
        if any(f" {w}" in folded for w in ("strategi", "dokument", "strategy", "document")):
            return False  # ("hvad mangler der i strategien om sygefravær?")
        goal = self.content.flows.goal_named(folded)
        if goal is None and self._progress_shown.get(turn.incoming.place.key) and \
                len(folded.split()) <= self.GOING_ON_WORDS and "rapport" not in folded and \
                "report" not in folded:
            # "hvilke centre mangler?" right after a goal's figures: that goal's (it got the
            # units and centres without any check-in at all; "hvilke enheder mangler at
            # indrapportere?" still asks of all the goals)
            goal = self._shown_goal.get(turn.incoming.place.key)
        if goal is None or goal not in self.content.flows.goals:
            return False
        progress, directory = await self.checkins.progress()
        centre = self._centre_in(folded, skeleton(folded), directory)
        if centre is None and any(f" {w} " in folded for w in self.centre_words["own"]):
            mine = await self._own_centres(turn, directory)
            centre = mine[0] if len(mine) == 1 else None
        self._shown_goal[turn.incoming.place.key] = goal
        await turn.send(await self._for_asker(turn, goal_missing_reply(
            self.content.kb, progress, directory, goal, self.i18n, lang, centre=centre)))
        return True

    async def _own_centres(self, turn: Turn, directory: Directory) -> list[CentreInfo]:
        """The centres the asker leads, else those of the units they lead."""
        email = await self.identity.email(turn)
        led = directory.centres_led_by(email) if email else []
        of_units = {u.centre_id for u in directory.units_led_by(email)} if email else set()
        return led or [c for c in directory.centres if c.id in of_units]

    async def _centres_compared(self, turn: Turn, folded: str, plain: str,
                                directory: Directory, lang: str) -> bool:
        """"sammenlign CPKS og COP på sygefravær", "compare my centre with COP": each of the
        two centres' figures, one after the other (it was asked back, or refused)."""
        def at(centre: CentreInfo) -> int:
            found = [p for p in (folded.find(f" {fold_text(centre.code)} "),
                                 plain.find(f" {skeleton(fold_text(centre.name))} ")) if p >= 0]
            return min(found) if found else -1

        named = sorted((c for c in directory.centres if at(c) >= 0), key=at)
        # (in a comparison "vi", "os", "we" are the asker's own: "hvordan ligger vi ift COP?")
        # ("compare my centre with COP and CSS": the asker's own first, then the two; it
        # was left out when two others were named)
        if named and any(f" {w} " in folded for w in [*self.centre_words["own"], *_US]):
            mine = await self._own_centres(turn, directory)
            named = [*mine[:1], *named] if len(mine) == 1 and mine[0] not in named else named
        if len(named) < 2:
            return False
        progress, directory = await self.checkins.progress()
        self._shown_goal.pop(turn.incoming.place.key, None)
        for centre in named[:3]:
            await turn.send(await self._for_asker(turn, centre_reply(
                self.content.kb, progress, directory, centre, self.i18n, lang,
                page_url=self.page_link(lang=lang))))
        return True

    async def _ranking(self, turn: Turn, text: str, lang: str) -> bool:
        """"hvilket center er værst på sygefravær?", "rank the centres by sick leave": the
        centres in order of the goal's live figure (it said the strategy ranks nothing)."""
        words = self.ranking_words
        if not words:
            return False
        folded = f" {fold_text(text)} "
        def has(key: str) -> bool:
            return any(f" {w} " in folded for w in words.get(key, ()))
        top = _TOP.search(folded) if has("top") else None
        if not (has("worst") or has("best") or has("high") or has("low") or has("order")
                or top is not None):
            return False
        goals = [g for g in self.content.kb.goals if g.id in self.content.flows.goals and any(
            f" {fold_text(k)} " in folded
            for keys in self.content.flows.goals[g.id].keys.values() for k in keys)]
        before = self._ranked.get(turn.incoming.place.key)
        rest = [w for w in _TOP.sub(" top ", folded).split()
                if w not in self.ranking_vocabulary]
        if not goals and before is not None and not rest:
            # "hvem er værst?", "top 3" right after a ranking: the same goal's (they were
            # answered from the strategy)
            goals = [g for g in self.content.kb.goals if g.id == before]
        elif not (has("centres") or (has("who") and len(goals) == 1)):
            return False
        if len(goals) != 1:
            return False
        goal = goals[0]
        increase = goal.direction == "increase"
        best_first = has("best") or (has("high") and increase) or (
            has("low") and not increase) or (top is not None and not has("worst"))
        progress, directory = await self.checkins.progress()
        await turn.send(await self._for_asker(turn, ranking_reply(
            goal, progress[goal.id], directory, self.i18n, lang, best_first=best_first,
            limit=int(top.group(1)) if top is not None else None)))
        self._ranked[turn.incoming.place.key] = goal.id
        return True

    def _answer_word(self, text: str) -> bool:
        """Whether ``text`` is only an answer to a question of a flow ("ja", "nej",
        "fortsæt", "start forfra", "Ja, gem" of an "er du sikker?" gone by)."""
        folded = fold_text(text)
        return bool(folded) and folded in self.answer_words

    async def _only_one_of(self, turn: Turn, text: str, lang: str) -> bool:
        """"undskyld, kun i kommunikation" right after a line saved for both units: only that
        unit's report stays (it was answered "Det ved jeg desværre ikke")."""
        last = await self._last_saved(turn)
        folded = f" {fold_text(text)} "
        if last is None or len(last.units) < 2 or not any(
                f" {w} " in folded for w in self.content.flows.words.get("only", ())):
            return False
        named = [u for u in last.units if u in named_in(text, list(last.units))
                 or f" {fold_text(u.code)} " in folded]
        if not named:  # "kun i kom": a unit's name clipped, last (it was answered from the
            named = named_first(text, list(last.units))  # strategy, and S&A kept its figure)
        if len(named) != 1:
            return False
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return True
        if not await self.flow.undo_except(turn, reporter, named[0], lang):
            return False
        self._saved[turn.incoming.place.key] = dataclasses.replace(last, units=(named[0],))
        return True

    async def _moved(self, turn: Turn, text: str, lang: str) -> bool:
        """"nej vent, de 12,0 var kommunikation ikke S&A", "undskyld, det var kommunikation"
        right after a line saved for one of the leader's units: the line is moved to the unit
        named (it was answered from the strategy, or "rettet" for the same unit, and the
        figure stood for the wrong one); "… det var kom. og S&A er 9,8 stadig": and the rest
        is the first unit's own line (it was "Rettet" for S&A, and Kommunikation's lost)."""
        last = await self._last_saved(turn)
        if last is None or len(last.units) != 1 or last.value is None or "?" in text or \
                looks_like_question(text, self.question_words):
            return False  # "undskyld, hvad med kommunikation?"
        asker = await self._asker(turn)
        if asker is None:
            return False
        flow = self.content.flows.goals[last.goal]
        units = [s for s in asker.subjects if s.kind == flow.applies_to]
        if asker.admin and flow.applies_to == "unit":  # (an admin moves any unit's line:
            # "nej vent, det var COP-01" after "… @COP-02" saved 1 for COP-02)
            directory = await self.checkins.directory()
            units = [*units, *(Subject("unit", u.id, u.code, u.name, u.centre_id, u.fte)
                               for u in directory.units
                               if all(u.code != s.code for s in units))]

        def other_figure(line: str) -> bool:  # (a unit's code is no figure: "… @CPKS-02")
            try:
                return any(parse_number(n) != last.figure
                           for n in _FIGURE.findall(UNIT_CODES.sub(" ", line)))
            except ValueError:
                return True

        head, rest = text, ""
        split = _GOALS_JOINED.search(text) if other_figure(text) else None
        if split is not None and not other_figure(text[:split.start()]) and \
                named_in(text[split.end():], units) == [last.units[0]]:
            head, rest = text[:split.start()], text[split.end():]
        named = named_in(head, units)
        if not named and self.flow.corrects(head):
            # "nej vent det var kom": a unit's name clipped, last in a correction (it was
            # answered from the strategy, and the line stayed with S&A)
            named = named_first(head, units)
        other = [u for u in named if u != last.units[0]]
        folded = f" {fold_text(head)} "
        if not named and len(units) == 2 and any(
                f" {fold_text(w)} " in folded
                for w in self.content.flows.words.get("other_unit", ())):
            other = [u for u in units if u != last.units[0]]  # "ups det var den anden enhed"
        negated = set(folded.split()) & set(self.content.flows.words.get("negations", ()))
        if len(other) != 1:
            return False
        if any(f" {w} " in folded for w in self.content.flows.words.get("also", ())):
            # "hov, kommunikation har også 12": the other unit's line (it was "Intet er ændret
            # – Strategi og Analyse har de samme tal"), a new one: its lead is no correction
            # ("nej, kom. har også 12,2" replaced Kommunikation's 13,3 as a slip)
            return await self._goal_line(turn, last.goal, self.flow.correction_body(text),
                                         other[0].code, lang, kinds=("report",))
        if not (self.flow.corrects(head) or (last.units[0] in named and negated)) or \
                other_figure(head):  # (another figure corrects the figure)
            return False
        if self._read(_FIGURE.sub(" ", head), lang).goal_id not in (None, last.goal):
            return False
        if not await self.flow.undo_one_of(turn, asker, last.units[0], last.goal, lang):
            return False
        saved: list[Subject] = []
        await self.flow.one_liner(_Part(turn, 1), asker, OneLiner(
            last.goal, dict(last.value), other[0].code, last.theme), text, lang, saved=saved)
        self._remember_saved(turn, last.goal, saved, last.value, theme=last.theme)
        if rest:
            await self._goal_line(_Part(turn, 2), last.goal, without_named(
                rest, last.units[0]), last.units[0].code, lang, kinds=("report",))
        return True

    async def _correction(self, turn: Turn, text: str, lang: str) -> bool:
        """"nej vent, det var 12,3", "ups, ret til 12,4", "make that 12.3" right after a
        figure was saved: the same goal's figure for the same unit, corrected (it was
        answered as a question, and the wrong figure stood)."""
        last = await self._last_saved(turn)
        if last is None or ("?" in text and not _ASKS_TO_CORRECT.search(text)):
            return False  # ("hvor mange skal være færdige, før …?" is a question, no "skal være";
            # "… det korrekte tal er 13,6. Kan du rette det?" asks for the correction)
        field = self.content.flows.number_field(last.goal)
        asker = await self._asker(turn)
        if asker is not None and len(last.units) == 1 and \
                named_in(text, asker.subjects) == [last.units[0]]:
            # "nej, S&A er 12,4 ikke 12" right after S&A's 12: the unit just saved, named
            # (its name was counted as words, and the line answered from the strategy)
            text = without_named(text, last.units[0])
        elif asker is not None and len(last.units) == 1:
            # "nej vent, ikke i kom endnu" right after "RK færdig i begge" saved
            # Kommunikation's: its name clipped, after "i" (it was answered from the strategy)
            said = text.split()
            at = next((n for n in range(2, len(said)) if fold_text(said[n - 1]) in _PLACE_WORDS
                       and named_first(said[n].strip(",.!"), asker.subjects)
                       == [last.units[0]]), None)
            if at is not None:
                text = " ".join(said[:at - 1] + said[at + 1:])
        # ("hov nej, det var elleve komma ni": the figure in words, as digits)
        figure = (self.flow.corrected_figure(text, just_saved=True) or self.flow.corrected_figure(
            self.content.oneliners.decimals_in_words(text), just_saved=True)) \
            if field is not None else None
        if field is None or figure is None:
            if await self._corrected_none(turn, last, text, lang) or \
                    await self._corrected_choice(turn, last, text, lang) or \
                    await self._corrected_flag(turn, last, text, lang) or \
                    await self._theme_moved(turn, last, text, lang) or \
                    await self._corrected_initiative(turn, last, text, lang):
                return True
            if field is None and self.flow.corrected_figure(text) is not None and \
                    self._read(FIGURE.sub(" ", text), lang).goal_id is None:
                # "nej det var 11,5" right after "RK i gang": no figure was saved to correct
                # (it was answered with relational coordination's entry)
                await turn.send(Reply(lang=lang, text=self.content.flows.text(
                    "correct_no_figure", lang, summary=self.flow.summary(
                        last.goal, dict(last.value or {}), lang, last.theme)),
                    outcome=Outcome.CLARIFY))
                return True
            return False
        try:
            value = parse_number(figure)
        except ValueError:
            return False
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return True
        await self._save_corrected(turn, reporter, last, {field: value}, text, lang)
        return True

    async def _proposal_corrected(self, turn: Turn, before: Proposed, text: str,
                                  lang: str) -> bool:
        """"nej vent, 15" right after "årsværk 17 kom": the proposal, corrected (it was
        answered from the strategy, and 17 stood); "nej vent, det var kom" right after one for
        S&A: withdrawn there, and proposed for Kommunikation (it was answered from the
        strategy)."""
        if "?" in text or not self.flow.corrects(text):
            return False
        figure = self.flow.corrected_figure(text, just_saved=True)
        asker = await self._asker(turn)
        units = [s for s in asker.subjects if s.kind == "unit"] if asker else []
        body = self.flow.correction_body(text)
        other = [u for u in (named_in(body, units) or named_first(body, units))
                 if u != before.unit]
        if figure is None and len(other) != 1:
            return False
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return True
        if figure is None:
            await self.figures.withdraw(turn, before, lang)
            argument = f"{self.i18n.number(before.fte, lang)} @{other[0].code}"
        else:
            argument = f"{figure} @{before.unit.code}"
        proposed = await self.figures.propose(turn, reporter, argument, lang)
        if proposed is not None:
            self._proposed[turn.incoming.place.key] = proposed
        return True

    async def _theme_moved(self, turn: Turn, last: _Saved, text: str, lang: str) -> bool:
        """"nej vent, det hører til tema 2", "nej vent det var tema 4" right after a theme's
        initiative: the line undone there and saved for the theme named (it was refused, or
        said to write one theme at a time)."""
        flow = self.content.flows.goals[last.goal]
        themes = named_themes(text)
        if not flow.per_theme or last.theme is None or not self.flow.corrects(text) or \
                len(themes) != 1 or int(next(iter(themes))) == last.theme or not last.value:
            return False
        allowed = {fold_text(w) for w in self.content.flows.words.get("theme_move", ())}
        rest = fold_text(_THEME_NAMED.sub(" ", self.flow.correction_body(text))).split()
        if any(w not in allowed for w in rest):
            return False
        reporter = await self._reporter(turn, lang)
        if reporter is None or len(last.units) != 1:
            return reporter is None
        if not await self.flow.undo_one_of(turn, reporter, last.units[0], last.goal, lang):
            return False
        theme = int(next(iter(themes)))
        saved: list[Subject] = []
        await self.flow.one_liner(_Part(turn, 1), reporter, OneLiner(
            last.goal, dict(last.value), last.units[0].code, theme), text, lang, saved=saved)
        self._remember_saved(turn, last.goal, saved, last.value, theme=theme)
        return True

    async def _corrected_initiative(self, turn: Turn, last: _Saved, text: str,
                                    lang: str) -> bool:
        """"nej vent, det skulle være kompetenceafklaring i alle afdelinger" right after "tema
        3: onboardingprogram": the same theme's initiative, corrected (it was answered with a
        text of the strategy, and the slip stood); "ups, ret til selvbetjening på biblioteket"
        right after a digitalisation goal was named: that name (it was "Det ved jeg
        desværre ikke")."""
        flow = self.content.flows.goals[last.goal]
        if (flow.per_theme and last.theme is None) or flow.multiple or \
                not self.flow.corrects(text):
            return False  # (a form is not renamed: "ret … til …" says how to replace it)
        field = next((f for f in flow.fields if f.type == "text"), None)
        folded = fold_text(text)
        lead = next((w for w in sorted(self.content.flows.words.get("rename_leads", ()),
                                       key=len, reverse=True)
                     if f" {w} " in f" {folded} "), None)
        same = _SAME_THEME.search(text) if lead is None else None
        none = False
        if same is not None and last.theme is not None and int(same.group(1)) == last.theme:
            name = same.group(2)  # "nej vent, tema 3: karriereveje", "… tema 3 er …"
            # ("nej vent, tema 3: ingen alligevel" was saved as an initiative so named)
            plain = _ANYWAY.sub("", name.strip(" .!"))
            none = self.content.flows.says_none(plain) or self.content.flows.means_none(
                last.goal, plain, field.id if field else "")
        elif field is None or lead is None:
            return False
        else:
            at = len(f" {folded} ".split(f" {lead} ", 1)[0].split()) + len(lead.split())
            name = " ".join(text.split()[at:])
        if field is None:
            return False
        # ("kald den 'Kompetenceplan 2020' – det er det officielle navn": the name, without
        # its quotes and the remark after it)
        name = _NAME_ENDS.split(name, maxsplit=1)[0].strip(" .!,;:\"'„“”‘’")
        if not none and not names_something(name):
            return False
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return True
        named = named_in(text, [s for s in reporter.subjects if s.kind == flow.applies_to])
        units = named if len(named) == 1 else list(last.units)
        saved: list[Subject] = []
        # (a goal's name said with its yes: "ja (digital post)" becomes "ja (<the new name>)")
        value: dict[str, Any] = {field.id: None} if none else \
            {**(last.value or {}), field.id: name} if field.only_if else {field.id: name}
        for n, unit in enumerate(units):
            await self.flow.one_liner(
                _Part(turn, n) if n else turn, reporter,
                OneLiner(last.goal, value, unit.code, theme=last.theme),
                text, lang, correction=True, saved=saved)
        self._remember_saved(turn, last.goal, saved, value, theme=last.theme)
        return True

    async def _corrected_choice(self, turn: Turn, last: _Saved, text: str, lang: str) -> bool:
        """"nej, det var i gang" right after "RK færdig @cpks-02", "nej vent, ikke endnu"
        after "kompetencebehov færdig": the same goal's status for the same unit (or the one
        of the leader's units the line names), corrected (it was answered as a question, and
        the slip stood)."""
        if not self.flow.corrects(text):
            return False
        flow = self.content.flows.goals[last.goal]
        field = next((f for f in flow.fields if f.type == "choice"), None)
        # ("nej vent, den er færdig": the lead's "nej" is no "ikke endnu")
        choice = self.content.flows.choice_in(field, self.flow.correction_body(text)) \
            if field is not None else None
        if field is None or choice is None:
            return False
        if negates(self.flow.correction_body(text),
                   lambda word: self.content.flows.choice_in(field, word) == choice):
            # "nej vent, kom er ikke færdig endnu": not that status (it was read as Færdig,
            # "Intet er ændret", and Færdig stood)
            goal = self.content.oneliners.goals.get(last.goal)
            choice = goal.words.negated.get(choice, choice) if goal is not None else choice
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return True
        body = fold_text(self.flow.correction_body(text)).strip(" .!")
        if body in {fold_text(w) for w in self.content.flows.words.get("not_yet", ())} and \
                not any(body in (fold_text(c.da), fold_text(c.en)) for c in field.choices) \
                and await self._stood_before(reporter, last):
            # "nej vent, ikke endnu" after "RK færdig": what stood before comes back (it set
            # "Ikke startet" where "I gang" had stood since March)
            await self.flow.undo_last(turn, reporter, lang)
            self._saved[turn.incoming.place.key] = None
            return True
        if last.value is not None and last.value.get(field.id) == choice:
            # "hov, kun drøftet, ikke fastlagt" read as the same status: no "Rettet" for it
            await turn.send(Reply(lang=lang, text=self.content.flows.text(
                "nothing_changed", lang, subject=self.i18n.join(
                    [u.name for u in last.units], lang)), outcome=Outcome.CLARIFY))
            return True
        await self._save_corrected(turn, reporter, last, {field.id: choice}, text, lang)
        return True

    async def _stood_before(self, reporter: Reporter, last: _Saved) -> bool:
        """Whether every unit of what was just saved had a report of that goal before it."""
        rows = await self.checkins.history(reporter, limit=50)
        return all(len([r for r in rows if r.goal_id == last.goal and (
            r.unit_id if unit.kind == "unit" else r.centre_id) == unit.id]) >= 2
            for unit in last.units)

    async def _corrected_flag(self, turn: Turn, last: _Saved, text: str, lang: str) -> bool:
        """"hov nej, den er evalueret" right after "borgerpanel afprøvet men ikke evalueret":
        the same form with that answer corrected (it was answered with the goal's entry, and
        the slip stood)."""
        if last.value is None or not self.flow.corrects(text):
            return False
        changed = self.content.flows.flag_correction(last.goal, text)
        if changed is None or all(bool(last.value.get(k)) is v for k, v in changed.items()):
            return False  # (what stands already: no correction of it)
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return True
        value = self.content.flows.consistent(last.goal, {**last.value, **changed})
        await self._save_corrected(turn, reporter, last, value, text, lang)
        return True

    async def _corrected_none(self, turn: Turn, last: _Saved, text: str, lang: str) -> bool:
        """"nej vent, vi har et: chatbot på ltk.dk", "hov jo, vi har digital post til alle
        borgere" right after "ingen digitaliseringsmål": the goal's "yes", with what it is
        (the first got the bot's text about itself, for the word "chatbot", and "nej" stood)."""
        flow = self.content.flows.goals[last.goal]
        gated = next((f for f in flow.fields if f.type == "text" and f.only_if), None)
        if gated is None or not last.value or last.value.get(str(gated.only_if)) is not False \
                or "?" in text or not self.flow.corrects(text):
            return False
        rest = _WE_HAVE.sub("", self.flow.correction_body(text)).strip(" :,.-–")
        keys = flow.keys.get(lang) or flow.keys.get("da") or []
        if not words(rest) or not keys:
            return False
        reading = self._read(f"{keys[0]}: {rest}", lang)
        if reading.kind != "report" or reading.goal_id != last.goal or not reading.value or \
                reading.value.get(str(gated.only_if)) is not True:
            return False
        reporter = await self._reporter(turn, lang)
        if reporter is not None:
            await self._save_corrected(turn, reporter, last, dict(reading.value), text, lang)
        return True

    async def _save_corrected(self, turn: Turn, reporter: Reporter, last: _Saved,
                              value: dict[str, Any], text: str, lang: str) -> None:
        """Save a correction of ``last`` for the units it is for: the one of the leader's units
        it names; else every unit the line before was saved for ("RK færdig i begge", then "nej,
        det var i gang" corrected one of them); else the unit of the line before."""
        flow = self.content.flows.goals[last.goal]
        named = named_in(text, [s for s in reporter.subjects if s.kind == flow.applies_to])
        units = named if len(named) == 1 else list(last.units)
        saved: list[Subject] = []
        for n, unit in enumerate(units):
            await self.flow.one_liner(
                _Part(turn, n) if n else turn, reporter, OneLiner(last.goal, value, unit.code),
                text, lang, correction=True, saved=saved)
        self._remember_saved(turn, last.goal, saved, value)

    async def _unit_figure(self, turn: Turn, text: str, lang: str) -> bool:
        """"kommunikation 11,9" right after a figure for another of the leader's units: the
        same goal's figure for the unit it names (it was answered from the strategy)."""
        saved = await self._last_saved(turn)
        if saved is None or saved.figure is None or turn.incoming.place.kind != "personal":
            return False
        asker = await self._asker(turn)
        units = [s for s in asker.subjects if s.kind == "unit"] if asker else []
        named = named_in(text, units)
        numbers = _FIGURE.findall(text)
        if len(named) != 1 or len(numbers) != 1:
            return False
        rest = fold_text(_FIGURE.sub(" ", text)).replace(fold_text(named[0].name), " ")
        if len(rest.split()) > 2:  # ("kommunikation har 11,9 sygedage i år": no bare pair)
            return False
        return await self._goal_line(turn, saved.goal, numbers[0], named[0].code, lang,
                                     kinds=("report",))

    async def _rest_for_goal(self, turn: Turn, text: str, lang: str, *,
                             bare: bool = False) -> bool:
        """"… S&A er stadig i gang" after "undskyld, kun i kommunikation.": the goal just
        saved, for the unit the rest names (it was asked "Mente du …?")."""
        last = await self._last_saved(turn)
        reporter = await self._asker(turn) if last is not None else None
        if last is None or reporter is None:
            return False
        flow = self.content.flows.goals[last.goal]
        units = [s for s in reporter.subjects if s.kind == flow.applies_to]
        named = named_in(text, units)
        rest = without_named(text, named[0]) if len(named) == 1 else text
        if not named:
            # "og kom er 14": a unit's name clipped, after "og" (it was answered from the
            # strategy; "og kommunikation er 14" was saved)
            said = [w for w in text.split() if fold_text(w) not in ("og", "and")]
            named = named_first(" ".join(said[:1]), units) if said else []
            rest = " ".join(said[1:])
        if len(named) != 1:
            return False
        # ("og S&A er 13,8 stadig": the unit's name, "og" and "stadig" are no part of the
        # value)
        value = " ".join(w for w in rest.split() if fold_text(w) not in _REST_FILLERS)
        if bare and not _FIGURE.fullmatch(value.strip(" .!")):
            return False  # (``bare``: the unit's figure and nothing else)
        return await self._goal_line(turn, last.goal, value, named[0].code, lang,
                                     kinds=("report",))

    async def _goal_line(self, turn: Turn, goal: str, value: str, code: str, lang: str, *,
                         kinds: tuple[str, ...] = ("report", "bad-value")) -> bool:
        """A value said for a goal and a unit without the goal's word ("kommunikation 11,9",
        "ret kommunikation til færdig", "nej det var en tastefejl, 11,9"), read as the one-liner
        "<goal's key> <value> @<code>" and handled as one; False when it reads as none of
        ``kinds``."""
        flow = self.content.flows.goals[goal]
        keys = flow.keys.get(lang) or flow.keys.get("da") or []
        if not keys:
            return False
        line = f"{keys[0]} {value} @{code}"
        reading = self._read(line, lang)
        if reading.kind not in kinds:
            return False
        await self._reading(turn, reading, line, lang)
        return True

    def _remember_saved(self, turn: Turn, goal: str, saved: list[Subject],
                        value: Mapping[str, Any], *, theme: int | None = None) -> None:
        """What a one-liner just saved (nothing to correct when it saved nothing new)."""
        if not saved:
            self._saved[turn.incoming.place.key] = None
            return
        number = self.content.flows.number_field(goal)
        figure = value.get(number) if number is not None else None
        key = turn.incoming.place.key
        now = _Saved(
            goal, tuple(saved),
            float(figure) if isinstance(figure, int | float) and not isinstance(figure, bool)
            else None, dict(value), theme)
        self._saved[key] = now
        message = self._messages.get(key)  # (the parts of one message share it)
        if now.figure is not None:
            # (what "er det under målet?" asks about after "sygefravær 11,9 og rk færdig")
            self._figure_saved[key] = (message, now)
        elif message is None or self._figure_saved.get(key, (None,))[0] != message:
            self._figure_saved.pop(key, None)

    async def _against_target(self, turn: Turn, reading: Reading, text: str,
                              lang: str) -> bool:
        """"er det under målet?", "når vi målet?" right after a unit's figure was saved: that
        figure against the goal's target (every goal was listed, or the whole municipality's
        figure shown, which says nothing of the unit's)."""
        saved = await self._last_saved(turn)
        shown = self._shown_goal.get(turn.incoming.place.key)
        if (saved is None or saved.figure is None) and \
                (figured := self._figure_saved.get(turn.incoming.place.key)) is not None:
            saved = figured[1]  # (a figure, and a status after it in the same line)
            shown = saved.goal
        claimed = _FIGURE.findall(text) if _AGAINST_TARGET.search(text) else []
        again = self._claimed.get(turn.incoming.place.key)
        bare = _BARE_FIGURE.match(text)
        if again is not None and bare is not None and reading.goal_id in (None, again):
            # "og 14,1?" right after "er 13,2 under målet?": that figure against it too
            return await self._claimed_against_target(turn, reading, bare.group(1), lang,
                                                      goal_id=again)
        if len(claimed) == 1 and ("?" in text or _ASKS_IF.match(text)):
            # "er 13,2 under målet?": that figure against the goal it can be a figure of (the
            # strategy "does not mention 13.2", with a decimal point in Danish)
            return await self._claimed_against_target(turn, reading, claimed[0], lang)
        if (saved is None or saved.figure is None) and _AGAINST_TARGET.search(text):
            return await self._whole_against_target(
                turn, reading, lang, asked="?" in text or bool(_ASKS_IF.match(text)),
                named=reading.goal_id or self.content.flows.goal_named(text))
        if saved is None or saved.figure is None or not _AGAINST_TARGET.search(text):
            return False  # (after "RK færdig", "er vi på sporet?" is about RK)
        goal_id, value = saved.goal, saved.figure
        if reading.goal_id not in (None, goal_id) or (shown or goal_id) != goal_id:
            return False  # ("RK færdig – har vi nået målet?" after a figure: about RK)
        goal = self.content.kb.goal(goal_id)
        if goal.target is None:
            return False
        said = self._compared(goal, value, lang, "text", within=1e-9,
                              subject=self.i18n.join([u.name for u in saved.units], lang))
        await turn.send(Reply(lang=lang, text=said, actions=(
            Action(self.i18n.text("help.progress.button", lang),
                   self.i18n.text("help.progress.try", lang), "command"),),
            outcome=Outcome.ANSWER))
        return True

    async def _claimed_against_target(self, turn: Turn, reading: Reading, figure: str,
                                      lang: str, *, goal_id: str | None = None) -> bool:
        """A figure a question names against the target of the goal named, shown just now,
        or the one goal whose figure is a weighted mean (sick leave)."""
        figures = [g.id for g in self.content.kb.goals
                   if g.target is not None and g.metric.kind == "weighted-mean"]
        only = figures[0] if len(figures) == 1 else None
        shown = self._shown_goal.get(turn.incoming.place.key)
        # (a goal shown just now that has no figure, such as RK's, is not what a figure is
        # held against: "isn't the RK goal 20 units?", then "er 13,2 under målet?")
        goal_id = goal_id or reading.goal_id or (shown if shown in figures else None) or only
        if goal_id is None or goal_id not in figures:
            return False
        try:
            value = parse_number(figure)
        except ValueError:
            return False
        goal = self.content.kb.goal(goal_id)
        await turn.send(Reply(lang=lang, text=self._compared(goal, value, lang, "claimed",
                                                             within=1e-9),
                              outcome=Outcome.ANSWER))
        self._claimed[turn.incoming.place.key] = goal_id
        return True

    async def _whole_against_target(self, turn: Turn, reading: Reading, lang: str, *,
                                    asked: bool = False, named: str | None = None) -> bool:
        """"is that below the target?" right after one goal's live figures, or "is the sick
        leave below target?" (``asked``, the goal named): the whole municipality's figure
        against the target (it got the goal's text), unless withheld."""
        place = turn.incoming.place.key
        goal_id = self._shown_goal.get(place)
        if asked and named is not None:
            goal_id = named
        elif goal_id is None or not self._progress_shown.get(place) or \
                reading.goal_id not in (None, goal_id):
            return False
        goal = self.content.kb.goal(goal_id)
        progress, _ = await self.checkins.progress()
        item = progress[goal_id]
        value = item.value
        if value is None or goal.target is None or goal.metric.kind != "weighted-mean":
            return False  # (a count's figure says how many, which the card compares itself)
        said = self._compared(goal, value, lang, "whole", within=0.05,
                              reported=item.coverage.reported, expected=item.coverage.expected,
                              share=self.i18n.number(100 * item.coverage.share, lang,
                                                     decimals=0))
        await turn.send(Reply(lang=lang, text=said, outcome=Outcome.ANSWER))
        return True

    def _compared(self, goal: Goal, value: float, lang: str, key: str, *, within: float,
                  **values: Any) -> str:
        """A figure against its goal's target, in ``progress.against_target.<key>`` (or
        ``<key>_on``, within ``within`` of it): below or above, and better or worse."""
        target = float(goal.target or 0.0)
        where = "on" if abs(value - target) < within else "below" if value < target else "above"
        better = where != "on" and (where == "below") == (goal.direction == "decrease")
        text = f"progress.against_target.{key}"
        return self.i18n.text(
            f"{text}_on" if where == "on" else text, lang, **values,
            value=self.i18n.number(value, lang), unit=goal.unit.get(lang) if goal.unit else "",
            where=self.i18n.text(f"progress.against_target.{where}", lang)
            if where != "on" else "",
            target=self.i18n.number(target, lang),
            verdict=self.i18n.text("progress.against_target." + (
                "better" if better else "worse"), lang),
            year=self.content.kb.strategy.period.end.year)

    def _has_forms(self, goal: str) -> bool:
        """Whether a goal's reports name forms (citizen involvement's)."""
        flow = self.content.flows.goals.get(goal)
        return flow is not None and bool(flow.fields) and bool(flow.fields[0].names)

    def _name_without_unit(self, goal: str, value: dict[str, Any], units: Sequence[Subject],
                           text: str) -> tuple[dict[str, Any], str | None]:
        """A form's name without the unit it is reported for ("citizen panel in kommunikation
        was evaluated" was saved as a form "citizen panel in kommunikation", a sixth distinct
        form beside the unit's standing borgerpanel), and that unit's code when only its
        short name tells it ("borgerpanel kom kun afprøvet" was a form "borgerpanel kom", for
        the unit then chosen; "fremtidsværksted S&A …" a form "fremtidsværksted S")."""
        flow = self.content.flows.goals.get(goal)
        first = flow.fields[0] if flow is not None and flow.fields else None
        if first is None or not first.names or not isinstance(value.get(first.id), str):
            return value, None
        name = str(value[first.id])
        for unit in units:
            rest = without_named(name, unit)
            if rest.strip() != name.strip():
                rest = _UNIT_PLACE.sub("", rest.strip()).strip(" ,.-")
                return ({**value, first.id: rest} if words(rest) else value), None
        said = name.split()
        if len(said) < 2 or len(units) < 2:
            return value, None
        last = said[-1]
        clipped = named_first(last, units) if last.isalpha() and len(last) >= 3 else []
        initials = [u for u in units if any(
            t.split("&")[0].split("/")[0] == last and t != last and short_for(u.name, t)
            for t in text.split())]
        named = clipped or initials
        if len(named) != 1:
            return value, None
        rest = _UNIT_PLACE.sub("", " ".join(said[:-1])).strip(" ,.-")
        return ({**value, first.id: rest}, named[0].code) if words(rest) else (value, None)

    async def _reading(self, turn: Turn, reading: Reading, text: str, lang: str, *,
                       saved: list[Subject] | None = None,
                       stored_new: list[Subject] | None = None) -> bool:
        """Handle a one-liner, a bad value in one, or a question about progress; False for
        anything else. The subject a one-liner was saved for is added to ``saved``."""
        if reading.kind == "report" and reading.goal_id and reading.value is not None:
            if turn.incoming.place.kind != "personal":  # a figure is never echoed in a channel
                async with self._privately(turn, lang) as private:
                    if private is not None:
                        await self._remember(private, lang=lang)
                        await self._reading(private, reading, text, lang, saved=saved)
                return True
            reporter = await self._reporter(turn, lang)
            if reporter is not None:
                value, named_unit = self._name_without_unit(
                    reading.goal_id, dict(reading.value), reporter.subjects, text)
                parsed = OneLiner(reading.goal_id, value, reading.unit or named_unit,
                                  reading.theme, dict(reading.defaults or {}))
                stored: list[Subject] = []
                subject = await self.flow.one_liner(turn, reporter, parsed, text, lang,
                                                    saved=stored)
                if stored_new is not None:  # (what was saved anew, not "Intet er ændret")
                    stored_new.extend(stored)
                if subject is None:
                    # (refused, or asked which unit: a correction right after is of nothing —
                    # "nej vent, ikke endnu" after a refused line corrected an older RK)
                    self._saved[turn.incoming.place.key] = None
                if subject is not None and saved is not None:
                    saved.append(subject)
                if subject is not None:
                    # "hvornår skal det være færdigt?" right after is about the goal (its
                    # title: the line's unit code and figure say nothing of it)
                    checked = self.content.kb.goal(reading.goal_id)
                    self._remember_saved(turn, reading.goal_id, stored, reading.value,
                                         theme=reading.theme)
                    self._asked[turn.incoming.place.key] = checked.title.get(lang)
                    self._shown_goal[turn.incoming.place.key] = checked.id
            return True
        if reading.kind == "other" and await self._only_one_of(turn, text, lang):
            return True
        if reading.kind == "other" and await self._moved(turn, text, lang):
            return True
        if (reading.kind == "other" or (reading.kind == "progress" and self.flow.is_correction(
                text))) and await self._correction(turn, text, lang):
            # ("… men det korrekte tal er 13,6. Kan du rette det?" read as a question about
            # the goal's progress)
            return True
        if reading.kind == "other" and self.flow.corrects(text) and "?" not in text:
            # "nej vent, tema 3: onboardingprogram" with nothing to correct (after "Intet er
            # ændret"): the line after the correction's lead (it was "Mente du …?")
            body = self.flow.correction_body(text)
            again = self._read(body, lang) if body != text else reading
            if again.kind in ("report", "bad-value") and again.goal_id:
                return await self._reading(turn, again, body, lang, saved=saved,
                                           stored_new=stored_new)
        if reading.kind == "other" and await self._unit_figure(turn, text, lang):
            return True
        if reading.kind == "other" and _FIGURE.search(text) and "?" not in text and \
                await self._rest_for_goal(turn, text, lang, bare=True):
            # "og S&A er 13,8 stadig" right after a line was moved to Kommunikation: S&A's
            # own (it got the goal's text)
            return True
        if reading.kind == "other" and _SICK.search(text) and "?" not in text and \
                not _ASKS.search(text):
            asker = await self._asker(turn)
            if asker is not None and asker.may_report and await self.flow.a_person(asker, text):
                # "Mette har været syg i 3 uger" from a leader: a person's, never the unit's
                # (it was answered with the goal and a quote about competence needs)
                await turn.send(Reply(lang=lang, text=self.content.flows.text(
                    "about_a_person", lang), outcome=Outcome.CLARIFY))
                return True
        if reading.kind in ("other", "progress") and await self._against_target(
                turn, reading, text, lang):
            return True
        if reading.kind == "bad-value" and not any(c.isdigit() for c in text):
            asker = await self._asker(turn)
            if asker is None or not asker.may_report:
                return False  # "sygefravaer hos os pa plejecentret" from an employee: a
                # question (it got "skriv et tal, fx 12,8 …", a check-in's hint)
        if reading.kind == "bad-value":
            reason = reading.reason or ""
            # (a hedge was understood: "nothing is saved" is all there is to say)
            flows = self.content.flows
            text = reason[:1].upper() + reason[1:] if reading.unsure else \
                flows.text("not_now", lang, reason=reason) if reason in (
                    flows.reason("forecast", lang), flows.reason("later", lang)) else \
                flows.text("invalid", lang, reason=reason)
            if reading.hint and not reading.unsure:
                text = f"{text}\n\n{reading.hint}"
            await turn.send(Reply(lang=lang, text=text, outcome=Outcome.CLARIFY))
            return True
        if reading.kind in ("progress", "other") and self.engine.intent(text) in (
                "about", "greeting", "help"):
            return False  # "hvor får du dine tal fra?" asks about the bot, not the figures;
            # "hvordan har du det?" is a greeting
        if reading.kind == "progress" and _A_YEAR.search(text) and asks_to_confirm(text):
            return False  # "værktøjskassen blev lavet i 2019, ikke?": the strategy's year (it
            # got the live figures)
        if reading.kind == "progress" and (reading.other_words or (claimed_figures(text) and (
                self.target_words & set(fold_text(text).split()) or asks_to_confirm(text)))):
            # words beside the goal's ("sygefraværet i omegnskommunerne", "hvor mange penge
            # er afsat til RK"): when the strategy answers them with another entry, or says
            # it does not tell, that answer is given — the live figure would stand in for one
            # (so does a target claimed: "er målet for sygefravær 10 dage?")
            answer = self._answer(text, turn.incoming.locale)
            own = next((g.entry for g in self.content.kb.goals if g.id == reading.goal_id),
                       None)
            if (answer.kind == "partial" and answer.gap != "status") or (
                    answer.outcome == Outcome.ANSWER
                                            and answer.entry_id not in (None, own)) or \
                    (reading.goal_id is None and self._counts_other(text)) or (
                        answer.outcome == Outcome.ANSWER and CLAIM_TAG.search(text)
                        and not _STANDING.search(text)):
                # ("alle enheder skal bruge værktøjskassen, right?" is a claim about what the
                # goal says: it got the live figures, and the claim stood)
                return False  # ("hvor mange sider er strategien?" counts no goal's figure;
                # but how far a goal has come, which the strategy cannot say, the figures do:
                # "status på sygefravær pr enhed")
        if reading.kind == "progress" and reading.goal_id is None and \
                fold(asked(text).counted).startswith(_NOT_COUNTED):
            return False
        if reading.kind == "progress" and not _STANDING.search(text) and \
                fold(asked(text).counted).startswith(_STRATEGY_COUNTED):
            return False
        if reading.kind in ("other", "progress") and reading.goal_id is None and \
                self.engine.counts_them(text) and self._asked.get(turn.incoming.place.key) and \
                not self._progress_shown.get(turn.incoming.place.key):
            return False  # "hvor mange er der?" after the bearings: the strategy's count
        if reading.kind in ("other", "progress") and reading.goal_id is None and \
                self._progress_shown.get(turn.incoming.place.key) and _GOES_ON.match(text) and \
                len(text.split()) <= self.GOING_ON_WORDS and \
                self.content.oneliners.names_whole(text):
            # "og kommunen som helhed?" right after a centre's figures: the whole
            # municipality's (it got the text of the shared goals)
            reading = dataclasses.replace(reading, kind="progress", goal_id=self._shown_goal.get(
                turn.incoming.place.key))
        if reading.kind in ("other", "progress") and _WHICH_NOT.match(text) and \
                (named := self.content.flows.goal_named(text)) is not None:
            # "hvilke centre har ikke fastlagt kompetencebehov endnu?": the goal's figures,
            # centre by centre (it said "Strategien opregner ikke, hvilke centre det er")
            reading = dataclasses.replace(reading, kind="progress", goal_id=named)
        shown_goal = self._shown_goal.get(turn.incoming.place.key)
        if reading.kind in ("other", "progress") and shown_goal is not None and \
                self._progress_shown.get(turn.incoming.place.key) and \
                _WHICH_FORMS.search(text) and self._has_forms(shown_goal):
            # "hvilke former er det?" right after the figures of the goal of forms: the forms
            # reported (it said "Strategien opregner ikke, hvilke former det er", under the
            # figures naming two of them)
            command = self._command_in("former" if lang == "da" else "forms")
            if command is not None:
                await self._command(turn, None, command, lang)
                return True
        if reading.kind == "other" and reading.open_progress:
            # "hvad ligger vi på lige nu i forhold til målet?" right after a goal's figures is
            # about that goal; with none shown, a question the strategy does not answer
            # ("hvordan går det i mit center?") gets the figures of all the goals
            shown = self._shown_goal.get(turn.incoming.place.key)
            if shown is not None:
                if _STANDING.search(text) or not self._strategy_answers(
                        text, turn.incoming.locale):
                    reading = dataclasses.replace(reading, kind="progress", goal_id=shown)
            elif (asked(text).status or (answered := self._answer(
                    text, turn.incoming.locale)).kind not in (
                    "entry", "passage", "partial", "parts")) and not self._counts_other(text):
                # ("hvor mange former er afprøvet indtil nu?": how far, which the live figures
                # tell, not the strategy)
                reading = dataclasses.replace(reading, kind="progress", goal_id=None)
            elif _NOW.search(text) and answered.kind == "entry" and \
                    (of := self._goal_of_entry.get(answered.entry_id or "")) is not None:
                # "hvor mange former er afprøvet og evalueret nu?": the goal the strategy
                # answers with, as it stands now (it got the goal's text)
                reading = dataclasses.replace(reading, kind="progress", goal_id=of)
        if reading.kind in ("progress", "other") and reading.goal_id is None and (
                _GOES_ON.match(text) or self._progress_shown.get(turn.incoming.place.key)) \
                and _OTHER_CENTRES.search(text):
            # "og i de andre centre?", "what about the other centres?" right after a goal's
            # figures go on with that goal (as does "hvordan ligger de andre centre?" right
            # after any live figures) (its card lists the centres); with none shown,
            # every goal's figures, not a sentence about a theme
            reading = dataclasses.replace(reading, kind="progress",
                                          goal_id=self._shown_goal.get(turn.incoming.place.key))
        if reading.kind == "progress" and reading.goal_id is None and (
                _GOES_ON.match(text) or _IT.search(text)) and \
                not self.content.oneliners.names_all_goals(text):
            # "og hvor langt er vi?", "how are we doing on it?" right after a goal's answer or
            # figures: that goal's (every goal's figures were shown)
            shown = self._shown_goal.get(turn.incoming.place.key)
            if shown is not None:
                reading = dataclasses.replace(reading, goal_id=shown)
        if reading.kind == "progress" and reading.goal_id is None and \
                _AGAINST_TARGET.search(text):
            # "er vi under målet?" right after sick leave's figures: that goal's (every goal's
            # figures were shown)
            shown = self._shown_goal.get(turn.incoming.place.key)
            if shown is not None:
                reading = dataclasses.replace(reading, goal_id=shown)
        if reading.kind == "progress" and reading.unit and reading.goal_id is None:
            # "status COP-01": the unit's centre, said so (it showed the whole municipality;
            # a unit's own figures are its leader's, a centre's are shown by the small-numbers
            # rule)
            directory = await self.checkins.directory()
            unit = next((u for u in directory.units
                         if fold_text(u.code) == fold_text(reading.unit)), None)
            centre = next((c for c in directory.centres
                           if unit is not None and c.id == unit.centre_id), None)
            if unit is not None and centre is not None:
                await turn.send(Reply(lang=lang, text=self.i18n.text(
                    "bot.unit_in_centre", lang, unit=unit.name, centre=centre.name),
                    outcome=Outcome.ANSWER))
                return await self._centre(_Part(turn, 1), f"status {centre.code}", lang)
        if reading.kind == "progress":
            self._asked[turn.incoming.place.key] = text  # "hvad skal det ned på?" follows
            if reading.goal_id is not None:
                self._shown_goal[turn.incoming.place.key] = reading.goal_id
            progress, directory = await self.checkins.progress()
            today = self.checkins.clock.today()
            kb = self.content.kb
            goal = next((g for g in kb.goals if g.id == reading.goal_id), None)
            page = self.page_link(lang=lang)
            await turn.send(await self._for_asker(
                turn, goal_reply(kb, goal, progress[goal.id], directory, self.i18n, lang, today,
                                 page_url=page)
                if goal is not None else overview_reply(kb, progress, self.i18n, lang, today,
                                                        page_url=page)))
            return True
        return False

    async def _in_flow(self, turn: Turn, conversation: int | None, stored: Stored,
                       command: tuple[str, str | None] | None, text: str, lang: str) -> None:
        """A message while a step-by-step check-in waits for an answer. A command, "hjælp"
        or a question is never stored as an answer: it is handled, then the flow goes on with
        its question repeated. "indrapporter" asks whether to go on or start over."""
        flow = self.flow
        choice = flow.restart_choice(stored, text)
        if choice == "continue":
            await flow.reprompt(turn, stored, going_on=True)
            return
        if choice == "restart" or (choice is None and flow.wants_restart(text)):
            await flow.cancel(turn)
            argument = stored.data.get("argument")
            await self._command(turn, conversation, ("checkin", argument), lang)
            return
        if self.content.flows.control(text) is not None:
            await flow.answer(turn, stored)
            return
        if command is not None:
            if command[0] in ("checkin", "correct"):
                await flow.ask_restart(turn, stored, command[1])
                return
            if command[0] == "undo_last":  # mid-flow "fortryd" guesses nothing: a choice
                reporter = await self._reporter(turn, lang)
                if reporter is not None:
                    await flow.undo_last(turn, reporter, lang, guess=False)
                await flow.reprompt(turn, stored, going_on=True)
                return
            await self._command(turn, conversation, command, lang)
            await flow.reprompt(turn, stored, going_on=True)
            return
        small = self._small_talk(text)
        if small is not None:
            if small[0] == "help":
                await turn.send(await self._help(turn, stored.data.get("lang", small[1])))
            await flow.reprompt(turn, stored, going_on=small[0] == "help")
            return
        prompted = stored.data.get("prompt") or {}
        if prompted.get("goal") and prompted.get("field") and flow.field(
                str(prompted["goal"]), str(prompted["field"])).type == "number":
            # "tretten komma to" at the sick-leave question (it said to write a number; the
            # same line as a one-liner was read)
            text = self.content.oneliners.figure_in_words(text) or text
        if flow.is_correction(text) and await flow.correct(
                turn, stored, self.content.oneliners.decimals_in_words(text)):
            return  # "nej vent, det var 12,3" at a later question: the figure given before
            # ("nej vent, elleve komma otte" too: it was "svar ja eller nej", and 12 saved)
        if flow.corrects(text) and await flow.correct_flags(turn, stored, text):
            return  # "eller nej, kun afprøvet" at the note question: the form's answers
        if flow.corrects(text) and await flow.correct_status(turn, stored, text):
            return  # "nej vent RK er færdig" at a later question: the status given before
        if flow.corrects(text) and await flow.correct_none(turn, stored, text):
            return  # "nej vent, vi har haft et borgerpanel …" after "ingen": that form
        lead = _THEME_LEAD.match(text) if prompted.get("theme") is not None else None
        if lead is not None and lead.group(1) == str(prompted["theme"]) and \
                text[lead.end():].strip():
            # "tema 1: RK-forløb" at theme 1's question: its answer (it said to write one
            # theme at a time)
            text = text[lead.end():].strip()
        elif lead is not None:
            reading = self._read(text, lang)
            if reading.kind in ("report", "bad-value") and reading.theme is not None:
                # "tema 4: ingen – nej vent, datadrevet ledelse" at theme 2's question: theme
                # 4's line (it was saved as theme 2's initiative)
                await self._reading(turn, reading, text, lang, saved=[])
                await flow.reprompt(turn, stored, going_on=True)
                return
        if not flow.fits(stored, text):
            # a one-liner for another goal ("sygefravær 12,8") or a question about progress
            # typed at a prompt is handled as such, never stored as this prompt's answer
            reading = self._read(text, lang)
            field = prompted.get("field")
            said = reading.value.get(str(field)) if reading.kind == "report" and reading.value \
                and reading.goal_id == prompted.get("goal") else None
            if reading.kind == "report" and said is not None:
                reporter = await self._reporter(turn, lang)
                if reporter is not None and await flow.a_person(reporter, text):
                    # "min souschef har 14 sygedage" at the sick-leave question was saved as
                    # the unit's 14
                    await turn.send(Reply(lang=stored.data.get("lang", lang), text=(
                        self.content.flows.text("about_a_person", stored.data.get("lang",
                                                                                  lang)))))
                    await flow.reprompt(turn, stored, going_on=True)
                    return
            other_unit = None
            if reading.kind == "report" and not reading.unit:
                # "sygefravær kom. 11,5" at Strategi og Analyse's question: Kommunikation's
                # line (it was saved for Strategi og Analyse)
                asker = await self._asker(turn)
                units_named = named_in(text, asker.subjects) if asker else []
                here = (prompted.get("subject") or {}).get("code")
                if len(units_named) == 1 and units_named[0].code != here:
                    other_unit = units_named[0]
                    text = f"{without_named(text, other_unit)} @{other_unit.code}"
                    reading = self._read(text, lang)
            if isinstance(said, float | int) and not isinstance(said, bool):
                said = self.i18n.number(float(said), stored.data.get("lang", lang), decimals=2)
            if other_unit is None and isinstance(said, str | bool) and \
                    flow.fits(stored, str(said)):
                # "RK færdig" at the RK question, "sygefravær 12,8" at the sick-leave one:
                # its answer, said in a line
                await flow.answer(turn, stored, text=str(said))
                return
            saved: list[Subject] = []
            code = (prompted.get("subject") or {}).get("code")
            if reading.kind == "report" and not reading.unit and code and \
                    len(stored.data.get("subjects") or ()) == 1 and \
                    reading.goal_id != prompted.get("goal"):
                # "sygefravær 12,8" in Kommunikation's own check-in is Kommunikation's (it
                # asked which unit, and the next answer to the check-in dropped it); in a
                # check-in of all the leader's units it is still asked
                text = f"{text} @{code}"
                reading = self._read(text, lang)
            elsewhere = (other_unit is not None and reading.kind == "report") or (
                reading.goal_id != prompted.get("goal") and (
                    not self._bare_goal_question(text)) and (  # "hvad er målet?": this goal's
                    reading.kind == "report" or (reading.kind == "progress" and (
                        reading.goal_id is not None
                        or looks_like_question(text, self.question_words)))))
            if elsewhere and await self._reading(turn, reading, text, lang, saved=saved):
                subject = prompted.get("subject") or {}
                if reading.goal_id and any(s.code == subject.get("code") for s in saved):
                    stored = await flow.superseded(turn, stored, reading.goal_id)
                if not saved and reading.kind == "report" and await flow.choosing(turn):
                    return  # "which unit?" first; the flow goes on after the answer
                await flow.reprompt(turn, stored, going_on=True)
                return
            if reading.kind != "report" and await self._centre(turn, text, lang):
                # "status mine enheder", "status COP" at a question: the live figures asked
                # for (it said it did not understand the answer)
                await flow.reprompt(turn, stored, going_on=True)
                return
        if looks_like_question(text, self.question_words) and not flow.fits(stored, text):
            named = self._choice_asked(stored, text)
            if named is not None:
                # "hvad menes der med planlagt?" at the RK question: the answers are the
                # check-in's own steps (it was saved as Planlagt, then answered with LyNET)
                await turn.send(Reply(lang=lang, text=named, outcome=Outcome.ANSWER))
                await flow.reprompt(turn, stored, going_on=True)
                return
            # "hvad er målet?", "hvad betyder det?" at a goal's question are about that goal
            goal = self.content.kb.goal(str(prompted.get("goal"))) if prompted.get("goal") \
                else None
            previous = self.i18n.text("bot.goal_question", lang, goal=goal.title.get(
                lang)) if goal is not None else None
            asked = previous if previous is not None and self._bare_goal_question(text) \
                else text  # "hvad er målet?" is the goal's question itself
            answer = self._answer(asked, turn.incoming.locale, previous)
            await turn.send(answer.reply)
            await flow.reprompt(turn, stored, going_on=True)
            return
        field = prompted.get("field")
        if prompted.get("goal") and field and flow.field(
                str(prompted["goal"]), str(field)).type == "number" and \
                self.content.oneliners.names_period(text) and \
                not self.content.flows.unsure(text, any_length=True):
            # "1,1 i oktober" at the 12 months' sick-leave question: a month's figure (not
            # "det er 9,3 i dag, tror jeg": a hedge, which the flow answers)
            await turn.send(Reply(lang=lang, text=self.content.flows.text(
                "invalid", lang, reason=self.content.flows.reason("period", lang)),
                outcome=Outcome.CLARIFY))
            await flow.reprompt(turn, stored, going_on=True)
            return
        if prompted.get("goal") and field and (chosen := flow.field(
                str(prompted["goal"]), str(field))).type == "choice" and \
                self.content.oneliners.names_later(text) and \
                self.content.flows.choices_named(chosen, text) <= 1 and \
                self._read(text, lang).kind != "report":
            # "RK færdig i december", "Vi regner med at være færdige i december" at the
            # status question: a plan (it was saved as "Færdig"; the same one-liner is not);
            # beside the status now ("i gang, forventer at blive færdige i december") it is
            # the flow's to read
            await turn.send(Reply(lang=lang, text=self.content.flows.text(
                "not_now", lang, reason=self.content.flows.reason("later", lang)),
                outcome=Outcome.CLARIFY))
            await flow.reprompt(turn, stored, going_on=True)
            return
        if stored.data.get("ask") == "restart":
            # "go on or start over?" is pending: an answer to the question behind it would
            # answer something the user does not see ("nej" is not "start over" either)
            await flow.ask_restart(turn, stored, stored.data.get("argument"))
            return
        await flow.answer(turn, stored, text=text if text != turn.incoming.text else None)

    @staticmethod
    def _one_sentence(text: str) -> bool:
        """"i én sætning", "in one sentence": not two ("i to sætninger" is)."""
        return bool({"saetning", "sentence"} & set(fold_text(text).split()))

    async def _centre_code(self, text: str, answer: Answer) -> Answer:
        """"hvad er COP?", "what is CSO", "hvad står cop for?": a centre's code the strategy
        does not name is the centre's, in the bot's own organisation (it was "Det ved jeg
        desværre ikke" right after "status COP" showed that centre)."""
        said = set(fold_text(text).split())
        if len(said) > self.CODE_QUESTION_WORDS:
            return answer
        directory = await self.checkins.directory()
        named = [c for c in directory.centres if fold_text(c.code) in said]
        if len(named) != 1:
            return answer
        centre = named[0]
        return dataclasses.replace(answer, outcome=Outcome.ANSWER, kind="centre", reply=Reply(
            lang=answer.lang, text=self.i18n.text("bot.centre_code", answer.lang,
                                                  code=centre.code, name=centre.name),
            outcome=Outcome.ANSWER))

    CODE_QUESTION_WORDS = 6
    """the most words of a question about a centre's code ("hvad står cop egentlig for?")"""

    def _choice_asked(self, stored: Stored, text: str) -> str | None:
        """The reply to a question about one of the pending question's answers ("hvad menes
        der med planlagt?"), or None when it names none."""
        prompt = stored.data.get("prompt") or {}
        if not prompt.get("goal") or not prompt.get("field"):
            return None
        field = self.flow.field(str(prompt["goal"]), str(prompt["field"]))
        lang = stored.data.get("lang") or "da"
        padded = f" {fold_text(text)} "
        named = next((c for c in field.choices if any(
            f" {fold_text(w)} " in padded for w in (c.da, c.en))), None)
        if named is None:
            return None
        return self.content.flows.text(
            "choice_meaning", lang, choice=named.label(lang),
            choices=", ".join(c.label(lang) for c in field.choices))

    async def _command(self, turn: Turn, conversation: int | None,
                       command: tuple[str, str | None],
                       lang: str) -> None:
        name, argument = command
        if name == "my_data":  # "slet mine data": what is stored, and how to have it erased
            await self.identity.tell_stored(turn, lang)
            return
        if name in SUBSCRIPTION_COMMANDS:
            if conversation is None:  # it must be stored to be subscribed (raises if it can't)
                conversation = await self._remember(turn, lang=lang, now=True)
            assert conversation is not None
            schedule = await self.subscriptions.run(turn, conversation, name, argument, lang)
            if name == "subscribe" and schedule is not None:
                self._subscribed[turn.incoming.place.key] = (conversation, schedule)
            return
        if name in ("stop_reminders", "start_reminders"):
            await self.subscriptions.reminders(turn, name == "stop_reminders", lang)
            return
        if name == "reminders":
            asker = await self._asker(turn)
            await self.subscriptions.about_reminders(
                turn, lang, leads=asker is not None and bool(asker.subjects))
            return
        if name in _PRIVATE and turn.incoming.place.kind != "personal":
            async with self._privately(turn, lang) as private:
                if private is not None:
                    await self._command(private, await self._remember(private, lang=lang),
                                        command, lang)
            return
        if name in ("progress", "missing"):
            progress, directory = await self.checkins.progress()
            kb = self.content.kb
            reply = overview_reply(kb, progress, self.i18n, lang, self.checkins.clock.today(),
                                   page_url=self.page_link(lang=lang)) \
                if name == "progress" else missing_reply(kb, progress, directory, self.i18n, lang)
            await turn.send(await self._for_asker(turn, reply))
            if name == "progress":  # "og den anden?": the second goal of the list
                self._shown_list[turn.incoming.place.key] = tuple(
                    g.title.get(lang) for g in kb.goals)
            return
        if name == "centres":  # "hvilke centre er der?" (it got the leadership forums)
            directory = await self.checkins.directory()
            lines = "\n".join(f"  - {c.code} – {c.name}" for c in directory.centres)
            await turn.send(Reply(lang=lang, text=self.i18n.text(
                "bot.centres_list", lang, count=len(directory.centres), lines=lines),
                outcome=Outcome.ANSWER))
            return
        if name == "command_usage":  # "saml", "godkend" alone (it was answered from the
            # strategy: "saml" got a quote about gathering knowledge)
            await turn.send(Reply(lang=lang, text=self.content.flows.text("command_usage", lang),
                                  outcome=Outcome.CLARIFY))
            return
        if name == "forms":
            # how to merge and split is said to an admin only (the others cannot)
            asker = await self._asker(turn)
            await self.figures.forms(turn, lang, admin=asker is not None and asker.admin)
            return
        if name == "overview":
            overview = strategy_overview(self.i18n, self.content.kb, lang,
                                         today=self.checkins.clock.today(),
                                         document_url=self.document_url)
            # ("kortere tak" right after it said there was no answer before to shorten)
            self._shown_reply[turn.incoming.place.key] = overview
            await turn.send(overview)
            return
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return
        if name == "history":
            await self.flow.history(turn, reporter, lang, argument)
        elif name == "proposals":
            await self.figures.proposals(turn, reporter, lang)
        elif name in ("approve", "reject") and argument:
            await self.figures.decide(turn, reporter, argument, confirm=name == "approve",
                                      lang=lang)
        elif name == "withdraw_fte":
            units = [s for s in reporter.subjects if s.kind == "unit"]
            named = named_in(argument or "", units) or named_first(argument or "", units)
            await self.figures.withdraw_pending(turn, named or units, lang,
                                                named=bool(named))
        elif name == "propose_fte" and argument:
            proposed = await self.figures.propose(turn, reporter, argument, lang)
            # (what a correction right after corrects is the proposal, not the report before:
            # "nej vent 17 var det" after "fte 16 for kom" set the sick leave to 17)
            self._saved[turn.incoming.place.key] = None
            if proposed is not None:
                self._proposed[turn.incoming.place.key] = proposed
        elif name == "merge_forms" and argument:
            await self.figures.merge(turn, reporter, argument, lang)
        elif name == "split_form" and argument:
            await self.figures.split(turn, reporter, argument, lang)
        elif name == "remove_form" and argument:
            await self.flow.remove_form(turn, reporter, argument, lang)
        elif name == "undo_last":
            await self.flow.undo_last(turn, reporter, lang)
        elif name == "undo" and argument:
            await self.flow.undo(turn, reporter, argument, lang)
        elif name in ("checkin", "correct"):
            if argument and await self.checkins.subject(reporter, argument) is None:
                # "ret sygefravær for kommunikation til 18,2", "ret tema 2 til X": the new
                # figure or name itself ("til" says what it becomes, it is no part of it)
                for line in (_TO.sub(": ", argument, count=1), argument):
                    reading = self._read(line, lang)
                    if reading.kind in ("report", "bad-value"):
                        await self._reading(turn, reading, line, lang)
                        return
                if await self._corrected_to(turn, reporter, argument, lang):
                    return
                named = [s for s in reporter.subjects
                         if fold_text(s.name) == fold_text(argument)] or named_in(
                    argument, list(reporter.subjects))
                if not named and reporter.admin:  # "indrapporter kommunikation" by an admin:
                    # any unit, by its name (it said its leader checks in for it)
                    directory = await self.checkins.directory()
                    units = [Subject("unit", u.id, u.code, u.name, u.centre_id, u.fte)
                             for u in directory.units]
                    named = [u for u in units if fold_text(u.name) == fold_text(argument)] \
                        or named_in(argument, units)
                if len(named) == 1:  # "ret kommunikation": the unit by its name
                    argument = named[0].code
                elif not named and len(argument.split()) > 1:
                    # "indrapporter igen – jeg vil lige se det hele igennem": no unit named
                    # (it was "Der er ingen enhed … med koden "igen – jeg vil …"")
                    argument = None
            await self._start_checkin(turn, reporter, argument, lang)

    async def _corrected_to(self, turn: Turn, reporter: Reporter, argument: str,
                            lang: str) -> bool:
        """"ret kommunikation til færdig" right after "RK i gang i begge": that unit's answer
        to the goal just saved; "ret dialogmøde med borgerne til borgermøde": a form is not
        renamed, and how to replace it is said (both were "Der er ingen enhed … med koden
        …")."""
        parts = _TO.split(argument, maxsplit=1)
        last = await self._last_saved(turn)
        if len(parts) != 2 or last is None or not parts[1].strip():
            return False
        before, after = parts[0].strip(), parts[1].strip()
        flow = self.content.flows.goals[last.goal]
        named = named_in(before, [s for s in reporter.subjects if s.kind == flow.applies_to])
        if len(named) == 1 and len(before.split()) <= self.UNIT_WORDS:  # ("ret S&A til …")
            return await self._goal_line(turn, last.goal, after, named[0].code, lang)
        if flow.multiple and last.value and fold_text(before) == fold_text(
                str(next(iter(last.value.values()), ""))):
            await turn.send(Reply(lang=lang, text=self.content.flows.text(
                "form_rename", lang, old=before, new=after), outcome=Outcome.CLARIFY))
            return True
        return False

    UNIT_WORDS = 3
    """the most words of a unit named before "til" in "ret <enhed> til <svar>" ("ret
    strategi og analyse til i gang")"""

    async def _start_checkin(self, turn: Turn, reporter: Reporter, argument: str | None,
                             lang: str) -> None:
        subjects = list(reporter.subjects)
        argument = (argument or "").strip().lstrip("@").strip() or None  # ("indrapporter @CDI")
        if argument:
            subject = await self.checkins.subject(reporter, argument)
            named = named_first(argument, reporter.subjects) if subject is None else []
            subject = named[0] if len(named) == 1 else subject  # ("indrapporter kom")
            if subject is None:
                await turn.send(await self.flow._cannot(reporter, argument, "unit", lang))
                return
            subjects = [subject]
        if not subjects:
            await self._refuse(turn, reporter, lang)
            return
        if await self.flow.closed(turn, reporter, lang):
            return
        if turn.forms:
            for subject in subjects:
                await turn.send(await self.flow.form(subject, lang))
        else:
            await self.flow.start(turn, reporter, subjects, lang)

    # ------------------------------------------------------------------ who is this?
    async def _last_saved(self, turn: Turn) -> _Saved | None:
        """What a one-liner last saved in this place (``_saved``); after a restart, read back
        once from the reports the person's last message saved, if that was just now ("nej
        vent, det var kommunikation" as the first message after a restart was asked back)."""
        key = turn.incoming.place.key
        if key in self._saved:
            return self._saved[key]
        self._saved[key] = None
        asker = await self._asker(turn)
        if asker is None or not asker.may_report:
            return None
        rows = await self.flow.saved_just_now(
            asker, dt.timedelta(seconds=FOLLOW_UP_FOR))
        goals = {r.goal_id for r in rows}
        if len(goals) != 1 or not all(r.goal_id in self.content.flows.goals for r in rows):
            return None
        by_id = {(s.kind, s.id): s for s in asker.subjects}
        units = [by_id.get(("unit", r.unit_id) if r.unit_id is not None else
                           ("centre", r.centre_id)) for r in rows]
        if any(u is None for u in units):
            return None
        figures = {r.number for r in rows}
        first = rows[0]
        restored = _Saved(first.goal_id, tuple(u for u in reversed(units) if u is not None),
                          figures.pop() if len(figures) == 1 else None, dict(first.value),
                          first.theme)
        self._saved[key] = restored
        return restored

    async def _asker(self, turn: Turn) -> Reporter | None:
        """Who asks in a personal chat, as a reporter (None in a channel, or unknown)."""
        if turn.incoming.place.kind != "personal":
            return None
        email = await self.identity.email(turn)
        return await self.checkins.reporter(email) if email else None

    async def _for_asker(self, turn: Turn, reply: Reply) -> Reply:
        """``reply`` without its "check in now" button for someone in a personal chat who
        may not check in (an employee is not offered what would be refused); a channel's
        reply keeps it for the leaders who read it."""
        self._progress_shown[turn.incoming.place.key] = True
        self._viewed[turn.incoming.place.key] = turn.incoming.text
        asker = await self._asker(turn)
        if asker is None or asker.may_report:
            return reply
        checkin = self.i18n.command("checkin", reply.lang)
        return dataclasses.replace(reply, actions=tuple(
            a for a in reply.actions if not (a.kind == "command" and a.value == checkin)))

    async def _reporter(self, turn: Turn, lang: str) -> Reporter | None:
        """The reporter if they may check in; otherwise a polite refusal and None."""
        email = await self.identity.email(turn)
        if email is None:
            await turn.send(Reply(lang=lang, text=self.content.flows.text("no_email", lang)))
            return None
        reporter = await self.checkins.reporter(email)
        if not reporter.may_report:
            await self._refuse(turn, reporter, lang)
            return None
        return reporter

    async def _refuse(self, turn: Turn, reporter: Reporter, lang: str) -> None:
        if reporter.admin:  # an admin leads no unit, but reports for any by its code (it was
            # told to contact an administrator: themselves)
            await turn.send(Reply(lang=lang, text=self.content.flows.text("admin_checkin", lang),
                                  outcome=Outcome.CLARIFY))
            return
        admins = ", ".join(sorted(self.checkins.admins))
        text = self.content.flows.text("not_leader" if admins else "not_leader_no_admins",
                                       lang, who=reporter.email or "?", admins=admins)
        await turn.send(Reply(lang=lang, text=text, outcome=Outcome.ANSWER))

