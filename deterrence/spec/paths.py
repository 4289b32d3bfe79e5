"""Key paths inside a spec document: tuples of keys and list indices, shown TOML-style."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def show_path(path: Path) -> str:
    """Show a path: ``("tree", "n", "actions", "status quo")`` -> ``tree.n.actions."status quo"``.

    Keys that are not bare TOML keys are quoted; list indices are shown as ``[i]``.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        key = part if _BARE.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
        text += ("." if text else "") + key
    return text
