#!/usr/bin/env python
"""Fuzz the spec loader, the Gambit readers and the command line before a release.

Generates valid specs (trees with chance nodes, information sets, commitments and costs;
matrices of two or three players; scenarios), mutates them (keys deleted or duplicated,
wrong types, huge numbers, deep nesting, long strings, odd Unicode, lone surrogates, random
bytes, truncation, hostile expressions, names that collide with Python and sympy names), and
mutates the Gambit games under ``../shared/gambit-games``. Each input goes through
``deterrence.load`` and ``deterrence check`` / ``deterrence solve --format json`` in worker
processes that run many inputs in-process, each under a 1 GB address-space limit, with a
per-input watchdog in this process.

    python tools/fuzz.py --count 10000 --seed 1 --jobs 2 --out FOLDER

Every bad input (a hang, a crash, a traceback or internal error, a memory error, an exit
status other than 0 or 2, a valid spec refused) is written to ``OUT/<category>/`` with a
``.json`` note beside it saying what happened. See tools/README.md.

Self-contained on purpose: the tests have their own generators (tests/test_fuzz.py) and
neither imports the other.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import queue
import random
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC_SEEDS = (ROOT / "tests" / "specs", ROOT / "models")
GAMBIT_SEEDS = (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "gambit-games")
#: Seed games that take minutes to solve even unmutated: mutating them would only report
#: the same slow solve again and again. They are run once each, unmutated.
SLOW_SEEDS = ("work3.efg",)

MEMORY_LIMIT = 1 << 30  # bytes of address space per worker
RESTART_EVERY = 400  # inputs per worker before a fresh one (bounds cache growth)
OUTPUT_KEPT = 4000  # characters of each command's output kept in a note

# --------------------------------------------------------------------------------------------
# Names and texts
# --------------------------------------------------------------------------------------------

#: Identifiers that mean something to Python, sympy or the expression language's neighbours.
TRICKY_NAMES = [
    "E",
    "I",
    "N",
    "S",
    "Q",
    "O",
    "pi",
    "oo",
    "zoo",
    "nan",
    "inf",
    "lambda",
    "select",
    "minimum",
    "maximum",
    "beta",
    "gamma",
    "zeta",
    "Symbol",
    "Integer",
    "Rational",
    "Float",
    "Abs",
    "Max",
    "Min",
    "Piecewise",
    "ln",
    "sin",
    "sum",
    "True",
    "False",
    "None",
    "import",
    "_",
    "_x",
    "__class__",
    "__import__",
    "exec",
    "eval",
    "self",
    "x0",
    "Exp",
    "LOG",
    "If",
    "root",
    "type",
    "value",
]
PLAIN_NAMES = ["A", "B", "C", "D", "p", "q", "r", "a", "b", "c", "k", "v", "w", "x", "y", "z"]
FUNCTIONS = ("min", "max", "exp", "log", "sqrt", "abs", "if")

#: Ids (nodes, outcomes, commitments, costs, scenarios) and labels that are valid but odd.
ODD_IDS = [
    "status quo",
    "C wins",
    "défendre",
    "защита",
    "攻撃",
    "🙂",
    "a,b",
    "x:y",
    "a;b",
    "100",
    "-1",
    "true",
    "null",
    "yes",
    "no",
    "on",
    "off",
    "~",
    "#",
    "'q'",
    '"dq"',
    "\\",
    "[x]",
    "{y}",
    "e\u0301",
    "\u05e9\u05dc\u05d5\u05dd",
    "E",
    "I",
    "min",
    "lambda",
    "description",
    "x" * 300,
]
#: Characters for mutated strings: controls, surrogates, bidi, zero-width, BOM, non-BMP.
ODD_CHARS = [
    "\x00",
    "\x01",
    "\x7f",
    "\t",
    "\r",
    "\n",
    "\u0085",
    "\u00a0",
    "\u2028",
    "\u202e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\ud800",
    "\udfff",
    "\U0010ffff",
    "\U0001f600",
    "\u0301",
    "\u0661",
    "\uff11",
    "\u00b2",
    "\u2167",
    "İ",
    "ß",
    "ﬁ",
    '"',
    "'",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    "=",
    ".",
    "|",
    "@",
    "#",
    ":",
]
HOSTILE_NUMBERS = [
    "1e400",
    "1e-400",
    "1e999999999",
    "1e-999999999",
    "9" * 5000,
    "1" + "0" * 400,
    "0." + "0" * 1000 + "1",
    "1/0",
    "0/0",
    "-0",
    "1_000",
    "0x10",
    "1E+5",
    " 1 ",
    "1.",
    ".5",
    "\u0661",
    "\u0661/\u0662",
    "\uff11",
    "\u00b2",
    "nan",
    "inf",
    "-inf",
    "NaN",
    "Infinity",
    "1/3/4",
    "--1",
    "+1",
    "1e",
    "",
    "7/20",
    "1" * 399 + "/" + "3" * 399,
]
HOSTILE_EXPRESSIONS = [
    "9^9^9^9",
    "9**9**9",
    "P^64^64",
    "(P+1)^64^2",
    "(P+2)^4096",
    "2^64*2^64*2^64*2^64*2^64*2^64",
    "exp(exp(exp(exp(P))))",
    "exp(690)",
    "exp(691)",
    "exp(-1e9)",
    "log(0)",
    "log(-1)",
    "log(P-P)",
    "sqrt(-1)",
    "(-8)^(1/3)",
    "(-1)^(1/2)",
    "0^0",
    "0^-1",
    "P^-64",
    "1/(P-P)",
    "1/0",
    "if(P < 1, 1, 1/0)",
    "if(P, 1)",
    "if(P < P < P, 1, 2)",
    "min()",
    "max(" + ",".join(["P"] * 17) + ")",
    "sqrt(" * 64 + "2" + ")" * 64,
    "(" * 65 + "P" + ")" * 65,
    "-" * 3000 + "1",
    "P" + "+P" * 1000,
    "+".join(f"P^{k}" for k in range(64)),
    "*".join(["(P+1)"] * 64),
    "*".join(["(P+1)^64"] * 64),
    "1e308*1e308",
    "10^400",
    "1" + "0" * 399,
    "0." + "0" * 500 + "1",
    "1e999999999",
    "2^(1/2)^(1/2)^(1/2)^(1/2)",
    "sqrt(2)^64^2",
    "(1+sqrt(2))^64",
    "(sqrt(2)+sqrt(3)+sqrt(5)+sqrt(7)+sqrt(11)+sqrt(13))^12",
    "E",
    "I",
    "pi",
    "oo",
    "zoo",
    "nan",
    "lambda",
    "__import__('os')",
    "P.__class__",
    "P[0]",
    "P if P else P",
    "P;P",
    "P,P",
    "\u0661 + P",
    "\uff11",
    "P\u00b2",
    "P\u200b",
    "\ud800",
    "P % 2",
    "P // 2",
    "P == P",
    "not P",
    "P @ P",
    "abs(abs(abs(abs(abs(P)))))",
    "exp(log(exp(log(P))))",
    "max(P, min(P, max(P, min(P, 1))))",
    "if(exp(P) < sqrt(2), log(P+1), P^64)",
]
#: Valid but extreme payoff values, for the "edge" inputs (P stands for a parameter).
EXTREME_VALUES = ["0", "1e299", "-1e299", "1e-299", "sqrt(2)", "sqrt(3)/7", "exp(100)"]
EXTREME_VALUES += ["10^60", "-10^60", "2^64", "exp(690)", "log(3)", "1/3", "(1/3)^30"]
EXTREME_VALUES += ["P*10^50", "P^64", "0*P", "P-P", "1e-299*P", "-P"]
ROLES = ["credibility", "audience_cost", "escalation_cost", "war_cost", "stakes", "probability"]
ROLES += ["power", "prior", "other"]


def printable_id(rng: random.Random, used: set[str], prefix: str) -> str:
    """A fresh valid id: mostly plain, sometimes odd (spaces inside, Unicode, punctuation)."""
    for _ in range(20):
        if rng.random() < 0.25:
            name = rng.choice(ODD_IDS)
            if rng.random() < 0.3:
                name = f"{name} {rng.randint(0, 99)}"
        else:
            name = f"{prefix}{rng.randint(0, 999)}"
        plain = name and name.strip() == name and name.isprintable()
        if plain and not any(ch in name for ch in ".|@=") and name not in used | {"root"}:
            used.add(name)
            return name
    name = f"{prefix}{len(used)}_{rng.randint(0, 10**6)}"
    used.add(name)
    return name


def identifier(rng: random.Random, used: set[str]) -> str:
    """A fresh identifier (letters, digits, `_`), often one Python or sympy knows."""
    for _ in range(30):
        roll = rng.random()
        if roll < 0.35:
            name = rng.choice(TRICKY_NAMES)
        elif roll < 0.8:
            name = rng.choice(PLAIN_NAMES)
        else:
            name = rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") + str(
                rng.randint(0, 99)
            )
        if name not in used and name not in FUNCTIONS and not name.startswith("__"):
            used.add(name)
            return name
    name = f"n{len(used)}_{rng.randint(0, 10**6)}"
    used.add(name)
    return name


def label(rng: random.Random, used: set[str]) -> str:
    """An action or branch label, unique among ``used``: plain, odd or Unicode."""
    pool = ["go", "stop", "fight", "yield", "defend", "abandon", "attack", "wait"]
    pool += ["status quo", "a|b", "x.y", "p@q", "k=v", "  padded  ", "🙂", "Ω", "1", "-"]
    for _ in range(30):
        name = rng.choice(pool) if rng.random() < 0.8 else f"act{rng.randint(0, 99)}"
        if name not in used:
            used.add(name)
            return name
    name = f"act{len(used)}_{rng.randint(0, 10**6)}"
    used.add(name)
    return name


# --------------------------------------------------------------------------------------------
# Valid specs
# --------------------------------------------------------------------------------------------


@dataclass
class Param:
    name: str
    value: Fraction
    low: Fraction | None
    high: Fraction | None
    probability: bool


def number_text(rng: random.Random, value: Fraction) -> object:
    """``value`` as the spec writes numbers: an int, a float with a short decimal form, or a
    string fraction."""
    if value.denominator == 1 and rng.random() < 0.6:
        return int(value)
    decimal = float(value)
    if Fraction(repr(decimal)) == value and rng.random() < 0.5:
        return decimal
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value)


def gen_parameters(rng: random.Random, used: set[str]) -> tuple[dict, list[Param]]:
    table: dict[str, object] = {}
    params: list[Param] = []
    for _ in range(rng.randint(0, 5)):
        name = identifier(rng, used)
        if rng.random() < 0.55:
            value = rng.choice([Fraction(0), Fraction(1, 2), Fraction(3, 10), Fraction(1, 3)])
            value = rng.choice([value, Fraction(1), Fraction(7, 20), Fraction(2, 3)])
            param = Param(name, value, Fraction(0), Fraction(1), True)
        else:
            value = Fraction(rng.randint(-30, 30), rng.choice([1, 1, 2, 10, 20, 3]))
            low = value - rng.randint(0, 5) if rng.random() < 0.5 else None
            high = value + rng.randint(0, 5) if rng.random() < 0.5 else None
            param = Param(name, value, low, high, False)
        params.append(param)
        unbounded = not param.probability and param.low is None and param.high is None
        if unbounded and rng.random() < 0.5:
            table[name] = number_text(rng, value)  # the shorthand `k = 0.1`
            continue
        entry: dict[str, object] = {"value": number_text(rng, param.value)}
        if param.low is not None:
            entry["min"] = number_text(rng, param.low)
        if param.high is not None:
            entry["max"] = number_text(rng, param.high)
        if rng.random() < 0.5:
            entry["role"] = "credibility" if param.probability else rng.choice(ROLES)
        if rng.random() < 0.3:
            entry["doc"] = rng.choice(["what it means", "défense — ünïcödé 🙂", "x" * 200])
        table[name] = entry
    return table, params


def gen_expression(rng: random.Random, params: list[Param], depth: int = 0) -> object:
    """A payoff expression that is finite at every admissible point we check: no division by
    something that can vanish, logs and roots of positive things only."""
    roll = rng.random()
    if depth > 2 or roll < 0.3:
        if rng.random() < getattr(rng, "extreme", 0):
            name = rng.choice(params).name if params else "1"
            return rng.choice(EXTREME_VALUES).replace("P", f"({name})")
        if params and rng.random() < 0.6:
            return rng.choice(params).name
        value = Fraction(rng.randint(-9, 9), rng.choice([1, 1, 2, 4, 5, 10]))
        if depth == 0 and rng.random() < 0.5:
            return number_text(rng, value)
        return str(float(value)) if rng.random() < 0.3 else str(value)
    a = gen_expression(rng, params, depth + 1)
    b = gen_expression(rng, params, depth + 1)
    leaf = gen_expression(rng, params, 3)  # the language refuses exp(log ...) and if(if ...)
    other = gen_expression(rng, params, 3)
    shape = rng.choice(
        [
            "({a}) + ({b})",
            "({a}) - ({b})",
            "({a})*({b})",
            "({a})/(1 + ({b})^2)",
            "({leaf})^2",
            "({leaf})**3",
            "-({a})",
            "min({a}, {b})",
            "max({a}, {b}, 0)",
            "abs({a})",
            "if({leaf} < {other}, {a}, {b})",
            "sqrt(1 + ({leaf})^2)",
            "log(2 + ({leaf})^2)",
            "exp(min({leaf}, 3))",
        ]
    )
    return shape.format(a=a, b=b, leaf=leaf, other=other)


def probabilities(rng: random.Random, count: int, params: list[Param]) -> list[object]:
    """``count`` probability expressions, each in [0, 1] on the parameters' box, summing to 1
    symbolically."""
    probs = [p for p in params if p.probability]
    if count == 1:
        return [rng.choice([1, "1", "1.0", "2/2"])]
    if count == 2 and probs and rng.random() < 0.6:
        p = rng.choice(probs).name
        return [p, f"1 - {p}"] if rng.random() < 0.5 else [f"1 - {p}", p]
    if probs and rng.random() < 0.5:
        # Each of the first count-1 branches: a share c_i times a product of parameters,
        # the shares summing to at most 1; the last branch is 1 minus the others.
        shares = [Fraction(1, count)] * (count - 1)
        parts = []
        for share in shares:
            names = rng.sample([p.name for p in probs], k=rng.randint(0, min(2, len(probs))))
            parts.append("*".join([str(share), *names]) if names else str(share))
        return [*parts, "1 - " + " - ".join(f"({x})" for x in parts)]
    cuts = sorted(rng.randint(0, 12) for _ in range(count - 1))
    bounds = [0, *cuts, 12]
    values = [Fraction(bounds[i + 1] - bounds[i], 12) for i in range(count)]
    return [number_text(rng, v) for v in values]


@dataclass
class TreeState:
    rng: random.Random
    players: list[str]
    params: list[Param]
    ids: set[str] = field(default_factory=set)
    nodes: dict[str, dict] = field(default_factory=dict)
    outcomes: dict[str, dict] = field(default_factory=dict)
    decisions: list[str] = field(default_factory=list)  # decision node ids
    actions_of: dict[str, list[str]] = field(default_factory=dict)  # node -> action labels
    player_of: dict[str, str] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    budget: int = 6
    infosets: int = 0


def gen_outcome(state: TreeState) -> str:
    rng = state.rng
    if state.outcomes and rng.random() < 0.2:
        return rng.choice(list(state.outcomes))
    name = printable_id(rng, state.ids, "o")
    entry: dict[str, object] = {p: gen_expression(rng, state.params) for p in state.players}
    if rng.random() < 0.2:
        entry["description"] = rng.choice(["an outcome", "guerre — 🙂", ""])
    if rng.random() < 0.3:
        entry = dict(reversed(list(entry.items())))
    state.outcomes[name] = entry
    return name


def gen_node(state: TreeState, depth: int, player: str | None = None, labels=None) -> str:
    rng = state.rng
    if player is None and (state.budget <= 0 or depth >= 4 or rng.random() < 0.25 * depth):
        return gen_outcome(state)
    state.budget -= 1
    name = printable_id(rng, state.ids, "n")
    if player is None and rng.random() < 0.2:
        count = rng.randint(1, 3)
        used: set[str] = set()
        branch_labels = [label(rng, used) for _ in range(count)]
        probs = probabilities(rng, count, state.params)
        state.nodes[name] = {}  # reserve the key order: parent before children
        chance = {}
        for branch, prob in zip(branch_labels, probs, strict=True):
            chance[branch] = {"prob": prob, "to": gen_node(state, depth + 1)}
        state.nodes[name] = {"chance": chance}
        return name
    if player is None:
        player = rng.choice(state.players)
    if labels is None:
        used = set()
        labels = [label(rng, used) for _ in range(rng.randint(1, 3))]
    state.nodes[name] = {}
    state.decisions.append(name)
    state.actions_of[name] = list(labels)
    state.player_of[name] = player
    actions = {}
    for action in labels:
        actions[action] = gen_node(state, depth + 1)
    node: dict[str, object] = {"player": player, "actions": actions}
    if rng.random() < 0.2:
        tag = rng.choice(["escalate", "threat", "tag 🙂"])
        node["tags"] = {rng.choice(labels): [tag]}
        state.tags.add(tag)
    state.nodes[name] = node
    return name


def add_infosets(state: TreeState) -> None:
    """Join sibling decision nodes of one player with the same actions, below a chance node or
    another player's node, into an information set (perfect recall is kept)."""
    rng = state.rng
    for node in list(state.nodes.values()):
        if "chance" in node:
            children = [b["to"] for b in node["chance"].values()]
            mover = None
        else:
            children = list(node["actions"].values())
            mover = node["player"]
        decisions = [c for c in children if c in state.player_of]
        groups: dict[tuple, list[str]] = {}
        for child in decisions:
            key = (state.player_of[child], tuple(state.actions_of[child]))
            if key[0] != mover:
                groups.setdefault(key, []).append(child)
        for members in groups.values():
            if len(members) >= 2 and rng.random() < 0.8:
                state.infosets += 1
                label_text = rng.choice(["I", "A.1", "info set", "集合"]) + str(state.infosets)
                for member in members:
                    state.nodes[member]["infoset"] = label_text


