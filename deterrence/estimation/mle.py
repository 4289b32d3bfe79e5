"""``fit``: maximum-likelihood estimation of a game tree's payoffs from the record of crises.

The strategic-choice estimator of Signorino (1999, "Strategic interaction and the
statistical analysis of international conflict", APSR 93(2):279-297; 2003, "Structure and
uncertainty in discrete choice models", Political Analysis 11(4):316-344), as R's `games`
package fits it for four fixed trees (Kenkel and Signorino 2014), here for any tree of
perfect information written as a spec. The steps:

1. the model (:class:`~deterrence.estimation.model.StrategicModel`): payoffs as formulas of
   covariates and coefficients, the agents' errors probit or logit at precision 1;
2. the data (:func:`~deterrence.estimation.data.observations`): each row an outcome or a
   path, checked against the tree;
3. identification (:func:`~deterrence.estimation.identification.check_identified`), before
   any fit;
4. the maximum (:func:`maximise`): BFGS on the exact gradient, then Newton steps on the
   Hessian of the exact gradient; the first- and second-order conditions are checked after
   the optimiser stops and recorded in the result;
5. the covariance (:func:`covariance`): inverse Hessian, sandwich, clustered or bootstrap.

Examples
--------
>>> import deterrence as dt
>>> game = dt.load("classic-deterrence")
>>> predictors = {"cCh": "b0 + b1*x"}
>>> data = dt.simulate(game, predictors, {"b0": 1.0, "b1": -1.0}, rows=2000, seed=1)
>>> result = dt.fit(game, data, predictors)
>>> result.converged, result.hessian_negative_definite
(True, True)
>>> [round(v, 1) for v in result.estimates]
[1.0, -1.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import optimize, stats

from deterrence.estimation.data import Observations, observations, read_table
from deterrence.estimation.identification import check_identified
from deterrence.estimation.model import FROM_SPEC, EstimationError, StrategicModel, settings
from deterrence.estimation.result import FitResult, VuongTest
from deterrence.game import Game

__all__ = [
    "COVARIANCE_TYPES",
    "covariance",
    "fit",
    "flat_directions",
    "hessian",
    "maximise",
    "vuong",
]

#: How standard errors may be computed.
COVARIANCE_TYPES = ("hessian", "robust", "cluster", "bootstrap")

#: The optimum is accepted where the largest component of the exact gradient of the
#: log-likelihood, per row, is below this.
GRADIENT_TOLERANCE = 1e-7
#: A Hessian whose eigenvalues' ratio passes this is flat in some direction.
CONDITION_LIMIT = 1e10


def _objective(
    model: StrategicModel, data: Observations, penalty: float
) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    rows = data.rows

    def negative(beta: np.ndarray) -> tuple[float, np.ndarray]:
        loglik, score = model.scores(beta, data.columns, data.events, data.codes)
        value = loglik.sum() - penalty / 2 * float(beta @ beta)
        gradient = score.sum(axis=0) - penalty * beta
        if not math.isfinite(value) or not np.all(np.isfinite(gradient)):
            # Far from the optimum an outcome can become impossible to machine precision;
            # the line search steps back from an infinite value.
            return math.inf, np.zeros_like(beta)
        return -value / rows, -gradient / rows

    return negative


def hessian(
    gradient: Callable[[np.ndarray], np.ndarray], beta: np.ndarray, *, step: float = 1e-5
) -> np.ndarray:
    """The Hessian by central differences of an exact gradient, symmetrised.

    >>> hessian(lambda b: np.array([2 * b[0] + b[1], b[0]]), np.array([1.0, 2.0]))
    array([[2., 1.],
           [1., 0.]])
    """
    k = beta.size
    out = np.empty((k, k))
    for j in range(k):
        h = step * max(1.0, abs(beta[j]))
        up, down = beta.copy(), beta.copy()
        up[j] += h
        down[j] -= h
        out[:, j] = (gradient(up) - gradient(down)) / (2 * h)
    return (out + out.T) / 2


def maximise(
    model: StrategicModel,
    data: Observations,
    *,
    start: np.ndarray | None = None,
    penalty: float = 0.0,
    max_iterations: int = 500,
) -> tuple[np.ndarray, int, bool]:
    """The coefficients maximising the (penalised) log-likelihood, the iterations used, and
    whether the first-order condition holds there.

    BFGS (scipy) on the exact gradient, then up to five Newton steps on the Hessian of the
    exact gradient, each kept only if it raises the likelihood.
    """
    objective = _objective(model, data, penalty)
    beta = np.zeros(len(model.coefficients)) if start is None else np.array(start, dtype=float)
    found = optimize.minimize(
        objective,
        beta,
        jac=True,
        method="BFGS",
        options={"maxiter": max_iterations, "gtol": GRADIENT_TOLERANCE / 10},
    )
    beta = np.asarray(found.x, dtype=float)
    iterations = int(found.nit)
    value, gradient = objective(beta)
    for _ in range(5):
        if np.max(np.abs(gradient)) < GRADIENT_TOLERANCE / 100:
            break
        curvature = hessian(lambda b: objective(b)[1], beta)
        try:
            newton = np.linalg.solve(curvature, gradient)
        except np.linalg.LinAlgError:
            break
        trial = beta - newton
        trial_value, trial_gradient = objective(trial)
        if not trial_value <= value:
            break
        beta, value, gradient = trial, trial_value, trial_gradient
        iterations += 1
    converged = bool(math.isfinite(value) and np.max(np.abs(gradient)) < GRADIENT_TOLERANCE)
    return beta, iterations, converged


def covariance(
    model: StrategicModel,
    data: Observations,
    beta: np.ndarray,
    *,
    kind: str = "hessian",
    penalty: float = 0.0,
    cluster: np.ndarray | None = None,
    bootstrap: int = 200,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The covariance of the estimates, and the Hessian of the log-likelihood at them.

    ``hessian``: the inverse of the negative Hessian. ``robust``: the sandwich
    ``H^-1 (S'S) H^-1`` with ``S`` the rows' scores (White 1982). ``cluster``: the same with
    the scores summed within clusters, times ``G / (G - 1)``. ``bootstrap``: the covariance
    of the estimates refitted on ``bootstrap`` samples of rows drawn with replacement
    (seeded), each started from ``beta``.
    """
    objective = _objective(model, data, penalty)
    rows = data.rows
    curvature = -hessian(lambda b: objective(b)[1], beta) * rows  # Hessian of the loglik
    try:
        inverse = np.linalg.inv(-curvature)
    except np.linalg.LinAlgError:
        inverse = np.full_like(curvature, np.nan)
    if kind == "hessian":
        return inverse, curvature
    if kind in ("robust", "cluster"):
        _, score = model.scores(beta, data.columns, data.events, data.codes)
        if kind == "cluster":
            if cluster is None:
                raise EstimationError("covariance='cluster' needs the cluster column (cluster=)")
            labels, groups = np.unique(cluster, return_inverse=True)
            summed = np.zeros((labels.size, score.shape[1]))
            np.add.at(summed, groups, score)
            g = labels.size
            if g < 2:
                raise EstimationError("clustered standard errors need at least two clusters")
            meat = summed.T @ summed * g / (g - 1)
        else:
            meat = score.T @ score
        return inverse @ meat @ inverse, curvature
    if kind == "bootstrap":
        if bootstrap < 2:
            raise EstimationError("the bootstrap needs at least 2 replications")
        rng = np.random.default_rng(seed)
        draws = []
        for b in range(bootstrap):
            sample = data.subset(rng.integers(0, rows, size=rows))
            estimate, _, converged = maximise(model, sample, start=beta, penalty=penalty)
            if converged:
                draws.append(estimate)
            if progress is not None:
                progress(b + 1, bootstrap)
        if len(draws) < 2:
            raise EstimationError("too few bootstrap fits converged to estimate a covariance")
        return np.cov(np.array(draws), rowvar=False).reshape(beta.size, beta.size), curvature
    raise EstimationError(
        f"unknown covariance `{kind}`; expected one of {', '.join(COVARIANCE_TYPES)}"
    )


