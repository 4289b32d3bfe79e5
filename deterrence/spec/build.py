"""Building the game of a checked spec: the tree with its commitments and costs, or the matrix.

Commitments change the tree. An ``automatic`` one puts a chance node before each node of the
promise's information set: "<id> binds" leads straight to the promised action's child (the
action counts as taken), "<id> free" to the node, where the holder chooses. A ``type`` one
draws the holder's type at the root and copies the tree: in the "committed" copy the promise is
always kept, in the "opportunistic" one the holder chooses. Only the holder's information sets
tell the copies apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff
from deterrence.game.tree import ExtensiveGame, Node
from deterrence.spec.costs import State, after_move, components, initial_state
from deterrence.spec.ir import Chance, Commitment, Decision, Spec

COMMITTED, OPPORTUNISTIC = "committed", "opportunistic"


def build_game(spec: Spec, file: str | None = None) -> Game:
    """The game a checked spec describes: its normal form where it has a ``[matrix]``, else its
    tree with the commitments applied (see the module docstring) and the costs charged.

    Parameters
    ----------
    spec : Spec
        A spec that passed :func:`~deterrence.spec.validate.check_spec`.
    file : str, optional
        The spec's file, for messages.

    Raises
    ------
    SpecError
        Where applying the commitments would make the tree larger than
        limit ``built_nodes`` nodes (see :mod:`deterrence.limits`).

    Examples
    --------
    >>> from deterrence.spec.validate import check_spec
    >>> spec = check_spec({
    ...     "model": {"id": "standoff"},
    ...     "players": {"R": "Row", "C": "Column"},
    ...     "parameters": {"e": {"value": 0, "min": 0}},
    ...     "costs": {"escalation": {"kind": "escalation", "amount": "e", "actions": ["firm"]}},
    ...     "matrix": {
    ...         "strategies": {"R": ["yield", "firm"], "C": ["yield", "firm"]},
    ...         "payoffs": {
    ...             "yield, yield": "peace", "yield, firm": "peace",
    ...             "firm, yield": "peace", "firm, firm": "war",
    ...         },
    ...     },
    ...     "outcomes": {"peace": {"R": "0", "C": "0"}, "war": {"R": "-1", "C": "-1"}},
    ... })
    >>> game = build_game(spec)
    >>> game.form, game.payoff((1, 1)).total
    ('matrix', (-e - 1, -e - 1))
    """
    if spec.matrix is not None:
        return build_matrix(spec)
    return _TreeBuilder(spec, file).build()


def build_matrix(spec: Spec) -> NormalFormGame:
    """The normal form of a spec with a ``[matrix]``: each profile's base payoffs and outcome,
    with the costs each player's strategy incurs as named payoff components (each strategy
    counts as one move).
    """
    assert spec.matrix is not None
    n = len(spec.players)
    payoffs, outcomes = [], []
    for profile in itertools.product(*(range(len(s)) for s in spec.matrix.strategies)):
        base, outcome = spec.matrix.cells[profile]
        state = initial_state(spec.costs, n)
        for player, choice in enumerate(profile):
            label = spec.matrix.strategies[player][choice]
            state = after_move(spec.costs, state, player, label, frozenset())
        payoffs.append(Payoff(base, components(spec.costs, state, n)))
        outcomes.append(outcome)
    return NormalFormGame(
        players=spec.players,
        strategies=spec.matrix.strategies,
        payoffs=tuple(payoffs),
        outcomes=tuple(outcomes),
        parameters=spec.parameters,
        info=spec.info,
        player_names=spec.player_names,
    )


@dataclass(frozen=True)
class _Context:
    """What the path so far implies for the nodes below."""

    costs: State
    types: tuple[tuple[Commitment, str], ...] = ()  # type commitments drawn, with the type
    bound: tuple[str, ...] = ()  # automatic commitments that bound on the path

    def suffix(self, several_types: bool) -> str:
        text = "".join(f"|{c.id}={t}" if several_types else f"|{t}" for c, t in self.types)
        return text + "".join(f"|{cid} binds" for cid in self.bound)

    def infoset_suffix(self, player: int, several_types: bool) -> str:
        text = "".join(
            (f"|{c.id}={t}" if several_types else f"|{t}")
            for c, t in self.types
            if c.holder == player
        )
        return text + "".join(f"|{cid} binds" for cid in self.bound)


@dataclass
class _Draft:
    label: str
    kind: str
    player: int | None = None
    infoset: str | None = None
    actions: list[str] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    probs: list[sympy.Expr] = field(default_factory=list)
    outcome: str | None = None
    payoff: Payoff | None = None
    parent_label: str = ""
    via: str = ""


# Work items: ("node", spec id, free) | ("types", index) | ("outcome", outcome id)
_What = tuple[str, str | int, bool]
_Item = tuple[_What, _Context, int, int]


class _TreeBuilder:
    def __init__(self, spec: Spec, file: str | None):
        self.spec = spec
        self.file = file
        self.n = len(spec.players)
        self.types = [c for c in spec.commitments if c.kind == "type"]
        self.several = len(self.types) > 1
        # node id -> the commitment covering it (every node of the promise's information set)
        self.cover: dict[str, Commitment] = {}
        for commitment in spec.commitments:
            at = spec.nodes[commitment.at]
            assert isinstance(at, Decision)
            for node in spec.nodes.values():
                if isinstance(node, Decision) and node.infoset == at.infoset:
                    self.cover[node.id] = commitment
        self.drafts: list[_Draft] = []
        self.stack: list[_Item] = []

    def _too_large(self) -> SpecError:
        return SpecError(
            [
                Diagnostic(
                    f"the game would have more than {limits.count('built_nodes'):,} nodes once "
                    "commitments are applied (each type commitment copies the tree; "
                    f"{limits.message('built_nodes')})",
                    "commitments",
                    self.file,
                )
            ]
        )

    def _bound(self) -> int:
        """An upper bound on the number of nodes, capped just above the limit."""
        cap = limits.count("built_nodes") + 1
        size: dict[str, int] = {}
        for node_id in reversed(self._order()):
            node = self.spec.nodes[node_id]
            own = 1 + sum(size.get(t, 1) for t in node.targets)
            commitment = self.cover.get(node_id)
            if commitment is not None and commitment.kind == "automatic":
                assert isinstance(node, Decision)
                own += 1 + size.get(node.targets[node.actions.index(commitment.promise)], 1)
            size[node_id] = min(own, cap)
        total = size.get(self.spec.root or "", 1)
        for _ in self.types:
            total = min(1 + 2 * total, cap)
        return total

    def _order(self) -> list[str]:
        """Ids of the nodes reachable from the root, parents before children."""
        order, stack = [], [self.spec.root or ""]
        while stack:
            node_id = stack.pop()
            if node_id in self.spec.nodes:
                order.append(node_id)
                stack.extend(self.spec.nodes[node_id].targets)
        return order

    def build(self) -> ExtensiveGame:
        most = limits.count("built_nodes")
        if self._bound() > most:
            raise self._too_large()
        start = _Context(initial_state(self.spec.costs, self.n))
        first = ("types", 0, False) if self.types else ("node", self.spec.root or "", False)
        self.stack.append((first, start, -1, 0))
        while self.stack:
            what, ctx, parent, slot = self.stack.pop()
            if len(self.drafts) >= most:
                raise self._too_large()
            index = len(self.drafts)
            if parent >= 0:
                self.drafts[parent].children[slot] = index
            draft = self._draft(what, ctx)
            if parent >= 0:
                draft.parent_label = self.drafts[parent].label
                draft.via = self.drafts[parent].actions[slot]
            self.drafts.append(draft)
        return self._finish()

    def _push(self, draft: _Draft, children: Sequence[tuple[_What, _Context]]) -> None:
        """Queue the children of ``draft``, which is about to become node number len(drafts)."""
        index = len(self.drafts)
        draft.children = [-1] * len(children)
        for slot in reversed(range(len(children))):
            what, ctx = children[slot]
            self.stack.append((what, ctx, index, slot))

    def _target(self, target: str, ctx: _Context) -> tuple[_What, _Context]:
        kind = "outcome" if target in self.spec.outcomes else "node"
        return (kind, target, False), ctx

    def _draft(self, what: _What, ctx: _Context) -> _Draft:
        kind, key, free = what
        suffix = ctx.suffix(self.several)
        if kind == "types":
            assert isinstance(key, int)
            commitment = self.types[key]
            draft = _Draft(
                f"{commitment.id}@type{suffix}",
                "chance",
                actions=[COMMITTED, OPPORTUNISTIC],
                probs=[commitment.credibility, 1 - commitment.credibility],
            )
            nxt: _What = (
                ("types", key + 1, False)
                if key + 1 < len(self.types)
                else ("node", self.spec.root or "", False)
            )
            children: list[tuple[_What, _Context]] = [
                (nxt, _Context(ctx.costs, (*ctx.types, (commitment, t)), ctx.bound))
                for t in (COMMITTED, OPPORTUNISTIC)
            ]
            self._push(draft, children)
            return draft
        if kind == "outcome":
            assert isinstance(key, str)
            base = self.spec.outcomes[key]
            return _Draft(
                "",
                "terminal",
                outcome=key,
                payoff=Payoff(base, components(self.spec.costs, ctx.costs, self.n)),
            )
        assert isinstance(key, str)
        node = self.spec.nodes[key]
        if isinstance(node, Chance):
            draft = _Draft(
                key + suffix, "chance", actions=list(node.branches), probs=list(node.probs)
            )
            children = [self._target(t, ctx) for t in node.targets]
        else:
            draft_or_skip = self._commitment(node, self.cover.get(key), ctx, free)
            if draft_or_skip is not None:
                return draft_or_skip
            draft = _Draft(
                key + suffix,
                "decision",
                player=node.player,
                infoset=node.infoset + ctx.infoset_suffix(node.player, self.several),
                actions=list(node.actions),
            )
            children = [
                self._target(target, self._moved(ctx, node, action))
                for action, target in zip(node.actions, node.targets, strict=True)
            ]
        self._push(draft, children)
        return draft

    def _moved(self, ctx: _Context, node: Decision, action: str, bound: str | None = None):
        tags = node.tags.get(action, frozenset())
        costs = after_move(self.spec.costs, ctx.costs, node.player, action, tags)
        extra = (bound,) if bound is not None else ()
        return _Context(costs, ctx.types, (*ctx.bound, *extra))

    def _commitment(
        self, node: Decision, commitment: Commitment | None, ctx: _Context, free: bool
    ) -> _Draft | None:
        """A draft replacing ``node`` because of a commitment, or None to draw the node."""
        if commitment is None or free:
            return None
        promised = node.targets[node.actions.index(commitment.promise)]
        if commitment.kind == "type":
            if (commitment, COMMITTED) not in ctx.types:
                return None
            # The committed type keeps the promise: the node is skipped.
            what, inner = self._target(promised, self._moved(ctx, node, commitment.promise))
            return self._draft(what, inner)
        draft = _Draft(
            f"{commitment.id}@{node.id}{ctx.suffix(self.several)}",
            "chance",
            actions=[f"{commitment.id} binds", f"{commitment.id} free"],
            probs=[commitment.credibility, 1 - commitment.credibility],
        )
        children = [
            self._target(promised, self._moved(ctx, node, commitment.promise, commitment.id)),
            (("node", node.id, True), ctx),
        ]
        self._push(draft, children)
        return draft

    def _finish(self) -> ExtensiveGame:
        counts: dict[str, int] = {}
        for draft in self.drafts:
            if draft.kind == "terminal" and draft.outcome is not None:
                counts[draft.outcome] = counts.get(draft.outcome, 0) + 1
        nodes = []
        for draft in self.drafts:
            label = draft.label
            if draft.kind == "terminal":
                assert draft.outcome is not None
                label = (
                    draft.outcome
                    if counts[draft.outcome] == 1
                    else f"{draft.parent_label}.{draft.via}"
                )
            nodes.append(
                Node(
                    label=label,
                    kind=draft.kind,  # type: ignore[arg-type]
                    player=draft.player,
                    infoset=draft.infoset,
                    actions=tuple(draft.actions),
                    children=tuple(draft.children),
                    probs=tuple(draft.probs),
                    outcome=draft.outcome,
                    payoff=draft.payoff,
                )
            )
        spec = self.spec
        return ExtensiveGame(
            players=spec.players,
            nodes=tuple(nodes),
            parameters=spec.parameters,
            info=spec.info,
            player_names=spec.player_names,
        )
