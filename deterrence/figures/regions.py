"""``plot_regions``: which equilibrium holds where, over two parameters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from deterrence.concepts import get_concept
from deterrence.errors import Diagnostic, SolverError, SpecError
from deterrence.figures.axes import (
    axis_label,
    check_style,
    fixed_values,
    matplotlib_axes,
    parameter,
    short_title,
    window,
)
from deterrence.figures.boundaries import (
    SymbolicRegion,
    compile_region,
    exact_boundaries,
    exact_point,
    grid_boundaries,
    seams,
)
from deterrence.figures.look import (
    display_label,
    equilibria,
    equilibrium_keys,
    fill_style,
    format_label,
    keyed,
    several,
    tie_marker,
    tie_style,
)
from deterrence.game import Game
from deterrence.game.notation import notation_of
from deterrence.solvers.labels import EQUILIBRIA_SEP
from deterrence.sweeps.exact_points import Question, exact_row
from deterrence.sweeps.grid import Range

WHAT = ("outcome", "play")


@dataclass(frozen=True)
class LabelGrid:
    """The label of the equilibrium at each point of a grid: ``codes[i, j]`` indexes
    ``labels`` at ``y = ys[i]``, ``x = xs[j]``; ``exact_x`` and ``exact_y`` are the exact
    grid values."""

    labels: tuple[str, ...]
    codes: np.ndarray
    exact_x: tuple[Fraction, ...]
    exact_y: tuple[Fraction, ...]

    @property
    def xs(self) -> np.ndarray:
        """The grid values of ``x`` as floats, for drawing."""
        return np.array([float(v) for v in self.exact_x])

    @property
    def ys(self) -> np.ndarray:
        """The grid values of ``y`` as floats, for drawing."""
        return np.array([float(v) for v in self.exact_y])


def label_grid(
    game: Game,
    x: str,
    y: str,
    xlim: tuple[Fraction, Fraction],
    ylim: tuple[Fraction, Fraction],
    others: Mapping[str, Fraction],
    what: str,
    resolution: int,
    concept: str | None = None,
) -> LabelGrid:
    """The sweep's label at every point of a ``resolution`` x ``resolution`` grid."""
    from deterrence.sweeps.run import sweep

    rx, ry = Range(*xlim, resolution), Range(*ylim, resolution)
    # The first parameter of a sweep varies slowest, so rows of the frame run along x.
    frame = sweep(game, {y: ry, x: rx}, what=(what,), values=others, concept=concept)
    labels, codes = np.unique(np.asarray(frame[what], dtype=str), return_inverse=True)
    return LabelGrid(
        tuple(str(s) for s in labels),
        codes.reshape(resolution, resolution),
        rx.values(),
        ry.values(),
    )


def _interior(mask: np.ndarray) -> bool:
    """Whether a patch of the grid has a cell all of whose neighbours are in it too."""
    from scipy import ndimage

    return bool(ndimage.binary_erosion(mask, iterations=1).any())


def area_codes(grid: LabelGrid, exact_areas: Sequence[str] | None = None) -> set[int]:
    """The labels of the grid that hold on a set with an interior.

    Where the exact regions are known and complete (``exact_areas``, the labels of every
    region with an interior), a label is an area when it is one of them; else, or where the
    grid shows a label with an interior all the same, when it has a cell whose neighbours all
    share it. Without the exact regions, a label of one equilibrium counts as an area however
    thin: only ties (several equilibria at once) are taken to lie on lines.

    >>> codes = np.array([[0, 0, 1, 2, 2], [0, 0, 1, 2, 2], [0, 0, 1, 2, 2]])
    >>> grid = LabelGrid(("war", "war | peace", "peace"), codes, (), ())
    >>> sorted(area_codes(grid)), sorted(area_codes(grid, ["war", "peace"]))
    ([0, 2], [0, 2])
    """
    found = set()
    for k, label in enumerate(grid.labels):
        mask = grid.codes == k
        if not mask.any():
            continue
        if exact_areas is not None:
            if label in exact_areas or _interior(mask):
                found.add(k)
        elif EQUILIBRIA_SEP not in label or _interior(mask):
            found.add(k)
    return found


