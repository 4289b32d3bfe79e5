"""How one table cell is written: exact or rounded, as plain text or as LaTeX.

The frame keeps exact values (``Fraction``, sympy expressions and relationals, ``Mixture``);
only the renderers call these functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from deterrence.report.tex import escape_latex
from deterrence.tables.mixture import Mixture, text_mixture
from deterrence.tables.number_text import (
    as_fraction,
    decimal,
    float_text,
    is_numeric,
    text_number,
)


def is_missing(value: Any) -> bool:
    """None, NaN, or pandas' missing markers."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


# --- plain text -------------------------------------------------------------------------------


def text_condition(condition: sympy.Basic) -> str:
    """A condition for people: ``3/10 < p < 7/10``, its parts joined by ``and``."""
    if condition is sympy.true:
        return "everywhere"
    parts = []
    for part in _grouped(condition):
        if isinstance(part, _Bounds):
            parts.append(part.text())
        else:
            parts.append(str(part))
    return " and ".join(parts)


def text_cell(value: Any, *, exact: bool = True, digits: int = 3) -> str:
    """Any cell of a table as plain text."""
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mixture):
        return text_mixture(value, exact=exact, digits=digits)
    if isinstance(value, sympy.Basic) and (value.is_Relational or isinstance(value, sympy.And)):
        return text_condition(value)
    if value is sympy.true:
        return text_condition(value)
    if is_numeric(value):
        return text_number(value, exact=exact, digits=digits)
    if isinstance(value, tuple | list):
        return ", ".join(text_cell(v, exact=exact, digits=digits) for v in value)
    return str(value)


# --- LaTeX ------------------------------------------------------------------------------------


def latex_number(
    value: Any,
    *,
    exact: bool,
    digits: int,
    fraction: str = "frac",
    names: Mapping[sympy.Symbol, str] | None = None,
) -> str:
    r"""A number in LaTeX math (without ``$``): ``\frac{7}{10}``, ``7/10`` or ``0.7``."""
    exact_value = as_fraction(value)
    if exact_value is not None:
        if not exact or exact_value.denominator == 1:
            return decimal(exact_value, digits)
        sign = "-" if exact_value < 0 else ""
        n, d = abs(exact_value.numerator), exact_value.denominator
        return f"{sign}\\frac{{{n}}}{{{d}}}" if fraction == "frac" else f"{sign}{n}/{d}"
    if isinstance(value, float):
        return float_text(value, exact, digits)
    if exact:
        return _shower(names)(value)
    return float_text(float(value), exact, digits)


def latex_condition(
    condition: sympy.Basic, names: Mapping[sympy.Symbol, str] | None = None, aligned: bool = False
) -> str:
    r"""A condition in LaTeX math: ``\frac{3}{10} < p < \frac{7}{10}``.

    ``names`` gives the symbols' LaTeX (a parameter's declared symbol). Without ``aligned``,
    three parts or more are stacked in a ``gathered`` environment; with it, every part is a
    line of an ``aligned`` environment (amsmath), aligned at its relation.

    Examples
    --------
    >>> p, q = sympy.symbols("p q")
    >>> print(latex_condition(sympy.And(p > 0, p < 1, q > p), aligned=True))
    \begin{aligned}[t] 0 &< p < 1 \\ q &> p\end{aligned}
    """
    if condition is sympy.true:
        return r"\text{everywhere}"
    show = _shower(names)
    parts = [
        part.latex(show) if isinstance(part, _Bounds) else show(part)
        for part in _grouped(condition)
    ]
    if aligned:
        lines = [
            part.latex(show, align=True) if isinstance(part, _Bounds) else _aligned(part, show)
            for part in _grouped(condition)
        ]
        return r"\begin{aligned}[t] " + r" \\ ".join(lines) + r"\end{aligned}"
    if len(parts) <= 2:
        return r",\ ".join(parts)
    return r"\begin{gathered}" + r" \\ ".join(parts) + r"\end{gathered}"


_RELATIONS = {
    sympy.StrictGreaterThan: ">",
    sympy.StrictLessThan: "<",
    sympy.GreaterThan: r"\geq",
    sympy.LessThan: r"\leq",
    sympy.Eq: "=",
    sympy.Ne: r"\neq",
}


def _aligned(part: sympy.Basic, show: Callable[[Any], str]) -> str:
    relation = _RELATIONS.get(type(part))
    if relation is None:
        return "&" + show(part)
    return f"{show(part.lhs)} &{relation} {show(part.rhs)}"


def _shower(names: Mapping[sympy.Symbol, str] | None) -> Callable[[Any], str]:
    if not names:
        return sympy.latex

    def show(value: Any) -> str:
        symbols: set[Any] = getattr(value, "free_symbols", set())
        used = {s: names[s] for s in symbols if s in names}
        return sympy.latex(value, symbol_names=used) if used else sympy.latex(value)

    return show


