"""The points of a sweep: a grid of parameter values, optionally crossed with random draws.

Points are numbered; any range of numbers can be materialised on its own, so a sweep of any
size is evaluated chunk by chunk in bounded memory, and every engine (one process, several,
a dask cluster) sees exactly the same points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar

import numpy as np

from deterrence.errors import Diagnostic, ExpressionError, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game.parameters import Parameter

#: Random draws come in blocks of this many, each from its own seeded stream, so that a draw's
#: value depends only on the seed and its number, never on how the sweep is chunked.
DRAW_BLOCK = 1 << 16


@dataclass(frozen=True)
class Range:
    """``num`` evenly spaced exact values from ``start`` to ``stop``, both included.

    >>> Range(0, 1, 5).values()
    (Fraction(0, 1), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1, 1))
    """

    start: Fraction
    stop: Fraction
    num: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", Fraction(self.start))
        object.__setattr__(self, "stop", Fraction(self.stop))
        if self.num < 1:
            raise ValueError("a range needs at least one point")

    def values(self) -> tuple[Fraction, ...]:
        """The ``num`` values, exact, in order from ``start`` to ``stop``; ``start`` alone when
        ``num`` is 1.
        """
        if self.num == 1:
            return (self.start,)
        step = (self.stop - self.start) / (self.num - 1)
        return tuple(self.start + step * k for k in range(self.num))


@dataclass(frozen=True)
class Distribution:
    """A distribution to draw a parameter from: ``uniform``, ``normal``, ``triangular``,
    ``beta``, ``lognormal`` or ``truncnormal`` with their numeric arguments.

    >>> Distribution("uniform", (0.0, 2.0)).describe()
    'uniform(0, 2)'
    """

    kind: str
    args: tuple[float, ...]

    #: Each kind and the names of its arguments.
    KINDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "uniform": ("low", "high"),
        "normal": ("mean", "sd"),
        "truncnormal": ("mean", "sd", "low", "high"),
        "lognormal": ("mean of log", "sd of log"),
        "triangular": ("low", "mode", "high"),
        "beta": ("a", "b"),
    }

    def describe(self) -> str:
        """The distribution as text, its kind and arguments as in the command line's ``--dist``
        (with ``(`` and ``,`` for the colons), for messages and reports.
        """
        return f"{self.kind}({', '.join(f'{a:g}' for a in self.args)})"

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` independent draws from ``rng``, as a float array.

        ``truncnormal`` is drawn by inversion: a uniform draw between the normal distribution
        function's values at the two bounds, mapped back through its inverse, so every draw lies
        within the bounds.

        Examples
        --------
        >>> import numpy as np
        >>> between = Distribution("truncnormal", (0.5, 1.0, 0.0, 1.0))
        >>> drawn = between.draw(np.random.default_rng(0), 4)
        >>> drawn.shape, bool(((0 <= drawn) & (drawn <= 1)).all())
        ((4,), True)
        """
        a = self.args
        if self.kind == "uniform":
            return rng.uniform(a[0], a[1], size)
        if self.kind == "normal":
            return rng.normal(a[0], a[1], size)
        if self.kind == "lognormal":
            return rng.lognormal(a[0], a[1], size)
        if self.kind == "triangular":
            return rng.triangular(a[0], a[1], a[2], size)
        if self.kind == "beta":
            return rng.beta(a[0], a[1], size)
        # truncnormal: by inversion of the normal's distribution function between the bounds
        from scipy.stats import norm

        lo, hi = norm.cdf([(a[2] - a[0]) / a[1], (a[3] - a[0]) / a[1]])
        return np.asarray(a[0] + a[1] * norm.ppf(rng.uniform(lo, hi, size)))


def _support(distribution: Distribution) -> tuple[float, float]:
    """The smallest interval holding every draw."""
    a, kind = distribution.args, distribution.kind
    if kind in ("uniform", "triangular"):
        return a[0], a[-1]
    if kind == "truncnormal":
        return a[2], a[3]
    if kind == "beta":
        return 0.0, 1.0
    if kind == "lognormal":
        return 0.0, math.inf
    return -math.inf, math.inf


def _problem(message: str, path: str, suggestion: str | None = None) -> Diagnostic:
    return Diagnostic(message, path=path, suggestion=suggestion)


def parse_range(text: str, path: str) -> Range | tuple[Fraction, ...] | Diagnostic:
    """``0:1:101`` (101 points from 0 to 1) or ``0,0.5,1`` (those values)."""
    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) != 3:
                return _problem(f"expected START:STOP:NUM, got `{text}`", path)
            num = int(parts[2])
            if num < 1:
                return _problem(f"NUM must be at least 1, got {num}", path)
            return Range(exact_number(parts[0]), exact_number(parts[1]), num)
        return tuple(exact_number(item) for item in text.split(",") if item.strip())
    except (ExpressionError, ValueError) as error:
        reason = getattr(error, "message", str(error))
        return _problem(f"`{text}` is not a range of numbers ({reason})", path)


