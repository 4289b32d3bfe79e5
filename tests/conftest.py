"""Suite-wide settings.

Hypothesis draws the same examples on every run and every machine (``derandomize``), so the
suite is reproducible: a red run is a real change, never a new random draw. The long fuzz
run before a release (``tools/fuzz.py``) is where new random inputs are tried.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("deterrence", derandomize=True, database=None)
settings.load_profile("deterrence")
