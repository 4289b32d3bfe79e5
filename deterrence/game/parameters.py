"""Named parameters of a model: exact values, bounds, meaning and role."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from deterrence.errors import Diagnostic, SpecError, did_you_mean

#: Roles that later analyses (thresholds, tables) look for.
KNOWN_ROLES = frozenset(
    {
        "credibility",
        "audience_cost",
        "escalation_cost",
        "war_cost",
        "stakes",
        "probability",
        "power",
        "prior",
        "other",
    }
)


@dataclass(frozen=True)
class Parameter:
    """A named parameter of a model.

    Parameters
    ----------
    name : str
        The name used in expressions.
    value : Fraction or None
        The default value, exact.
    lower, upper : Fraction or None
        Inclusive bounds; None means unbounded on that side.
    doc : str
        One line saying what it means.
    role : str or None
        What it stands for in the vocabulary of deterrence (see :data:`KNOWN_ROLES`).
    """

    name: str
    value: Fraction | None = None
    lower: Fraction | None = None
    upper: Fraction | None = None
    doc: str = ""
    role: str | None = None

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol of this parameter (real-valued, as every payoff parameter is)."""
        return sympy.Symbol(self.name, real=True)

    def admits(self, value: Fraction) -> bool:
        """Whether ``value`` lies within the bounds."""
        return (self.lower is None or value >= self.lower) and (
            self.upper is None or value <= self.upper
        )

    def bounds_text(self) -> str:
        """The bounds as an interval for messages, ``-inf`` or ``inf`` on an unbounded side.

        Examples
        --------
        >>> from fractions import Fraction
        >>> Parameter("p", lower=Fraction(0), upper=Fraction(1)).bounds_text()
        '[0, 1]'
        >>> Parameter("c", lower=Fraction(0)).bounds_text()
        '[0, inf]'
        """
        lo = "-inf" if self.lower is None else str(self.lower)
        hi = "inf" if self.upper is None else str(self.upper)
        return f"[{lo}, {hi}]"


def symbols_of(parameters: Sequence[Parameter]) -> dict[str, sympy.Symbol]:
    """The name -> symbol table that expression parsing and instantiation share."""
    return {p.name: p.symbol for p in parameters}


def resolve_values(
    parameters: Sequence[Parameter],
    overrides: Mapping[str, Fraction] | None = None,
    *,
    source: str = "",
) -> dict[str, Fraction]:
    """Every parameter's value: the override where given, else the default.

    ``source`` names where overrides come from in messages (the CLI passes ``--set``).

    Raises
    ------
    SpecError
        Listing every unknown override name, value out of bounds and parameter with no value.
    """
    overrides = dict(overrides or {})
    by_name = {p.name: p for p in parameters}
    problems: list[Diagnostic] = []
    for name in overrides:
        if name not in by_name:
            problems.append(
                Diagnostic(
                    f"unknown parameter `{name}`; the model declares "
                    + (", ".join(f"`{n}`" for n in by_name) or "no parameters"),
                    path=f"{source} {name}".strip(),
                    suggestion=did_you_mean(name, by_name),
                )
            )
    values: dict[str, Fraction] = {}
    for p in parameters:
        value = overrides.get(p.name, p.value)
        if value is None:
            problems.append(
                Diagnostic(
                    f"parameter `{p.name}` has no value; give one with --set {p.name}=VALUE",
                    path=f"parameters.{p.name}",
                )
            )
            continue
        if not p.admits(value):
            problems.append(
                Diagnostic(
                    f"value {value} of `{p.name}` is outside its bounds {p.bounds_text()}",
                    path=(
                        f"{source} {p.name}".strip()
                        if p.name in overrides
                        else f"parameters.{p.name}"
                    ),
                )
            )
        values[p.name] = value
    if problems:
        raise SpecError(problems)
    return values
