"""The project files and the documentation site: LICENSE, CITATION.cff and mkdocs.yml.

The citation's version must be the package's (deterrence/version.py is the one place it is
written), every page under docs/ must be in the site's navigation, and the site must build
with ``mkdocs build --strict`` (only where mkdocs and mkdocstrings are installed).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import deterrence
from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

yaml = pytest.importorskip("yaml")


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads any tag it does not know (``!!python/...``, ``!ENV``) as None.

    mkdocs.yml names a Python function with such a tag; reading the file here must not import
    or call anything.
    """


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)


def _nav_pages(entry: Any) -> list[str]:
    """Every page file named in (a part of) mkdocs.yml's ``nav``."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, list):
        return [page for item in entry for page in _nav_pages(item)]
    if isinstance(entry, dict):
        return [page for value in entry.values() for page in _nav_pages(value)]
    return []


# --- LICENSE and CITATION.cff ---------------------------------------------------------------


def test_license_is_mit():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 The deterrence developers" in text
    assert "Permission is hereby granted, free of charge" in text


@pytest.fixture(scope="module")
def citation() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_has_the_required_keys(citation):
    for key in ("cff-version", "message", "title", "authors"):
        assert citation.get(key), key
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"] == "If you use deterrence in research, please cite it as below."
    assert citation["type"] == "software"
    assert citation["authors"] == [{"name": "The deterrence developers"}]


def test_citation_describes_the_release(citation):
    assert citation["license"] == "MIT"
    assert str(citation["date-released"]) == "2026-12-03"
    assert set(citation["keywords"]) >= {
        "game theory",
        "deterrence",
        "alliances",
        "Nash equilibrium",
        "political science",
    }
    assert isinstance(citation["abstract"], str)
    assert "\n\n" not in citation["abstract"].strip()  # one paragraph


def test_citation_version_is_the_package_version(citation):
    # deterrence/version.py is the one place the version is written; CITATION.cff follows it.
    assert str(citation["version"]) == deterrence.__version__


# --- mkdocs.yml -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mkdocs_config() -> dict[str, Any]:
    data = _read_yaml(ROOT / "mkdocs.yml")
    assert isinstance(data, dict)
    return data


def test_every_page_is_in_the_navigation(mkdocs_config):
    pages = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
    in_nav = _nav_pages(mkdocs_config["nav"])
    missing = [page for page in pages if page not in in_nav]
    assert not missing, f"pages under docs/ missing from mkdocs.yml's nav: {missing}"
    gone = [page for page in in_nav if not (DOCS / page).is_file()]
    assert not gone, f"pages in mkdocs.yml's nav that do not exist: {gone}"
    assert len(in_nav) == len(set(in_nav)), "a page is listed twice in the nav"


def test_navigation_follows_diataxis(mkdocs_config):
    sections = [next(iter(item)) for item in mkdocs_config["nav"] if isinstance(item, dict)]
    assert sections == [
        "Home",
        "Tutorial",
        "How-to guides",
        "Gallery",
        "Reference",
        "Explanation",
    ]


def test_api_reference_uses_numpy_docstrings(mkdocs_config):
    plugins = {
        next(iter(plugin)) if isinstance(plugin, dict) else plugin: plugin
        for plugin in mkdocs_config["plugins"]
    }
    python = plugins["mkdocstrings"]["mkdocstrings"]["handlers"]["python"]
    assert python["options"]["docstring_style"] == "numpy"


def test_api_pages_document_the_public_api():
    directives = {
        line.removeprefix(":::").strip()
        for page in (DOCS / "api").glob("*.md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith(":::")
    }
    for name in (
        "load",
        "solve",
        "analyse",
        "threshold",
        "min_credibility",
        "sweep",
        "table",
        "plot_regions",
        "plot_threshold",
        "ThresholdResult",
    ):
        # the page names each where it is defined: the module the package imports it from
        module, _, attribute = deterrence._EXPORTS[name].partition(":")
        assert f"{module}.{attribute}" in directives, name
    for module in ("solvers.result", "limits", "concepts", "errors"):
        assert f"deterrence.{module}" in directives, module


# --- the hooks of the site ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_hooks() -> ModuleType:
    return load_script("docs/api/site_hooks.py")


def _filtered(site_hooks: ModuleType, message: str) -> int:
    """The level a link report ends at after the hooks' filter."""
    link_filter = site_hooks._InRepository()
    link_filter.docs_dir, link_filter.root = DOCS, ROOT
    record = logging.LogRecord("mkdocs.structure.pages", logging.WARNING, "", 0, message, (), None)
    assert link_filter.filter(record)
    return record.levelno


def test_links_into_the_repository_are_not_warnings(site_hooks):
    message = (
        "Doc file 'tutorial.md' contains a link '../README.md', but the target is not found "
        "among documentation files."
    )
    assert _filtered(site_hooks, message) == logging.INFO
    message = (
        "Doc file 'models.md' contains an unrecognized relative link '../models/', it was left "
        "as is."
    )
    assert _filtered(site_hooks, message) == logging.INFO


def test_links_to_nothing_stay_warnings(site_hooks):
    for message in (
        "Doc file 'tutorial.md' contains a link 'no-such-page.md', but the target is not found "
        "among documentation files.",
        "Doc file 'tutorial.md' contains a link '../no-such-file.md', but the target is not "
        "found among documentation files.",
        "Doc file 'tutorial.md' contains a link '../../outside.md', but the target is not "
        "found among documentation files.",
        "Doc file 'models.md' contains an unrecognized relative link 'nowhere/', it was left "
        "as is.",
        "Doc file 'tutorial.md' contains a link '#nothing', but there is no such anchor on "
        "this page.",
    ):
        assert _filtered(site_hooks, message) == logging.WARNING, message


# --- the build ------------------------------------------------------------------------------


@pytest.mark.slow
def test_site_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("mkdocstrings_handlers.python")
    pytest.importorskip("material")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "WARNING" not in done.stderr, done.stderr[-4000:]
    assert (site / "index.html").is_file()
    functions = (site / "api" / "functions" / "index.html").read_text(encoding="utf-8")
    assert 'id="deterrence.solvers.solver.solve"' in functions
    assert ":func:<code>" not in functions
