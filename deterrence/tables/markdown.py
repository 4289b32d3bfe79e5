"""A table as Markdown: a pipe table (GitHub / pandoc style), then its notes."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from deterrence.game.notation import Notation
from deterrence.tables.latex import HEADERS
from deterrence.tables.layout import notes as table_notes
from deterrence.tables.layout import numeric_column
from deterrence.tables.mixture import Mixture
from deterrence.tables.numbers import is_missing, text_cell, text_number

if TYPE_CHECKING:
    import pandas


def to_markdown(
    frame: pandas.DataFrame,
    *,
    digits: int = 3,
    exact: bool = False,
    notes: bool | str = True,
    regret: bool = False,
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
    columns = [c for c in frame.columns if regret or c != "regret"]
    attrs = frame.attrs
    notation = Notation.merged((attrs.get("notation") or {}).values())
    parameters = dict(attrs.get("parameters") or {})
    players = dict(attrs.get("player_names") or {})
    lines = [
        "| "
        + " | ".join(_escape(_header(str(c), parameters, players, notation)) for c in columns)
        + " |"
    ]
    lines.append(
        "| " + " | ".join("---:" if numeric_column(frame[c]) else "---" for c in columns) + " |"
    )
    for _, row in frame.iterrows():
        cells = [_escape(_cell(str(c), row[c], notation, exact, digits)) for c in columns]
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


def _header(
    column: str, parameters: dict[str, str], players: dict[str, str], notation: Notation
) -> str:
    if column in parameters:
        name = parameters[column]
        return notation.label(name) if notation.has_label(name) else name
    for prefix, word in (("strategy_", "Strategy"), ("payoff_", "Payoff")):
        if column.startswith(prefix):
            player = column[len(prefix) :]
            return f"{word} ({players.get(player, player)})"
    if column == "parameter":
        return "Parameter"
    return HEADERS.get(column, column)


def _cell(column: str, value: Any, notation: Notation, exact: bool, digits: int) -> str:
    if column.startswith("strategy_") and isinstance(value, Mixture):
        value = value.relabel(notation.plan)
    elif column == "outcome" and isinstance(value, Mixture):
        value = value.relabel(notation.outcome_text)
    elif column == "deterred" and isinstance(value, str):
        return notation.outcome_text(value)
    elif column == "subgame_perfect" and not is_missing(value):
        return {True: "yes", False: "no"}.get(value, "?")
    return text_cell(value, exact=exact, digits=digits)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
