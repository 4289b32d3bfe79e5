"""Perfect Bayesian equilibria of finite games of incomplete information, exactly.

An *assessment* is a behaviour profile (a probability over actions at every information set)
with a belief (a probability over the nodes) at every information set. It is a perfect
Bayesian equilibrium (PBE) when behaviour is sequentially rational at every information set
given the beliefs and the play below it, and beliefs follow from behaviour by Bayes' rule
wherever they can: here, following Fudenberg and Tirole (1991, *Game Theory*, sect. 8.2 and
ch. 11), at every information set reached with positive probability from the root of the
smallest subgame containing it (a weak PBE in every subgame). Beliefs elsewhere are free;
each PBE reports the exact set of them that supports it.

The search is support enumeration on behaviour (as in the support enumeration for Nash
equilibria, e.g. McKelvey and McLennan 1996, Handbook of Computational Economics 1, ch. 2,
sect. 4.3): for each choice of the actions played with positive probability at each
information set, the indifference conditions and Bayes' rule form a polynomial system in the
probabilities and the free beliefs, with the other best-response conditions as inequalities.
Where the system is linear (signalling games always are: the receiver's conditions involve
the sender's probabilities only, the sender's the receiver's only) it is solved by exact
Gaussian elimination and its solution set, a polytope, by exact vertex enumeration, so that a
continuum of equilibria is reported as a family with its vertices; otherwise sympy solves
it. Supports are pruned before solving: an information set whose continuation play is pure
only takes supports that are best replies to some belief.

Every candidate is certified independently by :func:`deterrence.solvers.beliefs.check_assessment`.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import sympy

from deterrence import limits
from deterrence.concepts import resolve
from deterrence.errors import SolverError
from deterrence.game.play import expected_payoffs, outcome_distribution, terminal_distribution
from deterrence.game.reduced_form import plan_labels, player_plans
from deterrence.game.subgames import subgame_roots
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.credibility_check import NO_PROPER_SUBGAME, assess, behaviour_regrets
from deterrence.solvers.records import tree_record
from deterrence.solvers.result import Candidates, Equilibrium
from deterrence.solvers.verify import behaviour_chooser

__all__ = [
    "BeliefSet",
    "Family",
    "PerfectBayesianEquilibrium",
    "affine_solution",
    "linear_maximum",
    "pbe_as_dict",
    "polytope_vertices",
    "signalling_kind",
    "solve_pbe",
]

#: Provisional bound on the support profiles tried (until limit ``pbe_supports`` exists).
PBE_SUPPORTS = 200_000
#: Provisional bound on the free parameters of one family (until limit ``pbe_family_dim``).
PBE_FAMILY_DIM = 6
#: Provisional bound on vertex-enumeration work in one family (until limit ``pbe_vertex_work``).
PBE_VERTEX_WORK = 20_000
#: Provisional bound on the dimensions in which a family's vertices are enumerated (until
#: limit ``pbe_family_vertices_dim``); beyond it a family is given by its conditions.
PBE_FAMILY_VERTICES_DIM = 3


def _limit(name: str, fallback: int) -> int:
    try:
        return limits.count(name)
    except KeyError:
        return fallback


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class BeliefSet:
    """The beliefs at one information set off the path that support an equilibrium.

    Parameters
    ----------
    infoset : str
    nodes : tuple of str
        The information set's nodes, in the order of the coordinates below.
    vertices : tuple of tuple of Fraction
        The vertices of the set, a polytope in the simplex over ``nodes``.
    inequalities : tuple of str
        The set as linear conditions on the beliefs (``mu[node]``), for people.
    everything : bool
        Whether every belief supports the equilibrium.
    interval : tuple of Fraction or None
        For two nodes: the range of the belief in the first node.
    """

    infoset: str
    nodes: tuple[str, ...]
    vertices: tuple[tuple[Fraction, ...], ...]
    inequalities: tuple[str, ...]
    everything: bool
    interval: tuple[Fraction, Fraction] | None = None


@dataclass(frozen=True)
class Family:
    """A continuum of equilibria on one support, of which the record shows one point.

    Parameters
    ----------
    dimension : int
        The number of free behaviour parameters.
    vertices : tuple of behaviour profiles
        The vertices of the family's closure, in behaviour (the closure's boundary may belong
        to other supports, reported as equilibria of their own).
    conditions : tuple of str
        The family as conditions on the behaviour probabilities (``p[infoset:action]``).
    """

    dimension: int
    vertices: tuple[tuple[Mapping[str, Mapping[str, Fraction]], ...], ...]
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class PerfectBayesianEquilibrium(Equilibrium):
    """An :class:`Equilibrium` with what a PBE carries beyond it.

    Parameters
    ----------
    kind : str or None
        For games with chance at the root (types) followed by a first mover's information
        sets: ``pooling``, ``separating``, ``partially pooling`` (pure, neither),
        ``hybrid`` (some types mix) or ``semi-separating`` (every type mixes).
    off_path_beliefs : mapping of str to BeliefSet
        At every information set of several nodes off the path: the beliefs that support it.
    family : Family or None
        None for an isolated equilibrium; else the continuum it belongs to.
    interim_payoffs : mapping of str to tuple of Fraction
        With chance at the root: each player's expected payoff given each branch (type).
    refinements : mapping or None
        Filled by :mod:`deterrence.solvers.refinements` (intuitive criterion, D1, ...).
    """

    kind: str | None = None
    off_path_beliefs: Mapping[str, BeliefSet] = field(default_factory=dict)
    family: Family | None = None
    interim_payoffs: Mapping[str, tuple[Fraction, ...]] = field(default_factory=dict)
    refinements: Mapping[str, object] | None = None


# --------------------------------------------------------------------------- exact algebra


def affine_solution(
    rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction], size: int
) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """Every solution of ``rows @ x == rhs`` as ``x0 + basis^T t``, by exact elimination.

    Returns None when the system is inconsistent.

    >>> x0, basis = affine_solution([[1, 1]], [1], 2)
    >>> x0, basis
    ([Fraction(1, 1), Fraction(0, 1)], [[Fraction(-1, 1), Fraction(1, 1)]])
    >>> affine_solution([[1], [1]], [0, 1], 1) is None
    True
    """
    matrix = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(rows, rhs, strict=True)]
    pivots: list[int] = []
    r = 0
    for c in range(size):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in matrix):
        return None
    x0 = [Fraction(0)] * size
    for i, c in enumerate(pivots):
        x0[c] = matrix[i][-1]
    basis = []
    for free in (c for c in range(size) if c not in pivots):
        vector = [Fraction(0)] * size
        vector[free] = Fraction(1)
        for i, c in enumerate(pivots):
            vector[c] = -matrix[i][free]
        basis.append(vector)
    return x0, basis


def polytope_vertices(
    constraints: Sequence[tuple[Sequence[Fraction], Fraction]], dim: int, work: int | None = None
) -> list[tuple[Fraction, ...]] | None:
    """The vertices of the bounded polytope ``{t : a.t + b >= 0 for every (a, b)}``.

    Brute-force exact vertex enumeration: every choice of ``dim`` constraints held with
    equality whose solution is unique and satisfies the others (fine for the few dimensions
    of a belief simplex or a family of equilibria). Empty when the polytope is; None when
    more than ``work`` choices would be needed.

    >>> square = [([1, 0], 0), ([0, 1], 0), ([-1, 0], 1), ([0, -1], 1)]
    >>> sorted(tuple(map(str, v)) for v in polytope_vertices(square, 2))
    [('0', '0'), ('0', '1'), ('1', '0'), ('1', '1')]
    >>> polytope_vertices([([1], -2), ([-1], 1)], 1)
    []
    """
    rows: list[tuple[tuple[Fraction, ...], Fraction]] = []
    for a, b in constraints:
        a_t = tuple(Fraction(v) for v in a)
        if all(v == 0 for v in a_t):
            if b < 0:
                return []
            continue
        if (a_t, Fraction(b)) not in rows:
            rows.append((a_t, Fraction(b)))
    if dim == 0:
        return [()]
    budget = work if work is not None else _limit("pbe_vertex_work", PBE_VERTEX_WORK)
    found: dict[tuple[Fraction, ...], None] = {}
    tried = 0
    for combo in itertools.combinations(range(len(rows)), dim):
        tried += 1
        if tried > budget:
            return None
        solution = affine_solution([rows[i][0] for i in combo], [-rows[i][1] for i in combo], dim)
        if solution is None or solution[1]:
            continue
        point = tuple(solution[0])
        if all(sum((x * y for x, y in zip(a, point, strict=True)), b) >= 0 for a, b in rows):
            found[point] = None
    return list(found)


def linear_maximum(
    objective: Sequence[Fraction],
    constraints: Sequence[tuple[Sequence[Fraction], Fraction]],
) -> tuple[Fraction, tuple[Fraction, ...]] | None:
    """The maximum of ``objective . t`` over ``{t : a.t + b >= 0}``, with a point attaining it.

    Exact two-phase simplex with Bland's rule (Dantzig 1963, *Linear Programming and
    Extensions*; Bland 1977, Math. Oper. Res. 2:103-107) on free variables split into
    positive and negative parts. None when the set is empty; the set must keep the
    objective bounded (a polytope does).

    >>> linear_maximum([1, 1], [([-1, 0], 1), ([0, -1], 2), ([1, 0], 0), ([0, 1], 0)])
    (Fraction(3, 1), (Fraction(1, 1), Fraction(2, 1)))
    >>> linear_maximum([1], [([1], -2), ([-1], 1)]) is None
    True
    """
    dim = len(objective)
    # Variables: u (dim), v (dim) with t = u - v; a row a.t + b >= 0 is -a.u + a.v <= b.
    rows = [[-Fraction(x) for x in a] + [Fraction(x) for x in a] for a, _ in constraints]
    rhs = [Fraction(b) for _, b in constraints]
    m, n = len(rows), 2 * dim
    # Tableau columns: structural (n), slacks (m), artificials (m); last column rhs.
    width = n + 2 * m
    table: list[list[Fraction]] = []
    basis: list[int] = []
    for i in range(m):
        sign = Fraction(1) if rhs[i] >= 0 else Fraction(-1)
        row = [sign * x for x in rows[i]] + [Fraction(0)] * (2 * m) + [sign * rhs[i]]
        row[n + i] = sign
        if sign > 0:
            basis.append(n + i)
        else:
            row[n + m + i] = Fraction(1)
            basis.append(n + m + i)
        table.append(row)
    artificial = set(range(n + m, width))

    reduced: list[Fraction] = []

    def pivot(r: int, c: int) -> None:
        lead = table[r][c]
        if lead != 1:
            table[r] = [x / lead for x in table[r]]
        pivot_row = table[r]
        nonzero = [j for j, x in enumerate(pivot_row) if x != 0]
        for i in range(m):
            f = table[i][c]
            if i != r and f != 0:
                row = table[i]
                for j in nonzero:
                    row[j] -= f * pivot_row[j]
        f = reduced[c] if reduced else Fraction(0)
        if f != 0:
            for j in nonzero:
                reduced[j] -= f * pivot_row[j]
        basis[r] = c

    def run(cost: Sequence[Fraction], allowed: set[int]) -> bool:
        reduced[:] = [*cost, Fraction(0)]
        for i in range(m):
            c = cost[basis[i]]
            if c != 0:
                for j, x in enumerate(table[i]):
                    if x != 0:
                        reduced[j] -= c * x
        order = sorted(allowed)
        while True:
            entering = next((j for j in order if reduced[j] > 0), None)
            if entering is None:
                return True
            best: tuple[Fraction, int, int] | None = None
            for i in range(m):
                if table[i][entering] > 0:
                    ratio = table[i][-1] / table[i][entering]
                    key = (ratio, basis[i], i)
                    if best is None or key < best:
                        best = key
            if best is None:
                return False
            pivot(best[2], entering)

    structural = set(range(n + m))
    if any(b in artificial for b in basis):
        phase_one = [Fraction(0)] * (n + m) + [Fraction(-1)] * m
        run(phase_one, structural | artificial)
        if any(b in artificial and table[i][-1] != 0 for i, b in enumerate(basis)):
            return None
        for i, b in enumerate(basis):
            if b in artificial:
                c = next((j for j in sorted(structural) if table[i][j] != 0), None)
                if c is not None:
                    pivot(i, c)
    for i in range(m):
        for j in artificial:
            if basis[i] != j:
                table[i][j] = Fraction(0)
    cost = [Fraction(x) for x in objective] + [-Fraction(x) for x in objective]
    cost += [Fraction(0)] * (2 * m)
    if not run(cost, structural):
        raise SolverError("unbounded linear programme (a bug: feasible sets are polytopes)")
    z = [Fraction(0)] * width
    for i, b in enumerate(basis):
        z[b] = table[i][-1]
    point = tuple(z[j] - z[dim + j] for j in range(dim))
    value = sum((Fraction(c) * t for c, t in zip(objective, point, strict=True)), Fraction(0))
    return value, point


def _centroid(points: Sequence[Sequence[Fraction]]) -> tuple[Fraction, ...]:
    return tuple(sum(column, Fraction(0)) / len(points) for column in zip(*points, strict=True))


# --------------------------------------------------------------------------- polynomials
# A polynomial in the unknowns: monomial (sorted tuple of variable indices) -> coefficient.
Poly = dict[tuple[int, ...], Fraction]


def _const(value: Fraction) -> Poly:
    return {(): Fraction(value)} if value != 0 else {}


def _var(index: int) -> Poly:
    return {(index,): Fraction(1)}


def _add(left: Poly, right: Poly, scale: Fraction = Fraction(1)) -> Poly:
    out = dict(left)
    for mono, c in right.items():
        v = out.get(mono, Fraction(0)) + scale * c
        if v == 0:
            out.pop(mono, None)
        else:
            out[mono] = v
    return out


def _mul(left: Poly, right: Poly) -> Poly:
    out: Poly = {}
    for m1, c1 in left.items():
        for m2, c2 in right.items():
            mono = tuple(sorted(m1 + m2))
            v = out.get(mono, Fraction(0)) + c1 * c2
            if v == 0:
                out.pop(mono, None)
            else:
                out[mono] = v
    return out


def _degree(poly: Poly) -> int:
    return max((len(m) for m in poly), default=0)


def _evaluate(poly: Poly, point: Sequence[Fraction]) -> Fraction:
    total = Fraction(0)
    for mono, c in poly.items():
        term = c
        for v in mono:
            term *= point[v]
        total += term
    return total


def _linear_row(poly: Poly, size: int) -> tuple[list[Fraction], Fraction]:
    row = [Fraction(0)] * size
    for mono, c in poly.items():
        if mono:
            row[mono[0]] += c
    return row, poly.get((), Fraction(0))


def _to_sympy(poly: Poly, symbols: Sequence[sympy.Symbol]) -> sympy.Expr:
    return sympy.Add(
        *[
            sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[symbols[v] for v in mono])
            for mono, c in poly.items()
        ]
    )


# --------------------------------------------------------------------------- the game's shape


@dataclass(frozen=True)
class _Shape:
    """What the search needs to know about a numeric tree, computed once."""

    game: ExtensiveGame
    labels: tuple[str, ...]
    bayes_root: Mapping[str, int]
    below: Mapping[str, frozenset[str]]
    terminal_only: frozenset[str]
    steps: Mapping[int, tuple[tuple[str | None, int], ...]]


def _shape(game: ExtensiveGame) -> _Shape:
    labels = tuple(game.infosets)
    roots = subgame_roots(game)
    ancestors: dict[int, set[int]] = {game.root: set()}
    for index in game.preorder:
        for child in game.nodes[index].children:
            ancestors[child] = ancestors[index] | {index}
    bayes_root = {}
    for label, h in game.infosets.items():
        first = h.members[0]
        bayes_root[label] = next(
            (r for r in roots if r in ancestors[first] or r == first), game.root
        )
    below: dict[str, frozenset[str]] = {}
    for label, h in game.infosets.items():
        inside: set[str] = set()
        stack = [c for m in h.members for c in game.nodes[m].children]
        while stack:
            node = game.nodes[stack.pop()]
            if node.kind == "decision":
                assert node.infoset is not None
                inside.add(node.infoset)
            stack.extend(node.children)
        below[label] = frozenset(inside)
    terminal_only = frozenset(
        label
        for label, h in game.infosets.items()
        if all(game.nodes[c].kind == "terminal" for m in h.members for c in game.nodes[m].children)
    )
    # For each member of an information set, the moves from its Bayes root down to it:
    # (infoset, action) at decision nodes, (None, 0) for a chance branch of probability zero.
    steps: dict[int, tuple[tuple[str | None, int], ...]] = {}
    for label in labels:
        root = bayes_root[label]
        for m in game.infosets[label].members:
            path: list[tuple[str | None, int]] = []
            index = m
            while index != root:
                parent = game.parents[index]
                assert parent is not None
                node = game.nodes[parent]
                a = node.children.index(index)
                if node.kind == "decision":
                    path.append((node.infoset, a))
                elif Fraction(node.probs[a]) == 0:
                    path.append((None, 0))
                index = parent
            steps[m] = tuple(path)
    return _Shape(game, labels, bayes_root, below, terminal_only, steps)


def _check_perfect_recall(game: ExtensiveGame) -> None:
    """Raise unless every node of an information set has the same history of its owner's own
    information sets and actions (perfect recall, which sequential rationality node by node
    presumes; Kuhn 1953)."""
    history: dict[int, tuple[tuple[str, int], ...]] = {game.root: ()}
    for index in game.preorder:
        node = game.nodes[index]
        for a, child in enumerate(node.children):
            step = ((node.infoset or "", a, node.player),) if node.kind == "decision" else ()
            history[child] = history[index] + step  # type: ignore[operator]
    for label, h in game.infosets.items():
        own = {tuple((s, a) for s, a, p in history[m] if p == h.player) for m in h.members}  # type: ignore[misc]
        if len(own) > 1:
            raise NotImplementedError(
                f"information set {label} breaks perfect recall; the PBE solver needs "
                "perfect recall"
            )


# --------------------------------------------------------------------------- support pruning


def _best_for_some_belief(values: Sequence[Sequence[Fraction]], support: Sequence[int]) -> bool:
    """Whether the actions ``support`` are all best, and tied, for some belief.

    ``values[x][a]``: the mover's payoff at node ``x`` of action ``a``.
    """
    n = len(values)
    actions = len(values[0])
    a0 = support[0]

    # Coordinates: beliefs of nodes 1..n-1 (node 0 gets the rest).
    def row(a: int, b: int) -> tuple[list[Fraction], Fraction]:
        diff = [values[x][a] - values[x][b] for x in range(n)]
        return [d - diff[0] for d in diff[1:]], diff[0]

    constraints: list[tuple[Sequence[Fraction], Fraction]] = []
    for a in support[1:]:
        coeffs, const = row(a0, a)
        constraints += [(coeffs, const), ([-c for c in coeffs], -const)]
    for b in range(actions):
        if b not in support:
            constraints.append(row(a0, b))
    dim = n - 1
    for x in range(dim):
        constraints.append(([Fraction(int(y == x)) for y in range(dim)], Fraction(0)))
    constraints.append(([Fraction(-1)] * dim, Fraction(1)))
    found = polytope_vertices(constraints, dim)
    return found is None or bool(found)


def _pure_values(shape: _Shape, label: str, pure: Mapping[str, int]) -> list[list[Fraction]] | None:
    """The mover's payoff at each node of ``label`` of each action, when every information set
    below is played purely by ``pure`` (None if some is not)."""
    game = shape.game
    h = game.infosets[label]

    def value(index: int) -> Fraction | None:
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            return Fraction(node.payoff.total[h.player])
        if node.kind == "chance":
            total = Fraction(0)
            for p, c in zip(node.probs, node.children, strict=True):
                v = value(c)
                if v is None:
                    return None
                total += Fraction(p) * v
            return total
        assert node.infoset is not None
        if node.infoset not in pure:
            return None
        return value(node.children[pure[node.infoset]])

    out = []
    for m in h.members:
        row = []
        for c in game.nodes[m].children:
            v = value(c)
            if v is None:
                return None
            row.append(v)
        out.append(row)
    return out


def _interval_admissible(
    shape: _Shape, label: str, support: tuple[int, ...], chosen: Mapping[str, tuple[int, ...]]
) -> bool:
    """A necessary condition at a one-node information set whose play below mixes: each
    action in the support can reach, at best, what every other action gets at worst (the
    continuation values lie between the least and the greatest over the supports below)."""
    game = shape.game
    h = game.infosets[label]
    if len(h.members) != 1:
        return True

    def bounds(index: int) -> tuple[Fraction, Fraction]:
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            v = Fraction(node.payoff.total[h.player])
            return v, v
        if node.kind == "chance":
            lo = hi = Fraction(0)
            for p, c in zip(node.probs, node.children, strict=True):
                a, b = bounds(c)
                lo += Fraction(p) * a
                hi += Fraction(p) * b
            return lo, hi
        pairs = [bounds(node.children[a]) for a in chosen[node.infoset or ""]]
        return min(a for a, _ in pairs), max(b for _, b in pairs)

    ranges = [bounds(c) for c in game.nodes[h.members[0]].children]
    floor = max(lo for lo, _ in ranges)
    return all(ranges[a][1] >= floor for a in support) and all(
        ranges[b][0] <= min(ranges[a][1] for a in support)
        for b in range(len(ranges))
        if b not in support
    )


def _supports(shape: _Shape) -> Iterable[dict[str, tuple[int, ...]]]:
    """Support profiles, deepest information sets first, pruned where play below is pure."""
    game = shape.game
    # Information sets below another come first, so that its pruning sees their supports.
    order = sorted(shape.labels, key=lambda label: len(shape.below[label]))
    options = {
        label: [
            s
            for k in range(1, len(game.infosets[label].actions) + 1)
            for s in itertools.combinations(range(len(game.infosets[label].actions)), k)
        ]
        for label in shape.labels
    }
    cache: dict[tuple[str, tuple[tuple[str, int], ...], tuple[int, ...]], bool] = {}

    def admissible(
        label: str, support: tuple[int, ...], chosen: Mapping[str, tuple[int, ...]]
    ) -> bool:
        below = shape.below[label]
        if any(b not in chosen for b in below):
            return True
        if any(len(chosen[b]) > 1 for b in below):
            return _interval_admissible(shape, label, support, chosen)
        pure = {b: chosen[b][0] for b in below}
        key = (label, tuple(sorted(pure.items())), support)
        if key not in cache:
            values = _pure_values(shape, label, pure)
            cache[key] = values is None or _best_for_some_belief(values, support)
        return cache[key]

    reached_cache: dict[
        tuple[str, tuple[int, ...], tuple[tuple[str, int], ...], tuple[int, ...]], bool
    ] = {}

    def consistent(chosen: Mapping[str, tuple[int, ...]]) -> bool:
        """On the path, a support must be best for a belief on the nodes reached alone."""
        for label in shape.labels:
            below = shape.below[label]
            if any(len(chosen[b]) > 1 for b in below):
                continue
            members = game.infosets[label].members
            reached = tuple(
                x
                for x, m in enumerate(members)
                if all(h is not None and a in chosen[h] for h, a in shape.steps[m])
            )
            if not reached or len(reached) == len(members):
                continue
            pure = tuple(sorted((b, chosen[b][0]) for b in below))
            key = (label, reached, pure, chosen[label])
            if key not in reached_cache:
                values = _pure_values(shape, label, dict(pure))
                reached_cache[key] = values is None or _best_for_some_belief(
                    [values[x] for x in reached], chosen[label]
                )
            if not reached_cache[key]:
                return False
        return True

    def extend(i: int, chosen: dict[str, tuple[int, ...]]) -> Iterable[dict[str, tuple[int, ...]]]:
        if i == len(order):
            if consistent(chosen):
                yield dict(chosen)
            return
        label = order[i]
        for support in options[label]:
            if admissible(label, support, chosen):
                chosen[label] = support
                yield from extend(i + 1, chosen)
                del chosen[label]

    yield from extend(0, {})


# --------------------------------------------------------------------------- one support


@dataclass
class _System:
    """The equilibrium conditions on one support profile, as polynomials in the unknowns."""

    names: list[str]
    equalities: list[Poly]
    inequalities: list[tuple[Poly, bool]]  # (g, strict): g >= 0, or g > 0
    behaviour: dict[str, list[Poly]]
    off_path: dict[str, list[int]]  # infoset -> belief variables of its nodes
    reach: dict[int, dict[int, Poly]]  # bayes root -> node -> reach polynomial


def _system(shape: _Shape, support: Mapping[str, tuple[int, ...]]) -> _System:
    game = shape.game
    names: list[str] = []
    equalities: list[Poly] = []
    inequalities: list[tuple[Poly, bool]] = []
    behaviour: dict[str, list[Poly]] = {}
    for label in shape.labels:
        actions = game.infosets[label].actions
        chosen = support[label]
        if len(chosen) == 1:
            behaviour[label] = [_const(Fraction(int(a == chosen[0]))) for a in range(len(actions))]
            continue
        probs: list[Poly] = []
        for a in range(len(actions)):
            if a in chosen:
                names.append(f"p[{label}:{actions[a]}]")
                probs.append(_var(len(names) - 1))
                inequalities.append((probs[-1], True))
            else:
                probs.append({})
        total: Poly = _const(Fraction(-1))
        for p in probs:
            total = _add(total, p)
        equalities.append(total)
        behaviour[label] = probs

    players = len(game.players)
    value: dict[int, list[Poly]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = [_const(Fraction(v)) for v in node.payoff.total]
            continue
        weights = (
            [_const(Fraction(p)) for p in node.probs]
            if node.kind == "chance"
            else behaviour[node.infoset or ""]
        )
        acc: list[Poly] = [{} for _ in range(players)]
        for w, c in zip(weights, node.children, strict=True):
            if w:
                acc = [_add(acc[i], _mul(w, value[c][i])) for i in range(players)]
        value[index] = acc

    reach: dict[int, dict[int, Poly]] = {}
    for r in set(shape.bayes_root.values()):
        probs_from: dict[int, Poly] = {r: _const(Fraction(1))}
        for index in game.preorder[game.preorder.index(r) :]:
            if index not in probs_from:
                continue
            node = game.nodes[index]
            if node.kind == "terminal":
                continue
            weights = (
                [_const(Fraction(p)) for p in node.probs]
                if node.kind == "chance"
                else behaviour[node.infoset or ""]
            )
            for w, c in zip(weights, node.children, strict=True):
                probs_from[c] = _mul(probs_from[index], w)
        reach[r] = probs_from

    off_path: dict[str, list[int]] = {}
    for label in shape.labels:
        h = game.infosets[label]
        from_root = reach[shape.bayes_root[label]]
        weights = [from_root.get(m, {}) for m in h.members]
        if not any(weights):
            if len(h.members) == 1:
                weights = [_const(Fraction(1))]
            else:
                indices = []
                for m in h.members:
                    names.append(f"mu[{label}:{game.nodes[m].label}]")
                    indices.append(len(names) - 1)
                    inequalities.append((_var(indices[-1]), False))
                off_path[label] = indices
                weights = [_var(i) for i in indices]
                total = _const(Fraction(-1))
                for w in weights:
                    total = _add(total, w)
                equalities.append(total)
        chosen = support[label]

        def payoff_of(a: int, h=h, weights=weights) -> Poly:
            acc: Poly = {}
            for w, m in zip(weights, h.members, strict=True):
                acc = _add(acc, _mul(w, value[game.nodes[m].children[a]][h.player]))
            return acc

        base = payoff_of(chosen[0])
        for a in chosen[1:]:
            equalities.append(_add(payoff_of(a), base, Fraction(-1)))
        for b in range(len(h.actions)):
            if b not in chosen:
                inequalities.append((_add(base, payoff_of(b), Fraction(-1)), False))
    return _System(names, equalities, inequalities, behaviour, off_path, reach)


@dataclass
class _Solution:
    """One support's solution set: a point (or a polytope) of values of the unknowns."""

    point: list[Fraction]
    vertices: list[list[Fraction]]
    conditions: list[str]
    varies: bool = False


