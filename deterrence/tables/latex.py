r"""A table as LaTeX for a paper: a ``table`` float with a booktabs ``tabular`` (``\toprule``,
``\midrule``, ``\bottomrule``, no vertical rules), its caption, label and notes.

The preamble needs ``\usepackage{booktabs}``, and ``\usepackage{amsmath}`` for conditions of
three parts or more (stacked with ``gathered``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import sympy

from deterrence.tables.layout import notes as table_notes
from deterrence.tables.layout import numeric_column
from deterrence.tables.numbers import escape_latex, latex_cell, latex_number

if TYPE_CHECKING:
    import pandas

#: Headers of the columns :func:`deterrence.tables.table` makes, in words.
HEADERS = {
    "model": "Model",
    "scenario": "Scenario",
    "equilibrium": "Eq.",
    "outcome": "Outcome",
    "regret": "Regret",
    "region": "Region",
    "condition": "Condition",
    "parameter": "Parameter",
    "deterred": "Deterred",
    "status": "Status",
    "closed_form": "Closed form",
    "conditions": "Where it applies",
    "value": "Value",
    "numeric": "Numeric check",
}


def to_latex(
    frame: pandas.DataFrame,
    *,
    caption: str | None = None,
    label: str | None = None,
    digits: int = 3,
    exact: bool = False,
    fraction: str = "frac",
    notes: bool | str = True,
    placement: str = "htbp",
    width: str | None = None,
) -> str:
    r"""The table as a LaTeX ``table`` environment with a booktabs ``tabular``.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`deterrence.tables.table` (any DataFrame works; the notes need its
        ``attrs``).
    caption : str, optional
        Text of ``\caption``; LaTeX's special characters are escaped.
    label : str, optional
        Key of ``\label`` (e.g. ``tab:equilibria``), written as it is.
    digits : int
        Decimal places of numbers when ``exact`` is False (trailing zeros dropped).
    exact : bool
        Write rational numbers exactly, as fractions.
    fraction : {"frac", "slash"}
        With ``exact``: ``\frac{7}{10}`` or ``7/10``.
    notes : bool or str
        True: a line under the table listing the parameters held fixed, the equilibrium
        concept and the solvers' remarks. A string: those notes and then this text (escaped).
        False: no notes.
    placement : str
        The float's placement specifier.
    width : str, optional
        Scale the tabular to this width, e.g. ``\linewidth``, for tables wider than the page
        (``\resizebox``: needs ``\usepackage{graphicx}``).

    Returns
    -------
    str
        The LaTeX source, ending with a newline. Region conditions, closed forms and
        expressions are typeset with ``sympy.latex``; labels are escaped.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> frame = table("classic-deterrence", scenarios=["baseline"])
    >>> columns = ["scenario", "strategy_Ch", "outcome", "payoff_Ch", "payoff_Def"]
    >>> print(to_latex(frame[columns], caption="Classic deterrence", label="tab:classic"))
    ... # doctest: +NORMALIZE_WHITESPACE
    \begin{table}[htbp]
      \centering
      \caption{Classic deterrence}
      \label{tab:classic}
      \begin{tabular}{lllrr}
        \toprule
        Scenario & Strategy Ch & Outcome & Payoff Ch & Payoff Def \\
        \midrule
        baseline & status quo; back down & SQ & $0$ & $1$ \\
        \bottomrule
      \end{tabular}
      \par\smallskip
      {\footnotesize \emph{Notes:} Parameters held fixed: $g = 1$, $b = 1$, $a = 0$,
      $cCh = 2$, $cDef = 2$, $l = 1$, $s = 0.5$. Subgame-perfect equilibria, each verified
      exactly.\par}
    \end{table}
    <BLANKLINE>
    """
    if fraction not in ("frac", "slash"):
        raise ValueError(f"fraction must be `frac` or `slash`, not `{fraction}`")
    columns = list(frame.columns)
    spec = "".join("r" if numeric_column(frame[c]) else "l" for c in columns)
    parameters = frame.attrs.get("parameters") or {}
    lines = [f"\\begin{{table}}[{placement}]", "  \\centering"]
    if caption is not None:
        lines.append(f"  \\caption{{{escape_latex(caption)}}}")
    if label is not None:
        lines.append(f"  \\label{{{label}}}")
    if width is not None:
        lines.append(f"  \\resizebox{{{width}}}{{!}}{{%")
    lines += [f"  \\begin{{tabular}}{{{spec}}}", "    \\toprule"]
    lines.append("    " + " & ".join(_header(str(c), parameters) for c in columns) + r" \\")
    lines.append("    \\midrule")
    previous = None
    for _, row in frame.iterrows():
        model = row.get("model")
        if previous is not None and model != previous:
            lines.append("    \\midrule")
        previous = model
        cells = [
            _symbol(row[c])
            if c == "parameter" and isinstance(row[c], str)
            else latex_cell(row[c], exact=exact, digits=digits, fraction=fraction)
            for c in columns
        ]
        lines.append("    " + " & ".join(cells) + r" \\")
    lines += ["    \\bottomrule", "  \\end{tabular}"]
    if width is not None:
        lines.append("  }")
    written = _notes(frame, notes, exact=exact, digits=digits, fraction=fraction)
    if written:
        lines.append("  \\par\\smallskip")
        lines.append("  {\\footnotesize " + " ".join(written) + "\\par}")
    lines.append("\\end{table}")
    return "\n".join(lines) + "\n"


def _symbol(name: str) -> str:
    return f"${sympy.latex(sympy.Symbol(name))}$"


def _header(column: str, parameters: dict[str, str]) -> str:
    if column in parameters:
        return _symbol(parameters[column])
    if column in HEADERS:
        return HEADERS[column]
    for prefix, word in (("strategy_", "Strategy"), ("payoff_", "Payoff")):
        if column.startswith(prefix):
            return f"{word} {escape_latex(column[len(prefix) :])}"
    return escape_latex(column)


def _notes(
    frame: pandas.DataFrame, notes: bool | str, *, exact: bool, digits: int, fraction: str
) -> list[str]:
    if notes is False:
        return []

    def assignment(name: str, value: Fraction) -> str:
        number = latex_number(value, exact=exact, digits=digits, fraction=fraction)
        return f"{_symbol(name)[:-1]} = {number}$"

    written = table_notes(frame, assignment=assignment, text=escape_latex)
    if isinstance(notes, str):
        written.append(escape_latex(notes))
    if written:
        written[0] = "\\emph{Notes:} " + written[0]
    return written
