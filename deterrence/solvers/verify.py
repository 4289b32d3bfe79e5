"""Independent exact checks of equilibria: regret by best response, in ``Fraction`` arithmetic.

Nothing here trusts the solver that found a profile: normal-form regrets are computed from the
payoff table, tree regrets by playing the tree itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.play import expected_payoffs, terminal_distribution
from deterrence.game.reduced_form import Plan, player_plans, pure_chooser
from deterrence.game.tree import ExtensiveGame, Node

#: A mixed strategy over a player's plans: (plan, probability) pairs with positive probability.
MixedPlans = Sequence[tuple[Plan, Fraction]]

#: Behaviour: infoset -> probability of each action, for one player.
Behaviour = Mapping[str, Sequence[Fraction]]


def normal_form_regrets(
    game: NormalFormGame, mixed: Sequence[Sequence[Fraction]]
) -> list[Fraction]:
    """Each player's regret: best pure payoff against the others minus the profile's payoff."""
    players = len(game.players)
    supports = [[(s, p) for s, p in enumerate(m) if p != 0] for m in mixed]
    regrets = []
    for i in range(players):
        against = [0 * Fraction(0) for _ in game.strategies[i]]
        others = [supports[j] for j in range(players) if j != i]
        for combo in itertools.product(*others):
            weight = Fraction(1)
            for _, p in combo:
                weight *= p
            rest = [s for s, _ in combo]
            for s in range(len(game.strategies[i])):
                profile = (*rest[:i], s, *rest[i:])
                against[s] += weight * Fraction(game.payoff(profile).total[i])
        value = sum((mixed[i][s] * against[s] for s in range(len(against))), Fraction(0))
        regrets.append(max(against) - value)
    return regrets


def behaviour_of(game: ExtensiveGame, player: int, mixed: MixedPlans) -> dict[str, list[Fraction]]:
    """Behaviour strategy realisation-equivalent to a mixed strategy over plans (Kuhn 1953).

    Defined at every information set some plan in the support reaches; exact for games of
    perfect recall.
    """
    behaviour: dict[str, list[Fraction]] = {}
    for label in game.infosets_of(player):
        actions = game.infosets[label].actions
        weights = [Fraction(0)] * len(actions)
        for plan, prob in mixed:
            if label in plan:
                weights[plan[label]] += prob
        total = sum(weights, Fraction(0))
        if total > 0:
            behaviour[label] = [w / total for w in weights]
    return behaviour


def behaviour_chooser(behaviours: Sequence[Behaviour]):
    """Play each player's behaviour; where it is undefined, play the first action."""

    def choose(node: Node) -> Sequence[Fraction]:
        assert node.player is not None and node.infoset is not None
        probs = behaviours[node.player].get(node.infoset)
        if probs is None:
            return [Fraction(1 if i == 0 else 0) for i in range(len(node.actions))]
        return probs

    return choose


def _best_response_by_induction(
    game: ExtensiveGame, player: int, behaviours: Sequence[Behaviour]
) -> Fraction:
    """Best-response value of ``player`` when all its information sets are single nodes."""
    value: dict[int, Fraction] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = Fraction(node.payoff.total[player])
        elif node.kind == "chance":
            value[index] = sum(
                (Fraction(p) * value[c] for p, c in zip(node.probs, node.children, strict=True)),
                Fraction(0),
            )
        elif node.player == player:
            value[index] = max(value[c] for c in node.children)
        else:
            probs = behaviour_chooser(behaviours)(node)
            value[index] = sum(
                (p * value[c] for p, c in zip(probs, node.children, strict=True)), Fraction(0)
            )
    return value[game.root]


def own_sequences(game: ExtensiveGame, player: int) -> dict[int, tuple[str, int] | None]:
    """For every node, the last information set and action of ``player`` on the path to it
    (None before the player's first move).

    >>> import deterrence as dt
    >>> last = own_sequences(dt.load("classic-deterrence"), 0)
    >>> last[0] is None, len(set(last.values())) > 1
    (True, True)
    """
    last: dict[int, tuple[str, int] | None] = {game.root: None}
    for index in game.preorder:
        node = game.nodes[index]
        for action, child in enumerate(node.children):
            own = node.kind == "decision" and node.player == player
            last[child] = (node.infoset, action) if own and node.infoset else last[index]
    return last