def latex_mixture(
    mixture: Mixture,
    *,
    exact: bool,
    digits: int,
    fraction: str = "frac",
    names: Mapping[sympy.Symbol, str] | None = None,
    words: Callable[[str], str] | None = None,
) -> str:
    """A mixture in LaTeX text mode: each probability in math, each label escaped (after
    ``words`` gives its display name)."""
    terms = []
    for label, weight in mixture.items():
        name = escape_latex(words(label) if words is not None else label)
        if _is_one(weight):
            terms.append(name)
        elif is_numeric(weight):
            number = latex_number(weight, exact=exact, digits=digits, fraction=fraction)
            terms.append(f"${number}$ {name}")
        else:
            expression = _shower(names)(weight)
            if isinstance(weight, sympy.Add):
                expression = f"({expression})"
            terms.append(f"${expression}$ {name}")
    return " + ".join(terms) if terms else "--"


def latex_cell(
    value: Any,
    *,
    exact: bool = False,
    digits: int = 3,
    fraction: str = "frac",
    names: Mapping[sympy.Symbol, str] | None = None,
    words: Callable[[str], str] | None = None,
    aligned: bool = False,
) -> str:
    """Any cell of a table as LaTeX for a ``tabular``; ``names`` are the symbols' LaTeX,
    ``words`` the display names of a mixture's labels, ``aligned`` stacks a condition's parts
    (see :func:`latex_condition`)."""
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return escape_latex(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mixture):
        return latex_mixture(
            value, exact=exact, digits=digits, fraction=fraction, names=names, words=words
        )
    if value is sympy.true or (
        isinstance(value, sympy.Basic) and (value.is_Relational or isinstance(value, sympy.And))
    ):
        return f"${latex_condition(value, names, aligned)}$"
    if is_numeric(value):
        number = latex_number(value, exact=exact, digits=digits, fraction=fraction, names=names)
        return f"${number}$"
    if isinstance(value, sympy.Basic):
        return f"${_shower(names)(value)}$"
    if isinstance(value, tuple | list):
        return ", ".join(
            latex_cell(v, exact=exact, digits=digits, fraction=fraction, names=names) for v in value
        )
    return escape_latex(str(value))


# --- shared -----------------------------------------------------------------------------------


def _is_one(value: Any) -> bool:
    if isinstance(value, sympy.Basic):
        return bool(value == 1)
    return bool(value == 1)


@dataclass
class _Bounds:
    """Numeric bounds on one symbol, written as one chain: ``3/10 < p < 7/10``."""

    symbol: sympy.Symbol
    low: sympy.Expr | None = None
    high: sympy.Expr | None = None

    def text(self) -> str:
        return self._write(str)

    def latex(self, show: Callable[[Any], str] = sympy.latex, align: bool = False) -> str:
        return self._write(show, "&" if align else "")

    def _write(self, show: Callable[[Any], str], mark: str = "") -> str:
        name = show(self.symbol)
        if self.low is not None and self.high is not None:
            return f"{show(self.low)} {mark}< {name} < {show(self.high)}"
        if self.low is not None:
            return f"{name} {mark}> {show(self.low)}"
        return f"{name} {mark}< {show(self.high)}"


def condition_parts(condition: sympy.Basic) -> list[sympy.Basic]:
    """The parts of a conjunction as relationals, strict numeric bounds on one symbol merged
    into one chain (a ``sympy.And`` of its two bounds, written ``3/10 < p < 7/10``)."""
    out: list[sympy.Basic] = []
    for part in _grouped(condition):
        if isinstance(part, _Bounds):
            bounds = [part.symbol > part.low] if part.low is not None else []
            bounds += [part.symbol < part.high] if part.high is not None else []
            out.append(sympy.And(*bounds))
        else:
            out.append(part)
    return out


def _grouped(condition: sympy.Basic) -> list[_Bounds | sympy.Basic]:
    """The parts of a conjunction, strict numeric bounds on one symbol merged into a chain."""
    parts = condition.args if isinstance(condition, sympy.And) else (condition,)
    out: list[_Bounds | sympy.Basic] = []
    chains: dict[sympy.Symbol, _Bounds] = {}
    for part in parts:
        bound = _bound(part)
        if bound is None:
            out.append(part)
            continue
        symbol, value, lower = bound
        if symbol not in chains:
            chains[symbol] = _Bounds(symbol)
            out.append(chains[symbol])
        chain = chains[symbol]
        if (chain.low if lower else chain.high) is not None:
            out.append(part)  # a second bound on the same side stays as it is
        elif lower:
            chain.low = value
        else:
            chain.high = value
    return out


def _bound(part: sympy.Basic) -> tuple[sympy.Symbol, sympy.Expr, bool] | None:
    """``(x, value, is_lower)`` when ``part`` is ``x > value`` or ``x < value`` (either way
    round) with a number as value."""
    if not isinstance(part, sympy.StrictGreaterThan | sympy.StrictLessThan):
        return None
    greater = isinstance(part, sympy.StrictGreaterThan)
    if isinstance(part.lhs, sympy.Symbol) and part.rhs.is_number:
        return part.lhs, part.rhs, greater
    if isinstance(part.rhs, sympy.Symbol) and part.lhs.is_number:
        return part.rhs, part.lhs, not greater
    return None
