"""Short readable descriptions of strategies and outcomes, shared by the text formats."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from deterrence.game.tree import ExtensiveGame
from deterrence.report.numbers import short
from deterrence.solvers.result import Equilibrium, NonCredibleThreat, SolveResult


def _mix(weights: Mapping[str, Fraction]) -> str:
    parts = []
    for label, p in weights.items():
        parts.append(label if p == 1 else f"{short(p)} {label}")
    return " + ".join(parts) if parts else "–"


def describe_profile(result: SolveResult, eq: Equilibrium, sep: str = " / ") -> str:
    """Each player's strategy: ``A: attack; P: resist; D: 1/2 defend + 1/2 abandon``."""
    pieces = []
    if result.form == "tree" and eq.behaviour is not None:
        for player, behaviour in zip(result.players, eq.behaviour, strict=True):
            moves = []
            for infoset, actions in behaviour.items():
                support = {a: p for a, p in actions.items() if p != 0}
                moves.append(
                    _mix(support) if len(behaviour) == 1 else f"{infoset}: {_mix(support)}"
                )
            pieces.append(f"{player}: " + ("; ".join(moves) if moves else "–"))
    elif eq.mixed is not None:
        for player, mixed in zip(result.players, eq.mixed, strict=True):
            pieces.append(f"{player}: {_mix(dict(mixed))}")
    return sep.join(pieces)


def describe_outcomes(eq: Equilibrium) -> str:
    """``war`` or ``1/2 war + 1/2 status quo``."""
    return _mix(dict(eq.outcomes))


def strategies_of(game: ExtensiveGame, choices: Mapping[int, int]) -> dict[str, dict[str, str]]:
    """Pure play of a tree (node -> action index) as ``{player: {infoset: action}}``."""
    out: dict[str, dict[str, str]] = {p: {} for p in game.players}
    for index in game.preorder:
        node = game.nodes[index]
        if node.kind == "decision":
            assert node.player is not None and node.infoset is not None
            out[game.players[node.player]][node.infoset] = node.actions[choices[index]]
    return out


def describe_threat(n: int, threat: NonCredibleThreat) -> str:
    """``equilibrium 2 rests on a non-credible threat: Ch would fight at showdown, ...``."""
    return (
        f"equilibrium {n} rests on a non-credible threat: {threat.player} would "
        f"{threat.action} at {threat.infoset}, but {threat.better} is better by "
        f"{short(threat.gain)} once there"
    )
