"""The fast path for trees of perfect information: backward induction on arrays of points.

Every payoff and chance probability is compiled once with ``lambdify``; backward induction
then runs on whole arrays, one comparison per node for all points at once. Floating point is
trusted only where it cannot be wrong: a point where two actions come within a relative
:data:`TIE_TOLERANCE` of each other, or a probability within it of zero, is marked, and the
sweep hands it to the exact solver. Elsewhere the float comparison has the exact sign.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.labels import OUTCOMES_SEP, outcome_label, play_label
from deterrence.solvers.vectorised import (
    TIE_TOLERANCE,
    TOO_LARGE,
    Values,
    compile_numeric,
    renumber,
    size_bound,
)


@dataclass(frozen=True)
class TreeAnswers:
    """What the fast path found at each point of a chunk.

    ``outcome_code``/``play_code`` index into ``outcome_names``/``play_names``; ``suspect``
    marks the points it leaves to the exact solver.
    """

    outcome_code: np.ndarray
    outcome_names: tuple[str, ...]
    play_code: np.ndarray
    play_names: tuple[str, ...]
    payoffs: np.ndarray
    suspect: np.ndarray


def _select(which: Values, options: list[Values]) -> Values:
    """``options[which]`` point by point."""
    out = options[0]
    for a in range(1, len(options)):
        out = np.where(np.equal(which, a), options[a], out)
    return out


class CompiledTree:
    """A parametric tree of perfect information, compiled for evaluation on arrays.

    Parameters
    ----------
    game : ExtensiveGame
        A tree of perfect information; payoffs and probabilities may be any expressions of
        its parameters.
    """

    @staticmethod
    def fits(game: object) -> bool:
        """Whether this evaluator takes ``game``: any tree of perfect information."""
        return isinstance(game, ExtensiveGame) and game.is_perfect_information

    def answers(
        self, columns: Mapping[str, Values], n: int, what: tuple[str, ...]
    ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """The sweep's columns ``what`` at ``n`` points, the payoffs (players x points) and
        the points left to the exact solver."""
        t = self.evaluate(columns, n)
        found: dict[str, np.ndarray] = {}
        if "outcome" in what:
            found["outcome"] = np.asarray(t.outcome_names, dtype=object)[t.outcome_code]
        if "play" in what:
            found["play"] = np.asarray(t.play_names, dtype=object)[t.play_code]
        if "deterred" in what:
            only = [set(name.split(OUTCOMES_SEP)) <= self.deterred for name in t.outcome_names]
            found["deterred"] = np.asarray(only, dtype=bool)[t.outcome_code]
        if "equilibria" in what:
            found["equilibria"] = np.ones(n, dtype=np.int64)
        return found, t.payoffs, t.suspect.copy()

    def __init__(self, game: ExtensiveGame, deterred: frozenset[str] = frozenset()):
        self.deterred = frozenset(deterred)
        if not game.is_perfect_information:
            raise ValueError("the fast tree path needs perfect information")
        self.game = game
        self.payoff = {
            i: [compile_numeric(v) for v in node.payoff.total]  # type: ignore[union-attr]
            for i, node in enumerate(game.nodes)
            if node.kind == "terminal"
        }
        self.payoff_size = {
            i: [compile_numeric(size_bound(v)) for v in node.payoff.total]  # type: ignore[union-attr]
            for i, node in enumerate(game.nodes)
            if node.kind == "terminal"
        }
        self.probs = {
            i: [compile_numeric(p) for p in node.probs]
            for i, node in enumerate(game.nodes)
            if node.kind == "chance"
        }
        self.decisions = [i for i in game.preorder if game.nodes[i].kind == "decision"]
        self.outcomes = game.outcome_labels
        if len(self.outcomes) > 62:
            raise ValueError("too many outcomes for the fast path")
        self._outcome_bit = {o: 1 << k for k, o in enumerate(self.outcomes)}

    def evaluate(self, columns: Mapping[str, Values], n: int) -> TreeAnswers:
        """Backward induction at ``n`` points; ``columns`` holds a value (array of length
        ``n``, or a float) for every parameter.

        Marked for the exact solver (``suspect``): every point where two actions come within
        :data:`TIE_TOLERANCE` of each other relative to the size of the terms behind them,
        where a probability is within it of 0, or is not a probability at all (below 0, above
        1, branches not summing to 1), and where any value is not finite or beyond
        :data:`TOO_LARGE`; the exact solver then decides, or refuses the point as it would
        anywhere.
        """
        with np.errstate(all="ignore"):
            return self._evaluate(columns, n)

    def _evaluate(self, columns: Mapping[str, Values], n: int) -> TreeAnswers:
        game = self.game
        players = range(len(game.players))
        value: dict[int, list[Values]] = {}
        size: dict[int, Values] = {}
        choice: dict[int, Values] = {}
        probs: dict[int, list[Values]] = {}
        suspect = np.zeros(n, dtype=bool)

        def invalid(v: Values) -> np.ndarray | bool:
            # "not within the limit" is also true of NaN: one comparison covers both.
            return ~(np.abs(v) <= TOO_LARGE)

        for index in reversed(game.preorder):
            node = game.nodes[index]
            if node.kind == "terminal":
                value[index] = [f(columns) for f in self.payoff[index]]
                # One size for all players (the largest): a little more cautious, and one
                # selection per decision node instead of one per player.
                size[index] = functools.reduce(
                    np.maximum, (np.abs(f(columns)) for f in self.payoff_size[index])
                )
                for v in value[index]:
                    if np.ndim(v):
                        suspect |= invalid(v)
                    elif invalid(v):
                        suspect[:] = True
            elif node.kind == "chance":
                ps = [f(columns) for f in self.probs[index]]
                probs[index] = ps
                total = sum(ps)
                for p in ps:
                    if np.ndim(p) == 0 and 0 <= p <= 1 and (p == 0 or p > TIE_TOLERANCE):
                        continue  # a constant probability, checked once for all points
                    # Not a probability (NaN included), or next to zero without being zero.
                    suspect |= ~((p >= -TIE_TOLERANCE) & (p <= 1 + TIE_TOLERANCE))
                    suspect |= (np.abs(p) <= TIE_TOLERANCE) & (p != 0)
                suspect |= ~(np.abs(total - 1) <= TIE_TOLERANCE)
                children = node.children
                value[index] = [
                    sum(p * value[c][i] for p, c in zip(ps, children, strict=True)) for i in players
                ]
                size[index] = sum(np.abs(p) * size[c] for p, c in zip(ps, children, strict=True))
            else:
                assert node.player is not None
                own = [value[c][node.player] for c in node.children]
                best: Values = 0
                top = own[0]
                for a in range(1, len(own)):
                    better = own[a] > top
                    best = np.where(better, a, best)
                    top = np.where(better, own[a], top)
                # The size of the terms behind the values compared, not the values: a
                # difference that cancels is only as precise as what cancelled.
                scale = 1.0 + sum(size[c] for c in node.children)
                close = sum(
                    np.asarray(top - v <= TIE_TOLERANCE * scale, dtype=np.int8) for v in own
                )
                suspect |= np.asarray(close) > 1
                choice[index] = best
                value[index] = [
                    _select(best, [value[c][i] for c in node.children]) for i in players
                ]
                size[index] = _select(best, [size[c] for c in node.children])
            for child in node.children:
                value.pop(child, None)
                size.pop(child, None)
        payoffs = np.stack([np.broadcast_to(v, (n,)) for v in value[game.root]])
        outcome_code, outcome_names = self._outcomes(choice, probs, n)
        play_code, play_names = self._plays(choice, n)
        return TreeAnswers(outcome_code, outcome_names, play_code, play_names, payoffs, suspect)

    def _outcomes(
        self, choice: Mapping[int, Values], probs: Mapping[int, list[Values]], n: int
    ) -> tuple[np.ndarray, tuple[str, ...]]:
        """Which outcomes are reached with positive probability, as a bit mask per point."""
        game = self.game
        reach: dict[int, Values] = {game.root: True}
        mask = np.zeros(n, dtype=np.int64)
        for index in game.preorder:
            node = game.nodes[index]
            here = reach.pop(index)
            if node.kind == "terminal":
                assert node.outcome is not None
                mask = mask | np.where(here, self._outcome_bit[node.outcome], 0)
            elif node.kind == "chance":
                for p, child in zip(probs[index], node.children, strict=True):
                    reach[child] = np.logical_and(here, np.greater(p, 0))
            else:
                for a, child in enumerate(node.children):
                    reach[child] = np.logical_and(here, np.equal(choice[index], a))
        inverse, codes = renumber(mask, n)
        names = tuple(
            outcome_label(self.outcomes, [o for o, bit in self._outcome_bit.items() if c & bit])
            for c in codes
        )
        return inverse, names

    def _plays(self, choice: Mapping[int, Values], n: int) -> tuple[np.ndarray, tuple[str, ...]]:
        """The action at every decision node, numbered in mixed radix, and its label."""
        game = self.game
        code: Values = np.zeros(n, dtype=np.int64)
        radix = []
        for index in self.decisions:
            k = len(game.nodes[index].actions)
            code = code * k + choice[index]
            radix.append(k)
        if np.prod(radix, dtype=float) > 2**62:
            raise ValueError("too many decision nodes for the fast path")
        inverse, codes = renumber(np.asarray(code, dtype=np.int64), n)
        names = []
        for c in codes:
            chosen = {}
            for index, k in zip(reversed(self.decisions), reversed(radix), strict=True):
                chosen[index] = c % k
                c //= k
            moves = []
            for player in range(len(game.players)):
                moves.append(
                    {
                        label: game.infosets[label].actions[chosen[game.infosets[label].members[0]]]
                        for label in game.infosets_of(player)
                    }
                )
            names.append(play_label(game.players, moves))
        return inverse, tuple(names)
