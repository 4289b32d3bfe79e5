"""How regions look: fill colours (colour-blind safe) or greys with hatches for print, the
lines and points of regions of no area, region labels broken into lines that fit inside a
region, and the numbered key that stands for the equilibria where a region holds several."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

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


#: Regions of no area (ties on a line or at a point): thick dashes with white gaps, so that
#: they stand out from the thin solid boundaries they lie on, in a strong colour (Okabe & Ito's,
#: unmixed) or in black for print, each with its own dash pattern and point marker.
TIE_COLOURS = ("#D55E00", "#CC79A7", "#0072B2", "#009E73")
TIE_DASHES = ((0, (4.0, 2.0)), (0, (1.0, 1.5)), (0, (6.0, 2.0, 1.0, 2.0)), (0, (2.5, 2.5)))
TIE_MARKERS = ("D", "s", "^", "v")
TIE_WIDTH = 2.6


def tie_style(index: int, style: str) -> dict[str, Any]:
    """The line style (matplotlib keywords) of the ``index``-th region of no area.

    >>> tie_style(0, "print")["color"], tie_style(1, "color")["gapcolor"]
    ('black', 'white')
    """
    return {
        "color": "black" if style == "print" else TIE_COLOURS[index % len(TIE_COLOURS)],
        "linestyle": TIE_DASHES[index % len(TIE_DASHES)],
        "gapcolor": "white",
        "linewidth": TIE_WIDTH,
    }


def tie_marker(index: int, style: str) -> dict[str, Any]:
    """The marker (matplotlib keywords) of the ``index``-th region that is a point."""
    colour = "black" if style == "print" else TIE_COLOURS[index % len(TIE_COLOURS)]
    return {
        "marker": TIE_MARKERS[index % len(TIE_MARKERS)],
        "markersize": 7.0,
        "markerfacecolor": colour,
        "markeredgecolor": "white",
        "markeredgewidth": 1.0,
        "linestyle": "none",
    }


def equilibria(label: str) -> list[str]:
    """The labels of the distinct equilibria a region's label joins.

    >>> equilibria("C wins | R wins"), equilibria("status_quo")
    (['C wins', 'R wins'], ['status_quo'])
    """
    return label.split(EQUILIBRIA_SEP)


def several(labels: Iterable[str]) -> bool:
    """Whether a label among ``labels`` holds several equilibria, so that a key is needed.

    >>> several(["war", "status_quo"]), several(["war", "C wins | R wins"])
    (False, True)
    """
    return any(EQUILIBRIA_SEP in label for label in labels)


def equilibrium_keys(labels: Iterable[str]) -> dict[str, str]:
    """A short key for each distinct equilibrium in ``labels``: ``1``, ``2``, ... in the order
    in which they first appear.

    >>> equilibrium_keys(["C wins | R wins | mixed", "compromise", "C wins | R wins"])
    {'C wins': '1', 'R wins': '2', 'mixed': '3', 'compromise': '4'}
    """
    keys: dict[str, str] = {}
    for label in labels:
        for part in equilibria(label):
            keys.setdefault(part, str(len(keys) + 1))
    return keys


def keyed(label: str, keys: Mapping[str, str]) -> str:
    """A region's label as the keys of its equilibria, in the key's order: the text written
    in the region.

    >>> keyed("C wins | R wins | mixed", {"mixed": "1", "C wins": "2", "R wins": "3"})
    '1, 2, 3'
    """
    return ", ".join(sorted((keys[part] for part in equilibria(label)), key=int))


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
