"""``plot_threshold``: the least credibility (or any parameter) that deters, as a function of
another parameter.

The threshold is found exactly along ``x`` before anything is drawn: each exact analysis
(:func:`deterrence.threshold`) at one value of ``x`` says where its answer holds (its
conditions, solved for ``x``), so a few analyses cut the range of ``x`` into stretches on which
the threshold is one closed form, or holds from the lowest value on, or does not exist. Where
two stretches meet the threshold changes: there the window is centred when a parameter is
unbounded, and there a jump is drawn when the two sides do not meet.
"""

from __future__ import annotations

import itertools
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
    bounded,
    check_style,
    fixed_values,
    focus,
    mathtext,
    matplotlib_axes,
    parameter,
    short_title,
    window,
)
from deterrence.figures.look import fill_style
from deterrence.game import Game
from deterrence.game.notation import Notation, notation_of
from deterrence.game.parameters import Parameter
from deterrence.sweeps.grid import Range

#: At most this many exact threshold analyses per figure to find the stretches of ``x``; one
#: more at each jump whose place is a rational number, to say which side holds there.
MAX_ANALYSES = 10

#: Line styles of successive closed forms, in both styles; colours in the colour style.
LINESTYLES = ("-", "--", "-.", ":")
LINE_COLOURS = ("#000000", "#0072B2", "#D55E00", "#CC79A7")

#: Points along each closed form's curve, its exact ends included.
CURVE_POINTS = 400

#: The line of a jump: dotted and thin, so that it reads as no part of the curve.
JUMP_STYLE: dict[str, Any] = {"linestyle": ":", "linewidth": 1.2, "color": "0.25"}

#: Two values of the threshold closer than this fraction of the window count as one.
MEET = 1e-9


@dataclass(frozen=True)
class Stretch:
    """An open interval of ``x`` on which the threshold is one thing.

    Parameters
    ----------
    lower, upper : sympy number
        Its ends, exact (``-oo`` and ``oo`` where ``x`` is unbounded).
    status : {"threshold", "always", "never", "unknown"}
        As in :class:`deterrence.analysis.threshold.ThresholdResult`; ``unknown`` where no
        analysis was made inside it.
    expression : sympy expression or None
        The closed form, in every parameter, where the status is ``threshold``.
    latex : str
        The closed form as LaTeX, as the analysis wrote it.
    complete : bool
        Whether the analysis certified its conditions as complete (see
        :attr:`~deterrence.analysis.threshold.ThresholdResult.conditions_complete`).
    """

    lower: sympy.Expr
    upper: sympy.Expr
    status: str
    expression: sympy.Expr | None = None
    latex: str = ""
    complete: bool = True

    def same(self, other: Stretch) -> bool:
        """Whether both say the same threshold."""
        return self.status == other.status and self.expression == other.expression


@dataclass
class Piece:
    """One closed form of the threshold, the points of ``x`` where it applies, and its value
    there (the grid of the figure); ``stretches`` are the exact intervals it holds on, where
    they are known."""

    expression: sympy.Expr
    latex: str
    covered: np.ndarray
    values: np.ndarray = field(repr=False)
    stretches: tuple[Stretch, ...] = ()


@dataclass(frozen=True)
class Jump:
    """Where the threshold does not go on continuously: at ``x``, from ``left`` to ``right``,
    the values it tends to on either side (where the condition holds throughout, the lower
    bound of the range, ``-inf`` without one; where it holds nowhere, the upper bound,
    ``inf`` without one). ``ends`` are the curves' ends there, each ``(value, included)``:
    included where the threshold at ``x`` is that value, None where the analysis at ``x``
    itself could not be made (``x`` irrational); ``point`` is the threshold at ``x`` where it
    is neither side's."""

    x: float
    left: float
    right: float
    ends: tuple[tuple[float, bool | None], ...]
    point: float | None = None


class _Unsupported(Exception):
    """Conditions that cannot be solved for ``x`` exactly."""


