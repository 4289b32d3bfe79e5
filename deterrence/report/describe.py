"""Short readable descriptions of strategies and outcomes, shared by the text formats.

Actions and outcomes are written by their display names (:mod:`deterrence.game.notation`);
without a notation, by the defaults (``status_quo`` reads "status quo").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from deterrence.game.notation import Notation
from deterrence.game.tree import ExtensiveGame
from deterrence.report.numbers import short
from deterrence.solvers.result import Equilibrium, NonCredibleThreat, SolveResult


def _mix(weights: Mapping[str, Fraction], words: Callable[[str], str]) -> str:
    parts = []
    for label, p in weights.items():
        parts.append(words(label) if p == 1 else f"{short(p)} {words(label)}")
    return " + ".join(parts) if parts else "–"


def moves_text(moves: Mapping[str, str]) -> str:
    """One player's moves as text: the move alone where the player moves at one information
    set, else each by its information set.

    Examples
    --------
    >>> moves_text({"attacker": "attack"})
    'attack'
    >>> moves_text({"first": "probe", "second": "back down"})
    'first: probe; second: back down'
    """
    if len(moves) == 1:
        return next(iter(moves.values()))
    return "; ".join(f"{infoset}: {move}" for infoset, move in moves.items())


def describe_profile(
    result: SolveResult, eq: Equilibrium, sep: str = " / ", notation: Notation | None = None
) -> str:
    """Each player's strategy: ``A: attack; P: resist; D: 1/2 defend + 1/2 abandon``, actions
    by their display names in ``notation``."""
    notation = notation or Notation()
    pieces = []
    if result.form == "tree" and eq.behaviour is not None:
        for player, behaviour in zip(result.players, eq.behaviour, strict=True):
            moves = {
                infoset: _mix({a: p for a, p in actions.items() if p != 0}, notation.action)
                for infoset, actions in behaviour.items()
            }
            pieces.append(f"{player}: " + (moves_text(moves) if moves else "–"))
    elif eq.mixed is not None:
        for player, mixed in zip(result.players, eq.mixed, strict=True):
            pieces.append(f"{player}: {_mix(dict(mixed), notation.plan)}")
    return sep.join(pieces)


def describe_outcomes(eq: Equilibrium, notation: Notation | None = None) -> str:
    """``War`` or ``1/2 war + 1/2 status quo``: outcomes by their display names."""
    return _mix(dict(eq.outcomes), (notation or Notation()).outcome_text)


def strategies_of(game: ExtensiveGame, choices: Mapping[int, int]) -> dict[str, dict[str, str]]:
    """Pure play of a tree (node -> action index) as ``{player: {infoset: action}}``, by ids
    (the JSON and the tables relabel them)."""
    out: dict[str, dict[str, str]] = {p: {} for p in game.players}
    for index in game.preorder:
        node = game.nodes[index]
        if node.kind == "decision":
            assert node.player is not None and node.infoset is not None
            out[game.players[node.player]][node.infoset] = node.actions[choices[index]]
    return out


def describe_threat(n: int, threat: NonCredibleThreat, notation: Notation | None = None) -> str:
    """``equilibrium 2 rests on a non-credible threat: Ch would fight at showdown, ...``, the
    actions by their display names."""
    action = (notation or Notation()).action
    return (
        f"equilibrium {n} rests on a non-credible threat: {threat.player} would "
        f"{action(threat.action)} at {threat.infoset}, but {action(threat.better)} is better "
        f"by {short(threat.gain)} once there"
    )
