"""Options several commands share, made from the registry of solution concepts."""

from __future__ import annotations

import argparse


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
