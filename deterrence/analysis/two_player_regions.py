"""Nash equilibria of a two-player game over two parameters at once, exactly and completely.

Each pair of equal supports is an equilibrium where its probabilities and slacks, rational
functions of the parameters, are positive (symbolic support enumeration, as in
:mod:`deterrence.analysis.two_player_along`). A **region** is a set of points with the same
equilibria, by support: every condition of the pairs it holds positive, and for every other
pair some condition negative. They are found by a cylindrical decomposition
(:mod:`deterrence.analysis.two_parameter_cells`) of all those functions: the exact analysis along
the second parameter, at one value of the first between each pair of consecutive critical
values, meets every region with an interior.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from deterrence.analysis.algebra import readable_relation, tightest_bounds
from deterrence.analysis.one_parameter import declared_range
from deterrence.analysis.prune import prune
from deterrence.analysis.two_parameter_cells import (
    critical_values,
    irreducible_factors,
    sample_points,
)
from deterrence.analysis.two_player_along import (
    SupportCandidate,
    SymbolicMixed,
    solve_two_player_along,
    support_candidates,
    symbolic_matrices,
)
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import Parameter


@dataclass(frozen=True)
class MatrixRegion:
    """Where the game has the same Nash equilibria (by support): each condition holds.

    ``conditions`` are sympy relationals in the free parameters (an ``Or`` says why a pair of
    supports is not an equilibrium there); ``exact`` is False where the equilibria found did
    not match the exact enumeration at the witness (a game degenerate on an open set).
    """

    equilibria: tuple[SymbolicMixed, ...]
    conditions: tuple[sympy.Basic, ...]
    witness: Mapping[str, Fraction]
    exact: bool


@dataclass(frozen=True)
class MatrixRegions:
    """Every region of a two-player game over two parameters."""

    game: Game
    over: tuple[Parameter, ...]
    fixed: Mapping[str, Fraction]
    regions: tuple[MatrixRegion, ...]
    points: int
    complete: bool = True
    method: str = ""

    def region_of(self, point: Mapping[str, Fraction]) -> MatrixRegion | None:
        """The region holding ``point`` (values of the free parameters), None on a boundary."""
        values = {**self.fixed, **point}
        substitutions = {
            p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
            for p in self.game.parameters
            if p.name in values
        }
        for region in self.regions:
            if all(bool(c.xreplace(substitutions)) for c in region.conditions):
                return region
        return None


def _key(equilibria: Sequence[SymbolicMixed]) -> frozenset:
    return frozenset(tuple(tuple(s) for s in eq.strategies) for eq in equilibria)


def _functions(candidate: SupportCandidate) -> list[sympy.Expr]:
    """What must be positive for this pair of supports to be an equilibrium."""
    out = list(candidate.conditions)
    if len(candidate.rows) == 1:
        return out
    out += [candidate.x[r] for r in candidate.rows] + [candidate.y[c] for c in candidate.cols]
    return list(dict.fromkeys(out))


def regions_two_player(
    game: Game, over: Sequence[str], fixed: Mapping[str, Fraction]
) -> MatrixRegions:
    """Every region of Nash equilibria of a two-player game over two parameters.

    Raises
    ------
    NotImplementedError
        Where the decomposition cannot be computed exactly (conditions that are not rational
        functions of the two parameters with rational coefficients), or for other than two
        free parameters.
    """
    from deterrence.analysis.two_parameter_cells import Undecidable

    if len(over) != 2:
        raise NotImplementedError(
            "regions of a game that is not a tree of perfect information are computed over two "
            "parameters at a time; name two with over=... (--over)"
        )
    by_name = {p.name: p for p in game.parameters}
    x, y = (by_name[name] for name in over)
    others = {k: v for k, v in fixed.items() if k not in over}
    substitutions = {
        p.symbol: sympy.Rational(v.numerator, v.denominator)
        for p in game.parameters
        if (v := others.get(p.name)) is not None
    }
    normal, _, A, B = symbolic_matrices(game)
    candidates = support_candidates(A, B)
    local = {
        id(c): [sympy.cancel(f.xreplace(substitutions)) for f in _functions(c)] for c in candidates
    }
    try:
        factors = irreducible_factors(
            {f for fs in local.values() for f in fs if not f.is_number}, x.symbol, y.symbol
        )
        x_range = declared_range(x)
        critical = critical_values(factors, x.symbol, y.symbol, x_range, declared_range(y))
    except Undecidable as reason:
        raise NotImplementedError(f"regions over {x.name} and {y.name}: {reason}") from reason
    found: dict[frozenset, MatrixRegion] = {}
    samples = sample_points(critical, x_range)
    for sample in samples:
        at = Fraction(int(sample.p), int(sample.q))
        along = solve_two_player_along(game, y.name, {**others, x.name: at})
        for piece in along.pieces:
            key = _key(piece.equilibria)
            if key in found:
                continue
            w = piece.witness
            witness = {x.name: at, y.name: Fraction(int(w.p), int(w.q))}
            found[key] = MatrixRegion(
                piece.equilibria,
                prune(_conditions(candidates, local, key, normal), (x, y)),
                witness,
                piece.exact,
            )
    return MatrixRegions(
        game,
        (x, y),
        dict(fixed),
        tuple(found.values()),
        len(samples),
        complete=True,
        method=(
            f"a cylindrical decomposition: exact analysis along {y.name} at {len(samples)} values "
            f"of {x.name}, one between each pair of the {len(critical)} critical values"
        ),
    )


def _conditions(
    candidates: Sequence[SupportCandidate],
    local: Mapping[int, list[sympy.Expr]],
    key: frozenset,
    normal: NormalFormGame,
) -> tuple[sympy.Basic, ...]:
    """Every condition of the pairs that are equilibria, and for each other pair that can be
    one somewhere, the disjunction of the ways it fails."""
    holding: list[sympy.Basic] = []
    failing: list[sympy.Basic] = []
    for candidate in candidates:
        support = (
            tuple(normal.strategies[0][r] for r in candidate.rows),
            tuple(normal.strategies[1][c] for c in candidate.cols),
        )
        functions = local[id(candidate)]
        if support in key:
            for f in functions:
                if not f.is_number:
                    relation = readable_relation(sympy.factor(f) > 0)
                    if relation not in holding:
                        holding.append(relation)
            continue
        if any(f.is_number and f < 0 for f in functions):
            continue  # never an equilibrium: nothing to say
        ways = list(
            dict.fromkeys(
                readable_relation(sympy.factor(-f) > 0) for f in functions if not f.is_number
            )
        )
        if ways:
            failing.append(sympy.Or(*ways))
    tight = tightest_bounds(holding)
    return (*tight, *(c for c in dict.fromkeys(failing) if c not in tight))


def nash_regions(game: Game, over: Sequence[str], fixed: Mapping[str, Fraction]) -> MatrixRegions:
    """The ``nash`` concept's path over several parameters: :func:`regions_two_player`, for
    two-player games and two parameters at a time.

    Raises
    ------
    NotImplementedError
        For games of other than two players, and for more than two parameters.
    """
    if len(game.players) != 2:
        raise NotImplementedError(
            "regions over several parameters are computed for trees of perfect information and "
            "two-player games; analyse this game over one parameter and fix the others"
        )
    if len(over) > 2:
        raise NotImplementedError(
            f"regions of a two-player game are computed over two parameters at a time, not "
            f"{len(over)} ({', '.join(over)}); name two with over=... (--over)"
        )
    return regions_two_player(game, over, fixed)
