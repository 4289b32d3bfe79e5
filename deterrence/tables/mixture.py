"""``Mixture``: labels with their probabilities, one table cell.

A mixed strategy or a distribution over outcomes goes in one cell of a table. It is not a
``Mapping`` on purpose: pandas prints any sized iterable as a list of its keys, which would
hide the probabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import sympy

from deterrence.tables.number_text import is_numeric, text_number


class Mixture:
    """Labels with their probabilities, in order; labels of probability zero are left out.

    Probabilities are exact: ``Fraction`` at given parameter values, sympy expressions where
    they depend on a parameter that moves. A ``Mixture`` equals a ``dict`` with the same
    probabilities.

    Parameters
    ----------
    weights : mapping of str to Fraction or sympy expression

    Examples
    --------
    >>> from fractions import Fraction
    >>> mix = Mixture({"war": Fraction(1, 2), "abandoned": Fraction(1, 2), "conquest": 0})
    >>> str(mix)
    '1/2 war + 1/2 abandoned'
    >>> mix["war"], mix.labels
    (Fraction(1, 2), ('war', 'abandoned'))
    >>> mix == {"war": Fraction(1, 2), "abandoned": Fraction(1, 2)}
    True
    >>> str(Mixture({"attack": Fraction(1)}))
    'attack'
    """

    __slots__ = ("_weights",)

    def __init__(self, weights: Mapping[str, Any]):
        self._weights: dict[str, Any] = {
            label: value for label, value in weights.items() if not _is_zero(value)
        }

    def relabel(self, name: Callable[[str], str]) -> Mixture:
        """The same probabilities under new labels (display names for a rendered table);
        labels that become equal add up.

        >>> str(Mixture({"status_quo": Fraction(1)}).relabel(lambda s: s.replace("_", " ")))
        'status quo'
        """
        weights: dict[str, Any] = {}
        for label, value in self._weights.items():
            key = name(label)
            weights[key] = weights[key] + value if key in weights else value
        return Mixture(weights)

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels with positive (or symbolic) probability, in order."""
        return tuple(self._weights)

    @property
    def is_pure(self) -> bool:
        """Whether a single label has probability one."""
        return len(self._weights) == 1 and _is_one(next(iter(self._weights.values())))

    def as_dict(self) -> dict[str, Any]:
        """The probabilities as a new ``dict``."""
        return dict(self._weights)

    def items(self) -> Iterator[tuple[str, Any]]:
        """The pairs ``(label, probability)``, in order, without the labels of probability zero.

        Examples
        --------
        >>> from fractions import Fraction
        >>> mix = Mixture({"war": Fraction(1, 2), "abandoned": Fraction(1, 2), "conquest": 0})
        >>> [label for label, _ in mix.items()]
        ['war', 'abandoned']
        """
        return iter(self._weights.items())

    def __getitem__(self, label: str) -> Any:
        return self._weights[label]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mixture):
            return self._weights == other._weights
        if isinstance(other, Mapping):
            return self._weights == {k: v for k, v in other.items() if not _is_zero(v)}
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._weights.items()))

    def __repr__(self) -> str:
        return f"Mixture({self._weights!r})"

    def __str__(self) -> str:
        return text_mixture(self, exact=True, digits=3)


def _is_zero(value: Any) -> bool:
    if isinstance(value, sympy.Basic):
        return bool(value.is_zero)
    return bool(value == 0)


def _is_one(value: Any) -> bool:
    if isinstance(value, sympy.Basic):
        return bool(sympy.simplify(value - 1) == 0)
    return bool(value == Fraction(1))


def text_mixture(mixture: Mixture, *, exact: bool, digits: int) -> str:
    """``1/2 war + 1/2 abandoned``; a pure strategy or sure outcome by its label alone."""
    terms = []
    for label, weight in mixture.items():
        # Structural equality, as before: a weight that only simplifies to 1 is shown.
        if bool(weight == 1):
            terms.append(label)
        elif is_numeric(weight):
            terms.append(f"{text_number(weight, exact=exact, digits=digits)} {label}")
        else:
            terms.append(f"({weight}) {label}")
    return " + ".join(terms) if terms else "–"
