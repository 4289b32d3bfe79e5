"""Quantal response equilibria of game trees: statistical backward induction and the agent QRE.

Three ways in, one result type (:class:`~deterrence.solvers.qre_result.QREResult`):

* :func:`statistical_backward_induction`, for trees of perfect information: the agent QRE in
  closed form, node by node from the leaves (McKelvey and Palfrey 1998, "Quantal response
  equilibria for extensive form games", Experimental Economics 1:9-41; Signorino 1999,
  "Strategic interaction and the statistical analysis of international conflict", APSR
  93(2):279-297). Each action carries an error; logit errors (extreme value) give
  ``P(a) = exp(lambda U_a) / sum_b exp(lambda U_b)``, probit errors (normal, standard deviation
  ``1/lambda`` on each action) give ``P(a) = Phi(lambda (U_a - U_b) / sqrt 2)`` for binary
  choices and, for more actions, the multinomial probit integral of
  :func:`deterrence.solvers.probit.probit_response`. ``variant="private"`` is Signorino's
  (2003, "Structure and uncertainty in discrete choice models", Political Analysis
  11(4):316-344) private-information model: each player's payoff at each outcome carries a
  normal shock it knows and the others do not, so a binary choice is probit with variance
  ``sum_o s_o^2 (P(o | a) - P(o | b))^2 / lambda^2``.
* :func:`agent_qre` for any tree: the closed form where the tree has perfect information,
  otherwise the fixed point of the agent logit (or probit) response at every
  information set, beliefs by Bayes' rule, found by continuation in lambda from the uniform
  profile at lambda = 0 with a Newton-type solver (MINPACK's hybrid method) on the
  log-probability system at each step.
* :func:`symbolic_choice_probabilities`: the closed form as sympy expressions of the model's
  parameters and lambda, on the symbolic game; :func:`compiled_choice_probabilities` crosses
  them to numpy through ``lambdify``. Probit choices of more than two actions have no
  closed form and are refused there (SolverError), as are private-information choices of
  more than two actions everywhere.

Chance nodes enter every recursion as expectations. Every numeric result carries the residual
bound of :func:`deterrence.solvers.qre_check.tree_residual`, recomputed independently.

Examples
--------
>>> import deterrence as dt
>>> game = dt.load("classic-deterrence")
>>> result = agent_qre(game, 1.0)
>>> round(result.choices["defender"]["resist"], 4), result.residual < 1e-12
(0.6959, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from scipy import optimize, special

from deterrence import limits
from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.parameters import resolve_values
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.probit import probit_response
from deterrence.solvers.qre_check import tree_residual
from deterrence.solvers.qre_result import QREResult

__all__ = [
    "PRECISION",
    "agent_qre",
    "compiled_choice_probabilities",
    "continue_in_precision",
    "numeric_game",
    "numeric_tree",
    "provisional_limit",
    "statistical_backward_induction",
    "symbolic_choice_probabilities",
]

#: The symbol of the precision lambda in symbolic choice probabilities.
PRECISION = sympy.Symbol("lambda", positive=True)

#: Provisional bound (until a limit ``qre_expression_size`` is registered in
#: deterrence.limits): the estimated number of leaves of the symbolic choice probabilities,
#: which grow by a factor of (actions + 1) per level of the tree.
SYMBOLIC_SIZE = 1_000_000

#: Provisional bound (until a limit ``qre_steps`` is registered): continuation steps in lambda
#: of the agent QRE fixed point.
MAX_STEPS = 10_000

#: Provisional bound (until a limit ``qre_unknowns`` is registered): actions at information
#: sets of a tree whose agent QRE is solved as a fixed point.
MAX_UNKNOWNS = 2_000

#: Tolerance of the fixed-point solver on the log-probability system.
TOLERANCE = 1e-13


def numeric_game(
    game: Game, values: Mapping[str, Fraction] | None = None, *, source: str = ""
) -> tuple[Game, dict[str, Fraction]]:
    """The game at the model's values (defaults, overridden by ``values``), exactly, and
    those values. A game already numeric is returned as it is, with no values recorded.

    Raises
    ------
    SolverError
        For values given with a game already at numeric values (they would be ignored).
    SpecError
        For unknown parameters or values out of bounds (``source`` names where they came
        from in the message).

    Examples
    --------
    >>> import deterrence as dt
    >>> numeric, values = numeric_game(dt.load("classic-deterrence"), {"a": Fraction(3)})
    >>> numeric.is_numeric, values["a"]
    (True, Fraction(3, 1))
    """
    if game.is_numeric:
        if values:
            raise SolverError(
                "this game is already at numeric values, so the values given would be "
                "ignored; give them with the model as loaded"
            )
        return game, {}
    chosen = resolve_values(game.parameters, values or {}, source=source)
    # Irrational values are rounded to 40 digits by instantiate: far below float precision.
    numeric, _ = instantiate(game, chosen)
    return numeric, chosen


def numeric_tree(
    game: ExtensiveGame, values: Mapping[str, Fraction] | None = None
) -> tuple[ExtensiveGame, dict[str, Fraction]]:
    """The tree at the model's values, as :func:`numeric_game`.

    >>> import deterrence as dt
    >>> numeric, values = numeric_tree(dt.load("classic-deterrence"), {"a": Fraction(3)})
    >>> numeric.is_numeric, values["a"]
    (True, Fraction(3, 1))
    """
    numeric, chosen = numeric_game(game, values)
    if not isinstance(numeric, ExtensiveGame):
        raise SolverError("this is a normal form; use deterrence.solvers.qre.logit_qre")
    return numeric, chosen


def _check_error(error: str, variant: str) -> None:
    if error not in ("logit", "probit"):
        raise SolverError(f"unknown error model `{error}`; expected logit or probit")
    if variant not in ("agent", "private"):
        raise SolverError(f"unknown variant `{variant}`; expected agent or private")
    if variant == "private" and error != "probit":
        raise NotImplementedError(
            "the private-information variant is probit only: a difference of sums of "
            "extreme-value shocks has no closed form (Signorino 2003, sec. 3)"
        )


def _check_binary(game: ExtensiveGame, why: str) -> None:
    """Binary choices only, where ``why`` (a sentence) says what needs them."""
    for node in game.nodes:
        if node.kind == "decision" and len(node.actions) != 2:
            raise SolverError(
                f"{why}; node `{node.label}` has {len(node.actions)} actions (use the agent "
                "variant, or error='logit')"
            )


#: Why the private-information variant refuses choices of more than two actions.
_PRIVATE_BINARY = (
    "the private-information variant is implemented for binary choices (its correlated "
    "shocks across outcomes make a choice of more actions a multivariate normal integral)"
)


def _check_private(game: ExtensiveGame) -> None:
    """Private information in closed form needs each player to move at most once on a path:
    a player moving again would condition on its own shocks, which the recursion does not."""
    movers: dict[int, frozenset[int]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        below = (
            frozenset().union(*(movers[c] for c in node.children)) if node.children else frozenset()
        )
        if node.kind == "decision":
            assert node.player is not None
            if node.player in below:
                raise NotImplementedError(
                    f"the private-information variant needs each player to move at most once "
                    f"on any path; {game.players[node.player]} moves at `{node.label}` and "
                    "again below it"
                )
            below = below | {node.player}
        movers[index] = below


def _softmax(utilities: np.ndarray, precision: float) -> np.ndarray:
    scaled = precision * (utilities - utilities.max())
    weights = np.exp(scaled)
    return weights / weights.sum()


def _outcome(node_label: str | None, fallback: str) -> str:
    return node_label or fallback


def statistical_backward_induction(
    game: ExtensiveGame,
    precision: float,
    *,
    error: str = "logit",
    variant: str = "agent",
    shocks: Mapping[str, Mapping[str, float]] | None = None,
    parameters: Mapping[str, Fraction] | None = None,
) -> QREResult:
    """The agent QRE of a tree of perfect information, in closed form from the leaves.

    Parameters
    ----------
    game : ExtensiveGame
        Numeric, of perfect information; chance nodes allowed.
    precision : float
        lambda >= 0 (probit: > 0; errors of standard deviation ``1 / lambda``).
    error : {"logit", "probit"}
    variant : {"agent", "private"}
        Agent errors on actions (Signorino 1999), or private information on outcome payoffs
        (Signorino 2003; probit, binary choices, each player moving at most once per path).
    shocks : mapping, optional
        ``private``: for each player id, the standard deviation of its shock at an outcome,
        in units of ``1 / lambda`` (default 1; 0 for a payoff normalised without a shock).
    parameters : mapping, optional
        The parameter values, recorded in the result.

    Returns
    -------
    QREResult
        With the residual bound recomputed by :func:`~deterrence.solvers.qre_check.tree_residual`.

    Examples
    --------
    >>> import deterrence as dt
    >>> numeric, _ = numeric_tree(dt.load("classic-deterrence"))
    >>> r = statistical_backward_induction(numeric, 1.0, error="probit")
    >>> round(r.choices["showdown"]["back down"], 6)
    0.76025
    """
    _check_error(error, variant)
    if not game.is_perfect_information:
        raise SolverError(
            "statistical backward induction needs perfect information; use agent_qre, which "
            "solves the agent QRE fixed point at information sets"
        )
    if not game.is_numeric:
        raise SolverError("give the tree at numeric parameter values (see numeric_tree)")
    if precision < 0 or not math.isfinite(precision):
        raise SolverError("the precision lambda must be a finite number >= 0")
    if error == "probit" and precision <= 0:
        raise SolverError("probit needs a positive precision (errors of sd 1/lambda)")
    if variant == "private":
        _check_binary(game, _PRIVATE_BINARY)
        _check_private(game)
    players = len(game.players)
    value: dict[int, np.ndarray] = {}
    law: dict[int, dict[str, float]] = {}
    behaviour: dict[int, np.ndarray] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = np.array([float(v) for v in node.payoff.total])
            law[index] = {_outcome(node.outcome, node.label): 1.0}
            continue
        if node.kind == "chance":
            probs = np.array([float(p) for p in node.probs])
        else:
            assert node.player is not None
            own = np.array([value[c][node.player] for c in node.children])
            if error == "logit":
                probs = _softmax(own, precision)
            elif variant == "agent":
                probs = probit_response(own, precision)
            else:
                scale = (shocks or {}).get(game.players[node.player], {})
                a, b = (law[c] for c in node.children)
                spread = math.sqrt(
                    sum(
                        scale.get(o, 1.0) ** 2 * (a.get(o, 0.0) - b.get(o, 0.0)) ** 2
                        for o in set(a) | set(b)
                    )
                )
                if spread == 0:
                    raise SolverError(
                        f"no shock separates the actions at `{node.label}`: the choice is not "
                        "random in the private-information model"
                    )
                first = float(special.ndtr(precision * (own[0] - own[1]) / spread))
                probs = np.array([first, 1.0 - first])
            behaviour[index] = probs
        value[index] = sum(
            (p * value[c] for p, c in zip(probs, node.children, strict=True)),
            np.zeros(players),
        )
        mixed: dict[str, float] = {}
        for p, c in zip(probs, node.children, strict=True):
            for label, q in law[c].items():
                mixed[label] = mixed.get(label, 0.0) + float(p) * q
        law[index] = mixed
    choices = {
        game.nodes[i].infoset or game.nodes[i].label: dict(
            zip(game.nodes[i].actions, (float(p) for p in probs), strict=True)
        )
        for i, probs in sorted(behaviour.items())
    }
    method = "statistical backward induction" + (
        " (private information)" if variant == "private" else ""
    )
    return _result(
        game,
        precision,
        choices,
        error=error,
        variant=variant,
        shocks=shocks,
        method=method,
        parameters=parameters,
        converged=True,
        notes=(),
        method_parameters={},
    )


def _result(
    game: ExtensiveGame,
    precision: float,
    choices: dict[str, dict[str, float]],
    *,
    error: str,
    variant: str,
    shocks: Mapping[str, Mapping[str, float]] | None,
    method: str,
    parameters: Mapping[str, Fraction] | None,
    converged: bool,
    notes: tuple[str, ...],
    method_parameters: Mapping[str, object],
) -> QREResult:
    reach, value = _float_play(game, choices)
    outcomes: dict[str, float] = {}
    for index in game.terminals:
        node = game.nodes[index]
        label = _outcome(node.outcome, node.label)
        outcomes[label] = outcomes.get(label, 0.0) + reach[index]
    residual = tree_residual(game, precision, choices, error=error, variant=variant, shocks=shocks)
    return QREResult(
        model=game.info.id,
        method=method,
        error=error,
        precision=float(precision),
        form="tree",
        players=game.players,
        choices=choices,
        outcomes=outcomes,
        payoffs=tuple(float(v) for v in value[game.root]),
        residual=residual,
        variant=variant,
        shocks=None if shocks is None else {k: dict(v) for k, v in shocks.items()},
        converged=converged,
        notes=notes,
        parameters=dict(parameters or {}),
        method_parameters=dict(method_parameters),
    )


def _float_play(
    game: ExtensiveGame, choices: Mapping[str, Mapping[str, float]]
) -> tuple[dict[int, float], dict[int, np.ndarray]]:
    """Reach probability of every node and value of every node, in floats."""
    probs = _node_probs(game, choices)
    reach = {game.root: 1.0}
    for index in game.preorder:
        node = game.nodes[index]
        for p, c in zip(probs.get(index, ()), node.children, strict=True):
            reach[c] = reach[index] * p
    value: dict[int, np.ndarray] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = np.array([float(v) for v in node.payoff.total])
        else:
            value[index] = sum(
                (p * value[c] for p, c in zip(probs[index], node.children, strict=True)),
                np.zeros(len(game.players)),
            )
    return reach, value


def _node_probs(
    game: ExtensiveGame, choices: Mapping[str, Mapping[str, float]]
) -> dict[int, tuple[float, ...]]:
    probs: dict[int, tuple[float, ...]] = {}
    for index, node in enumerate(game.nodes):
        if node.kind == "chance":
            probs[index] = tuple(float(p) for p in node.probs)
        elif node.kind == "decision":
            assert node.infoset is not None
            probs[index] = tuple(choices[node.infoset][a] for a in node.actions)
    return probs


class _AgentSystem:
    """The agent QRE as a system in log-probabilities: ``x_ha = log response(x)_ha``."""

    def __init__(self, game: ExtensiveGame, error: str) -> None:
        self.game = game
        self.error = error
        self.labels = list(game.infosets)
        self.slices: list[slice] = []
        start = 0
        for label in self.labels:
            size = len(game.infosets[label].actions)
            self.slices.append(slice(start, start + size))
            start += size
        self.size = start

    def choices(self, x: np.ndarray) -> dict[str, dict[str, float]]:
        out = {}
        for label, part in zip(self.labels, self.slices, strict=True):
            probs = np.exp(x[part])
            probs = probs / probs.sum()
            out[label] = dict(zip(self.game.infosets[label].actions, probs.tolist(), strict=True))
        return out

    def expected(self, x: np.ndarray) -> list[np.ndarray]:
        """Each information set's belief-weighted expected payoff of each action."""
        game = self.game
        reach, value = _float_play(game, self.choices(x))
        out = []
        for label in self.labels:
            infoset = game.infosets[label]
            weights = np.array([reach[n] for n in infoset.members])
            total = weights.sum()
            weights = weights / total if total > 0 else np.full(len(weights), 1 / len(weights))
            out.append(
                np.array(
                    [
                        sum(
                            w * value[game.nodes[n].children[a]][infoset.player]
                            for w, n in zip(weights, infoset.members, strict=True)
                        )
                        for a in range(len(infoset.actions))
                    ]
                )
            )
        return out

    def residual(self, x: np.ndarray, precision: float) -> np.ndarray:
        out = np.empty(self.size)
        for part, utilities in zip(self.slices, self.expected(x), strict=True):
            if self.error == "logit":
                scaled = precision * utilities
                log_response = scaled - special.logsumexp(scaled)
            else:
                log_response = probit_response(utilities, precision, log=True)
            out[part] = x[part] - log_response
        return out

    def uniform(self) -> np.ndarray:
        x = np.empty(self.size)
        for part in self.slices:
            n = part.stop - part.start
            x[part] = -math.log(n)
        return x


