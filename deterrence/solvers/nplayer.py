"""Every Nash equilibrium of a small N-player normal form, exactly, by support enumeration.

For each support profile (one nonempty set of pure strategies per player) the equilibria with
exactly that support solve a polynomial system: every strategy in a player's support earns the
same against the others' mixture (the *indifference* equations, multilinear in the others'
probabilities), the probabilities are positive and sum to one, and no strategy outside the
support earns more. This is the support enumeration of McKelvey and McLennan (1996,
"Computation of equilibria in finite games", Handbook of Computational Economics 1, ch. 2,
sect. 6) that Gambit's ``enumpoly`` implements numerically; here each system is solved
exactly:

1. a lex-order Gröbner basis of the indifference equations (Buchberger; Cox, Little and
   O'Shea, *Ideals, Varieties, and Algorithms*, ch. 2-3; Datta 2003, "Using computer algebra
   to find Nash equilibria", ISSAC) decides whether the system has no solution (basis
   ``[1]``), finitely many, or a positive-dimensional set;
2. a finite system is brought into *shape position* (Shape Lemma: Gianni and Mora 1989) with a
   separating linear form ``t``, so that every coordinate is a rational polynomial in ``t`` and
   ``t`` runs over the real roots of one square-free univariate polynomial ``p``;
3. the real roots of each irreducible factor of ``p`` are isolated with rational intervals
   (Sturm sequences, as in :meth:`sympy.Poly.intervals`), and the sign of every positivity and
   best-response condition at a root is decided exactly: a condition ``r(t)`` vanishes at a root
   of the irreducible factor ``f`` iff ``f`` divides ``r``; otherwise the isolating interval is
   refined until ``r`` has no root in it, and the sign of ``r`` there is the answer.

Supports are pruned first by iterated strict dominance (which keeps every equilibrium) and
then, support by support, by *conditional* dominance (Porter, Nudelman and Shoham 2008, "Simple
search methods for finding a Nash equilibrium", GEB 63, 642-662): a strategy that some other
strategy beats against every profile of the others' supports cannot be played. Supports are
visited smallest first, as there.

Where a support's system is positive-dimensional, its equilibria are a semi-algebraic set
(possibly empty, possibly a component of equilibria); it is reported as a
:class:`Component` with its defining equations and, when a rational slice finds one, an exact
representative. Such a support is not decided, so the answer is then marked incomplete.

Examples
--------
Matching pennies for three players has no pure equilibrium and one mixed one:

>>> from fractions import Fraction
>>> from deterrence.game.normal_form import NormalFormGame
>>> from deterrence.game.payoff import Payoff
>>> import itertools
>>> cells = [Payoff((Fraction(int(a == b)), Fraction(int(b == c)), Fraction(int(c != a))))
...          for a, b, c in itertools.product(range(2), repeat=3)]
>>> g = NormalFormGame(("A", "B", "C"), (("H", "T"),) * 3, tuple(cells))
>>> found = nplayer_equilibria(g)
>>> found.complete, [eq.probabilities for eq in found.equilibria]
(True, [((1/2, 1/2), (1/2, 1/2), (1/2, 1/2))])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy
from sympy.polys.domains import QQ
from sympy.polys.groebnertools import groebner as buchberger
from sympy.polys.orderings import lex
from sympy.polys.rings import PolyElement, ring

from deterrence import limits
from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.game.tree import ExtensiveGame

__all__ = [
    "MAX_BEZOUT",
    "MAX_SUPPORT_PROFILES",
    "MAX_UNKNOWNS",
    "AlgebraicEquilibrium",
    "Component",
    "NPlayerSolution",
    "nplayer_equilibria",
    "support_equilibria",
    "support_profiles",
]

#: Provisional default of the proposed limit ``nplayer_supports``: support profiles examined
#: (after pruning) before the enumeration stops, marked incomplete.
MAX_SUPPORT_PROFILES = 20_000

#: Provisional default of the proposed limit ``nplayer_unknowns``: unknown probabilities of one
#: support's polynomial system; a larger system is skipped, said in the notes, and the answer is
#: marked incomplete (Gröbner bases grow doubly exponentially in the worst case).
MAX_UNKNOWNS = 9

#: Provisional default of the proposed limit ``nplayer_bezout``: the multihomogeneous Bézout
#: number of one support's system, a bound on its number of isolated solutions and a rough
#: measure of the cost of its Gröbner basis; a larger system is skipped like one with too
#: many unknowns.
MAX_BEZOUT = 64

#: Rational values tried for the free coordinates when looking for a point of a
#: positive-dimensional solution set.
_SLICE_VALUES = (
    Fraction(1, 2),
    Fraction(1, 3),
    Fraction(2, 3),
    Fraction(1, 4),
    Fraction(3, 4),
    Fraction(1, 5),
    Fraction(4, 5),
    Fraction(2, 5),
    Fraction(3, 5),
)

#: Separating linear forms tried before a finite system is given up as undecided.
_SEPARATORS = 6

_T = sympy.Symbol("t")


def _limit(name: str, fallback: int) -> int:
    # The two limits are proposed for deterrence.limits; until they are added there, the
    # provisional defaults above apply.
    if name in limits.LIMITS:
        return limits.count(name)
    return fallback


@dataclass(frozen=True)
class AlgebraicEquilibrium:
    """One isolated Nash equilibrium, exact.

    Parameters
    ----------
    support : tuple of tuple of int
        The strategies each player plays with positive probability.
    probabilities : tuple of tuple of sympy.Expr
        Each player's mixed strategy over all of its strategies: rationals, radicals or
        polynomials in a :class:`sympy.CRootOf`.
    payoffs : tuple of sympy.Expr
        Each player's expected payoff.
    polynomial : sympy.Expr or None
        For an irrational equilibrium: the irreducible polynomial in ``t`` of which
        ``root`` is a root, every coordinate being a rational polynomial in ``root``.
    root : sympy.Expr or None
        That real root (``CRootOf(polynomial, k)``).
    """

    support: tuple[tuple[int, ...], ...]
    probabilities: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    polynomial: Any = None
    root: Any = None

    @property
    def is_rational(self) -> bool:
        """Whether every probability is rational."""
        return self.polynomial is None

    def fractions(self) -> tuple[tuple[Fraction, ...], ...]:
        """The profile as Fractions (rational equilibria only).

        Raises
        ------
        ValueError
            For an irrational equilibrium.
        """
        if not self.is_rational:
            raise ValueError("an irrational equilibrium has no Fraction form")
        return tuple(tuple(Fraction(int(p.p), int(p.q)) for p in row) for row in self.probabilities)

    def decimals(self, digits: int = 15) -> tuple[tuple[float, ...], ...]:
        """The probabilities as floats (``digits`` significant digits before rounding)."""
        return tuple(tuple(float(sympy.N(p, digits)) for p in row) for row in self.probabilities)


@dataclass(frozen=True)
class Component:
    """A support whose indifference system has a positive-dimensional solution set.

    The equilibria with this support are exactly the points of the relative interior of the
    support's face that solve ``equations`` and satisfy the best-response inequalities: a
    semi-algebraic set, possibly empty, possibly a connected set of equilibria.

    Parameters
    ----------
    support : tuple of tuple of int
    dimension : int
        The dimension of the complex solution set of the equations (an upper bound on that of
        the set of equilibria).
    unknowns : tuple of sympy.Symbol
        ``x{player}_{strategy}`` for every support strategy but each player's last, whose
        probability is one minus the others'.
    equations : tuple of sympy.Expr
        A lex Gröbner basis of the indifference equations in ``unknowns``.
    representative : AlgebraicEquilibrium or None
        An equilibrium of the set, found on a rational slice, or None if none was found (the
        set may still be nonempty).
    """

    support: tuple[tuple[int, ...], ...]
    dimension: int
    unknowns: tuple[Any, ...]
    equations: tuple[Any, ...]
    representative: AlgebraicEquilibrium | None


@dataclass(frozen=True)
class NPlayerSolution:
    """What :func:`nplayer_equilibria` finds.

    Parameters
    ----------
    equilibria : tuple of AlgebraicEquilibrium
        Every isolated equilibrium found, in the order of the supports visited.
    components : tuple of Component
        Supports with a positive-dimensional solution set.
    complete : bool
        True only when every support profile was decided: then ``equilibria`` are all the
        equilibria of the game.
    supports : int
        Support profiles examined (after pruning by dominance).
    pruned : int
        Support profiles discarded by conditional dominance without solving.
    notes : tuple of str
    """

    equilibria: tuple[AlgebraicEquilibrium, ...]
    components: tuple[Component, ...]
    complete: bool
    supports: int
    pruned: int
    notes: tuple[str, ...] = field(default=())


class _Table:
    """Exact payoffs of a numeric normal form, by profile, as rationals of the ring's domain."""

    def __init__(self, game: NormalFormGame) -> None:
        if not game.is_numeric:
            raise SolverError("the N-player solver needs every parameter given a value")
        self.shape = game.shape
        self.n = len(game.players)
        self.cells: dict[tuple[int, ...], tuple[Any, ...]] = {}
        for profile in game.profiles():
            total = game.payoff(profile).total
            self.cells[profile] = tuple(QQ(int(v.numerator), int(v.denominator)) for v in total)

    def value(self, player: int, profile: tuple[int, ...]) -> Any:
        return self.cells[profile][player]


