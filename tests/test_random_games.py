"""Random games: deterrence must give exactly the answers Gambit's solvers gave.

The 400 games in tests/fixtures/random_games/ (100 per family, game texts inline) were drawn
and solved by ``python benchmarks/random_games.py --seed 1 --count 400 --write-fixtures``
(see that script for how the games are drawn). The expected answers come from pygambit 16.7,
reading the same ``.nfg``/``.efg`` text:

* ``bimatrix.json``: two-player normal forms up to 8x8 with small integer payoffs, mostly
  degenerate; ``enummixed_solve(g, rational=True)`` (every extreme equilibrium, duplicates
  removed) and ``lcp_solve(g, rational=True)``;
* ``nplayer.json``: three- and four-player normal forms; ``enumpure_solve(g)``;
* ``pitree.json``: trees of perfect information with chance nodes and ties; every pure SPE,
  by backward induction with every tie-break on pygambit's reading of the tree (the script's
  own code, using only pygambit's nodes, outcomes and chance probabilities), and the pure
  equilibria of ``enumpure_solve`` (reduced strategic form) and ``enumpure_agent_solve``;
* ``imperfect.json``: two-player trees with information sets and chance nodes;
  ``enummixed_solve(g, rational=True)`` on Gambit's reduced strategic form, each equilibrium
  as a mixture of reduced strategies (named by the action they take at each information set),
  its payoffs and its distribution over outcomes.

Plans and pure behaviour are stored as one action letter per information set of the player,
in the order of the record's ``infosets`` (``*`` where a reduced strategy says nothing), and
a profile as the players' strings joined by ``|``. All numbers are exact rational strings.
The script found no disagreement on these games (nor on 2,000 games of seed 1 and 2,000 of
seed 2); it needs pygambit, this test does not.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import deterrence as dt
from deterrence.formats import read_efg, read_nfg
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.solvers.spe import MAX_RECORDED, backward_induction

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "random_games"
FAMILIES = ("bimatrix", "nplayer", "pitree", "imperfect")
RECORDS = {
    family: json.loads((FIXTURES / f"{family}.json").read_text())["games"] for family in FAMILIES
}


def _load(record: dict):
    name = f"{record['id']}.{record['format']}"
    read = read_nfg if record["format"] == "nfg" else read_efg
    return read(name, text=record["game"])


def _rows(rows) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(p) for p in row) for row in rows)


def _our_rows(game, result) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {
        tuple(
            tuple(eq.mixed[i].get(label, Fraction(0)) for label in labels)
            for i, labels in enumerate(game.strategies)
        )
        for eq in result.equilibria
    }


def _plan_string(plan: dict[str, str], infosets: list[str]) -> str:
    return "".join(plan.get(h, "*") for h in infosets)


def _pure_profile(eq, infosets: list[list[str]]) -> str:
    """A pure behaviour profile as stored: the action played at each information set."""
    players = []
    for behaviour, sets in zip(eq.behaviour, infosets, strict=True):
        chosen = {}
        for h, probs in behaviour.items():
            (action,) = [a for a, p in probs.items() if p == 1]
            chosen[h] = action
        players.append(_plan_string(chosen, sets))
    return "|".join(players)


def _fits(profile: str, pattern: str) -> bool:
    return len(profile) == len(pattern) and all(
        p in ("*", c) for c, p in zip(profile, pattern, strict=True)
    )


def _ids(family: str) -> list[str]:
    return [record["id"] for record in RECORDS[family]]


@pytest.mark.gambit
@pytest.mark.parametrize("record", RECORDS["bimatrix"], ids=_ids("bimatrix"))
def test_bimatrix_same_extreme_equilibria_as_enummixed(record: dict) -> None:
    game = _load(record)
    result = dt.solve(game, "nash", cross_check=False)
    assert result.complete
    assert all(eq.regret == 0 for eq in result.equilibria)
    ours = _our_rows(game, result)
    assert len(ours) == len(result.equilibria)  # none listed twice
    assert ours == {_rows(profile) for profile in record["profiles"]}
    assert {_rows(profile) for profile in record["lcp"]} <= ours
    theirs = {tuple(Fraction(v) for v in vector) for vector in record["payoffs"]}
    assert {tuple(eq.payoffs) for eq in result.equilibria} == theirs


@pytest.mark.gambit
@pytest.mark.parametrize("record", RECORDS["nplayer"], ids=_ids("nplayer"))
def test_n_players_same_pure_equilibria_as_enumpure(record: dict) -> None:
    game = _load(record)
    result = dt.solve(game, "nash", cross_check=False)
    assert not result.complete  # pure equilibria only, and said so
    assert all(eq.regret == 0 and eq.is_pure for eq in result.equilibria)
    ours = _our_rows(game, result)
    assert len(ours) == len(result.equilibria)
    assert ours == {_rows(profile) for profile in record["profiles"]}


@pytest.mark.gambit
@pytest.mark.parametrize("record", RECORDS["pitree"], ids=_ids("pitree"))
def test_perfect_information_every_pure_spe(record: dict) -> None:
    game = _load(record)
    infosets = record["infosets"]
    expected = set(record["spe"])
    assert len(expected) == record["count"]
    result = dt.solve(game, "spe")
    assert all(eq.regret == 0 for eq in result.equilibria)
    listed = [_pure_profile(eq, infosets) for eq in result.equilibria]
    assert len(set(listed)) == len(listed)
    if record["count"] <= MAX_RECORDED:
        assert result.complete
        assert set(listed) == expected
    else:  # the first MAX_RECORDED are listed, the number of all in a note
        assert not result.complete
        assert len(listed) == MAX_RECORDED
        assert set(listed) <= expected
        assert any(note.startswith(f"{record['count']} pure SPE") for note in result.notes)
    # Every pure SPE is a pure Nash equilibrium of the reduced strategic form and of the
    # agent form, as pygambit's enumpure and enumpure_agent found them.
    agent = set(record["agent"])
    for profile in listed:
        assert profile in agent
        assert any(_fits(profile, pattern) for pattern in record["enumpure"])
    # The enumeration behind the listed ones finds every pure SPE.
    found, complete = backward_induction(game)
    assert complete
    every = set()
    for spe in found:
        chosen: list[dict[str, str]] = [{} for _ in game.players]
        for index, action in spe.choices.items():
            node = game.nodes[index]
            chosen[node.player][node.infoset] = node.actions[action]
        every.add("|".join(_plan_string(c, h) for c, h in zip(chosen, infosets, strict=True)))
    assert every == expected


def _equilibrium_keys(equilibria) -> tuple[set, set]:
    """Each equilibrium as (its mixture over plan strings) and as (payoffs, outcomes)."""
    mixtures = set()
    outcomes = set()
    for mixed, payoffs, dist in equilibria:
        mixtures.add(tuple(frozenset((plan, Fraction(p)) for plan, p in m) for m in mixed))
        outcomes.add(
            (
                tuple(Fraction(v) for v in payoffs),
                frozenset((o, Fraction(p)) for o, p in dist.items() if Fraction(p) != 0),
            )
        )
    return mixtures, outcomes


@pytest.mark.gambit
@pytest.mark.parametrize("record", RECORDS["imperfect"], ids=_ids("imperfect"))
def test_information_sets_same_extreme_equilibria_as_enummixed(record: dict) -> None:
    game = _load(record)
    infosets = record["infosets"]
    reduced = reduced_normal_form(game)
    assert [len(labels) for labels in reduced.game.strategies] == record["strategies"]
    names = [
        {
            label: _plan_string(
                {h: game.infosets[h].actions[a] for h, a in plan.items()}, infosets[i]
            )
            for label, plan in zip(labels, plans, strict=True)
        }
        for i, (labels, plans) in enumerate(
            zip(reduced.game.strategies, reduced.plans, strict=True)
        )
    ]
    result = dt.solve(game, "nash", cross_check=False)
    assert result.complete
    assert all(eq.regret == 0 for eq in result.equilibria)
    ours = [
        (
            [
                [(names[i][label], p) for label, p in mixed.items() if p != 0]
                for i, mixed in enumerate(eq.mixed)
            ],
            eq.payoffs,
            eq.outcomes,
        )
        for eq in result.equilibria
    ]
    theirs = [(eq["mixed"], eq["payoffs"], eq["outcomes"]) for eq in record["equilibria"]]
    our_mixtures, our_outcomes = _equilibrium_keys(ours)
    their_mixtures, their_outcomes = _equilibrium_keys(theirs)
    assert len(our_mixtures) == len(result.equilibria)
    assert our_mixtures == their_mixtures
    assert our_outcomes == their_outcomes
