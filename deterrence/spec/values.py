"""Reading numbers and expressions out of spec values, recording every problem."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy

from deterrence.errors import ExpressionError
from deterrence.exact import exact_number
from deterrence.spec.expressions import parse_expression
from deterrence.spec.paths import Path
from deterrence.spec.problems import Problems, describe

_SHOWN = 60


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def read_number(value: Any, path: Path, problems: Problems) -> Fraction | None:
    """An exact number from a spec value (int, float via its repr, or a string like "7/20")."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.add(path, f'expected a number (or a string such as "7/20"), got {describe(value)}')
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.add(path, f"expected a finite number, got {value!r}")
        return None
    try:
        return exact_number(value)
    except ExpressionError as error:
        problems.add(path, f"expected a number: {error.message}", error.suggestion)
    except Exception as error:  # the contract: nothing but SpecError leaves the validator
        problems.add(path, f"expected a number, could not read {describe(value)}: {error}")
    return None


class Expressions:
    """Parses expressions over the model's parameters, remembering results by text."""

    def __init__(self, symbols: Mapping[str, sympy.Symbol], problems: Problems):
        self.symbols = dict(symbols)
        self.problems = problems
        self.cache: dict[tuple[type, Any], sympy.Expr | ExpressionError | Exception] = {}

    def __call__(self, value: Any, path: Path) -> sympy.Expr | None:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problems.add(
                path,
                f'expected an expression (a string such as "p*v - c", or a number), '
                f"got {describe(value)}",
            )
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problems.add(path, f"expected a finite number, got {value!r}")
            return None
        key = (type(value), value)
        if key not in self.cache:
            try:
                self.cache[key] = parse_expression(value, self.symbols)
            except Exception as error:  # ExpressionError, or anything the parser let through
                self.cache[key] = error
        result = self.cache[key]
        if isinstance(result, ExpressionError):
            where = ""
            if result.position is not None:
                where = f" (at character {result.position + 1})"
            self.problems.add(
                path,
                f"invalid expression `{_short(str(value))}`: {result.message}{where}",
                result.suggestion,
            )
            return None
        if isinstance(result, Exception):
            self.problems.add(
                path, f"invalid expression `{_short(str(value))}`: {type(result).__name__}"
            )
            return None
        return result