def _number(value: sympy.Expr) -> float:
    return float(sympy.N(value, 30))


def _cuts(
    conditions: Iterable[sympy.Basic],
    symbol: sympy.Symbol,
    substitutions: Mapping[sympy.Symbol, sympy.Expr],
) -> list[sympy.Expr]:
    """Every real point of ``x`` where one of ``conditions`` (each ``f > 0``, ``f >= 0``, an
    equation, or a disjunction of those, with the other parameters substituted) may change
    truth: the real roots of each ``f``'s numerator and denominator, exactly.

    Raises
    ------
    _Unsupported
        For a condition that is not a rational function of ``x`` with rational coefficients.
    """
    found: list[sympy.Expr] = []
    for condition in conditions:
        local = condition.xreplace(substitutions)
        if local in (sympy.true, sympy.false):
            continue
        parts = local.args if isinstance(local, sympy.Or) else (local,)
        for part in parts:
            if part in (sympy.true, sympy.false):
                continue
            if not isinstance(part, sympy.core.relational.Relational):
                raise _Unsupported(str(part))
            difference = part.lhs - part.rhs
            if not difference.free_symbols:
                continue
            if difference.free_symbols != {symbol}:
                raise _Unsupported(str(part))
            for factor in sympy.fraction(sympy.together(difference)):
                if symbol not in factor.free_symbols:
                    continue
                try:
                    poly = sympy.Poly(factor, symbol)
                except sympy.PolynomialError as error:
                    raise _Unsupported(str(part)) from error
                if not poly.domain.is_QQ and not poly.domain.is_ZZ:
                    raise _Unsupported(str(part))
                found.extend(sympy.real_roots(poly))
    return found


def _inside(low: sympy.Expr, high: sympy.Expr) -> Fraction:
    """A rational point strictly between ``low`` and ``high`` (either may be infinite), simple
    where it can be: the middle of two rationals, else a short fraction between them."""
    import math

    if low == -sympy.oo and high == sympy.oo:
        return Fraction(0)
    if low == -sympy.oo:
        top = math.floor(_number(high))
        return Fraction(top - max(1, abs(top)))
    if high == sympy.oo:
        bottom = math.ceil(_number(low))
        return Fraction(bottom + max(1, abs(bottom)))
    if low.is_Rational and high.is_Rational:
        return (Fraction(int(low.p), int(low.q)) + Fraction(int(high.p), int(high.q))) / 2
    a, b = _number(low), _number(high)
    middle, denominator = Fraction((a + b) / 2), 2
    while not a < (guess := middle.limit_denominator(denominator)) < b:
        denominator *= 4
    return guess


@dataclass
class _Probe:
    at: Fraction
    result: Any
    interval: tuple[sympy.Expr, sympy.Expr] | None


