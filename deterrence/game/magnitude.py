"""A cheap floating-point look at an expression before it is evaluated exactly.

A short formula can stand for an astronomically large number once values are put in:
``exp(exp(exp(exp(exp(p)))))`` at p = 1, or ``exp(p*log(3/2))`` at p = 10^300. sympy would
try to build that number exactly (or to hundreds of digits) and never finish. Evaluating the
expression first in floats, node by node, tells in microseconds whether it stays within
:data:`MAX_MAGNITUDE`; only then is it evaluated exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import sympy

from deterrence import limits

#: Largest absolute value (and intermediate value) accepted.
MAX_MAGNITUDE = 1e300


class TooLargeValue(ValueError):
    """The expression, or a part of it, is too large (or undefined) at these values."""


def float_value(expr: sympy.Basic, values: Mapping[sympy.Symbol, float]) -> float:
    """``expr`` at ``values`` in floating point, refusing anything beyond the limit.

    Raises
    ------
    TooLargeValue
        If any intermediate value exceeds :data:`MAX_MAGNITUDE` or is undefined (log of a
        negative number, division by zero), or a power's exponent is beyond limit ``degree``
        (its exact value would have millions of digits).
    """
    try:
        return _checked(_float(expr, values))
    except OverflowError as error:
        # math's own overflow says "math range error"; ours name the limit.
        reason = str(error) if "limit" in str(error) else "beyond 1e300, the limit"
        raise TooLargeValue(reason) from error
    except (ZeroDivisionError, ValueError) as error:
        raise TooLargeValue(str(error) or type(error).__name__) from error


def _checked(value: float) -> float:
    if isinstance(value, complex) or math.isnan(value) or abs(value) > MAX_MAGNITUDE:
        raise OverflowError("beyond 1e300, the limit")
    return value


def _float(expr: sympy.Basic, values: Mapping[sympy.Symbol, float]) -> float:
    if isinstance(expr, sympy.Symbol):
        if expr not in values:
            raise ValueError(f"no value for {expr}")
        return _checked(float(values[expr]))
    if expr.is_Number:
        return _checked(float(expr))
    if expr is sympy.pi:
        return math.pi
    if expr is sympy.E:
        return math.e
    args = expr.args
    if isinstance(expr, sympy.Add):
        return _checked(math.fsum(_float(a, values) for a in args))
    if isinstance(expr, sympy.Mul):
        product = 1.0
        for a in args:
            product = _checked(product * _float(a, values))
        return product
    if isinstance(expr, sympy.Pow):
        base, exponent = _float(args[0], values), _float(args[1], values)
        if base == 0 and exponent < 0:
            raise ZeroDivisionError("division by zero")
        if abs(exponent) > limits.count("degree") and abs(base) not in (0.0, 1.0):
            # A small float, yet exactly a fraction of millions of digits: (31/70)^10^7.
            raise OverflowError(
                f"a power to the {exponent:g}, beyond {limits.count('degree'):,} "
                f"({limits.message('degree')})"
            )
        return _checked(math.pow(base, exponent))
    if isinstance(expr, sympy.exp):
        return _checked(math.exp(_float(args[0], values)))
    if isinstance(expr, sympy.log):
        return _checked(math.log(_float(args[0], values)))
    if isinstance(expr, sympy.Abs):
        return abs(_float(args[0], values))
    if isinstance(expr, sympy.Min):
        return min(_float(a, values) for a in args)
    if isinstance(expr, sympy.Max):
        return max(_float(a, values) for a in args)
    if isinstance(expr, sympy.Piecewise):
        for value, condition in args:
            if condition is sympy.true or _truth(condition, values):
                return _float(value, values)
        raise ValueError("no branch of a condition applies")
    raise ValueError(f"cannot estimate {type(expr).__name__}")


def _truth(condition: sympy.Basic, values: Mapping[sympy.Symbol, float]) -> bool:
    if isinstance(condition, sympy.And):
        return all(_truth(c, values) for c in condition.args)
    if isinstance(condition, sympy.Or):
        return any(_truth(c, values) for c in condition.args)
    if isinstance(condition, sympy.Not):
        return not _truth(condition.args[0], values)
    left, right = _float(condition.lhs, values), _float(condition.rhs, values)
    return {
        sympy.StrictLessThan: left < right,
        sympy.LessThan: left <= right,
        sympy.StrictGreaterThan: left > right,
        sympy.GreaterThan: left >= right,
        sympy.Equality: left == right,
        sympy.Unequality: left != right,
    }[type(condition)]
