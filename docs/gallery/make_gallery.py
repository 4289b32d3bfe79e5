"""Make the figures of the gallery, one per bundled model and two thresholds, with the
``deterrence plot`` command shown beside each in ``docs/gallery/index.md``; and its tables,
in LaTeX and Markdown (``tests/test_gallery_tables.py`` compiles every LaTeX one).

Run from the root of the repository::

    python docs/gallery/make_gallery.py            # figures and tables
    python docs/gallery/make_gallery.py figures    # the figures only
    python docs/gallery/make_gallery.py tables     # the tables only

The figures are drawn by the command line at a fixed size and resolution, so the same code
makes the same files.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from deterrence.cli.main import main

FIGURES = Path("docs/gallery/figures")
TABLES = Path("docs/gallery/tables")

#: Each table's file stem, the arguments of :func:`deterrence.tables.table`, and its caption.
TABLE_SPECS = (
    ("classic-deterrence", {"games": "classic-deterrence"},
     "Classic deterrence: equilibria by scenario"),
    ("extended-deterrence", {"games": "extended-deterrence"},
     "Extended deterrence: equilibria by scenario"),
    ("audience-cost-crisis", {"games": "audience-cost-crisis"},
     "Audience-cost crisis: equilibria by scenario"),
    ("chicken", {"games": "chicken"}, "Chicken: equilibria by scenario"),
    ("extended-deterrence-regions",
     {"games": "extended-deterrence", "regions": True, "scenarios": ["baseline"]},
     "Extended deterrence: equilibrium regions of the pledge's credibility"),
    ("thresholds",
     {"games": ["extended-deterrence", "audience-cost-crisis"], "thresholds": True,
      "scenarios": ["default"], "param": {"audience-cost-crisis": "a"},
      "deterred": {"audience-cost-crisis": ["concession"]}},
     "Least credibility or audience cost that deters"),
)  # fmt: skip

#: Each figure's file name and the arguments of ``deterrence plot`` that make it.
GALLERY = (
    ("extended-deterrence.png", "extended-deterrence --x p --y a --ylim 0:0.3"),
    ("extended-deterrence-play-print.png",
     "extended-deterrence --x p --y a --ylim 0:0.3 --what play --style print"),
    ("classic-deterrence.png", "classic-deterrence --x cCh --y a"),
    ("audience-cost-crisis.png", "audience-cost-crisis --x q --y a --ylim 0:1"),
    ("chicken.png", "chicken --x L --y e"),
    ("chicken-print.png", "chicken --x L --y e --style print"),
    ("extended-deterrence-threshold.png", "extended-deterrence --x cA --threshold"),
    ("extended-deterrence-threshold-jump.png", "extended-deterrence --x a --threshold"),
)  # fmt: skip


def make_tables(folder: Path = TABLES) -> list[Path]:
    """Write every gallery table as ``.tex`` (and ``.md`` for tables of one model); return
    the LaTeX files."""
    from deterrence.tables import table, to_latex, to_markdown

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, arguments, caption in TABLE_SPECS:
        options = dict(arguments)
        frame = table(options.pop("games"), **options)
        if isinstance(arguments["games"], str):
            # One model: its name is the table's subject, not a column of it (as the CLI does).
            frame = frame.drop(columns="model")
        path = folder / f"{stem}.tex"
        path.write_text(to_latex(frame, caption=caption, label=f"tab:{stem}"), encoding="utf-8")
        written.append(path)
        if not options:
            (folder / f"{stem}.md").write_text(to_markdown(frame), encoding="utf-8")
    return written


def make_figures(folder: Path = FIGURES) -> int:
    """Draw every gallery figure into ``folder``; the exit status of the first command that
    fails, else 0."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, arguments in GALLERY:
        status = main(["plot", *shlex.split(arguments), "-o", str(folder / name)])
        if status != 0:
            return status
    return 0


def run(parts: list[str] | None = None) -> int:
    """Make the parts asked for (``figures``, ``tables``; both by default)."""
    chosen = set(parts or ("figures", "tables"))
    unknown = chosen - {"figures", "tables"}
    if unknown:
        sys.stderr.write(f"unknown part(s) {', '.join(sorted(unknown))}: figures or tables\n")
        return 2
    if "tables" in chosen:
        make_tables()
    if "figures" in chosen:
        return make_figures()
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
