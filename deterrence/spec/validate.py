"""Checking a whole spec: every section, every problem at once, as one SpecError."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from deterrence.errors import Diagnostic, SpecError
from deterrence.game.notation import Notation
from deterrence.game.parameters import symbols_of
from deterrence.spec.estimation_checks import check_estimation
from deterrence.spec.extras_checks import check_commitments, check_costs
from deterrence.spec.ir import Chance, Decision, Spec
from deterrence.spec.matrix_checks import check_matrix
from deterrence.spec.paths import Path, show_path
from deterrence.spec.probabilities import ProbabilityChecks
from deterrence.spec.problems import Checker, Problems
from deterrence.spec.report_checks import check_report
from deterrence.spec.schema import TOP_KEYS
from deterrence.spec.sections import (
    Declared,
    check_model,
    check_outcomes,
    check_parameters,
    check_players,
    check_scenarios,
    declared_notation,
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
    """The checked spec, or SpecError listing every problem (``known`` ones first), each root
    cause with the problems that follow from it folded under it."""
    problems = Problems(file, line_of)
    problems.extend(known)
    c = Checker(problems)
    top = c.table(data, (), "a table at the top level (sections [model], [players], ...)")
    if top is None:
        raise SpecError(problems.report())
    c.keys(top, (), TOP_KEYS, required=("model", "players"), what="section")
    if "tree" in top and "matrix" in top:
        c.add(("matrix",), "a model has either [tree] or [matrix], not both")
    elif "tree" not in top and "matrix" not in top:
        c.add((), "missing the game: add a [tree] (extensive form) or a [matrix] (normal form)")

    declared = declared_notation()
    info = check_model(c, top["model"]) if "model" in top else None
    players, names = check_players(c, top["players"], declared) if "players" in top else ([], [])
    if not players:
        # Every "unknown player" below follows from the problem with [players].
        problems.blame(("players",), 0, under=("players",))
    parameters = check_parameters(c, top.get("parameters", {}), players, declared)
    expressions = Expressions(symbols_of(parameters), problems)
    after_parameters = problems.mark()
    outcomes = check_outcomes(c, top.get("outcomes", {}), players, expressions, declared)

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
                problems.add(
                    ("outcomes", name),
                    f"outcome `{name}` is never used: no "
                    f"{'action or branch' if 'tree' in top else 'cell'} leads to it",
                    "delete it, or refer to it from the game",
                    because=("mentioned", name),
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
    report = check_report(c, top.get("report", {}), parameters, list(outcomes))
    estimation = check_estimation(c, top.get("estimation", {}), parameters, players, list(outcomes))
    _link_to_sections(problems, top, after_parameters)

    checks = ProbabilityChecks(problems, parameters)
    for node in (nodes or {}).values():
        if isinstance(node, Chance):
            branches = list(zip(node.branches, node.probs, strict=True))
            checks.chance(("tree", node.id, "chance"), branches)
    for commitment in commitments:
        path = ("commitments", commitment.id, "credibility")
        checks.probability(commitment.credibility, path, "credibility")
    _action_labels(problems, nodes or {}, declared)
    if problems or info is None:
        raise SpecError(problems.report())
    return Spec(
        info=dataclasses.replace(info, notation=Notation.of(**declared)),
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
        report=report,
        estimation=estimation,
    )


def _action_labels(
    problems: Problems, nodes: dict[str, Decision | Chance], declared: Declared
) -> None:
    """Collect the action names the nodes declare: one name per action label, whichever node
    declares it, since tables and figures show an action by its label alone."""
    for node in nodes.values():
        if not isinstance(node, Decision):
            continue
        for action, text in node.labels.items():
            known = declared["actions"].setdefault(action, text)
            if known != text:
                problems.add(
                    ("tree", node.id, "labels", action),
                    f"action `{action}` is labelled `{text}` here but `{known}` at another node; "
                    "an action has one display name",
                )


def _link_to_sections(problems: Problems, top: dict[str, Any], since: int) -> None:
    """Fold under a missing or misspelt [players] or [parameters] the problems it causes in the
    checks that cannot name it themselves: payoffs for players that are not declared, and
    names in formulas and scenarios that are not declared parameters."""
    if problems.is_blamed(("players",)):
        payoff_keys: set[str] = set()
        tables: list[tuple[Path, Any]] = []
        if isinstance(top.get("outcomes"), dict):
            tables += [(("outcomes", k), v) for k, v in top["outcomes"].items()]
        matrix = top.get("matrix")
        if isinstance(matrix, dict) and isinstance(matrix.get("payoffs"), dict):
            tables += [(("matrix", "payoffs", k), v) for k, v in matrix["payoffs"].items()]
        for path, entry in tables:
            if isinstance(entry, dict):
                payoff_keys.update(show_path((*path, key)) for key in entry if isinstance(key, str))
        problems.link(("players",), since, lambda d: d.path in payoff_keys)
    if "parameters" not in top:
        problems.link(
            ("key", "parameters"),
            since,
            lambda d: (
                "unknown name `" in d.message
                or (d.path.startswith("scenarios.") and d.message.startswith("unknown parameter"))
            ),
        )
