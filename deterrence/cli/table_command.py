"""``deterrence table``: a table of equilibria, regions or thresholds for a paper."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deterrence.cli.options import add_concept, add_spec_format
from deterrence.errors import Diagnostic, SpecError

# Building the parser imports this module; `deterrence --help` must not load rich.
if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("latex", "markdown", "csv", "html", "json")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``table`` to the subcommands of ``deterrence``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "table",
        help="a table of equilibria, regions or thresholds (LaTeX, Markdown, CSV, HTML, JSON)",
    )
    parser.add_argument(
        "specs", metavar="SPEC", nargs="+", help="one model, or several; - for standard input"
    )
    add_spec_format(parser)
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="a [scenarios.NAME] of the spec (repeatable; `default`: the defaults); "
        "default: every scenario of the spec",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value for every row (repeatable); values are exact: 0.35 means 7/20",
    )
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--regions", action="store_true", help="one row per region along --param")
    kind.add_argument(
        "--thresholds", action="store_true", help="the least --param that deters, per row"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="[MODEL=]NAME",
        help="the parameter that moves (default: the credibility parameter); MODEL= for one "
        "model of several; repeatable",
    )
    parser.add_argument(
        "--deterred",
        action="append",
        default=[],
        metavar="[MODEL=]OUTCOME,...",
        help="with --thresholds: the outcomes that count as deterrence (default: the status "
        "quo); MODEL= for one model of several; repeatable",
    )
    add_concept(parser)
    parser.add_argument("--format", choices=FORMATS, default="latex")
    parser.add_argument(
        "--digits", type=int, default=3, metavar="N", help="decimal places (default 3)"
    )
    parser.add_argument("--exact", action="store_true", help="exact fractions instead of decimals")
    parser.add_argument(
        "--regret",
        action="store_true",
        help="a table of equilibria: show the regret column (LaTeX, Markdown, HTML; 0 for "
        "every verified equilibrium, so hidden by default); CSV and JSON always have it",
    )
    parser.add_argument(
        "--numeric",
        action="store_true",
        help="with --thresholds: show the numeric check beside the exact value (LaTeX, "
        "Markdown, HTML); CSV and JSON always have it",
    )
    parser.add_argument("--caption", metavar="TEXT", help="LaTeX caption")
    parser.add_argument("--label", metavar="KEY", help="LaTeX label, e.g. tab:equilibria")
    parser.add_argument(
        "--width",
        metavar="LENGTH",
        help="scale a LaTeX table to this width, e.g. '\\linewidth' (needs graphicx)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    return parser


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Make the table and write it; invalid input raises ``SpecError``/``DeterrenceError``."""
    from deterrence.cli.options import EXIT_OK, loaded, once, parse_settings
    from deterrence.tables.build import make_table
    from deterrence.tables.formats import to_csv, to_html, to_json
    from deterrence.tables.latex import to_latex
    from deterrence.tables.markdown import to_markdown

    if not 0 <= args.digits <= 30:
        raise SpecError([Diagnostic("must be between 0 and 30", path=f"--digits {args.digits}")])
    for option, given in (("--deterred", args.deterred), ("--numeric", args.numeric)):
        if given and not args.thresholds:
            raise SpecError([Diagnostic("only applies with --thresholds", path=option)])
    if args.regret and (args.thresholds or args.regions):
        # Only equilibria are certified by their regret; regions and thresholds have none.
        raise SpecError(
            [
                Diagnostic(
                    "only applies to a table of equilibria (no --regions, no --thresholds)",
                    path="--regret",
                )
            ]
        )
    once(args.specs)
    frame = make_table(
        [loaded(spec, args, err) for spec in args.specs],
        scenarios=args.scenario or None,
        values=parse_settings(args.set),
        regions=args.regions,
        thresholds=args.thresholds,
        param=_per_model(args.param, "--param", lambda text: text.strip()),
        deterred=_per_model(args.deterred, "--deterred", _labels),
        concept=args.concept,
        source="--set",
    )
    if len(args.specs) == 1:
        # One model: its name is the table's subject, not a column of it.
        frame = frame.drop(columns="model")
    shown = {"regret": args.regret, "numeric": args.numeric}
    if args.format == "latex":
        text = to_latex(
            frame,
            caption=args.caption,
            label=args.label,
            digits=args.digits,
            exact=args.exact,
            width=args.width,
            **shown,
        )
    elif args.format == "markdown":
        text = to_markdown(frame, digits=args.digits, exact=args.exact, **shown)
    elif args.format == "csv":
        text = to_csv(frame, exact=args.exact)
    elif args.format == "html":
        text = to_html(frame, digits=args.digits, exact=args.exact, **shown)
    else:
        text = to_json(frame, exact=args.exact) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            reason = error.strerror or str(error)
            raise SpecError(
                [Diagnostic(f"cannot write the table: {reason}", path=args.output)]
            ) from error
    else:
        out.file.write(text)
    return EXIT_OK


def _labels(text: str) -> list[str]:
    return [label.strip() for label in text.split(",") if label.strip()]


def _per_model(items: list[str], option: str, read: Any) -> Any:
    """``NAME`` for every model, or ``MODEL=NAME`` for one; ids and labels never hold ``=``.

    Returns None, one value, or a mapping model id -> value (with ``None`` for the rest).
    """
    if not items:
        return None
    every: Any = None
    each: dict[str, Any] = {}
    for item in items:
        model, sep, rest = item.partition("=")
        if sep:
            each[model.strip()] = read(rest)
        elif option == "--deterred" and every is not None:
            every = [*every, *read(item)]  # --deterred repeats to name more outcomes
        else:
            every = read(item)
    if not each:
        return every
    if every is not None:
        raise SpecError([Diagnostic("give every item as MODEL=... or none of them", path=option)])
    return each
