"""Tables for papers: equilibria, regions and thresholds as a tidy pandas DataFrame
(:func:`table`), rendered as LaTeX, Markdown, CSV, HTML or JSON.

pandas is an optional extra (``pip install 'deterrence[tables]'``); it is imported only when a
table is made or rendered.
"""

from deterrence.tables.build import table
from deterrence.tables.formats import to_csv, to_html, to_json
from deterrence.tables.latex import to_latex
from deterrence.tables.markdown import to_markdown
from deterrence.tables.mixture import Mixture

__all__ = ["Mixture", "table", "to_csv", "to_html", "to_json", "to_latex", "to_markdown"]