def flat_directions(
    loglik: Callable[[np.ndarray], float], beta: np.ndarray, curvature: np.ndarray
) -> list[np.ndarray]:
    """Directions from ``beta`` in which the log-likelihood falls far less than its
    curvature says: the signature of separation (the maximum is at infinity) or of a flat
    likelihood.

    Along each eigenvector ``v`` of the negative Hessian (eigenvalue ``e``), ten standard
    errors away (``10 / sqrt(e)``) a quadratic maximum loses 50 log-likelihood units; a
    side on which less than one is lost is reported (signed, pointing where it stays
    flat). A direction of zero or negative curvature is reported as it is.

    >>> curvature = -np.diag([1.0, 4.0])
    >>> flat_directions(lambda b: -0.5 * b[0] ** 2 - 2 * b[1] ** 2, np.zeros(2), curvature)
    []
    >>> flat_directions(lambda b: -0.5 * b[0] ** 2 - 2 * min(b[1], 0) ** 2, np.zeros(2),
    ...                 curvature)
    [array([0., 1.])]
    """
    values, vectors = np.linalg.eigh(-curvature)
    base = loglik(beta)
    out = []
    for value, vector in zip(values, vectors.T, strict=True):
        if not value > 0:
            out.append(vector)
            continue
        step = 10 / math.sqrt(value)
        for sign in (1, -1):
            moved = loglik(beta + sign * step * vector)
            if math.isfinite(moved) and base - moved < 1:
                out.append(sign * vector)
                break
    return out


