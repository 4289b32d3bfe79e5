"""The certificate of a quantal response equilibrium: a proven bound on its fixed-point residual.

A QRE is a fixed point ``profile = response(profile)`` of a smoothed best response. Given a
reported profile, this module recomputes the response from the game itself, sharing nothing
with the solvers of :mod:`deterrence.solvers.qre` and :mod:`deterrence.solvers.qre_tree`:

1. every reported probability is read exactly (``Fraction(float)`` is exact), and every
   expected payoff, reach probability and belief is computed from them in rational
   arithmetic over the whole game;
2. the response (``exp`` for logit, the normal distribution function for probit, a square
   root for the private-information variance) is evaluated in 128-bit interval arithmetic
   (mpmath's interval context, outward rounded), so the result is an interval known to hold
   the exact response;
3. the bound is the largest end of ``|response - reported|`` over every choice, rounded up to
   a float.

For logit the bound is a proof (given mpmath's outward rounding of ``exp``). mpmath has no
interval normal distribution function, so for binary probit choices the function is
evaluated at both ends of the argument's interval (it is increasing) at 128 bits and widened
by ``2**-100``, far more than the error of that evaluation; we state this rather than call it
a proof of the same kind.

For probit choices of three or more actions the bound is a proof (:func:`probit_enclosure`):
the choice probability ``integral phi(t) prod_b Phi(t + lambda (U_a - U_b)) dt`` is enclosed
by the trapezoid rule on the whole line with Trefethen and Weideman's (2014) error bound for
integrands analytic in a strip, every node's value enclosed in outward-rounded
floating-point interval arithmetic (exp and Phi built from correctly rounded IEEE 754
operations, with their truncation errors bounded) and the nodes past ``|t| = 9`` bounded by
the normal tail; the enclosures are about ``1e-14`` wide and take some 20 ms per choice.

The bound says how far the reported numbers are from being a fixed point; it is not a bound
on their distance to an exact QRE (that would need the Jacobian's conditioning).

Examples
--------
>>> import deterrence as dt
>>> from deterrence.solvers.qre_tree import agent_qre
>>> game = dt.load("classic-deterrence")
>>> result = agent_qre(game, 2.0)
>>> qre_residual(game, result) < 1e-14
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from mpmath import libmp
from mpmath.ctx_iv import MPIntervalContext
from mpmath.ctx_mp import MPContext

from deterrence import limits
from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.qre_result import QREResult

__all__ = [
    "logit_response_residual",
    "passes_residual",
    "probit_enclosure",
    "probit_response_residual",
    "qre_residual",
    "tree_residual",
]

#: Bits of the interval arithmetic. A private context: mpmath's global ``iv`` is shared state.
PRECISION_BITS = 128
_IV = MPIntervalContext()
_IV.prec = PRECISION_BITS
_MP = MPContext()
_MP.prec = PRECISION_BITS
#: Widening of a point evaluation of the normal distribution function at 128 bits.
_NCDF_MARGIN = Fraction(1, 2**100)

#: Residual below which :func:`passes_residual` accepts, by default.
DEFAULT_TOLERANCE = 1e-8


def _interval(value: Fraction | float) -> Any:
    if isinstance(value, float):
        return _IV.mpf(value)  # a float is a binary number, held exactly at 128 bits
    return _IV.mpf(value.numerator) / _IV.mpf(value.denominator)


def _abs_upper(response: Any, reported: Fraction | float) -> float:
    """The largest end of ``|response - reported|``, rounded up to a float. Kept in binary
    floating point: at large lambda an end can be as small as 2**-10**7, whose fraction
    would be huge."""
    low, high = (response - _interval(reported))._mpi_
    a, b = libmp.mpf_abs(low), libmp.mpf_abs(high)
    top = a if libmp.mpf_gt(a, b) else b
    return float(libmp.to_float(top, rnd=libmp.round_ceiling))


def _logit_interval(payoffs: Sequence[Any], precision: Fraction) -> list[Any]:
    """Intervals holding the logit response to expected payoffs (fractions or intervals)."""
    boxes = [_interval(u) if isinstance(u, Fraction) else u for u in payoffs]
    # One shift for every exponent, near the largest payoff: the softmax is unchanged and no
    # exponent overflows. Any constant is sound; a float keeps it exact.
    top = _IV.mpf(max(float(libmp.to_float(b._mpi_[1])) for b in boxes))
    lam = _interval(precision)
    weights = [_IV.exp(lam * (b - top)) for b in boxes]
    total = sum(weights[1:], weights[0])
    return [w / total for w in weights]


def _ncdf_interval(z: Any) -> Any:
    """An interval holding Phi(z) for the interval ``z``: Phi is increasing, so its values at
    the two ends, evaluated at 128 bits and widened by the margin, enclose it."""
    low, high = z._mpi_
    a = _MP.ncdf(_MP.make_mpf(low))
    b = _MP.ncdf(_MP.make_mpf(high))
    margin = _MP.mpf(_NCDF_MARGIN.numerator) / _NCDF_MARGIN.denominator  # a power of 2: exact
    return _IV.mpf([a, b]) + _IV.mpf([-margin, margin])


def _probit_residual(
    difference: Fraction, spread_squared: Fraction, reported: Sequence[Fraction]
) -> float:
    """Residual of a binary probit choice: P(first) = Phi(difference / sqrt(spread^2))."""
    if spread_squared <= 0:
        raise SolverError("a probit choice with no error on it: give every choice a shock")
    z = _interval(difference) / _IV.sqrt(_interval(spread_squared))
    first = _ncdf_interval(z)
    second = _ncdf_interval(-z)
    return max(_abs_upper(first, reported[0]), _abs_upper(second, reported[1]))


# --- The multinomial probit response, proven -------------------------------------------------
#
# P(a) = integral phi(t) prod_{b != a} Phi(t + d_ab) dt, d_ab = lambda (U_a - U_b), is enclosed
# in floating-point interval arithmetic on numpy arrays: every IEEE 754 operation (+, -, *, /)
# is correctly rounded (round to nearest), so stepping its result one float outward with
# nextafter gives a bound in the wanted direction. exp and Phi are built from those operations
# alone, with their truncation errors bounded explicitly, so nothing rests on a library's
# claimed accuracy. See _probit_enclosure for the quadrature and its error bound.


def _down(x: Any) -> Any:
    return np.nextafter(x, -np.inf)


def _up(x: Any) -> Any:
    return np.nextafter(x, np.inf)


def _float_bracket(value: Any) -> tuple[float, float]:
    """Floats ``lo <= value <= hi`` for an mpmath interval or mpf (ends rounded outward)."""
    if hasattr(value, "_mpi_"):
        low, high = value._mpi_
    else:
        low = high = value._mpf_
    return (
        float(libmp.to_float(low, rnd=libmp.round_floor)),
        float(libmp.to_float(high, rnd=libmp.round_ceiling)),
    )


#: ln 2 and 1 / sqrt(2 pi) between two floats, from the 128-bit interval context.
_LN2_LO, _LN2_HI = _float_bracket(_IV.log(_IV.mpf(2)))
_INV_SQRT_2PI_LO, _INV_SQRT_2PI_HI = _float_bracket(1 / _IV.sqrt(2 * _IV.pi))
#: Terms of the Taylor series of exp on [0, 2 ln 2 + tiny]; the remainder r^(n+1)/(n+1)! e^r
#: is below 1e-25 of the sum there, and is added to the upper bound.
_EXP_TERMS = 28


def _exp_bounds(z_lo: np.ndarray, z_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lo <= exp(z_lo)`` and ``hi >= exp(z_hi)`` for float arrays ``z <= 0``.

    Range reduction ``exp(z) = 2^n exp(r)`` with the integer ``n = floor(z / ln 2) - 1``, so
    that ``r = z - n ln 2`` lies in ``[ln 2 (1 - 1e-12), 2 ln 2 (1 + 1e-12)]`` however the
    division rounds; on it the Taylor series of exp has positive terms, summed rounding down
    (at the low end) and up (at the high end, plus the remainder bound).
    """
    out = []
    for z, direction in ((z_lo, -1), (z_hi, 1)):
        step = _down if direction < 0 else _up
        ln2 = _LN2_LO if direction < 0 else _LN2_HI
        tiny = z < -740.0  # exp(-740) < 4.3e-322: bounded by [0, 2^-1060] below
        zz = np.where(tiny, 0.0, z)
        n = np.floor(zz / _LN2_LO) - 1.0
        r = step(zz + step(-n * ln2))
        term = np.ones_like(r)
        total = np.ones_like(r)
        for j in range(1, _EXP_TERMS):
            term = step(step(term * r) / j)
            total = step(total + term)
        if direction > 0:
            remainder = step(step(term * r) / _EXP_TERMS) * 4.1  # e^r <= e^1.3863 < 4.1
            total = step(total + step(remainder))
            value = step(np.ldexp(total, n.astype(int)))
            value = np.where(tiny, 2.0**-1060, value)
        else:
            # r > 0 always (see above); a negative r would void the positive-term sum.
            value = np.where(r > 0, np.maximum(step(np.ldexp(total, n.astype(int))), 0.0), 0.0)
            value = np.where(tiny, 0.0, value)
        out.append(value)
    return out[0], out[1]


