"""Symmetric binary-action games with n as a parameter (deterrence.solvers.symmetric).

Sources: Diekmann (1985), "Volunteer's dilemma", J. Conflict Resolution 29(4), 605-610:
with cost c < benefit b, the symmetric equilibrium has each player not volunteer with
probability q = (c/b)^(1/(n-1)) (his eq. 3), so nobody volunteers with probability
(c/b)^(n/(n-1)), which rises with n (the larger the group, the less likely help comes);
Osborne (2004), An Introduction to Game Theory, sect. 4.8 (the same results for "reporting
a crime"). The n-player check uses the exact solver of deterrence.solvers.nplayer.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy

from deterrence.solvers.algebraic_regret import algebraic_regret
from deterrence.solvers.nplayer import support_equilibria
from deterrence.solvers.symmetric import (
    comparative_statics,
    expected_gain,
    symmetric_equilibria,
    symmetric_normal_form,
)

b, c, n = sympy.symbols("b c n", positive=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
VOLUNTEER = b - c
IGNORE = sympy.Piecewise((b, k >= 1), (0, True))


def test_volunteers_dilemma_closed_form_is_diekmanns() -> None:
    found = symmetric_equilibria(VOLUNTEER, IGNORE, n, k)
    assert found.complete
    (eq,) = found.mixed
    q = 1 - eq.p
    assert sympy.simplify(q - (c / b) ** (1 / (n - 1))) == 0
    assert sympy.simplify(eq.nobody - (c / b) ** (n / (n - 1))) == 0
    assert (
        sympy.simplify(found.gain - (b * (1 - sympy.Symbol("p", positive=True)) ** (n - 1) - c))
        == 0
    )


def test_the_same_game_written_with_kronecker_delta() -> None:
    # b [k >= 1] = b - b [k = 0].
    alternative = b - b * sympy.KroneckerDelta(k, 0)
    (eq,) = symmetric_equilibria(VOLUNTEER, alternative, n, k).mixed
    assert sympy.simplify(1 - eq.p - (c / b) ** (1 / (n - 1))) == 0


def test_pure_symmetric_profiles_have_their_conditions() -> None:
    found = symmetric_equilibria(VOLUNTEER, IGNORE, n, k)
    everyone, nobody = found.pure
    # Everyone volunteering needs b - c >= b: never, with c > 0; nobody volunteering needs
    # b - c <= 0.
    assert everyone.conditions == (sympy.false,)
    assert sympy.simplify(nobody.conditions[0].lhs - (b - c)) == 0


def test_a_positive_k_is_refused() -> None:
    with pytest.raises(ValueError, match="nonnegative"):
        expected_gain(VOLUNTEER, IGNORE, n, sympy.Symbol("k", positive=True))


@pytest.mark.parametrize("players", [2, 3, 4, 5, 6])
def test_closed_form_agrees_with_the_exact_nplayer_solver(players: int) -> None:
    # Diekmann (1985): q = (c/b)^(1/(n-1)); here b = 3, c = 1.
    values = {b: 3, c: 1}
    (eq,) = symmetric_equilibria(VOLUNTEER, IGNORE, n, k).mixed
    closed = eq.p.subs({**values, n: players})
    game = symmetric_normal_form(VOLUNTEER, IGNORE, players, k, values)
    status, found = support_equilibria(game, [[0, 1]] * players)
    assert status == "finite" and len(found) == 1
    exact = found[0]
    assert algebraic_regret(game, exact.probabilities).equilibrium
    for row in exact.probabilities:
        assert abs(sympy.N(row[0] - closed, 40)) < sympy.Float("1e-35")


def test_comparative_statics_in_n() -> None:
    # Diekmann (1985), p. 608: each player volunteers less as n grows, and the probability
    # that nobody volunteers rises with n (c < b).
    (eq,) = symmetric_equilibria(VOLUNTEER, IGNORE, n, k).mixed
    d = comparative_statics(eq, n)
    for players in (2, 3, 5, 10, 50):
        at = {b: 4, c: 1, n: players}
        assert d["p"].subs(at) < 0
        assert d["nobody"].subs(at) > 0
        assert d["someone"].subs(at) < 0
    # Sweep over n: nobody-volunteers rises towards c/b.
    values = [eq.nobody.subs({b: 4, c: 1, n: m}) for m in range(2, 12)]
    assert all(x < y for x, y in itertools.pairwise(values))
    assert all(v < sympy.Rational(1, 4) for v in values)


def test_polynomial_payoffs_in_k() -> None:
    # A linear public good: acting costs 1 and each actor gives everyone r / n... written
    # per player as payoffs in k: act: r (k + 1) - 1, not: r k. The gain is r - 1 whatever
    # others do, so no mixed equilibrium; everyone acts iff r >= 1.
    r = sympy.Symbol("r", positive=True)
    gain = expected_gain(r * (k + 1) - 1, r * k, n, k)
    assert sympy.simplify(gain - (r - 1)) == 0
    # A quadratic crowding cost: E[k^2] = (n-1)p + (n-1)(n-2)p^2.
    p = sympy.Symbol("p", positive=True)
    second = expected_gain(k**2, 0, n, k)
    assert sympy.expand(second - ((n - 1) * p + (n - 1) * (n - 2) * p**2)) == 0


def test_unsupported_payoffs_are_refused() -> None:
    with pytest.raises(NotImplementedError):
        expected_gain(sympy.exp(k), 0, n, k)
    with pytest.raises(NotImplementedError):
        expected_gain(sympy.Piecewise((1, k >= 3), (0, True)), 0, n, k)


def test_normal_form_payoffs() -> None:
    game = symmetric_normal_form(VOLUNTEER, IGNORE, 3, k, {b: Fraction(5, 2), c: 1})
    assert game.payoff((0, 1, 1)).total == (Fraction(3, 2), Fraction(5, 2), Fraction(5, 2))
    assert game.payoff((1, 1, 1)).total == (0, 0, 0)