def _with(profile: Sequence[int], player: int, strategy: int) -> tuple[int, ...]:
    out = list(profile)
    out[player] = strategy
    return tuple(out)


def _dominates(
    table: _Table, player: int, better: int, worse: int, others: Sequence[Sequence[int]]
) -> bool:
    """Whether ``better`` earns strictly more than ``worse`` against every profile of
    ``others`` (one strategy list per other player)."""
    for rest in itertools.product(*others):
        profile = [*rest[:player], 0, *rest[player:]]
        if table.value(player, _with(profile, player, better)) <= table.value(
            player, _with(profile, player, worse)
        ):
            return False
    return True


def _undominated(table: _Table) -> list[list[int]]:
    """Iterated elimination of pure strategies strictly dominated by pure strategies; no
    Nash equilibrium plays a strictly dominated strategy, so none is lost."""
    alive = [list(range(size)) for size in table.shape]
    changed = True
    while changed:
        changed = False
        for i in range(table.n):
            others = [alive[j] for j in range(table.n) if j != i]
            for s in list(alive[i]):
                if len(alive[i]) > 1 and any(
                    t != s and _dominates(table, i, t, s, others) for t in alive[i]
                ):
                    alive[i].remove(s)
                    changed = True
    return alive


def support_profiles(alive: Sequence[Sequence[int]]) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Every support profile over the strategies ``alive``, smallest total size first, then
    most balanced (Porter, Nudelman and Shoham 2008, sect. 3).

    >>> [s for s in support_profiles([[0, 1], [0]])]
    [((0,), (0,)), ((1,), (0,)), ((0, 1), (0,))]
    """
    per_player = [
        [c for size in range(1, len(a) + 1) for c in itertools.combinations(a, size)] for a in alive
    ]
    profiles = list(itertools.product(*per_player))
    profiles.sort(key=lambda sp: (sum(map(len, sp)), max(map(len, sp)) - min(map(len, sp))))
    yield from profiles


def _conditionally_dominated(
    table: _Table, support: Sequence[Sequence[int]], alive: Sequence[Sequence[int]]
) -> bool:
    for i in range(table.n):
        others = [support[j] for j in range(table.n) if j != i]
        for s in support[i]:
            if any(t != s and _dominates(table, i, t, s, others) for t in alive[i]):
                return True
    return False


class _System:
    """The polynomial system of one support profile, in a lex-ordered ring."""

    def __init__(
        self, table: _Table, support: Sequence[Sequence[int]], alive: Sequence[Sequence[int]]
    ) -> None:
        self.support = tuple(tuple(s) for s in support)
        names = [f"x{i}_{s}" for i in range(table.n) for s in support[i][:-1]]
        self.names = names
        if names:
            self.ring, *gens = ring(",".join(names), QQ, lex)
        else:
            self.ring, gens = ring("t_", QQ, lex)[0], []
        self.gens = gens
        one = self.ring.one
        # Each player's probability of each support strategy, the last one eliminated.
        self.prob: list[dict[int, PolyElement]] = []
        k = 0
        for i in range(table.n):
            probs: dict[int, PolyElement] = {}
            rest = one
            for s in support[i][:-1]:
                probs[s] = gens[k]
                rest = rest - gens[k]
                k += 1
            probs[support[i][-1]] = rest
            self.prob.append(probs)
        # Expected payoff of each alive strategy of each player against the others' mixture.
        self.payoff: list[dict[int, PolyElement]] = []
        for i in range(table.n):
            others = [support[j] for j in range(table.n) if j != i]
            weights: list[tuple[tuple[int, ...], PolyElement]] = []
            for rest_profile in itertools.product(*others):
                w = one
                for j, s in zip((j for j in range(table.n) if j != i), rest_profile, strict=True):
                    w = w * self.prob[j][s]
                weights.append((rest_profile, w))
            values: dict[int, PolyElement] = {}
            for s in alive[i]:
                total = self.ring.zero
                for rest_profile, w in weights:
                    profile = (*rest_profile[:i], s, *rest_profile[i:])
                    total = total + w * table.value(i, profile)
                values[s] = total
            self.payoff.append(values)
        self.equations = [
            self.payoff[i][s] - self.payoff[i][support[i][0]]
            for i in range(table.n)
            for s in support[i][1:]
        ]
        # Conditions that must be > 0 (probabilities) and >= 0 (best response).
        self.positive = [p for i in range(table.n) for p in self.prob[i].values()]
        self.nonnegative = [
            self.payoff[i][support[i][0]] - self.payoff[i][s]
            for i in range(table.n)
            for s in alive[i]
            if s not in support[i]
        ]


def _sign_at_root(r: sympy.Poly, f: sympy.Poly, interval: tuple[Any, Any]) -> int:
    """The sign of ``r`` at the root of the irreducible ``f`` isolated in ``interval``.

    Zero iff ``f`` divides ``r``; otherwise the interval is narrowed until a Taylor bound
    at its midpoint ``m`` (``|r(x) - r(m)| <= sum_j |r_j| h^j``, with ``r_j`` the
    coefficients of ``r`` shifted to ``m`` and ``h`` the half-width) is below ``|r(m)|``.
    """
    if r.is_zero:
        return 0
    if f.degree() == 1:
        root = -f.nth(0) / f.nth(1)
        return int(sympy.sign(r.eval(root)))
    if r.rem(f).is_zero:
        return 0
    a, b = (sympy.Rational(x) for x in interval)
    while True:
        m = (a + b) / 2
        h = (b - a) / 2
        coeffs = r.shift(m).all_coeffs()[::-1]
        centre = coeffs[0]
        spread = sum(abs(c) * h**j for j, c in enumerate(coeffs) if j)
        if abs(centre) > spread:
            return 1 if centre > 0 else -1
        a, b = (sympy.Rational(x) for x in f.refine_root(a, b, eps=(b - a) / 2**16))


def _in_t(poly: PolyElement, shape: dict[int, sympy.Poly], gens: Sequence[PolyElement]) -> Any:
    """``poly`` with every unknown replaced by its polynomial in ``t``."""
    expr = sympy.Poly(0, _T, domain="QQ")
    for monom, coeff in poly.terms():
        term = sympy.Poly(sympy.Rational(int(coeff.numerator), int(coeff.denominator)), _T)
        for k, power in enumerate(monom):
            if power:
                term = term * shape[k] ** power
        expr = expr + term
    return expr


def _leading_var(poly: PolyElement) -> int | None:
    monom = poly.LM
    used = [k for k, e in enumerate(monom) if e]
    return used[0] if used else None


def _shape(basis: Sequence[PolyElement], nvars: int) -> dict[int, sympy.Poly] | None:
    """Read a lex basis in the last variable ``t`` as ``x_k = g_k(t)``, ``p(t) = 0``; None
    if the basis is not in shape position."""
    if len(basis) != nvars:
        return None
    shape: dict[int, sympy.Poly] = {}
    for poly in basis:
        monom = poly.LM
        k = _leading_var(poly)
        if k is None or k == nvars - 1:
            continue
        if sum(monom) != 1 or monom[k] != 1:
            return None
        rest = poly - poly.ring.gens[k] * poly.LC
        if any(any(e for e in m[:-1]) for m in rest.monoms()):
            return None
        g = sympy.Poly(0, _T, domain="QQ")
        for m, c in rest.terms():
            g = g + sympy.Poly(-sympy.Rational(int(c.numerator), int(c.denominator)), _T) * (
                sympy.Poly(_T, _T) ** m[-1]
            )
        shape[k] = (
            g * sympy.Rational(1) / sympy.Rational(int(poly.LC.numerator), int(poly.LC.denominator))
        )
    if len(shape) != nvars - 1:
        return None
    return shape


def _univariate(poly: PolyElement) -> sympy.Poly:
    g = sympy.Poly(0, _T, domain="QQ")
    for m, c in poly.terms():
        g = g + sympy.Poly(sympy.Rational(int(c.numerator), int(c.denominator)), _T) * (
            sympy.Poly(_T, _T) ** m[-1]
        )
    return g


@dataclass
class _Finite:
    """The finitely many complex solutions of a system, as ``x = g(t)`` with ``p(t) = 0``."""

    shape: dict[int, sympy.Poly]
    factors: list[sympy.Poly]


def _finite_solutions(
    polys: Sequence[PolyElement], nvars: int, ring_names: Sequence[str]
) -> tuple[str, _Finite | None, list[PolyElement]]:
    """Decide a square-ish system: ``("empty", None, basis)``, ``("finite", sol, basis)``,
    ``("positive", None, basis)`` or ``("undecided", None, basis)``."""
    R = ring(",".join(ring_names), QQ, lex)[0]
    system = [_move(p, R) for p in polys]
    system = [p for p in system if not p.is_zero]
    basis = buchberger(system, R) if system else []
    if basis == [R.one] or any(p.is_ground and not p.is_zero for p in basis):
        return "empty", None, basis
    if _dimension(basis, nvars) > 0:
        return "positive", None, basis
    if nvars == 0:
        return "finite", _Finite({}, [sympy.Poly(_T, _T)]), basis
    # Try the last unknown as t, then separating linear forms t = x_last + sum c_k x_k.
    for attempt in range(_SEPARATORS + 1):
        coeffs = [((attempt * (k + 2)) % 5) - 2 for k in range(nvars)]
        coeffs[-1] = 1
        Rt, *ys = ring(",".join([*ring_names, "t_sep"]), QQ, lex)
        t = ys[-1]
        lift = [_move(p, Rt) for p in basis]
        if attempt == 0:
            form = t - ys[nvars - 1]
        else:
            form = t - sum((c * y for c, y in zip(coeffs, ys[:-1], strict=True)), Rt.zero)
        sep_basis = buchberger([*lift, form], Rt)
        uni = [p for p in sep_basis if all(not any(m[:-1]) for m in p.monoms())]
        if not uni:
            continue
        p = _univariate(uni[0])
        square_free = p.sqf_part()
        if square_free.degree() < p.degree():
            sep_basis = buchberger([*sep_basis, _from_univariate(square_free, Rt)], Rt)
        shape = _shape(sep_basis, nvars + 1)
        if shape is None:
            continue
        p = _univariate(next(q for q in sep_basis if _leading_var(q) == nvars))
        factors = [sympy.Poly(f, _T, domain="QQ") for f, _ in p.factor_list()[1]]
        return "finite", _Finite(shape, factors), basis
    return "undecided", None, basis


def _from_univariate(p: sympy.Poly, R: Any) -> PolyElement:
    t = R.gens[-1]
    out = R.zero
    for (e,), c in p.terms():
        out = out + QQ(int(sympy.Rational(c).p), int(sympy.Rational(c).q)) * t**e
    return out


def _move(p: PolyElement, R: Any) -> PolyElement:
    """``p`` in ring ``R``, whose first variables are ``p``'s (no more variables than R)."""
    width = len(R.gens)
    out = R.zero
    for m, c in p.terms():
        monom = tuple(m) + (0,) * (width - len(m))
        out = out + R({monom[:width]: c})
    return out


