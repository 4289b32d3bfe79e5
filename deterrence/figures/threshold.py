"""``plot_threshold``: the least credibility (or any parameter) that deters, as a function of
another parameter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from deterrence.analysis.prune import positive_part
from deterrence.errors import Diagnostic, SolverError, SpecError
from deterrence.figures.axes import (
    axis_label,
    check_style,
    fixed_values,
    mathtext,
    matplotlib_axes,
    parameter,
    short_title,
    window,
)
from deterrence.figures.look import fill_style
from deterrence.game import Game
from deterrence.game.notation import Notation, notation_of
from deterrence.sweeps.grid import Range

#: At most this many exact threshold analyses per figure: each finds a closed form and the
#: stretch of ``x`` where it applies, so a few cover the usual figure.
MAX_ANALYSES = 8

#: Line styles of successive closed forms, in both styles; colours in the colour style.
LINESTYLES = ("-", "--", "-.", ":")
LINE_COLOURS = ("#000000", "#0072B2", "#D55E00", "#CC79A7")


@dataclass
class Piece:
    """One closed form of the threshold and the points of ``x`` where it applies."""

    expression: sympy.Expr
    latex: str
    covered: np.ndarray
    values: np.ndarray = field(repr=False)


def _closed_form_on(
    result: Any,
    x_symbol: sympy.Symbol,
    substitutions: Mapping[sympy.Symbol, sympy.Expr],
    xs: np.ndarray,
) -> Piece | None:
    """The threshold's closed form evaluated along ``x`` and where its conditions hold."""
    if result.status != "threshold" or result.symbolic is None:
        return None
    local = sympy.sympify(result.symbolic, strict=True).xreplace(substitutions)
    values = _along(local, x_symbol, xs)
    covered = np.isfinite(values)
    for condition in result.conditions:
        parts = condition.args if isinstance(condition, sympy.Or) else (condition,)
        expressions = [positive_part(part) for part in parts]
        if any(e is None for e in expressions):
            # An equation (a tie that the closed form needs) holds on no interval of x
            # unless x is absent from it: then it holds everywhere or nowhere.
            local = condition.xreplace(substitutions)
            if local.free_symbols or local is not sympy.true:
                covered &= False
            continue
        either = np.zeros(xs.shape, dtype=bool)
        with np.errstate(all="ignore"):
            for part, expression in zip(parts, expressions, strict=True):
                assert expression is not None
                along = _along(expression.xreplace(substitutions), x_symbol, xs)
                weak = isinstance(part, sympy.GreaterThan | sympy.LessThan)
                either |= along >= 0 if weak else along > 0
        covered &= either
    return Piece(sympy.sympify(result.symbolic, strict=True), result.latex, covered, values)


