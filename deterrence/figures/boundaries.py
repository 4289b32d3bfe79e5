"""Boundaries of regions: exact, from the symbolic conditions of each region (trees of perfect
information, two-player games), or traced on the grid of labels where there are none.

A region of subgame-perfect play is where each of its conditions ``g > 0`` holds. A piece of
its boundary is where one ``g`` vanishes while the others still hold; it separates two labels
only where the play on the far side is labelled differently (with ``what="outcome"`` two plays
can reach the same outcome, and no line is drawn between them). The zero set of ``g`` is traced
by marching squares on a fine grid, which is exact on straight lines up to rounding and within
a small fraction of a cell elsewhere; where a line stops being a boundary, its end is found by
bisection rather than left at the last vertex of the grid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from deterrence.analysis.prune import positive_part

#: Distance, as a fraction of the window, at which each side of a line is looked at.
SIDE_STEP = 1e-4
#: Bisection steps that place the end of a line where it stops being a boundary.
END_STEPS = 40

Field = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class SymbolicRegion:
    """One region's conditions as numeric functions ``g(x, y)``, positive inside, and the
    index of the label it shows; ``expressions`` are the same conditions as sympy
    expressions (a disjunction as the ``Max`` of its parts), for exact points on their zero
    sets."""

    conditions: tuple[Field, ...]
    label: int
    expressions: tuple[sympy.Expr, ...] = ()


def compile_region(
    conditions: Sequence[sympy.Basic], x: sympy.Symbol, y: sympy.Symbol, label: int
) -> SymbolicRegion:
    """One region's conditions as numpy functions of ``x`` and ``y``, each positive inside.

    A condition ``f > 0`` (or ``f < g``, ...) becomes ``f`` (``g - f``); a disjunction becomes
    the largest of its parts, since any part holding will do. Conditions of any other form, and
    disjunctions with such a part, are left out, so the region drawn may be larger than the
    region itself.

    Parameters
    ----------
    conditions : sequence of sympy relations
        The region's conditions, in the two parameters on the axes only.
    x, y : sympy.Symbol
        The parameters on the axes.
    label : int
        The index of the label the region shows.

    Examples
    --------
    >>> import numpy as np
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> region = compile_region([x > y, x < 1], x, y, 0)
    >>> [g(np.array([0.5, 2.0]), np.array([0.0, 0.0])).tolist() for g in region.conditions]
    [[0.5, 2.0], [0.5, -1.0]]
    """
    fields = []
    expressions = []
    for condition in conditions:
        if isinstance(condition, sympy.Or):
            # Either part holding will do: positive where the largest part is.
            parts = [positive_part(part) for part in condition.args]
            if any(part is None for part in parts):
                continue
            expression = sympy.Max(*parts)
        else:
            expression = positive_part(condition)
        if expression is None:
            continue
        function = sympy.lambdify((x, y), expression, "numpy")

        def field(u: np.ndarray, v: np.ndarray, f: Callable = function) -> np.ndarray:
            # A condition on one parameter alone returns an array of the wrong shape, or a scalar.
            return np.broadcast_to(np.asarray(f(u, v), dtype=float), np.broadcast(u, v).shape)

        fields.append(field)
        expressions.append(expression)
    return SymbolicRegion(tuple(fields), label, tuple(expressions))


def _inside(region: SymbolicRegion, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    inside = np.ones(np.broadcast(u, v).shape, dtype=bool)
    with np.errstate(all="ignore"):
        for g in region.conditions:
            inside &= g(u, v) > 0
    return inside


def region_index(regions: Sequence[SymbolicRegion], u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The index of the region holding each point, ``-1`` for none (a boundary, or a region
    the analysis did not find)."""
    found = np.full(np.broadcast(u, v).shape, -1)
    for k, region in enumerate(regions):
        found[(found < 0) & _inside(region, u, v)] = k
    return found


