"""Logit quantal response equilibria of normal forms (deterrence.solvers.qre).

Sources:

- McKelvey, R. D. and Palfrey, T. R. (1995), "Quantal response equilibria for normal form
  games", Games and Economic Behavior 10:6-38: the logit QRE, its principal branch from the
  uniform profile at lambda = 0, and its limit, a Nash equilibrium (Theorem 3).
- Turocy, T. L. (2005), "A dynamic homotopy interpretation of the logistic quantal response
  equilibrium correspondence", GEB 51:243-263: path following on the log-probability
  system; the branch may bend back in lambda (the Gambit game ``loopback.nfg``, after an
  example of McKelvey's).
- Gambit 16 (pygambit ``qre.logit_solve_lambda``, ``nash.logit_solve``): the stored fixture
  tests/fixtures/qre_gambit.json, made by tools/qre_fixtures.py.
"""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import deterrence as dt
from deterrence.errors import SolverError
from deterrence.game import NormalFormGame, Payoff
from deterrence.game.instantiate import instantiate
from deterrence.solvers.qre import logit_branch, logit_qre, logit_qres, qre
from deterrence.solvers.qre_check import logit_response_residual, passes_residual, qre_residual

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "qre_gambit.json").read_text())
GAMES = Path(__file__).resolve().parent.parent.parent / "shared" / "gambit-games"

#: Games whose principal branch reaches a bifurcation (symmetric or degenerate games, where
#: the Jacobian of the system is singular on the branch and its continuation is not unique;
#: Turocy 2005, sec. 3, proves uniqueness for generic games only). Gambit turns onto a
#: side branch there, we keep to the branch that passes straight through; both answers are
#: QREs, which the test checks with the independent certificate.
BIFURCATING = {
    "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq_small_payoffs.nfg",
    "catalog/journals/ijgt/nau2004/sec3.nfg",  # Battle of the Sexes, symmetric under a swap
    "catalog/journals/other/shapley1974/fig3.nfg",
    "contrib/games/sh3.nfg",  # the same game as Shapley's fig. 3
    "contrib/games/deg1.nfg",  # the uniform profile is a QRE at every lambda
}

#: The shared games sit beside the checkout (as for tests/test_gambit_crosscheck.py); where
#: they do not, the tests that read them are skipped.
needs_games = pytest.mark.skipif(
    not GAMES.is_dir(), reason="the shared Gambit games are not beside this checkout"
)

CASES = [
    (key, record)
    for key, record in sorted(FIXTURE["games"].items())
    if "error" not in record and (GAMES / key).is_file()
]


def _numeric(path: Path) -> NormalFormGame:
    game = dt.load(str(path))
    numeric, _ = instantiate(game, {})
    assert isinstance(numeric, NormalFormGame)
    return numeric


def _landed(record: dict) -> list[dict]:
    """The points where Gambit landed on the lambda asked (past the end of its branch it
    returns the branch's end instead)."""
    return [
        p
        for p in record["points"]
        if abs(p["lambda"] - p["lambda_asked"]) <= 1e-6 * max(1.0, p["lambda_asked"])
    ]


@pytest.mark.gambit
def test_the_fixture_records_its_provenance():
    assert FIXTURE["generator"] == "tools/qre_fixtures.py"
    assert FIXTURE["pygambit"] and FIXTURE["date"]
    assert sum("error" not in r for r in FIXTURE["games"].values()) >= 40


@pytest.mark.gambit
@pytest.mark.parametrize(("key", "record"), CASES, ids=[k for k, _ in CASES])
@needs_games
def test_logit_qre_agrees_with_gambit(key, record):
    # Gambit's logit_solve_lambda at lambda in {0.1, 0.5, 1, 2, 5}: the same branch, to 1e-6.
    game = _numeric(GAMES / key)
    points = _landed(record)
    ours = logit_qres(game, [p["lambda"] for p in points])
    for point, result in zip(points, ours, strict=True):
        assert result.converged
        mixed = [[result.mixed[i][s] for s in game.strategies[i]] for i in range(len(game.players))]
        gap = max(
            abs(a - b)
            for mine, theirs in zip(mixed, point["profile"], strict=True)
            for a, b in zip(mine, theirs, strict=True)
        )
        assert result.residual < 1e-12
        if key in BIFURCATING:
            # Both are QREs at this lambda: Gambit's profile passes our certificate too.
            assert logit_response_residual(game, point["lambda"], point["profile"]) < 1e-12
        else:
            assert gap < 1e-6, (key, point["lambda"], gap)


@pytest.mark.gambit
@needs_games
def test_every_disagreement_is_a_listed_bifurcation():
    # The list above is not a blanket excuse: each listed game does disagree somewhere.
    for key in sorted(BIFURCATING):
        record = FIXTURE["games"][key]
        game = _numeric(GAMES / key)
        points = _landed(record)
        ours = logit_qres(game, [p["lambda"] for p in points])
        gaps = [
            max(
                abs(r.mixed[i][s] - p["profile"][i][j])
                for i in range(len(game.players))
                for j, s in enumerate(game.strategies[i])
            )
            for p, r in zip(points, ours, strict=True)
        ]
        assert max(gaps) > 1e-3, key


LIMIT_GAMES = [
    "contrib/games/e04.nfg",
    "contrib/games/e07.nfg",
    "contrib/games/pd.nfg",
    "contrib/games/todd2.nfg",
    "contrib/games/coord4.nfg",
    "contrib/games/loopback.nfg",
    "contrib/games/3x3x3.nfg",
    "contrib/games/2x2x2x2.nfg",
]