def gen_tree_spec(rng: random.Random) -> dict:
    used_names: set[str] = set()
    many = getattr(rng, "extreme", 0) and rng.random() < 0.3
    players = [identifier(rng, used_names) for _ in range(rng.randint(1, 8 if many else 3))]
    parameters, params = gen_parameters(rng, used_names)
    state = TreeState(rng, players, params, budget=rng.randint(1, 6))
    # Sometimes make twins: a chance root whose children are one player's nodes with equal
    # actions, so that information sets of several nodes are common.
    if rng.random() < 0.3:
        twins_player = rng.choice(players)
        used: set[str] = set()
        twin_labels = [label(rng, used) for _ in range(rng.randint(1, 3))]
        count = rng.randint(2, 3)
        root = printable_id(rng, state.ids, "nature")
        state.nodes[root] = {}
        chance = {}
        bused: set[str] = set()
        for prob in probabilities(rng, count, params):
            chance[label(rng, bused)] = {
                "prob": prob,
                "to": gen_node(state, 1, twins_player, twin_labels),
            }
        state.nodes[root] = {"chance": chance}
    else:
        root = gen_node(state, 0, rng.choice(players))
    add_infosets(state)
    spec: dict[str, object] = {"model": {"id": f"fuzz-{rng.randint(0, 10**6)}"}}
    if rng.random() < 0.3:
        spec["model"]["title"] = rng.choice(["A fuzzed tree", "Дерево 🙂", "t" * 500])
    spec["players"] = {p: rng.choice([p, "Player " + p, "Ωμέγα"]) for p in players}
    if parameters or rng.random() < 0.3:
        spec["parameters"] = parameters
    commitments = gen_commitments(rng, state)
    if commitments:
        spec["commitments"] = commitments
    costs = gen_costs(rng, state, commitments, matrix=None)
    if costs:
        spec["costs"] = costs
    tree: dict[str, object] = {"root": root}
    tree.update(state.nodes)
    spec["tree"] = tree
    spec["outcomes"] = state.outcomes
    scenarios = gen_scenarios(rng, params)
    if scenarios:
        spec["scenarios"] = scenarios
    return spec


