"""Benchmark: all Nash equilibria of random bimatrix games, ours against nashpy (and pygambit).

Run as a script from the repository root:

    python benchmarks/bench_nash.py [--sizes 4 6 8] [--games 20] [--seed 1]

For each size it draws random integer games (payoffs 0..99, seeded), solves each with our exact
enumeration, nashpy's vertex enumeration and support enumeration, and pygambit's enummixed when
pygambit is installed, all in the same run, and prints the time per game of each and the ratios
to ours. It also counts how many of our exact extreme equilibria each float method missed, since
speed without completeness means little. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings
from fractions import Fraction

import numpy as np

from deterrence.solvers.bimatrix_exact import extreme_equilibria


def _snap_key(x, y) -> tuple:
    return tuple(round(float(v), 6) for v in (*x, *y))


def _time(function, repeat: int = 1) -> tuple[float, object]:
    start = time.perf_counter()
    for _ in range(repeat):
        value = function()
    return (time.perf_counter() - start) / repeat, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 8])
    parser.add_argument("--games", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import nashpy

    try:
        import pygambit
    except ImportError:
        pygambit = None

    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{platform.processor() or 'cpu'}"
    )
    print(
        f"nashpy {nashpy.__version__}; pygambit {getattr(pygambit, '__version__', 'not installed')}"
    )
    print()
    header = f"{'size':>6} {'method':<28} {'ms/game':>10} {'x ours':>8} {'missed':>8}"
    print(header)
    print("-" * len(header))
    rng = np.random.default_rng(args.seed)
    for n in args.sizes:
        games = [
            (rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))) for _ in range(args.games)
        ]
        totals: dict[str, float] = {}
        missed: dict[str, int] = {}
        for A, B in games:
            exact_A = [[Fraction(int(v)) for v in row] for row in A]
            exact_B = [[Fraction(int(v)) for v in row] for row in B]
            t, found = _time(lambda a=exact_A, b=exact_B: extreme_equilibria(a, b))
            truth = {_snap_key(x, y) for x, y in found.equilibria}
            totals["deterrence (exact)"] = totals.get("deterrence (exact)", 0) + t
            game = nashpy.Game(A, B)
            for name, run in (
                ("nashpy vertex enumeration", game.vertex_enumeration),
                ("nashpy support enumeration", game.support_enumeration),
            ):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t, eqs = _time(lambda run=run: list(run()))
                totals[name] = totals.get(name, 0) + t
                theirs = {_snap_key(x, y) for x, y in eqs}
                missed[name] = missed.get(name, 0) + len(truth - theirs)
            if pygambit is not None:
                g = pygambit.Game.from_arrays(
                    [[int(v) for v in row] for row in A], [[int(v) for v in row] for row in B]
                )
                row_player, column_player = list(g.players)
                t, res = _time(lambda g=g: pygambit.nash.enummixed_solve(g, rational=True))
                totals["pygambit enummixed"] = totals.get("pygambit enummixed", 0) + t
                theirs = {
                    _snap_key(
                        [eq[s] for s in row_player.strategies],
                        [eq[s] for s in column_player.strategies],
                    )
                    for eq in res.equilibria
                }
                missed["pygambit enummixed"] = missed.get("pygambit enummixed", 0) + len(
                    truth - theirs
                )
        ours = totals["deterrence (exact)"]
        for name, total in totals.items():
            print(
                f"{n:>3}x{n:<2} {name:<28} {1000 * total / len(games):>10.2f} "
                f"{total / ours:>8.2f} {missed.get(name, 0):>8}"
            )
        print()


if __name__ == "__main__":
    main()
