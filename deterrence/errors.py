"""Errors a user can see: every one names where the problem is and what was expected.

Bad input never surfaces as a traceback; the command line prints these and exits with status 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a spec or game file.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    path : str
        The key path inside the document, e.g. ``tree.defender.actions.resist``.
    file : str or None
        The file the problem is in.
    line : int or None
        The line, where the reader knows it.
    suggestion : str or None
        A hint such as ``did you mean `kappa`?``.
    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        text = ""
        if self.file:
            text = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text


class DeterrenceError(Exception):
    """Base class of the errors this library raises on purpose."""


class SpecError(DeterrenceError):
    """A spec or game file is invalid; carries every problem found, not only the first."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        count = len(self.diagnostics)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(head + ":\n" + "\n".join(f"  {d}" for d in self.diagnostics))


class ExpressionError(DeterrenceError, ValueError):
    """A formula, or a number, that cannot be read.

    Parameters
    ----------
    message : str
        What is wrong and what was expected, in plain words, without the position.
    text : str
        The formula as given.
    position : int or None
        The 0-based offset of the offending character in ``text``, where there is one.
        Messages shown to people count characters from 1, as editors do.
    suggestion : str or None
        A hint such as ``did you mean `kappa`?``.

    Examples
    --------
    >>> error = ExpressionError("unknown name `kapa`", "2*kapa", 2, "did you mean `kappa`?")
    >>> str(error)
    'unknown name `kapa` (at character 3; did you mean `kappa`?)'
    """

    def __init__(
        self,
        message: str,
        text: str = "",
        position: int | None = None,
        suggestion: str | None = None,
    ):
        self.message = message
        self.text = text
        self.position = position
        self.suggestion = suggestion
        super().__init__(message)

    def __str__(self) -> str:
        extras = []
        if self.position is not None:
            extras.append(f"at character {self.position + 1}")
        if self.suggestion:
            extras.append(self.suggestion)
        return f"{self.message} ({'; '.join(extras)})" if extras else self.message

    def excerpt(self, width: int = 60) -> str | None:
        """Show the formula with a caret under the offending character.

        Parameters
        ----------
        width : int
            Longest stretch of the formula shown; long formulas are cut around the position.

        Returns
        -------
        str or None
            Two lines, or None when there is no position to show.

        Examples
        --------
        >>> print(ExpressionError("expected a number", "2 * * 3", 4).excerpt())
        2 * * 3
            ^
        """
        if self.position is None:
            return None
        start = max(0, min(self.position - width // 2, len(self.text) - width))
        shown = self.text[start : start + width].replace("\n", " ").replace("\t", " ")
        return f"{shown}\n{' ' * (self.position - start)}^"


class SolverError(DeterrenceError):
    """A solver was asked for something it cannot do (e.g. ``spe`` on imperfect information)."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return ``did you mean `x`?`` for the closest of ``choices``, or None if none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