def fold(codes: np.ndarray, areas: set[int]) -> np.ndarray:
    """The codes with every cell of a label of no area given the most common area label
    around it, so that a tie is neither filled as a region of its own nor labelled as one.

    >>> fold(np.array([[0, 1, 2], [0, 1, 2], [0, 1, 2]]), {0, 2})[0].tolist()
    [0, 0, 2]
    """
    from scipy import ndimage

    out = codes.copy()
    allowed = np.isin(out, list(areas))
    # A patch of no area next only to others of no area (a corner point on a tie line)
    # takes its label from further out; a few rings reach past any such cluster.
    for _ in range(4):
        for k in [int(k) for k in np.unique(out[~allowed])]:
            mask = (out == k) & ~allowed
            ring = ndimage.binary_dilation(mask) & ~mask & allowed
            if ring.any():
                values, counts = np.unique(out[ring], return_counts=True)
                out[mask] = values[np.argmax(counts)]
                allowed |= mask
        if allowed.all():
            break
    return out


@dataclass(frozen=True)
class ZeroWidth:
    """A label that holds on lines or at points only, never on an area: there several
    equilibria coexist (a tie) on a set of no area, and they are not simply those of the
    regions on either side.

    Parameters
    ----------
    label : str
        The sweep's label there.
    lines : tuple of numpy.ndarray
        Polylines ``(n, 2)`` in data coordinates.
    points : numpy.ndarray
        Isolated points ``(m, 2)``.
    exact : bool
        Whether its place comes from the exact conditions of the regions (each line checked
        by the exact solver at a point with rational coordinates on it), rather than from the
        grid points where the sweep found it.
    """

    label: str
    lines: tuple[np.ndarray, ...] = ()
    points: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    exact: bool = True


def _symbolic_regions(
    game: Game,
    x: str,
    y: str,
    fixed: Mapping[str, Fraction],
    others: Mapping[str, Fraction],
    what: str,
    labels: Sequence[str],
    concept: str,
) -> tuple[list[SymbolicRegion], list[str], bool] | None:
    """Each region of ``dt.analyse`` over ``(x, y)``, its conditions compiled, with the index
    of its label among the returned labels (``labels`` and then any the grid never met), and
    whether the analysis found every region with an interior; ``None`` where it declines."""
    from deterrence.analysis.many_parameters import Regions
    from deterrence.analysis.regions import analyse
    from deterrence.analysis.two_player_regions import MatrixRegions

    try:
        regions = analyse(game, over=[x, y], values=others, concept=concept)
    except NotImplementedError:
        return None
    if not isinstance(regions, Regions | MatrixRegions):
        return None
    by_name = {p.name: p.symbol for p in game.parameters}
    texts = list(labels)
    compiled = []
    for region in regions.regions:
        point = {**fixed, **region.witness}
        text = str(exact_row(game, point, Question((what,), concept=concept))[what])
        if text not in texts:
            texts.append(text)
        compiled.append(
            compile_region(region.conditions, by_name[x], by_name[y], texts.index(text))
        )
    exact = all(getattr(region, "exact", True) for region in regions.regions)
    return compiled, texts, bool(regions.complete) and exact


def _differs(label: str, sides: Sequence[str]) -> bool:
    """Whether the equilibria of ``label`` are other than those of the regions on either side
    together: only then is a tie worth drawing apart from the boundary."""
    return set(equilibria(label)) != {part for side in sides for part in equilibria(side)}


