"""Where to look so that no region over two parameters is missed: a cylindrical decomposition.

Every region of subgame-perfect play is cut out by the signs of finitely many payoff
differences (one per node, pair of actions and play below them), rational functions of the
two free parameters ``x`` and ``y``. Let ``P`` be the irreducible factors of their numerators
and denominators. Over an open interval of ``x`` on which no factor's leading coefficient in
``y`` vanishes, no factor has a multiple root in ``y`` (discriminant), no two factors share a
root (resultant), and no factor meets a finite edge of ``y``'s range, the real roots in ``y``
of the factors are continuous, never cross, and keep their order (Collins 1975, "Quantifier
elimination for real closed fields by cylindrical algebraic decomposition"). So the regions met
along a vertical line are the same for every ``x`` in that interval, and exact analysis along
``y`` at one rational ``x`` per interval sees every region with an interior.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import sympy

from deterrence.analysis.algebra import rational_between, same_number


class Undecidable(Exception):
    """The decomposition cannot be computed exactly (e.g. a difference is not a rational
    function of the two parameters with rational coefficients)."""


def irreducible_factors(
    differences: Iterable[sympy.Expr], x: sympy.Symbol, y: sympy.Symbol
) -> list[sympy.Poly]:
    """The distinct irreducible, non-constant factors of every numerator and denominator."""
    found: dict[sympy.Expr, sympy.Poly] = {}
    for difference in differences:
        expr = sympy.together(difference)
        if expr.free_symbols - {x, y}:
            raise Undecidable(f"{difference} depends on other parameters")
        for part in sympy.fraction(expr):
            if not part.free_symbols:
                continue
            if not part.is_polynomial(x, y):
                raise Undecidable(f"{difference} is not a rational function of {x} and {y}")
            try:
                _, factors = sympy.factor_list(sympy.Poly(part, x, y, domain="QQ"))
            except (sympy.PolynomialError, sympy.CoercionFailed) as error:
                raise Undecidable(f"{difference}: {error}") from error
            for factor, _ in factors:
                if factor.total_degree() > 0:
                    monic = factor.monic() if factor.LC() != 0 else factor
                    found.setdefault(monic.as_expr(), monic)
    return list(found.values())


def _roots_in(
    polynomial: sympy.Expr, x: sympy.Symbol, low: sympy.Expr, high: sympy.Expr
) -> list[sympy.Expr]:
    expr = sympy.expand(polynomial)
    # Zero only for a factor lying along an edge of y's range, which changes nothing along x
    # (distinct irreducible factors have non-zero resultants and discriminants).
    if expr == 0 or x not in expr.free_symbols:
        return []
    roots = sympy.Poly(expr, x, domain="QQ").real_roots()
    return [r for r in roots if bool(low < r) and bool(r < high)]


def critical_values(
    factors: Sequence[sympy.Poly],
    x: sympy.Symbol,
    y: sympy.Symbol,
    x_range: tuple[sympy.Expr, sympy.Expr],
    y_range: tuple[sympy.Expr, sympy.Expr],
) -> list[sympy.Expr]:
    """The values of ``x`` inside its range where the picture along ``y`` may change."""
    low, high = x_range
    projections: list[sympy.Expr] = []
    for f in factors:
        degree = f.degree(y)
        if degree <= 0:
            projections.append(f.as_expr())
            continue
        as_y = sympy.Poly(f.as_expr(), y)
        projections.append(as_y.LC())
        if degree >= 2:
            projections.append(sympy.discriminant(as_y.as_expr(), y))
        for edge in y_range:
            if edge.is_finite:
                projections.append(f.as_expr().subs(y, edge))
    for f, g in itertools.combinations(factors, 2):
        if f.degree(y) > 0 and g.degree(y) > 0:
            projections.append(sympy.resultant(f.as_expr(), g.as_expr(), y))
    points: list[sympy.Expr] = []
    for projection in projections:
        for root in _roots_in(projection, x, low, high):
            if not any(same_number(root, known) for known in points):
                points.append(root)
    return sorted(points, key=lambda v: sympy.N(v, 60))


def sample_points(
    critical: Sequence[sympy.Expr], x_range: tuple[sympy.Expr, sympy.Expr]
) -> list[sympy.Rational]:
    """One rational ``x`` inside each open interval between consecutive critical values."""
    cuts = [x_range[0], *critical, x_range[1]]
    return [rational_between(a, b) for a, b in itertools.pairwise(cuts)]