def gen_commitments(rng: random.Random, state: TreeState) -> dict:
    if not state.decisions or rng.random() < 0.6:
        return {}
    out: dict[str, dict] = {}
    taken: set[str] = set()
    ids: set[str] = set(state.ids)
    types = 0
    for _ in range(rng.randint(1, 2)):
        at = rng.choice(state.decisions)
        infoset = state.nodes[at].get("infoset", at)
        if infoset in taken:
            continue
        kind = rng.choice(["automatic", "automatic", "type"])
        if kind == "type":
            if types:
                continue
            types += 1
        taken.add(infoset)
        probs = [p.name for p in state.params if p.probability]
        credibility = rng.choice(probs) if probs and rng.random() < 0.7 else rng.choice([0.5, 1, 0])
        entry: dict[str, object] = {
            "holder": state.player_of[at],
            "at": at,
            "promise": rng.choice(state.actions_of[at]),
            "credibility": credibility,
        }
        if kind != "automatic" or rng.random() < 0.5:
            entry["kind"] = kind
        out[printable_id(rng, ids, "c")] = entry
    return out


def gen_costs(rng: random.Random, state, commitments: dict, matrix: dict | None) -> dict:
    if rng.random() < 0.5:
        return {}
    out: dict[str, dict] = {}
    ids: set[str] = set()
    if matrix is not None:
        players, action_sets = list(matrix), matrix
    else:
        players = state.players
        action_sets = {}
        for node, player in state.player_of.items():
            action_sets.setdefault(player, set()).update(state.actions_of[node])
    all_actions = sorted({a for acts in action_sets.values() for a in acts})
    params = state.params if state is not None else []
    for _ in range(rng.randint(1, 2)):
        name = rng.choice(["audience", "escalation", "nerve", "coût", "c 1"])
        if name in ids:
            continue
        ids.add(name)
        kinds = ["escalation"] if matrix is not None else ["escalation", "audience"]
        kind = rng.choice(kinds)
        amount = gen_expression(rng, params, depth=2)
        if kind == "audience":
            payers = [p for p in players if action_sets.get(p)]
            if not payers:
                continue
            payer = rng.choice(payers)
            own = sorted(action_sets[payer])
            own_commitments = [c for c, e in commitments.items() if e["holder"] == payer]
            if own_commitments and rng.random() < 0.5:
                threat = rng.choice(own_commitments)
                choices = own
            else:
                threat = rng.choice(own)
                choices = [a for a in own if a != threat]
            if not choices:
                continue
            out[name] = {
                "kind": "audience",
                "payer": payer,
                "amount": amount,
                "threat": threat,
                "back_down": rng.sample(choices, k=rng.randint(1, len(choices))),
            }
        else:
            entry: dict[str, object] = {"kind": "escalation"}
            if rng.random() < 0.3:
                entry["amount"] = {
                    p: gen_expression(rng, params, depth=2)
                    for p in rng.sample(players, k=rng.randint(1, len(players)))
                }
            else:
                entry["amount"] = amount
            tags = sorted(state.tags) if state is not None and matrix is None else []
            if tags and rng.random() < 0.4:
                entry["tags"] = rng.sample(tags, k=1)
            if "tags" not in entry or rng.random() < 0.5:
                if not all_actions:
                    continue
                entry["actions"] = rng.sample(all_actions, k=rng.randint(1, len(all_actions)))
            if rng.random() < 0.3:
                entry["payers"] = rng.sample(players, k=rng.randint(1, len(players)))
            out[name] = entry
    return out


def gen_scenarios(rng: random.Random, params: list[Param]) -> dict:
    if not params or rng.random() < 0.6:
        return {}
    out = {}
    used: set[str] = set()
    for _ in range(rng.randint(1, 3)):
        name = printable_id(rng, used, "s")
        values = {}
        for p in rng.sample(params, k=rng.randint(1, len(params))):
            low = p.low if p.low is not None else p.value - 3
            high = p.high if p.high is not None else p.value + 3
            values[p.name] = number_text(rng, low + (high - low) * Fraction(rng.randint(0, 4), 4))
        out[name] = values
    return out


