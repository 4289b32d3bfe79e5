"""One Nash equilibrium of a larger N-player normal form, fast, with a rigorous certificate.

The search is numeric: it minimises the Lyapunov function of the Nash map,
``v(x) = sum_i sum_s max(0, u_i(s, x_-i) - u_i(x))^2``, which is zero exactly at the Nash
equilibria (McKelvey 1998, "A Liapunov function for Nash equilibria", Caltech SSWP 953; the
function behind Gambit's ``liap``), from the centroid and seeded random starts, over each
player's simplex through a softmax parametrisation (scipy's L-BFGS-B). The point it reaches
names a support; Newton's method (scipy's ``root``, Powell hybrid) then solves that support's
indifference equations, and the exact solver of :mod:`deterrence.solvers.nplayer` is asked for
the equilibria with exactly that support, which, when found, are exact and certified by
:func:`deterrence.solvers.algebraic_regret.algebraic_regret`.

Whatever happens, the numeric profile is turned into exact rationals (negative rounding
residues set to zero, each player's probabilities normalised exactly) and its regret is
computed exactly in ``Fraction`` arithmetic from the payoff table: that is a rigorous bound
``eps`` such that the rational profile is an ``eps``-equilibrium. The answer is *one*
equilibrium of possibly many: nothing here says anything about the others.

Examples
--------
>>> from fractions import Fraction as F
>>> import itertools
>>> from deterrence.game.normal_form import NormalFormGame
>>> from deterrence.game.payoff import Payoff
>>> cells = [Payoff((F(int(a == b)), F(int(b == c)), F(int(c != a))))
...          for a, b, c in itertools.product(range(2), repeat=3)]
>>> g = NormalFormGame(("A", "B", "C"), (("H", "T"),) * 3, tuple(cells))
>>> one = one_equilibrium(g)
>>> one.exact is not None, one.certified, one.regret_bound
(True, True, Fraction(0, 1))
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy import optimize

from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.algebraic_regret import algebraic_regret
from deterrence.solvers.nplayer import AlgebraicEquilibrium, support_equilibria
from deterrence.solvers.verify import normal_form_regrets

__all__ = ["OneEquilibrium", "one_equilibrium"]

#: Probabilities below this in the numeric point are taken to be outside its support.
SUPPORT_TOLERANCE = 1e-7

#: The exact solve of the found support is tried only for systems this small.
EXACT_UNKNOWNS = 6

#: ... and only when the numeric point is this close to an equilibrium (its exact regret).
EXACT_TRY_BELOW = Fraction(1, 10**8)


@dataclass(frozen=True)
class OneEquilibrium:
    """One equilibrium of possibly many.

    Parameters
    ----------
    probabilities : tuple of tuple of float
        The numeric profile.
    rational : tuple of tuple of Fraction
        The same profile in exact rationals.
    regret_bound : Fraction
        The exact largest regret of ``rational``: it is a ``regret_bound``-equilibrium
        (zero when ``exact`` is given and rational, or the numeric point was exact).
    exact : AlgebraicEquilibrium or None
        The exact equilibrium with the numeric point's support, when the exact solver finds
        one near it.
    certified : bool
        Whether ``exact`` passed the independent algebraic regret check.
    method : str
    note : str
        Always says that this is one equilibrium of possibly many.
    """

    probabilities: tuple[tuple[float, ...], ...]
    rational: tuple[tuple[Fraction, ...], ...]
    regret_bound: Fraction
    exact: AlgebraicEquilibrium | None
    certified: bool
    method: str
    note: str = "one equilibrium of possibly many; the others are not searched for"


def _tensors(game: NormalFormGame) -> list[Any]:
    shape = game.shape
    out = [np.zeros(shape) for _ in game.players]
    for profile in game.profiles():
        for i, v in enumerate(game.payoff(profile).total):
            out[i][profile] = float(v)
    return out


def _against(tensor: Any, mixed: Sequence[Any], player: int) -> Any:
    """Payoff of each pure strategy of ``player`` against the others' mixtures."""
    value = tensor
    # Contract the last axes first so that the remaining axis indices stay valid.
    for j in reversed(range(len(mixed))):
        if j != player:
            value = np.tensordot(value, mixed[j], axes=([j], [0]))
    return value


