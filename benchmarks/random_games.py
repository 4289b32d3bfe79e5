"""Correctness at scale: random games solved by deterrence and by pygambit, compared exactly.

Run from the repository root, in an environment that has both ``deterrence`` and ``pygambit``
(pygambit is not a dependency of this project)::

    python benchmarks/random_games.py --seed 1 --count 2000 --out random-disagreements
    python benchmarks/random_games.py --seed 1 --count 400 --write-fixtures
    python benchmarks/random_games.py --seed 1 --only bimatrix:17 --out repro

Every game is drawn from its own seeded generator (``random.Random("<seed>:<family>:<index>")``),
so game ``bimatrix:17`` of seed 1 is the same whatever ``--count`` and ``--families`` say. Each
game is written as a Gambit ``.nfg``/``.efg`` text to a file, and both tools read that same
file: ``deterrence.load`` and ``pygambit.read_nfg``/``read_efg``. The families and what is
compared (all exactly, in ``Fraction``s; pygambit's rationals convert with
``Fraction(str(x))``):

``bimatrix``
    Two-player normal forms from 1x1 to 8x8 with small integer payoffs, most of them
    degenerate (payoffs from {0, 1}, three values, or with a duplicated strategy). The set of
    extreme equilibria of ``dt.solve(game, "nash")`` must equal pygambit's
    ``enummixed_solve(g, rational=True)`` (duplicates removed), every equilibrium of
    ``lcp_solve(g, rational=True)`` must be among ours, and each of ours must have
    ``max_regret() == 0`` in pygambit.
``nplayer``
    Three- and four-player normal forms with one to four strategies each: our pure
    equilibria must equal ``enumpure_solve(g)``.
``pitree``
    Trees of perfect information for two or three players, with chance nodes and ties
    (payoffs from a small range). Our subgame-perfect equilibria (``concept="spe"``, behaviour
    at every information set) must equal the pure SPE found by backward induction, with every
    tie-break, on pygambit's reading of the tree (its nodes, outcomes and chance
    probabilities). Each of ours must have ``max_regret() == 0`` in pygambit and choose, at
    every decision node, an action whose ``node_value`` for the mover is the largest there;
    each must be among pygambit's pure Nash equilibria of the reduced strategic form
    (``enumpure_solve``) and of the agent form (``enumpure_agent_solve``). ``dt.solve`` lists
    at most ``deterrence.solvers.spe.MAX_RECORDED`` (100) pure SPE and says how many there are
    in a note: that number is compared, the listed ones must be among those found on
    pygambit's tree, and the enumeration behind them (``backward_induction``) must find
    exactly that set.
``imperfect``
    Two-player trees with information sets (perfect recall) and chance nodes: our extreme
    equilibria of the reduced normal form must equal ``enummixed_solve`` on pygambit's reduced
    strategic form of the same tree -- as mixed profiles, matching reduced strategies by the
    action they take at each information set, and as pairs (payoff vector, distribution over
    outcomes) -- and each of ours must have ``max_regret() == 0`` in pygambit.

The summary table gives, per family, the number of games, agreements, disagreements and the
seconds spent by each side (reading the file and solving). For each disagreement the game
file and a JSON file with both answers and what differs are written into ``--out``; the exit
status is 1 if there was any disagreement.

``--write-fixtures [DIR]`` (default ``tests/fixtures/random_games``) stores every game of the
run on which the two sides agree, its text inline, with pygambit's answers, one JSON file per
family, for ``tests/test_random_games.py``, which checks them without pygambit. The record
format follows ``tests/fixtures/gambit/expected.json`` (``title``, ``format``, ``players``,
``strategies``, ``method``, ``count``, ``payoffs``, ``profiles``), plus ``id``, ``game`` and
what each family needs besides. For trees, plans and pure behaviour are stored compactly: one
action letter per information set of the player in the order of the record's ``infosets``
(``*`` where a reduced strategy says nothing), a profile as the players' strings joined by
``|``.

Gambit is GPL-licensed: none of its code is used here beyond calling pygambit, and the
fixtures hold only the numbers its solvers produced.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import deterrence as dt
from deterrence.solvers.spe import MAX_RECORDED, backward_induction

FAMILIES = ("bimatrix", "nplayer", "pitree", "imperfect")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = ROOT / "tests" / "fixtures" / "random_games"

#: Strategy-label prefixes of the players of a normal form.
LETTERS = "abcd"


def fstr(value: object) -> str:
    """Exact string of a rational: '5/11', '-3' (pygambit values go through str)."""
    return str(Fraction(str(value)))


# ---------------------------------------------------------------------------------------------
# Drawing games
# ---------------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nfg_text(title: str, shape: tuple[int, ...], payoff: Callable[[tuple[int, ...]], list]) -> str:
    """An ``NFG 1 R`` text with payoffs listed, the first player's strategy varying fastest."""
    players = " ".join(_quote(str(i + 1)) for i in range(len(shape)))
    strategies = " ".join(
        "{ " + " ".join(_quote(f"{LETTERS[i]}{k}") for k in range(size)) + " }"
        for i, size in enumerate(shape)
    )
    numbers = []
    for reverse in itertools.product(*(range(size) for size in reversed(shape))):
        numbers.extend(str(v) for v in payoff(tuple(reversed(reverse))))
    lines = [" ".join(numbers[i : i + 16]) for i in range(0, len(numbers), 16)]
    return (
        f'NFG 1 R {_quote(title)} {{ {players} }} {{ {strategies} }}\n""\n\n'
        + "\n".join(lines)
        + "\n"
    )


