"""Per-question latency only (no load figure): every question of eval/questions.yaml and
eval/document.yaml answered ``--repeat`` times in one process after a warm-up round; p50 and p99.
Run it alternately for two builds to compare them on a noisy machine:

    PYTHONPATH=<worktree>/src .venv/bin/python benchmarks/bench_answer_latency.py
"""

from __future__ import annotations

import argparse
import time

import yaml

from strategibot.services.content import knowledge_folder, load_content
from strategibot.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    content = load_content(settings)
    folder = knowledge_folder(settings) / "eval"
    questions = [q["q"] for name in ("questions", "document") for q in yaml.safe_load(
        (folder / f"{name}.yaml").read_text(encoding="utf-8"))["questions"]]
    for question in questions:  # warm-up
        content.engine.answer(question)
    timed: list[float] = []
    for _ in range(args.repeat):
        for question in questions:
            started = time.perf_counter_ns()
            content.engine.answer(question)
            timed.append((time.perf_counter_ns() - started) / 1e6)
    timed.sort()
    print(f"p50 {timed[len(timed) // 2]:.3f} ms  p99 {timed[int(len(timed) * 0.99)]:.3f} ms  "
          f"({len(timed)} answers)")


if __name__ == "__main__":
    main()
