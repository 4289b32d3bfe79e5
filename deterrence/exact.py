"""Exact numbers: the one place where a value given by a person becomes a Fraction.

Every layer (the spec reader, the solvers, the analysis, sweeps, tables and figures) reads the
numbers people give it through :func:`exact_number`, so ``0.35`` is ``7/20`` everywhere and
the same digit limits apply everywhere. The module sits below every layer and imports only
the error types.
"""

from __future__ import annotations

import math
import numbers
import re
from fractions import Fraction

from deterrence.errors import ExpressionError

__all__ = [
    "LITERAL",
    "MAX_DECIMAL_EXPONENT",
    "MAX_NUMBER_DIGITS",
    "MAX_NUMBER_TEXT",
    "exact_number",
    "read_literal",
    "read_number_text",
]

#: Most digits in one written number (``0.35`` has three).
MAX_NUMBER_DIGITS = 40
#: Largest power of ten in scientific notation (``1e-3``); every finite float fits.
MAX_DECIMAL_EXPONENT = 350
#: Longest text read as one number, in characters.
MAX_NUMBER_TEXT = 2000

# re.ASCII: without it [0-9]-like classes and \s would accept other scripts' digits and spaces.
#: One unsigned number as written: ``12``, ``0.35``, ``.5``, ``1e-3``.
LITERAL = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_LITERAL_PARTS = re.compile(
    r"(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<esign>[+-]?)(?P<exp>[0-9]+))?", re.ASCII
)
_NUMBER_TEXT = re.compile(
    rf"[ \t\r\n]*(?P<sign>[+-]?)(?P<num>{LITERAL})"
    rf"(?:[ \t\r\n]*/[ \t\r\n]*(?P<den>{LITERAL}))?[ \t\r\n]*",
    re.ASCII,
)


def exact_number(value: object) -> Fraction:
    """Read a number exactly, as a fraction.

    Parameters
    ----------
    value : int, float, Fraction or str
        An int (taken exactly), a float (taken through its shortest decimal form, so 0.35 is
        7/20 rather than the nearest binary fraction), a rational such as a Fraction or a sympy
        Rational, or a string holding one plain number: ``"0.35"``, ``"7/20"``, ``"-3"``,
        ``"1e-3"``.

    Returns
    -------
    Fraction
        The exact value.

    Raises
    ------
    ExpressionError
        For a bool, a non-finite float, a string that is not one plain number, a written number
        with more than `MAX_NUMBER_DIGITS` digits or a power of ten beyond
        `MAX_DECIMAL_EXPONENT`, and anything else.

    Examples
    --------
    >>> exact_number(0.35), exact_number("7/20"), exact_number(-3)
    (Fraction(7, 20), Fraction(7, 20), Fraction(-3, 1))
    """
    # bool is an int subclass, but `true` in a spec file is a mistake, not the number 1.
    if isinstance(value, bool):
        raise ExpressionError(f"expected a number, got a true/false value ({value})", str(value))
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExpressionError(f"expected a finite number, got {value!r}", repr(value))
        # float.__repr__ gives the shortest text that reads back as the same float, also for
        # subclasses such as numpy.float64 whose own repr is decorated.
        return read_number_text(float.__repr__(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, str):
        return read_number_text(value)
    raise ExpressionError(
        f"expected a number such as 0.35 or 7/20, got {type(value).__name__}", repr(value)
    )


def read_number_text(value: str) -> Fraction:
    """A plain number written as text: ``"0.35"``, ``"-7/20"``, ``"1e-3"``."""
    if len(value) > MAX_NUMBER_TEXT:
        raise ExpressionError(
            f"expected a number, got a text of {len(value)} characters", value[:80] + "..."
        )
    match = _NUMBER_TEXT.fullmatch(value)
    if match is None:
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise ExpressionError(
            f"expected a plain number such as 0.35, 7/20 or 1e-3, got `{shown}`", value
        )
    number = read_literal(match["num"], value, match.start("num"))
    if match["den"] is not None:
        denominator = read_literal(match["den"], value, match.start("den"))
        if denominator == 0:
            raise ExpressionError("division by zero", value, match.start("den"))
        number /= denominator
    return -number if match["sign"] == "-" else number


def read_literal(written: str, text: str, position: int) -> Fraction:
    """The exact value of one unsigned number as written, within the digit limits."""
    parts = _LITERAL_PARTS.fullmatch(written)
    if parts is None:  # pragma: no cover - the tokenizer only passes matching literals
        raise ExpressionError(f"`{written}` is not a number", text, position)
    whole, fraction = parts["int"], parts["frac"] or ""
    if len(whole) + len(fraction) > MAX_NUMBER_DIGITS:
        raise ExpressionError(f"a number has more than {MAX_NUMBER_DIGITS} digits", text, position)
    shift = 0
    if parts["exp"] is not None:
        # Checked as text first: int() of a huge digit string is itself slow.
        digits = parts["exp"].lstrip("0") or "0"
        if len(digits) > len(str(MAX_DECIMAL_EXPONENT)) or int(digits) > MAX_DECIMAL_EXPONENT:
            raise ExpressionError(
                f"the power of ten in `{_shortened(written)}` is out of range: scientific notation "
                f"is limited to 1e-{MAX_DECIMAL_EXPONENT} to 1e{MAX_DECIMAL_EXPONENT}",
                text,
                position,
            )
        shift = -int(digits) if parts["esign"] == "-" else int(digits)
    shift -= len(fraction)
    mantissa = int(whole + fraction or "0")
    return Fraction(mantissa * 10**shift) if shift >= 0 else Fraction(mantissa, 10**-shift)


def _shortened(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