def _warnings(
    model: StrategicModel,
    loglik: Callable[[np.ndarray], float],
    beta: np.ndarray,
    curvature: np.ndarray,
    converged: bool,
    penalty: float,
) -> tuple[list[str], bool]:
    notes: list[str] = []
    values, vectors = np.linalg.eigh(-curvature)
    definite = bool(np.all(values > 0))
    if not converged:
        notes.append(
            "the optimiser stopped where the gradient does not vanish: the estimates are not "
            "a maximum"
        )
    flat = flat_directions(loglik, beta, curvature)
    if not definite or values.max() > CONDITION_LIMIT * max(values.min(), 1e-300) or flat:
        weakest = flat[0] if flat else vectors[:, 0]
        largest = np.max(np.abs(weakest))
        names = [
            n for n, v in zip(model.coefficients, weakest, strict=True) if abs(v) > 0.2 * largest
        ]
        hint = "" if penalty else "; a penalised fit (penalty=) keeps the estimates finite"
        notes.append(
            f"the likelihood is flat, or nearly, in {', '.join(names)}: perhaps separation (an "
            "outcome that a covariate predicts perfectly) or too little variation in the data"
            + hint
        )
    return notes, definite


def fit(
    game: Game | str,
    data: Any,
    predictors: Mapping[str, str] | None = None,
    *,
    outcome: str | None = FROM_SPEC,
    path: str | None = None,
    covariates: Sequence[str] | None = None,
    error: str | None = None,
    variant: str | None = None,
    values: Mapping[str, object] | None = None,
    covariance_type: str = "hessian",
    cluster: str | None = None,
    bootstrap: int = 200,
    seed: int = 0,
    penalty: float = 0.0,
    start: Mapping[str, float] | None = None,
    missing: str = "error",
    progress: Callable[[int, int], None] | None = None,
) -> FitResult:
    """Fit a tree's payoffs to observed outcomes by maximum likelihood.

    Parameters
    ----------
    game : Game or str
        A tree of perfect information, or a model id or spec path to load; a spec's
        ``[estimation]`` section gives the defaults of ``predictors``, ``error``,
        ``variant``, ``outcome``, ``path`` and ``covariates``.
    data : pandas DataFrame, mapping of columns, or path of a CSV or Parquet file
        One row per crisis.
    predictors : mapping of str to str, optional
        Each key a parameter of the model (replaced wherever it appears) or
        ``PLAYER.OUTCOME`` (that payoff alone), each value a formula of covariates and
        coefficients, as ``{"cCh": "b0 + b1*balance"}``. Payoffs no predictor touches keep
        the model's values: they are the normalisations.
    outcome, path : str or None
        The columns of observed outcomes (default ``outcome``) and of observed paths (see
        :func:`~deterrence.estimation.data.observations`); a row may give either.
    covariates : sequence of str, optional
        The data's columns that are covariates (default: every column but ``outcome``,
        ``path`` and ``cluster``); the formulas' other names are coefficients.
    error : {"probit", "logit"}, optional
        The agents' errors; probit (the default) is Signorino's strategic probit.
    variant : {"agent", "private"}, optional
        Agent errors (the default) (each decision's own) or private information on the payoffs
        (Signorino 2003).
    values : mapping, optional
        Values of the model's parameters that no predictor replaces.
    covariance_type : {"hessian", "robust", "cluster", "bootstrap"}
    cluster : str, optional
        The column of clusters, for ``covariance_type="cluster"``.
    bootstrap, seed : int
        Replications and seed of the bootstrap.
    penalty : float
        A ridge penalty ``penalty / 2 * sum(beta^2)`` on the log-likelihood (a normal prior
        with variance ``1 / penalty``), for data with separation.
    start : mapping, optional
        Starting values by coefficient (default 0).
    missing : {"error", "drop"}
        A row with a missing covariate is an error, or left out.
    progress : callable, optional
        ``progress(done, total)`` during the bootstrap.

    Returns
    -------
    FitResult

    Raises
    ------
    EstimationError
        For an unidentified model (naming the coefficients), or a model outside what the
        likelihood covers.
    DataError
        For data that do not fit the model (file, line, column).
    NotImplementedError
        For trees with information sets.
    """
    if covariance_type not in COVARIANCE_TYPES:
        raise EstimationError(
            f"unknown covariance `{covariance_type}`; expected one of {', '.join(COVARIANCE_TYPES)}"
        )
    if not (penalty >= 0 and math.isfinite(penalty)):
        raise EstimationError(f"the penalty must be a number of at least 0, not {penalty}")
    chosen = settings(
        game,
        predictors,
        error=error,
        variant=variant,
        outcome=outcome,
        path=path,
        covariates=covariates,
    )
    tree = chosen.game
    table = read_table(data)
    if chosen.covariates is not None:
        named = list(chosen.covariates)
    else:
        reserved = {chosen.outcome, chosen.path, cluster}
        named = [c for c in table.columns if c not in reserved]
    model = StrategicModel(
        tree,
        chosen.predictors,
        covariates=named,
        error=chosen.error,
        variant=chosen.variant,
        values=values,
    )
    observed = observations(model, table, outcome=chosen.outcome, path=chosen.path, missing=missing)
    groups = None
    if covariance_type == "cluster":
        if cluster is None or cluster not in table.columns:
            raise EstimationError(
                "covariance_type='cluster' needs cluster=COLUMN naming a column of the data"
            )
        groups = np.array([str(v) for v in table.columns[cluster]], dtype=object)
        if observed.index is not None:
            groups = groups[observed.index]
    check_identified(model, observed, seed=seed)
    initial = None
    if start is not None:
        unknown = [k for k in start if k not in model.coefficients]
        if unknown:
            raise EstimationError(
                f"start values for unknown coefficients: {', '.join(unknown)}; the "
                f"coefficients are {', '.join(model.coefficients)}"
            )
        initial = np.array([float(start.get(c, 0.0)) for c in model.coefficients])
    beta, iterations, converged = maximise(model, observed, start=initial, penalty=penalty)
    cov, curvature = covariance(
        model,
        observed,
        beta,
        kind=covariance_type,
        penalty=penalty,
        cluster=groups,
        bootstrap=bootstrap,
        seed=seed,
        progress=progress,
    )
    loglik, score = model.scores(beta, observed.columns, observed.events, observed.codes)
    objective = _objective(model, observed, penalty)

    def total(b: np.ndarray) -> float:
        return -objective(b)[0] * observed.rows

    notes, definite = _warnings(model, total, beta, curvature, converged, penalty)
    counts = np.bincount(observed.codes, minlength=len(observed.events))
    gradient = score.sum(axis=0) - penalty * beta
    return FitResult(
        model=tree.info.id or "<model>",
        error=chosen.error,
        variant=chosen.variant,
        predictors=tuple((p.key, p.text) for p in model.predictors),
        coefficients=model.coefficients,
        estimates=tuple(float(b) for b in beta),
        covariance=tuple(tuple(float(v) for v in row) for row in cov),
        covariance_type=covariance_type,
        loglik=float(loglik.sum()),
        rows=observed.rows,
        outcome_counts=tuple(
            (label, int(c)) for label, c in zip(observed.labels, counts, strict=True)
        ),
        converged=converged,
        gradient_norm=float(np.max(np.abs(gradient))),
        hessian_negative_definite=definite,
        iterations=iterations,
        warnings=tuple(notes),
        penalty=float(penalty),
        method="maximum likelihood" + (" (ridge-penalised)" if penalty else ""),
        source=observed.source,
        dropped=observed.dropped,
        covariate_ranges=tuple(
            (name, float(v.min()), float(v.mean()), float(v.max()))
            for name, v in observed.columns.items()
        ),
        pointwise=loglik,
        statistical_model=model,
    )


