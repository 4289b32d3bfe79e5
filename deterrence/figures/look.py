"""How regions look: fill colours (colour-blind safe) or greys with hatches for print, and
region labels broken into lines that fit inside a region."""

from __future__ import annotations

import re

from deterrence.game.notation import Notation
from deterrence.solvers.labels import EQUILIBRIA_SEP

#: Okabe & Ito's colour-blind-safe palette, mixed halfway with white so that black text and
#: boundary lines stay legible on every fill.
_OKABE_ITO = (
    (0.902, 0.624, 0.000),
    (0.337, 0.706, 0.914),
    (0.000, 0.620, 0.451),
    (0.941, 0.894, 0.259),
    (0.000, 0.447, 0.698),
    (0.835, 0.369, 0.000),
    (0.800, 0.475, 0.655),
    (0.600, 0.600, 0.600),
)
COLOURS = tuple(tuple(0.5 + 0.5 * c for c in rgb) for rgb in _OKABE_ITO)

#: Greys from light to mid, each with its own hatch, so neighbouring regions differ in both.
GREYS = (0.97, 0.82, 0.9, 0.7, 0.86, 0.76, 0.93, 0.65)
HATCHES = ("", "//", "..", "\\\\", "xx", "--", "++", "oo")


def fill_style(index: int, style: str) -> tuple[tuple[float, float, float], str | None]:
    """The face colour and hatch of the ``index``-th region label."""
    if style == "print":
        grey = GREYS[index % len(GREYS)]
        return (grey, grey, grey), HATCHES[index % len(HATCHES)] or None
    return COLOURS[index % len(COLOURS)], None  # type: ignore[return-value]


def display_label(label: str, notation: Notation, what: str = "outcome") -> str:
    """A sweep's label with display names: outcomes by their labels, and in a label of
    play (``A: attack / P: resist``) each action by its label.

    >>> display_label("status_quo | war", Notation())
    'status quo | war'
    """
    parts = []
    for part in label.split(EQUILIBRIA_SEP):
        if what == "outcome":
            parts.append(notation.outcome_text(part))
            continue
        moves = []
        for move in part.split(" / "):
            player, sep, action = move.partition(": ")
            moves.append(
                f"{player}{sep}{notation.plan(action)}" if sep else notation.outcome_text(move)
            )
        parts.append(" / ".join(moves))
    return EQUILIBRIA_SEP.join(parts)


def format_label(label: str, width: int = 28) -> str:
    """A sweep's label as the text written in its region: one equilibrium a line, long ones
    broken between players (`` / ``) or outcomes (`` + ``) to lines of about ``width``
    characters.

    >>> print(format_label("C wins | R wins"))
    C wins
    R wins
    >>> print(format_label("A: attack / P: resist / D: abandon", width=24))
    A: attack / P: resist /
    D: abandon
    """
    lines = []
    for part in label.split(EQUILIBRIA_SEP):
        lines.extend(_break(part, width))
    return "\n".join(lines)


def _break(text: str, width: int) -> list[str]:
    # Break after a separator, so that each line ends with the `/` or `+` that continues it.
    tokens = re.split(r"(?<= [/+]) ", text)
    lines = [tokens[0]]
    for token in tokens[1:]:
        if len(lines[-1]) + 1 + len(token) <= width:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return lines
