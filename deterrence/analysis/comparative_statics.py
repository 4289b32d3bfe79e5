"""The sign of an expression over the region where a closed form applies.

A threshold's closed form applies within the declared bounds of its parameters and under the
conditions that come with it. Comparative statics ask for the sign of its derivative over that
whole region, not only at one point. The answer is decided exactly or not at all:

- the expression is cancelled and factored, and the sign of each factor is proved over the
  region, from the declared bounds (shifted to nonnegative variables, Bernstein coefficients on
  bounded boxes, exact root isolation for one variable) and from the conditions (the factors of
  each condition whose signs follow from the others', and bounds on one parameter);
- where a factor cannot be signed, exact rational points of the region are searched for one
  where the expression is positive and one where it is negative;
- otherwise the sign is ``"undecided"``, with the reason.

Every proof is made over a region that contains the true one (some constraints are dropped,
none added), so a sign it proves holds wherever the closed form applies.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import comb

import sympy

from deterrence.game.parameters import Parameter

#: The answers of :meth:`Domain.sign`, strongest first.
SIGNS = (
    "positive",
    "negative",
    "nonnegative",
    "nonpositive",
    "zero",
    "changes sign",
    "undecided",
)

# Factors are proved one at a time; these keep the search for a proof and for witnesses small
# enough that a threshold's statics stay well under a second per parameter.
_MAX_BERNSTEIN_TERMS = 4096
_FACT_ROUNDS = 4
_SAMPLES = 400


@dataclass(frozen=True)
class RegionSign:
    """The sign of an expression over a region.

    Parameters
    ----------
    sign : str
        One of :data:`SIGNS`. ``positive``/``negative``: strictly, at every point of the
        region. ``nonnegative``/``nonpositive``: never below (above) zero, and not shown to
        be nonzero everywhere. ``zero``: identically zero. ``changes sign``: positive at one
        exact point of the region and negative at another (see ``witnesses``).
        ``undecided``: none of these could be established (see ``reason``).
    reason : str
        How the sign was decided, or why it was not.
    boundary_only : bool or None
        For ``nonnegative``/``nonpositive``: True where the expression is shown nonzero at
        every point at which no declared bound is attained (so it can vanish only on the
        boundary of the parameter box); False where that could not be shown; None otherwise.
    witnesses : tuple of dicts
        For ``changes sign``: a point where the expression is positive, then one where it is
        negative, each a mapping from every parameter of the region to an exact value.
    """

    sign: str
    reason: str
    boundary_only: bool | None = None
    witnesses: tuple[Mapping[str, sympy.Rational], ...] = ()

    @property
    def decided(self) -> bool:
        """Whether the sign holds over the whole region (not ``changes sign``/``undecided``)."""
        return self.sign not in ("changes sign", "undecided")


@dataclass(frozen=True)
class _Interval:
    """What is known of one parameter's range in the region: bounds and whether they are open."""

    lower: sympy.Rational | None
    upper: sympy.Rational | None
    lower_open: bool = False
    upper_open: bool = False

    def tighten(self, bound: sympy.Rational, *, above: bool) -> _Interval:
        """The interval with ``x > bound`` (``above``) or ``x < bound`` added."""
        if above:
            if self.lower is None or bound >= self.lower:
                return _Interval(bound, self.upper, True, self.upper_open)
            return self
        if self.upper is None or bound <= self.upper:
            return _Interval(self.lower, bound, self.lower_open, True)
        return self

    def open(self) -> _Interval:
        return _Interval(self.lower, self.upper, True, True)

    def contains(self, value: sympy.Rational) -> bool:
        if self.lower is not None and (
            value < self.lower or (self.lower_open and value == self.lower)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (self.upper_open and value == self.upper))
        )


# A proved sign: +1 or -1, and whether strictly (> 0 rather than >= 0).
_Sign = tuple[int, bool]


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _key(expression: sympy.Expr) -> tuple[sympy.Expr, int]:
    """One expression for ``f`` and ``-f`` alike, and the sign that maps ``f`` onto it."""
    expanded = sympy.expand(expression)
    if expanded.could_extract_minus_sign():
        return -expanded, -1
    return expanded, 1


