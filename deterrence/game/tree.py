"""The extensive-form game: an immutable tree with chance, information sets and N players.

Payoffs and chance probabilities are sympy expressions of the model's parameters until the
game is instantiated at parameter values, after which they are exact ``Fraction`` values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import Literal

from deterrence.concepts import resolve
from deterrence.game.model_info import ModelInfo
from deterrence.game.parameters import Parameter
from deterrence.game.payoff import Payoff, Scalar

NodeKind = Literal["decision", "chance", "terminal"]


@dataclass(frozen=True)
class Node:
    """One node of a game tree.

    Parameters
    ----------
    label : str
        A stable, unique name (the spec's node id, or a path-derived name for Gambit files).
    kind : {"decision", "chance", "terminal"}
    player : int or None
        Index into the game's players, for decision nodes.
    infoset : str or None
        Label of the information set, for decision nodes. Nodes that share it belong to one
        player, offer the same actions, and cannot be told apart by that player.
    actions : tuple of str
        Action labels (decision nodes) or branch labels (chance nodes).
    children : tuple of int
        Index of the node each action leads to.
    probs : tuple of Scalar
        Branch probabilities of a chance node.
    outcome : str or None
        Label of the outcome at a terminal node; several terminal nodes may share one.
    payoff : Payoff or None
        Payoff decomposition at a terminal node.
    """

    label: str
    kind: NodeKind
    player: int | None = None
    infoset: str | None = None
    actions: tuple[str, ...] = ()
    children: tuple[int, ...] = ()
    probs: tuple[Scalar, ...] = ()
    outcome: str | None = None
    payoff: Payoff | None = None


@dataclass(frozen=True)
class Infoset:
    """An information set: the nodes a player cannot tell apart."""

    label: str
    player: int
    actions: tuple[str, ...]
    members: tuple[int, ...]


@dataclass(frozen=True)
class ExtensiveGame:
    """An immutable game tree.

    Parameters
    ----------
    players : tuple of str
        Short player ids, e.g. ``("A", "P", "D")``.
    nodes : tuple of Node
        Every node; ``nodes[0]`` is the root and children come after their parent.
    parameters : tuple of Parameter
        The parameters payoffs and probabilities may depend on.
    info : ModelInfo
    player_names : tuple of str
        Display names, in player order (defaults to the ids).
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    parameters: tuple[Parameter, ...] = ()
    info: ModelInfo = field(default_factory=ModelInfo)
    player_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.player_names:
            object.__setattr__(self, "player_names", self.players)

    def _repr_html_(self) -> str:
        """How a notebook shows the game: what ``deterrence show`` prints."""
        return str(resolve("deterrence.report.notebook:game_html")(self))

    @property
    def form(self) -> str:
        """``"tree"``: the kind of game, as solvers and reports name it (a normal form's is
        ``"matrix"``).
        """
        return "tree"

    @property
    def root(self) -> int:
        """The index of the root node: always 0."""
        return 0

    @cached_property
    def parents(self) -> tuple[int | None, ...]:
        """Parent index of each node (None for the root)."""
        parent: list[int | None] = [None] * len(self.nodes)
        for index, node in enumerate(self.nodes):
            for child in node.children:
                parent[child] = index
        return tuple(parent)

    @cached_property
    def infosets(self) -> Mapping[str, Infoset]:
        """Information sets by label, in order of first appearance (pre-order)."""
        members: dict[str, list[int]] = {}
        for index in self.preorder:
            node = self.nodes[index]
            if node.kind == "decision":
                assert node.infoset is not None and node.player is not None
                members.setdefault(node.infoset, []).append(index)
        return {
            label: Infoset(
                label,
                self.nodes[nodes[0]].player or 0,
                self.nodes[nodes[0]].actions,
                tuple(nodes),
            )
            for label, nodes in members.items()
        }

    @cached_property
    def preorder(self) -> tuple[int, ...]:
        """Node indices in depth-first pre-order from the root, children in action order."""
        order: list[int] = []
        stack = [self.root]
        while stack:
            index = stack.pop()
            order.append(index)
            stack.extend(reversed(self.nodes[index].children))
        return tuple(order)

    def infosets_of(self, player: int) -> tuple[str, ...]:
        """Labels of ``player``'s information sets, in pre-order."""
        return tuple(label for label, h in self.infosets.items() if h.player == player)

    @cached_property
    def terminals(self) -> tuple[int, ...]:
        """The indices of the terminal nodes, in pre-order.

        Examples
        --------
        >>> import deterrence as dt
        >>> dt.load("extended-deterrence").terminals
        (1, 3, 5, 7, 8)
        """
        return tuple(i for i in self.preorder if self.nodes[i].kind == "terminal")

    @cached_property
    def outcome_labels(self) -> tuple[str, ...]:
        """Distinct outcome labels, in pre-order of first appearance."""
        seen: dict[str, None] = {}
        for i in self.terminals:
            seen.setdefault(self.nodes[i].outcome or self.nodes[i].label, None)
        return tuple(seen)

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set is a single node."""
        return all(len(h.members) == 1 for h in self.infosets.values())

    @property
    def is_numeric(self) -> bool:
        """True when every payoff and probability is an exact number (no free parameters)."""
        for node in self.nodes:
            values = list(node.probs)
            if node.payoff is not None:
                values += list(node.payoff.base)
                values += [v for _, vec in node.payoff.components for v in vec]
            if not all(isinstance(v, Fraction) for v in values):
                return False
        return True

    def with_nodes(self, nodes: tuple[Node, ...]) -> ExtensiveGame:
        """A copy with other nodes (payoffs instantiated, for instance)."""
        return replace(self, nodes=nodes)
