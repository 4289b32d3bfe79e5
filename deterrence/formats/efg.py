"""Gambit's extensive-form format (``.efg``, version ``EFG 2 R``), read and written exactly.

The format (Gambit documentation, "Game representation formats") is a header::

    EFG 2 R "title" { "Player 1" "Player 2" } "optional comment"

followed by the nodes in depth-first pre-order, one per entry::

    c "name" infoset "infoset name" { "action" prob ... } outcome ...
    p "name" player infoset "infoset name" { "action" ... } outcome ...
    t "name" outcome "outcome name" { payoff, payoff, ... }

Information sets are numbered per player (chance is player 0); the name and action list may be
left out where the set was already given at an earlier node. An outcome ``k`` carries its name
and payoffs the first time it appears and may be referred to by number alone later; outcome 0
means none. Outcomes may sit on non-terminal nodes too: payoffs add up along the path, so the
terminal payoff of our model is the sum of every outcome from the root down.

Labels of the model that the file leaves empty are derived from the tree so they are stable:
a node is named by its path from the root (``root``, ``root/Raise``, ``root/Raise/2``), an
information set by ``<player id>:<number>``, an outcome by ``o<number>``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction

from deterrence import limits
from deterrence.formats._lexer import (
    Lexer,
    format_number,
    load_source,
    player_ids,
    quote,
    unique_labels,
)
from deterrence.game.model_info import ModelInfo
from deterrence.game.payoff import Payoff
from deterrence.game.tree import ExtensiveGame, Node

#: Games with more players than this are refused.
MAX_PLAYERS = 10_000
#: Trees whose nodes times players exceed this are refused (every node may carry a payoff).
MAX_PAYOFF_ENTRIES = 20_000_000
#: Trees whose path labels (``root/...``) would together be longer than this are refused.
MAX_PATH_CHARS = 50_000_000


@dataclass
class _RawNode:
    """A node as the file states it, before labels are derived."""

    kind: str
    name: str
    line: int
    player: int | None = None  # 0-based
    infoset: int | None = None  # number in the file (per player; chance infosets separately)
    outcome: int = 0
    children: list[int] = field(default_factory=list)
    arity: int = 0


@dataclass
class _RawInfoset:
    name: str
    actions: list[str]
    line: int
    probs: list[Fraction] | None = None


@dataclass
class _RawOutcome:
    name: str
    payoffs: tuple[Fraction, ...]
    line: int


class _EfgParser:
    def __init__(self, lexer: Lexer):
        self.lx = lexer
        self.players: list[str] = []
        self.nodes: list[_RawNode] = []
        self.infosets: dict[tuple[int, int], _RawInfoset] = {}  # (player or -1, number)
        self.outcomes: dict[int, _RawOutcome] = {}
        self.has_comment = False

    # -- header -----------------------------------------------------------------------------
    def header(self) -> tuple[str, str]:
        lx = self.lx
        lx.expect_symbol(("EFG",), "'EFG' at the start of an extensive-form file")
        version = lx.current
        if version.kind != "number" or version.text != "2":
            lx.fail(f"expected format version 2 ('EFG 2 R'), found {version.describe()}")
        lx.advance()
        lx.expect_symbol(("R", "D"), "'R' (rational) or 'D' (decimal) after 'EFG 2'")
        title = lx.expect("text", "the game title (a quoted string)").text
        lx.expect("{", "'{' starting the list of player names")
        while lx.at("text"):
            self.players.append(lx.advance().text)
            if len(self.players) > MAX_PLAYERS:
                lx.fail(f"more than {MAX_PLAYERS} players")
        closing = lx.expect("}", "a player name (a quoted string) or '}'")
        if not self.players:
            lx.fail("the game has no players; list at least one player name", closing.line)
        self.has_comment = lx.at("text")
        comment = lx.advance().text if self.has_comment else ""
        return title, comment

    # -- nodes ------------------------------------------------------------------------------
    def tree(self) -> None:
        lx = self.lx
        stack: list[_RawNode] = []
        most_nodes = limits.count("gambit_nodes")
        while True:
            node = self.node()
            index = len(self.nodes)
            if index >= most_nodes:
                lx.fail(
                    f"the tree has more than {most_nodes:,} nodes "
                    f"({limits.message('gambit_nodes')})",
                    node.line,
                )
            if (index + 1) * len(self.players) > MAX_PAYOFF_ENTRIES:
                lx.fail(
                    f"the tree is too large: {index + 1} nodes for {len(self.players)} players "
                    f"exceed {MAX_PAYOFF_ENTRIES} payoff entries",
                    node.line,
                )
            self.nodes.append(node)
            if stack:
                stack[-1].children.append(index)
            if node.arity:
                stack.append(node)
            while stack and len(stack[-1].children) == stack[-1].arity:
                stack.pop()
            if not stack:
                break
        if not lx.at("eof"):
            lx.fail(f"expected end of file (the tree is complete), found {lx.current.describe()}")

    def node(self) -> _RawNode:
        lx = self.lx
        if lx.current.kind != "symbol" or lx.current.text not in ("c", "p", "t"):
            expected = "a node: 'c' (chance), 'p' (player) or 't' (terminal)"
            if not self.nodes and not self.has_comment:
                expected = "the comment (a quoted string) or " + expected
            lx.fail(f"expected {expected}, found {lx.current.describe()}")
        kind = lx.advance().text
        line = lx.current.line
        name = lx.expect("text", "the node name (a quoted string, may be empty)").text
        node = _RawNode(kind, name, line)
        if kind == "p":
            node.player = lx.expect_count("a player number", minimum=1, maximum=len(self.players))
            node.player -= 1
            node.arity = self.infoset(node, node.player)
        elif kind == "c":
            node.arity = self.infoset(node, None)
        node.outcome = self.outcome()
        return node

    def infoset(self, node: _RawNode, player: int | None) -> int:
        """Parse the information-set part of a ``c`` or ``p`` entry; return its action count."""
        lx = self.lx
        line = lx.current.line
        number = lx.expect_count("an information set number", minimum=1)
        node.infoset = number
        who = "chance" if player is None else f"player {player + 1}"
        name = lx.advance().text if lx.at("text") else None
        actions: list[str] | None = None
        probs: list[Fraction] | None = None
        if lx.accept("{"):
            actions, probs = [], []
            while not lx.at("}"):
                what = "an action name (a quoted string)"
                actions.append(lx.expect("text", what + " or '}'" if actions else what).text)
                if player is None:
                    where = lx.current.line
                    prob = lx.expect_number("a probability after the chance action name")
                    if prob < 0:
                        lx.fail(f"chance probability {prob} is negative", where)
                    probs.append(prob)
                lx.accept(",")
            closing = lx.advance()
            if not actions:
                lx.fail(f"information set {number} of {who} has no actions", closing.line)
            if player is None and sum(probs) != 1:
                lx.fail(
                    f"chance probabilities at information set {number} sum to {sum(probs)}, not 1",
                    line,
                )
        key = (-1 if player is None else player, number)
        known = self.infosets.get(key)
        if known is None:
            if actions is None:
                lx.fail(
                    f"information set {number} of {who} is used before its actions are given "
                    "(expected '{' and the list of actions)",
                    line,
                )
            self.infosets[key] = _RawInfoset(
                name or "", actions, line, probs if player is None else None
            )
            return len(actions)
        if actions is not None and actions != known.actions:
            lx.fail(
                f"information set {number} of {who} has actions {_list(actions)} here but "
                f"{_list(known.actions)} on line {known.line}",
                line,
            )
        if probs is not None and player is None and probs != known.probs:
            lx.fail(
                f"chance information set {number} has other probabilities here than on line "
                f"{known.line}",
                line,
            )
        if name is not None and name != known.name:
            lx.fail(
                f"information set {number} of {who} is named {quote(name)} here but "
                f"{quote(known.name)} on line {known.line}",
                line,
            )
        return len(known.actions)

    def outcome(self) -> int:
        lx = self.lx
        line = lx.current.line
        number = lx.expect_count("an outcome number", minimum=0)
        name = lx.advance().text if lx.at("text") else None
        payoffs: tuple[Fraction, ...] | None = None
        if lx.accept("{"):
            values = []
            for _ in self.players:
                values.append(lx.expect_number("a payoff number"))
                lx.accept(",")
            lx.expect("}", f"'}}' after the {len(self.players)} payoffs (one per player)")
            payoffs = tuple(values)
        if number == 0:
            if name is not None or payoffs is not None:
                lx.fail("outcome 0 means 'no outcome' and cannot have a name or payoffs", line)
            return 0
        known = self.outcomes.get(number)
        if known is None:
            if payoffs is None:
                lx.fail(
                    f"outcome {number} is used before its payoffs are given "
                    "(expected '{' and the payoffs)",
                    line,
                )
            self.outcomes[number] = _RawOutcome(name or "", payoffs, line)
            return number
        if payoffs is not None and payoffs != known.payoffs:
            lx.fail(
                f"outcome {number} has payoffs {_list(payoffs)} here but "
                f"{_list(known.payoffs)} on line {known.line}",
                line,
            )
        if name is not None and name != known.name:
            lx.fail(
                f"outcome {number} is named {quote(name)} here but {quote(known.name)} "
                f"on line {known.line}",
                line,
            )
        return number


def _list(values: list[str] | tuple[Fraction, ...]) -> str:
    items = [quote(v) if isinstance(v, str) else format_number(v) for v in values]
    text = "{ " + " ".join(items) + " }"
    return text if len(text) <= 80 else text[:77] + "..."


def path_components(actions: tuple[str, ...] | list[str]) -> list[str]:
    """How path labels name the actions of a node, e.g. ``["Raise", "2"]``.

    An action is named by its label where that identifies it unambiguously (non-empty,
    unique at the node, no ``/``, and not a number other than its own position), else by its
    1-based position.
    """
    counts: dict[str, int] = {}
    for label in actions:
        counts[label] = counts.get(label, 0) + 1
    out = []
    for index, label in enumerate(actions):
        position = str(index + 1)
        usable = (
            label
            and counts[label] == 1
            and "/" not in label
            and (not label.isdigit() or label == position)
        )
        out.append(label if usable else position)
    return out


def _dedupe(wanted: list[str | None], fallback: list[str]) -> list[str]:
    """Labels from ``wanted`` (None where no name applies) else ``fallback``, made distinct.

    The wanted names are kept; a fallback that clashes with a label already taken gets
    ``~2``, ``~3``, ... appended.
    """
    used = {w for w in wanted if w is not None}
    out = []
    for name, default in zip(wanted, fallback, strict=True):
        if name is not None:
            out.append(name)
            continue
        label, k = default, 1
        while label in used:
            k += 1
            label = f"{default}~{k}"
        used.add(label)
        out.append(label)
    return out


def _unique_names(names: list[str]) -> list[str | None]:
    """Each name where it is non-empty and occurs once in ``names``, else None."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return [name if name and counts[name] == 1 else None for name in names]


