"""Sweeps: the fast path (compiled, with exact repair of near-ties) against the general path
(the exact solver at each point), engines against each other, and the points themselves."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
import sympy

import deterrence as dt
from deterrence.errors import SolverError, SpecError
from deterrence.load import bundled_models
from deterrence.sweeps.grid import DRAW_BLOCK, Range, point_space
from deterrence.sweeps.plan import fast_path_fits
from deterrence.sweeps.run import plan_sweep, run_chunks

pd = pytest.importorskip("pandas")

#: A grid over two parameters of each bundled model, chosen to cross its switch points.
GRIDS = {
    "classic-deterrence": {"a": "0:3:13", "cDef": "0:2:9"},
    "extended-deterrence": {"p": "0:1:21", "a": "0:0.5:11"},
    "audience-cost-crisis": {"a": "0:2:11", "q": "0:1:11"},
    "chicken": {"L": "1:5:9", "e": "0:2:9"},
    # The alliance models. The test takes 9 values between the two ends; the ends are chosen
    # so that the switch points at the defaults fall on those values: n* = 2 and f* = 1/2
    # (tripwire), t* = 1/2 at q0 = 3/10, q* = 2/5 and d = s = 1/5 (trigger scope), p* = 1/2
    # and 3/4 (entrapment), p* = 1/2 and a* = 1/2 (formal), p* = 4/7 at r = 1/2 and
    # r* = 1/3 (consultation), p* = 1/2 at cA = 1 (reliability), r* = 3/8 and 1/2
    # (brinkmanship).
    "tripwire": {"n": "0:4:9", "f": "0:1:9"},
    "capability-sharing": {"t": "0:1:9", "q0": "0:0.8:9"},
    "trigger-scope": {"q": "0:0.8:9", "d": "0:0.8:9"},
    "entrapment-abandonment": {"p": "0:1:9", "l": "0:4:9"},
    "formal-vs-informal": {"p": "0:1:9", "a": "0:1:9"},
    "crisis-consultation": {"p": "1/7:1:9", "r": "0:2/3:9"},
    "alliance-reliability": {"p": "0:1:9", "cA": "0:2:9"},
    "brinkmanship": {"r": "0:1:9", "cD": "0:4:9"},
    # The signalling models: a* = 3/5 (tying hands) and 1/2 (audience costs) at the defaults;
    # the volunteer's dilemma switches at c = b.
    "tying-hands": {"a": "0:1.6:9", "m": "0:0.8:9"},
    "audience-cost-signalling": {"a": "0:1:9", "p": "0:1:9"},
    "article-5-volunteers": {"c": "0:8:9", "b": "0:8:9"},
}
#: Models the fast path does not take, and why (``fast_path_fits`` is False for them; a test
#: below checks that this list is exactly those models).
NO_FAST_PATH = {
    "alliance-reliability": (
        "imperfect information (the ally's type is private): the compiled parametric "
        "solution takes trees of perfect information and small matrices only, so "
        "dt.sweep takes the general path"
    ),
    "tying-hands": "imperfect information (the patron's and the attacker's types are private)",
    "audience-cost-signalling": "imperfect information (the defender's resolve is private)",
    "article-5-volunteers": (
        "three players: the compiled matrix path takes small two-player games, so dt.sweep "
        "takes the general path"
    ),
}
#: Models whose every point is a Nash enumeration of a large reduced normal form (about 0.7 s
#: a point): the general path is compared with auto on two values of each parameter only.
SLOW_POINTS = ("tying-hands", "audience-cost-signalling")
ITEMS = ("outcome", "play", "deterred", "payoffs", "equilibria")


def deterred_of(model: str) -> list[str] | None:
    return {"chicken": ["compromise"], "article-5-volunteers": ["repelled"]}.get(model)


def assert_same(fast, general) -> None:
    assert list(fast.columns) == list(general.columns)
    for name in fast.columns:
        a, b = fast[name].to_numpy(), general[name].to_numpy()
        if a.dtype.kind == "f":
            assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), name
        else:
            assert (a.astype(object) == b.astype(object)).all(), name


def test_every_bundled_model_has_a_grid():
    assert set(GRIDS) == set(bundled_models())


def random_subgrid(model: str) -> dict[str, list[Fraction]]:
    """Random values of each parameter of ``GRIDS[model]``, and the grid's switch points."""
    rng = random.Random(model)
    grid = {}
    for name, spec in GRIDS[model].items():
        values = list(Range(*(Fraction(x) for x in spec.split(":")[:2]), 9).values())
        values += [Fraction(rng.randint(0, 1000), 1000) * values[-1] for _ in range(3)]
        grid[name] = sorted(set(values))
    return grid


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(m, marks=pytest.mark.skip(reason=f"no fast path: {NO_FAST_PATH[m]}"))
        if m in NO_FAST_PATH
        else m
        for m in sorted(GRIDS)
    ],
)
def test_fast_path_equals_general_path_on_a_random_subgrid(model):
    game = dt.load(model)
    grid = random_subgrid(model)
    kwargs = dict(what=ITEMS, deterred=deterred_of(model))
    fast = dt.sweep(game, grid, path="fast", **kwargs)
    general = dt.sweep(game, grid, path="general", **kwargs)
    assert len(fast) == len(grid[next(iter(grid))]) * len(grid[list(grid)[1]])
    assert_same(fast, general)


