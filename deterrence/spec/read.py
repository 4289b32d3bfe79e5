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
        column = int(found.group(2)) if found else None
        if found:
            detail += f" (column {found.group(2)})"
        hint = None
        if line is not None:
            rows = text.splitlines()
            try:
                row = rows[line - 1] if 0 < line <= len(rows) else ""
                hint = toml_hint(row, column, _section_of(rows, line))
            except Exception:  # a hint is a courtesy: never let it hide the error itself
                hint = None
        raise _fail(f"TOML syntax error: {detail}", file, line, hint) from None
    except RecursionError:
        raise _fail("TOML syntax error: values nested too deeply", file) from None
    except Exception as error:  # e.g. an integer with too many digits
        raise _fail(f"TOML syntax error: {error}", file) from None
    return Document(data, file, _LazyLines(text))


# --- hints for the usual TOML slips ---------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: Keys whose values are ids, labels or texts.
_TEXT_KEYS = frozenset(
    {"id", "title", "description", "source", "doc", "role", "kind", "root", "player", "to"}
    | {"holder", "at", "promise", "threat", "payer", "infoset", "actions", "strategies"}
)
#: Keys whose values are numbers (a fraction is written as a string).
_NUMBER_KEYS = frozenset({"value", "min", "max"})
#: Keys whose values are formulas other than payoffs.
_FORMULA_KEYS = {
    "prob": "probabilities are expressions: quote them",
    "credibility": "a credibility is an expression: quote it",
    "amount": "a cost's amount is an expression: quote it",
}
# Characters of a formula written without quotes (names, numbers, operators, brackets).
_FORMULA = re.compile(r"[A-Za-z0-9_.+\-*/^() ,<>=!]+")
_WORDS_APART = re.compile(r"[A-Za-z0-9_.)]\s+[A-Za-z0-9_.(]")
_WORD = re.compile(r"[A-Za-z0-9_-]+")


def _scan(line: str) -> tuple[list[tuple[int, str]], str | None, int]:
    """The characters of a TOML line outside strings and comments, with their offsets; the
    quote of a string the line opens without closing (None if every string is closed, or if a
    multi-line string may go on); and where the comment starts (the line's length if none)."""
    out: list[tuple[int, str]] = []
    quote = None
    last = ""  # the last character outside strings that is not a space
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                quote, last = None, char
        elif char in "\"'" and last in ("", "=", "[", "{", ",", "."):
            # A quote opens a string where a key or a value starts; elsewhere, as in the
            # unquoted text `the defender's pledge`, it is a character like any other.
            if line.startswith(char * 3, index):
                return out, None, len(line)
            quote = char
        elif char == "#":
            return out, None, index
        else:
            out.append((index, char))
            if not char.isspace():
                last = char
        index += 1
    return out, quote, len(line)


def _quote_key(key: str) -> str:
    """A TOML key with each dotted part that is not a bare key quoted."""
    parts = [part.strip() for part in key.split(".")]
    return ".".join(
        part if _BARE_KEY.fullmatch(part) or part[:1] in "\"'" else f'"{part}"' for part in parts
    )


def _last_part(key: str) -> str:
    return key.split(".")[-1].strip().strip("\"'")


def _pair(line: str, column: int | None) -> tuple[str, str | None, str]:
    """The ``key = value`` pair of ``line`` where the parser stopped (at ``column``, counted
    from 1), inside inline tables too: its key text, its value text (None when the pair has
    no `=` before the column: the parser stopped in its key), and the key of the inline table
    that holds it ("" at the top of the line)."""
    chars, _, comment = _scan(line)
    stop = len(line) if column is None else column - 1

    def start_of(offset: int) -> int:
        """Where the pair that reaches ``offset`` starts: after a `{` or a `,`."""
        return max((i + 1 for i, ch in chars if ch in "{," and i < offset), default=0)

    start = start_of(stop)
    opened: list[int] = []
    for i, ch in chars:
        if i >= start:
            break
        if ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            opened.pop()
    outer = ""
    if opened:
        head = line[start_of(opened[-1]) : opened[-1]].strip()
        outer = _last_part(head.removesuffix("=")) if head.endswith("=") else ""
    equals = [i for i, ch in chars if ch == "=" and start <= i < stop]
    if not equals:
        # The parser stopped in the key: the pair up to its end.
        end = next((i for i, ch in chars if i >= stop and opened and ch in ",}"), comment)
        return line[start:end].strip(), None, outer
    at = equals[0]
    depth = 0
    end = comment
    for i, ch in chars:
        if i <= at:
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif opened and depth <= 0 and ch in ",}":
            end = i
            break
    return line[start:at].strip(), line[at + 1 : end].strip(), outer