def _build(parser: _EfgParser, title: str, comment: str, ident: str) -> ExtensiveGame:
    ids, names = player_ids(parser.players)
    raw = parser.nodes
    nplayers = len(ids)

    # Information sets: labels from their names where unique, else "<player id>:<number>".
    keys = list(parser.infosets)
    player_keys = [k for k in keys if k[0] >= 0]
    infoset_label = dict(
        zip(
            player_keys,
            _dedupe(
                _unique_names([parser.infosets[k].name for k in player_keys]),
                [f"{ids[p]}:{n}" for p, n in player_keys],
            ),
            strict=True,
        )
    )
    actions_of = {k: unique_labels(parser.infosets[k].actions) for k in keys}

    # Path labels grow with depth: check their total length before building them.
    components = {key: path_components(info.actions) for key, info in parser.infosets.items()}
    lengths = [4] * len(raw)
    total_length = 0
    for index, node in enumerate(raw):
        total_length += lengths[index]
        if total_length > MAX_PATH_CHARS:
            parser.lx.fail(
                f"the tree is too deep: its path labels would exceed {MAX_PATH_CHARS} characters",
                node.line,
            )
        if node.children:
            key = (-1 if node.player is None else node.player, node.infoset or 0)
            for component, child in zip(components[key], node.children, strict=True):
                lengths[child] = lengths[index] + 1 + len(component)

    # Paths and accumulated payoffs, parents before children (file order is pre-order).
    paths = ["root"] * len(raw)
    totals: list[tuple[Fraction, ...]] = [(Fraction(0),) * nplayers] * len(raw)
    for index, node in enumerate(raw):
        if node.outcome:
            own = parser.outcomes[node.outcome].payoffs
            totals[index] = tuple(a + b for a, b in zip(totals[index], own, strict=True))
        if node.children:
            key = (-1 if node.player is None else node.player, node.infoset or 0)
            for component, child in zip(components[key], node.children, strict=True):
                paths[child] = paths[index] + "/" + component
                totals[child] = totals[index]
    labels = _dedupe(_unique_names([n.name for n in raw]), paths)

    nodes = []
    for index, node in enumerate(raw):
        if node.kind == "t":
            if node.outcome:
                outcome = parser.outcomes[node.outcome].name or f"o{node.outcome}"
            else:
                outcome = paths[index]
            nodes.append(
                Node(
                    labels[index],
                    "terminal",
                    outcome=outcome,
                    payoff=Payoff(totals[index]),
                )
            )
            continue
        key = (-1 if node.player is None else node.player, node.infoset or 0)
        if node.kind == "c":
            nodes.append(
                Node(
                    labels[index],
                    "chance",
                    actions=actions_of[key],
                    children=tuple(node.children),
                    probs=tuple(parser.infosets[key].probs or ()),
                )
            )
        else:
            nodes.append(
                Node(
                    labels[index],
                    "decision",
                    player=node.player,
                    infoset=infoset_label[key],
                    actions=actions_of[key],
                    children=tuple(node.children),
                )
            )
    return ExtensiveGame(
        players=ids,
        nodes=tuple(nodes),
        info=ModelInfo(id=ident, title=title, description=comment),
        player_names=names,
    )