def _factors(expression: sympy.Expr) -> tuple[sympy.Expr, list[tuple[sympy.Expr, sympy.Expr]]]:
    """``expression`` as a number times powers of irreducible factors (negative exponents for
    the denominator)."""
    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(expression)))
    coefficient: sympy.Expr = sympy.Integer(1)
    found: list[tuple[sympy.Expr, sympy.Expr]] = []
    for part, power in ((numerator, 1), (denominator, -1)):
        try:
            c, items = sympy.factor_list(part)
            coefficient *= c**power
            found += [(f, sympy.Integer(m * power)) for f, m in items]
        except sympy.PolynomialError:
            # Not a polynomial (a square root, say): keep sympy's own factorisation.
            for arg in sympy.Mul.make_args(sympy.factor(part)):
                if arg.is_number:
                    coefficient *= arg**power
                else:
                    base, exponent = arg.as_base_exp()
                    found.append((base, exponent * power))
    return coefficient, found


def _bernstein(coefficients: Mapping[tuple[int, ...], sympy.Rational]) -> list[sympy.Rational]:
    """The Bernstein coefficients on the unit box [0, 1]^n of the polynomial with these
    coefficients (exponent tuple -> coefficient)."""
    degrees = [max(m[axis] for m in coefficients) for axis in range(len(next(iter(coefficients))))]
    current = dict(coefficients)
    for axis, n in enumerate(degrees):
        transformed: dict[tuple[int, ...], sympy.Rational] = {}
        for rest in {m[:axis] + m[axis + 1 :] for m in current}:
            for k in range(n + 1):
                total = sympy.Integer(0)
                for j in range(k + 1):
                    a = current.get((*rest[:axis], j, *rest[axis:]))
                    if a:
                        total += sympy.Rational(comb(k, j), comb(n, j)) * a
                transformed[(*rest[:axis], k, *rest[axis:])] = total
        current = transformed
    return list(current.values())


