"""All Nash equilibria of a random 3-player 3x3x3 game and a random 4-player 2x2x2x2 game,
exactly (deterrence.solvers.nplayer), and one equilibrium fast (deterrence.solvers.nplayer_one),
printed beside pygambit's enumpoly and gnm on the same games where pygambit can be run.

Usage::

    python benchmarks/bench_nplayer.py [--seed 1] [--gambit-python PYTHON_WITH_PYGAMBIT]

pygambit is not a dependency: it is imported here if it is importable, else run through the
Python given with ``--gambit-python`` (a venv that has it), on the games written as ``.nfg``.
Payoffs are integers drawn uniformly from -9..9 with ``random.Random(seed)``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff
from deterrence.solvers.algebraic_regret import algebraic_regret
from deterrence.solvers.nplayer import nplayer_equilibria
from deterrence.solvers.nplayer_one import one_equilibrium

GAMBIT_SCRIPT = """
import json, sys, time
import pygambit as gbt
g = gbt.read_nfg(sys.argv[1])
out = {"version": gbt.__version__}
for name, solve in (("enumpoly", gbt.nash.enumpoly_solve), ("gnm", gbt.nash.gnm_solve)):
    t = time.perf_counter()
    try:
        r = solve(g)
        out[name] = {"seconds": time.perf_counter() - t, "equilibria": len(r.equilibria)}
    except Exception as e:
        out[name] = {"error": str(e)}
print(json.dumps(out))
"""


def random_game(shape: tuple[int, ...], rng: random.Random) -> NormalFormGame:
    n = len(shape)
    return NormalFormGame(
        tuple(f"P{i + 1}" for i in range(n)),
        tuple(tuple(str(k + 1) for k in range(s)) for s in shape),
        tuple(
            Payoff(tuple(Fraction(rng.randint(-9, 9)) for _ in range(n)))
            for _ in itertools.product(*(range(s) for s in shape))
        ),
    )


def nfg_text(game: NormalFormGame) -> str:
    """The game as Gambit .nfg text (outcome-free payoff list; the first player's strategy
    varies fastest in Gambit, the last slowest in ours, so profiles are reordered)."""
    players = " ".join(f'"{p}"' for p in game.players)
    shape = " ".join(str(s) for s in game.shape)
    values = []
    for profile in itertools.product(*(range(s) for s in reversed(game.shape))):
        ours = tuple(reversed(profile))
        values.extend(str(v) for v in game.payoff(ours).total)
    return f'NFG 1 R "bench" {{ {players} }} {{ {shape} }}\n\n' + " ".join(values) + "\n"


def gambit_times(game: NormalFormGame, python: str | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game.nfg"
        path.write_text(nfg_text(game))
        try:
            import pygambit  # noqa: F401

            command = [sys.executable, "-c", GAMBIT_SCRIPT, str(path)]
        except ImportError:
            if python is None:
                return {"error": "pygambit not importable (give --gambit-python)"}
            command = [python, "-c", GAMBIT_SCRIPT, str(path)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1:]}
        return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gambit-python", default=None)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    for shape in ((3, 3, 3), (2, 2, 2, 2)):
        game = random_game(shape, rng)
        start = time.perf_counter()
        found = nplayer_equilibria(game)
        seconds = time.perf_counter() - start
        certified = all(
            algebraic_regret(game, eq.probabilities).equilibrium for eq in found.equilibria
        )
        start = time.perf_counter()
        one = one_equilibrium(game)
        one_seconds = time.perf_counter() - start
        irrational = sum(not eq.is_rational for eq in found.equilibria)
        print(f"{'x'.join(map(str, shape))} (seed {args.seed}):")
        print(
            f"  deterrence nplayer: {seconds:7.2f} s, {len(found.equilibria)} isolated "
            f"equilibria ({irrational} irrational), {len(found.components)} positive-dimensional "
            f"supports, complete={found.complete}, all certified={certified}"
        )
        print(
            f"  deterrence nplayer_one: {one_seconds:7.2f} s, regret bound "
            f"{float(one.regret_bound):.3g}, exact={one.exact is not None}"
        )
        peer = gambit_times(game, args.gambit_python)
        if "error" in peer:
            print(f"  pygambit: {peer['error']}")
        else:
            for name in ("enumpoly", "gnm"):
                r = peer[name]
                if "error" in r:
                    print(f"  pygambit {name}: error {r['error']}")
                else:
                    print(
                        f"  pygambit {peer['version']} {name}: {r['seconds']:7.2f} s, "
                        f"{r['equilibria']} equilibria (floating point)"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
