"""What every human-readable rendering of a table shares: which columns it shows, their
headers and cells in words, the notes under it and which columns hold numbers."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from deterrence.game.notation import Notation
from deterrence.tables.mixture import Mixture
from deterrence.tables.numbers import is_missing, is_numeric, text_cell

if TYPE_CHECKING:
    import pandas


#: Headers of the columns :func:`deterrence.tables.table` makes, in words.
HEADERS = {
    "model": "Model",
    "scenario": "Scenario",
    "equilibrium": "Eq.",
    "outcome": "Outcome",
    "regret": "Regret",
    "region": "Region",
    "condition": "Condition",
    "parameter": "Param.",
    "deterred": "Deterred",
    "status": "Status",
    "closed_form": "Closed form",
    "conditions": "Where it applies",
    "value": "Value",
    "numeric": "Numeric check",
    "subgame_perfect": "SPE",
    "profile": "Strategy profile",
    "payoffs": "Payoffs",
}


def shown_columns(frame: pandas.DataFrame, *, regret: bool, numeric: bool) -> list[str]:
    """The columns a rendering for people shows: all but the regret (zero for every verified
    equilibrium) and a threshold's numeric check, each shown only on request. CSV and JSON,
    which are data, keep every column."""
    hidden = {name for name, shown in (("regret", regret), ("numeric", numeric)) if not shown}
    return [str(c) for c in frame.columns if str(c) not in hidden]


def text_header(
    column: str, parameters: dict[str, str], players: dict[str, str], notation: Notation
) -> str:
    """A column's header in words, for text formats: a parameter by its declared label, else
    its name; ``Strategy (Attacker)``, ``Payoff (Attacker)``; the rest from :data:`HEADERS`."""
    if column in parameters:
        name = parameters[column]
        return notation.label(name) if notation.has_label(name) else name
    for prefix, word in (("strategy_", "Strategy"), ("payoff_", "Payoff")):
        if column.startswith(prefix):
            player = column[len(prefix) :]
            return f"{word} ({players.get(player, player)})"
    if column == "parameter":
        return "Parameter"
    return HEADERS.get(column, column)


def text_value(column: str, value: Any, notation: Notation, exact: bool, digits: int) -> str:
    """A cell as text for people: actions and outcomes by their display names, ``yes`` and
    ``no`` for subgame perfection, numbers as :func:`~deterrence.tables.numbers.text_cell`
    writes them."""
    if column.startswith("strategy_") and isinstance(value, Mixture):
        value = value.relabel(notation.plan)
    elif column == "outcome" and isinstance(value, Mixture):
        value = value.relabel(notation.outcome_text)
    elif column == "deterred" and isinstance(value, str):
        return notation.outcome_text(value)
    elif column == "subgame_perfect" and not is_missing(value):
        return {True: "yes", False: "no"}.get(value, "?")
    return text_cell(value, exact=exact, digits=digits)


def frame_names(frame: pandas.DataFrame) -> tuple[dict[str, str], dict[str, str], Notation]:
    """What a frame's ``attrs`` say about names: column -> parameter, player id -> display
    name, and the models' notation merged."""
    attrs = frame.attrs
    notation = Notation.merged((attrs.get("notation") or {}).values())
    return dict(attrs.get("parameters") or {}), dict(attrs.get("player_names") or {}), notation


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
