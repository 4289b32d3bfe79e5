"""Benchmark: the principal logit QRE branch of 4x4 games, ours beside pygambit's logit.

Run as a script from the repository root:

    python benchmarks/bench_qre.py [--games 10] [--size 4] [--seed 1] [--gambit-python PATH]

For each of ``--games`` random ``size x size`` integer games (payoffs 0..99, seeded) it traces
the principal branch from lambda = 0 until the regret is below 1e-8 of the payoffs' range
(:func:`deterrence.solvers.qre.logit_branch`), and prints the time per game of the trace
alone, of the trace with every point's proven residual certificate, and of pygambit's
``nash.logit_solve`` on the same game (same stopping rule, ``maxregret=1e-8``). pygambit is
not a dependency: it is imported where installed, or run in the interpreter given by
``--gambit-python`` (default: the environment variable ``GAMBIT_PYTHON``), timed inside that
process. It also reports how far the two limits are apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from deterrence.formats import write_nfg
from deterrence.game import NormalFormGame, Payoff
from deterrence.solvers import qre

GAMBIT_SCRIPT = """
import json, sys, time
import pygambit as gbt
out = []
for path in sys.argv[1:]:
    game = gbt.read_nfg(path)
    start = time.perf_counter()
    result = gbt.nash.logit_solve(game, maxregret=1e-8)
    seconds = time.perf_counter() - start
    eq = result.equilibria[0]
    out.append({"seconds": seconds,
                "limit": [[float(eq[s]) for s in p.strategies] for p in game.players]})
print(json.dumps({"version": gbt.__version__, "games": out}))
"""


def random_game(size: int, rng: np.random.Generator) -> NormalFormGame:
    a = rng.integers(0, 100, (size, size))
    b = rng.integers(0, 100, (size, size))
    return NormalFormGame(
        players=("1", "2"),
        strategies=(tuple(f"r{i}" for i in range(size)), tuple(f"c{j}" for j in range(size))),
        payoffs=tuple(
            Payoff((Fraction(int(a[i, j])), Fraction(int(b[i, j]))))
            for i in range(size)
            for j in range(size)
        ),
    )


def _gambit_times(paths: list[str], interpreter: str | None) -> dict | None:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        if interpreter is None or not Path(interpreter).exists():
            return None
        completed = subprocess.run(
            [interpreter, "-c", GAMBIT_SCRIPT, *paths],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(completed.stdout)
    completed = subprocess.run(
        [sys.executable, "-c", GAMBIT_SCRIPT, *paths], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--size", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    # A Python that has pygambit (not a dependency of this project), from the option or
    # the environment variable GAMBIT_PYTHON.
    parser.add_argument("--gambit-python", default=os.environ.get("GAMBIT_PYTHON"))
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    games = [random_game(args.size, rng) for _ in range(args.games)]
    trace_only, certified, limits, steps = [], [], [], []
    settings = qre.PathSettings()
    for game in games:
        start = time.perf_counter()
        qre.logit_branch(game, settings=settings, certify=False)
        trace_only.append(time.perf_counter() - start)
        start = time.perf_counter()
        branch = qre.logit_branch(game, settings=settings)
        certified.append(time.perf_counter() - start)
        limits.append(branch.points[-1].mixed)
        steps.append(len(branch.points) - 1)

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for k, game in enumerate(games):
            path = Path(folder) / f"game{k}.nfg"
            path.write_text(write_nfg(game))
            paths.append(str(path))
        gambit = _gambit_times(paths, args.gambit_python)

    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{args.games} random {args.size}x{args.size} games, payoffs 0..99, seed {args.seed}")
    print(f"{'method':<44} {'ms/game':>10} {'max ms':>10}")
    rows = [
        ("ours: trace (and the last point's certificate)", trace_only),
        ("ours: trace + proven residual at every point", certified),
    ]
    if gambit is not None:
        rows.append(
            (f"pygambit {gambit['version']} logit_solve", [g["seconds"] for g in gambit["games"]])
        )
    for name, seconds in rows:
        print(f"{name:<44} {1000 * np.mean(seconds):>10.2f} {1000 * np.max(seconds):>10.2f}")
    print(f"steps per trace: mean {np.mean(steps):.0f}, max {max(steps)}")
    if gambit is not None:
        gaps = [
            max(
                abs(a - b)
                for mine, theirs in zip(ours, g["limit"], strict=True)
                for a, b in zip(mine, theirs, strict=True)
            )
            for ours, g in zip(limits, gambit["games"], strict=True)
        ]
        agree = sum(gap < 1e-4 for gap in gaps)
        print(
            f"limits within 1e-4 of Gambit's: {agree} of {len(gaps)} (largest gap {max(gaps):.1e})"
        )
    else:
        print("pygambit: not installed (give --gambit-python PATH to compare)")


if __name__ == "__main__":
    main()
