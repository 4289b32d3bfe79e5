"""``plot_regions``: which equilibrium holds where, over two parameters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    grid_boundaries,
)
from deterrence.figures.look import display_label, fill_style, format_label
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


def _absorb_ties(grid: LabelGrid) -> np.ndarray:
    """The codes with every thin patch of tied equilibria (a label of several equilibria no
    wider than a cell or two: points where the grid falls on a boundary) given the label of
    its neighbours, so that it is neither filled as a region of its own nor labelled."""
    from scipy import ndimage

    codes = grid.codes.copy()
    for k, label in enumerate(grid.labels):
        if EQUILIBRIA_SEP not in label:
            continue
        mask = codes == k
        if not mask.any() or ndimage.binary_erosion(mask, iterations=1).any():
            continue
        around = ndimage.binary_dilation(mask) & ~mask
        if around.any():
            values, counts = np.unique(codes[around], return_counts=True)
            codes[mask] = values[np.argmax(counts)]
    return codes


def _symbolic_regions(
    game: Game,
    x: str,
    y: str,
    fixed: Mapping[str, Fraction],
    others: Mapping[str, Fraction],
    what: str,
    labels: Sequence[str],
    concept: str,
) -> list[SymbolicRegion] | None:
    """Each region of ``dt.analyse`` over ``(x, y)``, its conditions compiled, and the index
    of its label among ``labels`` (a new index for a play the grid never met); ``None`` where
    the analysis declines."""
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
    extra: dict[str, int] = {}
    compiled = []
    for region in regions.regions:
        point = {**fixed, **region.witness}
        text = str(exact_row(game, point, Question((what,), concept=concept))[what])
        if text in labels:
            index = labels.index(text)
        else:
            index = extra.setdefault(text, len(labels) + len(extra))
        compiled.append(compile_region(region.conditions, by_name[x], by_name[y], index))
    return compiled


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
    codes: np.ndarray, texts: Mapping[int, str], cell: tuple[float, float]
) -> dict[int, list[tuple[int, int, float]]]:
    """For each label, a cell in each of its patches where its text fits wholly inside the
    patch, the one deepest inside it, with the font size that fits (8, else 7 or 6 points);
    patches where it does not fit even at 6 points are left out."""
    from scipy import ndimage

    found: dict[int, list[tuple[int, int, float]]] = {}
    for k, text in texts.items():
        patches, count = ndimage.label(codes == k)
        for n in range(1, count + 1):
            mask = patches == n
            # Padding makes the edge of the window an edge of the patch for the depth.
            depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
            for size in (8.0, 7.0, 6.0):
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
        Write each region's label inside it (those too small are listed in a legend).
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
        ``"exact-boundaries"`` or ``"grid-boundaries"``.

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
    codes = _absorb_ties(grid)
    present = [int(k) for k in np.unique(codes)]
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
        _draw_boundaries(
            ax, game, grid, codes, present, x, y, fixed, others, what, xbox, ybox, selected
        )

    if label:
        _draw_labels(ax, game, grid, codes, present, x, y, fixed, what, style, selected)

    ax.set_xlim(float(xbox[0]), float(xbox[1]))
    ax.set_ylim(float(ybox[0]), float(ybox[1]))
    notation = notation_of(game)
    ax.set_xlabel(axis_label(px, notation))
    ax.set_ylabel(axis_label(py, notation))
    ax.set_title(f"{short_title(game)}: equilibrium {what}")
    return ax


def _draw_boundaries(
    ax: Any,
    game: Game,
    grid: LabelGrid,
    codes: np.ndarray,
    present: Sequence[int],
    x: str,
    y: str,
    fixed: Mapping[str, Fraction],
    others: Mapping[str, Fraction],
    what: str,
    xbox: tuple[Fraction, Fraction],
    ybox: tuple[Fraction, Fraction],
    concept: str,
) -> None:
    from matplotlib.collections import LineCollection

    symbolic = None
    if get_concept(concept, game).regions is not None:
        symbolic = _symbolic_regions(game, x, y, fixed, others, what, grid.labels, concept)
    traced = list(present)
    if symbolic is not None:
        # Twice the grid's resolution keeps curved boundaries within a hair of the exact ones.
        lines = exact_boundaries(
            symbolic,
            (float(xbox[0]), float(xbox[1])),
            (float(ybox[0]), float(ybox[1])),
            2 * len(grid.xs),
        )
        ax.add_collection(
            LineCollection(lines, colors="black", linewidths=1.1, gid="exact-boundaries")
        )
        covered = {region.label for region in symbolic}
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
    style: str,
    concept: str,
) -> None:
    from matplotlib.patches import Patch

    box = ax.get_window_extent()
    dpi = ax.figure.dpi
    cell = (box.height * 72 / dpi / codes.shape[0], box.width * 72 / dpi / codes.shape[1])
    notation = notation_of(game)

    def shown(label: str) -> str:
        return display_label(label, notation, "outcome" if what == "outcome" else "play")

    texts = {k: format_label(shown(grid.labels[k])) for k in present}
    points = _label_points(codes, texts, cell)
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
                format_label(shown(solved)),
                ha="center",
                va="center",
                fontsize=size,
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    small = [k for k in present if k not in points]
    if small:
        handles = []
        for k in small:
            colour, hatch = fill_style(k, style)
            handles.append(
                Patch(facecolor=colour, hatch=hatch, edgecolor="black", label=shown(grid.labels[k]))
            )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8)
