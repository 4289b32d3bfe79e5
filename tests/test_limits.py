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
from deterrence import limits
from deterrence.errors import SpecError
from deterrence.limits import default_count
from deterrence.spec import load_spec

MAX_KEY_DEPTH = default_count("key_depth")

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


# --- the limits as data: one table, settable from Python and the command line ---------------

DOC = Path(__file__).resolve().parents[1] / "docs" / "reference" / "limits.md"


def test_the_reference_page_lists_every_limit_with_its_default() -> None:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 5:
            rows[cells[0].strip("`")] = cells[1]
    expected = {
        limit.name: "none" if limit.default is None else f"{limit.default:,}"
        for limit in limits.LIMITS.values()
    }
    assert rows == expected


def test_override_holds_inside_the_block_only_and_checks_its_values() -> None:
    with limits.override(nodes=7, solve_seconds=1.5):
        assert limits.get("nodes") == 7 and limits.get("solve_seconds") == 1.5
        with limits.override(nodes=9):
            assert limits.current()["nodes"] == 9
        assert limits.get("nodes") == 7
    assert limits.get("nodes") == limits.LIMITS["nodes"].default
    assert limits.get("solve_seconds") is None
    with pytest.raises(limits.LimitError, match="did you mean `nodes`"):
        limits.override(nodez=3).__enter__()
    for bad in (0, -1, 2.5, "10", True):
        with pytest.raises(limits.LimitError):
            limits.override(nodes=bad).__enter__()  # type: ignore[arg-type]
    with pytest.raises(limits.LimitError):
        limits.override(solve_seconds=-1).__enter__()


def test_a_lowered_limit_refuses_a_bundled_model_naming_the_limit() -> None:
    with limits.override(players=2), pytest.raises(SpecError) as info:
        dt.load("extended-deterrence")
    # The root cause alone, not the problems that follow from not reading the rest.
    (diagnostic,) = info.value.diagnostics
    assert "too many players: 3; at most 2" in diagnostic.message
    assert "limit `players`" in diagnostic.message


def test_limits_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from deterrence.cli.main import main

    assert main(["check", "extended-deterrence", "--limit", "players=2"]) == 2
    assert "limit `players`; raise it with --limit players=N" in capsys.readouterr().err
    assert main(["--limit", "players=3", "check", "extended-deterrence"]) == 0
    capsys.readouterr()
    assert main(["check", "chicken", "--limit", "nodez=5"]) == 2
    assert "unknown limit `nodez`" in capsys.readouterr().err
    assert main(["check", "chicken", "--limit", "nodes"]) == 2
    assert "expected NAME=VALUE" in capsys.readouterr().err
    assert main(["limits", "--limit", "nodes=5"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in ("file_bytes", "vertex_work", "solve_seconds"))


def test_a_time_budget_of_zero_stops_backward_induction_with_one_verified_spe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from deterrence.cli.main import main

    spec = tmp_path / "ties.toml"
    spec.write_text(binary_tree(4))  # 2^15 tied SPE, enumerated in full without a budget
    assert main(["solve", str(spec), "--format", "json", "--time-limit", "0"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is False
    assert len(result["equilibria"]) == 1 and result["equilibria"][0]["regret"] == 0
    assert any("stopped after 0 s" in n and "--time-limit" in n for n in result["notes"])
    assert main(["solve", str(spec), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["equilibria"]) == 100


def degenerate_matrix(size: int, seed: int) -> str:
    """A size x size game with payoffs 0 or 1: highly degenerate."""
    import random

    rng = random.Random(seed)
    rows = ", ".join(f'"r{i}"' for i in range(size))
    cols = ", ".join(f'"c{j}"' for j in range(size))
    cells = "".join(
        f'"r{i}, c{j}" = {{ A = {rng.randint(0, 1)}, B = {rng.randint(0, 1)} }}\n'
        for i in range(size)
        for j in range(size)
    )
    return (
        f'[model]\nid = "m{size}"\n[players]\nA = "a"\nB = "b"\n[matrix]\n'
        f"strategies = {{ A = [{rows}], B = [{cols}] }}\n[matrix.payoffs]\n{cells}"
    )


def test_a_degenerate_30x30_game_ends_with_a_partial_answer(tmp_path: Path) -> None:
    # Issue: 20x20, 30x30 and 40x40 games with 0/1 payoffs ran for minutes. At the default
    # limits the vertex enumeration stops after a bounded amount of counted work.
    spec = tmp_path / "m30.toml"
    spec.write_text(degenerate_matrix(30, 1))
    done = run_limited("solve", str(spec), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["complete"] is False
    assert any("limit `vertex_work`" in n for n in result["notes"])
    assert result["equilibria"] and all(e["regret"] == 0 for e in result["equilibria"])


def test_a_polynomial_of_huge_degree_is_refused_before_evaluation(tmp_path: Path) -> None:
    # Issue: `(((p^64+p)^64+p)^64+p)^64` expands to degree 16,777,216; and a parameter as an
    # exponent, `(p + 1/7)^q` at q = 10^7, is exactly a fraction of millions of digits.
    spec = tmp_path / "power.toml"
    spec.write_text(
        '[model]\nid = "power"\n[players]\nA = "a"\n[parameters]\np = 0.3\nq = 2\n'
        '[matrix]\nstrategies = { A = ["u", "d"] }\n[matrix.payoffs]\n'
        '"u" = { A = "(p + 1/7)^q" }\n"d" = { A = "((p^64 + p)^64 + p)^64" }\n'
    )
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    (diagnostic,) = info.value.diagnostics
    assert "degree up to 262,144" in diagnostic.message and "limit `degree`" in diagnostic.message
    with limits.override(degree=300_000):
        game = load_spec(spec)
    with pytest.raises(SpecError, match=r"a power to the 1e\+07, beyond 4,096"):
        dt.solve(game, q=10**7)
    assert dt.solve(game, q=3).complete


def test_a_file_name_too_long_for_the_system_is_a_clean_error() -> None:
    from deterrence.cli.main import main

    for name in ("a" * 100_000, "a/" * 3_000 + "m.toml"):
        with pytest.raises(SpecError) as info:
            dt.load(name)
        assert "cannot use this file name" in str(info.value)
        assert len(str(info.value)) < 400  # the name is shortened in the message
    assert main(["check", "a" * 100_000]) == 2
