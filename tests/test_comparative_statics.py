"""Comparative statics: the sign of a threshold's derivative over the whole region where its
closed form applies, proved, shown to change with exact witnesses, or left undecided."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import deterrence as dt
from deterrence.analysis.comparative_statics import Domain
from deterrence.game.parameters import Parameter
from deterrence.spec import load_spec

MODELS = Path(__file__).resolve().parent / "reference_models"
SCHELLING = MODELS / "threat-that-leaves-something-to-chance.toml"
STEP = sympy.Rational(1, 10**9)


def sym(game, name: str) -> sympy.Symbol:
    return next(p.symbol for p in game.parameters if p.name == name)


def region_points(result, count: int, seed: int) -> list[dict[sympy.Symbol, sympy.Rational]]:
    """Random exact points of the region where the closed form applies, drawn in the declared
    bounds (near the given values on unbounded sides) and kept where every condition holds."""
    rng = random.Random(seed)
    game = result.solution.game
    points: list[dict[sympy.Symbol, sympy.Rational]] = []
    for _ in range(200 * count):
        point = {}
        for p in game.parameters:
            if p.name == result.parameter:
                continue
            given = Fraction(result.fixed[p.name])
            lo = p.lower if p.lower is not None else given - 2 * abs(given) - 1
            hi = p.upper if p.upper is not None else given + 2 * abs(given) + 1
            x = lo + (hi - lo) * Fraction(rng.randint(0, 1000), 1000)
            point[p.symbol] = sympy.Rational(x.numerator, x.denominator)
        if result.region.contains(point):
            points.append(point)
            if len(points) == count:
                break
    assert len(points) == count, "too few points of the region found: the test would be weak"
    return points


def agrees_with_finite_differences(result, name: str, sign: str, points) -> None:
    """At each point the exact derivative and a forward difference of the closed form have the
    sign claimed over the region (strictly for positive/negative)."""
    x = sym(result.solution.game, name)
    derivative = result.derivative(name).expression
    for point in points:
        exact = derivative.xreplace(point)
        moved = {**point, x: point[x] + STEP}
        difference = (result.symbolic.xreplace(moved) - result.symbolic.xreplace(point)) / STEP
        for value in (exact, difference):
            if sign == "positive":
                assert value > 0, (name, point)
            elif sign == "negative":
                assert value < 0, (name, point)
            elif sign == "nonnegative":
                assert value >= 0, (name, point)
            elif sign == "nonpositive":
                assert value <= 0, (name, point)
            else:
                assert value == 0, (name, point)


def test_extended_deterrence_statics_over_the_region() -> None:
    # Huth (1988); Signorino & Tarar (2006): p* = (v*w - cA - e) / (v*(w - wD)). Wherever it
    # applies a costlier war or escalation lowers the bar; more to win, a better chance
    # against the protege alone, or a worse chance against the defender raise it. The
    # signs of w, wD and v follow only from the conditions (p* < 1 gives cA + e > v*wD;
    # p* > 0 gives v*w > cA + e; the direction of the switch gives w > wD), not from the bounds.
    game = dt.load("extended-deterrence")
    result = dt.min_credibility(game)
    expected = {
        "cA": "negative",
        "e": "negative",
        "v": "positive",
        "w": "positive",
        "wD": "positive",
        "a": "zero",
        "cP": "zero",
        "cD": "zero",
    }
    points = region_points(result, 25, seed=7)
    for name, sign in expected.items():
        d = result.derivative(name)
        assert d.sign_over_region == sign, name
        agrees_with_finite_differences(result, name, sign, points)
    # The pointwise sign at the given values is kept beside it.
    assert result.derivative("cA").sign == "negative"
    assert result.derivative("cA").value == -2


def test_extended_deterrence_statics_of_the_other_closed_form() -> None:
    # With a costlier war for the attacker (cA = 0.65) the bar is where the protege starts to
    # resist, p* = (cP + e + v*w - v)/(v*(w - wD)): the protege's costs raise it, and v lowers
    # it (p* > 0 gives cP + e > v*(1 - w) >= 0).
    game = dt.load("extended-deterrence")
    result = dt.min_credibility(game, cA="0.65")
    expected = {"cP": "positive", "e": "positive", "v": "negative", "w": "positive"}
    points = region_points(result, 20, seed=11)
    for name, sign in expected.items():
        assert result.derivative(name).sign_over_region == sign, name
        agrees_with_finite_differences(result, name, sign, points)


def test_audience_cost_statics_with_a_zero_on_the_boundary() -> None:
    # Fearon (1994): the least audience cost that makes the state's threat stick (the target
    # concedes) is a* = cS - k - q*v. It falls with the state's power q (v > 0 is a condition)
    # and with v, but d a*/dv = -q vanishes at q = 0, a declared bound inside the region.
    game = dt.load("audience-cost-crisis")
    result = dt.threshold(game, "a", ["concession"])
    assert result.derivative("q").sign_over_region == "negative"
    assert result.derivative("k").sign_over_region == "negative"
    assert result.derivative("cS").sign_over_region == "positive"
    dv = result.derivative("v")
    assert (dv.sign_over_region, dv.sign) == ("nonpositive", "negative")
    assert dv.region is not None and dv.region.boundary_only is True
    # The zero is real: q = 0 with the other values given lies in the region.
    at_zero = {
        p.symbol: sympy.Rational(str(v))
        for p in game.parameters
        if (v := result.fixed.get(p.name)) is not None
    }
    at_zero[sym(game, "q")] = sympy.Integer(0)
    at_zero[sym(game, "cT")] = sympy.Integer(2)  # keeps cT + q*v - v > 0 at q = 0
    assert result.region.contains(at_zero) and dv.expression.xreplace(at_zero) == 0
    points = region_points(result, 20, seed=3)
    for name in ("q", "k", "cS", "v"):
        agrees_with_finite_differences(
            result, name, result.derivative(name).sign_over_region, points
        )


def test_schelling_min_risk_statics() -> None:
    # Schelling (1960, ch. 8): q* = g/(g + c). A bigger gain from defiance needs more risk, a
    # bigger disaster less: q* > 0 and q* < 1 make g and c positive in the region.
    game = dt.load(SCHELLING)
    result = dt.threshold(game, "q", ["complied"], g=1, c=3)
    assert result.derivative("g").sign_over_region == "positive"
    assert result.derivative("c").sign_over_region == "negative"
    points = region_points(result, 20, seed=5)
    agrees_with_finite_differences(result, "g", "positive", points)
    agrees_with_finite_differences(result, "c", "negative", points)


def test_extended_immediate_deterrence_statics() -> None:
    # Shared case extended_deterrence_min_credibility: p* = (bd - sq)/(bd - war), decreasing in
    # the status quo's worth, increasing in the prize bd and in the attacker's war payoff.
    game = dt.load(MODELS / "extended-immediate-deterrence.toml")
    result = dt.min_credibility(game, deterred=["SQ"])
    expected = {"sq": "negative", "bd": "positive", "war": "positive"}
    points = region_points(result, 20, seed=13)
    for name, sign in expected.items():
        assert result.derivative(name).sign_over_region == sign, name
        agrees_with_finite_differences(result, name, sign, points)


def test_a_derivative_that_changes_sign_gives_exact_witnesses() -> None:
    # The Schelling threat with a gain from defiance g*h*(2 - h) that peaks at h = 1: the risk
    # needed rises with h below 1 and falls above it, within the region.
    text = SCHELLING.read_text()
    text = text.replace(
        "[parameters]\n",
        '[parameters]\nh = { value = 0.5, min = 0, max = 2, doc = "shape of the gain" }\n',
    ).replace('T = "g"', 'T = "g*h*(2 - h)"')
    game = load_spec("peaked-gain.toml", text=text)
    result = dt.threshold(game, "q", ["complied"])
    d = result.derivative("h")
    assert d.sign_over_region == "changes sign" and d.region is not None
    up, down = d.region.witnesses
    for witness, positive in ((up, True), (down, False)):
        point = {sym(game, k): v for k, v in witness.items()}
        assert result.region.contains(point)
        assert (
            (d.expression.xreplace(point) > 0) is sympy.true
            if positive
            else (d.expression.xreplace(point) < 0) is sympy.true
        )
    assert "changes sign" in d.summary()
    # The other signs are still decided: 0 < h < 2 follows from q* > 0.
    assert result.derivative("g").sign_over_region == "positive"
    assert result.derivative("c").sign_over_region == "negative"


def test_undecided_rather_than_wrong() -> None:
    # x**2 + y**2 - 10**-12 is negative only within 10**-6 of the corner (0, 0) of the box: no
    # proof of positivity exists and no sampled point finds the negative part, so the answer
    # must be "undecided", never "positive".
    x = Parameter("x", Fraction(1, 2), Fraction(0), Fraction(1))
    y = Parameter("y", Fraction(1, 2), Fraction(0), Fraction(1))
    region = Domain([x, y], values={"x": Fraction(1, 2), "y": Fraction(1, 2)})
    answer = region.sign(x.symbol**2 + y.symbol**2 - sympy.Rational(1, 10**12))
    assert answer.sign == "undecided"
    assert "cannot sign" in answer.reason
    # And the sign really does change in the box.
    assert region.contains({x.symbol: 0, y.symbol: 0})
    # Unbounded parameters leave the bounds nothing to work with either.
    u, v = Parameter("u", Fraction(1)), Parameter("v", Fraction(2))
    free = Domain([u, v], values={"u": Fraction(1), "v": Fraction(2)})
    assert free.sign(u.symbol**2 - u.symbol * v.symbol + v.symbol**2 + 1).sign == "undecided"
    assert free.sign(u.symbol - v.symbol).sign == "changes sign"


@pytest.mark.parametrize(
    ("expression", "conditions", "sign"),
    [
        ("x*(1 - x)", [], "nonnegative"),
        ("x - 2", [], "negative"),
        ("(x - y)**2", [], "nonnegative"),
        ("x - y", ["x - y > 0"], "positive"),
        ("1/(x - y)", ["(x - y)*(y + 1) < 0"], "negative"),
        ("x + y - 1/10", ["x + y - 1/5 > 0"], "positive"),
        ("x**2 - 1/2", [], "changes sign"),
        ("y*(x - 1/4)", ["x - 1/2 > 0"], "nonnegative"),
    ],
)
def test_signs_on_a_small_box(expression: str, conditions: list[str], sign: str) -> None:
    # x in [0, 1], y >= 0: each answer checked at random exact points too.
    x = Parameter("x", Fraction(3, 4), Fraction(0), Fraction(1))
    y = Parameter("y", Fraction(1, 4), Fraction(0))
    names = {"x": x.symbol, "y": y.symbol}
    region = Domain(
        [x, y],
        [sympy.sympify(c, locals=names) for c in conditions],
        values={"x": Fraction(3, 4), "y": Fraction(1, 4)},
    )
    f = sympy.sympify(expression, locals=names)
    answer = region.sign(f)
    assert answer.sign == sign
    rng = random.Random(1)
    for _ in range(300):
        point = {
            x.symbol: sympy.Rational(rng.randint(0, 100), 100),
            y.symbol: sympy.Rational(rng.randint(0, 300), 100),
        }
        if not region.contains(point) or (value := f.xreplace(point)).is_finite is not True:
            continue
        if sign == "positive":
            assert value > 0
        elif sign == "negative":
            assert value < 0
        elif sign == "nonnegative":
            assert value >= 0


def test_statics_in_words_and_latex() -> None:
    result = dt.min_credibility(dt.load("extended-deterrence"))
    d = result.derivative("cA")
    assert d.words().startswith(
        "the minimum credibility p* falls as cA (attacker's cost of war) rises, wherever the "
        "closed form applies (v ≥ 0, 0 ≤ w ≤ 1"
    )
    assert d.latex_statement() == (
        r"\frac{\partial p^*}{\partial c_A} = - \frac{1}{v \left(w - w_D\right)} < 0"
    )
    assert d.summary() == "dp*/dcA < 0: p* falls as cA rises"
    assert result.derivative("a").summary() == "dp*/da = 0: p* does not depend on a"
