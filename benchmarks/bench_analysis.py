"""Benchmark: exact parametric analysis of every bundled tree model, and vectorised evaluation.

Run from the repository root:

    python benchmarks/bench_analysis.py

For each bundled model of perfect information it times ``dt.analyse`` along its credibility (or
audience-cost) parameter and ``dt.threshold``, then evaluates the compiled closed form and the
piece index at a million points, and compares with solving each point with the exact solver (on
a sample, extrapolated). Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

import deterrence as dt

CASES = [
    ("extended-deterrence", "p", ["status_quo"]),
    ("classic-deterrence", "a", ["W"]),
    ("audience-cost-crisis", "a", ["concession"]),
]
POINTS = 1_000_000
SAMPLE = 200


def main() -> None:
    header = (
        f"{'model':<22} {'analyse s':>10} {'threshold s':>12} {'M pts/s closed form':>20} "
        f"{'M pts/s pieces':>15} {'pts/s solve':>12}"
    )
    print(header)
    print("-" * len(header))
    for model, param, outcomes in CASES:
        game = dt.load(model)
        start = time.perf_counter()
        solution = dt.analyse(game, over=param)
        analyse_s = time.perf_counter() - start
        start = time.perf_counter()
        result = dt.threshold(game, param, outcomes)
        threshold_s = time.perf_counter() - start
        others = {k: float(v) for k, v in result.fixed.items()}
        evaluate = result.compiled()
        names = {s.name for s in result.symbolic.free_symbols}
        grid = {k: np.full(POINTS, v) for k, v in others.items() if k in names}
        first = sorted(names)[0]
        grid[first] = np.linspace(others[first] * 0.9, others[first] * 1.1, POINTS)
        start = time.perf_counter()
        evaluate(**grid)
        closed_rate = POINTS / (time.perf_counter() - start)
        xs = np.linspace(0, 1, POINTS)
        start = time.perf_counter()
        solution.piece_index(xs)
        piece_rate = POINTS / (time.perf_counter() - start)
        start = time.perf_counter()
        for k in range(SAMPLE):
            dt.solve(game, "spe", values={param: Fraction(k, SAMPLE)}, cross_check=False)
        solve_rate = SAMPLE / (time.perf_counter() - start)
        print(
            f"{model:<22} {analyse_s:>10.3f} {threshold_s:>12.3f} {closed_rate / 1e6:>20.1f} "
            f"{piece_rate / 1e6:>15.1f} {solve_rate:>12.0f}"
        )


if __name__ == "__main__":
    main()
