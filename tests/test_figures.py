"""Figures of regions and thresholds: drawn headless, labels checked against the exact
solver, exact boundaries where they should be, greys only in the print style; a numbered key
where regions hold several equilibria, regions of no area drawn as lines, a threshold's window
where it changes, and its jumps drawn as jumps. Each test reads what is drawn back from
matplotlib's artists (texts, legend entries, collections and lines by gid).

Known results: Chicken (Rapoport & Chammah 1966) has three equilibria while going straight
costs less than the prize (either side backs down, or both mix) and only mutual swerving
above it, so at the cost where the two meet the mixed equilibrium is gone and mutual swerving
has not yet become the only one; the other checks are against the exact solver itself.
"""

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

#: Bundled models left out of the figure tests: signalling games solved point by point (no
#: compiled path), some seconds for the smallest grid.
SLOW = {"audience-cost-signalling", "tying-hands"}

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
    # Three players: pure equilibria only, point by point, and boundaries traced on the grid.
    "article-5-volunteers": ("c", "b", {"resolution": 30}),
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


def boundary_width(ax) -> float:
    (found,) = [c for c in ax.collections if c.get_gid() == "exact-boundaries"]
    return float(found.get_linewidth()[0])


def drawn_points(ax, prefix: str) -> list[np.ndarray]:
    return [
        np.asarray(line.get_xydata())
        for line in ax.get_lines()
        if (line.get_gid() or "").startswith(prefix)
    ]


def boundary_lines(ax, gid: str) -> list[np.ndarray]:
    found = [c for c in ax.collections if c.get_gid() == gid]
    return [np.asarray(segment) for c in found for segment in c.get_segments()]


def key_of(ax) -> dict[str, str]:
    """The figure's key, read from its legend: each number and the equilibrium it stands for."""
    legend = ax.get_legend()
    if legend is None:
        return {}
    return {
        handle.get_text(): text.get_text().replace("\n", " ")
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True)
        if (handle.get_gid() or "").startswith("key:")
    }


def legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend is not None else []


def written(ax, text: str) -> set[str]:
    """The equilibria a region's text names: its keys looked up in the key, else its lines."""
    keys = key_of(ax)
    if keys:
        return {keys[k] for k in text.split(", ")}
    return {text.replace("\n", " ")}


def test_every_bundled_model_has_a_plane():
    assert set(PLANES) | SLOW == set(bundled_models())


@pytest.mark.parametrize("model", sorted(PLANES))
def test_regions_render_to_png_and_labels_match_the_solver(model, tmp_path):
    game = dt.load(model)
    x, y, window = PLANES[model]
    ax = plot_regions(game, x, y, **{"resolution": 60, **window})
    path = tmp_path / f"{model}.png"
    ax.figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = [t for t in ax.texts if t.get_gid() == "region-label"]
    assert labels, "no region was labelled"
    for text in labels:
        px, py = text.get_position()
        expected = display_label(solver_label(game, {x: px, y: py}), notation_of(game))
        if key_of(ax):
            assert written(ax, text.get_text()) == set(expected.split(" | ")), (px, py)
        else:
            assert text.get_text() == format_label(expected), (px, py)


def test_every_region_of_extended_deterrence_is_labelled():
    ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=80, ylim=(0, "0.3"))
    assert sorted(t.get_text() for t in ax.texts) == [
        "Conquest",
        "Status quo",
        "War + Protégé abandoned",
    ]
    assert ax.get_legend() is None


def test_regions_of_several_equilibria_are_keyed():
    # Chicken below e = 1: either side backs down, or both mix (three equilibria); above it,
    # both swerve. Each equilibrium gets a number, each region lists its numbers, and the
    # legend says what each number stands for.
    game = dt.load("chicken")
    ax = plot_regions(game, "L", "e", resolution=40)
    keys = key_of(ax)
    assert keys == {
        "1": "Column wins",
        "2": "Row wins",
        "3": "Compromise + Column wins + Row wins + Crash",
        "4": "Compromise",
        "5": "Crash",
    }
    labels = {t.get_text(): t.get_position() for t in ax.texts if t.get_gid() == "region-label"}
    assert set(labels) == {"1, 2, 3", "4"}
    for text, (px, py) in labels.items():
        expected = display_label(solver_label(game, {"L": px, "e": py}), notation_of(game))
        assert written(ax, text) == set(expected.split(" | "))
    # Nothing stacked: no region's text runs over lines or names an equilibrium.
    assert all("\n" not in text and " | " not in text for text in labels)
    legend = ax.get_legend()
    assert legend.get_gid() == "region-legend" and "numbers" in legend.get_title().get_text()


