"""What several commands share: exit statuses, ``--set`` values, the options made from the
registry of solution concepts, and a SPEC read from standard input (``-``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from deterrence.errors import Diagnostic, SpecError
from deterrence.load import TEXT_FORMATS

if TYPE_CHECKING:
    from rich.console import Console

    from deterrence.game import Game
    from deterrence.spec import LoadedSpec

#: Exit statuses: success, an internal error, invalid input (never a traceback).
EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2

#: The SPEC that means standard input, and its name in messages.
STDIN, STDIN_NAME = "-", "<stdin>"

#: The help of every SPEC argument.
SPEC_HELP = "a spec or Gambit file, a bundled model id, or - for standard input"


def add_spec_format(parser: argparse.ArgumentParser) -> None:
    """``--spec-format`` (alias ``--format-in``): the format of a SPEC read from standard
    input."""
    parser.add_argument(
        "--spec-format",
        "--format-in",
        dest="spec_format",
        choices=TEXT_FORMATS,
        default=None,
        help="the format of a spec read from standard input (SPEC -); default: Gambit's "
        "if the text starts with EFG or NFG, JSON if with {, YAML if with ---, else TOML",
    )


def load_game(spec: str, args: argparse.Namespace, err: Console) -> Game:
    """The game of a SPEC argument: a file, a bundled model id, or ``-``, standard input."""
    if spec == STDIN:
        return stdin_spec(args, err).game
    from deterrence.load import load

    return load(spec)


def loaded(spec: str, args: argparse.Namespace, err: Console) -> LoadedSpec | str:
    """A SPEC argument as a table takes it: ``-`` read from standard input (with its
    scenarios), anything else as it is."""
    return stdin_spec(args, err) if spec == STDIN else spec


def stdin_spec(args: argparse.Namespace, err: Console) -> LoadedSpec:
    """The game on standard input, with its scenarios, in the format ``--spec-format`` names
    or the one its first characters tell."""
    from deterrence.load import read_text

    format = getattr(args, "spec_format", None)
    text = read_stdin(format, err, quiet=getattr(args, "quiet", False))
    return read_text(text, name=STDIN_NAME, format=format)


def once(specs: Sequence[str]) -> None:
    """Standard input can be read once: refuse ``-`` given twice."""
    if list(specs).count(STDIN) > 1:
        raise SpecError(
            [Diagnostic("standard input can be read only once; give - once", file=STDIN_NAME)]
        )


def read_stdin(format: str | None, err: Console, *, quiet: bool = False) -> str:
    """The text on standard input, read up to the size limit of ``format`` (or, told from the
    text, of the format it turns out to be), as UTF-8."""
    from deterrence import limits
    from deterrence.load import limit_of, text_format

    stream = sys.stdin
    if stream is None:
        raise SpecError([Diagnostic("there is no standard input to read", file=STDIN_NAME)])
    if not quiet and _is_terminal(stream):
        err.print(
            "[yellow]note:[/] reading the spec from standard input (the terminal); end it "
            "with Ctrl-D"
        )
    names = [limit_of(format)] if format else ["file_bytes", "gambit_file_bytes"]
    most = max(limits.count(name) for name in names)
    raw = getattr(stream, "buffer", None)
    try:
        data = raw.read(most + 1) if raw is not None else stream.read(most + 1)
    except UnicodeDecodeError as error:
        raise _undecodable(error) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpecError(
            [Diagnostic(f"cannot read standard input: {reason}", file=STDIN_NAME)]
        ) from None
    if isinstance(data, bytes):
        size, head = len(data), data[:64].decode("utf-8", "ignore")
    else:
        size, head = len(data.encode("utf-8", "replace")), data[:64]
    name = limit_of(format or text_format(head))
    if size > limits.count(name):
        raise SpecError(
            [
                Diagnostic(
                    f"standard input is too large: more than {limits.count(name):,} bytes "
                    f"({limits.message(name)})",
                    file=STDIN_NAME,
                )
            ]
        )
    if not isinstance(data, bytes):
        return data.removeprefix("\ufeff")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _undecodable(error) from None
    return text.removeprefix("\ufeff")


def _undecodable(error: UnicodeDecodeError) -> SpecError:
    byte = error.object[error.start : error.start + 1]
    shown = f"byte 0x{byte[0]:02x}" if byte else "a byte"
    return SpecError(
        [
            Diagnostic(
                f"standard input is not UTF-8 text: {shown} at offset {error.start:,} cannot "
                "be decoded; save the spec as UTF-8",
                file=STDIN_NAME,
            )
        ]
    )


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def add_concept(parser: argparse.ArgumentParser, *, own_results: bool = False) -> None:
    """``--concept NAME``, its choices and help made from the registry of concepts.

    A concept with a runner returns a result type of its own (``qre``); only commands that
    render such results (``own_results``: ``solve`` and ``threshold``) offer it, so that the
    others refuse it as an invalid choice rather than fail on a result they cannot read.
    """
    from deterrence.concepts import REGISTRY

    offered = [c for c in REGISTRY.values() if own_results or c.runner is None]
    names = tuple(c.name for c in offered)
    parser.add_argument(
        "--concept",
        choices=names,
        metavar="{" + ",".join(names) + "}",
        help="the solution concept: "
        + "; ".join(f"{c.name}, {c.title} ({c.games})" for c in offered)
        + ". Default: the first that claims the model (spe for trees of perfect "
        "information, nash otherwise)",
    )


def add_noise(parser: argparse.ArgumentParser) -> None:
    """``--precision``, ``--error`` and ``--variant``: the options of a concept with noise
    (``--concept qre``); :func:`noise_options` reads them. The precision is read by the
    library, so that a bad one is a message with exit status 2, not a usage error."""
    parser.add_argument(
        "--precision",
        metavar="LAMBDA",
        help="the QRE's precision lambda >= 0 (for --concept qre; a normal form without it: "
        "the principal branch to its limit)",
    )
    parser.add_argument(
        "--error",
        choices=("logit", "probit"),
        help="the QRE's error distribution (default logit; probit for trees of binary choices)",
    )
    parser.add_argument(
        "--variant",
        choices=("agent", "private"),
        help="trees: agent errors at each move (default) or private information on outcome "
        "payoffs (Signorino 2003; probit)",
    )


def noise_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``--precision``, ``--error`` and ``--variant`` given, as keyword options of
    ``solve`` and ``threshold`` (those not given are left out, so that a concept without
    noise is not handed them)."""
    given = {
        "precision": getattr(args, "precision", None),
        "error": getattr(args, "error", None),
        "variant": getattr(args, "variant", None),
    }
    return {name: value for name, value in given.items() if value is not None}


def method_names() -> tuple[str, ...]:
    """Every method of every registered concept, for ``--method``."""
    from deterrence.concepts import REGISTRY

    return tuple(dict.fromkeys(m for c in REGISTRY.values() for m in c.methods))


def parse_settings(settings: Sequence[str]) -> dict[str, Fraction]:
    """``["p=0.6", "a=1/10"]`` -> exact values, every malformed item reported."""
    from deterrence.errors import ExpressionError
    from deterrence.exact import exact_number

    values: dict[str, Fraction] = {}
    problems = []
    for item in settings:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(Diagnostic("expected NAME=VALUE", path=f"--set {item}"))
            continue
        try:
            values[name] = exact_number(text.strip())
        except ExpressionError as error:
            problems.append(
                Diagnostic(
                    f"`{text.strip()}` is not a finite number ({error.message}); "
                    "write e.g. 0.35 or 7/20",
                    path=f"--set {name}",
                )
            )
    if problems:
        raise SpecError(problems)
    return values