def test_models_without_a_fast_path_are_swept_by_the_general_one():
    # The skip list above is exactly the models the planner will not compile; for them
    # path="fast" is refused with a reason, and path="auto" is the general path.
    assert {m for m in GRIDS if not fast_path_fits(dt.load(m))} == set(NO_FAST_PATH)
    for model in NO_FAST_PATH:
        game = dt.load(model)
        grid = random_subgrid(model)
        if model in SLOW_POINTS:
            grid = {name: values[:2] for name, values in grid.items()}
        with pytest.raises(SolverError, match="no compiled parametric solution"):
            dt.sweep(game, grid, path="fast", what="outcome")
        auto = dt.sweep(game, grid, what=ITEMS, deterred=deterred_of(model))
        general = dt.sweep(game, grid, path="general", what=ITEMS, deterred=deterred_of(model))
        assert_same(auto, general)


def test_fast_path_solves_points_on_a_boundary_exactly():
    # At p = 7/10 the attacker is indifferent (the extended-deterrence threshold): both the
    # status quo and the attack are subgame perfect, and the fast path must say so.
    frame = dt.sweep(dt.load("extended-deterrence"), {"p": [Fraction(7, 10)]}, what="outcome")
    assert frame.outcome[0] == "status_quo | war + abandoned"


def test_each_row_is_the_exact_solvers_answer():
    game = dt.load("extended-deterrence")
    frame = dt.sweep(game, {"p": "0:1:6", "a": "0:1:3"}, what=("outcome", "payoffs"))
    for row in frame.itertuples(index=False):
        result = dt.solve(game, values={"p": Fraction(row.p), "a": Fraction(row.a)})
        (eq,) = result.equilibria
        assert row.outcome == " + ".join(o for o in game.outcome_labels if eq.outcomes.get(o))
        assert row.payoff_A == pytest.approx(float(eq.payoffs[0]), abs=1e-12)


def test_threshold_column_matches_min_credibility():
    game = dt.load("extended-deterrence")
    frame = dt.sweep(game, {"cA": "0.2:0.6:3"}, what="threshold", path="fast")
    for row in frame.itertuples(index=False):
        expected = dt.min_credibility(game, cA=Fraction(row.cA))
        assert row.threshold_status == expected.status
        if expected.value is None:
            assert np.isnan(row.threshold)
        else:
            assert row.threshold == pytest.approx(float(expected.value))
    # Three regimes (v=1, w=0.8, wD=0.3, cP=0.3, e=0.05): p* = (v*w - cA - e)/(v*(w - wD))
    # is 1.1 > 1 at cA = 0.2 (never deterred), 7/10 at cA = 0.4; at cA = 0.6 the protégé
    # would rather yield than fight alone, and p* = (cP + e + v*w - v)/(v*(w - wD)) = 3/10.
    assert frame.threshold_status.tolist() == ["never", "threshold", "threshold"]
    assert frame.threshold.tolist()[1:] == pytest.approx([0.7, 0.3])


def test_chunking_does_not_change_the_answer():
    game = dt.load("chicken")
    plan = plan_sweep(game, {"L": "1:4:7"}, draws=5, dist={"e": "uniform:0:2"}, what="outcome")
    whole = list(run_chunks(plan, chunk_size=10**6))
    parts = list(run_chunks(plan, chunk_size=4))
    assert len(parts) == 9
    for name in plan.columns():
        joined = np.concatenate([c.columns[name] for c in parts])
        assert (joined == whole[0].columns[name]).all()