VALUE_SETS: tuple[tuple[int, ...], ...] = (
    (0, 1),
    (0, 1),
    (0, 1, 2),
    (-1, 0, 1),
    (0, 1, 2),
    tuple(range(5)),
    tuple(range(-3, 4)),
    tuple(range(10)),
)


def draw_bimatrix(rng: random.Random, title: str) -> str:
    m, n = rng.randint(1, 8), rng.randint(1, 8)
    values = rng.choice(VALUE_SETS)
    table = {(i, j): [rng.choice(values), rng.choice(values)] for i in range(m) for j in range(n)}
    if m > 1 and rng.random() < 0.15:  # a duplicated row: a degenerate game for sure
        src, dst = rng.sample(range(m), 2)
        for j in range(n):
            table[dst, j] = list(table[src, j])
    if n > 1 and rng.random() < 0.15:  # and a column that copies another for player 2
        src, dst = rng.sample(range(n), 2)
        for i in range(m):
            table[i, dst] = [table[i, dst][0], table[i, src][1]]
    return nfg_text(title, (m, n), lambda profile: table[profile])


def draw_nplayer(rng: random.Random, title: str) -> str:
    players = rng.choice((3, 3, 4))
    top = 4 if players == 3 else 3
    shape = tuple(rng.randint(1, top) for _ in range(players))
    values = rng.choice(VALUE_SETS[:6])
    table = {p: [rng.choice(values) for _ in shape] for p in itertools.product(*map(range, shape))}
    return nfg_text(title, shape, lambda profile: table[profile])


CHANCE_PROBS = (
    ("1/2", "1/2"),
    ("1/3", "2/3"),
    ("1/4", "3/4"),
    ("1/3", "1/3", "1/3"),
    ("1/2", "1/4", "1/4"),
)


@dataclass
class TreeNode:
    kind: str  # decision, chance, terminal
    player: int = 0  # 0-based, decision nodes
    infoset: int = 0  # index into the tree's infosets of that kind
    children: list[TreeNode] = field(default_factory=list)
    probs: tuple[str, ...] = ()
    payoffs: tuple[int, ...] = ()


@dataclass
class TreeDraw:
    """State of drawing one tree."""

    rng: random.Random
    players: int
    values: tuple[int, ...]
    max_decisions: int
    join: float  # probability of putting a node into an existing information set
    chance: float
    decisions: int = 0
    joined: int = 0
    arity_product: int = 1
    # per player: list of (own history, arity) of its information sets
    infosets: list[list[tuple[tuple, int]]] = field(default_factory=list)
    chance_sets: int = 0

    def node(self, depth: int, history: tuple[tuple, ...]) -> TreeNode:
        rng = self.rng
        stop = depth >= 4 or self.decisions >= self.max_decisions or rng.random() < 0.12 * depth
        if stop and depth > 0:
            return TreeNode(
                "terminal", payoffs=tuple(rng.choice(self.values) for _ in range(self.players))
            )
        if depth > 0 and rng.random() < self.chance:
            probs = rng.choice(CHANCE_PROBS)
            self.chance_sets += 1
            node = TreeNode("chance", infoset=self.chance_sets - 1, probs=probs)
            node.children = [self.node(depth + 1, history) for _ in probs]
            return node
        player = rng.randrange(self.players)
        arity = rng.choice((2, 2, 2, 3))
        own = history[player]
        sets = self.infosets[player]
        candidates = [k for k, (h, a) in enumerate(sets) if h == own and a == arity]
        if candidates and rng.random() < self.join:
            infoset = rng.choice(candidates)
            self.joined += 1
        else:
            sets.append((own, arity))
            infoset = len(sets) - 1
        self.decisions += 1
        self.arity_product *= arity
        node = TreeNode("decision", player=player, infoset=infoset)
        for action in range(arity):
            child_history = list(history)
            child_history[player] = (*own, (infoset, action))
            node.children.append(self.node(depth + 1, tuple(child_history)))
        return node


def efg_text(title: str, players: int, root: TreeNode) -> str:
    """An ``EFG 2 R`` text: information sets named ``<letter><number>``, actions a, b, c."""
    names = " ".join(_quote(f"P{i + 1}") for i in range(players))
    lines = [f"EFG 2 R {_quote(title)} {{ {names} }}", '""', ""]
    outcome = 0

    def walk(node: TreeNode) -> None:
        nonlocal outcome
        if node.kind == "terminal":
            outcome += 1
            pays = ", ".join(str(v) for v in node.payoffs)
            lines.append(f't "" {outcome} "o{outcome}" {{ {pays} }}')
            return
        if node.kind == "chance":
            branches = " ".join(f'"h{k}" {p}' for k, p in enumerate(node.probs))
            number = node.infoset + 1
            lines.append(f'c "" {number} "c{number}" {{ {branches} }} 0')
        else:
            actions = " ".join(_quote("abc"[k]) for k in range(len(node.children)))
            number = node.infoset + 1
            name = f"{LETTERS[node.player]}{number}"
            lines.append(f'p "" {node.player + 1} {number} "{name}" {{ {actions} }} 0')
        for child in node.children:
            walk(child)

    walk(root)
    return "\n".join(lines) + "\n"


