"""Symmetric binary-action games with the number of players ``n`` as a parameter.

Each of ``n`` players chooses to *act* or not; a player's payoff depends only on its own
choice and on ``k``, the number of the *other* players who act (``0 <= k <= n - 1``): it is
``payoff_act(k)`` if it acts and ``payoff_not(k)`` if not. In a symmetric mixed equilibrium
every player acts with probability ``p`` in ``(0, 1)``, so ``k`` is binomial ``(n - 1, p)``
and ``p`` solves the indifference condition

    G(p) = E[payoff_act(k) - payoff_not(k)] = 0,   k ~ Binomial(n - 1, p)

(e.g. Diekmann 1985, "Volunteer's dilemma", J. Conflict Resolution 29(4), 605-610; Osborne
2004, *An Introduction to Game Theory*, sect. 4.8). This module computes ``G`` in closed form
for symbolic ``n`` and solves it with sympy. The payoff difference may be a polynomial in
``k`` (its expectation through falling factorial moments, ``E[k(k-1)...(k-r+1)] =
(n-1)(n-2)...(n-r) p^r``) plus terms that hold only at ``k = j`` or ``k = n - 1 - j`` for a
fixed ``j`` (written with ``KroneckerDelta`` or ``Piecewise`` on ``Eq(k, j)``, ``k >= 1``,
``k < 1``, ``k >= n - 1``, ``k < n - 1``), whose expectations are binomial probabilities.
Anything else is refused with :class:`NotImplementedError`, never guessed.

Examples
--------
The volunteer's dilemma: acting costs ``c`` and everyone gets ``b`` if at least one acts.

>>> import sympy
>>> b, c, n = sympy.symbols("b c n", positive=True)
>>> k = sympy.Symbol("k", integer=True, nonnegative=True)
>>> act = b - c
>>> wait = sympy.Piecewise((b, k >= 1), (0, True))
>>> found = symmetric_equilibria(act, wait, n, k)
>>> [sympy.simplify(1 - eq.p) for eq in found.mixed]
[(c/b)**(1/(n - 1))]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy
from sympy.functions.combinatorial.numbers import stirling

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff

__all__ = [
    "SymmetricEquilibrium",
    "SymmetricSolution",
    "comparative_statics",
    "expected_gain",
    "symmetric_equilibria",
    "symmetric_normal_form",
]

#: The probability of acting, in the closed forms.
P = sympy.Symbol("p", positive=True)


@dataclass(frozen=True)
class SymmetricEquilibrium:
    """One symmetric equilibrium: every player acts with probability ``p``.

    Parameters
    ----------
    p : sympy.Expr
        The probability of acting, a closed form in ``n`` and the parameters.
    kind : {"mixed", "all act", "none acts"}
    conditions : tuple of sympy.Basic
        What must hold for it to be an equilibrium: ``0 < p < 1`` for a mixed one, the
        best-response inequality for a pure one.
    nobody : sympy.Expr
        The probability that no player acts, ``(1 - p)^n``.
    someone : sympy.Expr
        The probability that at least one player acts.
    """

    p: Any
    kind: str
    conditions: tuple[Any, ...]
    nobody: Any
    someone: Any


@dataclass(frozen=True)
class SymmetricSolution:
    """What :func:`symmetric_equilibria` finds.

    Parameters
    ----------
    gain : sympy.Expr
        ``G(p)``, the expected gain from acting against ``n - 1`` others who act with
        probability ``p``.
    mixed : tuple of SymmetricEquilibrium
        The closed-form roots of ``G`` (each valid where its conditions hold).
    pure : tuple of SymmetricEquilibrium
        ``all act`` and ``none acts``, each with its condition.
    complete : bool
        Whether sympy's solution of ``G(p) = 0`` is known to be all of its roots.
    notes : tuple of str
    """

    gain: Any
    mixed: tuple[SymmetricEquilibrium, ...]
    pure: tuple[SymmetricEquilibrium, ...]
    complete: bool
    notes: tuple[str, ...] = field(default=())


def _events(expr: Any, k: Any, n: Any) -> list[tuple[Any, Any]]:
    """``expr`` as a sum of (coefficient polynomial in k, event) with event ``None`` (always)
    or an expression ``j``: the indicator of ``k = j``."""
    expr = sympy.sympify(expr, strict=True)
    if not expr.has(k):
        return [(expr, None)]
    if isinstance(expr, sympy.Add):
        return [term for arg in expr.args for term in _events(arg, k, n)]
    if isinstance(expr, sympy.Mul):
        indicators = [a for a in expr.args if a.has(sympy.Piecewise, sympy.KroneckerDelta)]
        if not indicators:
            return _polynomial(expr, k)
        if len(indicators) > 1:
            raise NotImplementedError(f"a product of indicators in k: {expr}")
        rest = sympy.Mul(*[a for a in expr.args if a is not indicators[0]])
        return [
            (rest * c if j is None else rest.subs(k, j) * c, j)
            for c, j in _events(indicators[0], k, n)
        ]
    if isinstance(expr, sympy.KroneckerDelta):
        a, b = expr.args
        j = b if a == k else a if b == k else None
        if j is None or j.has(k):
            raise NotImplementedError(f"unsupported KroneckerDelta: {expr}")
        return [(sympy.Integer(1), j)]
    if isinstance(expr, sympy.Piecewise):
        (v1, c1), *rest = expr.args
        other = sympy.Piecewise(*rest) if rest else sympy.Integer(0)
        if len(rest) == 1 and rest[0][1] == sympy.true:
            other = rest[0][0]
        j, inside = _event(c1, k, n)
        # v1 on the event, other elsewhere: other + (v1 - other) [event].
        terms = _events(other, k, n) if inside else _events(v1, k, n)
        on, off = (v1, other) if inside else (other, v1)
        for c, e in _events(on - off, k, n):
            if e is None:
                terms.append((sympy.sympify(c, strict=True).subs(k, j), j))
            else:
                terms.append((c, e) if sympy.simplify(e - j) == 0 else (0, None))
        return terms
    return _polynomial(expr, k)


def _event(condition: Any, k: Any, n: Any) -> tuple[Any, bool]:
    """A condition on ``k`` as (j, True) for ``k = j`` or (j, False) for ``k != j``."""
    if isinstance(condition, sympy.Eq):
        j = sympy.solve(condition, k)
        if len(j) == 1:
            return j[0], True
    if isinstance(condition, sympy.Ne):
        j = sympy.solve(sympy.Eq(condition.lhs, condition.rhs), k)
        if len(j) == 1:
            return j[0], False
    if isinstance(condition, sympy.core.relational.Relational):
        lhs = sympy.expand(condition.lhs - condition.rhs)
        # Normalise to "k - a (rel) 0".
        if lhs.coeff(k) == -1:
            condition = condition.reversed
            lhs = -lhs
        if lhs.coeff(k) == 1 and not (lhs - k).has(k):
            a = -(lhs - k)
            op = type(condition)
            if (op is sympy.GreaterThan and a == 1) or (op is sympy.StrictGreaterThan and a == 0):
                return sympy.Integer(0), False
            if (op is sympy.StrictLessThan and a == 1) or (op is sympy.LessThan and a == 0):
                return sympy.Integer(0), True
            top = n - 1
            if op is sympy.GreaterThan and sympy.simplify(a - top) == 0:
                return top, True
            if op is sympy.StrictGreaterThan and sympy.simplify(a - (top - 1)) == 0:
                return top, True
            if op is sympy.StrictLessThan and sympy.simplify(a - top) == 0:
                return top, False
            if op is sympy.LessThan and sympy.simplify(a - (top - 1)) == 0:
                return top, False
    raise NotImplementedError(
        f"condition {condition} on k: only k = j, k >= 1, k < 1, k >= n - 1, k < n - 1 and "
        "their equivalents are supported"
    )


def _polynomial(expr: Any, k: Any) -> list[tuple[Any, Any]]:
    try:
        sympy.Poly(expr, k)
    except sympy.PolynomialError:
        raise NotImplementedError(f"payoff not polynomial in k: {expr}") from None
    return [(expr, None)]


def _expectation(poly: Any, k: Any, n: Any, p: Any) -> Any:
    """E[poly(k)] for k ~ Binomial(n - 1, p), by falling factorial moments."""
    as_poly = sympy.Poly(poly, k)
    total = sympy.Integer(0)
    for (m,), coeff in as_poly.terms():
        for r in range(m + 1):
            total += coeff * stirling(m, r, kind=2) * sympy.ff(n - 1, r) * p**r
    return total


def expected_gain(payoff_act: Any, payoff_not: Any, n: Any, k: Any, p: Any = P) -> Any:
    """``G(p)``: the expected gain from acting when each of the ``n - 1`` others acts with
    probability ``p``.

    Raises
    ------
    NotImplementedError
        For a payoff this module cannot take the expectation of in closed form.

    Examples
    --------
    >>> import sympy
    >>> b, c, n = sympy.symbols("b c n", positive=True)
    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> sympy.simplify(expected_gain(b - c, sympy.Piecewise((b, k >= 1), (0, True)), n, k))
    b*(1 - p)**(n - 1) - c
    """
    if k.is_positive:
        # KroneckerDelta(k, 0) and Eq(k, 0) would silently vanish.
        raise ValueError("k counts the others who act and may be 0: declare it nonnegative")
    difference = sympy.sympify(payoff_act, strict=True) - sympy.sympify(payoff_not, strict=True)
    total = sympy.Integer(0)
    for coeff, event in _events(difference, k, n):
        if coeff == 0:
            continue
        if event is None:
            total += _expectation(coeff, k, n, p)
        else:
            total += coeff * sympy.binomial(n - 1, event) * p**event * (1 - p) ** (n - 1 - event)
    return total


def symmetric_equilibria(
    payoff_act: Any,
    payoff_not: Any,
    n: Any,
    k: Any,
) -> SymmetricSolution:
    """The symmetric equilibria of an ``n``-player binary-action game, in closed form.

    Parameters
    ----------
    payoff_act, payoff_not : sympy.Expr
        A player's payoff when it acts, and when it does not, as expressions of ``k``, the
        number of other players who act, and of the parameters.
    n : sympy.Symbol or int
        The number of players (at least 2).
    k : sympy.Symbol
        The symbol for the number of others who act; declare it
        ``integer=True, nonnegative=True`` (not positive: it may be 0).

    Returns
    -------
    SymmetricSolution
        ``mixed``: the roots of the indifference condition that sympy finds in closed form,
        each with the condition ``0 < p < 1``; ``pure``: everyone acting and nobody acting,
        each with its best-response condition.

    Notes
    -----
    A symmetric equilibrium exists in every symmetric game (Nash 1951); here only symmetric
    ones are sought, so asymmetric equilibria (for the volunteer's dilemma, exactly one player
    volunteering) are not listed. ``complete`` is True when ``G(p) = 0`` was solved by sympy
    as a polynomial (in ``p`` or in ``1 - p``), whose roots it returns in full.
    """
    notes: list[str] = []
    gain = sympy.simplify(expected_gain(payoff_act, payoff_not, n, k))
    q = sympy.Symbol("q", positive=True)
    in_q = sympy.simplify(gain.subs(P, 1 - q))
    roots: list[Any] = []
    complete = False
    try:
        roots = [_tidy(1 - r) for r in sympy.solve(in_q, q)]
        complete = _polynomial_like(in_q, q)
    except NotImplementedError:
        notes.append("sympy could not solve the indifference condition in closed form")
    if not complete:
        notes.append(
            "the roots listed are those sympy found; others may exist (solve the game at a "
            "given n with deterrence.solvers.nplayer for all its equilibria)"
        )
    mixed = tuple(
        SymmetricEquilibrium(
            p=r,
            kind="mixed",
            conditions=(sympy.StrictLessThan(0, r), sympy.StrictLessThan(r, 1)),
            nobody=_tidy((1 - r) ** n),
            someone=_tidy(1 - (1 - r) ** n),
        )
        for r in roots
    )
    act_top = sympy.sympify(payoff_act, strict=True) - sympy.sympify(payoff_not, strict=True)
    pure = (
        SymmetricEquilibrium(
            p=sympy.Integer(1),
            kind="all act",
            conditions=(sympy.GreaterThan(_at(act_top, k, n - 1, n), 0),),
            nobody=sympy.Integer(0),
            someone=sympy.Integer(1),
        ),
        SymmetricEquilibrium(
            p=sympy.Integer(0),
            kind="none acts",
            conditions=(sympy.LessThan(_at(act_top, k, sympy.Integer(0), n), 0),),
            nobody=sympy.Integer(1),
            someone=sympy.Integer(0),
        ),
    )
    return SymmetricSolution(gain, mixed, pure, complete, tuple(notes))


def _tidy(expr: Any) -> Any:
    """Simplify, combining powers (``(x^a)^n = x^(a n)``) only where every symbol is declared
    positive, as the rule is false for negative bases."""
    expr = sympy.sympify(expr, strict=True)
    if all(symbol.is_positive for symbol in expr.free_symbols):
        expr = sympy.powsimp(
            sympy.powdenest(sympy.expand_power_base(expr, force=True), force=True), force=True
        )
    return sympy.simplify(expr)


def _at(expr: Any, k: Any, value: Any, n: Any) -> Any:
    """``expr`` at ``k = value`` (symbolic ``value`` allowed: indicators are resolved by
    :func:`_events`)."""
    total = sympy.Integer(0)
    for coeff, event in _events(expr, k, n):
        if event is None:
            total += sympy.sympify(coeff, strict=True).subs(k, value)
        elif sympy.simplify(event - value) == 0:
            total += coeff
    return sympy.simplify(total)


def _polynomial_like(expr: Any, q: Any) -> bool:
    try:
        return sympy.Poly(expr, q).degree() >= 0
    except sympy.PolynomialError:
        # q**(n - 1) with symbolic n: a binomial equation a q^m = b, whose one positive
        # root sympy returns; anything else is not known to be complete.
        terms = sympy.Add.make_args(sympy.expand(expr))
        return len([t for t in terms if t.has(q)]) == 1


def comparative_statics(equilibrium: SymmetricEquilibrium, n: Any) -> dict[str, Any]:
    """Derivatives in ``n`` of the probability of acting, of nobody acting and of someone
    acting (``n`` treated as continuous), simplified.

    Examples
    --------
    >>> import sympy
    >>> b, c, n = sympy.symbols("b c n", positive=True)
    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> eq = symmetric_equilibria(b - c, sympy.Piecewise((b, k >= 1), (0, True)), n, k).mixed[0]
    >>> d = comparative_statics(eq, n)
    >>> d["nobody"].subs({b: 2, c: 1, n: 3}) > 0
    True
    """
    return {
        "p": sympy.simplify(sympy.diff(equilibrium.p, n)),
        "nobody": sympy.simplify(sympy.diff(equilibrium.nobody, n)),
        "someone": sympy.simplify(sympy.diff(equilibrium.someone, n)),
    }


def symmetric_normal_form(
    payoff_act: Any,
    payoff_not: Any,
    n: int,
    k: Any,
    values: Mapping[Any, Fraction | int] | None = None,
    labels: Sequence[str] = ("act", "not"),
) -> NormalFormGame:
    """The ``n``-player normal form of the game at a given ``n`` and parameter values.

    Strategy 0 is acting. Payoffs must come out rational.

    Examples
    --------
    >>> import sympy
    >>> b, c = sympy.symbols("b c", positive=True)
    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> g = symmetric_normal_form(b - c, sympy.Piecewise((b, k >= 1), (0, True)), 3, k,
    ...                           {b: 2, c: 1})
    >>> g.shape, g.payoff((1, 1, 1)).total
    ((2, 2, 2), (Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)))
    """
    subs = {key: sympy.Rational(str(v)) for key, v in (values or {}).items()}
    cells = []
    for profile in itertools.product(range(2), repeat=n):
        row = []
        for i, s in enumerate(profile):
            others = sum(1 for j, t in enumerate(profile) if j != i and t == 0)
            expr = payoff_act if s == 0 else payoff_not
            value = sympy.sympify(expr, strict=True).subs(subs).subs(k, others)
            value = sympy.nsimplify(sympy.simplify(value))
            if not value.is_Rational:
                raise ValueError(f"payoff {value} is not rational")
            row.append(Fraction(int(value.p), int(value.q)))
        cells.append(Payoff(tuple(row)))
    return NormalFormGame(
        tuple(f"P{i + 1}" for i in range(n)),
        (tuple(labels),) * n,
        tuple(cells),
    )
