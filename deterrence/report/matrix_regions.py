"""Regions of a two-player game over two parameters as a JSON-ready dict, text and LaTeX.

Names follow :mod:`deterrence.game.notation`: the JSON keeps ids (its ``latex`` fields write
parameters by their symbols), the text writes conditions as they are typed and strategies and
outcomes by their display names, the LaTeX parameters by their symbols and outcomes by their
display names.
"""

from __future__ import annotations

from typing import Any

from deterrence.analysis.two_player_regions import MatrixRegions
from deterrence.game.notation import notation_of
from deterrence.report.pieces import describe_outcomes, latex_term, mixed_expressions, mixed_labels
from deterrence.report.regions import (
    cases_latex,
    header_dict,
    header_lines,
    region_fields,
    where_line,
)

NOTE = (
    "every region with an interior is listed, each exactly (where its pairs of supports are "
    "equilibria and no other pair is); found by {method}"
)


def _notes(result: MatrixRegions) -> list[str]:
    notes = [NOTE.format(method=result.method)]
    if any(not r.exact for r in result.regions):
        notes.append(
            "in a region marked degenerate the game is degenerate throughout, and its list of "
            "equilibria may be incomplete"
        )
    return notes


def matrix_regions_to_dict(result: MatrixRegions) -> dict[str, Any]:
    """Regions of Nash equilibria of a two-player game over two parameters as a JSON-ready dict.

    Returns
    -------
    dict
        The header (``model``, ``concept``, ``over``, the values of the other ``parameters``,
        ``complete`` and ``notes``), then one entry in ``regions`` per region: its conditions
        (as text and LaTeX), witness point, whether its equilibria are known to be complete
        (``exact``), and each equilibrium's mixed strategies, outcomes and payoffs; every number
        and expression as a string.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.two_player_regions import nash_regions
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("chicken")
    >>> regions = nash_regions(game, ["L", "e"], resolve_values(game.parameters))
    >>> found = matrix_regions_to_dict(regions)
    >>> found["regions"][-1]["conditions"], found["regions"][-1]["equilibria"][0]["mixed"]
    (['e > 1'], {'R': {'swerve': '1'}, 'C': {'swerve': '1'}})
    """
    game = result.game
    notation = notation_of(game)
    return {
        **header_dict(result, "nash", _notes(result)),
        "regions": [
            {
                **region_fields(region, notation),
                "exact": region.exact,
                "equilibria": [
                    {
                        "mixed": mixed_labels(eq, game.players),
                        "outcomes": {k: str(v) for k, v in eq.outcomes.items()},
                        "payoffs": {
                            p: str(v) for p, v in zip(game.players, eq.payoffs, strict=True)
                        },
                    }
                    for eq in region.equilibria
                ],
            }
            for region in result.regions
        ],
    }


def matrix_regions_to_text(result: MatrixRegions) -> str:
    """Regions of Nash equilibria of a two-player game as text for the terminal: a header, then
    each region's conditions and its equilibria (mixed strategies and outcome), a region
    degenerate throughout marked as such, then notes.
    """
    game = result.game
    notation = notation_of(game)
    lines = header_lines(result, "Nash equilibria (extreme)")
    for n, region in enumerate(result.regions, 1):
        lines.append("")
        lines.append(where_line(n, region))
        if not region.exact:
            lines.append("   (degenerate here: the list below may be incomplete)")
        for k, eq in enumerate(region.equilibria, 1):
            mixed = " / ".join(
                f"{p}: " + describe_outcomes(m, notation.plan)
                for p, m in zip(game.players, mixed_expressions(eq), strict=True)
            )
            lines.append(f"   {n}.{k} {mixed}")
            lines.append(f"       outcome: {describe_outcomes(eq.outcomes, notation.outcome_text)}")
    lines.append("")
    lines.extend("note: " + note for note in _notes(result))
    return "\n".join(lines) + "\n"


def matrix_regions_to_latex(result: MatrixRegions) -> str:
    r"""A cases environment: the equilibrium outcomes on each region, each by its display name,
    beside the region's conditions, each parameter by its symbol.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.two_player_regions import nash_regions
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("chicken")
    >>> regions = nash_regions(game, ["L", "e"], resolve_values(game.parameters))
    >>> r"\text{Compromise} & e > 1" in matrix_regions_to_latex(regions)
    True
    """
    notation = notation_of(result.game)
    return cases_latex(
        [
            (
                r" \text{ or } ".join(
                    " + ".join(latex_term(label, v, notation) for label, v in eq.outcomes.items())
                    for eq in region.equilibria
                ),
                region,
            )
            for region in result.regions
        ],
        notation,
    )
