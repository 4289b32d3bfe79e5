"""Data sets bundled with deterrence, for the tutorials: simulated records of crises.

Each data set is a CSV file in this package, made by ``tools/make_datasets.py`` (which
regenerates it byte for byte) from a bundled model with known coefficients, so that a fit
can be checked against the truth.

``extended-deterrence-crises``
    2,000 crises drawn with :func:`deterrence.simulate` (strategic probit, agent errors at
    precision 1, seed 2026) from the bundled ``extended-deterrence`` model with the
    predictors ``cA = a0 - a1*balance``, ``cP = c0 + c1*balance`` and
    ``a = d0 + d1*democracy + d2*alliance`` at the true coefficients a0 = 0.4, a1 = 0.6,
    c0 = 0.3, c1 = 0.4, d0 = 0.1, d1 = 0.8, d2 = 0.6. Columns: ``balance`` (the attacker's
    advantage in capabilities, standard normal, rounded to 3 decimals), ``alliance`` (1 if
    the defender and the protégé are formal allies), ``democracy`` (1 if the defender is a
    democracy) and ``outcome`` (``status_quo``, ``conquest``, ``war`` or ``abandoned``). The
    normalisations are the model's other payoffs at its default values: every status quo
    payoff 0, v = 1, w = 0.8, wD = 0.3, cD = 0.35, e = 0.05, and the pledge binds with
    probability p = 0.5.

>>> names()
('extended-deterrence-crises',)
>>> path("extended-deterrence-crises").name
'extended-deterrence-crises.csv'
>>> path("extended-deterence-crises")
Traceback (most recent call last):
...
deterrence.datasets.UnknownDatasetError: no bundled data set `extended-deterence-crises` \
(did you mean `extended-deterrence-crises`?); the data sets are extended-deterrence-crises
"""

from __future__ import annotations

from pathlib import Path

from deterrence.errors import DeterrenceError, did_you_mean

__all__ = ["UnknownDatasetError", "names", "path"]

#: The suffix of every bundled data set's file.
SUFFIX = ".csv"


class UnknownDatasetError(DeterrenceError, LookupError):
    """A name that is not one of the bundled data sets."""


def _folder() -> Path:
    # importlib.resources is imported here, not at the top: it pulls in tempfile and zipfile,
    # which `import deterrence` does not need.
    from importlib import resources

    return Path(str(resources.files("deterrence.datasets")))


def names() -> tuple[str, ...]:
    """The names of the bundled data sets, sorted (the file names without ``.csv``)."""
    return tuple(sorted(p.name[: -len(SUFFIX)] for p in _folder().glob("*" + SUFFIX)))


def path(name: str) -> Path:
    """The file of a bundled data set, by name (with or without ``.csv``).

    Raises
    ------
    UnknownDatasetError
        For a name that is not a bundled data set, with the closest one if any is close.
    """
    known = names()
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    if stem not in known:
        hint = did_you_mean(stem, known)
        raise UnknownDatasetError(
            f"no bundled data set `{name}`" + (f" ({hint})" if hint else "") + "; the data sets "
            f"are {', '.join(known) or 'none'}"
        )
    return _folder() / (stem + SUFFIX)
