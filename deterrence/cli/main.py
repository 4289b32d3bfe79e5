"""``deterrence``: list, show, check, solve and export models from the shell.

Invalid input exits with status 2 and a message saying what is wrong and where; it never
prints a traceback (``--debug`` shows one for bug reports). A SPEC of ``-`` is read from
standard input; ``-o FILE`` writes the result to a file; output that is not a terminal is
never wrapped; ``--quiet`` keeps notes and progress off standard error; ``--no-color`` and
the ``NO_COLOR`` environment variable turn colour off.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from deterrence import limits
from deterrence.cli.options import (
    EXIT_FAILURE,
    EXIT_INVALID,
    EXIT_OK,
    SPEC_HELP,
    STDIN,
    add_concept,
    add_noise,
    add_spec_format,
    method_names,
)
from deterrence.errors import DeterrenceError, Diagnostic, SpecError
from deterrence.version import VERSION

if TYPE_CHECKING:
    import io

    from rich.console import Console

#: The width of a console that is not a terminal (a pipe, a file) when ``COLUMNS`` is not
#: set: wide enough that rich never wraps a line or a table cell.
UNWRAPPED = 100_000

#: Commands whose result ``main`` writes to ``-o FILE``; ``export``, ``table``, ``sweep`` and
#: ``plot`` write their own.
_OUTPUT_BY_MAIN = ("models", "limits", "show", "check", "solve", "analyse", "threshold")
#: Commands whose ``-o FILE`` is checked before any work (``export`` and ``table`` check
#: theirs when they write).
_CHECKED_OUTPUT = (*_OUTPUT_BY_MAIN, "sweep", "plot", "draw")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deterrence",
        description="Solve game-theoretic models of deterrence and defensive alliances.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_output(sub.add_parser("models", help="list the bundled models"))
    _add_output(
        sub.add_parser("limits", help="list the limits on input and work, and how to change them")
    )

    show = sub.add_parser("show", help="print a model: players, parameters, tree, payoffs")
    _add_spec(show)
    _add_set(show)
    _add_output(show)

    check = sub.add_parser("check", help="validate spec files; exit status 2 if any is invalid")
    check.add_argument("specs", metavar="SPEC", nargs="+", help=SPEC_HELP)
    add_spec_format(check)
    _add_output(check)

    solve = sub.add_parser("solve", help="solve a model at given parameter values")
    _add_spec(solve)
    _add_set(solve)
    add_concept(solve, own_results=True)
    solve.add_argument(
        "--method",
        choices=method_names(),
        default=None,
        help="the concept's method (default: its first); two-player nash: enumeration (all "
        "extreme equilibria) or lemke-howson (one, fast); qre: backward-induction or "
        "fixed-point (trees), path-following (normal forms), chosen by the game by default",
    )
    add_noise(solve)
    solve.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    solve.add_argument(
        "--exact", action="store_true", help='write numbers as exact fractions ("5/11") in JSON'
    )
    solve.add_argument(
        "--cross-check",
        action="store_true",
        help="also run nashpy on small two-player games and say where it agrees (the "
        "crosscheck extra)",
    )
    # The comparison used to be on by default; the old switch still parses.
    solve.add_argument("--no-cross-check", action="store_true", help=argparse.SUPPRESS)
    solve.add_argument(
        "--only",
        choices=("spe", "subgame-perfect"),
        help="of a tree's equilibria, print only the subgame-perfect ones (a note says how "
        "many were hidden); for --concept nash",
    )
    _add_output(solve)

    analyse = sub.add_parser(
        "analyse", help="the equilibrium as a function of a parameter, exactly (regions)"
    )
    _add_spec(analyse)
    analyse.add_argument(
        "--over",
        metavar="NAME[,NAME...]",
        help="the free parameter(s), comma-separated (default: every parameter not fixed "
        "with --set)",
    )
    _add_set(analyse)
    add_concept(analyse)
    analyse.add_argument("--format", choices=("text", "json", "markdown", "latex"), default="text")
    _add_output(analyse)

    threshold = sub.add_parser(
        "threshold",
        help="the least credibility (or any parameter) at which deterrence holds, in closed form",
    )
    _add_spec(threshold)
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
    add_concept(threshold, own_results=True)
    add_noise(threshold)
    threshold.add_argument(
        "--level",
        metavar="P",
        help="with --concept qre: the probability (e.g. 0.05) at or below which the outcomes "
        "not counted as deterrence must stay",
    )
    threshold.add_argument(
        "--attack",
        metavar="OUTCOME,...",
        action="append",
        help="with --level: the outcomes whose probability is bounded (default: every outcome "
        "not counted as deterrence); repeatable, or comma-separated",
    )
    threshold.add_argument("--format", choices=("text", "json", "latex"), default="text")
    _add_output(threshold)

    export = sub.add_parser("export", help="write a model in Gambit's .efg or .nfg format")
    _add_spec(export)
    _add_set(export)
    export.add_argument("--to", choices=("efg", "nfg"), required=True)
    export.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: standard output)"
    )

    # The paper-output commands keep their arguments beside their code.
    for module in _PLUGGED:
        _plugged(module).add_parser(sub)

    completion = sub.add_parser(
        "completion",
        help="print a shell completion script: source <(deterrence completion bash)",
    )
    completion.add_argument("shell", choices=("bash", "zsh"))
    _add_common(parser, None)
    for command in sub.choices.values():
        _add_common(command, argparse.SUPPRESS)
    return parser


def _add_spec(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    add_spec_format(parser)


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE (default, or -: standard output)",
    )


def _add_common(parser: argparse.ArgumentParser, default: object) -> None:
    """The options every command takes, before the command or after it: the limits,
    ``--quiet`` and ``--no-color``."""
    _add_limits(parser, default)
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=False if default is None else default,
        help="no notes, progress or summaries on standard error (results and errors are "
        "still shown)",
    )
    parser.add_argument(
        "--no-color",
        action="store_true",
        default=False if default is None else default,
        help="no colour or other styling (so does a non-empty NO_COLOR environment variable)",
    )


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
_PLUGGED = ("table", "sweep", "plot", "draw", "report", "fit", "simulate")


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
    parser = _parser()
    args = parser.parse_args(argv)
    from rich.markup import escape

    if args.command not in ("plot", "draw", "report") and getattr(args, "output", None) == STDIN:
        args.output = None  # `-o -`: standard output (a figure has a file, a report a folder)
    buffer = _buffer() if args.command in _OUTPUT_BY_MAIN and args.output else None
    out, err = _consoles(args, buffer)
    try:
        with limits.override(**_limit_settings(args)):
            if args.command in _CHECKED_OUTPUT and args.output:
                _check_writable(args.output)
            if args.command == "completion":
                out.file.write(completion_script(parser, args.shell))
                status = EXIT_OK
            elif args.command in _PLUGGED:
                status = int(_plugged(args.command).run(args, out, err))
            else:
                from deterrence.cli import commands

                status = int(getattr(commands, f"run_{args.command}")(args, out, err))
            if buffer is not None and status == EXIT_OK:
                _write(args.output, buffer.getvalue())
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return status
    except BrokenPipeError:
        # `deterrence ... | head`: the reader has gone; stop quietly, as shell tools do.
        _quiet_stdout()
        return 141
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


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit cannot fail too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


def _buffer() -> io.StringIO:
    import io

    return io.StringIO()


def _consoles(args: argparse.Namespace, buffer: io.StringIO | None) -> tuple[Console, Console]:
    """The consoles of the result and of the messages.

    Colour is off with ``--no-color`` or a non-empty ``NO_COLOR`` (https://no-color.org), and
    whenever the output is not a terminal. Output that is not a terminal (a pipe, a file) is
    not wrapped: rich lays it out at :data:`UNWRAPPED` columns unless ``COLUMNS`` says
    otherwise.
    """
    from rich.console import Console

    plain = args.no_color or os.environ.get("NO_COLOR", "") != ""
    style: dict[str, object] = {"color_system": None} if plain else {}
    if buffer is not None:
        out = Console(file=buffer, highlight=False, soft_wrap=True, color_system=None)
    else:
        out = Console(highlight=False, soft_wrap=True, **style)  # type: ignore[arg-type]
    err = Console(stderr=True, highlight=False, soft_wrap=True, **style)  # type: ignore[arg-type]
    columns = os.environ.get("COLUMNS", "").strip()
    for console in (out, err):
        if not console.is_terminal and not columns.isdigit():
            console.width = UNWRAPPED
    return out, err


def _check_writable(name: str) -> None:
    """Refuse, before any work, an output file that cannot be written: in a folder that does
    not exist, a folder itself, or without permission."""
    path = Path(name)
    folder = path.parent
    try:
        if path.is_dir():
            problem = "it is a folder"
        elif not folder.is_dir():
            problem = f"there is no folder `{folder}`"
        elif not os.access(path if path.exists() else folder, os.W_OK):
            problem = "permission denied"
        else:
            return
    except (OSError, ValueError) as error:
        problem = getattr(error, "strerror", None) or str(error)
    raise SpecError([Diagnostic(f"cannot write {name}: {problem}", path="--output")])


def _write(name: str, text: str) -> None:
    try:
        Path(name).write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpecError([Diagnostic(f"cannot write {name}: {reason}", path="--output")]) from None


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """A bash (or zsh, through ``bashcompinit``) completion script for ``parser``: commands,
    options, the choices of options, files and bundled model ids."""
    from deterrence.load import bundled_models

    def options(of: argparse.ArgumentParser) -> tuple[list[str], dict[str, str]]:
        names: list[str] = []
        values: dict[str, str] = {}
        for action in of._actions:
            if action.help == argparse.SUPPRESS or not action.option_strings:
                continue
            names += action.option_strings
            if action.nargs != 0:
                words = " ".join(map(str, action.choices)) if action.choices else ""
                values.update(dict.fromkeys(action.option_strings, words))
        return names, values

    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    models = " ".join(bundled_models())
    top, top_values = options(parser)
    lines = [f"    '') opts={_quoted(top)} ;;"]
    values = [f"    :{name}) values={_quoted(w)} ;;" for name, w in top_values.items()]
    for name, command in commands.items():
        names, taking = options(command)
        lines.append(f"    {name}) opts={_quoted(names)} ;;")
        values += [f"    {name}:{option}) values={_quoted(w)} ;;" for option, w in taking.items()]
        if name == "completion":
            lines[-1] = lines[-1].replace(" ;;", " words='bash zsh' ;;")
        elif name not in ("models", "limits"):
            lines[-1] = lines[-1].replace(" ;;", f" words='{models}' files=1 ;;")
    script = _COMPLETION.format(
        commands=" ".join(commands), opts="\n".join(lines), values="\n".join(values)
    )
    if shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    heading = f"# {shell} completion for deterrence {VERSION}: `deterrence completion {shell}`"
    return heading + "\n" + script


def _quoted(words: list[str] | str) -> str:
    return "'" + (words if isinstance(words, str) else " ".join(words)) + "'"


_COMPLETION = """_deterrence() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local command='' opts='' words='' files=0 values='-' i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case " {commands} " in
      *" ${{COMP_WORDS[i]}} "*) command=${{COMP_WORDS[i]}}; break ;;
    esac
  done
  case $command in
{opts}
  esac
  case $command:$prev in
{values}
  esac
  if [[ $values != - ]]; then
    if [[ -n $values ]]; then
      COMPREPLY=($(compgen -W "$values" -- "$cur"))
    else
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "{commands}" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    if [[ $files == 1 ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi
  fi
}}
complete -o filenames -o bashdefault -F _deterrence deterrence
"""


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
