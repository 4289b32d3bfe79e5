"""Is a strategic-choice model identified by its data? Checked before any fit.

A coefficient vector is locally identified where the information matrix, the sum of the
outer products of the rows' scores, has full rank (Rothenberg 1971, "Identification in
parametric models", Econometrica 39(3):577-591). It is computed at random coefficients
(two draws, so that a coincidence cannot hide a rank), on the data's own covariates; a
direction in which it vanishes is a combination of coefficients the likelihood cannot tell
apart, and the message names them and, where it can, why: a covariate or constant that moves
every payoff of one player alike (only differences between a player's payoffs matter, so one
of them must be fixed), a payoff that no choice depends on, or covariates collinear in the
data.
"""

from __future__ import annotations

import numpy as np

from deterrence.estimation.data import Observations
from deterrence.estimation.model import EstimationError, StrategicModel

__all__ = ["check_identified", "null_directions"]

#: Rows used for the check: enough for the rank, cheap on large data sets.
SAMPLE_ROWS = 5_000
#: An eigenvalue of the scaled information matrix below this (relative to the largest)
#: counts as zero.
RELATIVE_TOLERANCE = 1e-9


def null_directions(
    model: StrategicModel, data: Observations, *, seed: int = 0
) -> list[np.ndarray]:
    """Unit vectors of coefficients along which the log-likelihood of ``data`` does not
    change, to first order, at two random points.

    >>> import deterrence as dt
    >>> from deterrence.estimation.data import observations
    >>> m = StrategicModel(dt.load("classic-deterrence"), {"cCh": "b0 + b1*x"}, covariates=["x"])
    >>> d = observations(m, {"outcome": ["SQ", "F", "B", "W"], "x": [1, 1, 1, 1]})
    >>> [np.round(np.abs(v), 3).tolist() for v in null_directions(m, d)]
    [[0.707, 0.707]]
    """
    rng = np.random.default_rng(seed)
    rows = data.rows
    index = np.sort(rng.choice(rows, SAMPLE_ROWS, replace=False)) if rows > SAMPLE_ROWS else None
    sample = data if index is None else data.subset(index)
    k = len(model.coefficients)
    information = np.zeros((k, k))
    scale: np.ndarray | None = None
    zero = np.zeros(k, dtype=bool)
    for _ in range(2):
        beta = rng.normal(0, 0.5, size=k)
        _, score = model.scores(beta, sample.columns, sample.events, sample.codes)
        if not np.all(np.isfinite(score)):
            continue
        norms = np.sqrt(np.sum(score**2, axis=0))
        if scale is None:
            # A coefficient whose score is rounding next to how much it moves the payoffs
            # does not enter the likelihood; measured so, a covariate's units do not matter.
            _, du = model.payoffs(beta, sample.columns, sample.rows)
            moves = np.sqrt(np.sum(du**2, axis=(0, 2)))
            zero = norms <= 1e-9 * moves
            # One scaling for both draws: a direction is null for the sum only if it is null
            # for each, which holds only with the same coordinates.
            scale = np.where(zero | (norms == 0), 1.0, norms)
        scaled = np.where(zero, 0.0, score / scale)
        information += scaled.T @ scaled
    if scale is None:
        return []
    values, vectors = np.linalg.eigh(information)
    top = max(values.max(), 1e-300)
    out = []
    for value, vector in zip(values, vectors.T, strict=True):
        if value <= RELATIVE_TOLERANCE * top:
            original = vector / scale
            out.append(original / np.linalg.norm(original))
    return out


def _reason(model: StrategicModel, data: Observations, direction: np.ndarray) -> str:
    """Why the likelihood is flat along ``direction``, in words, where it can tell."""
    rows = min(data.rows, 200)
    columns = {c: v[:rows] for c, v in data.columns.items()}
    beta = np.zeros(len(model.coefficients))
    _, du = model.payoffs(beta, columns, rows)
    change = np.einsum("mkr,k->mr", du, direction)  # how each payoff moves along it
    keys = list(model.payoff_keys)
    moved = [i for i in range(len(keys)) if np.max(np.abs(change[i])) > 1e-9]
    if not moved:
        return (
            "no payoff moves along it: the covariates of these coefficients are collinear "
            "in the data (or a coefficient appears nowhere it matters)"
        )
    players = {keys[i][1] for i in moved}
    if len(players) == 1 and np.allclose(change[moved], change[moved[0]], atol=1e-9):
        player = model.game.players[players.pop()]
        shown = ", ".join(
            dict.fromkeys(model.payoff_label(keys[i]).partition(".")[2] for i in moved)
        )
        return (
            f"it adds the same amount to {player}'s payoffs at {shown}, and only differences "
            "between the payoffs a player chooses among matter: fix one of them (normalise "
            "it to 0) or drop a coefficient"
        )
    labels = list(dict.fromkeys(model.payoff_label(keys[i]) for i in moved))
    return (
        "the payoffs it moves ("
        + ", ".join(labels[:6])
        + ("..." if len(labels) > 6 else "")
        + ") do not change any choice probability in that combination"
    )


def check_identified(model: StrategicModel, data: Observations, *, seed: int = 0) -> None:
    """Raise :class:`EstimationError` naming the coefficients involved where the model is
    not identified by the data; return quietly where it is.

    >>> import deterrence as dt
    >>> from deterrence.estimation.data import observations
    >>> m = StrategicModel(dt.load("classic-deterrence"), {"cCh": "b0 + b1*x"}, covariates=["x"])
    >>> d = observations(m, {"outcome": ["SQ", "F", "B", "W"], "x": [1, 1, 1, 1]})
    >>> check_identified(m, d)
    Traceback (most recent call last):
    ...
    deterrence.estimation.model.EstimationError: the model is not identified: the likelihood \
does not change when b0, b1 move together (0.707*b0 - 0.707*b1, or its opposite); no payoff \
moves along it: the covariates of these coefficients are collinear in the data (or a \
coefficient appears nowhere it matters)
    """
    directions = null_directions(model, data, seed=seed)
    if not directions:
        return
    messages = []
    for direction in directions:
        sign = 1 if direction[np.argmax(np.abs(direction))] > 0 else -1
        direction = sign * direction
        largest = np.max(np.abs(direction))
        involved = [
            (name, value)
            for name, value in zip(model.coefficients, direction, strict=True)
            if abs(value) > 0.05 * largest
        ]
        if len(involved) == 1:
            head = f"the likelihood does not depend on {involved[0][0]}"
        else:
            combination = " + ".join(f"{v:.3g}*{n}" for n, v in involved).replace("+ -", "- ")
            head = (
                f"the likelihood does not change when {', '.join(n for n, _ in involved)} move "
                f"together ({combination}, or its opposite)"
            )
        messages.append(f"{head}; {_reason(model, data, direction)}")
    raise EstimationError("the model is not identified: " + "; and ".join(messages))
