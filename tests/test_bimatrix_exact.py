"""Tests for the exact enumeration of extreme equilibria of bimatrix games.

Every check is exact: equilibria are verified with an independent Fraction best-response
computation, and on small games the whole set is compared with a brute-force vertex
enumeration (every square subsystem of the best-response constraints solved exactly).
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from deterrence import limits
from deterrence.solvers.bimatrix_exact import (
    BimatrixEquilibria,
    EnumerationLimit,
    extreme_equilibria,
    lemke_howson,
    pure_profiles,
)

REPO = Path(__file__).resolve().parents[1]
GAMES = REPO.parent / "shared" / "gambit-games"
GAMBIT_EXPECTED = REPO / "tests" / "fixtures" / "gambit" / "expected.json"

F = Fraction


# --------------------------------------------------------------------------------------------
# Independent helpers


def transpose(M):
    return [list(col) for col in zip(*M, strict=True)]


def is_equilibrium(A, B, x, y) -> bool:
    """Exact check: probability vectors, and neither player gains by a pure deviation."""
    if any(v < 0 for v in x + y) or sum(x) != 1 or sum(y) != 1:
        return False
    row_payoffs = [sum(F(a) * q for a, q in zip(row, y, strict=True)) for row in A]
    col_payoffs = [sum(F(B[i][j]) * x[i] for i in range(len(x))) for j in range(len(y))]
    u1 = sum(p * u for p, u in zip(x, row_payoffs, strict=True))
    u2 = sum(q * u for q, u in zip(y, col_payoffs, strict=True))
    return max(row_payoffs) - u1 == 0 and max(col_payoffs) - u2 == 0


def pure_equilibria(A, B):
    """Pure Nash equilibria by brute force, as probability-vector pairs."""
    m, n = len(A), len(A[0])
    out = []
    for i, j in itertools.product(range(m), range(n)):
        if A[i][j] == max(A[k][j] for k in range(m)) and B[i][j] == max(B[i]):
            x = tuple(F(int(k == i)) for k in range(m))
            y = tuple(F(int(k == j)) for k in range(n))
            out.append((x, y))
    return out


def _solve(M, b):
    """Unique solution of the square system M z = b in Fractions, or None if singular."""
    k = len(M)
    T = [[F(v) for v in row] + [F(r)] for row, r in zip(M, b, strict=True)]
    for c in range(k):
        piv = next((r for r in range(c, k) if T[r][c] != 0), None)
        if piv is None:
            return None
        T[c], T[piv] = T[piv], T[c]
        for r in range(k):
            if r != c and T[r][c] != 0:
                f = T[r][c] / T[c][c]
                T[r] = [a - f * p for a, p in zip(T[r], T[c], strict=True)]
    return [T[r][k] / T[r][r] for r in range(k)]


def _brute_vertices(constraints, dim):
    """Vertices of {z : g.z <= h for all (g, h)} with their tight sets, by brute force.

    Every ``dim``-subset of constraints is solved as equalities; feasible unique solutions
    are the vertices, and the labels of a vertex are all constraints tight there.
    """
    verts = {}
    for subset in itertools.combinations(range(len(constraints)), dim):
        z = _solve([constraints[c][0] for c in subset], [constraints[c][1] for c in subset])
        if z is None:
            continue
        slack = [h - sum(g_i * z_i for g_i, z_i in zip(g, z, strict=True)) for g, h in constraints]
        if all(s >= 0 for s in slack):
            verts[tuple(z)] = frozenset(c for c, s in enumerate(slack) if s == 0)
    return verts


def brute_force_extreme_equilibria(A, B):
    """Reference implementation of von Stengel's vertex enumeration, by brute force.

    Shifts payoffs positive, enumerates the vertices of P and Q from all square
    subsystems, and pairs completely labelled non-zero vertices (labels as in von Stengel
    2007: 0..m-1 for player 1's strategies, m..m+n-1 for player 2's).
    """
    m, n = len(A), len(A[0])
    shift_a = 1 - min(min(r) for r in A)
    shift_b = 1 - min(min(r) for r in B)
    Ap = [[F(v) + shift_a for v in row] for row in A]
    Bp = [[F(v) + shift_b for v in row] for row in B]
    unit = [[F(int(i == k)) for k in range(m)] for i in range(m)]
    # P: -x_i <= 0 is label i, (B^T x)_j <= 1 is label m + j.
    cons_p = [([-v for v in unit[i]], F(0)) for i in range(m)]
    cons_p += [([Bp[i][j] for i in range(m)], F(1)) for j in range(n)]
    unit_n = [[F(int(j == k)) for k in range(n)] for j in range(n)]
    # Q: (A y)_i <= 1 is label i, -y_j <= 0 is label m + j.
    cons_q = [(Ap[i], F(1)) for i in range(m)]
    cons_q += [([-v for v in unit_n[j]], F(0)) for j in range(n)]
    vp = _brute_vertices(cons_p, m)
    vq = _brute_vertices(cons_q, n)
    full = frozenset(range(m + n))
    out = set()
    for x, lx in vp.items():
        for y, ly in vq.items():
            if sum(x) and sum(y) and lx | ly == full:
                out.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return sorted(out)


def read_nfg(path: Path):
    """Minimal reader for Gambit .nfg files (payoff and outcome formats) with 2 players.

    Returns (A, B) with rows = player 1's strategies; in both formats player 1's strategy
    varies fastest in the list of profiles.
    """
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|[{}]|[^\s{},"]+', path.read_text())
    pos = tokens.index("{", 0)  # players
    pos = tokens.index("}", pos) + 1
    assert tokens[pos] == "{"
    pos += 1
    counts = []
    while tokens[pos] != "}":
        if tokens[pos] == "{":
            end = tokens.index("}", pos)
            counts.append(end - pos - 1)
            pos = end + 1
        else:
            counts.append(int(tokens[pos]))
            pos += 1
    pos += 1
    if pos < len(tokens) and tokens[pos].startswith('"'):
        pos += 1  # comment
    m, n = counts
    rest = tokens[pos:]
    if rest and rest[0] == "{":  # outcome format
        outcomes = [(F(0), F(0))]
        k = 1
        while rest[k] != "}":
            assert rest[k] == "{"
            end = rest.index("}", k)
            fields = [t for t in rest[k + 1 : end] if not t.startswith('"')]
            outcomes.append((F(fields[0]), F(fields[1])))
            k = end + 1
        pairs = [outcomes[int(t)] for t in rest[k + 1 :]]
    else:
        nums = [F(t) for t in rest]
        pairs = list(zip(nums[0::2], nums[1::2], strict=True))
    assert len(pairs) == m * n
    A = [[pairs[j * m + i][0] for j in range(n)] for i in range(m)]
    B = [[pairs[j * m + i][1] for j in range(n)] for i in range(m)]
    return A, B


def profile(x, y):
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


# --------------------------------------------------------------------------------------------
# Literature fixtures


def test_matching_pennies():
    # Matching pennies (von Neumann & Morgenstern 1944; e.g. Osborne & Rubinstein 1994,
    # Example 15.1): a unique, completely mixed equilibrium.
    A = [[1, -1], [-1, 1]]
    B = [[-1, 1], [1, -1]]
    res = extreme_equilibria(A, B)
    assert res.equilibria == (profile([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]),)
    assert not res.degenerate
    assert res.vertices == (4, 4)


def test_battle_of_the_sexes():
    # Battle of the sexes (Luce & Raiffa 1957, sec. 5.3): two pure equilibria and one mixed
    # one in which each player plays his own favourite with probability 2/3.
    A = [[2, 0], [0, 1]]
    B = [[1, 0], [0, 2]]
    res = extreme_equilibria(A, B)
    assert res.equilibria == (
        profile([0, 1], [0, 1]),
        profile([F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]),
        profile([1, 0], [1, 0]),
    )
    assert not res.degenerate


def test_chicken():
    # Chicken (Rapoport & Chammah 1966), strategies (Swerve, Straight): the two asymmetric
    # pure equilibria and the symmetric mixed one going Straight with probability 1/10.
    A = [[0, -1], [1, -10]]
    B = transpose(A)
    res = extreme_equilibria(A, B)
    assert set(res.equilibria) == {
        profile([1, 0], [0, 1]),
        profile([0, 1], [1, 0]),
        profile([F(9, 10), F(1, 10)], [F(9, 10), F(1, 10)]),
    }
    assert len(res.equilibria) == 3


def test_degenerate_2x2_that_nashpy_misses():
    # Player 1 is indifferent between his rows whatever player 2 does, and column 2 strictly
    # dominates column 1: the equilibria are {(x, right)} for every x, whose extreme points
    # are the two pure profiles.  nashpy's vertex enumeration (0.0.x) finds none of them.
    A = [[1, 0], [1, 0]]
    B = [[0, 1], [0, 1]]
    res = extreme_equilibria(A, B)
    assert res.equilibria == (profile([0, 1], [0, 1]), profile([1, 0], [0, 1]))
    assert res.degenerate
    assert list(res.equilibria) == brute_force_extreme_equilibria(A, B)

    nash = pytest.importorskip("nashpy")
    np = pytest.importorskip("numpy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = list(nash.Game(np.array(A), np.array(B)).vertex_enumeration())
        except Exception:  # any failure of nashpy counts as "missed"
            found = []
    assert len(found) < len(res.equilibria)


def _von_stengel_75():
    path = GAMES / "catalog" / "journals" / "dcg" / "vonstengel1999" / "6x6_game_with_75_eq.nfg"
    if not path.exists():
        pytest.skip(f"shared game file missing: {path}")
    return read_nfg(path)


#: CPU seconds the enumeration of the 6x6 game may use in its subprocess: it normally takes
#: about 0.1 s, start-up included, so only a hang or a blow-up reaches this (SIGXCPU).
ENUMERATION_CPU_LIMIT = 60

# Reads [A, B] (entries as exact fractions in text) from stdin; prints the extreme equilibria.
_ENUMERATE = r"""
import json, sys
from fractions import Fraction

