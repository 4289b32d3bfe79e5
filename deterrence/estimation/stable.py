"""Log-probabilities of a tree's outcomes, written so that they can be evaluated far from the
optimum without underflow, and differentiated exactly.

The choice probabilities of the agent QRE come from one place,
:func:`deterrence.solvers.qre_tree.symbolic_choice_probabilities`; this module only rewrites
their logarithms. ``log(1 / (1 + exp(x) + ...))`` becomes ``-LogSumExp(0, x, ...)`` and
``log(Phi(w))`` becomes ``LogPhi(w)``, two sympy functions with exact derivatives that
numpy evaluates stably (``logaddexp``, scipy's ``log_ndtr``). Without this, a likelihood
evaluated at coefficients a few units from the truth returns ``log(0)`` and the optimiser
stops.

>>> import sympy
>>> x = sympy.Symbol("x")
>>> log_probability(1 / (1 + sympy.exp(x)))
-LogSumExp(0, x)
>>> sympy.diff(LogSumExp(0, x), x)
exp(x - LogSumExp(0, x))
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import sympy
from scipy import special

__all__ = [
    "NUMPY_FUNCTIONS",
    "LogPhi",
    "LogSumExp",
    "Phi",
    "log_probability",
    "log_sum",
    "with_phi",
]


class Phi(sympy.Function):
    """The standard normal distribution function."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        (w,) = self.args
        return sympy.exp(-(w**2) / 2) / sympy.sqrt(2 * sympy.pi)


class LogPhi(sympy.Function):
    """``log(Phi(w))``, evaluated by scipy's ``log_ndtr`` (no underflow in the left tail)."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        (w,) = self.args
        # phi(w) / Phi(w) without dividing two numbers that both underflow.
        return sympy.exp(-(w**2) / 2 - LogPhi(w)) / sympy.sqrt(2 * sympy.pi)


class LogSumExp(sympy.Function):
    """``log(exp(x_1) + ... + exp(x_k))``, evaluated without overflow."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.exp(self.args[argindex - 1] - self)


def _log_sum_exp(*values: Any) -> Any:
    return functools.reduce(np.logaddexp, values)


def _phi_numpy(w: Any) -> Any:
    return special.ndtr(w)


#: How :func:`sympy.lambdify` evaluates the functions above.
NUMPY_FUNCTIONS: dict[str, Any] = {
    "Phi": _phi_numpy,
    "LogPhi": special.log_ndtr,
    "LogSumExp": _log_sum_exp,
}


def with_phi(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with the normal distribution function written as :class:`Phi`.

    The choice probabilities write it ``(1 + erf(x / sqrt 2)) / 2``; in that form its upper
    tail is ``1 - erf(...)``, which cancels to zero in floating point.

    >>> w = sympy.Symbol("w")
    >>> with_phi((1 + sympy.erf(w / sympy.sqrt(2))) / 2)
    Phi(w)
    >>> with_phi(1 - (1 + sympy.erf(w / sympy.sqrt(2))) / 2)
    Phi(-w)
    """
    replaced = expr.replace(sympy.erf, lambda z: 2 * Phi(sympy.sqrt(2) * z) - 1)

    def upper(node: sympy.Expr) -> bool:
        return _upper_tail(node) is not None

    return replaced.replace(upper, lambda node: _upper_tail(node))


def _upper_tail(node: sympy.Expr) -> sympy.Expr | None:
    """``Phi(-w)`` for a node ``1 - Phi(w)``, else None."""
    if not isinstance(node, sympy.Add) or len(node.args) != 2:
        return None
    one, other = sorted(node.args, key=lambda a: 0 if a == 1 else 1)
    if one != 1 or not isinstance(other, sympy.Mul) or len(other.args) != 2:
        return None
    sign, phi = sorted(other.args, key=lambda a: 0 if a.is_Number else 1)
    if sign != -1 or not isinstance(phi, Phi):
        return None
    return Phi(-phi.args[0])


def log_probability(p: sympy.Expr) -> sympy.Expr:
    """The logarithm of one choice (or chance) probability, in stable form.

    Logit probabilities ``1 / (1 + sum exp(d))`` become ``-LogSumExp(0, d, ...)``; probit
    ones ``Phi(w)`` become ``LogPhi(w)``; anything else is ``log(p)`` as it stands.

    >>> w = sympy.Symbol("w")
    >>> log_probability(Phi(w)), log_probability(sympy.Rational(1, 4))
    (LogPhi(w), -log(4))
    """
    if isinstance(p, Phi):
        return LogPhi(p.args[0])
    if isinstance(p, sympy.Pow) and p.exp == -1:
        base = p.base
        terms = sympy.Add.make_args(base)
        if all(t == 1 or isinstance(t, sympy.exp) for t in terms):
            arguments = [sympy.Integer(0) if t == 1 else t.args[0] for t in terms]
            return -LogSumExp(*arguments)
    return sympy.log(p)


def log_sum(logs: list[sympy.Expr]) -> sympy.Expr:
    """``log(sum(exp(l) for l in logs))``: the log-probability of a set of terminals.

    >>> x = sympy.Symbol("x")
    >>> log_sum([x]), log_sum([x, -x])
    (x, LogSumExp(x, -x))
    """
    if len(logs) == 1:
        return logs[0]
    return LogSumExp(*logs)
