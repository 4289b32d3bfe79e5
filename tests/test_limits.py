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


def chain(nodes: int, form: str) -> str:
    """A chain of decision nodes, each with a way out: as deep as a tree gets."""
    if form == "json":
        tree: dict[str, object] = {"root": "n0"}
        outcomes: dict[str, object] = {"end": {"A": "1", "B": "1"}}
        for i in range(nodes):
            after = f"n{i + 1}" if i + 1 < nodes else "end"
            tree[f"n{i}"] = {"player": "AB"[i % 2], "actions": {"go": after, "stop": f"s{i}"}}
            outcomes[f"s{i}"] = {"A": str(i % 3), "B": str(i * 7 % 5)}
        return json.dumps(
            {"model": {"id": "chain"}, "players": {"A": "a", "B": "b"}, "tree": tree,
             "outcomes": outcomes}
        )  # fmt: skip
    lines = ['[model]\nid = "chain"\n[players]\nA = "a"\nB = "b"\n[tree]\nroot = "n0"']
    for i in range(nodes):
        after = f"n{i + 1}" if i + 1 < nodes else "end"
        lines.append(
            f'[tree.n{i}]\nplayer = "{"AB"[i % 2]}"\nactions = {{ go = "{after}", stop = "s{i}" }}'
        )
        lines.append(f'[outcomes.s{i}]\nA = "{i % 3}"\nB = "{i * 7 % 5}"')
    lines.append('[outcomes.end]\nA = "1"\nB = "1"')
    return "\n".join(lines)


#: Runs each command in-process (one interpreter for all: startup is most of a short run),
#: under a CPU limit and a 1 GB address-space limit, and prints each exit status, whether
#: the output is clean, and the JSON result's completeness.
RUNNER = """
import contextlib, io, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
from deterrence.cli.main import main
for argv in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    try:
        complete = json.loads(out.getvalue()).get("complete")
    except ValueError:
        complete = None
    cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    print(json.dumps([status, complete, err.getvalue()[-2000:], cpu]), flush=True)
"""


def test_every_hostile_case_of_the_issue_ends_cleanly_under_cpu_and_memory_limits(
    tmp_path: Path,
) -> None:
    # Issue "Hostile input never hangs, crashes or exhausts memory": each case below hung
    # (killed at 60 s), crashed or ran out of memory. Now each is a clean error (exit 2) or a
    # clean partial answer (exit 0, complete false), within CPU_LIMIT seconds for all of them
    # together and in 1 GB.
    cases: list[tuple[list[str], int, str]] = []

    def case(name: str, text: str, expect: int, words: str, *argv: str) -> None:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        cases.append((["solve", str(path), "--format", "json", *argv], expect, words))

    case("chain.toml", chain(9_000, "toml"), 0, "")
    case("chain.json", chain(9_000, "json"), 0, "")
    case(
        "chain-over.toml",
        chain(10_001, "toml"),
        2,
        "limit `nodes`",
        "--limit",
        "file_bytes=2000000",
    )
    for size in (20, 30, 40):
        case(f"m{size}.toml", degenerate_matrix(size, size), 0, "")
    # (the tied binary tree of depth 12 has a test of its own, above)
    case("deep.toml", "[" + ".".join(["a"] * 100_000) + "]\n", 2, "limit `key_depth`")
    power = '[model]\nid = "p"\n[players]\nA = "a"\n[parameters]\np = 0.5\n[matrix]\n'
    power += 'strategies = { A = ["u", "d"] }\n[matrix.payoffs]\n"d" = { A = 0 }\n'
    case("power.toml", power + '"u" = { A = "(((p^64+p)^64+p)^64+p)^64" }\n', 2, "limit `degree`")
    for where, spot in (("id", "model"), ("label", "outcome"), ("expression", "payoff")):
        spec = {
            "model": {"id": "x\ud800" if spot == "model" else "x"},
            "players": {"A": "a"},
            "tree": {"root": "n", "n": {"player": "A", "actions": {"l": "L", "r": "R"}}},
            "outcomes": {
                "L": {"A": "1", "description": "lab\udc80" if spot == "outcome" else "lab"},
                "R": {"A": "0\ud800" if spot == "payoff" else "0"},
            },
        }
        # Refused where it is read, wherever it is: no report could print it.
        case(f"surrogate-{where}.json", json.dumps(spec), 2, "lone surrogate")
    os.mkfifo(tmp_path / "fifo.toml")
    cases.append((["solve", str(tmp_path / "fifo.toml")], 2, "named pipe"))
    for device in ("/dev/zero", "/dev/urandom"):
        if Path(device).exists():
            link = tmp_path / f"{Path(device).name}.toml"
            link.symlink_to(device)
            cases.append((["solve", str(link)], 2, "not a regular file"))
    cases.append((["solve", "\udcff\udcfe.toml"], 2, "no such file"))
    cases.append((["solve", "extended-deterrence", "--set", "v=\udcff"], 2, "not a finite number"))
    cases.append((["solve", "a" * 100_000], 2, "cannot use this file name"))

    def limits_of_child() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))

    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps([argv for argv, _, _ in cases]),
        capture_output=True,
        text=True,
        errors="surrogateescape",
        preexec_fn=limits_of_child,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(cases)
    cpu_before = 0.0
    for (argv, expect, words), (status, _, err, cpu) in zip(cases, answers, strict=True):
        shown = argv[1][-40:]
        # "Well under 10 s": CPU seconds, counted by the kernel, not the wall clock.
        assert cpu - cpu_before < 10, (shown, cpu - cpu_before)
        cpu_before = cpu
        assert status == expect, (shown, err)
        assert "Traceback" not in err and "internal error" not in err, (shown, err)
        assert words in err, (shown, err)
    complete = {
        argv[1].rsplit("/", 1)[-1]: c
        for (argv, _, _), (_, c, _, _) in zip(cases, answers, strict=True)
    }
    # The degenerate matrices are partial answers, and say so.
    assert complete["m20.toml"] is complete["m30.toml"] is complete["m40.toml"] is False


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
