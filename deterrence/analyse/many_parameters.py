"""Regions of subgame-perfect play over several parameters at once (trees of perfect information).

For a tree of perfect information a profile of choices is *the* subgame-perfect play at a point
exactly when every comparison behind it is strictly positive there: at each node, the chosen
action beats every other one given the play below. So each region is described exactly by its
comparisons (Selten 1975's one-shot deviation logic, symbolically). The regions are discovered
by solving the game exactly at the points of a grid over the free parameters and then at random
points, until no new play appears; a region listed is always right, but one smaller than the
sampling could be missing, and the result says so (``complete`` is False).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from deterrence.analyse.one_parameter import Comparison, _Evaluator
from deterrence.game.parameters import Parameter
from deterrence.game.tree import ExtensiveGame

#: Points per free parameter on the first grid, and random points tried afterwards.
GRID_POINTS = 9
RANDOM_POINTS = 400


@dataclass(frozen=True)
class Region:
    """Where one subgame-perfect play holds: every condition ``f > 0`` at once."""

    choices: Mapping[int, int]
    conditions: tuple[sympy.Basic, ...]
    outcomes: Mapping[str, sympy.Expr]
    values: tuple[sympy.Expr, ...]
    witness: Mapping[str, Fraction]


@dataclass(frozen=True)
class Regions:
    game: ExtensiveGame
    over: tuple[Parameter, ...]
    fixed: Mapping[str, Fraction]
    regions: tuple[Region, ...]
    points: int
    complete: bool = False
    ties: int = 0

    def region_of(self, point: Mapping[str, Fraction]) -> Region | None:
        """The region holding ``point`` (values of the free parameters), None on a boundary."""
        symbols = {p.symbol: p.name for p in self.game.parameters}
        values = {**self.fixed, **point}
        substitutions = {
            s: sympy.Rational(values[n].numerator, values[n].denominator)
            for s, n in symbols.items()
            if n in values
        }
        for region in self.regions:
            if all(bool(c.xreplace(substitutions)) for c in region.conditions):
                return region
        return None


def _box(parameter: Parameter, default: Fraction) -> tuple[Fraction, Fraction]:
    spread = max(abs(default), Fraction(1))
    low = parameter.lower if parameter.lower is not None else default - spread
    high = parameter.upper if parameter.upper is not None else low + 2 * spread
    return low, high


def _readable(relation: sympy.Basic) -> sympy.Basic:
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


def regions_over(
    game: ExtensiveGame,
    over: Sequence[str],
    fixed: Mapping[str, Fraction],
    *,
    seed: int = 0,
) -> Regions:
    """Every region of subgame-perfect play found over the parameters ``over``.

    Parameters
    ----------
    game : ExtensiveGame
        A parametric tree of perfect information.
    over : sequence of str
        The free parameters; the others keep the values in ``fixed``.
    """
    by_name = {p.name: p for p in game.parameters}
    free = tuple(by_name[name] for name in over)
    anchor = next(iter(free))
    evaluator = _Evaluator(game, anchor, {k: v for k, v in fixed.items() if k not in over})
    boxes = {p.name: _box(p, fixed.get(p.name, p.value or Fraction(0))) for p in free}
    found: dict[tuple[tuple[int, int], ...], Region] = {}
    rng = random.Random(seed)
    tied = 0

    def visit(point: dict[str, Fraction]) -> bool:
        nonlocal tied
        evaluator.fixed = {**evaluator.fixed, **point}
        others = {k: v for k, v in point.items() if k != anchor.name}
        evaluator.substitutions = {
            p.symbol: sympy.Rational(v.numerator, v.denominator)
            for p in game.parameters
            if (v := {**fixed, **others}.get(p.name)) is not None and p.name != anchor.name
        }
        x = point[anchor.name]
        structures = evaluator.structures(sympy.Rational(x.numerator, x.denominator))
        if len(structures) != 1:
            tied += 1  # on a boundary, or where a player is indifferent throughout
            return False
        key = tuple(sorted(structures[0].items()))
        if key in found:
            return False
        values, comparisons = evaluator.symbolic(structures[0])
        found[key] = Region(
            choices=structures[0],
            conditions=_conditions(comparisons, {p.symbol for p in free}, fixed, game),
            outcomes=evaluator.outcomes(structures[0]),
            values=values[game.root],
            witness=dict(point),
        )
        return True

    def interior(low: Fraction, high: Fraction, k: int, n: int) -> Fraction:
        return low + (high - low) * Fraction(2 * k + 1, 2 * n)

    points = 0
    for combo in itertools.product(range(GRID_POINTS), repeat=len(free)):
        point = {
            p.name: interior(*boxes[p.name], k, GRID_POINTS)
            for p, k in zip(free, combo, strict=True)
        }
        visit(point)
        points += 1
    for _ in range(RANDOM_POINTS):
        point = {
            p.name: boxes[p.name][0]
            + (boxes[p.name][1] - boxes[p.name][0]) * Fraction(rng.randint(1, 9999), 10000)
            for p in free
        }
        visit(point)
        points += 1
    return Regions(game, free, dict(fixed), tuple(found.values()), points, ties=tied)


def _conditions(
    comparisons: Sequence[Comparison],
    free: set[sympy.Symbol],
    fixed: Mapping[str, Fraction],
    game: ExtensiveGame,
) -> tuple[sympy.Basic, ...]:
    """The comparisons as conditions on the free parameters (others at their values);
    those true everywhere are dropped, duplicates removed."""
    substitutions = {
        p.symbol: sympy.Rational(fixed[p.name].numerator, fixed[p.name].denominator)
        for p in game.parameters
        if p.symbol not in free and p.name in fixed
    }
    out: list[sympy.Basic] = []
    for c in comparisons:
        local = sympy.factor(sympy.cancel(c.difference.xreplace(substitutions)))
        if local.is_number:
            continue
        relation = _readable(local > 0)
        if relation is sympy.true or relation in out:
            continue
        out.append(relation)
    return tuple(_tighten(out))


def _tighten(conditions: list[sympy.Basic]) -> list[sympy.Basic]:
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
