"""Closed forms of a threshold and the conditions under which they apply.

A threshold is a switch point of the exact path along one parameter: the root of a comparison
of payoffs. Solved for the parameter, that root is the threshold in closed form, in the other
parameters; the signs every other comparison has there, and the order of the switch points
between the bound of the range and the threshold, are the conditions under which that form is
the threshold. Everything here is exact algebra on the pieces of the path
(:mod:`deterrence.analysis.one_parameter`, :mod:`deterrence.analysis.two_player_along`); what
the threshold means for the game is :mod:`deterrence.analysis.threshold`.

The examples share one small model, Schelling's threat that leaves something to chance: a
target defies (gaining ``g``, losing ``c`` when disaster strikes, with probability ``q``) or
complies. Along ``q`` in ``[0, 1]`` at ``g = 1``, ``c = 3`` it defies below ``q = 1/4`` and
complies above.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction

import sympy

from deterrence.analysis.algebra import readable_relation
from deterrence.analysis.one_parameter import Piece
from deterrence.analysis.two_player_along import MatrixPiece
from deterrence.game.parameters import Parameter

AnyPiece = Piece | MatrixPiece


def closed_form_at(
    x: sympy.Symbol,
    point: sympy.Expr,
    inside: AnyPiece,
    outside: AnyPiece,
    substitutions: dict,
    parameter: Parameter,
) -> tuple[sympy.Expr | None, tuple[sympy.Basic, ...]]:
    """The switch at ``point`` in closed form, with the conditions under which it applies.

    Parameters
    ----------
    x : sympy.Symbol
        The parameter that moves.
    point : sympy expression
        The switch point, at the given values of the other parameters.
    inside, outside : Piece or MatrixPiece
        The pieces on either side of it: where the condition holds, and where it does not.
    substitutions : dict
        The other parameters' symbols and their given values.
    parameter : Parameter
        The parameter that moves, for its declared bounds.

    Returns
    -------
    tuple
        The root, in ``x``, of a comparison that switches at ``point`` (None where none does),
        and the sign every other comparison has there as conditions on the other parameters:
        ``(None, ())`` where there is no closed form.

    Examples
    --------
    >>> import sympy
    >>> from fractions import Fraction
    >>> from deterrence.analysis.one_parameter import Piece
    >>> from deterrence.game.parameters import Parameter
    >>> q = Parameter("q", Fraction(1, 2), Fraction(0), Fraction(1))
    >>> g, c = Parameter("g").symbol, Parameter("c").symbol
    >>> R = sympy.Rational
    >>> defy = Piece(R(0), R(1, 4), (), (g - (c + g) * q.symbol,), R(1, 8))
    >>> comply = Piece(R(1, 4), R(1), (), ((c + g) * q.symbol - g,), R(5, 8))
    >>> closed_form_at(q.symbol, R(1, 4), comply, defy, {g: 1, c: 3}, q)
    (g/(c + g), (-c - g < 0, g/(c + g) > 0, g/(c + g) < 1))
    """
    functions = list(dict.fromkeys((*outside.functions, *inside.functions)))
    candidates = list(roots_at(x, point, functions, substitutions))
    if not candidates:
        return None, ()
    switching_function, closed = candidates[0]
    # Comparisons that switch here only because of the given values (their switch points
    # coincide with this one by accident, not as expressions) are conditions, below.
    switching = {f for f, s in candidates if sympy.simplify(s - closed) == 0}
    conditions: list[sympy.Basic] = []
    # The formula marks the switch only where the switching comparison crosses zero in the
    # same direction as here: the sign of its slope in the parameter is a condition too.
    slope = sympy.diff(switching_function, x)
    at_switch = sympy.simplify(slope.xreplace({x: closed}))
    slope_here = at_switch.xreplace(substitutions)
    if not at_switch.is_number and slope_here.is_number and slope_here != 0:
        relation = at_switch > 0 if slope_here > 0 else at_switch < 0
        if relation is not sympy.true:
            conditions.append(relation)
    for function in functions:
        if function in switching:
            continue
        at_threshold = sympy.simplify(function.xreplace({x: closed}))
        if at_threshold.is_number:
            continue
        sign = at_threshold.xreplace(substitutions)
        if not sign.is_number:
            continue
        if sign == 0:
            # Another comparison switches at the very same point (a coincidence of the given
            # values): the form holds on the side where that comparison keeps the sign it has
            # in its piece, up to and including the coincidence, never beyond it.
            side = sign_in_pieces(function, (inside, outside), substitutions, x)
            if side is None:
                return None, ()
            relation = at_threshold >= 0 if side > 0 else at_threshold <= 0
            if not any(same_relation(relation, c) for c in conditions):
                conditions.append(relation)
            continue
        relation = at_threshold > 0 if sign > 0 else at_threshold < 0
        if relation is not sympy.true and not any(same_relation(relation, c) for c in conditions):
            conditions.append(relation)
    # A player indifferent throughout a piece (a tie at the given values, not a switch) makes
    # the form hold only where that indifference persists: an equation, never dropped.
    for piece in (inside, outside):
        for play in getattr(piece, "plays", ()):
            for comparison in play.comparisons:
                if sympy.cancel(comparison.difference.xreplace(substitutions)) != 0:
                    continue
                tie = sympy.factor(sympy.cancel(comparison.difference.xreplace({x: closed})))
                if tie.is_number:
                    continue
                if tie.could_extract_minus_sign():
                    tie = -tie
                equation = sympy.Eq(tie, 0)
                if equation not in conditions:
                    conditions.append(equation)
    for bound, relation in (
        (parameter.lower, lambda b: closed > b),
        (parameter.upper, lambda b: closed < b),
    ):
        if bound is not None:
            r = relation(sympy.Rational(bound.numerator, bound.denominator))
            if r is not sympy.true:
                conditions.append(r)
    return sympy.simplify(closed), tuple(conditions)


def range_conditions(
    x: sympy.Symbol,
    pieces: Sequence[AnyPiece],
    closed: sympy.Expr,
    bound: Fraction | None,
    substitutions: dict,
    least: bool,
) -> list[sympy.Basic] | None:
    """Conditions under which every piece between the bound of the range and the threshold
    keeps its play, so that the condition keeps failing there.

    Each such piece is where all its comparisons are positive. A comparison linear in the
    parameter is positive on an interval exactly when it is nonnegative at both ends and
    not zero at both; the ends are the bound, the switch points in between (each the root of
    a comparison, in closed form) and the threshold, which must keep their order.

    Parameters
    ----------
    x : sympy.Symbol
        The parameter that moves.
    pieces : sequence of Piece or MatrixPiece
        The pieces from the bound to the threshold, in that order.
    closed : sympy expression
        The threshold in closed form.
    bound : Fraction or None
        The declared bound of the range on the side of ``pieces``.
    substitutions : dict
        The other parameters' symbols and their given values.
    least : bool
        Whether the pieces run upwards (a least threshold) or downwards.

    Returns
    -------
    list of sympy relationals or None
        The conditions; None where they cannot be certified this way (an unbounded side, a
        tie, a comparison not linear in ``x``, an order of the ends that never holds).

    Examples
    --------
    >>> import sympy
    >>> from fractions import Fraction
    >>> from deterrence.analysis.one_parameter import Piece
    >>> q, g, c = (sympy.Symbol(n, real=True) for n in "qgc")
    >>> R = sympy.Rational
    >>> defy = Piece(R(0), R(1, 4), (), (g - (c + g) * q,), R(1, 8))
    >>> range_conditions(q, [defy], g / (c + g), Fraction(0), {g: 1, c: 3}, True)
    [0 < g/(c + g), g >= 0]
    """
    if not pieces:
        return []
    if bound is None or any(not isinstance(piece, Piece) or piece.ties for piece in pieces):
        return None
    ends: list[sympy.Expr] = [sympy.Rational(bound.numerator, bound.denominator)]
    ordered = list(pieces)
    for left, right in itertools.pairwise(ordered):
        point = left.upper if least else left.lower
        root = root_at(x, point, (left, right), substitutions)
        if root is None:
            return None
        ends.append(root)
    ends.append(closed)
    conditions: list[sympy.Basic] = []
    for a, b in itertools.pairwise(ends):
        relation = a < b if least else a > b
        if relation is sympy.false:
            return None
        if relation is not sympy.true:
            conditions.append(relation)
    for k, piece in enumerate(ordered):
        for function in piece.functions:
            numerator, denominator = sympy.fraction(sympy.together(function))
            if x in denominator.free_symbols or sympy.degree(numerator, x) > 1:
                return None
            at_ends = [
                sympy.factor(sympy.cancel(function.xreplace({x: e}))) for e in ends[k : k + 2]
            ]
            if all(v.is_number for v in at_ends):
                if any(v < 0 for v in at_ends) or all(v == 0 for v in at_ends):
                    return None
                continue
            for value in at_ends:
                if not value.is_number:
                    conditions.append(value >= 0)
            if all(not v.is_number for v in at_ends):
                conditions.append(sympy.Or(at_ends[0] > 0, at_ends[1] > 0))
    return [c for c in conditions if c is not sympy.true]


def edge_conditions(x: sympy.Symbol, edge: Piece, bound: sympy.Expr) -> list[sympy.Basic] | None:
    """Conditions under which the play of ``edge``, the piece next to a bound of the range,
    is the play just inside that bound: every comparison of the piece positive at the bound
    (then, by continuity, it stays positive just inside).

    Parameters
    ----------
    x : sympy.Symbol
        The parameter that moves.
    edge : Piece
        The piece that starts (or ends) at ``bound``.
    bound : sympy expression
        A finite bound of the range.

    Returns
    -------
    list of sympy relationals or None
        The conditions, each as readable as one parameter allows; None where a comparison is
        not positive at the bound, whatever the other parameters.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.one_parameter import Piece
    >>> q, g, c = (sympy.Symbol(n, real=True) for n in "qgc")
    >>> R = sympy.Rational
    >>> defy = Piece(R(0), R(1, 4), (), (g - (c + g) * q,), R(1, 8))
    >>> edge_conditions(q, defy, R(0))
    [g > 0]
    """
    found: list[sympy.Basic] = []
    for function in edge.functions:
        at = sympy.factor(sympy.cancel(function.xreplace({x: bound})))
        if at.is_number:
            if not at > 0:
                return None
            continue
        relation = readable_relation(at > 0)
        if relation is sympy.false:
            return None
        if relation is not sympy.true and relation not in found:
            found.append(relation)
    return found


def root_at(
    x: sympy.Symbol, point: sympy.Expr, pieces: Sequence[AnyPiece], substitutions: dict
) -> sympy.Expr | None:
    """The switch point ``point`` in closed form: the root of a comparison of these pieces
    that vanishes there.

    Parameters
    ----------
    x : sympy.Symbol
        The parameter that moves.
    point : sympy expression
        The switch point at the given values.
    pieces : sequence of Piece or MatrixPiece
        The pieces whose comparisons may switch there.
    substitutions : dict
        The other parameters' symbols and their given values.

    Returns
    -------
    sympy expression or None
        The root, simplified; None where no comparison of the pieces vanishes at ``point``.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.one_parameter import Piece
    >>> q, g, c = (sympy.Symbol(n, real=True) for n in "qgc")
    >>> R = sympy.Rational
    >>> defy = Piece(R(0), R(1, 4), (), (g - (c + g) * q,), R(1, 8))
    >>> root_at(q, R(1, 4), [defy], {g: 1, c: 3})
    g/(c + g)
    """
    functions = [f for piece in pieces for f in piece.functions]
    for _, solution in roots_at(x, point, functions, substitutions):
        return sympy.simplify(solution)
    return None


def roots_at(
    x: sympy.Symbol, point: sympy.Expr, functions: Sequence[sympy.Expr], substitutions: dict
) -> Iterator[tuple[sympy.Expr, sympy.Expr]]:
    """Each comparison that vanishes at ``point`` (the other parameters at their values), with
    its root in ``x`` as an expression in the other parameters that equals ``point`` there.

    Parameters
    ----------
    x : sympy.Symbol
        The parameter that moves.
    point : sympy expression
        The switch point at the given values.
    functions : sequence of sympy expressions
        The comparisons (payoff differences) to search.
    substitutions : dict
        The other parameters' symbols and their given values.

    Yields
    ------
    tuple
        ``(comparison, root)``, in the order of ``functions``.

    Examples
    --------
    >>> import sympy
    >>> q, g, c = (sympy.Symbol(n, real=True) for n in "qgc")
    >>> list(roots_at(q, sympy.Rational(1, 4), [g - (c + g) * q, q - 1], {g: 1, c: 3}))
    [(g - q*(c + g), g/(c + g))]
    """
    for function in functions:
        local = function.xreplace(substitutions)
        if sympy.simplify(local.xreplace({x: point})) != 0:
            continue
        for solution in sympy.solve(function, x):
            if sympy.simplify(solution.xreplace(substitutions) - point) == 0:
                yield function, solution


def sign_in_pieces(
    function: sympy.Expr, pieces: tuple[AnyPiece, ...], substitutions: dict, x: sympy.Symbol
) -> int | None:
    """The sign ``function`` has inside the pieces it decides (at their witnesses).

    Parameters
    ----------
    function : sympy expression
        A comparison.
    pieces : tuple of Piece or MatrixPiece
        The pieces to look in; only those among whose comparisons ``function`` is count.
    substitutions : dict
        The other parameters' symbols and their given values.
    x : sympy.Symbol
        The parameter that moves.

    Returns
    -------
    int or None
        ``1`` or ``-1``; None where the pieces disagree, where it is zero at a witness, or
        where no piece has it.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.one_parameter import Piece
    >>> q, g, c = (sympy.Symbol(n, real=True) for n in "qgc")
    >>> R = sympy.Rational
    >>> defy = Piece(R(0), R(1, 4), (), (g - (c + g) * q,), R(1, 8))
    >>> sign_in_pieces(g - (c + g) * q, (defy,), {g: 1, c: 3}, q)
    1
    """
    signs = set()
    for piece in pieces:
        if function in piece.functions:
            value = function.xreplace(substitutions).xreplace({x: piece.witness})
            if not value.is_number or value == 0:
                return None
            signs.add(1 if value > 0 else -1)
    return signs.pop() if len(signs) == 1 else None


def same_relation(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Whether two conditions ``f > 0`` / ``f < 0`` say the same, up to simplification.

    Parameters
    ----------
    a, b : sympy relationals

    Returns
    -------
    bool
        True where they are the same kind of relation between expressions whose differences
        simplify to the same.

    Examples
    --------
    >>> import sympy
    >>> g, c = sympy.symbols("g c", real=True)
    >>> same_relation(g * (c + 1) > 0, g * c + g > 0), same_relation(g > 0, g < 0)
    (True, False)
    """
    if type(a) is not type(b):
        return False
    return bool(sympy.simplify(a.lhs - a.rhs - (b.lhs - b.rhs)) == 0)


