"""Checks that chance probabilities are probabilities: each in [0, 1], together summing to 1.

A sum is checked symbolically first (``simplify(sum - 1) == 0``). Where sympy cannot decide, or
for the range of each probability, the expressions are evaluated at the parameters' default
values and with each parameter in turn at its bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy

from deterrence.game.parameters import Parameter
from deterrence.spec.paths import Path
from deterrence.spec.problems import Problems

#: Larger sums are not simplified (that could take long); they are checked at the points only.
MAX_SIMPLIFY_OPS = 400

#: Sums that are not rational are compared with 1 in 30-digit floating point.
_TOLERANCE = sympy.Rational(1, 10**20)

Point = tuple[dict[sympy.Symbol, sympy.Rational], str]


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def test_points(parameters: Sequence[Parameter], symbols: set[sympy.Basic]) -> list[Point]:
    """The default point, then each parameter of ``symbols`` moved to each finite bound."""
    used = [p for p in parameters if p.symbol in symbols and p.value is not None]
    base = {p.symbol: _rational(p.value) for p in used if p.value is not None}
    points: list[Point] = [(base, "at the default values")]
    for p in used:
        for bound, word in ((p.lower, "lower"), (p.upper, "upper")):
            if bound is not None and bound != p.value:
                points.append(
                    (
                        {**base, p.symbol: _rational(bound)},
                        f"at {p.name} = {bound} "
                        f"(its {word} bound), other parameters at their defaults",
                    )
                )
    return points


def _value(expr: sympy.Expr, point: dict[sympy.Symbol, sympy.Rational]) -> sympy.Expr | None:
    """The value of ``expr`` at ``point``: a real number, or None if it has none there."""
    try:
        result = sympy.sympify(expr).xreplace(point)
        if result.free_symbols:
            return None  # a parameter without a value: cannot check here
        if not result.is_Rational:
            result = result.evalf(30)
        if result.is_real and result.is_finite:
            return result
        return sympy.nan
    except Exception:  # e.g. a division by zero deep inside
        return sympy.nan


def _show(value: sympy.Expr) -> str:
    return str(value) if value.is_Rational else str(value.evalf(6))


def check_probability(
    problems: Problems, expr: sympy.Expr, path: Path, parameters: Sequence[Parameter], what: str
) -> None:
    """``expr`` must lie in [0, 1] at every test point."""
    for point, where in test_points(parameters, expr.free_symbols):
        value = _value(expr, point)
        if value is None:
            continue
        if value is sympy.nan:
            problems.add(path, f"{what} `{expr}` is not a finite number {where}")
            return
        if value < 0 or value > 1:
            problems.add(
                path, f"{what} `{expr}` is {_show(value)} {where}; a probability must lie in [0, 1]"
            )
            return


def check_chance(
    problems: Problems,
    node_path: Path,
    branches: Sequence[tuple[str, sympy.Expr]],
    parameters: Sequence[Parameter],
) -> None:
    """Each branch probability in [0, 1], and their sum 1."""
    for label, prob in branches:
        check_probability(
            problems, prob, (*node_path, label, "prob"), parameters, f"probability of `{label}`"
        )
    total = sympy.Add(*(prob for _, prob in branches))
    difference = total - 1
    try:
        if sympy.count_ops(difference) <= MAX_SIMPLIFY_OPS:
            difference = sympy.simplify(difference)
    except Exception:
        pass
    if difference == 0:
        return
    if not difference.free_symbols:
        value = _value(total, {})
        if value is not None and value is not sympy.nan and abs(value - 1) <= _TOLERANCE:
            return
        shown = "undefined" if value is None or value is sympy.nan else _show(value)
        problems.add(node_path, f"the branch probabilities sum to {shown}, not 1")
        return
    for point, where in test_points(parameters, total.free_symbols):
        value = _value(total, point)
        if value is not None and (value is sympy.nan or abs(value - 1) > _TOLERANCE):
            problems.add(
                node_path,
                f"the branch probabilities sum to `{total}`, which is "
                f"{_show(value) if value is not sympy.nan else 'undefined'} {where}, "
                "not 1",
            )
            return
    if difference.is_rational_function():
        problems.add(
            node_path,
            f"the branch probabilities sum to `{total}`, which is not 1 for "
            "every value of the parameters",
            "write one branch as 1 minus the others",
        )
