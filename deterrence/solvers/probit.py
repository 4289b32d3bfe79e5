"""The multinomial probit response with independent normal errors: one function for every solver.

A player choosing among ``k`` actions with expected payoffs ``U`` adds to each an independent
error ``e_a ~ N(0, 1 / lambda^2)`` and takes the best (McKelvey and Palfrey 1995, "Quantal
response equilibria for normal form games", GEB 10:6-38, sec. 2, the probit QRE; Signorino
2003, "Structure and uncertainty in discrete choice models", Political Analysis
11(4):316-344, whose strategic probit this generalises from two actions to ``k``).
Conditioning on ``e_a = t / lambda``, action ``a`` wins when ``e_b < e_a + U_a - U_b`` for
every other ``b``, so::

    P(a) = integral over t of  phi(t) * prod_{b != a} Phi(t + lambda (U_a - U_b))  dt

with ``phi`` and ``Phi`` the standard normal density and distribution function. With two
actions this is ``Phi(lambda (U_a - U_b) / sqrt 2)``, the binary formula (the difference of
two errors has variance ``2 / lambda^2``), which is used there as it stands.

For ``k >= 3`` the integral is computed by adaptive Gauss-Hermite quadrature (Liu and Pierce
1994, "A note on Gauss-Hermite quadrature", Biometrika 81(3):624-629): the integrand is
log-concave (a product of log-concave factors), so it has one mode ``m``, found by a
safeguarded Newton iteration, and the rule is centred there and scaled by the curvature of
the log-integrand. Everything is done on logarithms, so that a probability of ``1e-300`` or
less keeps its relative accuracy (the fixed-point solvers work on log-probabilities).

This module decides how a probit choice is computed for every solver (normal forms in
:mod:`deterrence.solvers.qre`, trees in :mod:`deterrence.solvers.qre_tree`); the certificate
(:mod:`deterrence.solvers.qre_check`) recomputes the response independently, with a proven
error bound.

Examples
--------
>>> import numpy as np
>>> p = probit_response(np.array([1.0, 0.0, 0.0]), 2.0)
>>> [round(float(x), 6) for x in p], round(float(p.sum()), 12)
([0.865767, 0.067116, 0.067116], 1.0)
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

__all__ = ["HERMITE_NODES", "probit_response"]

#: Nodes of the Gauss-Hermite rule. Centred at the mode and scaled by the curvature, 48 nodes
#: give the probabilities to about 1e-15 relative on the tests' grid of payoff differences
#: (tests/test_qre_probit.py compares with mpmath's quadrature at 30 digits).
HERMITE_NODES = 48

_NODES, _WEIGHTS = np.polynomial.hermite.hermgauss(HERMITE_NODES)
#: log(w_i) + x_i^2: the rule integrates f(x) as sum w_i e^{x_i^2} f(x_i).
_LOG_WEIGHTS = np.log(_WEIGHTS) + _NODES**2
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _mills(x: np.ndarray) -> np.ndarray:
    """phi(x) / Phi(x), computed on logarithms (finite for every x)."""
    return np.exp(-0.5 * x * x - _LOG_SQRT_2PI - special.log_ndtr(x))


def _mode(shifts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mode of ``g(t) = log phi(t) + sum_b log Phi(t + shifts_b)`` (over the last axis)
    and ``-g''`` there.

    ``g'(t) = -t + sum_b psi(t + s_b)`` with the decreasing ``psi = phi / Phi``, so ``g'`` is
    decreasing, positive at 0 and negative at ``sum_b psi(s_b)``: the root is bracketed,
    and Newton's steps are kept inside the bracket (bisecting when one would leave it).
    """
    low = np.zeros(shifts.shape[:-1])
    high = _mills(shifts).sum(axis=-1)
    t = 0.5 * (low + high)
    curvature = np.ones_like(t)
    for _ in range(60):
        x = t[..., None] + shifts
        psi = _mills(x)
        slope = -t + psi.sum(axis=-1)
        # psi' = -psi (x + psi), in (-1, 0): so 1 <= -g'' < k.
        curvature = 1.0 + (psi * (x + psi)).sum(axis=-1)
        low = np.where(slope > 0, t, low)
        high = np.where(slope > 0, high, t)
        newton = t + slope / curvature
        # The bracket's ends close in on t itself at convergence, hence the closed test.
        inside = (newton >= low) & (newton <= high)
        step = np.where(inside, newton, 0.5 * (low + high))
        done = np.abs(step - t) <= 1e-14 * (1.0 + np.abs(t))
        t = step
        if np.all(done):
            break
    x = t[..., None] + shifts
    psi = _mills(x)
    curvature = 1.0 + (psi * (x + psi)).sum(axis=-1)
    return t, curvature


