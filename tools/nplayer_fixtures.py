"""Write tests/fixtures/enumpoly_gambit.json: Gambit's enumpoly on the N-player games of
../shared/gambit-games/.

Run with a Python that has pygambit (not a dependency of deterrence), e.g.::

    GAMBIT_VENV/bin/python tools/nplayer_fixtures.py

For every game file with three or more players, the script records pygambit's reading of
the strategic form (the reduced strategic form for a ``.efg``): the strategy labels, the
payoff of every pure profile as exact rational strings, and the equilibria
``pygambit.nash.enumpoly_solve(game, use_strategic=True)`` reports, each a list per player
of probabilities (floats: enumpoly works in floating point, via polynomial continuation /
subdivision). Each game is solved in a child process with a time limit, and a game whose
strategic form has more than ``MAX_PROFILES`` pure profiles is skipped; both are recorded
with their reason, so the test can count them. The file records the pygambit version and
the date.

Gambit: McKelvey, McLennan and Turocy, "Gambit: Software Tools for Game Theory",
https://www.gambit-project.org; enumpoly follows McKelvey and McLennan (1996), Handbook of
Computational Economics 1, ch. 2.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import sys
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAMES = ROOT.parent / "shared" / "gambit-games"
OUT = ROOT / "tests" / "fixtures" / "enumpoly_gambit.json"

#: Games whose strategic form has more pure profiles are skipped (enumpoly's work grows with
#: the number of supports, 2^(strategies) per player).
MAX_PROFILES = 512

#: Seconds allowed to enumpoly on one game.
TIME_LIMIT = 60.0


def _read(path: Path):
    import pygambit as gbt

    return gbt.read_efg(str(path)) if path.suffix == ".efg" else gbt.read_nfg(str(path))


def _solve(path: str, queue) -> None:  # runs in a child process
    import pygambit as gbt

    game = _read(Path(path))
    players = list(game.players)
    strategies = [[s.label for s in p.strategies] for p in players]
    import itertools

    table = []
    for combo in itertools.product(*(list(p.strategies) for p in players)):
        outcome = game[list(combo)]
        table.append([str(Fraction(str(outcome[p]))) for p in players])
    result = gbt.nash.enumpoly_solve(game, use_strategic=True)
    equilibria = [
        [[float(eq[s]) for s in p.strategies] for p in players] for eq in result.equilibria
    ]
    queue.put({"strategies": strategies, "payoffs": table, "equilibria": equilibria})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    args = parser.parse_args(argv)
    import math

    import pygambit as gbt

    records = []
    for path in sorted(GAMES.rglob("*")):
        if path.suffix not in (".nfg", ".efg"):
            continue
        relative = str(path.relative_to(GAMES))
        try:
            game = _read(path)
        except Exception as error:
            records.append({"file": relative, "skipped": f"pygambit cannot read it: {error}"})
            continue
        if len(game.players) < 3:
            continue
        shape = [len(p.strategies) for p in game.players]
        record: dict = {"file": relative, "players": len(shape), "shape": shape}
        if math.prod(shape) > MAX_PROFILES:
            record["skipped"] = f"{math.prod(shape)} pure profiles > {MAX_PROFILES}"
            records.append(record)
            continue
        queue: multiprocessing.Queue = multiprocessing.Queue()
        child = multiprocessing.Process(target=_solve, args=(str(path), queue))
        child.start()
        child.join(args.time_limit)
        if child.is_alive():
            child.terminate()
            child.join()
            record["skipped"] = f"enumpoly took more than {args.time_limit:g} s"
        elif queue.empty():
            record["skipped"] = f"enumpoly failed (exit code {child.exitcode})"
        else:
            record.update(queue.get())
        records.append(record)
        print(relative, shape, record.get("skipped", len(record.get("equilibria", []))))
    payload = {
        "source": "pygambit.nash.enumpoly_solve(game, use_strategic=True)",
        "pygambit": gbt.__version__,
        "python": sys.version.split()[0],
        "date": datetime.date.today().isoformat(),
        "max_profiles": MAX_PROFILES,
        "time_limit_seconds": args.time_limit,
        "games": records,
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
