"""Collecting problems while checking a spec, and the helpers that check one value's type."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.spec.paths import Path, show_path


class TooManyProblems(Exception):
    """Raised internally once enough problems are collected: the rest would be noise."""


class Problems:
    """The problems found so far, each placed at its key path and, where known, line."""

    def __init__(
        self, file: str | None = None, line_of: Callable[[Path], int | None] | None = None
    ):
        self.file = file
        self.line_of = line_of or (lambda path: None)
        self.items: list[Diagnostic] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(
        self, path: Path, message: str, suggestion: str | None = None, *, at: Path | None = None
    ) -> None:
        """Record a problem at ``path``; its line is that of ``at`` (default: ``path``)."""
        if len(self.items) >= limits.get("diagnostics"):  # type: ignore[operator]
            raise TooManyProblems(self.items)
        line = self.line_of(path if at is None else at)
        self.items.append(Diagnostic(message, show_path(path), self.file, line, suggestion))

    def refuse(self, path: Path, message: str) -> NoReturn:
        """Stop checking at a limit: the spec is refused with this one problem, the root cause,
        rather than with the many that follow from not reading the rest."""
        line = self.line_of(path)
        raise SpecError([Diagnostic(message, show_path(path), self.file, line)])

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Record problems already placed (found by another reader, such as an expression parser),
        as they are.

        Raises
        ------
        TooManyProblems
            Once limit ``diagnostics`` problems are held (see :mod:`deterrence.limits`).
        """
        for diagnostic in diagnostics:
            if len(self.items) >= limits.get("diagnostics"):  # type: ignore[operator]
                raise TooManyProblems(self.items)
            self.items.append(diagnostic)


def in_line_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Problems sorted by line, as an editor shows them; those without a line come last."""
    return sorted(diagnostics, key=lambda d: (d.line is None, d.line or 0))


def describe(value: object) -> str:
    """A short phrase for a value of the wrong type: ``a number (3)``, ``a table``..."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        text = repr(value) if isinstance(value, float) else str(value)
        return f"a number ({text[:30]}{'...' if len(text) > 30 else ''})"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f'a string ("{short}")'
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def quoted(names: Iterable[str], limit: int = 12) -> str:
    """`a`, `b`, `c` (and the count of the rest beyond ``limit``)."""
    items = list(names)
    text = ", ".join(f"`{n}`" for n in items[:limit])
    if len(items) > limit:
        text += f" and {len(items) - limit} more"
    return text or "none"


class Checker:
    """Type checks that record a problem and return None when the value does not fit."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def add(self, path: Path, message: str, suggestion: str | None = None) -> None:
        """Record a problem at ``path``, on that key's line (see :meth:`Problems.add`).

        Examples
        --------
        >>> problems = Problems("model.toml")
        >>> Checker(problems).add(("players",), "no players declared", "add a [players] table")
        >>> problems.items[0].path, problems.items[0].suggestion
        ('players', 'add a [players] table')
        """
        self.problems.add(path, message, suggestion)

    def refuse(self, path: Path, message: str) -> NoReturn:
        """Stop checking at a limit (see :meth:`Problems.refuse`)."""
        self.problems.refuse(path, message)

    def table(self, value: Any, path: Path, what: str = "a table") -> dict[str, Any] | None:
        """``value`` as a table with string keys; a problem and None if it is not one."""
        if not isinstance(value, Mapping):
            self.add(path, f"expected {what}, got {describe(value)}")
            return None
        result: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, str):
                result[key] = item
            else:
                hint = None
                if isinstance(key, bool):
                    hint = "YAML reads yes/no/on/off/true/false as booleans: quote the key"
                self.add((*path, str(key)), f"keys must be strings, got {describe(key)}", hint)
        return result

    def keys(
        self,
        table: Mapping[str, Any],
        path: Path,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        what: str = "key",
    ) -> None:
        """Report unknown keys (suggesting the closest allowed one) and missing required ones."""
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                self.add(
                    (*path, key),
                    f"unknown {what} `{key}`; expected one of {quoted(allowed)}",
                    did_you_mean(key, allowed),
                )
        for key in required:
            if key not in table:
                self.problems.add((*path, key), f"missing required key `{key}`", at=path)

    def string(self, value: Any, path: Path, what: str = "a string") -> str | None:
        """``value`` if it is a string; else a problem ``expected <what>, got ...`` at ``path``,
        and None.

        Examples
        --------
        >>> problems = Problems("model.toml")
        >>> check = Checker(problems)
        >>> check.string("Chicken", ("model", "title")), check.string(3, ("model", "title"))
        ('Chicken', None)
        >>> problems.items[0].message
        'expected a string, got a number (3)'
        """
        if not isinstance(value, str):
            self.add(path, f"expected {what}, got {describe(value)}")
            return None
        return value

    def string_list(self, value: Any, path: Path, what: str = "a list of strings") -> list[str]:
        """The strings of a list (a single string counts as a list of one)."""
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list | tuple):
            self.add(path, f"expected {what}, got {describe(value)}")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            else:
                self.add((*path, index), f"expected a string, got {describe(item)}")
        return out

    def finite(self, value: Any, path: Path) -> bool:
        """False (with a problem) for nan and infinities, which no spec value may be."""
        if isinstance(value, float) and not math.isfinite(value):
            self.add(path, f"expected a finite number, got {value!r}")
            return False
        return True
