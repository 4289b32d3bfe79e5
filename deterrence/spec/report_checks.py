"""Checks of ``[report]``: what the model's report shows when the command line does not say.

A model's author knows which thresholds tell its story, which outcomes count as deterrence,
which two parameters its region figure spans and which solution concept its equilibria need
(a signalling game is read through its perfect Bayesian equilibria). Saying so once in the
spec lets ``deterrence report`` and the generated pages of the model library agree without
a command line per model.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from deterrence.concepts import REGISTRY
from deterrence.errors import did_you_mean
from deterrence.game.parameters import Parameter
from deterrence.spec.ir import ReportSettings
from deterrence.spec.problems import Checker, describe, quoted
from deterrence.spec.schema import REPORT_KEYS, THRESHOLD_DIRECTIONS
from deterrence.spec.values import read_number

#: The finest grid of a report's region figure, as on the command line.
RESOLUTION_MAX = 2000

__all__ = ["RESOLUTION_MAX", "check_report", "threshold_request"]


def threshold_request(text: str) -> tuple[str, str]:
    """A threshold as ``parameter[:direction]`` split into (parameter, direction), the
    direction ``least`` where none is written; neither part is checked here.

    Examples
    --------
    >>> threshold_request("n"), threshold_request(" v : greatest ")
    (('n', 'least'), ('v', 'greatest'))
    """
    name, _, direction = text.partition(":")
    return name.strip(), direction.strip() or "least"


def check_report(
    c: Checker, value: Any, parameters: Sequence[Parameter], outcomes: Sequence[str]
) -> ReportSettings:
    """Check the ``[report]`` table: ``concept`` a registered solution concept,
    ``thresholds`` a list of ``parameter[:least|greatest]``, ``deterred`` a list of
    outcomes, ``regions`` two distinct parameters, ``equilibrium`` a positive integer.

    Returns
    -------
    ReportSettings
        What passed its check; each problem is recorded in ``c``.

    Examples
    --------
    >>> from deterrence.game.parameters import Parameter
    >>> from deterrence.spec.problems import Checker, Problems
    >>> problems = Problems()
    >>> table = {"thresholds": ["n", "v:greatest"], "regions": ["n", "w"]}
    >>> settings = check_report(Checker(problems), table, [Parameter("n"), Parameter("v")], [])
    >>> settings.thresholds, settings.regions
    ((('n', 'least'), ('v', 'greatest')), None)
    >>> problems.items[0].message
    'unknown parameter `w`; the parameters are `n`, `v`'
    """
    table = c.table(value, ("report",))
    if table is None:
        return ReportSettings()
    c.keys(table, ("report",), REPORT_KEYS)
    names = [p.name for p in parameters]

    def parameter(name: str, path: tuple[str | int, ...]) -> bool:
        if name in names:
            return True
        c.add(
            path,
            f"unknown parameter `{name}`; the parameters are {quoted(names)}"
            if names
            else f"unknown parameter `{name}`: the model declares no parameters",
            did_you_mean(name, names),
        )
        return False

    concept = None
    if "concept" in table:
        concept = c.string(table["concept"], ("report", "concept"))
        if concept is not None and concept not in REGISTRY:
            c.add(
                ("report", "concept"),
                f"unknown solution concept `{concept}`; the concepts are {quoted(REGISTRY)}",
                did_you_mean(concept, list(REGISTRY)),
            )
            concept = None

    thresholds = []
    for index, text in enumerate(
        c.string_list(table.get("thresholds", []), ("report", "thresholds"))
    ):
        path: tuple[str | int, ...] = ("report", "thresholds", index)
        name, direction = threshold_request(text)
        if not parameter(name, path):
            continue
        if direction not in THRESHOLD_DIRECTIONS:
            c.add(
                path,
                f"unknown direction `{direction}` of `{name}`; expected "
                + " or ".join(THRESHOLD_DIRECTIONS),
                f"write `{name}` or `{name}:greatest`",
            )
            continue
        thresholds.append((name, direction))

    deterred = []
    for index, name in enumerate(c.string_list(table.get("deterred", []), ("report", "deterred"))):
        if name in outcomes:
            deterred.append(name)
        else:
            c.add(
                ("report", "deterred", index),
                f"unknown outcome `{name}`; the outcomes are {quoted(outcomes)}",
                did_you_mean(name, list(outcomes)),
            )

    regions = None
    if "regions" in table:
        axes = c.string_list(table["regions"], ("report", "regions"), "a list of two parameters")
        if len(axes) != 2 or axes[0] == axes[1]:
            c.add(
                ("report", "regions"),
                f"expected two different parameters, got {len(axes)}: {quoted(axes)}",
                'write regions = ["x", "y"]',
            )
        elif all(parameter(name, ("report", "regions", k)) for k, name in enumerate(axes)):
            regions = (axes[0], axes[1])

    limits: dict[str, tuple[Fraction, Fraction]] = {}
    ranges = c.table(table.get("limits", {}), ("report", "limits"), "a table of name = [low, high]")
    for name, pair in (ranges or {}).items():
        path = ("report", "limits", name)
        if not parameter(name, path):
            continue
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            c.add(path, f"expected [low, high], got {describe(pair)}", f"write {name} = [0, 4]")
            continue
        low, high = (read_number(v, (*path, k), c.problems) for k, v in enumerate(pair))
        if low is None or high is None:
            continue
        if not low < high:
            c.add(path, f"the limits of `{name}` must increase, got {low} and {high}")
            continue
        limits[name] = (low, high)

    def whole(key: str, low: int, high: int) -> int | None:
        number = table.get(key)
        if number is None:
            return None
        if isinstance(number, int) and not isinstance(number, bool) and low <= number <= high:
            return number
        c.add(
            ("report", key),
            f"expected a whole number from {low} to {high}, got {describe(number)}",
        )
        return None

    equilibrium = whole("equilibrium", 1, 10**6)
    resolution = whole("resolution", 2, RESOLUTION_MAX)

    return ReportSettings(
        concept=concept,
        thresholds=tuple(thresholds) if "thresholds" in table else None,
        deterred=tuple(deterred),
        regions=regions,
        limits=limits,
        resolution=resolution,
        equilibrium=equilibrium,
    )
