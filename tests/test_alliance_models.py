"""The bundled alliance models (issue 12, part 1): each loads, solves with zero regret at its
defaults and in every scenario, and its threshold in closed form equals the one derived by
hand from the model's payoffs by the backward-induction (or best-response) inequality."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

import deterrence as dt
from deterrence.load import bundled_models
from deterrence.spec import read_spec
from tests.support.models import ALLIANCE_MODELS

MODELS = ALLIANCE_MODELS


def sym(names: str) -> tuple[sympy.Symbol, ...]:
    """The parameters' symbols, as the library makes them (real, by name)."""
    return sympy.symbols(names, real=True)


def root(lhs: sympy.Expr, rhs: sympy.Expr, unknown: sympy.Symbol) -> sympy.Expr:
    """The one value of ``unknown`` at which the mover is indifferent: ``lhs == rhs``."""
    (value,) = sympy.solve(sympy.Eq(lhs, rhs), unknown)
    return value


def same(result: dt.ThresholdResult, by_hand: sympy.Expr) -> bool:
    """Whether the library's closed form and the hand-derived one are the same function."""
    assert result.status == "threshold", result.status
    values = {s.name: s for s in result.symbolic.free_symbols}
    # The library's symbols may carry assumptions of their own; compare by name.
    expr = by_hand.subs({s: values.get(s.name, s) for s in by_hand.free_symbols})
    return sympy.simplify(result.symbolic - expr) == 0


def threshold(model: str, param: str, outcomes=("status_quo",), **kwargs) -> dt.ThresholdResult:
    # The exact path alone, conditions untidied: the closed form is the same and much quicker.
    return dt.threshold(dt.load(model), param, list(outcomes), numeric=False, tidy=False, **kwargs)


@pytest.mark.parametrize("model", MODELS)
def test_model_is_bundled_loads_and_solves_with_zero_regret(model: str) -> None:
    assert model in bundled_models()
    loaded = read_spec(bundled_models()[model])
    assert loaded.game.info.source, "the model cites its source"
    assert all(p.doc for p in loaded.game.parameters)
    for values in [{}, *loaded.scenarios.values()]:
        result = dt.solve(loaded.game, values=values)
        assert result.equilibria
        assert all(eq.regret == 0 for eq in result.equilibria)


def test_tripwire_deployment_that_makes_defence_credible() -> None:
    # Schelling (1966), ch. 2: the patron defends once abandoning its troops costs more than
    # the war, -cD > -v - k*n, so n* = (cD - v)/k.
    n, k, v, cD, cA, f = sym("n k v cD cA f")
    bar = threshold("tripwire", "n")
    assert same(bar, root(-cD, -v - k * n, n))
    assert same(bar, (cD - v) / k)
    assert bar.value == 2
    # The fait accompli (Altman 2017): with the defence credible the attack still pays when
    # f*v - (1 - f)*cA > 0, so the greatest f that is deterred is cA/(v + cA).
    risk = threshold("tripwire", "f", direction="greatest", n=3)
    assert same(risk, root(f * v - (1 - f) * cA, 0, f))
    assert same(risk, cA / (v + cA))
    assert threshold("tripwire", "n", f="0.6").status == "never"


def test_capability_sharing_least_transfer_that_deters() -> None:
    # Morrow (1993), arms versus allies: the resisted attack pays (1 - q0)*(1 - t)*v - cA,
    # so t* = 1 - cA/((1 - q0)*v) where the protégé already resists.
    t, q0, v, cA, cP = sym("t q0 v cA cP")
    bar = threshold("capability-sharing", "t")
    assert same(bar, root((1 - q0) * (1 - t) * v - cA, 0, t))
    assert same(bar, 1 - cA / ((1 - q0) * v))
    assert bar.value == Fraction(1, 2)
    # A protégé too weak to resist: the transfer must first make it fight,
    # (q0 + (1 - q0)*t)*v > cP, so t* = (cP/v - q0)/(1 - q0).
    weak = threshold("capability-sharing", "t", q0=0, cP="0.8")
    assert same(weak, root(-(1 - q0) * (1 - t) * v - cP, -v, t))
    assert same(weak, (cP / v - q0) / (1 - q0))


def test_trigger_scope_probe_deterred_by_likely_coverage() -> None:
    # Schelling (1966), salami tactics; Benson (2012), probabilistic commitments: the probe
    # pays q*(-c) + (1 - q)*s, so q* = s/(s + c). The full attack is always deterred.
    q, s, c = sym("q s c")
    bar = dt.min_credibility(dt.load("trigger-scope"), numeric=False, tidy=False)
    assert bar.parameter == "q"
    assert same(bar, root(q * (-c) + (1 - q) * s, 0, q))
    assert same(bar, s / (s + c))
    assert bar.value == Fraction(2, 5)
    for p in ("0", "1/2", "1"):
        eq = dt.solve(dt.load("trigger-scope"), q=p).equilibria
        assert all("war" not in e.outcomes for e in eq)


