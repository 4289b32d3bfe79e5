"""How exact numbers are written out: as JSON numbers or as exact strings like ``5/11``."""

from __future__ import annotations

from fractions import Fraction


def number(value: Fraction, exact: bool) -> int | float | str:
    """``value`` as an exact string (``"5/11"``) or as a JSON number (int when integral)."""
    if exact:
        return str(value)
    if value.denominator == 1:
        return int(value)
    return float(value)


def short(value: Fraction, digits: int = 4) -> str:
    """A compact human rendering: integers and small fractions exact, others as decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    if value.denominator <= 1000 and abs(value.numerator) <= 10**6:
        return f"{value.numerator}/{value.denominator}"
    return f"{float(value):.{digits}g}"
