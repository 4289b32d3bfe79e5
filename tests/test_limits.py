"""Limits by design: inputs that used to hang the tool now end with a clear answer.

Each hang is guarded by a CPU-time limit on a subprocess (generous: the work takes a few
seconds), never by the wall clock; the answers themselves are asserted exactly.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import deterrence as dt
from deterrence.errors import SpecError
from deterrence.spec import load_spec
from deterrence.spec.schema import MAX_KEY_DEPTH

#: CPU seconds a guarded subprocess may use before the kernel stops it.
CPU_LIMIT = 120


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run_limited(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deterrence", *args],
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"},
    )


def binary_tree(depth: int) -> str:
    """A complete binary tree whose payoffs are all equal: every action ties everywhere, so
    it has 2**(2**depth - 1) pure SPE."""
    lines = ['[model]\nid = "ties"\n[players]\nA = "a"\nB = "b"\n[tree]\nroot = "x"\n']
    leaves = []

    def node(name: str, level: int) -> None:
        children = [name + "l", name + "r"]
        if level + 1 == depth:
            targets = ["T" + c for c in children]
            leaves.extend(targets)
        else:
            targets = children
        lines.append(
            f'[tree.{name}]\nplayer = "{"AB"[level % 2]}"\n'
            f'actions = {{ left = "{targets[0]}", right = "{targets[1]}" }}\n'
        )
        if level + 1 < depth:
            for child in children:
                node(child, level + 1)

    node("x", 0)
    lines.extend(f'[outcomes.{leaf}]\nA = "0"\nB = "0"\n' for leaf in leaves)
    return "".join(lines)


def test_exponentially_many_tied_spe_end_with_a_partial_answer(tmp_path: Path) -> None:
    spec = tmp_path / "ties.toml"
    spec.write_text(binary_tree(12))
    done = run_limited("solve", str(spec), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["complete"] is False
    assert 1 <= len(result["equilibria"]) <= 100
    assert all(e["regret"] == 0 and e["subgame_perfect"] for e in result["equilibria"])
    assert any("stopped enumerating pure subgame-perfect equilibria" in n for n in result["notes"])


def test_a_small_tie_is_still_enumerated_completely(tmp_path: Path) -> None:
    spec = tmp_path / "ties.toml"
    spec.write_text(binary_tree(3))
    result = dt.solve(dt.load(str(spec)))
    # Seven tied decision nodes: 2**7 = 128 pure SPE, more than the 100 listed.
    assert not result.complete and len(result.equilibria) == 100
    assert any("128 pure SPE" in note for note in result.notes)
    spec.write_text(binary_tree(2))
    result = dt.solve(dt.load(str(spec)))
    assert result.complete and len(result.equilibria) == 8


def test_a_named_pipe_is_refused_without_reading(tmp_path: Path) -> None:
    pipe = tmp_path / "model.toml"
    os.mkfifo(pipe)
    done = run_limited("check", str(pipe))
    assert done.returncode == 2
    assert "not a regular file (a named pipe)" in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "model.toml"
    link.symlink_to("/dev/zero")
    done = run_limited("solve", str(link))
    assert done.returncode == 2
    assert "not a regular file (a device or special file)" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_dotted_header_too_deep_is_refused_before_parsing() -> None:
    text = "[" + ".".join(["a"] * 100_000) + "]\nx = 1\n"
    with pytest.raises(SpecError) as info:
        load_spec("deep.toml", text=text)
    (diagnostic,) = info.value.diagnostics
    assert f"nested more than {MAX_KEY_DEPTH} levels deep" in diagnostic.message
    assert diagnostic.line == 1


def test_the_key_depth_limit_is_exact() -> None:
    # MAX_KEY_DEPTH parts pass this check (and fail later only as an unknown table);
    # one more part is refused here.
    for parts, refused in ((MAX_KEY_DEPTH, False), (MAX_KEY_DEPTH + 1, True)):
        text = "[" + ".".join(["a"] * parts) + "]\nx = 1\n"
        with pytest.raises(SpecError) as info:
            load_spec("deep.toml", text=text)
        deep = any("levels deep" in d.message for d in info.value.diagnostics)
        assert deep is refused, parts


def test_dots_inside_quoted_keys_and_values_do_not_count() -> None:
    dots = ".".join(["x"] * (MAX_KEY_DEPTH + 5))
    text = f'[model]\nid = "m"\ndescription = "{dots}"\n["{dots}"]\n'
    with pytest.raises(SpecError) as info:
        load_spec("quoted.toml", text=text)
    assert all("levels deep" not in d.message for d in info.value.diagnostics)
