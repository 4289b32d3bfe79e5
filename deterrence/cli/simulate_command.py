"""``deterrence simulate``: draw crisis data from a strategic-choice model with known
coefficients, as CSV."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from deterrence.cli.fit_command import (
    add_model_options,
    model_arguments,
    model_source,
    numbers,
    pairs,
    write,
)
from deterrence.errors import Diagnostic, SpecError

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    """Add ``simulate`` to the command line's subparsers."""
    simulate = sub.add_parser(
        "simulate",
        help="draw crisis data from a model with known coefficients (CSV)",
        description="Draw rows from a strategic-choice model: covariates, then each row's "
        "outcome from the quantal response equilibrium at the true coefficients (--truth).",
    )
    add_model_options(simulate)
    simulate.add_argument(
        "--truth",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="the true value of a coefficient (repeatable; every coefficient needs one)",
    )
    simulate.add_argument(
        "--covariate",
        action="append",
        default=[],
        metavar="NAME=normal|uniform|binary",
        help="how a covariate is drawn (default: standard normal)",
    )
    simulate.add_argument("--rows", type=int, default=1000, metavar="N", help="rows to draw")
    simulate.add_argument("--seed", type=int, default=0)
    simulate.add_argument(
        "--path-column",
        metavar="COLUMN",
        help="also write each row's path of actions in this column",
    )
    simulate.add_argument("-o", "--output", metavar="FILE", help="CSV file (default: stdout)")


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run ``simulate``."""
    from deterrence.cli.options import EXIT_OK, parse_settings
    from deterrence.estimation.model import FROM_SPEC, predictor_names, settings
    from deterrence.estimation.simulation import simulate

    chosen = settings(
        model_source(args, err),
        model_arguments(args),
        error=args.error,
        variant=args.variant,
        outcome=FROM_SPEC if args.outcome is None else args.outcome,
        path=args.path_column,
    )
    values = parse_settings(args.set)
    truth = numbers(args.truth, "--truth")
    # Every name without a true value is a covariate; --covariate says how to draw it.
    covariates = {
        name: "normal" for name in predictor_names(chosen.predictors) if name not in truth
    }
    covariates.update(pairs(args.covariate, "--covariate"))
    if args.rows < 1:
        raise SpecError([Diagnostic("give at least 1 row", path=f"--rows {args.rows}")])
    frame = simulate(
        chosen.game,
        chosen.predictors,
        truth,
        rows=args.rows,
        covariates=covariates,
        seed=args.seed,
        error=chosen.error,
        variant=chosen.variant,
        values=values,
        outcome=chosen.outcome,
        path=chosen.path,
    )
    write(frame.to_csv(index=False, lineterminator="\n"), args.output, out, "data")
    return EXIT_OK