def _npdf_bounds(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lo <= phi(x) <= hi`` at float points ``x``."""
    square_lo = np.maximum(_down(x * x), 0.0)
    square_hi = _up(x * x)
    e_lo, e_hi = _exp_bounds(-_up(square_hi * 0.5), -_down(square_lo * 0.5))
    return np.maximum(_down(e_lo * _INV_SQRT_2PI_LO), 0.0), _up(e_hi * _INV_SQRT_2PI_HI)


#: Below this the upper tail Q(y) = 1 - Phi(y) is summed from its power series, above it from
#: Laplace's continued fraction; past the last bound it is below 2^-1000.
_SERIES_BELOW = 3.0
_SERIES_TERMS = 48
_FRACTION_DEPTH = 64
_TAIL_ABOVE = 38.0


def _upper_tail_bounds(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lo <= Q(y) <= hi`` with ``Q(y) = 1 - Phi(y)``, at float points ``y >= 0``.

    * ``y < 3``: ``Q(y) = 1/2 - phi(y) S(y)``, ``S(y) = sum_n y^(2n+1) / (1 3 5 ... (2n+1))``
      (Marsaglia 2004, "Evaluating the normal distribution", J. Stat. Software 11(4)): the
      terms are positive and their ratios ``y^2 / (2n+3)`` fall, so the terms left out sum to
      at most ``t_N / (1 - y^2 / (2N+3))``.
    * ``3 <= y < 38``: ``Q(y) = phi(y) R(y)`` with Laplace's continued fraction for the Mills
      ratio, ``R(y) = 1/(y + 1/(y + 2/(y + 3/(y + ...))))`` (Cuyt et al. 2008, "Handbook of
      continued fractions for special functions", sec. 13.2). Its elements are positive, so
      consecutive convergents lie on either side of its value (their difference alternates
      in sign, from the determinant formula), and the hull of the 64th and 65th encloses it.
    * ``y >= 38``: ``0 < Q(y) < phi(y) / y < 2^-1000`` (Gordon 1941, "Values of Mills'
      ratio of area to bounding ordinate", Ann. Math. Stat. 12:364-366).
    """
    phi_lo, phi_hi = _npdf_bounds(np.minimum(y, _TAIL_ABOVE))
    series = y < _SERIES_BELOW
    ys = np.where(series, y, 0.0)
    y2_lo, y2_hi = np.maximum(_down(ys * ys), 0.0), _up(ys * ys)
    t_lo, t_hi = ys.copy(), ys.copy()
    s_lo, s_hi = ys.copy(), ys.copy()
    for n in range(1, _SERIES_TERMS):
        t_lo = _down(_down(t_lo * y2_lo) / (2 * n + 1))
        t_hi = _up(_up(t_hi * y2_hi) / (2 * n + 1))
        s_lo = _down(s_lo + t_lo)
        s_hi = _up(s_hi + t_hi)
    next_hi = _up(_up(t_hi * y2_hi) / (2 * _SERIES_TERMS + 1))
    ratio = _up(y2_hi / (2 * _SERIES_TERMS + 3))
    s_hi = _up(s_hi + _up(next_hi / _down(1.0 - ratio)))
    series_lo = np.maximum(_down(0.5 - _up(phi_hi * s_hi)), 0.0)
    series_hi = np.minimum(_up(0.5 - _down(phi_lo * s_lo)), 0.5)

    yc = np.where(series, _SERIES_BELOW, np.minimum(y, _TAIL_ABOVE))
    fractions = []
    for depth in (_FRACTION_DEPTH, _FRACTION_DEPTH + 1):
        v_lo, v_hi = yc.copy(), yc.copy()
        for m in range(depth - 1, 0, -1):
            v_lo, v_hi = _down(yc + _down(m / v_hi)), _up(yc + _up(m / v_lo))
        fractions.append((_down(1.0 / v_hi), _up(1.0 / v_lo)))
    r_lo = np.minimum(fractions[0][0], fractions[1][0])
    r_hi = np.maximum(fractions[0][1], fractions[1][1])
    fraction_lo = np.maximum(_down(phi_lo * r_lo), 0.0)
    fraction_hi = _up(phi_hi * r_hi)

    far = y >= _TAIL_ABOVE
    lo = np.where(series, series_lo, np.where(far, 0.0, fraction_lo))
    hi = np.where(series, series_hi, np.where(far, 2.0**-1000, fraction_hi))
    return lo, hi


def _ncdf_bounds(x_lo: np.ndarray, x_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lo <= Phi(x)`` for every ``x >= x_lo`` and ``hi >= Phi(x)`` for every ``x <= x_hi``
    (Phi is increasing): so ``[lo, hi]`` holds Phi on ``[x_lo, x_hi]``."""
    points = np.concatenate([x_lo.ravel(), x_hi.ravel()])
    q_lo, q_hi = _upper_tail_bounds(np.abs(points))
    # Phi(x) = 1 - Q(x) for x >= 0, Q(-x) for x < 0.
    positive = points >= 0
    lo = np.where(positive, np.maximum(_down(1.0 - q_hi), 0.0), q_lo)
    hi = np.where(positive, np.minimum(_up(1.0 - q_lo), 1.0), q_hi)
    size = x_lo.size
    return lo[:size].reshape(x_lo.shape), hi[size:].reshape(x_hi.shape)


#: The quadrature's aims: the trapezoid rule's discretisation error and the truncation to
#: |t| <= _HALF_WIDTH each contribute below about 1e-17.
_DISCRETISATION = 1e-17
_HALF_WIDTH = 9.0


@functools.lru_cache(maxsize=64)
def _trapezoid_rule(factors: int) -> tuple[float, Fraction]:
    """The step ``h`` (a dyadic number, so that every node ``j h`` is a float) and a proven
    bound on the trapezoid rule's error for ``phi(t) prod of `factors` Phi(t + d_b)``.

    Trefethen and Weideman (2014, "The exponentially convergent trapezoidal rule", SIAM
    Review 56(3):385-458, Theorem 5.1): for ``w`` analytic in the strip ``|Im t| < a``,
    decaying in it, with ``integral |w(x + i b)| dx <= M`` for every ``|b| < a``, the rule
    ``h sum_{j in Z} w(j h)`` is within ``2 M / (exp(2 pi a / h) - 1)`` of the integral. Our
    integrand is entire; ``|phi(x + i b)| = phi(x) exp(b^2 / 2)`` and, integrating ``phi``
    from ``x`` to ``x + i b``, ``|Phi(x + i b)| <= 1 + |b| exp(b^2 / 2) / sqrt(2 pi)``; so
    ``M = exp(a^2 / 2) (1 + a exp(a^2 / 2) / sqrt(2 pi))^factors`` for any real shifts.
    The strip ``a`` is chosen (over a grid) to allow the longest step.
    """
    best: tuple[float, float] = (0.0, 1.0)
    for a in (0.5 * i for i in range(1, 17)):
        log_m = a * a / 2 + factors * math.log1p(a * math.exp(a * a / 2) / math.sqrt(2 * math.pi))
        h = 2 * math.pi * a / (math.log(2.0) + log_m - math.log(_DISCRETISATION))
        if h > best[0]:
            best = (h, a)
    h_float, a = best
    scale = 64
    while math.floor(h_float * scale) == 0:
        scale *= 2
    h = math.floor(h_float * scale) / scale
    # The bound itself, in outward-rounded intervals.
    half_square = _IV.mpf(a) ** 2 / 2
    grow = 1 + _IV.mpf(a) * _IV.exp(half_square) / _IV.sqrt(2 * _IV.pi)
    m = _IV.exp(half_square) * grow**factors
    error = 2 * m / (_IV.exp(2 * _IV.pi * _IV.mpf(a) / _IV.mpf(h)) - 1)
    _, high = _float_bracket(error)
    return h, Fraction(high)


def _probit_enclosure(
    shifts: Sequence[Sequence[tuple[float, float]]],
) -> list[tuple[Fraction, Fraction]]:
    """Proven bounds ``[lo, hi]`` on each action's probit choice probability.

    ``shifts[a]`` brackets ``d_ab = lambda (U_a - U_b)`` for the actions ``b`` other than
    ``a`` (in any order). ``P(a) = integral phi(t) prod_b Phi(t + d_ab) dt`` is
    ``h sum_{j in Z} f(j h)`` to within the bound of :func:`_trapezoid_rule`. The nodes with
    ``|j h| <= 9`` are enclosed in interval arithmetic (each factor monotone in its shift,
    so the ends of the shift's bracket give the factor's bounds); on the others
    ``0 <= f <= phi``, and as ``phi`` falls on ``t >= 0``, ``h sum_{j > J} phi(j h) <=
    integral_{J h}^inf phi = Q(J h) <= phi(J h) / (J h)`` (Gordon 1941), on each side. The
    sums are taken exactly, in fractions.
    """
    k = len(shifts)
    if k == 1:
        return [(Fraction(1), Fraction(1))]
    h, discretisation = _trapezoid_rule(k - 1)
    last = math.ceil(_HALF_WIDTH / h)
    t = h * np.arange(-last, last + 1, dtype=float)  # exact: small integers times a dyadic
    d_lo = np.array([[s[0] for s in row] for row in shifts])
    d_hi = np.array([[s[1] for s in row] for row in shifts])
    x_lo = _down(t[None, :, None] + d_lo[:, None, :])
    x_hi = _up(t[None, :, None] + d_hi[:, None, :])
    f_lo, f_hi = _ncdf_bounds(x_lo, x_hi)
    phi_lo, phi_hi = _npdf_bounds(t)
    prod_lo = np.broadcast_to(phi_lo, (k, t.size)).copy()
    prod_hi = np.broadcast_to(phi_hi, (k, t.size)).copy()
    for b in range(k - 1):
        prod_lo = np.maximum(_down(prod_lo * f_lo[:, :, b]), 0.0)
        prod_hi = _up(prod_hi * f_hi[:, :, b])
    end = float(t[-1])
    _, tail_phi = _npdf_bounds(np.array([end]))
    tail = 2 * Fraction(float(_up(tail_phi[0] / end)))
    step = Fraction(h)
    out = []
    for a in range(k):
        low = step * sum((Fraction(float(v)) for v in prod_lo[a]), Fraction(0)) - discretisation
        high = step * sum((Fraction(float(v)) for v in prod_hi[a]), Fraction(0))
        high += tail + discretisation
        out.append((max(low, Fraction(0)), min(high, Fraction(1))))
    return out


def _fraction_bracket(value: Fraction) -> tuple[float, float]:
    """Floats ``lo <= value <= hi`` (``float`` of a fraction is correctly rounded)."""
    near = float(value)
    exact = Fraction(near)
    if exact == value:
        return near, near
    return (near, float(_up(near))) if exact < value else (float(_down(near)), near)


def _enclosure_residual(
    bounds: Sequence[tuple[Fraction, Fraction]], reported: Sequence[Fraction | float]
) -> float:
    """An upper bound, as a float, on ``max_a |P(a) - reported(a)|`` for ``P(a)`` in bounds."""
    worst = Fraction(0)
    for (low, high), q in zip(bounds, reported, strict=True):
        exact = Fraction(q)
        worst = max(worst, high - exact, exact - low)
    near = float(worst)
    return near if Fraction(near) >= worst else float(_up(near))


def probit_enclosure(utilities: Sequence[Fraction], precision: float) -> list[tuple[float, float]]:
    """Proven bounds on the multinomial probit response to exact expected payoffs.

    Each action's payoff carries an independent normal error of standard deviation
    ``1 / precision``; the choice probability of ``a`` is ``integral phi(t) prod_{b != a}
    Phi(t + lambda (U_a - U_b)) dt`` (McKelvey and Palfrey 1995, sec. 2). It is enclosed by
    the trapezoid rule on the whole line, whose error for this entire integrand is bounded
    by Trefethen and Weideman's (2014) strip theorem, with every node's value enclosed in
    outward-rounded floating-point interval arithmetic (exp and Phi built from IEEE 754's
    correctly rounded operations, their truncation errors bounded), and the nodes past
    ``|t| = 9`` bounded by the normal tail. Independent of
    :func:`deterrence.solvers.probit.probit_response`, which it checks.

    Parameters
    ----------
    utilities : sequence of Fraction
        The expected payoffs of the actions.
    precision : float
        lambda > 0.

    Returns
    -------
    list of (float, float)
        For each action, ``lo <= P(a) <= hi``; the widths are about 1e-14.

    Examples
    --------
    >>> bounds = probit_enclosure([Fraction(0)] * 3, 1.0)
    >>> all(lo <= 1 / 3 <= hi and hi - lo < 1e-12 for lo, hi in bounds)
    True
    """
    if not precision > 0:
        raise SolverError("probit needs a positive precision")
    lam = Fraction(precision)
    k = len(utilities)
    shifts = [
        [_fraction_bracket(lam * (utilities[a] - utilities[b])) for b in range(k) if b != a]
        for a in range(k)
    ]
    return [
        (float(_down(float(lo))), float(_up(float(hi)))) for lo, hi in _probit_enclosure(shifts)
    ]


def logit_response_residual(
    game: NormalFormGame, precision: float, mixed: Sequence[Sequence[float]]
) -> float:
    """A proven upper bound on ``max |logit response(mixed) - mixed|`` in a normal form.

    Parameters
    ----------
    game : NormalFormGame
        Numeric (every payoff a Fraction).
    precision : float
        lambda: the response of player i to strategy j is proportional to
        ``exp(lambda * u_ij)`` (McKelvey and Palfrey 1995).
    mixed : sequence of sequence of float
        Each player's probabilities, in strategy order.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("chicken")
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> logit_response_residual(numeric, 0.0, [[0.5, 0.5], [0.5, 0.5]])
    0.0
    """
    _check_normal_form(game)
    probs = [[float(p) for p in m] for m in mixed]
    against = _expected_intervals(game, probs)
    lam = Fraction(precision)
    worst = 0.0
    for i in range(len(game.players)):
        response = _logit_interval(against[i], lam)
        for j, r in enumerate(response):
            worst = max(worst, _abs_upper(r, probs[i][j]))
    return worst


def _others(k: int) -> list[list[int]]:
    return [[b for b in range(k) if b != a] for a in range(k)]


def _expected_intervals(game: NormalFormGame, probs: Sequence[Sequence[float]]) -> list[list[Any]]:
    """Each player's expected payoff of each strategy, in 128-bit intervals (each reported
    float held exactly): a rigorous enclosure, far cheaper than fractions whose
    denominators multiply across players."""
    boxes = [[_interval(p) for p in m] for m in probs]
    players = len(game.players)
    zero = _IV.mpf(0)
    against = [[zero] * n for n in game.shape]
    for profile in game.profiles():
        payoff = game.payoff(profile).total
        for i in range(players):
            weight = _IV.mpf(1)
            for k in range(players):
                if k != i:
                    weight = weight * boxes[k][profile[k]]
            against[i][profile[i]] = against[i][profile[i]] + weight * _interval(
                Fraction(payoff[i])
            )
    return against


def _check_normal_form(game: NormalFormGame) -> None:
    if not game.is_numeric:
        raise SolverError("the residual is computed on a game at numeric parameter values")
    cells = math.prod(game.shape)
    if cells > limits.count("profiles"):
        raise SolverError(f"{cells} profiles to check; {limits.message('profiles')}")


def probit_response_residual(
    game: NormalFormGame, precision: float, mixed: Sequence[Sequence[float]]
) -> float:
    """A proven upper bound on ``max |probit response(mixed) - mixed|`` in a normal form.

    Each strategy's expected payoff carries an independent normal error of standard
    deviation ``1 / precision`` (the probit QRE of McKelvey and Palfrey 1995, sec. 2). Two
    strategies: ``Phi(lambda (u_0 - u_1) / sqrt 2)``, as for binary choices in trees (the
    normal distribution function at 128 bits, widened by ``2**-100``). More: the enclosure
    of :func:`probit_enclosure`, a proof.

    Parameters
    ----------
    game : NormalFormGame
        Numeric.
    precision : float
        lambda >= 0 (at 0 the response is uniform).
    mixed : sequence of sequence of float
        Each player's probabilities, in strategy order.

    Examples
    --------
    >>> from deterrence.game import NormalFormGame, Payoff
    >>> f = Fraction
    >>> rps = NormalFormGame(
    ...     players=("1", "2"), strategies=(("R", "P", "S"),) * 2,
    ...     payoffs=tuple(Payoff((f(v), f(-v))) for v in (0, -1, 1, 1, 0, -1, -1, 1, 0)))
    >>> probit_response_residual(rps, 2.0, [[1 / 3] * 3] * 2) < 1e-13
    True
    """
    _check_normal_form(game)
    if not (precision >= 0 and math.isfinite(precision)):
        raise SolverError("the precision lambda must be a finite number >= 0")
    probs = [[float(p) for p in m] for m in mixed]
    if precision == 0:
        # No information in the payoffs: the response is uniform, exactly.
        uniform = [[(Fraction(1, len(m)), Fraction(1, len(m)))] * len(m) for m in probs]
        return max(_enclosure_residual(u, m) for u, m in zip(uniform, probs, strict=True))
    against = _expected_intervals(game, probs)
    lam = _interval(Fraction(precision))
    worst = 0.0
    for i, utilities in enumerate(against):
        k = len(utilities)
        if k == 2:
            z = lam * (utilities[0] - utilities[1]) / _IV.sqrt(_IV.mpf(2))
            for r, q in zip((_ncdf_interval(z), _ncdf_interval(-z)), probs[i], strict=True):
                worst = max(worst, _abs_upper(r, q))
            continue
        shifts = [
            [_float_bracket(lam * (utilities[a] - utilities[b])) for b in others]
            for a, others in enumerate(_others(k))
        ]
        worst = max(worst, _enclosure_residual(_probit_enclosure(shifts), probs[i]))
    return worst


def _behaviour(
    game: ExtensiveGame, choices: Mapping[str, Mapping[str, float]]
) -> dict[int, list[Fraction]]:
    probs: dict[int, list[Fraction]] = {}
    for index, node in enumerate(game.nodes):
        if node.kind == "chance":
            probs[index] = [Fraction(p) for p in node.probs]
        elif node.kind == "decision":
            assert node.infoset is not None
            given = choices.get(node.infoset)
            if given is None:
                raise SolverError(f"no choice probabilities at information set `{node.infoset}`")
            probs[index] = [Fraction(given[a]) for a in node.actions]
    return probs


def _values(game: ExtensiveGame, probs: Mapping[int, list[Fraction]]) -> dict[int, list[Fraction]]:
    value: dict[int, list[Fraction]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = [Fraction(v) for v in node.payoff.total]
        else:
            value[index] = [
                sum(
                    (p * value[c][i] for p, c in zip(probs[index], node.children, strict=True)),
                    Fraction(0),
                )
                for i in range(len(game.players))
            ]
    return value


def _reach(game: ExtensiveGame, probs: Mapping[int, list[Fraction]]) -> dict[int, Fraction]:
    reach = {game.root: Fraction(1)}
    for index in game.preorder:
        node = game.nodes[index]
        for p, c in zip(probs.get(index, []), node.children, strict=True):
            reach[c] = reach[index] * p
    return reach


def _outcome_laws(
    game: ExtensiveGame, probs: Mapping[int, list[Fraction]]
) -> dict[int, dict[str, Fraction]]:
    law: dict[int, dict[str, Fraction]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            law[index] = {node.outcome or node.label: Fraction(1)}
            continue
        mixed: dict[str, Fraction] = {}
        for p, c in zip(probs[index], node.children, strict=True):
            for label, q in law[c].items():
                mixed[label] = mixed.get(label, Fraction(0)) + p * q
        law[index] = mixed
    return law


def tree_residual(
    game: ExtensiveGame,
    precision: float,
    choices: Mapping[str, Mapping[str, float]],
    *,
    error: str = "logit",
    variant: str = "agent",
    shocks: Mapping[str, Mapping[str, float]] | None = None,
) -> float:
    """A proven upper bound on the agent response's residual at ``choices`` in a tree.

    The agent of each information set best-responds with errors to the behaviour of all
    the others (McKelvey and Palfrey 1998): the expected payoff of each action is the
    belief-weighted value of the nodes it leads to, beliefs by Bayes' rule from the reach
    probabilities (uniform where the set is reached with probability zero, which only chance
    branches of probability zero cause at a profile of full support).

    Parameters
    ----------
    game : ExtensiveGame
        Numeric.
    precision : float
        lambda (probit: errors of standard deviation 1 / lambda).
    choices : mapping
        At every information set, by label, the probability of each action.
    error : {"logit", "probit"}
        Probit: binary choices by the normal distribution function at 128 bits, choices of
        more actions (agent variant) by the proven :func:`probit_enclosure`.
    variant : {"agent", "private"}
        ``private``: Signorino's (2003) private-information model on a tree of perfect
        information, each player's payoff at each outcome carrying a normal shock of
        standard deviation ``shocks[player][outcome] / lambda``.
    shocks : mapping, optional
        For ``private``: the shock multipliers; 1 where not given.
    """
    if not game.is_numeric:
        raise SolverError("the residual is computed on a game at numeric parameter values")
    if error not in ("logit", "probit"):
        raise SolverError(f"unknown error model `{error}`; expected logit or probit")
    probs = _behaviour(game, choices)
    value = _values(game, probs)
    reach = _reach(game, probs)
    law = _outcome_laws(game, probs) if variant == "private" else {}
    lam = Fraction(precision)
    worst = 0.0
    for label, infoset in game.infosets.items():
        player = infoset.player
        members = infoset.members
        total = sum((reach[n] for n in members), Fraction(0))
        weights = (
            [reach[n] / total for n in members]
            if total > 0
            else [Fraction(1, len(members))] * len(members)
        )
        expected = [
            sum(
                (
                    w * value[game.nodes[n].children[a]][player]
                    for w, n in zip(weights, members, strict=True)
                ),
                Fraction(0),
            )
            for a in range(len(infoset.actions))
        ]
        reported = probs[members[0]]
        if error == "logit":
            for r, q in zip(_logit_interval(expected, lam), reported, strict=True):
                worst = max(worst, _abs_upper(r, q))
            continue
        if lam <= 0:
            raise SolverError("probit needs a positive precision")
        if variant == "agent" and len(expected) != 2:
            shifts = [
                [_fraction_bracket(lam * (expected[a] - expected[b])) for b in others]
                for a, others in enumerate(_others(len(expected)))
            ]
            worst = max(worst, _enclosure_residual(_probit_enclosure(shifts), reported))
            continue
        if len(expected) != 2:
            raise SolverError(
                f"the private-information variant needs binary choices; `{label}` has "
                f"{len(expected)}"
            )
        if variant == "agent":
            # Each action's own error: the difference has variance 2 / lambda^2.
            spread = Fraction(2) / lam**2
        else:
            if len(members) != 1:
                raise SolverError("the private-information variant is for perfect information")
            node = game.nodes[members[0]]
            own = (shocks or {}).get(game.players[player], {})
            first, second = (law[c] for c in node.children)
            spread = (
                sum(
                    (
                        Fraction(own.get(o, 1.0)) ** 2
                        * (first.get(o, Fraction(0)) - second.get(o, Fraction(0))) ** 2
                        for o in set(first) | set(second)
                    ),
                    Fraction(0),
                )
                / lam**2
            )
        worst = max(worst, _probit_residual(expected[0] - expected[1], spread, reported))
    return worst


def qre_residual(game: Game, result: QREResult) -> float:
    """A proven upper bound on the fixed-point residual of ``result`` in ``game``.

    Recomputed from the game and the reported probabilities alone (see the module's
    description), so it does not trust the solver's own residual.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        The game at the values the result was found at (numeric).
    result : QREResult

        A symbolic game is first instantiated, exactly, at ``result.parameters``.

    Returns
    -------
    float
        ``max |response(profile) - profile|``, rounded up.
    """
    if not game.is_numeric:
        game, _ = instantiate(game, result.parameters)
    if isinstance(game, NormalFormGame):
        if result.mixed is None:
            raise SolverError("a normal-form QRE result has mixed strategies")
        mixed = [[m[s] for s in game.strategies[i]] for i, m in enumerate(result.mixed)]
        if result.error == "probit":
            return probit_response_residual(game, result.precision, mixed)
        if result.error != "logit":
            raise SolverError(f"unknown error model `{result.error}`; expected logit or probit")
        return logit_response_residual(game, result.precision, mixed)
    return tree_residual(
        game,
        result.precision,
        result.choices,
        error=result.error,
        variant=result.variant,
        shocks=result.shocks,
    )


def passes_residual(game: Game, result: QREResult, tolerance: float = DEFAULT_TOLERANCE) -> bool:
    """Whether ``result`` passes its certificate: the recomputed residual bound is within
    ``tolerance`` and no larger than the residual the result reports.

    What the ``qre`` concept's certificate checks of one result
    (:func:`deterrence.solvers.qre_concept.passes_qre_certificate`).
    """
    bound = qre_residual(game, result)
    return bound <= tolerance and bound <= result.residual