def _draw_tree(
    rng: random.Random, title: str, *, players: int, join: float, max_decisions: int
) -> str:
    """A tree with at least two decision nodes, and an information set of several nodes
    when ``join`` is positive."""
    while True:
        draw = TreeDraw(
            rng=rng,
            players=players,
            values=rng.choice(VALUE_SETS[:6]),
            max_decisions=max_decisions,
            join=join,
            chance=0.25,
            infosets=[[] for _ in range(players)],
        )
        root = draw.node(0, tuple(() for _ in range(players)))
        if draw.decisions >= 2 and draw.arity_product <= 4096 and (draw.joined or not join):
            return efg_text(title, players, root)


def draw_pitree(rng: random.Random, title: str) -> str:
    return _draw_tree(rng, title, players=rng.choice((2, 2, 3)), join=0.0, max_decisions=10)


def draw_imperfect(rng: random.Random, title: str) -> str:
    return _draw_tree(rng, title, players=2, join=0.7, max_decisions=7)


DRAW = {
    "bimatrix": draw_bimatrix,
    "nplayer": draw_nplayer,
    "pitree": draw_pitree,
    "imperfect": draw_imperfect,
}
SUFFIX = {"bimatrix": "nfg", "nplayer": "nfg", "pitree": "efg", "imperfect": "efg"}


@dataclass
class Case:
    family: str
    seed: int
    index: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.family}-s{self.seed}-{self.index:05d}"

    @property
    def suffix(self) -> str:
        return SUFFIX[self.family]


def draw(family: str, seed: int, index: int) -> Case:
    rng = random.Random(f"{seed}:{family}:{index}")
    title = f"{family} seed {seed} game {index}"
    return Case(family, seed, index, DRAW[family](rng, title))


# ---------------------------------------------------------------------------------------------
# Our answers (deterrence)
# ---------------------------------------------------------------------------------------------


def our_normal_form(game: Any, result: Any) -> dict:
    """Equilibria of a normal form as rows of probability strings in strategy order."""
    profiles = []
    for eq in result.equilibria:
        assert eq.mixed is not None
        profiles.append(
            [
                [str(eq.mixed[i].get(label, Fraction(0))) for label in labels]
                for i, labels in enumerate(game.strategies)
            ]
        )
    return {
        "complete": result.complete,
        "regrets": sorted({str(eq.regret) for eq in result.equilibria}),
        "count": len(result.equilibria),
        "profiles": sorted(profiles),
        "payoffs": sorted([str(v) for v in eq.payoffs] for eq in result.equilibria),
    }


def our_bimatrix(path: Path) -> dict:
    game = dt.load(path)
    return our_normal_form(game, dt.solve(game, "nash", cross_check=False))


def our_nplayer(path: Path) -> dict:
    return our_bimatrix(path)


def behaviour_choice(eq: Any) -> list[dict[str, str]]:
    """A pure behaviour profile: per player, information set -> the action played."""
    assert eq.behaviour is not None
    choice = []
    for player in eq.behaviour:
        chosen = {}
        for infoset, probs in player.items():
            (action,) = [a for a, p in probs.items() if p == 1]
            chosen[infoset] = action
        choice.append(dict(sorted(chosen.items())))
    return choice


#: The note of ``dt.solve(game, "spe")`` when it lists only the first of many pure SPE.
LISTED_NOTE = re.compile(r"^(\d+)(\+?) pure SPE; the first (\d+) are listed")


def spe_total(result: Any) -> tuple[int, bool]:
    """How many pure SPE ``result`` says there are, and whether it listed them all: it lists
    at most ``deterrence.solvers.spe.MAX_RECORDED`` and gives the number in a note."""
    for note in result.notes:
        if match := LISTED_NOTE.match(note):
            return int(match.group(1)), False
    return len(result.equilibria), True


def our_pitree(path: Path) -> dict:
    game = dt.load(path)
    result = dt.solve(game, "spe")
    total, listed_all = spe_total(result)
    # The enumeration behind it, every pure SPE (not only the listed ones), unverified.
    enumerated, enumeration_complete = backward_induction(game)
    every = []
    for spe in enumerated:
        choice: list[dict[str, str]] = [{} for _ in game.players]
        for index, action in spe.choices.items():
            node = game.nodes[index]
            choice[node.player][node.infoset] = node.actions[action]
        every.append([dict(sorted(c.items())) for c in choice])
    return {
        "complete": result.complete,
        "listed_all": listed_all,
        "regrets": sorted({str(eq.regret) for eq in result.equilibria}),
        "count": total,
        "spe": sorted((behaviour_choice(eq) for eq in result.equilibria), key=json.dumps),
        "enumerated_complete": enumeration_complete,
        "enumerated": sorted(every, key=json.dumps),
        "payoffs": sorted([str(v) for v in eq.payoffs] for eq in result.equilibria),
    }


