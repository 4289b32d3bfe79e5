"""An independent exact regret check for mixed profiles with algebraic probabilities.

A profile of an N-player normal form is a Nash equilibrium iff every probability is
non-negative, each player's probabilities sum to one, and no pure strategy earns more against
the others' mixture than the profile does (Nash 1951; the finite check of e.g. Osborne and
Rubinstein 1994, *A Course in Game Theory*, Prop. 33.1). This module checks exactly that from
the payoff table, sharing no code with the solver that found the profile
(:mod:`deterrence.solvers.nplayer`).

Probabilities may be rationals or real algebraic numbers, given as sympy expressions in one
algebraic generator: a :class:`sympy.CRootOf` or a square root of a rational. Every quantity
is computed exactly as a polynomial in the generator ``z`` reduced modulo its minimal
polynomial ``f``; such a polynomial ``r`` is zero at the generator iff ``f`` divides it, and
otherwise its sign is found by evaluating ``r`` in rigorous interval arithmetic
(:mod:`mpmath.iv`) on an enclosure of the generator refined by exact bisection, until the
interval excludes zero (which happens, as ``r`` is then nonzero there). Profiles in several
unrelated generators are decided with :func:`sympy.minimal_polynomial` for equality and the
sympy's adaptive evaluation for sign.

Examples
--------
>>> from fractions import Fraction as F
>>> import itertools, sympy
>>> from deterrence.game.normal_form import NormalFormGame
>>> from deterrence.game.payoff import Payoff
>>> cells = [Payoff((F(int(a == b)), F(int(b == c)), F(int(c != a))))
...          for a, b, c in itertools.product(range(2), repeat=3)]
>>> g = NormalFormGame(("A", "B", "C"), (("H", "T"),) * 3, tuple(cells))
>>> half = sympy.Rational(1, 2)
>>> algebraic_regret(g, [[half, half]] * 3).equilibrium
True
>>> algebraic_regret(g, [[1, 0]] * 3).equilibrium
False
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from deterrence.game.normal_form import NormalFormGame

__all__ = ["RegretCertificate", "algebraic_regret"]

_Z = sympy.Symbol("z")


@dataclass(frozen=True)
class RegretCertificate:
    """The outcome of :func:`algebraic_regret`.

    Parameters
    ----------
    equilibrium : bool
        True iff the profile is exactly a Nash equilibrium.
    regrets : tuple of float
        Each player's regret (best pure payoff minus the profile's), as decimals for people;
        the verdict rests on the exact signs, not on these.
    reason : str
        Why the profile fails, or ``"exact zero regret"``.
    """

    equilibrium: bool
    regrets: tuple[float, ...]
    reason: str


class _Generator:
    """One real algebraic number: its minimal polynomial and a shrinking rational enclosure."""

    def __init__(self, atom: Any) -> None:
        self.atom = atom
        if isinstance(atom, sympy.CRootOf):
            base = sympy.Poly(atom.poly.as_expr().subs(atom.poly.gens[0], _Z), _Z)
            interval = atom._get_interval() if atom.is_real else None
            if interval is None:
                raise ValueError("complex probabilities are not a mixed strategy")
            lo, hi = Fraction(str(interval.a)), Fraction(str(interval.b))
        else:
            radicand = Fraction(str(atom.base))
            q = atom.exp
            if q != sympy.Rational(1, 2) or radicand < 0:
                raise ValueError(f"unsupported algebraic number {atom}")
            base = sympy.Poly(_Z**2 - sympy.Rational(radicand.numerator, radicand.denominator))
            lo, hi = Fraction(0), max(Fraction(1), radicand)
        self.lo, self.hi = lo, hi
        # The irreducible factor of ``base`` that vanishes at the number: the enclosure
        # isolates one root of ``base``, so exactly one factor changes sign across it.
        factors = [sympy.Poly(f, _Z) for f, _ in base.factor_list()[1]]
        live = [f for f in factors if self._changes(f, lo, hi)]
        if len(live) != 1:
            raise ValueError(f"could not isolate the algebraic number {atom}")
        self.f = sympy.Poly(live[0].monic(), _Z, domain="QQ")

    @staticmethod
    def _at(f: sympy.Poly, x: Fraction) -> Fraction:
        value = Fraction(0)
        for c in f.all_coeffs():
            value = value * x + Fraction(str(c))
        return value

    def _changes(self, f: sympy.Poly, lo: Fraction, hi: Fraction) -> bool:
        return self._at(f, lo) * self._at(f, hi) < 0

    def _bisect(self, f: sympy.Poly) -> None:
        mid = (self.lo + self.hi) / 2
        if self._at(f, mid) == 0:
            self.lo = self.hi = mid
        elif self._at(f, self.lo) * self._at(f, mid) < 0:
            self.hi = mid
        else:
            self.lo = mid

    def refine(self) -> None:
        if self.lo != self.hi:
            self._bisect(self.f)


def _enclosure(poly: sympy.Poly, gen: _Generator, digits: int) -> Any:
    """A rigorous interval containing ``poly`` at the generator (Horner's rule in
    :mod:`mpmath.iv`, on the generator's current rational enclosure)."""
    saved = mpmath.iv.dps
    mpmath.iv.dps = digits
    try:
        lo = mpmath.iv.mpf(gen.lo.numerator) / gen.lo.denominator
        hi = mpmath.iv.mpf(gen.hi.numerator) / gen.hi.denominator
        x = mpmath.iv.mpf([lo.a, hi.b])
        value = mpmath.iv.mpf(0)
        for c in poly.all_coeffs():
            q = sympy.Rational(c)
            value = value * x + mpmath.iv.mpf(int(q.p)) / int(q.q)
        return value
    finally:
        mpmath.iv.dps = saved


def _sign(poly: sympy.Poly, gen: _Generator | None) -> int:
    """Exact sign of ``poly`` (in ``z``) at the generator."""
    if gen is None:
        return int(sympy.sign(poly.as_expr().subs(_Z, 0)))
    reduced = poly.rem(gen.f)
    if reduced.is_zero:
        return 0
    digits = 30
    for _ in range(4000):
        box = _enclosure(reduced, gen, digits)
        if box.a > 0:
            return 1
        if box.b < 0:
            return -1
        gen.refine()
        digits = min(digits + 2, 400)
    raise ArithmeticError("sign not decided")  # pragma: no cover - f does not divide r


def _generator_of(profile: Sequence[Sequence[Any]]) -> tuple[_Generator | None, list[Any]]:
    atoms: set[Any] = set()
    for row in profile:
        for p in row:
            e = sympy.sympify(p, strict=True)
            atoms |= e.atoms(sympy.CRootOf)
            atoms |= {a for a in e.atoms(sympy.Pow) if a.exp.is_Rational and not a.exp.is_Integer}
    return (_Generator(atoms.pop()) if len(atoms) == 1 else None), sorted(atoms, key=str)


def _several_sign(expr: Any) -> int:
    """Sign of an expression in several algebraic numbers: equality exactly, by its minimal
    polynomial; the sign of a nonzero value from sympy's adaptive-precision evaluation
    (not interval arithmetic: this path is for profiles the solver does not produce)."""
    expr = sympy.sympify(expr, strict=True)
    if expr.is_Rational:
        return int(sympy.sign(expr))
    x = sympy.Dummy("x")
    if sympy.minimal_polynomial(expr, x) == x:
        return 0
    for digits in (30, 60, 120, 240):
        value = sympy.N(expr, digits)
        # |error| of evalf is bounded by its own accuracy estimate; compare with margin.
        if abs(value) > sympy.Float(10) ** (-(digits // 2)):
            return int(sympy.sign(value))
    raise ArithmeticError("sign not decided")


def algebraic_regret(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> RegretCertificate:
    """Decide exactly whether ``profile`` is a Nash equilibrium of ``game``.

    Parameters
    ----------
    game : NormalFormGame
        Numeric (every payoff a Fraction), any number of players.
    profile : sequence of sequence of sympy.Expr
        Each player's probability of each of its strategies, in the game's order.

    Returns
    -------
    RegretCertificate
    """
    n = len(game.players)
    if len(profile) != n or any(
        len(row) != len(s) for row, s in zip(profile, game.strategies, strict=True)
    ):
        return RegretCertificate(False, (), "the profile does not fit the game's shape")
    gen, atoms = _generator_of(profile)
    if gen is None and atoms:
        return _check_several(game, profile)
    zero = sympy.Poly(0, _Z, domain="QQ")

    def as_poly(value: Any) -> sympy.Poly:
        e = sympy.sympify(value, strict=True)
        if gen is not None:
            e = e.subs(gen.atom, _Z)
        e = sympy.together(sympy.expand(e))
        num, den = sympy.fraction(e)
        num_p = sympy.Poly(num, _Z, domain="QQ")
        den_p = sympy.Poly(den, _Z, domain="QQ")
        if den_p.degree() > 0:
            assert gen is not None
            # 1/den(z) as a polynomial modulo f (den is invertible: f is irreducible and
            # does not divide den, as den is nonzero at the generator).
            inverse = den_p.invert(gen.f)
            return (num_p * inverse).rem(gen.f)
        return num_p * (1 / den_p.LC())

    def reduce(p: sympy.Poly) -> sympy.Poly:
        return p.rem(gen.f) if gen is not None else p

    probs = [[as_poly(p) for p in row] for row in profile]
    for i, row in enumerate(probs):
        if any(_sign(p, gen) < 0 for p in row):
            return RegretCertificate(False, (), f"a negative probability for {game.players[i]}")
        total = sum(row, zero) - 1
        if _sign(total, gen) != 0:
            return RegretCertificate(
                False, (), f"the probabilities of {game.players[i]} do not sum to one"
            )
    regrets: list[float] = []
    verdict = True
    reason = "exact zero regret"
    for i in range(n):
        earns = [zero for _ in game.strategies[i]]
        others = [
            [(s, probs[j][s]) for s in range(len(game.strategies[j])) if not probs[j][s].is_zero]
            for j in range(n)
            if j != i
        ]
        for combo in itertools.product(*others):
            weight = sympy.Poly(1, _Z, domain="QQ")
            for _, p in combo:
                weight = reduce(weight * p)
            rest = [s for s, _ in combo]
            for s in range(len(game.strategies[i])):
                value = Fraction(game.payoff((*rest[:i], s, *rest[i:])).total[i])
                earns[s] = earns[s] + weight * sympy.Rational(value.numerator, value.denominator)
        value_i = reduce(sum((probs[i][s] * earns[s] for s in range(len(earns))), zero))
        worst = 0.0
        for s, e in enumerate(earns):
            gain = reduce(e) - value_i
            sign = _sign(gain, gen)
            approx = _approx(gain, gen)
            worst = max(worst, approx)
            if sign > 0:
                verdict = False
                reason = (
                    f"{game.players[i]} gains by switching to {game.strategies[i][s]} "
                    f"(about {approx:.3g})"
                )
        regrets.append(worst)
    return RegretCertificate(verdict, tuple(regrets), reason)


def _approx(p: sympy.Poly, gen: _Generator | None) -> float:
    if gen is None:
        return float(p.as_expr().subs(_Z, 0))
    return float(sympy.N(p.as_expr().subs(_Z, gen.atom), 20))


def _check_several(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> RegretCertificate:
    n = len(game.players)
    probs = [[sympy.sympify(p, strict=True) for p in row] for row in profile]
    for i, row in enumerate(probs):
        if any(_several_sign(p) < 0 for p in row) or _several_sign(sum(row) - 1) != 0:
            return RegretCertificate(False, (), f"{game.players[i]}'s strategy is not a mixture")
    regrets: list[float] = []
    for i in range(n):
        earns: list[Any] = [sympy.Integer(0)] * len(game.strategies[i])
        for rest in itertools.product(
            *(range(len(game.strategies[j])) for j in range(n) if j != i)
        ):
            weight = sympy.Integer(1)
            for j, s in zip((j for j in range(n) if j != i), rest, strict=True):
                weight *= probs[j][s]
            for s in range(len(game.strategies[i])):
                v = Fraction(game.payoff((*rest[:i], s, *rest[i:])).total[i])
                earns[s] += weight * sympy.Rational(v.numerator, v.denominator)
        value = sum(p * e for p, e in zip(probs[i], earns, strict=True))
        gains = [sympy.expand(e - value) for e in earns]
        if any(_several_sign(g) > 0 for g in gains):
            return RegretCertificate(False, (), f"{game.players[i]} gains by deviating")
        regrets.append(max(float(sympy.N(g)) for g in gains))
    return RegretCertificate(True, tuple(regrets), "exact zero regret")