def gen_matrix_spec(rng: random.Random) -> dict:
    used_names: set[str] = set()
    players = [identifier(rng, used_names) for _ in range(rng.choice([2, 2, 2, 3]))]
    parameters, params = gen_parameters(rng, used_names)
    top = 4 if len(players) == 2 else 3
    strategies = {}
    for p in players:
        used: set[str] = set()
        pool = ["swerve", "straight", "up", "down", "left", "right", "hawk", "dove", "Ω"]
        pool += ["status quo", "défendre", "s 1", "🙂", "1", "x|y", "a.b"]
        labels = []
        for _ in range(rng.randint(1, top)):
            for _ in range(20):
                candidate = rng.choice(pool)
                if candidate not in used:
                    used.add(candidate)
                    labels.append(candidate)
                    break
        strategies[p] = labels
    payoffs: dict[str, object] = {}
    outcomes: dict[str, dict] = {}
    ids: set[str] = set()
    import itertools

    for profile in itertools.product(*(strategies[p] for p in players)):
        sep = rng.choice([", ", ",", " , ", ",  "])
        key = sep.join(profile)
        if rng.random() < 0.3:
            if outcomes and rng.random() < 0.3:
                payoffs[key] = rng.choice(list(outcomes))
                continue
            name = printable_id(rng, ids, "o")
            outcomes[name] = {p: gen_expression(rng, params) for p in players}
            payoffs[key] = name
        else:
            payoffs[key] = {p: gen_expression(rng, params) for p in players}
    if rng.random() < 0.5:
        items = list(payoffs.items())
        rng.shuffle(items)
        payoffs = dict(items)
    shown = dict(strategies)
    if rng.random() < 0.3:
        shown = dict(reversed(list(shown.items())))
    spec: dict[str, object] = {"model": {"id": f"fuzz-m{rng.randint(0, 10**6)}"}}
    spec["players"] = {p: p for p in players}
    if parameters:
        spec["parameters"] = parameters
    costs = gen_costs(rng, None, {}, matrix={p: set(s) for p, s in strategies.items()})
    if costs:
        spec["costs"] = costs
    spec["matrix"] = {"strategies": shown, "payoffs": payoffs}
    if outcomes:
        spec["outcomes"] = outcomes
    scenarios = gen_scenarios(rng, params)
    if scenarios:
        spec["scenarios"] = scenarios
    return spec


# --------------------------------------------------------------------------------------------
# Writing specs: TOML, JSON, YAML (duplicate keys allowed through Pairs)
# --------------------------------------------------------------------------------------------


class Pairs(list):
    """A table written with its (key, value) pairs as they are, duplicates included."""


def items(table) -> list:
    return list(table) if isinstance(table, Pairs) else list(table.items())


def is_table(value) -> bool:
    return isinstance(value, dict | Pairs)


def toml_string(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\x7f", "\\u007f")


def toml_key(key: object) -> str:
    key = str(key)
    if key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key):
        return key
    return toml_string(key)


def toml_value(value: object) -> str:
    if isinstance(value, Deep):
        return value.text("toml")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if value is None:
        return '""'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if is_table(value):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in items(value)) + " }"
    return toml_string(str(value))


def to_toml(data: object, rng: random.Random) -> str:
    if not is_table(data):
        return "value = " + toml_value(data) + "\n"
    lines: list[str] = []
    headers: list[tuple[list[str], object]] = []
    for key, value in items(data):
        if is_table(value):
            headers.append(([toml_key(key)], value))
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    while headers:
        path, table = headers.pop(0)
        lines.append("")
        lines.append("[" + ".".join(path) + "]")
        subs = []
        for key, value in items(table):
            if is_table(value) and len(path) < 2 and rng.random() < 0.8:
                subs.append(([*path, toml_key(key)], value))
            else:
                lines.append(f"{toml_key(key)} = {toml_value(value)}")
        headers[0:0] = subs
    return "\n".join(lines) + "\n"


def to_json(data: object, indent: int | None = 2, level: int = 0) -> str:
    if isinstance(data, Deep):
        return data.text("json")
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    if is_table(data):
        if not items(data):
            return "{}"
        parts = [f"{json.dumps(str(k))}: {to_json(v, indent, level + 1)}" for k, v in items(data)]
        return "{" + pad + ("," + pad).join(parts) + end + "}"
    if isinstance(data, list):
        if not data:
            return "[]"
        return "[" + pad + ("," + pad).join(to_json(v, indent, level + 1) for v in data) + end + "]"
    return json.dumps(data)  # NaN and Infinity come out as Python's json writes them


def to_yaml(data: object) -> str:
    def plain(value):
        if isinstance(value, Pairs | Deep):
            raise TypeError
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    try:
        import yaml

        return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False)
    except Exception:
        return to_json(data)  # duplicate keys, surrogates: JSON is YAML's flow style


def serialise(data: object, fmt: str, rng: random.Random) -> str:
    if fmt == "toml":
        return to_toml(data, rng)
    if fmt == "json":
        return to_json(data, indent=rng.choice([2, None]))
    return to_yaml(data)


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------------


def paths_in(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if len(prefix) > 12:
        return found
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*prefix, index))
    return found


@dataclass(frozen=True)
class Deep:
    """A value nested ``depth`` levels deep, written straight as text by the writers (which
    would otherwise recurse as deep as the value)."""

    depth: int
    tables: bool
    literal: str = ""  # written as it is instead (a number too long for str(int))

    def text(self, fmt: str) -> str:
        if self.literal:
            return self.literal
        if not self.tables:
            return "[" * self.depth + "1" + "]" * self.depth
        if fmt == "toml":
            return "{ k = " * self.depth + "1" + " }" * self.depth
        return '{"k": ' * self.depth + "1" + "}" * self.depth


def deep(rng: random.Random) -> object:
    return Deep(rng.choice([40, 100, 1000, 5000, 20000]), rng.random() < 0.5)


def odd_string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(ODD_CHARS) * rng.choice([1, 3, 1000])
    if roll < 0.4:
        return "x" * rng.choice([1000, 100_000, 600_000])
    if roll < 0.6:
        return "".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(1, 12)))
    if roll < 0.8:
        return rng.choice(TRICKY_NAMES + ODD_IDS + list(FUNCTIONS))
    return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 8)))


def wrong_value(rng: random.Random, names: list[str]) -> object:
    pool = [
        lambda: None,
        lambda: True,
        lambda: 0,
        lambda: -1,
        lambda: rng.choice([10**18, 2**63, -(2**63) - 1, 10**400, Deep(0, False, "9" * 5000)]),
        lambda: rng.choice([1e308, -1e308, 5e-324, -0.0, float("nan"), float("inf")]),
        lambda: [],
        lambda: {},
        lambda: [1, "a", None],
        lambda: {"value": {"value": 1}},
        lambda: deep(rng),
        lambda: odd_string(rng),
        lambda: rng.choice(HOSTILE_NUMBERS),
        lambda: rng.choice(HOSTILE_EXPRESSIONS).replace("P", rng.choice(names or ["p"])),
        lambda: rng.choice(names) if names else "p",
        lambda: [rng.choice(names) if names else "x"] * rng.choice([2, 1000]),
        lambda: {str(i): i for i in range(rng.choice([3, 2000]))},
    ]
    return rng.choice(pool)()


def set_at(data: object, path: tuple, value: object) -> None:
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value


def mutate_data(data: dict, rng: random.Random, notes: list[str]) -> object:
    names = sorted(
        {str(k) for p in paths_in(data) for k in p if isinstance(k, str)}
        | {v for p in paths_in(data) if isinstance(v := get(data, p), str) and len(v) < 40}
    )
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in paths_in(data) if p]
        if not paths:
            break
        path = rng.choice(paths)
        try:
            parent = get(data, path[:-1])
            roll = rng.random()
            if roll < 0.2 and isinstance(parent, dict):
                del parent[path[-1]]
                notes.append(f"deleted {show(path)}")
            elif roll < 0.3 and isinstance(parent, dict):
                duplicate = Pairs(parent.items())
                again = rng.choice([parent[path[-1]], wrong_value(rng, names)])
                duplicate.append((path[-1], again))
                if path[:-1]:
                    set_at(data, path[:-1], duplicate)
                else:
                    data = duplicate
                notes.append(f"duplicated key {show(path)}")
                break  # a Pairs table cannot be walked further
            elif roll < 0.4 and isinstance(parent, dict):
                new = rng.choice(TRICKY_NAMES + ODD_IDS + list(FUNCTIONS) + names)
                parent[new] = parent.pop(path[-1])
                notes.append(f"renamed {show(path)} to {new!r}")
            elif roll < 0.5 and isinstance(parent, dict):
                parent[odd_string(rng)[:50] or "x"] = wrong_value(rng, names)
                notes.append(f"added a key under {show(path[:-1])}")
            elif roll < 0.6 and isinstance(get(data, path), str | int | float):
                value = rng.choice([*EXTREME_VALUES, 0, 1, -1, "1/2", 0.5])
                if isinstance(value, str):
                    value = value.replace("P", rng.choice(names or ["1"]))
                set_at(data, path, value)
                notes.append(f"extreme value {value!r} at {show(path)}")
            elif roll < 0.7 and isinstance(get(data, path), str):
                text = get(data, path)
                hostile = rng.choice(HOSTILE_EXPRESSIONS).replace("P", rng.choice(names or ["p"]))
                value = rng.choice([hostile, f"({text}) + {hostile}", text + rng.choice(ODD_CHARS)])
                set_at(data, path, value)
                notes.append(f"hostile expression at {show(path)}")
            elif roll < 0.8 and names:
                set_at(data, path, rng.choice(names))
                notes.append(f"rewired {show(path)}")
            else:
                set_at(data, path, wrong_value(rng, names))
                notes.append(f"wrong value at {show(path)}")
        except (KeyError, IndexError, TypeError):
            continue
    return data


