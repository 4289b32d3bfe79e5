"""Quantal response equilibria of game trees (deterrence.solvers.qre_tree).

Sources:

- Signorino, C. S. (1999), "Strategic interaction and the statistical analysis of
  international conflict", American Political Science Review 93(2):279-297: the strategic
  logit/probit of a deterrence tree with agent error, probabilities computed node by node
  from the leaves (statistical backward induction).
- Signorino, C. S. (2003), "Structure and uncertainty in discrete choice models", Political
  Analysis 11(4):316-344: agent error vs private information.
- Kenkel, B. and Signorino, C. S., the R package ``games`` (github.com/brentonk/games),
  model ``egame12`` (two players, three outcomes; Signorino 2003's game), function
  ``makeProbs12`` in games/R/egame12.r: the formulas of both variants, reproduced below.
- McKelvey, R. D. and Palfrey, T. R. (1998), "Quantal response equilibria for extensive form
  games", Experimental Economics 1:9-41: the agent QRE converges to the subgame-perfect
  equilibrium as lambda grows in generic trees of perfect information (their Theorem 4 / the
  limiting logit AQRE selects the SPE).
"""

from __future__ import annotations

import glob
import itertools
import math
import os
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

import deterrence as dt
from deterrence.errors import SolverError
from deterrence.game import ExtensiveGame, ModelInfo, Node, Payoff
from deterrence.solvers.qre_check import qre_residual, tree_residual
from deterrence.solvers.qre_tree import (
    PRECISION,
    agent_qre,
    compiled_choice_probabilities,
    numeric_tree,
    statistical_backward_induction,
    symbolic_choice_probabilities,
)

MODELS = os.path.join(os.path.dirname(__file__), os.pardir, "models")
TREE_IDS = sorted(
    os.path.basename(path)[: -len(".toml")] for path in glob.glob(os.path.join(MODELS, "*.toml"))
)
PERFECT = [i for i in TREE_IDS if dt.load(i).form == "tree" and dt.load(i).is_perfect_information]


def logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def classic_closed_form(v: dict[str, float], lam: float, error: str) -> dict[str, float]:
    """The three-move deterrence game (Challenger: status quo / challenge; Defender: concede
    / resist; Challenger: back down / fight), solved by hand from the leaves as in Signorino
    (1999): the binary choice probability is F(lambda * (U_first - U_second)) with F logistic
    (logit agent error) or Phi(x / sqrt 2) (probit: an error of sd 1/lambda on each action)."""

    def prob(diff: float) -> float:
        return logistic(lam * diff) if error == "logit" else norm.cdf(lam * diff / math.sqrt(2))

    back_down = -v["b"] - v["a"]  # the audience cost is paid on top of the loss of face
    fight = prob(-v["cCh"] - back_down)
    ch_showdown = (1 - fight) * back_down + fight * -v["cCh"]
    def_showdown = (1 - fight) * v["s"] + fight * -v["cDef"]
    resist = prob(def_showdown - -v["l"])
    ch_challenge = (1 - resist) * v["g"] + resist * ch_showdown
    challenge = prob(ch_challenge - 0)
    return {"challenge": challenge, "resist": resist, "fight": fight}


CLASSIC = dt.load("classic-deterrence")
DEFAULTS = {"g": 1, "b": 1, "a": 0, "cCh": 2, "cDef": 2, "l": 1, "s": 0.5}


@pytest.mark.parametrize("error", ["logit", "probit"])
@settings(max_examples=25, deadline=None)
@given(
    lam=st.floats(0.05, 20),
    a=st.sampled_from([0, 0.5, 1.5, 3]),
    cch=st.sampled_from([0.5, 2, 4]),
    s=st.sampled_from([0, 0.5, 2]),
)
def test_statistical_backward_induction_matches_the_closed_form(error, lam, a, cch, s):
    # Signorino (1999): the strategic model of the three-move deterrence game.
    values = {**DEFAULTS, "a": a, "cCh": cch, "s": s}
    numeric, chosen = numeric_tree(CLASSIC, {k: Fraction(str(v)) for k, v in values.items()})
    result = statistical_backward_induction(numeric, lam, error=error, parameters=chosen)
    expected = classic_closed_form(values, lam, error)
    assert result.choices["challenger"]["challenge"] == pytest.approx(
        expected["challenge"], abs=1e-12
    )
    assert result.choices["defender"]["resist"] == pytest.approx(expected["resist"], abs=1e-12)
    assert result.choices["showdown"]["fight"] == pytest.approx(expected["fight"], abs=1e-12)
    war = expected["challenge"] * expected["resist"] * expected["fight"]
    assert result.outcomes["F"] == pytest.approx(war, abs=1e-12)
    assert sum(result.outcomes.values()) == pytest.approx(1, abs=1e-12)
    assert result.residual < 1e-13
    assert result.certificate == "proven fixed-point residual bound"
    assert result.certificate_exact is False