def _dimension(basis: Sequence[PolyElement], nvars: int) -> int:
    """Krull dimension of the ideal from the leading monomials of a Gröbner basis: the size of
    the largest set of unknowns no leading monomial is made of (Cox, Little, O'Shea, ch. 9)."""
    leading = [tuple(k for k, e in enumerate(p.LM) if e) for p in basis]
    for size in range(nvars, 0, -1):
        for free in itertools.combinations(range(nvars), size):
            chosen = set(free)
            if not any(set(lm) <= chosen for lm in leading):
                return size
    return 0


def _free_unknowns(basis: Sequence[PolyElement], nvars: int, dimension: int) -> tuple[int, ...]:
    leading = [tuple(k for k, e in enumerate(p.LM) if e) for p in basis]
    for free in itertools.combinations(range(nvars), dimension):
        chosen = set(free)
        if not any(set(lm) <= chosen for lm in leading):
            return free
    return tuple(range(dimension))


def _points(
    system: _System, table: _Table, polys: Sequence[PolyElement], fixed: dict[int, Fraction]
) -> tuple[str, list[AlgebraicEquilibrium], list[PolyElement]]:
    """The equilibria of ``system`` (with the unknowns in ``fixed`` set to those values)."""
    nvars = len(system.gens)
    ring_names = system.names or ["t_"]
    extra = [system.gens[k] - QQ(v.numerator, v.denominator) for k, v in sorted(fixed.items())]
    status, finite, basis = _finite_solutions([*polys, *extra], nvars, ring_names)
    if status != "finite":
        return status, [], basis
    assert finite is not None
    found: list[AlgebraicEquilibrium] = []
    for f in finite.factors:
        if f.degree() == 1:
            roots: list[tuple[Any, tuple[Any, Any]]] = [(-f.nth(0) / f.nth(1), (None, None))]
        else:
            intervals = f.intervals()
            roots = [(_real_root(f, k), (a, b)) for k, ((a, b), _) in enumerate(intervals)]
        for root, interval in roots:
            if nvars == 0:
                shape_t: dict[int, sympy.Poly] = {}
            else:
                shape_t = finite.shape
            ok = all(
                _sign_at_root(_in_t(q, shape_t, system.gens).rem(f), f, interval) > 0
                for q in system.positive
            ) and all(
                _sign_at_root(_in_t(q, shape_t, system.gens).rem(f), f, interval) >= 0
                for q in system.nonnegative
            )
            if ok:
                found.append(_record(system, table, shape_t, f, root))
    return "finite", found, basis


