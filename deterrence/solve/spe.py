"""Subgame-perfect equilibria by backward induction (Selten 1965; Kuhn 1953).

For trees of perfect information with chance nodes, in exact arithmetic. Where a player is
indifferent, every tied action starts its own branch of the enumeration, so the result holds
*all* pure subgame-perfect equilibria (up to :data:`MAX_EQUILIBRIA`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from deterrence.errors import SolverError
from deterrence.game.tree import ExtensiveGame

#: Enumeration stops past this many pure SPE; the result is then marked incomplete.
MAX_EQUILIBRIA = 10_000


@dataclass(frozen=True)
class PureSPE:
    """A pure SPE: the action index chosen at every decision node, and the payoffs."""

    choices: dict[int, int]
    values: tuple[Fraction, ...]


def backward_induction(game: ExtensiveGame) -> tuple[list[PureSPE], bool]:
    """Every pure subgame-perfect equilibrium of a numeric tree of perfect information.

    Returns
    -------
    equilibria, complete
        ``complete`` is False when the enumeration stopped at :data:`MAX_EQUILIBRIA`.

    Raises
    ------
    SolverError
        If some information set holds more than one node: backward induction through an
        information set would let a player condition on what it cannot observe.
    """
    if not game.is_perfect_information:
        raise SolverError(
            "backward induction (spe) needs perfect information, but this game has "
            "information sets with several nodes; use --concept nash, which reports for "
            "each equilibrium whether it is subgame perfect"
        )
    players = len(game.players)
    complete = True
    partial: dict[int, list[PureSPE]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            partial[index] = [PureSPE({}, tuple(Fraction(v) for v in node.payoff.total))]
            continue
        found: list[PureSPE] = []
        for combo in itertools.product(*(partial[c] for c in node.children)):
            choices: dict[int, int] = {}
            for sub in combo:
                choices.update(sub.choices)
            if node.kind == "chance":
                values = tuple(
                    sum(
                        (
                            Fraction(p) * sub.values[i]
                            for p, sub in zip(node.probs, combo, strict=True)
                        ),
                        Fraction(0),
                    )
                    for i in range(players)
                )
                found.append(PureSPE(choices, values))
            else:
                assert node.player is not None
                own = [sub.values[node.player] for sub in combo]
                best = max(own)
                for action, v in enumerate(own):
                    if v == best:
                        found.append(PureSPE({**choices, index: action}, combo[action].values))
            if len(found) >= MAX_EQUILIBRIA:
                complete = False
                break
        partial[index] = found[:MAX_EQUILIBRIA]
        for child in node.children:
            del partial[child]
    return partial[game.root], complete
