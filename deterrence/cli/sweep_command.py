"""``deterrence sweep``: the equilibrium over a parameter grid or a random sample, as CSV or
Parquet, with a progress bar on long sweeps and a summary at the end."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from deterrence.cli.options import SPEC_HELP, add_concept, add_spec_format
from deterrence.errors import Diagnostic, SpecError

# Building the parser imports this module; rich waits for `run` so that `deterrence --help`
# does not load it.
if TYPE_CHECKING:
    from rich.console import Console

#: Sweeps of more points than this show a progress bar.
PROGRESS_FROM = 200_000


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``deterrence sweep`` and its options to the command line's subparsers."""
    sweep = sub.add_parser(
        "sweep",
        help="the equilibrium at every point of a parameter grid or random sample (CSV/Parquet)",
        description="Evaluate the equilibrium over a grid of parameter values, or random "
        "draws, and write one row per point.",
    )
    sweep.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    add_spec_format(sweep)
    sweep.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NAME=START:STOP:NUM",
        help="NUM evenly spaced values, both ends included (or NAME=V1,V2,...); repeatable: "
        "several make a full grid, the first varying slowest",
    )
    sweep.add_argument(
        "--draws", type=int, default=0, metavar="N", help="random draws per grid point"
    )
    sweep.add_argument(
        "--dist",
        action="append",
        default=[],
        metavar="NAME=KIND:ARGS",
        help="distribution of a drawn parameter: uniform:LOW:HIGH, normal:MEAN:SD, "
        "truncnormal:MEAN:SD:LOW:HIGH, lognormal:MU:SIGMA, triangular:LOW:MODE:HIGH, beta:A:B",
    )
    sweep.add_argument("--seed", type=int, default=0, help="seed of the random draws (default 0)")
    sweep.add_argument(
        "--what",
        default="outcome",
        metavar="ITEM,...",
        help="columns: outcome, play, deterred, payoffs, equilibria, threshold (default outcome)",
    )
    sweep.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="hold a parameter at a value (repeatable); values are exact",
    )
    sweep.add_argument(
        "--deterred", metavar="OUTCOME,...", help="outcomes that count as deterrence"
    )
    sweep.add_argument("--param", metavar="NAME", help="the threshold's parameter")
    add_concept(sweep)
    sweep.add_argument(
        "--path",
        choices=("auto", "fast", "general"),
        default="auto",
        help="fast: compiled solution with exact repair; general: exact solve per point",
    )
    sweep.add_argument("--engine", choices=("local", "dask"), default="local")
    sweep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="send the model and the parameter grid to the dask scheduler at ADDRESS, whose "
        "workers run the solver (use only one you trust): tcp://HOST:PORT, tls://HOST:PORT or "
        "inproc://... (default: a new LocalCluster)",
    )
    sweep.add_argument(
        "--scheduler-timeout",
        type=float,
        default=None,  # deterrence.sweeps.dask_engine.DEFAULT_TIMEOUT, not imported for --help
        metavar="SECONDS",
        help="seconds to wait for the scheduler to answer before giving up (default 10)",
    )
    sweep.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="worker processes (local) or workers"
    )
    sweep.add_argument("--chunk-size", type=int, default=None, metavar="N", help=argparse.SUPPRESS)
    sweep.add_argument(
        "-o", "--output", metavar="FILE", help="write .csv or .parquet (default: CSV to stdout)"
    )


