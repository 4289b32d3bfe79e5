"""One chunk of a sweep, evaluated by the fast path or the general path.

A :class:`Plan` holds everything a worker needs (the game, the points, the question), so a
chunk can be evaluated in this process, in another one, or on a dask worker, with the same
result: chunks are pure functions of the plan and their range of point numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from deterrence.game.normal_form import NormalFormGame
from deterrence.game.tree import ExtensiveGame
from deterrence.sweeps import compiled_matrix
from deterrence.sweeps.exact_points import Question, exact_rows
from deterrence.sweeps.grid import PointSpace
from deterrence.sweeps.labels import OUTCOMES_SEP

Game = ExtensiveGame | NormalFormGame
Columns = dict[str, np.ndarray]


def fast_path_fits(game: Game) -> bool:
    """Whether ``game`` has a compiled parametric solution: a tree of perfect information,
    or a two-player normal form with few strategies."""
    if isinstance(game, ExtensiveGame):
        return game.is_perfect_information
    return compiled_matrix.fits(game)


@dataclass
class Plan:
    """What to evaluate: ``question`` at the points of ``space``, the other parameters at
    ``fixed``, by the ``fast`` path (compiled, with exact repair) or the general one."""

    game: Game
    space: PointSpace
    question: Question
    fixed: Mapping[str, Fraction]
    fast: bool
    _compiled: Any = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        # Compiled numpy functions do not pickle; each worker compiles its own once.
        state = dict(self.__dict__)
        state["_compiled"] = None
        return state

    def columns(self) -> tuple[str, ...]:
        """The names of the columns a chunk holds, in order."""
        names = list(self.space.names)
        for item in self.question.what:
            if item == "payoffs":
                names += [f"payoff_{p}" for p in self.game.players]
            elif item == "threshold":
                names += ["threshold", "threshold_status"]
            else:
                names.append(item)
        return tuple(names)

    def evaluate(self, start: int, stop: int) -> Columns:
        """The columns of points ``start`` to ``stop - 1``."""
        floats = self.space.floats(start, stop)
        n = stop - start
        out: Columns = dict(floats)
        if self.fast:
            answers, suspect = self._fast(floats, n, start)
        else:
            answers, suspect = {}, np.ones(n, dtype=bool)
        positions = np.flatnonzero(suspect)
        if len(positions):
            points = [{**self.fixed, **self.space.exact(floats, int(i), start)} for i in positions]
            rows = exact_rows(self.game, points, self.question)
            for name in self.columns()[len(self.space.names) :]:
                if name not in answers:
                    answers[name] = _empty(name, n)
                column = answers[name]
                if column.dtype == object or name in ("outcome", "play", "threshold_status"):
                    column = column.astype(object)
                for i, row in zip(positions, rows, strict=True):
                    column[i] = row[name]
                answers[name] = column
        out.update(answers)
        return {name: out[name] for name in self.columns()}

    def _fast(self, floats: Columns, n: int, start: int = 0) -> tuple[Columns, np.ndarray]:
        if self._compiled is None:
            self._compiled = _compile(self.game, self.question)
        values: dict[str, np.ndarray | float] = {k: float(v) for k, v in self.fixed.items()}
        values.update(floats)
        answers: Columns = {}
        what = self.question.what
        if isinstance(self._compiled, compiled_matrix.CompiledMatrix):
            m = self._compiled.evaluate(values, n)
            code, suspect = m.code, m.suspect.copy()
            if "outcome" in what:
                answers["outcome"] = np.asarray(m.outcome_names, dtype=object)[code]
            if "play" in what:
                answers["play"] = np.asarray(m.play_names, dtype=object)[code]
            if "deterred" in what:
                answers["deterred"] = np.asarray(m.deterred, dtype=bool)[code]
            if "equilibria" in what:
                answers["equilibria"] = np.asarray(m.count, dtype=np.int64)[code]
            payoffs = m.payoffs
        else:
            t = self._compiled.evaluate(values, n)
            suspect = t.suspect.copy()
            if "outcome" in what:
                answers["outcome"] = np.asarray(t.outcome_names, dtype=object)[t.outcome_code]
            if "play" in what:
                answers["play"] = np.asarray(t.play_names, dtype=object)[t.play_code]
            if "deterred" in what:
                wanted = self.question.deterred
                only = [set(name.split(OUTCOMES_SEP)) <= wanted for name in t.outcome_names]
                answers["deterred"] = np.asarray(only, dtype=bool)[t.outcome_code]
            if "equilibria" in what:
                answers["equilibria"] = np.ones(n, dtype=np.int64)
            payoffs = t.payoffs
        if "payoffs" in what:
            for i, player in enumerate(self.game.players):
                answers[f"payoff_{player}"] = np.array(payoffs[i], dtype=float)
        if "threshold" in what:
            from deterrence.sweeps.threshold_column import fast_thresholds

            def exact(i: int) -> dict[str, Fraction]:
                return {**self.fixed, **self.space.exact(floats, i, start)}

            value, status, unsure = fast_thresholds(self, values, n, exact)
            answers["threshold"], answers["threshold_status"] = value, status
            suspect |= unsure
        return answers, suspect


def _compile(game: Game, question: Question):
    if isinstance(game, ExtensiveGame):
        from deterrence.sweeps.compiled_tree import CompiledTree

        return CompiledTree(game)
    return compiled_matrix.CompiledMatrix(game, question.deterred)


def _empty(name: str, n: int) -> np.ndarray:
    if name in ("outcome", "play", "threshold_status"):
        return np.full(n, None, dtype=object)
    if name == "deterred":
        return np.zeros(n, dtype=bool)
    if name == "equilibria":
        return np.zeros(n, dtype=np.int64)
    return np.full(n, np.nan)


ProgressCallback = Callable[[int, int], None]
