"""``analyse`` with no ``over``: every parameter free at once.

For trees of perfect information the regions are found by sampling, then every play not seen is
proved subgame perfect nowhere, so no region is missing (``complete``). For a two-player game
over two parameters (Chicken: the cost of a crash L and of escalating e) the regions come from a
cylindrical decomposition. Both are checked at random exact points over the declared ranges:
every point off the boundaries lies in exactly one region, whose equilibria are the exact
solver's there.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy

import deterrence as dt
from deterrence.analysis.many_parameters import Regions
from deterrence.analysis.two_player_regions import MatrixRegions
from deterrence.cli.main import main
from deterrence.game.parameters import resolve_values


def _point(game, rng: random.Random) -> dict[str, Fraction]:
    values = {}
    for p in game.parameters:
        low = p.lower if p.lower is not None else p.value - 3
        high = p.upper if p.upper is not None else max(p.value, low) + 3
        values[p.name] = low + (high - low) * Fraction(rng.randint(0, 10**6), 10**6)
    return values


def _symbols(game, values):
    return {
        p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
        for p in game.parameters
    }


def _solved(game, values) -> list[dict[str, sympy.Rational]]:
    result = dt.solve(game, values=values, cross_check=False)
    return [
        {k: sympy.Rational(v.numerator, v.denominator) for k, v in eq.outcomes.items()}
        for eq in result.equilibria
    ]


@pytest.mark.parametrize(
    "model", ["extended-deterrence", "classic-deterrence", "audience-cost-crisis"]
)
def test_trees_over_every_parameter_are_complete(model):
    game = dt.load(model)
    result = dt.analyse(game)
    assert isinstance(result, Regions)
    assert [p.name for p in result.over] == [p.name for p in game.parameters]
    assert result.complete, result.method
    rng = random.Random(model)
    inside = 0
    for _ in range(60):
        values = _point(game, rng)
        try:
            solved = _solved(game, values)
        except dt.SpecError:
            continue  # a chance probability outside [0, 1]: not a point of the model
        symbols = _symbols(game, values)
        holding = [
            r for r in result.regions if all(bool(c.xreplace(symbols)) for c in r.conditions)
        ]
        if len(solved) > 1:
            assert not holding
            continue
        assert len(holding) == 1
        inside += 1
        expected = {k: v.xreplace(symbols) for k, v in holding[0].outcomes.items()}
        assert solved[0] == {k: v for k, v in expected.items() if v != 0}
    assert inside >= 40


def test_chicken_over_both_parameters():
    # Rapoport & Chammah (1966): two pure equilibria and a mixed one while escalating costs
    # less than the prize (e < 1); above it, both swerving is the only equilibrium.
    game = dt.load("chicken")
    result = dt.analyse(game)
    assert isinstance(result, MatrixRegions) and result.complete
    assert sorted(len(r.equilibria) for r in result.regions) == [1, 3]
    rng = random.Random(3)
    for _ in range(30):
        values = _point(game, rng)
        symbols = _symbols(game, values)
        holding = [
            r for r in result.regions if all(bool(c.xreplace(symbols)) for c in r.conditions)
        ]
        solved = _solved(game, values)
        if values["e"] == 1:
            continue
        assert len(holding) == 1
        ours = [
            {k: v.xreplace(symbols) for k, v in eq.outcomes.items() if v.xreplace(symbols) != 0}
            for eq in holding[0].equilibria
        ]
        assert sorted(map(str, ours)) == sorted(map(str, solved))


def test_parameters_given_values_are_not_free(capsys):
    game = dt.load("extended-deterrence")
    every = resolve_values(game.parameters)
    with pytest.raises(dt.SolverError, match="no parameter is left free"):
        dt.analyse(game, values=every)
    two = dt.analyse(game, values={k: v for k, v in every.items() if k not in ("p", "a")})
    assert [p.name for p in two.over] == ["a", "p"] and two.complete  # in declaration order
    assert main(["analyse", "chicken", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"complete": true' in out and '"concept": "nash"' in out


def test_a_play_sympy_rules_out_at_once_is_shown_empty(tmp_path):
    # The third action pays -x^2 - 1 < 0 for every real x: sympy folds its comparison to
    # False, and the play that takes it is empty without further proof.
    spec = tmp_path / "three.toml"
    spec.write_text(
        """
[model]
id = "three"
[players]
A = "A"
[parameters]
x = { value = 0.5, min = 0, max = 1 }
y = { value = 0.5, min = 0, max = 1 }
z = { value = 0.5, min = 0, max = 1 }
[tree]
root = "n"
[tree.n]
player = "A"
actions = { hold = "status_quo", attack = "war", other = "calm" }
[outcomes.status_quo]
A = "0"
[outcomes.war]
A = "x - y + z"
[outcomes.calm]
A = "-x^2 - 1"
"""
    )
    result = dt.analyse(dt.load(spec))
    assert result.complete
    assert sorted(next(iter(r.outcomes)) for r in result.regions) == ["status_quo", "war"]