def plan_actions(game: Any) -> list[dict[str, dict[str, str]]]:
    """For each player: our reduced strategy label -> {information set: action}."""
    from deterrence.game.reduced_form import reduced_normal_form

    reduced = reduced_normal_form(game)
    return [
        {
            label: {h: game.infosets[h].actions[a] for h, a in sorted(plan.items())}
            for label, plan in zip(labels, plans, strict=True)
        }
        for labels, plans in zip(reduced.game.strategies, reduced.plans, strict=True)
    ]


def our_imperfect(path: Path) -> dict:
    game = dt.load(path)
    result = dt.solve(game, "nash", cross_check=False)
    plans = plan_actions(game)
    equilibria = []
    for eq in result.equilibria:
        assert eq.mixed is not None
        equilibria.append(
            {
                "mixed": [
                    [[plans[i][label], str(p)] for label, p in mixed.items() if p != 0]
                    for i, mixed in enumerate(eq.mixed)
                ],
                "payoffs": [str(v) for v in eq.payoffs],
                "outcomes": {o: str(p) for o, p in sorted(eq.outcomes.items()) if p != 0},
            }
        )
    return {
        "complete": result.complete,
        "regrets": sorted({str(eq.regret) for eq in result.equilibria}),
        "count": len(result.equilibria),
        "strategies": [len(p) for p in plans],
        "equilibria": sorted(equilibria, key=json.dumps),
    }


OURS = {
    "bimatrix": our_bimatrix,
    "nplayer": our_nplayer,
    "pitree": our_pitree,
    "imperfect": our_imperfect,
}


# ---------------------------------------------------------------------------------------------
# pygambit's answers
# ---------------------------------------------------------------------------------------------


def gbt_rows(game: Any, profile: Any) -> list[list[str]]:
    return [[fstr(profile[s]) for s in player.strategies] for player in game.players]


def gbt_payoffs(game: Any, profile: Any) -> list[str]:
    return [fstr(profile.payoff(player)) for player in game.players]


def describe(game: Any, suffix: str) -> dict:
    return {
        "title": game.title,
        "format": suffix,
        "players": len(game.players),
        "strategies": [len(player.strategies) for player in game.players],
    }


def gbt_bimatrix(path: Path) -> dict:
    import pygambit as gbt

    game = gbt.read_nfg(str(path))
    mixed = list(gbt.nash.enummixed_solve(game, rational=True).equilibria)
    lcp = list(gbt.nash.lcp_solve(game, rational=True).equilibria)
    profiles = sorted({json.dumps(gbt_rows(game, eq)) for eq in mixed})
    return {
        **describe(game, "nfg"),
        "method": "enummixed",
        "count": len(mixed),
        "payoffs": sorted({json.dumps(gbt_payoffs(game, eq)) for eq in mixed}),
        "profiles": [json.loads(p) for p in profiles],
        "lcp": sorted({json.dumps(gbt_rows(game, eq)) for eq in lcp}),
    }


def gbt_nplayer(path: Path) -> dict:
    import pygambit as gbt

    game = gbt.read_nfg(str(path))
    pure = list(gbt.nash.enumpure_solve(game).equilibria)
    return {
        **describe(game, "nfg"),
        "method": "enumpure",
        "count": len(pure),
        "payoffs": sorted({json.dumps(gbt_payoffs(game, eq)) for eq in pure}),
        "profiles": sorted(gbt_rows(game, eq) for eq in pure),
    }


def _values(node: Any, players: list) -> tuple[Fraction, ...]:
    if not node.outcome:  # pygambit 16.7: a false NodeOutcome where none is attached
        return tuple(Fraction(0) for _ in players)
    return tuple(Fraction(str(node.outcome[p])) for p in players)


SPE_CAP = 50_000


def gbt_spe(game: Any) -> list[list[dict[str, str]]]:
    """Every pure SPE, by backward induction with every tie-break, on pygambit's tree.

    Each is a list of ``(infoset, action)`` pairs; values are exact. Independent of
    deterrence: it reads nodes, outcomes and chance probabilities from pygambit only.
    """
    players = list(game.players)
    index = {p.label: i for i, p in enumerate(players)}

    def solve(node: Any) -> list[tuple[tuple, tuple[Fraction, ...]]]:
        own = _values(node, players)
        if node.is_terminal:
            return [((), own)]
        children = [solve(child) for child in node.children]
        combos = itertools.product(*children)
        found: list[tuple[tuple, tuple[Fraction, ...]]] = []
        infoset = node.infoset
        actions = list(infoset.actions)
        for combo in combos:
            assign = tuple(pair for sub, _ in combo for pair in sub)
            if node.player.is_chance:
                value = tuple(
                    own[k]
                    + sum(
                        Fraction(str(a.prob)) * v[k]
                        for a, (_, v) in zip(actions, combo, strict=True)
                    )
                    for k in range(len(players))
                )
                found.append((assign, value))
            else:
                mover = index[node.player.label]
                best = max(v[mover] for _, v in combo)
                for a, (_, v) in zip(actions, combo, strict=True):
                    if v[mover] == best:
                        value = tuple(own[k] + v[k] for k in range(len(players)))
                        found.append(((*assign, (infoset.label, a.label)), value))
            if len(found) > SPE_CAP:
                raise RuntimeError(f"more than {SPE_CAP} pure SPE")
        return found

    owner = {h.label: i for i, p in enumerate(players) for h in p.infosets}
    answers = []
    for assign, _ in solve(game.root):
        choice: list[dict[str, str]] = [{} for _ in players]
        for label, action in assign:
            choice[owner[label]][label] = action
        answers.append([dict(sorted(c.items())) for c in choice])
    return sorted(answers, key=json.dumps)


