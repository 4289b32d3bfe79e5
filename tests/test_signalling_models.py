"""The bundled signalling models of issue 12, solved as perfect Bayesian equilibria.

``tying-hands`` (Fearon 1997, tying hands versus sinking costs) and
``audience-cost-signalling`` (Fearon 1994, audience costs, in a one-shot two-type crisis): each
result is certified exactly, and the kinds (separating, pooling, hybrid), beliefs, mixing
probabilities and payoffs the literature states are checked at parameter values on both sides
of each threshold. The thresholds are derived in closed form on the models' pages
(models/<id>.md) and here below; the tool does not yet find thresholds of PBE kinds (issue 9),
so each is checked by solving just below and just above it.

Sources: Fearon, J. D. (1994), "Domestic Political Audiences and the Escalation of
International Disputes", American Political Science Review 88(3):577-592; Fearon, J. D. (1997),
"Signaling Foreign Policy Interests: Tying Hands versus Sinking Costs", Journal of Conflict
Resolution 41(1):68-90; Schultz, K. A. (2001), Democracy and Coercive Diplomacy, Cambridge
University Press.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
from fractions import Fraction
from pathlib import Path

import pytest

import deterrence as dt
from deterrence.concepts import EXACT_BAYES
from deterrence.game.instantiate import instantiate
from deterrence.load import bundled_models
from deterrence.solvers.beliefs import check_assessment
from deterrence.solvers.pbe import PerfectBayesianEquilibrium
from deterrence.spec import read_spec

F = Fraction
ROOT = Path(__file__).resolve().parent.parent
MODELS = ("tying-hands", "audience-cost-signalling")
#: Just below and just above a threshold.
EPS = F(1, 100)
#: The project's shared reference cases (outside the repository; used where present).
CASES_FILE = ROOT.parent / "shared" / "reference" / "cases.json"


# --------------------------------------------------------------------------- helpers


def solve(model: str, **values: object) -> dt.SolveResult:
    """Every PBE of a bundled model at ``values``, each re-certified here.

    The solver certifies every equilibrium it returns; the certificate is checked again
    (``check_assessment``: Bayes' rule on the path and sequential rationality everywhere, in
    rational arithmetic) on the game instantiated at the values the result reports.
    """
    game = dt.load(model)
    result = dt.solve(game, "pbe", **{k: str(v) for k, v in values.items()})
    assert result.concept == "pbe"
    assert result.complete and result.exact, result.notes
    assert result.certificate == EXACT_BAYES.kind and result.certificate_exact
    assert result.equilibria
    numeric, _ = instantiate(game, result.parameters)
    for eq in result.equilibria:
        assert isinstance(eq, PerfectBayesianEquilibrium)
        assert eq.regret == 0
        assert check_assessment(numeric, eq)
    return result


def defaults(model: str) -> dict[str, Fraction]:
    return {p.name: p.value for p in dt.load(model).parameters}


def played(eq: PerfectBayesianEquilibrium, infoset: str) -> dict[str, Fraction]:
    """The actions played with positive probability at an information set."""
    for player in eq.behaviour:
        if infoset in player:
            return {a: q for a, q in player[infoset].items() if q}
    raise KeyError(infoset)


def prob(eq: PerfectBayesianEquilibrium, infoset: str, action: str) -> Fraction:
    for player in eq.behaviour:
        if infoset in player:
            return player[infoset][action]
    raise KeyError(infoset)


def of_kind(result: dt.SolveResult, kind: str) -> list[PerfectBayesianEquilibrium]:
    return [eq for eq in result.equilibria if eq.kind == kind]


def interim(eq: PerfectBayesianEquilibrium, patron_type: str) -> Fraction:
    """The patron's (player 0's) expected payoff given its type."""
    return eq.interim_payoffs[patron_type][0]


def war(eq: PerfectBayesianEquilibrium) -> Fraction:
    return sum((q for label, q in eq.outcomes.items() if label.startswith("war")), F(0))


# --------------------------------------------------------------------------- closed forms


def theta(x: dict[str, Fraction]) -> Fraction:
    """The dove's belief threshold: it attacks (presses) while Pr(fight) < v/(v + cA)."""
    return x["v"] / (x["v"] + x["cA"])


