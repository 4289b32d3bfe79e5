"""The reduced normal form of a tree, with readable strategy labels.

A reduced pure strategy (a *plan*) names an action only at the information sets that the
player's own earlier actions do not exclude, so strategies that differ only where they can
never matter are merged (Gambit's reduced strategic form; see e.g. Osborne & Rubinstein 1994,
A Course in Game Theory, sect. 11.2, and von Stengel 2002, Handbook of Game Theory 3, ch. 45).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from deterrence import limits
from deterrence.errors import SolverError
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff, Scalar
from deterrence.game.play import expected_payoffs, outcome_distribution, terminal_distribution
from deterrence.game.tree import ExtensiveGame, Node

#: A plan: information-set label -> chosen action index, for the sets the plan reaches.
Plan = Mapping[str, int]


class TooLarge(SolverError, ValueError):
    """The reduced normal form would have more profiles than limit ``reduced_profiles``."""


def _merge(left: dict[str, int], right: dict[str, int]) -> dict[str, int] | None:
    for key, value in right.items():
        if left.get(key, value) != value:
            return None
    return {**left, **right}


def player_plans(game: ExtensiveGame, player: int) -> list[dict[str, int]]:
    """Every reduced pure strategy of ``player``, in a stable order.

    Built bottom-up: at the player's own node a plan picks one action and continues in that
    child only; anywhere else the plan must say what to do in every child.

    Raises
    ------
    TooLarge
        As soon as one player's plans, or the merges tried to make them, pass limit
        ``reduced_profiles``: counted while they are built, since a few chained commitments
        make more plans than memory holds long before the profiles could be counted.
    """
    budget = _Budget(limits.count("reduced_profiles"))
    memo: dict[int, list[dict[str, int]]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            memo[index] = [{}]
        elif node.kind == "decision" and node.player == player:
            assert node.infoset is not None
            plans: list[dict[str, int]] = []
            for action, child in enumerate(node.children):
                budget.spend(len(memo[child]))
                for sub in memo[child]:
                    merged = _merge({node.infoset: action}, sub)
                    if merged is not None:
                        plans.append(merged)
            memo[index] = _unique(plans, budget)
        else:
            combined: list[dict[str, int]] = [{}]
            for child in node.children:
                budget.spend(len(combined) * len(memo[child]))
                combined = _unique(
                    (
                        m
                        for left in combined
                        for right in memo[child]
                        if (m := _merge(left, right)) is not None
                    ),
                    budget,
                )
            memo[index] = combined
        for child in node.children:
            memo.pop(child, None)
    order = {label: i for i, label in enumerate(game.infosets)}
    plans = memo[game.root]
    return sorted(
        plans,
        key=lambda plan: [
            (order[h], a) for h, a in sorted(plan.items(), key=lambda kv: order[kv[0]])
        ],
    )


class _Budget:
    """The merges :func:`player_plans` may try, and the plans one player may have."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.merges = 0

    def spend(self, merges: int) -> None:
        # Merges fail only where information sets are shared across branches; a few times
        # the profile limit leaves room for that while still stopping an explosion early.
        self.merges += merges
        if self.merges > 4 * self.most:
            self.refuse("building them would try more than 4 times that many combinations")

    def refuse(self, why: str) -> None:
        raise TooLarge(
            f"the reduced normal form is too large: one player's plans alone pass the "
            f"{self.most:,} pure profiles this solver handles, and {why} "
            f"({limits.message('reduced_profiles')})"
        )


def _unique(plans: object, budget: _Budget) -> list[dict[str, int]]:
    seen: dict[frozenset[tuple[str, int]], dict[str, int]] = {}
    entries = 0
    for plan in plans:  # type: ignore[attr-defined]
        if seen.setdefault(frozenset(plan.items()), plan) is plan:
            entries += len(plan)
        if len(seen) > budget.most:
            budget.refuse("there are more of them than that")
        # Long plans cost memory by their length: a million plans of 100 moves each is
        # gigabytes, so their moves are counted too.
        if entries > 2 * budget.most:
            budget.refuse(f"they would hold more than {2 * budget.most:,} moves in all")
    return list(seen.values())


def plan_label(game: ExtensiveGame, player: int, plan: Plan, *, qualified: bool = False) -> str:
    """A readable label: the chosen actions in pre-order of their information sets.

    ``qualified`` prefixes each action with its information set, for players whose action
    labels alone would be ambiguous.
    """
    parts = []
    for label in game.infosets_of(player):
        if label in plan:
            action = game.infosets[label].actions[plan[label]]
            parts.append(f"{label}:{action}" if qualified else action)
    return "; ".join(parts) if parts else "(no move)"


def plan_labels(game: ExtensiveGame, player: int, plans: Sequence[Plan]) -> tuple[str, ...]:
    """Labels of ``plans``, naming the information set of each action wherever an action label
    alone would not say where it is taken (the same label at two of the player's sets)."""
    names = [a for h in game.infosets_of(player) for a in game.infosets[h].actions]
    labels = [plan_label(game, player, plan) for plan in plans]
    if len(set(names)) < len(names) or len(set(labels)) < len(labels):
        labels = [plan_label(game, player, plan, qualified=True) for plan in plans]
    return tuple(labels)


def pure_chooser(plans: Sequence[Plan]):
    """Behaviour that plays each player's plan (and the first action where a plan is silent,
    which only happens off the path in games of imperfect recall)."""

    def choose(node: Node) -> list[Scalar]:
        assert node.player is not None and node.infoset is not None
        action = plans[node.player].get(node.infoset, 0)
        return [1 if i == action else 0 for i in range(len(node.actions))]

    return choose


@dataclass(frozen=True)
class ReducedForm:
    """The reduced normal form of a tree, with the plans behind each strategy."""

    game: NormalFormGame
    plans: tuple[tuple[Plan, ...], ...]


def reduced_normal_form(game: ExtensiveGame) -> ReducedForm:
    """The reduced normal form of ``game``, parametric or numeric.

    Raises
    ------
    TooLarge
        If it has more than limit ``reduced_profiles`` pure profiles (see
        :mod:`deterrence.limits`).
    """
    plans = tuple(tuple(player_plans(game, i)) for i in range(len(game.players)))
    size = math.prod(len(p) for p in plans)
    if size > limits.count("reduced_profiles"):
        raise TooLarge(
            f"the reduced normal form has {size:,} pure profiles, more than the "
            f"{limits.count('reduced_profiles'):,} this solver handles "
            f"({limits.message('reduced_profiles')})"
        )
    payoffs: list[Payoff] = []
    outcomes: list[str | None] = []
    for profile in itertools.product(*plans):
        reached = terminal_distribution(game, pure_chooser(profile))
        payoffs.append(Payoff(_normalise(expected_payoffs(game, reached))))
        dist = outcome_distribution(game, reached)
        outcomes.append(next(iter(dist)) if len(dist) == 1 else None)
    strategies = tuple(plan_labels(game, i, p) for i, p in enumerate(plans))
    normal = NormalFormGame(
        players=game.players,
        strategies=strategies,
        payoffs=tuple(payoffs),
        outcomes=tuple(outcomes),
        parameters=game.parameters,
        info=game.info,
        player_names=game.player_names,
    )
    return ReducedForm(normal, plans)


def _normalise(values: Sequence[Scalar]) -> tuple[Scalar, ...]:
    return tuple(Fraction(v) if isinstance(v, int) else v for v in values)
