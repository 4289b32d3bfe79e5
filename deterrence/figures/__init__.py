"""Figures: the equilibrium regions of a model over two parameters, and a threshold as a
function of another parameter, drawn with matplotlib (the optional extra ``plot``)."""

from deterrence.figures.regions import plot_regions
from deterrence.figures.threshold import plot_threshold

__all__ = ["plot_regions", "plot_threshold"]