def _solve_system(system: _System, notes: set[str]) -> list[_Solution]:
    size = len(system.names)
    # Conditions without unknowns decide at once (most supports die here).
    for g, strict in system.inequalities:
        if _degree(g) == 0:
            v = g.get((), Fraction(0))
            if v < 0 or (strict and v == 0):
                return []
    for e in system.equalities:
        if _degree(e) == 0 and e:
            return []
    if all(_degree(e) <= 1 for e in system.equalities):
        rows = [_linear_row(e, size) for e in system.equalities]
        solved = affine_solution([r for r, _ in rows], [-c for _, c in rows], size)
        if solved is None:
            return []
        x0, basis = solved
        return _polytope_solution(system, x0, basis, notes)
    return _solve_nonlinear(system, notes)


def _substitute(
    poly: Poly, x0: Sequence[Fraction], basis: Sequence[Sequence[Fraction]]
) -> Poly | None:
    """``poly`` at ``x0 + basis^T t`` as a polynomial in ``t`` (None if not linear in ``t``)."""
    images: list[Poly] = []
    for v in range(len(x0)):
        image = _const(x0[v])
        for j, vector in enumerate(basis):
            if vector[v] != 0:
                image = _add(image, _var(j), vector[v])
        images.append(image)
    out: Poly = {}
    for mono, c in poly.items():
        term = _const(c)
        for v in mono:
            term = _mul(term, images[v])
        out = _add(out, term)
    return out


