"""Exact real algebra shared by the analyses: points between switch points, equality of
algebraic numbers, where a function of one parameter changes sign, and conditions read the
way a person writes them."""

from __future__ import annotations

import sympy

from deterrence.errors import SolverError

#: Width used in place of an infinite bound when a point inside an unbounded piece is needed.
UNBOUNDED_STEP = sympy.Integer(1)


def rational_between(a: sympy.Expr, b: sympy.Expr) -> sympy.Rational:
    """An exact rational strictly inside (a, b); a or b may be infinite or algebraic."""
    if a is sympy.S.NegativeInfinity and b is sympy.S.Infinity:
        return sympy.Integer(0)
    if a is sympy.S.NegativeInfinity:
        return sympy.floor(b) - UNBOUNDED_STEP
    if b is sympy.S.Infinity:
        return sympy.ceiling(a) + UNBOUNDED_STEP
    digits = 30
    while digits < 400:
        middle = sympy.Rational(str(((a + b) / 2).evalf(digits)))
        if bool(a < middle) and bool(middle < b):
            return middle
        digits *= 2
    raise SolverError(f"cannot separate the switch points {a} and {b}")


def same_number(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exact equality of two real algebraic numbers, cheaply when they differ."""
    if abs(sympy.N(a - b, 60)) > sympy.Rational(1, 10**40):
        return False
    return bool(sympy.simplify(a - b) == 0)


def sign_changes(
    difference: sympy.Expr, x: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr
) -> list[sympy.Expr]:
    """Points strictly inside (lower, upper) where a univariate function may change sign."""
    expr = sympy.together(difference)
    if expr.free_symbols - {x}:
        raise SolverError(f"{difference} depends on more than the parameter analysed")
    if not expr.free_symbols:
        return []
    numerator, denominator = sympy.fraction(expr)
    points: list[sympy.Expr] = []
    for part in (numerator, denominator):
        if x not in part.free_symbols:
            continue
        if not part.is_polynomial(x):
            raise NotImplementedError(
                f"the sign of {difference} cannot be decided exactly: it is not a rational "
                f"function of {x}"
            )
        try:
            roots = sympy.Poly(part, x).real_roots()
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError) as error:
            raise NotImplementedError(
                f"the sign of {difference} cannot be decided exactly: its coefficients in {x} "
                f"are not rational numbers ({error})"
            ) from error
        for root in roots:
            if bool(lower < root) and bool(root < upper):
                points.append(root)
    return points


def readable_relation(relation: sympy.Basic) -> sympy.Basic:
    """``-(20*a - 3)/20 > 0`` as ``a < 3/20`` where the condition is linear in one parameter."""
    symbols = relation.free_symbols
    if len(symbols) == 1:
        (symbol,) = symbols
        expr = relation.lhs - relation.rhs
        if expr.is_polynomial(symbol) and sympy.degree(expr, symbol) == 1:
            slope = sympy.Poly(expr, symbol).LC()
            root = sympy.solve(expr, symbol)[0]
            return symbol > root if slope > 0 else symbol < root
    return relation


def tightest_bounds(conditions: list[sympy.Basic]) -> list[sympy.Basic]:
    """Keep only the tightest of several bounds on the same parameter (``p > 3/10`` and
    ``p > 7/10`` say ``p > 7/10``)."""
    lower: dict[sympy.Symbol, sympy.Expr] = {}
    upper: dict[sympy.Symbol, sympy.Expr] = {}
    rest = []
    for c in conditions:
        if isinstance(c.lhs, sympy.Symbol) and c.rhs.is_number:
            if isinstance(c, sympy.StrictGreaterThan):
                lower[c.lhs] = max(lower.get(c.lhs, c.rhs), c.rhs)
                continue
            if isinstance(c, sympy.StrictLessThan):
                upper[c.lhs] = min(upper.get(c.lhs, c.rhs), c.rhs)
                continue
        rest.append(c)
    bounds = [s > v for s, v in lower.items()] + [s < v for s, v in upper.items()]
    return sorted(bounds, key=str) + rest
