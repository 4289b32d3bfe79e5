"""Hostile and random input: always a SpecError (or a game), fast, never another exception.

"Fast" is checked by CPU time, never the wall clock: the hostile inputs are loaded by a worker
subprocess that the kernel stops when one load uses more than CPU_PER_CALL CPU seconds.
"""

from __future__ import annotations

import copy
import json
import resource
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence.errors import Diagnostic, SpecError
from deterrence.game import ExtensiveGame, NormalFormGame
from deterrence.spec import load_spec, spec_from_data

SPECS = Path(__file__).parent / "specs"
EXTENDED = tomllib.loads((SPECS / "extended-deterrence.toml").read_text())
CHICKEN = tomllib.loads((SPECS / "chicken.toml").read_text())

MINIMAL = """\
[model]
id = "m"
[players]
A = "A"
[tree]
root = "n"
[tree.n]
player = "A"
actions = { go = "end" }
[outcomes.end]
A = "PAYOFF"
"""


# --- hostile inputs are loaded in a subprocess under a CPU-time limit ------------------------

#: CPU seconds one load in the worker may use (the costliest, a 200,000-deep YAML list,
#: normally takes about 1 s; most take milliseconds).
CPU_PER_CALL = 30
#: CPU seconds the worker may use over its whole life (normally about 4 s, start-up included).
CPU_TOTAL = 120

_WORKER_SCRIPT = r"""
import dataclasses, json, math, resource, sys, traceback

from deterrence.errors import SpecError
from deterrence.spec import load_spec

replies, sys.stdout = sys.stdout, sys.stderr  # stray prints cannot garble the replies
per_call = int(sys.argv[1])
for line in sys.stdin:
    name, text = json.loads(line)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + per_call
    resource.setrlimit(resource.RLIMIT_CPU, (min(soft, hard), hard))
    try:
        game = load_spec(name) if text is None else load_spec(name, text=text)
    except SpecError as error:
        reply = {"diagnostics": [dataclasses.asdict(d) for d in error.diagnostics]}
    except BaseException:
        reply = {"crash": traceback.format_exc()}
    else:
        reply = {"game": type(game).__name__, "nodes": len(getattr(game, "nodes", ()))}
    print(json.dumps(reply), file=replies, flush=True)
"""


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_PER_CALL, CPU_TOTAL))


class _Worker:
    """The long-lived worker: started on first use, and again after it has been stopped."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def load(self, name: str, text: str | None) -> dict:
        if self.process is None:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_SCRIPT, str(CPU_PER_CALL)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                preexec_fn=_limit_cpu,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps([name, text]) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            status = self.process.wait()
            self.process = None
            if status in (-signal.SIGXCPU, -signal.SIGKILL):
                why = f"used more than {CPU_PER_CALL} CPU seconds (exit status {status})"
            else:
                why = f"killed the worker (exit status {status}; its stderr is above)"
            pytest.fail(f"loading {name} ({(text or '')[:100]!r}...) {why}")
        reply = json.loads(line)
        assert "crash" not in reply, reply["crash"]
        return reply

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.close()
            self.process.stdout.close()
            self.process.wait()
            self.process = None


_WORKER = _Worker()


@pytest.fixture(autouse=True, scope="module")
def _close_the_worker():
    yield
    _WORKER.close()


def load_guarded(name: str | Path, text: str | None = None) -> SpecError | dict:
    """``load_spec(name, text=text)`` (or of the file ``name``) in the CPU-limited worker: the
    SpecError it raised, or else a reply naming the game's class and its number of nodes."""
    reply = _WORKER.load(str(name), text)
    if "diagnostics" in reply:
        return SpecError([Diagnostic(**fields) for fields in reply["diagnostics"]])
    return reply


def fails_fast(text: str, name: str = "spec.toml") -> SpecError:
    error = load_guarded(name, text)
    assert isinstance(error, SpecError), f"loaded: {error}"
    for diagnostic in error.diagnostics:
        assert "internal error" not in diagnostic.message, diagnostic
    return error


