"""Nash equilibria of a two-player game as one parameter moves, exactly.

Symbolic support enumeration (Mangasarian 1964; von Stengel 2007, sect. 3.2): for each pair of
supports of equal size the indifference equations give the mixed strategies as rational
functions of the parameters; such a pair is an equilibrium where every probability is positive
and no strategy outside the support does better. Along one parameter, with the others fixed,
each of these conditions changes sign only at the real roots of its numerator and denominator,
found exactly; between two consecutive roots the valid pairs are read off at an exact rational
point. The equilibria of each piece are cross-checked at that point against the exact
enumeration of :mod:`deterrence.solvers.bimatrix_exact`; a piece where they differ (a game
degenerate on a whole interval) is reported, never papered over.

Covers two-player normal forms and trees whose reduced normal form has two players (games of
incomplete information such as credibility as a prior over the defender's type).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from deterrence import limits
from deterrence.analysis.algebra import rational_between, same_number, sign_changes
from deterrence.analysis.one_parameter import as_expr, declared_range
from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import Parameter
from deterrence.game.play import outcome_distribution, terminal_distribution
from deterrence.game.reduced_form import pure_chooser, reduced_normal_form
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.bimatrix_exact import extreme_equilibria


@dataclass(frozen=True)
class SymbolicMixed:
    """A Nash equilibrium as functions of the parameters: each player's mixed strategy (over
    the strategies in its support), the outcome probabilities and the payoffs."""

    strategies: tuple[Mapping[str, sympy.Expr], Mapping[str, sympy.Expr]]
    outcomes: Mapping[str, sympy.Expr]
    payoffs: tuple[sympy.Expr, sympy.Expr]
    conditions: tuple[sympy.Expr, ...]


@dataclass(frozen=True)
class MatrixPiece:
    """An open interval of the parameter with the same equilibria (by support) throughout.

    ``functions`` are positive throughout the piece (they decide which supports are valid);
    ``exact`` is False where the symbolic equilibria did not match the exact enumeration at
    the witness point (then ``equilibria`` may be incomplete).
    """

    lower: sympy.Expr
    upper: sympy.Expr
    witness: sympy.Rational
    equilibria: tuple[SymbolicMixed, ...]
    functions: tuple[sympy.Expr, ...]
    exact: bool

    @property
    def outcome_sets(self) -> tuple[Mapping[str, sympy.Expr], ...]:
        """The outcome distribution of each equilibrium on the piece, symbolic in every
        parameter.
        """
        return tuple(eq.outcomes for eq in self.equilibria)


@dataclass(frozen=True)
class TwoPlayerAlong:
    """Every Nash equilibrium of a two-player game along one parameter, by symbolic support
    enumeration (see the module docstring).

    Parameters
    ----------
    game : Game
        The game analysed: a two-player normal form, or a tree whose reduced normal form has two
        players.
    parameter : Parameter
        The parameter that moves, over its declared bounds.
    fixed : mapping of str to Fraction
        The values of the other parameters.
    pieces : tuple of MatrixPiece
        The open intervals with the same equilibria (by support) throughout, in increasing order;
        neighbouring pieces have different equilibria.
    """

    game: Game
    parameter: Parameter
    fixed: Mapping[str, Fraction]
    pieces: tuple[MatrixPiece, ...]

    @property
    def switch_points(self) -> tuple[sympy.Expr, ...]:
        """The exact points where the equilibria change: the upper end of every piece but the last,
        in increasing order.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> path = solve_two_player_along(dt.load("chicken"), "e", {"L": Fraction(10)})
        >>> path.switch_points
        (1,)
        """
        return tuple(p.upper for p in self.pieces[:-1])


@dataclass(frozen=True)
class SupportCandidate:
    """A pair of supports of equal size whose indifference equations have a unique solution.

    Parameters
    ----------
    rows, cols : tuple of int
        The supports: the row player's and the column player's strategies played.
    x, y : tuple of sympy.Expr
        The row and the column player's mixed strategies from the indifference equations, over
        all of their strategies (zero outside the support), symbolic in every parameter.
    conditions : tuple of sympy.Expr
        Where the pair is an equilibrium: each probability in a support of more than one strategy
        must be positive, and each payoff gap of a strategy outside a support (the equilibrium
        payoff minus that strategy's) non-negative.
    """

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    x: tuple[sympy.Expr, ...]  # over all rows
    y: tuple[sympy.Expr, ...]  # over all columns
    conditions: tuple[sympy.Expr, ...]  # each must be > 0 (or >= 0 for slacks)


def _solve_side(M: sympy.Matrix) -> tuple[sympy.Expr, ...] | None:
    """Probabilities q with M q = u 1 and sum q = 1 (M square), or None if singular."""
    k = M.shape[0]
    system = sympy.zeros(k + 1, k + 1)
    system[:k, :k] = M
    system[:k, k] = -sympy.ones(k, 1)
    system[k, :k] = sympy.ones(1, k)
    rhs = sympy.zeros(k + 1, 1)
    rhs[k] = 1
    if sympy.simplify(system.det()) == 0:
        return None
    solution = system.LUsolve(rhs)
    return tuple(sympy.cancel(v) for v in solution)


def support_candidates(A: sympy.Matrix, B: sympy.Matrix) -> list[SupportCandidate]:
    """Every pair of supports of equal size of the bimatrix game ``(A, B)`` whose indifference
    equations are non-singular, with the strategies they fix and the conditions under which they
    are an equilibrium (Mangasarian 1964; von Stengel 2007, sect. 3.2).

    Pairs of unequal size are left out: in a nondegenerate game no equilibrium has them, and the
    exact enumeration at the witness point reports a game degenerate on a whole interval.

    Parameters
    ----------
    A, B : sympy.Matrix
        The row and the column player's payoffs, of the same shape, symbolic in any parameters.

    Returns
    -------
    list of SupportCandidate
        By support size, then rows, then columns, in lexicographic order.

    Raises
    ------
    NotImplementedError
        Where the game has more than limit ``support_pairs`` support pairs.

    Examples
    --------
    Matching pennies has one equilibrium, each side mixing half and half:

    >>> import sympy
    >>> A = sympy.Matrix([[1, -1], [-1, 1]])
    >>> found = support_candidates(A, -A)
    >>> [(c.rows, c.cols) for c in found if all(v >= 0 for v in c.conditions)]
    [((0, 1), (0, 1))]
    >>> found[-1].x
    (1/2, 1/2)
    """
    m, n = A.shape
    if math.comb(m + n, m) - 1 > limits.count("support_pairs"):
        raise NotImplementedError(
            f"a {m}x{n} game has {math.comb(m + n, m) - 1:,} support pairs, too many for the "
            f"symbolic path ({limits.message('support_pairs')})"
        )
    found = []
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                y_part = _solve_side(A.extract(list(rows), list(cols)))
                x_part = _solve_side(B.extract(list(rows), list(cols)).T)
                if y_part is None or x_part is None:
                    continue
                y = [sympy.Integer(0)] * n
                for j, c in enumerate(cols):
                    y[c] = y_part[j]
                x = [sympy.Integer(0)] * m
                for i, r in enumerate(rows):
                    x[r] = x_part[i]
                u, v = y_part[k], x_part[k]
                conditions = []
                if k > 1:
                    conditions += [x[r] for r in rows] + [y[c] for c in cols]
                conditions += [
                    sympy.cancel(u - sum((A[r, c] * y[c] for c in cols), sympy.Integer(0)))
                    for r in range(m)
                    if r not in rows
                ]
                conditions += [
                    sympy.cancel(v - sum((B[r, c] * x[r] for r in rows), sympy.Integer(0)))
                    for c in range(n)
                    if c not in cols
                ]
                found.append(SupportCandidate(rows, cols, tuple(x), tuple(y), tuple(conditions)))
    return found


def symbolic_matrices(game: Game):
    """The two-player normal form of ``game`` (its reduced normal form for a tree), the outcome
    distribution of each pure profile, and the payoff matrices ``A``, ``B`` as sympy matrices
    in every parameter."""
    if isinstance(game, ExtensiveGame):
        reduced = reduced_normal_form(game)
        normal = reduced.game
        distributions = [
            {
                k: as_expr(v)
                for k, v in outcome_distribution(
                    game, terminal_distribution(game, pure_chooser(profile))
                ).items()
            }
            for profile in itertools.product(*reduced.plans)
        ]
    else:
        normal = game
        distributions = [{normal.outcome(p): sympy.Integer(1)} for p in normal.profiles()]
    m, n = normal.shape
    A = sympy.Matrix(m, n, lambda r, c: as_expr(normal.payoff((r, c)).total[0]))
    B = sympy.Matrix(m, n, lambda r, c: as_expr(normal.payoff((r, c)).total[1]))
    return normal, distributions, A, B


def solve_two_player_along(
    game: Game, parameter: str, fixed: Mapping[str, Fraction]
) -> TwoPlayerAlong:
    """Every Nash equilibrium of a two-player game over the whole range of ``parameter``."""
    if len(game.players) != 2:
        raise NotImplementedError("the symbolic Nash path covers two-player games")
    by_name = {p.name: p for p in game.parameters}
    x = by_name[parameter]
    normal, distributions, A, B = symbolic_matrices(game)
    substitutions = {
        p.symbol: sympy.Rational(v.numerator, v.denominator)
        for p in game.parameters
        if (v := fixed.get(p.name)) is not None and p.name != parameter
    }
    lower, upper = declared_range(x)
    candidates = support_candidates(A, B)
    interior: list[sympy.Expr] = []
    for candidate in candidates:
        for function in (*candidate.conditions, *candidate.x, *candidate.y):
            for root in sign_changes(function.xreplace(substitutions), x.symbol, lower, upper):
                if not any(same_number(root, known) for known in interior):
                    interior.append(root)
    cuts = [lower, *sorted(interior, key=lambda v: sympy.N(v, 60)), upper]
    pieces = []
    for a, b in itertools.pairwise(cuts):
        witness = rational_between(a, b)
        point = {**substitutions, x.symbol: witness}
        valid, functions = [], []
        for candidate in candidates:
            signs = [f.xreplace(point) for f in candidate.conditions]
            if all(s >= 0 for s in signs) and all(
                v.xreplace(point) >= 0 for v in (*candidate.x, *candidate.y)
            ):
                valid.append(candidate)
                functions += [f for f, s in zip(candidate.conditions, signs, strict=True) if s > 0]
        equilibria = tuple(_symbolic(candidate, normal, distributions) for candidate in valid)
        exact = _matches_exact(
            game, {**fixed, parameter: Fraction(int(witness.p), int(witness.q))}, valid, point
        )
        pieces.append(MatrixPiece(a, b, witness, equilibria, tuple(functions), exact))
    return TwoPlayerAlong(game, x, dict(fixed), tuple(_merge(pieces)))


def _symbolic(
    candidate: SupportCandidate,
    normal: NormalFormGame,
    distributions: Sequence[Mapping[str, sympy.Expr]],
) -> SymbolicMixed:
    n = normal.shape[1]
    outcomes: dict[str, sympy.Expr] = {}
    payoffs = [sympy.Integer(0), sympy.Integer(0)]
    for r in candidate.rows:
        for c in candidate.cols:
            weight = candidate.x[r] * candidate.y[c]
            for label, prob in distributions[r * n + c].items():
                outcomes[label] = outcomes.get(label, sympy.Integer(0)) + weight * prob
            for i in range(2):
                payoffs[i] += weight * as_expr(normal.payoff((r, c)).total[i])
    return SymbolicMixed(
        strategies=(
            {normal.strategies[0][r]: candidate.x[r] for r in candidate.rows},
            {normal.strategies[1][c]: candidate.y[c] for c in candidate.cols},
        ),
        outcomes={
            k: sympy.factor(sympy.cancel(v)) for k, v in outcomes.items() if sympy.cancel(v) != 0
        },
        payoffs=(sympy.factor(sympy.cancel(payoffs[0])), sympy.factor(sympy.cancel(payoffs[1]))),
        conditions=candidate.conditions,
    )


def _matches_exact(game, values, valid, point) -> bool:
    """Whether the valid supports give exactly the extreme equilibria at the witness point."""
    numeric, _ = instantiate(game, values)
    if isinstance(numeric, ExtensiveGame):
        numeric = reduced_normal_form(numeric).game
    found = extreme_equilibria(*numeric.matrices())
    ours = {
        (
            tuple(Fraction(str(v.xreplace(point))) for v in c.x),
            tuple(Fraction(str(v.xreplace(point))) for v in c.y),
        )
        for c in valid
    }
    return ours == set(found.equilibria)


def _merge(pieces: list[MatrixPiece]) -> list[MatrixPiece]:
    merged: list[MatrixPiece] = []
    for piece in pieces:
        if merged and _same_supports(merged[-1], piece):
            last = merged[-1]
            merged[-1] = MatrixPiece(
                last.lower,
                piece.upper,
                last.witness,
                last.equilibria,
                last.functions,
                last.exact and piece.exact,
            )
            continue
        merged.append(piece)
    return merged


def _same_supports(a: MatrixPiece, b: MatrixPiece) -> bool:
    def key(piece: MatrixPiece) -> set:
        return {tuple(tuple(sorted(s)) for s in eq.strategies) for eq in piece.equilibria}

    return key(a) == key(b)


__all__ = [
    "MatrixPiece",
    "SolverError",
    "SymbolicMixed",
    "TwoPlayerAlong",
    "solve_two_player_along",
]


def nash_along(game: Game, param: str, values: Mapping[str, Fraction]) -> TwoPlayerAlong:
    """The ``nash`` concept's one-parameter path: :func:`solve_two_player_along` for
    two-player games.

    Raises
    ------
    NotImplementedError
        For games of other than two players.
    """
    if len(game.players) != 2:
        raise NotImplementedError(
            "exact parametric analysis of Nash equilibria covers two-player games; this game "
            f"has {len(game.players)} players"
        )
    return solve_two_player_along(game, param, values)