def continue_in_precision(
    residual: Callable[[np.ndarray, float], np.ndarray],
    start: np.ndarray,
    precision: float,
    tolerance: float = TOLERANCE,
    *,
    start_precision: float | None = 0.0,
) -> tuple[np.ndarray, bool, int]:
    """Follow the solution of ``residual(x, lambda) = 0`` from ``start`` (its solution at
    ``start_precision``) to ``lambda = precision``, by steps in lambda.

    Each step solves at the next lambda with MINPACK's hybrid method (Powell's dogleg with
    a Jacobian by differences; Moré, Garbow and Hillstrom 1980) from the last solution; a
    step whose solve fails (or leaves an equation above ``1e-10``) is cut by four, one that
    succeeds lengthens the next by half. It cannot pass a point where the solution bends
    back in lambda; there the steps shrink until they give up.

    Parameters
    ----------
    residual : callable
        ``residual(x, lambda)``, an array of the shape of ``x``.
    start : numpy.ndarray
    precision : float
        The lambda to reach.
    tolerance : float
        The solver's ``xtol``.
    start_precision : float or None
        Where ``start`` solves the system; None for "near 0": the first lambda is
        ``min(precision, 1e-3)`` (for systems, such as probit's, undefined at 0).

    Returns
    -------
    tuple
        The last solution, whether ``precision`` was reached, and the number of steps
        (bounded by the provisional limit ``qre_steps``).

    Examples
    --------
    >>> x, ok, steps = continue_in_precision(lambda x, lam: x - lam, np.zeros(1), 2.0)
    >>> float(x[0]), ok
    (2.0, True)
    """
    x = np.asarray(start, dtype=float)
    reached = min(precision, 1e-3) if start_precision is None else start_precision
    step = max(precision / 16, 1e-3) if precision > 0 else 0.0
    steps = 0
    most = provisional_limit("qre_steps", MAX_STEPS)
    converged = True
    while True:
        target = min(reached + step, precision)
        solution = optimize.root(
            residual, x, args=(target,), method="hybr", options={"xtol": tolerance}
        )
        good = solution.success and np.max(np.abs(solution.fun)) < 1e-10
        steps += 1
        if good:
            x = solution.x
            reached = target
            if reached >= precision:
                break
            step *= 1.5
        else:
            step /= 4
        if steps >= most or step < 1e-12 * max(precision, 1.0):
            converged = False
            break
    return x, converged, steps