def _log_integral(shifts: np.ndarray) -> np.ndarray:
    """``log integral phi(t) prod_b Phi(t + shifts_b) dt`` over the last axis of ``shifts``."""
    mode, curvature = _mode(shifts)
    scale = math.sqrt(2.0) / np.sqrt(curvature)
    t = mode[..., None] + scale[..., None] * _NODES  # (..., nodes)
    log_f = -0.5 * t * t - _LOG_SQRT_2PI
    log_f = log_f + special.log_ndtr(t[..., None] + shifts[..., None, :]).sum(axis=-1)
    return np.log(scale) + special.logsumexp(log_f + _LOG_WEIGHTS, axis=-1)


def probit_response(
    utilities: np.ndarray, precision: float, *, log: bool = False, rule: str = "auto"
) -> np.ndarray:
    """The probit choice probabilities of actions with expected payoffs ``utilities``.

    Each action's payoff carries an independent normal error of standard deviation
    ``1 / precision`` (see the module's description for the integral and its sources).

    Parameters
    ----------
    utilities : array_like
        Expected payoffs, actions on the last axis; leading axes are independent choices,
        computed together.
    precision : float
        lambda > 0 (lambda = 0 gives the uniform choice).
    log : bool
        Return the logarithms of the probabilities (accurate where the probabilities
        underflow).
    rule : {"auto", "quadrature"}
        ``auto``: the closed form ``Phi(lambda (U_a - U_b) / sqrt 2)`` for two actions, the
        quadrature for more. ``quadrature`` forces the quadrature for two actions too (to
        test it against the closed form).

    Returns
    -------
    numpy.ndarray
        Of the shape of ``utilities``; along the last axis the probabilities sum to 1 (they
        are normalised, which changes them by the quadrature's error only).

    Raises
    ------
    ValueError
        For a negative or non-finite precision, non-finite payoffs or an unknown rule.

    Examples
    --------
    Two actions: the binary strategic probit (Signorino 2003).

    >>> from scipy.stats import norm
    >>> p = probit_response(np.array([0.5, 0.0]), 1.0)
    >>> bool(abs(p[0] - norm.cdf(0.5 / np.sqrt(2))) < 1e-15)
    True

    Three actions with equal payoffs, and a batch of two choices at once:

    >>> probit_response(np.array([[0.0, 0.0, 0.0], [2.0, 1.0, 0.0]]), 1.5).round(4)
    array([[0.3333, 0.3333, 0.3333],
           [0.8485, 0.1417, 0.0098]])
    """
    u = np.asarray(utilities, dtype=float)
    if rule not in ("auto", "quadrature"):
        raise ValueError(f"unknown rule `{rule}`; expected auto or quadrature")
    if not (precision >= 0 and math.isfinite(precision)):
        raise ValueError("the precision lambda must be a finite number >= 0")
    if not np.all(np.isfinite(u)):
        raise ValueError("the expected payoffs must be finite")
    k = u.shape[-1]
    if k == 0:
        raise ValueError("a choice needs at least one action")
    if k == 1 or precision == 0:
        out = np.full(u.shape, -math.log(k))
    elif k == 2 and rule == "auto":
        z = precision * (u[..., 0] - u[..., 1]) / math.sqrt(2.0)
        out = np.stack([special.log_ndtr(z), special.log_ndtr(-z)], axis=-1)
    else:
        # shifts[..., a, j] = lambda (U_a - U_b) for the j-th action b other than a.
        others = np.array([[b for b in range(k) if b != a] for a in range(k)])
        shifts = precision * (u[..., :, None] - u[..., others])
        log_p = _log_integral(shifts)
        out = log_p - special.logsumexp(log_p, axis=-1, keepdims=True)
    return out if log else np.exp(out)
