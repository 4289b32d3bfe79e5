"""Estimation: fitting the payoffs of a game tree to the record of crises.

The strategic-choice models of Signorino (1999; 2003): every decision a quantal response
with probit or logit errors, payoffs as formulas of covariates and coefficients, fitted by
maximum likelihood with exact gradients. :func:`fit` fits, :func:`simulate` draws data from
a model with known coefficients, :func:`vuong` compares two non-nested fits. See
``docs/explanation/estimation.md``.
"""

from deterrence.estimation.mle import fit, vuong
from deterrence.estimation.result import FitResult, Prediction, VuongTest
from deterrence.estimation.simulation import simulate

__all__ = ["FitResult", "Prediction", "VuongTest", "fit", "simulate", "vuong"]
