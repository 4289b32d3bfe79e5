"""The bundled model ``article-5-volunteers`` (issue 12): Article 5 as a volunteer's dilemma.

Sources, cited at each test:

* Diekmann, A. (1985), "Volunteer's dilemma", *Journal of Conflict Resolution* 29(4):
  605-610. Each of n players can volunteer at cost K (here c); all gain U (here b) if at
  least one does; with 0 < K < U the pure equilibria are the n profiles with exactly one
  volunteer, and the symmetric equilibrium has each player refrain with probability
  q = (K/U)^(1/(n-1)), so that nobody volunteers with probability (K/U)^(n/(n-1)), which
  rises with n (the larger the group, the less likely help comes).
* Osborne, M. J. (2004), *An Introduction to Game Theory*, Oxford University Press, section
  4.8 ("reporting a crime"): the same game; each calls with probability
  1 - (c/v)^(1/(n-1)), nobody calls with probability (c/v)^(n/(n-1)), increasing in n.

The closed forms are compared with the exact solvers of issue 10 (the support enumeration of
``deterrence.solvers.nplayer`` through ``dt.solve``, two-player vertex enumeration) and with
``deterrence.solvers.symmetric``'s closed form in n. Every comparison of equilibria is exact:
fractions, or algebraic numbers compared symbolically, never floats.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy

import deterrence as dt
from deterrence.game.instantiate import instantiate
from deterrence.game.parameters import resolve_values
from deterrence.load import bundled_models
from deterrence.solvers.algebraic_regret import algebraic_regret
from deterrence.solvers.nplayer import nplayer_equilibria
from deterrence.solvers.symmetric import (
    comparative_statics,
    symmetric_equilibria,
    symmetric_normal_form,
)
from deterrence.spec import load_spec, read_spec

MODEL = "article-5-volunteers"
ALLIES = ("A1", "A2", "A3")

# The volunteer's dilemma as deterrence.solvers.symmetric takes it: an ally's payoff when it
# responds, and when it abstains, in k, the number of the others who respond.
b, c, n = sympy.symbols("b c n", positive=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
RESPOND = b - c
ABSTAIN = sympy.Piecewise((b, k >= 1), (0, True))


def diekmann_p(players: int | sympy.Expr, ratio: sympy.Expr) -> sympy.Expr:
    """Diekmann (1985): each player volunteers with probability 1 - (c/b)^(1/(n-1))."""
    return 1 - ratio ** (sympy.Integer(1) / (players - 1))


def diekmann_nobody(players: int | sympy.Expr, ratio: sympy.Expr) -> sympy.Expr:
    """Diekmann (1985): nobody volunteers with probability (c/b)^(n/(n-1))."""
    return ratio ** (sympy.sympify(players, strict=True) / (players - 1))


def game():
    return dt.load(MODEL)


def solve_all(**values: object) -> dt.SolveResult:
    return dt.solve(game(), "nash", method="support-enumeration", **values)


def responders(eq) -> tuple[int, ...]:
    """The allies who respond with positive probability."""
    return tuple(i for i, mix in enumerate(eq.mixed) if mix.get("respond", 0) > 0)


# --- the model ---------------------------------------------------------------------------


def test_model_is_bundled_cites_its_source_and_solves_in_every_scenario() -> None:
    assert MODEL in bundled_models()
    loaded = read_spec(bundled_models()[MODEL])
    assert "Diekmann (1985)" in loaded.game.info.source
    assert all(p.doc for p in loaded.game.parameters)
    assert loaded.game.players == ALLIES
    assert loaded.report.concept == "nash"
    for values in [{}, *loaded.scenarios.values()]:
        for method in ("enumeration", "support-enumeration"):
            result = dt.solve(loaded.game, "nash", method=method, values=values)
            assert result.equilibria
            assert all(eq.regret == 0 for eq in result.equilibria)


@pytest.mark.parametrize(("benefit", "cost"), [(4, 1), (3, 2), (1, 5), (Fraction(7, 2), 0)])
def test_the_spec_is_the_volunteers_dilemma_at_three_allies(benefit, cost) -> None:
    # Diekmann (1985): a volunteer gets U - K whatever the others do; a player who does not
    # volunteer gets U if someone else does and 0 if nobody does. The spec's payoffs (base
    # plus the response cost) are deterrence.solvers.symmetric's game at n = 3.
    values = {"b": Fraction(benefit), "c": Fraction(cost)}
    numeric, exact = instantiate(game(), resolve_values(game().parameters, values))
    assert exact
    expected = symmetric_normal_form(RESPOND, ABSTAIN, 3, k, {b: benefit, c: cost})
    assert numeric.strategies == (("respond", "abstain"),) * 3
    for profile in itertools.product(range(2), repeat=3):
        assert numeric.payoff(profile).total == expected.payoff(profile).total, profile


# --- the pure equilibria -----------------------------------------------------------------


@pytest.mark.parametrize("cost", ["1/10", "1", "2", "39/10"])
def test_pure_equilibria_have_exactly_one_ally_responding(cost: str) -> None:
    # Diekmann (1985); Osborne (2004), sect. 4.8: with 0 < c < b the pure equilibria are the
    # n profiles in which exactly one player volunteers.
    result = dt.solve(game(), c=cost)
    assert result.concept == "nash" and not result.complete  # pure equilibria only
    assert sorted(responders(eq) for eq in result.equilibria) == [(0,), (1,), (2,)]
    assert all(eq.is_pure and eq.outcomes == {"repelled": 1} for eq in result.equilibria)


@pytest.mark.parametrize("cost", ["41/10", "5", "10"])
def test_nobody_responds_once_the_cost_exceeds_the_benefit(cost: str) -> None:
    # c > b: responding is strictly dominated (b - c < 0 <= either payoff of abstaining).
    result = solve_all(c=cost)
    assert result.complete
    (eq,) = result.equilibria
    assert responders(eq) == () and eq.outcomes == {"unanswered": 1}


def test_at_equal_cost_and_benefit_both_kinds_of_pure_equilibrium_exist() -> None:
    # At c = b (the boundary of the report's region figure, c* = b) the lone responder and the
    # abstainers facing nobody are all indifferent: the three one-responder profiles and
    # nobody responding are pure equilibria.
    result = dt.solve(game(), c=4)
    assert sorted(responders(eq) for eq in result.equilibria) == [(), (0,), (1,), (2,)]


# --- the mixed equilibria at n = 3 (and n = 2 inside it) ---------------------------------


def test_every_equilibrium_at_the_defaults_against_the_closed_forms() -> None:
    # One equilibrium for each nonempty set M of allies who respond with positive
    # probability: |M| = 1 is a pure equilibrium; otherwise the allies of M play the
    # |M|-player dilemma, each responding with probability 1 - (c/b)^(1/(|M|-1)) (Diekmann
    # 1985), and the others abstain (they gain b*(1 - (c/b)^(|M|/(|M|-1))) > b - c by it).
    result = solve_all()
    assert result.complete
    ratio = sympy.Rational(1, 4)  # c/b at the defaults
    assert len(result.equilibria) == 2**3 - 1
    by_set = {responders(eq): eq for eq in result.equilibria}
    assert set(by_set) == {m for r in (1, 2, 3) for m in itertools.combinations(range(3), r)}
    for mixers, eq in by_set.items():
        if len(mixers) == 1:
            assert eq.is_pure and eq.outcomes == {"repelled": 1}
            continue
        size = len(mixers)
        for i in range(3):
            expected = diekmann_p(size, ratio) if i in mixers else 0
            assert sympy.Rational(eq.mixed[i].get("respond", 0)) == expected
        assert sympy.Rational(eq.outcomes["unanswered"]) == diekmann_nobody(size, ratio)
    # n = 3: each responds with probability 1/2, and nobody with 1/8; n = 2: 3/4 and 1/16.
    symmetric = by_set[(0, 1, 2)]
    assert [mix["respond"] for mix in symmetric.mixed] == [Fraction(1, 2)] * 3
    assert symmetric.outcomes["unanswered"] == Fraction(1, 8)
    assert by_set[(1, 2)].outcomes["unanswered"] == Fraction(1, 16)


def test_an_irrational_symmetric_equilibrium_exactly() -> None:
    # c/b = 1/2: each ally abstains with probability (1/2)^(1/2) = sqrt(2)/2 (Diekmann 1985),
    # found exactly by the support enumeration and certified by the algebraic regret check.
    values = resolve_values(game().parameters, {"c": Fraction(2)})
    numeric, _ = instantiate(game(), values)
    found = nplayer_equilibria(numeric)
    assert found.complete and len(found.equilibria) == 7
    (mixed,) = [e for e in found.equilibria if e.support == ((0, 1),) * 3]
    assert not mixed.is_rational
    for row in mixed.probabilities:
        assert sympy.simplify(row[1] - sympy.sqrt(2) / 2) == 0
        assert sympy.simplify(row[0] - diekmann_p(3, sympy.Rational(1, 2))) == 0
    assert algebraic_regret(numeric, mixed.probabilities).equilibrium
    nobody = sympy.prod(row[1] for row in mixed.probabilities)
    assert sympy.simplify(nobody - diekmann_nobody(3, sympy.Rational(1, 2))) == 0
    # dt.solve holds fractions only: the irrational equilibrium is in a note, and the list is
    # marked incomplete (the page says so).
    result = solve_all(c=2)
    assert len(result.equilibria) == 6 and not result.complete
    assert any("irrational" in note for note in result.notes)


TWO_ALLIES = """
[model]
id = "two-allies"
[players]
A1 = "Ally 1"
A2 = "Ally 2"
[parameters]
b = { value = 4, min = 0 }
c = { value = 1, min = 0 }
[costs.response]
kind = "escalation"
amount = "c"
actions = ["respond"]
[matrix]
strategies = { A1 = ["respond", "abstain"], A2 = ["respond", "abstain"] }
[matrix.payoffs]
"respond, respond" = "repelled"
"respond, abstain" = "repelled"
"abstain, respond" = "repelled"
"abstain, abstain" = "unanswered"
[outcomes.repelled]
A1 = "b"
A2 = "b"
[outcomes.unanswered]
A1 = "0"
A2 = "0"
"""


@pytest.mark.parametrize("cost", ["1", "1/3", "3"])
def test_two_allies_respond_with_probability_one_minus_c_over_b(cost: str) -> None:
    # Diekmann (1985) at n = 2 (a game of chicken): each responds with probability 1 - c/b,
    # nobody with (c/b)^2; here by exact vertex enumeration of the bimatrix game.
    pair = load_spec("two-allies.toml", text=TWO_ALLIES)
    result = dt.solve(pair, c=cost)
    assert result.complete and len(result.equilibria) == 3
    ratio = sympy.Rational(cost) / 4
    (mixed,) = [eq for eq in result.equilibria if not eq.is_pure]
    assert [sympy.Rational(m["respond"]) for m in mixed.mixed] == [diekmann_p(2, ratio)] * 2
    assert sympy.Rational(mixed.outcomes["unanswered"]) == diekmann_nobody(2, ratio)


# --- the closed form in n ----------------------------------------------------------------


def test_symmetric_closed_form_in_n_is_diekmanns() -> None:
    # Diekmann (1985); Osborne (2004), sect. 4.8: p = 1 - (c/b)^(1/(n-1)), nobody responds
    # with (c/b)^(n/(n-1)); the two pure symmetric profiles are equilibria only when nobody
    # responding is (c >= b) and never when everyone does (c > 0).
    found = symmetric_equilibria(RESPOND, ABSTAIN, n, k)
    assert found.complete
    (eq,) = found.mixed
    assert sympy.simplify(eq.p - diekmann_p(n, c / b)) == 0
    assert sympy.simplify(eq.nobody - diekmann_nobody(n, c / b)) == 0
    assert sympy.simplify(eq.someone - (1 - diekmann_nobody(n, c / b))) == 0
    everyone, nobody = found.pure
    assert everyone.conditions == (sympy.false,)
    assert sympy.simplify(nobody.conditions[0].lhs - (b - c)) == 0


@pytest.mark.parametrize("players", [2, 3])
def test_closed_form_in_n_agrees_with_the_solver_on_the_model(players: int) -> None:
    # The closed form at n = 3 is the bundled model's symmetric equilibrium; at n = 2 it is
    # the one in which the third ally abstains and the other two mix (defaults b = 4, c = 1).
    (eq,) = symmetric_equilibria(RESPOND, ABSTAIN, n, k).mixed
    at = {b: 4, c: 1, n: players}
    result = solve_all()
    mixers = tuple(range(players))
    (found,) = [e for e in result.equilibria if responders(e) == mixers]
    for i in mixers:
        assert sympy.Rational(found.mixed[i]["respond"]) == sympy.nsimplify(eq.p.subs(at))
    assert sympy.Rational(found.outcomes["unanswered"]) == sympy.nsimplify(eq.nobody.subs(at))


def test_larger_alliances_respond_less_reliably() -> None:
    # Diekmann (1985): with 0 < c < b the probability that nobody volunteers rises with n,
    # towards c/b, and each volunteers less often. d/dn (c/b)^(n/(n-1)) =
    # -(c/b)^(n/(n-1)) log(c/b) / (n-1)^2 > 0 since log(c/b) < 0.
    (eq,) = symmetric_equilibria(RESPOND, ABSTAIN, n, k).mixed
    d = comparative_statics(eq, n)
    by_hand = -diekmann_nobody(n, c / b) * sympy.log(c / b) / (n - 1) ** 2
    assert sympy.simplify(sympy.expand_log(d["nobody"] - by_hand, force=True)) == 0
    for ratio in (sympy.Rational(1, 4), sympy.Rational(1, 2), sympy.Rational(9, 10)):
        for players in (2, 3, 5, 10, 100):
            at = {b: 1, c: ratio, n: players}
            assert d["nobody"].subs(at) > 0
            assert d["p"].subs(at) < 0
            assert d["someone"].subs(at) < 0
        nobody = [eq.nobody.subs({b: 1, c: ratio, n: m}) for m in range(2, 12)]
        assert all(x < y < ratio for x, y in itertools.pairwise(nobody))
        assert sympy.limit(eq.nobody.subs({b: 1, c: ratio}), n, sympy.oo) == ratio
        assert sympy.limit(eq.p.subs({b: 1, c: ratio}), n, sympy.oo) == 0


def test_the_pages_table_in_n() -> None:
    # The table on docs/models/article-5-volunteers.md at c/b = 1/4, derived by hand from
    # Diekmann's (1985) closed forms; checked here against deterrence.solvers.symmetric.
    (eq,) = symmetric_equilibria(RESPOND, ABSTAIN, n, k).mixed
    two = sympy.Integer(2)
    table = {
        2: (sympy.Rational(3, 4), sympy.Rational(1, 16)),
        3: (sympy.Rational(1, 2), sympy.Rational(1, 8)),
        4: (1 - two ** sympy.Rational(1, 3) / 2, two ** sympy.Rational(1, 3) / 8),
        5: (1 - sympy.sqrt(2) / 2, sympy.sqrt(2) / 8),
        6: (1 - two ** sympy.Rational(3, 5) / 2, two ** sympy.Rational(3, 5) / 8),
    }
    for players, (p, nobody) in table.items():
        at = {b: 4, c: 1, n: players}
        assert sympy.simplify(eq.p.subs(at) - p) == 0
        assert sympy.simplify(eq.nobody.subs(at) - nobody) == 0


# --- the attacker's decision (a tree the bundled model leaves out) -------------------------


def attacker_tree(allies: int) -> str:
    """An attacker who keeps the status quo or attacks, then ``allies`` allies who each
    respond or abstain without seeing the others (one information set each). The attacker
    gains g if nobody responds and loses w if someone does; each responder pays c."""
    names = [f"A{i}" for i in range(1, allies + 1)]
    quoted = ", ".join(f'"{a}"' for a in names)
    lines = ["[model]", 'id = "article-5-attacker"', "[players]", 'X = "Attacker"']
    lines += [f'{a} = "Ally {a[1:]}"' for a in names]
    lines += ["[parameters]", "b = 4", "c = 1", "g = 8", "w = 1"]
    lines += ["[costs.response]", 'kind = "escalation"', 'amount = "c"']
    lines += ['actions = ["respond"]', f"payers = [{quoted}]"]
    lines += ["[tree]", 'root = "attacker"', "[tree.attacker]", 'player = "X"']
    lines += ['actions = { "status quo" = "status_quo", attack = "A1_" }']
    for i, ally in enumerate(names):
        for history in itertools.product("rn", repeat=i):
            done = "".join(history)

            def child(choice: str, done: str = done, i: int = i) -> str:
                seen = done + choice
                if i + 1 < allies:
                    return f"{names[i + 1]}_{seen}"
                return "repelled" if "r" in seen else "unanswered"

            lines += [f"[tree.{ally}_{done}]", f'player = "{ally}"', f'infoset = "{ally}"']
            lines += [f'actions = {{ respond = "{child("r")}", abstain = "{child("n")}" }}']
    for outcome, attacker, ally in (
        ("status_quo", "0", "b"),
        ("repelled", "-w", "b"),
        ("unanswered", "g", "0"),
    ):
        lines += [f"[outcomes.{outcome}]", f'X = "{attacker}"', *(f'{a} = "{ally}"' for a in names)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("allies", "gain"), [(2, 14), (2, 16), (3, 6), (3, 8)])
def test_the_attacker_attacks_against_the_symmetric_response_exactly_when_it_pays(
    allies: int, gain: int
) -> None:
    # Against the allies' symmetric equilibrium the attack pays g*P0 - w*(1 - P0), with
    # P0 = (c/b)^(n/(n-1)) (Diekmann 1985): positive iff g > w*((b/c)^(n/(n-1)) - 1), which
    # is 15 w with two allies and 7 w with three (b/c = 4). The larger alliance is attacked
    # at a smaller gain. Against a pure equilibrium someone surely responds: no attack.
    tree = load_spec("article-5-attacker.toml", text=attacker_tree(allies))
    result = dt.solve(tree, "nash", method="support-enumeration", g=gain)
    assert all(eq.regret == 0 for eq in result.equilibria)
    nobody = diekmann_nobody(allies, sympy.Rational(1, 4))
    pays = gain * nobody - (1 - nobody)
    attacks = [eq for eq in result.equilibria if eq.subgame_perfect and eq.mixed[0].get("attack")]
    if pays > 0:
        (eq,) = attacks
        assert eq.mixed[0] == {"attack": 1}
        p = diekmann_p(allies, sympy.Rational(1, 4))
        assert [sympy.Rational(m["respond"]) for m in eq.mixed[1:]] == [p] * allies
        assert sympy.Rational(eq.outcomes["unanswered"]) == nobody
        assert sympy.Rational(eq.payoffs[0]) == pays
    else:
        assert attacks == []
    # Every subgame-perfect equilibrium listed with the attacker keeping the status quo has
    # the allies in an equilibrium of the dilemma that makes the attack not pay.
    for eq in result.equilibria:
        if eq.subgame_perfect and not eq.mixed[0].get("attack"):
            assert eq.outcomes == {"status_quo": 1}