def _real_root(f: sympy.Poly, index: int) -> Any:
    """The ``index``-th real root of the irreducible ``f``, ascending: in radicals for a
    quadratic, else as a :class:`sympy.CRootOf`."""
    if f.degree() == 2:
        a, b, c = f.all_coeffs()
        root = sympy.sqrt(b * b - 4 * a * c)
        pair = sorted(((-b - root) / (2 * a), (-b + root) / (2 * a)), key=lambda r: sympy.N(r, 30))
        return sympy.radsimp(pair[index])
    return sympy.CRootOf(f.as_expr(), index)


def _evaluate(poly_t: sympy.Poly, f: sympy.Poly, root: Any) -> Any:
    reduced = poly_t.rem(f) if f.degree() > 1 else poly_t
    if f.degree() == 1:
        return sympy.Rational(reduced.eval(root))
    value = reduced.as_expr().subs(_T, root)
    return sympy.expand(value) if f.degree() == 2 else value


def _record(
    system: _System, table: _Table, shape_t: dict[int, sympy.Poly], f: sympy.Poly, root: Any
) -> AlgebraicEquilibrium:
    probabilities = []
    for i, size in enumerate(table.shape):
        row = []
        for s in range(size):
            if s in system.prob[i]:
                row.append(_evaluate(_in_t(system.prob[i][s], shape_t, system.gens), f, root))
            else:
                row.append(sympy.Integer(0))
        probabilities.append(tuple(row))
    payoffs = tuple(
        _evaluate(_in_t(system.payoff[i][system.support[i][0]], shape_t, system.gens), f, root)
        for i in range(table.n)
    )
    rational = f.degree() == 1
    return AlgebraicEquilibrium(
        support=system.support,
        probabilities=tuple(probabilities),
        payoffs=payoffs,
        polynomial=None if rational else f.as_expr(),
        root=None if rational else root,
    )


