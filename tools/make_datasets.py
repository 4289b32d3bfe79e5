"""Regenerate the data sets bundled in deterrence/datasets/, byte for byte.

Usage::

    python tools/make_datasets.py          # write them
    python tools/make_datasets.py --check  # exit 1 if a stored file differs from a fresh one

Each data set is drawn with :func:`deterrence.simulate` from a bundled model at the true
coefficients written below (and in the docstring of ``deterrence.datasets``), with a fixed
seed. The covariates are drawn here, rounded to the digits written to the file, and given to
``simulate`` as arrays, so that the file holds exactly the values the outcomes were drawn at.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "deterrence" / "datasets"

#: extended-deterrence-crises: the model, its predictors and the true coefficients. The
#: normalisations are the model's other payoffs at its default values (every status quo
#: payoff 0; v = 1, w = 0.8, wD = 0.3, cD = 0.35, e = 0.05; the pledge binds with p = 0.5).
EXTENDED = {
    "model": "extended-deterrence",
    "predictors": {
        "cA": "a0 - a1*balance",
        "cP": "c0 + c1*balance",
        "a": "d0 + d1*democracy + d2*alliance",
    },
    "truth": {"a0": 0.4, "a1": 0.6, "c0": 0.3, "c1": 0.4, "d0": 0.1, "d1": 0.8, "d2": 0.6},
    "rows": 2000,
    "seed": 2026,
}


def extended_deterrence_crises() -> str:
    """The CSV text of ``extended-deterrence-crises``."""
    import deterrence as dt

    spec = EXTENDED
    rows, seed = int(spec["rows"]), int(spec["seed"])  # type: ignore[call-overload]
    rng = np.random.default_rng(seed)
    balance = np.round(rng.standard_normal(rows), 3)
    alliance = rng.integers(0, 2, rows)
    democracy = rng.integers(0, 2, rows)
    frame = dt.simulate(
        spec["model"],  # type: ignore[arg-type]
        spec["predictors"],  # type: ignore[arg-type]
        spec["truth"],  # type: ignore[arg-type]
        rows=rows,
        covariates={"balance": balance, "alliance": alliance, "democracy": democracy},
        seed=seed + 1,
    )
    frame["alliance"] = alliance
    frame["democracy"] = democracy
    frame = frame[["balance", "alliance", "democracy", "outcome"]]
    return str(frame.to_csv(index=False, lineterminator="\n", float_format="%.3f"))


#: Each bundled data set: its file name and the function that makes its text.
DATASETS = {"extended-deterrence-crises.csv": extended_deterrence_crises}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the stored files; write nothing"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, make in DATASETS.items():
        text = make()
        target = FOLDER / name
        if args.check:
            if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
                stale.append(name)
            continue
        target.write_bytes(text.encode("utf-8"))
        print(f"wrote {target.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)")
    if stale:
        print("differ from a fresh draw: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
