"""Checks of ``[estimation]``: how the model is fitted to crisis data when the call does not say.

A model meant to be estimated has its own statistical model: which payoffs vary from crisis
to crisis, as formulas of covariates and coefficients, and which error model links them to the
outcomes observed. Saying so once in the spec lets ``deterrence fit SPEC DATA`` and
``deterrence.fit`` run without repeating the predictors at every call. Only what the spec alone
can tell is checked here (keys, players, outcomes, formulas); which names are columns of the
data is known once the data are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

from deterrence.errors import ExpressionError, did_you_mean
from deterrence.game.parameters import Parameter
from deterrence.spec.expressions import formula_names, parse_expression
from deterrence.spec.ir import EstimationSettings
from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker, quoted
from deterrence.spec.schema import ESTIMATION_ERRORS, ESTIMATION_KEYS, ESTIMATION_VARIANTS

__all__ = ["check_estimation"]

#: Longest piece of a formula a message quotes.
_SHOWN = 60


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _hint(word: str, choices: Sequence[str]) -> str | None:
    """``did you mean `x`?`` for the closest choice, or for one that differs in case alone
    (outcome ids such as ``W`` are too short for a close match)."""
    hint = did_you_mean(word, list(choices))
    if hint is None:
        same = [choice for choice in choices if choice.casefold() == word.casefold()]
        hint = f"did you mean `{same[0]}`?" if same else None
    return hint


def check_estimation(
    c: Checker,
    value: Any,
    parameters: Sequence[Parameter],
    players: Sequence[str],
    outcomes: Sequence[str],
) -> EstimationSettings:
    """Check the ``[estimation]`` table: ``error`` probit or logit, ``variant`` agent or
    private, ``outcome`` and ``path`` column names, ``covariates`` a list of column names, and
    ``predictors`` a table whose keys are declared parameters or ``PLAYER.OUTCOME`` and whose
    values are formulas of covariates and coefficients (names that are not parameters).

    Returns
    -------
    EstimationSettings
        What passed its check; each problem is recorded in ``c``.

    Examples
    --------
    >>> from deterrence.game.parameters import Parameter
    >>> from deterrence.spec.problems import Checker, Problems
    >>> problems = Problems()
    >>> table = {"error": "logit", "predictors": {"c": "b0 + b1*x", "D.war": "g0 + c"}}
    >>> settings = check_estimation(Checker(problems), table, [Parameter("c")], ["D"], ["war"])
    >>> settings.error, settings.predictors
    ('logit', {'c': 'b0 + b1*x'})
    >>> print(problems.items[0])
    estimation.predictors."D.war": `c` is a parameter of the model; a formula holds \
covariates and coefficients only (give the parameter a value, or a predictor of its own)
    """
    table = c.table(value, ("estimation",))
    if table is None:
        return EstimationSettings()
    c.keys(table, ("estimation",), ESTIMATION_KEYS)

    def choice(key: str, allowed: tuple[str, ...], what: str) -> str | None:
        if key not in table:
            return None
        text = c.string(table[key], ("estimation", key))
        if text is None or text in allowed:
            return text
        c.add(
            ("estimation", key),
            f"unknown {what} `{text}`; expected " + " or ".join(allowed),
            did_you_mean(text, list(allowed)),
        )
        return None

    def column(key: str) -> str | None:
        if key not in table:
            return None
        return c.string(table[key], ("estimation", key), "a column name (a string)")

    error = choice("error", ESTIMATION_ERRORS, "error model")
    variant = choice("variant", ESTIMATION_VARIANTS, "variant")
    outcome = column("outcome")
    path = column("path")
    covariates = None
    if "covariates" in table:
        covariates = tuple(
            c.string_list(
                table["covariates"], ("estimation", "covariates"), "a list of column names"
            )
        )
    predictors = _check_predictors(c, table.get("predictors", {}), parameters, players, outcomes)
    return EstimationSettings(
        predictors=predictors,
        error=error,
        variant=variant,
        outcome=outcome,
        path=path,
        covariates=covariates,
    )


def _check_predictors(
    c: Checker,
    value: Any,
    parameters: Sequence[Parameter],
    players: Sequence[str],
    outcomes: Sequence[str],
) -> dict[str, str]:
    """The predictors whose key and formula passed their checks, in the order written."""
    table = c.table(
        value,
        ("estimation", "predictors"),
        'a table of parameter or "PLAYER.OUTCOME" = formula',
    )
    names = [p.name for p in parameters]
    found: dict[str, str] = {}
    for key, text in (table or {}).items():
        path: Path = ("estimation", "predictors", key)
        known_key = _check_key(c, key, path, names, players, outcomes)
        formula = c.string(
            text, path, 'a formula of covariates and coefficients (a string such as "b0 + b1*x")'
        )
        if formula is None or not _check_formula(c, formula, path, names) or not known_key:
            continue
        found[key] = formula
    return found


def _check_key(
    c: Checker,
    key: str,
    path: Path,
    parameters: Sequence[str],
    players: Sequence[str],
    outcomes: Sequence[str],
) -> bool:
    """Whether ``key`` names a declared parameter or ``PLAYER.OUTCOME``; a problem if not."""
    if key in parameters:
        return True
    player, dot, outcome = key.partition(".")
    if not dot:
        named = (
            f"the parameters are {quoted(parameters)}"
            if parameters
            else "the model declares no parameters"
        )
        c.add(
            path,
            f"unknown predictor `{key}`: not a parameter of the model, nor PLAYER.OUTCOME; "
            + named,
            _hint(key, parameters),
        )
        return False
    if player not in players:
        c.problems.add(
            path,
            f"unknown player `{player}` in predictor `{key}`; the players are {quoted(players)}",
            _hint(player, players),
            because=("players",),
        )
        return False
    if outcome not in outcomes:
        c.add(
            path,
            f"unknown outcome `{outcome}` in predictor `{key}`; the outcomes are {quoted(outcomes)}"
            if outcomes
            else f"unknown outcome `{outcome}` in predictor `{key}`: the model has no outcomes",
            _hint(outcome, outcomes),
        )
        return False
    return True


def _check_formula(c: Checker, text: str, path: Path, parameters: Sequence[str]) -> bool:
    """Whether ``text`` is a formula of the restricted language naming no parameter of the
    model; a problem if not."""
    names = formula_names(text)
    clash = [name for name in names if name in parameters]
    if clash:
        c.add(
            path,
            f"`{clash[0]}` is a parameter of the model; a formula holds covariates and "
            "coefficients only (give the parameter a value, or a predictor of its own)",
        )
        return False
    try:
        parse_expression(text, {name: sympy.Symbol(name, real=True) for name in names})
    except ExpressionError as error:
        where = "" if error.position is None else f" (at character {error.position + 1})"
        c.add(path, f"invalid formula `{_short(text)}`: {error.message}{where}", error.suggestion)
        return False
    except Exception as error:  # the contract: nothing but SpecError leaves the validator
        c.add(path, f"invalid formula `{_short(text)}`: {type(error).__name__}")
        return False
    return True
