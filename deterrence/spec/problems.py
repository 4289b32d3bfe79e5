"""Collecting problems while checking a spec, and the helpers that check one value's type.

One slip often causes several problems: a misspelt key ``acitons`` leaves a node without
actions, so a commitment at that node, a cost naming its actions and the outcomes it leads to
are reported too. Problems therefore record what follows from what. A problem that makes
something unavailable *blames* it on itself (:meth:`Problems.blame`: the node ``defender``, the
names mentioned under an ignored key, the key ``actions`` of a node); a later problem that
arises *because* that thing is unavailable names it (``because=`` of :meth:`Problems.add`).
:meth:`Problems.report` then gives the root causes in line order, each with the problems that
follow from it folded under it (a :class:`Folded` diagnostic).

Examples
--------
>>> problems = Problems("m.toml", {("tree", "d", "acitons"): 12, ("tree", "d"): 11}.get)
>>> mark = problems.mark()
>>> problems.add(("tree", "d", "acitons"), "unknown key `acitons`", "did you mean `actions`?")
>>> problems.blame(("node", "d"), mark, under=("tree", "d"))
>>> problems.add(("tree", "d"), "missing required key `actions`", because=("node", "d"))
>>> for diagnostic in problems.report():
...     print(diagnostic)
m.toml:12: tree.d.acitons: unknown key `acitons` (did you mean `actions`?)
    (1 more problem follows from this one, at tree.d)
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NoReturn

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.spec.paths import Path, show_path

#: Most paths of consequences named on the line under their root cause.
_FOLDED_SHOWN = 6

#: Something a problem can make unavailable, so that later problems follow from it: a key path
#: with a leading kind, such as ``("node", "defender")``, ``("mentioned", "abandon")`` (a name
#: written under an ignored key or in a node that could not be read), ``("key", "tree",
#: "defender", "actions")`` (a key whose misspelling was reported) or ``("players",)``.
Subject = tuple[str | int, ...]


class TooManyProblems(Exception):
    """Raised internally once enough problems are collected: the rest would be noise."""


class Folded(Diagnostic):
    """A problem with the problems that follow from it folded under it.

    It is a :class:`~deterrence.errors.Diagnostic` like any other (the same fields, which
    describe the root cause); ``consequences`` holds the problems that follow from it, and its
    text adds one line that names where they are.

    Examples
    --------
    >>> root = Folded("unknown key `acitons`", "tree.d.acitons", "m.toml", 12,
    ...               consequences=[Diagnostic("missing required key `actions`", "tree.d")])
    >>> print(root)
    m.toml:12: tree.d.acitons: unknown key `acitons`
        (1 more problem follows from this one, at tree.d)
    >>> root.consequences[0].message
    'missing required key `actions`'
    """

    consequences: tuple[Diagnostic, ...]

    def __init__(
        self,
        message: str,
        path: str = "",
        file: str | None = None,
        line: int | None = None,
        suggestion: str | None = None,
        consequences: Iterable[Diagnostic] = (),
    ):
        super().__init__(message, path, file, line, suggestion)
        # Not a dataclass field: dataclasses.asdict() and replace() see a plain Diagnostic.
        object.__setattr__(self, "consequences", tuple(consequences))

    def __str__(self) -> str:
        text = super().__str__()
        count = len(self.consequences)
        if not count:
            return text
        places = (
            d.path or (f"line {d.line}" if d.line is not None else "") for d in self.consequences
        )
        where = list(dict.fromkeys(place for place in places if place))
        shown = ", ".join(where[:_FOLDED_SHOWN])
        if len(where) > _FOLDED_SHOWN:
            shown += f" and {len(where) - _FOLDED_SHOWN} more"
        more = "1 more problem follows" if count == 1 else f"{count} more problems follow"
        return f"{text}\n    ({more} from this one" + (f", at {shown})" if shown else ")")


class Problems:
    """The problems found so far, each placed at its key path and, where known, line, and
    what follows from what (see the module's description)."""

    def __init__(
        self, file: str | None = None, line_of: Callable[[Path], int | None] | None = None
    ):
        self.file = file
        self.line_of = line_of or (lambda path: None)
        self.items: list[Diagnostic] = []
        #: index of a problem -> index of the problem it follows from (always an earlier one)
        self.causes: dict[int, int] = {}
        #: subject -> index of the problem that made it unavailable
        self.blamed: dict[Subject, int] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(
        self,
        path: Path,
        message: str,
        suggestion: str | None = None,
        *,
        at: Path | None = None,
        because: Subject | Sequence[Subject] | None = None,
    ) -> None:
        """Record a problem at ``path``; its line is that of ``at`` (default: ``path``).

        ``because`` names the subject (a tuple) or subjects (a list of tuples) whose absence
        causes this problem; if a problem was blamed for one of them, this one follows from it.
        """
        if len(self.items) >= limits.get("diagnostics"):  # type: ignore[operator]
            raise TooManyProblems(self.report())
        line = self.line_of(path if at is None else at)
        cause = self.cause_of(because)
        if cause is not None:
            self.causes[len(self.items)] = cause
        self.items.append(Diagnostic(message, show_path(path), self.file, line, suggestion))

    def mark(self) -> int:
        """A mark to pass to :meth:`blame`: problems recorded after it can be blamed."""
        return len(self.items)

    def blame(
        self, subject: Subject | Sequence[Subject], since: int, *, under: Path | None = None
    ) -> None:
        """Make the first problem recorded since ``since`` (at or under the key path ``under``,
        if given) the cause of ``subject`` (a tuple), or of each of several (a list of tuples),
        being unavailable. Nothing happens when there is no such problem; a subject already
        blamed on an earlier problem stays blamed on it."""
        prefix = None if under is None else show_path(under)
        cause = next(
            (
                index
                for index in range(since, len(self.items))
                if prefix is None or _is_under(self.items[index].path, prefix)
            ),
            None,
        )
        if cause is None:
            return
        root = self.root(cause)
        for one in [subject] if isinstance(subject, tuple) else subject:
            self.blamed.setdefault(one, root)

    def is_blamed(self, subject: Subject) -> bool:
        """Whether some problem made ``subject`` unavailable."""
        return subject in self.blamed

    def cause_of(self, because: Subject | Sequence[Subject] | None) -> int | None:
        """The index of the problem blamed for the first blamed subject of ``because``."""
        if because is None:
            return None
        subjects = [because] if isinstance(because, tuple) else list(because)
        for subject in subjects:
            if subject in self.blamed:
                return self.blamed[subject]
        return None

    def link(self, subject: Subject, since: int, follows: Callable[[Diagnostic], bool]) -> None:
        """Mark the problems recorded since ``since`` for which ``follows`` is true as following
        from the problem blamed for ``subject`` (for checks that cannot name it themselves)."""
        cause = self.blamed.get(subject)
        if cause is None:
            return
        for index in range(max(since, cause + 1), len(self.items)):
            if index not in self.causes and follows(self.items[index]):
                self.causes[index] = cause

    def root(self, index: int) -> int:
        """The index of the root cause of problem ``index`` (itself if it follows from none)."""
        while index in self.causes:
            index = self.causes[index]
        return index

    def report(self) -> list[Diagnostic]:
        """The root causes in line order, each with the problems that follow from it folded
        under it (a :class:`Folded` diagnostic); problems without consequences are left as
        they are."""
        following: dict[int, list[Diagnostic]] = {}
        for index, diagnostic in enumerate(self.items):
            root = self.root(index)
            if root != index:
                following.setdefault(root, []).append(diagnostic)
        result: list[Diagnostic] = []
        for index, diagnostic in enumerate(self.items):
            if index in self.causes:
                continue
            if index in following:
                d = diagnostic
                diagnostic = Folded(
                    d.message, d.path, d.file, d.line, d.suggestion, in_line_order(following[index])
                )
            result.append(diagnostic)
        return in_line_order(result)

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
                raise TooManyProblems(self.report())
            self.items.append(diagnostic)


def _is_under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


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


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice :func:`~deterrence.errors.did_you_mean` would suggest for ``word``, or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str], what: str) -> str:
    """``did you mean `x`?`` for the closest choice; with none close, the choices there are,
    as ``the <what> are `a`, `b``` (``there are no <what>`` when there are none).

    Examples
    --------
    >>> suggest("respnd", ["start", "respond"], "nodes")
    'did you mean `respond`?'
    >>> suggest("zzz", ["start", "respond"], "nodes")
    'the nodes are `start`, `respond`'
    >>> suggest("zzz", [], "tags")
    'there are no tags'
    """
    items = list(dict.fromkeys(choices))
    hint = did_you_mean(word, items)
    if hint:
        return hint
    return f"the {what} are {quoted(items)}" if items else f"there are no {what}"