def test_draws_do_not_depend_on_chunks_and_follow_their_distribution():
    game = dt.load("extended-deterrence")
    space = point_space(
        game.parameters, None, draws=3 * DRAW_BLOCK, dist={"cA": "uniform:0.1:0.3"}, seed=7
    )
    all_at_once = space.floats(0, space.size)["cA"]
    pieces = np.concatenate(
        [space.floats(a, min(a + 1000, space.size))["cA"] for a in range(0, space.size, 1000)]
    )
    assert (all_at_once == pieces).all()
    assert 0.1 <= all_at_once.min() and all_at_once.max() <= 0.3
    assert all_at_once.mean() == pytest.approx(0.2, abs=2e-3)
    other_seed = point_space(
        game.parameters, None, draws=10, dist={"cA": "uniform:0.1:0.3"}, seed=8
    )
    assert (other_seed.floats(0, 10)["cA"] != all_at_once[:10]).all()


def test_uncertainty_analysis_share_of_deterrence():
    # With the attacker's war cost drawn uniformly from [0, 0.8] and p = 0.5, deterrence
    # holds exactly when p* = (0.75 - cA)/0.5 <= 0.5, i.e. cA > 0.5: about 3/8 of the draws.
    game = dt.load("extended-deterrence")
    frame = dt.sweep(game, draws=4000, dist={"cA": "uniform:0:0.8"}, what="deterred")
    assert frame.deterred.mean() == pytest.approx(3 / 8, abs=0.03)
    assert (frame.deterred == (frame.cA > 0.5)).all()


def test_grid_ranges_include_both_ends_exactly():
    space = point_space(dt.load("extended-deterrence").parameters, {"p": "0:1:101"})
    assert space.axes["p"][0] == 0 and space.axes["p"][-1] == 1
    assert space.axes["p"][70] == Fraction(7, 10)
    assert space.size == 101


def test_every_problem_in_a_sweep_is_reported_at_once():
    game = dt.load("extended-deterrence")
    with pytest.raises(SpecError) as caught:
        plan_sweep(
            game,
            {"pp": "0:1:5", "w": "0:2:3", "a": "1:2"},
            dist={"cA": "normal:0:1", "e": "gauss:0:1"},
            draws=10,
            what="outcome,payof",
        )
    text = str(caught.value)
    for expected in (
        "unknown item `payof`",
        "did you mean `payoffs`",
        "unknown parameter `pp`",
        "did you mean `p`",
        "outside the bounds",
        "expected START:STOP:NUM",
        "can draw values outside the bounds",
        "unknown distribution `gauss`",
    ):
        assert expected in text, expected


def test_fast_path_is_refused_where_there_is_none(tmp_path):
    spec = tmp_path / "three.toml"
    spec.write_text(
        """
[model]
id = "three"
[players]
A = "A"
B = "B"
C = "C"
[parameters]
x = { value = 1 }
[matrix]
strategies = { A = ["a1", "a2"], B = ["b1", "b2"], C = ["c1", "c2"] }
[matrix.payoffs]
"a1, b1, c1" = "o"
"a1, b1, c2" = "o"
"a1, b2, c1" = "o"
"a1, b2, c2" = "o"
"a2, b1, c1" = "o"
"a2, b1, c2" = "o"
"a2, b2, c1" = "o"
"a2, b2, c2" = "q"
[outcomes.o]
A = "0"
B = "0"
C = "0"
[outcomes.q]
A = "x"
B = "x"
C = "x"
"""
    )
    game = dt.load(spec)
    with pytest.raises(SolverError, match="no compiled parametric solution"):
        plan_sweep(game, {"x": "0:1:3"}, path="fast")
    frame = dt.sweep(game, {"x": "-1:1:3"}, what="outcome")  # the general path, chosen itself
    assert "q" in frame.outcome.iloc[-1]


def test_joblib_processes_give_the_same_answer():
    game = dt.load("extended-deterrence")
    one = dt.sweep(game, {"p": "0:1:41", "a": "0:0.4:5"}, what=ITEMS, path="general")
    two = dt.sweep(
        game, {"p": "0:1:41", "a": "0:0.4:5"}, what=ITEMS, path="general", n_jobs=2, chunk_size=50
    )
    assert_same(one, two)