def _along(expression: sympy.Expr, symbol: sympy.Symbol, xs: np.ndarray) -> np.ndarray:
    function = sympy.lambdify(symbol, expression, "numpy")
    with np.errstate(all="ignore"):
        out = np.asarray(function(xs), dtype=float)
    return np.broadcast_to(out, xs.shape).copy()


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` of each run of True in ``mask``."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def threshold_pieces(
    game: Game,
    param: str,
    outcomes: Sequence[str],
    x: str,
    exact_x: Sequence[Fraction],
    others: Mapping[str, Fraction],
    start: int,
    deters: np.ndarray,
    ys: np.ndarray,
    concept: str | None = None,
) -> list[Piece]:
    """The closed forms of the threshold along ``x``.

    The first exact analysis is next to ``exact_x[start]``, each further one in the middle
    of the longest stretch of columns of ``deters`` (the grid of where deterrence holds) that
    change along ``param`` and are not yet covered, up to :data:`MAX_ANALYSES`. Analyses are
    made halfway between grid columns: a grid value often falls exactly on a boundary, where
    a player is indifferent and the conditions returned are those of one tie-break only.
    A closed form is kept only on columns where the grid agrees with it.
    """
    from deterrence.analysis.threshold import threshold

    symbols = {p.name: p.symbol for p in game.parameters}
    substitutions = {
        symbols[k]: sympy.Rational(v.numerator, v.denominator) for k, v in others.items()
    }
    xs = np.array([float(v) for v in exact_x])
    undecided = deters.any(axis=0) & ~deters.all(axis=0)
    pieces: list[Piece] = []
    tried = np.zeros(len(xs), dtype=bool)
    where = min(start, len(xs) - 2)
    for _ in range(MAX_ANALYSES):
        tried[where] = True
        between = (exact_x[where] + exact_x[where + 1]) / 2
        result = threshold(
            game,
            param,
            outcomes,
            values={**others, x: between},
            numeric=False,
            concept=concept,
        )
        piece = _closed_form_on(result, symbols[x], substitutions, xs)
        if piece is not None:
            piece.covered &= _agrees(piece.values, deters, ys)
            same = next((p for p in pieces if p.expression == piece.expression), None)
            if same is not None:
                same.covered |= piece.covered
            else:
                pieces.append(piece)
        covered = np.zeros(len(xs), dtype=bool)
        for p in pieces:
            covered |= p.covered
        runs = _runs(undecided & ~covered & ~tried)
        runs = [(a, min(b, len(xs) - 1)) for a, b in runs if a < len(xs) - 1]
        if not runs:
            break
        first, stop = max(runs, key=lambda run: run[1] - run[0])
        where = (first + stop - 1) // 2
    return pieces


def _agrees(values: np.ndarray, deters: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Whether, in each column, the grid is not deterred just below ``values`` and deterred
    just above (where those cells are in the window). A cell within rounding of the
    threshold is skipped: at the threshold itself the condition may or may not hold."""
    rows = len(ys)
    margin = 1e-9 * (ys[-1] - ys[0])
    with np.errstate(invalid="ignore"):
        above = np.searchsorted(ys, values + margin, side="right")
        below = np.searchsorted(ys, values - margin, side="left") - 1
    columns = np.arange(deters.shape[1])
    finite = np.isfinite(values)
    ok_above = (above >= rows) | deters[np.clip(above, 0, rows - 1), columns]
    ok_below = (below < 0) | ~deters[np.clip(below, 0, rows - 1), columns]
    return finite & ok_above & ok_below


def plot_threshold(
    game: Game,
    x: str,
    *,
    param: str | None = None,
    deterred: Iterable[str] | None = None,
    ax: Any = None,
    values: Mapping[str, object] | None = None,
    num: int = 201,
    style: str = "color",
    xlim: tuple[object, object] | None = None,
    ylim: tuple[object, object] | None = None,
    concept: str | None = None,
    **params: object,
) -> Any:
    """Draw the least value of ``param`` that deters as a function of ``x``.

    The plane of ``x`` and ``param`` is shaded where deterrence holds (every equilibrium
    reaches only the deterred outcomes) and where it does not, from :func:`deterrence.sweep`
    on a ``num`` x ``num`` grid. The threshold itself is drawn from its closed forms
    (:func:`deterrence.threshold`), each where its conditions hold, with the closed form in
    the legend; where the threshold is a bound of the range or does not exist, only the
    shading shows it.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        A game from :func:`deterrence.load`.
    x : str
        The parameter on the horizontal axis.
    param : str, optional
        The parameter whose threshold is drawn, on the vertical axis. Default: the model's
        credibility parameter, as in :func:`deterrence.min_credibility`.
    deterred : iterable of str, optional
        The outcomes that count as deterrence. Default: the status quo.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default the Axes of a new ``matplotlib.figure.Figure``.
    values, **params
        Values of the other parameters (default: the model's); ``values`` for names that are
        not Python identifiers or that clash with the arguments above.
    num : int
        Points along each axis.
    style : {"color", "print"}
        Colours, or greys with hatching for print.
    xlim, ylim : pair of numbers, optional
        The window, by default as in :func:`deterrence.figures.plot_regions`.
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`); default: the game's.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; each closed form is a line with gid ``"threshold"``.

    Raises
    ------
    SpecError
        For an unknown parameter, ``x`` equal to ``param``, a value given to either, or an
        unknown style.
    SolverError
        When the model has no credibility parameter and ``param`` is not given, for an
        unknown outcome, or when no status-quo outcome exists and ``deterred`` is not given.
    NotImplementedError
        Where the exact threshold analysis does not apply (see :func:`deterrence.threshold`).

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.figures import plot_threshold
    >>> ax = plot_threshold(dt.load("extended-deterrence"), "cA", num=41)
    >>> for line in ax.get_lines():
    ...     print(line.get_label())
    $p^* = \\frac{- c_A - e + v w}{v \\left(w - w_D\\right)}$
    $p^* = \\frac{c_P + e + v w - v}{v \\left(w - w_D\\right)}$
    """
    from deterrence.analysis.threshold import deterred_outcomes

    check_style(style)
    if int(num) < 5:
        raise SpecError([Diagnostic("at least 5 points per axis", path="num")])
    num = int(num)
    px = parameter(game.parameters, x, "x")
    if param is None:
        roles = [p.name for p in game.parameters if p.role == "credibility"]
        if len(roles) != 1:
            raise SolverError(
                "the model has no single parameter with role credibility; name the parameter "
                "whose threshold to draw (param=... or --param)"
            )
        param = roles[0]
    pp = parameter(game.parameters, param, "param")
    if x == param:
        raise SpecError(
            [Diagnostic(f"`{x}` is the threshold's own parameter; choose another x", path="x")]
        )
    outcomes = sorted(deterred) if deterred is not None else sorted(deterred_outcomes(game))
    fixed = fixed_values(game.parameters, {**(values or {}), **params}, (x, param))
    others = {k: v for k, v in fixed.items() if k not in (x, param)}
    xbox, ybox = window(px, fixed[x], xlim), window(pp, fixed[param], ylim)
    ax = matplotlib_axes(ax)

    rx, ry = Range(*xbox, num), Range(*ybox, num)
    exact_x = rx.values()
    xs = np.array([float(v) for v in exact_x])
    ys = np.array([float(v) for v in ry.values()])
    deters = _deterred_grid(game, x, param, rx, ry, others, outcomes, concept)
    # A column deterred nowhere or everywhere has its threshold outside the window, or at
    # its lower end: no closed form to look for there.
    undecided = deters.any(axis=0) & ~deters.all(axis=0)
    pieces: list[Piece] = []
    if undecided.any():
        # Start where the reader looks first: at the value of x, or the nearest column that
        # has a threshold inside the window.
        distance = np.where(undecided, np.abs(xs - float(fixed[x])), np.inf)
        start = int(np.argmin(distance))
        pieces = threshold_pieces(
            game, param, outcomes, x, exact_x, others, start, deters, ys, concept
        )

    from matplotlib.patches import Patch

    notation = notation_of(game)
    shown = ", ".join(notation.outcome(o) for o in outcomes)
    shading = []
    for k, (inside, text) in enumerate(
        ((deters, f"deterred (only {shown})"), (~deters, "not deterred"))
    ):
        if not inside.any():
            continue
        colour, hatch = fill_style(2 + k if style == "color" else k, style)
        ax.contourf(
            xs, ys, inside.astype(float), levels=[0.5, 1.5], colors=[colour], hatches=[hatch]
        )
        shading.append(Patch(facecolor=colour, hatch=hatch, edgecolor="none", label=text))
    for k, piece in enumerate(pieces):
        ax.plot(
            xs,
            np.where(piece.covered, piece.values, np.nan),
            color=LINE_COLOURS[k % len(LINE_COLOURS)] if style == "color" else "black",
            linestyle=LINESTYLES[k % len(LINESTYLES)],
            linewidth=1.8,
            label=_legend(param, notation.latex(piece.expression), str(piece.expression), notation),
            gid="threshold",
        )
    ax.legend(
        handles=[*ax.get_lines(), *shading],
        loc="upper left",
        bbox_to_anchor=(0.0, -0.14),
        fontsize=8,
        frameon=False,
    )
    ax.set_xlim(float(xbox[0]), float(xbox[1]))
    ax.set_ylim(float(ybox[0]), float(ybox[1]))
    notation = notation_of(game)
    ax.set_xlabel(axis_label(px, notation))
    ax.set_ylabel(axis_label(pp, notation))
    raw = notation.symbol(param)
    star = mathtext(f"{raw}^*" if "^" not in raw else f"{{{raw}}}^*", f"{param}*")
    what = (
        notation.label(param)
        if notation.has_label(param)
        else mathtext(notation.symbol(param), param)
    )
    ax.set_title(f"{short_title(game)}: the least {what} that deters ({star})")
    return ax


def _deterred_grid(
    game: Game,
    x: str,
    param: str,
    rx: Range,
    ry: Range,
    others: Mapping[str, Fraction],
    outcomes: Sequence[str],
    concept: str | None = None,
) -> np.ndarray:
    """Whether deterrence holds at each point: rows along ``param``, columns along ``x``."""
    from deterrence.sweeps.run import sweep

    frame = sweep(
        game,
        {param: ry, x: rx},
        what=("deterred",),
        values=others,
        deterred=outcomes,
        concept=concept,
    )
    return np.asarray(frame["deterred"], dtype=bool).reshape(ry.num, rx.num)


def _legend(param: str, latex: str, plain: str, notation: Notation | None = None) -> str:
    """``$p^* = ...$`` where matplotlib's mathtext can typeset the LaTeX (parameters by their
    symbols), else plain."""
    symbol = (notation or Notation()).symbol(param)
    star = f"{symbol}^*" if "^" not in symbol else f"{{{symbol}}}^*"
    return mathtext(f"{star} = {latex}", f"{param}* = {plain}")