def mentions(value: Any, limit: int = 10_000) -> list[str]:
    """Every string inside a table or list: its keys and its string values, at any depth (up
    to ``limit`` of them), the names a problem there may make unavailable.

    Examples
    --------
    >>> mentions({"defend": "war", "tags": {"attack": ["escalate"]}})
    ['defend', 'war', 'tags', 'attack', 'escalate']
    """
    found: list[str] = []
    stack: list[Any] = [value]
    while stack and len(found) < limit:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, Mapping):
            for key, inner in reversed(list(item.items())):
                stack.append(inner)
                stack.append(key)
        elif isinstance(item, list | tuple):
            stack.extend(reversed(item))
    return found


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
        """Report unknown keys (suggesting the closest allowed one) and missing required ones.

        An unknown key is ignored, so it is blamed for what it would have given: the allowed
        key it is closest to (a missing required key that follows from the misspelling is
        folded under it), and, for a table or a list, every name written under it.
        """
        allowed = tuple(allowed)
        problems = self.problems
        for key in table:
            if key not in allowed:
                mark = problems.mark()
                near = closest(key, allowed)
                self.add(
                    (*path, key),
                    f"unknown {what} `{key}`; expected one of {quoted(allowed)}",
                    f"did you mean `{near}`?" if near is not None else None,
                )
                if near is not None and near not in table:
                    problems.blame(("key", *path, near), mark)
                value = table[key]
                if isinstance(value, Mapping | list | tuple):
                    problems.blame([("mentioned", name) for name in mentions(value)], mark)
        for key in required:
            if key not in table:
                problems.add(
                    (*path, key),
                    f"missing required key `{key}`",
                    at=path,
                    because=("key", *path, key),
                )

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
