"""Sweeps: the equilibrium at every point of a parameter grid or a random sample, from the
compiled parametric solution (fast) or the exact solver at each point (general)."""

from deterrence.sweeps.grid import Distribution, Range
from deterrence.sweeps.run import plan_sweep, run_chunks, sweep

__all__ = ["Distribution", "Range", "plan_sweep", "run_chunks", "sweep"]
