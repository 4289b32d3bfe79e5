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
from dataclasses import dataclass
from typing import Any

import sympy

from deterrence.errors import ExpressionError, did_you_mean
from deterrence.game.parameters import Parameter
from deterrence.spec.expressions import formula_names, parse_expression
from deterrence.spec.ir import EstimationSettings
from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker, quoted
from deterrence.spec.schema import ESTIMATION_ERRORS, ESTIMATION_KEYS, ESTIMATION_VARIANTS

__all__ = [
    "PredictorProblem",
    "check_estimation",
    "formula_problem",
    "predictor_key_problem",
]

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


@dataclass(frozen=True)
class PredictorProblem:
    """What is wrong with a predictor's key or formula.

    ``about_players``: the key names an unknown player (a problem that follows from
    ``[players]``, where that section has problems of its own).
    """

    message: str
    suggestion: str | None = None
    about_players: bool = False


def predictor_key_problem(
    key: str, parameters: Sequence[str], players: Sequence[str], outcomes: Sequence[str]
) -> PredictorProblem | None:
    """Why ``key`` is neither a declared parameter nor ``PLAYER.OUTCOME``, or None: the one
    check of a predictor's key, for the spec and for a fit's own predictors alike.

    >>> predictor_key_problem("cCh", ["cCh"], ["Ch"], ["SQ"]) is None
    True
    >>> predictor_key_problem("Ch.war", ["cCh"], ["Ch"], ["SQ", "W"]).message
    'unknown outcome `war` in predictor `Ch.war`; the outcomes are `SQ`, `W`'
    """
    if key in parameters:
        return None
    player, dot, outcome = key.partition(".")
    if not dot:
        named = (
            f"the parameters are {quoted(parameters)}"
            if parameters
            else "the model declares no parameters"
        )
        return PredictorProblem(
            f"unknown predictor `{key}`: not a parameter of the model, nor PLAYER.OUTCOME; "
            + named,
            _hint(key, parameters),
        )
    if player not in players:
        return PredictorProblem(
            f"unknown player `{player}` in predictor `{key}`; the players are {quoted(players)}",
            _hint(player, players),
            about_players=True,
        )
    if outcome not in outcomes:
        return PredictorProblem(
            f"unknown outcome `{outcome}` in predictor `{key}`; the outcomes are {quoted(outcomes)}"
            if outcomes
            else f"unknown outcome `{outcome}` in predictor `{key}`: the model has no outcomes",
            _hint(outcome, outcomes),
        )
    return None


def formula_problem(text: str, parameters: Sequence[str]) -> PredictorProblem | None:
    """Why ``text`` is not a formula of covariates and coefficients (the restricted
    language, naming no parameter of the model), or None.

    >>> formula_problem("b0 + b1*x", ["c"]) is None
    True
    >>> formula_problem("b0 + c", ["c"]).message.split(";")[0]
    '`c` is a parameter of the model'
    """
    names = formula_names(text)
    clash = [name for name in names if name in parameters]
    if clash:
        return PredictorProblem(
            f"`{clash[0]}` is a parameter of the model; a formula holds covariates and "
            "coefficients only (give the parameter a value, or a predictor of its own)"
        )
    try:
        parse_expression(text, {name: sympy.Symbol(name, real=True) for name in names})
    except ExpressionError as error:
        where = "" if error.position is None else f" (at character {error.position + 1})"
        return PredictorProblem(
            f"invalid formula `{_short(text)}`: {error.message}{where}", error.suggestion
        )
    except Exception as error:  # the contract: nothing but SpecError leaves the validator
        return PredictorProblem(f"invalid formula `{_short(text)}`: {type(error).__name__}")
    return None


def _check_key(
    c: Checker,
    key: str,
    path: Path,
    parameters: Sequence[str],
    players: Sequence[str],
    outcomes: Sequence[str],
) -> bool:
    """Whether ``key`` names a declared parameter or ``PLAYER.OUTCOME``; a problem if not."""
    problem = predictor_key_problem(key, parameters, players, outcomes)
    if problem is None:
        return True
    if problem.about_players:
        c.problems.add(path, problem.message, problem.suggestion, because=("players",))
    else:
        c.add(path, problem.message, problem.suggestion)
    return False


def _check_formula(c: Checker, text: str, path: Path, parameters: Sequence[str]) -> bool:
    """Whether ``text`` is a formula of the restricted language naming no parameter of the
    model; a problem if not."""
    problem = formula_problem(text, parameters)
    if problem is not None:
        c.add(path, problem.message, problem.suggestion)
    return problem is None
