"""Checks that chance probabilities are probabilities: each in [0, 1], together summing to 1.

Whether a sum is identically 1 is decided symbolically where that is cheap and sure: when the
sum minus 1 is a rational function of the parameters (the usual case: ``p``, ``1 - p``,
``p*q``...), it is evaluated exactly at a few pseudo-random rational points, which decides a
rational function's identity with zero with certainty for all practical purposes
(Schwartz-Zippel) and without expanding anything; small other expressions go to
``sympy.simplify``. Where neither decides, and for the range of each probability, the
expressions are evaluated at the parameters' default values and with each parameter in turn at
each of its finite bounds. A budget on that evaluation keeps a hostile spec fast: past it, only
the default values are checked.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import sympy

from deterrence.game.magnitude import TooLargeValue, float_value
from deterrence.game.parameters import Parameter
from deterrence.spec.paths import Path
from deterrence.spec.problems import Problems

#: Expressions up to this many sympy nodes are given to ``simplify`` when nothing else decides.
MAX_SIMPLIFY_SIZE = 60
#: Expression nodes evaluated at test points over a whole spec before checks fall back to the
#: default values alone.
EVALUATION_BUDGET = 300_000
#: Sums that are not rational are compared with 1 in 30-digit floating point.
_TOLERANCE = sympy.Rational(1, 10**20)
_RANDOM_POINTS = 3

Point = tuple[dict[sympy.Symbol, sympy.Rational], str]


def _rational(value: object) -> sympy.Rational:
    from fractions import Fraction

    assert isinstance(value, Fraction)
    return sympy.Rational(value.numerator, value.denominator)


def _size(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _value(expr: sympy.Basic, point: dict[sympy.Symbol, sympy.Rational]) -> sympy.Expr | None:
    """``expr`` at ``point``: a finite real number, ``nan`` where it has none, None if unknown."""
    try:
        if expr.free_symbols - set(point):
            return None  # a parameter without a value: nothing to check here
        try:
            float_value(expr, {s: float(v) for s, v in point.items()})
        except (TooLargeValue, OverflowError):
            return sympy.nan  # too large or undefined here: reported as not a probability
        result = expr.xreplace(point)
        if not result.is_Rational:
            result = result.evalf(30)
        if result.is_real and result.is_finite:
            return result
    except Exception:  # e.g. a division by zero deep inside
        pass
    return sympy.nan


def _show(value: sympy.Expr) -> str:
    if value is sympy.nan:
        return "undefined"
    text = str(value)
    if value.is_Rational and len(text) <= 24:
        return text
    return "≈ " + str(value.evalf(6))


def _short(expr: sympy.Basic) -> str:
    # Printing a sum of thousands of terms takes a second; a message needs only its start.
    if isinstance(expr, sympy.Add) and len(expr.args) > 8:
        text = " + ".join(str(term) for term in expr.args[:8]) + " + ..."
    else:
        text = str(expr)
    return text if len(text) <= 60 else text[:57] + "..."


class ProbabilityChecks:
    """Checks probabilities against the parameters' defaults and bounds, within a budget."""

    def __init__(self, problems: Problems, parameters: Sequence[Parameter]):
        self.problems = problems
        usable = [p for p in parameters if p.value is not None]
        self.order = {p.symbol: (index, p) for index, p in enumerate(usable)}
        self.budget = EVALUATION_BUDGET
        self.random = random.Random(20240101)

    def points(self, symbols: set[sympy.Basic], size: int) -> list[Point]:
        """The default point, then each parameter moved to each finite bound (budget allowing)."""
        used = [p for _, p in sorted(self.order[s] for s in symbols if s in self.order)]
        base = {p.symbol: _rational(p.value) for p in used}
        points: list[Point] = [(base, "at the default values")]
        for p in used:
            for bound, word in ((p.lower, "lower"), (p.upper, "upper")):
                if bound is not None and bound != p.value:
                    where = f"at {p.name} = {bound} (its {word} bound)"
                    if len(used) > 1:
                        where += ", other parameters at their defaults"
                    points.append(({**base, p.symbol: _rational(bound)}, where))
        affordable = max(1, self.budget // max(size, 1))
        points = points[:affordable]
        self.budget = max(0, self.budget - size * len(points))
        return points

    def probability(self, expr: sympy.Expr, path: Path, what: str) -> None:
        """``expr`` must lie in [0, 1] at every test point."""
        for point, where in self.points(expr.free_symbols, _size(expr)):
            value = _value(expr, point)
            if value is None:
                continue
            if value is sympy.nan:
                self.problems.add(path, f"{what} `{_short(expr)}` is not a finite number {where}")
                return
            if value < 0 or value > 1:
                self.problems.add(
                    path,
                    f"{what} `{_short(expr)}` is {_show(value)} ({'< 0' if value < 0 else '> 1'}) "
                    f"{where}; a probability must lie in [0, 1]",
                )
                return

    def chance(self, node_path: Path, branches: Sequence[tuple[str, sympy.Expr]]) -> None:
        """Each branch probability in [0, 1], and their sum 1."""
        for label, prob in branches:
            self.probability(prob, (*node_path, label, "prob"), f"probability of `{label}`")
        total = sympy.Add(*(prob for _, prob in branches))
        difference = total - 1
        if difference == 0:
            return
        if not difference.free_symbols:
            value = _value(total, {})
            if value is None or value is sympy.nan or abs(value - 1) > _TOLERANCE:
                shown = "undefined" if value is None else _show(value)
                self.problems.add(node_path, f"the branch probabilities sum to {shown}, not 1")
            return
        identity = self._identically_zero(difference)
        if identity is True:
            return
        size = _size(total)
        for point, where in self.points(total.free_symbols, size):
            value = _value(total, point)
            if value is not None and (value is sympy.nan or abs(value - 1) > _TOLERANCE):
                self.problems.add(
                    node_path,
                    f"the branch probabilities sum to `{_short(total)}`, which is "
                    f"{_show(value)} {where}, not 1",
                )
                return
        if identity is False:
            self.problems.add(
                node_path,
                f"the branch probabilities sum to `{_short(total)}`, which is not 1 for every "
                "value of the parameters",
                "write one branch as 1 minus the others",
            )

    def _identically_zero(self, expr: sympy.Expr) -> bool | None:
        """Whether ``expr`` is zero for all parameter values; None when undecided."""
        try:
            if expr.is_rational_function():
                return self._zero_at_random_points(expr)
            if _size(expr) <= MAX_SIMPLIFY_SIZE:
                simplified = sympy.simplify(expr)
                if simplified == 0:
                    return True
                if simplified.is_rational_function():
                    return self._zero_at_random_points(simplified)
        except Exception:  # sympy gave up: leave it to the test points
            pass
        return None

    def _zero_at_random_points(self, expr: sympy.Expr) -> bool | None:
        symbols = sorted(expr.free_symbols, key=str)
        tried = 0
        for _ in range(4 * _RANDOM_POINTS):
            point = {
                s: sympy.Rational(self.random.randint(1, 10**6), self.random.randint(1, 10**6))
                for s in symbols
            }
            value = expr.xreplace(point)
            if not value.is_Rational:
                continue  # a pole: try another point
            if value != 0:
                return False
            tried += 1
            if tried == _RANDOM_POINTS:
                return True
        return None