def _fixed_point(
    game: ExtensiveGame, precision: float, error: str, tolerance: float
) -> tuple[dict[str, dict[str, float]], bool, int]:
    system = _AgentSystem(game, error)
    # Each step's Jacobian is by differences, one play of the tree per unknown.
    most_unknowns = provisional_limit("qre_unknowns", MAX_UNKNOWNS)
    if system.size > most_unknowns:
        raise SolverError(
            f"the agent QRE fixed point has {system.size} unknowns (one per action at an "
            f"information set); at most {most_unknowns} (limit qre_unknowns)"
        )
    x, converged, steps = continue_in_precision(
        system.residual,
        system.uniform(),
        precision,
        tolerance,
        start_precision=0.0 if error == "logit" else None,
    )
    return system.choices(x), converged, steps


def agent_qre(
    game: ExtensiveGame,
    precision: float,
    *,
    error: str = "logit",
    variant: str = "agent",
    method: str | None = None,
    shocks: Mapping[str, Mapping[str, float]] | None = None,
    values: Mapping[str, Fraction] | None = None,
    tolerance: float = TOLERANCE,
) -> QREResult:
    """The agent quantal response equilibrium of a tree at precision lambda.

    Parameters
    ----------
    game : ExtensiveGame
        Symbolic or numeric; a symbolic tree is instantiated at its default values,
        overridden by ``values``.
    precision : float
        lambda.
    error : {"logit", "probit"}
    variant : {"agent", "private"}
        ``private`` is for trees of perfect information (see
        :func:`statistical_backward_induction`).
    method : {"backward induction", "fixed point"}, optional
        Default: statistical backward induction on trees of perfect information, the fixed
        point (continuation in lambda from the uniform profile, Newton-type steps on the
        log-probability system) otherwise. ``fixed point`` may be forced on any tree. The
        continuation follows the branch by lambda, so it cannot pass a point where the
        branch bends back; there it stops, and the result says ``converged=False`` with a
        note (its residual at the asked lambda is still certified).
    shocks : mapping, optional
        For ``private``, see :func:`statistical_backward_induction`.
    values : mapping, optional
        Parameter values.
    tolerance : float
        Of the fixed-point solver.

    Returns
    -------
    QREResult

    Examples
    --------
    >>> import deterrence as dt
    >>> r = agent_qre(dt.load("alliance-reliability"), 4.0)
    >>> r.method, r.residual < 1e-9
    ('fixed point (continuation, Newton)', True)
    """
    numeric, chosen = numeric_tree(game, values)
    _check_error(error, variant)
    chosen_method = method or (
        "backward induction" if numeric.is_perfect_information else "fixed point"
    )
    if chosen_method not in ("backward induction", "fixed point"):
        raise SolverError(
            f"unknown method `{chosen_method}`; expected backward induction or fixed point"
        )
    if chosen_method == "backward induction" or variant == "private":
        return statistical_backward_induction(
            numeric, precision, error=error, variant=variant, shocks=shocks, parameters=chosen
        )
    if precision < 0 or not math.isfinite(precision):
        raise SolverError("the precision lambda must be a finite number >= 0")
    if error == "probit" and precision <= 0:
        raise SolverError("probit needs a positive precision (errors of sd 1/lambda)")
    choices, converged, steps = _fixed_point(numeric, precision, error, tolerance)
    notes: tuple[str, ...] = ()
    if not converged:
        notes = (
            f"the continuation stopped after {steps} steps (provisional limit qre_steps = "
            f"{MAX_STEPS}) before reaching lambda = {precision}; the profile is the last one "
            "solved, and its residual at the asked lambda is what the certificate reports",
        )
    return _result(
        numeric,
        precision,
        choices,
        error=error,
        variant="agent",
        shocks=None,
        method="fixed point (continuation, Newton)",
        parameters=chosen,
        converged=converged,
        notes=notes,
        method_parameters={"tolerance": tolerance, "steps": steps},
    )