@pytest.mark.gambit
@pytest.mark.parametrize("key", LIMIT_GAMES)
@needs_games
def test_the_branch_selects_gambits_limit_equilibrium(key):
    # Gambit's logit_solve: the branch followed until the regret is below 1e-8; our limit
    # is rounded to an exact candidate and certified by the exact regret.
    game = _numeric(GAMES / key)
    branch = logit_branch(game)
    assert branch.converged
    assert branch.limit is not None and branch.limit_is_nash
    assert branch.limit.regret == 0
    limit = FIXTURE["games"][key]["limit"]
    mixed = branch.limit.mixed
    assert mixed is not None
    for i, strategies in enumerate(game.strategies):
        for j, s in enumerate(strategies):
            assert float(mixed[i].get(s, 0)) == pytest.approx(limit[i][j], abs=1e-5)
    assert all(p.residual < 1e-6 for p in branch.points)


@pytest.mark.gambit
@needs_games
def test_the_loopback_branch_bends_back():
    # Turocy (2005): the principal branch of this game is not monotone in lambda; it is
    # followed by arc length, through the bend.
    branch = logit_branch(_numeric(GAMES / "contrib/games/loopback.nfg"))
    lambdas = [p.precision for p in branch.points]
    assert any(b < a for a, b in itertools.pairwise(lambdas))


def _prisoners_dilemma() -> NormalFormGame:
    f = Fraction
    cells = [(2, 2), (0, 3), (3, 0), (1, 1)]  # defecting gains exactly 1 against either
    return NormalFormGame(
        players=("1", "2"),
        strategies=(("C", "D"), ("C", "D")),
        payoffs=tuple(Payoff((f(a), f(b))) for a, b in cells),
    )


@pytest.mark.parametrize("lam", [0.0, 0.3, 1.0, 4.0, 25.0])
def test_a_constant_gain_gives_the_logistic_closed_form(lam):
    # McKelvey and Palfrey (1995), eq. (2): with a gain of 1 whatever the other does,
    # P(D) = exp(lam) / (1 + exp(lam)) for both players.
    r = logit_qre(_prisoners_dilemma(), lam)
    expected = 1 / (1 + math.exp(-lam))
    assert r.mixed[0]["D"] == pytest.approx(expected, abs=1e-12)
    assert r.mixed[1]["D"] == pytest.approx(expected, abs=1e-12)
    assert r.payoffs[0] == pytest.approx(
        (1 - expected) ** 2 * 2 + expected * (1 - expected) * 3 + expected**2, abs=1e-12
    )
    assert qre_residual(_prisoners_dilemma(), r) == r.residual
    assert passes_residual(_prisoners_dilemma(), r)


def test_matching_pennies_stays_uniform():
    # McKelvey and Palfrey (1995), sec. 4: in matching pennies the QRE is uniform at every
    # lambda.
    f = Fraction
    game = NormalFormGame(
        players=("1", "2"),
        strategies=(("H", "T"), ("H", "T")),
        payoffs=tuple(Payoff((f(a), f(-a))) for a in (1, -1, -1, 1)),
    )
    for r in logit_qres(game, [0.5, 3.0, 40.0]):
        assert all(p == pytest.approx(0.5, abs=1e-12) for m in r.mixed for p in m.values())


def test_chicken_selects_the_symmetric_mixed_equilibrium():
    # A symmetric game: the principal branch stays symmetric, so its limit is the symmetric
    # equilibrium (McKelvey and Palfrey 1995, Theorem 3), here mixed: swerve with 9/10, as
    # dt.solve finds.
    game = dt.load("chicken")
    branch = logit_branch(game)
    assert branch.limit is not None and branch.limit_is_nash
    mixed = [dict(m) for m in branch.limit.mixed or ()]
    solved = [[dict(m) for m in e.mixed or ()] for e in dt.solve(game).equilibria]
    assert mixed in solved
    assert mixed[0] == {"swerve": Fraction(9, 10), "straight": Fraction(1, 10)}
    data = json.loads(json.dumps(branch.to_dict()))
    assert data["limit"]["mixed"][0]["swerve"] == "9/10"
    assert data["certificate"]["kind"] == "proven fixed-point residual bound"


@settings(max_examples=40, deadline=None)
@given(
    p=st.floats(0.001, 0.999),
    q=st.floats(0.001, 0.999),
    lam=st.floats(0.0, 50.0),
)
def test_the_residual_bound_is_never_below_the_float_residual(p, q, lam):
    # Soundness at arbitrary profiles of the constant-gain dilemma, against the closed form.
    game = _prisoners_dilemma()
    bound = logit_response_residual(game, lam, [[1 - p, p], [1 - q, q]])
    response = 1 / (1 + math.exp(-lam))
    assert bound >= max(abs(response - p), abs(response - q)) - 1e-12


def test_qre_entry_point_dispatches_and_reads_values():
    chicken = dt.load("chicken")
    r = qre(chicken, 1.0, L="5")
    assert r.parameters["L"] == Fraction(5)
    assert r.form == "matrix" and r.variant == "strategic"
    branch = qre(chicken)
    assert branch.limit_is_nash
    tree = qre(dt.load("classic-deterrence"), 1.0, error="probit")
    assert tree.form == "tree" and tree.error == "probit"
    with pytest.raises(SolverError, match="precision"):
        qre(dt.load("classic-deterrence"))
    probit = qre(chicken, 1.0, error="probit")
    assert probit.error == "probit" and probit.residual < 1e-12
    with pytest.raises(NotImplementedError, match="logit only"):
        qre(chicken, error="probit")  # the branch to its limit is traced for logit only
    with pytest.raises(SolverError, match="precision"):
        logit_qre(chicken, -1.0)
