"""Properties that must hold on every game: certificates first, then agreement between methods."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import deterrence as dt
from deterrence.game import ExtensiveGame, ModelInfo, Node, NormalFormGame, Payoff
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.solvers.verify import normal_form_regrets
from tests.support.trees import bimatrix

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


SMALL_PAYOFFS = st.integers(-3, 3)


@st.composite
def perfect_information_trees(draw, players: int = 2, payoffs=SMALL_PAYOFFS) -> ExtensiveGame:
    """Random trees of perfect information with chance nodes; small payoffs make ties common."""
    nodes: list[Node | None] = []

    def grow(depth: int) -> int:
        index = len(nodes)
        nodes.append(None)
        kind = (
            "terminal"
            if depth == 0
            else draw(st.sampled_from(["decision", "decision", "chance", "terminal"]))
        )
        if index == 0 and kind == "terminal":
            kind = "decision"
        if kind == "terminal":
            values = tuple(Fraction(draw(payoffs)) for _ in range(players))
            nodes[index] = Node(
                label=f"n{index}", kind="terminal", outcome=f"o{index}", payoff=Payoff(values)
            )
            return index
        width = draw(st.integers(2, 3))
        children = tuple(grow(depth - 1) for _ in range(width))
        if kind == "chance":
            weights = [draw(st.integers(1, 4)) for _ in range(width)]
            probs = tuple(Fraction(w, sum(weights)) for w in weights)
            nodes[index] = Node(
                label=f"n{index}",
                kind="chance",
                actions=tuple(f"b{i}" for i in range(width)),
                children=children,
                probs=probs,
            )
        else:
            nodes[index] = Node(
                label=f"n{index}",
                kind="decision",
                player=draw(st.integers(0, players - 1)),
                infoset=f"n{index}",
                actions=tuple(f"a{i}" for i in range(width)),
                children=children,
            )
        return index

    grow(draw(st.integers(1, 3)))
    return ExtensiveGame(
        players=tuple(f"P{i}" for i in range(players)),
        nodes=tuple(n for n in nodes if n is not None),
        info=ModelInfo(id="random"),
    )


def _reduced_mixed(game: ExtensiveGame, eq: dt.Equilibrium) -> list[list[Fraction]]:
    """The pure SPE as a profile of the reduced normal form: each player's reduced plan is the
    one that agrees with its behaviour wherever the plan says anything."""
    reduced = reduced_normal_form(game)
    profile = []
    for player, plans in enumerate(reduced.plans):
        chosen = {
            h: game.infosets[h].actions.index(next(a for a, p in acts.items() if p == 1))
            for h, acts in eq.behaviour[player].items()  # type: ignore[index]
        }
        matches = [
            i for i, plan in enumerate(plans) if all(chosen.get(h) == a for h, a in plan.items())
        ]
        assert len(matches) == 1
        profile.append([Fraction(int(i == matches[0])) for i in range(len(plans))])
    return profile


@SETTINGS
@given(perfect_information_trees())
def test_every_pure_spe_is_a_nash_equilibrium_of_the_normal_form(game: ExtensiveGame) -> None:
    result = dt.solve(game, "spe")
    assert result.equilibria, "every finite tree of perfect information has a pure SPE"
    for eq in result.equilibria:
        assert eq.regret == 0
        assert eq.subgame_perfect is True and not eq.non_credible
        normal = reduced_normal_form(game).game
        assert max(normal_form_regrets(normal, _reduced_mixed(game, eq))) == 0


@SETTINGS
@given(perfect_information_trees(players=3))
def test_three_player_spe_certificates(game: ExtensiveGame) -> None:
    result = dt.solve(game, "spe")
    assert result.equilibria
    for eq in result.equilibria:
        assert eq.regret == 0
        assert sum(eq.outcomes.values()) == 1
        normal = reduced_normal_form(game).game
        assert max(normal_form_regrets(normal, _reduced_mixed(game, eq))) == 0


@SETTINGS
@given(perfect_information_trees(payoffs=st.integers(-(10**6), 10**6)))
def test_nash_of_a_generic_tree_flags_exactly_the_spe_as_subgame_perfect(
    game: ExtensiveGame,
) -> None:
    # With generic payoffs (no ties) the SPE is unique, and a Nash equilibrium is subgame
    # perfect exactly when it plays like the SPE wherever its own strategy speaks.
    spes = dt.solve(game, "spe").equilibria
    # A unique pure SPE means no player is indifferent at any node, on or off the path.
    assume(len(spes) == 1)
    (spe,) = spes
    nash = dt.solve(game, "nash", cross_check=False)
    # A reduced normal form can be too degenerate for the vertex-enumeration work limit
    # (limit `vertex_work`), which then gives a partial answer; the property is about
    # complete answers.
    assume(nash.complete)
    assert nash.equilibria
    perfect = [eq for eq in nash.equilibria if eq.subgame_perfect]
    assert perfect, "the SPE must be among the Nash equilibria"
    for eq in nash.equilibria:
        assert eq.regret == 0
        assert eq.subgame_perfect is not None
        if eq.subgame_perfect:
            assert eq.payoffs == spe.payoffs and dict(eq.outcomes) == dict(spe.outcomes)
            assert not eq.non_credible
        else:
            assert eq.non_credible, (
                "a Nash equilibrium that is not subgame perfect names its threat"
            )


matrices = st.integers(1, 4).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
)


@SETTINGS
@given(matrices)
def test_two_player_nash_certificates_and_pure_equilibria(
    ab: tuple[list[list[int]], list[list[int]]],
) -> None:
    A, B = ab
    game = bimatrix(A, B)
    result = dt.solve(game, "nash")
    assert result.complete and result.equilibria, "every finite game has an equilibrium (Nash 1951)"
    for eq in result.equilibria:
        assert eq.regret == 0
    # Every pure equilibrium (found by brute force here) is an extreme equilibrium.
    found = {
        tuple(next(s for s, p in m.items() if p == 1) for m in eq.mixed)  # type: ignore[union-attr]
        for eq in result.equilibria
        if eq.is_pure
    }
    for r, c in itertools.product(range(len(A)), range(len(A[0]))):
        if A[r][c] == max(row[c] for row in A) and B[r][c] == max(B[r]):
            assert (f"r{r}", f"c{c}") in found


@SETTINGS
@given(
    st.integers(2, 4).flatmap(
        # Moderate payoffs: with wide ranges nashpy's floating-point vertex enumeration returns
        # profiles that are not equilibria at all (e.g. a strictly dominated column played with
        # probability 0.9999), which says nothing about agreement on well-posed games.
        lambda n: st.lists(
            st.lists(st.integers(-9, 9), min_size=n, max_size=n),
            min_size=n * 2,
            max_size=n * 2,
        )
    )
)
def test_agrees_with_nashpy_vertex_enumeration_on_nondegenerate_games(
    rows: list[list[int]],
) -> None:
    import nashpy

    n = len(rows[0])
    A, B = rows[:n], rows[n:]
    result = dt.solve(bimatrix(A, B), "nash", cross_check=False)
    if result.degenerate:
        return  # nashpy's vertex enumeration is only defined for nondegenerate games
    ours = sorted(
        tuple(
            float(eq.mixed[player].get(f"{prefix}{i}", 0))  # type: ignore[index]
            for player, prefix in ((0, "r"), (1, "c"))
            for i in range(n)
        )
        for eq in result.equilibria
    )
    theirs = sorted(
        {
            tuple(round(float(v), 9) for v in (*x, *y))
            for x, y in nashpy.Game(np.array(A), np.array(B)).vertex_enumeration()
        }
    )
    assert len(ours) == len(theirs)
    for mine, nashpys in zip(ours, theirs, strict=True):
        assert mine == pytest.approx(nashpys, abs=1e-9)


@SETTINGS
@given(
    st.lists(st.integers(1, 3), min_size=3, max_size=4).flatmap(
        lambda shape: st.tuples(
            st.just(tuple(shape)),
            st.lists(
                st.tuples(*(st.integers(-2, 2) for _ in shape)),
                min_size=int(np.prod(shape)),
                max_size=int(np.prod(shape)),
            ),
        )
    )
)
def test_n_player_pure_equilibria_are_exactly_the_zero_regret_profiles(data) -> None:
    shape, cells = data
    players = tuple(f"P{i}" for i in range(len(shape)))
    game = NormalFormGame(
        players=players,
        strategies=tuple(tuple(f"s{j}" for j in range(k)) for k in shape),
        payoffs=tuple(Payoff(tuple(Fraction(v) for v in cell)) for cell in cells),
    )
    result = dt.solve(game, "nash")
    assert not result.complete  # mixed equilibria of N-player games are not enumerated yet
    found = {
        tuple(next(s for s, p in m.items() if p == 1) for m in eq.mixed) for eq in result.equilibria
    }  # type: ignore[union-attr]
    for profile in game.profiles():
        mixed = [
            [Fraction(int(j == s)) for j in range(k)] for s, k in zip(profile, shape, strict=True)
        ]
        is_eq = max(normal_form_regrets(game, mixed)) == 0
        labels = tuple(f"s{s}" for s in profile)
        assert (labels in found) == is_eq
