"""The multinomial probit response and the probit QRE (deterrence.solvers.probit, and its use
in deterrence.solvers.qre, deterrence.solvers.qre_tree and deterrence.solvers.qre_check).

Sources:

- McKelvey, R. D. and Palfrey, T. R. (1995), "Quantal response equilibria for normal form
  games", Games and Economic Behavior 10:6-38, sec. 2: the probit QRE, independent normal
  errors on each strategy's payoff; the QRE at lambda = 0 is uniform and the principal
  branch approaches a Nash equilibrium as lambda grows.
- Signorino, C. S. (2003), "Structure and uncertainty in discrete choice models", Political
  Analysis 11(4):316-344: the strategic probit with agent errors, whose binary formula
  Phi(lambda (U_a - U_b) / sqrt 2) the multinomial response must reduce to.
- The choice probability of action a is the probability that the k - 1 differences
  e_b - e_a fall below lambda (U_a - U_b): a multivariate normal distribution function with
  covariance I + 11' (in units of 1 / lambda^2), computed by scipy's
  multivariate_normal.cdf (Genz's method) as an independent check.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_normal, norm

import deterrence as dt
from deterrence.errors import SolverError
from deterrence.game import ExtensiveGame, ModelInfo, Node, NormalFormGame, Payoff
from deterrence.solvers.probit import probit_response
from deterrence.solvers.qre import probit_qre, probit_qres, qre
from deterrence.solvers.qre_check import (
    passes_residual,
    probit_enclosure,
    probit_response_residual,
    qre_residual,
    tree_residual,
)
from deterrence.solvers.qre_tree import agent_qre, numeric_tree, statistical_backward_induction

F = Fraction


def _normal_form(a: list[list[int]], b: list[list[int]]) -> NormalFormGame:
    rows, cols = len(a), len(a[0])
    return NormalFormGame(
        players=("1", "2"),
        strategies=(tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(cols))),
        payoffs=tuple(Payoff((F(a[i][j]), F(b[i][j]))) for i in range(rows) for j in range(cols)),
    )


# --- the response -------------------------------------------------------------------------


@pytest.mark.parametrize("difference", [0.0, 0.3, -1.7, 4.0, -9.0, 25.0])
@pytest.mark.parametrize("lam", [0.5, 1.0, 3.0])
def test_two_actions_reduce_to_the_binary_formula(difference, lam):
    # Signorino (2003): P(first) = Phi(lambda (U_1 - U_2) / sqrt 2). The quadrature, forced
    # for two actions, must give it too.
    u = np.array([difference, 0.0])
    expected = norm.cdf(lam * difference / math.sqrt(2))
    closed = probit_response(u, lam)
    quadrature = probit_response(u, lam, rule="quadrature")
    assert closed[0] == pytest.approx(expected, abs=1e-15)
    assert abs(quadrature[0] - expected) < 1e-12
    assert abs(quadrature[1] - (1 - expected)) < 1e-12


def test_equal_payoffs_give_equal_probabilities():
    for k in (3, 4, 6):
        p = probit_response(np.full(k, 2.5), 1.7)
        assert np.all(np.abs(p - 1 / k) < 1e-14)
    assert probit_response(np.array([1.0, 5.0, 2.0]), 0.0).tolist() == [1 / 3] * 3


@pytest.mark.parametrize(
    "u", [(1.0, 0.0, 0.0), (0.4, -0.3, 1.1), (2.0, 1.0, -3.0), (0.0, 0.5, 0.5, -0.5)]
)
def test_multinomial_response_is_the_multivariate_normal_cdf_of_the_differences(u):
    # P(a) = P(e_b - e_a < lambda (U_a - U_b) for all b != a); the differences have covariance
    # I + 11' in units of 1 / lambda^2 (McKelvey and Palfrey 1995, sec. 2).
    lam = 1.3
    utilities = np.array(u)
    k = len(u)
    p = probit_response(utilities, lam)
    cov = np.eye(k - 1) + np.ones((k - 1, k - 1))
    for a in range(k):
        bounds = [lam * (u[a] - u[b]) for b in range(k) if b != a]
        expected = multivariate_normal(mean=np.zeros(k - 1), cov=cov).cdf(bounds)
        assert p[a] == pytest.approx(expected, abs=2e-5)
    assert p.sum() == pytest.approx(1.0, abs=1e-14)


def test_multinomial_response_agrees_with_monte_carlo():
    # Draw the errors (sd 1 / lambda) and count the winners: a fixed seed, a loose tolerance
    # (the standard error with 200 000 draws is about 0.001).
    rng = np.random.default_rng(20240611)
    lam, u = 0.8, np.array([0.5, 0.0, -0.4])
    draws = u + rng.normal(scale=1 / lam, size=(200_000, 3))
    frequency = np.bincount(draws.argmax(axis=1), minlength=3) / len(draws)
    assert np.max(np.abs(frequency - probit_response(u, lam))) < 0.005


def test_tiny_probabilities_keep_their_logarithms():
    # At large lambda the losing actions' probabilities underflow; their logarithms, which the
    # solvers use, stay finite and decrease with the payoff gap.
    logs = probit_response(np.array([0.0, -1.0, -2.0]), 1000.0, log=True)
    assert logs[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.isfinite(logs)) and logs[2] < logs[1] < -1e5


def test_batched_choices_are_computed_independently():
    batch = np.array([[0.0, 1.0, 2.0], [3.0, -1.0, 0.5]])
    together = probit_response(batch, 2.0)
    for row, out in zip(batch, together, strict=True):
        assert np.array_equal(out, probit_response(row, 2.0))


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="precision"):
        probit_response(np.zeros(3), -1.0)
    with pytest.raises(ValueError, match="finite"):
        probit_response(np.array([0.0, np.nan, 1.0]), 1.0)
    with pytest.raises(ValueError, match="rule"):
        probit_response(np.zeros(3), 1.0, rule="simpson")


# --- the certificate ------------------------------------------------------------------------


def test_the_enclosure_holds_a_25_digit_quadrature():
    # The proven bounds against mpmath's quadrature at 25 digits, and they are narrow.
    u, lam = (F(-3), F(1, 3), F(2), F(2)), 0.75
    mpmath.mp.dps = 25
    try:
        bounds = probit_enclosure(list(u), lam)
        k = len(u)
        for a, (lo, hi) in enumerate(bounds):
            shifts = [lam * float(u[a] - u[b]) for b in range(k) if b != a]

            def integrand(t, shifts=shifts):
                return mpmath.npdf(t) * mpmath.fprod(mpmath.ncdf(t + d) for d in shifts)

            # Gauss-Legendre on four pieces, good to about 1e-20 here; past |t| = 12
            # lies less than 1e-32.
            value = mpmath.quad(
                integrand, [-12, -4, 0, 4, 12], method="gauss-legendre", maxdegree=4
            )
            assert mpmath.mpf(lo) <= value <= mpmath.mpf(hi)
            assert hi - lo < 1e-12
    finally:
        mpmath.mp.dps = 15


def test_the_bound_is_independent_of_the_solver():
    # Perturb one reported probability: the recomputed bound grows with the perturbation,
    # whatever the result claims.
    game = _normal_form([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    r = probit_qre(game, 1.5)
    assert r.residual < 1e-12 and passes_residual(game, r)
    bounds = []
    for eps in (1e-9, 1e-6, 1e-3):
        mixed = [[m[s] for s in game.strategies[i]] for i, m in enumerate(r.mixed)]
        mixed[0][0] += eps
        bounds.append(probit_response_residual(game, 1.5, mixed))
    assert bounds[0] >= 1e-9 * 0.99 and bounds[1] >= 1e-6 * 0.99 and bounds[2] >= 1e-3 * 0.99
    assert bounds[0] < bounds[1] < bounds[2]
    # A result claiming a smaller residual than the recomputed one fails its certificate.
    moved = dict(r.mixed[0])
    moved["r0"] += 1e-6
    forged = type(r)(**{**r.__dict__, "mixed": (moved, r.mixed[1]), "residual": 1e-15})
    assert not passes_residual(game, forged)


# --- normal forms ---------------------------------------------------------------------------


@pytest.mark.parametrize("lam", [0.5, 2.0])
def test_a_triangular_2x2_game_matches_its_hand_solved_fixed_point(lam):
    # Player 2 gains 1 by c1 whatever player 1 does, so q = P(c1) = Phi(lambda / sqrt 2);
    # player 1 gains 2 q - 1 by r1 over r0 (payoffs 1 and 0 against c1, 0 and 1 against c0),
    # so P(r1) = Phi(lambda (2 q - 1) / sqrt 2): the probit QRE solved by hand.
    game = _normal_form([[1, 0], [0, 1]], [[0, 1], [0, 1]])
    q = norm.cdf(lam / math.sqrt(2))
    p = norm.cdf(lam * (2 * q - 1) / math.sqrt(2))
    r = probit_qre(game, lam)
    assert r.mixed[1]["c1"] == pytest.approx(q, abs=1e-12)
    assert r.mixed[0]["r1"] == pytest.approx(p, abs=1e-12)
    assert r.error == "probit" and r.form == "matrix" and r.converged
    assert qre_residual(game, r) == r.residual < 1e-14


def test_rock_paper_scissors_stays_uniform():
    # McKelvey and Palfrey (1995), sec. 4: in a symmetric zero-sum game with a uniform
    # equilibrium the QRE is uniform at every lambda; with three strategies the probit
    # response is the quadrature, certified by the proven enclosure.
    game = _normal_form([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    for r in probit_qres(game, [3.0, 0.5]):
        assert all(abs(p - 1 / 3) < 1e-12 for m in r.mixed for p in m.values())
        assert r.residual < 1e-12 and passes_residual(game, r)


def test_the_branch_approaches_the_unique_strict_equilibrium():
    # r0 strictly dominates for player 1 (by at least 1), and c2 is player 2's strict best
    # reply to it: the unique Nash equilibrium, pure and strict. The probit QRE approaches it
    # as lambda grows (McKelvey and Palfrey 1995, Theorem 3), monotonically here.
    game = _normal_form([[4, 3, 2], [1, 2, 1], [0, 1, 0]], [[1, 0, 3], [2, 1, 0], [0, 3, 1]])
    results = probit_qres(game, [1.0, 4.0, 16.0])
    gaps = [max(1 - r.mixed[0]["r0"], 1 - r.mixed[1]["c2"]) for r in results]
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[-1] < 1e-9
    assert all(r.converged and r.residual < 1e-12 for r in results)


def test_three_players_and_the_entry_point():
    # Any number of players: a 2x2x3 game where everyone's payoff is the sum of their own
    # strategy's index and a small interaction; at lambda = 0 the QRE is uniform.
    f = F
    shape = (2, 2, 3)
    payoffs = []
    for i in range(2):
        for j in range(2):
            for k in range(3):
                payoffs.append(Payoff((f(i + j * k, 2), f(j - i * k, 3), f(k - i - j))))
    game = NormalFormGame(
        players=("1", "2", "3"),
        strategies=(("a", "b"), ("a", "b"), ("x", "y", "z")),
        payoffs=tuple(payoffs),
    )
    assert game.shape == shape
    r = qre(game, 1.0, error="probit")
    assert r.error == "probit" and r.residual < 1e-12 and passes_residual(game, r)
    zero = probit_qre(game, 0.0)
    assert zero.mixed[2] == {"x": 1 / 3, "y": 1 / 3, "z": 1 / 3}
    with pytest.raises(NotImplementedError, match="logit only"):
        qre(game, error="probit")
    with pytest.raises(SolverError, match="unknown error"):
        qre(game, 1.0, error="cauchy")
    with pytest.raises(SolverError, match="continuation"):
        qre(game, 1.0, error="probit", method="path following")


@settings(max_examples=8, deadline=None)
@given(
    payoffs=st.lists(st.integers(-3, 3), min_size=18, max_size=18),
    columns=st.integers(2, 3),
    lam=st.floats(0.1, 2.0),
)
def test_every_probit_qre_of_a_random_game_passes_its_certificate(payoffs, columns, lam):
    a = [payoffs[3 * i : 3 * i + columns] for i in range(3)]
    b = [payoffs[9 + 3 * i : 9 + 3 * i + columns] for i in range(3)]
    game = _normal_form(a, b)
    r = probit_qre(game, lam)
    # The reported bound is the certificate's, recomputed; and a converged result passes.
    assert qre_residual(game, r) == r.residual
    if r.converged:
        assert passes_residual(game, r)
        assert sum(r.mixed[0].values()) == pytest.approx(1, abs=1e-12)


# --- trees ----------------------------------------------------------------------------------


def _three_way(u: tuple[int, int, int]) -> ExtensiveGame:
    """One player choosing among three outcomes."""
    return ExtensiveGame(
        players=("A",),
        nodes=(
            Node(
                "root",
                "decision",
                player=0,
                infoset="root",
                actions=("x", "y", "z"),
                children=(1, 2, 3),
            ),
            *(
                Node(f"o{i}", "terminal", outcome=f"O{i}", payoff=Payoff((F(v),)))
                for i, v in enumerate(u)
            ),
        ),
        info=ModelInfo(id="three-way"),
    )


def test_a_three_action_tree_choice_is_the_multinomial_response():
    game = _three_way((2, 0, -1))
    r = statistical_backward_induction(game, 1.2, error="probit")
    expected = probit_response(np.array([2.0, 0.0, -1.0]), 1.2)
    assert [r.choices["root"][a] for a in "xyz"] == expected.tolist()
    assert r.residual < 1e-12 and qre_residual(game, r) == r.residual


@pytest.mark.parametrize("lam", [0.5, 3.0])
def test_trigger_scope_three_actions_by_closed_form_and_fixed_point(lam):
    # The attacker's choice among the status quo, a probe and a full attack: statistical
    # backward induction and the fixed point find the same agent QRE, both certified.
    game = dt.load("trigger-scope")
    closed = agent_qre(game, lam, error="probit")
    fixed = agent_qre(game, lam, error="probit", method="fixed point")
    assert any(len(actions) == 3 for actions in closed.choices.values())
    for label, actions in closed.choices.items():
        for action, prob in actions.items():
            assert fixed.choices[label][action] == pytest.approx(prob, abs=1e-9)
    assert closed.residual < 1e-12 and fixed.residual < 1e-9
    numeric, _ = numeric_tree(game)
    assert tree_residual(numeric, lam, closed.choices, error="probit") == closed.residual
