"""The pages of the model library are made by ``deterrence report`` from their templates, and
the committed pages are current.

Each page ``docs/models/<id>.md`` is made afresh by ``docs/models/make_pages.py`` into a
temporary folder and compared with the committed one, so that no number on a page can drift
from what the tool prints (issue 12: "the docs pages are made by it; a test checks that the
committed pages are current"). The closed forms the pages state are checked against the
literature in ``tests/test_alliance_models.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.models import ALLIANCE_MODELS
from tests.support.scripts import load_script

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "models"

#: The models of issue 12 that need only what exists today; each must have a page.
LIBRARY = ALLIANCE_MODELS
MAKE_PAGES = load_script("docs/models/make_pages.py")
MODELS = sorted(MAKE_PAGES.templates())


#: The models of issue 12 that wait on concepts in part (issues 9 and 10): their pages say what
#: waits; the signalling games have no region figure yet (each point of one is a solve of
#: seconds), the volunteer's dilemma no tree.
IN_PART = ("tying-hands", "audience-cost-signalling", "article-5-volunteers")


def test_every_model_of_the_library_has_a_template_and_a_page() -> None:
    missing = [m for m in (*LIBRARY, *IN_PART) if m not in MODELS]
    assert not missing, missing
    for model in MODELS:
        assert (PAGES / f"{model}.md").is_file(), model


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS)
def test_the_committed_page_is_current(model: str, tmp_path: Path) -> None:
    assert MAKE_PAGES.make_page(model, tmp_path) == 0
    made = (tmp_path / f"{model}.md").read_text(encoding="utf-8")
    committed = (PAGES / f"{model}.md").read_text(encoding="utf-8")
    assert made == committed, (
        f"docs/models/{model}.md is stale: run python docs/models/make_pages.py {model}"
    )
    # The page is the report: no directive is left, and every figure it shows is committed.
    assert "<!-- report:" not in made and "<!-- run:" not in made
    for name in re.findall(r"\]\(([^)]+\.(?:png|pdf|tex))\)", made):
        assert (PAGES / name).is_file(), f"{model}: {name} is not committed"
        assert (tmp_path / name).is_file(), f"{model}: the report did not write {name}"


@pytest.mark.parametrize("model", LIBRARY)
def test_a_page_shows_the_tree_the_table_and_the_regions(model: str) -> None:
    page = (PAGES / f"{model}.md").read_text(encoding="utf-8")
    assert f"![The game tree of {model}]({model}-tree.png)" in page
    assert f"![The equilibrium regions of {model}]({model}-regions.png)" in page
    assert "| scenario | values | # | strategies | outcome |" in page
    # At least one threshold, in closed form, as `deterrence threshold` prints it.
    assert "closed form: " in page
