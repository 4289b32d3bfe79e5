"""The result of a fit: frozen, recording the model, the method and what was checked.

Formatting (the summary table, LaTeX, Markdown, CSV) lives in :mod:`deterrence.report.fit`;
the methods here hand over to it, so that estimation does not import the report layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from deterrence.concepts import resolve

__all__ = ["FitResult", "Prediction", "VuongTest"]


@dataclass(frozen=True)
class Prediction:
    """Predicted probability of one outcome with its confidence interval (delta method on
    the log-odds, so the interval stays inside [0, 1])."""

    outcome: str
    probability: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    level: float


@dataclass(frozen=True)
class FitResult:
    """A maximum-likelihood fit of a strategic-choice model.

    Parameters
    ----------
    model : str
        The model's id.
    error, variant : str
        The agents' errors (``probit``, ``logit``) and where they sit (``agent``,
        ``private``).
    predictors : tuple of (str, str)
        Each payoff or parameter and its formula.
    coefficients : tuple of str
    estimates : tuple of float
    covariance : tuple of tuple of float
    covariance_type : str
        ``hessian`` (inverse of the negative Hessian), ``robust`` (sandwich), ``cluster``
        or ``bootstrap``.
    loglik : float
        The log-likelihood at the estimates (without the penalty).
    rows : int
    outcome_counts : tuple of (str, int)
        How often each observed event occurs in the data.
    converged : bool
        Whether the optimiser stopped at a point where the gradient vanishes.
    gradient_norm : float
        The largest absolute component of the exact gradient of the log-likelihood at the
        estimates: the first-order condition, checked after the optimiser stops.
    hessian_negative_definite : bool
        The second-order condition at the estimates.
    iterations : int
    warnings : tuple of str
        Flat likelihoods, suspected separation, non-convergence, each naming coefficients.
    penalty : float
        The ridge penalty (0: plain maximum likelihood).
    method : str
    source : str
        Where the data came from.
    dropped : int
        Rows left out for missing covariates.
    covariate_ranges : tuple of (str, float, float, float)
        Each covariate's least, mean and greatest value in the data (the defaults of
        predictions and plots).
    """

    model: str
    error: str
    variant: str
    predictors: tuple[tuple[str, str], ...]
    coefficients: tuple[str, ...]
    estimates: tuple[float, ...]
    covariance: tuple[tuple[float, ...], ...]
    covariance_type: str
    loglik: float
    rows: int
    outcome_counts: tuple[tuple[str, int], ...]
    converged: bool
    gradient_norm: float
    hessian_negative_definite: bool
    iterations: int = 0
    warnings: tuple[str, ...] = ()
    penalty: float = 0.0
    method: str = "maximum likelihood"
    source: str = "<data>"
    dropped: int = 0
    covariate_ranges: tuple[tuple[str, float, float, float], ...] = ()
    pointwise: np.ndarray | None = field(default=None, compare=False, repr=False)
    statistical_model: Any = field(default=None, compare=False, repr=False)

    @property
    def params(self) -> dict[str, float]:
        """The estimates by name."""
        return dict(zip(self.coefficients, self.estimates, strict=True))

    @property
    def standard_errors(self) -> dict[str, float]:
        """The standard errors by name (NaN where the covariance is not positive)."""
        return {
            name: math.sqrt(v) if v >= 0 else math.nan
            for name, v in zip(self.coefficients, np.diag(np.array(self.covariance)), strict=True)
        }

    @property
    def z_values(self) -> dict[str, float]:
        """Estimate over standard error."""
        se = self.standard_errors
        return {k: v / se[k] if se[k] > 0 else math.nan for k, v in self.params.items()}

    @property
    def p_values(self) -> dict[str, float]:
        """Two-sided p-values of the z statistics."""
        return {k: float(2 * stats.norm.sf(abs(z))) for k, z in self.z_values.items()}

    def conf_int(self, level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Wald confidence intervals at ``level``."""
        q = float(stats.norm.ppf(0.5 + level / 2))
        se = self.standard_errors
        return {k: (v - q * se[k], v + q * se[k]) for k, v in self.params.items()}

    @property
    def parameters_count(self) -> int:
        """The number of estimated coefficients."""
        return len(self.coefficients)

    @property
    def aic(self) -> float:
        """Akaike's information criterion, ``2k - 2 log L``."""
        return 2 * self.parameters_count - 2 * self.loglik

    @property
    def bic(self) -> float:
        """Schwarz's Bayesian information criterion, ``k log n - 2 log L``."""
        return self.parameters_count * math.log(self.rows) - 2 * self.loglik

    def predict(self, covariates: dict[str, Any], *, level: float = 0.95) -> dict[str, Prediction]:
        """Predicted outcome probabilities at covariate values, with intervals.

        Parameters
        ----------
        covariates : mapping of covariate -> number or array, optional
            Arrays of one length give one prediction each; a covariate not given is held at
            its mean in the data.
        level : float
            Of the confidence intervals (delta method on the log-odds).
        """
        model = self.statistical_model
        if model is None:
            raise ValueError("this result was not made by fit(); it cannot predict")
        means = {name: mean for name, _, mean, _ in self.covariate_ranges}
        covariates = {**means, **(covariates or {})}
        missing = [c for c in model.covariates if c not in covariates]
        if missing:
            raise KeyError(f"give a value for every covariate; missing: {', '.join(missing)}")
        unknown = [c for c in covariates if c not in model.covariates]
        if unknown:
            raise KeyError(
                f"not covariates of the model: {', '.join(unknown)}; the covariates are "
                f"{', '.join(model.covariates) or 'none'}"
            )
        arrays = {
            c: np.atleast_1d(np.asarray(covariates[c], dtype=float)) for c in model.covariates
        }
        rows = max((a.size for a in arrays.values()), default=1)
        arrays = {c: np.broadcast_to(a, (rows,)) for c, a in arrays.items()}
        beta = np.array(self.estimates)
        cov = np.array(self.covariance)
        q = float(stats.norm.ppf(0.5 + level / 2))
        out: dict[str, Prediction] = {}
        for outcome, (p, grad) in model.outcome_gradients(beta, arrays, rows).items():
            clipped = np.clip(p, 1e-300, 1 - 1e-16)
            # d log(p / (1 - p)) = dp / (p (1 - p))
            g = grad / (clipped * (1 - clipped))[:, None]
            se = np.sqrt(np.maximum(np.einsum("rk,kl,rl->r", g, cov, g), 0))
            logit = np.log(clipped) - np.log1p(-clipped)
            lower = 1 / (1 + np.exp(-(logit - q * se)))
            upper = 1 / (1 + np.exp(-(logit + q * se)))
            out[outcome] = Prediction(outcome, p, lower, upper, level)
        return out

    def summary(self) -> str:
        """A plain-text table in the manner of statsmodels: the model, the fit, and each
        coefficient with its standard error, z, p-value and 95% interval."""
        return str(resolve("deterrence.report.fit:fit_summary")(self))

    def to_latex(self, *, caption: str | None = None, label: str | None = None) -> str:
        """A regression table for a paper (booktabs)."""
        return str(resolve("deterrence.report.fit:fit_latex")(self, caption=caption, label=label))

    def to_markdown(self) -> str:
        """The coefficient table in Markdown."""
        return str(resolve("deterrence.report.fit:fit_markdown")(self))

    def to_csv(self) -> str:
        """The coefficient table as CSV."""
        return str(resolve("deterrence.report.fit:fit_csv")(self))

    def to_dict(self) -> dict[str, Any]:
        """Everything recorded, as plain JSON values."""
        se = self.standard_errors
        return {
            "model": self.model,
            "method": self.method,
            "error": self.error,
            "variant": self.variant,
            "predictors": dict(self.predictors),
            "coefficients": [
                {
                    "name": name,
                    "estimate": value,
                    "std_error": _json_number(se[name]),
                    "z": _json_number(self.z_values[name]),
                    "p_value": _json_number(self.p_values[name]),
                }
                for name, value in self.params.items()
            ],
            "covariance": [list(row) for row in self.covariance],
            "covariance_type": self.covariance_type,
            "loglik": self.loglik,
            "aic": self.aic,
            "bic": self.bic,
            "rows": self.rows,
            "dropped": self.dropped,
            "outcome_counts": dict(self.outcome_counts),
            "converged": self.converged,
            "gradient_norm": self.gradient_norm,
            "hessian_negative_definite": self.hessian_negative_definite,
            "iterations": self.iterations,
            "penalty": self.penalty,
            "warnings": list(self.warnings),
            "source": self.source,
        }

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _json_number(value: float) -> float | None:
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class VuongTest:
    """Vuong's (1989) test between two non-nested models fitted to the same rows.

    Parameters
    ----------
    statistic : float
        ``sqrt(n) mean(m) / sd(m)`` with ``m`` the pointwise log-likelihood ratio, corrected
        for the number of coefficients (``correction``).
    p_value : float
        Two-sided, against the null that both models are equally close to the truth.
    favoured : str or None
        ``first`` or ``second``: the model the test favours at 5%, else None.
    correction : str
        ``schwarz`` (BIC), ``akaike`` (AIC) or ``none``.
    """

    statistic: float
    p_value: float
    favoured: str | None
    correction: str
