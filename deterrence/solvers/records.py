"""Turning a solver's profile into a verified :class:`Equilibrium` record."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.play import expected_payoffs, outcome_distribution, terminal_distribution
from deterrence.game.reduced_form import Plan, plan_labels, pure_chooser
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.credibility_check import assess
from deterrence.solvers.result import Equilibrium
from deterrence.solvers.verify import MixedPlans, behaviour_of, normal_form_regrets, tree_regrets


def tree_record(
    game: ExtensiveGame,
    plans: Sequence[Sequence[Plan]],
    mixed: Sequence[Sequence[Fraction]],
    labels: Sequence[Sequence[str]] | None = None,
) -> Equilibrium:
    """A verified record of mixed strategies ``mixed`` over each player's ``plans``, whose
    labels are ``labels`` (the reduced normal form's strategy names; made here if None)."""
    profile: list[MixedPlans] = [
        [(plan, p) for plan, p in zip(plans[i], mixed[i], strict=True) if p != 0]
        for i in range(len(game.players))
    ]
    reached: dict[int, Fraction] = {}
    for combo in itertools.product(*profile):
        weight = Fraction(1)
        for _, p in combo:
            weight *= p
        for node, prob in terminal_distribution(
            game, pure_chooser([pl for pl, _ in combo])
        ).items():
            reached[node] = reached.get(node, Fraction(0)) + weight * Fraction(prob)
    behaviours = [behaviour_of(game, i, profile[i]) for i in range(len(game.players))]
    regret = max(tree_regrets(game, profile))
    check = assess(game, behaviours)
    if labels is None:
        labels = [plan_labels(game, i, plans[i]) for i in range(len(game.players))]
    return Equilibrium(
        payoffs=tuple(Fraction(v) for v in expected_payoffs(game, reached)),
        outcomes={k: Fraction(v) for k, v in outcome_distribution(game, reached).items()},
        regret=regret,
        mixed=tuple(
            {labels[i][s]: p for s, p in enumerate(mixed[i]) if p != 0}
            for i in range(len(game.players))
        ),
        behaviour=tuple(
            {
                label: dict(zip(game.infosets[label].actions, probs, strict=True))
                for label, probs in b.items()
            }
            for b in behaviours
        ),
        subgame_perfect=check.subgame_perfect,
        non_credible=check.threats,
        completion=check.completion,
        subgame_note=check.note,
    )


def normal_form_record(game: NormalFormGame, mixed: Sequence[Sequence[Fraction]]) -> Equilibrium:
    """A verified record of the mixed profile ``mixed`` of a numeric normal form."""
    supports = [[(s, p) for s, p in enumerate(m) if p != 0] for m in mixed]
    payoffs = [Fraction(0)] * len(game.players)
    outcomes: dict[str, Fraction] = {}
    for combo in itertools.product(*supports):
        weight = Fraction(1)
        for _, p in combo:
            weight *= p
        profile = tuple(s for s, _ in combo)
        for i, v in enumerate(game.payoff(profile).total):
            payoffs[i] += weight * Fraction(v)
        label = game.outcome(profile)
        outcomes[label] = outcomes.get(label, Fraction(0)) + weight
    return Equilibrium(
        payoffs=tuple(payoffs),
        outcomes=outcomes,
        regret=max(normal_form_regrets(game, mixed)),
        mixed=tuple(
            {game.strategies[i][s]: p for s, p in enumerate(m) if p != 0}
            for i, m in enumerate(mixed)
        ),
    )
