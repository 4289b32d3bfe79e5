"""``deterrence report``: a model's whole story, as a Markdown page and a LaTeX fragment with
their figures, in one folder."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
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
        default=None,
        metavar="N",
        help="the equilibrium at the defaults drawn bold on the tree (default: the spec's "
        "[report] equilibrium, else 1)",
    )
    report.add_argument(
        "--threshold",
        action="append",
        default=None,
        metavar="NAME[:greatest]",
        help="a threshold to show (repeatable); default: the spec's [report] thresholds, else "
        "the least credibility, or where the model has no credibility parameter, every least "
        "and greatest value of a parameter that has one",
    )
    report.add_argument(
        "--deterred",
        metavar="OUTCOME,...",
        help="outcomes that count as deterrence (default: the spec's [report] deterred, else "
        "the status quo)",
    )
    report.add_argument(
        "--regions",
        metavar="X,Y",
        help="draw the equilibrium regions over parameters X and Y (default: the spec's "
        "[report] regions, else none)",
    )
    report.add_argument(
        "--template",
        metavar="FILE",
        help="a Markdown page written by hand: the report fills each line "
        "`<!-- report: SECTION -->` with that section (header, parameters, tree, equilibria, "
        "thresholds, regions) and each `<!-- run: deterrence ARGS -->` with the command and "
        "what it prints",
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
    from deterrence.figures.model_report import model_report
    from deterrence.spec.report_checks import RESOLUTION_MAX

    if args.output == STDIN:
        raise SpecError([Diagnostic("a report is a folder of files: give its name", path="-o")])
    regions = None
    if args.regions is not None:
        names = [n.strip() for n in args.regions.split(",")]
        if len(names) != 2 or not all(names):
            raise SpecError([Diagnostic(f"expected X,Y, got `{args.regions}`", path="--regions")])
        regions = (names[0], names[1])
    if args.resolution is not None and not 2 <= args.resolution <= RESOLUTION_MAX:
        raise SpecError(
            [Diagnostic(f"must be between 2 and {RESOLUTION_MAX}", path="--resolution")]
        )
    deterred = [o.strip() for o in args.deterred.split(",") if o.strip()] if args.deterred else None
    template = None
    if args.template is not None:
        template = expand_runs(_read_template(args.template), args.template)
    report = model_report(
        loaded(args.spec, args, err),
        args.output,
        values=parse_settings(args.set),
        equilibrium=args.equilibrium,
        thresholds=args.threshold,
        deterred=deterred,
        regions=regions,
        region_resolution=args.resolution,
        concept=args.concept,
        style=args.style,
        template=template,
        template_name=args.template or "",
    )
    if not args.quiet:
        written = [report.markdown, report.latex, *report.figures]
        err.print("wrote " + ", ".join(escape(str(p)) for p in written))
        for note in report.notes:
            err.print(f"[yellow]note:[/] {escape(note)}")
    return EXIT_OK


#: ``<!-- run: deterrence ARGS -->`` on a line of its own.
RUN = re.compile(r"^<!--\s*run:\s*(.+?)\s*-->[ \t]*$", re.MULTILINE)


def _read_template(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise SpecError([Diagnostic(f"cannot read the template: {reason}", file=name)]) from None


def expand_runs(template: str, where: str = "") -> str:
    """The template with each ``<!-- run: deterrence ARGS -->`` line replaced by the command
    in a ``bash`` block and what it prints in a ``text`` block, so that a page shows the
    output of the version that made it. The commands run in this process, one after the
    other (:func:`deterrence.cli.samples.run_sample`); a command that fails stops the page.

    Examples
    --------
    >>> page = expand_runs("Chicken:\\n<!-- run: deterrence solve chicken -->\\nEnd.")
    >>> page.splitlines()[:3]
    ['Chicken:', '```bash', 'deterrence solve chicken']
    >>> try:
    ...     expand_runs("<!-- run: deterrence draw chicken -o tree.pdf -->")
    ... except SpecError as error:
    ...     print(error.diagnostics[0].message[:48])
    cannot run `deterrence draw chicken -o tree.pdf`
    """
    from deterrence.cli.samples import run_sample

    def one(match: re.Match[str]) -> str:
        command = match.group(1)
        printed = run_sample(command, where, check=True)
        return f"```bash\n{command}\n```\n\n```text\n{printed}\n```"

    return RUN.sub(one, template)