def _normal_form(game: Game) -> NormalFormGame:
    if isinstance(game, ExtensiveGame):
        return reduced_normal_form(game).game
    return game


def nplayer_equilibria(game: Game) -> NPlayerSolution:
    """Every Nash equilibrium of a small numeric game, exact, by support enumeration.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        Every parameter given a value. A tree is solved through its reduced normal form
        (:func:`deterrence.game.reduced_form.reduced_normal_form`); the strategies of the
        answer are then its plans, in that order.

    Returns
    -------
    NPlayerSolution
        The isolated equilibria with exact algebraic coordinates, the supports with a
        positive-dimensional solution set, and whether every support was decided.

    Notes
    -----
    The work is bounded by the proposed limits ``nplayer_supports`` (support profiles, default
    :data:`MAX_SUPPORT_PROFILES`), ``nplayer_unknowns`` (unknowns of one system, default
    :data:`MAX_UNKNOWNS`) and ``nplayer_bezout`` (Bézout number of one system, default
    :data:`MAX_BEZOUT`), and by the time budget ``solve_seconds`` (polled between supports);
    past any of them the
    answer lists what was found and is marked incomplete, saying why.

    Examples
    --------
    A three-player game whose only equilibrium is irrational (its probabilities solve a
    quadratic):

    >>> from fractions import Fraction as F
    >>> from deterrence.game.normal_form import NormalFormGame
    >>> from deterrence.game.payoff import Payoff
    >>> v = [4, 1, 3, 1, 3, 1, 1, 2, 0, 1, 4, 2, 0, 0, 4, 2, 3, 2, 1, 2, 1, 2, 2, 4]
    >>> cells = [Payoff(tuple(F(x) for x in v[3 * i : 3 * i + 3])) for i in range(8)]
    >>> g = NormalFormGame(("A", "B", "C"), (("0", "1"),) * 3, tuple(cells))
    >>> found = nplayer_equilibria(g)
    >>> found.complete, len(found.equilibria)
    (True, 1)
    >>> found.equilibria[0].probabilities[0]
    (3/2 - sqrt(385)/14, -1/2 + sqrt(385)/14)
    """
    normal = _normal_form(game)
    table = _Table(normal)
    alive = _undominated(table)
    notes: list[str] = []
    removed = sum(table.shape) - sum(map(len, alive))
    if removed:
        notes.append(
            f"{removed} strictly dominated strateg{'y' if removed == 1 else 'ies'} removed "
            "(iterated strict dominance by pure strategies keeps every equilibrium)"
        )
    max_supports = _limit("nplayer_supports", MAX_SUPPORT_PROFILES)
    max_unknowns = _limit("nplayer_unknowns", MAX_UNKNOWNS)
    max_bezout = _limit("nplayer_bezout", MAX_BEZOUT)
    total = math.prod(2 ** len(a) - 1 for a in alive)
    deadline = limits.deadline()
    equilibria: list[AlgebraicEquilibrium] = []
    components: list[Component] = []
    complete = True
    examined = pruned = 0
    too_big: list[tuple[tuple[int, ...], ...]] = []
    undecided: list[tuple[tuple[int, ...], ...]] = []
    for support in support_profiles(alive):
        if deadline.expired():
            notes.append(deadline.note())
            complete = False
            break
        if examined >= max_supports:
            notes.append(
                f"stopped after {examined:,} of {total:,} support profiles "
                f"({limits.message('nplayer_supports')}); every equilibrium listed is "
                "verified, but there may be others"
            )
            complete = False
            break
        examined += 1
        if _conditionally_dominated(table, support, alive):
            pruned += 1
            continue
        unknowns = sum(len(s) - 1 for s in support)
        if unknowns > max_unknowns or _bezout(support) > max_bezout:
            too_big.append(support)
            continue
        system = _System(table, support, alive)
        status, found, basis = _points(system, table, system.equations, {})
        if status == "finite":
            equilibria.extend(found)
        elif status == "positive":
            components.append(_component(system, table, basis))
        elif status == "undecided":
            undecided.append(support)
    if too_big:
        complete = False
        notes.append(
            f"{len(too_big)} support profile(s) with more than {max_unknowns} unknown "
            f"probabilities or a Bézout number above {max_bezout} not solved "
            f"({limits.message('nplayer_unknowns')}; {limits.message('nplayer_bezout')}), e.g. "
            f"{_show(too_big[0], normal)}"
        )
    if undecided:
        complete = False
        notes.append(
            f"{len(undecided)} support profile(s) whose finite system could not be brought to "
            f"shape position, e.g. {_show(undecided[0], normal)}"
        )
    if components:
        complete = False
        with_point = sum(c.representative is not None for c in components)
        notes.append(
            f"{len(components)} support profile(s) with a positive-dimensional solution set "
            f"of the indifference equations ({with_point} with an equilibrium found on a "
            "rational slice): there the equilibria may form a continuum, which is described "
            "by its equations, not enumerated"
        )
    return NPlayerSolution(
        tuple(equilibria), tuple(components), complete, examined, pruned, tuple(notes)
    )