@pytest.mark.parametrize(
    "payoff",
    [
        "__import__('os')",
        "__import__('os').system('true')",
        "9^9^9^9",
        "9**9**9**9",
        "(" * 10_000 + "1" + ")" * 10_000,
        "-" * 100_000 + "1",
        "lambda: 1",
        "A.__class__",
        "exec('1')",
    ],
)
def test_hostile_expressions(payoff):
    error = fails_fast(MINIMAL.replace("PAYOFF", payoff))
    assert error.diagnostics[0].path == "outcomes.end.A"


def test_huge_file(tmp_path):
    text = MINIMAL.replace("PAYOFF", "1") + "# " + "x" * 1_100_000 + "\n"
    error = fails_fast(text)
    assert "too large" in str(error)
    path = tmp_path / "huge.toml"
    path.write_text(text)
    error = load_guarded(path)
    assert isinstance(error, SpecError), f"loaded: {error}"
    (diagnostic,) = error.diagnostics
    assert diagnostic.message.startswith("file too large")
    assert diagnostic.file == str(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 200_000),
        ("deep.json", "[" * 200_000 + "]" * 200_000),
        ("deep.toml", "a = " + "[" * 200_000 + "]" * 200_000),
        ("deep.yaml", "[" * 200_000 + "]" * 200_000),
        ("deep.toml", "a = " + "{ b = " * 50_000 + "1" + " }" * 50_000),
        ("big.json", "1" * 900_000),
        ("big.toml", "a = " + "1" * 900_000),
        ("nul.toml", "\x00" * 1000),
        ("empty.toml", ""),
        ("empty.yaml", ""),
        ("scalar.yaml", "just text"),
    ],
)
def test_hostile_documents(name, text):
    fails_fast(text, name)


def test_yaml_alias_bomb():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    text = "\n".join(lines) + "\nmodel: {id: x}\nplayers: *a11\nmatrix: *a11\n"
    fails_fast(text, "bomb.yaml")


def chance_spec(names: list[str], probs: list[str]) -> str:
    params = "\n".join(f"{n} = {{ value = 0.1, min = 0, max = 1 }}" for n in names)
    branches = ", ".join(f'b{i} = {{ prob = "{p}", to = "o{i}" }}' for i, p in enumerate(probs))
    outcomes = "\n".join(f"[outcomes.o{i}]\nA = 0" for i in range(len(probs)))
    return (
        f'[model]\nid = "m"\n[players]\nA = "A"\n[parameters]\n{params}\n[tree]\nroot = "n"\n'
        f"[tree.n]\nchance = {{ {branches} }}\n{outcomes}\n"
    )


@pytest.mark.parametrize(
    ("names", "probs"),
    [
        ([f"x{i}" for i in range(1000)], [f"x{i}/1000" for i in range(1000)]),
        (list("abcdefgh"), [f"(a+b+c+d+e+f+g+h)^{k}/{10**k}" for k in range(1, 40)]),
        (list("ab"), ["(a^64 + b^64)^64", "1"]),
        (list("ab"), ["(a+b)^60*(a-b)^60 / (1 + a)^60"] * 30),
    ],
)
def test_hostile_probabilities(names, probs):
    error = fails_fast(chance_spec(names, probs))
    assert any(d.path.startswith("tree.n.chance") for d in error.diagnostics)


def test_too_many_nodes():
    lines = ['[model]\nid = "m"\n[players]\nA = "A"\n[tree]\nroot = "n0"']
    for i in range(10_001):
        lines.append(f'[tree.n{i}]\nplayer = "A"\nactions = {{ go = "n{i + 1}" }}')
    error = fails_fast("\n".join(lines))
    assert "too many nodes: 10,001; at most 10,000 are allowed" in str(error)


def test_long_chain_within_the_limit_builds():
    lines = ['[model]\nid = "m"\n[players]\nA = "A"\n[tree]\nroot = "n0"']
    for i in range(3000):
        lines.append(f'[tree.n{i}]\nplayer = "A"\nactions = {{ go = "n{i + 1}", stop = "end" }}')
    lines.append('[tree.n3000]\nplayer = "A"\nactions = { stop = "end" }\n[outcomes.end]\nA = 1')
    game = load_guarded("chain.toml", "\n".join(lines))
    assert game == {"game": "ExtensiveGame", "nodes": 3001 + 3001}