def interval_components(found: sympy.Set) -> list[sympy.Set]:
    """The connected pieces of a union of intervals and points.

    Parameters
    ----------
    found : sympy.Set
        A union of intervals and points, an interval, a point set or the empty set.

    Returns
    -------
    list of sympy.Set
        Its pieces (none for the empty set).

    Examples
    --------
    >>> import sympy
    >>> interval_components(sympy.Interval(0, 1) | sympy.Interval(2, 3))
    [Interval(0, 1), Interval(2, 3)]
    >>> interval_components(sympy.EmptySet)
    []
    """
    if isinstance(found, sympy.Union):
        return list(found.args)
    return [] if found.is_empty else [found]


def branch_start(relation: sympy.Basic, symbol: sympy.Symbol) -> sympy.Expr:
    """Where a branch of a piecewise form starts, to sort the branches by.

    Parameters
    ----------
    relation : sympy relational or boolean
        The branch's condition on ``symbol``.
    symbol : sympy.Symbol
        The variable of the piecewise form.

    Returns
    -------
    sympy expression or int
        The infimum of the values where ``relation`` holds; an unbounded or empty branch
        sorts at ``-10**9`` (from minus infinity) or ``10**9`` (empty, or from plus
        infinity), so that every key is finite.

    Examples
    --------
    >>> import sympy
    >>> a = sympy.Symbol("a", real=True)
    >>> branch_start((a >= 0) & (a < sympy.Rational(3, 20)), a), branch_start(a < 1, a)
    (0, -1000000000)
    """
    found = relation.as_set() if hasattr(relation, "as_set") else sympy.EmptySet
    infimum = found.inf if not found.is_empty else sympy.oo
    return infimum if infimum.is_finite else (-(10**9) if infimum == -sympy.oo else 10**9)