def _polytope_solution(
    system: _System, x0: list[Fraction], basis: list[list[Fraction]], notes: set[str]
) -> list[_Solution]:
    dim = len(basis)
    if dim > _limit("pbe_family_dim", PBE_FAMILY_DIM):
        notes.add(
            f"a support with a {dim}-dimensional set of solutions was not explored "
            "(provisional limit `pbe_family_dim`)"
        )
        raise _Incomplete
    constraints: list[tuple[list[Fraction], Fraction]] = []
    stricts: list[tuple[list[Fraction], Fraction]] = []
    for g, strict in system.inequalities:
        image = _substitute(g, x0, basis)
        assert image is not None
        if _degree(image) > 1:
            return _univariate_or_give_up(system, x0, basis, notes)
        row, const = _linear_row(image, dim)
        constraints.append((row, const))
        if strict:
            stricts.append((row, const))
    for e in system.equalities:
        image = _substitute(e, x0, basis)
        assert image is not None
        if image:
            return _univariate_or_give_up(system, x0, basis, notes)
    # Largest common slack of the strict conditions: positive exactly when the support has a
    # solution; the point found is the representative.
    slack = [([*row, Fraction(0)], const) for row, const in constraints]
    slack += [([*row, Fraction(-1)], const) for row, const in stricts]
    slack += [([Fraction(0)] * dim + [Fraction(-1)], Fraction(1))]
    best = linear_maximum([Fraction(0)] * dim + [Fraction(1)], slack)
    if best is None or best[0] <= 0:
        return []
    centre = best[1][:dim]

    def at(t: Sequence[Fraction]) -> list[Fraction]:
        return [
            x0[v] + sum((basis[j][v] * t[j] for j in range(dim)), Fraction(0))
            for v in range(len(x0))
        ]

    varies, vertices = _family_vertices(system, basis, constraints, centre, at)
    return [_Solution(at(centre), vertices, [], varies)]


