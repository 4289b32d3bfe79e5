"""Notes where the numeric path and the exact one disagree.

The numeric path (:func:`~deterrence.analysis.numeric.numeric_path`) shares nothing with the
exact one, so where their switch points or their thresholds differ by more than
:data:`~deterrence.analysis.numeric.AGREEMENT`, one of them is wrong. Each function here
returns the notes a threshold carries about that: none where the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy

from deterrence.analysis.numeric import AGREEMENT, NumericPath
from deterrence.analysis.one_parameter import OneParameterSolution
from deterrence.analysis.two_player_along import TwoPlayerAlong


def switch_point_notes(
    solution: OneParameterSolution | TwoPlayerAlong, path: NumericPath
) -> list[str]:
    """A note where the numeric switch points are not the exact ones, inside the range the
    numeric path scanned.

    Parameters
    ----------
    solution : OneParameterSolution or TwoPlayerAlong
        The exact path, with its switch points.
    path : NumericPath
        The numeric path along the same parameter at the same values.

    Returns
    -------
    list of str
        Empty where they agree to :data:`~deterrence.analysis.numeric.AGREEMENT`; otherwise
        one note: a known limit of the scan (two exact switch points closer than its step),
        or a bug.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.numeric import numeric_path
    >>> from deterrence.analysis.one_parameter import solve_along
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> chosen = resolve_values(game.parameters)
    >>> exact = solve_along(game, "p", chosen)
    >>> switch_point_notes(exact, numeric_path(game, "p", chosen, {"status_quo"}))
    []
    """
    low, high = (float(v) for v in path.window)
    exact = [float(sympy.N(b, 20)) for b in solution.switch_points]
    exact = [v for v in exact if low + AGREEMENT < v < high - AGREEMENT]
    numeric = list(path.switch_points)
    missed = [v for v in exact if not any(abs(v - n) <= AGREEMENT for n in numeric)]
    extra = [n for n in numeric if not any(abs(v - n) <= AGREEMENT for v in exact)]
    if not missed and not extra:
        return []
    step = float(path.step)
    if not extra and all(any(0 < abs(v - w) < step for w in exact) for v in missed):
        # Two switch points inside one step of the scan, with the same play on the outer
        # sides of the pair, look to the scan like no change at all: a known limit.
        return [
            f"the numeric path does not see the switch point(s) {_floats(missed)}, which lie "
            f"closer to another than its scan step ({step:.3g}); the exact ones stand"
        ]
    return [
        f"bug: the numeric switch points ({_floats(numeric)}) disagree with the exact ones "
        f"({_floats(exact)}) between {low:.12g} and {high:.12g}; one of the two paths is "
        "wrong here, please report it"
    ]


def threshold_value_notes(
    value: sympy.Expr | None, numeric: float | None, path: NumericPath
) -> list[str]:
    """A note where the numeric threshold differs from an exact one inside the scanned
    range (outside it the numeric path cannot know it).

    Parameters
    ----------
    value : sympy expression or None
        The exact threshold.
    numeric : float or None
        The numeric one.
    path : NumericPath
        The numeric path that found ``numeric``, for the range it scanned.

    Returns
    -------
    list of str
        Empty where there is nothing to compare or the two agree to
        :data:`~deterrence.analysis.numeric.AGREEMENT`; otherwise one note, a bug.

    Examples
    --------
    >>> import deterrence as dt
    >>> import sympy
    >>> from deterrence.analysis.numeric import numeric_path
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> path = numeric_path(game, "p", resolve_values(game.parameters), {"status_quo"})
    >>> threshold_value_notes(sympy.Rational(7, 10), 0.7, path)
    []
    >>> threshold_value_notes(sympy.Rational(7, 10), 0.5, path)  # doctest: +ELLIPSIS
    ['bug: the numeric threshold 0.5 disagrees with the exact one 0.7; ...']
    """
    if value is None or numeric is None or not value.is_finite:
        return []
    exact = float(sympy.N(value, 20))
    low, high = (float(v) for v in path.window)
    if not low <= exact <= high or abs(exact - numeric) <= AGREEMENT:
        return []
    return [
        f"bug: the numeric threshold {numeric:.12g} disagrees with the exact one {exact:.12g}; "
        "one of the two paths is wrong here, please report it"
    ]


def _floats(values: Iterable[float]) -> str:
    return ", ".join(f"{v:.12g}" for v in values) or "none"
