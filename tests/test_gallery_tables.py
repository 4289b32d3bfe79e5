"""Every gallery table fits the page: compiled with pdflatex in a plain ``article`` (the
default text width, 345 pt), no box is overfull by more than 1 pt.

The tables are written afresh by ``docs/gallery/make_gallery.py`` into a temporary folder, so
the test checks what the code makes today, not a stale file. Overfull boxes are TeX's own
measure of a table wider than the text (Knuth, *The TeXbook*, ch. 12, "Overfull \\hbox").
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deterrence.tables.latex import PREAMBLE
from tests.support.scripts import load_script

pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[1]
OVERFULL = re.compile(r"Overfull \\[hv]box \(([0-9.]+)pt too (?:wide|high)\)")


def _make_tables(folder: Path) -> list[Path]:
    return load_script("docs/gallery/make_gallery.py").make_tables(folder)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine (pdflatex) on PATH")
def test_every_gallery_table_compiles_without_an_overfull_box(tmp_path: Path) -> None:
    tables = _make_tables(tmp_path / "tables")
    assert len(tables) >= 6
    failures = []
    for path in tables:
        document = (
            "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n"
            + PREAMBLE
            + "\\begin{document}\n"
            + path.read_text(encoding="utf-8")
            + "\\end{document}\n"
        )
        tex = tmp_path / f"{path.stem}.tex"
        tex.write_text(document, encoding="utf-8")
        done = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
        )
        assert done.returncode == 0, f"{path.name}:\n{done.stdout[-3000:]}"
        log = (tmp_path / f"{path.stem}.log").read_text(encoding="utf-8", errors="replace")
        too_wide = [float(x) for x in OVERFULL.findall(log)]
        if any(x > 1 for x in too_wide):
            failures.append(f"{path.name}: overfull by {max(too_wide)} pt")
    assert not failures, failures


def test_the_committed_gallery_tables_are_up_to_date(tmp_path: Path) -> None:
    for path in _make_tables(tmp_path):
        committed = ROOT / "docs/gallery/tables" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is stale: run python docs/gallery/make_gallery.py"
        )