def _family_vertices(
    system: _System,
    basis: Sequence[Sequence[Fraction]],
    constraints: Sequence[tuple[Sequence[Fraction], Fraction]],
    centre: Sequence[Fraction],
    at: Callable[[Sequence[Fraction]], list[Fraction]],
) -> tuple[bool, list[list[Fraction]]]:
    """Whether behaviour varies over a support's solution set, and the vertices of the
    closure of its slice through the representative point along the directions that move
    behaviour (only the point itself when behaviour does not vary: beliefs alone may)."""
    dim = len(basis)
    behaviour = [v for v, name in enumerate(system.names) if name.startswith("p[")]
    moving = [j for j in range(dim) if any(basis[j][v] != 0 for v in behaviour)]
    if not moving:
        return False, [at(centre)]
    varies = False
    for v in behaviour:
        objective = [basis[j][v] for j in range(dim)]
        if not any(objective):
            continue
        high = linear_maximum(objective, constraints)
        low = linear_maximum([-c for c in objective], constraints)
        assert high is not None and low is not None
        if high[0] != -low[0]:
            varies = True
            break
    if not varies:
        return False, [at(centre)]
    # Directions that move behaviour, with the others held at the representative point.
    fixed = [j for j in range(dim) if j not in moving]
    reduced = []
    for row, const in constraints:
        shift = sum((row[j] * centre[j] for j in fixed), const)
        reduced.append(([row[j] for j in moving], shift))
    # Brute-force vertex enumeration is for the few dimensions of a typical family; past
    # them the family is reported by its exact conditions and the point alone.
    found = (
        polytope_vertices(reduced, len(moving))
        if len(moving) <= _limit("pbe_family_vertices_dim", PBE_FAMILY_VERTICES_DIM)
        else None
    )
    if not found:
        return True, [at(centre)]
    out = []
    for vertex in found:
        t = list(centre)
        for j, value in zip(moving, vertex, strict=True):
            t[j] = value
        out.append(at(t))
    return True, out


