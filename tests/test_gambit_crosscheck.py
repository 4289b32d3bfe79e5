"""Cross-check against Gambit on the 145 games of its catalogue and contributed games.

The expected results were computed by Gambit's own solvers (pygambit 16.7: ``enummixed`` for
two players, ``enumpure`` for more; see tests/fixtures/gambit/generate.py) and stored, so that
the suite does not need Gambit. For two players we must find the same extreme equilibria — the
same set of equilibrium payoff vectors, degenerate games included; for more players, every pure
equilibrium Gambit finds, with the result marked incomplete.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import deterrence as dt

ROOT = Path(__file__).resolve().parents[1]
GAMES = ROOT.parent / "shared" / "gambit-games"
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "gambit" / "expected.json").read_text())


@pytest.mark.gambit
@pytest.mark.parametrize("name", list(EXPECTED))
def test_same_equilibria_as_gambit(name: str) -> None:
    path = GAMES / name
    if not path.exists():
        pytest.skip("the shared Gambit games are not beside this checkout")
    expected = EXPECTED[name]
    game = dt.load(path)
    result = dt.solve(game, "nash", cross_check=False)
    # Certificates first: every equilibrium verified with zero regret.
    assert all(eq.regret == 0 for eq in result.equilibria)
    ours = {tuple(eq.payoffs) for eq in result.equilibria}
    theirs = {tuple(Fraction(v) for v in vector) for vector in expected["payoffs"]}
    if expected["method"] == "enummixed":
        assert result.complete
        assert ours == theirs, "payoff vectors differ"
        # Gambit may list an extreme equilibrium twice in degenerate games; count distinct ones.
        distinct = {tuple(tuple(p) for p in profile) for profile in expected["profiles"]}
        assert len(result.equilibria) == len(distinct)
    else:
        assert not result.complete
        assert theirs <= ours
        assert len(result.equilibria) == expected["count"]


@pytest.mark.gambit
@pytest.mark.parametrize("name", [n for n in EXPECTED if EXPECTED[n]["format"] == "efg"])
def test_reduced_normal_form_matches_gambit(name: str) -> None:
    """Our reduced normal form has as many strategies per player as Gambit's."""
    path = GAMES / name
    if not path.exists():
        pytest.skip("the shared Gambit games are not beside this checkout")
    from deterrence.game.reduced_form import player_plans

    game = dt.load(path)
    sizes = [len(player_plans(game, i)) for i in range(len(game.players))]
    assert sizes == EXPECTED[name]["strategies"]
