"""Pure-strategy Nash equilibria of a normal form with any number of players, exact.

A profile is a pure equilibrium when no player gains by deviating alone. Checking that
profile by profile in exact arithmetic costs a Fraction comparison per profile, player and
alternative. Instead, the payoffs are rounded to floats once and every player's best
responses are found for all profiles at once with numpy (a maximum along that player's axis
of the payoff tensor); only the profiles that pass in floats are checked exactly.

No equilibrium is lost to rounding: rounding to the nearest float is monotone, so if a
profile's exact payoff is the largest along a player's axis, its float is at least every
other float there and the profile passes the float test. Profiles that pass only because two
different exact payoffs round to the same float are removed by the exact check.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from deterrence.game.normal_form import NormalFormGame, Profile


def candidate_profiles(game: NormalFormGame) -> list[Profile]:
    """The profiles where, in floats, every player's payoff is a largest one along his axis:
    every pure equilibrium, and possibly some near-ties that are not.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("chicken")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> candidate_profiles(numeric)
    [(0, 1), (1, 0)]
    """
    shape = game.shape
    players = len(shape)
    totals = np.array([[_float(v) for v in p.total] for p in game.payoffs], dtype=float)
    tensor = totals.reshape(*shape, players)
    passes = np.ones(shape, dtype=bool)
    for player in range(players):
        own = tensor[..., player]
        passes &= own >= own.max(axis=player, keepdims=True)
    return [tuple(int(i) for i in index) for index in np.argwhere(passes)]


def _float(value: object) -> float:
    # Rounding to floats keeps every exact "a >= b", so the candidates hold every equilibrium;
    # a payoff beyond the float range becomes an infinity of its sign, which keeps that too.
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]


def is_pure_equilibrium(game: NormalFormGame, profile: Profile) -> bool:
    """Whether no player gains, in exact arithmetic, by deviating alone from ``profile``.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("chicken")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> is_pure_equilibrium(numeric, (0, 1)), is_pure_equilibrium(numeric, (0, 0))
    (True, False)
    """
    values = game.payoff(profile).total
    for player, size in enumerate(game.shape):
        current = Fraction(values[player])
        for alternative in range(size):
            if alternative == profile[player]:
                continue
            deviation = (*profile[:player], alternative, *profile[player + 1 :])
            if Fraction(game.payoff(deviation).total[player]) > current:
                return False
    return True


def pure_equilibria(game: NormalFormGame) -> list[Profile]:
    """Every pure profile from which no player gains by deviating alone, in profile order:
    the float candidates (:func:`candidate_profiles`), each checked exactly
    (:func:`is_pure_equilibrium`).

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("chicken")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> pure_equilibria(numeric)
    [(0, 1), (1, 0)]
    """
    return [p for p in candidate_profiles(game) if is_pure_equilibrium(game, p)]
