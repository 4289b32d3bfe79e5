"""``deterrence``: list, show, check, solve and export models from the shell.

Invalid input exits with status 2 and a message saying what is wrong and where; it never
prints a traceback (``--debug`` shows one for bug reports).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from deterrence import limits
from deterrence.cli.options import (
    EXIT_FAILURE,
    EXIT_INVALID,
    add_concept,
    method_names,
)
from deterrence.errors import DeterrenceError, SpecError
from deterrence.version import VERSION


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deterrence",
        description="Solve game-theoretic models of deterrence and defensive alliances.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("models", help="list the bundled models")
    sub.add_parser("limits", help="list the limits on input and work, and how to change them")

    show = sub.add_parser("show", help="print a model: players, parameters, tree, payoffs")
    show.add_argument("spec", metavar="SPEC", help="a spec or Gambit file, or a bundled model id")
    _add_set(show)

    check = sub.add_parser("check", help="validate spec files; exit status 2 if any is invalid")
    check.add_argument("specs", metavar="SPEC", nargs="+")

    solve = sub.add_parser("solve", help="solve a model at given parameter values")
    solve.add_argument("spec", metavar="SPEC")
    _add_set(solve)
    add_concept(solve)
    solve.add_argument(
        "--method",
        choices=method_names(),
        default=None,
        help="the concept's method (default: its first); two-player nash: enumeration (all "
        "extreme equilibria) or lemke-howson (one, fast)",
    )
    solve.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    solve.add_argument(
        "--exact", action="store_true", help='write numbers as exact fractions ("5/11") in JSON'
    )
    solve.add_argument("--no-cross-check", action="store_true", help="do not compare with nashpy")

    analyse = sub.add_parser(
        "analyse", help="the equilibrium as a function of a parameter, exactly (regions)"
    )
    analyse.add_argument("spec", metavar="SPEC")
    analyse.add_argument(
        "--over",
        metavar="NAME[,NAME...]",
        help="the free parameter(s), comma-separated (default: every parameter not fixed "
        "with --set)",
    )
    _add_set(analyse)
    add_concept(analyse)
    analyse.add_argument("--format", choices=("text", "json", "markdown", "latex"), default="text")

    threshold = sub.add_parser(
        "threshold",
        help="the least credibility (or any parameter) at which deterrence holds, in closed form",
    )
    threshold.add_argument("spec", metavar="SPEC")
    threshold.add_argument(
        "--param", metavar="NAME", help="the parameter (default: the one with role credibility)"
    )
    threshold.add_argument(
        "--deterred",
        metavar="OUTCOME,...",
        action="append",
        help="outcomes that count as deterrence (default: the status quo); repeatable, or "
        "comma-separated",
    )
    threshold.add_argument(
        "--greatest",
        action="store_true",
        help="the greatest value at which the condition holds, not the least",
    )
    threshold.add_argument(
        "--along",
        metavar="NAME",
        help="also the threshold as a function of parameter NAME, piece by piece (exact)",
    )
    _add_set(threshold)
    add_concept(threshold)
    threshold.add_argument("--format", choices=("text", "json", "latex"), default="text")

    export = sub.add_parser("export", help="write a model in Gambit's .efg or .nfg format")
    export.add_argument("spec", metavar="SPEC")
    _add_set(export)
    export.add_argument("--to", choices=("efg", "nfg"), required=True)
    export.add_argument("-o", "--output", help="file to write (default: standard output)")

    # The paper-output commands keep their arguments beside their code.
    for module in _PLUGGED:
        _plugged(module).add_parser(sub)
    _add_limits(parser, None)
    for command in sub.choices.values():
        _add_limits(command, argparse.SUPPRESS)
    return parser


def _add_limits(parser: argparse.ArgumentParser, default: object) -> None:
    """``--limit`` and ``--time-limit``, accepted before the command and after it."""
    parser.add_argument(
        "--limit",
        action="append",
        default=[] if default is None else default,
        metavar="NAME=VALUE",
        help="change a limit on input or work (repeatable); `deterrence limits` lists them",
    )
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=default,
        metavar="SECONDS",
        help="stop solving after this many seconds and report what was found, marked "
        "incomplete (default: no time limit)",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"`{text}`: give a number of seconds of at least 0")
    return value


#: Commands whose parser and runner live in their own module, ``deterrence.cli.<name>_command``
#: with ``add_parser(subparsers)`` and ``run(args, out, err)``.
_PLUGGED = ("table", "sweep", "plot")


def _plugged(name: str):
    import importlib

    return importlib.import_module(f"deterrence.cli.{name}_command")


def _add_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter (repeatable); values are exact: 0.35 means 7/20",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    from rich.console import Console
    from rich.markup import escape

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        with limits.override(**_limit_settings(args)):
            if args.command in _PLUGGED:
                return int(_plugged(args.command).run(args, out, err))
            from deterrence.cli import commands

            return int(getattr(commands, f"run_{args.command}")(args, out, err))
    except SpecError as error:
        for diagnostic in error.diagnostics:
            err.print(f"[bold red]error:[/] {escape(str(diagnostic))}")
        return EXIT_INVALID
    except DeterrenceError as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}")
        return EXIT_INVALID
    except ImportError as error:
        from deterrence.optional import MissingExtra

        if not isinstance(error, MissingExtra):
            raise
        err.print(f"[bold red]error:[/] {escape(str(error))}")
        return EXIT_INVALID
    except NotImplementedError as error:
        err.print(f"[bold red]cannot decide:[/] {escape(str(error))}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        err.print(
            "[bold red]error:[/] out of memory: the model is too large for this machine; "
            "lower the limits on it (`deterrence limits` lists them)"
        )
        return EXIT_INVALID
    except Exception as error:
        if args.debug:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))}\n"
            "This is a bug in deterrence; run again with --debug and report the traceback."
        )
        return EXIT_FAILURE


def _limit_settings(args: argparse.Namespace) -> dict[str, int | float | None]:
    """The limits set with ``--limit`` and ``--time-limit``, checked."""
    settings: dict[str, int | float | None] = {}
    for text in args.limit:
        name, value = limits.parse_setting(text)
        settings[name] = value
    if args.time_limit is not None:
        settings["solve_seconds"] = args.time_limit
    return settings


def run() -> None:
    """The console script's entry point: run :func:`main` and exit with its status."""
    sys.exit(main())


if __name__ == "__main__":
    run()
