"""Checks of the simple sections: [model], [players], [parameters], [outcomes], [scenarios]."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy

from deterrence import limits
from deterrence.errors import did_you_mean
from deterrence.game.model_info import ModelInfo
from deterrence.game.parameters import KNOWN_ROLES, Parameter
from deterrence.spec.notation_checks import check_label, check_symbol
from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker, quoted
from deterrence.spec.schema import (
    FUNCTION_NAMES,
    ID_RESERVED,
    MODEL_ID,
    MODEL_KEYS,
    NAME,
    OUTCOME_LABEL,
    OUTCOME_RESERVED,
    PARAMETER_KEYS,
    PLAYER_KEYS,
)
from deterrence.spec.values import Expressions, read_number

#: What the checks of the sections collect for :class:`deterrence.game.notation.Notation`:
#: ``"symbols"``, ``"labels"``, ``"player_symbols"``, ``"actions"``, ``"outcomes"``, each a
#: mapping name -> text as declared.
Declared = dict[str, dict[str, str]]


def declared_notation() -> Declared:
    """An empty collection of declared notation, filled by the checks."""
    return {key: {} for key in ("symbols", "labels", "player_symbols", "actions", "outcomes")}


def check_id(c: Checker, name: str, path: Path, what: str) -> bool:
    """Ids may be any text without surrounding spaces, control characters or ``. | @ =``."""
    bad = [ch for ch in ID_RESERVED if ch in name]
    if not name.strip() or name != name.strip() or not name.isprintable():
        c.add(
            path,
            f"invalid {what} `{name}`: it must be non-empty and printable, "
            "without spaces around it",
        )
        return False
    if bad:
        c.add(
            path,
            f"invalid {what} `{name}`: it must not contain "
            + " ".join(f"`{ch}`" for ch in bad)
            + " (used in labels the library derives)",
        )
        return False
    return True


def check_model(c: Checker, value: Any) -> ModelInfo:
    """Check the ``[model]`` table: known keys only, ``id`` required, every value a string, and
    the id made of letters, digits, ``-`` and ``_``.

    Returns
    -------
    ModelInfo
        The texts that are strings (an empty one where ``value`` is not a table); each problem is
        recorded in ``c``.

    Examples
    --------
    >>> from deterrence.spec.problems import Checker, Problems
    >>> problems = Problems()
    >>> check_model(Checker(problems), {"id": "bad id", "title": "Chicken"}).title
    'Chicken'
    >>> problems.items[0].message
    'invalid model id `bad id`: use letters, digits, `-` and `_` only'
    """
    table = c.table(value, ("model",))
    if table is None:
        return ModelInfo()
    c.keys(table, ("model",), MODEL_KEYS, required=("id",))
    texts: dict[str, str] = {}
    for key in MODEL_KEYS:
        if key in table:
            text = c.string(table[key], ("model", key))
            if text is not None:
                texts[key] = text
    if "id" in texts and not MODEL_ID.fullmatch(texts["id"]):
        c.add(
            ("model", "id"),
            f"invalid model id `{texts['id']}`: use letters, digits, `-` and `_` only",
        )
    return ModelInfo(
        id=texts.get("id", "game"),
        title=texts.get("title", ""),
        description=texts.get("description", ""),
        source=texts.get("source", ""),
    )


def check_players(
    c: Checker, value: Any, declared: Declared | None = None
) -> tuple[list[str], list[str]]:
    """Check the ``[players]`` table of player id = display name (or a table
    ``{ name = "...", symbol = "..." }``, the symbol collected in ``declared``): at least one
    player, at most
    limit ``players`` (:mod:`deterrence.limits`), each id a name (letters, digits and ``_``, not
    first a digit), each display name a string.

    Returns
    -------
    ids, names : list of str
        The player ids and display names in order, invalid ids included (a display name that
        is not a string becomes the id); both empty where ``value`` is not a table or has too
        many players.

    Examples
    --------
    >>> from deterrence.spec.problems import Checker, Problems
    >>> check_players(Checker(Problems()), {"R": "Row state", "C": "Column state"})
    (['R', 'C'], ['Row state', 'Column state'])
    """
    table = c.table(value, ("players",), "a table of player id = display name")
    ids: list[str] = []
    names: list[str] = []
    if table is None:
        return ids, names
    if not table:
        c.add(("players",), 'expected at least one player, e.g. A = "Attacker"')
    if len(table) > limits.count("players"):
        c.refuse(
            ("players",),
            f"too many players: {len(table)}; at most {limits.count('players')} are allowed "
            f"({limits.message('players')})",
        )
    for key, name in table.items():
        path = ("players", key)
        if key in (OUTCOME_RESERVED, OUTCOME_LABEL):
            c.add(path, f"`{key}` cannot be a player id: outcomes use that key for their text")
        elif not NAME.fullmatch(key):
            c.add(
                path, f"invalid player id `{key}`: use letters, digits and `_`, not first a digit"
            )
        ids.append(key)
        if isinstance(name, dict):
            fields = c.table(name, path) or {}
            c.keys(fields, path, PLAYER_KEYS, required=("name",))
            name = fields.get("name", key)
            if "symbol" in fields:
                symbol = check_symbol(c, fields["symbol"], (*path, "symbol"))
                if symbol is not None and declared is not None:
                    declared["player_symbols"][key] = symbol
        text = c.string(
            name, path, 'the player\'s display name (a string, or { name = "...", symbol = "..." })'
        )
        names.append(text if text is not None else key)
    return ids, names


def check_parameters(
    c: Checker, value: Any, players: Sequence[str], declared: Declared | None = None
) -> list[Parameter]:
    """Parameters whose names are usable (so that later expressions do not report them); their
    ``symbol`` and ``label`` are collected in ``declared``."""
    table = c.table(value, ("parameters",))
    if table is None:
        return []
    if len(table) > limits.count("parameters"):
        c.refuse(
            ("parameters",),
            f"too many parameters: {len(table):,}; at most {limits.count('parameters'):,} are "
            f"allowed ({limits.message('parameters')})",
        )
    parameters = []
    for name, entry in table.items():
        path: Path = ("parameters", name)
        usable = True
        if not NAME.fullmatch(name):
            c.add(
                path,
                f"invalid parameter name `{name}`: use letters, digits and `_`, not first a digit",
            )
            usable = False
        elif name.startswith("__"):
            # The expression language refuses such names (Python sandbox escapes start so).
            c.add(path, f"parameter name `{name}` starts with two underscores; choose another name")
            usable = False
        elif name in FUNCTION_NAMES:
            c.add(
                path,
                f"parameter name `{name}` is a function of the expression language; "
                "choose another name",
            )
            usable = False
        elif name in players:
            c.add(path, f"parameter name `{name}` is also a player id; choose another name")
        if isinstance(entry, int | float | str) and not isinstance(entry, bool):
            entry = {"value": entry}  # shorthand: `p = 0.5`
        fields = c.table(entry, path, "a table such as { value = 0.5, min = 0, max = 1 }")
        if fields is None:
            if usable:
                parameters.append(Parameter(name))
            continue
        c.keys(fields, path, PARAMETER_KEYS, required=("value",))
        numbers: dict[str, Fraction | None] = {}
        for key in ("value", "min", "max"):
            numbers[key] = (
                read_number(fields[key], (*path, key), c.problems) if key in fields else None
            )
        low, high, default = numbers["min"], numbers["max"], numbers["value"]
        if low is not None and high is not None and low > high:
            c.add((*path, "max"), f"max {high} is below min {low}")
        elif default is not None:
            if low is not None and default < low:
                c.add((*path, "value"), f"value {default} is below min {low}")
            if high is not None and default > high:
                c.add((*path, "value"), f"value {default} is above max {high}")
        doc = ""
        if "doc" in fields:
            doc = c.string(fields["doc"], (*path, "doc")) or ""
        role = None
        if "role" in fields:
            role = c.string(fields["role"], (*path, "role"))
            if role is not None and role not in KNOWN_ROLES:
                c.add(
                    (*path, "role"),
                    f"unknown role `{role}`; expected one of {quoted(sorted(KNOWN_ROLES))}",
                    did_you_mean(role, KNOWN_ROLES),
                )
                role = None
        for key, check, kind in (
            ("symbol", check_symbol, "symbols"),
            ("label", check_label, "labels"),
        ):
            if key in fields:
                text = check(c, fields[key], (*path, key))
                if text is not None and usable and declared is not None:
                    declared[kind][name] = text
        if usable:
            parameters.append(Parameter(name, default, low, high, doc, role))
    return parameters


def payoff_vector(
    c: Checker,
    table: dict[str, Any],
    path: Path,
    players: Sequence[str],
    expressions: Expressions,
    reserved: tuple[str, ...] = (),
) -> tuple[sympy.Expr, ...] | None:
    """One expression per player from a table player -> expression."""
    for key in table:
        if key not in players and key not in reserved:
            c.add(
                (*path, key),
                f"unknown player `{key}`; the players are {quoted(players)}",
                did_you_mean(key, players),
            )
    vector: list[sympy.Expr | None] = []
    for player in players:
        if player not in table:
            c.problems.add((*path, player), f"no payoff for player `{player}`", at=path)
            vector.append(None)
        else:
            vector.append(expressions(table[player], (*path, player)))
    found = [v for v in vector if v is not None]
    return tuple(found) if len(found) == len(vector) else None


def check_outcomes(
    c: Checker,
    value: Any,
    players: Sequence[str],
    expressions: Expressions,
    declared: Declared | None = None,
) -> dict[str, tuple[sympy.Expr, ...] | None]:
    """Every outcome id -> its base payoffs (None where they are invalid); each ``label``
    collected in ``declared``."""
    table = c.table(value, ("outcomes",))
    if table is None:
        return {}
    outcomes: dict[str, tuple[sympy.Expr, ...] | None] = {}
    for name, entry in table.items():
        path: Path = ("outcomes", name)
        check_id(c, name, path, "outcome id")
        fields = c.table(entry, path, "a table of player id = payoff expression")
        if fields is None:
            outcomes[name] = None
            continue
        if OUTCOME_RESERVED in fields:
            c.string(fields[OUTCOME_RESERVED], (*path, OUTCOME_RESERVED))
        if OUTCOME_LABEL in fields:
            text = check_label(c, fields[OUTCOME_LABEL], (*path, OUTCOME_LABEL))
            if text is not None and declared is not None:
                declared["outcomes"][name] = text
        outcomes[name] = payoff_vector(
            c, fields, path, players, expressions, reserved=(OUTCOME_RESERVED, OUTCOME_LABEL)
        )
    return outcomes


def check_scenarios(
    c: Checker, value: Any, parameters: Sequence[Parameter]
) -> dict[str, dict[str, Fraction]]:
    """Check the ``[scenarios]`` table: each scenario a table of parameter = value, every name
    a declared parameter and every value an exact number within that parameter's bounds.

    Returns
    -------
    dict
        Each scenario's values by parameter, exact; unknown parameters and values that are not
        numbers are left out (a value out of bounds is kept, its problem recorded in ``c``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from deterrence.game.parameters import Parameter
    >>> from deterrence.spec.problems import Checker, Problems
    >>> problems = Problems()
    >>> p = Parameter("p", lower=Fraction(0), upper=Fraction(1))
    >>> check_scenarios(Checker(problems), {"likely": {"p": 0.9, "q": 1}}, [p])
    {'likely': {'p': Fraction(9, 10)}}
    >>> problems.items[0].message
    'unknown parameter `q`; the parameters are `p`'
    """
    table = c.table(value, ("scenarios",))
    if table is None:
        return {}
    by_name = {p.name: p for p in parameters}
    scenarios: dict[str, dict[str, Fraction]] = {}
    for name, entry in table.items():
        path: Path = ("scenarios", name)
        check_id(c, name, path, "scenario name")
        fields = c.table(entry, path, "a table of parameter = value")
        if fields is None:
            continue
        values: dict[str, Fraction] = {}
        for key, item in fields.items():
            if key not in by_name:
                c.add(
                    (*path, key),
                    f"unknown parameter `{key}`; the parameters are {quoted(by_name)}",
                    did_you_mean(key, by_name),
                )
                continue
            number = read_number(item, (*path, key), c.problems)
            if number is None:
                continue
            if not by_name[key].admits(number):
                c.add(
                    (*path, key),
                    f"value {number} of `{key}` is outside its bounds {by_name[key].bounds_text()}",
                )
            values[key] = number
        scenarios[name] = values
    return scenarios
