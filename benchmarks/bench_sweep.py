"""Benchmark: sweeping the extended-deterrence model over a grid of (p, a).

Run as a script from the repository root:

    python benchmarks/bench_sweep.py [--side 1000] [--loop-points 400] [--big 100000000]

In one run, on the same grid of the bundled model ``extended-deterrence`` (the pledge's
credibility p in [0, 1] times the audience cost a in [0, 2], the other parameters at their
defaults), it measures points per second of:

- the fast path: the compiled parametric solution (vectorised backward induction), giving the
  equilibrium outcome's label at every point of a side x side grid, on one core;
- ``dt.sweep`` end to end on the same grid (labels as strings, a pandas DataFrame);
- the general path: the exact solver at each point, on a sub-grid of ``--loop-points``;
- a plain loop that solves each point with nashpy, and (where installed) with pygambit.

nashpy takes two players only, so its loop solves the two-player core a nashpy user would
write by hand: the attacker against the defender, the protégé resisting (as it does at the
defaults), the pledge binding with probability p. pygambit solves the full three-player tree
(pure equilibria of the agent form, ``enumpure_agent_solve``), its payoffs set at each point.

Last, it runs a sweep of ``--big`` points chunk by chunk in a child process, counting outcomes
without keeping the rows, and reports the child's peak memory. Results go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from fractions import Fraction

import numpy as np

import deterrence as dt
from deterrence.solvers.vectorised_tree import CompiledTree
from deterrence.sweeps.run import plan_sweep, run_chunks

MODEL = "extended-deterrence"


def _best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _grid_columns(game, side: int) -> dict:
    columns: dict = {p.name: float(p.value) for p in game.parameters}
    p, a = np.meshgrid(np.linspace(0, 1, side), np.linspace(0, 2, side), indexing="ij")
    columns["p"], columns["a"] = p.ravel(), a.ravel()
    return columns


def _loop_points(side: int, count: int) -> list[tuple[Fraction, Fraction]]:
    k = max(2, round(count**0.5))
    ps = [Fraction(i, side - 1) for i in np.linspace(0, side - 1, k).astype(int)]
    as_ = [2 * Fraction(j, side - 1) for j in np.linspace(0, side - 1, k).astype(int)]
    return [(p, a) for p in ps for a in as_]


def _payoff_functions(game):
    """Each outcome's payoff to each player, compiled, keyed by outcome label."""
    import sympy

    symbols = [p.symbol for p in game.parameters]
    out = {}
    for node in game.nodes:
        if node.kind == "terminal" and node.outcome not in out:
            out[node.outcome] = sympy.lambdify(symbols, list(node.payoff.total), "math")
    return out


def nashpy_loop(game, points) -> float:
    """Seconds per point: build the attacker-defender bimatrix at the point, solve it."""
    import warnings

    import nashpy

    warnings.simplefilter("ignore")  # nashpy warns of degenerate games at the switch points
    payoff = _payoff_functions(game)
    names = [p.name for p in game.parameters]
    defaults = {p.name: float(p.value) for p in game.parameters}
    start = time.perf_counter()
    for p, a in points:
        values = {**defaults, "p": float(p), "a": float(a)}
        args = [values[n] for n in names]
        sq = payoff["status_quo"](*args)
        war = payoff["war"](*args)
        abandoned = payoff["abandoned"](*args)
        # Attacker rows (status quo, attack) x defender columns (defend, abandon); the
        # pledge binds with probability p, in which case the defender fights.
        attack_abandon = [
            p_ * w + (1 - p_) * ab for p_, w, ab in zip([float(p)] * 3, war, abandoned, strict=True)
        ]
        A = np.array([[sq[0], sq[0]], [war[0], attack_abandon[0]]])
        D = np.array([[sq[2], sq[2]], [war[2], attack_abandon[2]]])
        list(nashpy.Game(A, D).support_enumeration())
    return (time.perf_counter() - start) / len(points)


