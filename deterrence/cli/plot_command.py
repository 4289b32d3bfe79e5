"""``deterrence plot``: a figure of the equilibrium regions over two parameters, or of a
threshold along one, written as PNG, PDF or SVG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from deterrence.cli.options import SPEC_HELP, add_concept, add_spec_format
from deterrence.errors import Diagnostic, SpecError

# Building the parser imports this module; rich waits for `run` so that `deterrence --help`
# does not load it.
if TYPE_CHECKING:
    from rich.console import Console

#: The formats written, by the suffix of the output file.
SUFFIXES = (".png", ".pdf", ".svg")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``deterrence plot`` and its options to the command line's subparsers."""
    plot = sub.add_parser(
        "plot",
        help="draw the equilibrium regions over two parameters, or a threshold (PNG/PDF/SVG)",
        description="Draw which equilibrium holds where over two parameters (--x and --y), "
        "or the least value of the credibility parameter that deters as a function of --x "
        "(--threshold, or no --y).",
    )
    plot.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    add_spec_format(plot)
    plot.add_argument("--x", required=True, metavar="NAME", help="the parameter across")
    plot.add_argument("--y", metavar="NAME", help="the parameter up (regions)")
    plot.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="hold a parameter at a value (repeatable); values are exact",
    )
    plot.add_argument("--style", choices=("color", "print"), default="color")
    add_concept(plot)
    plot.add_argument(
        "--what",
        choices=("outcome", "play"),
        default="outcome",
        help="regions of the outcomes reached, or of each player's choices",
    )
    plot.add_argument(
        "--threshold",
        action="store_true",
        help="draw the threshold as a function of --x (the default without --y)",
    )
    plot.add_argument(
        "--param",
        metavar="NAME",
        help="the threshold's parameter (default: --y if given, else the credibility parameter)",
    )
    plot.add_argument(
        "--deterred",
        metavar="OUTCOME,...",
        help="outcomes that count as deterrence (default: the status quo)",
    )
    plot.add_argument(
        "--resolution", type=int, default=None, metavar="N", help="grid points along each axis"
    )
    plot.add_argument("--xlim", metavar="LOW:HIGH", help="the range of --x drawn")
    plot.add_argument("--ylim", metavar="LOW:HIGH", help="the range drawn upwards")
    plot.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a .png, .pdf or .svg file"
    )


def _limits(text: str | None, flag: str) -> tuple[str, str] | None:
    if text is None:
        return None
    low, sep, high = text.partition(":")
    if not sep or not low.strip() or not high.strip():
        raise SpecError([Diagnostic(f"expected LOW:HIGH, got `{text}`", path=flag)])
    return low.strip(), high.strip()


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence plot``: draw the regions (``--y``) or the threshold along ``--x`` and write the
    file."""
    from rich.markup import escape

    from deterrence.cli.options import EXIT_FAILURE, EXIT_OK, load_game, parse_settings

    output = Path(args.output)
    if output.suffix.lower() not in SUFFIXES:
        raise SpecError(
            [
                Diagnostic(
                    f"cannot tell the format of `{output.name}`: expected a .png, .pdf or "
                    ".svg file",
                    path="--output",
                )
            ]
        )
    game = load_game(args.spec, args, err)
    values = parse_settings(args.set)
    xlim, ylim = _limits(args.xlim, "--xlim"), _limits(args.ylim, "--ylim")
    if args.threshold or args.y is None:
        from deterrence.figures.threshold import plot_threshold

        deterred = [o.strip() for o in args.deterred.split(",")] if args.deterred else None
        ax = plot_threshold(
            game,
            args.x,
            param=args.param or args.y,
            deterred=deterred,
            values=values,
            concept=args.concept,
            num=args.resolution or 201,
            style=args.style,
            xlim=xlim,
            ylim=ylim,
        )
    else:
        from deterrence.figures.regions import plot_regions

        ax = plot_regions(
            game,
            args.x,
            args.y,
            values=values,
            concept=args.concept,
            what=args.what,
            resolution=args.resolution or 300,
            style=args.style,
            xlim=xlim,
            ylim=ylim,
        )
    try:
        ax.figure.savefig(output, dpi=150)
    except OSError as error:
        err.print(f"[bold red]error:[/] cannot write {escape(str(output))}: {error}")
        return EXIT_FAILURE
    if not args.quiet:
        err.print(f"wrote {escape(str(output))}")
    return EXIT_OK
