"""Suite-wide settings.

Hypothesis draws the same examples on every run and every machine (``derandomize``), so the
suite is reproducible: a red run is a real change, never a new random draw. The long fuzz
run before a release (``tools/fuzz.py``) is where new random inputs are tried.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("deterrence", derandomize=True, database=None)
settings.load_profile("deterrence")


def pytest_collection_modifyitems(config, items):
    # A `long` test is slow too, so `-m "not slow"` (which replaces the default `-m 'not long'`)
    # leaves it out as well.
    for item in items:
        if item.get_closest_marker("long") is not None:
            item.add_marker(pytest.mark.slow)
