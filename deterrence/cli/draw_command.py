"""``deterrence draw``: the game tree for a paper, as PNG, PDF, SVG or a TikZ picture."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from deterrence.cli.options import SPEC_HELP, add_concept, add_spec_format
from deterrence.errors import Diagnostic, SpecError

# Building the parser imports this module; rich and matplotlib wait for `run` so that
# `deterrence --help` does not load them.
if TYPE_CHECKING:
    from rich.console import Console

    from deterrence.game import NormalFormGame

#: The formats written, by the suffix of the output file: figures by matplotlib, ``.tex`` as
#: TikZ.
SUFFIXES = (".png", ".pdf", ".svg", ".tex")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``deterrence draw`` and its options to the command line's subparsers."""
    draw = sub.add_parser(
        "draw",
        help="draw the game tree, an equilibrium's actions in bold (PNG/PDF/SVG or TikZ .tex)",
        description="Draw a model's game tree for a paper: players at the nodes, actions on "
        "the edges, chance probabilities, information sets dashed, payoffs at the leaves, and "
        "the actions of equilibrium N in bold. A .tex file is a TikZ picture for \\input into "
        "a document that loads tikz (--document: a whole article).",
    )
    draw.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    add_spec_format(draw)
    draw.add_argument(
        "--equilibrium",
        type=int,
        metavar="N",
        help="draw the actions of equilibrium N (numbered as `deterrence solve` lists them) "
        "in bold; the model is solved at the --set values",
    )
    draw.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter (repeatable): substituted into the payoffs and used to solve; "
        "values are exact: 0.35 means 7/20",
    )
    draw.add_argument(
        "--payoffs",
        choices=("symbolic", "numeric"),
        default="symbolic",
        help="payoffs as expressions of the parameters (those set with --set substituted), "
        "or as numbers at the values, the others at their defaults",
    )
    draw.add_argument(
        "--decomposition",
        action="store_true",
        help="write each payoff as its base plus the named costs the model adds (audience, "
        "escalation)",
    )
    draw.add_argument("--style", choices=("print", "color"), default="print")
    draw.add_argument(
        "--orientation",
        choices=("auto", "down", "right"),
        default="auto",
        help="root at the top, or at the left with the leaves in a column (auto: the one "
        "that fits a page with the larger text)",
    )
    draw.add_argument(
        "--no-outcomes", action="store_true", help="leave the outcome names off the leaves"
    )
    draw.add_argument(
        "--document",
        action="store_true",
        help="with a .tex file: a whole LaTeX article that compiles alone, not the picture only",
    )
    add_concept(draw)
    draw.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a .png, .pdf, .svg or .tex file"
    )


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence draw``: draw the tree and write the file."""
    from rich.markup import escape

    from deterrence.cli.options import EXIT_FAILURE, EXIT_OK, load_game, parse_settings

    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise SpecError(
            [
                Diagnostic(
                    f"cannot tell the format of `{output.name}`: expected a .png, .pdf, .svg "
                    "or .tex file",
                    path="--output",
                )
            ]
        )
    if args.document and suffix != ".tex":
        raise SpecError([Diagnostic("only applies to a .tex file", path="--document")])
    game = load_game(args.spec, args, err)
    options = {
        "equilibrium": args.equilibrium,
        "values": parse_settings(args.set),
        "payoffs": args.payoffs,
        "decomposition": args.decomposition,
        "style": args.style,
        "outcomes": not args.no_outcomes,
        "orientation": args.orientation,
        "concept": args.concept,
    }
    from deterrence.game import NormalFormGame as Matrix

    if isinstance(game, Matrix):
        return _matrix(game, args, output, err)
    try:
        if suffix == ".tex":
            from deterrence.figures.tree import tree_to_tikz

            text = tree_to_tikz(game, document=args.document, **options)
            output.write_text(text, encoding="utf-8")
        else:
            from deterrence.figures.tree import draw_tree

            figure = draw_tree(game, **options)
            figure.savefig(output, dpi=200)
    except OSError as error:
        err.print(f"[bold red]error:[/] cannot write {escape(str(output))}: {error}")
        return EXIT_FAILURE
    if not args.quiet:
        err.print(f"wrote {escape(str(output))}")
    return EXIT_OK


def _matrix(game: NormalFormGame, args: argparse.Namespace, output: Path, err: Console) -> int:
    """A normal form has no tree: as a ``.tex`` file it is written as its payoff table, best
    responses marked."""
    from rich.markup import escape

    from deterrence.cli.options import EXIT_FAILURE, EXIT_OK, parse_settings
    from deterrence.figures.tree import normal_form_to_latex

    if output.suffix.lower() != ".tex":
        raise SpecError(
            [
                Diagnostic(
                    "a normal form has no tree to draw; write its payoff table to a .tex file",
                    path="--output",
                )
            ]
        )
    text = normal_form_to_latex(game, parse_settings(args.set), payoffs=args.payoffs)
    if args.document:
        text = "\\documentclass{article}\n\\begin{document}\n" + text + "\n\\end{document}\n"
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as error:
        err.print(f"[bold red]error:[/] cannot write {escape(str(output))}: {error}")
        return EXIT_FAILURE
    if not args.quiet:
        err.print(f"wrote {escape(str(output))}")
    return EXIT_OK