def _bezout(support: Sequence[Sequence[int]]) -> int:
    """The multihomogeneous Bézout number of a support's indifference system: player ``i``
    has ``d_i = |S_i| - 1`` equations of degree one in each other player's group of
    unknowns, so the number is the coefficient of ``prod_j y_j^d_j`` in
    ``prod_i (sum_{j != i} y_j)^d_i`` (McKelvey and McLennan 1997, "The maximal number of
    regular totally mixed Nash equilibria", JET 72; it bounds the isolated solutions)."""
    d = [len(s) - 1 for s in support]
    # Coefficients of the product, as exponent vectors, truncated at the target degrees.
    terms: dict[tuple[int, ...], int] = {tuple(0 for _ in d): 1}
    for i, di in enumerate(d):
        for _ in range(di):
            grown: dict[tuple[int, ...], int] = {}
            for exps, c in terms.items():
                for j in range(len(d)):
                    if j != i and exps[j] < d[j]:
                        e = list(exps)
                        e[j] += 1
                        key = tuple(e)
                        grown[key] = grown.get(key, 0) + c
            terms = grown
    return terms.get(tuple(d), 0)


def _show(support: Sequence[Sequence[int]], game: NormalFormGame) -> str:
    return (
        "("
        + "; ".join(
            "{" + ", ".join(game.strategies[i][s] for s in row) + "}"
            for i, row in enumerate(support)
        )
        + ")"
    )


