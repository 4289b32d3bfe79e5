"""``load``: a game from a spec file, a Gambit file, or the id of a bundled model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from deterrence.errors import Diagnostic, SpecError, did_you_mean

if TYPE_CHECKING:
    # Only named in annotations: the game classes pull in sympy, which `import deterrence`
    # (bound to `load` eagerly) must not pay for.
    from deterrence.game import Game
    from deterrence.game.normal_form import NormalFormGame
    from deterrence.game.tree import ExtensiveGame
    from deterrence.spec import LoadedSpec

SPEC_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
GAMBIT_SUFFIXES = (".efg", ".nfg")
#: The formats of a game given as text (:func:`load_text`): spec formats, then Gambit's.
TEXT_FORMATS = ("toml", "yaml", "json", "efg", "nfg")


def bundled_models() -> dict[str, Path]:
    """The models shipped with the library: id -> path of its spec."""
    # importlib.resources pulls in tempfile, zipfile and more, which `import deterrence` and
    # `deterrence --help` (both import this module) should not pay for.
    from importlib import resources

    folder = resources.files("deterrence.bundled_models")
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            found[entry.name[: -len(".toml")]] = Path(str(entry))
    return dict(sorted(found.items()))


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name the system refuses (too long, a NUL byte) is a clear
    error rather than a traceback."""
    try:
        return path.exists()
    except (OSError, ValueError) as error:
        name = os.fspath(path)
        shown = name if len(name) <= 80 else f"{name[:60]}... ({len(name):,} characters)"
        reason = getattr(error, "strerror", None) or str(error)
        raise SpecError(
            [
                Diagnostic(
                    f"cannot use this file name: {reason}",
                    file=shown,
                    suggestion="give a shorter path, or cd to the folder of the file first",
                )
            ]
        ) from None


def load(source: str | os.PathLike[str]) -> ExtensiveGame | NormalFormGame:
    """Load a game.

    Parameters
    ----------
    source : str or path
        A spec file (``.toml``, ``.yaml``, ``.json``), a Gambit file (``.efg``, ``.nfg``), or
        the id of a bundled model (see ``deterrence models``).

    Raises
    ------
    SpecError
        If the file is invalid (every problem is listed) or no such file or model exists.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("extended-deterrence")
    >>> game.players
    ('A', 'P', 'D')
    """
    path = Path(source)
    suffix = path.suffix.lower()
    if not _exists(path):
        models = bundled_models()
        if str(source) in models:
            path, suffix = models[str(source)], ".toml"
        else:
            hint = did_you_mean(str(source), models)
            raise SpecError(
                [
                    Diagnostic(
                        f"no such file, and no bundled model of that name; bundled models: "
                        f"{', '.join(models)}",
                        file=str(source),
                        suggestion=hint,
                    )
                ]
            )
    if path.is_dir():
        raise SpecError([Diagnostic("is a folder, not a game file", file=str(source))])
    if suffix in SPEC_SUFFIXES:
        from deterrence.spec import load_spec

        return load_spec(path)
    if suffix == ".efg":
        from deterrence.formats import read_efg

        return read_efg(path)
    if suffix == ".nfg":
        from deterrence.formats import read_nfg

        return read_nfg(path)
    raise SpecError(
        [
            Diagnostic(
                f"unknown file type `{suffix or '(none)'}`; expected one of "
                + ", ".join(SPEC_SUFFIXES + GAMBIT_SUFFIXES),
                file=str(source),
            )
        ]
    )


def as_loaded(
    source: Game | LoadedSpec | str | os.PathLike[str],
) -> LoadedSpec:
    """A game with its scenarios: a game as it is (no scenarios), a spec file or the id of a
    bundled model read with its ``[scenarios]``, a Gambit file without any (for tables and
    model reports, which show every scenario)."""
    from deterrence.game import Game
    from deterrence.spec import LoadedSpec, read_spec

    if isinstance(source, LoadedSpec):
        return source
    if isinstance(source, Game):
        return LoadedSpec(source)
    path = Path(source)
    if path.is_file() and path.suffix.lower() in SPEC_SUFFIXES:
        return read_spec(path)
    if not path.exists() and str(source) in bundled_models():
        return read_spec(bundled_models()[str(source)])
    # load() reports every other case (Gambit files, folders, unknown names) in its own words.
    return LoadedSpec(load(source))


def text_format(text: str) -> str:
    r"""The format of a game's text, told from its first characters: Gambit's files start with
    ``EFG`` or ``NFG``, JSON with ``{``, YAML documents often with ``---``; anything else is
    read as TOML (the first spec format).

    >>> text_format("EFG 2 R \"entry\" { \"1\" \"2\" }")
    'efg'
    >>> text_format('  {"model": {"id": "m"}}')
    'json'
    >>> text_format("[model]\nid = 'm'")
    'toml'
    """
    head = text.lstrip("\ufeff \t\r\n\f\v")
    for start, kind in (("EFG", "efg"), ("NFG", "nfg"), ("{", "json"), ("---", "yaml")):
        if head.startswith(start):
            return kind
    return "toml"


def limit_of(format: str) -> str:
    """The name of the limit on the size of a game's text in ``format``: ``file_bytes`` for spec
    files, ``gambit_file_bytes`` for Gambit's."""
    return "gambit_file_bytes" if format in ("efg", "nfg") else "file_bytes"


def read_text(text: str, *, name: str = "<string>", format: str | None = None) -> LoadedSpec:
    r"""A game, with its scenarios, from text already in memory (standard input, for one).

    Parameters
    ----------
    text : str
        A spec (TOML, YAML, JSON) or a Gambit file (``.efg``, ``.nfg``).
    name : str
        The text's name in messages, e.g. ``<stdin>``.
    format : str, optional
        One of :data:`TEXT_FORMATS`; by default told from the text (:func:`text_format`).

    Raises
    ------
    SpecError
        If the text is invalid (every problem is listed) or the format unknown.

    Examples
    --------
    >>> read_text("[model]\nid = 'm'\n[players]\nA = 'A'", name="<stdin>").game
    Traceback (most recent call last):
    ...
    deterrence.errors.SpecError: 1 problem found:
      <stdin>: ...
    """
    kind = format or text_format(text)
    if kind not in TEXT_FORMATS:
        raise SpecError(
            [
                Diagnostic(
                    f"unknown format `{kind}`; expected one of {', '.join(TEXT_FORMATS)}",
                    file=name,
                )
            ]
        )
    from deterrence.spec import LoadedSpec, read_spec

    if kind == "efg":
        from deterrence.formats import read_efg

        return LoadedSpec(read_efg(name, text=text))
    if kind == "nfg":
        from deterrence.formats import read_nfg

        return LoadedSpec(read_nfg(name, text=text))
    return read_spec(name, text=text, format=kind)


def load_text(
    text: str, *, name: str = "<string>", format: str | None = None
) -> ExtensiveGame | NormalFormGame:
    """The game of :func:`read_text`, without its scenarios."""
    return read_text(text, name=name, format=format).game
