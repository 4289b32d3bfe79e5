"""The numeric path along a parameter equals the exact one.

The numeric path (a scan of the range with the exact point solver, bisection of every change
of play, scipy's ``brentq`` on a payoff difference computed by instantiating the game) shares
nothing with the symbolic path; here its switch points and its threshold are checked against
the exact ones on every bundled model and every reference model, at random draws of the other
parameters within their declared bounds.
"""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import deterrence as dt
import deterrence.analysis.threshold
from deterrence.analysis.numeric import SCAN_POINTS, NumericPath, numeric_path
from deterrence.cli.main import main
from deterrence.game.parameters import resolve_values
from deterrence.game.tree import ExtensiveGame
from deterrence.load import bundled_models
from deterrence.report.threshold import threshold_to_dict, threshold_to_text
from deterrence.spec import load_spec

MODELS = Path(__file__).resolve().parent / "reference_models"
threshold_module = deterrence.analysis.threshold
DRAWS = 10
AGREE = 1e-9

# The parameter each model is analysed along, the outcomes that count as success, and the
# threshold the literature gives for it.
CASES = {
    # Huth (1988); Signorino & Tarar (2006): p* = (v·w − cA − e)/(v·(w − wD)), the least
    # probability that the pledge binds that deters the attacker.
    "extended-deterrence": ("p", ["status_quo"]),
    # Zagare & Kilgour (1993); Fearon (1994), shared case classic_audience_cost_threshold:
    # a* = cCh − b. The model has no credibility parameter and `a` no upper bound, so the scan
    # covers the window [0, 10].
    "classic-deterrence": ("a", ["W"]),
    # Fearon (1994): the target concedes once the state is strong enough, q* = (cS − k − a)/v.
    # No credibility parameter; q is the one with both bounds declared.
    "audience-cost-crisis": ("q", ["concession"]),
    # Rapoport & Chammah (1966), shared case chicken_mixed_equilibrium: the mixed equilibrium
    # (each goes straight with probability (1 − e)/L) exists only while the escalation cost e
    # is below 1; from there on both swerve. No parameter has two declared bounds; e is the
    # one along which the equilibria change.
    "chicken": ("e", ["compromise"]),
    # The alliance models (issue 12); each closed form is also derived by hand from the
    # payoffs in tests/test_alliance_models.py.
    # Schelling (1966), ch. 2, the tripwire: the patron defends once abandoning its troops
    # costs more than the war, n* = (cD − v)/k. No upper bound on n: the scan covers [0, 10].
    "tripwire": ("n", ["status_quo"]),
    # Morrow (1993), arms versus allies: the least transfer that deters, t* = 1 − cA/((1 − q0)·v).
    "capability-sharing": ("t", ["status_quo"]),
    # Schelling (1966), salami tactics; Benson (2012): the probe is deterred once the treaty
    # covers it with probability q* = s/(s + c).
    "trigger-scope": ("q", ["status_quo"]),
    # Snyder (1984): the adversary is deterred for p > v/(v + cA), the protégé restrained for
    # p < l/(g + l); the least p at which the peace holds is the first.
    "entrapment-abandonment": ("p", ["status_quo"]),
    # Fearon (1997); Morrow (2000): without an audience cost (informal, the default a = 0) the
    # pledge must bind with p* = v/(v + cA).
    "formal-vs-informal": ("p", ["status_quo"]),
    # Pressman (2008); Fang, Johnson & Leeds (2014): with a vetoing partner the clause must
    # bind with p* = v/(v + (1 − r)·b + r·cA); where the partner approves freely (r below
    # s/(s + cR)) the status quo holds whatever p.
    "crisis-consultation": ("p", ["status_quo"]),
    # Smith (1995): in every extreme Nash equilibrium the attacker is deterred once the prior
    # that the ally is reliable exceeds p* = v/(v + cA).
    "alliance-reliability": ("p", ["status_quo"]),
    # Schelling (1960), ch. 8; Powell (1990): the challenger backs down at the brink once the
    # risk of accidental war exceeds r* = (v + b)/(v + cC).
    "brinkmanship": ("r", ["status_quo"]),
    # Shared case extended_deterrence_min_credibility (Huth 1988):
    # p* = (U_A(BD) − U_A(SQ))/(U_A(BD) − U_A(War)).
    str(MODELS / "extended-immediate-deterrence.toml"): ("p", ["SQ"]),
    # Shared case zk_rudimentary_threshold, Zagare & Kilgour (2000), app. 3, solved through its
    # normal form: pB* = (aDC − aSQ)/(aDC − aDD).
    str(MODELS / "rudimentary-asymmetric-deterrence.toml"): ("pB", ["SQ"]),
    # Shared case schelling_powell_min_risk, Schelling (1960), ch. 8: q* = g/(g + c).
    str(MODELS / "threat-that-leaves-something-to-chance.toml"): ("q", ["complied"]),
}


