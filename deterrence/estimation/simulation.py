"""``simulate``: draw a record of crises from a strategic-choice model with known
coefficients, so that a fit can be checked against its truth.

>>> import deterrence as dt
>>> data = simulate(dt.load("classic-deterrence"), {"cCh": "b0 + b1*x"},
...                 {"b0": 1, "b1": -1}, rows=5, seed=3)
>>> list(data.columns), len(data)
(['x', 'outcome'], 5)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from deterrence.estimation.model import (
    FROM_SPEC,
    EstimationError,
    StrategicModel,
    predictor_names,
    settings,
)
from deterrence.game import Game
from deterrence.optional import require

__all__ = ["DISTRIBUTIONS", "simulate"]

#: How a covariate may be drawn when no values are given for it.
DISTRIBUTIONS = ("normal", "uniform", "binary")


def _draw(name: str, how: Any, rows: int, rng: np.random.Generator) -> np.ndarray:
    if isinstance(how, str):
        if how == "normal":
            return rng.standard_normal(rows)
        if how == "uniform":
            return rng.uniform(0, 1, rows)
        if how == "binary":
            return rng.integers(0, 2, rows).astype(float)
        raise EstimationError(
            f"covariate `{name}`: unknown distribution `{how}`; expected "
            f"{', '.join(DISTRIBUTIONS)} or an array of values"
        )
    values = np.asarray(how, dtype=float)
    if values.ndim == 0:
        return np.full(rows, float(values))
    if values.shape != (rows,):
        raise EstimationError(f"covariate `{name}`: {values.size} values given for {rows} rows")
    return values


def simulate(
    game: Game | str,
    predictors: Mapping[str, str] | None,
    truth: Mapping[str, float],
    *,
    rows: int = 1000,
    covariates: Mapping[str, Any] | Sequence[str] | None = None,
    seed: int = 0,
    error: str | None = None,
    variant: str | None = None,
    values: Mapping[str, object] | None = None,
    outcome: str | None = FROM_SPEC,
    path: str | None = None,
) -> Any:
    """Draw ``rows`` crises from the model: covariates, then each row's outcome from the
    agent QRE's outcome probabilities at the true coefficients.

    Parameters
    ----------
    game : Game or str
        A tree of perfect information, or a model id or spec path (whose ``[estimation]``
        gives the defaults, as for :func:`~deterrence.estimation.mle.fit`).
    predictors : mapping or None
        As for :func:`~deterrence.estimation.mle.fit`; None: the spec's.
    truth : mapping of str to float
        The true value of every coefficient.
    rows : int
    covariates : mapping or sequence, optional
        For each covariate, its values (an array of ``rows`` numbers, or one number) or a
        distribution (``normal``: standard normal, ``uniform`` on [0, 1], ``binary``: 0 or 1
        with equal chances); a sequence of names draws each from the standard normal.
        Given, these are the covariates and every other name in the formulas is a
        coefficient that needs a true value; by default every name not in ``truth`` is a
        covariate drawn from the standard normal.
    seed : int
    error, variant, values
        As for :func:`~deterrence.estimation.mle.fit`.
    outcome : str
        The name of the outcome column (default: the spec's, else ``outcome``).
    path : str, optional
        Also write each row's path (actions separated by ``;``) in this column (default:
        the spec's path column, if it names one).

    Returns
    -------
    pandas.DataFrame
        The covariates and the outcome (and path), one row per crisis (needs pandas: the
        ``tables`` extra).
    """
    pandas = require("pandas", "tables", "simulating data")
    chosen = settings(game, predictors, error=error, variant=variant, outcome=outcome, path=path)
    predictors = chosen.predictors
    if rows < 1:
        raise EstimationError(f"give at least one row to simulate, not {rows}")
    if covariates is None:
        named: dict[str, Any] = {c: "normal" for c in predictor_names(predictors) if c not in truth}
    elif isinstance(covariates, Mapping):
        named = dict(covariates)
    else:
        named = {c: "normal" for c in covariates}
    both = [c for c in named if c in truth]
    if both:
        raise EstimationError(
            f"`{both[0]}` is given a true value and a distribution: a name is a coefficient "
            "or a covariate, not both"
        )
    model = StrategicModel(
        chosen.game,
        predictors,
        covariates=list(named),
        error=chosen.error,
        variant=chosen.variant,
        values=values,
    )
    missing = [c for c in model.coefficients if c not in truth]
    if missing:
        raise EstimationError(
            f"give the true value of every coefficient; missing: {', '.join(missing)}"
        )
    rng = np.random.default_rng(seed)
    columns = {name: _draw(name, how, rows, rng) for name, how in named.items()}
    beta = np.array([float(truth[c]) for c in model.coefficients])
    terminals = list(model.game.terminals)
    logs = model.terminal_log_probabilities(beta, columns, rows)
    probabilities = np.exp(logs)
    cumulative = np.cumsum(probabilities, axis=0)
    cumulative /= cumulative[-1]
    draws = rng.uniform(0, 1, rows)
    ends = np.minimum((draws[None, :] > cumulative).sum(axis=0), len(terminals) - 1)
    frame = pandas.DataFrame({name: columns[name] for name in named})
    nodes = model.game.nodes
    frame[chosen.outcome or "outcome"] = [
        nodes[terminals[i]].outcome or nodes[terminals[i]].label for i in ends
    ]
    if chosen.path is not None:
        frame[chosen.path] = ["; ".join(model.path_to(terminals[i])) for i in ends]
    return frame
