"""Building games in tests: from the nested-dict form of the shared reference cases, and at
random for property tests."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from deterrence.game import ExtensiveGame, ModelInfo, Node, NormalFormGame, Payoff


def tree_from_nested(
    spec: dict[str, Any], players: list[str], model_id: str = "case"
) -> ExtensiveGame:
    """Convert the shared reference cases' tree form (``node``: decision/chance/terminal)."""
    nodes: list[Node | None] = []

    def add(entry: dict[str, Any], path: str) -> int:
        index = len(nodes)
        nodes.append(None)
        kind = entry["node"]
        if kind == "terminal":
            base = tuple(Fraction(str(entry["payoffs"].get(p, 0))) for p in players)
            nodes[index] = Node(
                label=path, kind="terminal", outcome=entry["outcome"], payoff=Payoff(base)
            )
        elif kind == "chance":
            labels, children, probs = [], [], []
            for branch in entry["branches"]:
                labels.append(branch["label"])
                probs.append(Fraction(str(branch["prob"])))
                children.append(add(branch["child"], f"{path}/{branch['label']}"))
            nodes[index] = Node(
                label=path,
                kind="chance",
                actions=tuple(labels),
                children=tuple(children),
                probs=tuple(probs),
            )
        else:
            actions = list(entry["actions"])
            children = [add(entry["actions"][a], f"{path}/{a}") for a in actions]
            nodes[index] = Node(
                label=path,
                kind="decision",
                player=players.index(entry["player"]),
                infoset=entry.get("infoset", path),
                actions=tuple(actions),
                children=tuple(children),
            )
        return index

    add(spec, "root")
    return ExtensiveGame(
        players=tuple(players),
        nodes=tuple(n for n in nodes if n is not None),
        info=ModelInfo(id=model_id),
    )


def bimatrix(A: list[list[Any]], B: list[list[Any]], model_id: str = "matrix") -> NormalFormGame:
    rows, cols = len(A), len(A[0])
    payoffs = tuple(
        Payoff((Fraction(str(A[r][c])), Fraction(str(B[r][c]))))
        for r in range(rows)
        for c in range(cols)
    )
    return NormalFormGame(
        players=("1", "2"),
        strategies=(tuple(f"r{r}" for r in range(rows)), tuple(f"c{c}" for c in range(cols))),
        payoffs=payoffs,
        info=ModelInfo(id=model_id),
    )