def _exact_zero_width(
    game: Game,
    symbolic: Sequence[SymbolicRegion],
    texts: Sequence[str],
    x: str,
    y: str,
    fixed: Mapping[str, Fraction],
    what: str,
    concept: str,
    box: tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]],
    resolution: int,
) -> list[ZeroWidth]:
    """The ties on the seams between exact regions and along the window's edge: at a point
    with rational coordinates on each seam, the exact solver's label; a seam is kept where
    that label is not those of its sides together. Seams shorter than a cell of the grid of
    ``resolution`` points are left out: too short to be seen as lines, and where the sides
    of a seam are told apart in floating point, next to a corner, not to be trusted."""
    by_name = {p.name: p.symbol for p in game.parameters}
    floats = ((float(box[0][0]), float(box[0][1])), (float(box[1][0]), float(box[1][1])))
    scale = np.array([floats[0][1] - floats[0][0], floats[1][1] - floats[1][0]])
    found: dict[str, list[np.ndarray]] = {}
    for seam in seams(symbolic, *floats, 2 * resolution):
        length = np.hypot(*(np.diff(seam.points, axis=0) / scale).T).sum()
        if length * (resolution - 1) < 1:
            continue
        point = exact_point(seam, by_name[x], by_name[y], box)
        if point is None:
            continue
        where = {**fixed, x: point[0], y: point[1]}
        label = str(exact_row(game, where, Question((what,), concept=concept))[what])
        sides = [texts[symbolic[seam.region].label]]
        if seam.other >= 0:
            sides.append(texts[symbolic[seam.other].label])
        if _differs(label, sides):
            found.setdefault(label, []).append(seam.points)
    return [ZeroWidth(label, tuple(lines)) for label, lines in found.items()]


def _grid_zero_width(grid: LabelGrid, areas: set[int], known: Sequence[str]) -> list[ZeroWidth]:
    """Ties the grid met on no area and the exact seams did not explain: lines through the
    grid points where each was found (straight along a row or a column of the grid), or
    points where it was found alone; those whose equilibria are just those of the regions
    around them are boundaries and left out."""
    from scipy import ndimage

    found = []
    for k, label in enumerate(grid.labels):
        mask = grid.codes == k
        if k in areas or label in known or not mask.any():
            continue
        # The areas around it, reached across other ties where it lies where they cross.
        is_area = np.isin(grid.codes, list(areas))
        reach = mask
        for _ in range(4):
            reach = ndimage.binary_dilation(reach, structure=np.ones((3, 3)))
            if (reach & is_area).any():
                break
        sides = [grid.labels[int(c)] for c in np.unique(grid.codes[reach & is_area])]
        if not _differs(label, sides):
            continue
        patches, count = ndimage.label(mask, structure=np.ones((3, 3)))
        lines, points = [], []
        for n in range(1, count + 1):
            rows, cols = np.nonzero(patches == n)
            cells = np.column_stack([grid.xs[cols], grid.ys[rows]])
            if len(cells) == 1:
                points.append(cells[0])
                continue
            # Along its longer extent, so that a line through a row or column stays straight.
            axis = 0 if np.ptp(cells[:, 0]) >= np.ptp(cells[:, 1]) else 1
            lines.append(cells[np.argsort(cells[:, axis], kind="stable")])
        found.append(ZeroWidth(label, tuple(lines), np.array(points).reshape(-1, 2), exact=False))
    return found


def _text_cells(text: str, fontsize: float, cell: tuple[float, float]) -> tuple[int, int]:
    """Rows and columns of grid cells that ``text`` covers, boxed, at ``fontsize`` points,
    when a cell is ``cell`` = (height, width) points: an estimate from the number of
    characters, generous enough for the usual sans-serif fonts."""
    lines = text.split("\n")
    height = (1.25 * len(lines) + 0.6) * fontsize
    width = (0.6 * max(len(line) for line in lines) + 0.6) * fontsize
    return int(np.ceil(height / cell[0])) | 1, int(np.ceil(width / cell[1])) | 1