def test_symbolic_choice_probabilities_are_the_closed_form():
    # Signorino (1999), logit agent error, on the symbolic game: exact in the parameters.
    p = symbolic_choice_probabilities(CLASSIC)
    a, b, cch = (sympy.Symbol(n, real=True) for n in ("a", "b", "cCh"))
    fight = 1 / (1 + sympy.exp(-PRECISION * (-cch + b + a)))
    assert sympy.simplify(p["showdown"]["fight"] - fight) == 0
    # Exact derivatives: a higher audience cost makes fighting likelier.
    slope = sympy.diff(p["showdown"]["fight"], a).subs({a: 0, b: 1, cch: 2, PRECISION: 1})
    assert sympy.nsimplify(slope - sympy.exp(1) / (1 + sympy.exp(1)) ** 2) == 0
    at = {sympy.Symbol(k, real=True): sympy.nsimplify(v) for k, v in DEFAULTS.items()}
    expected = classic_closed_form({k: float(v) for k, v in DEFAULTS.items()}, 1.5, "logit")
    value = p["challenger"]["challenge"].subs({**at, PRECISION: sympy.Rational(3, 2)})
    assert float(value) == pytest.approx(expected["challenge"], abs=1e-14)


@pytest.mark.parametrize("error", ["logit", "probit"])
def test_compiled_probabilities_agree_with_the_numeric_recursion(error):
    f = compiled_choice_probabilities(CLASSIC, error=error)
    lams = np.array([0.3, 1.0, 7.0])
    out = f({**DEFAULTS, "lambda": lams})
    numeric, _ = numeric_tree(CLASSIC)
    for k, lam in enumerate(lams):
        r = statistical_backward_induction(numeric, float(lam), error=error)
        for label, actions in r.choices.items():
            for action, prob in actions.items():
                assert np.asarray(out[label][action])[k] == pytest.approx(prob, abs=1e-12)


def _egame12(u11: float, u13: float, u14: float, u24: float) -> ExtensiveGame:
    """The egame12 tree of the R package games (Signorino 2003): player 1 chooses L
    (outcome 1) or R; then player 2 chooses L (outcome 3: u13, 0) or R (outcome 4: u14, u24).
    Player 2's utility at outcome 1 is not identified; it is set to 0."""
    f = Fraction
    return ExtensiveGame(
        players=("1", "2"),
        nodes=(
            Node("n1", "decision", player=0, infoset="n1", actions=("L", "R"), children=(1, 2)),
            Node("o1", "terminal", outcome="1", payoff=Payoff((f(u11), f(0)))),
            Node("n2", "decision", player=1, infoset="n2", actions=("L", "R"), children=(3, 4)),
            Node("o3", "terminal", outcome="3", payoff=Payoff((f(u13), f(0)))),
            Node("o4", "terminal", outcome="4", payoff=Payoff((f(u14), f(u24)))),
        ),
        info=ModelInfo(id="egame12"),
    )


EGAME12_UTILITIES = [
    (0.0, 0.0, 0.0, 0.0),
    (0.3, -0.5, 1.2, 0.7),
    (-1.0, 2.0, -0.4, -1.3),
    (0.8, 0.1, 0.9, 2.5),
]


@pytest.mark.parametrize("u", EGAME12_UTILITIES)
def test_strategic_probit_agent_error_reproduces_egame12(u):
    # games::makeProbs12 (type = "agent", link = "probit", every sd 1):
    #   p4 = pnorm(u24 / sqrt(2));  p2 = pnorm((p3*u13 + p4*u14 - u11) / sqrt(2)).
    u11, u13, u14, u24 = u
    p4 = norm.cdf(u24 / math.sqrt(2))
    p3 = 1 - p4
    p2 = norm.cdf((p3 * u13 + p4 * u14 - u11) / math.sqrt(2))
    r = statistical_backward_induction(_egame12(*u), 1.0, error="probit")
    assert r.choices["n2"]["R"] == pytest.approx(p4, abs=1e-12)
    assert r.choices["n1"]["R"] == pytest.approx(p2, abs=1e-12)
    # predict.egame12 outcome probabilities: (p1, p2 p3, p2 p4).
    assert r.outcomes["1"] == pytest.approx(1 - p2, abs=1e-12)
    assert r.outcomes["3"] == pytest.approx(p2 * p3, abs=1e-12)
    assert r.outcomes["4"] == pytest.approx(p2 * p4, abs=1e-12)
    assert qre_residual(_egame12(*u), r) < 1e-12


