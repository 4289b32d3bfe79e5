"""Pure-strategy Nash equilibria of a normal form with any number of players, exact."""

from __future__ import annotations

from fractions import Fraction

from deterrence.game.normal_form import NormalFormGame, Profile


def pure_equilibria(game: NormalFormGame) -> list[Profile]:
    """Every pure profile from which no player gains by deviating alone."""
    shape = game.shape
    totals = {profile: game.payoff(profile).total for profile in game.profiles()}
    found = []
    for profile, values in totals.items():
        stable = True
        for player, size in enumerate(shape):
            current = Fraction(values[player])
            for alternative in range(size):
                if alternative == profile[player]:
                    continue
                deviation = (*profile[:player], alternative, *profile[player + 1 :])
                if Fraction(totals[deviation][player]) > current:
                    stable = False
                    break
            if not stable:
                break
        if stable:
            found.append(profile)
    return found