def pygambit_loop(game, points) -> float | None:
    try:
        import pygambit as gbt
    except ImportError:
        return None
    from deterrence.formats import write_efg
    from deterrence.game.instantiate import instantiate
    from deterrence.game.parameters import resolve_values

    numeric, _ = instantiate(game, resolve_values(game.parameters, {}))
    efg = gbt.read_efg(__import__("io").StringIO(write_efg(numeric)))
    payoff = _payoff_functions(game)
    names = [p.name for p in game.parameters]
    defaults = {p.name: Fraction(p.value) for p in game.parameters}
    outcomes = {o.label: o for o in efg.outcomes}
    chance = [n for n in efg.nodes if not n.is_terminal and n.player.is_chance]
    start = time.perf_counter()
    for p, a in points:
        values = {**defaults, "p": p, "a": a}
        args = [values[n] for n in names]
        for label, outcome in outcomes.items():
            vector = payoff[label](*args)
            for player, v in zip(efg.players, vector, strict=True):
                outcome[player] = Fraction(v).limit_denominator(10**9)
        for node in chance:
            efg.set_chance_probs(node.infoset, [p, 1 - p])
        gbt.nash.enumpure_agent_solve(efg)
    return (time.perf_counter() - start) / len(points)


def big_sweep(points: int) -> None:
    """The child process of the memory measurement: a sweep of ``points`` points, counted."""
    side = round(points**0.5)
    game = dt.load(MODEL)
    plan = plan_sweep(game, {"p": f"0:1:{side}", "a": f"0:2:{side}"}, what="outcome")
    counts: Counter = Counter()
    start = time.perf_counter()
    for chunk in run_chunks(plan, chunk_size=1 << 18):
        counts.update(chunk.columns["outcome"].tolist())
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{side * side} {seconds:.1f} {peak_mb:.0f} {dict(counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=1000)
    parser.add_argument("--loop-points", type=int, default=400)
    parser.add_argument("--big", type=int, default=10**8)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        big_sweep(args.child)
        return

    import nashpy

    try:
        import pygambit
    except ImportError:
        pygambit = None
    print(
        f"python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} cores), "
        f"numpy {np.__version__}, nashpy {nashpy.__version__}, "
        f"pygambit {getattr(pygambit, '__version__', 'not installed')}"
    )
    game = dt.load(MODEL)
    side = args.side
    n = side * side

    compiled = CompiledTree(game)
    columns = _grid_columns(game, side)
    compiled.evaluate(columns, n)  # warm-up: first use of the compiled functions
    fast = _best(lambda: compiled.evaluate(columns, n))
    grid = {"p": f"0:1:{side}", "a": f"0:2:{side}"}
    end_to_end = _best(lambda: dt.sweep(game, grid, what="outcome"), repeat=1)

    points = _loop_points(side, args.loop_points)
    general = _best(
        lambda: dt.sweep(
            game,
            {"p": sorted({p for p, _ in points}), "a": sorted({a for _, a in points})},
            path="general",
        ),
        repeat=1,
    ) / len(points)
    nashpy_per_point = nashpy_loop(game, points)
    gambit_per_point = pygambit_loop(game, points)

    rate = {
        "fast path, outcome labels (codes), one core": n / fast,
        "dt.sweep end to end (labels, DataFrame)": n / end_to_end,
        "general path (exact solve per point)": 1 / general,
        "plain loop: nashpy per point (2-player core)": 1 / nashpy_per_point,
    }
    if gambit_per_point is not None:
        rate["plain loop: pygambit per point (full tree)"] = 1 / gambit_per_point
    print(f"\nmodel {MODEL}, grid {side} x {side} over (p, a); loops on {len(points)} points\n")
    print(f"{'method':<46} {'points/s':>14} {'fast path is x faster':>22}")
    top = rate["fast path, outcome labels (codes), one core"]
    for name, value in rate.items():
        print(f"{name:<46} {value:>14,.0f} {top / value:>22,.0f}")
    print(f"\nfast path: {n:,} points in {fast:.3f} s (target: under 0.2 s)")

    child = subprocess.run(
        [sys.executable, __file__, "--child", str(args.big)],
        capture_output=True,
        text=True,
        check=True,
    )
    points_done, seconds, peak, counts = child.stdout.split(" ", 3)
    print(
        f"big sweep: {int(points_done):,} points in {float(seconds):.0f} s, peak memory "
        f"{peak} MB (target: under 1024 MB); outcomes {counts.strip()}"
    )


if __name__ == "__main__":
    main()
