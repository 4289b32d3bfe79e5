"""A table as Markdown: a pipe table (GitHub / pandoc style), then its notes."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from deterrence.tables.layout import notes as table_notes
from deterrence.tables.layout import numeric_column
from deterrence.tables.numbers import text_cell, text_number

if TYPE_CHECKING:
    import pandas


def to_markdown(
    frame: pandas.DataFrame,
    *,
    digits: int = 3,
    exact: bool = False,
    notes: bool | str = True,
) -> str:
    """The table as a Markdown pipe table; numeric columns right-aligned.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`deterrence.tables.table`.
    digits : int
        Decimal places of numbers when ``exact`` is False (trailing zeros dropped).
    exact : bool
        Write rational numbers exactly (``7/10``).
    notes : bool or str
        As in :func:`deterrence.tables.to_latex`: a paragraph under the table.

    Returns
    -------
    str
        Headers are the column names; ``|`` in a cell is escaped.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> frame = table("extended-deterrence", scenarios=["baseline"])
    >>> print(to_markdown(frame[["scenario", "outcome", "payoff_A", "payoff_D"]], notes=False))
    | scenario | outcome | payoff_A | payoff_D |
    | --- | --- | ---: | ---: |
    | baseline | 0.5 war + 0.5 abandoned | 0.1 | -0.525 |
    <BLANKLINE>
    """
    columns = list(frame.columns)
    lines = ["| " + " | ".join(_escape(str(c)) for c in columns) + " |"]
    lines.append(
        "| " + " | ".join("---:" if numeric_column(frame[c]) else "---" for c in columns) + " |"
    )
    for row in frame.itertuples(index=False):
        cells = [_escape(text_cell(v, exact=exact, digits=digits)) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    if notes is not False:

        def assignment(name: str, value: Fraction) -> str:
            return f"{name} = {text_number(value, exact=exact, digits=digits)}"

        written = table_notes(frame, assignment=assignment, text=str)
        if isinstance(notes, str):
            written.append(notes)
        if written:
            lines += ["", " ".join(written)]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