def test_too_many_players_and_strategies():
    players = "\n".join(f'P{i} = "p"' for i in range(21))
    error = fails_fast(f'[model]\nid = "m"\n[players]\n{players}\n[matrix]\n')
    assert "too many players: 21; at most 20 are allowed" in str(error)
    labels = json.dumps([f"s{i}" for i in range(1001)])
    text = f'[model]\nid = "m"\n[players]\nA = "a"\n[matrix]\nstrategies = {{ A = {labels} }}\n'
    error = fails_fast(text + "[matrix.payoffs]\n")
    assert "too many strategies: at most 1000 per player" in str(error)


def test_type_commitments_cannot_blow_up_the_tree():
    lines = ['[model]\nid = "m"\n[players]\nA = "A"\nD = "D"\n[tree]\nroot = "n0"']
    for i in range(20):
        lines.append(f'[tree.n{i}]\nplayer = "D"\nactions = {{ go = "n{i + 1}", stop = "end{i}" }}')
        lines.append(f"[outcomes.end{i}]\nA = 0\nD = 0")
        lines.append(
            f'[commitments.c{i}]\nholder = "D"\nat = "n{i}"\npromise = "go"\ncredibility = 0.5\n'
            'kind = "type"'
        )
    lines.append('[tree.n20]\nplayer = "A"\nactions = { stop = "last" }\n[outcomes.last]\nA=1\nD=1')
    error = fails_fast("\n".join(lines))
    assert "more than 100,000 nodes" in str(error)


def test_many_problems_are_capped():
    text = MINIMAL.replace("PAYOFF", "1") + "\n".join(f"junk{i} = 1" for i in range(1000))
    error = fails_fast(text)
    assert len(error.diagnostics) <= 201
    assert "more problems not shown" in error.diagnostics[-1].message


# --- fuzzing --------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "A",
            "D",
            "p",
            "war",
            "defender",
            "defend",
            "1 - p",
            "pledge",
            "type",
            "audience",
            "escalation",
            "challenge",
            "7/20",
            "x",
            "",
            "description",
            "status quo",
        ]
    )
)
KEYS = st.text(max_size=12) | st.sampled_from(
    [
        "model",
        "players",
        "tree",
        "matrix",
        "outcomes",
        "parameters",
        "commitments",
        "costs",
        "scenarios",
        "id",
        "root",
        "player",
        "actions",
        "chance",
        "prob",
        "to",
        "value",
        "min",
        "max",
        "role",
        "kind",
        "amount",
        "A",
        "D",
        "strategies",
        "payoffs",
    ]
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)


def accepts(result: object) -> None:
    assert isinstance(result, ExtensiveGame | NormalFormGame)


def check_data(data: object) -> None:
    try:
        accepts(spec_from_data(data))  # type: ignore[arg-type]
    except SpecError as error:
        for diagnostic in error.diagnostics:
            assert "internal error" not in diagnostic.message, diagnostic


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES)
def test_fuzz_random_data(data):
    check_data(data)


def paths_of(data: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += paths_of(value, (*prefix, index))
    return out


def mutate(base: dict, choices: list, values: list, deletes: list) -> dict:
    data = copy.deepcopy(base)
    paths = paths_of(data)
    for choice, value, delete in zip(choices, values, deletes, strict=False):
        path = paths[choice % len(paths)]
        if not path:
            continue
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if delete and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([EXTENDED, CHICKEN]),
    st.lists(st.integers(min_value=0), min_size=1, max_size=3),
    st.lists(VALUES, min_size=1, max_size=3),
    st.lists(st.booleans(), min_size=1, max_size=3),
)
def test_fuzz_mutated_specs(base, choices, values, deletes):
    check_data(mutate(base, choices, values, deletes))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["s.toml", "s.yaml", "s.json"]))
def test_fuzz_random_text(text, name):
    try:
        accepts(load_spec(name, text=text))
    except SpecError as error:
        for diagnostic in error.diagnostics:
            assert "internal error" not in diagnostic.message, diagnostic


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0), st.text(max_size=8))
def test_fuzz_edited_toml_text(position, insert):
    text = (SPECS / "extended-deterrence.toml").read_text()
    position %= len(text)
    edited = text[:position] + insert + text[position + len(insert) :]
    try:
        accepts(load_spec("edited.toml", text=edited))
    except SpecError as error:
        for diagnostic in error.diagnostics:
            assert "internal error" not in diagnostic.message, diagnostic
