"""The fast path for small two-player normal forms: support enumeration on arrays of points.

In a nondegenerate bimatrix game every equilibrium has supports of equal size and is the
unique solution of its indifference equations (Nisan, Roughgarden, Tardos & Vazirani (2007),
Algorithmic Game Theory, ch. 3.3; von Stengel (2007)). So at each point, every pair of equal
supports is tried at once for all points by a batched linear solve. Each point where the
floats cannot settle the answer is marked for the exact solver: a condition within
:data:`~deterrence.solvers.vectorised_tree.TIE_TOLERANCE` of equality, a singular system, or a
game that looks degenerate there (some strategy on ``k`` pure strategies with ``k + 1`` best
replies).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from deterrence.game.normal_form import NormalFormGame
from deterrence.solvers.labels import join_equilibria, outcome_label, play_label
from deterrence.solvers.vectorised import (
    TIE_TOLERANCE,
    Values,
    compile_numeric,
    renumber,
    size_bound,
)

#: The fast path handles games up to this many strategies per player, and with at most 62
#: pairs of equal supports (one bit each in a 64-bit code): 3 x 4 and smaller, not 4 x 4.
#: Larger games are solved point by point.
MAX_STRATEGIES = 4


@dataclass(frozen=True)
class MatrixAnswers:
    """What the fast path found at each point: a code per point for the set of equilibria
    (``names``/``deterred``/``count`` per code), the payoffs where they are unique, and the
    points left to the exact solver."""

    code: np.ndarray
    outcome_names: tuple[str, ...]
    play_names: tuple[str, ...]
    deterred: tuple[bool, ...]
    count: tuple[int, ...]
    payoffs: np.ndarray
    suspect: np.ndarray


@dataclass(frozen=True)
class _Candidate:
    rows: tuple[int, ...]
    cols: tuple[int, ...]


def fits(game: object) -> bool:
    """Whether the fast matrix path takes ``game``."""
    if not isinstance(game, NormalFormGame) or len(game.players) != 2:
        return False
    m, n = game.shape
    pairs = sum(
        len(list(itertools.combinations(range(m), k)))
        * len(list(itertools.combinations(range(n), k)))
        for k in range(1, min(m, n) + 1)
    )
    return max(m, n) <= MAX_STRATEGIES and pairs <= 62


def _indifference(M: np.ndarray, scale: np.ndarray):
    """For payoff blocks ``M`` (points, k, k): the mix ``z`` over the columns that makes every
    row equally good, and that value; plus where the system is (nearly) singular."""
    points, k, _ = M.shape
    system = np.zeros((points, k + 1, k + 1))
    system[:, :k, :k] = M
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    det = np.linalg.det(system)
    singular = np.abs(det) <= TIE_TOLERANCE * scale**k
    system[singular] = np.eye(k + 1)
    rhs = np.zeros((points, k + 1, 1))
    rhs[:, k, 0] = 1.0
    solution = np.linalg.solve(system, rhs)[:, :, 0]
    return solution[:, :k], solution[:, k], singular


class CompiledMatrix:
    """A parametric two-player normal form with few strategies, compiled for arrays.

    The vectorised evaluator of the ``nash`` concept (see :mod:`deterrence.concepts`).
    """

    @staticmethod
    def fits(game: object) -> bool:
        """Whether this evaluator takes ``game``: see :func:`fits`."""
        return fits(game)

    def answers(
        self, columns: Mapping[str, Values], n: int, what: tuple[str, ...]
    ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """The sweep's columns ``what`` at ``n`` points, the payoffs (players x points, NaN
        where equilibria differ) and the points left to the exact solver."""
        m = self.evaluate(columns, n)
        code = m.code
        found: dict[str, np.ndarray] = {}
        if "outcome" in what:
            found["outcome"] = np.asarray(m.outcome_names, dtype=object)[code]
        if "play" in what:
            found["play"] = np.asarray(m.play_names, dtype=object)[code]
        if "deterred" in what:
            found["deterred"] = np.asarray(m.deterred, dtype=bool)[code]
        if "equilibria" in what:
            found["equilibria"] = np.asarray(m.count, dtype=np.int64)[code]
        return found, m.payoffs, m.suspect.copy()

    def __init__(self, game: NormalFormGame, deterred: frozenset[str] = frozenset()):
        if not fits(game):
            raise ValueError("the fast matrix path takes two players, few strategies")
        self.game = game
        self.shape = game.shape
        m, n = self.shape
        self.entries = [
            [
                [compile_numeric(game.payoff((i, j)).total[player]) for j in range(n)]
                for i in range(m)
            ]
            for player in range(2)
        ]
        self.sizes = [
            compile_numeric(size_bound(game.payoff((i, j)).total[player]))
            for player in range(2)
            for i in range(m)
            for j in range(n)
        ]
        self.candidates = [
            _Candidate(rows, cols)
            for k in range(1, min(m, n) + 1)
            for rows in itertools.combinations(range(m), k)
            for cols in itertools.combinations(range(n), k)
        ]
        order = game.outcome_labels
        self._outcome = [
            outcome_label(order, {game.outcome((i, j)) for i in c.rows for j in c.cols})
            for c in self.candidates
        ]
        self._only_deterred = [
            {game.outcome((i, j)) for i in c.rows for j in c.cols} <= deterred
            for c in self.candidates
        ]
        strategies = game.strategies
        self._play = [
            play_label(
                game.players,
                [
                    {"": "+".join(strategies[0][i] for i in c.rows)},
                    {"": "+".join(strategies[1][j] for j in c.cols)},
                ],
            )
            for c in self.candidates
        ]

    def _matrices(self, columns: Mapping[str, Values], points: int) -> np.ndarray:
        m, n = self.shape
        out = np.empty((2, points, m, n))
        for player in range(2):
            for i in range(m):
                for j in range(n):
                    out[player, :, i, j] = self.entries[player][i][j](columns)
        return out

    def evaluate(self, columns: Mapping[str, Values], points: int) -> MatrixAnswers:
        """Support enumeration at ``points`` points; ``suspect`` marks those left to the
        exact solver (near-ties, singular systems, apparent degeneracy, and payoffs that are
        not finite or beyond the exact solver's limit, which it then refuses)."""
        with np.errstate(all="ignore"):
            return self._evaluate(columns, points)

    def _evaluate(self, columns: Mapping[str, Values], points: int) -> MatrixAnswers:
        from deterrence.solvers.vectorised import TOO_LARGE

        A, B = self._matrices(columns, points)
        m, n = self.shape
        bad = ~(
            np.isfinite(A) & np.isfinite(B) & (np.abs(A) <= TOO_LARGE) & (np.abs(B) <= TOO_LARGE)
        )
        bad_points = bad.any(axis=(1, 2))
        A[bad], B[bad] = 0.0, 0.0  # keeps the algebra below quiet; those points go exact
        # The size of the terms behind each payoff, so that cancellation inside an entry
        # cannot pass for a clear sign.
        size = np.zeros(points)
        for f in self.sizes:
            size = np.maximum(size, np.nan_to_num(np.abs(np.asarray(f(columns), dtype=float))))
        scale = 1.0 + np.maximum(
            size, np.maximum(np.abs(A).max(axis=(1, 2)), np.abs(B).max(axis=(1, 2)))
        )
        tol = TIE_TOLERANCE * scale
        suspect = _degenerate(A, B, tol, scale) | bad_points
        mask = np.zeros(points, dtype=np.int64)
        row_value = np.full((len(self.candidates), points), np.nan)
        col_value = np.full((len(self.candidates), points), np.nan)
        for c, cand in enumerate(self.candidates):
            rows, cols = list(cand.rows), list(cand.cols)
            # The column player's mix y makes the rows in the support indifferent, and
            # the row player's mix x does the same for the columns.
            y, u, sing_y = _indifference(A[:, rows][:, :, cols], scale)
            x, v, sing_x = _indifference(np.swapaxes(B[:, rows][:, :, cols], 1, 2), scale)
            out_rows = [i for i in range(m) if i not in rows]
            out_cols = [j for j in range(n) if j not in cols]
            margins = [y, x]
            if out_rows:
                row_payoffs = np.einsum("pij,pj->pi", A[:, out_rows][:, :, cols], y)
                margins.append(u[:, None] - row_payoffs)
            if out_cols:
                col_payoffs = np.einsum("pji,pj->pi", B[:, rows][:, :, out_cols], x)
                margins.append(v[:, None] - col_payoffs)
            clear = np.ones(points, dtype=bool)
            tight = sing_x | sing_y
            for margin in margins:
                clear &= (margin > tol[:, None]).all(axis=1)
                tight |= (np.abs(margin) <= tol[:, None]).any(axis=1)
            suspect |= tight
            equilibrium = clear & ~tight
            mask |= np.where(equilibrium, np.int64(1) << c, 0)
            row_value[c] = np.where(equilibrium, u, np.nan)
            col_value[c] = np.where(equilibrium, v, np.nan)
        suspect |= mask == 0
        code, present = renumber(mask, points)
        payoffs = np.stack([_unique_value(row_value), _unique_value(col_value)])
        suspect |= np.isnan(payoffs).any(axis=0) & _near_equal(row_value, col_value, tol)
        names, plays, deterred, count = [], [], [], []
        for bits in present:
            members = [c for c in range(len(self.candidates)) if bits >> c & 1]
            names.append(join_equilibria(self._outcome[c] for c in members))
            plays.append(join_equilibria(self._play[c] for c in members))
            deterred.append(bool(members) and all(self._only_deterred[c] for c in members))
            count.append(len(members))
        return MatrixAnswers(
            code, tuple(names), tuple(plays), tuple(deterred), tuple(count), payoffs, suspect
        )


def _unique_value(values: np.ndarray) -> np.ndarray:
    """Per point: the one equilibrium's payoff, NaN where several equilibria exist."""
    found = ~np.isnan(values)
    single = found.sum(axis=0) == 1
    return np.where(single, np.nansum(values, axis=0), np.nan)


def _near_equal(row: np.ndarray, col: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Points with several equilibria whose payoffs are all within the tolerance of each
    other: exactly equal payoffs are for the exact solver to say."""
    spread_row = np.nanmax(row, axis=0, initial=-np.inf) - np.nanmin(row, axis=0, initial=np.inf)
    spread_col = np.nanmax(col, axis=0, initial=-np.inf) - np.nanmin(col, axis=0, initial=np.inf)
    several = (~np.isnan(row)).sum(axis=0) > 1
    return several & (spread_row <= tol) & (spread_col <= tol)


def _degenerate(A: np.ndarray, B: np.ndarray, tol: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Points where some strategy on ``k`` pure strategies seems to have ``k + 1`` best
    replies, for either player: there support enumeration may miss equilibria."""
    points = A.shape[0]
    out = np.zeros(points, dtype=bool)
    for own in (np.swapaxes(B, 1, 2), A):
        # own[p, reply, strategy]: the payoff of a reply against each own pure strategy.
        replies, strategies = own.shape[1], own.shape[2]
        for k in range(1, strategies + 1):
            for support in itertools.combinations(range(strategies), k):
                for tied in itertools.combinations(range(replies), k + 1):
                    block = own[:, list(tied)][:, :, list(support)]
                    z, value, singular = _indifference(block[:, :k, :], scale)
                    last = np.einsum("pj,pj->p", block[:, k, :], z) - value
                    near = (np.abs(last) <= tol) & (z >= -tol[:, None]).all(axis=1)
                    rest = [r for r in range(replies) if r not in tied]
                    if rest:
                        others = np.einsum("prj,pj->pr", own[:, rest][:, :, list(support)], z)
                        near &= (others <= (value + tol)[:, None]).all(axis=1)
                    out |= near | singular
    return out
