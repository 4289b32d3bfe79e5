"""Rewrite the samples of the documentation from what the commands print now.

A sample is a ``bash`` block with one ``deterrence ...`` command followed by a ``text`` block;
see :mod:`deterrence.cli.samples`. Excerpts (a line ``...``) are reported, not rewritten.
``tests/test_doc_samples.py`` checks that every sample is current. The pages of the model
library are made by ``docs/models/make_pages.py`` instead.

Run from the root of the repository, for every page or for those named::

    python tools/refresh_samples.py [PAGE ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from deterrence.cli.samples import refresh_samples, stale_samples

ROOT = Path(__file__).resolve().parents[1]


def pages() -> list[Path]:
    """Every page with samples: the README and docs/, but the generated model pages."""
    found = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [p for p in found if (ROOT / "docs" / "models") not in p.parents]


def workdir(folder: Path) -> Path:
    """A folder where a page's commands may write files and still see the repository's
    (each entry of the root linked): the samples run there."""
    for entry in ROOT.iterdir():
        if not entry.name.startswith("."):
            (folder / entry.name).symlink_to(entry)
    return folder


def main(names: list[str]) -> int:
    for page in [Path(n).resolve() for n in names] or pages():
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(ROOT))
        with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
            new = refresh_samples(text, name, workdir(Path(first)))
            if new != text:
                page.write_text(new, encoding="utf-8")
                print(f"rewrote {name}")
            for sample, _ in stale_samples(new, name, workdir(Path(second))):
                print(f"{name}:{sample.line}: excerpt of `{sample.command}` is stale: edit it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