def gbt_strategy_actions(game: Any) -> list[list[dict[str, str]]]:
    """For each player, each (reduced) strategy of pygambit: {information set: action}."""
    result = []
    for player in game.players:
        rows = []
        for strategy in player.strategies:
            taken = {}
            for infoset in player.infosets:
                action = strategy.action(infoset)
                if action is not None:
                    taken[infoset.label] = action.label
            rows.append(dict(sorted(taken.items())))
        result.append(rows)
    return result


def pure_index(game: Any, profile: Any) -> list[int]:
    """The strategy played by each player in a pure mixed-strategy profile."""
    chosen = []
    for player in game.players:
        (k,) = [k for k, s in enumerate(player.strategies) if Fraction(str(profile[s])) == 1]
        chosen.append(k)
    return chosen


def gbt_pitree(path: Path) -> dict:
    import pygambit as gbt

    game = gbt.read_efg(str(path))
    spe = gbt_spe(game)
    pure = list(gbt.nash.enumpure_solve(game).equilibria)
    agent = list(gbt.nash.enumpure_agent_solve(game).equilibria)
    infosets = [[h.label for h in p.infosets] for p in game.players]
    agent_rows = []
    for eq in agent:
        row = []
        for player in game.players:
            chosen = {}
            for h in player.infosets:
                (a,) = [a.label for a in h.actions if Fraction(str(eq[a])) == 1]
                chosen[h.label] = a
            row.append(chosen)
        agent_rows.append(row)
    return {
        **describe(game, "efg"),
        "method": "backward induction on pygambit's tree; enumpure; enumpure_agent",
        "count": len(spe),
        "spe": spe,
        "infosets": infosets,
        "strategy_actions": gbt_strategy_actions(game),
        "enumpure": sorted(pure_index(game, eq) for eq in pure),
        "agent": sorted(agent_rows, key=json.dumps),
    }


def gbt_imperfect(path: Path) -> dict:
    import pygambit as gbt

    game = gbt.read_efg(str(path))
    actions = gbt_strategy_actions(game)
    mixed = list(gbt.nash.enummixed_solve(game, rational=True).equilibria)
    terminals = [n for n in game.nodes if n.is_terminal]
    equilibria = {}
    for eq in mixed:
        behaviour = eq.as_behavior()
        outcomes: dict[str, Fraction] = {}
        for node in terminals:
            p = Fraction(str(behaviour.realiz_prob(node)))
            if p:
                outcomes[node.outcome.label] = outcomes.get(node.outcome.label, 0) + p
        record = {
            "mixed": [
                [
                    [actions[i][k], fstr(eq[s])]
                    for k, s in enumerate(player.strategies)
                    if Fraction(str(eq[s])) != 0
                ]
                for i, player in enumerate(game.players)
            ],
            "payoffs": gbt_payoffs(game, eq),
            "outcomes": {o: str(p) for o, p in sorted(outcomes.items())},
        }
        equilibria[json.dumps(record, sort_keys=True)] = record
    return {
        **describe(game, "efg"),
        "perfect_recall": bool(game.is_perfect_recall),
        "method": "enummixed",
        "infosets": [[h.label for h in p.infosets] for p in game.players],
        "count": len(mixed),
        "payoffs": sorted({json.dumps(gbt_payoffs(game, eq)) for eq in mixed}),
        "profiles": [gbt_rows(game, eq) for eq in mixed],
        "strategy_actions": actions,
        "equilibria": sorted(equilibria.values(), key=json.dumps),
    }


THEIRS = {
    "bimatrix": gbt_bimatrix,
    "nplayer": gbt_nplayer,
    "pitree": gbt_pitree,
    "imperfect": gbt_imperfect,
}


# ---------------------------------------------------------------------------------------------
# Our equilibria evaluated by pygambit
# ---------------------------------------------------------------------------------------------


def gbt_regret_of_rows(path: Path, rows: Iterable[list[list[str]]]) -> list[str]:
    """pygambit's max_regret of each of our profiles (probability rows in strategy order)."""
    import pygambit as gbt

    game = gbt.read_nfg(str(path))
    regrets = []
    for row in rows:
        profile = game.mixed_strategy_profile(rational=True)
        for player, probs in zip(game.players, row, strict=True):
            for strategy, p in zip(player.strategies, probs, strict=True):
                profile[strategy] = Fraction(p)
        regrets.append(fstr(profile.max_regret()))
    return regrets


def gbt_check_spe(path: Path, spe: list[list[dict[str, str]]]) -> list[str]:
    """What pygambit's own evaluation says is wrong with each of our pure SPE (if anything)."""
    import pygambit as gbt

    game = gbt.read_efg(str(path))
    problems = []
    for number, choice in enumerate(spe):
        profile = game.mixed_behavior_profile(rational=True)
        for player, chosen in zip(game.players, choice, strict=True):
            for infoset in player.infosets:
                for action in infoset.actions:
                    profile[action] = Fraction(int(chosen.get(infoset.label) == action.label))
        regret = Fraction(str(profile.max_regret()))
        if regret != 0:
            problems.append(f"our SPE #{number}: pygambit max_regret {regret}")
        for node in game.nodes:
            if node.is_terminal or node.player.is_chance:
                continue
            values = {
                a.label: Fraction(str(profile.node_value(node.player, child)))
                for a, child in zip(node.infoset.actions, node.children, strict=True)
            }
            chosen = choice[list(game.players).index(node.player)][node.infoset.label]
            if values[chosen] != max(values.values()):
                problems.append(
                    f"our SPE #{number}: at {node.infoset.label} pygambit's node values "
                    f"{ {a: str(v) for a, v in values.items()} } do not favour {chosen}"
                )
    return problems


