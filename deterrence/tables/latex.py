r"""A table as LaTeX for a paper: a ``table`` float with a booktabs tabular (``\toprule``,
``\midrule``, ``\bottomrule``, no vertical rules), its caption, label and notes.

The table fits the text width by design, not by shrinking: a strategy profile is one column,
each player's strategy on its own line, in a ``tabularx`` column that wraps (``X``); the
payoffs are one column, a line per player; a condition is an ``aligned`` stack of its parts;
the notes sit under the table, left-aligned at its edge (the table spans ``\linewidth``, a
``tabular*`` where no column wraps, and the notes a ``minipage`` as wide, as
``threeparttable`` would set them without needing that package); the regret column (zero
for every verified equilibrium) is shown only on request; a table longer than ``max_rows``
rows is split into several floats, ``(continued)``. The preamble needs :data:`PREAMBLE`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy

from deterrence.game.notation import Notation
from deterrence.tables.layout import HEADERS, numeric_column, shown_columns
from deterrence.tables.layout import notes as table_notes
from deterrence.tables.numbers import (
    condition_parts,
    escape_latex,
    is_missing,
    latex_cell,
    latex_number,
)

if TYPE_CHECKING:
    import pandas

#: The packages a table needs (``pdflscape`` only for ``landscape=True``).
PREAMBLE = "\\usepackage{booktabs}\n\\usepackage{amsmath}\n\\usepackage{tabularx}\n"

#: Columns whose text can be long: set in a column that wraps.
_WRAPPED = ("profile", "outcome", "condition", "conditions")


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
    regret: bool = False,
    numeric: bool = False,
    max_rows: int = 30,
    landscape: bool = False,
) -> str:
    r"""The table as a LaTeX ``table`` environment that fits the text width.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`deterrence.tables.table` (any DataFrame works; the notes, symbols and
        display names need its ``attrs``).
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
        True: notes under the table listing the parameters held fixed, the equilibrium
        concept and the solvers' remarks. A string: those notes and then this text (escaped).
        False: no notes.
    placement : str
        The float's placement specifier.
    width : str, optional
        Scale the whole table to this width, e.g. ``\linewidth`` (``\resizebox``: needs
        ``\usepackage{graphicx}``). Not needed for the tables of :func:`table`, which fit.
    regret : bool
        Show the regret column (every verified equilibrium has regret zero).
    numeric : bool
        Show a threshold table's numeric check beside its exact value.
    max_rows : int
        Split a longer table into several floats of at most this many rows.
    landscape : bool
        Set the table on a landscape page (``\usepackage{pdflscape}``).

    Returns
    -------
    str
        The LaTeX source, ending with a newline. Parameters are written with their symbols,
        players, actions and outcomes with their display names (see
        :mod:`deterrence.game.notation`); labels are escaped, symbols copied as declared.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> frame = table("classic-deterrence", scenarios=["baseline"])
    >>> columns = ["scenario", "strategy_Ch", "outcome", "payoff_Ch", "payoff_Def"]
    >>> print(to_latex(frame[columns], caption="Classic deterrence", label="tab:classic"))
    ... # doctest: +NORMALIZE_WHITESPACE
    \begin{table}[htbp]
      \centering
      \setlength{\tabcolsep}{3pt}
      \caption{Classic deterrence}
      \label{tab:classic}
      \begin{tabularx}{\linewidth}{l>{\raggedright\arraybackslash}X>{\raggedright\arraybackslash}Xl}
        \toprule
        Scenario & Strategy of Challenger & Outcome & Payoffs \\
        \midrule
        baseline & status quo; back down & Status quo &
        \begin{tabular}[t]{@{}l@{\ }r@{}}Ch & $0$\\ Def & $1$\end{tabular} \\
        \bottomrule
      \end{tabularx}
      \par\smallskip
      \begin{minipage}{\linewidth}
      \footnotesize\raggedright \emph{Notes:} Parameters held fixed: $g = 1$, $b = 1$, $a = 0$,
      $c_C = 2$, $c_D = 2$, $l = 1$, $s = 0.5$. Subgame-perfect equilibria, each verified
      exactly.
      \end{minipage}
    \end{table}
    <BLANKLINE>
    """
    if fraction not in ("frac", "slash"):
        raise ValueError(f"fraction must be `frac` or `slash`, not `{fraction}`")
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, not {max_rows}")
    names = _Names(frame)
    columns = _layout(frame, regret, numeric)
    spec = "".join(_column_spec(frame, c) for c in columns)
    wraps = any(c in _WRAPPED or c == "profile" for c in columns)
    environment = "tabularx" if wraps else "tabular*"
    opening = (
        f"\\begin{{tabularx}}{{\\linewidth}}{{{spec}}}"
        if wraps
        else f"\\begin{{tabular*}}{{\\linewidth}}{{@{{\\extracolsep{{\\fill}}}}{spec}}}"
    )
    header = " & ".join(_header(c, names) for c in columns) + r" \\"
    cell = _Cells(names, exact=exact, digits=digits, fraction=fraction)
    rows: list[tuple[Any, str]] = []
    for _, row in frame.iterrows():
        rows.append((row.get("model"), " & ".join(cell(c, row) for c in columns) + r" \\"))
    chunks = [rows[i : i + max_rows] for i in range(0, len(rows), max_rows)] or [[]]
    written = _notes(frame, notes, names, exact=exact, digits=digits, fraction=fraction)
    out: list[str] = []
    if landscape:
        out.append("\\begin{landscape}")
    for n, chunk in enumerate(chunks):
        lines = [
            f"\\begin{{table}}[{placement}]",
            "  \\centering",
            "  \\setlength{\\tabcolsep}{3pt}",
        ]
        if caption is not None:
            text = escape_latex(caption) + (" (continued)" if n else "")
            lines.append(f"  \\caption{{{text}}}")
        if label is not None and n == 0:
            lines.append(f"  \\label{{{label}}}")
        if width is not None:
            lines.append(f"  \\resizebox{{{width}}}{{!}}{{%")
        lines += [f"  {opening}", "    \\toprule", "    " + header, "    \\midrule"]
        previous = None
        for model, line in chunk:
            if isinstance(model, str) and model != previous:
                if previous is not None:
                    lines.append("    \\midrule")
                heading = (
                    f"\\multicolumn{{{len(columns)}}}{{@{{}}l}}{{\\emph{{{escape_latex(model)}}}}}"
                )
                lines.append(f"    {heading} \\\\")
            previous = model
            lines.append("    " + line)
        lines += ["    \\bottomrule", f"  \\end{{{environment}}}"]
        if width is not None:
            lines.append("  }")
        if written and n == len(chunks) - 1:
            lines += ["  \\par\\smallskip", "  \\begin{minipage}{\\linewidth}"]
            lines.append("  \\footnotesize\\raggedright " + " ".join(written))
            lines.append("  \\end{minipage}")
        lines.append("\\end{table}")
        out += lines
    if landscape:
        out.append("\\end{landscape}")
    return "\n".join(out) + "\n"


class _Names:
    """Symbols and display names for a frame, from its ``attrs``."""

    def __init__(self, frame: pandas.DataFrame):
        attrs = frame.attrs
        self.notation = Notation.merged((attrs.get("notation") or {}).values())
        self.parameters: dict[str, str] = dict(attrs.get("parameters") or {})
        self.players: dict[str, str] = dict(attrs.get("player_names") or {})
        self.strategies = [c for c in frame.columns if str(c).startswith("strategy_")]
        self.payoffs = [c for c in frame.columns if str(c).startswith("payoff_")]
        found: set[str] = set(self.parameters.values())
        for values in (attrs.get("fixed") or {}).values():
            found.update(values)
        for values in (attrs.get("moving") or {}).values():
            found.update(values)
        self.symbols = {
            sympy.Symbol(name, real=True): self.notation.symbol(name) for name in found
        } | {sympy.Symbol(name): self.notation.symbol(name) for name in found}

    def player(self, column: str, prefix: str) -> str:
        player = column[len(prefix) :]
        return self.players.get(player, player)

    def symbol(self, name: str) -> str:
        return f"${self.notation.symbol(name)}$"


def _layout(frame: pandas.DataFrame, regret: bool, numeric: bool) -> list[str]:
    """The columns drawn: the strategy columns become one ``profile`` column and the payoff
    columns one ``payoffs`` column, each where its first column was."""
    out: list[str] = []
    for column in shown_columns(frame, regret=regret, numeric=numeric):
        if column == "model":
            continue  # each model heads its rows instead (see to_latex)
        if column.startswith("strategy_"):
            column = "profile"
        elif column.startswith("payoff_"):
            column = "payoffs"
        if column not in out:
            out.append(column)
    return out


def _column_spec(frame: pandas.DataFrame, column: str) -> str:
    if column in _WRAPPED:
        return r">{\raggedright\arraybackslash}X"
    if column in ("profile", "payoffs") or column not in frame.columns:
        return "l"
    return "r" if numeric_column(frame[column]) else "l"


class _Cells:
    def __init__(self, names: _Names, **style: Any):
        self.names = names
        self.style = style

    def __call__(self, column: str, row: Any) -> str:
        names, notation = self.names, self.names.notation
        if column == "profile":
            return self.profile(row)
        if column == "payoffs":
            return self.payoffs(row)
        value = row[column]
        if column == "parameter" and isinstance(value, str):
            return names.symbol(value)
        if column == "deterred" and isinstance(value, str):
            return escape_latex(notation.outcome_text(value))
        if column == "subgame_perfect":
            return "" if _missing(value) else {True: "yes", False: "no"}.get(value, "?")
        words = notation.outcome_text if column == "outcome" else None
        if column in ("condition", "conditions") and isinstance(value, sympy.And):
            # One part a line, each in its own math so that a long one can still break.
            return r"\newline ".join(
                latex_cell(part, names=names.symbols, **self.style)
                for part in condition_parts(value)
            )
        return latex_cell(value, names=names.symbols, words=words, **self.style)

    def profile(self, row: Any) -> str:
        strategies = self.names.strategies
        lines = []
        for column in strategies:
            value = row[column]
            text = latex_cell(
                value, names=self.names.symbols, words=self.names.notation.plan, **self.style
            )
            if len(strategies) > 1:
                text = f"\\emph{{{escape_latex(self.names.player(column, 'strategy_'))}}}: {text}"
            lines.append(text)
        return r"\newline ".join(lines)

    def payoffs(self, row: Any) -> str:
        items = [
            f"{escape_latex(c[len('payoff_') :])} & "
            + latex_cell(row[c], names=self.names.symbols, **self.style)
            for c in self.names.payoffs
            if not _missing(row[c])
        ]
        if not items:
            return ""
        return r"\begin{tabular}[t]{@{}l@{\ }r@{}}" + r"\\ ".join(items) + r"\end{tabular}"


def _missing(value: Any) -> bool:
    return is_missing(value)


def _header(column: str, names: _Names) -> str:
    if column in names.parameters:
        return names.symbol(names.parameters[column])
    if column == "profile" and len(names.strategies) == 1:
        return "Strategy of " + escape_latex(names.player(names.strategies[0], "strategy_"))
    if column in HEADERS:
        return HEADERS[column]
    return escape_latex(column)


def _notes(
    frame: pandas.DataFrame,
    notes: bool | str,
    names: _Names,
    *,
    exact: bool,
    digits: int,
    fraction: str,
) -> list[str]:
    if notes is False:
        return []

    def assignment(name: str, value: Fraction) -> str:
        number = latex_number(value, exact=exact, digits=digits, fraction=fraction)
        return f"{names.symbol(name)[:-1]} = {number}$"

    written = table_notes(frame, assignment=assignment, text=escape_latex)
    if isinstance(notes, str):
        written.append(escape_latex(notes))
    if written:
        written[0] = "\\emph{Notes:} " + written[0]
    return written
