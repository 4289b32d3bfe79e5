"""Thresholds with noise: the least (or greatest) value of a parameter at which the QRE keeps
the probability of attack at or below a level, with the closed form's bracket proved in
interval arithmetic on trees of perfect information and numeric elsewhere."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from scipy.special import ndtri

import deterrence as dt
from deterrence.analysis import qre_threshold
from deterrence.analysis.qre_threshold import PROVED, SOLVES_NUMERIC, QREThreshold
from deterrence.cli.main import main
from deterrence.errors import SolverError
from deterrence.load import read_text
from deterrence.solvers.qre import qre

ONE_MOVE = """
[model]
id = "one-move"
[players]
A = "Attacker"
[parameters]
v = { value = 1 }
k = { value = 1, min = 0, max = 5 }
[tree]
root = "a"
[tree.a]
player = "A"
actions = { hold = "status_quo", attack = "war" }
[outcomes.status_quo]
A = 0
[outcomes.war]
A = "ATTACK"
"""

# The attacker challenges; a pledge that binds with probability p (credibility) means war
# (-c), else it wins v. Its expected gain from attacking is (1 - p) v - p c.
PLEDGE = """
[model]
id = "pledge"
[players]
A = "Attacker"
[parameters]
v = { value = 1 }
c = { value = 1 }
p = { value = 0.5, min = 0, max = 1, role = "credibility" }
[tree]
root = "a"
[tree.a]
player = "A"
actions = { hold = "status_quo", attack = "nature" }
[tree.nature]
chance = { binds = { prob = "p", to = "war" }, fails = { prob = "1 - p", to = "win" } }
[outcomes.status_quo]
A = 0
[outcomes.war]
A = "-c"
[outcomes.win]
A = "v"
"""


def one_move(attack: str) -> dt.ExtensiveGame:
    return read_text(ONE_MOVE.replace("ATTACK", attack)).game


def test_the_one_move_tree_solved_by_hand() -> None:
    # Logit (McKelvey and Palfrey 1998; Signorino 1999): P(attack) = 1/(1 + exp(lam (k - v)))
    # is at most L exactly from k* = v + log(1/L - 1)/lam on: 1 + log(19)/2 for L = 1/20.
    found = dt.threshold(
        one_move("v - k"), "k", ["status_quo"], concept="qre", precision=2, level=0.05
    )
    assert isinstance(found, QREThreshold) and found.status == "threshold"
    assert found.value == pytest.approx(1 + math.log(19) / 2, abs=1e-13)
    assert found.proved and found.certificate == PROVED and found.exact is False
    assert (
        found.bracket is not None and found.bracket[0] <= Fraction(found.value) <= found.bracket[1]
    )
    assert found.bracket[1] - found.bracket[0] < Fraction(1, 10**9)
    assert str(found.equation) == "Eq(1/(exp(2*k - 2) + 1), 1/20)"
    assert found.level == Fraction(1, 20) and found.attack == ("war",)
    assert found.crossings == (found.value,)


@pytest.mark.parametrize("lam", [4, 8])
def test_the_pledge_credibility_needed_logit_and_probit(lam: int) -> None:
    game = read_text(PLEDGE).game
    level = 0.05
    # Logit: (1 - p) v - p c <= -log(1/L - 1)/lam, so p* = (v + log(1/L - 1)/lam) / (v + c).
    logit = dt.min_credibility(game, concept="qre", precision=lam, level=level)
    assert logit.value == pytest.approx((1 + math.log(19) / lam) / 2, abs=1e-12)
    assert logit.proved
    # Probit (errors of sd 1/lam on each action): P(attack) = Phi(lam U / sqrt 2), so
    # p* = (v - sqrt 2 Phi^-1(L) / lam) / (v + c).
    probit = dt.min_credibility(game, concept="qre", precision=lam, level=level, error="probit")
    assert probit.value == pytest.approx((1 - math.sqrt(2) * ndtri(level) / lam) / 2, abs=1e-12)
    assert probit.proved and probit.error == "probit"
    assert any("erf" in n for n in probit.notes)


def test_never_always_and_no_wrong_number() -> None:
    game = read_text(PLEDGE).game
    # At lam = 1 even p = 1 leaves P(attack) = 1/(1 + e) > 5%: no threshold, no number.
    never = dt.min_credibility(game, concept="qre", precision=1, level=0.05)
    assert never.status == "never" and never.value is None and never.crossings == ()
    assert never.proved and any("no threshold" in n for n in never.notes)
    # At level 0.9 the bound already holds at p = 0 (P = 1/(1 + e^-8) < 0.9 fails; use 0.9999).
    always = dt.min_credibility(game, concept="qre", precision=8, level=0.9999)
    assert always.status == "always" and always.value == 0.0 and always.proved


def test_non_monotone_crossings_are_all_reported() -> None:
    # P(attack) = 1/(1 + exp(-lam ((k - 1)^2 - 1/4))) is at most 1/20 exactly where
    # (k - 1)^2 <= 1/4 - log(19)/lam: |k - 1| <= r with r = sqrt(1/4 - log(19)/20).
    game = one_move("(k - 1)^2 - 1/4")
    r = math.sqrt(0.25 - math.log(19) / 20)
    least = dt.threshold(game, "k", ["status_quo"], concept="qre", precision=20, level=0.05)
    assert least.value == pytest.approx(1 - r, abs=1e-12) and least.proved
    assert least.crossings == pytest.approx((1 - r, 1 + r), abs=1e-12)
    assert any(n.startswith("not monotone") for n in least.notes)
    greatest = dt.threshold(
        game, "k", ["status_quo"], concept="qre", precision=20, level=0.05, direction="greatest"
    )
    assert greatest.value == pytest.approx(1 + r, abs=1e-12) and greatest.proved


def test_noise_raises_the_credibility_needed_above_the_spe_threshold() -> None:
    # The exact SPE threshold of extended deterrence is p* = 7/10 (docs/tutorial; the
    # closed form (v w - cA - e) / (v (w - wD))). With noise the probability of attack must
    # be pushed below 5%, which needs more credibility, less as the noise vanishes.
    game = dt.load("extended-deterrence")
    values = [
        dt.min_credibility(game, concept="qre", precision=lam, level=0.05).value
        for lam in (50, 100)
    ]
    assert values[0] > values[1] > 0.7
    at = qre(game, 50.0, p=Fraction(values[0]))
    assert 1 - at.outcomes["status_quo"] == pytest.approx(0.05, abs=1e-9)


def test_attack_outcomes_bound_only_those() -> None:
    game = dt.load("extended-deterrence")
    found = dt.threshold(game, "p", [], concept="qre", precision=50, level=0.05, attack=["war"])
    assert found.attack == ("war",) and found.status in ("threshold", "always", "never")
    if found.value is not None and found.status == "threshold":
        at = qre(game, 50.0, p=Fraction(found.value))
        assert at.outcomes["war"] == pytest.approx(0.05, abs=1e-9)


def test_a_normal_form_is_numeric_and_marked_so() -> None:
    chicken = dt.load("chicken")
    found = dt.threshold(chicken, "e", ["compromise"], concept="qre", precision=2, level=0.3)
    assert found.status == "threshold" and not found.proved and found.exact is False
    assert found.certificate == SOLVES_NUMERIC and found.probability is None
    assert found.residual is not None and found.residual < 1e-8
    at = qre(chicken, 2.0, e=Fraction(found.value))
    assert 1 - at.outcomes["compromise"] == pytest.approx(0.3, abs=1e-8)


def test_information_sets_are_numeric(monkeypatch) -> None:
    # Each point is a full agent QRE fixed point: a coarse grid keeps the test fast.
    monkeypatch.setattr(qre_threshold, "SOLVE_CELLS", 3)
    game = dt.load("tests/specs/uncertain-resolve.toml")
    found = dt.threshold(
        game, "k", ["status_quo"], concept="qre", precision=2, level=0.3, direction="greatest"
    )
    assert found.status == "threshold" and not found.proved
    at = qre(game, 2.0, k=Fraction(found.value))
    assert 1 - at.outcomes["status_quo"] == pytest.approx(0.3, abs=1e-8)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"concept": "qre", "level": 0.05}, "needs the precision"),
        ({"concept": "qre", "precision": 2}, "give the level"),
        ({"concept": "qre", "precision": 2, "level": 1.5}, "strictly between 0 and 1"),
        ({"concept": "qre", "precision": -2, "level": 0.1}, ">= 0"),
        ({"level": 0.05}, "drop the level"),
        ({"precision": 2}, "option of qre"),
        ({"concept": "qre", "precision": 2, "level": 0.1, "attack": ["status_quo"]}, "both"),
        ({"concept": "qre", "precision": 2, "level": 0.1, "attack": ["nope"]}, "unknown"),
    ],
)
def test_bad_requests_are_refused(options: dict, message: str) -> None:
    with pytest.raises(SolverError, match=message):
        dt.threshold(dt.load("extended-deterrence"), "p", ["status_quo"], **options)


def test_cli_threshold_with_noise(capsys, tmp_path) -> None:
    base = ["threshold", "extended-deterrence", "--param", "p", "--concept", "qre"]
    assert main([*base, "--precision", "50", "--level", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "p* = 0.802825" in out and "proved to lie in [" in out
    assert "certificate: enclosure proved in interval arithmetic on the closed form" in out
    spec = tmp_path / "pledge.toml"
    spec.write_text(PLEDGE, encoding="utf-8")
    small = ["threshold", str(spec), "--concept", "qre", "--precision", "4", "--level", "0.05"]
    assert main([*small, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "threshold" and data["level"] == "1/20"
    assert data["value"] == pytest.approx((1 + math.log(19) / 4) / 2, abs=1e-12)
    assert data["certificate"] == {"kind": PROVED, "proved": True, "exact": False}
    assert data["equation"].startswith("Eq(")
    assert main([*small, "--format", "latex"]) == 0
    assert capsys.readouterr().out.startswith("\\begin{equation*}")


@pytest.mark.parametrize(
    "extra",
    [
        ["--concept", "qre", "--precision", "2"],
        ["--concept", "qre", "--level", "0.05"],
        ["--level", "0.05"],
        ["--precision", "2"],
        ["--concept", "qre", "--precision", "2", "--level", "2"],
        ["--concept", "qre", "--precision", "2", "--level", "0.05", "--along", "a"],
    ],
)
def test_cli_threshold_bad_combinations_exit_2(extra: list[str], capsys) -> None:
    assert main(["threshold", "extended-deterrence", "--param", "p", *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "Traceback" not in err
