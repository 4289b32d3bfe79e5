"""Checks of [matrix]: strategies of every player and one payoff cell per profile."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from deterrence import limits
from deterrence.errors import did_you_mean
from deterrence.spec.ir import Matrix
from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker, describe, mentions, quoted, suggest
from deterrence.spec.schema import MATRIX_KEYS
from deterrence.spec.sections import payoff_vector
from deterrence.spec.values import Expressions

_MISSING_SHOWN = 5


def check_matrix(
    c: Checker,
    value: Any,
    players: Sequence[str],
    outcomes: Mapping[str, tuple[sympy.Expr, ...] | None],
    expressions: Expressions,
) -> tuple[Matrix | None, set[str]]:
    """The normal form, and the outcome ids its cells reference."""
    used: set[str] = set()
    table = c.table(value, ("matrix",))
    if table is None:
        return None, used
    mark = c.problems.mark()
    c.keys(table, ("matrix",), MATRIX_KEYS, required=MATRIX_KEYS)
    strategies = _check_strategies(c, table.get("strategies"), players)
    if "payoffs" not in table:
        return None, used
    if strategies is None:
        # The cells cannot be read without the strategies: what they name follows from that.
        subjects = [("mentioned", name) for name in mentions(table["payoffs"])]
        c.problems.blame(subjects, mark, under=("matrix", "strategies"))
    cells_table = c.table(
        table["payoffs"], ("matrix", "payoffs"), 'a table of "strategy, strategy" = payoffs'
    )
    if cells_table is None or strategies is None:
        return None, used
    cells: dict[tuple[int, ...], tuple[tuple[sympy.Expr, ...], str | None]] = {}
    keys: dict[tuple[int, ...], str] = {}
    valid = True
    for key, entry in cells_table.items():
        path: Path = ("matrix", "payoffs", key)
        profile = _profile(c, key, path, players, strategies)
        cell = _cell(c, entry, path, players, outcomes, expressions, used)
        if profile is None or cell is None:
            valid = False
            continue
        if profile in keys:
            c.add(path, f"the same profile as cell `{keys[profile]}`; give each profile once")
            continue
        keys[profile] = key
        cells[profile] = cell
    missing = [p for p in itertools.product(*(range(len(s)) for s in strategies)) if p not in keys]
    if not valid:
        return None, used  # a cell that could not be read may be the one that seems missing
    if missing and cells_table:
        shown = ", ".join(
            '"' + ", ".join(strategies[i][s] for i, s in enumerate(p)) + '"'
            for p in missing[:_MISSING_SHOWN]
        )
        more = f" and {len(missing) - _MISSING_SHOWN} more" if len(missing) > _MISSING_SHOWN else ""
        c.add(
            ("matrix", "payoffs"),
            f"no payoffs for the profile{'s' if len(missing) > 1 else ''} "
            f"{shown}{more}; every profile needs a cell",
        )
    elif missing:
        c.add(
            ("matrix", "payoffs"),
            "expected one cell per profile, e.g. "
            f'"{", ".join(s[0] for s in strategies)}" = {{ ... }}',
        )
    if missing:
        return None, used
    return Matrix(strategies, cells), used


def _check_strategies(
    c: Checker, value: Any, players: Sequence[str]
) -> tuple[tuple[str, ...], ...] | None:
    if value is None:
        return None
    path: Path = ("matrix", "strategies")
    table = c.table(value, path, "a table of player id = [strategy labels]")
    if table is None:
        return None
    for key in table:
        if key not in players:
            c.problems.add(
                (*path, key),
                f"unknown player `{key}`; the players are {quoted(players)}",
                did_you_mean(key, players),
                because=("players",),
            )
    result: list[tuple[str, ...]] = []
    valid = True
    for player in players:
        if player not in table:
            c.problems.add((*path, player), f"no strategies for player `{player}`", at=path)
            valid = False
            continue
        labels = c.string_list(table[player], (*path, player), "a list of strategy labels")
        if not labels:
            c.add((*path, player), "expected at least one strategy")
            valid = False
        if len(labels) > limits.count("strategies"):
            c.add(
                (*path, player),
                f"too many strategies: at most {limits.count('strategies')} per player "
                f"({limits.message('strategies')})",
            )
            valid = False
        for index, label in enumerate(labels):
            if not label.strip() or "," in label or label != label.strip():
                c.add(
                    (*path, player, index),
                    f"invalid strategy label `{label}`: it must be "
                    "non-empty, without commas or surrounding spaces",
                )
                valid = False
            elif labels.index(label) != index:
                c.add((*path, player, index), f"strategy `{label}` is listed twice")
                valid = False
        result.append(tuple(labels))
    if valid and math.prod(len(s) for s in result) > limits.count("profiles"):
        c.refuse(
            path,
            f"too many strategy profiles: at most {limits.count('profiles'):,} are allowed "
            f"({limits.message('profiles')})",
        )
    return tuple(result) if valid else None


def _profile(
    c: Checker,
    key: str,
    path: Path,
    players: Sequence[str],
    strategies: Sequence[tuple[str, ...]],
) -> tuple[int, ...] | None:
    labels = [part.strip() for part in key.split(",")]
    if len(labels) != len(players):
        c.problems.add(
            path,
            f"expected {len(players)} strategy labels separated by commas, one per "
            f"player in the order {', '.join(players)}; got {len(labels)}",
            because=("players",) if not players else None,
        )
        return None
    profile = []
    for player, label, options in zip(players, labels, strategies, strict=True):
        if label not in options:
            c.add(
                path,
                f"unknown strategy `{label}` of player `{player}`; expected one of "
                f"{quoted(options)}",
                did_you_mean(label, options),
            )
            return None
        profile.append(options.index(label))
    return tuple(profile)


def _cell(
    c: Checker,
    entry: Any,
    path: Path,
    players: Sequence[str],
    outcomes: Mapping[str, tuple[sympy.Expr, ...] | None],
    expressions: Expressions,
    used: set[str],
) -> tuple[tuple[sympy.Expr, ...], str | None] | None:
    if isinstance(entry, str):
        if entry not in outcomes:
            c.add(path, f"`{entry}` is not an outcome id", suggest(entry, outcomes, "outcomes"))
            return None
        used.add(entry)
        base = outcomes[entry]
        return None if base is None else (base, entry)
    if not isinstance(entry, Mapping):
        c.add(
            path, f"expected a table of player id = payoff, or an outcome id; got {describe(entry)}"
        )
        return None
    fields = c.table(entry, path)
    if fields is None:
        return None
    vector = payoff_vector(c, fields, path, players, expressions)
    return None if vector is None else (vector, None)
