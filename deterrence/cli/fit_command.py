"""``deterrence fit``: estimate a tree's payoffs from crisis data (the options it shares
with ``deterrence simulate`` are here too)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deterrence.cli.options import SPEC_HELP, add_spec_format
from deterrence.errors import Diagnostic, SpecError

# Building the parser imports this module; rich and the estimation wait for `run`.
if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("text", "json", "markdown", "latex", "csv")


def add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    add_spec_format(parser)
    parser.add_argument(
        "--predictor",
        action="append",
        default=[],
        metavar="KEY=FORMULA",
        help="a payoff as a formula of covariates and coefficients (repeatable): KEY is a "
        "parameter of the model (replaced wherever it appears) or PLAYER.OUTCOME; names "
        "that are columns of the data are covariates, the others coefficients (default: "
        "the spec's [estimation.predictors])",
    )
    parser.add_argument(
        "--error",
        choices=("probit", "logit"),
        default=None,
        help="the agents' errors (default: the spec's [estimation], else probit, "
        "Signorino's strategic probit)",
    )
    parser.add_argument(
        "--variant",
        choices=("agent", "private"),
        default=None,
        help="agent errors (the default), or private information on the payoffs (Signorino 2003)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for a parameter no predictor replaces (repeatable); values are exact",
    )
    parser.add_argument(
        "--outcome",
        default=None,
        metavar="COLUMN",
        help="the column of observed outcomes (default: the spec's [estimation], else outcome)",
    )


def add_parser(sub: Any) -> None:
    """Add ``fit`` to the command line's subparsers."""
    fit = sub.add_parser(
        "fit",
        help="fit a tree's payoffs to crisis data by maximum likelihood (strategic probit)",
        description="Fit the payoffs of a game tree of perfect information, written as "
        "formulas of covariates (--predictor), to observed outcomes by maximum likelihood, "
        "every decision a quantal response with probit or logit errors (Signorino 1999).",
    )
    add_model_options(fit)
    fit.add_argument(
        "data",
        metavar="DATA",
        help="a CSV or Parquet file with one row per crisis, or a bundled data set's name",
    )
    fit.add_argument(
        "--covariates",
        metavar="NAME,...",
        help="the data's columns that are covariates (default: every column but the "
        "outcome, path and cluster columns); declared, a covariate missing from the data is "
        "an error rather than a coefficient",
    )
    fit.add_argument(
        "--path",
        metavar="COLUMN",
        help="a column of observed paths: actions from the root separated by ';' (a path "
        "that stops early counts every way it can end)",
    )
    fit.add_argument(
        "--covariance",
        choices=("hessian", "robust", "cluster", "bootstrap"),
        default="hessian",
        help="how standard errors are computed (default: the inverse Hessian)",
    )
    fit.add_argument(
        "--cluster", metavar="COLUMN", help="the column of clusters (--covariance cluster)"
    )
    fit.add_argument(
        "--bootstrap", type=int, default=200, metavar="N", help="bootstrap replications"
    )
    fit.add_argument("--seed", type=int, default=0, help="seed of the bootstrap and checks")
    fit.add_argument(
        "--penalty",
        type=float,
        default=0.0,
        metavar="X",
        help="a ridge penalty X/2 * sum(beta^2), for data with separation (default 0)",
    )
    fit.add_argument(
        "--drop-missing",
        action="store_true",
        help="leave out rows with a missing covariate (default: an error)",
    )
    fit.add_argument("--format", choices=FORMATS, default="text")
    fit.add_argument("--caption", metavar="TEXT", help="LaTeX caption")
    fit.add_argument("--label", metavar="KEY", help="LaTeX label, e.g. tab:fit")
    fit.add_argument(
        "--plot",
        metavar="FILE",
        help="also draw the predicted outcome probabilities against --vary, with 95%% bands "
        "(PNG, PDF or SVG by the file's suffix; the plot extra)",
    )
    fit.add_argument(
        "--vary",
        metavar="COVARIATE",
        help="the covariate on the plot's horizontal axis (default: the first), the others "
        "at their means",
    )
    fit.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")


