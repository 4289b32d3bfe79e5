"""Optional dependencies: imported only when a feature needs them, with an error that says
which extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the extra that provides it."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtra` naming ``extra``.

    >>> require("json", "tables", "tables").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        top = module.split(".")[0]
        raise MissingExtra(
            f"{feature} needs the optional package `{top}`: "
            f"install it with  pip install 'deterrence[{extra}]'"
        ) from error
