"""Regions over several parameters as a JSON-ready dict, text and LaTeX.

The JSON keeps ids (its ``latex`` fields write parameters by their symbols); the text writes
conditions as they are typed and actions and outcomes by their display names; the LaTeX
writes parameters by their symbols and outcomes by their display names
(:mod:`deterrence.game.notation`).
"""

from __future__ import annotations

from typing import Any

from deterrence.analysis.many_parameters import Region, Regions
from deterrence.analysis.two_player_regions import MatrixRegion, MatrixRegions
from deterrence.game.notation import Notation, notation_of
from deterrence.report.describe import moves_text, strategies_of
from deterrence.report.pieces import describe_outcomes, latex_term


def _strategies(result: Regions, region: Region) -> dict[str, dict[str, str]]:
    return strategies_of(result.game, region.choices)


SAMPLED = (
    "regions found by exact solves at {points} points; each region listed is exact (its "
    "conditions are exactly where that play is the SPE), but a region smaller than the "
    "sampling could be missing"
)
COMPLETE = (
    "every region with an interior is listed, each exactly (its conditions are exactly where "
    "that play is the SPE); found by {method}"
)


def _notes(result: Regions) -> list[str]:
    if result.complete:
        notes = [COMPLETE.format(method=result.method)]
    else:
        notes = [SAMPLED.format(points=result.points)]
        if "no decomposition" in result.method:
            notes.append(result.method.split("(", 1)[1].rstrip(")"))
    if result.ties:
        notes.append(
            f"at {result.ties} of the points a player was indifferent (several pure SPE): such "
            "points, on boundaries or in areas of indifference, start no region"
        )
    if not result.regions:
        notes.append(
            "no region found: a player is indifferent at every sampled point; analyse over one "
            "parameter to see every tie-break"
        )
    return notes


def header_dict(result: Regions | MatrixRegions, concept: str, notes: list[str]) -> dict[str, Any]:
    """The keys every JSON of regions starts with (regions of either kind)."""
    over = {p.name for p in result.over}
    return {
        "model": result.game.info.id,
        "concept": concept,
        "over": [p.name for p in result.over],
        "parameters": {k: str(v) for k, v in result.fixed.items() if k not in over},
        "complete": result.complete,
        "notes": notes,
    }


def region_fields(
    region: Region | MatrixRegion, notation: Notation | None = None
) -> dict[str, Any]:
    """Where a region holds, in the JSON of regions of either kind: the conditions as text
    and in LaTeX (parameters by their symbols in ``notation``, the defaults where it is None),
    and a point inside."""
    latex = (notation or Notation()).latex
    return {
        "conditions": [str(c) for c in region.conditions],
        "latex": [latex(c) for c in region.conditions],
        "witness": {k: str(v) for k, v in region.witness.items()},
    }


def header_lines(result: Regions | MatrixRegions, title: str) -> list[str]:
    """``MODEL: TITLE over p, a`` and the values of the other parameters."""
    over = {p.name for p in result.over}
    names = ", ".join(p.name for p in result.over)
    lines = [f"{result.game.info.id}: {title} over {names}"]
    fixed = ", ".join(f"{k} = {v}" for k, v in result.fixed.items() if k not in over)
    if fixed:
        lines.append(f"other parameters: {fixed}")
    return lines


def where_line(n: int, region: Region | MatrixRegion) -> str:
    """The text line that opens region number ``n``: ``n. where`` and its conditions joined by
    ``and`` (``everywhere`` where it has none).
    """
    where = " and ".join(str(c) for c in region.conditions) or "everywhere"
    return f"{n}. where {where}:"


def cases_latex(
    rows: list[tuple[str, Region | MatrixRegion]], notation: Notation | None = None
) -> str:
    """A cases environment: each outcome (LaTeX) beside the conditions of its region, each
    parameter by its symbol in ``notation`` (the defaults where it is None)."""
    latex = (notation or Notation()).latex
    cells = []
    for outcome, region in rows:
        where = r",\ ".join(latex(c) for c in region.conditions) or r"\text{otherwise}"
        cells.append(f"{outcome} & {where}")
    return r"\[ \text{outcome} = \begin{cases} " + r" \\ ".join(cells) + r" \end{cases} \]" + "\n"


def regions_to_dict(result: Regions) -> dict[str, Any]:
    """Regions of subgame-perfect play over several parameters as a JSON-ready dict.

    Returns
    -------
    dict
        The header (``model``, ``concept``, ``over``, the values of the other ``parameters``,
        ``complete`` and ``notes``), then one entry in ``regions`` per region: its conditions
        (as text and LaTeX), witness point, strategies, outcomes and payoffs, every number and
        expression as a string.
    """
    game = result.game
    notation = notation_of(game)
    return {
        **header_dict(result, "spe", _notes(result)),
        "regions": [
            {
                **region_fields(region, notation),
                "strategies": _strategies(result, region),
                "outcomes": {k: str(v) for k, v in region.outcomes.items()},
                "payoffs": {p: str(v) for p, v in zip(game.players, region.values, strict=True)},
            }
            for region in result.regions
        ],
    }


def regions_to_text(result: Regions) -> str:
    """Regions of subgame-perfect play over several parameters as text for the terminal: a
    header, then each region's conditions, strategies and outcome, then notes on how complete
    the list is and on ties.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.many_parameters import regions_over
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> text = regions_to_text(regions_over(game, ["p", "a"], resolve_values(game.parameters)))
    >>> for line in text.splitlines()[9:14]:
    ...     print(line)
    2. where a > 3/20:
       A: status quo
       P: resist
       D: defend
       outcome: Status quo
    """
    notation = notation_of(result.game)
    lines = header_lines(result, "subgame-perfect equilibrium")
    for n, region in enumerate(result.regions, 1):
        lines.append("")
        lines.append(where_line(n, region))
        for player, moves in _strategies(result, region).items():
            if moves:
                shown = {h: notation.action(a) for h, a in moves.items()}
                lines.append(f"   {player}: {moves_text(shown)}")
        lines.append(f"   outcome: {describe_outcomes(region.outcomes, notation.outcome_text)}")
    lines.append("")
    lines.extend("note: " + note for note in _notes(result))
    return "\n".join(lines) + "\n"


def regions_to_latex(result: Regions) -> str:
    r"""Regions of subgame-perfect play as a LaTeX cases environment: each region's outcome
    (by its display name) beside its conditions (each parameter by its symbol).

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.many_parameters import regions_over
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> latex = regions_to_latex(regions_over(game, ["p", "wD"], resolve_values(game.parameters)))
    >>> r"\text{Status quo} & " in latex and "w_D" in latex and "wD" not in latex
    True
    """
    notation = notation_of(result.game)
    return cases_latex(
        [
            (
                " + ".join(latex_term(label, v, notation) for label, v in region.outcomes.items()),
                region,
            )
            for region in result.regions
        ],
        notation,
    )
