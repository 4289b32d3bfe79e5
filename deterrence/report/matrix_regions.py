"""Regions of a two-player game over two parameters as a JSON-ready dict, text and LaTeX."""

from __future__ import annotations

from typing import Any

import sympy

from deterrence.analyse.two_player_regions import MatrixRegions
from deterrence.report.pieces import _describe, _latex_term, _mixed, _mixed_exprs

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
    game = result.game
    over = {p.name for p in result.over}
    return {
        "model": game.info.id,
        "concept": "nash",
        "over": [p.name for p in result.over],
        "parameters": {k: str(v) for k, v in result.fixed.items() if k not in over},
        "complete": result.complete,
        "notes": _notes(result),
        "regions": [
            {
                "conditions": [str(c) for c in region.conditions],
                "latex": [sympy.latex(c) for c in region.conditions],
                "witness": {k: str(v) for k, v in region.witness.items()},
                "exact": region.exact,
                "equilibria": [
                    {
                        "mixed": _mixed(eq, game.players),
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
    game = result.game
    over = {p.name for p in result.over}
    names = ", ".join(p.name for p in result.over)
    lines = [f"{game.info.id}: Nash equilibria (extreme) over {names}"]
    fixed = ", ".join(f"{k} = {v}" for k, v in result.fixed.items() if k not in over)
    if fixed:
        lines.append(f"other parameters: {fixed}")
    for n, region in enumerate(result.regions, 1):
        lines.append("")
        where = " and ".join(str(c) for c in region.conditions) or "everywhere"
        lines.append(f"{n}. where {where}:")
        if not region.exact:
            lines.append("   (degenerate here: the list below may be incomplete)")
        for k, eq in enumerate(region.equilibria, 1):
            mixed = " / ".join(
                f"{p}: "
                + " + ".join(label if v == 1 else f"({v}) {label}" for label, v in m.items())
                for p, m in zip(game.players, _mixed_exprs(eq), strict=True)
            )
            lines.append(f"   {n}.{k} {mixed}")
            lines.append(f"       outcome: {_describe(eq.outcomes)}")
    lines.append("")
    lines.extend("note: " + note for note in _notes(result))
    return "\n".join(lines) + "\n"


def matrix_regions_to_latex(result: MatrixRegions) -> str:
    """A cases environment: the equilibrium outcomes on each region."""
    rows = []
    for region in result.regions:
        outcome = r" \text{ or } ".join(
            " + ".join(_latex_term(label, v) for label, v in eq.outcomes.items())
            for eq in region.equilibria
        )
        where = r",\ ".join(sympy.latex(c) for c in region.conditions) or r"\text{otherwise}"
        rows.append(f"{outcome} & {where}")
    return r"\[ \text{outcome} = \begin{cases} " + r" \\ ".join(rows) + r" \end{cases} \]" + "\n"