@pytest.mark.slow
def test_dask_engine_equals_local_engine_on_a_local_cluster():
    pytest.importorskip("distributed")
    game = dt.load("extended-deterrence")
    grid = {"p": "0:1:51", "a": "0:0.5:11"}
    local = dt.sweep(game, grid, what=ITEMS, chunk_size=97)
    on_dask = dt.sweep(game, grid, what=ITEMS, chunk_size=97, engine="dask", n_jobs=2)
    assert_same(local, on_dask)


def test_progress_is_reported_per_chunk():
    seen = []
    dt.sweep(
        dt.load("extended-deterrence"),
        {"p": "0:1:10"},
        chunk_size=4,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(4, 10), (8, 10), (10, 10)]


def _random_matrix_spec(rng: random.Random, rows: int, cols: int) -> str:
    """A two-player game whose payoffs are lines in x with small integer coefficients, so
    that ties (degenerate points) fall on simple rationals of the grid."""
    r_names = [f"r{i}" for i in range(rows)]
    c_names = [f"c{j}" for j in range(cols)]
    lines = [
        "[model]",
        'id = "random"',
        "[players]",
        'R = "Row"',
        'C = "Column"',
        "[parameters]",
        "x = { value = 0, min = -2, max = 2 }",
        "[matrix]",
        f"strategies = {{ R = {r_names}, C = {c_names} }}".replace("'", '"'),
        "[matrix.payoffs]",
    ]
    outcomes = []
    for i in range(rows):
        for j in range(cols):
            lines.append(f'"r{i}, c{j}" = "o{i}{j}"')
            outcomes.append(f"o{i}{j}")
    for name in outcomes:
        a, b, c, d = (rng.randint(-2, 2) for _ in range(4))
        lines += [f"[outcomes.{name}]", f'R = "{a} + {b}*x"', f'C = "{c} + {d}*x"']
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 3)])
def test_matrix_fast_path_equals_exact_solver_on_random_games(tmp_path, shape):
    # Degenerate points (ties, continua of equilibria) must be recognised and solved exactly.
    rng = random.Random(f"{shape}")
    for k in range(12):
        spec = tmp_path / f"g{k}.toml"
        spec.write_text(_random_matrix_spec(rng, *shape))
        game = dt.load(spec)
        grid = {"x": "-2:2:17"}
        items = ("outcome", "play", "equilibria", "payoffs")
        fast = dt.sweep(game, grid, what=items, path="fast")
        general = dt.sweep(game, grid, what=items, path="general")
        assert_same(fast, general)


def test_a_missing_extra_is_named(monkeypatch):
    import sys

    from deterrence.optional import MissingExtra

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(MissingExtra, match=r"pip install 'deterrence\[tables\]'"):
        dt.sweep(dt.load("chicken"), {"L": "1:2:2"})
    monkeypatch.setitem(sys.modules, "distributed", None)
    plan = plan_sweep(dt.load("chicken"), {"L": "1:2:2"})
    with pytest.raises(MissingExtra, match=r"deterrence\[dask\]"):
        list(run_chunks(plan, engine="dask"))


def test_threshold_column_is_not_fooled_by_a_tie_at_its_first_point():
    # The first point sits on a tie (a = 3/20: the free defender is indifferent), where the
    # closed form p* = 7/10 holds only on that line; the points after it must not reuse it.
    game = dt.load("extended-deterrence")
    grid = {"a": ["3/20", "0.16", "0.5", "0.1"]}
    fast = dt.sweep(game, grid, what="threshold", path="fast")
    general = dt.sweep(game, grid, what="threshold", path="general")
    assert_same(fast, general)
    assert fast.threshold_status.tolist() == ["threshold", "always", "always", "threshold"]


def test_threshold_column_on_a_grid_full_of_coincidences():
    # Simple rationals make switch points coincide: at a = 0, cA = 3/5, w = 4/5 both the
    # protégé and the attacker switch at p = 3/10. A closed form derived there holds only on
    # one side of that coincidence, and the sweep must not reuse it on the other.
    game = dt.load("extended-deterrence")
    grid = {"a": ["0", "0.1", "3/20", "0.2"], "cA": "0.2:0.8:7", "w": ["0.5", "0.8", "1"]}
    fast = dt.sweep(game, grid, what="threshold", path="fast")
    general = dt.sweep(game, grid, what="threshold", path="general")
    assert_same(fast, general)


