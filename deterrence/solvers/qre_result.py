"""What a quantal response equilibrium solver returns: frozen records with a residual bound.

A quantal response equilibrium (McKelvey and Palfrey 1995, "Quantal response equilibria for
normal form games", GEB 10:6-38; 1998, "Quantal response equilibria for extensive form
games", Experimental Economics 1:9-41) is a fixed point of a smoothed best response. Its
numbers are floating point and its guarantee is not an exact zero regret but a bound on the
fixed-point residual, ``max |response(profile) - profile|``, recomputed independently of the
solver in rational and interval arithmetic (:mod:`deterrence.solvers.qre_check`). Hence its
own types, :class:`QREResult` for one precision and :class:`QREBranch` for a traced branch,
rather than :class:`~deterrence.solvers.result.SolveResult`.

>>> r = QREResult(model="m", method="statistical backward induction", error="logit",
...               precision=2.0, form="tree", players=("A",), choices={"a": {"x": 0.5}},
...               outcomes={"X": 1.0}, payoffs=(0.0,), residual=1e-16)
>>> r.to_dict()["certificate"]
{'kind': 'proven fixed-point residual bound', 'residual': 1e-16, 'exact': False}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from deterrence.solvers.result import Equilibrium

__all__ = ["RESIDUAL_CERTIFICATE", "QREBranch", "QREPoint", "QREResult"]

#: The kind of certificate every QRE result carries.
RESIDUAL_CERTIFICATE = "proven fixed-point residual bound"


def _number(value: object) -> object:
    """A JSON-ready number: exact fractions as strings ("7/20"), floats as they are."""
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else int(value)
    return value


def _nested(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _nested(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_nested(v) for v in value]
    return _number(value)


@dataclass(frozen=True)
class QREResult:
    """A quantal response equilibrium at one precision, with its residual certificate.

    Parameters
    ----------
    model : str
        The model's id.
    method : str
        How it was found: ``statistical backward induction``, ``path following``,
        ``fixed point (continuation, Newton)``, ``continuation in lambda (Newton)`` (the
        probit QRE of a normal form).
    error : {"logit", "probit"}
        The distribution of the errors: logit (type-I extreme value) or probit (normal,
        independent across actions; :mod:`deterrence.solvers.probit`).
    precision : float
        lambda. Logit: choice probabilities proportional to ``exp(lambda * payoff)``.
        Probit: each error has standard deviation ``1 / lambda`` (:attr:`scale`).
    form : {"tree", "matrix"}
    players : tuple of str
    choices : mapping
        Trees: at every information set, by label, the probability of each action. Normal
        forms: for each player id, the probability of each strategy (as :attr:`mixed`).
    outcomes : mapping of str to float
        The probability of each outcome label.
    payoffs : tuple of float
        Each player's expected payoff.
    residual : float
        An upper bound, proven in interval arithmetic, on the sup-norm of
        ``response(profile) - profile`` for the profile reported (see
        :func:`deterrence.solvers.qre_check.qre_residual`). It bounds how far the reported
        numbers are from being a fixed point, not their distance from an exact QRE.
    variant : {"agent", "private", "strategic"}
        Agent errors at each move (McKelvey-Palfrey agent QRE, Signorino 1999), private
        information on outcome payoffs (Signorino 2003), or the normal form's QRE.
    mixed : tuple of mapping or None
        Normal forms: each player's mixed strategy, by strategy label.
    shocks : mapping or None
        Private-information variant: for each player id, the standard deviation of its
        payoff shock at each outcome, in units of :attr:`scale` (0: no shock); outcomes not
        listed have 1.
    converged : bool
        Whether the numerical method met its tolerance.
    notes : tuple of str
    parameters : mapping of str to Fraction
        The model's parameter values.
    method_parameters : mapping of str to object
        Tolerances, steps and such of the method.
    """

    model: str
    method: str
    error: str
    precision: float
    form: str
    players: tuple[str, ...]
    choices: Mapping[str, Mapping[str, float]]
    outcomes: Mapping[str, float]
    payoffs: tuple[float, ...]
    residual: float
    variant: str = "agent"
    mixed: tuple[Mapping[str, float], ...] | None = None
    shocks: Mapping[str, Mapping[str, float]] | None = None
    converged: bool = True
    notes: tuple[str, ...] = ()
    parameters: Mapping[str, Fraction] = field(default_factory=dict)
    method_parameters: Mapping[str, object] = field(default_factory=dict)
    concept: str = "qre"
    certificate: str = RESIDUAL_CERTIFICATE
    certificate_exact: bool = False

    @property
    def scale(self) -> float:
        """The error scale ``1 / lambda`` (the probit errors' standard deviation)."""
        return 1.0 / self.precision if self.precision else float("inf")

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data."""
        return {
            "model": self.model,
            "concept": self.concept,
            "method": self.method,
            "error": self.error,
            "variant": self.variant,
            "precision": self.precision,
            "form": self.form,
            "players": list(self.players),
            "choices": _nested(self.choices),
            "mixed": None if self.mixed is None else _nested(self.mixed),
            "outcomes": _nested(self.outcomes),
            "payoffs": list(self.payoffs),
            "shocks": None if self.shocks is None else _nested(self.shocks),
            "converged": self.converged,
            "certificate": {
                "kind": self.certificate,
                "residual": self.residual,
                "exact": self.certificate_exact,
            },
            "notes": list(self.notes),
            "parameters": _nested(self.parameters),
            "method_parameters": _nested(self.method_parameters),
        }


@dataclass(frozen=True)
class QREPoint:
    """One point of a traced branch: the precision, the profile and its residual bound."""

    precision: float
    mixed: tuple[tuple[float, ...], ...]
    residual: float

    def to_dict(self) -> dict[str, Any]:
        """The point as plain JSON-ready data."""
        return {
            "precision": self.precision,
            "mixed": [list(m) for m in self.mixed],
            "residual": self.residual,
        }


@dataclass(frozen=True)
class QREBranch:
    """The principal branch of the logit QRE correspondence, traced from lambda = 0.

    Parameters
    ----------
    model : str
    method : str
    players : tuple of str
    strategies : tuple of tuple of str
    points : tuple of QREPoint
        The accepted points of the path, by increasing precision, each with its proven
        residual bound (the last one is where the trace stopped).
    converged : bool
        Whether the trace stopped because the profile's regret met the tolerance (rather
        than at ``lambda_max`` or the step limit).
    limit : Equilibrium or None
        The Nash equilibrium the branch selects: the last profile rounded to an exact
        candidate (on its support, solved exactly where it can be) and recorded with the
        project's exact regret. None where no candidate could be formed.
    limit_is_nash : bool
        Whether that candidate's exact regret is zero (a proof that it is a Nash
        equilibrium; which one the branch selects in the limit is a numerical finding).
    notes : tuple of str
    parameters : mapping of str to Fraction
    method_parameters : mapping of str to object
    """

    model: str
    method: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    points: tuple[QREPoint, ...]
    converged: bool
    limit: Equilibrium | None
    limit_is_nash: bool
    notes: tuple[str, ...] = ()
    parameters: Mapping[str, Fraction] = field(default_factory=dict)
    method_parameters: Mapping[str, object] = field(default_factory=dict)
    error: str = "logit"
    concept: str = "qre"
    certificate: str = RESIDUAL_CERTIFICATE
    certificate_exact: bool = False

    @property
    def residual(self) -> float:
        """The largest residual bound along the branch."""
        return max((p.residual for p in self.points), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        """The branch as plain JSON-ready data (exact numbers of the limit as strings)."""
        limit = None
        if self.limit is not None:
            limit = {
                "mixed": _nested(self.limit.mixed),
                "payoffs": _nested(self.limit.payoffs),
                "outcomes": _nested(self.limit.outcomes),
                "regret": _number(self.limit.regret),
                "is_nash": self.limit_is_nash,
            }
        return {
            "model": self.model,
            "concept": self.concept,
            "method": self.method,
            "error": self.error,
            "players": list(self.players),
            "strategies": [list(s) for s in self.strategies],
            "points": [p.to_dict() for p in self.points],
            "converged": self.converged,
            "limit": limit,
            "certificate": {
                "kind": self.certificate,
                "residual": self.residual,
                "exact": self.certificate_exact,
            },
            "notes": list(self.notes),
            "parameters": _nested(self.parameters),
            "method_parameters": _nested(self.method_parameters),
        }
