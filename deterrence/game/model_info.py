"""What a game is about: the metadata every model carries, whatever its form."""

from __future__ import annotations

from dataclasses import dataclass, field

from deterrence.game.notation import Notation


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
    notation : Notation
        Display names and LaTeX symbols of parameters, players, actions and outcomes
        (:mod:`deterrence.game.notation`); defaults where the spec declares none.
    """

    id: str = "game"
    title: str = ""
    description: str = ""
    source: str = ""
    notation: Notation = field(default_factory=Notation, compare=False)
