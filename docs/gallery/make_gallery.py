"""Make the figures of the gallery, one per bundled model and a threshold, with the
``deterrence plot`` command shown beside each in ``docs/gallery/index.md``.

Run from the root of the repository::

    python docs/gallery/make_gallery.py
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from deterrence.cli.main import main

FIGURES = Path("docs/gallery/figures")

#: Each figure's file name and the arguments of ``deterrence plot`` that make it.
GALLERY = (
    ("extended-deterrence.png", "extended-deterrence --x p --y a --ylim 0:0.3"),
    ("extended-deterrence-play-print.png",
     "extended-deterrence --x p --y a --ylim 0:0.3 --what play --style print"),
    ("classic-deterrence.png", "classic-deterrence --x cCh --y a"),
    ("audience-cost-crisis.png", "audience-cost-crisis --x q --y a --ylim 0:1"),
    ("chicken.png", "chicken --x L --y e"),
    ("extended-deterrence-threshold.png", "extended-deterrence --x cA --xlim 0:1 --threshold"),
)  # fmt: skip


def command(name: str, arguments: str) -> list[str]:
    return ["plot", *shlex.split(arguments), "-o", str(FIGURES / name)]


def run() -> int:
    FIGURES.mkdir(parents=True, exist_ok=True)
    for name, arguments in GALLERY:
        status = main(command(name, arguments))
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(run())
