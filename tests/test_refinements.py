"""Signalling refinements of perfect Bayesian equilibria (``deterrence.solvers.refinements``):
the Cho-Kreps intuitive criterion, D1, and survival under every off-path belief."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import deterrence as dt
from deterrence.exact import exact_number
from deterrence.game.instantiate import instantiate
from deterrence.game.parameters import resolve_values
from deterrence.solvers.pbe import solve_pbe
from deterrence.solvers.refinements import (
    best_responses,
    d1,
    every_off_path_belief,
    intuitive_criterion,
    signalling_game,
)

SPECS = Path(__file__).resolve().parent / "specs"
F = Fraction


def _equilibria(name: str, **values: object):
    game = dt.load(SPECS / name)
    chosen = resolve_values(
        game.parameters, {k: exact_number(v) for k, v in values.items()}, source=""
    )
    numeric = instantiate(game, chosen)[0]
    return numeric, solve_pbe(numeric, notes=[]).equilibria


def _message(eq, infoset: str) -> str:
    for player in eq.behaviour:
        if infoset in player:
            (action,) = [a for a, p in player[infoset].items() if p == 1]
            return action
    raise KeyError(infoset)


def test_beer_quiche_intuitive_criterion():
    """Cho and Kreps (1987), QJE 102:179-221, sect. II and IV: the quiche pool fails the
    intuitive criterion, broken by the strong type drinking beer (beer is equilibrium-dominated
    for the weak type, and once the receiver believes the sender strong it does not fight);
    the beer pool survives, the whole family of it. D1 puts the beliefs after quiche on the
    weak type alone, so of the beer pool only the point where the receiver fights for sure
    survives it, not the family where it mixes (at belief exactly 1/2)."""
    game, found = _equilibria("beer-quiche.toml")
    for eq in found:
        pooled = _message(eq, "weak")
        ic = eq.refinements["intuitive criterion"]
        assert ic == intuitive_criterion(game, eq)
        if pooled == "quiche":
            assert ic.survives is False
            (broken,) = ic.breaks
            assert broken.message == "beer" and broken.types == ("strong",)
            assert eq.refinements["D1"].survives is False
        else:
            assert ic.survives is True and not ic.breaks
            assert eq.refinements["D1"].survives is (eq.family is None)
        assert eq.refinements["every off-path belief"].survives is False


def test_beer_quiche_best_responses():
    """Cho and Kreps (1987): fighting is a best reply after beer exactly when the receiver
    puts probability at least 1/2 on the weak type; on the strong type alone, not fighting."""
    game, _ = _equilibria("beer-quiche.toml")
    s = signalling_game(game)
    assert s is not None
    assert best_responses(s, "beer", ["weak", "strong"]) == ("duel", "not")
    assert best_responses(s, "quiche", ["strong"]) == ("not",)
    assert best_responses(s, "quiche", ["weak"]) == ("duel",)


def test_job_market_pooling_fails_and_separating_survives():
    """Cho and Kreps (1987, sect. VI) on Spence's model: pooling without education fails the
    intuitive criterion (education is equilibrium-dominated for the low type only, and the
    high type gains from it once the firm believes it high); the separating equilibrium
    survives it and D1."""
    _, found = _equilibria("job-market.toml")
    for eq in found:
        ic = eq.refinements["intuitive criterion"]
        if eq.kind == "separating":
            assert ic.survives and eq.refinements["D1"].survives
            assert eq.refinements["every off-path belief"].survives  # nothing is off the path
        else:
            assert ic.survives is False
            assert [(b.message, b.types) for b in ic.breaks] == [("educate", ("high",))]
            assert eq.refinements["D1"].survives is False


def test_d1_is_stronger_than_the_intuitive_criterion():
    """A game constructed after Cho and Kreps (1987, sect. V) and Fudenberg and Tirole (1991,
    Game Theory, sect. 11.2): at the unsent message m no type is equilibrium-dominated, so the
    intuitive criterion has no bite, but every response that gives t1 its equilibrium payoff
    gives t2 strictly more than its own, so D1 puts the beliefs on t2, whose best reply r3
    the pooling equilibrium (answering m with r1) does not play."""
    game, found = _equilibria("pbe-d1-example.toml")
    pools = [e for e in found if e.kind == "pooling" and e.family is None]
    (pool,) = pools
    assert _message(pool, "after m") == "r1"
    assert intuitive_criterion(game, pool).survives is True
    result = d1(game, pool)
    assert result.survives is False
    assert [(b.message, b.types) for b in result.breaks] == [("m", ("t2",))]


def test_refinements_outside_signalling_games():
    """Zagare and Kilgour (2000), Perfect Deterrence, ch. 5: the unilateral deterrence game
    is no signalling game (the defender moves on, and so does the challenger), so the
    signalling refinements do not apply; whether an equilibrium survives every off-path belief
    does. The status-quo PBE does not (shared case zk_udg_bluff_equilibrium); the bluff
    equilibrium has nothing off the path."""
    game, found = _equilibria("pbe-unilateral-deterrence.toml")
    for eq in found:
        assert eq.refinements["intuitive criterion"].applies is False
        assert eq.refinements["intuitive criterion"].survives is None
        assert eq.refinements["D1"].applies is False
        flag = every_off_path_belief(game, eq)
        assert flag == eq.refinements["every off-path belief"]
        assert flag.survives is (eq.outcomes.get("SQ") != 1)
    assert signalling_game(game) is None


def test_sinking_costs_separating_survives_and_is_not_a_signalling_game():
    """Fearon (1997, JCR 41:68-90), shared case tying_hands_vs_sinking_costs_A: the sunk-cost
    game continues after the challenger's move, so only the off-path-belief flag applies; the
    separating equilibrium leaves nothing that matters off the path."""
    _, found = _equilibria("pbe-sinking-costs.toml", k="0.3")
    (separating,) = [e for e in found if e.kind == "separating"]
    assert separating.refinements["every off-path belief"].survives is True
    assert separating.refinements["D1"].applies is False
