"""MkDocs hooks of the documentation site (``hooks:`` in mkdocs.yml).

Two jobs, both about text written for readers of the repository rather than of the site:

**Links that work in the repository but not on the site.** The pages under docs/ are also read
in the repository itself, and some link to files outside docs/ (``../README.md``, the
``models/`` folder) or to folders without an index page (``../examples/``). Such a link works
when the repository is browsed, but the built site has no page for it, and MkDocs reports
each as a warning, which fails ``mkdocs build --strict``. These reports are lowered to INFO,
and marked ``Link outside the site``, when the link's target exists in the repository (a file
or a folder inside the folder of mkdocs.yml). A link to something that exists nowhere, a
missing anchor, or a page missing from the navigation stays a warning, so the strict build
still fails on it.

**Cross-reference roles in docstrings.** The package's docstrings name other objects the way
Sphinx does (``:func:`override```, ``:class:`~a.b.Concept```); mkdocstrings renders such a
role as its literal text followed by the name. The rendered pages show the name alone, as
code (the last part only after ``~``, as Sphinx does).

The module imports nothing from MkDocs, so importing it (as ``pytest --doctest-modules`` does)
needs nothing beyond the standard library.

>>> _link_target("Doc file 'a.md' contains a link '../README.md#x', but the target is not "
...              "found among documentation files.")
('a.md', '../README.md')
>>> _link_target("Doc file 'a.md' contains an unrecognized relative link 'tables/', it was "
...              "left as is.")
('a.md', 'tables/')
>>> _link_target("Doc file 'a.md' contains a link '#x', but there is no such anchor on this "
...              "page.") is None
True
>>> _without_roles("see :func:<code>get</code> and :class:<code>~a.b.Concept</code>")
'see <code>get</code> and <code>Concept</code>'
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_REPORTS = (
    re.compile(
        r"Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']+)', "
        r"but the target( '[^']*')? is not found among documentation files\."
    ),
    re.compile(
        r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<url>[^']+)', "
        r"it was left as is\."
    ),
)

#: Where MkDocs reports links it cannot resolve.
_LOGGER = "mkdocs.structure.pages"

#: A Sphinx role as mkdocstrings renders it: the role's text, then the name as code.
_ROLE = re.compile(
    r":(?:py:)?(?:func|class|data|meth|mod|attr|exc|obj|const):<code>(?P<tilde>~?)(?P<name>[^<]*)</code>"
)


def _link_target(message: str) -> tuple[str, str] | None:
    """The page and the path of the link a report is about; None for any other message."""
    for pattern in _REPORTS:
        match = pattern.match(message)
        if match:
            return match["page"], unquote(urlsplit(match["url"]).path)
    return None


def _without_roles(html: str) -> str:
    """``html`` with every rendered Sphinx role reduced to the name it refers to, as code."""

    def name(match: re.Match[str]) -> str:
        text = match["name"].rsplit(".", 1)[-1] if match["tilde"] else match["name"]
        return f"<code>{text}</code>"

    return _ROLE.sub(name, html)


class _InRepository(logging.Filter):
    """Lowers a report about a link to INFO when its target exists in the repository."""

    def __init__(self) -> None:
        super().__init__()
        self.docs_dir: Path | None = None
        self.root: Path | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or self.docs_dir is None or self.root is None:
            return True
        found = _link_target(record.getMessage())
        if found is None or not found[1]:
            return True
        page, path = found
        target = (self.docs_dir / page).parent.joinpath(path).resolve()
        if target.exists() and target.is_relative_to(self.root):
            message = record.getMessage()
            record.msg = f"Link outside the site (it works in the repository): {message}"
            record.args = ()
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_FILTER = _InRepository()


def on_config(config: Any) -> Any:
    """Point the filter at this build's docs folder and repository, and install it once."""
    _FILTER.docs_dir = Path(config["docs_dir"]).resolve()
    _FILTER.root = Path(config["config_file_path"]).resolve().parent
    logging.getLogger(_LOGGER).addFilter(_FILTER)  # adding the same filter twice is a no-op
    return config


def on_page_content(html: str, **kwargs: Any) -> str:
    """Each page's HTML with the docstrings' cross-reference roles reduced to names."""
    return _without_roles(html)
