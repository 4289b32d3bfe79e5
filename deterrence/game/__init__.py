"""The game layer: immutable trees and normal forms with parametric, exact payoffs."""

from deterrence.game.model_info import ModelInfo
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import Parameter
from deterrence.game.payoff import Payoff
from deterrence.game.tree import ExtensiveGame, Infoset, Node

#: Any game the library solves: a tree or a normal form. The one alias for it.
Game = ExtensiveGame | NormalFormGame

__all__ = [
    "ExtensiveGame",
    "Game",
    "Infoset",
    "ModelInfo",
    "Node",
    "NormalFormGame",
    "Parameter",
    "Payoff",
]
