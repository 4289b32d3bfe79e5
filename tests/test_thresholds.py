"""Thresholds: the literature's closed forms reproduced, symbolic = numeric, and the switch
really happens at the threshold."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import deterrence as dt
from deterrence.analysis import solve_along
from deterrence.game.parameters import resolve_values

MODELS = Path(__file__).resolve().parent / "reference_models"
STEP = Fraction(1, 10**6)


def sym(game, name: str) -> sympy.Symbol:
    return next(p.symbol for p in game.parameters if p.name == name)


def test_extended_deterrence_min_credibility_closed_form() -> None:
    # Shared case extended_deterrence_min_credibility (Huth 1988; Signorino & Tarar 2006):
    # p* = (U_A(BD) - U_A(SQ)) / (U_A(BD) - U_A(War)) = 0.4 at U = (0, 1, -1.5).
    game = dt.load(MODELS / "extended-immediate-deterrence.toml")
    result = dt.min_credibility(game, deterred=["SQ"])
    assert result.status == "threshold"
    assert result.value == sympy.Rational(2, 5)
    sq, bd, war = (sym(game, n) for n in ("sq", "bd", "war"))
    assert sympy.simplify(result.symbolic - (bd - sq) / (bd - war)) == 0
    assert result.numeric == pytest.approx(0.4, abs=1e-9)


def test_classic_audience_cost_closed_form() -> None:
    # Shared case classic_audience_cost_threshold (Zagare & Kilgour 1993; Fearon 1994): the
    # challenger's threat to fight becomes credible, and the defender concedes, once the audience
    # cost exceeds a* = cCh - b (= 1 at the case's numbers); at a* itself the challenger is
    # indifferent, and one tie-break already gives the challenger its win.
    game = dt.load("classic-deterrence")
    result = dt.threshold(game, "a", ["W"])
    assert result.value == 1 and result.attained is True
    assert sympy.simplify(result.symbolic - (sym(game, "cCh") - sym(game, "b"))) == 0
    assert result.numeric == pytest.approx(1, abs=1e-9)


def test_schelling_min_risk_closed_form() -> None:
    # Shared case schelling_powell_min_risk (Schelling 1960, ch. 8): q* = g / (g + c) = 1/4.
    game = dt.load(MODELS / "threat-that-leaves-something-to-chance.toml")
    result = dt.threshold(game, "q", ["complied"], g=1, c=3)
    assert result.value == sympy.Rational(1, 4)
    g, c = sym(game, "g"), sym(game, "c")
    assert sympy.simplify(result.symbolic - g / (g + c)) == 0


def test_bundled_extended_deterrence_min_credibility_and_statics() -> None:
    game = dt.load("extended-deterrence")
    result = dt.min_credibility(game)
    assert (result.status, result.value, result.attained) == (
        "threshold",
        sympy.Rational(7, 10),
        True,
    )
    v, w, w_d, c_a, e = (sym(game, n) for n in ("v", "w", "wD", "cA", "e"))
    assert sympy.simplify(result.symbolic - (w * v - c_a - e) / ((w - w_d) * v)) == 0
    # Comparative statics: a costlier war or escalation for the attacker lowers the bar.
    assert result.derivative("cA").sign == "negative"
    assert result.derivative("e").sign == "negative"
    # With these values the free defender abandons whatever the audience cost up to the
    # condition reported, so the bar does not depend on a there.
    assert result.derivative("a").sign == "zero"
    assert any("a" in {s.name for s in c.free_symbols} for c in result.conditions)


def test_compiled_threshold_is_vectorised() -> None:
    import numpy as np

    result = dt.min_credibility(dt.load("extended-deterrence"))
    evaluate = result.compiled()
    grid = np.linspace(0.3, 0.5, 1000)
    values = evaluate(v=1.0, w=0.8, wD=0.3, cA=grid, e=0.05)
    assert values.shape == (1000,)
    assert values[0] == pytest.approx((0.8 - 0.3 - 0.05) / 0.5)


def test_status_always_and_never() -> None:
    game = dt.load("extended-deterrence")
    assert dt.min_credibility(game, v=0).status == "always"  # nothing to gain by attacking
    never = dt.min_credibility(game, w=1, wD=1, cA=0, e=0)
    assert never.status == "never" and never.value is None


def test_unknown_outcome_and_undecidable_games_are_refused() -> None:
    with pytest.raises(dt.SolverError, match="unknown outcome"):
        dt.threshold(dt.load("classic-deterrence"), "a", ["Q"])
    from deterrence.spec import load_spec

    root = Path(__file__).resolve().parents[1]
    text = (root / "models" / "extended-deterrence.toml").read_text()
    # The pledge as the defender's private type: three players, imperfect information.
    three_players = load_spec(
        "typed.toml", text=text.replace('kind = "automatic"', 'kind = "type"')
    )
    assert len(three_players.players) == 3 and not three_players.is_perfect_information
    with pytest.raises(NotImplementedError, match="two-player games"):
        dt.analyse(three_players, over="p")


def test_zk_rudimentary_threshold_in_closed_form() -> None:
    # Shared case zk_rudimentary_threshold: Zagare & Kilgour (2000), Perfect Deterrence, app. 3.
    # A does not know B's type, so the game is solved through its normal form (symbolic support
    # enumeration): every Nash equilibrium deters once pB > pB* = (aDC - aSQ)/(aDC - aDD) = 1/3.
    game = dt.load(MODELS / "rudimentary-asymmetric-deterrence.toml")
    result = dt.min_credibility(game, deterred=["SQ"])
    assert result.status == "threshold" and result.value == sympy.Rational(1, 3)
    a_dc, a_sq, a_dd = (sym(game, n) for n in ("aDC", "aSQ", "aDD"))
    assert sympy.simplify(result.symbolic - (a_dc - a_sq) / (a_dc - a_dd)) == 0
    assert result.numeric == pytest.approx(1 / 3, abs=1e-9)
    # At pB* itself A is indifferent and may still challenge: deterrence is not attained there.
    assert result.attained is False


def test_chicken_mixed_equilibrium_as_a_function_of_the_crash_cost() -> None:
    # Shared case chicken_mixed_equilibrium: in the symmetric mixed equilibrium of Chicken each
    # side goes straight with probability 1/L (here (1 - e)/L with the escalation cost e).
    game = dt.load("chicken")
    solution = dt.analyse(game, over="L")
    (piece,) = solution.pieces
    mixed = [eq for eq in piece.equilibria if len(eq.strategies[0]) == 2]
    (eq,) = mixed
    crash, e = sym(game, "L"), sym(game, "e")
    for strategy in eq.strategies:
        assert sympy.simplify(strategy["straight"] - (1 - e) / crash) == 0


def _draw(game, rng: random.Random, skip: str) -> dict[str, Fraction]:
    """Random rational values around the defaults, within the declared bounds (far from the
    defaults most models are deterred always or never, which tests nothing interior)."""
    values = {}
    for p in game.parameters:
        if p.name == skip:
            continue
        default = p.value or Fraction(0)
        spread = max(abs(default) / 2, Fraction(1, 10))
        lo = max(p.lower, default - spread) if p.lower is not None else default - spread
        hi = min(p.upper, default + spread) if p.upper is not None else default + spread
        values[p.name] = lo + (hi - lo) * Fraction(rng.randint(1, 999), 1000)
    return values


CASES = [
    ("extended-deterrence", None, None),
    ("classic-deterrence", "a", ["W"]),
    ("audience-cost-crisis", "a", ["concession"]),
    ("audience-cost-crisis", "q", ["concession"]),
    (str(MODELS / "threat-that-leaves-something-to-chance.toml"), "q", ["complied"]),
    (str(MODELS / "extended-immediate-deterrence.toml"), "p", ["SQ"]),
]


@pytest.mark.parametrize(("model", "param", "outcomes"), CASES)
def test_symbolic_equals_numeric_and_the_switch_is_real(model, param, outcomes) -> None:
    game = dt.load(model)
    name = param or next(p.name for p in game.parameters if p.role == "credibility")
    wanted = outcomes or ["status_quo"]
    rng = random.Random(2026)
    interior = 0
    for _ in range(15):
        values = _draw(game, rng, name)
        result = dt.threshold(game, name, wanted, values=values)
        if result.status != "threshold":
            continue
        interior += 1
        substitutions = {
            sym(game, k): sympy.Rational(v.numerator, v.denominator) for k, v in values.items()
        }
        if result.symbolic is not None and all(
            bool(c.xreplace(substitutions)) for c in result.conditions
        ):
            assert sympy.simplify(result.symbolic.xreplace(substitutions) - result.value) == 0
        assert result.numeric == pytest.approx(float(result.value), abs=1e-9)
        if result.value.is_Rational:
            star = Fraction(int(result.value.p), int(result.value.q))
            above = dt.solve(game, "spe", values={**values, name: star + STEP}, cross_check=False)
            below = dt.solve(game, "spe", values={**values, name: star - STEP}, cross_check=False)
            assert all(set(e.outcomes) <= set(wanted) for e in above.equilibria)
            assert not any(set(e.outcomes) <= set(wanted) for e in below.equilibria)
    assert interior, "no draw gave an interior threshold: the test would prove nothing"


@pytest.mark.parametrize(
    "model", ["classic-deterrence", "extended-deterrence", "audience-cost-crisis"]
)
def test_pieces_cover_the_range_and_agree_with_the_solver(model) -> None:
    game = dt.load(model)
    for param in game.parameters:
        fixed = resolve_values(game.parameters)
        solution = solve_along(game, param.name, fixed)
        pieces = solution.pieces
        assert pieces[0].lower == (param.lower if param.lower is not None else -sympy.oo)
        for left, right in itertools.pairwise(pieces):
            assert left.upper == right.lower  # no gap, no overlap
        for piece in pieces:
            # The exact solver at the piece's witness point plays as the piece says.
            at = {**fixed, param.name: Fraction(int(piece.witness.p), int(piece.witness.q))}
            (eq,) = dt.solve(game, "spe", values=at, cross_check=False).equilibria
            symbols = {
                sym(game, k): sympy.Rational(v.numerator, v.denominator) for k, v in at.items()
            }
            expected = {k: v.xreplace(symbols) for k, v in piece.outcomes.items()}
            assert {
                k: sympy.Rational(v.numerator, v.denominator) for k, v in eq.outcomes.items()
            } == {k: v for k, v in expected.items() if v != 0}


def test_greatest_value_direction() -> None:
    # In the audience-cost crisis a weaker state (small q) is deterred from threatening: the
    # status quo holds up to the greatest q at which the state would still back down.
    game = dt.load("audience-cost-crisis")
    result = dt.threshold(game, "q", ["status_quo"], direction="greatest")
    c_t, v = sym(game, "cT"), sym(game, "v")
    assert result.status == "threshold"
    assert result.value == sympy.Rational(3, 10)
    assert result.numeric == pytest.approx(0.3, abs=1e-9)
    assert sympy.simplify(result.symbolic - (v - c_t) / v) == 0


def test_indifference_over_a_whole_interval_keeps_every_tie_break() -> None:
    # At cA = 1/2, e = 0 the free defender is indifferent between defending and abandoning for
    # every p: both tie-breaks are SPE, and deterrence holds in all of them only from p = 3/5.
    game = dt.load("extended-deterrence")
    result = dt.min_credibility(game, cA="0.5", e=0)
    assert result.value == sympy.Rational(3, 5)
    assert result.numeric == pytest.approx(0.6, abs=1e-9)
    assert all(piece.ties for piece in result.solution.pieces)


def test_conditions_include_the_direction_of_the_switch() -> None:
    # Where w < wD the same expression marks where deterrence stops, not where it starts: the
    # conditions must rule that case out (one of them is false there).
    game = dt.load("extended-deterrence")
    result = dt.min_credibility(game)
    there = {sym(game, "w"): sympy.Rational(1, 5), sym(game, "wD"): sympy.Rational(4, 5)}
    fixed = {
        sym(game, k): sympy.Rational(v.numerator, v.denominator) for k, v in result.fixed.items()
    }
    assert not all(bool(c.xreplace({**fixed, **there})) for c in result.conditions)


def test_direction_is_validated_and_unbounded_scans_say_unknown() -> None:
    game = dt.load("classic-deterrence")
    with pytest.raises(dt.SolverError, match="direction"):
        dt.threshold(game, "a", ["W"], direction="upwards")
    # W holds for every a above 1, up to infinity: the scan window's edge is no answer.
    greatest = dt.threshold(game, "a", ["W"], direction="greatest")
    assert greatest.status == "always" and greatest.numeric is None


@pytest.mark.parametrize(
    ("model", "over"),
    [
        ("extended-deterrence", ["p", "a"]),
        ("classic-deterrence", ["a", "cCh"]),
        ("audience-cost-crisis", ["a", "q"]),
    ],
)
def test_regions_over_two_parameters_are_exact_and_disjoint(model, over) -> None:
    # Every random point lies in exactly one region (or on a boundary), and the solver's
    # equilibrium there is that region's play.
    game = dt.load(model)
    result = dt.analyse(game, over=over)
    assert result.regions and result.complete  # two parameters: a cylindrical decomposition
    rng = random.Random(7)
    fixed = resolve_values(game.parameters)
    covered = 0
    for _ in range(40):
        point = _draw(game, rng, skip="")
        point = {k: v for k, v in point.items() if k in over}
        holding = [
            r
            for r in result.regions
            if all(
                bool(
                    c.xreplace(
                        {
                            sym(game, k): sympy.Rational(v.numerator, v.denominator)
                            for k, v in {**fixed, **point}.items()
                        }
                    )
                )
                for c in r.conditions
            )
        ]
        assert len(holding) <= 1
        equilibria = dt.solve(game, "spe", values={**fixed, **point}, cross_check=False).equilibria
        if len(equilibria) > 1:
            assert not holding  # a tie: the point is on a boundary, in no open region
            continue
        (eq,) = equilibria
        covered += bool(holding)
        if holding:
            symbols = {
                sym(game, k): sympy.Rational(v.numerator, v.denominator)
                for k, v in {**fixed, **point}.items()
            }
            expected = {k: v.xreplace(symbols) for k, v in holding[0].outcomes.items()}
            assert {
                k: sympy.Rational(v.numerator, v.denominator) for k, v in eq.outcomes.items()
            } == {k: v for k, v in expected.items() if v != 0}
    assert covered >= 35, "random points should fall inside the regions found"


def test_a_threshold_found_at_a_tie_holds_only_on_that_tie() -> None:
    # Extended deterrence at a = 3/20 exactly: the free defender is indifferent between
    # defending and abandoning (a tie, not a switch). p* = 7/10 there, but only there: just
    # above 3/20 the defender keeps its word and deterrence holds at every p. The conditions
    # must say so, or the closed form would claim every a.
    game = dt.load("extended-deterrence")
    result = dt.threshold(game, "p", ["status_quo"], values={"a": "3/20"}, numeric=False)
    assert result.status == "threshold" and result.value == sympy.Rational(7, 10)
    equations = [c for c in result.conditions if isinstance(c, sympy.Equality)]
    assert equations and all(sym(game, "a") in c.free_symbols for c in equations)
    above = dt.min_credibility(game, a="0.16")
    assert above.status == "always"
    a = sym(game, "a")
    values = {s: sympy.Rational(str(v)) for s, v in [(a, "0.16")]}
    assert not all(
        bool(
            c.xreplace(
                {
                    **values,
                    **{
                        sym(game, k): sympy.Rational(v.numerator, v.denominator)
                        for k, v in above.fixed.items()
                        if k != "a"
                    },
                }
            )
        )
        for c in equations
    )


TWO_NODES = """
[model]
id = "two-nodes"
[players]
A = "A"
D = "D"
[parameters]
x = { value = 0.9, min = 0, max = 1, role = "credibility" }
y = { value = -0.5, min = -1, max = 1 }
[tree]
root = "n"
[tree.n]
player = "A"
actions = { hold = "status_quo", attack = "d" }
[tree.d]
player = "D"
actions = { fight = "war", yield = "conquest" }
[outcomes.status_quo]
A = "0"
D = "0"
[outcomes.war]
A = "-1"
D = "y - x"
[outcomes.conquest]
A = "1/2 - x"
D = "0"
"""


def test_the_conditions_cover_the_range_below_the_threshold(tmp_path) -> None:
    # The defender fights when y > x, which deters; if it yields, the attacker is deterred
    # once x > 1/2. At y = -1/2 the defender yields all along and x* = 1/2. But for y > 0 it
    # fights at every x < y, so deterrence holds from x = 0 on: the closed form 1/2 holds only
    # where y <= 0, and the conditions must say so, not only what happens at the switch.
    spec = tmp_path / "two.toml"
    spec.write_text(TWO_NODES)
    game = dt.load(spec)
    result = dt.min_credibility(game, y="-1/2", numeric=False)
    assert result.status == "threshold" and result.value == sympy.Rational(1, 2)
    assert result.conditions_complete
    y = sym(game, "y")
    points = (sympy.Integer(-1), sympy.Integer(0), sympy.Rational(3, 10))
    holds = [all(bool(c.xreplace({y: v})) for c in result.conditions) for v in points]
    assert holds == [True, True, False]
    assert dt.min_credibility(game, y="3/10", numeric=False).status == "always"


def test_conditions_below_the_threshold_not_linear_are_flagged(tmp_path) -> None:
    # The attacker's gain (x - y)(x - 1/2)(x - 3/4) is cubic in x: whether it keeps its sign
    # below the threshold cannot be certified from linear pieces, and the result says so.
    spec = tmp_path / "cubic.toml"
    spec.write_text(
        """
