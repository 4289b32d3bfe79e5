"""A payoff vector kept as base + named components, so every payoff can be explained."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias

import sympy

#: A payoff or probability: exact rational once instantiated, a sympy expression while symbolic.
Scalar: TypeAlias = Fraction | sympy.Expr


@dataclass(frozen=True)
class Payoff:
    """Payoffs of one outcome to each player, decomposed.

    Parameters
    ----------
    base : tuple of Scalar
        The payoff the model states for the outcome, one per player in the game's player order.
    components : tuple of (str, tuple of Scalar)
        Named additions applied by the library (``audience``, ``escalation``, ...), each a
        vector in player order. Costs are stored with their sign, i.e. negative.
    """

    base: tuple[Scalar, ...]
    components: tuple[tuple[str, tuple[Scalar, ...]], ...] = ()

    @property
    def total(self) -> tuple[Scalar, ...]:
        """The final payoff of each player: base plus every component."""
        totals = list(self.base)
        for _, vector in self.components:
            totals = [t + v for t, v in zip(totals, vector, strict=True)]
        return tuple(totals)

    def map(self, function: Callable[[Scalar], Scalar]) -> Payoff:
        """The same decomposition with ``function`` applied to every entry."""
        return Payoff(
            tuple(function(v) for v in self.base),
            tuple((name, tuple(function(v) for v in vec)) for name, vec in self.components),
        )