def gbt_regret_of_mixed(path: Path, equilibria: list[dict]) -> list[str]:
    """pygambit's max_regret of our tree equilibria, mapped onto its reduced strategies."""
    import pygambit as gbt

    game = gbt.read_efg(str(path))
    actions = gbt_strategy_actions(game)
    regrets = []
    for eq in equilibria:
        profile = game.mixed_strategy_profile(rational=True)
        for i, player in enumerate(game.players):
            weights = {json.dumps(plan, sort_keys=True): Fraction(p) for plan, p in eq["mixed"][i]}
            for k, strategy in enumerate(player.strategies):
                key = json.dumps(actions[i][k], sort_keys=True)
                profile[strategy] = weights.pop(key, Fraction(0))
            if weights:
                regrets.append(f"unmatched strategies {sorted(weights)}")
                break
        else:
            regrets.append(fstr(profile.max_regret()))
    return regrets


# ---------------------------------------------------------------------------------------------
# Comparisons (shared with tests/test_random_games.py in spirit: exact sets)
# ---------------------------------------------------------------------------------------------


def _rowset(rows: Iterable) -> set[str]:
    return {json.dumps([[str(Fraction(p)) for p in r] for r in row]) for row in rows}


def compare_normal(ours: dict, theirs: dict, family: str) -> list[str]:
    problems = []
    if ours["regrets"] not in ([], ["0"]):
        problems.append(f"our regrets {ours['regrets']}")
    mine, gambit = _rowset(ours["profiles"]), _rowset(theirs["profiles"])
    if len(mine) != ours["count"]:
        problems.append("we list an equilibrium twice")
    if family == "bimatrix":
        if not ours["complete"]:
            problems.append("our result is marked incomplete")
        for row in sorted(_rowset(json.loads(r) for r in theirs["lcp"]) - mine):
            problems.append(f"lcp equilibrium {row} is not among ours")
    for row in sorted(mine - gambit):
        problems.append(f"ours only: {row}")
    for row in sorted(gambit - mine):
        problems.append(f"pygambit only: {row}")
    return problems


def _match(choice: list[dict[str, str]], strategy_actions: list[list[dict[str, str]]]) -> list:
    """Index of the reduced strategy of each player that agrees with a full behaviour."""
    found = []
    for chosen, rows in zip(choice, strategy_actions, strict=True):
        fits = [k for k, row in enumerate(rows) if all(chosen.get(h) == a for h, a in row.items())]
        found.append(fits[0] if len(fits) == 1 else None)
    return found


#: How many pure SPE ``dt.solve`` lists at most.
MAX_LISTED = MAX_RECORDED


def compare_pitree(ours: dict, theirs: dict) -> list[str]:
    problems = []
    if ours["regrets"] not in ([], ["0"]):
        problems.append(f"our regrets {ours['regrets']}")
    if ours["complete"] != ours["listed_all"]:
        problems.append("our result is marked incomplete, with every SPE listed")
    mine = {json.dumps(c, sort_keys=True) for c in ours["spe"]}
    gambit = {json.dumps(c, sort_keys=True) for c in theirs["spe"]}
    if ours["count"] != len(theirs["spe"]):
        problems.append(f"{ours['count']} SPE of ours, {len(theirs['spe'])} on pygambit's tree")
    if len(mine) != len(ours["spe"]):
        problems.append("we list an SPE twice")
    problems += [f"ours only: {c}" for c in sorted(mine - gambit)]
    if ours["listed_all"]:
        problems += [f"pygambit's tree only: {c}" for c in sorted(gambit - mine)]
    elif len(mine) != MAX_LISTED:
        problems.append(f"we list {len(mine)} of {ours['count']} SPE, not {MAX_LISTED}")
    every = {json.dumps(c, sort_keys=True) for c in ours["enumerated"]}
    if not ours["enumerated_complete"]:
        problems.append("our enumeration stopped at a limit")
    problems += [f"enumerated, ours only: {c}" for c in sorted(every - gambit)]
    problems += [f"enumerated, pygambit's tree only: {c}" for c in sorted(gambit - every)]
    pure = {tuple(p) for p in theirs["enumpure"]}
    agent = {json.dumps(a, sort_keys=True) for a in theirs["agent"]}
    for choice in ours["spe"]:
        index = tuple(_match(choice, theirs["strategy_actions"]))
        if None in index:
            problems.append(f"our SPE {choice} matches no reduced strategy of pygambit")
        elif index not in pure:
            problems.append(f"our SPE {choice} is not among enumpure's equilibria")
        if json.dumps(choice, sort_keys=True) not in agent:
            problems.append(f"our SPE {choice} is not among enumpure_agent's equilibria")
    return problems