def read_efg(path_or_text: str | os.PathLike[str], *, text: str | None = None) -> ExtensiveGame:
    """Read a Gambit ``.efg`` file into an :class:`~deterrence.game.ExtensiveGame`.

    Parameters
    ----------
    path_or_text : str or os.PathLike
        The file to read; or, when ``text`` is given, the name to report it under; or the
        file's text itself (a string starting with ``EFG`` or containing a line break).
    text : str, optional
        The file's contents, when they are already in memory.

    Returns
    -------
    ExtensiveGame
        Nodes in the file's pre-order; payoffs and probabilities exact ``Fraction`` values,
        each terminal payoff the sum of the outcomes on its path. Player ids are the file's
        player names (``"1"``, ``"2"``, ... when a name is empty or repeated); ``info.id`` is
        the file's stem, ``info.title`` its title, ``info.description`` its comment.

    Raises
    ------
    SpecError
        On malformed input, naming the file, line and what was expected.
    """
    source, name, ident = load_source(path_or_text, text, "EFG")
    parser = _EfgParser(Lexer(source, name))
    title, comment = parser.header()
    parser.tree()
    return _build(parser, title, comment, ident)


def node_paths(game: ExtensiveGame) -> dict[int, str]:
    """The path label of every node of ``game`` (see :func:`path_components`)."""
    paths = {game.root: "root"}
    for index in game.preorder:
        node = game.nodes[index]
        for component, child in zip(path_components(node.actions), node.children, strict=True):
            paths[child] = paths[index] + "/" + component
    return paths


