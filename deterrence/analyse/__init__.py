"""The analysis layer: equilibria as functions of the parameters, and thresholds."""

from deterrence.analyse.one_parameter import OneParameterSolution, Piece, solve_along
from deterrence.analyse.regions import analyse
from deterrence.analyse.threshold import ThresholdResult, min_credibility, threshold

__all__ = [
    "OneParameterSolution",
    "Piece",
    "ThresholdResult",
    "analyse",
    "min_credibility",
    "solve_along",
    "threshold",
]
