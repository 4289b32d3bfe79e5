"""Charging costs along a path of play, one move at a time.

The state of every cost is a small tuple carried down the tree: for an escalation cost the number
of charged moves of each player, for an audience cost 0 (no threat yet), 1 (threat made) or
2 (backed down after the threat: charged).
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from deterrence.spec.ir import Cost

State = tuple[int | tuple[int, ...], ...]


def initial_state(costs: Sequence[Cost], players: int) -> State:
    """The state of every cost at the root, before any move: no moves charged for an escalation
    cost, and for an audience cost no threat yet (0), or the threat already made (1) where the
    threat is a commitment.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.spec.ir import Cost
    >>> e, a = sympy.symbols("e a")
    >>> escalation = Cost("escalation", "escalation", (e, e), frozenset({0, 1}))
    >>> audience = Cost("audience", "audience", (a, a), frozenset({1}), threat="threaten")
    >>> initial_state([escalation, audience], 2)
    ((0, 0), 0)
    """
    return tuple(
        (1 if cost.threat_is_commitment else 0) if cost.kind == "audience" else (0,) * players
        for cost in costs
    )


def after_move(
    costs: Sequence[Cost], state: State, player: int, action: str, tags: frozenset[str]
) -> State:
    """The state after ``player`` takes ``action`` (at a node giving it ``tags``)."""
    result: list[int | tuple[int, ...]] = []
    for cost, entry in zip(costs, state, strict=True):
        if cost.kind == "audience":
            assert isinstance(entry, int)
            if player in cost.payers:
                if entry == 0 and action == cost.threat:
                    entry = 1
                elif entry == 1 and action in cost.back_down:
                    entry = 2
        else:
            assert isinstance(entry, tuple)
            if player in cost.payers and (action in cost.actions or tags & cost.tags):
                entry = (*entry[:player], entry[player] + 1, *entry[player + 1 :])
        result.append(entry)
    return tuple(result)


def components(
    costs: Sequence[Cost], state: State, players: int
) -> tuple[tuple[str, tuple[sympy.Expr, ...]], ...]:
    """The named, negative payoff components of a final state; all-zero ones left out."""
    out = []
    for cost, entry in zip(costs, state, strict=True):
        if cost.kind == "audience":
            counts = tuple(1 if entry == 2 and i in cost.payers else 0 for i in range(players))
        else:
            assert isinstance(entry, tuple)
            counts = entry
        vector = tuple(-n * cost.amounts[i] if n else sympy.S.Zero for i, n in enumerate(counts))
        if any(v != 0 for v in vector):
            out.append((cost.name, vector))
    return tuple(out)