def threshold_stretches(
    game: Game,
    param: str,
    outcomes: Sequence[str],
    x: str,
    others: Mapping[str, Fraction],
    start: Fraction,
    concept: str | None = None,
) -> list[Stretch] | None:
    """The stretches of ``x``, over its declared range, on which the threshold of ``param`` is
    one thing, in order; ``None`` where the conditions of an answer cannot be solved for
    ``x`` exactly.

    The first exact analysis is at ``start``. Each analysis says, by its conditions, on which
    interval of ``x`` around its point its answer holds; the next is made inside the
    interval nearest ``start`` that no answer covers yet, at most :data:`MAX_ANALYSES` in
    all; intervals no analysis reached are ``unknown``. Neighbouring intervals with the same
    answer are one stretch.

    Raises
    ------
    NotImplementedError
        Where the exact threshold analysis does not apply (see :func:`deterrence.threshold`).

    Examples
    --------
    >>> from fractions import Fraction
    >>> import deterrence as dt
    >>> game = dt.load("classic-deterrence")
    >>> from deterrence.game.parameters import resolve_values
    >>> defaults = resolve_values(game.parameters)
    >>> others = {k: v for k, v in defaults.items() if k not in ("cCh", "a")}
    >>> [(str(s.lower), str(s.upper), s.status, str(s.expression))
    ...  for s in threshold_stretches(game, "a", ["W"], "cCh", others, Fraction(2))]
    [('0', '1', 'always', 'None'), ('1', 'oo', 'threshold', '-b + cCh')]
    """
    from deterrence.analysis.threshold import threshold

    px = parameter(game.parameters, x, "x")
    symbol = px.symbol
    substitutions = {
        p.symbol: sympy.Rational(others[p.name].numerator, others[p.name].denominator)
        for p in game.parameters
        if p.name in others
    }
    low = (
        sympy.Rational(px.lower.numerator, px.lower.denominator)
        if px.lower is not None
        else -sympy.oo
    )
    high = (
        sympy.Rational(px.upper.numerator, px.upper.denominator)
        if px.upper is not None
        else sympy.oo
    )
    cuts: dict[float, sympy.Expr] = {}
    probes: list[_Probe] = []

    def analyse(at: Fraction) -> None:
        result = threshold(
            game,
            param,
            outcomes,
            values={**others, x: at},
            numeric=False,
            tidy=False,
            concept=concept,
        )
        own = sorted(
            {_number(c): c for c in _cuts(result.conditions, symbol, substitutions)}.items()
        )
        for value, cut in own:
            if _number(low) < value < _number(high):
                cuts.setdefault(value, cut)
        here = float(at)
        if any(value == here for value, _ in own):
            probes.append(_Probe(at, result, None))
            return
        below = [cut for value, cut in own if value < here]
        above = [cut for value, cut in own if value > here]
        probes.append(
            _Probe(at, result, (below[-1] if below else low, above[0] if above else high))
        )

    def cells() -> list[tuple[sympy.Expr, sympy.Expr]]:
        edges = [low, *(cuts[v] for v in sorted(cuts)), high]
        return list(itertools.pairwise(edges))

    def covering(cell: tuple[sympy.Expr, sympy.Expr]) -> _Probe | None:
        a, b = _number(cell[0]), _number(cell[1])
        for probe in probes:
            if probe.interval is None:
                continue
            lo, hi = _number(probe.interval[0]), _number(probe.interval[1])
            if lo <= a and b <= hi:
                return probe
        return None

    try:
        analyse(start)
        for _ in range(MAX_ANALYSES - 1):
            open_cells = [cell for cell in cells() if covering(cell) is None]
            if not open_cells:
                break

            def distance(cell: tuple[sympy.Expr, sympy.Expr]) -> float:
                a, b = _number(cell[0]), _number(cell[1])
                return (
                    0.0
                    if a < float(start) < b
                    else min(abs(a - float(start)), abs(b - float(start)))
                )

            analyse(_inside(*min(open_cells, key=distance)))
    except _Unsupported:
        return None

    stretches: list[Stretch] = []
    for cell in cells():
        probe = covering(cell)
        if probe is None:
            found = Stretch(cell[0], cell[1], "unknown")
        else:
            result = probe.result
            expression = (
                sympy.sympify(result.symbolic, strict=True)
                if result.status == "threshold"
                else None
            )
            found = Stretch(
                cell[0],
                cell[1],
                result.status,
                expression,
                result.latex or "",
                bool(result.conditions_complete),
            )
        if stretches and stretches[-1].same(found):
            last = stretches[-1]
            stretches[-1] = Stretch(
                last.lower,
                found.upper,
                last.status,
                last.expression,
                last.latex,
                last.complete and found.complete,
            )
        else:
            stretches.append(found)
    return stretches


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


def _events(stretches: Sequence[Stretch]) -> list[tuple[int, sympy.Expr]]:
    """Where two known stretches that say different things meet: the index of the right one
    and the point."""
    return [
        (k, right.lower)
        for k, (left, right) in enumerate(itertools.pairwise(stretches), start=1)
        if "unknown" not in (left.status, right.status) and not left.same(right)
    ]