class Domain:
    """Where a closed form applies: the declared bounds of its parameters and its conditions.

    Parameters
    ----------
    parameters : sequence of Parameter
        The parameters of the region (the threshold's own parameter excluded).
    conditions : iterable of sympy relationals
        The conditions under which the closed form applies.
    values : mapping of str to Fraction, optional
        A point of the region (the values the threshold was computed at), where the search for
        witnesses starts.

    Examples
    --------
    >>> import sympy
    >>> from fractions import Fraction
    >>> from deterrence.game.parameters import Parameter
    >>> x = Parameter("x", Fraction(1, 2), Fraction(0), Fraction(1))
    >>> y = Parameter("y", Fraction(1), Fraction(0))
    >>> X, Y = x.symbol, y.symbol
    >>> region = Domain([x, y], [X - Y < 0])
    >>> region.sign(Y - X).sign
    'positive'
    >>> region.sign(X * (1 - X)).sign
    'nonnegative'
    >>> region.sign(2 * X - 1).sign
    'changes sign'
    """

    def __init__(
        self,
        parameters: Sequence[Parameter],
        conditions: Iterable[sympy.Basic] = (),
        *,
        values: Mapping[str, Fraction] | None = None,
    ) -> None:
        self.parameters = tuple(parameters)
        self.conditions = tuple(conditions)
        self.symbols = {p.symbol: p for p in self.parameters}
        self.values = {
            p.symbol: _rational(values[p.name])
            for p in self.parameters
            if values is not None and p.name in values
        }
        self.declared = {
            p.symbol: _Interval(
                _rational(p.lower) if p.lower is not None else None,
                _rational(p.upper) if p.upper is not None else None,
            )
            for p in self.parameters
        }
        self.intervals = dict(self.declared)
        self.facts: dict[sympy.Expr, _Sign] = {}
        self._memo: dict[tuple, _Sign | None] = {}
        self._learn()

    # ----------------------------------------------------------------- the facts of the region

    def _learn(self) -> None:
        """Signs of factors of the conditions, and bounds on single parameters, that hold
        throughout the region."""
        relations = []
        for condition in self.conditions:
            if isinstance(condition, sympy.StrictGreaterThan | sympy.StrictLessThan):
                direction = 1 if isinstance(condition, sympy.StrictGreaterThan) else -1
                relations.append((condition.lhs - condition.rhs, direction))
        for _ in range(_FACT_ROUNDS):
            learned = False
            for expression, direction in relations:
                learned |= self._learn_from(expression, direction)
            if not learned:
                break

    def _learn_from(self, expression: sympy.Expr, direction: int) -> bool:
        coefficient, factors = _factors(expression)
        if not coefficient.is_number or coefficient == 0:
            return False
        sign = direction * (1 if coefficient > 0 else -1)
        unknown = []
        for base, exponent in factors:
            if base.is_number:
                return False
            if exponent.is_integer and exponent % 2 == 0:
                continue  # positive: the condition is strict, so no factor vanishes
            if not exponent.is_integer:
                return False
            known = self._factor_sign(base, self.intervals, use_facts=True)
            if known is None:
                unknown.append(base)
            else:
                sign *= known[0]
        learned = False
        if not unknown:
            # Every factor's sign is known; a strict condition makes each one nonzero, which
            # is news only for a factor known to be nonnegative (nonpositive).
            for base, exponent in factors:
                if exponent.is_integer and exponent % 2:
                    known = self._factor_sign(base, self.intervals, use_facts=True)
                    if known is not None and not known[1]:
                        learned |= self._record(base, known)
            return learned
        if len(unknown) == 1:
            learned |= self._record(unknown[0], (sign, True))
        return learned

    def _record(self, base: sympy.Expr, sign: _Sign | None) -> bool:
        if sign is None:
            return False
        key, flip = _key(base)
        # The fact comes from a strict condition, so the factor is nonzero there.
        new = (sign[0] * flip, True)
        if self.facts.get(key) == new:
            return False
        self.facts[key] = new
        bound = self._single_bound(key, new[0])
        if bound is not None:
            symbol, value, above = bound
            self.intervals[symbol] = self.intervals[symbol].tighten(value, above=above)
        return True

    def _single_bound(
        self, key: sympy.Expr, sign: int
    ) -> tuple[sympy.Symbol, sympy.Rational, bool] | None:
        """``key`` of sign ``sign`` as a bound on one parameter, when it is linear in one."""
        symbols = key.free_symbols & set(self.symbols)
        if len(symbols) != 1 or key.free_symbols - set(self.symbols):
            return None
        (symbol,) = symbols
        poly = sympy.Poly(key, symbol)
        if poly.degree() != 1:
            return None
        slope, constant = poly.all_coeffs()
        if not (slope.is_Rational and constant.is_Rational):
            return None
        # slope * x + constant has the sign `sign`: x lies above or below -constant / slope.
        return symbol, -constant / slope, (sign * slope) > 0

    # ---------------------------------------------------------------- signs of single factors

    def _factor_sign(
        self, base: sympy.Expr, intervals: Mapping[sympy.Symbol, _Interval], use_facts: bool
    ) -> _Sign | None:
        """The sign of ``base`` over the region, proved, or None."""
        memo = (base, frozenset(intervals.items()), use_facts, len(self.facts))
        if memo not in self._memo:
            self._memo[memo] = self._prove_factor(base, intervals, use_facts)
        return self._memo[memo]

    def _prove_factor(
        self, base: sympy.Expr, intervals: Mapping[sympy.Symbol, _Interval], use_facts: bool
    ) -> _Sign | None:
        if base.is_number:
            if base.is_zero:
                return None
            return (1 if base > 0 else -1), True
        key, flip = _key(base)
        if use_facts and key in self.facts:
            sign, strict = self.facts[key]
            return sign * flip, strict
        weak: _Sign | None = None
        for sign in (1, -1):
            proved = self._nonnegative(sign * base, intervals)
            if proved:
                return sign, True
            if proved is not None:
                weak = sign, False
                break
        found = self._one_variable(base, intervals)
        if found is not None and found[1]:
            return found
        # A factor that may vanish on the box can still be kept from zero by the conditions.
        if use_facts:
            from_facts = self._from_facts(base, intervals)
            if from_facts is not None:
                return from_facts
        return weak or found

    def _nonnegative(
        self, expression: sympy.Expr, intervals: Mapping[sympy.Symbol, _Interval]
    ) -> bool | None:
        """None if ``expression >= 0`` could not be proved over the box; else whether it was
        proved strictly positive."""
        if expression.is_number:
            return (
                None if expression.is_negative or not expression.is_real else bool(expression > 0)
            )
        symbols = sorted(expression.free_symbols, key=lambda s: s.name)
        if any(s not in intervals for s in symbols):
            return None
        half_lines: list[sympy.Symbol] = []
        unit: list[sympy.Symbol] = []
        substitution = {}
        open_half_lines = True
        open_box = True
        for s in symbols:
            interval = intervals[s]
            t = sympy.Dummy(s.name, nonnegative=True)
            if interval.lower is not None and interval.upper is not None:
                substitution[s] = interval.lower + (interval.upper - interval.lower) * t
                unit.append(t)
                open_box &= interval.lower_open and interval.upper_open
            elif interval.lower is not None:
                substitution[s] = interval.lower + t
                half_lines.append(t)
                open_half_lines &= interval.lower_open
            elif interval.upper is not None:
                substitution[s] = interval.upper - t
                half_lines.append(t)
                open_half_lines &= interval.upper_open
            else:
                return None
        shifted = sympy.expand(expression.xreplace(substitution))
        try:
            poly = sympy.Poly(shifted, *half_lines, *unit)
        except sympy.PolynomialError:
            return self._by_assumptions(expression, intervals)
        if not poly.domain.is_QQ and not poly.domain.is_ZZ:
            return None
        grouped: dict[tuple[int, ...], dict[tuple[int, ...], sympy.Rational]] = {}
        for monomial, c in poly.terms():
            outer, inner = monomial[: len(half_lines)], monomial[len(half_lines) :]
            grouped.setdefault(outer, {})[inner] = c
        strict = False
        for monomial, coefficients in grouped.items():
            if unit:
                terms = 1
                for axis in range(len(unit)):
                    terms *= max(m[axis] for m in coefficients) + 1
                if terms > _MAX_BERNSTEIN_TERMS:
                    return None
                bernstein = _bernstein(coefficients)
                if any(b < 0 for b in bernstein):
                    return None
                positive = all(b > 0 for b in bernstein) or (
                    open_box and any(b > 0 for b in bernstein)
                )
            else:
                (constant,) = coefficients.values()
                if constant < 0:
                    return None
                positive = constant > 0
            if positive and (not any(monomial) or open_half_lines):
                strict = True
        return strict

    def _by_assumptions(
        self, expression: sympy.Expr, intervals: Mapping[sympy.Symbol, _Interval]
    ) -> bool | None:
        """sympy's own assumptions, with each parameter shifted to a nonnegative variable."""
        substitution = {}
        for s in expression.free_symbols:
            interval = intervals[s]
            if interval.lower is not None:
                strict = interval.lower_open
                t = (
                    sympy.Dummy(s.name, positive=True)
                    if strict
                    else sympy.Dummy(s.name, nonnegative=True)
                )
                substitution[s] = interval.lower + t
            elif interval.upper is not None:
                strict = interval.upper_open
                t = (
                    sympy.Dummy(s.name, positive=True)
                    if strict
                    else sympy.Dummy(s.name, nonnegative=True)
                )
                substitution[s] = interval.upper - t
            else:
                return None
        shifted = expression.xreplace(substitution)
        if shifted.is_positive:
            return True
        if shifted.is_nonnegative:
            return False
        return None

    def _one_variable(
        self, base: sympy.Expr, intervals: Mapping[sympy.Symbol, _Interval]
    ) -> _Sign | None:
        """A factor in one parameter: its real roots, isolated exactly, against the interval."""
        symbols = base.free_symbols
        if len(symbols) != 1:
            return None
        (symbol,) = symbols
        if symbol not in intervals:
            return None
        try:
            poly = sympy.Poly(base, symbol)
        except sympy.PolynomialError:
            return None
        if not (poly.domain.is_QQ or poly.domain.is_ZZ):
            return None
        interval = intervals[symbol]
        touches = False
        for root in sympy.real_roots(poly):
            inside_lower = interval.lower is None or root > interval.lower
            inside_upper = interval.upper is None or root < interval.upper
            if inside_lower and inside_upper:
                return None  # a root inside: the factor may change sign there
            at_lower = interval.lower is not None and root == interval.lower
            at_upper = interval.upper is not None and root == interval.upper
            if (at_lower and not interval.lower_open) or (at_upper and not interval.upper_open):
                touches = True
        point = _inside(interval)
        value = poly.eval(point)
        if value == 0:
            return None
        return (1 if value > 0 else -1), not touches

    def _from_facts(
        self, base: sympy.Expr, intervals: Mapping[sympy.Symbol, _Interval]
    ) -> _Sign | None:
        """``base - l * g >= 0`` (or ``-base - l * g >= 0``) over the box for a known positive
        factor ``g`` and a number ``l > 0``: then ``base`` has that sign strictly."""
        expanded = sympy.expand(base)
        for key, (sign, _) in self.facts.items():
            fact = sign * key
            for direction in (1, -1):
                for ratio in _ratios(direction * expanded, fact):
                    remainder = sympy.expand(direction * expanded - ratio * fact)
                    if self._nonnegative(remainder, intervals) is not None:
                        return direction, True
        return None

    # -------------------------------------------------------------------------- the sign

    def sign(self, expression: sympy.Expr, *, search: bool = True) -> RegionSign:
        """The sign of ``expression`` over the region.

        Parameters
        ----------
        expression : sympy expression
            In the region's parameters; where it (or a condition) is undefined is outside the
            region.
        search : bool
            Where no proof is found, search exact points of the region for a change of sign;
            ``False`` answers ``"undecided"`` at once (for callers that only use proofs).

        Returns
        -------
        RegionSign
        """
        expression = sympy.cancel(sympy.together(expression))
        if expression == 0:
            return RegionSign("zero", "identically zero")
        coefficient, factors = _factors(expression)
        signs = self._product_sign(coefficient, factors, self.intervals)
        if signs is not None:
            sign, strict = signs
            if strict:
                name = "positive" if sign > 0 else "negative"
                return RegionSign(
                    name,
                    f"every factor of {sympy.factor(expression)} signed from the declared "
                    "bounds and the conditions",
                )
            interior = {s: self.intervals[s].open() for s in self.intervals}
            inner = self._product_sign(coefficient, factors, interior)
            boundary_only = inner is not None and inner[1]
            name = "nonnegative" if sign > 0 else "nonpositive"
            reason = (
                "zero only where a declared bound is attained"
                if boundary_only
                else "may be zero inside the region"
            )
            return RegionSign(name, reason, boundary_only=boundary_only)
        if not search:
            return RegionSign("undecided", "no proof from the declared bounds and the conditions")
        found, tried = self._witnesses(expression)
        if len(found) == 2:
            return RegionSign(
                "changes sign",
                "positive at one exact point of the region and negative at another",
                witnesses=tuple(
                    {self.symbols[s].name: v for s, v in found[name].items()}
                    for name in ("positive", "negative")
                ),
            )
        unsigned = [
            str(base)
            for base, exponent in factors
            if not (exponent.is_integer and exponent % 2 == 0)
            and self._factor_sign(base, self.intervals, use_facts=True) is None
        ]
        reason = (
            "cannot sign "
            + (", ".join(unsigned) or str(expression))
            + " over the region from the declared bounds and the conditions"
        )
        if found:
            (name,) = found
            reason += f"; at the {tried} points of the region tried it is {name}"
        return RegionSign("undecided", reason)

    def _product_sign(
        self,
        coefficient: sympy.Expr,
        factors: Sequence[tuple[sympy.Expr, sympy.Expr]],
        intervals: Mapping[sympy.Symbol, _Interval],
    ) -> _Sign | None:
        if not coefficient.is_number or coefficient == 0:
            return None
        sign = 1 if coefficient > 0 else -1
        strict = True
        for base, exponent in factors:
            known = self._factor_sign(base, intervals, use_facts=True)
            if exponent.is_integer and exponent % 2 == 0:
                # An even power: positive where the base is nonzero, and in a denominator the
                # base is nonzero wherever the expression is defined.
                if exponent > 0 and not (known and known[1]):
                    strict = False
                continue
            if known is None:
                if exponent.is_integer:
                    return None
                # A fractional power is real only where its base is nonnegative.
                known = (1, exponent < 0)
            elif not exponent.is_integer and known[0] < 0:
                return None
            sign *= known[0] if exponent.is_integer else 1
            # In a denominator the base does not vanish where the expression is defined.
            if not known[1] and exponent > 0:
                strict = False
        return sign, strict

    # ------------------------------------------------------------------------ witnesses

    def contains(self, point: Mapping[sympy.Symbol, sympy.Rational]) -> bool:
        """Whether an exact point lies in the region (declared bounds and every condition)."""
        if not all(self.declared[s].contains(v) for s, v in point.items()):
            return False
        for condition in self.conditions:
            try:
                holds = condition.xreplace(point)
            except (TypeError, ZeroDivisionError):
                return False
            if holds is not sympy.true:
                return False
        return True

    def _points(self, symbols: Sequence[sympy.Symbol]) -> Iterator[dict]:
        """Exact candidate points: the given values, then each parameter of the expression
        along its range with the others kept, then random points."""
        rng = random.Random(20240601)
        base = {s: self.values.get(s, _inside(self.intervals[s])) for s in self.intervals}
        yield dict(base)
        for s in symbols:
            for value in _spread(self.intervals[s], base[s], 24):
                yield {**base, s: value}
        for _ in range(_SAMPLES):
            point = dict(base)
            for s in self.intervals:
                if rng.random() < 0.6:
                    point[s] = _draw(self.intervals[s], base[s], rng)
            yield point

    def _witnesses(self, expression: sympy.Expr) -> tuple[dict[str, dict], int]:
        """A point of the region where ``expression`` is positive and one where it is negative
        (as many of the two as are found), and how many points of the region were tried."""
        found: dict[str, dict] = {}
        tried = 0
        symbols = sorted(expression.free_symbols & set(self.intervals), key=lambda s: s.name)
        for point in self._points(symbols):
            if not self.contains(point):
                continue
            value = expression.xreplace(point)
            # Outside the expression's domain (a zero denominator) is outside the region.
            if not value.is_number or value.is_real is not True or value.is_zero is not False:
                continue
            tried += 1
            try:
                name = "positive" if bool(value > 0) else "negative"
            except TypeError:
                continue
            found.setdefault(name, point)
            if len(found) == 2:
                break
        return found, tried