def _is_toml_value(value: str) -> bool:
    try:
        tomllib.loads(f"x = {value}")
    except Exception:
        return False
    return True


def _unquoted_value_hint(key: str, value: str, outer: str, section: str) -> str | None:
    """A hint for a value written without the quotes TOML needs: a formula, a fraction, an
    id or a text, or labels in a list."""
    if not value or value[0] == "{" or _is_toml_value(value):
        return None
    if value[0] in "\"'":
        # A string, then more: its closing quote is missing earlier on ("war, b = "x").
        return f"a string on this line is missing its closing quote `{value[0]}`"
    key = key or "key"
    if value[-1] in "\"'":
        return f"the string is missing its opening quote: {key} = {value[-1]}{value}"
    if value.startswith("["):
        inner = value[1:].rstrip().removesuffix("]")
        labels = [part.strip() for part in inner.split(",") if part.strip()]
        if labels and all(_WORD.fullmatch(label) for label in labels):
            listed = ", ".join(f'"{label}"' for label in labels)
            return f"labels in a list are written in quotes: {key} = [{listed}]"
        return None
    written = f'{key} = "{value}"'
    name = _last_part(key)
    top = _last_part(section.split(".")[0]) if section else ""
    if not _FORMULA.fullmatch(value) or _WORDS_APART.search(value):
        return f"text is written in quotes in TOML: {written}"
    if (
        name in _TEXT_KEYS
        or outer in ("actions", "strategies")
        or top in ("model", "players")
        or (section == "matrix.payoffs" and not outer)
    ):
        return f"ids, labels and texts are written in quotes in TOML: {written}"
    if name in _NUMBER_KEYS or top in ("parameters", "scenarios"):
        return f"a fraction or a formula is written in quotes in TOML: {written}"
    for what in (name, outer):
        if what in _FORMULA_KEYS:
            return f"{_FORMULA_KEYS[what]}, {written}"
    return f"payoffs are expressions: quote them, {written}"


