"""``solve(..., method="support-enumeration")``: every equilibrium of games of three or more
players, through the ``nash`` concept, certified like every other answer."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import deterrence as dt

SPECS = Path(__file__).parent / "specs"


def test_volunteers_dilemma_has_its_seven_equilibria():
    # Diekmann (1985), Volunteer's dilemma, J. Conflict Resolution 29(4): with n allies, each
    # stays out with probability q = (c/b)^(1/(n-1)) in the symmetric equilibrium; at n = 3,
    # c/b = 1/4 that is 1/2. The other equilibria are the 3 pure ones (one ally responds) and
    # the 3 where one ally stays out and the other two play the two-ally dilemma, q = c/b.
    result = dt.solve(dt.load(SPECS / "volunteers-3.toml"), method="support-enumeration")
    assert result.complete and result.certificate == "exact zero regret"
    assert len(result.equilibria) == 7
    assert all(eq.regret == 0 for eq in result.equilibria)
    stays = sorted(
        tuple(eq.mixed[i].get("stay", Fraction(0)) for i in range(3)) for eq in result.equilibria
    )
    assert (Fraction(1, 2),) * 3 in stays
    assert stays.count((Fraction(0), Fraction(1), Fraction(1))) == 1
    assert sum(1 for s in stays if sorted(s) == [Fraction(1, 4), Fraction(1, 4), 1]) == 3


def test_the_default_method_lists_pure_equilibria_and_says_what_else_to_use():
    result = dt.solve(dt.load(SPECS / "volunteers-3.toml"))
    assert not result.complete and len(result.equilibria) == 3
    assert any("support-enumeration" in note for note in result.notes)


def test_two_players_keep_vertex_enumeration_with_a_note():
    result = dt.solve(dt.load("chicken"), method="support-enumeration")
    assert result.complete and len(result.equilibria) == 3
    assert any("vertex enumeration" in note for note in result.notes)