def _split(z: Any, shape: Sequence[int]) -> list[Any]:
    out, k = [], 0
    for size in shape:
        part = z[k : k + size]
        e = np.exp(part - part.max())
        out.append(e / e.sum())
        k += size
    return out


def _liapunov(mixed: Sequence[Any], tensors: Sequence[Any]) -> float:
    total = 0.0
    for i, tensor in enumerate(tensors):
        earns = _against(tensor, mixed, i)
        gains = np.maximum(earns - earns @ mixed[i], 0.0)
        total += float(gains @ gains)
    return total


def _polish(mixed: list[Any], tensors: Sequence[Any]) -> list[Any]:
    """Newton on the indifference equations of the support ``mixed`` points to."""
    support = [np.flatnonzero(m > SUPPORT_TOLERANCE) for m in mixed]
    sizes = [len(s) for s in support]

    def unpack(y: Any) -> list[Any]:
        out, k = [], 0
        for m, s, size in zip(mixed, support, sizes, strict=True):
            full = np.zeros_like(m)
            full[s] = y[k : k + size]
            out.append(full)
            k += size
        return out

    def residual(y: Any) -> Any:
        x = unpack(y)
        res = []
        for i, tensor in enumerate(tensors):
            earns = _against(tensor, x, i)[support[i]]
            res.extend(earns[1:] - earns[0])
            res.append(x[i].sum() - 1.0)
        return np.array(res)

    start = np.concatenate([m[s] for m, s in zip(mixed, support, strict=True)])
    solution = optimize.root(residual, start, method="hybr", tol=1e-14)
    if not solution.success:
        return mixed
    polished = unpack(solution.x)
    if any((m < -1e-12).any() for m in polished):
        return mixed
    return [np.maximum(m, 0.0) for m in polished]


def _rational(mixed: Sequence[Any]) -> tuple[tuple[Fraction, ...], ...]:
    rows = []
    for m in mixed:
        values = [Fraction(float(p)).limit_denominator(10**12) if p > 0 else Fraction(0) for p in m]
        total = sum(values, Fraction(0))
        rows.append(tuple(v / total for v in values))
    return tuple(rows)