[model]
id = "cubic"
[players]
A = "A"
[parameters]
x = { value = 0.5, min = 0, max = 1, role = "credibility" }
y = { value = 0.1, min = 0, max = 1 }
[tree]
root = "n"
[tree.n]
player = "A"
actions = { hold = "status_quo", attack = "war" }
[outcomes.status_quo]
A = "0"
[outcomes.war]
A = "-(x - y)*(x - 1/2)*(x - 3/4)"
"""
    )
    result = dt.min_credibility(dt.load(spec), numeric=False)
    # Deterred from x = y = 1/10 on (up to 3/4): the attacker's comparison switches at x = y.
    assert result.status == "threshold" and str(result.symbolic) == "y"
    assert not result.conditions_complete
    assert any("checked at the given values only" in note for note in result.notes)


def test_the_threshold_piecewise_in_another_parameter_equals_the_exact_answers() -> None:
    # Extended deterrence, p* as a function of the attacker's cost of war cA: never below
    # cA = 1/4 (p* would exceed 1), (v*w - cA - e)/(v*(w - wD)) = 3/2 - 2*cA up to 3/5, then
    # 3/10 where the protégé's own switch decides (it yields below p = 3/10).
    game = dt.load("extended-deterrence")
    bar = dt.min_credibility(game, numeric=False)
    cA = sym(game, "cA")
    piecewise = bar.piecewise("cA")
    assert piecewise.subs(cA, sympy.Rational(2, 5)) == sympy.Rational(7, 10)
    assert piecewise.subs(cA, sympy.Rational(1, 2)) == sympy.Rational(1, 2)
    assert piecewise.subs(cA, 2) == sympy.Rational(3, 10)
    for k in range(1, 24, 2):
        value = sympy.Rational(k, 20) + sympy.Rational(1, 97)  # off the switch points
        exact = dt.min_credibility(
            game, cA=Fraction(int(value.p), int(value.q)), numeric=False, tidy=False
        )
        got = piecewise.subs(cA, value)
        if exact.status == "never":
            assert got is sympy.nan
        else:
            assert got == exact.value, (value, got, exact.value)


def test_always_and_never_come_with_the_conditions_under_which_they_hold() -> None:
    game = dt.load("extended-deterrence")
    high = dt.min_credibility(game, a=5, numeric=False)  # the free defender keeps its word
    assert high.status == "always" and high.conditions_complete and high.conditions
    low = dt.min_credibility(game, cA="1/5", numeric=False)  # p* would be 11/10
    assert low.status == "never" and low.conditions_complete and low.conditions
    a = sym(game, "a")
    at = {
        sym(game, k): sympy.Rational(v.numerator, v.denominator)
        for k, v in high.fixed.items()
        if k != "a"
    }
    holds = [all(bool(c.xreplace({**at, a: v})) for c in high.conditions) for v in (1, 0)]
    assert holds == [True, False]  # a = 0: the defender abandons, deterrence is not given


def test_latex_writes_every_parameter_by_its_symbol() -> None:
    # Tripwire (Schelling 1966): n* = (cD - v)/k. Its spec declares no symbols, so the
    # defaults apply: cD is c_{D}, never the product "cD" LaTeX would typeset.
    from deterrence.report.threshold import threshold_to_dict, threshold_to_latex, threshold_to_text

    result = dt.threshold(dt.load("tripwire"), "n", ["status_quo"], numeric=False)
    assert result.latex == r"\frac{c_{D} - v}{k}"
    latex = threshold_to_latex(result)
    assert latex.startswith(r"\[ n^* = \frac{c_{D} - v}{k} \quad \text{where}")
    assert r"\frac{\partial n^*}{\partial c_{D}} = \frac{1}{k} > 0" in latex
    assert "cD" not in latex and "cA" not in latex
    data = threshold_to_dict(result)
    assert data["latex"] == result.latex and data["derivatives"]["cD"]["latex"] == r"\frac{1}{k}"
    assert all("c_{D}" in s["latex"] or "cD" not in s["latex"] for s in data["comparative_statics"])
    # Text keeps the names a reader types back, and outcomes by their display names.
    text = threshold_to_text(result)
    assert "closed form: n* = (cD - v)/k" in text and "reaches only status quo" in text


def test_declared_symbols_reach_the_comparative_statics() -> None:
    result = dt.min_credibility(dt.load("extended-deterrence"), numeric=False)
    assert result.derivative("cA").latex_statement() == (
        r"\frac{\partial p^*}{\partial c_A} = - \frac{1}{v \left(w - w_D\right)} < 0"
    )
    assert (
        result.derivative("wD").latex_statement().startswith(r"\frac{\partial p^*}{\partial w_D}")
    )


def test_the_piecewise_threshold_in_latex() -> None:
    from deterrence.report.threshold import piecewise_to_dict, piecewise_to_latex

    result = dt.min_credibility(dt.load("extended-deterrence"), numeric=False)
    along = result.piecewise("wD")
    latex = piecewise_to_latex(result, "wD", along)
    assert latex.startswith(r"\[ p^*(w_D) = \begin{cases} ") and "wD" not in latex
    assert "NaN" not in latex and r"\text{if }" in latex
    entries = piecewise_to_dict("wD", along, result.notation)
    assert all("wD" not in e["where_latex"] and "w_D" in e["where_latex"] for e in entries)
