"""deterrence: game-theoretic models of deterrence and defensive alliances.

Write a model as a declarative spec, then solve it; every equilibrium reported has been
verified by an exact best-response check.

>>> import deterrence as dt
>>> result = dt.solve(dt.load("classic-deterrence"))
>>> [e.outcomes for e in result.equilibria]
[{'SQ': Fraction(1, 1)}]
"""

from deterrence.analysis.regions import analyse
from deterrence.analysis.threshold import ThresholdResult, min_credibility, threshold
from deterrence.errors import DeterrenceError, SolverError, SpecError
from deterrence.figures import plot_regions, plot_threshold
from deterrence.load import load
from deterrence.solvers.result import Equilibrium, SolveResult
from deterrence.solvers.solver import solve
from deterrence.sweeps.run import sweep
from deterrence.tables import Mixture, table, to_csv, to_html, to_json, to_latex, to_markdown

__all__ = [
    "DeterrenceError",
    "Equilibrium",
    "Mixture",
    "SolveResult",
    "SolverError",
    "SpecError",
    "ThresholdResult",
    "analyse",
    "load",
    "min_credibility",
    "plot_regions",
    "plot_threshold",
    "solve",
    "sweep",
    "table",
    "threshold",
    "to_csv",
    "to_html",
    "to_json",
    "to_latex",
    "to_markdown",
]

__version__ = "0.1.0"