def _local(expression: sympy.Expr, substitutions: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    return sympy.sympify(expression, strict=True).xreplace(substitutions)


def _substitutions(game: Game, others: Mapping[str, Fraction]) -> dict[sympy.Symbol, sympy.Expr]:
    return {
        p.symbol: sympy.Rational(others[p.name].numerator, others[p.name].denominator)
        for p in game.parameters
        if p.name in others
    }


def _value_at(
    stretch: Stretch,
    at: sympy.Expr,
    symbol: sympy.Symbol,
    pp: Parameter,
    substitutions: Mapping[sympy.Symbol, sympy.Expr],
) -> float:
    """The threshold a stretch tends to at its end ``at``: its closed form there; where the
    condition holds throughout, the lower bound of the range (``-inf`` if it has none); where
    it holds nowhere, the upper bound (``inf`` if none)."""
    if stretch.status == "threshold" and stretch.expression is not None:
        value = _local(stretch.expression, substitutions).xreplace({symbol: at})
        return _number(value) if value.is_finite else np.inf
    if stretch.status == "always":
        return float(pp.lower) if pp.lower is not None else -np.inf
    return float(pp.upper) if pp.upper is not None else np.inf


def _focus_x(
    px: Parameter, value: Fraction, stretches: Sequence[Stretch] | None
) -> tuple[Fraction, Fraction]:
    """The window of ``x``: around the points where the threshold changes, for a parameter
    unbounded on a side; its declared range otherwise, or where nothing changes."""
    if stretches is None or bounded(px):
        return window(px, value)
    changes = [_number(at) for _, at in _events(stretches) if at.is_finite]
    if not changes:
        return window(px, value)
    return focus(px, min(changes), max(changes))


def _focus_y(
    pp: Parameter,
    value: Fraction,
    stretches: Sequence[Stretch] | None,
    xbox: tuple[Fraction, Fraction],
    symbol: sympy.Symbol,
    substitutions: Mapping[sympy.Symbol, sympy.Expr],
) -> tuple[Fraction, Fraction]:
    """The window of the threshold's parameter: around the values the threshold takes in
    the window of ``x``, for a parameter unbounded on a side; its declared range otherwise."""
    if stretches is None or bounded(pp):
        return window(pp, value)
    seen: list[float] = []
    for stretch in stretches:
        a = max(_number(stretch.lower), float(xbox[0]))
        b = min(_number(stretch.upper), float(xbox[1]))
        if not a < b:
            continue
        if stretch.status == "always" and pp.lower is not None:
            seen.append(float(pp.lower))
        if stretch.status == "threshold" and stretch.expression is not None:
            along = _along(
                _local(stretch.expression, substitutions), symbol, np.linspace(a, b, 101)
            )
            seen.extend(along[np.isfinite(along)].tolist())
    if not seen:
        return window(pp, value)
    return focus(pp, min(seen), max(seen))


def _stretch_pieces(
    stretches: Sequence[Stretch],
    symbol: sympy.Symbol,
    substitutions: Mapping[sympy.Symbol, sympy.Expr],
    xs: np.ndarray,
    deters: np.ndarray,
    ys: np.ndarray,
) -> list[Piece]:
    """One piece per closed form of the stretches, on the grid columns strictly inside its
    stretches where the grid agrees with it."""
    pieces: list[Piece] = []
    for stretch in stretches:
        if stretch.status != "threshold" or stretch.expression is None:
            continue
        inside = (xs > _number(stretch.lower)) & (xs < _number(stretch.upper))
        same = next((p for p in pieces if p.expression == stretch.expression), None)
        if same is None:
            values = _along(_local(stretch.expression, substitutions), symbol, xs)
            same = Piece(
                stretch.expression, stretch.latex, np.zeros(len(xs), dtype=bool), values, ()
            )
            pieces.append(same)
        same.covered |= inside & _agrees(same.values, deters, ys)
        same.stretches = (*same.stretches, stretch)
    return pieces


def _curve(
    piece: Piece,
    symbol: sympy.Symbol,
    substitutions: Mapping[sympy.Symbol, sympy.Expr],
    xs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The points of a piece's curve: dense along each of its stretches, out to their exact
    ends, with a gap between stretches and where the grid does not agree (a column strictly
    inside the stretch that is not covered). Without stretches, the grid's own points."""
    if not piece.stretches:
        return xs, np.where(piece.covered, piece.values, np.nan)
    low, high = xs[0], xs[-1]
    local = _local(piece.expression, substitutions)
    parts_x: list[np.ndarray] = []
    parts_y: list[np.ndarray] = []
    for stretch in piece.stretches:
        a = max(_number(stretch.lower), low)
        b = min(_number(stretch.upper), high)
        if not a < b:
            continue
        dense = np.linspace(a, b, CURVE_POINTS)
        values = _along(local, symbol, dense)
        inside = (xs > a) & (xs < b)
        if inside.any():
            # A column the grid disagrees with blanks the curve up to its neighbours.
            nearest = np.abs(dense[:, None] - xs[None, inside]).argmin(axis=1)
            values = np.where(piece.covered[inside][nearest], values, np.nan)
        parts_x += [dense, np.array([np.nan])]
        parts_y += [values, np.array([np.nan])]
    if not parts_x:
        return np.array([]), np.array([])
    return np.concatenate(parts_x[:-1]), np.concatenate(parts_y[:-1])


def threshold_jumps(
    game: Game,
    param: str,
    outcomes: Sequence[str],
    x: str,
    others: Mapping[str, Fraction],
    stretches: Sequence[Stretch],
    xbox: tuple[Fraction, Fraction],
    concept: str | None = None,
) -> list[Jump]:
    """Every point of the window of ``x`` where two stretches meet and the threshold does
    not go on continuously (a closed form on one side at least), with the curves' ends there
    and whether each is included: where the point is rational, the exact analysis there
    says which value the threshold takes.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import deterrence as dt
    >>> game = dt.load("extended-deterrence")
    >>> from deterrence.game.parameters import resolve_values
    >>> others = {k: v for k, v in resolve_values(game.parameters).items() if k not in ("a", "p")}
    >>> found = threshold_stretches(game, "p", ["status_quo"], "a", others, Fraction(1, 10))
    >>> [(s.status, str(s.upper)) for s in found]
    [('threshold', '3/20'), ('always', 'oo')]
    >>> threshold_jumps(game, "p", ["status_quo"], "a", others, found, (Fraction(0), Fraction(1)))
    [Jump(x=0.15, left=0.7, right=0.0, ends=((0.7, True),), point=None)]
    """
    from deterrence.analysis.threshold import threshold

    px, pp = parameter(game.parameters, x, "x"), parameter(game.parameters, param, "param")
    symbol = px.symbol
    substitutions = _substitutions(game, others)
    jumps = []
    for k, at in _events(stretches):
        if not at.is_finite or not float(xbox[0]) <= _number(at) <= float(xbox[1]):
            continue
        left, right = stretches[k - 1], stretches[k]
        curves = [s for s in (left, right) if s.status == "threshold" and s.expression is not None]
        if not curves:
            continue
        values = [_value_at(s, at, symbol, pp, substitutions) for s in (left, right)]
        span = float(pp.upper - pp.lower) if pp.upper is not None and pp.lower is not None else 1.0
        if abs(values[0] - values[1]) <= MEET * span:
            continue
        # The threshold at the jump itself, where an exact analysis can be made there: an
        # irrational point cannot be handed to the solver.
        known = bool(at.is_Rational)
        taken: sympy.Expr | None = None
        if known:
            result = threshold(
                game,
                param,
                outcomes,
                values={**others, x: Fraction(int(at.p), int(at.q))},
                numeric=False,
                tidy=False,
                concept=concept,
            )
            if result.status == "threshold" and result.value is not None:
                taken = sympy.sympify(result.value, strict=True)
            elif result.status == "always" and pp.lower is not None:
                taken = sympy.Rational(pp.lower.numerator, pp.lower.denominator)
        ends: list[tuple[float, bool | None]] = []
        matched = False
        for stretch in curves:
            assert stretch.expression is not None
            exact = _local(stretch.expression, substitutions).xreplace({symbol: at})
            included = None
            if known:
                included = taken is not None and sympy.simplify(exact - taken) == 0
                matched = matched or included
            ends.append((_number(exact), included))
        point = None
        if taken is not None and not matched:
            # It may be a value neither side takes: an isolated point of the threshold.
            number = _number(taken)
            if all(abs(v - number) > MEET * span for v in values):
                point = number
        jumps.append(Jump(_number(at), values[0], values[1], tuple(ends), point))
    return jumps


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

    The threshold is first found exactly along ``x`` (:func:`threshold_stretches`): the
    stretches of ``x`` on which it is one closed form (:func:`deterrence.threshold`), holds
    from the lowest value on, or does not exist. The plane of ``x`` and ``param`` is shaded
    where deterrence holds (every equilibrium reaches only the deterred outcomes) and where it
    does not, from :func:`deterrence.sweep` on a ``num`` x ``num`` grid; each closed form is
    drawn on its stretches, out to their exact ends, where the grid agrees with it, with the
    closed form in the legend. Where the threshold does not go on continuously, the jump is
    a dotted line with no curve along it, and the curves' ends there are marked: filled where
    the threshold at that point is the curve's value, open where it is not. Where the
    threshold is a bound of the range or does not exist, the shading shows it.

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
        Points along each axis of the shading.
    style : {"color", "print"}
        Colours, or greys with hatching for print.
    xlim, ylim : pair of numbers, optional
        The window. Default, for a parameter with both bounds declared: its range. For one
        unbounded on a side: where the threshold changes (``x``) or the values it takes there
        (``param``), with a margin, reaching to a declared bound nearby and rounded out
        (:func:`deterrence.figures.axes.focus`); where nothing changes, as in
        :func:`deterrence.figures.plot_regions`.
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`); default: the game's.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; each closed form is a line with gid ``"threshold"``, each jump a
        dotted line with gid ``"threshold-jump"``, the curves' ends at a jump markers with
        gid ``"threshold-end-closed"`` or ``"threshold-end-open"``, and the threshold at a
        jump that neither side takes a marker with gid ``"threshold-point"``.

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
    ...     if line.get_gid() == "threshold":
    ...         print(line.get_label())
    $p^* = \\frac{- c_A - e + v w}{v \\left(w - w_D\\right)}$
    $p^* = \\frac{c_P + e + v w - v}{v \\left(w - w_D\\right)}$
    >>> [float(v) for v in ax.get_xlim()]   # cA is only declared >= 0: where p* changes
    [0.0, 0.7]
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
    # Checked before any analysis, so that a bad window is reported at once.
    # A window given is checked before any analysis, so that a bad one is reported at once.
    given_x = window(px, fixed[x], xlim) if xlim is not None else None
    given_y = window(pp, fixed[param], ylim) if ylim is not None else None
    stretches = threshold_stretches(game, param, outcomes, x, others, fixed[x], concept)
    symbol = px.symbol
    substitutions = _substitutions(game, others)
    xbox = given_x or _focus_x(px, fixed[x], stretches)
    ybox = given_y or _focus_y(pp, fixed[param], stretches, xbox, symbol, substitutions)
    ax = matplotlib_axes(ax)

    rx, ry = Range(*xbox, num), Range(*ybox, num)
    exact_x = rx.values()
    xs = np.array([float(v) for v in exact_x])
    ys = np.array([float(v) for v in ry.values()])
    deters = _deterred_grid(game, x, param, rx, ry, others, outcomes, concept)
    pieces: list[Piece] = []
    if stretches is not None:
        pieces = _stretch_pieces(stretches, symbol, substitutions, xs, deters, ys)
    else:
        # A column deterred nowhere or everywhere has its threshold outside the window, or
        # at its lower end: no closed form to look for there.
        undecided = deters.any(axis=0) & ~deters.all(axis=0)
        if undecided.any():
            # Start where the reader looks first: at the value of x, or the nearest column
            # that has a threshold inside the window.
            distance = np.where(undecided, np.abs(xs - float(fixed[x])), np.inf)
            start = int(np.argmin(distance))
            pieces = threshold_pieces(
                game, param, outcomes, x, exact_x, others, start, deters, ys, concept
            )
    jumps = (
        threshold_jumps(game, param, outcomes, x, others, stretches, xbox, concept)
        if stretches is not None
        else []
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
    curves = []
    for k, piece in enumerate(pieces):
        line_x, line_y = _curve(piece, symbol, substitutions, xs)
        (line,) = ax.plot(
            line_x,
            line_y,
            color=LINE_COLOURS[k % len(LINE_COLOURS)] if style == "color" else "black",
            linestyle=LINESTYLES[k % len(LINESTYLES)],
            linewidth=1.8,
            label=_legend(param, notation.latex(piece.expression), str(piece.expression), notation),
            gid="threshold",
        )
        curves.append(line)
    extra = _draw_jumps(ax, jumps, ybox, param, notation)
    ax.legend(
        handles=[*curves, *extra, *shading],
        loc="upper left",
        bbox_to_anchor=(0.0, -0.14),
        fontsize=8,
        frameon=False,
    )
    ax.set_xlim(float(xbox[0]), float(xbox[1]))
    ax.set_ylim(float(ybox[0]), float(ybox[1]))
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


def _draw_jumps(
    ax: Any, jumps: Sequence[Jump], ybox: tuple[Fraction, Fraction], param: str, notation: Notation
) -> list[Any]:
    """Draw each jump: a dotted line between the two sides, cut at the edge of the window,
    and the curves' ends, filled where the threshold at the jump is theirs, open where it is
    not; return the legend's handles for what was drawn."""
    from matplotlib.lines import Line2D

    bottom, top = float(ybox[0]), float(ybox[1])
    marker: dict[str, Any] = {"marker": "o", "markersize": 5.5, "linestyle": "none", "zorder": 4}
    closed: dict[str, Any] = {"markerfacecolor": "black", "markeredgecolor": "black"}
    opened: dict[str, Any] = {"markerfacecolor": "white", "markeredgecolor": "black"}
    kinds: set[str] = set()
    for jump in jumps:
        low, high = sorted(min(max(v, bottom), top) for v in (jump.left, jump.right))
        ax.plot([jump.x, jump.x], [low, high], gid="threshold-jump", zorder=3, **JUMP_STYLE)
        kinds.add("threshold-jump")
        for value, included in jump.ends:
            if included is None:
                continue
            gid = "threshold-end-closed" if included else "threshold-end-open"
            ax.plot([jump.x], [value], gid=gid, **marker, **(closed if included else opened))
            kinds.add(gid)
        if jump.point is not None:
            ax.plot([jump.x], [jump.point], gid="threshold-point", **marker, **closed)
            kinds.add("threshold-end-closed")
    raw = notation.symbol(param)
    star = mathtext(f"{raw}^*" if "^" not in raw else f"{{{raw}}}^*", f"{param}*")
    handles = []
    if "threshold-jump" in kinds:
        handles.append(Line2D([], [], label=f"jump in {star}", **JUMP_STYLE))
    if "threshold-end-closed" in kinds:
        handles.append(Line2D([], [], label=f"{star} at the jump", **marker, **closed))
    if "threshold-end-open" in kinds:
        handles.append(Line2D([], [], label="end not included", **marker, **opened))
    return handles


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