def _pairs(items: list[str], flag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    problems = []
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip() or not text.strip():
            problems.append(Diagnostic(f"expected NAME=..., got `{item}`", path=flag))
            continue
        found[name.strip()] = text.strip()
    if problems:
        raise SpecError(problems)
    return found


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence sweep``: evaluate the question at every point, streaming CSV or Parquet, with a
    progress bar on long sweeps and a summary on standard error."""
    from rich.markup import escape

    from deterrence.cli.options import EXIT_FAILURE, EXIT_OK, load_game, parse_settings
    from deterrence.sweeps.dask_engine import (
        DEFAULT_TIMEOUT,
        check_scheduler_address,
        check_timeout,
    )
    from deterrence.sweeps.output import Tally, tallied, write_csv, write_parquet
    from deterrence.sweeps.run import CHUNK, plan_sweep, run_chunks

    timeout = DEFAULT_TIMEOUT if args.scheduler_timeout is None else args.scheduler_timeout
    if args.engine == "dask":  # before any work: nothing is sent to a bad address
        if args.scheduler is not None:
            check_scheduler_address(args.scheduler)
        check_timeout(timeout)
    game = load_game(args.spec, args, err)
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".csv", ".parquet"):
        raise SpecError([Diagnostic("expected a .csv or .parquet file", path="--output")])
    if output is not None and output.suffix.lower() == ".parquet":
        from deterrence.optional import require

        require("pyarrow", "parquet", "writing Parquet")  # before any work is done
    deterred = [o.strip() for o in args.deterred.split(",")] if args.deterred else None
    plan = plan_sweep(
        game,
        _pairs(args.grid, "--grid"),
        draws=args.draws,
        dist=_pairs(args.dist, "--dist"),
        what=args.what,
        values=parse_settings(args.set),
        path=args.path,
        seed=args.seed,
        deterred=deterred,
        param=args.param,
        concept=args.concept,
    )
    total = plan.space.size
    tally = Tally()
    started = time.perf_counter()
    show_progress = not args.quiet and total >= PROGRESS_FROM
    from rich.progress import Progress

    with Progress(console=err, transient=True, disable=not show_progress) as bar:
        task = bar.add_task("sweeping", total=total)
        chunks = tallied(
            run_chunks(
                plan,
                engine=args.engine,
                n_jobs=args.jobs,
                chunk_size=args.chunk_size or CHUNK,
                scheduler=args.scheduler,
                scheduler_timeout=timeout,
                progress=lambda done, _: bar.update(task, completed=done),
            ),
            tally,
        )
        try:
            if output is None:
                write_csv(plan, chunks, sys.stdout)
            elif output.suffix.lower() == ".csv":
                with output.open("w", encoding="utf-8", newline="") as stream:
                    write_csv(plan, chunks, stream)
            else:
                write_parquet(plan, chunks, str(output))
        except KeyboardInterrupt:
            err.print(
                f"[bold yellow]stopped:[/] {tally.points:,} of {total:,} points were written"
                + (f" to {escape(str(output))}" if output else "")
                + "; the rest were not computed"
            )
            return 130
        except Exception as error:
            if isinstance(error, BrokenPipeError):  # `| head`: the reader has gone
                raise
            err.print(
                f"[bold yellow]stopped:[/] {tally.points:,} of {total:,} points were written"
                + (f" to {escape(str(output))}" if output else "")
                + " before this error; the rest were not computed"
            )
            if isinstance(error, OSError):  # a file that cannot be written, a lost cluster
                err.print(f"[bold red]error:[/] {escape(str(error))}")
                return EXIT_FAILURE
            raise
    if tally.points != total:  # pragma: no cover - every path above raises instead
        err.print(f"[bold red]error:[/] only {tally.points:,} of {total:,} points were computed")
        return EXIT_FAILURE
    if not args.quiet:
        _summary(err, plan, tally, time.perf_counter() - started, output)
    return EXIT_OK


def _summary(err: Console, plan, tally, seconds: float, output: Path | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    path = "fast (compiled, ties solved exactly)" if plan.fast else "general (exact per point)"
    where = f" -> {escape(str(output))}" if output else ""
    err.print(f"{tally.points:,} points in {seconds:.2f} s, {path}{where}")
    for name in ("outcome", "deterred"):
        counts = tally.counts.get(name)
        if not counts:
            continue
        table = Table(title_justify="left", box=None, pad_edge=False)
        table.add_column(name)
        table.add_column("points", justify="right")
        table.add_column("share", justify="right")
        for label, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            table.add_row(escape(label), f"{count:,}", f"{count / tally.points:.1%}")
        err.print(table)
