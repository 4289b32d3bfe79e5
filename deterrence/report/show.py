"""A model as rich renderables: players, parameters, the tree or matrix, payoff decomposition."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import resolve_values
from deterrence.game.payoff import Payoff, Scalar
from deterrence.game.tree import ExtensiveGame
from deterrence.report.numbers import short


def _expr(value: Scalar) -> str:
    if isinstance(value, Fraction):
        return short(value)
    return str(sympy.nsimplify(value)) if value.is_Number else str(value)


def model_renderable(game: Game, overrides: Mapping[str, Fraction]) -> RenderableType:
    """Everything ``deterrence show`` prints, at the default values or ``overrides``."""
    values = resolve_values(game.parameters, overrides, source="--set")
    numeric, _ = instantiate(game, values)
    parts: list[RenderableType] = [Text(f"{game.info.id}: {game.info.title}", style="bold")]
    if game.info.description:
        parts.append(Text(game.info.description.strip()))
    if game.info.source:
        parts.append(Text("Source: " + " ".join(game.info.source.split()), style="dim"))
    players = Table(title="Players", title_justify="left")
    players.add_column("id", style="bold")
    players.add_column("name")
    for pid, name in zip(game.players, game.player_names, strict=True):
        players.add_row(escape(pid), escape(name))
    parts.append(players)
    if game.parameters:
        params = Table(title="Parameters", title_justify="left")
        for column in ("name", "value", "bounds", "role", "meaning"):
            params.add_column(column)
        for p in game.parameters:
            params.add_row(
                p.name, short(values[p.name]), p.bounds_text(), p.role or "", escape(p.doc)
            )
        parts.append(params)
    if isinstance(game, ExtensiveGame):
        assert isinstance(numeric, ExtensiveGame)
        parts.append(_tree(game))
        parts.append(_decomposition_tree(game, numeric))
    else:
        assert isinstance(numeric, NormalFormGame)
        parts.append(_decomposition_matrix(game, numeric))
    return Group(*parts)


def _tree(game: ExtensiveGame) -> Tree:
    def label(index: int) -> str:
        node = game.nodes[index]
        if node.kind == "terminal":
            return f"[green]{escape(node.outcome or node.label)}[/]"
        if node.kind == "chance":
            return f"[magenta]chance[/] {escape(node.label)}"
        assert node.player is not None
        extra = (
            "" if node.infoset == node.label else f" (information set {escape(node.infoset or '')})"
        )
        return f"[bold]{escape(game.players[node.player])}[/] at {escape(node.label)}{extra}"

    root = Tree(label(game.root))
    stack = [(game.root, root)]
    while stack:
        index, branch = stack.pop()
        node = game.nodes[index]
        for i, child in enumerate(node.children):
            edge = escape(node.actions[i])
            if node.kind == "chance":
                edge += f" [magenta]({escape(_expr(node.probs[i]))})[/]"
            sub = branch.add(f"{edge} → {label(child)}")
            stack.append((child, sub))
    return root


def _payoff_rows(
    table: Table, name: str, payoff: Payoff, total: Payoff, players: tuple[str, ...]
) -> None:
    for player, player_id in enumerate(players):
        pieces = [_expr(payoff.base[player])]
        for component, vector in payoff.components:
            if vector[player] != 0:
                pieces.append(f"{component}: {_expr(vector[player])}")
        table.add_row(
            escape(name) if player == 0 else "",
            escape(player_id),
            escape(" + ".join(pieces)),
            short(Fraction(total.total[player])),
        )


def _decomposition_tree(game: ExtensiveGame, numeric: ExtensiveGame) -> Table:
    table = Table(
        title="Payoffs: base + components = total (at these values)", title_justify="left"
    )
    for column in ("outcome", "player", "base + components", "total"):
        table.add_column(column)
    for index in game.terminals:
        node, value = game.nodes[index], numeric.nodes[index]
        assert node.payoff is not None and value.payoff is not None
        name = node.outcome or node.label
        if node.outcome and node.label != node.outcome:
            name += f" ({node.label})"
        _payoff_rows(table, name, node.payoff, value.payoff, game.players)
    return table


def _decomposition_matrix(game: NormalFormGame, numeric: NormalFormGame) -> Table:
    table = Table(
        title="Payoffs: base + components = total (at these values)", title_justify="left"
    )
    for column in ("profile", "player", "base + components", "total"):
        table.add_column(column)
    for profile in game.profiles():
        name = ", ".join(game.strategies[i][s] for i, s in enumerate(profile))
        label = game.outcomes[game.index(profile)]
        if label:
            name += f" ({label})"
        _payoff_rows(table, name, game.payoff(profile), numeric.payoff(profile), game.players)
    return table