def test_entrapment_abandonment_window_of_credibility() -> None:
    # Snyder (1984): the attack pays (1 - p)*v - p*cA, deterred for p > v/(v + cA); the
    # provocation pays p*g - (1 - p)*l, deterred for p < l/(g + l).
    p, v, cA, g, loss = sym("p v cA g l")
    low = threshold("entrapment-abandonment", "p")
    high = threshold("entrapment-abandonment", "p", direction="greatest")
    assert same(low, root((1 - p) * v - p * cA, 0, p))
    assert same(high, root(p * g - (1 - p) * loss, 0, p))
    assert same(low, v / (v + cA)) and same(high, loss / (g + loss))
    assert (low.value, high.value) == (Fraction(1, 2), Fraction(3, 4))


def test_formal_and_informal_alignment_credibility_each_needs() -> None:
    # Fearon (1997); Morrow (2000): informal (a = 0), the attack pays (1 - p)*v - p*cA, so
    # p* = v/(v + cA); a formal treaty makes the free patron fight once -cD > -s - a,
    # a* = cD - s, and then no credibility is needed.
    p, a, v, cA, cD, s = sym("p a v cA cD s")
    scenarios = read_spec(bundled_models()["formal-vs-informal"]).scenarios
    informal = threshold("formal-vs-informal", "p", values=scenarios["informal"])
    assert same(informal, root((1 - p) * v - p * cA, 0, p))
    assert same(informal, v / (v + cA))
    formal = threshold("formal-vs-informal", "p", values=scenarios["formal"])
    assert formal.status == "always"
    # An audience cost below cD - s leaves the free patron abandoning: the treaty needs the
    # same credibility as no treaty.
    weak = threshold("formal-vs-informal", "p", values=scenarios["formal-weak-audience"])
    assert same(weak, v / (v + cA)) and weak.value == Fraction(1, 2)
    audience = threshold("formal-vs-informal", "a")
    assert same(audience, root(-cD, -s - a, a)) and same(audience, cD - s)


def test_crisis_consultation_veto_and_binding_clause() -> None:
    # Pressman (2008); Fang, Johnson & Leeds (2014): the partner approves while
    # (1 - r)*s - r*cR > 0, r* = s/(s + cR); a vetoing partner deters only if the clause binds
    # with p*((1 - r)*(-b) - r*cA) + (1 - p)*v < 0, p* = v/(v + (1 - r)*b + r*cA).
    p, r, v, b, s, cA, cR = sym("p r v b s cA cR")
    bar = threshold("crisis-consultation", "p")
    assert same(bar, root(p * ((1 - r) * (-b) - r * cA) + (1 - p) * v, 0, p))
    assert same(bar, v / (v + (1 - r) * b + r * cA))
    assert bar.value == Fraction(4, 7)
    risk = threshold("crisis-consultation", "r", direction="greatest")
    assert same(risk, root((1 - r) * s - r * cR, 0, r)) and same(risk, s / (s + cR))


def test_alliance_reliability_prior_that_deters_in_every_nash_equilibrium() -> None:
    # Smith (1995): the attacker, not knowing the ally's type, attacks while
    # (1 - p)*v - p*cA > 0, so p* = v/(v + cA), in every extreme Nash equilibrium.
    p, v, cA = sym("p v cA")
    game = dt.load("alliance-reliability")
    assert not game.is_perfect_information
    bar = dt.min_credibility(game, numeric=False, tidy=False)
    assert bar.parameter == "p" and same(bar, root((1 - p) * v - p * cA, 0, p))
    assert same(bar, v / (v + cA))
    result = dt.solve(game)
    assert result.concept == "nash"
    credible = [eq for eq in result.equilibria if eq.subgame_perfect]
    assert [dict(eq.outcomes) for eq in credible] == [
        {"war": Fraction(3, 10), "abandoned": Fraction(7, 10)}
    ]


def test_brinkmanship_window_of_risk() -> None:
    # Schelling (1960), ch. 8; Powell (1990): at the brink the challenger backs down when
    # -b > r*(-cC) + (1 - r)*v, r > (v + b)/(v + cC); the defender runs the risk while
    # r*(-cD) + (1 - r)*s > -v, r < (v + s)/(cD + s).
    r, v, b, s, cC, cD = sym("r v b s cC cD")
    low = threshold("brinkmanship", "r")
    high = threshold("brinkmanship", "r", direction="greatest")
    assert same(low, root(-b, r * (-cC) + (1 - r) * v, r))
    assert same(high, root(r * (-cD) + (1 - r) * s, -v, r))
    assert same(low, (v + b) / (v + cC)) and same(high, (v + s) / (cD + s))
    assert (low.value, high.value) == (Fraction(3, 8), Fraction(1, 2))