def get(data: object, path: tuple) -> object:
    for key in path:
        data = data[key]
    return data


def show(path: tuple) -> str:
    return ".".join(str(p) for p in path)[:80] or "(top)"


def mutate_text(text: str, rng: random.Random, notes: list[str]) -> str:
    for _ in range(rng.randint(1, 3)):
        if not text:
            text = rng.choice(["", "\ufeff", "\x00", "[", "{", "model:"])
            continue
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.15:
            text = text[:at]
            notes.append(f"truncated at {at}")
        elif roll < 0.3:
            chunk = "".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(1, 8)))
            text = text[:at] + chunk + text[at:]
            notes.append(f"inserted odd characters at {at}")
        elif roll < 0.4:
            end = min(len(text), at + rng.randint(1, 200))
            text = text[:at] + text[end:]
            notes.append(f"deleted characters {at}-{end}")
        elif roll < 0.55:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            times = rng.choice([1, 1, 2, 5000])
            lines[i:i] = [lines[i]] * times
            text = "\n".join(lines)
            notes.append(f"duplicated line {i + 1} x{times}")
        elif roll < 0.65:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
            notes.append(f"swapped lines {i + 1} and {j + 1}")
        elif roll < 0.75:
            word = rng.choice(HOSTILE_NUMBERS + HOSTILE_EXPRESSIONS)
            text = text[:at] + word + text[at:]
            notes.append(f"inserted {word[:30]!r} at {at}")
        elif roll < 0.85:
            text = text.replace("\n", rng.choice(["\r\n", "\r", "\n\n", "\u2028"]))
            notes.append("changed line endings")
        else:
            text = "\ufeff" + text if rng.random() < 0.5 else text[:at] + "\ufeff" + text[at:]
            notes.append("inserted a BOM")
    return text


def mutate_bytes(data: bytes, rng: random.Random, notes: list[str]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(buf) + 1)
        roll = rng.random()
        if roll < 0.4 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
            notes.append(f"flipped byte {at}")
        elif roll < 0.7:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
            notes.append(f"inserted random bytes at {at}")
        else:
            del buf[at : at + rng.randint(1, 50)]
            notes.append(f"deleted bytes at {at}")
    return bytes(buf)


def hostile_document(rng: random.Random, notes: list[str]) -> tuple[str, bytes]:
    """A spec built to hurt: nesting, size, aliases, long chains, hostile numbers."""
    minimal = (
        '[model]\nid = "m"\n[players]\nA = "A"\n[parameters]\np = { value = 0.5, min = 0, '
        'max = 1 }\n[tree]\nroot = "n"\n[tree.n]\nplayer = "A"\nactions = { go = "end" }\n'
        '[outcomes.end]\nA = "PAYOFF"\n'
    )
    roll = rng.randrange(12)
    if roll == 0:
        depth = rng.choice([1000, 50_000, 300_000])
        notes.append(f"JSON nested {depth} deep")
        return "json", encode('{"model": ' + "[" * depth + "]" * depth + "}")
    if roll == 1:
        size = rng.choice([999_990, 1_000_000, 1_000_001, 1_500_000])
        text = minimal.replace("PAYOFF", "1")
        text += "#" + "x" * max(0, size - len(text) - 2) + "\n"
        notes.append(f"{len(encode(text))} bytes")
        return "toml", encode(text)
    if roll == 2:
        levels = rng.choice([5, 8, 12])
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in range(1, levels):
            lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
        key = rng.choice(["players", "parameters", "outcomes", "tree", "matrix", "model"])
        text = "\n".join(lines) + f"\nmodel: {{id: x}}\nplayers: {{A: a}}\n{key}: *a{levels - 1}\n"
        notes.append(f"YAML alias bomb of {levels} levels at {key}")
        return "yaml", encode(text)
    if roll == 3:
        expr = rng.choice(HOSTILE_EXPRESSIONS).replace("P", "p")
        notes.append(f"payoff {expr[:60]!r}")
        return "toml", encode(minimal.replace("PAYOFF", expr.replace("\\", "\\\\")))
    if roll == 4:
        number = rng.choice(HOSTILE_NUMBERS)
        where = rng.choice(["value", "min", "max"])
        text = minimal.replace("PAYOFF", "p").replace(
            "{ value = 0.5, min = 0, max = 1 }",
            {
                "value": f'{{ value = "{number}" }}',
                "min": f'{{ value = 0.5, min = "{number}" }}',
            }.get(where, f'{{ value = 0.5, max = "{number}" }}'),
        )
        notes.append(f"parameter {where} {number[:40]!r}")
        return "toml", encode(text)
    if roll == 5:
        n = rng.choice([100, 2000, 9999, 10_001])
        lines = ['[model]\nid = "m"\n[players]\nA = "A"\nB = "B"\n[tree]\nroot = "n0"']
        for i in range(n):
            player = "AB"[i % 2]
            lines.append(
                f'[tree.n{i}]\nplayer = "{player}"\nactions = {{ go = "n{i + 1}", stop = "e" }}'
            )
        lines.append(f'[tree.n{n}]\nplayer = "A"\nactions = {{ stop = "e" }}')
        lines.append("[outcomes.e]\nA = 1\nB = 0")
        notes.append(f"a chain of {n} nodes")
        return "toml", encode("\n".join(lines))
    if roll == 6:
        n = rng.choice([30, 100, 1000])
        labels = json.dumps([f"s{i}" for i in range(n)])
        text = '[model]\nid = "m"\n[players]\nA = "a"\nB = "b"\n[matrix]\n'
        text += f"strategies = {{ A = {labels}, B = {labels} }}\n[matrix.payoffs]\n"
        if n <= 100:
            for i in range(n):
                for j in range(n):
                    text += (
                        f'"s{i}, s{j}" = {{ A = {rng.randint(-9, 9)}, B = {rng.randint(-9, 9)} }}\n'
                    )
        notes.append(f"a {n}x{n} matrix")
        return "toml", encode(text)
    if roll == 7:
        n = rng.choice([2, 6, 10, 14])
        lines = ['[model]\nid = "m"\n[players]\nA = "A"\nB = "B"\n[tree]\nroot = "x"']

        def node(name: str, level: int) -> None:
            kids = [name + "l", name + "r"]
            targets = ["T" + k for k in kids] if level + 1 == n else kids
            lines.append(
                f'[tree.{name}]\nplayer = "{"AB"[level % 2]}"\n'
                f'actions = {{ left = "{targets[0]}", right = "{targets[1]}" }}'
            )
            if level + 1 < n:
                for kid in kids:
                    node(kid, level + 1)
            else:
                for target in targets:
                    lines.append(f'[outcomes.{target}]\nA = "0"\nB = "0"')

        node("x", 0)
        notes.append(f"a complete binary tree of depth {n}, every payoff tied")
        return "toml", encode("\n".join(lines))
    if roll == 8:
        n = rng.choice([20, 60, 200])
        text = '{"model": {"id": "m"}, "players": {"A": "A"}, "parameters": {'
        text += ", ".join(f'"x{i}": {{"value": 0.001, "min": 0, "max": 1}}' for i in range(n))
        text += '}, "tree": {"root": "n", "n": {"chance": {'
        prob = "+".join(f"x{i}" for i in range(n))
        text += f'"a": {{"prob": "({prob})^{rng.choice([2, 8, 30])}", "to": "o"}}, '
        text += f'"b": {{"prob": "1 - ({prob})^2", "to": "o2"}}'
        text += '}}}, "outcomes": {"o": {"A": 0}, "o2": {"A": 1}}}'
        notes.append(f"chance probability over {n} parameters")
        return "json", encode(text)
    if roll == 9:
        surrogate = rng.choice(["\\ud800", "\\udfff", "\\ud83d", "\\ud83d\\ude00", "\\u0000"])
        where = rng.choice(["title", "id", "player", "outcome", "action", "payoff", "key"])
        doc = {
            "model": {"id": "m", "title": "t"},
            "players": {"A": "A"},
            "tree": {"root": "n", "n": {"player": "A", "actions": {"go": "end"}}},
            "outcomes": {"end": {"A": "1"}},
        }
        text = to_json(doc, None)
        target = {
            "title": '"title": "t"',
            "id": '"id": "m"',
            "player": '"A": "A"',
            "outcome": '"end"}',
            "action": '"go"',
            "payoff": '"A": "1"',
            "key": '"model"',
        }[where]
        inject = target.replace('"', '"' + surrogate, 1) if where != "outcome" else target
        if where == "outcome":
            text = text.replace('"end"', f'"end{surrogate}"')
        else:
            text = text.replace(target, inject, 1)
        notes.append(f"JSON escape {surrogate} in {where}")
        return "json", encode(text)
    if roll == 10:
        number = rng.choice(["1" * 5000, "1e400", "-1e400", "nan", "inf", "1" * 4301])
        text = minimal.replace('"PAYOFF"', number)
        notes.append(f"TOML literal {number[:30]}")
        return "toml", encode(text)
    n = rng.choice([5, 20, 50])
    lines = ['[model]\nid = "m"\n[players]\nA = "A"\nD = "D"\n[tree]\nroot = "n0"']
    for i in range(n):
        lines.append(f'[tree.n{i}]\nplayer = "D"\nactions = {{ go = "n{i + 1}", stop = "e{i}" }}')
        lines.append(f"[outcomes.e{i}]\nA = 0\nD = {i}")
        kind = rng.choice(["type", "automatic"])
        lines.append(
            f'[commitments.c{i}]\nholder = "D"\nat = "n{i}"\npromise = "go"\n'
            f'credibility = 0.5\nkind = "{kind}"'
        )
    lines.append(
        f'[tree.n{n}]\nplayer = "A"\nactions = {{ stop = "last" }}\n[outcomes.last]\nA=1\nD=1'
    )
    notes.append(f"{n} commitments in a chain")
    return "toml", encode("\n".join(lines))


