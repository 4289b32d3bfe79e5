"""Subgame-perfect play as one parameter moves: exact pieces and the points where play switches.

Backward induction is carried out symbolically in every parameter, but the pieces are found
along one parameter ``x`` with the others held at given values: every comparison a player makes
is a difference of payoffs, a rational function of ``x`` once the others are fixed, so its sign
changes only at the real roots of its numerator and denominator. Those points are found
exactly (sympy ``real_roots``), and between two consecutive ones the play is read off at an
exact rational point. The result is exact: no grid, no tolerance.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy

from deterrence.analysis.algebra import rational_between, same_number, sign_changes
from deterrence.errors import SolverError
from deterrence.game.instantiate import instantiate
from deterrence.game.parameters import Parameter
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.spe import backward_induction

#: Refinement passes before giving up (each pass can only add roots of finitely many functions).
MAX_PASSES = 50


@dataclass(frozen=True)
class Comparison:
    """A comparison that decides a player's move: ``difference`` = payoff of ``chosen`` minus
    payoff of ``other`` for the mover, symbolic in every parameter; positive where ``chosen``
    is strictly better."""

    node: int
    chosen: int
    other: int
    difference: sympy.Expr


@dataclass(frozen=True)
class Play:
    """One pure subgame-perfect equilibrium on a piece: the action at every decision node, the
    payoffs and outcome probabilities (symbolic in every parameter), and the comparisons behind
    each choice (chosen action against every other action at every node)."""

    choices: Mapping[int, int]
    values: tuple[sympy.Expr, ...]
    outcomes: Mapping[str, sympy.Expr]
    comparisons: tuple[Comparison, ...]


@dataclass(frozen=True)
class Piece:
    """An open interval of the parameter on which the subgame-perfect play is one and the same.

    ``plays`` holds every pure SPE on the piece: one, unless a player is indifferent over the
    whole interval, when each tie-break is a play of its own. ``functions`` are the comparisons
    that are strictly positive throughout the piece.
    """

    lower: sympy.Expr
    upper: sympy.Expr
    plays: tuple[Play, ...]
    functions: tuple[sympy.Expr, ...]
    witness: sympy.Rational

    @property
    def choices(self) -> Mapping[int, int]:
        """The action taken at every decision node (by node index) in the first pure SPE on the
        piece; see :attr:`plays` for the others where there are ties.
        """
        return self.plays[0].choices

    @property
    def values(self) -> tuple[sympy.Expr, ...]:
        """Every player's payoff, in the order of the game's players, in the first pure SPE on the
        piece, symbolic in every parameter.
        """
        return self.plays[0].values

    @property
    def outcomes(self) -> Mapping[str, sympy.Expr]:
        """The probability of each outcome reached in the first pure SPE on the piece, symbolic in
        every parameter; outcomes of probability zero are left out.
        """
        return self.plays[0].outcomes

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """The comparisons behind the choices of the first pure SPE on the piece: the chosen action
        against every other action at every decision node.
        """
        return self.plays[0].comparisons

    @property
    def ties(self) -> bool:
        """Whether a player is indifferent throughout the piece (several pure SPE)."""
        return len(self.plays) > 1

    @property
    def outcome_sets(self) -> tuple[Mapping[str, sympy.Expr], ...]:
        """The outcome distribution of each pure SPE on the piece."""
        return tuple(play.outcomes for play in self.plays)

    @property
    def exact(self) -> bool:
        """Always True: backward induction along one parameter is exact on every piece (the
        two-player path's :attr:`MatrixPiece.exact` may be False).
        """
        return True


@dataclass(frozen=True)
class OneParameterSolution:
    """The pieces in order, and the points between them where play switches."""

    game: ExtensiveGame
    parameter: Parameter
    fixed: Mapping[str, Fraction]
    pieces: tuple[Piece, ...]

    @property
    def switch_points(self) -> tuple[sympy.Expr, ...]:
        """The exact points where the play switches: the upper end of every piece but the last, in
        increasing order.

        Examples
        --------
        >>> import deterrence as dt
        >>> from deterrence.game.parameters import resolve_values
        >>> game = dt.load("extended-deterrence")
        >>> solve_along(game, "p", resolve_values(game.parameters)).switch_points
        (3/10, 7/10)
        """
        return tuple(p.upper for p in self.pieces[:-1])

    def piece_index(self, x):
        """Index of the piece holding each value of ``x`` (a number or numpy array): one
        vectorised ``searchsorted`` over the exact switch points, rounded to floats.
        A value exactly at a switch point gets the piece to its right."""
        import numpy as np

        cuts = np.array([float(sympy.N(b, 20)) for b in self.switch_points])
        return np.searchsorted(cuts, np.asarray(x, dtype=float), side="right")


def as_expr(value: object) -> sympy.Expr:
    """A sympy expression for a payoff or probability held as Fraction, int or expression."""
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, int):
        return sympy.Integer(value)
    assert isinstance(value, sympy.Expr)
    return value


def declared_range(parameter: Parameter) -> tuple[sympy.Expr, sympy.Expr]:
    """A parameter's bounds as sympy numbers, infinite where it has none."""
    lower = (
        sympy.Rational(parameter.lower.numerator, parameter.lower.denominator)
        if parameter.lower is not None
        else sympy.S.NegativeInfinity
    )
    upper = (
        sympy.Rational(parameter.upper.numerator, parameter.upper.denominator)
        if parameter.upper is not None
        else sympy.S.Infinity
    )
    return lower, upper


class PointEvaluator:
    """Exact subgame-perfect play of the parametric game at rational points."""

    def __init__(self, game: ExtensiveGame, x: Parameter, fixed: Mapping[str, Fraction]):
        if not game.is_perfect_information:
            raise NotImplementedError(
                "exact parametric analysis covers trees of perfect information; this game has "
                "information sets with several nodes"
            )
        self.game = game
        self.x = x
        self.fixed = dict(fixed)
        self.substitutions = {
            p.symbol: sympy.Rational(v.numerator, v.denominator)
            for p in game.parameters
            if (v := self.fixed.get(p.name)) is not None and p.name != x.name
        }

    def structures(self, point: sympy.Rational) -> list[dict[int, int]]:
        """The choices of every pure SPE at ``point`` (several where a player is indifferent)."""
        values = {**self.fixed, self.x.name: Fraction(int(point.p), int(point.q))}
        numeric, _ = instantiate(self.game, values)
        assert isinstance(numeric, ExtensiveGame)
        found, complete = backward_induction(numeric)
        if not complete:
            raise NotImplementedError("too many tied subgame-perfect equilibria to follow")
        return [dict(spe.choices) for spe in found]

    def symbolic(
        self, choices: Mapping[int, int]
    ) -> tuple[dict[int, tuple[sympy.Expr, ...]], list[Comparison]]:
        """Every node's payoff vector under ``choices``, and the comparisons behind them."""
        game = self.game
        value: dict[int, tuple[sympy.Expr, ...]] = {}
        comparisons: list[Comparison] = []
        for index in reversed(game.preorder):
            node = game.nodes[index]
            if node.kind == "terminal":
                assert node.payoff is not None
                value[index] = tuple(as_expr(v) for v in node.payoff.total)
            elif node.kind == "chance":
                branches = list(zip(node.probs, node.children, strict=True))
                value[index] = tuple(
                    sympy.expand(
                        sum((as_expr(p) * value[c][i] for p, c in branches), sympy.Integer(0))
                    )
                    for i in range(len(game.players))
                )
            else:
                assert node.player is not None
                chosen = choices[index]
                value[index] = value[node.children[chosen]]
                for other, child in enumerate(node.children):
                    if other != chosen:
                        difference = sympy.cancel(
                            value[node.children[chosen]][node.player] - value[child][node.player]
                        )
                        comparisons.append(Comparison(index, chosen, other, difference))
        return value, comparisons

    def outcomes(self, choices: Mapping[int, int]) -> dict[str, sympy.Expr]:
        """Probability of each outcome label under ``choices``, symbolic."""
        game = self.game
        reach: dict[str, sympy.Expr] = {}
        stack: list[tuple[int, sympy.Expr]] = [(game.root, sympy.Integer(1))]
        while stack:
            index, weight = stack.pop()
            node = game.nodes[index]
            if node.kind == "terminal":
                label = node.outcome or node.label
                reach[label] = sympy.expand(reach.get(label, sympy.Integer(0)) + weight)
            elif node.kind == "chance":
                for p, child in zip(node.probs, node.children, strict=True):
                    stack.append((child, weight * as_expr(p)))
            else:
                stack.append((node.children[choices[index]], weight))
        return {k: v for k, v in reach.items() if v != 0}


def solve_along(
    game: ExtensiveGame, parameter: str, fixed: Mapping[str, Fraction]
) -> OneParameterSolution:
    """Subgame-perfect play of ``game`` over the whole range of ``parameter``.

    Parameters
    ----------
    game : ExtensiveGame
        A parametric tree of perfect information (chance nodes allowed).
    parameter : str
        The parameter that moves, over its declared bounds.
    fixed : mapping
        Values of every other parameter.

    Raises
    ------
    NotImplementedError
        Where the exact path cannot decide (imperfect information; payoffs that are not
        rational functions of the parameter).
    """
    by_name = {p.name: p for p in game.parameters}
    x = by_name[parameter]
    lower, upper = declared_range(x)
    evaluator = PointEvaluator(game, x, fixed)
    interior: list[sympy.Expr] = []
    for _ in range(MAX_PASSES):
        cuts = [lower, *interior, upper]
        added: list[sympy.Expr] = []
        pieces = []
        for a, b in itertools.pairwise(cuts):
            point = rational_between(a, b)
            plays, functions = [], []
            for choices in evaluator.structures(point):
                values, comparisons = evaluator.symbolic(choices)
                for c in comparisons:
                    local = sympy.cancel(c.difference.xreplace(evaluator.substitutions))
                    if local == 0:
                        continue  # indifferent throughout: a tie, not a switch
                    functions.append(c.difference)
                    for root in sign_changes(local, x.symbol, a, b):
                        if not any(same_number(root, known) for known in [*interior, *added]):
                            added.append(root)
                plays.append(
                    Play(
                        choices, values[game.root], evaluator.outcomes(choices), tuple(comparisons)
                    )
                )
            unique = tuple(dict.fromkeys(functions))
            pieces.append(Piece(a, b, tuple(plays), unique, point))
        if not added:
            break
        interior = sorted([*interior, *added], key=lambda v: sympy.N(v, 60))
    else:
        raise SolverError("the switch points of the equilibrium did not settle")
    merged: list[Piece] = []
    for piece in pieces:
        if merged and _same_plays(merged[-1], piece):
            last = merged[-1]
            merged[-1] = Piece(last.lower, piece.upper, last.plays, last.functions, last.witness)
            continue
        merged.append(piece)
    return OneParameterSolution(game, x, dict(fixed), tuple(merged))


def _same_plays(a: Piece, b: Piece) -> bool:
    def key(piece: Piece) -> set[tuple[tuple[int, int], ...]]:
        return {tuple(sorted(play.choices.items())) for play in piece.plays}

    return key(a) == key(b)