def test_a_region_of_no_area_is_a_line_in_the_legend_not_an_area():
    # On e = 1 exactly the mixed equilibrium is gone and mutual swerving is not yet alone:
    # the equilibria there are neither those below nor those above.
    game = dt.load("chicken")
    ax = plot_regions(game, "L", "e", resolution=40)
    (tie,) = [c for c in ax.collections if (c.get_gid() or "").startswith("zero-width-line")]
    points = np.vstack([np.asarray(segment) for segment in tie.get_segments()])
    assert np.allclose(points[:, 1], 1.0, atol=1e-12)  # the exact line, not grid points
    assert points[:, 0].min() == pytest.approx(1.0) and points[:, 0].max() == pytest.approx(21.0)
    on_line = display_label(solver_label(game, {"L": 10, "e": 1}), notation_of(game))
    keys = {v: k for k, v in key_of(ax).items()}
    numbers = ", ".join(sorted((keys[p] for p in on_line.split(" | ")), key=int))
    assert f"{numbers}: on this line only" in legend_texts(ax)
    # Its own dashes, thicker than the boundary it lies on.
    assert tie.get_linewidth()[0] > 2 * boundary_width(ax)
    assert tie.get_linestyle()[0][1] is not None
    # Not filled: the fills are the two regions with an area, and no patch names the line.
    assert len(fills(ax)) == 2
    handles = dict(zip(legend_texts(ax), ax.get_legend().legend_handles, strict=True))
    from matplotlib.patches import Patch

    assert not isinstance(handles[f"{numbers}: on this line only"], Patch)
    # At the corner L = 1, e = 0 a third set of equilibria holds at that point alone.
    (corner,) = drawn_points(ax, "zero-width-point")
    assert corner.tolist() == [[1.0, 0.0]]
    assert any(text.endswith("at this point only") for text in legend_texts(ax))


def test_a_tie_on_a_boundary_is_the_boundary():
    # With 11 points per axis the grid falls on p = 7/10 and on a = 3/20, where a player is
    # indifferent and the equilibria of both sides hold: that is the boundary, already drawn,
    # and neither an area, a label nor a legend entry.
    ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=11, ylim=(0, "0.3"))
    assert sorted(t.get_text() for t in ax.texts) == [
        "Conquest",
        "Status quo",
        "War + Protégé abandoned",
    ]
    assert ax.get_legend() is None
    assert len(fills(ax)) == 3
    assert not [c for c in ax.collections if (c.get_gid() or "").startswith("zero-width")]


