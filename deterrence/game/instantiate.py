"""Instantiating a parametric game at parameter values, in exact rational arithmetic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction

import sympy

from deterrence.errors import Diagnostic, SpecError
from deterrence.game import Game
from deterrence.game.magnitude import TooLargeValue, float_value
from deterrence.game.payoff import Scalar
from deterrence.game.tree import ExtensiveGame

#: Significant digits used when a value is irrational (``exp``, ``log``, ``sqrt``) and must be
#: replaced by a rational approximation; the result is then marked inexact.
APPROXIMATION_DIGITS = 40

#: The least nonzero magnitude of an irrational value made exact: the mirror of the 1e300
#: bound in :mod:`deterrence.game.magnitude`.
MIN_MAGNITUDE = sympy.Float("1e-300")


class _Evaluator:
    """Evaluates expressions at fixed values and remembers whether every result was exact."""

    def __init__(self, values: Mapping[sympy.Symbol, sympy.Rational]):
        self.values = dict(values)
        self.exact = True
        self.problems: list[str] = []
        try:
            self.floats: dict[sympy.Symbol, float] | None = {
                s: float(v) for s, v in self.values.items()
            }
        except OverflowError:
            self.floats = None

    def __call__(self, value: Scalar) -> Fraction:
        if isinstance(value, Fraction):
            return value
        if not isinstance(value, sympy.Basic):
            return Fraction(value)
        if not value.is_Number:
            # Look before evaluating exactly: a short formula can be astronomically large.
            try:
                if self.floats is None:
                    raise TooLargeValue("a parameter value beyond 1e300")
                if not (value.free_symbols - set(self.floats)):
                    float_value(value, self.floats)
            except TooLargeValue as error:
                self.problems.append(
                    f"`{value}` is too large or undefined at these values ({error})"
                )
                return Fraction(0)
        result = value.xreplace(self.values)
        if result.is_Rational:
            return Fraction(int(result.p), int(result.q))
        if result.free_symbols:
            names = ", ".join(sorted(str(s) for s in result.free_symbols))
            self.problems.append(f"no value for {names}")
            return Fraction(0)
        number = result.evalf(APPROXIMATION_DIGITS)
        if not number.is_real or not number.is_finite:
            self.problems.append(f"{value} is not a finite real number at these values")
            return Fraction(0)
        if number != 0 and abs(number) < MIN_MAGNITUDE:
            # An exact fraction of 1e-(10^50) would have 10^50 digits: refuse, as for 1e300.
            self.problems.append(
                f"`{value}` is too small at these values (nonzero but below 1e-300 in "
                "magnitude, the limit)"
            )
            return Fraction(0)
        self.exact = False
        return Fraction(str(number))


def instantiate(game: Game, values: Mapping[str, Fraction]) -> tuple[Game, bool]:
    """The game with every payoff and probability evaluated at ``values``.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
    values : mapping of str to Fraction
        A value for every parameter the game uses.

    Returns
    -------
    game, exact
        The numeric game, and whether every value is exact (False when an irrational value
        such as ``sqrt(2)`` had to be approximated by a rational).
    """
    symbols = {
        p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
        for p in game.parameters
        if p.name in values
    }
    evaluate = _Evaluator(symbols)
    result: Game
    if isinstance(game, ExtensiveGame):
        nodes = tuple(
            replace(
                node,
                probs=tuple(evaluate(p) for p in node.probs),
                payoff=node.payoff.map(evaluate) if node.payoff is not None else None,
            )
            for node in game.nodes
        )
        result = game.with_nodes(nodes)
    else:
        result = replace(game, payoffs=tuple(p.map(evaluate) for p in game.payoffs))
    if isinstance(result, ExtensiveGame):
        evaluate.problems.extend(_probability_problems(result, values, exact=evaluate.exact))
    if evaluate.problems:
        raise SpecError(
            [Diagnostic(p, path="parameters") for p in dict.fromkeys(evaluate.problems)]
        )
    return result, evaluate.exact


def _probability_problems(
    game: ExtensiveGame, values: Mapping[str, Fraction], *, exact: bool
) -> list[str]:
    """Chance probabilities that are not a probability distribution at these values.

    The spec is checked at its default values and bounds; a probability such as ``8*p*(1-p)``
    can still leave [0, 1] in between, and a value set from outside can break any of them.
    """
    problems = []
    at = ", ".join(f"{k} = {v}" for k, v in values.items())
    for node in game.nodes:
        if node.kind != "chance":
            continue
        probs = [Fraction(p) for p in node.probs]
        bad = [(a, p) for a, p in zip(node.actions, probs, strict=True) if not 0 <= p <= 1]
        for action, prob in bad:
            problems.append(
                f"at chance node `{node.label}`, the probability of `{action}` is {prob} at "
                f"{at}; a probability must lie in [0, 1]"
            )
        total = sum(probs, Fraction(0))
        off = total != 1 if exact else abs(total - 1) > Fraction(1, 10**30)
        if not bad and off:
            problems.append(
                f"at chance node `{node.label}`, the probabilities sum to {total} at {at}, not 1"
            )
    return problems
