"""The tokens of Gambit's classic text formats (``.efg`` and ``.nfg``), shared by both readers.

Whitespace is not significant except inside double quotes. A token is a brace, a comma, a
quoted string, a number (``3``, ``-1.5``, ``.80``, ``2e3``, ``99/100``) or a bare word such as
``EFG`` or ``p``. Numbers become exact :class:`fractions.Fraction` values.

Inside a string ``\\"`` stands for a quote and ``\\\\`` for a backslash, as Gambit writes them
(C++ ``std::quoted``); any other backslash is kept as it is. Gambit's own reader keeps every
backslash, so :func:`quote` doubles a backslash only where it must (before a quote or a
backslash, or at the end): ordinary labels then read back the same in Gambit and here.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Literal, NamedTuple, NoReturn

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError

#: Longest number token accepted (digits, sign, point, exponent and slash together).
MAX_NUMBER_LENGTH = 400
#: Largest decimal exponent accepted in a number such as ``1e300``.
MAX_EXPONENT = 400
#: Longest string accepted (titles and comments included).
MAX_STRING_LENGTH = 1_000_000

TokenKind = Literal["number", "text", "symbol", "{", "}", ",", "eof"]

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<brace>[{}])
    | (?P<comma>,)
    | (?P<text>"(?:[^"\\]|\\.)*")
    | (?P<open>")
    | (?P<word>[^\s{}",]+)
    """,
    re.VERBOSE | re.DOTALL,
)
_NUMBER = re.compile(
    r"[+-]?(?:(?P<num>\d+)/(?P<den>\d+)|(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?)"
)
_ESCAPE = re.compile(r"\\([\\\"])")


class Token(NamedTuple):
    """One token: its kind, its text (unescaped for strings), its line and its value."""

    kind: TokenKind
    text: str
    line: int
    value: Fraction | None = None

    def describe(self) -> str:
        """The token as an error message shows it, e.g. ``'}'`` or ``"Outcome 1"``."""
        if self.kind == "eof":
            return "end of file"
        if self.kind == "text":
            shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
            return f"string {quote(shown)}"
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return f"'{shown}'"


def quote(text: str) -> str:
    """``text`` as a quoted string that Gambit and :class:`Lexer` both read back as ``text``.

    Quotes are escaped; a backslash is doubled only where it would otherwise be read as an
    escape (before a quote or another backslash, or at the end), since Gambit itself keeps
    other backslashes as they are.
    """
    out: list[str] = []
    for i, char in enumerate(text):
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            following = text[i + 1] if i + 1 < len(text) else '"'
            out.append("\\\\" if following in '\\"' else "\\")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def parse_number(text: str) -> Fraction:
    """The exact value of a number token.

    Raises
    ------
    ValueError
        Saying why ``text`` is not a number this reader accepts.
    """
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"number longer than {MAX_NUMBER_LENGTH} characters")
    shown = text if len(text) <= 40 else text[:37] + "..."
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise ValueError(f"malformed number '{shown}'")
    if match["den"] is not None and int(match["den"]) == 0:
        raise ValueError(f"malformed number '{shown}': the denominator is zero")
    if match["exp"] is not None and abs(int(match["exp"])) > MAX_EXPONENT:
        raise ValueError(f"number '{shown}' is out of range (exponent beyond {MAX_EXPONENT})")
    return Fraction(text)


