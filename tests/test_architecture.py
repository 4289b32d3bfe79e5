"""The house keeps its shape: imports run down the layers, no circle, no private name crosses
a module, and the code map (docs/explanation/architecture.md) names every module there is.

The layers, bottom first, are those of docs/explanation/architecture.md: a module may import
from its own package and from packages in lower layers only (imports for type checking
excepted: they never run).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "deterrence"
MAP = ROOT / "docs" / "explanation" / "architecture.md"

#: Bottom first. Packages (or top-level modules) in one tuple are one layer; they must not
#: import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "optional", "version"),
    ("exact", "concepts", "limits", "datasets"),
    ("game",),
    ("spec", "formats"),
    ("load",),
    ("solvers",),
    ("analysis", "estimation"),
    ("sweeps",),
    ("report",),
    ("tables", "figures"),
    ("cli",),
    ("__init__", "__main__"),
)
LAYER = {part: k for k, layer in enumerate(LAYERS) for part in layer}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _part(module: str) -> str:
    """The layer key of a module: its subpackage, or its own name at the top level."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def _imports(path: Path) -> list[tuple[int, str, list[str], bool]]:
    """(line, module, names, at module level) of every import of the package that runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("deterrence")
        ):
            found.append((node.lineno, node.module, [a.name for a in node.names], id(node) in top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("deterrence"):
                    found.append((node.lineno, alias.name, [], id(node) in top))
    return found


def _target(module: str, name: str) -> str:
    """The module an import reaches: ``from a.b import c`` reaches ``a.b.c`` if that is one."""
    candidate = f"{module}.{name}" if name else module
    while candidate and candidate not in MODULES:
        candidate = candidate.rpartition(".")[0]
    return candidate


def test_every_layer_of_the_map_is_a_part_of_the_package() -> None:
    parts = {_part(m) for m in MODULES}
    assert parts <= set(LAYER), f"not in any layer: {sorted(parts - set(LAYER))}"


def test_imports_run_down_the_layers() -> None:
    upward = []
    for module, path in MODULES.items():
        here = _part(module)
        for line, imported, names, _ in _imports(path):
            for name in names or [""]:
                there = _part(_target(imported, name))
                if there == here:
                    continue
                if LAYER[there] >= LAYER[here]:
                    upward.append(f"{path.relative_to(ROOT)}:{line}: {here} -> {there}")
    assert not upward, "imports that do not run down the house:\n" + "\n".join(upward)


def test_no_private_name_is_imported_across_modules() -> None:
    found = []
    for path in MODULES.values():
        for line, imported, names, _ in _imports(path):
            for name in names:
                if name.startswith("_") and name != "__version__":
                    found.append(f"{path.relative_to(ROOT)}:{line}: {imported}.{name}")
    assert not found, "\n".join(found)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


@pytest.mark.parametrize("lazy", [False, True], ids=["module level", "with deferred imports"])
def test_no_import_circle(lazy: bool) -> None:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = set()
        for _, imported, names, at_top in _imports(path):
            if at_top or lazy:
                targets.update(_target(imported, n) for n in names or [""])
        graph[module] = {t for t in targets if t and t != module and t != "deterrence"}
    assert _cycles(graph) == []


def test_the_code_map_names_every_module_and_only_those() -> None:
    text = MAP.read_text(encoding="utf-8")
    named = set(re.findall(r"`(deterrence/[A-Za-z0-9_/]+\.py)`", text))
    actual = {str(p.relative_to(ROOT)) for p in MODULES.values()}
    assert actual - named == set(), f"modules missing from the map: {sorted(actual - named)}"
    assert named - actual == set(), (
        f"the map names modules that do not exist: {sorted(named - actual)}"
    )
