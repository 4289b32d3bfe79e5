"""Figures: the equilibrium regions of a model over two parameters, and a threshold as a
function of another parameter, drawn with matplotlib (the optional extra ``plot``); and game
trees for papers, as a matplotlib figure or a TikZ picture, with normal forms as LaTeX
tables; a fit's predicted probabilities; and a model's whole report (``model_report``),
which draws them."""

from deterrence.figures.model_report import model_report
from deterrence.figures.predicted import plot_predicted
from deterrence.figures.regions import plot_regions
from deterrence.figures.threshold import plot_threshold
from deterrence.figures.tree import draw_tree, normal_form_to_latex, tree_to_tikz

__all__ = [
    "draw_tree",
    "model_report",
    "normal_form_to_latex",
    "plot_predicted",
    "plot_regions",
    "plot_threshold",
    "tree_to_tikz",
]
