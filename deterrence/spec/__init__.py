"""Spec files: one TOML (or YAML, or JSON) file per model, read into an immutable game.

>>> game = load_spec("chicken.toml", text='''
... [model]
... id = "chicken"
... [players]
... R = "Row"
... C = "Column"
... [matrix]
... strategies = { R = ["swerve", "straight"], C = ["swerve", "straight"] }
... [matrix.payoffs]
... "swerve, swerve" = { R = 0, C = 0 }
... "swerve, straight" = { R = -1, C = 1 }
... "straight, swerve" = { R = 1, C = -1 }
... "straight, straight" = { R = -10, C = -10 }
... ''')
>>> game.shape
(2, 2)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError
from deterrence.game import Game
from deterrence.spec.build import build_game
from deterrence.spec.ir import EstimationSettings, ReportSettings
from deterrence.spec.problems import TooManyProblems, in_line_order
from deterrence.spec.read import Document, read_document
from deterrence.spec.validate import check_spec

__all__ = [
    "EstimationSettings",
    "LoadedSpec",
    "ReportSettings",
    "load_spec",
    "read_spec",
    "spec_from_data",
]


@dataclass(frozen=True)
class LoadedSpec:
    """A spec's game together with what the game itself does not hold."""

    game: Game
    #: Named parameter settings from ``[scenarios]``: scenario -> parameter -> value.
    scenarios: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    #: What ``[report]`` asks of the model's report.
    report: ReportSettings = field(default_factory=ReportSettings)
    #: What ``[estimation]`` says of fitting the model to data.
    estimation: EstimationSettings = field(default_factory=EstimationSettings)


def read_spec(
    source: str | os.PathLike[str], *, text: str | None = None, format: str | None = None
) -> LoadedSpec:
    """Like :func:`load_spec`, also returning the scenarios and the ``[report]`` and
    ``[estimation]`` settings."""
    try:
        document = read_document(source, text=text, format=format)
    except SpecError:
        raise
    except Exception as error:  # the contract: nothing but SpecError
        raise _internal(error, str(source)) from error
    return _load(document)


def load_spec(
    source: str | os.PathLike[str], *, text: str | None = None, format: str | None = None
) -> Game:
    """Read a spec file, or ``text`` (with ``source`` as its name in messages).

    The format is ``format`` if given, else the suffix of ``source``: ``.toml``, ``.yaml`` /
    ``.yml`` or ``.json``.

    Raises
    ------
    SpecError
        Listing every problem found, each with its file, line (where known) and key path.
    """
    return read_spec(source, text=text, format=format).game


def spec_from_data(data: dict[str, Any], *, file: str | None = None) -> Game:
    """The game of a spec given as plain data (as a TOML/YAML/JSON reader would return it)."""
    return _load(Document(data, file)).game


def _load(document: Document) -> LoadedSpec:
    try:
        spec = check_spec(
            document.data,
            file=document.file,
            line_of=document.line_of,
            known=document.problems,
        )
        return LoadedSpec(
            build_game(spec, document.file), spec.scenarios, spec.report, spec.estimation
        )
    except SpecError:
        raise
    except TooManyProblems as stop:
        items = in_line_order(stop.args[0]) if stop.args else []
        items.append(
            Diagnostic(
                f"more problems not shown (stopped after {limits.count('diagnostics')}; "
                f"{limits.message('diagnostics')})",
                file=document.file,
            )
        )
        raise SpecError(items) from None
    except Exception as error:  # the contract: nothing but SpecError
        raise _internal(error, document.file) from error


def _internal(error: Exception, file: str | None) -> SpecError:
    return SpecError(
        [
            Diagnostic(
                f"internal error while reading the spec ({type(error).__name__}: {error}); "
                "please report this as a bug",
                file=file,
            )
        ]
    )
