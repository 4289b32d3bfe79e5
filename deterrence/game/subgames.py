"""Subgames of a tree: where they start, and each one as a game of its own."""

from __future__ import annotations

from dataclasses import replace

from deterrence.game.tree import ExtensiveGame, Node


def subtree_sizes(game: ExtensiveGame) -> dict[int, int]:
    """Number of nodes in the subtree below (and including) each node."""
    size: dict[int, int] = {}
    for index in reversed(game.preorder):
        size[index] = 1 + sum(size[c] for c in game.nodes[index].children)
    return size


def subgame_roots(game: ExtensiveGame) -> tuple[int, ...]:
    """Roots of the proper subgames, deepest first (the root of the game is not included).

    A node starts a subgame when it is not terminal, is alone in its information set, and no
    information set straddles the boundary of its subtree (Selten 1965).
    """
    position = {index: pos for pos, index in enumerate(game.preorder)}
    size = subtree_sizes(game)
    member_positions = [sorted(position[m] for m in h.members) for h in game.infosets.values()]
    roots = []
    for index in game.preorder[1:]:
        node = game.nodes[index]
        if node.kind == "terminal":
            continue
        if node.kind == "decision" and len(game.infosets[node.infoset or ""].members) != 1:
            continue
        lo, hi = position[index], position[index] + size[index] - 1
        # An information set with a member inside the subtree must lie wholly inside it.
        if all(
            all(lo <= p <= hi for p in members) or not any(lo <= p <= hi for p in members)
            for members in member_positions
        ):
            roots.append(index)
    return tuple(sorted(roots, key=lambda i: -position[i]))


def subgame(game: ExtensiveGame, root: int) -> ExtensiveGame:
    """The subgame starting at ``root``, as a game of its own (same players and parameters)."""
    order: list[int] = []
    stack = [root]
    while stack:
        index = stack.pop()
        order.append(index)
        stack.extend(reversed(game.nodes[index].children))
    renumber = {old: new for new, old in enumerate(order)}
    nodes: list[Node] = [
        replace(game.nodes[old], children=tuple(renumber[c] for c in game.nodes[old].children))
        for old in order
    ]
    return game.with_nodes(tuple(nodes))
