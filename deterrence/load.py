"""``load``: a game from a spec file, a Gambit file, or the id of a bundled model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from deterrence.errors import Diagnostic, SpecError, did_you_mean

if TYPE_CHECKING:
    # Only named in annotations: the game classes pull in sympy, which `import deterrence`
    # (bound to `load` eagerly) must not pay for.
    from deterrence.game.normal_form import NormalFormGame
    from deterrence.game.tree import ExtensiveGame

SPEC_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
GAMBIT_SUFFIXES = (".efg", ".nfg")


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