def bluff(x: dict[str, Fraction]) -> Fraction:
    """The irresolute type's probability of signalling in a hybrid PBE: it leaves the dove's
    posterior after the signal at exactly theta, p/(p + (1 - p)*x) = v/(v + cA)."""
    return x["p"] * x["cA"] / ((1 - x["p"]) * x["v"])


def least_audience_cost(x: dict[str, Fraction]) -> Fraction:
    """Tying hands: the irresolute type does not mimic once h*(vI + a) >= vI, the hawk calling
    its bluff: a* = (1 - h)*vI/h (valid while a* <= cD - vI, i.e. h*cD >= vI)."""
    return (1 - x["h"]) * x["vI"] / x["h"]


def sunk_cost_range(x: dict[str, Fraction]) -> tuple[Fraction, Fraction]:
    """Sinking costs: the irresolute type does not mimic once m + h*vI >= vI, and the resolved
    type still signals while m + h*cD <= cD: (1 - h)*vI <= m <= (1 - h)*cD."""
    return (1 - x["h"]) * x["vI"], (1 - x["h"]) * x["cD"]


# --------------------------------------------------------------------------- both models


@pytest.mark.parametrize("model", MODELS)
def test_model_is_bundled_cites_fearon_and_every_scenario_is_certified(model: str) -> None:
    assert model in bundled_models()
    loaded = read_spec(bundled_models()[model])
    info = loaded.game.info
    assert info.title and info.description and "Fearon" in info.source
    assert all(p.doc for p in loaded.game.parameters)
    assert loaded.scenarios
    for values in [{}, *loaded.scenarios.values()]:
        solve(model, **values)


DIRECTIVE = re.compile(r"^<!-- (run|report): (.+?) -->$", re.MULTILINE)


