"""Every sample of the documentation is what the tool prints now.

A sample is a ``bash`` block with one ``deterrence ...`` command and the ``text`` block after
it (:mod:`deterrence.cli.samples`). Each page's samples run in a folder that sees the
repository and the files the page's own commands write, as a reader following the page would
(issue 13: "one page contradicting the output"). ``python tools/refresh_samples.py`` rewrites
stale ones; the pages of the model library are checked by ``tests/test_model_pages.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deterrence.cli.samples import samples, stale_samples
from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


TOOL = load_script("tools/refresh_samples.py")
PAGES = [p for p in TOOL.pages() if any(samples(p.read_text(encoding="utf-8")))]


def test_the_pages_with_samples_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {"docs/models.md", "docs/reference/cli.md", "docs/tutorial.md"} <= names
    assert not any(name.startswith("docs/models/") for name in names)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_sample_is_current(page: Path, tmp_path: Path) -> None:
    name = page.relative_to(ROOT).as_posix()
    stale = stale_samples(page.read_text(encoding="utf-8"), name, TOOL.workdir(tmp_path))
    assert not stale, (
        "\n\n".join(
            f"{name}:{s.line}: `{s.command}` now prints:\n{printed}" for s, printed in stale
        )
        + "\n\nrun python tools/refresh_samples.py "
        + name
    )


def test_an_excerpt_keeps_its_lines_in_order() -> None:
    page = (
        "```bash\ndeterrence solve chicken\n```\n\n```text\n...\n"
        "parameters: L = 10, e = 0\n...\n```\n"
    )
    assert stale_samples(page) == []
    swapped = page.replace("parameters: L = 10, e = 0", "parameters: L = 11, e = 0")
    assert [s.command for s, _ in stale_samples(swapped)] == ["deterrence solve chicken"]