class _Incomplete(Exception):
    """A support whose solution set this solver does not enumerate exactly."""


def _univariate_or_give_up(
    system: _System, x0: list[Fraction], basis: list[list[Fraction]], notes: set[str]
) -> list[_Solution]:
    """Linear equalities whose solutions meet nonlinear inequalities: exact along one free
    direction (a segment cut into intervals), not enumerated beyond."""
    if len(basis) == 1:
        symbols = sympy.symbols(f"x0:{len(system.names)}", real=True)
        t = sympy.Symbol("t", real=True)
        values = [
            sympy.Rational(x0[v].numerator, x0[v].denominator)
            + sympy.Rational(basis[0][v].numerator, basis[0][v].denominator) * t
            for v in range(len(x0))
        ]
        return _curve(system, symbols, values, t, notes)
    notes.add(
        "a support whose solution set is not a polytope (a nonlinear family) was not "
        "enumerated; equilibria may be missing"
    )
    raise _Incomplete


def _solve_nonlinear(system: _System, notes: set[str]) -> list[_Solution]:
    symbols = sympy.symbols(f"x0:{len(system.names)}", real=True)
    equations = [_to_sympy(e, symbols) for e in system.equalities]
    try:
        solutions = sympy.solve(equations, symbols, dict=True)
    except NotImplementedError:
        notes.add("sympy could not solve a polynomial system; equilibria may be missing")
        raise _Incomplete from None
    out: list[_Solution] = []
    for solution in solutions:
        values = [sympy.simplify(solution.get(s, s)) for s in symbols]
        free = sorted(set().union(*(v.free_symbols for v in values)), key=str)
        if free:
            out.extend(_nonlinear_family(system, symbols, values, free, notes))
            continue
        if not all(v.is_rational for v in values):
            if all(v.is_real for v in values):
                point_ok = _holds(system, symbols, values)
                if point_ok:
                    notes.add(
                        "an equilibrium with irrational probabilities exists and is not "
                        "reported (records are exact rationals)"
                    )
                    raise _Incomplete
            continue
        point = [Fraction(int(v.p), int(v.q)) for v in values]
        if _holds_exact(system, point):
            out.append(_Solution(point, [point], []))
    return out


