"""deterrence: game-theoretic models of deterrence and defensive alliances.

Write a model as a declarative spec, then solve it; every equilibrium reported has been
verified by an exact best-response check.

>>> import deterrence as dt
>>> result = dt.solve(dt.load("classic-deterrence"))
>>> [e.outcomes for e in result.equilibria]
[{'SQ': Fraction(1, 1)}]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# ``load`` is bound eagerly because it shares its name with the submodule ``deterrence.load``:
# the first import of that submodule (by any caller) would otherwise set ``deterrence.load`` to
# the module, and ``__getattr__`` would never be asked for the function. The module is cheap.
from deterrence.load import load

if TYPE_CHECKING:
    from deterrence import analysis as analysis
    from deterrence import concepts as concepts
    from deterrence import errors as errors
    from deterrence import estimation as estimation
    from deterrence import exact as exact
    from deterrence import figures as figures
    from deterrence import formats as formats
    from deterrence import game as game
    from deterrence import limits as limits
    from deterrence import optional as optional
    from deterrence import report as report
    from deterrence import solvers as solvers
    from deterrence import spec as spec
    from deterrence import sweeps as sweeps
    from deterrence import tables as tables
    from deterrence.analysis.regions import analyse
    from deterrence.analysis.threshold import ThresholdResult, min_credibility, threshold
    from deterrence.errors import DeterrenceError, SolverError, SpecError
    from deterrence.estimation import FitResult, fit, simulate, vuong
    from deterrence.figures import draw_tree, plot_predicted, plot_regions, plot_threshold
    from deterrence.figures.model_report import model_report
    from deterrence.solvers.qre import qre
    from deterrence.solvers.qre_result import QREBranch, QREResult
    from deterrence.solvers.result import Equilibrium, SolveResult
    from deterrence.solvers.solver import solve
    from deterrence.sweeps.run import sweep
    from deterrence.tables import Mixture, table, to_csv, to_html, to_json, to_latex, to_markdown

from deterrence.version import VERSION

__version__ = VERSION
del VERSION

#: Every public name -> where it lives, ``"module:attribute"``; imported on first access, so
#: that ``import deterrence`` (and the command line, which needs only ``__version__``) does
#: not pay for sympy, numpy and the rest before anything asks for them.
_EXPORTS: dict[str, str] = {
    "DeterrenceError": "deterrence.errors:DeterrenceError",
    "Equilibrium": "deterrence.solvers.result:Equilibrium",
    "FitResult": "deterrence.estimation.result:FitResult",
    "Mixture": "deterrence.tables:Mixture",
    "SolveResult": "deterrence.solvers.result:SolveResult",
    "SolverError": "deterrence.errors:SolverError",
    "QREBranch": "deterrence.solvers.qre_result:QREBranch",
    "QREResult": "deterrence.solvers.qre_result:QREResult",
    "SpecError": "deterrence.errors:SpecError",
    "ThresholdResult": "deterrence.analysis.threshold:ThresholdResult",
    "analyse": "deterrence.analysis.regions:analyse",
    "draw_tree": "deterrence.figures:draw_tree",
    "fit": "deterrence.estimation.mle:fit",
    "load": "deterrence.load:load",
    "min_credibility": "deterrence.analysis.threshold:min_credibility",
    "model_report": "deterrence.figures.model_report:model_report",
    "plot_predicted": "deterrence.figures:plot_predicted",
    "plot_regions": "deterrence.figures:plot_regions",
    "plot_threshold": "deterrence.figures:plot_threshold",
    "qre": "deterrence.solvers.qre:qre",
    "simulate": "deterrence.estimation.simulation:simulate",
    "solve": "deterrence.solvers.solver:solve",
    "sweep": "deterrence.sweeps.run:sweep",
    "table": "deterrence.tables:table",
    "threshold": "deterrence.analysis.threshold:threshold",
    "to_csv": "deterrence.tables:to_csv",
    "to_html": "deterrence.tables:to_html",
    "to_json": "deterrence.tables:to_json",
    "to_latex": "deterrence.tables:to_latex",
    "to_markdown": "deterrence.tables:to_markdown",
    "vuong": "deterrence.estimation.mle:vuong",
}

#: Subpackages reachable as attributes (``dt.solvers``, ``dt.analysis``, ``dt.concepts``...).
#: When everything was imported eagerly these were all set as a side effect; code written
#: against that keeps working.
_NAMESPACES = frozenset(
    {
        "analysis",
        "concepts",
        "errors",
        "estimation",
        "exact",
        "figures",
        "formats",
        "game",
        "limits",
        "optional",
        "report",
        "solvers",
        "spec",
        "sweeps",
        "tables",
    }
)

__all__ = [
    "DeterrenceError",
    "Equilibrium",
    "FitResult",
    "Mixture",
    "QREBranch",
    "QREResult",
    "SolveResult",
    "SolverError",
    "SpecError",
    "ThresholdResult",
    "analyse",
    "draw_tree",
    "fit",
    "load",
    "min_credibility",
    "model_report",
    "plot_predicted",
    "plot_regions",
    "plot_threshold",
    "qre",
    "simulate",
    "solve",
    "sweep",
    "table",
    "threshold",
    "to_csv",
    "to_html",
    "to_json",
    "to_latex",
    "to_markdown",
    "vuong",
]


# Hidden from type checkers, which see the real names above: a visible module __getattr__
# would make them accept any attribute, misspelt ones included.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        target = _EXPORTS.get(name)
        if target is not None:
            module, _, attribute = target.partition(":")
            value = getattr(importlib.import_module(module), attribute)
        elif name in _NAMESPACES:
            value = importlib.import_module(f"{__name__}.{name}")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # later lookups find it without coming back here
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_NAMESPACES})