def _fits(mask: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The cells on which a box of ``rows`` x ``cols`` cells, centred there, lies wholly
    inside ``mask`` (a summed-area table makes this one pass whatever the box)."""
    n, m = mask.shape
    out = np.zeros_like(mask)
    hr, hc = rows // 2, cols // 2
    if rows > n or cols > m:
        return out
    table = np.zeros((n + 1, m + 1))
    table[1:, 1:] = mask.cumsum(0).cumsum(1)
    sums = (
        table[rows:, cols:]
        - table[: n + 1 - rows, cols:]
        - table[rows:, : m + 1 - cols]
        + table[: n + 1 - rows, : m + 1 - cols]
    )
    out[hr : n - hr, hc : m - hc] = sums == rows * cols
    return out


def _label_points(
    codes: np.ndarray,
    texts: Mapping[int, str],
    cell: tuple[float, float],
    sizes: Sequence[float] = (8.0, 7.0, 6.0),
) -> dict[int, list[tuple[int, int, float]]]:
    """For each label, a cell in each of its patches where its text fits wholly inside the
    patch, the one deepest inside it, with the first of ``sizes`` (points) that fits;
    patches where it does not fit even at the last are left out."""
    from scipy import ndimage

    found: dict[int, list[tuple[int, int, float]]] = {}
    for k, text in texts.items():
        patches, count = ndimage.label(codes == k)
        for n in range(1, count + 1):
            mask = patches == n
            # Padding makes the edge of the window an edge of the patch for the depth.
            depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
            for size in sizes:
                room = _fits(mask, *_text_cells(text, size, cell))
                if room.any():
                    i, j = np.unravel_index(np.argmax(np.where(room, depth, -1)), depth.shape)
                    found.setdefault(k, []).append((int(i), int(j), size))
                    break
    return found


def plot_regions(
    game: Game,
    x: str,
    y: str,
    *,
    ax: Any = None,
    values: Mapping[str, object] | None = None,
    what: str = "outcome",
    resolution: int = 300,
    style: str = "color",
    label: bool = True,
    boundaries: bool = True,
    xlim: tuple[object, object] | None = None,
    ylim: tuple[object, object] | None = None,
    concept: str | None = None,
    **params: object,
) -> Any:
    """Draw the regions of the parameter plane in which each equilibrium holds.

    The equilibrium is evaluated on a ``resolution`` x ``resolution`` grid by
    :func:`deterrence.sweep` (points where floating point cannot decide are solved exactly),
    and each region is filled. For a tree of perfect information the boundaries are drawn
    from the exact conditions of the regions of ``dt.analyse(game, over=[x, y])``; for other
    games, and around any region that analysis did not find, they are traced on the grid.
    Each region large enough is labelled at the point of the grid deepest inside it, and
    that label is checked against the exact solver :func:`deterrence.solve` at that point.

    Where a region holds several equilibria, no list of them is stacked inside it: each
    distinct equilibrium gets a number (``1``, ``2``, ...), every region is labelled by the
    numbers of the equilibria that hold there (``1, 2, 3``), and a key under the plot says
    what each number stands for.

    A region of no area, a line or a point where the equilibria are not simply those of the
    regions beside it (at a tie, or where a probability of the model is 0 or 1 and an outcome
    drops out), is drawn as a line (or a point) in a style of its own, and listed as a line
    ("on this line only"), never filled or listed as an area. Where the exact regions are
    known and complete, such lines are found on their boundaries and on the edge of the
    window, each checked by the exact solver at a point with rational coordinates on it, and
    drawn along the exact curve; elsewhere they are drawn through the points of the grid
    where the sweep found them. A tie whose equilibria are those of the regions on either
    side together is the boundary between them, drawn as such.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        A game from :func:`deterrence.load`.
    x, y : str
        The parameters on the horizontal and vertical axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default the Axes of a new ``matplotlib.figure.Figure`` (no window,
        no pyplot state).
    values, **params
        Values of the other parameters (default: the model's); exact, as in ``dt.solve``
        (``values`` for names that are not Python identifiers or that clash with the
        arguments above).
    what : {"outcome", "play"}
        Regions of the outcomes reached, or of each player's choices. Several equilibria at
        a point make one label, their labels joined by `` | ``.
    resolution : int
        Grid points along each axis.
    style : {"color", "print"}
        Colour-blind-safe fills, or greys with hatching for print.
    label : bool
        Write each region's label (or its equilibria's numbers) inside it; those too small
        are listed in the legend under the plot.
    boundaries : bool
        Draw the boundaries between regions.
    xlim, ylim : pair of numbers, optional
        The window. Default: the declared bounds of the parameter; where one is missing,
        with ``m = max(|value|, 1)`` for the parameter's value, the lower end is
        ``value - m`` and the upper one ``lower + 2*m`` (the box ``dt.analyse`` samples).
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`); default: the game's. Exact
        boundaries are drawn where the concept has an exact path over several parameters.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. The boundaries are a ``LineCollection`` with gid
        ``"exact-boundaries"`` or ``"grid-boundaries"``; the labels are texts with gid
        ``"region-label"``; the ``n``-th region of no area is a ``LineCollection`` with gid
        ``"zero-width-line:n"`` and, where it is a point, a line of markers with gid
        ``"zero-width-point:n"``; the legend (gid ``"region-legend"``) shows the key, each
        number in a text with gid ``"key:<number>"`` among its handles.

    Raises
    ------
    SpecError
        For an unknown parameter, the same parameter on both axes, a value given to a
        parameter on an axis, a value out of bounds, or an unknown ``what`` or ``style``.
    SolverError
        If a label disagrees with the exact solver at its point.
    deterrence.optional.MissingExtra
        Without matplotlib (``pip install 'deterrence[plot]'``) or pandas (``[tables]``).

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.figures import plot_regions
    >>> ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=60)
    >>> sorted(text.get_text() for text in ax.texts)
    ['Conquest', 'Status quo', 'War + Protégé abandoned']
    """
    check_style(style)
    if what not in WHAT:
        raise SpecError([Diagnostic(f"unknown `{what}`; expected outcome or play", path="what")])
    if int(resolution) < 10:
        raise SpecError([Diagnostic("at least 10 points per axis", path="resolution")])
    resolution = int(resolution)
    px, py = parameter(game.parameters, x, "x"), parameter(game.parameters, y, "y")
    if x == y:
        raise SpecError([Diagnostic(f"`{x}` is on both axes; choose two parameters", path="y")])
    fixed = fixed_values(game.parameters, {**(values or {}), **params}, (x, y))
    xbox, ybox = window(px, fixed[x], xlim), window(py, fixed[y], ylim)
    others = {k: v for k, v in fixed.items() if k not in (x, y)}
    ax = matplotlib_axes(ax)

    selected = get_concept(concept, game).name
    grid = label_grid(game, x, y, xbox, ybox, others, what, resolution, selected)
    symbolic = None
    if get_concept(selected, game).regions is not None:
        symbolic = _symbolic_regions(game, x, y, fixed, others, what, grid.labels, selected)
    exact_areas = None
    if symbolic is not None and symbolic[2]:
        exact_areas = [symbolic[1][region.label] for region in symbolic[0]]
    areas = area_codes(grid, exact_areas)
    codes = fold(grid.codes, areas)
    present = [int(k) for k in np.unique(codes)]
    zero: list[ZeroWidth] = []
    if symbolic is not None and symbolic[2]:
        zero = _exact_zero_width(
            game, symbolic[0], symbolic[1], x, y, fixed, what, selected, (xbox, ybox), resolution
        )
    zero += _grid_zero_width(grid, areas, [z.label for z in zero])

    xs, ys = grid.xs, grid.ys
    for k in present:
        colour, hatch = fill_style(k, style)
        ax.contourf(
            xs,
            ys,
            (codes == k).astype(float),
            levels=[0.5, 1.5],
            colors=[colour],
            hatches=[hatch],
        )

    if boundaries:
        _draw_boundaries(ax, grid, codes, present, symbolic, xbox, ybox)

    notation = notation_of(game)

    def shown(text: str) -> str:
        return display_label(text, notation, "outcome" if what == "outcome" else "play")

    texts = {k: grid.labels[k] for k in present}
    # A key only where a region would stack several equilibria: then every label is keyed,
    # so that one equilibrium reads the same wherever it holds.
    keys = None
    if label and several(texts.values()):
        keys = equilibrium_keys([*texts.values(), *(z.label for z in zero)])
    small = (
        _draw_labels(ax, game, grid, codes, present, x, y, fixed, what, selected, keys, shown)
        if label
        else []
    )
    handles = _draw_zero_width(ax, zero, style, keys, shown)
    _legend(ax, keys, small, handles, grid, style, shown)

    ax.set_xlim(float(xbox[0]), float(xbox[1]))
    ax.set_ylim(float(ybox[0]), float(ybox[1]))
    ax.set_xlabel(axis_label(px, notation))
    ax.set_ylabel(axis_label(py, notation))
    ax.set_title(f"{short_title(game)}: equilibrium {what}")
    return ax


def _draw_boundaries(
    ax: Any,
    grid: LabelGrid,
    codes: np.ndarray,
    present: Sequence[int],
    symbolic: tuple[list[SymbolicRegion], list[str], bool] | None,
    xbox: tuple[Fraction, Fraction],
    ybox: tuple[Fraction, Fraction],
) -> None:
    from matplotlib.collections import LineCollection

    traced = list(present)
    if symbolic is not None:
        # Twice the grid's resolution keeps curved boundaries within a hair of the exact ones.
        lines = exact_boundaries(
            symbolic[0],
            (float(xbox[0]), float(xbox[1])),
            (float(ybox[0]), float(ybox[1])),
            2 * len(grid.xs),
        )
        ax.add_collection(
            LineCollection(lines, colors="black", linewidths=1.1, gid="exact-boundaries")
        )
        covered = {region.label for region in symbolic[0]}
        traced = [k for k in present if k not in covered]
    if traced:
        lines = grid_boundaries(codes, grid.xs, grid.ys, traced)
        ax.add_collection(
            LineCollection(lines, colors="black", linewidths=1.1, gid="grid-boundaries")
        )


def _draw_labels(
    ax: Any,
    game: Game,
    grid: LabelGrid,
    codes: np.ndarray,
    present: Sequence[int],
    x: str,
    y: str,
    fixed: Mapping[str, Fraction],
    what: str,
    concept: str,
    keys: Mapping[str, str] | None,
    shown: Any,
) -> list[int]:
    """Write each region's label (its equilibria's keys, where there is a key) where it fits,
    each checked against the exact solver at its point; return the regions left unlabelled
    for want of room."""
    box = ax.get_window_extent()
    dpi = ax.figure.dpi
    cell = (box.height * 72 / dpi / codes.shape[0], box.width * 72 / dpi / codes.shape[1])

    def text_of(raw: str) -> str:
        return keyed(raw, keys) if keys is not None else format_label(shown(raw))

    texts = {k: text_of(grid.labels[k]) for k in present}
    # Numbers are short: they can be larger than words and still fit.
    sizes = (10.0, 8.0, 7.0, 6.0) if keys is not None else (8.0, 7.0, 6.0)
    points = _label_points(codes, texts, cell, sizes)
    for k, cells in points.items():
        for i, j, size in cells:
            point = {**fixed, x: grid.exact_x[j], y: grid.exact_y[i]}
            solved = str(exact_row(game, point, Question((what,), concept=concept))[what])
            if solved != grid.labels[k]:
                raise SolverError(
                    f"at {x} = {grid.exact_x[j]}, {y} = {grid.exact_y[i]} the sweep found "
                    f"`{grid.labels[k]}` but the exact solver `{solved}`; please report this"
                )
            ax.text(
                float(grid.exact_x[j]),
                float(grid.exact_y[i]),
                text_of(solved),
                ha="center",
                va="center",
                fontsize=size,
                gid="region-label",
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    return [k for k in present if k not in points]


def _draw_zero_width(
    ax: Any,
    zero: Sequence[ZeroWidth],
    style: str,
    keys: Mapping[str, str] | None,
    shown: Any,
) -> list[tuple[Any, str]]:
    """Draw each region of no area as a line (or a point), on top of the boundaries and the
    window's frame it may lie on; return its legend handle and text, which says it is a
    line."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    handles = []
    for n, region in enumerate(zero):
        what = keyed(region.label, keys) if keys is not None else shown(region.label)
        if region.lines:
            line_style = tie_style(n, style)
            ax.add_collection(
                LineCollection(
                    list(region.lines),
                    colors=line_style["color"],
                    linestyles=[line_style["linestyle"]],
                    linewidths=line_style["linewidth"],
                    gapcolor=line_style["gapcolor"],
                    capstyle="butt",
                    zorder=3,
                    clip_on=False,
                    gid=f"zero-width-line:{n}",
                )
            )
            handles.append((Line2D([], [], **line_style), f"{what}: on this line only"))
        if len(region.points):
            marker = tie_marker(n, style)
            ax.plot(
                region.points[:, 0],
                region.points[:, 1],
                zorder=4,
                clip_on=False,
                gid=f"zero-width-point:{n}",
                **marker,
            )
            handles.append((Line2D([], [], **marker), f"{what}: at this point only"))
    return handles


class KeyHandle:
    """A legend entry that shows a key (``1``, ``2``, ...) where a line or patch would be."""

    def __init__(self, key: str) -> None:
        self.key = key


def _key_handler() -> Any:
    from matplotlib.legend_handler import HandlerBase
    from matplotlib.text import Text

    class Handler(HandlerBase):
        def create_artists(
            self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
        ):
            return [
                Text(
                    width / 2 - xdescent,
                    height / 2 - ydescent,
                    orig_handle.key,
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    fontweight="bold",
                    transform=trans,
                    gid=f"key:{orig_handle.key}",
                )
            ]

    return Handler()


def _legend(
    ax: Any,
    keys: Mapping[str, str] | None,
    small: Sequence[int],
    zero: Sequence[tuple[Any, str]],
    grid: LabelGrid,
    style: str,
    shown: Any,
) -> None:
    """One legend under the plot: the key (each equilibrium's number and its name), the
    regions too small for their label (filled patches), and the regions of no area (lines
    and points); none where there is nothing to explain."""
    from matplotlib.patches import Patch

    handles: list[Any] = []
    labels: list[str] = []
    for part, key in (keys or {}).items():
        handles.append(KeyHandle(key))
        labels.append(format_label(shown(part), width=60))
    for k in small:
        colour, hatch = fill_style(k, style)
        handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="black"))
        text = grid.labels[k]
        labels.append(keyed(text, keys) if keys is not None else shown(text))
    for handle, text in zero:
        handles.append(handle)
        labels.append(text)
    if not handles:
        return
    legend = ax.legend(
        handles,
        labels,
        handler_map={KeyHandle: _key_handler()},
        loc="upper left",
        bbox_to_anchor=(0.0, -0.14),
        fontsize=8,
        frameon=False,
        ncols=2 if len(handles) > 6 else 1,
        title="Equilibria: a region's numbers are all that hold there" if keys else None,
        title_fontsize=8,
        alignment="left",
    )
    legend.set_gid("region-legend")
