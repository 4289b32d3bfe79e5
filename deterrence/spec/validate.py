"""Checking a whole spec: every section, every problem at once, as one SpecError."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from deterrence.errors import Diagnostic, SpecError
from deterrence.game.parameters import symbols_of
from deterrence.spec.extras_checks import check_commitments, check_costs
from deterrence.spec.ir import Chance, Spec
from deterrence.spec.matrix_checks import check_matrix
from deterrence.spec.paths import Path
from deterrence.spec.probabilities import ProbabilityChecks
from deterrence.spec.problems import Checker, Problems, in_line_order
from deterrence.spec.schema import TOP_KEYS
from deterrence.spec.sections import (
    check_model,
    check_outcomes,
    check_parameters,
    check_players,
    check_scenarios,
)
from deterrence.spec.tree_checks import check_tree
from deterrence.spec.values import Expressions


def check_spec(
    data: Any,
    *,
    file: str | None = None,
    line_of: Callable[[Path], int | None] | None = None,
    known: Iterable[Diagnostic] = (),
) -> Spec:
    """The checked spec, or SpecError listing every problem (``known`` ones first)."""
    problems = Problems(file, line_of)
    problems.extend(known)
    c = Checker(problems)
    top = c.table(data, (), "a table at the top level (sections [model], [players], ...)")
    if top is None:
        raise SpecError(in_line_order(problems.items))
    c.keys(top, (), TOP_KEYS, required=("model", "players"), what="section")
    if "tree" in top and "matrix" in top:
        c.add(("matrix",), "a model has either [tree] or [matrix], not both")
    elif "tree" not in top and "matrix" not in top:
        c.add((), "missing the game: add a [tree] (extensive form) or a [matrix] (normal form)")

    info = check_model(c, top["model"]) if "model" in top else None
    players, names = check_players(c, top["players"]) if "players" in top else ([], [])
    parameters = check_parameters(c, top.get("parameters", {}), players)
    expressions = Expressions(symbols_of(parameters), problems)
    outcomes = check_outcomes(c, top.get("outcomes", {}), players, expressions)

    root, nodes, strategies, matrix = None, None, None, None
    used: set[str] = set()
    if "tree" in top:
        root, nodes, used = check_tree(c, top["tree"], players, outcomes, expressions)
    elif "matrix" in top:
        matrix, used = check_matrix(c, top["matrix"], players, outcomes, expressions)
        strategies = matrix.strategies if matrix is not None else None
    matrix_table = top.get("matrix")
    readable = bool(nodes) or (
        isinstance(matrix_table, dict) and isinstance(matrix_table.get("payoffs"), dict)
    )
    if readable:
        for name in outcomes:
            if name not in used:
                c.add(
                    ("outcomes", name),
                    f"outcome `{name}` is never used: no "
                    f"{'action or branch' if 'tree' in top else 'cell'} leads to it",
                    "delete it, or refer to it from the game",
                )

    raw_commitments = top.get("commitments", {})
    commitment_ids = (
        [k for k in raw_commitments if isinstance(k, str)]
        if isinstance(raw_commitments, dict)
        else []
    )
    commitments = check_commitments(c, raw_commitments, players, nodes, expressions)
    costs = check_costs(
        c,
        top.get("costs", {}),
        players,
        nodes,
        strategies,
        commitments,
        commitment_ids,
        expressions,
    )
    scenarios = check_scenarios(c, top.get("scenarios", {}), parameters)

    checks = ProbabilityChecks(problems, parameters)
    for node in (nodes or {}).values():
        if isinstance(node, Chance):
            branches = list(zip(node.branches, node.probs, strict=True))
            checks.chance(("tree", node.id, "chance"), branches)
    for commitment in commitments:
        path = ("commitments", commitment.id, "credibility")
        checks.probability(commitment.credibility, path, "credibility")
    if problems or info is None:
        raise SpecError(in_line_order(problems.items))
    return Spec(
        info=info,
        players=tuple(players),
        player_names=tuple(names),
        parameters=tuple(parameters),
        outcomes={k: v for k, v in outcomes.items() if v is not None},
        root=root,
        nodes=nodes or {},
        matrix=matrix,
        commitments=commitments,
        costs=costs,
        scenarios=scenarios,
    )