def draw(game, rng: random.Random, skip: str) -> dict[str, Fraction]:
    """Exact rational values of every parameter but ``skip``, within the declared bounds and
    around the defaults (far from them most models are deterred always or never, and the
    range would hold no switch point to compare)."""
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


def exact_switch_points(result: dt.ThresholdResult) -> list[float]:
    """The exact switch points inside the range the numeric path scanned, as floats."""
    assert result.numeric_range is not None
    low, high = (float(v) for v in result.numeric_range)
    points = [float(sympy.N(b, 30)) for b in result.solution.switch_points]
    return [v for v in points if low < v < high]


#: Bundled models with no exact path along a parameter to compare the numeric one with, and
#: why; tests/test_signalling_models.py and tests/test_article5_model.py check their
#: thresholds by solving on both sides of each.
NO_EXACT_PATH = {
    "article-5-volunteers": "three players: exact parametric Nash analysis covers two",
    "tying-hands": (
        "the exact two-player path along a parameter of its reduced normal form does not end "
        "in minutes (issue 14); its concept is pbe, which has no exact path yet"
    ),
    "audience-cost-signalling": "as tying-hands",
}


def test_every_bundled_model_has_a_case() -> None:
    assert set(bundled_models()) - set(NO_EXACT_PATH) <= set(CASES)


RUDIMENTARY = str(MODELS / "rudimentary-asymmetric-deterrence.toml")

# Models with a quick run of a few draws in the default suite and the full DRAWS among the
# slow tests. The exact path of a game solved through its normal form takes about a second a
# draw. The alliance models take half a second a draw or more each, and there are eight of
# them: two draws each by default. crisis-consultation needs three: at the first two draws
# the partner approves freely, the status quo holds for every p and there is no switch point
# to compare.
QUICK = {
    RUDIMENTARY: 3,
    "tripwire": 2,
    "capability-sharing": 2,
    "trigger-scope": 2,
    "entrapment-abandonment": 2,
    "formal-vs-informal": 2,
    "crisis-consultation": 3,
    "alliance-reliability": 2,
    "brinkmanship": 2,
}


def run_id(model: str) -> str:
    return "rudimentary" if model == RUDIMENTARY else Path(model).stem


RUNS = [
    pytest.param(model, case, DRAWS, id=run_id(model))
    for model, case in CASES.items()
    if model not in QUICK
] + [
    run
    for model, draws in QUICK.items()
    for run in (
        pytest.param(model, CASES[model], draws, id=f"{run_id(model)}-quick"),
        pytest.param(model, CASES[model], DRAWS, id=run_id(model), marks=pytest.mark.slow),
    )
]


@pytest.mark.parametrize(("model", "case", "draws"), RUNS)
def test_numeric_switch_points_and_threshold_equal_the_exact_ones(model, case, draws) -> None:
    param, wanted = case
    game = dt.load(model)
    rng = random.Random(2027)
    with_switches = values_compared = 0
    for _ in range(draws):
        values = draw(game, rng, param)
        result = dt.threshold(game, param, wanted, values=values)
        exact = exact_switch_points(result)
        numeric = list(result.numeric_switch_points)
        assert result.numeric_range is not None
        low, high = (float(v) for v in result.numeric_range)
        step = (high - low) / SCAN_POINTS
        if all(b - a >= step for a, b in itertools.pairwise(exact)):
            assert numeric == pytest.approx(exact, abs=AGREE), values
        else:
            # Two exact switch points inside one step of the scan, with the same play on the
            # outer sides of the pair, look to the scan like no change at all: the numeric
            # path may miss them (and says so), but finds nothing that is not there.
            for n in numeric:
                assert any(abs(n - v) <= AGREE for v in exact), values
            for v in exact:
                if not any(abs(n - v) <= AGREE for n in numeric):
                    assert any(0 < abs(v - w) < step for w in exact), values
        assert not any(note.startswith("bug:") for note in result.notes)
        with_switches += bool(exact)
        value = result.value
        if value is not None and value.is_finite and low <= float(value) <= high:
            assert result.numeric == pytest.approx(float(value), abs=AGREE), values
            values_compared += 1
        elif result.status == "never":
            assert result.numeric is None
    assert with_switches >= draws // 2, "too few draws with a switch point: nothing compared"
    assert values_compared, "no draw gave a threshold to compare"


@pytest.mark.parametrize(
    ("model", "case"), [pytest.param(m, c, id=Path(m).stem) for m, c in CASES.items()]
)
def test_brentq_refines_every_switch_point_at_the_defaults(model, case) -> None:
    # brentq, not the bisection, gives the switch points: each root is kept, and it is the
    # exact switch point to far better than the bisection's 1e-12.
    param, wanted = case
    game = dt.load(model)
    result = dt.threshold(game, param, wanted)
    path = numeric_path(game, param, resolve_values(game.parameters), set(wanted))
    assert path.switches
    for switch, exact in zip(path.switches, exact_switch_points(result), strict=True):
        assert switch.refined
        assert switch.bracket[0] <= switch.value <= switch.bracket[1]
        assert abs(switch.value - exact) <= 1e-13


