"""The general path of a sweep: the exact solver at each point, for any game.

It is also the referee of the fast path: every point where floating point cannot tell the
answer for sure (a tie, a probability next to zero) is handed to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from deterrence.game import Game
from deterrence.solvers.labels import join_equilibria, outcome_label, play_label
from deterrence.solvers.result import Equilibrium, SolveResult

#: What a sweep can report at each point.
WHAT = ("outcome", "play", "deterred", "payoffs", "equilibria", "threshold")


@dataclass(frozen=True)
class Question:
    """What to report at each point, with what it needs: the outcomes that count as
    deterrence, and the parameter whose threshold is wanted."""

    what: tuple[str, ...]
    deterred: frozenset[str] = frozenset()
    threshold_param: str | None = None
    concept: str | None = None


def equilibrium_play(game: Game, result: SolveResult, eq: Equilibrium) -> str:
    """The ``play`` label of one verified equilibrium."""
    moves: list[dict[str, str]] = []
    if eq.behaviour is not None:
        for behaviour in eq.behaviour:
            moves.append(
                {
                    infoset: "+".join(a for a, p in actions.items() if p > 0)
                    for infoset, actions in behaviour.items()
                }
            )
    else:
        assert eq.mixed is not None
        for mixed in eq.mixed:
            moves.append({"": "+".join(s for s, p in mixed.items() if p > 0)})
    return play_label(result.players, moves)


def exact_row(game: Game, values: Mapping[str, Fraction], question: Question) -> dict[str, object]:
    """Everything ``question`` asks about one point, from the exact, verified solver."""
    from deterrence.solvers.solver import solve

    result = solve(game, question.concept, values=values, cross_check=False)
    row: dict[str, object] = {}
    order = game.outcome_labels
    reached = [{o for o, p in eq.outcomes.items() if p > 0} for eq in result.equilibria]
    if "outcome" in question.what:
        row["outcome"] = join_equilibria(outcome_label(order, r) for r in reached)
    if "play" in question.what:
        plays = (equilibrium_play(game, result, eq) for eq in result.equilibria)
        row["play"] = join_equilibria(plays)
    if "deterred" in question.what:
        row["deterred"] = bool(reached) and all(r <= question.deterred for r in reached)
    if "equilibria" in question.what:
        row["equilibria"] = len(result.equilibria)
    if "payoffs" in question.what:
        distinct = {eq.payoffs for eq in result.equilibria}
        only = next(iter(distinct)) if len(distinct) == 1 else None
        for i, player in enumerate(game.players):
            row[f"payoff_{player}"] = float(only[i]) if only is not None else float("nan")
    if "threshold" in question.what:
        row.update(exact_threshold(game, values, question))
    return row


def exact_threshold(
    game: Game, values: Mapping[str, Fraction], question: Question
) -> dict[str, object]:
    """The least value of the threshold parameter at which deterrence holds, the other
    parameters at ``values``: ``threshold`` (NaN where there is none) and its status."""
    from deterrence.analysis.threshold import threshold

    assert question.threshold_param is not None
    others = {k: v for k, v in values.items() if k != question.threshold_param}
    result = threshold(
        game,
        question.threshold_param,
        sorted(question.deterred),
        values=others,
        numeric=False,
        tidy=False,
        concept=question.concept,
    )
    value = float(result.value) if result.value is not None else float("nan")
    return {"threshold": value, "threshold_status": result.status}


def exact_rows(
    game: Game, points: Sequence[Mapping[str, Fraction]], question: Question
) -> list[dict[str, object]]:
    """:func:`exact_row` at each point; thresholds are solved once per distinct setting of
    the other parameters, since they do not depend on the threshold parameter's own value."""
    cache: dict[tuple, dict[str, object]] = {}
    plain = Question(
        tuple(w for w in question.what if w != "threshold"),
        question.deterred,
        None,
        question.concept,
    )
    rows = []
    for point in points:
        row = exact_row(game, point, plain) if plain.what else {}
        if "threshold" in question.what:
            key = tuple(sorted((k, v) for k, v in point.items() if k != question.threshold_param))
            if key not in cache:
                cache[key] = exact_threshold(game, point, question)
            row.update(cache[key])
        rows.append(row)
    return rows
