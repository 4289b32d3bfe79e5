"""The normal-form (strategic) game for any number of players."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from deterrence.concepts import resolve
from deterrence.game.model_info import ModelInfo
from deterrence.game.parameters import Parameter
from deterrence.game.payoff import Payoff

Profile = tuple[int, ...]


@dataclass(frozen=True)
class NormalFormGame:
    """An immutable N-player strategic-form game.

    Parameters
    ----------
    players : tuple of str
        Player ids.
    strategies : tuple of tuple of str
        Strategy labels of each player.
    payoffs : tuple of Payoff
        One per pure profile, in the order of :meth:`profiles` (the first player's strategy
        varies slowest, as in ``itertools.product``).
    outcomes : tuple of str or None
        An optional outcome label per profile (``None`` where the model names none).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: tuple[Payoff, ...]
    outcomes: tuple[str | None, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    info: ModelInfo = field(default_factory=ModelInfo)
    player_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.player_names:
            object.__setattr__(self, "player_names", self.players)
        if not self.outcomes:
            object.__setattr__(self, "outcomes", (None,) * len(self.payoffs))
        expected = math.prod(len(s) for s in self.strategies)
        if len(self.payoffs) != expected:
            raise ValueError(f"{len(self.payoffs)} payoff entries for {expected} profiles")

    def _repr_html_(self) -> str:
        """How a notebook shows the game: what ``deterrence show`` prints."""
        return str(resolve("deterrence.report.notebook:game_html")(self))

    @property
    def form(self) -> str:
        """``"matrix"``: the kind of game, as solvers and reports name it (a tree's is
        ``"tree"``).
        """
        return "matrix"

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player, in player order.

        Examples
        --------
        >>> import deterrence as dt
        >>> dt.load("chicken").shape
        (2, 2)
        """
        return tuple(len(s) for s in self.strategies)

    def profiles(self) -> Iterator[Profile]:
        """Every pure profile, in payoff order."""
        return itertools.product(*(range(len(s)) for s in self.strategies))

    def index(self, profile: Profile) -> int:
        """Position of ``profile`` in :attr:`payoffs`."""
        position = 0
        for size, choice in zip(self.shape, profile, strict=True):
            position = position * size + choice
        return position

    def payoff(self, profile: Profile) -> Payoff:
        """The payoffs of the pure ``profile`` (one strategy index per player), decomposed.

        Examples
        --------
        >>> import deterrence as dt
        >>> game = dt.load("chicken")
        >>> game.strategies[0][1], game.payoff((1, 1)).total
        ('straight', (-L - e, -L - e))
        """
        return self.payoffs[self.index(profile)]

    @property
    def outcome_labels(self) -> tuple[str, ...]:
        """Distinct outcome labels, in profile order of first appearance."""
        return tuple(dict.fromkeys(self.outcome(p) for p in self.profiles()))

    def outcome(self, profile: Profile) -> str:
        """The outcome label of a profile: the model's, else the strategy labels joined."""
        label = self.outcomes[self.index(profile)]
        if label:
            return label
        return ", ".join(self.strategies[i][s] for i, s in enumerate(profile))

    @property
    def is_numeric(self) -> bool:
        """True when every payoff, base and components alike, is an exact Fraction (no free
        parameters), as after :func:`~deterrence.game.instantiate.instantiate`.
        """
        return all(
            isinstance(v, Fraction)
            for p in self.payoffs
            for v in (*p.base, *(x for _, vec in p.components for x in vec))
        )

    def matrices(self) -> list[list[list[Fraction]]]:
        """For two numeric players: the payoff matrices ``[A, B]`` with rows = player 1."""
        if len(self.players) != 2:
            raise ValueError("matrices() is for two-player games")
        rows, cols = self.shape
        out: list[list[list[Fraction]]] = [[], []]
        for player in range(2):
            out[player] = [
                [Fraction(self.payoff((r, c)).total[player]) for c in range(cols)]
                for r in range(rows)
            ]
        return out