def _ratios(expression: sympy.Expr, fact: sympy.Expr) -> list[sympy.Rational]:
    """Positive multiples of ``fact`` worth subtracting: 1 and those that cancel a term."""
    ratios = [sympy.Integer(1)]
    mine = _terms(expression)
    for monomial, c in _terms(fact).items():
        if monomial in mine and c != 0:
            r = mine[monomial] / c
            if r.is_Rational and r > 0 and r not in ratios:
                ratios.append(r)
    return ratios


def _terms(expression: sympy.Expr) -> dict[sympy.Expr, sympy.Expr]:
    out: dict[sympy.Expr, sympy.Expr] = {}
    for term in sympy.Add.make_args(expression):
        c, m = term.as_coeff_Mul()
        out[m] = out.get(m, 0) + c
    return out


def _inside(interval: _Interval) -> sympy.Rational:
    """A rational point strictly inside the interval."""
    lo, hi = interval.lower, interval.upper
    if lo is not None and hi is not None:
        return (lo + hi) / 2
    if lo is not None:
        return lo + 1
    if hi is not None:
        return hi - 1
    return sympy.Integer(0)


def _spread(interval: _Interval, centre: sympy.Rational, n: int) -> list[sympy.Rational]:
    """``n`` rational points across the interval (a window around ``centre`` where it is
    unbounded)."""
    lo = interval.lower if interval.lower is not None else centre - 2 * abs(centre) - 2
    hi = interval.upper if interval.upper is not None else centre + 2 * abs(centre) + 2
    return [lo + (hi - lo) * sympy.Rational(k, n + 1) for k in range(1, n + 1)]


def _draw(interval: _Interval, centre: sympy.Rational, rng: random.Random) -> sympy.Rational:
    lo = interval.lower if interval.lower is not None else centre - 2 * abs(centre) - 2
    hi = interval.upper if interval.upper is not None else centre + 2 * abs(centre) + 2
    if rng.random() < 0.5:
        # Near the given point, where a thin region is most likely to be found again.
        width = (hi - lo) * sympy.Rational(1, 2 ** rng.randint(2, 8))
        lo, hi = max(lo, centre - width), min(hi, centre + width)
    return lo + (hi - lo) * sympy.Rational(rng.randint(1, 999), 1000)