@pytest.mark.parametrize("u", EGAME12_UTILITIES)
def test_strategic_probit_private_information_reproduces_egame12(u):
    # games::makeProbs12 (type = "private", link = "probit", every sd 1): shocks on u11, u13,
    # u14 and u24 only (player 2's zero at outcome 3 is a normalisation without a shock):
    #   p4 = pnorm(u24);  p2 = pnorm((p3*u13 + p4*u14 - u11) / sqrt(p3^2 + p4^2 + 1)).
    u11, u13, u14, u24 = u
    p4 = norm.cdf(u24)
    p3 = 1 - p4
    p2 = norm.cdf((p3 * u13 + p4 * u14 - u11) / math.sqrt(p3**2 + p4**2 + 1))
    shocks = {"2": {"1": 0.0, "3": 0.0}}
    game = _egame12(*u)
    r = statistical_backward_induction(game, 1.0, error="probit", variant="private", shocks=shocks)
    assert r.choices["n2"]["R"] == pytest.approx(p4, abs=1e-12)
    assert r.choices["n1"]["R"] == pytest.approx(p2, abs=1e-12)
    assert r.residual < 1e-12
    assert qre_residual(game, r) == r.residual
    # The symbolic version gives the same numbers.
    sym = symbolic_choice_probabilities(game, error="probit", variant="private", shocks=shocks)
    assert float(sym["n1"]["R"].subs(PRECISION, 1)) == pytest.approx(p2, abs=1e-12)


def test_private_information_scales_with_lambda():
    # Signorino (2003): shocks of sd 1/lambda; at lambda = 2 the egame12 formulas hold with
    # every utility doubled.
    u = (0.3, -0.5, 1.2, 0.7)
    shocks = {"2": {"1": 0.0, "3": 0.0}}
    at_two = statistical_backward_induction(
        _egame12(*u), 2.0, error="probit", variant="private", shocks=shocks
    )
    doubled = statistical_backward_induction(
        _egame12(*(2 * x for x in u)), 1.0, error="probit", variant="private", shocks=shocks
    )
    assert at_two.choices["n1"]["R"] == pytest.approx(doubled.choices["n1"]["R"], abs=1e-14)


def _spe_distance(game_id: str, lam: float, error: str = "logit") -> float:
    game = dt.load(game_id)
    (spe,) = dt.solve(game).equilibria
    r = agent_qre(game, lam, error=error)
    labels = set(spe.outcomes) | set(r.outcomes)
    outcome_gap = max(abs(r.outcomes.get(o, 0.0) - float(spe.outcomes.get(o, 0))) for o in labels)
    behaviour_gap = 0.0
    assert spe.behaviour is not None
    for player_behaviour in spe.behaviour:
        for infoset, actions in player_behaviour.items():
            for action, prob in actions.items():
                behaviour_gap = max(behaviour_gap, abs(r.choices[infoset][action] - float(prob)))
    return max(outcome_gap, behaviour_gap)


@pytest.mark.parametrize("game_id", PERFECT)
def test_agent_qre_converges_to_the_spe_on_every_bundled_tree(game_id):
    # McKelvey and Palfrey (1998): as lambda -> infinity the logit agent QRE of a generic tree
    # of perfect information converges to its (unique) subgame-perfect equilibrium.
    gaps = [_spe_distance(game_id, lam) for lam in (1.0, 10.0, 100.0, 1000.0, 10000.0)]
    assert gaps[-1] < 1e-9, gaps
    assert all(later <= earlier + 1e-12 for earlier, later in itertools.pairwise(gaps[2:]))


@pytest.mark.parametrize("game_id", PERFECT)
def test_agent_probit_converges_to_the_spe(game_id):
    # The same limit with normal errors (Signorino 1999's strategic probit; trigger-scope's
    # three-action choice by the multinomial probit of deterrence.solvers.probit).
    assert _spe_distance(game_id, 10000.0, "probit") < 1e-9


