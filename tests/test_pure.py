"""Pure equilibria of N-player normal forms: the float pass proposes, the exact check decides."""

from __future__ import annotations

from fractions import Fraction

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff
from deterrence.solvers.pure import candidate_profiles, is_pure_equilibrium, pure_equilibria


def game(
    cells: dict[tuple[int, ...], tuple[Fraction, ...]], shape: tuple[int, ...]
) -> NormalFormGame:
    strategies = tuple(tuple(f"s{i}" for i in range(size)) for size in shape)
    order = sorted(cells)
    return NormalFormGame(
        tuple(f"P{i}" for i in range(len(shape))),
        strategies,
        tuple(Payoff(cells[p]) for p in order),
    )


def test_a_difference_below_float_resolution_is_settled_exactly() -> None:
    # Three players, two strategies each; player 0 gains 10^-30 by moving from s0 to s1 when
    # the others play s0. In floats the two payoffs are equal, so (0, 0, 0) is a candidate;
    # exactly it is not an equilibrium, and (1, 0, 0) is.
    tiny = Fraction(1, 10**30)
    cells = {
        (a, b, c): (Fraction(1) + (tiny if a == 1 and b == c == 0 else 0), Fraction(0), Fraction(0))
        for a in range(2)
        for b in range(2)
        for c in range(2)
    }
    g = game(cells, (2, 2, 2))
    assert (0, 0, 0) in candidate_profiles(g)
    assert not is_pure_equilibrium(g, (0, 0, 0))
    assert (0, 0, 0) not in pure_equilibria(g) and (1, 0, 0) in pure_equilibria(g)


def test_every_profile_of_a_constant_game_is_an_equilibrium() -> None:
    cells = {(a, b, c): (Fraction(3),) * 3 for a in range(3) for b in range(2) for c in range(4)}
    assert len(pure_equilibria(game(cells, (3, 2, 4)))) == 24


def test_a_game_without_pure_equilibria() -> None:
    # Matching pennies with a dummy third player (Nash 1951: only a mixed equilibrium).
    cells = {}
    for a in range(2):
        for b in range(2):
            win = Fraction(1 if a == b else -1)
            for c in range(2):
                cells[(a, b, c)] = (win, -win, Fraction(0))
    assert pure_equilibria(game(cells, (2, 2, 2))) == []
