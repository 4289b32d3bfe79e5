"""A table as Markdown: a pipe table (GitHub / pandoc style), then its notes."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from deterrence.tables.layout import (
    frame_names,
    numeric_column,
    shown_columns,
    text_header,
    text_value,
)
from deterrence.tables.layout import notes as table_notes
from deterrence.tables.numbers import text_number

if TYPE_CHECKING:
    import pandas


def to_markdown(
    frame: pandas.DataFrame,
    *,
    digits: int = 3,
    exact: bool = False,
    notes: bool | str = True,
    regret: bool = False,
    numeric: bool = False,
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
    regret : bool
        Show the regret column (every verified equilibrium has regret zero).
    numeric : bool
        Show a threshold table's numeric check beside its exact value.

    Returns
    -------
    str
        Headers in words (a parameter by its declared label, else its name; ``Strategy
        (Attacker)``); actions and outcomes by their display names
        (:mod:`deterrence.game.notation`); ``|`` in a cell is escaped.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> frame = table("extended-deterrence", scenarios=["baseline"])
    >>> print(to_markdown(frame[["scenario", "outcome", "payoff_A", "payoff_D"]], notes=False))
    | Scenario | Outcome | Payoff (Attacker) | Payoff (Defender) |
    | --- | --- | ---: | ---: |
    | baseline | 0.5 War + 0.5 Protégé abandoned | 0.1 | -0.525 |
    <BLANKLINE>
    """
    columns = shown_columns(frame, regret=regret, numeric=numeric)
    parameters, players, notation = frame_names(frame)
    lines = [
        "| "
        + " | ".join(_escape(text_header(c, parameters, players, notation)) for c in columns)
        + " |"
    ]
    lines.append(
        "| " + " | ".join("---:" if numeric_column(frame[c]) else "---" for c in columns) + " |"
    )
    for _, row in frame.iterrows():
        cells = [_escape(text_value(c, row[c], notation, exact, digits)) for c in columns]
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