def parse_distribution(text: str, path: str) -> Distribution | Diagnostic:
    """``uniform:0:1``, ``normal:0.5:0.1``, ``truncnormal:0.5:0.1:0:1``, ..."""
    kind, *rest = text.split(":")
    kind = kind.strip().lower()
    if kind not in Distribution.KINDS:
        return _problem(
            f"unknown distribution `{kind}`; expected one of {', '.join(Distribution.KINDS)}",
            path,
            did_you_mean(kind, Distribution.KINDS),
        )
    names = Distribution.KINDS[kind]
    if len(rest) != len(names):
        return _problem(
            f"{kind} takes {len(names)} numbers ({', '.join(names)}), e.g. "
            f"{kind}:{':'.join('1' for _ in names)}",
            path,
        )
    try:
        args = tuple(float(exact_number(r)) for r in rest)
    except ExpressionError as error:
        return _problem(f"`{text}`: {error.message}", path)
    bad = {
        "uniform": args[0] > args[-1] if kind == "uniform" else False,
        "normal": kind in ("normal", "truncnormal", "lognormal") and args[1] <= 0,
        "triangular": kind == "triangular" and not args[0] <= args[1] <= args[2],
        "beta": kind == "beta" and min(args) <= 0,
        "truncnormal": kind == "truncnormal" and args[2] >= args[3],
    }
    if any(bad.values()):
        return _problem(f"`{text}` does not define a distribution", path)
    return Distribution(kind, args)


@dataclass(frozen=True)
class PointSpace:
    """Every point of a sweep, numbered in C order: the first grid parameter varies slowest,
    and the draws (if any) vary fastest.

    Parameters
    ----------
    axes : mapping of str to tuple of Fraction
        The grid: exact values of each swept parameter.
    draws : int
        Random draws at each grid point (0: none).
    distributions : mapping of str to Distribution
        The parameters drawn at random, and how.
    seed : int
    """

    axes: Mapping[str, tuple[Fraction, ...]]
    draws: int = 0
    distributions: Mapping[str, Distribution] = field(default_factory=dict)
    seed: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """The swept parameters: the grid's in order, then those drawn at random."""
        return (*self.axes, *self.distributions)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of values of each grid parameter, in order (empty without a grid)."""
        return tuple(len(v) for v in self.axes.values())

    @property
    def size(self) -> int:
        """The number of points: the grid's points times the draws at each (at least one).

        Examples
        --------
        >>> space = PointSpace({"p": Range(0, 1, 11).values(), "a": (Fraction(0), Fraction(1))})
        >>> space.shape, space.size
        ((11, 2), 22)
        """
        return math.prod(self.shape) * max(self.draws, 1)

    def floats(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The values of points ``start`` to ``stop - 1`` as float arrays, by parameter."""
        index = np.arange(start, stop, dtype=np.int64)
        per_grid = max(self.draws, 1)
        grid_index = index // per_grid
        out: dict[str, np.ndarray] = {}
        if self.axes:
            positions = np.unravel_index(grid_index, self.shape)
            for (name, values), position in zip(self.axes.items(), positions, strict=True):
                out[name] = np.array([float(v) for v in values])[position]
        if self.distributions:
            out.update(self._draws(index % per_grid if self.axes else index))
        return out

    def exact(self, floats: Mapping[str, np.ndarray], position: int, start: int) -> dict:
        """Exact values of one point: grid values as declared, drawn values as the binary
        fractions the floats hold (so both paths solve the very same point)."""
        point: dict[str, Fraction] = {}
        grid_index = (start + position) // max(self.draws, 1)
        if self.axes:
            positions = np.unravel_index(grid_index, self.shape)
            for (name, values), k in zip(self.axes.items(), positions, strict=True):
                point[name] = values[int(k)]
        for name in self.distributions:
            point[name] = Fraction(float(floats[name][position]))
        return point

    def _draws(self, numbers: np.ndarray) -> dict[str, np.ndarray]:
        out = {name: np.empty(len(numbers)) for name in self.distributions}
        if len(numbers) == 0:
            return out
        blocks = numbers // DRAW_BLOCK
        for block in np.unique(blocks):
            mask = blocks == block
            rng = np.random.default_rng([self.seed, int(block)])
            offsets = numbers[mask] - block * DRAW_BLOCK
            for name, distribution in self.distributions.items():
                # Every parameter draws a whole block, in declaration order, so one
                # parameter's values do not depend on which others are drawn after it.
                out[name][mask] = distribution.draw(rng, DRAW_BLOCK)[offsets]
        return out


