"""What several commands share: exit statuses, ``--set`` values, and the options made from
the registry of solution concepts."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from fractions import Fraction

from deterrence.errors import Diagnostic, SpecError

#: Exit statuses: success, an internal error, invalid input (never a traceback).
EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def add_concept(parser: argparse.ArgumentParser) -> None:
    """``--concept NAME``, its choices and help made from the registry of concepts."""
    from deterrence.concepts import REGISTRY

    parser.add_argument(
        "--concept",
        choices=tuple(REGISTRY),
        metavar="{" + ",".join(REGISTRY) + "}",
        help="the solution concept: "
        + "; ".join(f"{c.name}, {c.title} ({c.games})" for c in REGISTRY.values())
        + ". Default: the first that claims the model (spe for trees of perfect "
        "information, nash otherwise)",
    )


def method_names() -> tuple[str, ...]:
    """Every method of every registered concept, for ``--method``."""
    from deterrence.concepts import REGISTRY

    return tuple(dict.fromkeys(m for c in REGISTRY.values() for m in c.methods))


def parse_settings(settings: Sequence[str]) -> dict[str, Fraction]:
    """``["p=0.6", "a=1/10"]`` -> exact values, every malformed item reported."""
    from deterrence.errors import ExpressionError
    from deterrence.exact import exact_number

    values: dict[str, Fraction] = {}
    problems = []
    for item in settings:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(Diagnostic("expected NAME=VALUE", path=f"--set {item}"))
            continue
        try:
            values[name] = exact_number(text.strip())
        except ExpressionError as error:
            problems.append(
                Diagnostic(
                    f"`{text.strip()}` is not a finite number ({error.message}); "
                    "write e.g. 0.35 or 7/20",
                    path=f"--set {name}",
                )
            )
    if problems:
        raise SpecError(problems)
    return values
