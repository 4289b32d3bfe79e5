"""Playing a tree: the probability of reaching each terminal node under given behaviour."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from deterrence.game.payoff import Scalar
from deterrence.game.tree import ExtensiveGame, Node

#: Behaviour at a decision node: the probability of each of its actions.
Chooser = Callable[[Node], Sequence[Scalar]]


def terminal_distribution(game: ExtensiveGame, choose: Chooser) -> dict[int, Scalar]:
    """Probability of reaching each terminal node.

    Parameters
    ----------
    game : ExtensiveGame
    choose : callable
        Given a decision node, the probability of each of its actions. Chance nodes use their
        own probabilities. Branches of probability zero are not explored, so ``choose`` is
        never asked about nodes the play cannot reach.
    """
    reached: dict[int, Scalar] = {}
    stack: list[tuple[int, Scalar]] = [(game.root, 1)]
    while stack:
        index, weight = stack.pop()
        node = game.nodes[index]
        if node.kind == "terminal":
            reached[index] = reached.get(index, 0) + weight
            continue
        probs = node.probs if node.kind == "chance" else choose(node)
        for child, prob in zip(node.children, probs, strict=True):
            if prob != 0:
                stack.append((child, weight * prob))
    return reached


def expected_payoffs(game: ExtensiveGame, reached: Mapping[int, Scalar]) -> tuple[Scalar, ...]:
    """Each player's expected payoff given the terminal distribution ``reached``."""
    totals: list[Scalar] = [0] * len(game.players)
    for index, prob in reached.items():
        payoff = game.nodes[index].payoff
        assert payoff is not None
        for player, value in enumerate(payoff.total):
            totals[player] += prob * value
    return tuple(totals)


def outcome_distribution(game: ExtensiveGame, reached: Mapping[int, Scalar]) -> dict[str, Scalar]:
    """Probability of each outcome label (terminal nodes sharing a label are added up)."""
    outcomes: dict[str, Scalar] = {}
    for index in game.terminals:
        if index in reached:
            node = game.nodes[index]
            label = node.outcome or node.label
            outcomes[label] = outcomes.get(label, 0) + reached[index]
    return outcomes