def point_space(
    parameters: Sequence[Parameter],
    grid: Mapping[str, object] | None,
    *,
    draws: int = 0,
    dist: Mapping[str, object] | None = None,
    seed: int = 0,
    fixed: Mapping[str, object] | None = None,
) -> PointSpace:
    """Check and build the points of a sweep; every problem is reported at once.

    ``grid`` maps a parameter to a :class:`Range`, a ``"START:STOP:NUM"`` string, or a
    sequence of values; ``dist`` maps a parameter to a :class:`Distribution` or a string such
    as ``"uniform:0:1"``.
    """
    by_name = {p.name: p for p in parameters}
    problems: list[Diagnostic] = []
    axes: dict[str, tuple[Fraction, ...]] = {}
    distributions: dict[str, Distribution] = {}

    def known(name: str, path: str) -> bool:
        if name in by_name:
            return True
        problems.append(
            _problem(
                f"unknown parameter `{name}`; the model declares "
                + ", ".join(f"`{n}`" for n in by_name),
                path,
                did_you_mean(name, by_name),
            )
        )
        return False

    for name, spec in (grid or {}).items():
        path = f"--grid {name}"
        if not known(name, path):
            continue
        values: object = spec
        if isinstance(spec, str):
            values = parse_range(spec, path)
        if isinstance(values, Diagnostic):
            problems.append(values)
            continue
        if isinstance(values, Range):
            values = values.values()
        try:
            exact = tuple(exact_number(v) for v in values)  # type: ignore[attr-defined]
        except (ExpressionError, TypeError):
            problems.append(_problem(f"expected numbers, got {spec!r}", path))
            continue
        parameter = by_name[name]
        outside = [v for v in exact if not parameter.admits(v)]
        if outside:
            problems.append(
                _problem(
                    f"{len(outside)} value(s) outside the bounds {parameter.bounds_text()} "
                    f"of `{name}`, e.g. {outside[0]}",
                    path,
                )
            )
        if not exact:
            problems.append(_problem("no values", path))
        axes[name] = exact
    for name, spec in (dist or {}).items():
        path = f"--dist {name}"
        if not known(name, path):
            continue
        if name in axes:
            problems.append(_problem("both swept on a grid and drawn at random", path))
            continue
        distribution = parse_distribution(spec, path) if isinstance(spec, str) else spec
        if isinstance(distribution, Diagnostic):
            problems.append(distribution)
            continue
        assert isinstance(distribution, Distribution)
        support = _support(distribution)
        parameter = by_name[name]
        if (parameter.lower is not None and support[0] < parameter.lower) or (
            parameter.upper is not None and support[1] > parameter.upper
        ):
            problems.append(
                _problem(
                    f"{distribution.describe()} can draw values outside the bounds "
                    f"{parameter.bounds_text()} of `{name}`",
                    path,
                    "draw from uniform, triangular, beta or truncnormal within the bounds",
                )
            )
            continue
        distributions[name] = distribution
    for name in fixed or {}:
        if name in axes or name in distributions:
            problems.append(_problem("is swept; do not also fix it", f"--set {name}"))
    if distributions and draws < 1:
        problems.append(_problem("--dist needs --draws N (N at least 1)", "--draws"))
    if draws and not distributions:
        problems.append(_problem("--draws needs at least one --dist NAME=...", "--draws"))
    if not axes and not distributions:
        problems.append(_problem("nothing to sweep: give --grid NAME=START:STOP:NUM", "--grid"))
    if problems:
        raise SpecError(problems)
    return PointSpace(axes, draws if distributions else 0, distributions, seed)
