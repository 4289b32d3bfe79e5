"""Where keys are: best-effort maps from key paths to line numbers, for TOML, YAML and JSON.

The parsers give values but no positions (tomllib) or positions in a form of their own, so each
format gets a small scanner run on text that has already parsed. The scanners never raise: a map
that misses a key only costs a line number in a message.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from deterrence.spec.paths import Path

_MAX_DEPTH = 64
_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _TomlScanner:
    """Records the line of every table header, key (dotted or in an inline table) and array item."""

    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.array_tables: dict[Path, int] = {}

    def record(self, path: Path) -> None:
        for end in range(1, len(path) + 1):
            self.lines.setdefault(path[:end], self.line)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def skip_blank(self, newlines: bool) -> None:
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\r":
                self.i += 1
            elif c == "\n" and newlines:
                self.line += 1
                self.i += 1
            elif c == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def skip_line(self) -> None:
        while self.i < len(self.s) and self.s[self.i] != "\n":
            self.i += 1

    def run(self) -> dict[Path, int]:
        table: Path = ()
        while self.i < len(self.s):
            start = self.i
            self.skip_blank(newlines=True)
            if self.i >= len(self.s):
                break
            if self.peek() == "[":
                array = self.peek(1) == "["
                self.i += 2 if array else 1
                self.skip_blank(newlines=False)
                keys = self.key()
                table = keys
                if array:
                    index = self.array_tables.get(keys, -1) + 1
                    self.array_tables[keys] = index
                    table = (*keys, index)
                self.record(table)
                self.skip_line()
            else:
                keys = self.key()
                self.skip_blank(newlines=False)
                if keys and self.peek() == "=":
                    self.i += 1
                    self.record(table + keys)
                    self.value(table + keys, 0)
                self.skip_blank(newlines=False)
                self.skip_line()
            if self.i == start:
                self.i += 1
        return self.lines

    def key(self) -> Path:
        parts: list[str] = []
        while self.i < len(self.s):
            self.skip_blank(newlines=False)
            c = self.peek()
            if c == '"':
                parts.append(_decode_basic(self.basic_string()))
            elif c == "'":
                parts.append(self.literal_string())
            elif c in _BARE_KEY:
                start = self.i
                while self.peek() and self.peek() in _BARE_KEY:
                    self.i += 1
                parts.append(self.s[start : self.i])
            else:
                break
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                break
            self.i += 1
        return tuple(parts)

    def basic_string(self) -> str:
        """A one-line basic string; the cursor is on the opening quote. Returns the raw body."""
        self.i += 1
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in '"\n':
            self.i += 2 if self.s[self.i] == "\\" else 1
        body = self.s[start : self.i]
        if self.peek() == '"':
            self.i += 1
        return body

    def literal_string(self) -> str:
        self.i += 1
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in "'\n":
            self.i += 1
        body = self.s[start : self.i]
        if self.peek() == "'":
            self.i += 1
        return body

    def multiline(self, quote: str) -> None:
        self.i += 3
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and quote == '"':
                if self.peek(1) == "\n":
                    self.line += 1
                self.i += 2
                continue
            if c == "\n":
                self.line += 1
            if self.s.startswith(quote * 3, self.i):
                self.i += 3
                while self.peek() == quote:
                    self.i += 1
                return
            self.i += 1

    def value(self, path: Path, depth: int) -> None:
        self.skip_blank(newlines=False)
        c = self.peek()
        if depth > _MAX_DEPTH:
            self.skip_line()
        elif c == "{":
            self.i += 1
            while self.i < len(self.s):
                self.skip_blank(newlines=True)
                if self.peek() in ("}", ""):
                    self.i += 1
                    return
                start = self.i
                keys = self.key()
                self.skip_blank(newlines=False)
                if keys and self.peek() == "=":
                    self.i += 1
                    self.record(path + keys)
                    self.value(path + keys, depth + 1)
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.i += 1
                if self.i == start:
                    self.i += 1
        elif c == "[":
            self.i += 1
            index = 0
            while self.i < len(self.s):
                self.skip_blank(newlines=True)
                if self.peek() in ("]", ""):
                    self.i += 1
                    return
                start = self.i
                self.record((*path, index))
                self.value((*path, index), depth + 1)
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.i += 1
                if self.i == start:
                    self.i += 1
        elif self.s.startswith('"""', self.i) or self.s.startswith("'''", self.i):
            self.multiline(c)
        elif c == '"':
            self.basic_string()
        elif c == "'":
            self.literal_string()
        else:
            while self.peek() not in ("", ",", "]", "}", "#", "\n"):
                self.i += 1


