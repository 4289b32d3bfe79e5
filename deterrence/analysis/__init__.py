"""The analysis layer: equilibria as functions of the parameters, and thresholds."""

from deterrence.analysis.many_parameters import Region, Regions
from deterrence.analysis.one_parameter import OneParameterSolution, Piece, solve_along
from deterrence.analysis.regions import analyse
from deterrence.analysis.threshold import ThresholdResult, min_credibility, threshold
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
    "threshold",
]