def test_a_closed_form_at_a_coincidence_says_on_which_side_it_holds():
    game = dt.load("extended-deterrence")
    result = dt.min_credibility(game, a=0, cA="3/5", w="4/5")
    assert result.value == sympy.Rational(3, 10)
    weak = [c for c in result.conditions if isinstance(c, sympy.GreaterThan | sympy.LessThan)]
    assert weak, result.conditions  # the attacker's comparison, zero exactly here
    below = dt.min_credibility(game, a=0, cA="1/5", w="4/5")
    assert below.status == "never"
    values = {**below.fixed, "a": 0, "cA": Fraction(1, 5), "w": Fraction(4, 5)}
    symbols = {
        p.symbol: sympy.Rational(str(values[p.name])) for p in game.parameters if p.name in values
    }
    assert not all(bool(c.xreplace(symbols)) for c in weak)


CANCELLING = """
[model]
id = "cancel"
[players]
A = "A"
[parameters]
q = { value = 0.1, min = 0, max = 1 }
K = { value = 100000000, min = 0 }
[tree]
root = "n"
[tree.n]
player = "A"
actions = { safe = "sq", gamble = "nat" }
[tree.nat]
chance = { win = { prob = "PW", to = "w" }, lose = { prob = "1 - PW", to = "l" } }
[outcomes.sq]
A = "SQ"
[outcomes.w]
A = "2*K"
[outcomes.l]
A = "-K"
"""


@pytest.mark.parametrize("big", ["1e8", "1e10", "1e14"])
def test_a_tie_hidden_by_cancelling_large_payoffs_is_solved_exactly(tmp_path, big):
    # At q = 1/3 the gamble is worth 2K/3 - 2K/3 = 0, exactly the safe payoff; in floats the
    # difference is of the order of K times the rounding error, which must not pass for a
    # clear preference however large K is.
    spec = tmp_path / "cancel.toml"
    spec.write_text(CANCELLING.replace("PW", "q").replace("SQ", "0"))
    game = dt.load(spec)
    grid = {"q": ["1/3", "0.3", "0.4"]}
    items = ("outcome", "play", "equilibria")
    fast = dt.sweep(game, grid, what=items, path="fast", values={"K": big})
    assert_same(fast, dt.sweep(game, grid, what=items, path="general", values={"K": big}))
    assert fast.equilibria.tolist() == [2, 1, 1]


@pytest.mark.parametrize(
    ("probability", "safe"),
    [("8*q*(1-q)", "0"), ("q", "log(q)"), ("q", "1/(q-1/2)"), ("q", "exp(q*800)")],
)
def test_points_the_exact_solver_refuses_are_refused_by_the_fast_path_too(
    tmp_path, probability, safe
):
    # A probability above 1 (8q(1-q) at q = 1/4), an undefined or overflowing payoff: the
    # exact solver refuses such a point with a clear error, and the fast path must not answer.
    spec = tmp_path / "bad.toml"
    spec.write_text(CANCELLING.replace("PW", probability).replace("SQ", safe))
    game = dt.load(spec)
    for path in ("fast", "general"):
        with pytest.raises(SpecError):
            dt.sweep(game, {"q": "0:1:5"}, path=path, values={"K": 1})


def test_threshold_column_reuses_a_closed_form_only_where_it_is_the_threshold(tmp_path):
    # Reviewer's case: x* = 1/2 at y = -1/2, but for y > 0 the defender fights below x = y
    # and deterrence holds from x = 0: the closed form must not be carried over.
    from tests.test_thresholds import TWO_NODES

    spec = tmp_path / "two.toml"
    spec.write_text(TWO_NODES)
    game = dt.load(spec)
    grid = {"y": ["-1/2", "3/10", "-0.2", "0.6", "0"]}
    fast = dt.sweep(game, grid, what="threshold", path="fast")
    assert_same(fast, dt.sweep(game, grid, what="threshold", path="general"))
    assert fast.threshold_status.tolist() == [
        "threshold",
        "always",
        "threshold",
        "always",
        "threshold",
    ]