def write_efg(game: ExtensiveGame) -> str:
    """The game as a Gambit ``.efg`` file (``EFG 2 R``), exactly.

    Players are written by id, in order. Every terminal node gets an outcome named by its
    outcome label, its payoff the total (base plus components) as exact rationals; terminal
    nodes with the same label and payoff share one outcome. Information sets are numbered per
    player in order of first appearance and named by their labels; each chance node gets an
    information set of its own. A node or information set whose label is the one
    :func:`read_efg` would derive anyway is written unnamed, so reading the result back gives
    the same labels.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric game (instantiate a parametric one first).

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    ValueError
        If a payoff or probability is not an exact number.
    """
    if not game.is_numeric:
        raise ValueError(
            "write_efg needs a numeric game: payoffs and probabilities must be Fractions "
            "(instantiate a parametric game first)"
        )
    lines = [
        f"EFG 2 R {quote(game.info.title)} {{ {' '.join(quote(p) for p in game.players)} }}",
        quote(game.info.description),
        "",
    ]
    paths = node_paths(game)
    numbers: dict[str, int] = {}
    counters = [0] * len(game.players)
    for label, infoset in game.infosets.items():
        counters[infoset.player] += 1
        numbers[label] = counters[infoset.player]
    outcomes: dict[tuple[str, tuple[Fraction, ...]], int] = {}
    chance = 0
    zero = (Fraction(0),) * len(game.players)
    for index in game.preorder:
        node = game.nodes[index]
        name = quote("" if node.label == paths[index] else node.label)
        if node.kind == "terminal":
            payoff = tuple(node.payoff.total) if node.payoff is not None else zero
            label = node.outcome or node.label
            number = outcomes.setdefault((label, payoff), len(outcomes) + 1)
            values = ", ".join(format_number(v) for v in payoff)
            lines.append(f"t {name} {number} {quote(label)} {{ {values} }}")
        elif node.kind == "chance":
            chance += 1
            branches = " ".join(
                f"{quote(a)} {format_number(p)}"
                for a, p in zip(node.actions, node.probs, strict=True)
            )
            lines.append(f'c {name} {chance} "" {{ {branches} }} 0')
        else:
            assert node.player is not None and node.infoset is not None
            number = numbers[node.infoset]
            pid = game.players[node.player]
            iname = quote("" if node.infoset == f"{pid}:{number}" else node.infoset)
            actions = " ".join(quote(a) for a in node.actions)
            lines.append(f"p {name} {node.player + 1} {number} {iname} {{ {actions} }} 0")
    return "\n".join(lines) + "\n"