def _support_order(shape: Sequence[int]) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Support profiles by total size, then balance (Porter, Nudelman and Shoham 2008),
    generated lazily: a large game has far more than are ever tried."""
    for total in range(len(shape), sum(shape) + 1):
        sizes = [c for c in itertools.product(*(range(1, n + 1) for n in shape)) if sum(c) == total]
        sizes.sort(key=lambda c: max(c) - min(c))
        for c in sizes:
            yield from itertools.product(
                *(itertools.combinations(range(n), k) for n, k in zip(shape, c, strict=True))
            )


def _dominated(tensors: Sequence[Any], support: Sequence[Sequence[int]]) -> bool:
    """Conditional strict dominance (Porter, Nudelman and Shoham 2008, sect. 3); a float
    test, as it only orders the numeric search."""
    for i, tensor in enumerate(tensors):
        block = tensor[
            np.ix_(
                *[
                    list(support[j]) if j != i else list(range(tensor.shape[i]))
                    for j in range(len(tensors))
                ]
            )
        ]
        flat = np.moveaxis(block, i, 0).reshape(tensor.shape[i], -1)
        for s in support[i]:
            if (flat > flat[s] + 1e-12).all(axis=1).any():
                return True
    return False


def _solve_support(
    tensors: Sequence[Any], shape: Sequence[int], support: Sequence[Sequence[int]]
) -> list[Any] | None:
    sizes = [len(s) for s in support]

    def unpack(y: Any) -> list[Any]:
        out, k = [], 0
        for size, s, n in zip(sizes, support, shape, strict=True):
            full = np.zeros(n)
            full[list(s)] = y[k : k + size]
            out.append(full)
            k += size
        return out

    def residual(y: Any) -> Any:
        x = unpack(y)
        res = []
        for i, tensor in enumerate(tensors):
            earns = _against(tensor, x, i)[list(support[i])]
            res.extend(earns[1:] - earns[0])
            res.append(x[i].sum() - 1.0)
        return np.array(res)

    start = np.concatenate([np.full(size, 1.0 / size) for size in sizes])
    if sum(sizes) == len(sizes):
        candidate = unpack(start)
    else:
        solution = optimize.root(residual, start, method="hybr", tol=1e-13)
        if not solution.success or np.abs(residual(solution.x)).max() > 1e-9:
            return None
        candidate = unpack(solution.x)
    if any((m[list(s)] <= 0).any() for m, s in zip(candidate, support, strict=True)):
        return None
    for i, tensor in enumerate(tensors):
        earns = _against(tensor, candidate, i)
        if earns.max() > earns[list(support[i])].max() + 1e-9:
            return None
    return candidate


def one_equilibrium(
    game: Game, *, starts: int = 8, seed: int = 0, max_supports: int = 5_000
) -> OneEquilibrium:
    """One Nash equilibrium of a numeric game, with a rigorous regret bound.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        Every parameter given a value; a tree is taken through its reduced normal form.
    starts : int
        Starting points: the centroid, then ``starts - 1`` random interior points.
    seed : int
        Seed of the random starts (the answer is reproducible).
    max_supports : int
        Support profiles tried by the support search before the Liapunov minimisation
        takes over.

    Returns
    -------
    OneEquilibrium
        Marked as one equilibrium of possibly many.

    Raises
    ------
    SolverError
        If the game has a free parameter.
    """
    normal = reduced_normal_form(game).game if isinstance(game, ExtensiveGame) else game
    if not normal.is_numeric:
        raise SolverError("one_equilibrium needs every parameter given a value")
    tensors = _tensors(normal)
    shape = normal.shape
    rng = np.random.default_rng(seed)

    def objective(z: Any) -> float:
        return _liapunov(_split(z, shape), tensors)

    best: list[Any] | None = None
    searched = "support search (Porter, Nudelman and Shoham 2008), numeric"
    for count, support in enumerate(_support_order(shape)):
        if count >= max_supports:
            break
        if _dominated(tensors, support):
            continue
        found_point = _solve_support(tensors, shape, support)
        if found_point is not None:
            best = found_point
            break
    if best is None:
        searched = (
            "Liapunov-function minimisation (McKelvey 1998) from "
            f"{starts} starts, Newton polishing on the support"
        )
        best_value = np.inf
        for k in range(max(1, starts)):
            z0 = np.zeros(sum(shape)) if k == 0 else rng.normal(scale=1.0, size=sum(shape))
            found = optimize.minimize(objective, z0, method="L-BFGS-B", options={"maxiter": 500})
            mixed = _polish(_split(found.x, shape), tensors)
            value = _liapunov(mixed, tensors)
            if value < best_value:
                best, best_value = mixed, value
            if value < 1e-20:
                break
    assert best is not None
    rational = _rational(best)
    bound = max(normal_form_regrets(normal, [list(r) for r in rational]))
    exact, certified = None, False
    reached = [[s for s, p in enumerate(row) if p > 0] for row in rational]
    if bound < EXACT_TRY_BELOW and sum(len(s) - 1 for s in reached) <= EXACT_UNKNOWNS:
        _, candidates = support_equilibria(normal, reached)
        near = sorted(
            candidates,
            key=lambda eq: max(
                abs(a - float(b))
                for row, exact_row in zip(eq.decimals(), rational, strict=True)
                for a, b in zip(row, exact_row, strict=True)
            ),
        )
        for candidate in near[:1]:
            if algebraic_regret(normal, candidate.probabilities).equilibrium:
                exact, certified = candidate, True
                if candidate.is_rational:
                    rational = candidate.fractions()
                    bound = max(normal_form_regrets(normal, [list(r) for r in rational]))
    method = searched + (", exact solve of that support" if exact is not None else "")
    return OneEquilibrium(
        probabilities=tuple(tuple(float(p) for p in m) for m in best),
        rational=rational,
        regret_bound=bound,
        exact=exact,
        certified=certified,
        method=method,
    )