def _eqkey(eq: dict, field_: str) -> str:
    if field_ == "mixed":
        value = [
            sorted([json.dumps(plan, sort_keys=True), str(Fraction(p))] for plan, p in player)
            for player in eq["mixed"]
        ]
    elif field_ == "outcome":
        value = [
            [str(Fraction(v)) for v in eq["payoffs"]],
            sorted((o, str(Fraction(p))) for o, p in eq["outcomes"].items()),
        ]
    return json.dumps(value)


def compare_imperfect(ours: dict, theirs: dict) -> list[str]:
    problems = []
    if ours["regrets"] not in ([], ["0"]):
        problems.append(f"our regrets {ours['regrets']}")
    if not ours["complete"]:
        problems.append("our result is marked incomplete")
    if ours["strategies"] != theirs["strategies"]:
        problems.append(f"reduced strategies: ours {ours['strategies']}, {theirs['strategies']}")
    for field_ in ("mixed", "outcome"):
        mine = {_eqkey(eq, field_) for eq in ours["equilibria"]}
        gambit = {_eqkey(eq, field_) for eq in theirs["equilibria"]}
        if field_ == "mixed" and len(mine) != ours["count"]:
            problems.append("we list an equilibrium twice")
        problems += [f"{field_}: ours only {k}" for k in sorted(mine - gambit)]
        problems += [f"{field_}: pygambit only {k}" for k in sorted(gambit - mine)]
    return problems


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    ours: dict | None = None
    theirs: dict | None = None
    problems: list[str] = field(default_factory=list)
    seconds_ours: float = 0.0
    seconds_theirs: float = 0.0


def run_case(case: Case, directory: Path, gambit: bool) -> Outcome:
    path = directory / f"{case.id}.{case.suffix}"
    path.write_text(case.text)
    outcome = Outcome(case)
    start = time.perf_counter()
    try:
        outcome.ours = OURS[case.family](path)
    except Exception as exc:  # a failure is a disagreement, recorded
        outcome.problems.append(f"deterrence failed: {type(exc).__name__}: {exc}")
    outcome.seconds_ours = time.perf_counter() - start
    if not gambit:
        return outcome
    start = time.perf_counter()
    try:
        outcome.theirs = THEIRS[case.family](path)
    except Exception as exc:
        outcome.problems.append(f"pygambit failed: {type(exc).__name__}: {exc}")
    outcome.seconds_theirs = time.perf_counter() - start
    if outcome.ours is None or outcome.theirs is None:
        return outcome
    ours, theirs = outcome.ours, outcome.theirs
    try:
        if case.family in ("bimatrix", "nplayer"):
            outcome.problems += compare_normal(ours, theirs, case.family)
            regrets = gbt_regret_of_rows(path, ours["profiles"])
        elif case.family == "pitree":
            outcome.problems += compare_pitree(ours, theirs)
            outcome.problems += gbt_check_spe(path, ours["spe"])
            regrets = []
        else:
            outcome.problems += compare_imperfect(ours, theirs)
            regrets = gbt_regret_of_mixed(path, ours["equilibria"])
        bad = sorted({r for r in regrets if r != "0"})
        if bad:
            outcome.problems.append(f"pygambit's max_regret of our equilibria: {bad}")
    except Exception as exc:
        outcome.problems.append(f"comparison failed: {type(exc).__name__}: {exc}")
    return outcome


