"""The analysis layer: equilibria as functions of the parameters, and thresholds.

The function ``threshold`` is not bound here, so that ``deterrence.analysis.threshold`` is
the module of that name; use ``dt.threshold`` or ``deterrence.analysis.threshold.threshold``.
"""

from deterrence.analysis.many_parameters import Region, Regions
from deterrence.analysis.one_parameter import OneParameterSolution, Piece, solve_along
from deterrence.analysis.regions import analyse
from deterrence.analysis.threshold import ThresholdResult, min_credibility
from deterrence.analysis.two_player_along import MatrixPiece, TwoPlayerAlong

__all__ = [
    "MatrixPiece",
    "OneParameterSolution",
    "Piece",
    "Region",
    "Regions",
    "ThresholdResult",
    "TwoPlayerAlong",
    "analyse",
    "min_credibility",
    "solve_along",
]