def _zero_lines(
    regions: Sequence[SymbolicRegion],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int,
):
    """Each polyline of the zero set of each condition, with its region and condition:
    ``(r, c, line)``."""
    import contourpy

    xs = np.linspace(xlim[0], xlim[1], resolution)
    ys = np.linspace(ylim[0], ylim[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    for r, region in enumerate(regions):
        for c, g in enumerate(region.conditions):
            with np.errstate(all="ignore"):
                values = g(gx, gy)
            if not np.all(np.isfinite(values)):
                values = np.where(np.isfinite(values), values, np.nan)
            generator = contourpy.contour_generator(xs, ys, values)
            for line in generator.lines(0.0):
                line = np.asarray(line, dtype=float)
                if len(line) >= 2:
                    yield r, c, line


def exact_boundaries(
    regions: Sequence[SymbolicRegion],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int,
) -> list[np.ndarray]:
    """Every piece of boundary between regions of different labels, as polylines ``(n, 2)``
    in data coordinates; each piece once."""
    lines: list[np.ndarray] = []
    for r, c, line in _zero_lines(regions, xlim, ylim, resolution):
        g = regions[r].conditions[c]

        def keep(points: np.ndarray, r: int = r, g: Field = g) -> np.ndarray:
            return _separates(regions, r, g, points, (xlim, ylim))

        lines.extend(_runs(line, keep))
    return lines


def _sides(
    regions: Sequence[SymbolicRegion],
    g: Field,
    points: np.ndarray,
    box: tuple[tuple[float, float], tuple[float, float]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At each point of the zero set of ``g``: the region just on its positive side, the one
    just on its negative side (``-1`` for none), and whether the negative side is inside the
    window."""
    u, v = points[:, 0], points[:, 1]
    (x0, x1), (y0, y1) = box
    step = SIDE_STEP * np.array([x1 - x0, y1 - y0])
    with np.errstate(all="ignore"):
        gu = (g(u + step[0], v) - g(u - step[0], v)) / 2
        gv = (g(u, v + step[1]) - g(u, v - step[1])) / 2
    norm = np.hypot(gu, gv)
    norm[norm == 0] = np.nan
    # The unit normal in window coordinates, pointing into the region.
    du, dv = gu / norm * step[0], gv / norm * step[1]
    inner = region_index(regions, u + du, v + dv)
    outer = region_index(regions, u - du, v - dv)
    within = (u - du >= x0) & (u - du <= x1) & (v - dv >= y0) & (v - dv <= y1)
    return inner, outer, within


def _separates(
    regions: Sequence[SymbolicRegion],
    r: int,
    g: Field,
    points: np.ndarray,
    box: tuple[tuple[float, float], tuple[float, float]],
) -> np.ndarray:
    """Whether the zero set of ``g`` (a condition of region ``r``) is, at each point, a
    boundary of ``r`` against a differently labelled region that is drawn from this side:
    the side with the higher index draws it, the region not found by the analysis never."""
    inner, outer, within = _sides(regions, g, points, box)
    label = regions[r].label
    outer_label = np.array([regions[k].label if k >= 0 else -1 for k in outer])
    # The edge of the window is no boundary, whatever lies beyond it.
    return within & (inner == r) & (outer_label != label) & ((outer > r) | (outer < 0))


@dataclass(frozen=True)
class Seam:
    """A stretch of curve where region ``region`` meets region ``other``, or the edge of the
    window (``other`` is ``-1``).

    Parameters
    ----------
    points : numpy.ndarray
        The polyline ``(n, 2)``, its ends placed by bisection.
    region, other : int
        Indices into the regions; ``region < other`` between two regions, so that each seam
        is listed once.
    expression : sympy expression or None
        The condition of ``region`` that vanishes along it; None along the edge.
    edge : tuple of (int, float) or None
        Along the edge of the window: the axis it is perpendicular to (0 for ``x``) and the
        value there.
    """

    points: np.ndarray
    region: int
    other: int
    expression: sympy.Expr | None = None
    edge: tuple[int, float] | None = None


def seams(
    regions: Sequence[SymbolicRegion],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int,
) -> list[Seam]:
    """Every stretch where two regions meet, whatever their labels, and every stretch of the
    window's edge along one region: the places where a region of zero width (a tie) can lie
    when the regions with an interior are all known."""
    box = (xlim, ylim)
    found: list[Seam] = []
    for r, c, line in _zero_lines(regions, xlim, ylim, resolution):
        g = regions[r].conditions[c]
        expression = regions[r].expressions[c] if regions[r].expressions else None
        inner, outer, within = _sides(regions, g, line, box)
        for other in sorted({int(k) for k in outer[(inner == r) & within & (outer > r)]}):

            def keep(points: np.ndarray, r: int = r, g: Field = g, o: int = other) -> np.ndarray:
                i, j, w = _sides(regions, g, points, box)
                return (i == r) & (j == o) & w

            found.extend(Seam(run, r, other, expression) for run in _runs(line, keep))
    for axis, value, inward in (
        (0, xlim[0], 1.0),
        (0, xlim[1], -1.0),
        (1, ylim[0], 1.0),
        (1, ylim[1], -1.0),
    ):
        along = np.linspace(*(ylim if axis == 0 else xlim), 2 * resolution)
        line = np.column_stack([np.full_like(along, value), along])
        if axis == 1:
            line = line[:, ::-1]
        shift = np.zeros(2)
        shift[axis] = inward * SIDE_STEP * (box[axis][1] - box[axis][0])
        inside = region_index(regions, line[:, 0] + shift[0], line[:, 1] + shift[1])
        for k in sorted({int(k) for k in inside if k >= 0}):

            def beside(points: np.ndarray, k: int = k, shift: np.ndarray = shift) -> np.ndarray:
                return region_index(regions, points[:, 0] + shift[0], points[:, 1] + shift[1]) == k

            found.extend(Seam(run, k, -1, None, (axis, value)) for run in _runs(line, beside))
    return found


def exact_point(
    seam: Seam,
    x: sympy.Symbol,
    y: sympy.Symbol,
    box: tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]],
) -> tuple[Fraction, Fraction] | None:
    """A point with rational coordinates exactly on ``seam``, near its middle: on the edge,
    the edge's exact value and a short fraction; on a curve, a short fraction for one
    coordinate and the other solved for exactly (a rational root of the condition there).
    None where no such point is found (the curve has no rational point near the middle).

    Examples
    --------
    >>> x, y = sympy.symbols("x y", real=True)
    >>> region = compile_region([y < x / 3 + sympy.Rational(1, 7)], x, y, 0)
    >>> line = np.array([[0.0, 1 / 7], [1.0, 1 / 3 + 1 / 7]])
    >>> seam = Seam(line, 0, 1, region.expressions[0])
    >>> point = exact_point(seam, x, y, ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1))))
    >>> [str(v) for v in point], point[1] == point[0] / 3 + Fraction(1, 7)
    (['1/2', '13/42'], True)
    """
    u, v = _middle(seam.points)
    spans = [float(box[0][1] - box[0][0]), float(box[1][1] - box[1][0])]
    if seam.edge is not None:
        axis, _ = seam.edge
        exact_edge = box[axis][0] if seam.edge[1] == float(box[axis][0]) else box[axis][1]
        other = 1 - axis
        near = _short(v if axis == 0 else u, spans[other])
        return (exact_edge, near) if axis == 0 else (near, exact_edge)
    if seam.expression is None:
        return None
    parts = seam.expression.args if isinstance(seam.expression, sympy.Max) else (seam.expression,)
    for part in parts:
        for fixed, free, at, want, span in ((x, y, u, v, spans[1]), (y, x, v, u, spans[0])):
            value = _short(at, spans[0] if fixed == x else spans[1])
            local = part.xreplace({fixed: sympy.Rational(value.numerator, value.denominator)})
            if free not in local.free_symbols or len(local.free_symbols) > 1:
                continue
            numerator, denominator = sympy.fraction(sympy.together(local))
            try:
                roots = sympy.Poly(numerator, free).ground_roots()
            except (sympy.PolynomialError, sympy.polys.polyerrors.DomainError):
                continue
            close = [
                r
                for r in roots
                if r.is_Rational
                and abs(float(r) - want) <= 1e-6 * span
                and denominator.xreplace({free: r}) != 0
            ]
            if close:
                root = min(close, key=lambda r: abs(float(r) - want))
                exact = Fraction(int(root.p), int(root.q))
                return (value, exact) if fixed == x else (exact, value)
    return None


def _middle(line: np.ndarray) -> np.ndarray:
    """The point halfway along a polyline."""
    lengths = np.hypot(*np.diff(line, axis=0).T)
    where = np.concatenate([[0.0], np.cumsum(lengths)])
    if where[-1] == 0:
        return line[0]
    half = where[-1] / 2
    k = min(int(np.searchsorted(where, half, side="right")) - 1, len(line) - 2)
    t = (half - where[k]) / lengths[k] if lengths[k] else 0.0
    return line[k] + t * (line[k + 1] - line[k])


def _short(value: float, span: float) -> Fraction:
    """A short fraction within a millionth of ``span`` of ``value``."""
    denominator = 8
    target = Fraction(value)
    while abs(float(guess := target.limit_denominator(denominator)) - value) > 1e-6 * span:
        denominator *= 8
    return guess


def _runs(line: np.ndarray, keep: Callable[[np.ndarray], np.ndarray]) -> list[np.ndarray]:
    """The parts of ``line`` where ``keep`` holds, their ends placed by bisection."""
    kept = keep(line)
    runs: list[np.ndarray] = []
    start = None
    for k in range(len(line) + 1):
        on = k < len(line) and bool(kept[k])
        if on and start is None:
            start = k
        elif not on and start is not None:
            head = [_end(line[start - 1], line[start], keep)] if start > 0 else []
            tail = [_end(line[k], line[k - 1], keep)] if k < len(line) else []
            run = np.vstack([*head, line[start:k], *tail])
            if len(run) >= 2:
                runs.append(run)
            start = None
    return runs


def _end(outside: np.ndarray, inside: np.ndarray, keep: Callable[[np.ndarray], np.ndarray]):
    """The point between two vertices where ``keep`` starts to hold."""
    a, b = outside.copy(), inside.copy()
    for _ in range(END_STEPS):
        middle = (a + b) / 2
        if keep(middle[None, :])[0]:
            b = middle
        else:
            a = middle
    return b[None, :]


def grid_boundaries(codes: np.ndarray, xs: np.ndarray, ys: np.ndarray, wanted: Sequence[int]):
    """Polylines around the cells of each label in ``wanted``, traced halfway between cells
    (for games whose regions have no symbolic conditions)."""
    import contourpy

    lines: list[np.ndarray] = []
    for code in wanted:
        indicator = (codes == code).astype(float)
        generator = contourpy.contour_generator(xs, ys, indicator)
        lines.extend(np.asarray(line, dtype=float) for line in generator.lines(0.5))
    return [line for line in lines if len(line) >= 2]