class Lexer:
    """Tokens of a text, read one at a time, with errors raised as :class:`SpecError`.

    Parameters
    ----------
    text : str
        The whole file.
    file : str
        Its name, for diagnostics.
    """

    def __init__(self, text: str, file: str):
        self.file = file
        self._numbers: dict[str, Fraction] = {}
        self._tokens = self._scan(text)
        self.current = next(self._tokens)

    def fail(self, message: str, line: int | None = None) -> NoReturn:
        """Raise a :class:`SpecError` at ``line`` (default: the current token's line)."""
        where = self.current.line if line is None else line
        raise SpecError([Diagnostic(message, file=self.file, line=where)])

    def _scan(self, text: str) -> Iterator[Token]:
        line = last = 1
        numbers = self._numbers  # Fractions are immutable: repeated numbers share one
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            raw = match.group()
            if kind == "space":
                line += raw.count("\n")
                continue
            last = line
            if kind == "brace":
                yield Token(raw, raw, line)  # type: ignore[arg-type]
            elif kind == "comma":
                yield Token(",", raw, line)
            elif kind == "text":
                if len(raw) > MAX_STRING_LENGTH:
                    self.fail(f"string longer than {MAX_STRING_LENGTH} characters", line)
                body = raw[1:-1]
                yield Token("text", _ESCAPE.sub(r"\1", body) if "\\" in body else body, line)
                line += raw.count("\n")
            elif kind == "open":
                self.fail("string is not closed: no matching '\"' before the end of file", line)
            elif raw[0] in "0123456789+-.":
                value = numbers.get(raw)
                if value is None:
                    try:
                        value = parse_number(raw)
                    except ValueError as error:
                        self.fail(str(error), line)
                    if len(numbers) < 100_000:
                        numbers[raw] = value
                yield Token("number", raw, line, value)
            else:
                yield Token("symbol", raw, line)
        while True:  # the end of file is reported on the line of the last token
            yield Token("eof", "", last)

    def advance(self) -> Token:
        """Move to the next token; return the one just passed."""
        token = self.current
        self.current = next(self._tokens)
        return token

    def at(self, kind: TokenKind) -> bool:
        """Whether the current token is of ``kind``, without consuming it.

        Examples
        --------
        >>> lx = Lexer('NFG 1 R "x"', "game.nfg")
        >>> lx.at("symbol"), lx.at("number")
        (True, False)
        """
        return self.current.kind == kind

    def accept(self, kind: TokenKind) -> Token | None:
        """Consume the current token if it is of ``kind``."""
        return self.advance() if self.current.kind == kind else None

    def expect(self, kind: TokenKind, what: str) -> Token:
        """Consume a token of ``kind``, or fail with ``expected <what>, found <token>``."""
        if self.current.kind != kind:
            self.fail(f"expected {what}, found {self.current.describe()}")
        return self.advance()

    def expect_symbol(self, words: tuple[str, ...], what: str) -> Token:
        """Consume a bare word that is one of ``words``, or fail with ``expected <what>, found
        <token>``.

        Examples
        --------
        >>> lx = Lexer('NFG 1 R "x"', "game.nfg")
        >>> lx.expect_symbol(("NFG",), "'NFG' at the start").text
        'NFG'
        >>> lx.expect_symbol(("R", "D"), "'R' or 'D'")
        Traceback (most recent call last):
        ...
        deterrence.errors.SpecError: 1 problem found:
          game.nfg:1: expected 'R' or 'D', found '1'
        """
        if self.current.kind != "symbol" or self.current.text not in words:
            self.fail(f"expected {what}, found {self.current.describe()}")
        return self.advance()

    def expect_count(self, what: str, *, minimum: int = 0, maximum: int | None = None) -> int:
        """Consume a whole number in ``[minimum, maximum]`` (``what``: e.g. ``a player number``)."""
        token = self.current
        value = token.value
        if token.kind != "number" or value is None or value.denominator != 1:
            self.fail(f"expected {what} (a whole number), found {token.describe()}")
        if value < minimum or (maximum is not None and value > maximum):
            bound = (
                f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
            )
            self.fail(f"expected {what} {bound}, found {token.text}")
        self.advance()
        return int(value)

    def expect_number(self, what: str) -> Fraction:
        """Consume a number and return its exact value, or fail with ``expected <what>, found
        <token>``.

        Examples
        --------
        >>> lx = Lexer("NFG 99/100 .80", "game.nfg")
        >>> lx.advance().text
        'NFG'
        >>> lx.expect_number("a version"), lx.expect_number("a payoff")
        (Fraction(99, 100), Fraction(4, 5))
        """
        token = self.expect("number", what)
        assert token.value is not None
        return token.value

    def expect_end(self) -> None:
        """Fail with ``expected end of file, found <token>`` unless every token has been consumed.

        Examples
        --------
        >>> lx = Lexer('NFG 1 R "x"', "game.nfg")
        >>> lx.expect_end()
        Traceback (most recent call last):
        ...
        deterrence.errors.SpecError: 1 problem found:
          game.nfg:1: expected end of file, found 'NFG'
        """
        if not self.at("eof"):
            self.fail(f"expected end of file, found {self.current.describe()}")


def load_source(
    path_or_text: str | os.PathLike[str], text: str | None, head: str
) -> tuple[str, str, str]:
    """Resolve the readers' arguments into ``(text, file name for messages, id)``.

    ``text`` given: ``path_or_text`` only names it. Otherwise a path-like or a string that
    does not start with ``head`` (``EFG``/``NFG``) and has no line break is a file to read;
    any other string is the file's text itself.
    """
    if text is None and isinstance(path_or_text, str):
        stripped = path_or_text.lstrip("\ufeff \t\r\n\f\v")
        if stripped.startswith(head) or "\n" in path_or_text:
            text, path_or_text = path_or_text, ""
    name = os.fspath(path_or_text) if path_or_text != "" else "<string>"
    ident = Path(name).stem if path_or_text != "" else "game"
    if text is None:
        path = Path(path_or_text)
        most = limits.count("gambit_file_bytes")
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                # A named pipe would block the read forever, a device never ends.
                raise SpecError(
                    [
                        Diagnostic(
                            "cannot read the file: not a regular file (a named pipe, a folder "
                            "or a device); give the path of a .efg or .nfg file",
                            file=name,
                        )
                    ]
                )
            if info.st_size > most:
                raise SpecError(
                    [
                        Diagnostic(
                            f"file is {info.st_size:,} bytes; the limit is {most:,} "
                            f"({limits.message('gambit_file_bytes')})",
                            file=name,
                        )
                    ]
                )
            with path.open("rb") as handle:
                data = handle.read(most + 1)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise SpecError([Diagnostic(f"cannot read the file: {reason}", file=name)]) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    elif len(text) > limits.count("gambit_file_bytes"):
        raise SpecError(
            [
                Diagnostic(
                    f"text is {len(text):,} characters; the limit is "
                    f"{limits.count('gambit_file_bytes'):,} "
                    f"({limits.message('gambit_file_bytes')})",
                    file=name,
                )
            ]
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, name, ident


def format_number(value: Fraction) -> str:
    """An exact number as the formats write it: ``3``, ``-1/2``, ``5/11``."""
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def unique_labels(raw: list[str]) -> tuple[str, ...]:
    """Action or strategy labels made non-empty and distinct.

    An empty label becomes its 1-based position; a label repeated within the list gets
    ``_1``, ``_2``, ... appended to each copy (skipping names already present), as Gambit does.
    """
    labels = [label if label != "" else str(i + 1) for i, label in enumerate(raw)]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    if all(c == 1 for c in counts.values()):
        return tuple(labels)
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label] == 1:
            out.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return tuple(out)


def player_ids(names: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Player ids and display names from the names in a file.

    The ids are the names when these are non-empty and distinct, else ``"1"``, ``"2"``, ...;
    the display names are the file's names, an empty one replaced by its id.
    """
    if all(names) and len(set(names)) == len(names):
        ids = tuple(names)
    else:
        ids = tuple(str(i + 1) for i in range(len(names)))
    return ids, tuple(name or ident for name, ident in zip(names, ids, strict=True))
