"""All extreme Nash equilibria of a two-player game, exact, optionally cross-checked with nashpy.

Our own exact enumeration (:mod:`deterrence.solvers.bimatrix_exact`) gives the complete set,
degenerate games included, and every equilibrium it reports is certified exactly elsewhere.
On request (``cross_check=True``, ``solve --cross-check``; the ``crosscheck`` extra) nashpy's
vertex and support enumeration are run beside it on small games, and what they find is snapped
to rationals, verified, and compared, so that a user sees where the two agree and where nashpy
falls short.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from deterrence import limits
from deterrence.optional import require
from deterrence.solvers import bimatrix_exact

Mixed = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]

#: nashpy's enumerations visit up to C(m + n, m) support pairs, each a dense linear solve in
#: floating point, and its vertex enumeration builds both polytopes; beyond this many pairs
#: the comparison is skipped with a note (a fuzzed 8x8 took minutes at the former 5,000).
NASHPY_CROSS_CHECK_LIMIT = 1_000

#: Payoffs beyond this magnitude have no faithful float, so nashpy cannot be compared.
FLOAT_RANGE = Fraction(10) ** 300

#: Denominators tried when snapping nashpy's floats to rationals.
SNAP_DENOMINATOR = 10**6


@dataclass(frozen=True)
class TwoPlayerSolution:
    """What :func:`solve_two_player` finds: the equilibria as pairs of exact mixed strategies,
    whether they are all of them, the method, whether the game is degenerate, and notes."""

    equilibria: tuple[Mixed, ...]
    degenerate: bool | None
    complete: bool
    method: str
    notes: tuple[str, ...]


def solve_two_player(
    A: Sequence[Sequence[Fraction]],
    B: Sequence[Sequence[Fraction]],
    *,
    method: str = "enumeration",
    cross_check: bool = False,
) -> TwoPlayerSolution:
    """Nash equilibria of the bimatrix game ``(A, B)``.

    Parameters
    ----------
    A, B : matrices of Fraction
        Payoffs of the row and column player.
    method : {"enumeration", "lemke-howson"}
        ``enumeration`` returns every extreme equilibrium (the complete description of the
        equilibrium set); ``lemke-howson`` one equilibrium, fast (Lemke & Howson 1964).
    cross_check : bool
        Run nashpy beside our enumeration on small games and report the comparison (needs
        the ``crosscheck`` extra).
    """
    if method == "lemke-howson":
        x, y = bimatrix_exact.lemke_howson(A, B)
        return TwoPlayerSolution(
            ((tuple(x), tuple(y)),),
            None,
            False,
            "Lemke-Howson (exact pivoting, lexicographic degeneracy resolution)",
            ("one equilibrium only, as asked; use the enumeration method for all of them",),
        )
    found = bimatrix_exact.extreme_equilibria(A, B, partial=True, deadline=limits.deadline())
    notes: list[str] = []
    if found.stopped is not None:
        notes.append(
            f"{found.stopped}: partial results; the extreme equilibria among the "
            f"{found.vertices[0]:,} + {found.vertices[1]:,} vertices found, and every pure "
            "equilibrium, are listed and verified, but there may be others"
        )
    if found.degenerate:
        notes.append(
            "degenerate game: some strategy has more pure best responses than its support "
            "size, so equilibria may form connected sets; their extreme points are listed"
        )
    method_text = "exact vertex enumeration of the best-response polytopes"
    if cross_check and found.complete:
        comparison = _compare_with_nashpy(A, B, found.equilibria)
        if comparison:
            notes.append(comparison)
            method_text += ", cross-checked with nashpy"
    return TwoPlayerSolution(
        tuple(found.equilibria), found.degenerate, found.complete, method_text, tuple(notes)
    )


def _snap(vector: Sequence[float]) -> tuple[Fraction, ...] | None:
    values = [Fraction(float(v)).limit_denominator(SNAP_DENOMINATOR) for v in vector]
    values = [v if v > 0 else Fraction(0) for v in values]
    total = sum(values, Fraction(0))
    if total == 0:
        return None
    return tuple(v / total for v in values)


def _is_equilibrium(A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]], x, y) -> bool:
    rows = [sum((a * q for a, q in zip(row, y, strict=True)), Fraction(0)) for row in A]
    cols = [sum((B[r][c] * x[r] for r in range(len(x))), Fraction(0)) for c in range(len(y))]
    value_x = sum((p * v for p, v in zip(x, rows, strict=True)), Fraction(0))
    value_y = sum((q * v for q, v in zip(y, cols, strict=True)), Fraction(0))
    return max(rows) == value_x and max(cols) == value_y


def _compare_with_nashpy(
    A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]], ours: Sequence[Mixed]
) -> str | None:
    m, n = len(A), len(A[0])
    if math.comb(m + n, m) > NASHPY_CROSS_CHECK_LIMIT:
        return (
            f"no nashpy cross-check: its enumerations would visit {math.comb(m + n, m):,} "
            f"support pairs (the comparison runs up to {NASHPY_CROSS_CHECK_LIMIT:,})"
        )
    if any(abs(v) > FLOAT_RANGE for matrix in (A, B) for row in matrix for v in row):
        return "no nashpy cross-check: some payoffs are beyond the range of floating point"
    # numpy and nashpy (which pulls in scipy) are needed only for this comparison; importing
    # them here keeps them out of every solve that skips it.
    nashpy = require("nashpy", "crosscheck", "the nashpy cross-check")
    import numpy as np

    game = nashpy.Game(
        np.array([[float(v) for v in row] for row in A]),
        np.array([[float(v) for v in row] for row in B]),
    )
    ours_set = set(ours)
    parts = []
    for name, run in (
        ("vertex enumeration", game.vertex_enumeration),
        ("support enumeration", game.support_enumeration),
    ):
        agreed = unverified = outside = 0
        seen: set[Mixed] = set()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                results = list(run())
            except Exception as error:
                parts.append(f"nashpy {name} failed ({type(error).__name__})")
                continue
        for x_float, y_float in results:
            x, y = _snap(x_float), _snap(y_float)
            if x is None or y is None or not _is_equilibrium(A, B, x, y):
                unverified += 1
                continue
            if (x, y) in seen:
                continue
            seen.add((x, y))
            if (x, y) in ours_set:
                agreed += 1
            else:
                outside += 1
        text = f"nashpy {name} found {agreed} of the {len(ours_set)} extreme equilibria"
        if outside:
            text += f" and {outside} verified non-extreme one(s)"
        if unverified:
            text += f"; {unverified} of its answers failed exact verification"
        parts.append(text)
    return "; ".join(parts)
