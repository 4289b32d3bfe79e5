"""Quantal response equilibria of normal forms (logit and probit), on the branch traced from 0.

The logit QRE at precision lambda (McKelvey and Palfrey 1995, "Quantal response equilibria
for normal form games", GEB 10:6-38) is a profile in which every player ``i`` plays each
strategy ``j`` with probability proportional to ``exp(lambda * u_ij)``, ``u_ij`` its expected
payoff against the others' mixed strategies. At lambda = 0 the unique QRE is the uniform
profile; as lambda grows, the QRE correspondence holds a unique branch starting there (the
*principal branch*), which for generic games converges to one Nash equilibrium, the one the
logit tracing procedure selects.

The branch is traced by a predictor-corrector method on the system in log-probabilities
(Turocy 2005, "A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence", GEB 51:243-263; the method of Gambit's ``gambit-logit``), for
every player ``i``::

    sum_j exp(z_ij) - 1 = 0
    z_ij - z_i0 - lambda (u_ij - u_i0) = 0,   j = 1 .. n_i - 1

``n`` equations in ``n + 1`` unknowns ``(z, lambda)`` whose solutions form a curve. Each step
moves along its tangent (the null vector of the Jacobian, from a QR factorisation; Allgower and
Georg 1990, "Numerical Continuation Methods", ch. 2 and 5), then returns to the curve by
Gauss-Newton steps with the Jacobian's pseudo-inverse. A step is accepted only if the
corrector contracts, its first correction is short against the step and the tangent turns
little (Allgower and Georg 1990, sec. 6.1), else it is halved; accepted steps grow by at most
``max_accel``. Because the branch may bend back in lambda, it is followed by arc length, not
by lambda, and the step control keeps the corrector from jumping across such a fold.

Every point reported carries the proven residual bound of
:func:`deterrence.solvers.qre_check.logit_response_residual`, recomputed independently.

The probit QRE (:func:`probit_qre`; McKelvey and Palfrey 1995, sec. 2: independent normal
errors of standard deviation ``1 / lambda`` on each strategy's payoff) has no such
log-linear system: its response is :func:`deterrence.solvers.probit.probit_response`, and
its principal branch is followed from the uniform profile at lambda = 0 by continuation in
lambda with a Newton-type solver at each step, as the agent QRE of trees is
(:func:`deterrence.solvers.qre_tree.continue_in_precision`). Its residual bound is
:func:`deterrence.solvers.qre_check.probit_response_residual`.

Examples
--------
>>> import deterrence as dt
>>> game = dt.load("chicken")
>>> result = logit_qre(game, 1.0)
>>> [round(p, 4) for p in result.mixed[0].values()], result.residual < 1e-12
([0.7758, 0.2242], True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from deterrence import limits
from deterrence.errors import DeterrenceError, SolverError
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import resolve_values
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.probit import probit_response
from deterrence.solvers.qre_check import logit_response_residual, probit_response_residual
from deterrence.solvers.qre_result import QREBranch, QREPoint, QREResult
from deterrence.solvers.qre_tree import (
    TOLERANCE,
    agent_qre,
    continue_in_precision,
    numeric_game,
    provisional_limit,
)
from deterrence.solvers.records import normal_form_record
from deterrence.solvers.result import Equilibrium

__all__ = [
    "PathSettings",
    "logit_branch",
    "logit_qre",
    "logit_qres",
    "payoff_tensors",
    "probit_qre",
    "probit_qres",
    "qre",
    "run_qre",
]

#: Provisional bound (until a limit ``qre_steps`` is registered): accepted steps of one trace.
MAX_STEPS = 10_000


@dataclass(frozen=True)
class PathSettings:
    """How the path is followed.

    Parameters
    ----------
    first_step : float
        The first step's arc length (Gambit's default is 0.03).
    max_accel : float
        The most a step may grow over the previous one.
    min_step : float
        Below this arc length the trace gives up (marked not converged).
    tolerance : float
        Of the corrector, on the largest equation.
    max_regret : float
        The branch is considered converged once the profile's regret, relative to the range
        of the payoffs, is below this (Gambit's ``maxregret``).
    lambda_max : float
        The trace stops at this precision at the latest.
    """

    first_step: float = 0.03
    max_accel: float = 1.5
    min_step: float = 1e-12
    tolerance: float = 1e-13
    max_regret: float = 1e-8
    lambda_max: float = 1e7


def payoff_tensors(game: NormalFormGame) -> list[np.ndarray]:
    """Each player's payoffs as an array of shape ``game.shape``, in floats.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> chicken = dt.load("chicken")
    >>> game, _ = instantiate(chicken, resolve_values(chicken.parameters))
    >>> payoff_tensors(game)[0].shape
    (2, 2)
    """
    if not game.is_numeric:
        raise SolverError("give the normal form at numeric parameter values")
    cells = math.prod(game.shape)
    if cells > limits.count("profiles"):
        raise SolverError(f"{cells} profiles; {limits.message('profiles')}")
    players = len(game.players)
    tensors = [np.empty(game.shape) for _ in range(players)]
    for profile in game.profiles():
        payoff = game.payoff(profile).total
        for i in range(players):
            tensors[i][profile] = float(payoff[i])
    return tensors


class _LogitSystem:
    """The log-probability system of the logit QRE and its Jacobian."""

    def __init__(self, tensors: list[np.ndarray]) -> None:
        self.tensors = tensors
        self.shape = tensors[0].shape
        self.players = len(self.shape)
        self.offsets = np.cumsum((0, *self.shape))
        self.size = int(self.offsets[-1])
        self.spread = max(float(np.max(np.abs(t))) for t in tensors) or 1.0

    def split(self, z: np.ndarray) -> list[np.ndarray]:
        return [z[self.offsets[i] : self.offsets[i + 1]] for i in range(self.players)]

    def _contract(
        self, tensor: np.ndarray, keep: Sequence[int], probs: list[np.ndarray]
    ) -> np.ndarray:
        rest = [k for k in range(self.players) if k not in keep]
        moved = np.moveaxis(tensor, list(keep), list(range(len(keep))))
        for k in reversed(rest):
            moved = moved @ probs[k]
        return moved

    def expected(self, probs: list[np.ndarray]) -> list[np.ndarray]:
        return [self._contract(self.tensors[i], [i], probs) for i in range(self.players)]

    def equations(self, z: np.ndarray, lam: float) -> np.ndarray:
        probs = [np.exp(part) for part in self.split(z)]
        utilities = self.expected(probs)
        out = np.empty(self.size)
        for i in range(self.players):
            start = self.offsets[i]
            zi = z[start : self.offsets[i + 1]]
            out[start] = probs[i].sum() - 1.0
            out[start + 1 : self.offsets[i + 1]] = (
                zi[1:] - zi[0] - lam * (utilities[i][1:] - utilities[i][0])
            )
        return out

    def jacobian(self, z: np.ndarray, lam: float) -> np.ndarray:
        """The n x (n + 1) Jacobian in (z, lambda)."""
        probs = [np.exp(part) for part in self.split(z)]
        utilities = self.expected(probs)
        jac = np.zeros((self.size, self.size + 1))
        for i in range(self.players):
            rows = slice(self.offsets[i], self.offsets[i + 1])
            start = self.offsets[i]
            n_i = self.shape[i]
            jac[start, rows] = probs[i]
            for j in range(1, n_i):
                jac[start + j, start + j] = 1.0
                jac[start + j, start] = -1.0
            jac[start + 1 : self.offsets[i + 1], -1] = -(utilities[i][1:] - utilities[i][0])
            for k in range(self.players):
                if k == i:
                    continue
                cross = self._contract(self.tensors[i], [i, k], probs)
                block = (cross[1:] - cross[0]) * probs[k]
                jac[start + 1 : self.offsets[i + 1], self.offsets[k] : self.offsets[k + 1]] = (
                    -lam * block
                )
        return jac

    def uniform(self) -> np.ndarray:
        return np.concatenate([np.full(n, -math.log(n)) for n in self.shape])

    def profile(self, z: np.ndarray) -> list[np.ndarray]:
        out = []
        for part in self.split(z):
            p = np.exp(part - part.max())
            out.append(p / p.sum())
        return out

    def regret(self, z: np.ndarray) -> float:
        probs = self.profile(z)
        utilities = self.expected(probs)
        return max(float(u.max() - u @ p) for u, p in zip(utilities, probs, strict=True))


def _tangent(jac: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    q, _ = np.linalg.qr(jac.T, mode="complete")
    t = q[:, -1]
    if previous is None:
        if t[-1] < 0:
            t = -t
    elif t @ previous < 0:
        t = -t
    return t


def _correct(
    system: _LogitSystem, x: np.ndarray, tolerance: float, *, fixed_lambda: bool = False
) -> tuple[np.ndarray, bool, float]:
    """Gauss-Newton back to the curve (or, with ``fixed_lambda``, Newton at fixed lambda).

    Returns the point, whether it converged, and the length of the first correction (how far
    the prediction was from the curve), which the step control watches.
    """
    previous = math.inf
    first = 0.0
    # The equations hold lambda * payoff differences, whose rounding grows with lambda.
    tolerance = tolerance * (1.0 + abs(float(x[-1])) * system.spread)
    for iteration in range(12):
        residual = system.equations(x[:-1], x[-1])
        norm = float(np.max(np.abs(residual)))
        if norm < tolerance:
            return x, True, first
        # Slow contraction means the prediction is outside Newton's basin: a shorter step.
        if norm > 0.5 * previous and norm > 1e3 * tolerance:
            return x, False, first
        previous = norm
        jac = system.jacobian(x[:-1], x[-1])
        if fixed_lambda:
            delta = np.linalg.solve(jac[:, :-1], residual)
            x = x.copy()
            x[:-1] -= delta
        else:
            delta = np.linalg.lstsq(jac, residual, rcond=None)[0]
            x = x - delta
        if iteration == 0:
            first = float(np.linalg.norm(delta))
        if not np.all(np.isfinite(x)):
            return x, False, first
    residual = system.equations(x[:-1], x[-1])
    return x, bool(np.max(np.abs(residual)) < tolerance), first


#: Step control (Allgower and Georg 1990, sec. 6.1): the first correction may be at most this
#: fraction of the step, and consecutive tangents may turn by at most this angle (radians).
#: Both keep a step short against the curve's radius of curvature, so that the corrector
#: cannot land on another part of the curve across a fold (a backward bend in lambda).
MAX_DISTANCE = 0.1
MAX_ANGLE = 0.2


@dataclass
class _Trace:
    points: list[tuple[float, np.ndarray]]
    landed: list[tuple[float, np.ndarray]]
    converged: bool
    stopped: str


def _trace(
    system: _LogitSystem,
    settings: PathSettings,
    *,
    targets: Sequence[float] = (),
    scale: float = 1.0,
) -> _Trace:
    """Follow the branch from lambda = 0, landing exactly on each of ``targets`` (ascending)
    and stopping after the last; with no targets, until the regret is below
    ``settings.max_regret * scale`` or lambda reaches ``settings.lambda_max``."""
    x = np.append(system.uniform(), 0.0)
    points = [(0.0, x[:-1].copy())]
    landed: list[tuple[float, np.ndarray]] = []
    pending = [float(t) for t in targets]
    while pending and pending[0] <= 0:
        landed.append((pending.pop(0), x[:-1].copy()))
    if targets and not pending:
        return _Trace(points, landed, True, "target")
    step = settings.first_step
    tangent: np.ndarray | None = None
    most = provisional_limit("qre_steps", MAX_STEPS)
    deadline = limits.deadline()
    for _ in range(most):
        if deadline.expired():
            return _Trace(points, landed, False, "time")
        end = pending[0] if pending else settings.lambda_max
        jac = system.jacobian(x[:-1], x[-1])
        tangent = _tangent(jac, tangent)
        h = step
        if tangent[-1] > 0 and x[-1] + h * tangent[-1] > end:
            h = (end - x[-1]) / tangent[-1]
        trial, ok, distance = _correct(system, x + h * tangent, settings.tolerance)
        if ok and distance > MAX_DISTANCE * h:
            ok = False
        if ok:
            turned = _tangent(system.jacobian(trial[:-1], trial[-1]), tangent)
            ok = float(turned @ tangent) >= math.cos(MAX_ANGLE)
        if not ok:
            step = h / 2
            if step < settings.min_step:
                return _Trace(points, landed, False, "step")
            continue
        x = trial
        if x[-1] >= end - 1e-12 * max(end, 1.0):
            x[-1] = end
            x, _, _ = _correct(system, x, settings.tolerance, fixed_lambda=True)
            points.append((end, x[:-1].copy()))
            if not pending:
                return _Trace(points, landed, False, "lambda_max")
            landed.append((pending.pop(0), x[:-1].copy()))
            if not pending:
                return _Trace(points, landed, True, "target")
            continue
        points.append((float(x[-1]), x[:-1].copy()))
        if not targets and system.regret(x[:-1]) <= settings.max_regret * scale:
            return _Trace(points, landed, True, "regret")
        step = min(h * settings.max_accel, step * settings.max_accel) if h >= step else step
    return _Trace(points, landed, False, "steps")


def _normal_form(game: Game) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            "this is a game tree; its agent QRE is deterrence.solvers.qre_tree.agent_qre"
        )
    return game


def _scale(tensors: list[np.ndarray]) -> float:
    spread = max(float(t.max() - t.min()) for t in tensors)
    return spread if spread > 0 else 1.0


def _mixed_maps(game: NormalFormGame, profile: list[np.ndarray]) -> tuple[dict[str, float], ...]:
    return tuple(
        dict(zip(game.strategies[i], (float(v) for v in p), strict=True))
        for i, p in enumerate(profile)
    )


def _qre_result(
    game: NormalFormGame,
    system: _LogitSystem,
    lam: float,
    z: np.ndarray,
    *,
    error: str = "logit",
    method: str,
    converged: bool,
    notes: tuple[str, ...],
    parameters: Mapping[str, Fraction],
    method_parameters: Mapping[str, object],
) -> QREResult:
    profile = system.profile(z)
    mixed = _mixed_maps(game, profile)
    utilities = system.expected(profile)
    outcomes: dict[str, float] = {}
    for cell in game.profiles():
        weight = math.prod(float(profile[i][s]) for i, s in enumerate(cell))
        label = game.outcome(cell)
        outcomes[label] = outcomes.get(label, 0.0) + weight
    check = probit_response_residual if error == "probit" else logit_response_residual
    residual = check(game, lam, [list(p) for p in profile])
    return QREResult(
        model=game.info.id,
        method=method,
        error=error,
        precision=float(lam),
        form="matrix",
        players=game.players,
        choices={game.players[i]: m for i, m in enumerate(mixed)},
        outcomes=outcomes,
        payoffs=tuple(float(u @ p) for u, p in zip(utilities, profile, strict=True)),
        residual=residual,
        variant="strategic",
        mixed=mixed,
        converged=converged,
        notes=notes,
        parameters=dict(parameters),
        method_parameters=dict(method_parameters),
    )


def logit_qre(
    game: Game,
    precision: float,
    *,
    values: Mapping[str, Fraction] | None = None,
    settings: PathSettings | None = None,
) -> QREResult:
    """The logit QRE on the principal branch at precision lambda.

    The branch is traced from lambda = 0 (see the module's description) and the point at
    ``precision`` corrected by Newton's method at fixed lambda; where the branch passes
    ``precision`` more than once (it bends back), the first passage is reported. This is
    what Gambit's ``logit_solve_lambda`` computes.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; symbolic games are instantiated at their defaults,
        overridden by ``values``.
    precision : float
        lambda >= 0, multiplying the payoffs as they stand (no normalisation).
    values : mapping, optional
    settings : PathSettings, optional

    Returns
    -------
    QREResult

    Examples
    --------
    >>> import deterrence as dt
    >>> r = logit_qre(dt.load("chicken"), 0.0)
    >>> r.mixed[1]
    {'swerve': 0.5, 'straight': 0.5}
    """
    return logit_qres(game, [precision], values=values, settings=settings)[0]


def logit_qres(
    game: Game,
    precisions: Sequence[float],
    *,
    values: Mapping[str, Fraction] | None = None,
    settings: PathSettings | None = None,
) -> list[QREResult]:
    """The logit QRE on the principal branch at each of several precisions, in one trace.

    As :func:`logit_qre`, landing on each lambda in turn; the results come in the order of
    ``precisions``.

    Examples
    --------
    >>> import deterrence as dt
    >>> [round(r.mixed[0]["swerve"], 4) for r in logit_qres(dt.load("chicken"), [2.0, 0.5])]
    [0.8231, 0.7155]
    """
    if any(p < 0 or not math.isfinite(p) for p in precisions):
        raise SolverError("the precision lambda must be a finite number >= 0")
    numeric, chosen = numeric_game(game, values)
    normal = _normal_form(numeric)
    settings = settings or PathSettings()
    system = _LogitSystem(payoff_tensors(normal))
    order = sorted(set(float(p) for p in precisions))
    trace = _trace(system, settings, targets=order)
    found = dict(trace.landed)
    last_lambda, last_z = trace.points[-1]
    results = []
    for precision in precisions:
        notes: tuple[str, ...] = ()
        z = found.get(float(precision))
        if z is None:
            z = last_z
            notes = (
                f"the trace stopped ({trace.stopped}) at lambda = {last_lambda:.6g} before "
                f"reaching {precision}; the residual is of that point at the asked lambda",
            )
        results.append(
            _qre_result(
                normal,
                system,
                float(precision),
                z,
                method="path following (predictor-corrector)",
                converged=float(precision) in found,
                notes=notes,
                parameters=chosen,
                method_parameters={"steps": len(trace.points) - 1},
            )
        )
    return results


class _ProbitSystem:
    """The probit QRE of a normal form in log-probabilities: ``z = log probit(u(exp z))``.

    The probabilities are ``exp(z)`` normalised per player, so the system is defined off
    the simplex too (the solver's trial points need not sum to 1); at a solution ``z`` is
    the log of a response, hence normalised.
    """

    def __init__(self, tensors: list[np.ndarray]) -> None:
        self.base = _LogitSystem(tensors)
        # Players with equally many strategies share one call of the quadrature.
        groups: dict[int, list[int]] = {}
        for i, n in enumerate(self.base.shape):
            groups.setdefault(n, []).append(i)
        self.groups = list(groups.items())

    def residual(self, z: np.ndarray, lam: float) -> np.ndarray:
        profile = self.base.profile(z)
        utilities = self.base.expected(profile)
        out = np.empty_like(z)
        offsets = self.base.offsets
        for _, members in self.groups:
            logs = probit_response(np.stack([utilities[i] for i in members]), lam, log=True)
            for row, i in zip(logs, members, strict=True):
                out[offsets[i] : offsets[i + 1]] = z[offsets[i] : offsets[i + 1]] - row
        return out


def probit_qre(
    game: Game,
    precision: float,
    *,
    values: Mapping[str, Fraction] | None = None,
    tolerance: float = TOLERANCE,
) -> QREResult:
    """The probit QRE on the principal branch at precision lambda.

    Each player's expected payoff of each strategy carries an independent normal error of
    standard deviation ``1 / lambda``, and each chooses the strategy whose perturbed payoff
    is highest (McKelvey and Palfrey 1995, sec. 2, the probit QRE); the response is
    :func:`deterrence.solvers.probit.probit_response`, a closed form for two strategies, a
    quadrature for more. At lambda = 0 the unique QRE is uniform; the branch from there is
    followed by continuation in lambda
    (:func:`~deterrence.solvers.qre_tree.continue_in_precision`), a Newton-type solve at each
    step on the log-probability system. Following lambda, not arc length, it cannot pass a
    point where the branch bends back: there it stops, and the result says
    ``converged=False`` with a note (the residual at the asked lambda is still certified).

    Parameters
    ----------
    game : NormalFormGame
        Any number of players and strategies; symbolic games are instantiated at their
        defaults, overridden by ``values``.
    precision : float
        lambda >= 0, multiplying the payoffs as they stand.
    values : mapping, optional
    tolerance : float
        Of the solver at each step.

    Returns
    -------
    QREResult
        ``error="probit"``, with the residual bound of
        :func:`~deterrence.solvers.qre_check.probit_response_residual`, recomputed
        independently (a proof for three or more strategies).

    Examples
    --------
    A dilemma in which defecting gains exactly 1 whatever the other does: each player's
    choice is the binary probit ``Phi(lambda / sqrt 2)``.

    >>> from deterrence.game import NormalFormGame, Payoff
    >>> f = Fraction
    >>> dilemma = NormalFormGame(
    ...     players=("1", "2"), strategies=(("C", "D"), ("C", "D")),
    ...     payoffs=tuple(Payoff((f(a), f(b))) for a, b in [(2, 2), (0, 3), (3, 0), (1, 1)]))
    >>> r = probit_qre(dilemma, 1.0)
    >>> round(r.mixed[0]["D"], 6), r.error, r.residual < 1e-12
    (0.76025, 'probit', True)
    """
    return probit_qres(game, [precision], values=values, tolerance=tolerance)[0]


def probit_qres(
    game: Game,
    precisions: Sequence[float],
    *,
    values: Mapping[str, Fraction] | None = None,
    tolerance: float = TOLERANCE,
) -> list[QREResult]:
    """The probit QRE on the principal branch at each of several precisions, in one
    continuation (as :func:`probit_qre`); the results come in the order of ``precisions``.

    Examples
    --------
    >>> import deterrence as dt
    >>> [round(r.mixed[0]["swerve"], 4) for r in probit_qres(dt.load("chicken"), [2.0, 0.5])]
    [0.832, 0.7282]
    """
    if any(p < 0 or not math.isfinite(p) for p in precisions):
        raise SolverError("the precision lambda must be a finite number >= 0")
    numeric, chosen = numeric_game(game, values)
    normal = _normal_form(numeric)
    system = _ProbitSystem(payoff_tensors(normal))
    z = system.base.uniform()
    reached = 0.0
    solved: dict[float, tuple[np.ndarray, bool, int]] = {}
    stopped = False
    total = 0
    for target in sorted(set(float(p) for p in precisions)):
        if not stopped:
            z, ok, steps = continue_in_precision(
                system.residual, z, target, tolerance, start_precision=reached
            )
            total += steps
            stopped = not ok
            if ok:
                reached = target
        solved[target] = (z, not stopped, total)
    results = []
    for precision in precisions:
        z, ok, steps = solved[float(precision)]
        notes: tuple[str, ...] = ()
        if not ok:
            notes = (
                f"the continuation stopped at lambda = {reached:.6g} before reaching "
                f"{precision} (the branch may bend back there, or the step limit "
                "qre_steps was met); the profile is the last one solved, and its residual "
                "at the asked lambda is what the certificate reports",
            )
        results.append(
            _qre_result(
                normal,
                system.base,
                float(precision),
                z,
                error="probit",
                method="continuation in lambda (Newton)",
                converged=ok,
                notes=notes,
                parameters=chosen,
                method_parameters={"tolerance": tolerance, "steps": steps},
            )
        )
    return results


def _solve_exact(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a linear system in exact arithmetic, or None."""
    m, n = len(rows), len(rows[0]) if rows else 0
    a = [[*row, b] for row, b in zip(rows, rhs, strict=True)]
    pivots: list[int] = []
    r = 0
    for c in range(n):
        pivot = next((i for i in range(r, m) if a[i][c] != 0), None)
        if pivot is None:
            return None
        a[r], a[pivot] = a[pivot], a[r]
        for i in range(m):
            if i != r and a[i][c] != 0:
                f = a[i][c] / a[r][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[r], strict=True)]
        pivots.append(c)
        r += 1
    if any(a[i][n] != 0 for i in range(r, m)):
        return None
    return [a[i][n] / a[i][i] for i in range(n)]


def _exact_on_support(
    game: NormalFormGame, supports: list[list[int]]
) -> list[list[Fraction]] | None:
    """For two players: the mixed profile on these supports making each player indifferent
    over its support, exactly, where it is unique and a probability."""
    if len(game.players) != 2:
        return None
    a, b = game.matrices()
    s1, s2 = supports
    out: list[list[Fraction]] = []
    # Player 2's mix makes player 1 indifferent over s1, and the other way round.
    for own, other, matrix in ((s1, s2, a), (s2, s1, [list(c) for c in zip(*b, strict=True)])):
        rows = [[matrix[s][t] for t in other] + [Fraction(-1)] for s in own]
        rows.append([Fraction(1)] * len(other) + [Fraction(0)])
        rhs = [Fraction(0)] * len(own) + [Fraction(1)]
        solution = _solve_exact(rows, rhs)
        if solution is None or any(p < 0 for p in solution[:-1]):
            return None
        out.append(solution[:-1])
    y, x = out
    size1, size2 = game.shape
    mixed1 = [Fraction(0)] * size1
    mixed2 = [Fraction(0)] * size2
    for s, p in zip(s1, x, strict=True):
        mixed1[s] = p
    for t, p in zip(s2, y, strict=True):
        mixed2[t] = p
    return [mixed1, mixed2]


def _limit_candidate(
    game: NormalFormGame, profile: list[np.ndarray], threshold: float = 1e-6
) -> tuple[list[list[Fraction]], str]:
    supports = [[j for j, p in enumerate(m) if p > threshold] for m in profile]
    if all(len(s) == 1 for s in supports):
        pure = [
            [Fraction(int(j == s[0])) for j in range(len(m))]
            for s, m in zip(supports, profile, strict=True)
        ]
        return pure, "the pure profile the branch ends at"
    exact = _exact_on_support(game, supports)
    if exact is not None:
        return exact, "solved exactly on the support the branch ends at"
    rounded = []
    for s, m in zip(supports, profile, strict=True):
        approx = [
            Fraction(float(m[j])).limit_denominator(10**6) if j in s else Fraction(0)
            for j in range(len(m))
        ]
        total = sum(approx, Fraction(0))
        rounded.append([p / total for p in approx])
    return rounded, "rounded to denominators of at most 10^6 on the support the branch ends at"


def logit_branch(
    game: Game,
    *,
    values: Mapping[str, Fraction] | None = None,
    settings: PathSettings | None = None,
    certify: bool = True,
) -> QREBranch:
    """The principal branch of the logit QRE correspondence, traced from lambda = 0.

    Followed by arc length (see the module's description) until the profile's regret is
    within ``settings.max_regret`` of the payoffs' range, or lambda reaches
    ``settings.lambda_max``. The last profile is then rounded to an exact candidate Nash
    equilibrium, the equilibrium the branch selects (Turocy 2005; McKelvey and Palfrey 1995,
    Theorem 3): a pure profile where the branch ends at one; for two players, the exact
    solution of the indifference conditions on the support it ends at; otherwise rational
    approximations. The candidate's exact regret is then computed by the project's
    independent check (:func:`deterrence.solvers.records.normal_form_record`).

    Parameters
    ----------
    game : NormalFormGame
    values : mapping, optional
    settings : PathSettings, optional
    certify : bool
        Compute every point's proven residual bound (the default). With False, only the
        last point's is computed and the others carry ``inf``, the bound that claims
        nothing (for timing the trace alone).

    Returns
    -------
    QREBranch

    Examples
    --------
    >>> import deterrence as dt
    >>> branch = logit_branch(dt.load("chicken"))
    >>> branch.converged, branch.limit_is_nash, dict(branch.limit.mixed[0])
    (True, True, {'swerve': Fraction(9, 10), 'straight': Fraction(1, 10)})
    """
    numeric, chosen = numeric_game(game, values)
    normal = _normal_form(numeric)
    settings = settings or PathSettings()
    tensors = payoff_tensors(normal)
    system = _LogitSystem(tensors)
    trace = _trace(system, settings, scale=_scale(tensors))
    last = len(trace.points) - 1
    points = tuple(
        QREPoint(
            precision=lam,
            mixed=tuple(tuple(float(v) for v in p) for p in system.profile(z)),
            residual=(
                logit_response_residual(normal, lam, [list(p) for p in system.profile(z)])
                if certify or k == last
                else math.inf
            ),
        )
        for k, (lam, z) in enumerate(trace.points)
    )
    notes: list[str] = []
    if not trace.converged:
        notes.append(
            f"the trace stopped ({trace.stopped}) at lambda = {trace.points[-1][0]:.6g} before "
            f"the regret met {settings.max_regret:g} of the payoffs' range"
        )
    candidate, how = _limit_candidate(normal, system.profile(trace.points[-1][1]))
    limit: Equilibrium | None = normal_form_record(normal, candidate)
    assert limit is not None
    is_nash = limit.regret == 0
    notes.append(
        f"limit: {how}; exact regret {limit.regret}"
        + (" (a Nash equilibrium)" if is_nash else " (not an exact equilibrium)")
    )
    return QREBranch(
        model=normal.info.id,
        method="path following (predictor-corrector, Turocy 2005)",
        players=normal.players,
        strategies=normal.strategies,
        points=points,
        converged=trace.converged,
        limit=limit,
        limit_is_nash=is_nash,
        notes=tuple(notes),
        parameters=chosen,
        method_parameters={
            "first_step": settings.first_step,
            "max_accel": settings.max_accel,
            "max_regret": settings.max_regret,
            "lambda_max": settings.lambda_max,
            "steps": len(points) - 1,
        },
    )


def qre(
    game: Game,
    precision: float | None = None,
    *,
    error: str = "logit",
    variant: str = "agent",
    method: str | None = None,
    shocks: Mapping[str, Mapping[str, float]] | None = None,
    settings: PathSettings | None = None,
    values: Mapping[str, object] | None = None,
    source: str = "",
    **params: object,
) -> QREResult | QREBranch:
    """Quantal response equilibrium of any game: the one entry point.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        From :func:`deterrence.load`.
    precision : float, optional
        lambda. Normal forms: the logit QRE on the principal branch at lambda; without it,
        the branch itself to its limit (:func:`logit_branch`). Trees: the agent QRE
        (:func:`~deterrence.solvers.qre_tree.agent_qre`); required.
    error : {"logit", "probit"}
        Normal forms: probit at a precision only (:func:`probit_qre`). Trees: probit with
        any number of actions for agent errors, binary choices for private information.
    variant : {"agent", "private"}
        Trees: agent errors, or private information (Signorino 2003).
    method : str, optional
        Trees: ``backward induction`` or ``fixed point``. Normal forms: ``path following``
        (logit) or ``continuation`` (probit).
    shocks : mapping, optional
        Private-information shock multipliers.
    settings : PathSettings, optional
        Normal forms: how the path is followed.
    values : mapping, optional
        Parameter values by name, as an alternative to keyword arguments.
    source : str
        Where the values come from, for error messages (the command line passes ``--set``).
    **params
        Parameter values: numbers or strings such as ``"7/20"``, kept exact.

    Examples
    --------
    >>> import deterrence as dt
    >>> r = qre(dt.load("classic-deterrence"), 1.0, a=3)
    >>> r.parameters["a"], round(r.outcomes["W"], 4)
    (Fraction(3, 1), 0.3221)
    """
    overrides = {name: exact_number(v) for name, v in {**(values or {}), **params}.items()}
    if not game.is_numeric:
        # Checked here so that messages name where the values came from.
        resolve_values(game.parameters, overrides, source=source)
    if isinstance(game, ExtensiveGame):
        if precision is None:
            raise SolverError("a tree's QRE needs a precision: qre(game, precision=...)")
        return agent_qre(
            game,
            precision,
            error=error,
            variant=variant,
            method=method,
            shocks=shocks,
            values=overrides,
        )
    if error not in ("logit", "probit"):
        raise SolverError(f"unknown error model `{error}`; expected logit or probit")
    if error == "probit":
        if method not in (None, "continuation"):
            raise SolverError(
                f"unknown method `{method}` for a normal form's probit QRE; expected continuation"
            )
        if precision is None:
            raise NotImplementedError(
                "the branch to its limit is traced for logit only; give the probit QRE a "
                "precision: qre(game, precision, error='probit')"
            )
        return probit_qre(game, precision, values=overrides)
    if method not in (None, "path following"):
        raise SolverError(f"unknown method `{method}` for a normal form; expected path following")
    if precision is None:
        return logit_branch(game, values=overrides, settings=settings)
    return logit_qre(game, precision, values=overrides, settings=settings)


def run_qre(
    game: Game,
    *,
    method: str | None = None,
    values: Mapping[str, Fraction] | None = None,
    source: str = "",
    precision: float | str | None = None,
    **options: Any,
) -> QREResult | QREBranch:
    """The ``qre`` concept's runner for :func:`deterrence.solve` (see "Solving and thresholds
    through the registry" in docs/explanation/qre.md): :func:`qre` with the values already
    read exactly.

    The registry's method names (``backward-induction``, ``fixed-point``,
    ``path-following``) are :func:`qre`'s with hyphens; ``precision`` may be anything
    :func:`~deterrence.exact.exact_number` reads. The private-information variant and its
    shocks are for trees: a normal form refuses them rather than ignore them.

    Examples
    --------
    >>> import deterrence as dt
    >>> run_qre(dt.load("chicken"), precision=1.0).concept
    'qre'
    >>> run_qre(dt.load("chicken"), precision=1.0, variant="private")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deterrence.errors.SolverError: the private-information variant is for game trees; ...
    """
    options.pop("cross_check", None)  # solve's option for nash; nothing to cross-check here
    if precision is not None and not isinstance(precision, float | int):
        try:
            precision = float(exact_number(precision))
        except DeterrenceError:
            raise SolverError(f"the precision lambda must be a number, not `{precision}`") from None
    if isinstance(game, ExtensiveGame) and precision is None:
        raise SolverError("a tree's QRE needs a precision lambda (precision=..., --precision)")
    if isinstance(game, NormalFormGame):
        if options.get("variant", "agent") != "agent":
            raise SolverError(
                "the private-information variant is for game trees; a normal form's QRE is "
                "logit with strategic errors"
            )
        if options.get("shocks") is not None:
            raise SolverError("shocks are for the private-information variant of game trees")
    if method is not None:
        method = method.replace("-", " ")
    return qre(game, precision, method=method, values=values, source=source, **options)
