"""Checks of [commitments] and [costs]: what they name must exist in the tree or matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from deterrence.errors import did_you_mean
from deterrence.spec.ir import Chance, Commitment, Cost, Decision
from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker, quoted, suggest
from deterrence.spec.schema import (
    AUDIENCE_KEYS,
    COMMITMENT_KEYS,
    COMMITMENT_KINDS,
    COST_KINDS,
    ESCALATION_KEYS,
)
from deterrence.spec.sections import check_id
from deterrence.spec.values import Expressions


def _player(c: Checker, value: Any, path: Path, players: Sequence[str]) -> int | None:
    name = c.string(value, path, "a player id (a string)")
    if name is None:
        return None
    if name not in players:
        c.problems.add(
            path,
            f"unknown player `{name}`; the players are {quoted(players)}",
            did_you_mean(name, players),
            because=("players",),
        )
        return None
    return players.index(name)


def check_commitments(
    c: Checker,
    value: Any,
    players: Sequence[str],
    nodes: Mapping[str, Decision | Chance] | None,
    expressions: Expressions,
) -> list[Commitment]:
    """Commitments; ``nodes`` is None when the model is a matrix (which cannot have any)."""
    table = c.table(value, ("commitments",))
    if table is None:
        return []
    result = []
    taken: dict[str, str] = {}  # information set -> commitment id
    for cid, entry in table.items():
        path: Path = ("commitments", cid)
        check_id(c, cid, path, "commitment id")
        if nodes is None:
            c.add(path, "commitments need a game tree ([tree]); a [matrix] cannot have them")
            continue
        fields = c.table(entry, path)
        if fields is None:
            continue
        c.keys(fields, path, COMMITMENT_KEYS, required=("holder", "at", "promise", "credibility"))
        holder = (
            _player(c, fields["holder"], (*path, "holder"), players) if "holder" in fields else None
        )
        credibility = None
        if "credibility" in fields:
            credibility = expressions(fields["credibility"], (*path, "credibility"))
        kind = "automatic"
        if "kind" in fields:
            kind = c.string(fields["kind"], (*path, "kind")) or ""
            if kind and kind not in COMMITMENT_KINDS:
                c.add(
                    (*path, "kind"),
                    f"unknown kind `{kind}`; expected {quoted(COMMITMENT_KINDS)}",
                    did_you_mean(kind, COMMITMENT_KINDS),
                )
        node = None
        if "at" in fields:
            at = c.string(fields["at"], (*path, "at"), "a node id (a string)")
            decisions = [n for n, v in nodes.items() if isinstance(v, Decision)]
            if at is not None and at not in nodes and c.problems.is_blamed(("node", at)):
                c.problems.add(
                    (*path, "at"),
                    f"node `{at}` could not be read, so the commitment cannot be placed there",
                    because=("node", at),
                )
            elif at is not None and at not in nodes:
                c.add(
                    (*path, "at"),
                    f"`{at}` is not a node of [tree]",
                    suggest(at, decisions, "decision nodes"),
                )
            elif at is not None:
                candidate = nodes[at]
                if not isinstance(candidate, Decision):
                    c.add(
                        (*path, "at"),
                        f"`{at}` is a chance node; a commitment is carried "
                        "out at a decision node of its holder",
                    )
                elif holder is not None and candidate.player != holder:
                    c.add(
                        (*path, "at"),
                        f"node `{at}` belongs to `{players[candidate.player]}`, "
                        f"not to the holder `{players[holder]}`",
                    )
                else:
                    node = candidate
        promise = None
        if "promise" in fields:
            promise = c.string(fields["promise"], (*path, "promise"), "an action label")
            if node is not None and promise is not None and promise not in node.actions:
                c.add(
                    (*path, "promise"),
                    f"`{promise}` is not an action at `{node.id}`; "
                    f"the actions there are {quoted(node.actions)}",
                    did_you_mean(promise, node.actions),
                )
                promise = None
        if node is not None and node.infoset in taken:
            c.add(
                (*path, "at"),
                f"the information set of `{node.id}` already has commitment "
                f"`{taken[node.infoset]}`; one commitment per information set",
            )
            node = None
        if (
            node is None
            or holder is None
            or promise is None
            or credibility is None
            or kind not in COMMITMENT_KINDS
        ):
            continue
        taken[node.infoset] = cid
        result.append(Commitment(cid, holder, node.id, promise, credibility, kind))
    return result


def check_costs(
    c: Checker,
    value: Any,
    players: Sequence[str],
    nodes: Mapping[str, Decision | Chance] | None,
    strategies: Sequence[Sequence[str]] | None,
    commitments: Sequence[Commitment],
    commitment_ids: Sequence[str],
    expressions: Expressions,
) -> list[Cost]:
    """Costs; ``nodes`` is None for a matrix, whose ``strategies`` then stand for actions."""
    table = c.table(value, ("costs",))
    if table is None:
        return []
    # Action labels of each player, and every tag used in the tree.
    moves: list[set[str]] = [set() for _ in players]
    tags: set[str] = set()
    if nodes is not None:
        for node in nodes.values():
            if isinstance(node, Decision):
                moves[node.player].update(node.actions)
                for items in node.tags.values():
                    tags.update(items)
    elif strategies is not None:
        for index, labels in enumerate(strategies):
            moves[index].update(labels)
    result = []
    for name, entry in table.items():
        path: Path = ("costs", name)
        check_id(c, name, path, "cost name")
        fields = c.table(entry, path)
        if fields is None:
            continue
        if "kind" not in fields:
            c.keys(fields, path, AUDIENCE_KEYS + ESCALATION_KEYS[1:], required=("kind",))
            continue
        kind = c.string(fields["kind"], (*path, "kind"))
        if kind not in COST_KINDS:
            if kind is not None:
                c.add(
                    (*path, "kind"),
                    f"unknown kind `{kind}`; expected {quoted(COST_KINDS)}",
                    did_you_mean(kind, COST_KINDS),
                )
            continue
        if kind == "audience":
            cost = _audience(
                c, name, fields, players, nodes, moves, commitments, commitment_ids, expressions
            )
        else:
            cost = _escalation(c, name, fields, players, nodes, moves, tags, expressions)
        if cost is not None:
            result.append(cost)
    return result


def _audience(
    c: Checker,
    name: str,
    fields: dict[str, Any],
    players: Sequence[str],
    nodes: Mapping[str, Decision | Chance] | None,
    moves: Sequence[set[str]],
    commitments: Sequence[Commitment],
    commitment_ids: Sequence[str],
    expressions: Expressions,
) -> Cost | None:
    path: Path = ("costs", name)
    c.keys(fields, path, AUDIENCE_KEYS, required=AUDIENCE_KEYS)
    if nodes is None:
        c.add(path, "audience costs need a game tree ([tree]); a [matrix] cannot have them")
        return None
    payer = _player(c, fields["payer"], (*path, "payer"), players) if "payer" in fields else None
    amount = expressions(fields["amount"], (*path, "amount")) if "amount" in fields else None
    own = sorted(moves[payer]) if payer is not None else []
    threat, is_commitment = None, False
    if "threat" in fields:
        threat = c.string(fields["threat"], (*path, "threat"), "a commitment id or an action label")
        by_id = {k.id: k for k in commitments}
        if threat is None or payer is None:
            threat = None
        elif threat in commitment_ids:
            is_commitment = True
            if threat in by_id and by_id[threat].holder != payer:
                c.add(
                    (*path, "threat"),
                    f"commitment `{threat}` is held by "
                    f"`{players[by_id[threat].holder]}`, not by the payer `{players[payer]}`",
                )
                threat = None
        elif threat not in own:
            c.problems.add(
                (*path, "threat"),
                f"`{threat}` is neither a commitment nor an action of `{players[payer]}`",
                suggest(
                    threat,
                    [*commitment_ids, *own],
                    f"commitments and actions of `{players[payer]}`",
                ),
                because=("mentioned", threat),
            )
            threat = None
    back_down: list[str] = []
    if "back_down" in fields:
        back_down = c.string_list(fields["back_down"], (*path, "back_down"))
        if not back_down:
            c.add((*path, "back_down"), "expected at least one action label")
        for index, action in enumerate(back_down):
            if payer is not None and action not in own:
                c.problems.add(
                    (*path, "back_down", index),
                    f"`{action}` is not an action of `{players[payer]}`",
                    suggest(action, own, f"actions of `{players[payer]}`"),
                    because=("mentioned", action),
                )
            elif action == threat and not is_commitment:
                c.add((*path, "back_down", index), f"`{action}` is the threat itself")
    if payer is None or amount is None or threat is None or not back_down:
        return None
    amounts = tuple(amount if i == payer else sympy.S.Zero for i in range(len(players)))
    return Cost(
        name,
        "audience",
        amounts,
        frozenset({payer}),
        threat=threat,
        threat_is_commitment=is_commitment,
        back_down=frozenset(back_down),
    )


def _escalation(
    c: Checker,
    name: str,
    fields: dict[str, Any],
    players: Sequence[str],
    nodes: Mapping[str, Decision | Chance] | None,
    moves: Sequence[set[str]],
    tags: set[str],
    expressions: Expressions,
) -> Cost | None:
    path: Path = ("costs", name)
    c.keys(fields, path, ESCALATION_KEYS, required=("kind", "amount"))
    valid = True
    amounts: list[sympy.Expr | None] = [sympy.S.Zero] * len(players)
    if "amount" in fields:
        value = fields["amount"]
        if isinstance(value, Mapping):
            table = c.table(value, (*path, "amount")) or {}
            for key, item in table.items():
                if key not in players:
                    c.problems.add(
                        (*path, "amount", key),
                        f"unknown player `{key}`; the players are {quoted(players)}",
                        did_you_mean(key, players),
                        because=("players",),
                    )
                    valid = False
                else:
                    amounts[players.index(key)] = expressions(item, (*path, "amount", key))
        else:
            amounts = [expressions(value, (*path, "amount"))] * len(players)
    if "actions" not in fields and "tags" not in fields:
        c.problems.add(
            (*path, "actions"),
            "missing `actions` (action labels) or `tags` (node tags): which moves cost",
            at=path,
        )
        valid = False
    every = sorted(set().union(*moves)) if moves else []
    actions = c.string_list(fields.get("actions", []), (*path, "actions"))
    for index, action in enumerate(actions):
        if action not in every:
            what = "action" if nodes is not None else "strategy"
            c.problems.add(
                (*path, "actions", index),
                f"no {what} is labelled `{action}`",
                suggest(action, every, "actions" if nodes is not None else "strategies"),
                because=("mentioned", action),
            )
            valid = False
    wanted = c.string_list(fields.get("tags", []), (*path, "tags"))
    if wanted and nodes is None:
        c.add((*path, "tags"), "tags need a game tree; in a [matrix] list strategies in `actions`")
        valid = False
    else:
        for index, tag in enumerate(wanted):
            if tag not in tags:
                c.problems.add(
                    (*path, "tags", index),
                    f"no node has the tag `{tag}`",
                    suggest(tag, sorted(tags), "tags in the tree"),
                    because=("mentioned", tag),
                )
                valid = False
    payers = set(range(len(players)))
    if "payers" in fields:
        payers = set()
        for index, player in enumerate(c.string_list(fields["payers"], (*path, "payers"))):
            found = _player(c, player, (*path, "payers", index), players)
            if found is None:
                valid = False
            else:
                payers.add(found)
    known = [a for a in amounts if a is not None]
    if not valid or len(known) != len(amounts) or "amount" not in fields:
        return None
    return Cost(
        name,
        "escalation",
        tuple(known),
        frozenset(payers),
        actions=frozenset(actions),
        tags=frozenset(wanted),
    )