@pytest.mark.parametrize("game_id", ["classic-deterrence", "extended-deterrence", "brinkmanship"])
def test_the_fixed_point_solver_agrees_with_the_closed_form(game_id):
    # On a tree of perfect information the agent QRE is unique and is the closed form
    # (McKelvey and Palfrey 1998); the numeric fixed point must find it (chance nodes too).
    game = dt.load(game_id)
    closed = agent_qre(game, 3.0)
    fixed = agent_qre(game, 3.0, method="fixed point")
    for label, actions in closed.choices.items():
        for action, prob in actions.items():
            assert fixed.choices[label][action] == pytest.approx(prob, abs=1e-9)
    assert fixed.residual < 1e-9


@pytest.mark.parametrize("error", ["logit", "probit"])
def test_agent_qre_at_information_sets_is_certified(error):
    game = dt.load("alliance-reliability")
    assert not game.is_perfect_information
    for lam in (0.5, 2.0, 8.0):
        r = agent_qre(game, lam, error=error)
        assert r.converged
        assert r.residual < 1e-9
        assert qre_residual(game, r) == r.residual
        assert sum(r.outcomes.values()) == pytest.approx(1, abs=1e-12)


def test_agent_qre_at_lambda_zero_is_uniform():
    r = agent_qre(dt.load("alliance-reliability"), 0.0)
    for actions in r.choices.values():
        assert all(p == pytest.approx(1 / len(actions)) for p in actions.values())


@pytest.mark.parametrize("error", ["logit", "probit"])
@settings(max_examples=30, deadline=None)
@given(
    probs=st.lists(st.floats(0.01, 0.99), min_size=3, max_size=3),
    lam=st.floats(0.0, 30.0),
)
def test_the_residual_bound_is_never_below_the_float_residual(error, probs, lam):
    # Soundness of the certificate at arbitrary (non-equilibrium) profiles: the proven bound
    # must hold the residual computed independently here in floats from the closed form.
    if error == "probit":
        lam = max(lam, 0.01)
    numeric, _ = numeric_tree(CLASSIC)
    challenge, resist, fight = probs
    choices = {
        "challenger": {"status quo": 1 - challenge, "challenge": challenge},
        "defender": {"concede": 1 - resist, "resist": resist},
        "showdown": {"back down": 1 - fight, "fight": fight},
    }
    bound = tree_residual(numeric, lam, choices, error=error)

    def response(diff: float) -> float:
        if error == "logit":
            return logistic(lam * diff)
        return float(norm.cdf(lam * diff / math.sqrt(2)))

    ch_show = (1 - fight) * -1 + fight * -2
    def_show = (1 - fight) * 0.5 + fight * -2
    gaps = [
        response(-2 - -1) - fight,
        response(def_show + 1) - resist,
        response((1 - resist) * 1 + resist * ch_show) - challenge,
    ]
    assert bound >= max(abs(x) for x in gaps) - 1e-12
    # And it is not vacuous: within rounding of the float residual.
    assert bound <= max(abs(x) for x in gaps) + 1e-9


def test_errors_are_clear():
    numeric, _ = numeric_tree(CLASSIC)
    with pytest.raises(NotImplementedError, match="probit only"):
        statistical_backward_induction(numeric, 1.0, variant="private")
    with pytest.raises(NotImplementedError, match="at most once"):
        statistical_backward_induction(numeric, 1.0, error="probit", variant="private")
    # Probit with three actions is computed now (tests/test_qre_probit.py); the
    # private-information variant and the symbolic probabilities still need binary choices.
    with pytest.raises(SolverError, match="binary"):
        agent_qre(dt.load("trigger-scope"), 1.0, error="probit", variant="private")
    with pytest.raises(SolverError, match="no closed form"):
        symbolic_choice_probabilities(dt.load("trigger-scope"), error="probit")
    with pytest.raises(SolverError, match="perfect information"):
        statistical_backward_induction(numeric_tree(dt.load("alliance-reliability"))[0], 1.0)
    with pytest.raises(SolverError, match="unknown error"):
        agent_qre(CLASSIC, 1.0, error="cauchy")
    with pytest.raises(SolverError, match="precision"):
        agent_qre(CLASSIC, -1.0)


def test_result_to_dict_is_json_ready():
    import json

    r = agent_qre(CLASSIC, 1.0, values={"a": Fraction(3, 2)})
    data = json.loads(json.dumps(r.to_dict()))
    assert data["concept"] == "qre" and data["error"] == "logit"
    assert data["parameters"]["a"] == "3/2"
    assert data["certificate"]["kind"] == "proven fixed-point residual bound"
