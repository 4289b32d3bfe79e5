"""Checks of [tree]: node tables, references, the shape of a tree, information sets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from deterrence import limits
from deterrence.errors import did_you_mean
from deterrence.spec.ir import Chance, Decision
from deterrence.spec.notation_checks import check_label
from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker, mentions, quoted, suggest
from deterrence.spec.schema import (
    BRANCH_KEYS,
    CHANCE_KEYS,
    DECISION_KEYS,
)
from deterrence.spec.sections import check_id
from deterrence.spec.values import Expressions


@dataclass
class Edge:
    """An action or chance branch: from ``parent`` by ``label`` to the id ``target``."""

    parent: str
    label: str
    target: str
    path: Path


def check_tree(
    c: Checker,
    value: Any,
    players: Sequence[str],
    outcomes: Mapping[str, object],
    expressions: Expressions,
) -> tuple[str | None, dict[str, Decision | Chance], set[str]]:
    """The root id, the valid nodes, and the outcome ids the tree references."""
    table = c.table(value, ("tree",))
    if table is None:
        return None, {}, set()
    root = None
    if "root" not in table:
        c.problems.add(
            ("tree", "root"), "missing required key `root` (the id of the first node)", at=("tree",)
        )
    else:
        root = c.string(table["root"], ("tree", "root"), "a node id (a string)")
    entries = {k: v for k, v in table.items() if k != "root"}
    if len(entries) > limits.count("nodes"):
        c.refuse(
            ("tree",),
            f"too many nodes: {len(entries):,}; at most {limits.count('nodes'):,} are allowed "
            f"({limits.message('nodes')})",
        )
    if not entries:
        c.add(("tree",), "the tree has no nodes; add a table [tree.<node id>]")
    nodes: dict[str, Decision | Chance] = {}
    edges: list[Edge] = []
    for node_id, entry in entries.items():
        path: Path = ("tree", node_id)
        check_id(c, node_id, path, "node id")
        if node_id in outcomes:
            c.add(path, f"`{node_id}` is both a node id and an outcome id; ids must be unique")
        mark = c.problems.mark()
        node = _check_node(c, node_id, entry, players, expressions, edges)
        if node is not None:
            nodes[node_id] = node
        else:
            # Whatever refers to this node, or to a name written in it, follows from its problem.
            subjects = [("node", node_id), *(("mentioned", name) for name in mentions(entry))]
            c.problems.blame(subjects, mark, under=path)
    used = _check_references(c, root, entries, outcomes, edges)
    _check_infosets(c, nodes)
    return root, nodes, used


def _check_node(
    c: Checker,
    node_id: str,
    entry: Any,
    players: Sequence[str],
    expressions: Expressions,
    edges: list[Edge],
) -> Decision | Chance | None:
    path: Path = ("tree", node_id)
    fields = c.table(entry, path, "a node table (with `player` and `actions`, or `chance`)")
    if fields is None:
        return None
    if "chance" in fields and "player" in fields:
        c.add(
            path,
            "a node is either a decision node (`player`, `actions`) "
            "or a chance node (`chance`), not both",
        )
        return None
    if "chance" in fields:
        c.keys(fields, path, CHANCE_KEYS)
        return _check_chance(c, node_id, fields["chance"], expressions, edges)
    if "player" not in fields and "actions" not in fields:
        c.keys(fields, path, DECISION_KEYS + CHANCE_KEYS)
        c.problems.add(
            path,
            "expected a decision node (keys `player` and `actions`) "
            "or a chance node (key `chance`)",
            because=[("key", *path, key) for key in ("player", "actions", "chance")],
        )
        return None
    c.keys(fields, path, DECISION_KEYS, required=("player", "actions"))
    player = None
    if "player" in fields:
        name = c.string(fields["player"], (*path, "player"), "a player id (a string)")
        if name is not None and name not in players:
            c.problems.add(
                (*path, "player"),
                f"unknown player `{name}`; the players are {quoted(players)}",
                did_you_mean(name, players),
                because=("players",),
            )
        elif name is not None:
            player = players.index(name)
    actions: list[str] = []
    targets: list[str] = []
    complete = "actions" in fields
    if "actions" in fields:
        table = c.table(
            fields["actions"], (*path, "actions"), "a table of action label = node or outcome id"
        )
        complete = bool(table)
        if table is not None:
            if not table:
                c.add((*path, "actions"), "expected at least one action")
            if len(table) > limits.count("actions"):
                c.add(
                    (*path, "actions"),
                    f"too many actions: at most {limits.count('actions')} per node "
                    f"({limits.message('actions')})",
                )
                table, complete = {}, False
            for label, target in table.items():
                apath = (*path, "actions", label)
                if not label.strip():
                    c.add(apath, "an action label must not be empty")
                target_id = c.string(target, apath, "a node or outcome id (a string)")
                if target_id is None:
                    complete = False
                else:
                    edges.append(Edge(node_id, label, target_id, apath))
                    actions.append(label)
                    targets.append(target_id)
    infoset = node_id
    if "infoset" in fields:
        given = c.string(fields["infoset"], (*path, "infoset"), "an information set label")
        if given is not None:
            if not given.strip() or "|" in given:
                c.add(
                    (*path, "infoset"),
                    "an information set label must be non-empty and must not contain `|`",
                )
            else:
                infoset = given
    tags: dict[str, frozenset[str]] = {}
    if "tags" in fields:
        table = c.table(fields["tags"], (*path, "tags"), "a table of action label = [tags]")
        for action, items in (table or {}).items():
            tpath = (*path, "tags", action)
            if action not in actions:
                c.add(
                    tpath,
                    f"unknown action `{action}`; the actions here are {quoted(actions)}",
                    did_you_mean(action, actions),
                )
            tags[action] = frozenset(c.string_list(items, tpath))
    labels: dict[str, str] = {}
    if "labels" in fields:
        table = c.table(
            fields["labels"], (*path, "labels"), "a table of action label = display name"
        )
        for action, text in (table or {}).items():
            lpath = (*path, "labels", action)
            if action not in actions:
                c.add(
                    lpath,
                    f"unknown action `{action}`; the actions here are {quoted(actions)}",
                    did_you_mean(action, actions),
                )
                continue
            shown = check_label(c, text, lpath)
            if shown is not None:
                labels[action] = shown
    if player is None or not complete:
        return None
    return Decision(node_id, player, tuple(actions), tuple(targets), infoset, tags, labels)


def _check_chance(
    c: Checker, node_id: str, value: Any, expressions: Expressions, edges: list[Edge]
) -> Chance | None:
    path: Path = ("tree", node_id, "chance")
    table = c.table(value, path, 'a table of branch = { prob = "...", to = "..." }')
    if table is None:
        return None
    if not table:
        c.add(path, "expected at least one branch")
        return None
    if len(table) > limits.count("actions"):
        c.add(
            path,
            f"too many branches: at most {limits.count('actions')} per node "
            f"({limits.message('actions')})",
        )
        return None
    branches, probs, targets = [], [], []
    valid = True
    for label, entry in table.items():
        bpath = (*path, label)
        if not label.strip():
            c.add(bpath, "a branch label must not be empty")
            valid = False
        fields = c.table(entry, bpath, 'a branch table { prob = "...", to = "..." }')
        if fields is None:
            valid = False
            continue
        c.keys(fields, bpath, BRANCH_KEYS, required=BRANCH_KEYS)
        prob = expressions(fields["prob"], (*bpath, "prob")) if "prob" in fields else None
        target = None
        if "to" in fields:
            target = c.string(fields["to"], (*bpath, "to"), "a node or outcome id (a string)")
            if target is not None:
                edges.append(Edge(node_id, label, target, (*bpath, "to")))
        if prob is None or target is None:
            valid = False
            continue
        branches.append(label)
        probs.append(prob)
        targets.append(target)
    if not valid:
        return None
    return Chance(node_id, tuple(branches), tuple(probs), tuple(targets))


def _check_references(
    c: Checker,
    root: str | None,
    entries: Mapping[str, Any],
    outcomes: Mapping[str, object],
    edges: list[Edge],
) -> set[str]:
    """Dangling references, a root that is no node, cycles, two parents, unreachable nodes."""
    used: set[str] = set()
    children: dict[str, list[Edge]] = {}
    incoming: dict[str, list[Edge]] = {}
    known = list(entries) + [o for o in outcomes if o not in entries]
    for edge in edges:
        if edge.target in entries:
            children.setdefault(edge.parent, []).append(edge)
            incoming.setdefault(edge.target, []).append(edge)
        elif edge.target in outcomes:
            used.add(edge.target)
        else:
            c.add(
                edge.path,
                f"`{edge.target}` is neither a node nor an outcome",
                suggest(edge.target, known, "nodes and outcomes"),
            )
    if root is not None and root not in entries:
        if root in outcomes:
            c.add(("tree", "root"), f"the root `{root}` is an outcome; it must be a node of [tree]")
        else:
            c.add(
                ("tree", "root"),
                f"the root `{root}` is not a node of [tree]",
                suggest(root, entries, "nodes"),
            )
        root = None
    # Depth-first search from the root, then from whatever it did not reach.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycle_edges: set[int] = set()

    def search(start: str) -> None:
        state[start] = 1
        trail = [start]
        stack = [iter(children.get(start, ()))]
        while stack:
            edge = next(stack[-1], None)
            if edge is None:
                state[trail.pop()] = 2
                stack.pop()
                continue
            seen = state.get(edge.target)
            if seen == 1:
                loop = [*trail[trail.index(edge.target) :], edge.target]
                cycle_edges.add(id(edge))
                c.add(
                    edge.path,
                    "this makes a cycle: " + " -> ".join(loop) + "; a game tree has no cycles",
                )
            elif seen is None:
                state[edge.target] = 1
                trail.append(edge.target)
                stack.append(iter(children.get(edge.target, ())))

    if root is not None:
        search(root)
        for edge in incoming.get(root, ()):
            if id(edge) not in cycle_edges:
                cycle_edges.add(id(edge))
                c.add(edge.path, f"`{root}` is the root; no action may lead back to it")
    for node_id in entries:
        if node_id not in state:
            if root is not None and not incoming.get(node_id):
                c.problems.add(
                    ("tree", node_id),
                    f"node `{node_id}` is never reached from the root "
                    f"`{root}`: no action or branch leads to it",
                    because=("mentioned", node_id),
                )
            search(node_id)
    for target, refs in incoming.items():
        refs = [e for e in refs if id(e) not in cycle_edges]
        for edge in refs[1:]:
            first = refs[0]
            c.add(
                edge.path,
                f"node `{target}` is already reached from `{first.parent}` "
                f"(`{first.label}`); a node of a tree has one parent",
                "make a second node and give both the same `infoset` label if the player "
                "cannot tell them apart",
            )
    return used


def _check_infosets(c: Checker, nodes: Mapping[str, Decision | Chance]) -> None:
    _check_absent_minded(c, nodes)
    first: dict[str, Decision] = {}
    for node in nodes.values():
        if not isinstance(node, Decision):
            continue
        other = first.setdefault(node.infoset, node)
        if other is node:
            continue
        path: Path = ("tree", node.id, "infoset")
        if other.player != node.player:
            c.add(
                path,
                f"nodes `{other.id}` and `{node.id}` share information set "
                f"`{node.infoset}` but belong to different players; "
                "an information set belongs to one player",
            )
        elif other.actions != node.actions:
            c.add(
                path,
                f"nodes `{other.id}` and `{node.id}` share information set "
                f"`{node.infoset}` but offer different actions ({quoted(other.actions)} "
                f"vs {quoted(node.actions)}); they must offer the same actions in the "
                "same order",
            )


def _check_absent_minded(c: Checker, nodes: Mapping[str, Decision | Chance]) -> None:
    """A player who cannot tell a node from one that follows it has forgotten its own move
    (an 'absent-minded' player, Piccione & Rubinstein 1997): the solvers assume perfect
    recall, so such information sets are refused."""
    members: dict[str, set[str]] = {}
    for node in nodes.values():
        if isinstance(node, Decision):
            members.setdefault(node.infoset, set()).add(node.id)
    for label, ids in members.items():
        players = {node.player for i in ids if isinstance(node := nodes[i], Decision)}
        if len(ids) < 2 or len(players) > 1:
            continue  # several players in one set is reported on its own
        for start in sorted(ids):
            seen: set[str] = set()
            stack = list(nodes[start].targets)
            while stack:
                current = stack.pop()
                if current in seen or current not in nodes:
                    continue
                seen.add(current)
                if current in ids:
                    c.add(
                        ("tree", current, "infoset"),
                        f"node `{current}` follows node `{start}` in the same information set "
                        f"`{label}`: a player cannot be unsure whether it has already moved; "
                        "give the later node an information set of its own",
                    )
                    return
                stack.extend(nodes[current].targets)
