"""The solvers' namespace (``dt.solvers``): :func:`solve` and the modules behind it, each
imported on first use so that importing one solver does not load the others."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deterrence.solvers import bimatrix_exact as bimatrix_exact
    from deterrence.solvers import nash as nash
    from deterrence.solvers import result as result
    from deterrence.solvers import solver as solver
    from deterrence.solvers import spe as spe
    from deterrence.solvers import two_player as two_player
    from deterrence.solvers import verify as verify
    from deterrence.solvers.solver import solve

__all__ = ["solve"]

#: The submodules reachable as attributes, ``dt.solvers.spe`` etc.
_MODULES = frozenset(
    {
        "bimatrix_exact",
        "credibility_check",
        "labels",
        "nash",
        "pure",
        "records",
        "result",
        "solver",
        "spe",
        "two_player",
        "vectorised",
        "vectorised_matrix",
        "vectorised_tree",
        "verify",
    }
)

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name == "solve":
            value = importlib.import_module(f"{__name__}.solver").solve
            globals()[name] = value
            return value
        if name in _MODULES:
            return importlib.import_module(f"{__name__}.{name}")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "solve", *_MODULES})