def toml_hint(line: str, column: int | None, section: str = "") -> str | None:
    """A hint for a TOML syntax error, from the text of the line it is on, the parser's column
    (from 1) and the table it is in (``section``, as its header gives it): the usual slips of
    people writing a spec by hand.

    Examples
    --------
    >>> toml_hint("A = -cA", 5, "outcomes.war")
    'payoffs are expressions: quote them, A = "-cA"'
    >>> toml_hint('actions = { a = "x",', 21, "tree.start").split(";")[0]
    'an inline table { ... } must be on one line in TOML'
    >>> toml_hint("status quo = 1", 8)
    'a key with spaces must be quoted: "status quo" = 1'
    >>> toml_hint('title = "Extended', 18)
    'the string is missing its closing quote `"`: title = "Extended"'
    >>> toml_hint('title "Extended"', 7)
    'a key and its value are joined by `=`: title = "Extended"'
    """
    stripped = line.strip()
    if not stripped:
        return None
    chars, quote, _ = _scan(line)
    if quote is not None:
        opening = re.match(r"[A-Za-z0-9_.-]+[ \t]*=[ \t]*" + quote, stripped)
        if opening is not None and not any(c in stripped[opening.end() :] for c in "#\"'"):
            return f"the string is missing its closing quote `{quote}`: {stripped}{quote}"
        return f"a string on this line is missing its closing quote `{quote}`"
    if stripped.startswith("["):
        return _header_hint(stripped)
    opened = sum(ch == "{" for _, ch in chars) - sum(ch == "}" for _, ch in chars)
    rest = "" if column is None else line[column - 1 :].split("#")[0].strip()
    if opened > 0 and (not rest or rest.startswith(",")):
        return (
            "an inline table { ... } must be on one line in TOML; write it on one line or use a "
            "[table] section"
        )
    if (
        column is not None
        and 0 < column <= len(line)
        and line[column - 1] == "}"
        and line[: column - 1].rstrip().endswith(",")
    ):
        return "TOML allows no comma after the last entry of an inline table: remove it"
    key, value, outer = _pair(line, column)
    if value is not None:
        if value.startswith("="):
            return f"a key takes its value with a single `=`: {key} = {value.lstrip('=').strip()}"
        if " " in key and key[:1] not in "\"'":
            return f"a key with spaces must be quoted: {_quote_key(key)} = {value}"
        return _unquoted_value_hint(key, value, outer, section)
    # The parser stopped in a key: a key with spaces, or a pair without its `=`.
    if "=" in key:
        name, value = (part.strip() for part in key.split("=", 1))
        if " " in name and name[:1] not in "\"'":
            return f"a key with spaces must be quoted: {_quote_key(name)} = {value}"
        return None
    word = re.match(r"([A-Za-z0-9_-]+)[ \t]*(:)?[ \t]*(.*)", key)
    if word is None:
        return None
    name, colon, value = word.group(1), word.group(2), word.group(3).strip()
    if colon:
        return f"TOML writes key = value, not key: value: {name} = {value}".rstrip()
    if value:
        return f"a key and its value are joined by `=`: {name} = {value}"
    return f'a key needs `=` and a value after it: {name} = "..."'


def _header_hint(header: str) -> str | None:
    """A hint for a table header: a key with spaces, or a missing `]`."""
    inner = header.strip("[]").strip()
    if "]" not in header:
        return f"a table header ends with `]`: [{inner}]"
    balanced = header.count("[") == header.count("]")
    if balanced and " " in inner and not any(q in inner for q in "\"'"):
        return f"a key with spaces must be quoted: [{_quote_key(inner)}]"
    return None


def _section_of(rows: list[str], line: int) -> str:
    """The table header above line ``line`` (counted from 1), without its brackets."""
    for row in reversed(rows[: line - 1]):
        text = row.strip()
        if text.startswith("["):
            return text.strip("[]").split("]")[0].strip()
    return ""


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
    _refuse_surrogates(data, file, lines)
    return Document(data, file, lines, _duplicates(duplicates, file))


def _refuse_surrogates(data: object, file: str, lines: Mapping[Path, int]) -> None:
    """Refuse a string holding a lone surrogate (JSON's and YAML's ``\\ud800`` escapes make
    one; TOML refuses them itself): no text can be written with it, so every report would fail.
    The walk is iterative, since the parsers allow nesting deeper than Python's stack."""
    stack: list[tuple[Path, object]] = [((), data)]
    seen: set[int] = set()  # YAML aliases share objects: each is walked once (alias bombs)
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                continue
            seen.add(id(value))
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts = [key for key in value if isinstance(key, str)]
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
        for text in texts:
            if any("\ud800" <= char <= "\udfff" for char in text):
                where = show_path(path) or "the document"
                line = next(
                    (lines[path[:end]] for end in range(len(path), 0, -1) if path[:end] in lines),
                    None,
                )
                raise _fail(
                    f"{where}: a text holds a lone surrogate escape (such as \\ud800), which "
                    "is not a character and cannot be printed",
                    file,
                    line,
                    hint="remove the escape, or write the character itself in UTF-8",
                )


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
    _refuse_surrogates(data, file, lines)
    return Document(data, file, lines, _duplicates(duplicates, file))
