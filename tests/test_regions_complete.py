"""Regions over two parameters are complete: every point of the parameter space that is not on
a boundary lies in exactly one listed region, and that region's play is the exact solver's.

Checked at random points over the whole declared ranges (not only near the defaults), and on
a grid, for every pair of parameters of the bundled trees that has one.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
import sympy

import deterrence as dt
from deterrence.game.parameters import resolve_values

TREES = ["extended-deterrence", "classic-deterrence", "audience-cost-crisis"]


def _pairs(model: str) -> list[tuple[str, str]]:
    names = [p.name for p in dt.load(model).parameters]
    return list(itertools.combinations(names, 2))


CASES = [(model, pair) for model in TREES for pair in _pairs(model)]


def _range(parameter, default: Fraction) -> tuple[Fraction, Fraction]:
    low = parameter.lower if parameter.lower is not None else default - 3
    high = parameter.upper if parameter.upper is not None else max(default, low) + 3
    return low, high


def _holds(region, values, game) -> bool:
    symbols = {
        p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
        for p in game.parameters
    }
    return all(bool(c.xreplace(symbols)) for c in region.conditions)


@pytest.mark.parametrize(("model", "pair"), CASES, ids=[f"{m}-{a},{b}" for m, (a, b) in CASES])
def test_every_point_off_the_boundaries_is_in_exactly_one_region(model, pair):
    game = dt.load(model)
    result = dt.analyse(game, over=list(pair))
    assert result.complete, result.method
    defaults = resolve_values(game.parameters)
    by_name = {p.name: p for p in game.parameters}
    rng = random.Random(f"{model}{pair}")
    ranges = {n: _range(by_name[n], defaults[n]) for n in pair}
    grid = [
        {n: lo + (hi - lo) * Fraction(k, 6) for n, (lo, hi) in ranges.items()} for k in range(7)
    ]
    points = [
        {
            n: lo + (hi - lo) * Fraction(rng.randint(0, 10**6), 10**6)
            for n, (lo, hi) in ranges.items()
        }
        for _ in range(25)
    ] + [
        dict(zip(pair, combo, strict=True))
        for combo in itertools.product(*(sorted({g[n] for g in grid}) for n in pair))
    ]
    for point in points:
        values = {**defaults, **point}
        try:
            equilibria = dt.solve(game, "spe", values=values, cross_check=False).equilibria
        except dt.SpecError:
            continue  # a chance probability outside [0, 1] at these values: not in the space
        holding = [r for r in result.regions if _holds(r, values, game)]
        if len(equilibria) > 1:
            assert not holding, point  # a tie: on a boundary, in no open region
            continue
        assert len(holding) == 1, (point, [r.conditions for r in result.regions])
        (eq,) = equilibria
        symbols = {
            p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
            for p in game.parameters
        }
        expected = {k: v.xreplace(symbols) for k, v in holding[0].outcomes.items()}
        assert {k: sympy.Rational(v.numerator, v.denominator) for k, v in eq.outcomes.items()} == {
            k: v for k, v in expected.items() if v != 0
        }


def test_a_region_too_thin_for_sampling_is_found(tmp_path):
    # The deterrer fights only when x lies within 1/10^6 of y: a sliver no grid of the unit
    # square would hit, which the decomposition must find anyway.
    spec = tmp_path / "sliver.toml"
    spec.write_text(
        """
[model]
id = "sliver"
[players]
A = "A"
[parameters]
x = { value = 0.5, min = 0, max = 1 }
y = { value = 0.2, min = 0, max = 1 }
[tree]
root = "a"
[tree.a]
player = "A"
actions = { wait = "calm", fight = "war" }
[outcomes.calm]
A = "0"
[outcomes.war]
A = "1/1000000000000 - (x - y)^2"
"""
    )
    game = dt.load(spec)
    result = dt.analyse(game, over=["x", "y"])
    assert result.complete
    by_outcome = {next(iter(r.outcomes)): r for r in result.regions}
    assert sorted(by_outcome) == ["calm", "war"]  # one region per play, the sliver included
    on_the_sliver = {"x": Fraction(1, 2), "y": Fraction(1, 2)}
    assert _holds(by_outcome["war"], on_the_sliver, game)
    assert not _holds(by_outcome["calm"], on_the_sliver, game)
