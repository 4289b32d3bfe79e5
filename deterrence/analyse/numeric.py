"""The numeric path to a threshold, independent of the symbolic one: scan the parameter's range
at rational points with the exact solver, then bisect the first change of outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.tree import ExtensiveGame

#: Points of the scan; switch points closer together than the step may be missed (the exact
#: path does not have this limit).
SCAN_POINTS = 400

#: Bisection stops when the bracket is this narrow.
TOLERANCE = Fraction(1, 10**12)


def equilibrium_outcomes(
    game: ExtensiveGame | NormalFormGame, values: Mapping[str, Fraction]
) -> list[set[str]]:
    """The outcomes each equilibrium reaches at ``values`` (subgame-perfect equilibria for
    trees of perfect information, extreme Nash equilibria otherwise), from the exact solver."""
    from deterrence.solve.solver import solve

    result = solve(game, values=values, cross_check=False)
    return [set(eq.outcomes) for eq in result.equilibria]


def _holds(
    game: ExtensiveGame | NormalFormGame, values: Mapping[str, Fraction], wanted: set[str]
) -> bool:
    return all(reached <= wanted for reached in equilibrium_outcomes(game, values))


@dataclass(frozen=True)
class Scan:
    """What the scan found: the value (None if unknown) and the grid step that holds it."""

    value: float | None
    bracket: tuple[Fraction, Fraction] | None = None


def refine_with_brentq(scan: Scan, difference: Callable[[float], float]) -> float | None:
    """The root of a payoff difference inside the scan's bracket (scipy's ``brentq``), kept
    only where it agrees with the bisection of outcome changes to 1e-9.

    Brent (1973), Algorithms for Minimization without Derivatives, ch. 4.
    """
    if scan.value is None or scan.bracket is None:
        return scan.value
    from scipy.optimize import brentq

    a, b = sorted(float(v) for v in scan.bracket)
    try:
        fa, fb = difference(a), difference(b)
        if fa == 0 or fb == 0:
            root = a if fa == 0 else b  # the switch sits on a grid point
        elif (fa > 0) == (fb > 0):
            return scan.value
        else:
            root = float(brentq(difference, a, b, xtol=1e-15, rtol=4 * 2.2e-16, maxiter=200))
    except (ValueError, ZeroDivisionError, OverflowError, RuntimeError):
        return scan.value
    return root if abs(root - scan.value) < 1e-9 else scan.value


def scan_threshold(
    game: ExtensiveGame | NormalFormGame,
    param: str,
    values: Mapping[str, Fraction],
    wanted: set[str],
    direction: str = "least",
) -> Scan:
    """The least (greatest) value at which play reaches only ``wanted``, to about 1e-12.

    An unbounded side is scanned ten times the larger of 1 and the default value beyond the
    other; an answer at the edge of that window is reported as unknown (None).
    """
    parameter = next(p for p in game.parameters if p.name == param)
    default = values.get(param) or parameter.value or Fraction(1)
    low = parameter.lower if parameter.lower is not None else -10 * max(Fraction(1), abs(default))
    high = (
        parameter.upper
        if parameter.upper is not None
        else low + 10 * max(Fraction(1), abs(default))
    )
    grid = [low + (high - low) * Fraction(k, SCAN_POINTS) for k in range(SCAN_POINTS + 1)]
    if direction == "greatest":
        grid.reverse()

    def holds(v: Fraction) -> bool:
        return _holds(game, {**values, param: v}, wanted)

    flags = [holds(v) for v in grid]
    declared = parameter.lower if direction == "least" else parameter.upper
    if flags[0]:
        # At a declared bound that is the answer; at the edge of an arbitrary scan window
        # of an unbounded range, the scan knows nothing.
        return Scan(float(grid[0]) if declared is not None else None)
    if not any(flags):
        return Scan(None)
    k = flags.index(True)
    outside, inside = grid[k - 1], grid[k]
    bracket = (outside, inside)
    while abs(inside - outside) > TOLERANCE:
        middle = (inside + outside) / 2
        if holds(middle):
            inside = middle
        else:
            outside = middle
    return Scan(float((inside + outside) / 2), bracket)