def has_perfect_recall(game: ExtensiveGame, player: int) -> bool:
    """Whether ``player`` recalls its own moves: every node of each of its information sets
    follows the same last move of its own (which, applied at every set, is perfect recall;
    Kuhn 1953).

    >>> import deterrence as dt
    >>> has_perfect_recall(dt.load("classic-deterrence"), 0)
    True
    """
    last = own_sequences(game, player)
    seen: dict[str, tuple[str, int] | None] = {}
    for index, node in enumerate(game.nodes):
        if node.kind != "decision" or node.player != player or node.infoset is None:
            continue
        if seen.setdefault(node.infoset, last[index]) != last[index]:
            return False
    return True


def best_response_by_sequences(
    game: ExtensiveGame, player: int, behaviours: Sequence[Behaviour]
) -> Fraction:
    """Best-response value of a player with perfect recall against the others' behaviour.

    Each terminal's payoff, weighted by the probability that chance and the others reach it,
    is credited to the player's last own move before it; an information set is worth its best
    action, whose worth is its own credits plus the worth of the sets that follow it (von
    Stengel 1996, "Efficient computation of behavior strategies", GEB 14: the sequence form).
    One pass over the tree, where trying every plan takes exponentially many.
    """
    last = own_sequences(game, player)
    choose = behaviour_chooser(behaviours)
    reach: dict[int, Fraction] = {game.root: Fraction(1)}
    credit: dict[tuple[str, int] | None, Fraction] = {}
    follows: dict[tuple[str, int] | None, list[str]] = {}
    order: list[str] = []
    for index in game.preorder:
        node = game.nodes[index]
        weight = reach[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            key = last[index]
            credit[key] = credit.get(key, Fraction(0)) + weight * Fraction(
                node.payoff.total[player]
            )
            continue
        if node.kind == "chance":
            probs: Sequence[Fraction] = [Fraction(p) for p in node.probs]
        elif node.player == player:
            assert node.infoset is not None
            if node.infoset not in follows.setdefault(last[index], []):
                follows[last[index]].append(node.infoset)
                order.append(node.infoset)
            probs = [Fraction(1)] * len(node.children)
        else:
            probs = choose(node)
        for p, child in zip(probs, node.children, strict=True):
            reach[child] = weight * p
    worth: dict[str, Fraction] = {}
    for label in reversed(order):  # a set's followers come after it in pre-order
        actions = range(len(game.infosets[label].actions))
        worth[label] = max(
            credit.get((label, a), Fraction(0))
            + sum((worth[j] for j in follows.get((label, a), ())), Fraction(0))
            for a in actions
        )
    return credit.get(None, Fraction(0)) + sum(
        (worth[j] for j in follows.get(None, ())), Fraction(0)
    )


def tree_regrets(game: ExtensiveGame, profile: Sequence[MixedPlans]) -> list[Fraction]:
    """Each player's regret in the tree, for mixed strategies over plans.

    The profile's payoffs are found by playing the tree; each player's best response by
    induction over its own nodes (when every one of its information sets is a single node),
    by its sequences (when every player has perfect recall, so behaviour strategies are
    equivalent to mixed ones; Kuhn 1953), or else by trying every one of its plans against
    every combination of the others' plans in support.
    """
    players = len(game.players)
    payoffs = _mixed_payoffs(game, profile)
    regrets = []
    singletons = game.is_perfect_information
    recall = singletons or all(has_perfect_recall(game, i) for i in range(players))
    behaviours = [behaviour_of(game, i, profile[i]) for i in range(players)] if recall else []
    for i in range(players):
        if singletons:
            best = _best_response_by_induction(game, i, behaviours)
        elif recall:
            best = best_response_by_sequences(game, i, behaviours)
        else:
            best = max(
                _mixed_payoffs(game, [*profile[:i], [(plan, Fraction(1))], *profile[i + 1 :]])[i]
                for plan in player_plans(game, i)
            )
        regrets.append(best - payoffs[i])
    return regrets


def _mixed_payoffs(game: ExtensiveGame, profile: Sequence[MixedPlans]) -> list[Fraction]:
    totals = [Fraction(0)] * len(game.players)
    for combo in itertools.product(*profile):
        weight = Fraction(1)
        for _, p in combo:
            weight *= p
        reached = terminal_distribution(game, pure_chooser([plan for plan, _ in combo]))
        for i, v in enumerate(expected_payoffs(game, reached)):
            totals[i] += weight * Fraction(v)
    return totals