def test_every_switch_point_is_found_not_only_the_first() -> None:
    # In the extended-deterrence game at its defaults the attacker conquers below p = 3/10,
    # fights a war or sees the defender abandon its protégé up to 7/10, and is deterred above:
    # two switch points, both found, and the threshold is the second.
    result = dt.min_credibility(dt.load("extended-deterrence"))
    assert result.numeric_switch_points == pytest.approx((0.3, 0.7), abs=1e-15)
    assert result.numeric == pytest.approx(0.7, abs=1e-15)


def one_player(payoff_b: str, payoff_c: str) -> ExtensiveGame:
    """A target choosing among outcomes A (payoff 0), B and C, along q in [0, 1]."""
    text = f"""
[model]
id = "one-choice"
[players]
T = "Target"
[parameters]
q = {{ value = 0.5, min = 0, max = 1 }}
[tree]
root = "target"
[tree.target]
player = "T"
actions = {{ a = "A", b = "B", c = "C" }}
[outcomes.A]
T = "0"
[outcomes.B]
T = "{payoff_b}"
[outcomes.C]
T = "{payoff_c}"
"""
    game = load_spec("one-choice.toml", text=text)
    assert isinstance(game, ExtensiveGame)
    return game


def test_two_switch_points_inside_one_step_are_both_found() -> None:
    # A below q = 0.501, B up to 0.502, C above: both switches lie in the step (0.5, 0.5025)
    # of the scan, and the midpoint that shows the middle play splits the bracket in two.
    game = one_player("q - 501/1000", "2*q - 1003/1000")
    result = dt.threshold(game, "q", ["C"])
    assert result.numeric_switch_points == pytest.approx((0.501, 0.502), abs=AGREE)
    assert result.numeric == pytest.approx(0.502, abs=AGREE)
    assert result.notes == ()


def test_switch_points_the_scan_cannot_see_are_reported_not_hidden() -> None:
    # B only between 0.501 and 0.502, A on either side: to the scan, whose step is 0.0025,
    # nothing changes. The exact path sees both switch points; the result says the scan did
    # not, and does not call it a bug.
    game = one_player("(q - 501/1000)*(q - 502/1000)", "-1")
    result = dt.threshold(game, "q", ["A"])
    assert [float(v) for v in result.solution.switch_points] == [0.501, 0.502]
    assert result.numeric_switch_points == ()
    (note,) = [n for n in result.notes if "numeric path" in n]
    assert "does not see the switch point(s) 0.501, 0.502" in note
    assert not note.startswith("bug:")


def test_a_tie_at_a_single_point_is_no_switch() -> None:
    # B ties A at q = 3/10 only (a point of the scan) and is worse on both sides: the play at
    # that point differs, but the play on either side does not, so neither path has a switch.
    game = one_player("-(q - 3/10)**2", "-1")
    result = dt.threshold(game, "q", ["A"])
    assert result.solution.switch_points == ()
    assert result.numeric_switch_points == ()
    assert result.status == "always" and result.numeric == 0


def test_a_disagreement_with_the_exact_path_is_reported_as_a_bug(monkeypatch) -> None:
    def shifted(*args, **kwargs) -> NumericPath:
        path = numeric_path(*args, **kwargs)
        moved = tuple(
            type(s)(s.value + 1e-6, s.bisection, s.bracket, s.refined) for s in path.switches
        )
        return NumericPath(
            path.parameter,
            path.window,
            path.declared,
            moved,
            path.holds,
            path.step,
            path.solves,
        )

    monkeypatch.setattr(threshold_module, "numeric_path", shifted)
    result = dt.min_credibility(dt.load("extended-deterrence"))
    (note,) = [n for n in result.notes if n.startswith("bug:")]
    assert "disagree with the exact ones (0.3, 0.7)" in note
    assert f"note: {note}" in threshold_to_text(result)
    assert note in threshold_to_dict(result)["notes"]


def test_numeric_false_skips_the_path() -> None:
    result = dt.threshold(dt.load("extended-deterrence"), "p", ["status_quo"], numeric=False)
    assert result.numeric is None
    assert result.numeric_switch_points == () and result.numeric_range is None
    data = threshold_to_dict(result)
    assert data["numeric_switch_points"] == [] and data["numeric_range"] is None
    assert "numeric" not in threshold_to_text(result)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_cli_json_and_text_show_every_numeric_switch_point(capsys) -> None:
    data = json.loads(run(capsys, "threshold", "extended-deterrence", "--format", "json"))
    assert data["numeric_switch_points"] == pytest.approx([0.3, 0.7], abs=1e-15)
    assert data["numeric_range"] == ["0", "1"]
    text = run(capsys, "threshold", "extended-deterrence")
    assert "numeric switch points (scan, bisection, brentq): 0.3, 0.7\n" in text
    # Along an unbounded parameter the line names the window the scan covered.
    text = run(capsys, "threshold", "classic-deterrence", "--param", "a", "--deterred", "W")
    assert "numeric switch points in [0, 10] (scan, bisection, brentq): 1\n" in text