@pytest.mark.parametrize("model", MODELS)
def test_page_source_directives_name_the_model_and_its_parameters(model: str) -> None:
    """The page source models/<id>.md shows output only through directives (the page
    generator replaces them); every command runs this model with --concept pbe at valid
    values. The solves are run here; the thresholds (slow, numeric) only checked by name."""
    page = (ROOT / "models" / f"{model}.md").read_text(encoding="utf-8")
    found = DIRECTIVE.findall(page)
    reports = {arg for kind, arg in found if kind == "report"}
    assert reports == {"parameters", "tree", "equilibria"}
    runs = [shlex.split(arg) for kind, arg in found if kind == "run"]
    assert runs
    game = dt.load(model)
    names = {p.name for p in game.parameters}
    for words in runs:
        assert words[0] == "deterrence" and words[2] == model
        assert words[words.index("--concept") + 1] == "pbe"
        if words[1] == "threshold":
            assert words[words.index("--param") + 1] in names
            deterred = words[words.index("--deterred") + 1].split(",")
            assert set(deterred) <= set(game.outcome_labels)
            continue
        assert words[1] == "solve" and words[3:5] == ["--concept", "pbe"]
        settings = words[5:]
        assert settings[::2] == ["--set"] * (len(settings) // 2) and len(settings) % 2 == 0
        values = dict(s.split("=", 1) for s in settings[1::2])
        assert set(values) <= names
        solve(model, **values)  # values outside the bounds are refused


# --------------------------------------------------------------------------- tying-hands


def test_tying_hands_least_audience_cost_that_separates() -> None:
    """Fearon (1997), JCR 41(1):68-90, the tying-hands game: an audience cost paid only on
    backing down separates the resolved patron once the irresolute type, whose bluff a hawk
    would call, would rather not mimic. Derived for this two-type game:
    a* = (1 - h)*vI/h = 3/5 at the defaults. Above it the PBE separates, the dove stays out
    after the signal (belief 1 on the resolved type) and attacks after none (belief 0)."""
    x = {**defaults("tying-hands"), "m": F(0)}
    a_star = least_audience_cost(x)
    assert a_star == F(3, 5) and a_star < x["cD"] - x["vI"]
    above = solve("tying-hands", a=a_star + EPS, m=0)
    (sep,) = of_kind(above, "separating")
    assert played(sep, "resolved") == {"signal": 1}
    assert played(sep, "irresolute") == {"no signal": 1}
    assert played(sep, "dove after signal") == {"status quo": 1}
    assert played(sep, "dove after no signal") == {"attack": 1}
    assert sep.beliefs["dove after signal"]["R_signal_dove"] == 1
    assert sep.beliefs["dove after no signal"]["R_none_dove"] == 0
    assert interim(sep, "resolved") == -x["h"] * x["cD"]
    assert interim(sep, "irresolute") == -x["vI"]
    below = solve("tying-hands", a=a_star - EPS, m=0)
    assert not of_kind(below, "separating")


def test_tying_hands_below_the_threshold_the_irresolute_type_bluffs() -> None:
    """Below a* this two-type reduction has no cutpoint type to move, so the irresolute type
    mixes (Fearon 1997 has a continuum of types and no bluffing, abstract p. 68): it signals
    with probability x = p*cA/((1 - p)*v), the dove's posterior after the signal is exactly
    v/(v + cA), and the dove attacks with the probability y that makes the bluff worth nothing:
    h + (1 - h)*y = vI/(vI + a)."""
    x = {**defaults("tying-hands"), "a": F(1, 2), "m": F(0)}
    result = solve("tying-hands", a=x["a"], m=0)
    (hybrid,) = of_kind(result, "hybrid")
    assert prob(hybrid, "resolved", "signal") == 1
    assert prob(hybrid, "irresolute", "signal") == bluff(x) == F(1, 3)
    assert hybrid.beliefs["dove after signal"]["R_signal_dove"] == theta(x) == F(1, 2)
    called = x["h"] + (1 - x["h"]) * prob(hybrid, "dove after signal", "attack")
    assert called == x["vI"] / (x["vI"] + x["a"])
    assert prob(hybrid, "dove after signal", "attack") == F(1, 21)
    assert interim(hybrid, "irresolute") == -x["vI"]


@pytest.mark.parametrize("a", [F(61, 100), F(7, 10), F(1), F(3, 2), F(3)])
def test_tied_hands_cost_nothing_in_the_separating_equilibrium(a: Fraction) -> None:
    """Fearon (1997), abstract p. 68: leaders 'never bluff with either type of signal; they do
    not incur or create costs and then fail to respond if challenged'. With tied hands the
    resolved patron signals and defends, the irresolute one stays silent, so no audience cost
    is paid on the path: the resolved type's payoff is -h*cD whatever a >= a*, as if the
    signal were free."""
    x = defaults("tying-hands")
    (sep,) = of_kind(solve("tying-hands", a=a, m=0), "separating")
    assert prob(sep, "resolved", "signal") == 1
    assert prob(sep, "resolved, signalled, attacked", "defend") == 1
    assert prob(sep, "irresolute", "signal") == 0
    assert "abandoned_R" not in sep.outcomes
    assert interim(sep, "resolved") == -x["h"] * x["cD"] == F(-1, 4)


def test_tied_hands_commit_the_irresolute_type_when_hawks_are_few() -> None:
    """Fearon (1997): tying hands creates commitment. With h*cD < vI no audience cost
    separates (a* = (1 - h)*vI/h = 9/5 exceeds cD - vI = 4/5); once a > cD - vI the irresolute
    type would fight after signalling, both types signal and pool, the dove is deterred and war
    comes only with a hawk, Pr(war) = h."""
    x = {**defaults("tying-hands"), "h": F(1, 10)}
    assert x["h"] * x["cD"] < x["vI"] and least_audience_cost(x) > x["cD"] - x["vI"]
    for a in (F(1, 2), F(3, 4), F(9, 5) + EPS, F(3)):
        assert not of_kind(solve("tying-hands", h=x["h"], a=a, m=0), "separating")
    for a in (x["cD"] - x["vI"] + EPS, F(3)):
        result = solve("tying-hands", h=x["h"], a=a, m=0)
        assert {eq.kind for eq in result.equilibria} == {"pooling"}
        for eq in result.equilibria:
            assert played(eq, "resolved") == played(eq, "irresolute") == {"signal": 1}
            assert played(eq, "irresolute, signalled, attacked") == {"defend": 1}
            assert played(eq, "dove after signal") == {"status quo": 1}
            assert war(eq) == x["h"]
            assert interim(eq, "resolved") == interim(eq, "irresolute") == -x["h"] * x["cD"]


def test_sinking_costs_separate_inside_their_range_and_are_paid() -> None:
    """Fearon (1997), the sinking-costs game: a cost paid when the signal is sent separates
    when the irresolute type would not pay it, (1 - h)*vI <= m, and the resolved type would,
    m <= (1 - h)*cD (derived here: 3/20 and 3/4 at the defaults). Unlike tied hands the cost
    is paid by the resolved type in equilibrium: its payoff is -m - h*cD."""
    x = defaults("tying-hands")
    low, high = sunk_cost_range(x)
    assert (low, high) == (F(3, 20), F(3, 4))
    for m in (low + EPS, F(1, 2), high - EPS):
        (sep,) = of_kind(solve("tying-hands", a=0, m=m), "separating")
        assert played(sep, "resolved") == {"signal": 1}
        assert played(sep, "irresolute") == {"no signal": 1}
        assert interim(sep, "resolved") == -m - x["h"] * x["cD"]
        assert interim(sep, "irresolute") == -x["vI"]
        assert war(sep) == x["p"] * x["h"]
    for m in (low - EPS, high + EPS):
        assert not of_kind(solve("tying-hands", a=0, m=m), "separating")


def test_sinking_costs_below_the_range_the_irresolute_type_bluffs() -> None:
    """Below (1 - h)*vI the irresolute type signals with probability p*cA/((1 - p)*v), the
    dove's posterior after the signal is v/(v + cA), and the dove attacks with probability
    y = 1 - m/((1 - h)*vI), which leaves the bluff worth nothing (derived here)."""
    x = {**defaults("tying-hands"), "a": F(0), "m": F(1, 10)}
    (hybrid,) = of_kind(solve("tying-hands", a=0, m=x["m"]), "hybrid")
    assert prob(hybrid, "irresolute", "signal") == bluff(x)
    assert hybrid.beliefs["dove after signal"]["R_signal_dove"] == theta(x)
    low, _ = sunk_cost_range(x)
    assert prob(hybrid, "dove after signal", "attack") == 1 - x["m"] / low == F(1, 3)


def test_tying_hands_and_sinking_costs_together() -> None:
    """One signal with both parts: the irresolute type does not mimic once
    m + h*min(a, cD - vI) >= (1 - h)*vI, so a sunk part m lowers the audience cost needed to
    a*(m) = ((1 - h)*vI - m)/h (derived here; 2/5 at m = 1/20 and the defaults)."""
    x = defaults("tying-hands")
    m = F(1, 20)
    a_star = ((1 - x["h"]) * x["vI"] - m) / x["h"]
    assert a_star == F(2, 5)
    (sep,) = of_kind(solve("tying-hands", a=a_star + EPS, m=m), "separating")
    assert interim(sep, "resolved") == -m - x["h"] * x["cD"]
    assert not of_kind(solve("tying-hands", a=a_star - EPS, m=m), "separating")


def _reference_case() -> dict:
    """The reference numbers of case tying_hands_vs_sinking_costs_A, a two-type reduction of
    Fearon (1997), also in tests/test_pbe.py; checked against the shared file where present."""
    expected = {
        "k_range": [0.24, 0.48],
        "a_commit_min": 0.3,
        "separating_tied_hands_exists": False,
        "Pr_war": {"sunk": 0.1, "tied": 0.2},
        "avg_S_payoff": {"sunk": 0.32, "tied": 0.53},
        "type_payoffs": {"sunk": {"R": 0.64, "I": 0.0}, "tied": {"R": 0.88, "I": 0.18}},
    }
    if CASES_FILE.exists():
        cases = {c["id"]: c for c in json.loads(CASES_FILE.read_text(encoding="utf-8"))}
        shared = cases["tying_hands_vs_sinking_costs_A"]["expected"]
        assert {k: shared[k] for k in expected} == expected
    return expected


def test_fearon_reference_case_tying_hands_does_better_despite_more_war() -> None:
    """Fearon (1997), abstract p. 68: 'leaders do better on average by tying hands, despite
    the fact that the ability to do so creates a greater ex ante risk of war than does the use
    of sunk-cost signals'. In the reference reduction (scenarios reference-sunk and
    reference-tied): sunk costs separate for 0.24 <= m <= 0.48 with Pr(war) 0.1 and average
    payoff 0.32; tied hands commit from a = 0.3, pool, never separate, with Pr(war) 0.2 and
    average payoff 0.53. The reference writes the patron's payoffs with its value v added to
    every outcome (status quo v, backing down 0); ours subtract it, which changes no choice,
    so v is added back to compare."""
    expected = _reference_case()
    scenarios = read_spec(bundled_models()["tying-hands"]).scenarios
    sunk, tied = scenarios["reference-sunk"], scenarios["reference-tied"]
    low, high = (F(str(k)) for k in expected["k_range"])
    assert sunk_cost_range(sunk) == (low, high)
    assert sunk["cD"] - sunk["vI"] == F(str(expected["a_commit_min"]))
    value = {"resolved": sunk["vR"], "irresolute": sunk["vI"]}

    def average(eq: PerfectBayesianEquilibrium) -> Fraction:
        return eq.payoffs[0] + sunk["p"] * value["resolved"] + (1 - sunk["p"]) * value["irresolute"]

    for m in (low, F(3, 10), high):
        (sep,) = of_kind(solve("tying-hands", **{**sunk, "m": m}), "separating")
        assert war(sep) == F(str(expected["Pr_war"]["sunk"]))
        if m == low:
            assert average(sep) == F(str(expected["avg_S_payoff"]["sunk"]))
            for t, key in (("resolved", "R"), ("irresolute", "I")):
                assert interim(sep, t) + value[t] == F(str(expected["type_payoffs"]["sunk"][key]))
    for m in (low - EPS, high + EPS):
        assert not of_kind(solve("tying-hands", **{**sunk, "m": m}), "separating")

    for a in (F(1, 10), F(1, 4), F(7, 20), F(1), F(5)):
        assert not of_kind(solve("tying-hands", **{**tied, "a": a}), "separating")
    result = solve("tying-hands", **tied)
    assert {eq.kind for eq in result.equilibria} == {"pooling"}
    for eq in result.equilibria:
        assert played(eq, "irresolute, signalled, attacked") == {"defend": 1}
        assert war(eq) == F(str(expected["Pr_war"]["tied"]))
        assert average(eq) == F(str(expected["avg_S_payoff"]["tied"]))
        for t, key in (("resolved", "R"), ("irresolute", "I")):
            assert interim(eq, t) + value[t] == F(str(expected["type_payoffs"]["tied"][key]))
    below = solve("tying-hands", **{**tied, "a": F(3, 10) - EPS})
    assert all(
        played(eq, "irresolute, signalled, attacked") == {"back down": 1}
        for eq in below.equilibria
        if prob(eq, "irresolute", "signal") > 0
    )


# ------------------------------------------------------------------- audience-cost-signalling


def test_resolved_defender_always_threatens_and_the_equilibrium_is_unique() -> None:
    """Fearon (1994), APSR 88(3):577-592; one-shot two-type crisis: a threat can only help a
    defender that would fight (-cD > -vR), so the resolved type threatens in every PBE; and
    for a > 0, off the thresholds, this game has one PBE (derived here)."""
    for values in (
        {"a": F(1, 10)},
        {"a": F(1, 4)},
        {"a": F(5, 8)},
        {"a": F(1)},
        {"p": F(3, 4)},
        {"h": F(1, 5), "a": F(1)},
        {"p": F(1, 10), "a": F(2, 5)},
    ):
        result = solve("audience-cost-signalling", **values)
        assert len(result.equilibria) == 1
        assert played(result.equilibria[0], "resolved") == {"threaten": 1}


def test_audience_costs_make_threats_separate_above_the_least_cost() -> None:
    """Fearon (1994), abstract p. 577: audience costs let leaders 'signal their intentions ...
    more credibly and clearly'. Derived for this game: the irresolute type stops bluffing once
    h*(vI + a) >= vI, a* = (1 - h)*vI/h = 1/2 at the defaults (below cD - vI = 3/4). Above it
    only the resolved type threatens, the attacker's posterior after a threat is 1 and the
    dove backs off; the audience cost is never paid."""
    x = defaults("audience-cost-signalling")
    a_star = least_audience_cost(x)
    assert a_star == F(1, 2) and a_star < x["cD"] - x["vI"]
    (eq,) = solve("audience-cost-signalling", a=a_star + EPS).equilibria
    assert eq.kind == "separating"
    assert played(eq, "irresolute") == {"acquiesce": 1}
    assert eq.beliefs["dove after a threat"]["R_dove"] == 1
    assert played(eq, "dove after a threat") == {"back off": 1}
    assert "backdown_R" not in eq.outcomes and "backdown_I" not in eq.outcomes
    assert war(eq) == x["p"] * x["h"]
    assert interim(eq, "resolved") == -x["h"] * x["cD"]
    (eq,) = solve("audience-cost-signalling", a=a_star - EPS).equilibria
    assert eq.kind == "hybrid"


@pytest.mark.parametrize("a", [F(0), F(1, 10), F(1, 4), F(49, 100)])
def test_below_the_least_cost_bluffs_leave_the_posterior_at_the_doves_indifference(
    a: Fraction,
) -> None:
    """With a prior below v/(v + cA) and a < a*, the irresolute type bluffs with probability
    p*cA/((1 - p)*v), whatever the audience cost, and the attacker's posterior after a threat is
    exactly v/(v + cA) = 1/2 (derived here; the bluffing equilibrium of the one-shot crisis,
    cf. Schultz 2001). The dove presses with probability y, h + (1 - h)*y = vI/(vI + a): higher
    audience costs are challenged less. At a = 0 the threat is cheap talk and the dove presses
    for sure; there the equilibria form a family (any bluffing probability of at least
    p*cA/((1 - p)*v))."""
    x = {**defaults("audience-cost-signalling"), "a": a}
    result = solve("audience-cost-signalling", a=a)
    hybrids = of_kind(result, "hybrid")
    assert hybrids
    for eq in hybrids:
        assert (eq.family is not None) == (a == 0)
        called = x["h"] + (1 - x["h"]) * prob(eq, "dove after a threat", "press")
        assert called == x["vI"] / (x["vI"] + a)
        if eq.family is None:
            assert prob(eq, "irresolute", "threaten") == bluff(x) == F(1, 3)
            assert eq.beliefs["dove after a threat"]["R_dove"] == theta(x) == F(1, 2)
        assert interim(eq, "irresolute") == -x["vI"]
    if a == 0:
        assert all(played(eq, "dove after a threat") == {"press": 1} for eq in result.equilibria)


def test_stronger_audience_makes_the_defender_less_likely_to_back_down() -> None:
    """Fearon (1994), abstract p. 577: 'the side with a stronger domestic audience ... is always
    less likely to back down'. Here Pr(back down) = p*(cA/v)*vI/(vI + a) below a* (the bluffs
    called), strictly falling in a, and zero above a* (derived here)."""
    x = defaults("audience-cost-signalling")
    chances = []
    for a in (F(1, 10), F(1, 4), F(2, 5), F(49, 100), F(51, 100), F(1)):
        (eq,) = solve("audience-cost-signalling", a=a).equilibria
        back = eq.outcomes.get("backdown_I", F(0)) + eq.outcomes.get("backdown_R", F(0))
        if a < least_audience_cost(x):
            assert back == x["p"] * x["cA"] / x["v"] * x["vI"] / (x["vI"] + a)
        else:
            assert back == 0
        chances.append(back)
    assert all(later < earlier for earlier, later in itertools.pairwise(chances[:4]))


@pytest.mark.parametrize(
    ("p", "a", "posterior"),
    [
        (F(1, 10), F(1, 4), F(1, 2)),
        (F(2, 5), F(1, 4), F(1, 2)),
        (F(3, 5), F(1, 4), F(3, 5)),
        (F(3, 4), F(1, 4), F(3, 4)),
        (F(1, 10), F(3, 5), F(1)),
        (F(3, 4), F(3, 5), F(1)),
    ],
)
def test_posterior_after_a_threat_depends_on_audience_cost_and_prior(
    p: Fraction, a: Fraction, posterior: Fraction
) -> None:
    """The attacker's posterior that a threatening defender is resolved (derived here):
    1 once a > a* = (1 - h)*vI/h; below a*, max(p, v/(v + cA)): bluffs leave it at the dove's
    indifference point when the prior is below it, and pool (posterior p) when the prior is
    above it, where the dove backs off and the irresolute type's bluff pays
    -h*(vI + a) >= -vI."""
    x = {**defaults("audience-cost-signalling"), "p": p, "a": a}
    (eq,) = solve("audience-cost-signalling", p=p, a=a).equilibria
    assert eq.beliefs["dove after a threat"]["R_dove"] == posterior
    if a < least_audience_cost(x):
        assert posterior == max(p, theta(x))
        if p > theta(x):
            assert eq.kind == "pooling"
            assert played(eq, "dove after a threat") == {"back off": 1}
            assert interim(eq, "irresolute") == -x["h"] * (x["vI"] + a)
    else:
        assert eq.kind == "separating"


def test_committing_audience_costs_separate_or_pool_by_the_share_of_hawks() -> None:
    """Above cD - vI the threat commits the irresolute type too (it would fight rather than pay
    a). It still acquiesces when a hawk would drag it into war too often, h*cD > vI
    (separating); with few hawks, h*cD < vI, both types threaten and fight, the dove is
    deterred whatever it believes, and Pr(war) = h (derived here; Fearon 1997 on commitment)."""
    x = defaults("audience-cost-signalling")
    kappa = x["cD"] - x["vI"]
    (eq,) = solve("audience-cost-signalling", a=kappa + EPS).equilibria
    assert x["h"] * x["cD"] > x["vI"] and eq.kind == "separating"
    assert played(eq, "irresolute, pressed") == {"fight": 1}
    few = F(1, 5)
    assert few * x["cD"] < x["vI"]
    (eq,) = solve("audience-cost-signalling", h=few, a=kappa + EPS).equilibria
    assert eq.kind == "pooling"
    assert played(eq, "irresolute") == {"threaten": 1}
    assert played(eq, "irresolute, pressed") == {"fight": 1}
    assert played(eq, "dove after a threat") == {"back off": 1}
    assert eq.beliefs["dove after a threat"]["R_dove"] == x["p"]
    assert war(eq) == few
    (eq,) = solve("audience-cost-signalling", h=few, a=kappa - EPS).equilibria
    assert eq.kind == "hybrid"


def test_the_numeric_pbe_threshold_finds_the_least_audience_cost() -> None:
    """What the tool can say today (issue 9 will add thresholds over PBE kinds): the least a
    at which every PBE reaches only the outcomes of separation, located numerically along a,
    is the closed form a* = (1 - h)*vI/h of this game (Fearon 1994; derived here), since the
    PBE is unique; the scan switches there and nowhere else."""
    game = dt.load("audience-cost-signalling")
    a_star = least_audience_cost(defaults("audience-cost-signalling"))
    deterred = ["status_quo", "war_hawk", "acquiescence_I"]
    bar = dt.threshold(game, "a", deterred, concept="pbe")
    assert bar.status == "threshold" and not bar.exact
    assert abs(bar.numeric - float(a_star)) < 1e-9
    assert len(bar.numeric_switch_points) == 1
    assert abs(bar.numeric_switch_points[0] - float(a_star)) < 1e-9
