"""Exact mixed equilibria of N-player normal forms (deterrence.solvers.nplayer), their
independent certificate (algebraic_regret) and the one-equilibrium search (nplayer_one).

Sources: the volunteer's dilemma, Diekmann (1985), "Volunteer's dilemma", J. Conflict
Resolution 29(4), 605-610 (symmetric equilibrium: not volunteering with probability
(c/b)^(1/(n-1))); Gambit's enumpoly (McKelvey and McLennan 1996, Handbook of Computational
Economics 1, ch. 2), whose answers on ../shared/gambit-games/ are stored in
tests/fixtures/enumpoly_gambit.json by tools/nplayer_fixtures.py (pygambit 16.7); the
brute-force oracle below solves each support's system with sympy.solve, written here and
sharing nothing with the solver.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import deterrence as dt
from deterrence import limits
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff
from deterrence.solvers.algebraic_regret import algebraic_regret
from deterrence.solvers.nplayer import nplayer_equilibria, support_equilibria
from deterrence.solvers.nplayer_one import one_equilibrium

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "enumpoly_gambit.json"
GAMES = Path(__file__).resolve().parents[2] / "shared" / "gambit-games"


def normal_form(shape: tuple[int, ...], payoff) -> NormalFormGame:
    """A numeric normal form from ``payoff(profile) -> tuple of numbers``."""
    return NormalFormGame(
        tuple(f"P{i + 1}" for i in range(len(shape))),
        tuple(tuple(f"s{k}" for k in range(size)) for size in shape),
        tuple(
            Payoff(tuple(Fraction(v) for v in payoff(p)))
            for p in itertools.product(*(range(s) for s in shape))
        ),
    )


def volunteers(n: int, b: Fraction, c: Fraction) -> NormalFormGame:
    """Diekmann's (1985) volunteer's dilemma: strategy 0 volunteers at cost c; everyone
    gets b if at least one volunteers."""

    def payoff(profile):
        someone = any(s == 0 for s in profile)
        return tuple(b - c if s == 0 else (b if someone else 0) for s in profile)

    return normal_form((2,) * n, payoff)


def _value(expr) -> sympy.Float:
    return sympy.N(expr, 40)


# --- the volunteer's dilemma -------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_volunteers_dilemma_symmetric_equilibrium_is_diekmanns_closed_form(n: int) -> None:
    # Diekmann (1985), p. 607: in the symmetric equilibrium each player does not volunteer
    # with probability q = (c/b)^(1/(n-1)), so nobody volunteers with probability
    # (c/b)^(n/(n-1)).
    b, c = Fraction(2), Fraction(1)
    game = volunteers(n, b, c)
    status, found = support_equilibria(game, [[0, 1]] * n)
    assert status == "finite" and len(found) == 1
    (eq,) = found
    assert algebraic_regret(game, eq.probabilities).equilibrium
    q = eq.probabilities[0][1]
    x = sympy.Dummy("x")
    # q^(n-1) = c/b exactly (q's minimal polynomial is 2 x^(n-1) - 1), and q is the one
    # positive real root of that.
    assert sympy.Poly(sympy.minimal_polynomial(q, x), x).monic() == sympy.Poly(
        x ** (n - 1) - sympy.Rational(1, 2), x
    )
    assert 0 < _value(q) < 1
    closed = sympy.Rational(1, 2) ** sympy.Rational(1, n - 1)
    assert abs(_value(q) - _value(closed)) < sympy.Float("1e-35")
    nobody = math.prod(row[1] for row in eq.probabilities)
    assert abs(_value(nobody) - _value(sympy.Rational(1, 2) ** sympy.Rational(n, n - 1))) < 1e-35
    assert all(row == eq.probabilities[0] for row in eq.probabilities)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_volunteers_dilemma_has_one_equilibrium_per_nonempty_set_of_mixers(n: int) -> None:
    # Every nonempty set M of players gives one equilibrium: if |M| = 1 that player
    # volunteers; otherwise the players of M mix with q = (c/b)^(1/(|M|-1)) and the others
    # ignore (they prefer to: b q^|M| < c). So 2^n - 1 equilibria, all isolated.
    game = volunteers(n, Fraction(3), Fraction(1))
    found = nplayer_equilibria(game)
    assert found.complete and not found.components
    assert len(found.equilibria) == 2**n - 1
    assert all(algebraic_regret(game, e.probabilities).equilibrium for e in found.equilibria)


# --- the certificate ---------------------------------------------------------------------


def test_certificate_rejects_a_near_equilibrium_and_accepts_the_exact_one() -> None:
    game = volunteers(3, Fraction(2), Fraction(1))
    q = sympy.sqrt(2) / 2
    exact = [[1 - q, q]] * 3
    assert algebraic_regret(game, exact).equilibrium
    near = sympy.Rational(7071067811865475, 10**16)
    assert not algebraic_regret(game, [[1 - near, near]] * 3).equilibrium
    assert not algebraic_regret(game, [[1, 0], [1, 0], [0, 1]]).equilibrium
    assert algebraic_regret(game, [[1, 0], [0, 1], [0, 1]]).equilibrium


# --- brute force: every support solved by sympy.solve, written here ------------------------


def _brute_force(game: NormalFormGame):
    """Isolated equilibria by support, and the supports whose system has a continuum of
    solutions, from sympy.solve on systems built here."""
    shape = game.shape
    n = len(shape)

    def u(i, profile):
        return sympy.Rational(str(game.payoff(profile).total[i]))

    isolated: list[tuple[tuple, list[list]]] = []
    continua: set[tuple] = set()
    subsets = [
        [c for k in range(1, size + 1) for c in itertools.combinations(range(size), k)]
        for size in shape
    ]
    for support in itertools.product(*subsets):
        xs = [[sympy.Symbol(f"y{i}_{s}") for s in support[i]] for i in range(n)]
        mixed = []
        for i in range(n):
            row = [sympy.Integer(0)] * shape[i]
            for s, x in zip(support[i], xs[i], strict=True):
                row[s] = x
            mixed.append(row)

        def earn(i, s, mixed=mixed):
            total = sympy.Integer(0)
            for rest in itertools.product(*(range(shape[j]) for j in range(n) if j != i)):
                w = sympy.Integer(1)
                for j, t in zip([j for j in range(n) if j != i], rest, strict=True):
                    w *= mixed[j][t]
                if w != 0:
                    total += w * u(i, (*rest[:i], s, *rest[i:]))
            return sympy.expand(total)

        equations = [sum(x) - 1 for x in xs]
        for i in range(n):
            first = earn(i, support[i][0])
            equations += [earn(i, s) - first for s in support[i][1:]]
        unknowns = [x for row in xs for x in row]
        solutions = sympy.solve(equations, unknowns, dict=True)
        for solution in solutions:
            if any(x not in solution or solution[x].free_symbols for x in unknowns):
                continua.add(support)
                continue
            point = [[solution.get(x, x) if x in solution else x for x in row] for row in mixed]
            point = [[sympy.sympify(p).subs(solution) for p in row] for row in point]
            values = [[_value(p) for p in row] for row in point]
            if any(abs(sympy.im(v)) > 1e-30 for row in values for v in row):
                continue
            values = [[sympy.re(v) for v in row] for row in values]
            if any(values[i][s] <= 1e-30 for i in range(n) for s in support[i]):
                continue
            ok = True
            for i in range(n):
                best = _value(earn(i, support[i][0]).subs(solution))
                for s in range(shape[i]):
                    if s not in support[i] and _value(earn(i, s).subs(solution)) > best + 1e-30:
                        ok = False
            if ok:
                isolated.append((support, values))
    return isolated, continua


def _close(a, b) -> bool:
    return all(
        abs(float(x) - float(y)) < 1e-9
        for ra, rb in zip(a, b, strict=True)
        for x, y in zip(ra, rb, strict=True)
    )


small = st.integers(min_value=-3, max_value=3)


def _check_against_brute_force(shape: tuple[int, ...], values: list[int]) -> None:
    n = len(shape)
    cells = {
        p: values[k * n : (k + 1) * n] for k, p in enumerate(itertools.product(*map(range, shape)))
    }
    game = normal_form(shape, lambda p: cells[p])
    found = nplayer_equilibria(game)
    for eq in found.equilibria:
        assert algebraic_regret(game, eq.probabilities).equilibrium
    for component in found.components:
        if component.representative is not None:
            assert algebraic_regret(game, component.representative.probabilities).equilibrium
    isolated, continua = _brute_force(game)
    ours_by_support: dict[tuple, list] = {}
    for eq in found.equilibria:
        ours_by_support.setdefault(eq.support, []).append(eq.decimals())
    component_supports = {c.support for c in found.components}
    # None missed: every isolated equilibrium of the brute force is ours, or lies on a
    # support we report as a continuum.
    for support, point in isolated:
        if support in component_supports:
            continue
        assert any(_close(point, ours) for ours in ours_by_support.get(support, [])), (
            support,
            point,
        )
    # None invented: each of ours is found by the brute force, or its support is a continuum
    # for the brute force too.
    for eq in found.equilibria:
        assert eq.support in continua or any(
            s == eq.support and _close(p, eq.decimals()) for s, p in isolated
        )
    # We call a support a continuum only when the brute force does too.
    assert component_supports <= continua


@settings(max_examples=4, deadline=None)
@given(st.lists(small, min_size=24, max_size=24))
def test_random_2x2x2_games_agree_with_brute_force(values: list[int]) -> None:
    _check_against_brute_force((2, 2, 2), values)


@settings(max_examples=1, deadline=None)
@given(st.lists(small, min_size=36, max_size=36))
def test_random_2x2x3_games_agree_with_brute_force(values: list[int]) -> None:
    _check_against_brute_force((2, 2, 3), values)


@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.long)])
def test_seeded_generic_2x2x3_games_agree_with_brute_force(seed: int) -> None:
    # Payoffs from -9..9 are rarely degenerate, so these exercise irrational equilibria.
    rng = random.Random(seed)
    _check_against_brute_force((2, 2, 3), [rng.randint(-9, 9) for _ in range(36)])


@pytest.mark.long
@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([(2, 2, 2), (2, 2, 3)]),
    st.lists(st.integers(min_value=-9, max_value=9), min_size=36, max_size=36),
)
def test_many_random_games_agree_with_brute_force(shape, values: list[int]) -> None:
    _check_against_brute_force(shape, values[: 3 * math.prod(shape)])


# --- limits ------------------------------------------------------------------------------


def test_a_game_past_the_time_budget_is_marked_incomplete() -> None:
    game = volunteers(4, Fraction(2), Fraction(1))
    with limits.override(solve_seconds=0):
        found = nplayer_equilibria(game)
    assert not found.complete and any("solve_seconds" in note for note in found.notes)


def test_a_parameter_left_free_is_refused() -> None:
    game = dt.load("chicken")
    with pytest.raises(dt.errors.SolverError):
        nplayer_equilibria(game)


# --- one equilibrium, fast ---------------------------------------------------------------


def test_one_equilibrium_of_a_larger_game_is_certified() -> None:
    # A 4x4x4 game with payoffs from a fixed formula; the answer is one of possibly many.
    game = normal_form(
        (4, 4, 4),
        lambda p: (
            (p[0] * 7 + p[1] * 3 + p[2]) % 5,
            (p[1] * 5 + p[2] * 2) % 7,
            (p[0] + 3 * p[2] + p[1] * p[0]) % 4,
        ),
    )
    one = one_equilibrium(game)
    assert "one equilibrium of possibly many" in one.note
    assert one.regret_bound < Fraction(1, 10**6)
    if one.exact is not None:
        assert one.certified and algebraic_regret(game, one.exact.probabilities).equilibrium


# --- Gambit's enumpoly on ../shared/gambit-games/ -----------------------------------------

RECORDS = json.loads(FIXTURE.read_text())["games"] if FIXTURE.exists() else []

#: Games with at most this many pure profiles are compared in every test run, those with at
#: most SLOW_PROFILES (and at most four players) in the slow set; the rest are skipped,
#: counted, with their reason (our enumeration would take minutes there).
FAST_PROFILES = 12
SLOW_PROFILES = 27


def _gambit_game(record) -> NormalFormGame:
    table = [tuple(Fraction(v) for v in row) for row in record["payoffs"]]
    return NormalFormGame(
        tuple(f"P{i + 1}" for i in range(record["players"])),
        tuple(tuple(s) for s in record["strategies"]),
        tuple(Payoff(row) for row in table),
    )


def _found(point, solution) -> bool:
    for eq in solution.equilibria:
        if _close(point, eq.decimals()):
            return True
    support = tuple(tuple(s for s, p in enumerate(row) if p > 1e-9) for row in point)
    for component in solution.components:
        if component.support != support:
            continue
        subs = {}
        for i, row in enumerate(support):
            for s in row[:-1]:
                subs[sympy.Symbol(f"x{i}_{s}")] = point[i][s]
        if all(abs(float(e.subs(subs))) < 1e-6 for e in component.equations):
            return True
    return False


def _compare(record) -> None:
    game = _gambit_game(record)
    solution = nplayer_equilibria(game)
    if record["file"] in KNOWN_GAPS:
        assert not solution.complete
    for eq in solution.equilibria:
        assert algebraic_regret(game, eq.probabilities).equilibrium
    missing = [p for p in record["equilibria"] if not _found(p, solution)]
    assert not missing, (record["file"], missing, solution.notes)
    path = GAMES / record["file"]
    if path.suffix == ".nfg" and path.exists():
        loaded = dt.load(str(path))
        assert [tuple(Fraction(v) for v in loaded.payoff(p).total) for p in loaded.profiles()] == [
            tuple(Fraction(v) for v in row) for row in record["payoffs"]
        ]


def _size(record) -> int:
    return math.prod(record["shape"])


#: Known gaps, each with its reason; they stay visible as xfail.
KNOWN_GAPS = {
    "contrib/games/coord333.nfg": (
        "the totally mixed equilibrium (1/3, 1/3, 1/3) is not matched: its support's system "
        "is not decided (see docs/explanation/nplayer.md, limits); the answer is marked "
        "incomplete"
    ),
}


def _cases(fast: bool):
    out = []
    for record in RECORDS:
        if "payoffs" not in record or _too_large(record):
            continue
        if (_size(record) <= FAST_PROFILES) == fast:
            marks = []
            if record["file"] in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[record["file"]], strict=False))
            out.append(pytest.param(record, id=record["file"], marks=marks))
    return out


def _too_large(record) -> str | None:
    if record["players"] > 4 or _size(record) > SLOW_PROFILES:
        return f"{record['players']} players, {_size(record)} pure profiles: past the test's bound"
    return None


def test_the_gambit_fixture_is_present_and_counts_its_skips() -> None:
    if not RECORDS:
        pytest.skip(
            "tests/fixtures/enumpoly_gambit.json not written yet (tools/nplayer_fixtures.py)"
        )
    skipped = [r for r in RECORDS if "skipped" in r]
    solved = [r for r in RECORDS if "payoffs" in r]
    assert len(solved) + len(skipped) == len(RECORDS)
    assert all(isinstance(r["skipped"], str) and r["skipped"] for r in skipped)
    # Written by tools/nplayer_fixtures.py with pygambit 16.7.0 on 2026-12-03: 31 games with
    # three or more players; enumpoly did not finish within 60 s on 7 of them (recorded as
    # skipped); of the 24 it solved, 3 are past this test's bound (_too_large): the five-player
    # 2x2x2x2x2, 5x4x3 and 8x2x2.
    assert (len(RECORDS), len(skipped)) == (31, 7)
    assert sum(_too_large(r) is not None for r in solved) == 3


@pytest.mark.parametrize("record", _cases(fast=True))
def test_every_equilibrium_enumpoly_finds_is_found(record) -> None:
    _compare(record)


@pytest.mark.long
@pytest.mark.parametrize("record", _cases(fast=False))
def test_every_equilibrium_enumpoly_finds_is_found_larger_games(record) -> None:
    _compare(record)
