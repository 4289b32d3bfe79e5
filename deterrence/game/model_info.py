"""What a game is about: the metadata every model carries, whatever its form."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelInfo:
    """Identity and provenance of a model.

    Parameters
    ----------
    id : str
        Short identifier, e.g. ``extended-deterrence``.
    title, description : str
        For people: shown by ``deterrence show`` and in reports.
    source : str
        The literature the model comes from.
    """

    id: str = "game"
    title: str = ""
    description: str = ""
    source: str = ""
