"""Reading a spec: TOML, YAML or JSON text into plain data, with a key-path -> line map.

Every failure (missing file, unknown format, syntax error, file too large) becomes a SpecError
with one Diagnostic that names the file and, where the parser says, the line.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.spec.locate import json_lines, toml_lines, yaml_lines
from deterrence.spec.paths import Path, show_path

FORMATS = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}

_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Document:
    """A parsed spec: its data, where it came from and where its keys are."""

    data: object
    file: str | None = None
    lines: Mapping[Path, int] = field(default_factory=dict)
    #: Problems found while reading that do not stop validation (duplicate YAML/JSON keys).
    problems: tuple[Diagnostic, ...] = ()

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, else of its closest enclosing key that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


class _LazyLines(Mapping[Path, int]):
    """The line map of a TOML text, made on first use: only a spec with a problem needs it,
    and making it costs as much as parsing the text."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lines: dict[Path, int] = {}

    def _made(self) -> dict[Path, int]:
        if self._text is not None:
            self._lines, self._text = toml_lines(self._text), None
        return self._lines

    def __getitem__(self, path: Path) -> int:
        return self._made()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


def _fail(message: str, file: str | None, line: int | None = None, hint: str | None = None):
    return SpecError([Diagnostic(message, file=file, line=line, suggestion=hint)])


def format_of(source: str, format: str | None) -> str:
    """``toml``, ``yaml`` or ``json``: as given, else from the file name's suffix."""
    if format is not None:
        name = str(format).lower().lstrip(".")
        name = "yaml" if name == "yml" else name
        if name not in ("toml", "yaml", "json"):
            raise _fail(
                f"unknown spec format `{format}`; expected toml, yaml or json",
                source,
                hint=did_you_mean(name, ("toml", "yaml", "json")),
            )
        return name
    suffix = PurePath(source).suffix.lower()
    if suffix not in FORMATS:
        raise _fail(
            f"cannot tell the format from the file name (suffix `{suffix}`); "
            "expected .toml, .yaml, .yml or .json",
            source,
            hint=did_you_mean(suffix, FORMATS),
        )
    return FORMATS[suffix]


def read_text(source: str) -> str:
    """The text of the file ``source``, refusing files over the size limit and anything that
    is not a regular file (a named pipe would block the read forever, a device never ends)."""
    try:
        info = os.stat(source)
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a named pipe"
                if stat.S_ISFIFO(info.st_mode)
                else "a directory"
                if stat.S_ISDIR(info.st_mode)
                else "a device or special file"
            )
            raise _fail(f"not a regular file ({kind}); give the path of a spec file", source)
        size = info.st_size
        most = limits.count("file_bytes")
        if size > most:
            raise _fail(
                f"file too large: {size:,} bytes; a spec may have at most {most:,} "
                f"({limits.message('file_bytes')})",
                source,
            )
        with open(source, encoding="utf-8") as handle:
            return handle.read(most + 1)
    except UnicodeDecodeError as error:
        raise _fail(f"not UTF-8 text: {error.reason} at byte {error.start}", source) from None
    except OSError as error:
        raise _fail(f"cannot read the file: {error.strerror or error}", source) from None


def read_document(
    source: str | os.PathLike[str], *, text: str | None = None, format: str | None = None
) -> Document:
    """Parse a spec file, or ``text`` with ``source`` as its name in messages."""
    name = os.fspath(source) if isinstance(source, str | os.PathLike) else str(source)
    if format is None and text is not None and not PurePath(name).suffix:
        format = "toml"  # text under a name such as "<inline>": TOML, the first format
    kind = format_of(name, format)
    if text is None:
        text = read_text(name)
    if not isinstance(text, str):
        raise _fail(f"spec text must be a string, not {type(text).__name__}", name)
    most = limits.count("file_bytes")
    if len(text) > most or len(text.encode("utf-8", "replace")) > most:
        raise _fail(
            f"spec too large: a spec may have at most {most:,} bytes "
            f"({limits.message('file_bytes')})",
            name,
        )
    text = text.removeprefix("\ufeff")
    if kind == "toml":
        return _read_toml(text, name)
    if kind == "yaml":
        return _read_yaml(text, name)
    return _read_json(text, name)


def _duplicates(found: list[tuple[Path, int]], file: str) -> tuple[Diagnostic, ...]:
    return tuple(
        Diagnostic(
            f"duplicate key `{path[-1]}`; each key may appear once in a table",
            show_path(path),
            file,
            line,
        )
        for path, line in found
    )


def _deep_key_line(text: str) -> int | None:
    """The first line whose dotted key (a table header or a key) has more than
    limit ``key_depth`` parts, or None. Checked on the text, before parsing: the parser and
    the line map both take time quadratic in a key's length."""
    most = limits.count("key_depth")
    for number, line in enumerate(text.splitlines(), 1):
        # A key of more than `most` parts has at least `most` dots.
        if line.count(".") < most:
            continue
        quote = None
        dots = 0
        for char in line.lstrip().lstrip("["):
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == ".":
                dots += 1
            elif char in "=]":
                break
        if dots >= most:
            return number
    return None


def _read_toml(text: str, file: str) -> Document:
    deep = _deep_key_line(text)
    if deep is not None:
        raise _fail(
            f"a dotted key is nested more than {limits.count('key_depth')} levels deep; no spec "
            f"table is nested that deep ({limits.message('key_depth')})",
            file,
            deep,
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_AT.search(message)
        line = int(found.group(1)) if found else None
        if "at end of document" in message:
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
        detail = _TOML_AT.sub("", message).replace("(at end of document)", "").strip()
        if found:
            detail += f" (column {found.group(2)})"
        raise _fail(f"TOML syntax error: {detail}", file, line) from None
    except RecursionError:
        raise _fail("TOML syntax error: values nested too deeply", file) from None
    except Exception as error:  # e.g. an integer with too many digits
        raise _fail(f"TOML syntax error: {error}", file) from None
    return Document(data, file, _LazyLines(text))


def _read_yaml(text: str, file: str) -> Document:
    try:
        import yaml
    except ImportError:
        raise _fail(
            "reading YAML specs needs PyYAML, which is not installed",
            file,
            hint="install the `yaml` extra: pip install deterrence[yaml]",
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise _fail(f"YAML syntax error: {problem}", file, line) from None
    except RecursionError:
        raise _fail("YAML syntax error: values nested too deeply", file) from None
    except Exception as error:
        raise _fail(f"YAML syntax error: {error}", file) from None
    lines, duplicates = yaml_lines(text)
    return Document(data, file, lines, _duplicates(duplicates, file))


def _read_json(text: str, file: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(
            f"JSON syntax error: {error.msg} (column {error.colno})", file, error.lineno
        ) from None
    except RecursionError:
        raise _fail("JSON syntax error: values nested too deeply", file) from None
    except Exception as error:
        raise _fail(f"JSON syntax error: {error}", file) from None
    lines, duplicates = json_lines(text)
    return Document(data, file, lines, _duplicates(duplicates, file))
