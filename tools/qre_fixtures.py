"""Store Gambit's logit QRE of the shared .nfg games as a fixture for tests/test_qre.py.

Usage (pygambit is not a dependency of this project; it lives in a separate venv)::

    GAMBIT_VENV/bin/python tools/qre_fixtures.py [GAMES_DIR] [OUTPUT_JSON]

``GAMES_DIR`` defaults to ``../shared/gambit-games`` beside the checkout, ``OUTPUT_JSON`` to
``tests/fixtures/qre_gambit.json``. For every ``.nfg`` file under ``GAMES_DIR`` (sorted, at
most ``MAX_CELLS`` pure profiles), it records:

* ``points``: ``pygambit.qre.logit_solve_lambda(game, LAMBDAS)``, Gambit's principal branch
  of the logit QRE at each asked lambda: the lambda Gambit actually landed on (its path
  follower stops within about 1e-9 of the one asked) and the profile, one list per player in
  strategy order;
* ``limit``: ``pygambit.nash.logit_solve(game)``, the branch followed until its regret is
  below 1e-8 (Gambit's default ``maxregret``), and ``branch_end_lambda``, the last lambda of
  ``pygambit.qre.logit_solve_branch(game)``.

Each record also holds ``players``, ``shape`` and ``seconds``. A game whose solve fails or
takes longer than ``TIME_LIMIT`` seconds is recorded with ``error``. The file records the
pygambit version and the date. Gambit is GPL-licensed: none of its code is stored here, only
the numbers its solver produced.
"""

from __future__ import annotations

import datetime
import json
import math
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GAMES = ROOT.parent / "shared" / "gambit-games"
DEFAULT_OUTPUT = ROOT / "tests" / "fixtures" / "qre_gambit.json"

#: The lambdas at which the branch is recorded.
LAMBDAS = [0.1, 0.5, 1.0, 2.0, 5.0]
#: Games larger than this are skipped (the tests trace every one).
MAX_CELLS = 400
#: Seconds per game.
TIME_LIMIT = 60.0


def _solve(path: str, queue: multiprocessing.Queue) -> None:
    import pygambit as gbt

    start = time.perf_counter()
    game = gbt.read_nfg(path)
    points = gbt.qre.logit_solve_lambda(game, list(LAMBDAS))
    limit = gbt.nash.logit_solve(game)
    branch = gbt.qre.logit_solve_branch(game)
    players = list(game.players)
    queue.put(
        {
            "players": len(players),
            "shape": [len(p.strategies) for p in players],
            "points": [
                {
                    "lambda_asked": asked,
                    "lambda": float(point.lam),
                    "profile": [
                        [float(point.profile[s]) for s in player.strategies] for player in players
                    ],
                }
                for asked, point in zip(LAMBDAS, points, strict=True)
            ],
            "limit": [
                [float(limit.equilibria[0][s]) for s in player.strategies] for player in players
            ],
            "branch_end_lambda": float(branch[-1].lam),
            "seconds": round(time.perf_counter() - start, 4),
        }
    )


def _record(path: Path) -> dict:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=_solve, args=(str(path), queue))
    worker.start()
    worker.join(TIME_LIMIT)
    if worker.is_alive():
        worker.terminate()
        worker.join()
        return {"error": f"more than {TIME_LIMIT:g} s"}
    if worker.exitcode != 0 or queue.empty():
        return {"error": f"the solve failed (exit code {worker.exitcode})"}
    return queue.get()


def _cells(path: Path) -> int:
    import pygambit as gbt

    game = gbt.read_nfg(str(path))
    return math.prod(len(p.strategies) for p in game.players)


def main(argv: list[str]) -> int:
    import pygambit as gbt

    games = Path(argv[1]) if len(argv) > 1 else DEFAULT_GAMES
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    records: dict[str, dict] = {}
    for path in sorted(games.rglob("*.nfg")):
        key = path.relative_to(games).as_posix()
        try:
            cells = _cells(path)
        except Exception as error:  # a file pygambit cannot read is recorded, not fatal
            records[key] = {"error": f"unreadable: {error}"}
            continue
        if cells > MAX_CELLS:
            continue
        records[key] = _record(path)
    data = {
        "generator": "tools/qre_fixtures.py",
        "pygambit": gbt.__version__,
        "date": datetime.date.today().isoformat(),
        "lambdas": LAMBDAS,
        "max_cells": MAX_CELLS,
        "games": records,
    }
    output.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    sys.stderr.write(f"{len(records)} games written to {output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
