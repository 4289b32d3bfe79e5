"""How a sweep names what it finds at a point; one set of rules for every path, so that the
fast and the general path can be compared label for label.

- ``outcome``: per equilibrium, the outcomes reached with positive probability, in the
  model's order, joined by `` + ``; several equilibria are sorted and joined by `` | ``.
- ``play``: per equilibrium, each player's choices: the action at each information set its
  own strategy does not exclude (trees), or the support of its mixed strategy (matrices);
  players joined by `` / ``, equilibria as above.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

#: Between the labels of distinct equilibria, and between outcomes of one equilibrium.
EQUILIBRIA_SEP = " | "
OUTCOMES_SEP = " + "


def outcome_label(order: Sequence[str], reached: Iterable[str]) -> str:
    """``war + abandoned`` for an equilibrium reaching those two outcomes.

    >>> outcome_label(("status_quo", "war", "abandoned"), {"abandoned", "war"})
    'war + abandoned'
    """
    present = set(reached)
    return OUTCOMES_SEP.join(o for o in order if o in present)


def play_label(players: Sequence[str], moves: Sequence[Mapping[str, str]]) -> str:
    """``A: attack / P: resist / D: abandon``: one mapping of information set to action
    (or ``+``-joined support) per player; a player with several sets names each.

    >>> play_label(("A", "D"), ({"attacker": "attack"}, {"d1": "defend", "d2": "abandon"}))
    'A: attack / D: d1: defend; d2: abandon'
    """
    parts = []
    for player, chosen in zip(players, moves, strict=True):
        if len(chosen) == 1:
            text = next(iter(chosen.values()))
        else:
            text = "; ".join(f"{where}: {action}" for where, action in chosen.items())
        parts.append(f"{player}: {text or '–'}")
    return " / ".join(parts)


def join_equilibria(labels: Iterable[str]) -> str:
    """Distinct labels of several equilibria, in a canonical order.

    >>> join_equilibria(["R wins", "C wins", "R wins"])
    'C wins | R wins'
    """
    return EQUILIBRIA_SEP.join(sorted(set(labels)))
