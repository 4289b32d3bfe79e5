"""Figures of regions and thresholds: drawn headless, labels checked against the exact
solver, exact boundaries where they should be, greys only in the print style."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import deterrence as dt
from deterrence.figures import plot_regions, plot_threshold
from deterrence.figures.look import display_label, format_label
from deterrence.game.notation import notation_of
from deterrence.load import bundled_models

#: Two meaningful parameters of each bundled model, and a window where needed.
PLANES = {
    "extended-deterrence": ("p", "a", {"ylim": (0, "0.3")}),
    "classic-deterrence": ("cCh", "a", {}),
    "audience-cost-crisis": ("q", "a", {"ylim": (0, 1)}),
    "chicken": ("L", "e", {}),
    # The alliance models: the parameter of each threshold against a second one that moves it,
    # with a window around the switch points where a bound is not declared.
    "tripwire": ("n", "f", {"xlim": (0, 4)}),
    "capability-sharing": ("t", "q0", {}),
    "trigger-scope": ("q", "d", {"ylim": (0, 1)}),
    "entrapment-abandonment": ("p", "l", {"ylim": (0, 5)}),
    "formal-vs-informal": ("p", "a", {"ylim": (0, 1)}),
    "crisis-consultation": ("p", "r", {}),
    # Imperfect information: no compiled path, so each grid point is an exact Nash solve;
    # a coarser grid keeps the test quick and its labels are checked all the same.
    "alliance-reliability": ("p", "cA", {"ylim": (0, 2), "resolution": 30}),
    "brinkmanship": ("r", "cD", {"ylim": (0, 5)}),
}


def solver_label(game, point: dict[str, object]) -> str:
    """The outcome label of the equilibria at ``point``, built from ``dt.solve`` alone."""
    result = dt.solve(game, values=point)
    labels = set()
    for eq in result.equilibria:
        reached = {o for o, p in eq.outcomes.items() if p > 0}
        labels.add(" + ".join(o for o in game.outcome_labels if o in reached))
    return " | ".join(sorted(labels))


def fills(ax):
    from matplotlib.contour import ContourSet

    return [c for c in ax.collections if isinstance(c, ContourSet)]


def boundary_lines(ax, gid: str) -> list[np.ndarray]:
    found = [c for c in ax.collections if c.get_gid() == gid]
    return [np.asarray(segment) for c in found for segment in c.get_segments()]


def test_every_bundled_model_has_a_plane():
    assert set(PLANES) == set(bundled_models())


@pytest.mark.parametrize("model", sorted(PLANES))
def test_regions_render_to_png_and_labels_match_the_solver(model, tmp_path):
    game = dt.load(model)
    x, y, window = PLANES[model]
    ax = plot_regions(game, x, y, **{"resolution": 60, **window})
    path = tmp_path / f"{model}.png"
    ax.figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ax.texts, "no region was labelled"
    for text in ax.texts:
        px, py = text.get_position()
        expected = display_label(solver_label(game, {x: px, y: py}), notation_of(game))
        assert text.get_text() == format_label(expected), (px, py)


def test_every_region_of_extended_deterrence_is_labelled():
    ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=80, ylim=(0, "0.3"))
    assert sorted(t.get_text() for t in ax.texts) == [
        "Conquest",
        "Status quo",
        "War + Protégé abandoned",
    ]
    assert ax.get_legend() is None


def test_extended_deterrence_boundary_passes_through_the_exact_switch():
    # Along p at the default a = 1/10, deterrence starts at p = 7/10 exactly.
    ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=60)
    lines = boundary_lines(ax, "exact-boundaries")
    crossings = []
    for line in lines:
        for (x0, y0), (x1, y1) in itertools.pairwise(line):
            if min(y0, y1) <= 0.1 <= max(y0, y1) and y0 != y1:
                crossings.append(x0 + (x1 - x0) * (0.1 - y0) / (y1 - y0))
    assert any(abs(c - 0.7) < 1e-9 for c in crossings), crossings
    assert any(abs(c - 0.3) < 1e-9 for c in crossings), crossings
    # Above a = 3/20 the status quo holds on both sides of p = 7/10: no line there.
    near = np.vstack([line for line in lines if np.any(np.abs(line[:, 0] - 0.7) < 1e-9)])
    assert near[:, 1].max() == pytest.approx(0.15, abs=1e-9)


def test_play_regions_draw_the_line_between_plays_of_the_same_outcome():
    ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=60, what="play")
    lines = boundary_lines(ax, "exact-boundaries")
    # a = 3/20 for p > 7/10 separates two plays that both keep the status quo.
    above = [
        line
        for line in lines
        if np.allclose(line[:, 1], 0.15, atol=1e-9) and line[:, 0].max() > 0.9
    ]
    assert above


def test_matrix_boundaries_are_exact():
    # Chicken's regions over (L, e) come from the two-player decomposition: swerving
    # dominates once the cost of going straight exceeds the prize, e = 1, whatever L.
    ax = plot_regions(dt.load("chicken"), "L", "e", resolution=60)
    assert not boundary_lines(ax, "grid-boundaries")
    lines = boundary_lines(ax, "exact-boundaries")
    heights = np.concatenate([line[:, 1] for line in lines])
    assert np.allclose(heights, 1, atol=1e-9)
    widths = np.concatenate([line[:, 0] for line in lines])
    assert widths.min() < 1.5 and widths.max() > 19.5  # across the whole window of L


def test_print_style_is_grey_and_colour_style_is_not():
    game = dt.load("extended-deterrence")
    printed = fills(plot_regions(game, "p", "a", resolution=40, style="print"))
    coloured = fills(plot_regions(game, "p", "a", resolution=40))
    assert printed and coloured

    def greys(sets):
        rgba = np.vstack([c.get_facecolor() for c in sets])
        return np.allclose(rgba[:, 0], rgba[:, 1]) and np.allclose(rgba[:, 1], rgba[:, 2])

    assert greys(printed)
    assert not greys(coloured)
    assert any(h for c in printed for h in c.hatches)


def test_no_global_figure_and_given_axes_are_used():
    from matplotlib.figure import Figure
    from matplotlib.pyplot import get_fignums

    ax = Figure().add_subplot()
    assert plot_regions(dt.load("classic-deterrence"), "cCh", "a", ax=ax, resolution=30) is ax
    assert get_fignums() == []


def test_fixed_values_move_the_regions():
    game = dt.load("classic-deterrence")
    # a* = cCh - b: with b = 1.5 the line a = cCh - 1.5 crosses a = 0 at cCh = 3/2.
    ax = plot_regions(game, "cCh", "a", resolution=40, values={"b": "1.5"})
    lines = boundary_lines(ax, "exact-boundaries")
    points = np.vstack(lines)
    assert np.allclose(points[:, 1], points[:, 0] - 1.5, atol=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": "pp", "y": "a"}, "did you mean `p`?"),
        ({"x": "p", "y": "p"}, "on both axes"),
        ({"x": "p", "y": "a", "values": {"a": 1}}, "do not fix it"),
        ({"x": "p", "y": "a", "style": "colour"}, "unknown style"),
        ({"x": "p", "y": "a", "what": "payoffs"}, "expected outcome or play"),
    ],
)
def test_bad_arguments_are_spec_errors(kwargs, message):
    with pytest.raises(dt.SpecError) as error:
        plot_regions(dt.load("extended-deterrence"), resolution=20, **kwargs)
    assert message in str(error.value)


def test_threshold_curve_equals_the_closed_form():
    game = dt.load("classic-deterrence")
    ax = plot_threshold(game, "cCh", param="a", deterred=["W"], num=41)
    (line,) = ax.get_lines()
    xs, ys = line.get_xdata(), line.get_ydata()
    checked = 0
    for k in (15, 25, 35):
        value = dt.threshold(game, "a", ["W"], values={"cCh": Fraction(str(xs[k]))}).value
        assert ys[k] == pytest.approx(float(value), abs=1e-12)
        checked += 1
    assert checked == 3
    # Below cCh = b the threat is credible already at a = 0: no curve there.
    assert np.all(np.isnan(ys[xs < 1]))
    assert line.get_label() == "$a^* = - b + c_C$"


@pytest.mark.slow
def test_threshold_with_two_closed_forms_equals_min_credibility(tmp_path):
    game = dt.load("extended-deterrence")
    ax = plot_threshold(game, "cA", num=41)
    assert len(ax.get_lines()) == 2
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        for k in np.flatnonzero(np.isfinite(ys))[::7]:
            bar = dt.min_credibility(game, values={"cA": Fraction(str(xs[k]))})
            assert ys[k] == pytest.approx(float(bar.value), abs=1e-12)
    ax.figure.savefig(tmp_path / "threshold.png")


def test_threshold_print_style_and_shading():
    game = dt.load("extended-deterrence")
    ax = plot_threshold(game, "a", num=31, style="print")
    (line,) = ax.get_lines()
    ys = line.get_ydata()
    finite = np.isfinite(ys)
    assert np.allclose(ys[finite], 0.7)
    # The audience cost makes the free defender keep its word from a = 3/20 on.
    assert line.get_xdata()[finite].max() < 0.15
    rgba = np.vstack([c.get_facecolor() for c in fills(ax)])
    assert np.allclose(rgba[:, 0], rgba[:, 2])
    assert line.get_color() == "black"


def test_threshold_errors():
    with pytest.raises(dt.SolverError, match="credibility"):
        plot_threshold(dt.load("chicken"), "L", num=11)
    with pytest.raises(dt.SpecError, match="threshold's own parameter"):
        plot_threshold(dt.load("extended-deterrence"), "p", num=11)