def _holds(system: _System, symbols: Sequence[sympy.Symbol], values: Sequence[sympy.Expr]) -> bool:
    subs = dict(zip(symbols, values, strict=True))
    for g, strict in system.inequalities:
        v = sympy.nsimplify(_to_sympy(g, symbols).subs(subs))
        if v.is_negative or (strict and v.is_zero):
            return False
    return True


def _holds_exact(system: _System, point: Sequence[Fraction]) -> bool:
    if any(_evaluate(e, point) != 0 for e in system.equalities):
        return False
    for g, strict in system.inequalities:
        v = _evaluate(g, point)
        if v < 0 or (strict and v == 0):
            return False
    return True


def _nonlinear_family(
    system: _System,
    symbols: Sequence[sympy.Symbol],
    values: Sequence[sympy.Expr],
    free: Sequence[sympy.Symbol],
    notes: set[str],
) -> list[_Solution]:
    """A sympy solution with free unknowns: exact when it is affine in them, or when one
    unknown is free (a curve, cut by its inequalities into intervals)."""
    if all(
        expr.is_polynomial(*free) and sympy.Poly(expr, *free).total_degree() <= 1 for expr in values
    ):
        x0 = []
        basis = [[Fraction(0)] * len(values) for _ in free]
        for v, expr in enumerate(values):
            poly = sympy.Poly(expr, *free)
            x0.append(Fraction(str(poly.coeff_monomial(1))))
            for j, s in enumerate(free):
                basis[j][v] = Fraction(str(poly.coeff_monomial(s)))
        return _polytope_solution(system, x0, basis, notes)
    if len(free) == 1:
        return _curve(system, symbols, values, free[0], notes)
    notes.add("a nonlinear family of solutions was not enumerated; equilibria may be missing")
    raise _Incomplete


def _curve(
    system: _System,
    symbols: Sequence[sympy.Symbol],
    values: Sequence[sympy.Expr],
    s: sympy.Symbol,
    notes: set[str],
) -> list[_Solution]:
    """A one-parameter family: the parameter's values where every condition holds, exactly."""
    subs = dict(zip(symbols, values, strict=True))
    region: sympy.Set = sympy.Reals
    for expr in values:
        denominator = sympy.fraction(sympy.together(expr))[1]
        if denominator.has(s):
            region = region - sympy.solveset(denominator, s, sympy.Reals)
    conditions = []
    for g, strict in system.inequalities:
        expr = sympy.together(_to_sympy(g, symbols).subs(subs))
        relation = expr > 0 if strict else expr >= 0
        try:
            region = region & sympy.solveset(relation, s, sympy.Reals)
        except (NotImplementedError, ValueError):
            notes.add(
                "a nonlinear family of solutions was not enumerated; equilibria may be missing"
            )
            raise _Incomplete from None
    for e in system.equalities:
        expr = sympy.simplify(_to_sympy(e, symbols).subs(subs))
        if expr != 0:
            region = region & sympy.solveset(expr, s, sympy.Reals)
    region = sympy.simplify(region) if not isinstance(region, sympy.Interval) else region
    if region.is_empty:
        return []
    pieces = list(region.args) if isinstance(region, sympy.Union) else [region]
    out: list[_Solution] = []
    for piece in pieces:
        if isinstance(piece, sympy.FiniteSet):
            points = list(piece)
        elif isinstance(piece, sympy.Interval):
            points = [_rational_inside(piece)]
        else:
            notes.add(
                "a nonlinear family of solutions was not enumerated; equilibria may be missing"
            )
            raise _Incomplete
        for at in points:
            if at is None or not at.is_rational:
                notes.add(
                    "an equilibrium with irrational probabilities exists and is not "
                    "reported (records are exact rationals)"
                )
                raise _Incomplete
            point = [_fraction(sympy.nsimplify(v.subs(s, at))) for v in values]
            if not _holds_exact(system, point):
                continue
            ends = []
            if isinstance(piece, sympy.Interval):
                for end in (piece.start, piece.end):
                    with contextlib.suppress(TypeError, ValueError, ZeroDivisionError):
                        ends.append([_fraction(sympy.nsimplify(v.subs(s, end))) for v in values])
            conditions.append(f"{s} in {piece}")
            varies = not isinstance(piece, sympy.FiniteSet) and piece.start != piece.end
            out.append(_Solution(point, [point, *ends], list(conditions), varies))
    return out


def _fraction(value: sympy.Expr) -> Fraction:
    if not value.is_rational:
        raise ValueError("not rational")
    return Fraction(int(value.p), int(value.q))


def _rational_inside(piece: sympy.Interval) -> sympy.Rational | None:
    """A rational number inside an interval with at least two points."""
    lo, hi = piece.start, piece.end
    if lo == hi:
        return lo if lo.is_rational else None
    if lo.is_infinite or hi.is_infinite:
        return None
    for denominator in (2, 3, 4, 5, 7, 10, 100, 1000, 10**6):
        guess = sympy.Rational(round(float((lo + hi) / 2) * denominator), denominator)
        if piece.contains(guess) is sympy.true:
            return guess
    return None


# --------------------------------------------------------------------------- records


def _behaviour_at(
    shape: _Shape, system: _System, point: Sequence[Fraction]
) -> dict[str, list[Fraction]]:
    return {label: [_evaluate(p, point) for p in system.behaviour[label]] for label in shape.labels}


def _reach_numeric(
    game: ExtensiveGame, behaviour: Mapping[str, Sequence[Fraction]], root: int
) -> dict[int, Fraction]:
    reach = {root: Fraction(1)}
    for index in game.preorder[game.preorder.index(root) :]:
        if index not in reach:
            continue
        node = game.nodes[index]
        weights = node.probs if node.kind == "chance" else behaviour.get(node.infoset or "", ())
        for w, c in zip(weights, node.children, strict=False):
            reach[c] = reach[index] * Fraction(w)
    return reach


