"""Regions of subgame-perfect play over several parameters at once (trees of perfect information).

For a tree of perfect information a profile of choices is *the* subgame-perfect play at a point
exactly when every comparison behind it is strictly positive there: at each node, the chosen
action beats every other one given the play below. So each region is described exactly by its
comparisons (Selten 1975's one-shot deviation logic, symbolically).

Which plays have a region at all is found, over two parameters, by a cylindrical decomposition
that misses none (``complete`` is True); over more, by exact solves at sampled points, after
which every play not seen is checked: where each is proved to be subgame perfect nowhere, no
region is missing (``complete`` is True); otherwise a region smaller than the sampling could
be (``complete`` is False). A region listed is always exact.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

import sympy

from deterrence.analysis.algebra import readable_relation, tightest_bounds
from deterrence.analysis.one_parameter import Comparison, PointEvaluator
from deterrence.analysis.prune import prune
from deterrence.analysis.two_parameter_cells import (
    Undecidable,
    critical_values,
    irreducible_factors,
    sample_points,
)
from deterrence.game.parameters import Parameter
from deterrence.game.tree import ExtensiveGame

#: Points per free parameter on the first grid (fewer when the grid would exceed MAX_GRID),
#: random points screened with the compiled solution, and random points solved exactly.
GRID_POINTS = 9
MAX_GRID = 2000
SCREEN_POINTS = 1 << 16
RANDOM_POINTS = 200

#: Plays (an action at every decision node) compared when looking for critical values.
MAX_PLAYS = 4096


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
    """Every region of subgame-perfect play found over several parameters, from
    :func:`regions_over`.

    Parameters
    ----------
    game : ExtensiveGame
        The tree analysed.
    over : tuple of Parameter
        The free parameters.
    fixed : mapping of str to Fraction
        The values of the other parameters (the free ones may be present too; they are ignored).
    regions : tuple of Region
        One region per subgame-perfect play found, each described exactly by its conditions.
    points : int
        How many points the game was solved at exactly.
    complete : bool
        Whether every region with an interior is listed: found by a cylindrical decomposition
        over two parameters (Collins 1975), or, after sampling, every play not seen proved to be
        subgame perfect nowhere.
    ties : int
        Points (or pieces, in the decomposition) where a player was indifferent, so that several
        pure SPE hold there; such points start no region.
    method : str
        How the regions were found, in words, for the report's notes.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> found = regions_over(game, ["p", "a"], resolve_values(game.parameters))
    >>> found.complete, len(found.regions)
    (True, 4)
    """

    game: ExtensiveGame
    over: tuple[Parameter, ...]
    fixed: Mapping[str, Fraction]
    regions: tuple[Region, ...]
    points: int
    complete: bool = False
    ties: int = 0
    method: str = ""

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


def _all_plays(game: ExtensiveGame) -> list[dict[int, int]] | None:
    """Every assignment of an action to each decision node, or None if there are too many."""
    decisions = [i for i in game.preorder if game.nodes[i].kind == "decision"]
    ranges = [range(len(game.nodes[i].actions)) for i in decisions]
    total = 1
    for r in ranges:
        total *= len(r)
    if total > MAX_PLAYS:
        return None
    return [dict(zip(decisions, combo, strict=True)) for combo in itertools.product(*ranges)]


class _Collector:
    """Solves the game exactly at points and keeps one region per subgame-perfect play."""

    def __init__(self, game: ExtensiveGame, free: tuple[Parameter, ...], fixed):
        self.game, self.free, self.fixed = game, free, dict(fixed)
        self.anchor = free[0]
        names = {p.name for p in free}
        self.evaluator = PointEvaluator(
            game, self.anchor, {k: v for k, v in fixed.items() if k not in names}
        )
        self.found: dict[tuple[tuple[int, int], ...], Region] = {}
        self.tied = 0
        self.points = 0

    def visit(self, point: Mapping[str, Fraction]) -> bool:
        """Solve at ``point`` (values of the free parameters); True if a new region appeared."""
        game, evaluator, anchor = self.game, self.evaluator, self.anchor
        self.points += 1
        evaluator.fixed = {**evaluator.fixed, **point}
        others = {k: v for k, v in point.items() if k != anchor.name}
        evaluator.substitutions = {
            p.symbol: sympy.Rational(v.numerator, v.denominator)
            for p in game.parameters
            if (v := {**self.fixed, **others}.get(p.name)) is not None and p.name != anchor.name
        }
        x = point[anchor.name]
        structures = evaluator.structures(sympy.Rational(x.numerator, x.denominator))
        if len(structures) != 1:
            self.tied += 1  # on a boundary, or where a player is indifferent throughout
            return False
        key = tuple(sorted(structures[0].items()))
        if key in self.found:
            return False
        values, comparisons = evaluator.symbolic(structures[0])
        self.found[key] = Region(
            choices=structures[0],
            conditions=prune(
                _conditions(comparisons, {p.symbol for p in self.free}, self.fixed, game),
                self.free,
            ),
            outcomes=evaluator.outcomes(structures[0]),
            values=values[game.root],
            witness=dict(point),
        )
        return True

    def result(self, complete: bool, method: str) -> Regions:
        return Regions(
            self.game,
            self.free,
            dict(self.fixed),
            tuple(self.found.values()),
            self.points,
            complete=complete,
            ties=self.tied,
            method=method,
        )


def regions_over(
    game: ExtensiveGame,
    over: Sequence[str],
    fixed: Mapping[str, Fraction],
    *,
    seed: int = 0,
) -> Regions:
    """Every region of subgame-perfect play over the parameters ``over``.

    Over two parameters the regions are found by a cylindrical decomposition
    (:mod:`deterrence.analysis.two_parameter_cells`): exact analysis along the second parameter
    at one value of the first between each pair of consecutive critical values, so every
    region with an interior is found (``complete`` is True). Over more parameters, or where
    the decomposition cannot be computed exactly, regions are discovered by sampling (exact
    solves at a grid and at random points, screened with the compiled solution); then every
    play not seen is checked, and ``complete`` is True only if each is proved to be subgame
    perfect nowhere.

    Parameters
    ----------
    game : ExtensiveGame
        A parametric tree of perfect information.
    over : sequence of str
        The free parameters; the others keep the values in ``fixed``.
    """
    by_name = {p.name: p for p in game.parameters}
    free = tuple(by_name[name] for name in over)
    if len(free) == 2:
        try:
            return _by_cells(game, free, fixed)
        except (Undecidable, NotImplementedError) as reason:
            sampled = _by_sampling(game, free, fixed, seed)
            if sampled.complete:
                return sampled
            return replace(sampled, method=f"{sampled.method} (no decomposition: {reason})")
    return _by_sampling(game, free, fixed, seed)


def _by_cells(
    game: ExtensiveGame, free: tuple[Parameter, ...], fixed: Mapping[str, Fraction]
) -> Regions:
    from deterrence.analysis.one_parameter import declared_range, solve_along

    x, y = free
    names = {x.name, y.name}
    others = {k: v for k, v in fixed.items() if k not in names}
    plays = _all_plays(game)
    if plays is None:
        raise Undecidable(f"more than {MAX_PLAYS} plays to compare")
    collector = _Collector(game, free, fixed)
    substitutions = {
        p.symbol: sympy.Rational(v.numerator, v.denominator)
        for p in game.parameters
        if (v := others.get(p.name)) is not None
    }
    differences = set()
    for choices in plays:
        _, comparisons = collector.evaluator.symbolic(choices)
        for c in comparisons:
            local = sympy.cancel(c.difference.xreplace(substitutions))
            if not local.is_number:
                differences.add(local)
    factors = irreducible_factors(differences, x.symbol, y.symbol)
    x_range = declared_range(x)
    critical = critical_values(factors, x.symbol, y.symbol, x_range, declared_range(y))
    for sample in sample_points(critical, x_range):
        at = Fraction(int(sample.p), int(sample.q))
        solution = solve_along(game, y.name, {**others, x.name: at})
        for piece in solution.pieces:
            if piece.ties:
                collector.tied += 1
                continue
            witness = piece.witness
            collector.visit({x.name: at, y.name: Fraction(int(witness.p), int(witness.q))})
    return collector.result(
        True,
        f"a cylindrical decomposition: exact analysis along {y.name} at {len(critical) + 1} "
        f"values of {x.name}, one between each pair of the {len(critical)} critical values",
    )


def _by_sampling(
    game: ExtensiveGame, free: tuple[Parameter, ...], fixed: Mapping[str, Fraction], seed: int
) -> Regions:
    collector = _Collector(game, free, fixed)
    boxes = {p.name: _box(p, fixed.get(p.name, p.value or Fraction(0))) for p in free}
    rng = random.Random(seed)

    def interior(low: Fraction, high: Fraction, k: int, n: int) -> Fraction:
        return low + (high - low) * Fraction(2 * k + 1, 2 * n)

    per_axis = max(2, min(GRID_POINTS, int(MAX_GRID ** (1 / len(free)))))
    for combo in itertools.product(range(per_axis), repeat=len(free)):
        collector.visit(
            {
                p.name: interior(*boxes[p.name], k, per_axis)
                for p, k in zip(free, combo, strict=True)
            }
        )
    for point in _screened_points(game, free, fixed, boxes, rng):
        collector.visit(point)
    for _ in range(RANDOM_POINTS):
        point = {
            p.name: boxes[p.name][0]
            + (boxes[p.name][1] - boxes[p.name][0]) * Fraction(rng.randint(1, 9999), 10000)
            for p in free
        }
        collector.visit(point)
    sampled = f"exact solves at {collector.points} points of the box " + ", ".join(
        f"{lo} ≤ {n} ≤ {hi}" for n, (lo, hi) in boxes.items()
    )
    plays = _all_plays(game)
    if plays is not None:
        unseen = [p for p in plays if tuple(sorted(p.items())) not in collector.found]
        if all(_empty(collector, play) for play in unseen):
            proof = (
                f"; each of the {len(unseen)} other plays is proved subgame perfect nowhere in "
                "the declared bounds (one of its comparisons is never positive where the "
                "others are)"
                if unseen
                else "; every possible play was seen"
            )
            return collector.result(True, sampled + proof)
    return collector.result(False, sampled)


def _empty(collector: _Collector, play: Mapping[int, int]) -> bool:
    """Whether ``play`` is proved to be the subgame-perfect play at no point: one of its
    comparisons is never positive within the declared bounds where all the others are."""
    from deterrence.analysis.comparative_statics import Domain

    game, free = collector.game, collector.free
    names = {p.name for p in free}
    substitutions = {
        p.symbol: sympy.Rational(v.numerator, v.denominator)
        for p in game.parameters
        if p.name not in names and (v := collector.fixed.get(p.name)) is not None
    }
    _, comparisons = collector.evaluator.symbolic(play)
    differences = [sympy.cancel(c.difference.xreplace(substitutions)) for c in comparisons]
    if any(d.is_number and d <= 0 for d in differences):
        return True
    # sympy decides some comparisons at once from the symbols being real (``-x**2 - 1 > 0``
    # is false): those need no proof.
    relations = [d > 0 for d in differences if not d.is_number]
    if any(r is sympy.false for r in relations):
        return True
    kept = [
        (d, r)
        for d, r in zip([d for d in differences if not d.is_number], relations, strict=True)
        if r is not sympy.true
    ]
    for i, (difference, _) in enumerate(kept):
        box = Domain(free, [r for j, (_, r) in enumerate(kept) if j != i])
        if box.sign(difference).sign in ("negative", "nonpositive", "zero"):
            return True
    return False


def _screened_points(game, free, fixed, boxes, rng) -> list[dict[str, Fraction]]:
    """One random point per play that the compiled solution sees at :data:`SCREEN_POINTS`
    random points of the box (exact solves then confirm each): regions too small for the
    grid are still found if they are not too small for this many points."""
    import numpy as np

    from deterrence.solvers.vectorised_tree import CompiledTree

    generator = np.random.default_rng(rng.randint(0, 2**32))
    numerators = {p.name: generator.integers(1, 10**6, SCREEN_POINTS) for p in free}
    columns: dict = {
        p.name: float(v)
        for p, v in ((q, fixed.get(q.name)) for q in game.parameters)
        if v is not None
    }
    for p in free:
        low, high = boxes[p.name]
        columns[p.name] = float(low) + (float(high) - float(low)) * numerators[p.name] / 10**6
    answers = CompiledTree(game).evaluate(columns, SCREEN_POINTS)
    codes = np.where(answers.suspect, -1, answers.play_code)
    points = []
    for code in np.unique(codes):
        if code < 0:
            continue
        i = int(np.flatnonzero(codes == code)[0])
        points.append(
            {
                p.name: boxes[p.name][0]
                + (boxes[p.name][1] - boxes[p.name][0])
                * Fraction(int(numerators[p.name][i]), 10**6)
                for p in free
            }
        )
    return points


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
        relation = readable_relation(local > 0)
        if relation is sympy.true or relation in out:
            continue
        out.append(relation)
    return tuple(tightest_bounds(out))