def _phi(x: sympy.Expr) -> sympy.Expr:
    return (1 + sympy.erf(x / sympy.sqrt(2))) / 2


def _symbolic_size(game: ExtensiveGame) -> int:
    size: dict[int, int] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            size[index] = 1
        else:
            below = sum(size[c] for c in node.children)
            size[index] = below * (len(node.actions) + 1) if node.kind == "decision" else below + 1
    return size[game.root] if size else 0


def symbolic_choice_probabilities(
    game: ExtensiveGame,
    *,
    error: str = "logit",
    variant: str = "agent",
    precision: sympy.Symbol = PRECISION,
    shocks: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, dict[str, sympy.Expr]]:
    """The agent QRE's choice probabilities at every node as sympy expressions.

    Statistical backward induction (Signorino 1999; 2003) on the symbolic tree: the
    expressions are in the model's parameters and ``precision`` (the symbol ``lambda``), so
    their derivatives are exact. Chance probabilities may be symbolic too.

    Parameters
    ----------
    game : ExtensiveGame
        Of perfect information, symbolic (as loaded) or numeric.
    error, variant, shocks
        As for :func:`statistical_backward_induction`; probit uses
        ``Phi(x) = (1 + erf(x / sqrt 2)) / 2``.
    precision : sympy.Symbol

    Returns
    -------
    dict
        Information set label -> action -> expression.

    Raises
    ------
    SolverError
        Past the provisional bound :data:`SYMBOLIC_SIZE` on the size of the expressions.

    Examples
    --------
    >>> import deterrence as dt
    >>> p = symbolic_choice_probabilities(dt.load("classic-deterrence"))
    >>> p["showdown"]["fight"]
    1/(exp(lambda*(-a - b + cCh)) + 1)
    """
    _check_error(error, variant)
    if not game.is_perfect_information:
        raise SolverError("symbolic choice probabilities need a tree of perfect information")
    if error == "probit":
        # With three or more actions the probit probability is an integral with no closed
        # form; a sympy Integral would not lambdify to numpy, so it is refused, not faked.
        _check_binary(
            game,
            "symbolic probit choice probabilities need binary choices (with more actions "
            "they are integrals with no closed form; solve at numbers with "
            "statistical_backward_induction)",
        )
    if variant == "private":
        _check_private(game)
    estimate = _symbolic_size(game)
    if estimate > (bound := provisional_limit("qre_expression_size", SYMBOLIC_SIZE)):
        raise SolverError(
            f"the symbolic choice probabilities would hold about {estimate} terms, past the "
            f"bound {bound} (limit qre_expression_size); solve at numbers instead"
        )
    players = len(game.players)
    value: dict[int, list[sympy.Expr]] = {}
    law: dict[int, dict[str, sympy.Expr]] = {}
    out: dict[str, dict[str, sympy.Expr]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = [sympy.sympify(v, strict=True) for v in node.payoff.total]
            law[index] = {_outcome(node.outcome, node.label): sympy.Integer(1)}
            continue
        if node.kind == "chance":
            probs = [sympy.sympify(p, strict=True) for p in node.probs]
        else:
            assert node.player is not None
            own = [value[c][node.player] for c in node.children]
            if error == "logit":
                probs = [
                    1
                    / sympy.Add(
                        *(
                            sympy.exp(precision * (own[b] - own[a]))
                            for b in range(len(own))
                            if b != a
                        ),
                        1,
                    )
                    for a in range(len(own))
                ]
            elif variant == "agent":
                first = _phi(precision * (own[0] - own[1]) / sympy.sqrt(2))
                probs = [first, 1 - first]
            else:
                scale = (shocks or {}).get(game.players[node.player], {})
                a_law, b_law = (law[c] for c in node.children)
                spread = sympy.sqrt(
                    sympy.Add(
                        *(
                            sympy.nsimplify(scale.get(o, 1.0)) ** 2
                            * (a_law.get(o, 0) - b_law.get(o, 0)) ** 2
                            for o in dict.fromkeys([*a_law, *b_law])
                        )
                    )
                )
                first = _phi(precision * (own[0] - own[1]) / spread)
                probs = [first, 1 - first]
            out[node.infoset or node.label] = dict(zip(node.actions, probs, strict=True))
        value[index] = [
            sympy.Add(*(p * value[c][i] for p, c in zip(probs, node.children, strict=True)))
            for i in range(players)
        ]
        mixed: dict[str, sympy.Expr] = {}
        for p, c in zip(probs, node.children, strict=True):
            for label, q in law[c].items():
                mixed[label] = mixed.get(label, sympy.Integer(0)) + p * q
        law[index] = mixed
    order = [game.nodes[i].infoset or game.nodes[i].label for i in game.preorder]
    return {label: out[label] for label in order if label in out}


def compiled_choice_probabilities(
    game: ExtensiveGame,
    *,
    error: str = "logit",
    variant: str = "agent",
    shocks: Mapping[str, Mapping[str, float]] | None = None,
) -> Callable[[Mapping[str, Any]], dict[str, dict[str, Any]]]:
    """The symbolic choice probabilities compiled to numpy (``lambdify``): a function of a
    mapping from parameter names and ``"lambda"`` to floats or arrays.

    Examples
    --------
    >>> import deterrence as dt, numpy as np
    >>> f = compiled_choice_probabilities(dt.load("classic-deterrence"))
    >>> values = dict(g=1, b=1, a=0, cCh=2, cDef=2, l=1, s=0.5)
    >>> out = f({**values, "lambda": np.array([0.0, 1.0])})
    >>> np.round(out["showdown"]["fight"], 4)
    array([0.5   , 0.2689])
    """
    expressions = symbolic_choice_probabilities(game, error=error, variant=variant, shocks=shocks)
    keys = [(label, action) for label, actions in expressions.items() for action in actions]
    flat = [expressions[label][action] for label, action in keys]
    used = sorted(set().union(*(e.free_symbols for e in flat)), key=lambda s: s.name)
    # scipy for erf (probit); common subexpressions once, since each level of the tree
    # repeats the values of the levels below it.
    function = sympy.lambdify(used, flat, modules=["scipy", "numpy"], cse=True)
    names = [s.name for s in used]

    def evaluate(columns: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        values = function(*(columns[name] for name in names))
        out: dict[str, dict[str, Any]] = {}
        for (label, action), value in zip(keys, values, strict=True):
            out.setdefault(label, {})[action] = value
        return out

    return evaluate


def provisional_limit(name: str, fallback: int) -> int:
    """Limit ``name`` where :mod:`deterrence.limits` registers it, else ``fallback`` (the
    provisional default, until it does).

    >>> provisional_limit("nodes", 5), provisional_limit("no_such_limit", 5)
    (10000, 5)
    """
    return limits.count(name) if name in limits.LIMITS else fallback
