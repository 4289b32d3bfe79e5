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
interval normal distribution function, so for probit the function is evaluated at both ends
of the argument's interval (it is increasing) at 128 bits and widened by ``2**-100``, far more
than the error of that evaluation; we state this rather than call it a proof of the same
kind.

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

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from mpmath import libmp
from mpmath.ctx_iv import MPIntervalContext
from mpmath.ctx_mp import MPContext

from deterrence import limits
from deterrence.concepts import Certificate
from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.qre_result import RESIDUAL_CERTIFICATE, QREResult

__all__ = [
    "QRE_RESIDUAL",
    "logit_response_residual",
    "passes_residual",
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
    if not game.is_numeric:
        raise SolverError("the residual is computed on a game at numeric parameter values")
    cells = math.prod(game.shape)
    if cells > limits.count("profiles"):
        raise SolverError(f"{cells} profiles to check; {limits.message('profiles')}")
    probs = [[float(p) for p in m] for m in mixed]
    boxes = [[_interval(p) for p in m] for m in probs]
    players = len(game.players)
    # Expected payoffs in 128-bit intervals (each reported float held exactly): a rigorous
    # enclosure, far cheaper than fractions whose denominators multiply across players.
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
    lam = Fraction(precision)
    worst = 0.0
    for i in range(players):
        response = _logit_interval(against[i], lam)
        for j, r in enumerate(response):
            worst = max(worst, _abs_upper(r, probs[i][j]))
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
        Probit choices must be binary.
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
        if len(expected) != 2:
            raise SolverError(f"probit needs binary choices; `{label}` has {len(expected)}")
        if lam <= 0:
            raise SolverError("probit needs a positive precision")
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
        if result.error != "logit":
            raise SolverError("normal-form QRE residuals are for logit")
        mixed = [[m[s] for s in game.strategies[i]] for i, m in enumerate(result.mixed)]
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

    The check function of the ``qre`` concept's certificate (:mod:`deterrence.concepts`).
    """
    bound = qre_residual(game, result)
    return bound <= tolerance and bound <= result.residual


#: The certificate of the ``qre`` concept, for its entry in :data:`deterrence.concepts.REGISTRY`.
QRE_RESIDUAL = Certificate(
    kind=RESIDUAL_CERTIFICATE,
    check=passes_residual,
    description=(
        "the largest gap between the reported choice probabilities and the quantal response "
        "to them, recomputed from the game in rational and 128-bit interval arithmetic, is "
        "proved below the tolerance (1e-8)"
    ),
    exact=False,
)