def _decode_basic(body: str) -> str:
    try:
        decoded = json.loads('"' + body + '"')
    except ValueError:
        return body
    return decoded if isinstance(decoded, str) else body


def toml_lines(text: str) -> dict[Path, int]:
    """Line of each key path in TOML ``text`` (of the table header for tables)."""
    try:
        return _TomlScanner(text).run()
    except Exception:  # best effort: a missing line number is better than a crash
        return {}


def yaml_lines(text: str) -> tuple[dict[Path, int], list[tuple[Path, int]]]:
    """Line of each key path in YAML ``text``, and the (path, line) of every duplicate key."""
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int]] = []
    try:
        import yaml

        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is None:
            return lines, duplicates
        stack: list[tuple[Any, Path]] = [(root, ())]
        seen: set[int] = set()
        while stack:
            node, path = stack.pop()
            if id(node) in seen or len(path) > _MAX_DEPTH:
                continue
            seen.add(id(node))
            children: list[tuple[Any, Path]] = []
            if isinstance(node, yaml.MappingNode):
                keys: set[str] = set()
                for key_node, value_node in node.value:
                    key = str(key_node.value)
                    child = (*path, key)
                    line = key_node.start_mark.line + 1
                    if key in keys:
                        duplicates.append((child, line))
                    keys.add(key)
                    lines.setdefault(child, line)
                    children.append((value_node, child))
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    lines.setdefault((*path, index), item.start_mark.line + 1)
                    children.append((item, (*path, index)))
            stack.extend(reversed(children))  # in document order, so an anchor before its aliases
    except Exception:  # best effort, as above (RecursionError included)
        pass
    return lines, duplicates


def json_lines(text: str) -> tuple[dict[Path, int], list[tuple[Path, int]]]:
    """Line of each key path in JSON ``text``, and the (path, line) of every duplicate key."""
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int]] = []
    with contextlib.suppress(Exception):  # best effort, as above
        _scan_json(text, lines, duplicates)
    return lines, duplicates


class _Frame:
    __slots__ = ("index", "is_object", "key", "keys", "path")

    def __init__(self, path: Path, is_object: bool):
        self.path = path
        self.is_object = is_object
        self.key: str | None = None
        self.keys: set[str] = set()
        self.index = 0


def _scan_json(s: str, lines: dict[Path, int], duplicates: list[tuple[Path, int]]) -> None:
    stack: list[_Frame] = []
    i, line = 0, 1

    def value_path() -> Path | None:
        if not stack:
            return ()
        top = stack[-1]
        if top.is_object:
            return None if top.key is None else (*top.path, top.key)
        return (*top.path, top.index)

    def value_done() -> None:
        if stack and stack[-1].is_object:
            stack[-1].key = None

    while i < len(s):
        c = s[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r:":
            i += 1
        elif c == ",":
            if stack and not stack[-1].is_object:
                stack[-1].index += 1
            i += 1
        elif c in "{[":
            path = value_path()
            if path is None:
                path = ()
            lines.setdefault(path, line)
            stack.append(_Frame(path, c == "{"))
            i += 1
        elif c in "}]":
            if stack:
                stack.pop()
            value_done()
            i += 1
        elif c == '"':
            j = i + 1
            while j < len(s) and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            text = _decode_basic(s[i + 1 : j])
            i = j + 1
            top = stack[-1] if stack else None
            if top is not None and top.is_object and top.key is None:
                top.key = text
                path = (*top.path, text)
                if text in top.keys:
                    duplicates.append((path, line))
                top.keys.add(text)
                lines.setdefault(path, line)
            else:
                path_or_none = value_path()
                if path_or_none is not None:
                    lines.setdefault(path_or_none, line)
                value_done()
        else:
            path_or_none = value_path()
            if path_or_none is not None:
                lines.setdefault(path_or_none, line)
            while i < len(s) and s[i] not in ",]}\n \t\r":
                i += 1
            value_done()
