"""Numbers written as text, exact (``7/10``) or rounded (``0.7``): the part of a cell's
rendering that every other part builds on, so that a Mixture can print itself."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

import sympy


def as_fraction(value: Any) -> Fraction | None:
    """``value`` as a Fraction if it is an exact rational number (int, Fraction, sympy
    Rational), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return None


def is_numeric(value: Any) -> bool:
    """Whether ``value`` is a number (exact or float), not an expression or text."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Fraction):
        return True
    return isinstance(value, sympy.Basic) and bool(value.is_number) and value.is_real is True


def decimal(value: Fraction, digits: int) -> str:
    """``value`` rounded half away from zero to ``digits`` decimal places, trailing zeros
    dropped.

    Examples
    --------
    >>> decimal(Fraction(7, 10), 3), decimal(Fraction(-21, 40), 2), decimal(Fraction(1, 3), 3)
    ('0.7', '-0.53', '0.333')
    """
    if value.denominator == 1:
        return str(value.numerator)
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def float_text(value: float, exact: bool, digits: int) -> str:
    """A float as text: 12 significant digits when ``exact``, else rounded to ``digits``."""
    if exact:
        return f"{value:.12g}"
    return decimal(Fraction(value), digits)


def text_number(value: Any, *, exact: bool, digits: int) -> str:
    """A number as text: ``7/10`` when exact, else ``0.7``."""
    fraction = as_fraction(value)
    if fraction is not None:
        return str(fraction) if exact else decimal(fraction, digits)
    if isinstance(value, float):
        return float_text(value, exact, digits)
    if exact:
        return str(value)
    return float_text(float(value), exact, digits)