def _values_numeric(
    game: ExtensiveGame, behaviour: Mapping[str, Sequence[Fraction]]
) -> dict[int, list[Fraction]]:
    value: dict[int, list[Fraction]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = [Fraction(v) for v in node.payoff.total]
            continue
        weights = node.probs if node.kind == "chance" else behaviour[node.infoset or ""]
        value[index] = [
            sum(
                (Fraction(w) * value[c][i] for w, c in zip(weights, node.children, strict=True)),
                Fraction(0),
            )
            for i in range(len(game.players))
        ]
    return value


def _belief_set(
    game: ExtensiveGame,
    label: str,
    behaviour: Mapping[str, Sequence[Fraction]],
    value: Mapping[int, Sequence[Fraction]],
) -> BeliefSet:
    """The beliefs at an off-path set that make its behaviour sequentially rational."""
    h = game.infosets[label]
    payoff = [[value[c][h.player] for c in game.nodes[m].children] for m in h.members]
    support = [a for a, p in enumerate(behaviour[label]) if p > 0]
    n = len(h.members)
    a0 = support[0]
    constraints: list[tuple[list[Fraction], Fraction]] = []
    texts: list[str] = []
    names = [f"mu[{game.nodes[m].label}]" for m in h.members]

    def diff(a: int, b: int) -> list[Fraction]:
        return [payoff[x][a] - payoff[x][b] for x in range(n)]

    def in_coordinates(d: list[Fraction]) -> tuple[list[Fraction], Fraction]:
        return [v - d[0] for v in d[1:]], d[0]

    def text(d: list[Fraction], relation: str) -> str:
        terms = " + ".join(f"{c}*{name}" for c, name in zip(d, names, strict=True) if c != 0)
        return f"{terms or '0'} {relation} 0"

    for a in support[1:]:
        d = diff(a0, a)
        row, const = in_coordinates(d)
        constraints += [(row, const), ([-v for v in row], -const)]
        if any(d):
            texts.append(text(d, "=="))
    everything = True
    for b in range(len(h.actions)):
        if b in support:
            continue
        d = diff(a0, b)
        constraints.append(in_coordinates(d))
        if any(v < 0 for v in d):
            texts.append(text(d, ">="))
    if any(any(diff(a0, a)) for a in support[1:]) or any(
        any(v < 0 for v in diff(a0, b)) for b in range(len(h.actions)) if b not in support
    ):
        everything = False
    dim = n - 1
    for x in range(dim):
        constraints.append(([Fraction(int(y == x)) for y in range(dim)], Fraction(0)))
    constraints.append(([Fraction(-1)] * dim, Fraction(1)))
    found = polytope_vertices(constraints, dim) or []
    vertices = tuple(sorted((1 - sum(v, Fraction(0)), *v) for v in found))
    interval = None
    if n == 2 and vertices:
        firsts = [v[0] for v in vertices]
        interval = (min(firsts), max(firsts))
    return BeliefSet(
        label,
        tuple(game.nodes[m].label for m in h.members),
        vertices,
        tuple(texts),
        everything,
        interval,
    )


def signalling_kind(
    game: ExtensiveGame, behaviour: Sequence[Mapping[str, Mapping[str, Fraction]]]
) -> str | None:
    """How the first mover's types (its information sets just below a chance root) choose.

    ``pooling`` (one message for all), ``separating`` (a different message for each type),
    ``partially pooling`` (pure, neither), ``hybrid`` (some types mix, some do not),
    ``semi-separating`` (every type mixes, not all alike); None without chance at the root.

    >>> import deterrence as dt
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> quiche = {"beer": 0, "quiche": 1}
    >>> signalling_kind(game, ({"weak": quiche, "strong": quiche}, {}))
    'pooling'
    >>> signalling_kind(game, ({"weak": quiche, "strong": {"beer": 1, "quiche": 0}}, {}))
    'separating'
    """
    root = game.nodes[game.root]
    if root.kind != "chance":
        return None
    types: list[str] = []
    for c in root.children:
        node = game.nodes[c]
        if node.kind != "decision" or node.infoset in types:
            continue
        assert node.infoset is not None
        types.append(node.infoset)
    if len(types) < 2 or len({game.infosets[t].player for t in types}) != 1:
        return None
    player = game.infosets[types[0]].player
    plays = [tuple(behaviour[player][t].items()) for t in types]
    pure = [all(p in (0, 1) for _, p in play) for play in plays]
    if all(pure):
        chosen = [next(a for a, p in play if p == 1) for play in plays]
        if len(set(chosen)) == 1:
            return "pooling"
        return "separating" if len(set(chosen)) == len(chosen) else "partially pooling"
    if len(set(plays)) == 1:
        return "pooling"
    return "hybrid" if any(pure) else "semi-separating"


def _base_record(game: ExtensiveGame, behaviour: Mapping[str, Sequence[Fraction]]) -> Equilibrium:
    """Payoffs, outcomes, regret and subgame perfection of a behaviour profile.

    The regret is each player's best plan against the behaviour of the others
    (:func:`deterrence.solvers.credibility_check.behaviour_regrets`, exact for perfect
    recall); only where that has too many plans are the mixed strategies over plans
    (Kuhn 1953) handed to :func:`deterrence.solvers.records.tree_record`.
    """
    players = range(len(game.players))
    plans = [player_plans(game, i) for i in players]
    mixed = []
    for player in plans:
        weights = []
        for plan in player:
            w = Fraction(1)
            for label, a in plan.items():
                w *= behaviour[label][a]
            weights.append(w)
        mixed.append(weights)
    behaviours = [{label: list(behaviour[label]) for label in game.infosets_of(i)} for i in players]
    regrets = behaviour_regrets(game, behaviours)
    if regrets is None:
        return tree_record(game, plans, mixed)
    reached = terminal_distribution(game, behaviour_chooser(behaviours))
    check = assess(game, behaviours)
    labels = [plan_labels(game, i, plans[i]) for i in players]
    return Equilibrium(
        payoffs=tuple(Fraction(v) for v in expected_payoffs(game, reached)),
        outcomes={k: Fraction(v) for k, v in outcome_distribution(game, reached).items() if v != 0},
        regret=max(regrets),
        mixed=tuple({labels[i][s]: p for s, p in enumerate(mixed[i]) if p != 0} for i in players),
        subgame_perfect=check.subgame_perfect,
        non_credible=check.threats,
        completion=check.completion,
        subgame_note=check.note,
    )


def _record(shape: _Shape, system: _System, solution: _Solution) -> PerfectBayesianEquilibrium:
    game = shape.game
    behaviour = _behaviour_at(shape, system, solution.point)
    base = _base_record(game, behaviour)
    full = tuple(
        {
            label: dict(zip(game.infosets[label].actions, behaviour[label], strict=True))
            for label in game.infosets_of(i)
        }
        for i in range(len(game.players))
    )
    value = _values_numeric(game, behaviour)
    beliefs: dict[str, dict[str, Fraction]] = {}
    off_path: dict[str, BeliefSet] = {}
    for label in shape.labels:
        h = game.infosets[label]
        names = [game.nodes[m].label for m in h.members]
        if label in system.off_path:
            belief_set = _belief_set(game, label, behaviour, value)
            off_path[label] = belief_set
            centre = _centroid(belief_set.vertices)
            beliefs[label] = dict(zip(names, centre, strict=True))
            continue
        reach = _reach_numeric(game, behaviour, shape.bayes_root[label])
        weights = [reach.get(m, Fraction(0)) for m in h.members]
        total = sum(weights, Fraction(0))
        beliefs[label] = dict(
            zip(names, [w / total for w in weights] if total else [Fraction(1)], strict=True)
        )
    family = None
    if solution.varies:
        behaviour_vertices = []
        seen: set[tuple[Fraction, ...]] = set()
        for vertex in solution.vertices:
            b = _behaviour_at(shape, system, vertex)
            profile = tuple(
                {
                    label: dict(zip(game.infosets[label].actions, b[label], strict=True))
                    for label in game.infosets_of(i)
                }
                for i in range(len(game.players))
            )
            key = tuple(_flat(profile))
            if key not in seen:
                seen.add(key)
                behaviour_vertices.append(profile)
        family = Family(
            dimension=max(
                1,
                _rank(
                    [
                        [p - q for p, q in zip(_flat(v), _flat(behaviour_vertices[0]), strict=True)]
                        for v in behaviour_vertices[1:]
                    ]
                ),
            ),
            vertices=tuple(behaviour_vertices),
            conditions=tuple(_conditions(system)) + tuple(solution.conditions),
        )
    root = game.nodes[game.root]
    interim: dict[str, tuple[Fraction, ...]] = {}
    if root.kind == "chance":
        for branch, child in zip(root.actions, root.children, strict=True):
            interim[branch] = tuple(value[child])
    return PerfectBayesianEquilibrium(
        payoffs=base.payoffs,
        outcomes=base.outcomes,
        regret=base.regret,
        mixed=base.mixed,
        behaviour=full,
        subgame_perfect=base.subgame_perfect,
        non_credible=base.non_credible,
        completion=base.completion,
        # The subgame check's remark that off-path beliefs go unchecked does not hold here.
        subgame_note=None if base.subgame_note == NO_PROPER_SUBGAME else base.subgame_note,
        beliefs=beliefs,
        kind=signalling_kind(game, full),
        off_path_beliefs=off_path,
        family=family,
        interim_payoffs=interim,
    )


def _flat(profile: Sequence[Mapping[str, Mapping[str, Fraction]]]) -> list[Fraction]:
    return [p for player in profile for probs in player.values() for p in probs.values()]


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    if not rows:
        return 0
    solved = affine_solution(
        [list(r) for r in zip(*rows, strict=True)], [Fraction(0)] * len(rows[0]), len(rows)
    )
    assert solved is not None
    return len(rows) - len(solved[1])


def _conditions(system: _System) -> list[str]:
    def show(poly: Poly) -> str:
        terms = []
        for mono, c in sorted(poly.items()):
            names = "*".join(system.names[v] for v in mono)
            terms.append(f"{c}*{names}" if names else str(c))
        return " + ".join(terms) or "0"

    return [f"{show(e)} == 0" for e in system.equalities] + [
        f"{show(g)} {'>' if strict else '>='} 0" for g, strict in system.inequalities if _degree(g)
    ]


def pbe_as_dict(eq: Equilibrium, number: Callable[[Fraction], object] = str) -> dict[str, object]:
    """The fields a PBE adds to an :class:`Equilibrium`, as plain JSON types (for the JSON
    contract: ``off_path_beliefs``, ``kind``, ``family``, ``interim_payoffs``,
    ``refinements``); empty for other records. ``number`` writes a ``Fraction``.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> first = solve_pbe(numeric, notes=[]).equilibria[0]
    >>> plain = pbe_as_dict(first)
    >>> plain["kind"], plain["off_path_beliefs"]["after beer"]["interval"]
    ('pooling', ['1/2', '1'])
    >>> plain["refinements"]["intuitive criterion"]["breaks"][0]["types"]
    ['strong']
    """
    if not isinstance(eq, PerfectBayesianEquilibrium):
        return {}

    def behaviour(profile: Sequence[Mapping[str, Mapping[str, Fraction]]]) -> list[object]:
        return [
            {h: {a: number(p) for a, p in probs.items()} for h, probs in player.items()}
            for player in profile
        ]

    out: dict[str, object] = {
        "kind": eq.kind,
        "off_path_beliefs": {
            label: {
                "nodes": list(bs.nodes),
                "vertices": [[number(v) for v in vertex] for vertex in bs.vertices],
                "conditions": list(bs.inequalities),
                "every_belief": bs.everything,
                **({"interval": [number(v) for v in bs.interval]} if bs.interval else {}),
            }
            for label, bs in eq.off_path_beliefs.items()
        },
        "interim_payoffs": {
            branch: [number(v) for v in values] for branch, values in eq.interim_payoffs.items()
        },
        "family": None
        if eq.family is None
        else {
            "dimension": eq.family.dimension,
            "vertices": [behaviour(v) for v in eq.family.vertices],
            "conditions": list(eq.family.conditions),
        },
    }
    if eq.refinements is not None:
        out["refinements"] = {
            name: {
                "applies": getattr(r, "applies", None),
                "survives": getattr(r, "survives", None),
                "breaks": [
                    {"at": b.message, "types": list(b.types), "detail": b.detail}
                    for b in getattr(r, "breaks", ())
                ],
            }
            for name, r in eq.refinements.items()
        }
    return out


# --------------------------------------------------------------------------- the concept


def solve_pbe(
    game: ExtensiveGame,
    *,
    method: str = "enumeration",
    notes: list[str],
    refine: bool = True,
    **options: object,
) -> Candidates:
    """Every perfect Bayesian equilibrium of a numeric finite tree, as candidate records.

    Parameters
    ----------
    game : ExtensiveGame
        Every parameter given a value; perfect recall; any number of players; chance
        anywhere (types are chance at the root).
    method : {"enumeration"}
        Support enumeration (the module's docstring says how).
    notes : list of str
        Remarks for the result are appended here.
    refine : bool
        Add the signalling refinements of :mod:`deterrence.solvers.refinements` to each
        record (``refinements``).

    Returns
    -------
    Candidates
        Records of :class:`PerfectBayesianEquilibrium`, one per support profile that has a
        solution: an isolated point, or a family (``family``) shown at an interior point.
        ``complete`` is True only when every support was solved exactly.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> found = solve_pbe(numeric, notes=[])
    >>> found.complete
    True
    >>> for e in found.equilibria:
    ...     pooled = "beer" if e.behaviour[0]["weak"]["beer"] else "quiche"
    ...     print(e.kind, pooled, "family" if e.family else "point",
    ...           e.refinements["intuitive criterion"].survives)
    pooling quiche point False
    pooling beer point True
    pooling beer family True
    pooling quiche family False
    """
    if not isinstance(game, ExtensiveGame):
        raise SolverError("perfect Bayesian equilibria are defined for game trees")
    _check_perfect_recall(game)
    shape = _shape(game)
    most = _limit("pbe_supports", PBE_SUPPORTS)
    deadline = limits.deadline()
    records: list[PerfectBayesianEquilibrium] = []
    remarks: set[str] = set()
    complete = True
    for tried, support in enumerate(_supports(shape)):
        if tried >= most:
            remarks.add(
                f"stopped after {most:,} support profiles (provisional limit `pbe_supports`)"
            )
            complete = False
            break
        if deadline.expired():
            remarks.add(f"stopped by the time budget ({limits.message('solve_seconds')})")
            complete = False
            break
        system = _system(shape, support)
        try:
            solutions = _solve_system(system, remarks)
        except _Incomplete:
            complete = False
            continue
        records.extend(_record(shape, system, s) for s in solutions)
    if refine and records:
        refined = resolve("deterrence.solvers.refinements:with_refinements")
        records = [refined(game, e) for e in records]
    notes.extend(sorted(remarks))
    if any(e.family is not None for e in records):
        notes.append(
            "some equilibria belong to continua (field `family`): each is shown at an interior "
            "point, with the family's vertices and conditions"
        )
    return Candidates(
        list(records), complete, "support enumeration with exact beliefs (Bayes' rule on the path)"
    )
