"""Fit the answer engine's calibration (``src/strategibot/domain/answers/calibration.py``) on
the development set written from the document, and report what it does.

    .venv/bin/python benchmarks/calibrate_answers.py            # fit, cross-validate, print
    .venv/bin/python benchmarks/calibrate_answers.py --folds 10

For every question of ``eval/document-dev.yaml`` (two-part questions aside: they are answered
part by part) the engine gives its features and the replies its best entry and its best
passage would give. A reply is *right* as ``kb eval --document`` counts it: for a detail
question it holds every evidence group, for a near miss or an out-of-scope question it
presents no strategy fact as the answer. Two logistic models are fitted — P(the entry's reply
is right), P(the passage's reply is right) — and printed as the code of ``ENTRY`` and
``PASSAGE``. The cross-validated effect of the decision they drive (an entry the scores leave
unsure answers when P ≥ ``Thresholds.calibrated``) is printed per kind of question, so that
a new threshold is judged on questions the model was not fitted on. The held-out
``eval/document.yaml`` is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from strategibot.domain.answers.calibration import ENTRY, PASSAGE, Model, fit
from strategibot.domain.answers.engine import Answer, AnswerEngine
from strategibot.domain.answers.evaluation import has_evidence, reply_text
from strategibot.domain.evalsets import DocumentQuestion
from strategibot.domain.knowledge.load import load_document_set, load_synonyms
from strategibot.domain.messages import Outcome
from strategibot.services.content import knowledge_folder, load_content
from strategibot.settings import Settings

Row = tuple[Mapping[str, float], bool]


def right(question: DocumentQuestion, answer: Answer | None) -> bool:
    if answer is None:
        return False
    if question.kind in ("detail", "two-part"):
        return answer.outcome is Outcome.ANSWER and has_evidence(reply_text(answer),
                                                                  question.evidence)
    if question.kind == "near-miss":
        return answer.outcome is not Outcome.ANSWER
    return answer.outcome is Outcome.UNKNOWN


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    config = Settings()
    content = load_content(config)
    engine = content.engine
    # the engine without the calibrated decision: what the decision is measured against
    without = AnswerEngine(content.kb, content.i18n,
                           thresholds=dataclasses.replace(engine.thresholds, calibrated=2.0),
                           default_language=config.default_language,
                           synonyms=load_synonyms(knowledge_folder(config).parent
                                                  / "synonyms.yaml"))
    path = knowledge_folder(config) / "eval" / "document-dev.yaml"
    samples: list[tuple[DocumentQuestion, dict[str, float], bool | None, bool | None, bool]] = []
    for question in load_document_set(path).questions:
        if question.kind == "two-part":
            continue
        values, entry, passage = engine.alternatives(question.q)
        now = right(question, without.answer(question.q))
        samples.append((question, values,
                        right(question, entry) if entry is not None else None,
                        right(question, passage) if passage is not None else None, now))
    entry_rows: list[Row] = [(v, e) for _, v, e, _, _ in samples if e is not None]
    passage_rows: list[Row] = [(v, p) for _, v, _, p, _ in samples if p is not None]
    entry_model = fit(ENTRY.features, entry_rows)
    passage_model = fit(PASSAGE.features, passage_rows)
    print(f"{len(samples)} questions of {path.name}: {len(entry_rows)} with an entry, "
          f"{len(passage_rows)} with a passage\n")
    print(_code("ENTRY", entry_model))
    print(_code("PASSAGE", passage_model))
    _cross_validate(samples, args.folds, args.seed, engine.thresholds.calibrated)
    return 0


def _code(name: str, model: Model) -> str:
    weights = ", ".join(str(w) for w in model.weights)
    return f"{name} = Model(\n    {model.features!r},\n    ({weights}),\n)"


def _cross_validate(samples: list[tuple[DocumentQuestion, dict[str, float], bool | None,
                                        bool | None, bool]],
                    folds: int, seed: int, threshold: float) -> None:
    """How the entry model's decision would change the replies, on questions it was not
    fitted on: for each fold, fitted on the others; per kind of question, how many replies of
    the engine without the decision become right and how many stop being right if every
    entry with P ≥ threshold answered (an approximation: the engine applies the decision
    only where its scores leave it unsure and no passage answers, and asks back on ties)."""
    order = list(range(len(samples)))
    random.Random(seed).shuffle(order)
    changes: dict[str, list[int]] = {}
    for fold in range(folds):
        held = set(order[fold::folds])
        rows = [(samples[i][1], bool(samples[i][2])) for i in order
                if i not in held and samples[i][2] is not None]
        model = fit(ENTRY.features, rows)
        for i in held:
            question, values, entry, _, now = samples[i]
            if entry is None or model.probability(values) < threshold or entry == now:
                continue
            gained, lost = changes.setdefault(question.kind, [0, 0])
            changes[question.kind] = [gained + entry, lost + (not entry)]
    print(f"\n{folds}-fold cross-validation, threshold {threshold}: replies that become "
          "right / stop being right")
    for kind, (gained, lost) in sorted(changes.items()):
        print(f"  {kind:13} +{gained} / -{lost}")


if __name__ == "__main__":
    raise SystemExit(main())
