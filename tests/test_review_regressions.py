"""Problems found in review, each pinned by the input that showed it."""

from __future__ import annotations

from pathlib import Path

import pytest

import deterrence as dt
from deterrence.solvers import spe
from deterrence.spec import load_spec

SPECS = Path(__file__).parent / "specs" / "regressions"


def test_a_set_value_that_breaks_a_probability_is_refused() -> None:
    # The credibility p has no bounds: p = -1 would give the pledge probability -1.
    game = dt.load(SPECS / "unbounded-credibility.toml")
    with pytest.raises(dt.SpecError, match=r"probability of `pledge binds` is -1 at p = -1"):
        dt.solve(game, p=-1)
    assert dt.solve(game, p="0.5").equilibria


def test_a_probability_that_leaves_0_1_between_the_checked_points_is_refused() -> None:
    text = """
[model]
id = "hump"
[players]
A = "A"
[parameters]
p = { value = 0.1, min = 0, max = 1 }
[tree]
root = "n"
[tree.n]
chance = { x = { prob = "8*p*(1-p)", to = "o1" }, y = { prob = "1 - 8*p*(1-p)", to = "o2" } }
[outcomes.o1]
A = 1
[outcomes.o2]
A = 0
"""
    game = load_spec("hump.toml", text=text)  # fine at the default and the bounds
    with pytest.raises(dt.SpecError, match="must lie in"):
        dt.solve(game, p="0.5")


def test_an_astronomical_value_is_refused_fast() -> None:
    text = """
[model]
id = "tower"
[players]
A = "A"
[parameters]
p = 1
[tree]
root = "n"
[tree.n]
player = "A"
actions = { x = "o1", y = "o2" }
[outcomes.o1]
A = "exp(exp(exp(exp(exp(p)))))"
[outcomes.o2]
A = 0
"""
    game = load_spec("tower.toml", text=text)
    # Refused by the float look before any exact evaluation (which would never finish): the
    # message is the look's, not sympy's.
    with pytest.raises(dt.SpecError, match=r"too large or undefined.*beyond 1e300"):
        dt.solve(game)


def test_many_tied_equilibria_are_capped_not_all_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['[model]\nid = "ties"\n[players]\nA = "A"\n[tree]\nroot = "n1"']

    def target(k: int) -> str:
        return f"n{k}" if k < 128 else "o"

    for i in range(1, 128):
        left, right = target(2 * i), target(2 * i + 1)
        lines.append(f'[tree.n{i}]\nplayer = "A"\nactions = {{ l = "{left}", r = "{right}" }}')
    lines.append("[outcomes.o]\nA = 0")
    game = load_spec("ties.toml", text="\n".join(lines))
    # 2^127 tied SPE: the work is bounded by counting the records verified, each a check of
    # the whole tree.
    recorded = []
    real = spe.tree_record
    monkeypatch.setattr(spe, "tree_record", lambda *a: recorded.append(1) or real(*a))
    result = dt.solve(game)
    assert len(result.equilibria) == 100 and not result.complete
    assert len(recorded) == 100


def test_subgame_perfection_is_undecided_when_only_a_mixed_completion_could_work() -> None:
    # Equilibrium (A: out; B: inner, b1): completing A's open move at `Ain` with 1/2 a1 +
    # 1/2 a2 makes it subgame perfect, so it must not be called imperfect.
    result = dt.solve(dt.load(SPECS / "mixed-completion.toml"), "nash", cross_check=False)
    assert all(eq.regret == 0 for eq in result.equilibria)
    for eq in result.equilibria:
        strategies = {k for m in eq.mixed for k in m}  # type: ignore[union-attr]
        if "Bn:inner; BI:b1" in strategies and "out" in strategies:
            assert eq.subgame_perfect is None
            assert "mixed one might" in (eq.subgame_note or "")


def test_non_string_commitment_key_in_yaml_is_a_clear_error() -> None:
    text = """
model: {id: y}
players: {A: A, D: D}
commitments:
  on: {holder: D, at: d, promise: fight, credibility: "0.5"}
costs:
  aud: {kind: audience, payer: D, amount: "1", threat: pledge, back_down: [yield]}
tree:
  root: a
  a: {player: A, actions: {stay: sq, go: d}}
  d: {player: D, actions: {fight: war, yield: loss}}
outcomes:
  sq: {A: 0, D: 0}
  war: {A: -1, D: -1}
  loss: {A: 1, D: 0}
"""
    with pytest.raises(dt.SpecError) as info:
        load_spec("y.yaml", text=text)
    messages = str(info.value)
    assert "internal error" not in messages and "keys must be strings" in messages


def test_an_absent_minded_information_set_is_refused() -> None:
    lines = ['[model]\nid = "chain"\n[players]\nA = "A"\n[tree]\nroot = "n0"']
    for i in range(1500):
        actions = f'{{ go = "n{i + 1}", stop = "end" }}'
        lines.append(f'[tree.n{i}]\nplayer = "A"\ninfoset = "X"\nactions = {actions}')
    lines.append(
        '[tree.n1500]\nplayer = "A"\ninfoset = "X"\nactions = { go = "end", stop = "end2" }'
    )
    lines.append("[outcomes.end]\nA = 1\n[outcomes.end2]\nA = 0")
    with pytest.raises(dt.SpecError, match="cannot be unsure whether it has already moved"):
        load_spec("chain.toml", text="\n".join(lines))
