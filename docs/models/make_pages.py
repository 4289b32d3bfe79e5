"""Make the pages of the model library, ``docs/models/<id>.md``, with ``deterrence report``.

Each page is written by hand in ``models/<id>.md``, beside the model's spec: the question,
the game, the equilibrium in words, what the model leaves out. Every number and figure on it
is made by the report from the model: ``<!-- report: SECTION -->`` lines become the report's
sections (parameters, tree, equilibria, thresholds, regions; the spec's ``[report]`` table
chooses the thresholds and the region figure) and ``<!-- run: deterrence ... -->`` lines
become the command and what it prints. ``tests/test_model_pages.py`` checks that the
committed pages are what this script makes now.

Run from the root of the repository, for every model or for those named::

    python docs/models/make_pages.py [ID ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from deterrence.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "models"
PAGES = ROOT / "docs" / "models"


def templates() -> dict[str, Path]:
    """The model ids that have a page, and their templates."""
    return {path.stem: path for path in sorted(TEMPLATES.glob("*.md"))}


def make_page(model: str, folder: Path = PAGES) -> int:
    """Write the page of ``model`` (its report, from its template) into ``folder``; the
    exit status of ``deterrence report``."""
    template = templates()[model]
    spec = TEMPLATES / f"{model}.toml"
    return main(["report", str(spec), "-o", str(folder), "--template", str(template), "--quiet"])


def main_script(names: list[str]) -> int:
    known = templates()
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"no template for {', '.join(unknown)}; there are: {', '.join(known)}")
        return 2
    for model in names or list(known):
        status = make_page(model)
        if status != 0:
            return status
        print(f"wrote {PAGES / (model + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main_script(sys.argv[1:]))
