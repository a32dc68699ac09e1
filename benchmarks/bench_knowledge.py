"""Knowledge load + index build time, and per-question latency over the question set.

    .venv/bin/python benchmarks/bench_knowledge.py [--rounds 7] [--repeat 20]

Load + index is timed in fresh subprocesses (cold imports excluded, caches cold), as the median
of ``--rounds``; it includes the document's passages. Latency is every question of
eval/questions.yaml and of eval/document.yaml (the questions written from the document: detail,
two-part, near misses) answered ``--repeat`` times in one process (the LRU caches of folding
and stemming warm, as in a running bot); p50/p99 of all answers, and of each set. For
comparison the same run times a plain ``rapidfuzz.process.extractOne`` over all alternative
questions (the naive engine this one replaced).

``--reranker e5`` times the engine with the optional re-ranker: its load in the load
figure, and — since it keeps each question's embedding — the first answer to every question
(the warm-up round, ``first_ms_*``) beside the repeated ones.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import yaml

_LOAD = """
import json, time
from strategibot.settings import Settings
from strategibot.services.content import load_content
import strategibot.domain.answers.engine  # imports are not part of the figure
t = time.perf_counter()
a = load_content(Settings(reranker=RERANKER))
print(json.dumps({"seconds": time.perf_counter() - t, "entries": len(a.kb.entries)}))
"""


_LOAD_WITHOUT_PASSAGES = """
import dataclasses, json, time
from strategibot.settings import Settings
from strategibot.services import content as module
import strategibot.domain.answers.engine  # imports are not part of the figure
load_knowledge = module.load_knowledge
module.load_knowledge = lambda folder: dataclasses.replace(load_knowledge(folder), passages=())
t = time.perf_counter()
a = module.load_content(Settings())  # (the re-ranker needs the passages)
print(json.dumps({"seconds": time.perf_counter() - t, "entries": len(a.kb.entries)}))
"""
"""The comparison in the same run: the knowledge base loaded and indexed without the passage
layer (the passage file is still read and validated; only the index is left out)."""


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reranker", choices=["off", "e5"], default="off",
                        help="the optional re-ranker (STRATEGIBOT_RERANKER)")
    args = parser.parse_args()
    prelude = f"RERANKER = {args.reranker!r}\n"

    loads, without = [], []
    for _ in range(args.rounds):  # interleaved, so both see the same noise
        for script, into in ((_LOAD, loads), (_LOAD_WITHOUT_PASSAGES, without)):
            done = subprocess.run([sys.executable, "-c", prelude + script], capture_output=True,
                                  text=True, check=True)
            into.append(json.loads(done.stdout)["seconds"])

    from rapidfuzz import fuzz, process

    from strategibot.services.content import knowledge_folder, load_content
    from strategibot.settings import Settings

    settings = Settings(reranker=args.reranker)
    content = load_content(settings)
    folder = knowledge_folder(settings) / "eval"
    sets = {name: [q["q"] for q in yaml.safe_load(
        (folder / f"{name}.yaml").read_text(encoding="utf-8"))["questions"]]
        for name in ("questions", "document")}
    questions = sets["questions"]
    engine = content.engine
    first = []
    for question in questions + sets["document"]:  # warm-up, timed: each question's first time
        started = time.perf_counter_ns()
        engine.answer(question)
        first.append((time.perf_counter_ns() - started) / 1e6)
    by_set: dict[str, list[float]] = {name: [] for name in sets}
    for _ in range(args.repeat):
        for name, asked in sets.items():
            for question in asked:
                started = time.perf_counter_ns()
                engine.answer(question)
                by_set[name].append((time.perf_counter_ns() - started) / 1e6)
    latencies = by_set["questions"] + by_set["document"]

    choices = [q for e in content.kb.entries.values() for lang in ("da", "en")
               for q in e.questions[lang]]
    naive = []
    for _ in range(args.repeat):
        for question in questions:
            started = time.perf_counter_ns()
            process.extractOne(question, choices, scorer=fuzz.WRatio)
            naive.append((time.perf_counter_ns() - started) / 1e6)

    result = {
        "load_index_ms_median": round(statistics.median(loads) * 1000, 1),
        "load_index_ms_min": round(min(loads) * 1000, 1),
        "load_index_without_passage_index_ms_median": round(statistics.median(without) * 1000,
                                                            1),
        "passages": len(content.kb.passages),
        "questions": len(questions) + len(sets["document"]),
        "answers_timed": len(latencies),
        "answer_ms_p50": round(_percentile(latencies, 0.50), 3),
        "answer_ms_p99": round(_percentile(latencies, 0.99), 3),
        "answer_ms_max": round(max(latencies), 3),
        "reranker": settings.reranker,
        "first_ms_p50": round(_percentile(first, 0.50), 3),
        "first_ms_p99": round(_percentile(first, 0.99), 3),
        **{f"{name}_ms_p50": round(_percentile(timed, 0.50), 3)
           for name, timed in by_set.items()},
        **{f"{name}_ms_p99": round(_percentile(timed, 0.99), 3)
           for name, timed in by_set.items()},
        "naive_extractone_wratio_ms_p50": round(_percentile(naive, 0.50), 3),
        "naive_extractone_wratio_ms_p99": round(_percentile(naive, 0.99), 3),
        "alternative_questions": len(choices),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