def vuong(first: FitResult, second: FitResult, *, correction: str = "schwarz") -> VuongTest:
    """Vuong's (1989, "Likelihood ratio tests for model selection and non-nested
    hypotheses", Econometrica 57(2):307-333) test between two fits to the same rows.

    Parameters
    ----------
    first, second : FitResult
    correction : {"schwarz", "akaike", "none"}
        The penalty on the number of coefficients (Vuong's equation 5.6).
    """
    if first.pointwise is None or second.pointwise is None:
        raise EstimationError("the Vuong test needs two results of fit()")
    if first.rows != second.rows:
        raise EstimationError(
            f"the Vuong test needs both fits on the same rows ({first.rows} against {second.rows})"
        )
    m = first.pointwise - second.pointwise
    n = first.rows
    k = first.parameters_count - second.parameters_count
    if correction == "schwarz":
        adjust = k * math.log(n) / 2
    elif correction == "akaike":
        adjust = float(k)
    elif correction == "none":
        adjust = 0.0
    else:
        raise EstimationError(
            f"unknown correction `{correction}`; expected schwarz, akaike or none"
        )
    spread = float(np.std(m, ddof=1))
    statistic = 0.0 if spread == 0 else (float(m.sum()) - adjust) / (math.sqrt(n) * spread)
    p_value = float(2 * stats.norm.sf(abs(statistic)))
    favoured = None
    if p_value < 0.05:
        favoured = "first" if statistic > 0 else "second"
    return VuongTest(statistic, p_value, favoured, correction)