def _component(system: _System, table: _Table, basis: Sequence[PolyElement]) -> Component:
    nvars = len(system.gens)
    dimension = _dimension(basis, nvars)
    free = _free_unknowns(basis, nvars, dimension)
    representative = None
    for values in itertools.islice(itertools.product(_SLICE_VALUES, repeat=len(free)), 64):
        status, found, _ = _points(system, table, list(basis), dict(zip(free, values, strict=True)))
        if status == "finite" and found:
            representative = found[0]
            break
    symbols = tuple(sympy.Symbol(name) for name in system.names)
    return Component(
        support=system.support,
        dimension=dimension,
        unknowns=symbols,
        equations=tuple(p.as_expr(*symbols) for p in basis),
        representative=representative,
    )


def support_equilibria(
    game: Game, support: Sequence[Sequence[int]]
) -> tuple[str, tuple[AlgebraicEquilibrium, ...]]:
    """The equilibria of ``game`` with exactly the given support, exact.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        Numeric; a tree is taken through its reduced normal form.
    support : sequence of sequence of int
        The strategies (indices) each player plays with positive probability.

    Returns
    -------
    status : {"empty", "finite", "positive", "undecided"}
        ``finite``: the equilibria listed are all those with this support; ``positive``: the
        indifference equations have a positive-dimensional solution set, and the equilibria
        listed (a representative at most) may not be all; ``undecided``: not solved.
    equilibria : tuple of AlgebraicEquilibrium

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import itertools
    >>> from deterrence.game.normal_form import NormalFormGame
    >>> from deterrence.game.payoff import Payoff
    >>> cells = [Payoff((F(int(a == b)), F(int(b == c)), F(int(c != a))))
    ...          for a, b, c in itertools.product(range(2), repeat=3)]
    >>> g = NormalFormGame(("A", "B", "C"), (("H", "T"),) * 3, tuple(cells))
    >>> support_equilibria(g, [[0, 1], [0, 1], [0, 1]])[0]
    'finite'
    """
    table = _Table(_normal_form(game))
    alive = [list(range(size)) for size in table.shape]
    system = _System(table, [sorted(s) for s in support], alive)
    status, found, basis = _points(system, table, system.equations, {})
    if status == "positive":
        component = _component(system, table, basis)
        rep = component.representative
        return status, (rep,) if rep is not None else ()
    return status, tuple(found)
