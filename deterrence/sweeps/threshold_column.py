"""The ``threshold`` column of a fast sweep: closed forms reused wherever they apply.

A threshold found exactly at one point comes with its closed form and the conditions under
which that form holds (:func:`deterrence.analysis.threshold.threshold`). Compiled once, the
form answers for every point of the chunk where its conditions hold with a margin; the first
point left over seeds the next form, and so on, up to :data:`MAX_FORMS` per chunk. What is
still left after that, and every point where a condition is nearly tight, goes to the exact
solver.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from deterrence.analysis.prune import positive_part
from deterrence.solvers.vectorised import TIE_TOLERANCE, Values, compile_numeric, size_bound

if TYPE_CHECKING:
    from deterrence.sweeps.plan import SweepPlan

#: Closed forms derived per chunk at most; each costs one exact analysis.
MAX_FORMS = 8


@dataclass
class _Form:
    status: str
    value: Any  # a compiled function of the columns, or a float
    conditions: list[Any]
    key: dict[str, float] | None  # for answers without a closed form: the one setting they hold at


def _margin(relation: sympy.Basic):
    """For a condition (an inequality, or a disjunction of them): a list of compiled pairs
    (difference, size), one per inequality, the condition holding where some difference is
    positive; None for conditions of other forms (equations)."""
    parts = relation.args if isinstance(relation, sympy.Or) else (relation,)
    pairs = []
    for part in parts:
        difference = positive_part(part)
        if difference is None:
            return None
        pairs.append(
            (compile_numeric(difference), compile_numeric(size_bound(part.lhs - part.rhs)))
        )
    return pairs


def _derive(plan: SweepPlan, seed: Mapping[str, Fraction]) -> _Form:
    from deterrence.analysis.threshold import threshold

    question = plan.question
    assert question.threshold_param is not None
    others = {k: v for k, v in seed.items() if k != question.threshold_param}
    result = threshold(
        plan.game,
        question.threshold_param,
        sorted(question.deterred),
        values=others,
        numeric=False,
        tidy=False,
    )
    # A closed form is reused only where its conditions describe everywhere it is the
    # threshold; one known only at its seed answers for points with the same values only.
    if result.status == "threshold" and result.symbolic is not None and result.conditions_complete:
        margins = [_margin(c) for c in result.conditions]
        if all(m is not None for m in margins):
            return _Form("threshold", compile_numeric(result.symbolic), margins, None)
    value = float(result.value) if result.value is not None else float("nan")
    return _Form(result.status, value, [], {k: float(v) for k, v in others.items()})


def fast_thresholds(
    plan: SweepPlan,
    values: Mapping[str, Values],
    n: int,
    exact: Callable[[int], Mapping[str, Fraction]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Threshold, status and "ask the exact solver" flag at each point of a chunk;
    ``exact(i)`` gives the exact values of point ``i``, where a closed form is derived."""
    value = np.full(n, np.nan)
    status = np.full(n, None, dtype=object)
    open_ = np.ones(n, dtype=bool)
    param = plan.question.threshold_param
    tried = np.zeros(n, dtype=bool)
    for _ in range(MAX_FORMS):
        candidates = np.flatnonzero(open_ & ~tried)
        if not len(candidates):
            break
        first = int(candidates[0])
        tried[first] = True
        seed = {k: v for k, v in exact(first).items() if k != param}
        form = _derive(plan, seed)
        if form.key is not None:
            here = open_.copy()
            # Equal floats here mean equal exact values: a grid's floats come one to one from
            # its exact values, and a drawn value is its float. So this matches exactly the
            # points with the seed's values, no tolerance involved.
            for name, v in form.key.items():
                here &= np.broadcast_to(values[name], (n,)) == v
            value[here], status[here] = form.value, form.status
        else:
            here = open_.copy()
            unsure = np.zeros(n, dtype=bool)
            for pairs in form.conditions:
                holds = np.zeros(n, dtype=bool)
                close = np.zeros(n, dtype=bool)
                for difference, scale in pairs:
                    with np.errstate(all="ignore"):
                        d = np.broadcast_to(difference(values), (n,))
                        margin = TIE_TOLERANCE * (
                            1.0 + np.abs(np.broadcast_to(scale(values), (n,)))
                        )
                    holds |= d > margin
                    close |= ~(np.abs(d) > margin)  # within the margin, or not a number
                here &= holds
                unsure |= ~holds & close
            here &= ~unsure
            value[here] = np.broadcast_to(form.value(values), (n,))[here]
            status[here] = form.status
        open_ &= ~here
    return value, status, open_