# --------------------------------------------------------------------------------------------
# Gambit files
# --------------------------------------------------------------------------------------------


def gambit_tokens(text: str) -> list[str]:
    """Tokens and the whitespace between them, so that joining them gives the text back."""
    import re

    return re.findall(r'\s+|"(?:[^"\\]|\\.)*"|[{},]|[^\s{}",]+|"', text, flags=re.DOTALL)


def mutate_gambit(text: str, rng: random.Random, notes: list[str]) -> str:
    tokens = gambit_tokens(text)
    for _ in range(rng.randint(1, 3)):
        solid = [i for i, t in enumerate(tokens) if not t.isspace()]
        if not solid:
            break
        i = rng.choice(solid)
        token = tokens[i]
        roll = rng.random()
        if roll < 0.3 and any(ch.isdigit() for ch in token) and not token.startswith('"'):
            tokens[i] = rng.choice(
                [
                    *HOSTILE_NUMBERS,
                    "0",
                    "-1",
                    "2",
                    "3",
                    "100000",
                    str(rng.randint(-5, 50)),
                    "4294967297",
                    "1e300",
                ]
            )
            notes.append(f"number {token!r} -> {tokens[i][:30]!r} (token {i})")
        elif roll < 0.4 and token.startswith('"'):
            tokens[i] = rng.choice(
                ['"' + odd_string(rng).replace('"', "").replace("\\", "") + '"', '"', '"\\', '""']
            )
            notes.append(f"string token {i} replaced")
        elif roll < 0.55:
            del tokens[i]
            notes.append(f"deleted token {i} {token[:20]!r}")
        elif roll < 0.65:
            tokens.insert(i, rng.choice(["{", "}", ",", '"', " 0 ", " 1/0 ", " p ", " t ", " c "]))
            notes.append(f"inserted a token at {i}")
        elif roll < 0.8:
            lines = "".join(tokens).split("\n")
            j = rng.randrange(len(lines))
            k = rng.randrange(len(lines))
            times = rng.choice([1, 1, 3, 200])
            lines[k:k] = [lines[j]] * times
            tokens = gambit_tokens("\n".join(lines))
            notes.append(f"copied line {j + 1} before line {k + 1} x{times}")
        elif roll < 0.9:
            cut = rng.randrange(len(tokens))
            tokens = tokens[:cut]
            notes.append(f"truncated at token {cut}")
        else:
            # Join information sets: make two decision lines share a player's infoset number.
            lines = "".join(tokens).split("\n")
            decisions = [j for j, line in enumerate(lines) if line.startswith("p ")]
            if len(decisions) >= 2:
                a, b = rng.sample(decisions, 2)
                pa, pb = gambit_tokens(lines[a]), gambit_tokens(lines[b])
                if len(pa) > 6 and len(pb) > 6:
                    pb[4], pb[6] = pa[4], pa[6]  # player and infoset number
                    lines[b] = "".join(pb)
                    notes.append(f"line {b + 1} joined the information set of line {a + 1}")
            tokens = gambit_tokens("\n".join(lines))
    return "".join(tokens)


def synthetic_nfg(rng: random.Random, notes: list[str]) -> str:
    """A random strategic form, sometimes larger than the shared games."""
    players = rng.choice([2, 2, 3, 4])
    sizes = [rng.choice([2, 3, 5, 8, 12]) if players == 2 else rng.randint(2, 5)]
    sizes = sizes * players if rng.random() < 0.5 else [rng.randint(2, 6) for _ in range(players)]
    count = 1
    for s in sizes:
        count *= s
    degenerate = rng.random() < 0.4
    payoffs = [
        str(rng.randint(0, 2) if degenerate else rng.randint(-99, 99))
        for _ in range(count * players)
    ]
    names = " ".join(f'"P{i}"' for i in range(players))
    notes.append(f"random {'x'.join(map(str, sizes))} strategic form, degenerate={degenerate}")
    return (
        f'NFG 1 R "fuzz" {{ {names} }} {{ {" ".join(map(str, sizes))} }}\n\n'
        + " ".join(payoffs)
        + "\n"
    )


# --------------------------------------------------------------------------------------------
# One input
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    index: int
    kind: str  # valid, data, text, hostile, gambit
    suffix: str
    content: bytes
    valid: bool
    notes: list[str]
    commands: list[list[str]]  # with "{}" for the file


def spec_seeds() -> list[Path]:
    return sorted(p for d in SPEC_SEEDS if d.is_dir() for p in d.rglob("*") if p.is_file())


def gambit_seeds() -> list[Path]:
    found = []
    for folder in GAMBIT_SEEDS:
        if folder.is_dir():
            found += [p for p in folder.rglob("*") if p.suffix in (".efg", ".nfg")]
    return sorted(found)


