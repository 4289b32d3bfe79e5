"""Exact enumeration of all extreme Nash equilibria of a two-player bimatrix game.

Every number is a Python ``int`` or :class:`fractions.Fraction`; no float is ever formed, so
the result is exact and does not depend on round-off (floating-point support enumeration
misses equilibria of ordinary 6x6 games, and floating-point vertex enumeration loses
equilibria of degenerate ones).

Method
------
The payoffs are scaled to integers and shifted so that every entry of ``A`` and ``B`` is
positive (neither changes the best responses).  Then, following von Stengel (2007, section
"Equilibria via labeled polytopes") and Avis, Rosenberg, Savani and von Stengel (2010), the
*best-response polytopes* are

.. math::

    P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\ B^\\top x \\le 1\\}, \\qquad
    Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\ y \\ge 0\\}.

A point carries label ``i`` (``0 <= i < m``) when ``x_i = 0`` in ``P`` or ``(A y)_i = 1`` in
``Q``, and label ``m + j`` when ``(B^T x)_j = 1`` in ``P`` or ``y_j = 0`` in ``Q``.  A pair of
non-zero points is a Nash equilibrium (after normalising to probability vectors) exactly when
the two label sets together cover all ``m + n`` labels.  The *extreme* equilibria -- the ones
Gambit's ``enummixed`` lists, whose convex hulls within maximal Nash subsets make up every
equilibrium -- are the completely labelled pairs of *vertices* of ``P`` and ``Q``, with the
label set of a vertex being **all** constraints tight at it (more than the dimension in a
degenerate game).

Vertices are enumerated by exact integer pivoting in a simplex dictionary (integer-preserving
"Bareiss" pivots, as in Avis's ``lrs``) over the *lexicographically feasible* bases: the
lexicographic rule perturbs the right-hand side ``1`` to ``1 + (eps, eps^2, ...)``, which
makes the polytope simple without moving any vertex by more than ``O(eps)``.  The perturbed
polytope is bounded, so its graph is connected (Balinski) and a search from the origin basis
that tries every entering column reaches every perturbed vertex; every vertex of the original
polytope is the limit -- i.e. the unperturbed basic solution -- of some perturbed vertex.
Because a lexicographic pivot has a unique leaving row, a degenerate vertex is visited only
through the few bases that the perturbation splits it into, instead of through all of its
(possibly exponentially many) feasible bases.  This is the same perturbation that ``lrs``
uses for reverse search (Avis 2000); here a plain depth-first search with a visited set
replaces reverse search.

References
----------
.. [1] B. von Stengel, "Equilibrium computation for two-player games in strategic and
   extensive form", ch. 3 of N. Nisan et al. (eds.), *Algorithmic Game Theory*, Cambridge
   University Press, 2007.
.. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash equilibria
   for two-player games", *Economic Theory* 42 (2010), 9-37.
.. [3] D. Avis, "lrs: A revised implementation of the reverse search vertex enumeration
   algorithm", in *Polytopes -- Combinatorics and Computation*, Birkhaeuser, 2000, 177-198.
.. [4] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM Journal on
   Applied Mathematics* 12 (1964), 413-423.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from deterrence import limits
from deterrence.errors import SolverError

__all__ = [
    "BimatrixEquilibria",
    "EnumerationLimit",
    "Matrix",
    "extreme_equilibria",
    "lemke_howson",
    "pure_profiles",
]

Matrix = Sequence[Sequence[Fraction]]
"""A payoff matrix: one row per strategy of player 1, one column per strategy of player 2."""

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


class EnumerationLimit(SolverError, RuntimeError):
    """Raised when vertex enumeration would do more work than ``max_work`` allows (limit
    ``vertex_work``) or its time budget runs out, and no partial answer was asked for."""


@dataclass(frozen=True)
class BimatrixEquilibria:
    """All extreme Nash equilibria of a bimatrix game.

    Attributes
    ----------
    equilibria : tuple of (x, y)
        The extreme equilibria as pairs of probability vectors of exact fractions, ``x`` over
        player 1's strategies (rows) and ``y`` over player 2's (columns), sorted
        lexicographically by ``(x, y)``.
    degenerate : bool
        True if some vertex of ``P`` or ``Q`` has more tight constraints than the dimension,
        i.e. some mixed strategy has more pure best responses than the size of its support.
    vertices : tuple of int
        Number of distinct vertices of ``P`` and of ``Q`` found, the origin included.
    complete : bool
        Whether the enumeration finished. When a limit stopped it, ``equilibria`` holds the
        completely labelled pairs among the vertices found so far and every pure equilibrium
        (each an extreme equilibrium), not necessarily all of them.
    stopped : str or None
        Why the enumeration stopped early, in words naming the limit; None if it finished.
    """

    equilibria: tuple[Profile, ...]
    degenerate: bool
    vertices: tuple[int, int]
    complete: bool = True
    stopped: str | None = None


class _Budget:
    """Work left to vertex enumeration, in dictionary entries read or written, shared by ``P``
    and ``Q``; and the time budget. Counting entries rather than bases makes the bound mean
    the same time for a 4x4 game and a 40x40 one."""

    __slots__ = ("bases", "deadline", "limit", "stopped", "total", "work")

    def __init__(self, total: int, deadline: limits.Deadline | None) -> None:
        self.total = total
        self.limit = total  # the part of it the current search may reach
        self.work = 0
        self.bases = 0
        self.deadline = deadline
        self.stopped: str | None = None

    def spend(self, amount: int) -> bool:
        """Count ``amount`` of work; False once the budget (work or time) is spent."""
        self.work += amount
        if self.work > self.limit:
            self.stopped = (
                f"vertex enumeration stopped after {self.bases:,} bases ({self.total:,} "
                f"dictionary entries of work; {limits.message('vertex_work')})"
            )
            return False
        if self.deadline is not None and self.deadline.expired():
            self.stopped = f"vertex enumeration stopped after {self.bases:,} bases; " + (
                self.deadline.note()
            )
            return False
        return True


# --------------------------------------------------------------------------------------------
# Input handling


def _to_fractions(M: Matrix, name: str) -> list[list[Fraction]]:
    rows = [[Fraction(v) for v in row] for row in M]
    if not rows or not rows[0]:
        raise ValueError(f"{name} must have at least one row and one column")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ValueError(f"{name} must be rectangular")
    return rows


def _positive_integer_matrices(A: Matrix, B: Matrix) -> tuple[list[list[int]], list[list[int]]]:
    """Scale each matrix to integers and shift it so that its smallest entry is 1.

    Multiplying a player's payoffs by a positive constant and adding a constant leaves his
    best responses -- and hence the labels and the equilibria -- unchanged, and positive
    payoffs make ``P`` and ``Q`` bounded with the origin as a vertex.  Integer entries let
    the dictionary use integer-preserving pivots, which are much faster than Fractions.
    """
    Af = _to_fractions(A, "A")
    Bf = _to_fractions(B, "B")
    if len(Af) != len(Bf) or len(Af[0]) != len(Bf[0]):
        raise ValueError("A and B must have the same shape")
    out = []
    for M in (Af, Bf):
        scale = math.lcm(*(v.denominator for row in M for v in row))
        ints = [[int(v * scale) for v in row] for row in M]
        low = min(min(row) for row in ints)
        out.append([[v - low + 1 for v in row] for row in ints])
    return out[0], out[1]


# --------------------------------------------------------------------------------------------
# Integer dictionary


class _Dictionary:
    """A simplex dictionary ``D * B^-1 [M | 1]`` restricted to the non-basic columns, in integers.

    This is the integer "dictionary" of ``lrs`` (Avis 2000).  Variables are numbered by their
    labels ``0 .. m+n-1``.  Row ``i`` belongs to basic variable ``basis[i]``; column ``k`` to
    non-basic variable ``cobasis[k]``; the last column is the right-hand side.  Every entry
    is ``D`` times the corresponding entry of the ordinary (fractional) tableau, where the
    positive integer ``D`` is the absolute value of the basis determinant, so all entries
    stay integers and no gcd is ever taken.  Keeping only the non-basic columns (the basic
    ones are ``D`` times unit vectors) roughly halves the work per pivot.
    """

    __slots__ = ("basis", "cobasis", "col_of", "det", "init_basis", "nvar", "row_of", "rows")

    def __init__(self, rows: list[list[int]], basis: list[int], cobasis: list[int]) -> None:
        self.rows = rows
        self.basis = basis
        self.cobasis = cobasis
        self.det = 1
        self.nvar = len(basis) + len(cobasis)
        # The initial basis (the slacks) has an identity matrix, so the current columns of
        # these variables, in this order, form D * B^-1: the lexicographic tie-break data.
        self.init_basis = tuple(basis)
        self.row_of = [-1] * self.nvar
        self.col_of = [-1] * self.nvar
        for i, v in enumerate(basis):
            self.row_of[v] = i
        for k, v in enumerate(cobasis):
            self.col_of[v] = k

    def lex_min_ratio_row(self, k: int) -> int | None:
        """Leaving row for the variable in column ``k``, by the lexicographic ratio test.

        Minimises the rows ``(rhs, D B^-1) / T[i][k]`` over the rows with ``T[i][k] > 0``
        (von Stengel 2007, section "Degenerate games").  As ``B^-1`` is non-singular no two
        rows tie on all of it, so the leaving row is unique -- which is what makes the method
        finite on degenerate games: it pivots as if the right-hand side were
        ``1 + (eps, eps^2, ...)``.
        Returns None if the column has no positive entry (an unbounded direction).
        """
        rows = self.rows
        cand = [i for i, row in enumerate(rows) if row[k] > 0]
        if len(cand) <= 1:
            return cand[0] if cand else None
        # First the right-hand side (the ordinary minimum-ratio test).  All denominators
        # are positive, so ratios are compared by cross-multiplication.
        cand = self._argmin_ratio(cand, -1, k)
        for s in self.init_basis:
            if len(cand) == 1:
                break
            r = self.row_of[s]
            if r >= 0:
                # s is basic in row r: its column is D e_r, so the ratio is positive in row
                # r and zero elsewhere; row r loses unless it is the only candidate.
                if r in cand:
                    cand.remove(r)
            else:
                cand = self._argmin_ratio(cand, self.col_of[s], k)
        if len(cand) != 1:  # pragma: no cover - B^-1 is non-singular
            raise AssertionError("lexicographic ratio test tied on all columns")
        return cand[0]

    def _argmin_ratio(self, cand: list[int], j: int, k: int) -> list[int]:
        rows = self.rows
        best = cand[0]
        best_num, best_den = rows[best][j], rows[best][k]
        tied = [best]
        for i in cand[1:]:
            num, den = rows[i][j], rows[i][k]
            lhs, rhs = num * best_den, best_num * den
            if lhs < rhs:
                best_num, best_den = num, den
                tied = [i]
            elif lhs == rhs:
                tied.append(i)
        return tied

    def pivot(self, r: int, k: int) -> int:
        """Exchange ``cobasis[k]`` (entering) with ``basis[r]`` (leaving); return the latter.

        Integer-preserving pivot: with ``p = T[r][k] > 0`` and old scale ``D``, every other
        entry becomes ``(p T[i][j] - T[i][k] T[r][j]) / D`` -- an exact division, by Cramer's
        rule -- and the new scale is ``p``.  Column ``k`` then holds the leaving variable:
        ``D`` in row ``r`` and ``-T[i][k]`` elsewhere.  Pivoting again at ``(r, k)`` undoes
        the pivot exactly, since the dictionary is determined by the basis and its order.
        """
        rows = self.rows
        prow = rows[r]
        p = prow[k]
        d = self.det
        for i, row in enumerate(rows):
            if i == r:
                continue
            f = row[k]
            if f == 0:
                if p != d:
                    rows[i] = [v * p // d for v in row]
                continue
            new = [(v * p - f * w) // d for v, w in zip(row, prow, strict=True)]
            new[k] = -f
            rows[i] = new
        prow[k] = d
        entering, leaving = self.cobasis[k], self.basis[r]
        self.basis[r], self.cobasis[k] = entering, leaving
        self.row_of[entering], self.col_of[entering] = r, -1
        self.row_of[leaving], self.col_of[leaving] = -1, k
        self.det = p
        return leaving

    def numerators(self, variables: range) -> list[int]:
        """``D`` times the values of the given variables in the basic solution."""
        rows, row_of = self.rows, self.row_of
        return [rows[row_of[v]][-1] if row_of[v] >= 0 else 0 for v in variables]

    def zero_variables(self) -> int:
        """Bitmask of the variables that are zero in the basic solution (its labels)."""
        mask = (1 << self.nvar) - 1
        for row, v in zip(self.rows, self.basis, strict=True):
            if row[-1] != 0:
                mask &= ~(1 << v)
        return mask

    def basis_mask(self) -> int:
        mask = 0
        for v in self.basis:
            mask |= 1 << v
        return mask


def _dictionary_P(Bi: list[list[int]], m: int, n: int) -> _Dictionary:
    """``B^T x + s = 1``: ``x_i`` is variable (label) ``i``, slack ``s_j`` is ``m + j``."""
    rows = [[Bi[i][j] for i in range(m)] + [1] for j in range(n)]
    return _Dictionary(rows, [m + j for j in range(n)], list(range(m)))


def _dictionary_Q(Ai: list[list[int]], m: int, n: int) -> _Dictionary:
    """``r + A y = 1``: slack ``r_i`` is variable (label) ``i``, ``y_j`` is ``m + j``."""
    rows = [[*Ai[i], 1] for i in range(m)]
    return _Dictionary(rows, list(range(m)), [m + j for j in range(n)])


# --------------------------------------------------------------------------------------------
# Vertex enumeration


@dataclass(frozen=True)
class _Vertex:
    point: tuple[Fraction, ...]  # normalised to sum 1 (empty tuple for the origin)
    labels: int  # bitmask over 0..m+n-1


def _vertices(dic: _Dictionary, own: range, budget: _Budget) -> tuple[list[_Vertex], bool]:
    """All vertices of ``{z >= 0, M z <= 1}`` with their full label sets.

    Depth-first search over the lexicographically feasible bases, starting from the origin
    basis.  At each basis every non-basic variable is tried as the entering one; the
    lexicographic ratio test names the unique neighbouring basis (an edge of the perturbed,
    simple polytope).  Rather than storing a dictionary per basis, the search pivots forward
    and, when backtracking, pivots back at the same position, which restores it exactly.
    ``budget`` counts the work, shared between ``P`` and ``Q``; once it is spent the search
    stops, and what it found so far is returned.

    Returns the distinct vertices and whether one has more tight constraints than ``len(own)``.
    """
    dim = len(own)
    ncols = len(dic.cobasis)
    found: dict[tuple[int, ...], _Vertex] = {}
    degenerate = False

    def record() -> None:
        nonlocal degenerate
        nums = dic.numerators(own)
        g = math.gcd(*nums)
        # The primitive integer vector identifies the vertex (no two vertices of P lie on
        # one ray from the origin) and hashes far faster than a tuple of Fractions.
        key = tuple(v // g for v in nums) if g else tuple(nums)
        if key not in found:
            labels = dic.zero_variables()
            degenerate = degenerate or labels.bit_count() > dim
            total = sum(key)
            point = tuple(Fraction(v, total) for v in key) if total else ()
            found[key] = _Vertex(point, labels)

    nrows = len(dic.rows)
    # A visit: the ratio tests of every column, a pivot forward and one back.
    per_basis = nrows * ncols + 2 * nrows * (ncols + 1)

    visited = {dic.basis_mask()}
    budget.bases += 1
    record()
    # Each frame: [next column to try, row of the pivot that led here (-1 at the root),
    # column of that pivot].
    stack: list[list[int]] = [[0, -1, -1]]
    while stack and budget.spend(per_basis):
        frame = stack[-1]
        k = frame[0]
        moved = False
        if k < ncols:
            mask = dic.basis_mask()
            while k < ncols:
                r = dic.lex_min_ratio_row(k)
                if r is None:  # pragma: no cover - P and Q are bounded
                    raise AssertionError("unbounded direction in a best-response polytope")
                neighbour = mask ^ (1 << dic.basis[r]) ^ (1 << dic.cobasis[k])
                k += 1
                if neighbour in visited:
                    continue
                visited.add(neighbour)
                budget.bases += 1
                frame[0] = k
                dic.pivot(r, k - 1)
                record()
                stack.append([0, r, k - 1])
                moved = True
                break
        if not moved:
            stack.pop()
            if frame[1] >= 0:
                dic.pivot(frame[1], frame[2])
    return list(found.values()), degenerate


def extreme_equilibria(
    A: Matrix,
    B: Matrix,
    *,
    max_work: int | None = None,
    partial: bool = False,
    deadline: limits.Deadline | None = None,
) -> BimatrixEquilibria:
    """Enumerate all extreme Nash equilibria of the bimatrix game ``(A, B)`` exactly.

    Implements the vertex-enumeration method of von Stengel (2007, section "Equilibria via
    labeled polytopes") and Avis et al. (2010): every vertex of each best-response polytope
    is found by exact lexicographic pivoting, and each pair of non-zero vertices whose tight
    constraints together cover all ``m + n`` labels is one extreme equilibrium.  Degenerate
    games are handled by using all tight constraints of a vertex as its labels, so the result
    is the set Gambit's ``enummixed`` reports.

    Parameters
    ----------
    A, B : sequence of sequences of int or Fraction
        Payoffs to player 1 and player 2; rows are player 1's pure strategies, columns player
        2's.  Any values are allowed (zero, negative, all equal); floats are converted exactly
        by :class:`~fractions.Fraction`, but callers should pass exact numbers.
    max_work : int, optional
        Upper bound on the work of the search in ``P`` and ``Q`` together, in entries of the
        simplex dictionaries read or written; default: limit ``vertex_work`` of
        :mod:`deterrence.limits`.
    partial : bool, optional
        What to do when the work or time budget runs out: raise :class:`EnumerationLimit`
        (False, the default), or return what was found with ``complete`` False (True): the
        extreme equilibria among the vertices found, and every pure equilibrium.
    deadline : Deadline, optional
        A time budget (:func:`deterrence.limits.deadline`); none by default.

    Returns
    -------
    BimatrixEquilibria
        The sorted extreme equilibria, the degeneracy flag and the vertex counts.

    Raises
    ------
    EnumerationLimit
        If a budget runs out and ``partial`` is False.
    ValueError
        If the matrices are empty, ragged or of different shapes.

    References
    ----------
    .. [1] B. von Stengel, "Equilibrium computation for two-player games in strategic and
       extensive form", *Algorithmic Game Theory*, ch. 3, 2007.
    .. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
       equilibria for two-player games", *Economic Theory* 42 (2010), 9-37.

    Examples
    --------
    Battle of the sexes: two pure equilibria and one mixed one.

    >>> res = extreme_equilibria([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [tuple(map(str, x + y)) for x, y in res.equilibria]
    [('0', '1', '0', '1'), ('2/3', '1/3', '1/3', '2/3'), ('1', '0', '1', '0')]
    >>> res.degenerate, res.vertices
    (False, (4, 4))
    """
    Ai, Bi = _positive_integer_matrices(A, B)
    m, n = len(Ai), len(Ai[0])
    total = limits.count("vertex_work") if max_work is None else max_work
    # P may use half the work, so that a search stopped there still looks at Q.
    budget = _Budget(total, deadline)
    budget.limit = total // 2
    verts_p, deg_p = _vertices(_dictionary_P(Bi, m, n), range(m), budget)
    budget.limit = total
    verts_q, deg_q = _vertices(_dictionary_Q(Ai, m, n), range(m, m + n), budget)
    if budget.stopped is not None and not partial:
        raise EnumerationLimit(budget.stopped)

    # (x, y) is completely labelled iff y has every label that x lacks.  Index Q's non-zero
    # vertices by label as bitsets (Python ints over vertex numbers), so the partners of x
    # are the AND of the bitsets of x's missing labels: a few word-parallel operations per
    # vertex of P instead of a comparison with every vertex of Q.
    points_q = [v.point for v in verts_q if v.point]
    labels_q = [v.labels for v in verts_q if v.point]
    having = [0] * (m + n)
    for idx, labels in enumerate(labels_q):
        for label in range(m + n):
            if labels >> label & 1:
                having[label] |= 1 << idx
    full = (1 << (m + n)) - 1
    found: list[Profile] = []
    for vp in verts_p:
        if not vp.point:
            continue
        partners = (1 << len(points_q)) - 1
        missing = full & ~vp.labels
        while missing and partners:
            low = missing & -missing
            partners &= having[low.bit_length() - 1]
            missing ^= low
        while partners:
            low = partners & -partners
            found.append((vp.point, points_q[low.bit_length() - 1]))
            partners ^= low
    if budget.stopped is not None:
        # Every pure equilibrium is a pair of vertices, so it belongs in the list; they cost
        # one pass over the matrices to find.
        found = sorted(set(found) | set(pure_profiles(Ai, Bi)))
    found.sort()
    return BimatrixEquilibria(
        equilibria=tuple(found),
        degenerate=deg_p or deg_q,
        vertices=(len(verts_p), len(verts_q)),
        complete=budget.stopped is None,
        stopped=budget.stopped,
    )


def pure_profiles(
    A: Sequence[Sequence[Fraction | int]], B: Sequence[Sequence[Fraction | int]]
) -> list[Profile]:
    """The pure Nash equilibria of ``(A, B)``, as pairs of probability vectors.

    >>> [tuple(map(str, x + y)) for x, y in pure_profiles([[2, 0], [0, 1]], [[1, 0], [0, 2]])]
    [('1', '0', '1', '0'), ('0', '1', '0', '1')]
    """
    m, n = len(A), len(A[0])
    best_rows = [max(A[i][j] for i in range(m)) for j in range(n)]
    best_cols = [max(row) for row in B]
    unit = Fraction(1)
    zero = Fraction(0)
    return [
        (
            tuple(unit if k == i else zero for k in range(m)),
            tuple(unit if k == j else zero for k in range(n)),
        )
        for i in range(m)
        for j in range(n)
        if A[i][j] == best_rows[j] and B[i][j] == best_cols[i]
    ]


# --------------------------------------------------------------------------------------------
# Lemke-Howson


def lemke_howson(A: Matrix, B: Matrix, dropped_label: int = 0) -> Profile:
    """Find one Nash equilibrium by the Lemke-Howson algorithm in exact arithmetic.

    Complementary pivoting in the dictionaries of ``P`` and ``Q`` (von Stengel 2007, section
    "The Lemke-Howson algorithm"): starting from the artificial equilibrium ``(0, 0)``, label
    ``dropped_label`` is dropped by entering its variable, and then the variable that left
    one dictionary has its complement (same label) entered in the other, until the dropped
    label is picked up again.  The minimum-ratio test is lexicographic (von Stengel 2007,
    section "Degenerate games"), which makes the leaving variable unique and so guarantees
    termination on degenerate games.

    Parameters
    ----------
    A, B : sequence of sequences of int or Fraction
        Payoffs to player 1 and player 2 (rows are player 1's strategies).
    dropped_label : int, optional
        The label ``0 <= k < m + n`` to drop: ``k < m`` starts with player 1's strategy
        ``k``, ``k >= m`` with player 2's strategy ``k - m``.

    Returns
    -------
    tuple
        ``(x, y)``, exact mixed strategies of player 1 and player 2 forming an equilibrium.

    References
    ----------
    .. [1] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM J.
       Appl. Math.* 12 (1964), 413-423.
    .. [2] B. von Stengel, "Equilibrium computation for two-player games in strategic and
       extensive form", *Algorithmic Game Theory*, ch. 3, 2007.

    Examples
    --------
    >>> x, y = lemke_howson([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [str(p) for p in x + y]
    ['1/2', '1/2', '1/2', '1/2']
    """
    Ai, Bi = _positive_integer_matrices(A, B)
    m, n = len(Ai), len(Ai[0])
    if not 0 <= dropped_label < m + n:
        raise ValueError(f"dropped_label must be in 0..{m + n - 1}, got {dropped_label}")
    dic_p = _dictionary_P(Bi, m, n)
    dic_q = _dictionary_Q(Ai, m, n)
    # Both dictionaries number their variables by label, so the complement of the variable
    # that leaves one of them is the variable of the same number in the other.
    dic = dic_p if dropped_label < m else dic_q
    entering = dropped_label
    # The path of almost completely labelled pairs of lexicographic bases is finite and never
    # revisits a pair, so this bound (a count of such pairs) is never reached; it only keeps
    # an implementation error from becoming an endless loop.
    for _ in range((m + n + 2) * math.comb(m + n, m) + 16):
        k = dic.col_of[entering]
        row = dic.lex_min_ratio_row(k)
        if row is None:  # pragma: no cover - P and Q are bounded
            raise AssertionError("unbounded ray in Lemke-Howson")
        leaving = dic.pivot(row, k)
        if leaving == dropped_label:
            break
        entering = leaving
        dic = dic_q if dic is dic_p else dic_p
    else:  # pragma: no cover
        raise AssertionError("Lemke-Howson did not terminate")
    x_num = dic_p.numerators(range(m))
    y_num = dic_q.numerators(range(m, m + n))
    sx, sy = sum(x_num), sum(y_num)
    return tuple(Fraction(v, sx) for v in x_num), tuple(Fraction(v, sy) for v in y_num)
