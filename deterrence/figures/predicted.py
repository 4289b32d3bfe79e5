"""Predicted outcome probabilities of a fitted strategic-choice model as one covariate moves,
the others held at their means, with confidence bands: the figure that reports a fit in a
paper (King, Tomz and Wittenberg 2000, "Making the most of statistical analyses", AJPS
44(2):347-361).

>>> import deterrence as dt
>>> game = dt.load("classic-deterrence")
>>> data = dt.simulate(game, {"cCh": "b0 + b1*x"}, {"b0": 1, "b1": -1}, rows=800, seed=2)
>>> ax = plot_predicted(dt.fit(game, data, {"cCh": "b0 + b1*x"}), "x")
>>> [line.get_label() for line in ax.get_lines()]
['Status quo', 'Defender concedes', 'Challenger backs down', 'War']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from deterrence.estimation.result import FitResult
from deterrence.figures.axes import check_style, matplotlib_axes
from deterrence.figures.look import display_label
from deterrence.game.notation import notation_of

__all__ = ["plot_predicted"]


def plot_predicted(
    result: FitResult,
    covariate: str,
    values: Sequence[float] | None = None,
    *,
    at: dict[str, float] | None = None,
    outcomes: Sequence[str] | None = None,
    level: float = 0.95,
    ax: Any = None,
    style: str = "color",
) -> Any:
    """Draw each outcome's predicted probability against ``covariate``.

    Parameters
    ----------
    result : FitResult
    covariate : str
        The covariate on the horizontal axis.
    values : sequence of float, optional
        Its values (default: 101 points over its range in the data).
    at : mapping, optional
        Values of the other covariates (default: their means in the data).
    outcomes : sequence of str, optional
        The outcomes drawn (default: all).
    level : float
        Of the bands (delta method on the log-odds).
    ax : matplotlib Axes, optional
    style : {"color", "print"}
        ``print``: grey lines told apart by their dashes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_style(style)
    model = result.statistical_model
    if model is None or covariate not in model.covariates:
        known = ", ".join(model.covariates) if model is not None else "none"
        raise KeyError(f"`{covariate}` is not a covariate of the fit; the covariates are {known}")
    ranges = {name: (low, high) for name, low, _, high in result.covariate_ranges}
    if values is None:
        low, high = ranges[covariate]
        grid = np.linspace(low, high, 101)
    else:
        grid = np.asarray(values, dtype=float)
    predicted = result.predict({**(at or {}), covariate: grid}, level=level)
    chosen = list(outcomes) if outcomes is not None else list(predicted)
    unknown = [o for o in chosen if o not in predicted]
    if unknown:
        raise KeyError(
            f"unknown outcomes: {', '.join(unknown)}; the outcomes are {', '.join(predicted)}"
        )
    ax = matplotlib_axes(ax)
    notation = notation_of(model.game)
    dashes = ["-", "--", ":", "-."]
    for index, outcome in enumerate(chosen):
        p = predicted[outcome]
        label = display_label(outcome, notation)
        if style == "print":
            shade = str(0.15 + 0.5 * index / max(1, len(chosen) - 1))
            (line,) = ax.plot(grid, p.probability, dashes[index % 4], color=shade, label=label)
        else:
            (line,) = ax.plot(grid, p.probability, label=label)
        ax.fill_between(grid, p.lower, p.upper, color=line.get_color(), alpha=0.2, linewidth=0)
    ax.set_xlabel(covariate)
    ax.set_ylabel("predicted probability")
    ax.set_ylim(0, 1)
    ax.set_title(f"{result.model}: {round(level * 100)}% intervals", fontsize="medium")
    ax.legend(frameon=False, fontsize="small")
    return ax