def make_case(index: int, seed: int, specs: list[Path], games: list[Path]) -> Case:
    rng = random.Random(f"{seed}:{index}")
    notes: list[str] = []
    check = ["check", "{}"]
    solve = ["solve", "{}", "--format", "json"]
    slow = [g for g in games if g.name in SLOW_SEEDS]
    if index < len(slow):  # the slow seeds, once each, unmutated
        notes.append(f"unmutated slow seed {slow[index]}")
        return Case(
            index,
            "gambit",
            slow[index].suffix,
            slow[index].read_bytes(),
            True,
            notes,
            [check, solve],
        )
    roll = rng.random()
    fmt = rng.choice(["toml", "toml", "json", "yaml"])
    suffix = "." + (fmt if fmt != "yaml" else rng.choice(["yaml", "yml"]))
    text_solve = ["solve", "{}"]
    if roll < 0.36:
        edge = roll >= 0.28
        if edge:
            rng.extreme = 0.5  # type: ignore[attr-defined]
        spec = gen_tree_spec(rng) if rng.random() < 0.65 else gen_matrix_spec(rng)
        form = "tree" if "tree" in spec else "matrix"
        notes.append(("edge values, " if edge else "valid ") + form)
        text = serialise(spec, fmt, rng)
        commands = [check, solve]
        extra = rng.random()
        if extra < 0.3:
            commands.append(text_solve)
        elif extra < 0.45:
            commands.append(["solve", "{}", "--concept", "nash", "--format", "json"])
        elif extra < 0.55:
            commands.append(["solve", "{}", "--format", "json", "--exact"])
        elif extra < 0.6:
            commands.append(["solve", "{}", "--method", "lemke-howson", "--format", "markdown"])
        elif extra < 0.7:
            commands.append(["show", "{}"])
        elif extra < 0.77 and spec.get("parameters"):
            name = rng.choice(list(spec["parameters"]))
            commands.append(["solve", "{}", "--set", f"{name}={rng.choice(HOSTILE_NUMBERS)}"])
            notes.append("plus a hostile --set")
        kind = "edge" if edge else "valid"
        return Case(index, kind, suffix, encode(text), not edge, notes, commands)
    if rng.random() < 0.3:
        check = [*check, "{}"] if rng.random() < 0.1 else check  # the same file twice
        solve = text_solve if rng.random() < 0.5 else ["show", "{}"]
    if roll < 0.58:
        if rng.random() < 0.7:
            spec = gen_tree_spec(rng) if rng.random() < 0.65 else gen_matrix_spec(rng)
        else:
            import tomllib

            seed_file = rng.choice([p for p in specs if p.suffix == ".toml"])
            spec = tomllib.loads(seed_file.read_text(encoding="utf-8"))
            notes.append(f"from {seed_file.relative_to(ROOT)}")
        data = mutate_data(spec, rng, notes)
        return Case(
            index, "data", suffix, encode(serialise(data, fmt, rng)), False, notes, [check, solve]
        )
    if roll < 0.7:
        if rng.random() < 0.5:
            spec = gen_tree_spec(rng) if rng.random() < 0.65 else gen_matrix_spec(rng)
            text = serialise(spec, fmt, rng)
        else:
            seed_file = rng.choice(specs)
            text = seed_file.read_text(encoding="utf-8")
            suffix = seed_file.suffix
            notes.append(f"from {seed_file.relative_to(ROOT)}")
        if rng.random() < 0.15:
            content = mutate_bytes(encode(text), rng, notes)
        else:
            content = encode(mutate_text(text, rng, notes))
        return Case(index, "text", suffix, content, False, notes, [check, solve])
    if roll < 0.77:
        fmt, content = hostile_document(rng, notes)
        commands = [check, solve]
        if "JSON escape" in notes[-1]:
            commands += [text_solve, ["show", "{}"]]
        return Case(index, "hostile", "." + fmt, content, False, notes, commands)
    # Gambit
    if rng.random() < 0.08:
        text = synthetic_nfg(rng, notes)
        return Case(index, "gambit", ".nfg", encode(text), True, notes, [check, solve])
    usable = [g for g in games if g.name not in SLOW_SEEDS]
    seed_file = rng.choice(usable)
    notes.append(f"from {seed_file}")
    text = seed_file.read_text(encoding="utf-8", errors="surrogateescape")
    if rng.random() < 0.1:
        content = mutate_bytes(text.encode("utf-8", "surrogateescape"), rng, notes)
    else:
        content = mutate_gambit(text, rng, notes).encode("utf-8", "surrogatepass")
    return Case(index, "gambit", seed_file.suffix, content, False, notes, [check, solve])


# --------------------------------------------------------------------------------------------
# The worker: runs inputs in-process, one JSON line in, one JSON line out
# --------------------------------------------------------------------------------------------


def limit_message(text: str) -> bool:
    words = ("limit", "at most", "too many", "too large", "more than", "exceeds")
    return any(w in text for w in words)


def describe(error: BaseException) -> str:
    """The traceback of ``error``, or its type when even that cannot be formatted."""
    import traceback

    try:
        return "".join(traceback.format_exception(error))[-OUTPUT_KEPT:]
    except BaseException:
        return f"{type(error).__name__} (traceback too large to format)"


