"""What every human-readable rendering of a table shares: the notes under it and which
columns hold numbers."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from deterrence.tables.numbers import is_missing, is_numeric

if TYPE_CHECKING:
    import pandas


def _adjective(name: str) -> str:
    """``subgame-perfect`` for ``spe``: the concept's title without its noun."""
    from deterrence.concepts import REGISTRY

    concept = REGISTRY.get(name)
    if concept is None:
        return name
    for noun in (" equilibrium", " equilibria"):
        if concept.title.endswith(noun):
            return concept.title[: -len(noun)]
    return concept.title


def notes(
    frame: pandas.DataFrame,
    *,
    assignment: Callable[[str, Fraction], str],
    text: Callable[[str], str],
) -> list[str]:
    """The notes of a table made by :func:`deterrence.tables.table`, each a sentence:
    the parameters held fixed (each written by ``assignment``), the equilibrium concept and
    the remarks of the solvers (each passed through ``text``). Empty for other frames."""
    attrs = frame.attrs
    out: list[str] = []
    fixed = {model: values for model, values in (attrs.get("fixed") or {}).items() if values}
    if fixed:
        listed = [
            ", ".join(assignment(name, value) for name, value in values.items())
            for values in fixed.values()
        ]
        if len(fixed) > 1:
            listed = [text(f"{model}: ") + item for model, item in zip(fixed, listed, strict=True)]
        out.append(text("Parameters held fixed: ") + text("; ").join(listed) + text("."))
    concepts = attrs.get("concepts") or {}
    kinds = set(concepts.values())
    if len(kinds) == 1:
        (kind,) = kinds
        out.append(text(f"{_upper_first(_adjective(kind))} equilibria, each verified exactly."))
    elif kinds:
        which = ", ".join(f"{_adjective(k)} ({model})" for model, k in concepts.items())
        out.append(text(f"Equilibria: {which}; each verified exactly."))
    moving = attrs.get("moving") or {}
    if attrs.get("kind") == "regions" and moving:
        names = sorted({", ".join(v) for v in moving.values()})
        out.append(
            text(f"Regions of {' / '.join(names)}: payoffs and probabilities at the values ")
            + text("held fixed.")
        )
    out.extend(text(note[0].upper() + note[1:] + ".") for note in attrs.get("notes") or ())
    return out


def numeric_column(values: Any) -> bool:
    """Whether every non-missing cell of a column is a number (then it is right-aligned)."""
    found = [v for v in values if not is_missing(v)]
    return bool(found) and all(is_numeric(v) for v in found)


def _upper_first(words: str) -> str:
    # str.capitalize would lower the rest: "pure Nash" must not become "Pure nash".
    return words[:1].upper() + words[1:]
