"""The analysis layer: equilibria as functions of the parameters, and thresholds."""

from deterrence.analyse.many_parameters import Region, Regions
from deterrence.analyse.one_parameter import OneParameterSolution, Piece, solve_along
from deterrence.analyse.regions import analyse
from deterrence.analyse.threshold import ThresholdResult, min_credibility, threshold
from deterrence.analyse.two_player_along import MatrixPiece, TwoPlayerAlong

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