def write_reproducer(outcome: Outcome, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    case = outcome.case
    (out / f"{case.id}.{case.suffix}").write_text(case.text)
    record = {
        "id": case.id,
        "family": case.family,
        "seed": case.seed,
        "index": case.index,
        "rerun": f"python benchmarks/random_games.py --seed {case.seed} "
        f"--only {case.family}:{case.index}",
        "problems": outcome.problems,
        "deterrence": outcome.ours,
        "pygambit": outcome.theirs,
    }
    (out / f"{case.id}.json").write_text(json.dumps(record, indent=1) + "\n")


def fixture_record(outcome: Outcome) -> dict:
    case = outcome.case
    assert outcome.theirs is not None
    theirs = dict(outcome.theirs)
    if case.family == "bimatrix":
        theirs["payoffs"] = [json.loads(p) for p in theirs["payoffs"]]
        theirs["lcp"] = [json.loads(p) for p in theirs["lcp"]]
    elif case.family in ("nplayer", "imperfect"):
        theirs["payoffs"] = [json.loads(p) for p in theirs["payoffs"]]
    if case.family in ("pitree", "imperfect"):
        # Compact: a plan or pure behaviour as one letter per information set of the player,
        # in the order of ``infosets`` ('*' where a reduced strategy says nothing), and a
        # profile as the players' strings joined by '|'.
        sets = theirs["infosets"]
        actions = theirs.pop("strategy_actions")
        if case.family == "pitree":
            theirs["spe"] = [profile_string(c, sets) for c in theirs["spe"]]
            theirs["agent"] = [profile_string(c, sets) for c in theirs["agent"]]
            theirs["enumpure"] = [
                profile_string([actions[i][k] for i, k in enumerate(index)], sets)
                for index in theirs["enumpure"]
            ]
        else:
            del theirs["profiles"]  # the equilibria below say the same, keyed by actions
            for eq in theirs["equilibria"]:
                eq["mixed"] = [
                    [[plan_string(plan, sets[i]), p] for plan, p in player]
                    for i, player in enumerate(eq["mixed"])
                ]
    return {"id": case.id, **theirs, "game": case.text}


def plan_string(plan: dict[str, str], infosets: list[str]) -> str:
    """``{"a1": "b", "a3": "a"}`` over information sets a1, a2, a3: ``"b*a"``."""
    return "".join(plan.get(h, "*") for h in infosets)


def profile_string(choice: list[dict[str, str]], infosets: list[list[str]]) -> str:
    return "|".join(plan_string(c, h) for c, h in zip(choice, infosets, strict=True))


def to_json(header: dict, records: list[dict]) -> str:
    """One line per header field and per game field, as in tests/fixtures/gambit."""

    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = [f" {compact(k)}: {compact(v)}," for k, v in header.items()]
    games = []
    for record in records:
        fields = [f"  {compact(k)}: {compact(v)}" for k, v in record.items()]
        games.append("  {\n" + ",\n".join(fields) + "\n  }")
    return "{\n" + "\n".join(lines) + '\n "games": [\n' + ",\n".join(games) + "\n ]\n}\n"


def write_fixtures(outcomes: list[Outcome], directory: Path, seed: int, argv: list[str]) -> None:
    import pygambit

    directory.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES:
        chosen = [o for o in outcomes if o.case.family == family]
        if not chosen:
            continue
        kept = [o for o in chosen if not o.problems]
        header = {
            "source": (
                f"pygambit {pygambit.__version__} ({METHODS[family]}), computed by "
                "benchmarks/random_games.py"
            ),
            "command": "python benchmarks/random_games.py " + " ".join(argv),
            "seed": seed,
            "family": family,
            "games_drawn": len(chosen),
            "left_out_disagreements": [o.case.id for o in chosen if o.problems],
        }
        text = to_json(header, [fixture_record(o) for o in kept])
        (directory / f"{family}.json").write_text(text)
        print(f"wrote {directory / f'{family}.json'}: {len(kept)} games, {len(text)} bytes")


METHODS = {
    "bimatrix": "enummixed_solve(rational=True) and lcp_solve(rational=True)",
    "nplayer": "enumpure_solve",
    "pitree": (
        "backward induction with every tie-break on pygambit's tree, enumpure_solve, "
        "enumpure_agent_solve"
    ),
    "imperfect": "enummixed_solve(rational=True) on the reduced strategic form",
}


def split(count: int, families: list[str]) -> dict[str, int]:
    base, extra = divmod(count, len(families))
    return {f: base + (1 if k < extra else 0) for k, f in enumerate(families)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200, help="games in all, over the families")
    parser.add_argument("--families", nargs="+", choices=FAMILIES, default=list(FAMILIES))
    parser.add_argument("--out", type=Path, default=Path("random-games-out"))
    parser.add_argument("--only", help="one game, FAMILY:INDEX, e.g. bimatrix:17")
    parser.add_argument(
        "--write-fixtures", nargs="?", type=Path, const=DEFAULT_FIXTURES, default=None
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    try:
        import pygambit
    except ImportError:
        pygambit = None
    if pygambit is None and args.write_fixtures:
        print("--write-fixtures needs pygambit", file=sys.stderr)
        return 2
    print(
        f"python {platform.python_version()}; deterrence {dt.__version__}; "
        f"pygambit {getattr(pygambit, '__version__', 'not installed: nothing to compare')}"
    )

    if args.only:
        family, _, index = args.only.partition(":")
        cases = [draw(family, args.seed, int(index))]
    else:
        cases = [
            draw(family, args.seed, index)
            for family, n in split(args.count, args.families).items()
            for index in range(n)
        ]
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, case in enumerate(cases, 1):
            outcome = run_case(case, Path(tmp), pygambit is not None)
            outcomes.append(outcome)
            if outcome.problems:
                write_reproducer(outcome, args.out)
                print(f"DISAGREEMENT {case.id}: {outcome.problems[:3]}", flush=True)
            elif not args.quiet and number % 100 == 0:
                print(f"{number}/{len(cases)} games", flush=True)

    header = (
        f"{'family':<10} {'games':>6} {'agree':>6} {'disagree':>9} {'equilibria':>11} "
        f"{'ours s':>8} {'pygambit s':>11}"
    )
    print()
    print(header)
    print("-" * len(header))
    families = [f for f in FAMILIES if any(o.case.family == f for o in outcomes)]
    rows = [[o for o in outcomes if o.case.family == f] for f in families] + [outcomes]
    for name, group in zip([*families, "total"], rows, strict=True):
        bad = sum(1 for o in group if o.problems)
        agree = len(group) - bad if pygambit is not None else 0
        print(
            f"{name:<10} {len(group):>6} {agree:>6} {bad:>9} "
            f"{sum(o.ours['count'] for o in group if o.ours):>11} "
            f"{sum(o.seconds_ours for o in group):>8.1f} "
            f"{sum(o.seconds_theirs for o in group):>11.1f}"
        )
    disagreements = [o for o in outcomes if o.problems]
    if disagreements:
        print(f"\n{len(disagreements)} disagreement(s); reproducers in {args.out}/")
    if args.write_fixtures:
        write_fixtures(outcomes, args.write_fixtures, args.seed, argv)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
