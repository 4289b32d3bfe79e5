"""What a table is made of: the models and, for each, the named parameter settings (scenarios)
that make its rows."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.parameters import resolve_values
from deterrence.spec import LoadedSpec

Source = Game | LoadedSpec | str | os.PathLike[str]

#: The scenario every model has: its parameters at their declared defaults.
DEFAULT = "default"


@dataclass(frozen=True)
class Setting:
    """One model at one scenario: the values of every one of its parameters."""

    game: Game
    scenario: str
    values: dict[str, Fraction]


def as_sources(games: Source | Sequence[Source]) -> list[Source]:
    """One source or several, as a list."""
    if isinstance(games, str | os.PathLike | LoadedSpec | Game):
        return [games]
    listed = list(games)
    if not listed:
        raise SpecError([Diagnostic("no model given: a table needs at least one")])
    return listed


def settings(
    models: Sequence[LoadedSpec],
    scenarios: Sequence[str] | Mapping[str, Mapping[str, object]] | None,
    values: Mapping[str, object] | None,
    *,
    moving: Mapping[str, Sequence[str]] | None = None,
    source: str = "values",
) -> list[Setting]:
    """Every model at every scenario asked for, in the order given.

    ``values`` hold for every row, in every model that declares them; a name no model declares
    is an error, and so is a parameter set both in ``values`` and by a scenario. ``moving``
    (model id -> parameter names) are the parameters a row moves over: a scenario's value for
    one of them is left out, and setting one in ``values`` is an error.
    """
    common = {name: exact_number(value) for name, value in (values or {}).items()}
    declared = {p.name for m in models for p in m.game.parameters}
    problems = [
        Diagnostic(
            "unknown parameter `{}`; {} declares {}".format(
                name,
                "the model" if len(models) == 1 else "no model",
                ", ".join(f"`{n}`" for n in declared) if len(models) == 1 else "it",
            ),
            path=f"{source} {name}",
            suggestion=did_you_mean(name, declared),
        )
        for name in common
        if name not in declared
    ]
    if problems:
        raise SpecError(problems)
    rows: list[Setting] = []
    for model in models:
        game = model.game
        own = {p.name for p in game.parameters}
        free = set((moving or {}).get(game.info.id, ()))
        for name in sorted(free & set(common)):
            raise SpecError(
                [
                    Diagnostic(
                        f"`{name}` is the parameter the table moves over; do not fix it",
                        path=f"{source} {name}",
                    )
                ]
            )
        fixed = {k: v for k, v in common.items() if k in own}
        resolve_values(game.parameters, fixed, source=source)
        for name, scenario in _scenarios(model, scenarios):
            given = {k: v for k, v in scenario.items() if k not in free}
            if len(models) > 1:
                # Shared scenarios set, in each model, what it declares; a name no model
                # declares stays, for resolve_values to report.
                given = {k: v for k, v in given.items() if k in own or k not in declared}
            clash = sorted(set(given) & set(fixed))
            if clash:
                raise SpecError(
                    [
                        Diagnostic(
                            f"`{k}` is set both by scenario `{name}` and as a value for "
                            "every row; set it in one place (choose rows with scenarios, "
                            "`default` for the defaults)",
                            path=f"{source} {k}",
                        )
                        for k in clash
                    ]
                )
            resolve_values(game.parameters, given, source=f"scenario {name}")
            chosen = resolve_values(game.parameters, {**fixed, **given})
            rows.append(Setting(game, name, chosen))
    return rows


def _scenarios(
    model: LoadedSpec,
    wanted: Sequence[str] | Mapping[str, Mapping[str, object]] | None,
) -> list[tuple[str, dict[str, Fraction]]]:
    """The scenarios of ``model`` that make rows: all of its own by default (else its defaults
    alone), the ones named, or those given as data."""
    own = dict(model.scenarios)
    if wanted is None:
        return list(own.items()) or [(DEFAULT, {})]
    if isinstance(wanted, Mapping):
        return [
            (str(name), {k: exact_number(v) for k, v in entries.items()})
            for name, entries in wanted.items()
        ]
    if isinstance(wanted, str):
        wanted = [wanted]
    known = {DEFAULT: {}, **own}
    problems = [
        Diagnostic(
            f"unknown scenario `{name}` in model `{model.game.info.id}`; its scenarios are "
            + ", ".join(f"`{n}`" for n in known),
            path=f"scenario {name}",
            suggestion=did_you_mean(name, known),
        )
        for name in wanted
        if name not in known
    ]
    if problems:
        raise SpecError(problems)
    return [(name, dict(known[name])) for name in dict.fromkeys(wanted)]


def by_model(option: Any, game: Game) -> Any:
    """The value of a per-model option: the entry for this model's id when ``option`` is a
    mapping, else ``option`` itself."""
    if isinstance(option, Mapping):
        return option.get(game.info.id)
    return option