from deterrence.solvers.bimatrix_exact import extreme_equilibria

A, B = ([[Fraction(v) for v in row] for row in M] for M in json.load(sys.stdin))
res = extreme_equilibria(A, B)
equilibria = [[[str(v) for v in part] for part in eq] for eq in res.equilibria]
json.dump({"equilibria": equilibria, "degenerate": res.degenerate, "vertices": res.vertices},
          sys.stdout)
"""


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (ENUMERATION_CPU_LIMIT, ENUMERATION_CPU_LIMIT))


def test_von_stengel_6x6_with_75_equilibria():
    # von Stengel (1999), "New maximal numbers of equilibria in bimatrix games", Discrete &
    # Computational Geometry 21, 557-568: a nondegenerate 6x6 game with 75 equilibria
    # (more than the earlier conjectured bound 2^6 - 1 = 63).
    A, B = _von_stengel_75()
    done = subprocess.run(
        [sys.executable, "-c", _ENUMERATE],
        input=json.dumps([[[str(v) for v in row] for row in M] for M in (A, B)]),
        capture_output=True,
        text=True,
        preexec_fn=_limit_cpu,
    )
    # A CPU-limit kill (a hang or a blow-up) shows as a negative status: -SIGXCPU.
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    res = json.loads(done.stdout)
    equilibria = [tuple(tuple(F(v) for v in part) for part in eq) for eq in res["equilibria"]]
    assert len(equilibria) == 75
    assert len(set(equilibria)) == 75
    assert not res["degenerate"]
    assert res["vertices"] == [112, 112]  # nondegenerate: one basis per vertex
    assert all(is_equilibrium(A, B, x, y) for x, y in equilibria)


def test_lemke_howson_on_von_stengel_75():
    A, B = _von_stengel_75()
    eqs = set(extreme_equilibria(A, B).equilibria)
    for label in range(12):
        x, y = lemke_howson(A, B, label)
        assert (x, y) in eqs


@functools.cache
def _gambit_expected() -> dict:
    return json.loads(GAMBIT_EXPECTED.read_text())


def _gambit_two_player_nfg():
    if not GAMBIT_EXPECTED.exists():
        return []
    data = _gambit_expected()
    return sorted(
        key
        for key, rec in data.items()
        if key.endswith(".nfg") and rec.get("players") == 2 and "error" not in rec
    )


@pytest.mark.gambit
@pytest.mark.parametrize("key", _gambit_two_player_nfg())
def test_matches_gambit_enummixed(key):
    # Reference results of Gambit's enummixed (pygambit 16.7, rational) stored in
    # tests/fixtures/gambit/expected.json for the shared .nfg games (many degenerate:
    # contrib/games/deg*.nfg, csg*.nfg, winkels.nfg -- Winkels 1979 -- ...).
    path = GAMES / key
    if not path.exists():
        pytest.skip(f"shared game file missing: {path}")
    rec = _gambit_expected()[key]
    A, B = read_nfg(path)
    assert [len(A), len(A[0])] == rec["strategies"]
    expected = {(tuple(F(v) for v in x), tuple(F(v) for v in y)) for x, y in rec["profiles"]}
    res = extreme_equilibria(A, B)
    # Gambit may list one profile several times on degenerate games (csg2.nfg: 9 records, 4
    # distinct), so compare distinct profiles.
    assert set(res.equilibria) == expected
    assert len(res.equilibria) == len(expected)


# --------------------------------------------------------------------------------------------
# Special shapes and values


@pytest.mark.parametrize("m, n", [(1, 1), (1, 4), (3, 1), (3, 4), (5, 5)])
@pytest.mark.parametrize("value", [0, -7, F(5, 3)])
def test_all_equal_payoffs_give_all_pure_profiles(m, n, value):
    # Every profile is an equilibrium; the extreme ones are the m * n pure profiles.
    A = [[value] * n for _ in range(m)]
    res = extreme_equilibria(A, A)
    assert set(res.equilibria) == set(pure_equilibria(A, A))
    assert len(res.equilibria) == m * n
    assert res.degenerate == (m > 1 or n > 1)


def test_large_constant_game_is_fast():
    # 40x50 with constant payoffs: hugely degenerate (each vertex of P lies on all 50
    # B-constraints), yet the lexicographic search visits only m + 1 and n + 1 bases.
    A = [[0] * 50 for _ in range(40)]
    res = extreme_equilibria(A, A)
    assert len(res.equilibria) == 2000
    assert res.vertices == (41, 51)


def test_one_row_and_one_column_games():
    # 1xN: player 1 has no choice; player 2 mixes over his best responses.
    res = extreme_equilibria([[1, 2, 3]], [[3, 3, 1]])
    assert res.equilibria == (profile([1], [0, 1, 0]), profile([1], [1, 0, 0]))
    # Mx1: player 1 picks a best row.
    res = extreme_equilibria([[2], [5], [5], [-1]], [[0], [0], [0], [0]])
    assert res.equilibria == (profile([0, 0, 1, 0], [1]), profile([0, 1, 0, 0], [1]))
    assert extreme_equilibria([[4]], [[-4]]).equilibria == (profile([1], [1]),)


def test_fraction_and_negative_payoffs_and_affine_invariance():
    A = [[F(1, 3), F(-2, 7)], [F(-1, 2), F(5, 11)]]
    B = [[F(-1, 5), F(3, 4)], [F(2, 9), F(-1, 6)]]
    res = extreme_equilibria(A, B)
    assert all(is_equilibrium(A, B, x, y) for x, y in res.equilibria)
    # Positive scaling and shifting of each player's payoffs leave the equilibria alone.
    A2 = [[7 * v - 100 for v in row] for row in A]
    B2 = [[F(1, 3) * v + 5 for v in row] for row in B]
    assert extreme_equilibria(A2, B2).equilibria == res.equilibria


def test_result_type_and_sorting():
    res = extreme_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert isinstance(res, BimatrixEquilibria)
    assert list(res.equilibria) == sorted(res.equilibria)
    for x, y in res.equilibria:
        assert all(type(v) is Fraction for v in x + y)


def test_enumeration_limit():
    A, B = _von_stengel_75()
    with pytest.raises(EnumerationLimit, match="limit `vertex_work`"):
        extreme_equilibria(A, B, max_work=20_000)
    assert issubclass(EnumerationLimit, RuntimeError)


def test_a_spent_work_budget_gives_verified_extreme_equilibria_and_every_pure_one():
    # von Stengel's 6x6 game with 75 extreme equilibria (Avis et al. 2010, section 6): a
    # budget far too small for all 112 + 112 vertices still gives a partial answer whose
    # every profile is one of the 75 and which holds every pure equilibrium.
    A, B = _von_stengel_75()
    full = extreme_equilibria(A, B)
    part = extreme_equilibria(A, B, max_work=20_000, partial=True)
    assert full.complete and full.stopped is None
    assert not part.complete and "limit `vertex_work`" in part.stopped
    assert set(part.equilibria) <= set(full.equilibria)
    assert set(pure_profiles(A, B)) <= set(part.equilibria)
    assert part.vertices[0] < 112 and part.vertices[1] < 112


def test_a_degenerate_20x20_game_stops_at_the_work_limit_with_pure_equilibria():
    # Issue: 20x20 0/1 payoffs ran for minutes. The work budget counts dictionary entries, so
    # the search stops after a bounded number of bases (counted, not timed).
    rng = random.Random(15)
    A = [[rng.randint(0, 1) for _ in range(20)] for _ in range(20)]
    B = [[rng.randint(0, 1) for _ in range(20)] for _ in range(20)]
    with limits.override(vertex_work=2_000_000):
        part = extreme_equilibria(A, B, partial=True)
    assert not part.complete
    # Each visit costs rows * cols + 2 * rows * (cols + 1) entries: 20*20 + 2*20*21 = 1,240.
    assert int(part.stopped.split(" bases")[0].rsplit(" ", 1)[1].replace(",", "")) <= (
        2_000_000 // 1_240 + 2
    )
    assert set(pure_profiles(A, B)) <= set(part.equilibria)
    for x, y in part.equilibria:
        rows = [sum(a * q for a, q in zip(row, y, strict=True)) for row in A]
        cols = [sum(B[i][j] * x[i] for i in range(20)) for j in range(20)]
        assert sum(p * v for p, v in zip(x, rows, strict=True)) == max(rows)
        assert sum(q * v for q, v in zip(y, cols, strict=True)) == max(cols)


def test_time_budget_of_zero_stops_at_once_with_a_partial_answer():
    A, B = _von_stengel_75()
    with limits.override(solve_seconds=0):
        part = extreme_equilibria(A, B, partial=True, deadline=limits.deadline())
    assert not part.complete and "stopped after 0 s" in part.stopped
    assert set(pure_profiles(A, B)) <= set(part.equilibria)


@pytest.mark.parametrize(
    "A, B",
    [
        ([], []),
        ([[1, 2], [3]], [[1, 2], [3, 4]]),
        ([[1, 2]], [[1, 2], [3, 4]]),
    ],
)
def test_bad_shapes(A, B):
    with pytest.raises(ValueError):
        extreme_equilibria(A, B)


def test_lemke_howson_bad_label():
    with pytest.raises(ValueError):
        lemke_howson([[1, 2]], [[2, 1]], dropped_label=3)


# --------------------------------------------------------------------------------------------
# Property-based tests


@st.composite
def games(draw, max_size=5, low=-2, high=2):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    entry = st.integers(low, high)
    A = draw(st.lists(st.lists(entry, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(entry, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(games())
def test_random_games_exact_distinct_and_contain_pure(game):
    A, B = game
    res = extreme_equilibria(A, B)
    assert res.equilibria, "every finite game has an equilibrium"
    assert len(set(res.equilibria)) == len(res.equilibria)
    assert list(res.equilibria) == sorted(res.equilibria)
    for x, y in res.equilibria:
        assert len(x) == len(A) and len(y) == len(A[0])
        assert is_equilibrium(A, B, x, y)
    assert set(pure_equilibria(A, B)) <= set(res.equilibria)


@COMMON
@given(games(max_size=4))
def test_random_games_match_brute_force_vertex_enumeration(game):
    # Small payoff range, so most of these games are degenerate.
    A, B = game
    assert list(extreme_equilibria(A, B).equilibria) == brute_force_extreme_equilibria(A, B)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_size=5, low=-50, high=50))
def test_nondegenerate_games_match_nashpy(game):
    nash = pytest.importorskip("nashpy")
    np = pytest.importorskip("numpy")
    A, B = game
    # nashpy's vertex enumeration calls qhull, which needs dimension >= 2.
    assume(len(A) >= 2 and len(A[0]) >= 2)
    res = extreme_equilibria(A, B)
    assume(not res.degenerate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = [
            (list(map(float, x)), list(map(float, y)))
            for x, y in nash.Game(np.array(A), np.array(B)).vertex_enumeration()
        ]
    ours = [([float(v) for v in x], [float(v) for v in y]) for x, y in res.equilibria]

    def close(p, q):
        return all(abs(a - b) <= 1e-9 for a, b in zip(p[0] + p[1], q[0] + q[1], strict=True))

    assert len(theirs) == len(ours)
    for p in ours:
        assert any(close(p, q) for q in theirs)


@COMMON
@given(games(), st.data())
def test_lemke_howson_exact_for_every_label(game, data):
    A, B = game
    m, n = len(A), len(A[0])
    extreme = set(extreme_equilibria(A, B).equilibria)
    for label in range(m + n):
        x, y = lemke_howson(A, B, label)
        assert is_equilibrium(A, B, x, y)
        # Lemke-Howson ends at a completely labelled pair of vertices: an extreme equilibrium.
        assert (x, y) in extreme


def test_larger_random_games_against_brute_force_pure_and_exactness():
    # 8x8 and 10x10 games with payoffs in 0..3 (degenerate) and 0..1000 (generic).
    import random

    rng = random.Random(20240611)
    for size, high in [(8, 3), (8, 1000), (10, 3), (10, 1000)]:
        A = [[rng.randint(0, high) for _ in range(size)] for _ in range(size)]
        B = [[rng.randint(0, high) for _ in range(size)] for _ in range(size)]
        res = extreme_equilibria(A, B)
        assert set(pure_equilibria(A, B)) <= set(res.equilibria)
        assert all(is_equilibrium(A, B, x, y) for x, y in res.equilibria)
        for label in (0, size):
            assert lemke_howson(A, B, label) in set(res.equilibria)
