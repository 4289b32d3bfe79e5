"""Results from the deterrence literature, reproduced (the shared reference cases).

Each test names its case id in ../shared/reference/cases.json and the work it comes from.
Thresholds are checked the way an equilibrium solver can check them: exactly at the threshold
the player is indifferent (both choices are equilibria), and a hair on either side the
equilibrium switches. Closed-form thresholds are the subject of the symbolic-analysis layer.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import deterrence as dt
from tests.support.trees import tree_from_nested

ROOT = Path(__file__).resolve().parents[1]
CASES_FILE = ROOT.parent / "shared" / "reference" / "cases.json"
MODELS = ROOT / "tests" / "reference_models"
EPS = Fraction(1, 10**9)


def case(case_id: str) -> dict:
    if not CASES_FILE.exists():
        pytest.skip("the shared reference cases are not beside this checkout")
    cases = {c["id"]: c for c in json.loads(CASES_FILE.read_text())}
    return cases[case_id]


def outcomes_of(result: dt.SolveResult) -> list[dict[str, Fraction]]:
    return [dict(eq.outcomes) for eq in result.equilibria]


def choices(eq: dt.Equilibrium, players: tuple[str, ...]) -> dict[str, str]:
    """Pure behaviour as {infoset: action}."""
    assert eq.behaviour is not None
    picked = {}
    for behaviour in eq.behaviour:
        for infoset, actions in behaviour.items():
            (action,) = [a for a, p in actions.items() if p == 1]
            picked[infoset] = action
    return picked


def test_classic_spe_irresolute_challenger() -> None:
    # Case classic_spe_irresolute_challenger: Zagare & Kilgour (1993), ISQ 37(1). The challenger
    # prefers backing down to war, so the defender resists and no challenge is made.
    c = case("classic_spe_irresolute_challenger")
    game = tree_from_nested(c["tree_or_matrix"], c["players"])
    result = dt.solve(game, "spe")
    assert [eq.regret for eq in result.equilibria] == [0]
    (eq,) = result.equilibria
    assert eq.outcomes == {c["expected"]["outcome"]: 1}
    assert choices(eq, game.players) == c["expected"]["strategies"]


def test_classic_case_matches_bundled_model() -> None:
    # The bundled classic-deterrence model at its defaults is the same game (same payoffs).
    result = dt.solve(dt.load("classic-deterrence"))
    (eq,) = result.equilibria
    assert eq.outcomes == {"SQ": 1}
    assert choices(eq, result.players) == {
        "challenger": "status quo",
        "defender": "resist",
        "showdown": "back down",
    }


def test_classic_audience_cost_threshold() -> None:
    # Case classic_audience_cost_threshold: Zagare & Kilgour (1993) with Fearon's (1994) audience
    # cost a on backing down; a* = 1, the challenger fights iff a > 1.
    c = case("classic_audience_cost_threshold")
    a_star = Fraction(str(c["expected"]["a_star"]))
    game = dt.load("classic-deterrence")
    above = dt.solve(game, a=a_star + EPS)
    below = dt.solve(game, a=a_star - EPS)
    at = dt.solve(game, a=a_star)
    assert outcomes_of(above) == [{"W": 1}]
    assert outcomes_of(below) == [{"SQ": 1}]
    # At the threshold the challenger is indifferent: both tie-breaks are SPE.
    assert sorted(tuple(o) for o in outcomes_of(at)) == [("SQ",), ("W",)]
    (eq,) = dt.solve(game, a="1.5").equilibria
    assert eq.outcomes == {c["expected"]["outcome_at_a_1.5"]: 1}
    expected = c["expected"]["strategies_at_a_1.5"]
    names = {"Ch.root": "challenger", "Def.1": "defender", "Ch.2": "showdown"}
    actions = {"Challenge": "challenge", "Concede": "concede", "Fight": "fight"}
    assert choices(eq, game.players) == {names[k]: actions[v] for k, v in expected.items()}


def test_audience_cost_enters_only_after_backing_down() -> None:
    # The audience cost is charged exactly where the challenger backs down after challenging.
    game = dt.load("classic-deterrence")
    charged = {
        node.outcome: dict(node.payoff.components)
        for node in (game.nodes[i] for i in game.terminals)
    }
    assert set(charged["B"]) == {"audience"}
    assert all(not charged[o] for o in ("SQ", "W", "F"))


def _spe_behaviour(result: dt.SolveResult) -> list[dict[str, dict[str, Fraction]]]:
    return [
        {h: dict(a) for b in eq.behaviour for h, a in b.items()}  # type: ignore[union-attr]
        for eq in result.equilibria
        if eq.subgame_perfect
    ]


@pytest.mark.parametrize(
    ("p_b", "x", "y_hard", "y_soft"),
    [("1/4", 1, 1, 0), ("1/2", 0, 1, 0)],
)
def test_zk_rudimentary_bayesian_equilibria(p_b: str, x: int, y_hard: int, y_soft: int) -> None:
    # Case zk_rudimentary_threshold: Zagare & Kilgour (2000), Perfect Deterrence, appendix 3.
    # A does not know B's type, so this must be solved through the normal form, not by backward
    # induction through A's information set. x = Pr(A challenges), yH / yS = Pr(B resists).
    case("zk_rudimentary_threshold")
    game = dt.load(MODELS / "rudimentary-asymmetric-deterrence.toml")
    with pytest.raises(dt.SolverError, match="perfect information"):
        dt.solve(game, "spe", pB=p_b)
    result = dt.solve(game, pB=p_b)
    assert result.concept == "nash"
    assert all(eq.regret == 0 for eq in result.equilibria)
    perfect = _spe_behaviour(result)
    assert perfect == [
        {
            "A.root": {"C": 1 - x, "D": x},
            "B.Hard": {"C": 1 - y_hard, "D": y_hard},
            "B.Soft": {"C": 1 - y_soft, "D": y_soft},
        }
    ]


def test_zk_rudimentary_threshold_switch() -> None:
    # Case zk_rudimentary_threshold: pB* = (aDC - aSQ)/(aDC - aDD) = 1/3.
    c = case("zk_rudimentary_threshold")
    p_star = Fraction(1, 3)
    assert float(p_star) == pytest.approx(c["expected"]["pB_star"], abs=c["tolerance"])
    game = dt.load(MODELS / "rudimentary-asymmetric-deterrence.toml")

    def challenge(pb):
        return {b["A.root"]["D"] for b in _spe_behaviour(dt.solve(game, pB=pb))}

    assert challenge(p_star - EPS) == {1}
    assert challenge(p_star + EPS) == {0}


def test_zk_udg_bluff_equilibrium_is_found() -> None:
    # Case zk_udg_bluff_equilibrium: Zagare & Kilgour (2000), Unilateral Deterrence Game with
    # two-sided incomplete information, pCh = 0.3, pDef = 0.4. The hybrid (bluff) perfect
    # Bayesian equilibrium xH = 1, xS = 3/7, yS = 1/6 is a Nash equilibrium of the tree; with no
    # proper subgame, every Nash equilibrium is subgame perfect.
    c = case("zk_udg_bluff_equilibrium")
    game = tree_from_nested(c["tree_or_matrix"]["tree"], c["players"])
    result = dt.solve(game, "nash")
    assert result.complete
    assert all(eq.regret == 0 for eq in result.equilibria)
    expected = {k: Fraction(str(v)) for k, v in c["expected"]["outcome_probs"].items()}
    matches = [eq for eq in result.equilibria if dict(eq.outcomes) == expected]
    assert matches, "the bluff equilibrium is missing"
    eq = matches[0]
    behaviour = {h: a for b in eq.behaviour for h, a in b.items()}  # type: ignore[union-attr]
    assert behaviour["Ch.H.root"]["D"] == 1
    assert behaviour["Ch.S.root"]["D"] == Fraction(3, 7)
    assert behaviour["Def.S"]["D"] == Fraction(1, 6)
    assert behaviour["Def.H"]["D"] == 1
    assert behaviour["Ch.H.2"]["D"] == 1  # the Hard challenger fights
    assert behaviour["Ch.S.2"]["C"] == 1  # the Soft challenger backs down
    assert eq.subgame_perfect is True


def test_extended_deterrence_min_credibility() -> None:
    # Case extended_deterrence_min_credibility: extended immediate deterrence (Huth 1988;
    # Signorino & Tarar 2006); p* = (U_A(BD) - U_A(SQ)) / (U_A(BD) - U_A(War)) = 0.4.
    c = case("extended_deterrence_min_credibility")
    p_star = (Fraction(1) - 0) / (Fraction(1) - Fraction(-3, 2))
    assert float(p_star) == pytest.approx(c["expected"]["p_star"], abs=c["tolerance"])
    game = dt.load(MODELS / "extended-immediate-deterrence.toml")
    assert outcomes_of(dt.solve(game, p=p_star + EPS)) == [{"SQ": 1}]
    attacked = outcomes_of(dt.solve(game, p=p_star - EPS))
    assert len(attacked) == 1 and "SQ" not in attacked[0]


def test_bundled_extended_deterrence_pledge() -> None:
    # The bundled three-player model: at p = 1/2 the free defender abandons and the attacker
    # attacks; the attacker's value of attacking is 7/20 - p/2 - ... so p* = 7/10 deters.
    game = dt.load("extended-deterrence")
    (eq,) = dt.solve(game).equilibria
    assert eq.outcomes == {"war": Fraction(1, 2), "abandoned": Fraction(1, 2)}
    assert eq.payoffs == (Fraction(1, 10), Fraction(-9, 10), Fraction(-21, 40))
    assert outcomes_of(dt.solve(game, p=Fraction(7, 10) + EPS)) == [{"status_quo": 1}]
    assert outcomes_of(dt.solve(game, p=Fraction(7, 10) - EPS)) != [{"status_quo": 1}]


@pytest.mark.parametrize(("g", "c_"), [(1, 3), (2, 2), ("0.5", "4.5")])
def test_schelling_min_risk(g: object, c_: object) -> None:
    # Case schelling_powell_min_risk: Schelling (1960), The Strategy of Conflict, ch. 8 — the
    # threat that leaves something to chance deters iff q >= q* = g / (g + c).
    c = case("schelling_powell_min_risk")
    game = dt.load(MODELS / "threat-that-leaves-something-to-chance.toml")
    q_star = Fraction(str(g)) / (Fraction(str(g)) + Fraction(str(c_)))
    if (g, c_) == (1, 3):
        assert float(q_star) == pytest.approx(c["expected"]["q_star"], abs=c["tolerance"])
    assert outcomes_of(dt.solve(game, q=q_star + EPS, g=g, c=c_)) == [{"complied": 1}]
    defied = outcomes_of(dt.solve(game, q=q_star - EPS, g=g, c=c_))
    assert len(defied) == 1 and "complied" not in defied[0]


def test_powell_resolve() -> None:
    # Case schelling_powell_min_risk: Powell (1990), Nuclear Deterrence Theory — resolve, the
    # largest risk a state accepts rather than submit, (w - s) / (w - d) = 1/10 for w=1, s=0, d=-9.
    c = case("schelling_powell_min_risk")
    w, s, d = (Fraction(c["tree_or_matrix"]["powell"][k]) for k in ("w", "s", "d"))
    resolve = (w - s) / (w - d)
    assert float(resolve) == pytest.approx(c["expected"]["resolve"], abs=c["tolerance"])
    game = dt.load(MODELS / "threat-that-leaves-something-to-chance.toml")
    # Standing firm is the 'defy' branch: win w unless disaster d; submitting gives s = 0.
    stand = outcomes_of(dt.solve(game, q=resolve - EPS, g=w, c=-d))
    assert "complied" not in stand[0]
    assert outcomes_of(dt.solve(game, q=resolve + EPS, g=w, c=-d)) == [{"complied": 1}]


@pytest.mark.parametrize(("crash", "key"), [(2, "L2_Pr_straight"), (10, "L10_Pr_straight")])
def test_chicken_mixed_equilibrium(crash: int, key: str) -> None:
    # Case chicken_mixed_equilibrium: Chicken (Rapoport & Chammah 1966); in the symmetric mixed
    # equilibrium each goes straight with probability 1/L; the pure equilibria are asymmetric.
    c = case("chicken_mixed_equilibrium")
    result = dt.solve(dt.load("chicken"), L=crash)
    assert result.complete and all(eq.regret == 0 for eq in result.equilibria)
    mixed = [eq for eq in result.equilibria if not eq.is_pure]
    assert len(mixed) == 1
    for strategy in mixed[0].mixed:  # type: ignore[union-attr]
        assert strategy["straight"] == Fraction(1, crash)
        assert float(strategy["straight"]) == pytest.approx(c["expected"][key], abs=c["tolerance"])
    pure = sorted(
        tuple(next(s for s, p in m.items() if p == 1) for m in eq.mixed)  # type: ignore[union-attr]
        for eq in result.equilibria
        if eq.is_pure
    )
    assert pure == sorted(tuple(s.lower() for s in ne) for ne in c["expected"]["pure_NE"])


def test_zk_rudimentary_non_credible_resistance_is_named() -> None:
    # At pB = 1/2 a Nash equilibrium in which the Hard defender resists only with probability
    # 2/3 still deters; it is not subgame perfect, and the check says where: B.Hard should resist.
    game = dt.load(MODELS / "rudimentary-asymmetric-deterrence.toml")
    result = dt.solve(game, pB="1/2")
    flagged = [eq for eq in result.equilibria if eq.subgame_perfect is False]
    assert flagged
    for eq in flagged:
        assert eq.non_credible
        assert {t.infoset for t in eq.non_credible} <= {"B.Hard", "B.Soft"}
