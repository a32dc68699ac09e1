"""What an asker says of themselves around a question ("vi er jo bare en vuggestue med en
ipad", "jeg sidder i HR og hjælper lederne med nye ansættelser", "I work at the job centre"):
their own situation, not what they ask of the strategy. Its words (``vuggestue``, ``ipad``,
``APV``) are words the document never uses, and made the engine refuse or say "the strategy
does not mention …" of a question it answers when asked plainly. The engine asks again without
such clauses when the whole question is not answered."""

from __future__ import annotations

import re

from strategibot.domain.normalise import fold_text

__all__ = ["without_context"]

_CLAUSE = re.compile(r"(?<=[.!?;:,–—])\s+|\s+[-–—]\s+|(?<=[.!?])(?=\S)")
"""Where a message's clauses part: after a sentence's or clause's mark, or at a dash."""

_SELF = re.compile(
    r"^(?:og |men |and |but |so |så |saa )?(?:"
    r"(?:jeg|vi) (?:er|sidder|arbejder|har lige|har ansvar|har ansvaret|kommer fra|underviser|"
    r"passer|leder|laver|skal forklare|skal fortaelle|skal holde|hjaelper|moeder|moder|"
    r"tager os af|er ansat)\b"
    r"|(?:min|vores) (?:leder|chef|formand|kollega|kolleger|kolleg|afdeling|institution|"
    r"tillidsrepraesentant|tr|direktoer|direktor) (?:spurgte|siger|sagde|snakker|taler|"
    r"naevner|nævner|blev|bad|har spurgt)\b"
    r"|som (?:ny|nyansat|leder|centerchef|medarbejder|paedagog|laerer|tillidsrepraesentant)\b"
    r"|(?:i|we) (?:am|work|sit|run|lead|teach|have just|just had|are a|are an|are the|are just|"
    r"are only|are part|were told|was told|keep)\b"
    r"|i'm|im a|we're|were a|my (?:manager|boss|colleague|team)|as an? (?:new|hr|it|team)"
    r"|(?:for|til) (?:my|our|an?|the|min|mit|mine|vores|et|en|byraadets|byradets) \w+(?: \w+)?$"
    r")")
"""A clause that tells of the asker ("jeg er HR-konsulent", "vi sidder i socialafdelingen",
"vores formand spurgte mig", "I work at the job centre"), or what it is for ("For my
assignment:", "Til byrådets orientering:"), in folded spelling."""


def without_context(question: str) -> str:
    """``question`` without the clauses that tell of the asker; as it was when none does,
    or when nothing else is left."""
    clauses = [c for c in _CLAUSE.split(question.strip()) if c and c.strip()]
    if len(clauses) < 2:
        return question
    kept = [c for c in clauses if not _SELF.match(fold_text(c).strip())]
    if not kept or len(kept) == len(clauses):
        return question
    return " ".join(kept).strip(" ,;:–—-")
