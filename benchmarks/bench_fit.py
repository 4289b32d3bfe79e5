"""Benchmark: the strategic-choice fit on 10^5 rows, and the logit QRE branch of 4x4 games.

Run as a script from the repository root:

    python benchmarks/bench_fit.py [--rows 100000] [--games 10] [--seed 1] [--gambit-python PATH]

(a) **The fit** (the issue's target: under 10 s on one core): a three-player tree with four
outcomes — an attacker, a protégé and a defender, as ``extended-deterrence`` without its
chance node, written as a spec below — with five covariates in three predictors, eight
coefficients, on ``--rows`` rows simulated at known coefficients. It prints the CPU time
(``time.process_time``) of the simulation and of the fit (identification check, maximum,
inverse-Hessian covariance), and the fit's time as a share of the target.

(b) **The logit QRE branch** (target: under 1 s): the principal branch of ``--games`` random
4x4 games (payoffs 0..99, seeded), traced by :func:`deterrence.solvers.qre.logit_branch`
until the regret is below 1e-8 of the payoffs' range, beside pygambit's
``nash.logit_solve`` on the same games (``maxregret=1e-8``), with the ratio of the two.
pygambit is not a dependency: it is imported where installed, or run in the interpreter
given by ``--gambit-python`` (default: the environment variable ``GAMBIT_PYTHON``), and timed
inside that process; otherwise the script says "not installed".
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
from pathlib import Path

import numpy as np

import deterrence as dt
from deterrence.formats import write_nfg
from deterrence.solvers import qre
from deterrence.version import VERSION

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_qre import random_game

#: Three players, four outcomes, no chance node.
SPEC = """
[model]
id = "bench-three-players"
title = "An attacker, a protégé and a defender"

[players]
A = "Attacker"
P = "Protégé"
D = "Defender"

[parameters]
cA = { value = 0.4 }
cP = { value = 0.3 }
a  = { value = 0.1 }

[tree]
root = "attacker"

[tree.attacker]
player = "A"
actions = { "status quo" = "status_quo", attack = "protege" }

[tree.protege]
player = "P"
actions = { yield = "conquest", resist = "defender" }

[tree.defender]
player = "D"
actions = { defend = "war", abandon = "abandoned" }

[outcomes.status_quo]
A = "0"
P = "0"
D = "0"

[outcomes.conquest]
A = "1"
P = "-1"
D = "-1/2"

[outcomes.abandoned]
A = "4/5 - cA"
P = "-4/5 - cP"
D = "-2/5 - a"

[outcomes.war]
A = "3/10 - cA"
P = "-3/10 - cP"
D = "-3/20 - 7/20"
"""

PREDICTORS = {
    "cA": "b0 + b1*x1 + b2*x2",
    "cP": "c0 + c1*x3",
    "a": "d0 + d1*x4 + d2*x5",
}
TRUTH = {"b0": 0.4, "b1": 0.5, "b2": -0.3, "c0": 0.3, "c1": 0.4, "d0": 0.1, "d1": 0.8, "d2": 0.5}
COVARIATES = {"x1": "normal", "x2": "normal", "x3": "uniform", "x4": "binary", "x5": "binary"}
FIT_TARGET = 10.0
BRANCH_TARGET = 1.0

GAMBIT_SCRIPT = """
import json, sys, time
import pygambit as gbt
out = []
for path in sys.argv[1:]:
    game = gbt.read_nfg(path)
    start = time.process_time()
    gbt.nash.logit_solve(game, maxregret=1e-8)
    out.append(time.process_time() - start)
print(json.dumps({"version": gbt.__version__, "seconds": out}))
"""


def _gambit(paths: list[str], interpreter: str | None) -> dict | None:
    try:
        import pygambit  # noqa: F401

        python: str | None = sys.executable
    except ImportError:
        python = interpreter if interpreter and Path(interpreter).exists() else None
    if python is None:
        return None
    completed = subprocess.run(
        [python, "-c", GAMBIT_SCRIPT, *paths], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


def bench_fit(rows: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "three.toml"
        path.write_text(SPEC, encoding="utf-8")
        game = dt.load(path)
    start = time.process_time()
    data = dt.simulate(game, PREDICTORS, TRUTH, rows=rows, covariates=COVARIATES, seed=seed)
    simulated = time.process_time() - start
    start = time.process_time()
    result = dt.fit(game, data, PREDICTORS)
    fitted = time.process_time() - start
    worst = max(abs(result.params[k] - v) / result.standard_errors[k] for k, v in TRUTH.items())
    print(
        f"(a) fit: 3 players, 4 outcomes, {len(COVARIATES)} covariates, {len(TRUTH)} "
        f"coefficients, {rows} rows"
    )
    print(f"    simulate            {simulated:8.2f} s CPU")
    print(
        f"    fit                 {fitted:8.2f} s CPU  ({fitted / FIT_TARGET:.2f} of the "
        f"{FIT_TARGET:.0f} s target; {result.iterations} iterations, converged "
        f"{result.converged}; largest |estimate - truth| {worst:.2f} standard errors)"
    )


def bench_branch(games: int, seed: int, interpreter: str | None) -> None:
    rng = np.random.default_rng(seed)
    drawn = [random_game(4, rng) for _ in range(games)]
    ours = []
    for game in drawn:
        start = time.process_time()
        qre.logit_branch(game)
        ours.append(time.process_time() - start)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for k, game in enumerate(drawn):
            path = Path(folder) / f"game{k}.nfg"
            path.write_text(write_nfg(game))
            paths.append(str(path))
        gambit = _gambit(paths, interpreter)
    print(f"(b) logit QRE branch: {games} random 4x4 games, payoffs 0..99, seed {seed}")
    print(
        f"    ours (certified)    {1000 * np.mean(ours):8.1f} ms CPU per game, max "
        f"{1000 * np.max(ours):.1f} ms ({np.max(ours) / BRANCH_TARGET:.3f} of the "
        f"{BRANCH_TARGET:.0f} s target)"
    )
    if gambit is None:
        print("    pygambit: not installed (give --gambit-python PATH to compare)")
        return
    theirs = gambit["seconds"]
    print(
        f"    pygambit {gambit['version']:<10} {1000 * np.mean(theirs):8.1f} ms CPU per game "
        f"(ours / pygambit: {np.mean(ours) / np.mean(theirs):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    # A Python that has pygambit (not a dependency of this project), from the option or
    # the environment variable GAMBIT_PYTHON.
    parser.add_argument("--gambit-python", default=os.environ.get("GAMBIT_PYTHON"))
    args = parser.parse_args()
    import numpy
    import scipy
    import sympy

    print(
        f"deterrence {VERSION}, python {platform.python_version()} on {platform.machine()}, "
        f"numpy {numpy.__version__}, scipy {scipy.__version__}, sympy {sympy.__version__}"
    )
    bench_fit(args.rows, args.seed)
    bench_branch(args.games, args.seed, args.gambit_python)


if __name__ == "__main__":
    main()
