"""The ``qre`` concept's parts for the registry: its certificate check and its refusal of records.

Quantal response equilibria have their own frozen result types
(:class:`~deterrence.solvers.qre_result.QREResult`,
:class:`~deterrence.solvers.qre_result.QREBranch`), so the registry's entry names a runner
(:func:`deterrence.solvers.qre.run_qre`) rather than a solve function returning equilibrium
records. This module holds what the entry needs besides:
the check of its certificate, a proven bound on the fixed-point residual recomputed by
:mod:`deterrence.solvers.qre_check`, for one precision and for a traced branch alike.

>>> import deterrence as dt
>>> game = dt.load("classic-deterrence")
>>> passes_qre_certificate(game, dt.solve(game, "qre", precision=2.0))
True
"""

from __future__ import annotations

from typing import Any

from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.solvers.qre_check import (
    DEFAULT_TOLERANCE,
    logit_response_residual,
    passes_residual,
    probit_response_residual,
)
from deterrence.solvers.qre_result import QREBranch, QREResult
from deterrence.solvers.result import Candidates

__all__ = ["passes_qre_certificate", "solve_qre_records"]


def passes_qre_certificate(game: Game, result: Any) -> bool:
    """Whether a QRE result passes the ``qre`` concept's certificate.

    A :class:`QREResult`: its residual bound, recomputed from the game by
    :func:`deterrence.solvers.qre_check.passes_residual`, is at most the tolerance (1e-8) and
    at most what it reports. A :class:`QREBranch`: the same for the point where the trace
    stopped, recomputed by :func:`~deterrence.solvers.qre_check.logit_response_residual` (or
    its probit counterpart), and
    the limit's exact regret is what ``limit_is_nash`` says (the regret was computed by the
    project's exact check when the record was made).

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        The game as loaded (instantiated here at the result's parameters) or at numbers.
    result : QREResult or QREBranch

    Returns
    -------
    bool

    Examples
    --------
    >>> import deterrence as dt
    >>> chicken = dt.load("chicken")
    >>> passes_qre_certificate(chicken, dt.solve(chicken, "qre"))
    True
    """
    if isinstance(result, QREResult):
        return passes_residual(game, result)
    if not isinstance(result, QREBranch):
        raise SolverError(f"not a QRE result: {type(result).__name__}")
    numeric = game if game.is_numeric else instantiate(game, result.parameters)[0]
    if not isinstance(numeric, NormalFormGame) or not result.points:
        return False
    last = result.points[-1]
    check = probit_response_residual if result.error == "probit" else logit_response_residual
    bound = check(numeric, last.precision, [list(m) for m in last.mixed])
    if bound > DEFAULT_TOLERANCE or bound > last.residual:
        return False
    if result.limit is None:
        return not result.limit_is_nash
    return result.limit_is_nash == (result.limit.regret == 0)


def solve_qre_records(game: Game, *, method: str, notes: list[str], **options: Any) -> Candidates:
    """The registry's ``solve`` slot of the ``qre`` concept, never called: a QRE is not an
    equilibrium record, and :func:`deterrence.solve` runs the concept's runner instead.

    Raises
    ------
    SolverError
        Always, saying where a QRE comes from.
    """
    raise SolverError(
        "a quantal response equilibrium has its own result type; solve it with "
        "deterrence.solve(game, 'qre', precision=...) or deterrence.qre(game, precision)"
    )