def test_lines_of_no_area_on_the_edge_of_the_range():
    # At p = 0 the pledge never binds, so the outcome "defended" is reached with probability
    # 0 and the label there is "abandoned" alone: a region that is the line p = 0.
    game = dt.load("entrapment-abandonment")
    ax = plot_regions(game, "p", "l", resolution=30, ylim=(0, 5), style="print")
    ties = [c for c in ax.collections if (c.get_gid() or "").startswith("zero-width-line")]
    assert ties
    on_edge = [
        np.vstack([np.asarray(s) for s in tie.get_segments()])
        for tie in ties
        if all(np.allclose(np.asarray(s)[:, 0], 0.0) for s in tie.get_segments())
    ]
    assert on_edge
    texts = legend_texts(ax)
    assert any(t.endswith("on this line only") for t in texts)
    # In print: black dashes with white gaps, drawn over the frame they lie on.
    for tie in ties:
        assert np.allclose(tie.get_colors()[0][:3], 0.0)
        assert tie.get_gapcolor() is not None and not tie.get_clip_on()
    for segment in on_edge:
        middle = segment[len(segment) // 2]
        label = solver_label(game, {"p": 0, "l": Fraction(str(round(middle[1], 6)))})
        shown = display_label(label, notation_of(game))
        assert f"{shown}: on this line only" in texts


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


def curves(ax) -> list:
    return [line for line in ax.get_lines() if line.get_gid() == "threshold"]


def drawn(ax, gid: str) -> list[np.ndarray]:
    return [np.asarray(line.get_xydata()) for line in ax.get_lines() if line.get_gid() == gid]


def no_vertical_stroke(line) -> bool:
    """Whether a curve never joins two points above one another: a jump is no part of it."""
    xy = np.asarray(line.get_xydata())
    finite = np.isfinite(xy).all(axis=1)
    pairs = finite[:-1] & finite[1:]
    dx, dy = np.abs(np.diff(xy[:, 0])), np.abs(np.diff(xy[:, 1]))
    return not np.any(pairs & (dx < 1e-12) & (dy > 1e-9))


def test_threshold_curve_equals_the_closed_form():
    game = dt.load("classic-deterrence")
    ax = plot_threshold(game, "cCh", param="a", deterred=["W"], num=41)
    (line,) = curves(ax)
    xs, ys = line.get_xdata(), line.get_ydata()
    # Interior points of the curve, each against the exact threshold there.
    checked = 0
    for k in (40, 200, 360):
        value = dt.threshold(game, "a", ["W"], values={"cCh": Fraction(str(xs[k]))}).value
        assert ys[k] == pytest.approx(float(value), abs=1e-12)
        checked += 1
    assert checked == 3
    # Below cCh = b the threat is credible already at a = 0: the curve starts at cCh = 1.
    assert np.nanmin(xs) == pytest.approx(1.0, abs=1e-12)
    assert line.get_label() == "$a^* = - b + c_C$"
    assert no_vertical_stroke(line) and not drawn(ax, "threshold-jump")


def test_threshold_window_is_where_it_changes():
    # cA is declared >= 0 only. p* appears at cA = 1/4 (where it reaches 1) and changes its
    # closed form at cA = 3/5 (the protégé would yield); beyond, it is constant.
    game = dt.load("extended-deterrence")
    ax = plot_threshold(game, "cA", num=21)
    low, high = (float(v) for v in ax.get_xlim())
    assert low == 0.0 and high == pytest.approx(0.7)
    assert (0.6 - 0.25) / (high - low) >= 0.5  # the changes fill half the window at least
    ends = sorted(float(v) for line in curves(ax) for v in line.get_xdata() if np.isfinite(v))
    assert ends[0] == pytest.approx(0.25, abs=1e-12)
    assert ends[-1] == pytest.approx(high)
    # The two closed forms meet at cA = 3/5 with the same value: a kink, not a jump.
    assert not drawn(ax, "threshold-jump") and not drawn(ax, "threshold-end-open")


def test_threshold_window_of_an_unbounded_threshold():
    # a* = cCh - b for cCh > b: the audience cost a is declared >= 0 only, so its window is
    # the values a* takes in the window of cCh, which ends a margin past cCh = b = 1.
    ax = plot_threshold(dt.load("classic-deterrence"), "cCh", param="a", deterred=["W"], num=11)
    xlow, xhigh = (float(v) for v in ax.get_xlim())
    ylow, yhigh = (float(v) for v in ax.get_ylim())
    assert xlow == 0.0 and 1.0 < xhigh <= 2.0
    top = xhigh - 1.0  # a* at the right edge of the window
    assert ylow == 0.0 and top < yhigh <= 1.5 * top
    # A window given by the user wins, on either axis.
    kept = plot_threshold(
        dt.load("classic-deterrence"), "cCh", param="a", deterred=["W"], num=11,
        xlim=(0, 4), ylim=(0, 5),
    )  # fmt: skip
    assert tuple(float(v) for v in kept.get_xlim()) == (0.0, 4.0)
    assert tuple(float(v) for v in kept.get_ylim()) == (0.0, 5.0)


#: A pledge that binds with probability p, and a free defender who fights back (weakly: the
#: attacker still gains 1/4 from that war) when the conquest would cost it x > 1. Against a
#: yielding defender an attack pays -p + (1 - p) = 1 - 2p, so p* = 1/2; against a fighting
#: one -p + (1 - p)/4 = 1/4 - 5p/4, so p* = 1/5. At x = 1 the defender is indifferent, both
#: plays are subgame perfect, and deterrence needs p >= 1/2 for both: the threshold there is
#: the left side's.
JUMP = """
[model]
id = "jump"
title = "A pledge and a free defender"

[players]
A = "Attacker"
D = "Defender"

[parameters]
p = { value = 0.5, min = 0, max = 1, role = "credibility" }
x = { value = 0.5, min = 0, label = "defender's loss from conquest" }

[tree]
root = "attacker"

[tree.attacker]
player = "A"
actions = { "status quo" = "status_quo", attack = "pledge" }

[tree.pledge]
chance = { binds = { prob = "p", to = "war" }, free = { prob = "1 - p", to = "defender" } }

[tree.defender]
player = "D"
actions = { fight = "weak_war", yield = "conquest" }

[outcomes.status_quo]
A = "0"
D = "0"

[outcomes.war]
A = "-1"
D = "-1"

[outcomes.weak_war]
A = "1/4"
D = "-1"

[outcomes.conquest]
A = "1"
D = "-x"
"""


def test_a_jump_between_two_closed_forms_is_drawn_as_a_jump():
    from deterrence.load import read_text

    game = read_text(JUMP, name="jump.toml", format="toml").game
    ax = plot_threshold(game, "x", num=21)
    # x is declared >= 0 only: the window reaches from the bound past the jump at x = 1.
    assert tuple(float(v) for v in ax.get_xlim()) == (0.0, 1.5)
    half, fifth = curves(ax)
    assert np.allclose(half.get_ydata()[np.isfinite(half.get_ydata())], 0.5)
    assert np.allclose(fifth.get_ydata()[np.isfinite(fifth.get_ydata())], 0.2)
    # Each curve runs to the jump exactly and stops there; neither strokes across it.
    assert np.nanmax(half.get_xdata()) == 1.0 and np.nanmin(fifth.get_xdata()) == 1.0
    assert no_vertical_stroke(half) and no_vertical_stroke(fifth)
    # The jump itself: a dotted line from one side to the other, and the ends marked, filled
    # where the threshold at x = 1 is (exactly 1/2), open where it is not.
    (jump,) = drawn(ax, "threshold-jump")
    assert np.allclose(jump[:, 0], 1.0) and sorted(jump[:, 1]) == pytest.approx([0.2, 0.5])
    (line,) = [line for line in ax.get_lines() if line.get_gid() == "threshold-jump"]
    assert line.get_linestyle() == ":"
    at_one = dt.threshold(game, "p", ["status_quo"], values={"x": 1})
    assert at_one.value == Fraction(1, 2)
    assert [p.tolist() for p in drawn(ax, "threshold-end-closed")] == [[[1.0, 0.5]]]
    assert [p.tolist() for p in drawn(ax, "threshold-end-open")] == [[[1.0, 0.2]]]
    assert {"jump in $p^*$", "$p^*$ at the jump", "end not included"} <= set(legend_texts(ax))


@pytest.mark.slow
def test_threshold_with_two_closed_forms_equals_min_credibility(tmp_path):
    game = dt.load("extended-deterrence")
    ax = plot_threshold(game, "cA", num=41)
    assert len(curves(ax)) == 2
    for line in curves(ax):
        xs, ys = line.get_xdata(), line.get_ydata()
        inner = np.flatnonzero(np.isfinite(ys))[1:-1]  # the exact ends are the markers' job
        for k in inner[:: len(inner) // 2]:
            bar = dt.min_credibility(game, values={"cA": Fraction(str(xs[k]))})
            assert ys[k] == pytest.approx(float(bar.value), abs=1e-12)
    ax.figure.savefig(tmp_path / "threshold.png")


def test_threshold_print_style_shading_and_a_drop_to_the_bound():
    # Above a = 3/20 the free defender keeps its word and every p deters (the threshold is the
    # bound 0); up to a = 3/20 itself p* = 7/10, which the threshold at a = 3/20 attains.
    ax = plot_threshold(dt.load("extended-deterrence"), "a", num=31, style="print")
    (line,) = curves(ax)
    ys = line.get_ydata()
    finite = np.isfinite(ys)
    assert np.allclose(ys[finite], 0.7)
    assert line.get_xdata()[finite].max() == pytest.approx(0.15, abs=1e-12)
    (jump,) = drawn(ax, "threshold-jump")
    assert np.allclose(jump[:, 0], 0.15) and sorted(jump[:, 1]) == pytest.approx([0.0, 0.7])
    assert [p.tolist() for p in drawn(ax, "threshold-end-closed")] == [[[0.15, 0.7]]]
    assert not drawn(ax, "threshold-end-open")
    rgba = np.vstack([c.get_facecolor() for c in fills(ax)])
    assert np.allclose(rgba[:, 0], rgba[:, 2])
    assert line.get_color() == "black"


def test_threshold_errors():
    with pytest.raises(dt.SolverError, match="credibility"):
        plot_threshold(dt.load("chicken"), "L", num=11)
    with pytest.raises(dt.SpecError, match="threshold's own parameter"):
        plot_threshold(dt.load("extended-deterrence"), "p", num=11)


def _gallery():
    from tests.support.scripts import load_script

    return load_script("docs/gallery/make_gallery.py")


@pytest.mark.slow
def test_gallery_figures_draw_display_names_and_symbols(tmp_path):
    # Each gallery command, on a coarser grid, to SVG, whose text keeps every string drawn.
    import re
    import shlex

    from deterrence.cli.main import main

    for name, arguments in _gallery().GALLERY:
        path = tmp_path / name.replace(".png", ".svg")
        args = shlex.split(arguments)
        assert main(["plot", *args, "--resolution", "31", "-o", str(path)]) == 0, name
        strings = re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))
        game = dt.load(args[0])
        # Titles from the model's title, never its id; no outcome by its raw id.
        assert any(s.startswith(game.info.title.split(":")[0]) for s in strings), name
        raw = [o for o in game.outcome_labels if "_" in o]
        assert not [s for s in strings if any(o in s for o in raw)], name
        x = args[args.index("--x") + 1]
        label = notation_of(game).label(x)
        assert any(label in s for s in strings), (name, label)
