"""Hostile and random input: always a SpecError (or a game), fast, never another exception."""

from __future__ import annotations

import copy
import json
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence.errors import SpecError
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


def fails_fast(text: str, name: str = "spec.toml", limit: float = 2.0) -> SpecError:
    start = time.perf_counter()
    with pytest.raises(SpecError) as info:
        load_spec(name, text=text)
    assert time.perf_counter() - start < limit
    for diagnostic in info.value.diagnostics:
        assert "internal error" not in diagnostic.message, diagnostic
    return info.value


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
    start = time.perf_counter()
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert time.perf_counter() - start < 2
    (diagnostic,) = info.value.diagnostics
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
    start = time.perf_counter()
    game = load_spec("chain.toml", text="\n".join(lines))
    assert time.perf_counter() - start < 10
    assert len(game.nodes) == 3001 + 3001


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
    error = fails_fast("\n".join(lines), limit=5.0)
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