def pairs(items: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    problems = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            problems.append(Diagnostic("expected KEY=VALUE", path=f"{option} {item}"))
            continue
        if key.strip() in out:
            problems.append(Diagnostic("given twice", path=f"{option} {key.strip()}"))
        out[key.strip()] = value.strip()
    if problems:
        raise SpecError(problems)
    return out


def numbers(items: list[str], option: str) -> dict[str, float]:
    out = {}
    for key, text in pairs(items, option).items():
        try:
            out[key] = float(text)
        except ValueError:
            raise SpecError(
                [Diagnostic(f"`{text}` is not a number", path=f"{option} {key}")]
            ) from None
    return out


def write(text: str, output: str | None, out: Console, what: str) -> None:
    if output and output != "-":
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            reason = error.strerror or str(error)
            raise SpecError(
                [Diagnostic(f"cannot write the {what}: {reason}", path=output)]
            ) from error
    else:
        out.file.write(text)


def model_source(args: argparse.Namespace, err: Console) -> Any:
    """The SPEC argument as the estimation reads it: a path or a bundled model's id, whose
    ``[estimation]`` is read with it, or standard input's spec."""
    from deterrence.cli.options import loaded

    return loaded(args.spec, args, err)


def model_arguments(args: argparse.Namespace) -> dict[str, str] | None:
    """The ``--predictor`` items, checked; None where there are none (the spec's
    ``[estimation.predictors]`` then apply)."""
    return pairs(args.predictor, "--predictor") if args.predictor else None


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run ``fit``."""
    from deterrence.cli.options import EXIT_OK, parse_settings
    from deterrence.estimation.mle import fit
    from deterrence.estimation.model import FROM_SPEC

    predictors = model_arguments(args)
    game = model_source(args, err)
    values = parse_settings(args.set)

    progress = None
    if args.covariance == "bootstrap" and not args.quiet:

        def progress(done: int, total: int) -> None:
            if done == total or done % max(1, total // 10) == 0:
                err.print(f"bootstrap: {done}/{total}", highlight=False)

    result = fit(
        game,
        args.data,
        predictors,
        outcome=FROM_SPEC if args.outcome is None else args.outcome,
        path=args.path,
        covariates=[c.strip() for c in args.covariates.split(",") if c.strip()]
        if args.covariates
        else None,
        error=args.error,
        variant=args.variant,
        values=values,
        covariance_type=args.covariance,
        cluster=args.cluster,
        bootstrap=args.bootstrap,
        seed=args.seed,
        penalty=args.penalty,
        missing="drop" if args.drop_missing else "error",
        progress=progress,
    )
    if args.format == "json":
        text = json.dumps(result.to_dict(), indent=2) + "\n"
    elif args.format == "markdown":
        text = result.to_markdown()
    elif args.format == "latex":
        text = result.to_latex(caption=args.caption, label=args.label)
    elif args.format == "csv":
        text = result.to_csv()
    else:
        text = result.summary() + "\n"
    if args.plot:
        from deterrence.figures.predicted import plot_predicted

        model = result.statistical_model
        vary = args.vary or (model.covariates[0] if model.covariates else None)
        if vary is None or vary not in model.covariates:
            raise SpecError(
                [
                    Diagnostic(
                        "not a covariate of the fit; the covariates are "
                        + (", ".join(model.covariates) or "none"),
                        path=f"--vary {vary}" if vary else "--plot",
                    )
                ]
            )
        ax = plot_predicted(result, vary)
        try:
            ax.figure.savefig(args.plot)
        except (OSError, ValueError) as error:
            raise SpecError(
                [Diagnostic(f"cannot write the plot: {error}", path=args.plot)]
            ) from error
    if not args.quiet:
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    write(text, args.output, out, "fit")
    return EXIT_OK
