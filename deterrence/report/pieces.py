"""An analysis along one parameter as a JSON-ready dict and as text."""

from __future__ import annotations

from typing import Any

import sympy

from deterrence.analyse.one_parameter import OneParameterSolution, Piece


def _strategies(solution: OneParameterSolution, piece: Piece) -> dict[str, dict[str, str]]:
    game = solution.game
    out: dict[str, dict[str, str]] = {p: {} for p in game.players}
    for index in game.preorder:
        node = game.nodes[index]
        if node.kind == "decision":
            assert node.player is not None and node.infoset is not None
            out[game.players[node.player]][node.infoset] = node.actions[piece.choices[index]]
    return out


def _interval(piece: Piece) -> str:
    return f"({piece.lower}, {piece.upper})"


def _conditions(name: str, piece: Piece) -> list[str]:
    out = []
    if piece.lower.is_finite:
        out.append(f"{name} > {piece.lower}")
    if piece.upper.is_finite:
        out.append(f"{name} < {piece.upper}")
    return out


def pieces_to_dict(solution: OneParameterSolution) -> dict[str, Any]:
    game = solution.game
    return {
        "model": game.info.id,
        "over": [solution.parameter.name],
        "parameters": {
            k: str(v) for k, v in solution.fixed.items() if k != solution.parameter.name
        },
        "regions": [
            {
                "conditions": _conditions(solution.parameter.name, piece),
                "interval": [str(piece.lower), str(piece.upper)],
                "strategies": _strategies(solution, piece),
                "outcomes": {k: str(v) for k, v in piece.outcomes.items()},
                "payoffs": {p: str(v) for p, v in zip(game.players, piece.values, strict=True)},
            }
            for piece in solution.pieces
        ],
        "boundaries": [str(b) for b in solution.switch_points],
    }


def pieces_to_text(solution: OneParameterSolution) -> str:
    game = solution.game
    name = solution.parameter.name
    lines = [f"{game.info.id}: subgame-perfect equilibrium as {name} moves"]
    fixed = ", ".join(f"{k} = {v}" for k, v in solution.fixed.items() if k != name)
    if fixed:
        lines.append(f"other parameters: {fixed}")
    for piece in solution.pieces:
        lines.append("")
        lines.append(f"{name} in {_interval(piece)}:")
        for player, moves in _strategies(solution, piece).items():
            text = "; ".join(f"{h}: {a}" for h, a in moves.items())
            if text:
                lines.append(f"  {player}: {text}")
        outcomes = " + ".join(
            label if v == 1 else f"({v}) {label}" for label, v in piece.outcomes.items()
        )
        lines.append(f"  outcome: {outcomes}")
        payoffs = ", ".join(f"{p} = {v}" for p, v in zip(game.players, piece.values, strict=True))
        lines.append(f"  payoffs: {payoffs}")
    if solution.switch_points:
        lines.append("")
        lines.append(
            "play switches at "
            + ", ".join(
                str(b) + ("" if b.is_Rational else f" (= {sympy.N(b, 12)})")
                for b in solution.switch_points
            )
            + "; there the player who switches is indifferent"
        )
    return "\n".join(lines) + "\n"


def pieces_to_latex(solution: OneParameterSolution) -> str:
    """A cases environment: the equilibrium outcome on each interval."""
    name = sympy.latex(sympy.Symbol(solution.parameter.name))
    rows = []
    for piece in solution.pieces:
        outcome = r" + ".join(
            (rf"\text{{{label}}}" if v == 1 else rf"{sympy.latex(v)}\,\text{{{label}}}")
            for label, v in piece.outcomes.items()
        )
        rows.append(f"{outcome} & {sympy.latex(piece.lower)} < {name} < {sympy.latex(piece.upper)}")
    return r"\[ \text{outcome} = \begin{cases} " + r" \\ ".join(rows) + r" \end{cases} \]" + "\n"