def run_command(argv: list[str]) -> dict:
    from deterrence.cli.main import main

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    # Like a real pipe: stdout refuses what UTF-8 cannot encode, stderr escapes it.
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(
        err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    escaped = None
    start = time.process_time()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as error:  # argparse
        code = error.code if isinstance(error.code, int) else 2
    except MemoryError:
        code, escaped = None, "MemoryError escaped main()"
    except BaseException as error:
        code, escaped = None, describe(error)
    seconds = time.process_time() - start
    with contextlib.suppress(Exception):
        out.flush()
        err.flush()
    stdout = out_bytes.getvalue().decode("utf-8", "replace")
    stderr = err_bytes.getvalue().decode("utf-8", "replace")
    return {
        "argv": argv,
        "code": code,
        "stdout": stdout,
        "stderr": stderr,
        "escaped": escaped,
        "seconds": round(seconds, 3),
    }


def run_library(path: str) -> dict:
    import deterrence as dt
    from deterrence.errors import SpecError

    out, err = io.StringIO(), io.StringIO()
    result = {"argv": ["dt.load", path], "code": 0, "stdout": "", "stderr": "", "escaped": None}
    start = time.process_time()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            dt.load(path)
    except SpecError as error:
        result["code"] = 2
        err.write(str(error))
    except MemoryError:
        result["code"], result["escaped"] = None, "MemoryError escaped deterrence.load()"
    except BaseException as error:
        result["code"], result["escaped"] = None, describe(error)
    result["stdout"], result["stderr"] = out.getvalue(), err.getvalue()
    result["seconds"] = round(time.process_time() - start, 3)
    return result


def judge(runs: list[dict], valid: bool) -> tuple[str, str]:
    """(category, reason): ok-0, ok-2, traceback, memory, exit-N, valid-refused."""
    for run in runs:
        text = run["stdout"] + run["stderr"] + (run["escaped"] or "")
        if "MemoryError" in text:
            return "memory", f"{' '.join(run['argv'][:1])}: MemoryError"
        if run["escaped"]:
            last = run["escaped"].strip().splitlines()[-1]
            return "traceback", f"{run['argv'][0]}: exception escaped: {last}"
        if "Traceback" in text or "internal error" in text:
            first = next((x for x in run["stderr"].splitlines() if "error" in x), "")
            return "traceback", f"{run['argv'][0]}: exit {run['code']}: {first[:200]}"
        if run["code"] not in (0, 2):
            return f"exit-{run['code']}", f"{run['argv'][0]}: exit {run['code']}"
    if valid:
        for run in runs:
            argv = run["argv"]
            if argv[0] == "check" and run["code"] != 0:
                return "valid-refused", "check: " + run["stderr"][:300]
            if argv[0] == "dt.load" and run["code"] != 0:
                return "valid-refused", "dt.load: " + run["stderr"][:300]
            if argv[0] == "solve" and "--set" not in argv:
                if run["code"] == 2:
                    if not limit_message(run["stderr"]):
                        return "valid-refused", "solve: " + run["stderr"][:300]
                    continue
                if "json" not in argv:
                    continue
                try:
                    result = json.loads(run["stdout"])
                except ValueError:
                    return "valid-refused", "solve: output is not JSON"
                for equilibrium in result.get("equilibria", []):
                    if Fraction(str(equilibrium.get("regret"))) != 0:
                        return "valid-refused", f"solve: regret {equilibrium.get('regret')}"
    worst = max((r["code"] for r in runs), default=0)
    return f"ok-{worst}", ""


def worker() -> None:
    """Read a JSON line per input from stdin; answer a JSON line on the protocol pipe."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # anything written straight to fd 1 cannot corrupt the protocol
    import importlib

    for module in ("deterrence.cli.main", "deterrence.solvers.solver", "deterrence.spec"):
        importlib.import_module(module)  # pay for the imports before the first input

    for line in sys.stdin:
        request = json.loads(line)
        path = request["path"]
        runs: list[dict] = []
        try:
            runs.append(run_library(path))
            for argv in request["commands"]:
                runs.append(run_command([path if a == "{}" else a for a in argv]))
                category, _ = judge(runs, False)
                if category == "memory":
                    break  # the process may be in a bad state; the parent restarts it
            category, reason = judge(runs, request["valid"])
        except MemoryError:
            category, reason = "memory", "MemoryError in the worker itself"
        for run in runs:
            run["stdout"] = run["stdout"][:OUTPUT_KEPT]
            run["stderr"] = run["stderr"][:OUTPUT_KEPT]
        protocol.write(json.dumps({"category": category, "reason": reason, "runs": runs}) + "\n")


# --------------------------------------------------------------------------------------------
# The parent: watchdogs, restarts, the report
# --------------------------------------------------------------------------------------------


class Worker:
    #: Put first on the workers' path: a copy of the package made with --snapshot.
    pythonpath: str | None = None
    #: Where the workers' own standard error goes (an open file), else nowhere.
    log: object = subprocess.DEVNULL

    def __init__(self) -> None:
        env = dict(os.environ)
        if self.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(
                [self.pythonpath, *filter(None, [env.get("PYTHONPATH")])]
            )
        env.update(
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
            COLUMNS="120",
            PYTHONHASHSEED="0",
        )
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            encoding="utf-8",
            env=env,
            start_new_session=True,
        )
        self.served = 0

    def ask(self, request: dict, timeout: float) -> dict | None:
        """The answer, or None on a hang (the worker is then killed) or a crash."""
        assert self.process.stdin and self.process.stdout
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return {"category": "crash", "reason": "worker died before the input", "runs": []}
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.kill()
            return None
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            reason = f"worker died (status {code})"
            if code < 0:
                reason += f", signal {signal.Signals(-code).name}"
            return {"category": "crash", "reason": reason, "runs": []}
        self.served += 1
        return json.loads(line)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.process.stdin.close()  # type: ignore[union-attr]
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


BAD = ("hang", "crash", "memory", "traceback", "valid-refused")


def run_fuzz(args: argparse.Namespace) -> int:
    out = Path(args.out)
    inputs = out / "inputs"
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True, exist_ok=True)
    specs, games = spec_seeds(), gambit_seeds()
    if args.snapshot:
        copy = out / "snapshot"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(ROOT / "deterrence", copy / "deterrence")
        Worker.pythonpath = str(copy)
    Worker.log = open(out / "workers.log", "a")  # noqa: SIM115 - open while workers run
    smoke = Worker()
    answer = smoke.ask(
        {"path": str(SPEC_SEEDS[0] / "chicken.toml"), "commands": [["check", "{}"]], "valid": True},
        120,
    )
    smoke.close()
    if not answer or answer["category"] != "ok-0":
        print(f"the package does not work as it is: {answer}", file=sys.stderr)
        return 2
    if not games:
        print("note: no Gambit seed games found; Gambit mutations use synthetic games only")
    todo: queue.Queue[int] = queue.Queue()
    for index in range(args.start, args.start + args.count):
        todo.put(index)
    results: list[dict] = []
    generator_errors: list[str] = []
    lock = threading.Lock()
    started = time.monotonic()

    def job() -> None:
        worker_process = Worker()
        while True:
            try:
                index = todo.get_nowait()
            except queue.Empty:
                break
            try:
                case = make_case(index, args.seed, specs, games)
            except Exception as error:  # a bug of this script, not of deterrence
                with lock:
                    generator_errors.append(f"input {index}: {type(error).__name__}: {error}")
                continue
            name = f"{case.index:06d}-{case.kind}{case.suffix}"
            path = inputs / name
            path.write_bytes(case.content)
            request = {"path": str(path), "commands": case.commands, "valid": case.valid}
            answer = worker_process.ask(request, args.timeout)
            if answer is None:
                answer = {
                    "category": "hang",
                    "reason": f"no answer within {args.timeout:g} s",
                    "runs": [],
                }
            record = {
                "index": index,
                "name": name,
                "kind": case.kind,
                "valid": case.valid,
                "notes": case.notes,
                "commands": [" ".join(c).replace("{}", name) for c in case.commands],
                **answer,
            }
            record["seconds"] = round(sum(r.get("seconds", 0) for r in answer["runs"]), 3)
            if answer["category"] in ("hang", "crash"):
                record["seconds"] = args.timeout if answer["category"] == "hang" else 0
            if answer["category"] in BAD or answer["category"].startswith("exit-"):
                keep = out / answer["category"]
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, keep / name)
                (keep / (name + ".json")).write_text(json.dumps(record, indent=2) + "\n")
            path.unlink()
            with lock:
                results.append(record)
                done = len(results)
                if args.progress and done % args.progress == 0:
                    bad = sum(1 for r in results if r["category"] not in ("ok-0", "ok-2"))
                    print(
                        f"  {done}/{args.count} inputs, {bad} bad, "
                        f"{time.monotonic() - started:.0f} s",
                        flush=True,
                    )
            if answer["category"] in ("hang", "crash", "memory"):
                if answer["category"] != "hang":
                    worker_process.kill()
                worker_process = Worker()
            elif worker_process.served >= RESTART_EVERY:
                worker_process.close()
                worker_process = Worker()
        worker_process.close()

    threads = [threading.Thread(target=job) for _ in range(max(1, args.jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shutil.rmtree(inputs, ignore_errors=True)
    results.sort(key=lambda r: r["index"])
    elapsed = time.monotonic() - started
    summary = summarise(results, args, elapsed)
    if generator_errors:
        summary += (
            f"\ngenerator errors (bugs of tools/fuzz.py, inputs skipped): {len(generator_errors)}"
        )
        summary += "".join(f"\n  {e[:200]}" for e in generator_errors[:10])
    (out / "summary.txt").write_text(summary + "\n")
    with open(out / "results.jsonl", "w") as handle:
        for record in results:
            slim = {k: v for k, v in record.items() if k != "runs"}
            slim["codes"] = [r["code"] for r in record["runs"]]
            handle.write(json.dumps(slim) + "\n")
    print(summary)
    return 1 if any(r["category"] not in ("ok-0", "ok-2") for r in results) else 0


def code_version(args: argparse.Namespace) -> str:
    """The commit and how many files differ from it (read-only git commands)."""

    def git(*argv: str) -> str:
        try:
            done = subprocess.run(
                ["git", "-C", str(ROOT), *argv], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown commit"
    changed = [line for line in git("status", "--porcelain").splitlines() if line]
    where = "a snapshot copy of the package" if args.snapshot else "the working tree"
    return f"{where} at {head} with {len(changed)} changed or new file(s)"


def summarise(results: list[dict], args: argparse.Namespace, elapsed: float) -> str:
    categories = Counter(r["category"] for r in results)
    kinds = Counter(r["kind"] for r in results)
    lines = [
        f"code: {code_version(args)}",
        f"deterrence fuzz: seed {args.seed}, inputs {args.start}..{args.start + args.count - 1}, "
        f"{args.jobs} job(s), watchdog {args.timeout:g} s, memory limit "
        f"{MEMORY_LIMIT >> 20} MB per worker, {elapsed:.0f} s",
        f"inputs:                    {len(results)}"
        + "  ("
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        + ")",
        f"exit 0 (every command):    {categories['ok-0']}",
        f"exit 2 (clean refusal):    {categories['ok-2']}",
        f"hangs (watchdog):          {categories['hang']}",
        f"tracebacks/internal errors:{categories['traceback']:>5}",
        f"memory errors:             {categories['memory']}",
        f"worker crashes:            {categories['crash']}",
        f"valid specs refused:       {categories['valid-refused']}",
    ]
    others = {k: n for k, n in categories.items() if k.startswith("exit-")}
    if others:
        lines.append(
            "other exit statuses:       " + ", ".join(f"{k} {n}" for k, n in others.items())
        )
    valid = [r for r in results if r["valid"] and r["kind"] == "valid"]
    if valid:
        solved = sum(1 for r in valid if r["category"] == "ok-0")
        lines.append(f"valid specs solved (exit 0): {solved}/{len(valid)}")
    lines.append("slowest inputs (CPU seconds of load+check+solve):")
    for record in sorted(results, key=lambda r: -r["seconds"])[: args.slowest]:
        lines.append(
            f"  {record['seconds']:8.2f}  {record['name']}  [{record['category']}] "
            + "; ".join(record["notes"])[:100]
        )
    bad = [r for r in results if r["category"] not in ("ok-0", "ok-2")]
    if bad:
        lines.append(f"bad inputs ({len(bad)}), reproducers in {args.out}/<category>/:")
        for record in bad[:200]:
            lines.append(f"  {record['category']:<14} {record['name']}: {record['reason'][:160]}")
        if len(bad) > 200:
            lines.append(f"  ... and {len(bad) - 200} more (see results.jsonl)")
    else:
        lines.append("bad inputs: none")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="inputs to run (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generators (default 1)")
    parser.add_argument("--start", type=int, default=0, help="index of the first input")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--timeout", type=float, default=20.0, help="watchdog per input, s")
    parser.add_argument(
        "--out",
        default=os.path.join(tempfile.gettempdir(), "deterrence-fuzz"),
        help="folder for reproducers (default: deterrence-fuzz in the temporary folder)",
    )
    parser.add_argument("--slowest", type=int, default=10, help="slowest inputs listed")
    parser.add_argument("--progress", type=int, default=500, help="progress every N inputs")
    parser.add_argument(
        "--show", type=int, metavar="INDEX", help="write input INDEX to --out and exit"
    )
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="fuzz a copy of deterrence/ made at the start (the tree may change meanwhile)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker()
        return 0
    if args.show is not None:
        case = make_case(args.show, args.seed, spec_seeds(), gambit_seeds())
        target = Path(args.out) / f"{case.index:06d}-{case.kind}{case.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.content)
        print(target)
        print("\n".join(case.notes))
        return 0
    return run_fuzz(args)


if __name__ == "__main__":
    sys.exit(main())
