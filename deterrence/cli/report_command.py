"""``deterrence report``: a model's whole story, as a Markdown page and a LaTeX fragment with
their figures, in one folder."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from deterrence.cli.options import SPEC_HELP, STDIN, add_concept, add_spec_format
from deterrence.errors import Diagnostic, SpecError

# Building the parser imports this module; rich and the report wait for `run`.
if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``deterrence report`` and its options to the command line's subparsers."""
    report = sub.add_parser(
        "report",
        help="write a model's report: a Markdown page and a LaTeX fragment with the tree, "
        "equilibria by scenario, thresholds and figures",
        description="Write into folder DIR a Markdown page (ID.md) and a LaTeX fragment "
        "(ID.tex) with the model's description and source, its parameters, the game tree "
        "with an equilibrium in bold, the equilibria of every scenario, the thresholds in "
        "closed form with their comparative statics, and the regions over two parameters "
        "(--regions); the figures go beside them.",
    )
    report.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    add_spec_format(report)
    report.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="replace a default value everywhere on the page (repeatable); values are exact",
    )
    report.add_argument(
        "--equilibrium",
        type=int,
        default=1,
        metavar="N",
        help="the equilibrium at the defaults drawn bold on the tree (default 1)",
    )
    report.add_argument(
        "--threshold",
        action="append",
        default=None,
        metavar="NAME[:greatest]",
        help="a threshold to show (repeatable); default: the least credibility, or where the "
        "model has no credibility parameter, every least and greatest value of a parameter "
        "that has one",
    )
    report.add_argument(
        "--deterred",
        metavar="OUTCOME,...",
        help="outcomes that count as deterrence (default: the status quo)",
    )
    report.add_argument(
        "--regions",
        metavar="X,Y",
        help="draw the equilibrium regions over parameters X and Y",
    )
    report.add_argument(
        "--resolution", type=int, default=None, metavar="N", help="grid points of --regions"
    )
    report.add_argument("--style", choices=("print", "color"), default="print")
    add_concept(report)
    report.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="the folder to write (made if needed)"
    )


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence report``: assemble the report in the folder and say what was written."""
    from rich.markup import escape

    from deterrence.cli.options import EXIT_OK, loaded, parse_settings
    from deterrence.figures.model_report import REGION_RESOLUTION, model_report

    if args.output == STDIN:
        raise SpecError([Diagnostic("a report is a folder of files: give its name", path="-o")])
    regions = None
    if args.regions is not None:
        names = [n.strip() for n in args.regions.split(",")]
        if len(names) != 2 or not all(names):
            raise SpecError([Diagnostic(f"expected X,Y, got `{args.regions}`", path="--regions")])
        regions = (names[0], names[1])
    if args.resolution is not None and not 2 <= args.resolution <= 2000:
        raise SpecError([Diagnostic("must be between 2 and 2000", path="--resolution")])
    deterred = [o.strip() for o in args.deterred.split(",") if o.strip()] if args.deterred else None
    report = model_report(
        loaded(args.spec, args, err),
        args.output,
        values=parse_settings(args.set),
        equilibrium=args.equilibrium,
        thresholds=args.threshold,
        deterred=deterred,
        regions=regions,
        region_resolution=args.resolution or REGION_RESOLUTION,
        concept=args.concept,
        style=args.style,
    )
    if not args.quiet:
        written = [report.markdown, report.latex, *report.figures]
        err.print("wrote " + ", ".join(escape(str(p)) for p in written))
        for note in report.notes:
            err.print(f"[yellow]note:[/] {escape(note)}")
    return EXIT_OK
