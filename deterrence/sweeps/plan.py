"""One chunk of a sweep, evaluated by the fast path or the general path.

A :class:`SweepPlan` holds everything a worker needs (the game, the points, the question), so a
chunk can be evaluated in this process, in another one, or on a dask worker, with the same
result: chunks are pure functions of the plan and their range of point numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from deterrence.concepts import get_concept, resolve
from deterrence.game import Game
from deterrence.sweeps.exact_points import Question, exact_rows
from deterrence.sweeps.grid import PointSpace

Columns = dict[str, np.ndarray]


def fast_path_fits(game: Game, concept: str | None = None) -> bool:
    """Whether ``concept`` (default: the game's) has a vectorised evaluator that takes
    ``game`` (see :mod:`deterrence.concepts`)."""
    chosen = get_concept(concept, game)
    if chosen.vectorised is None:
        return False
    evaluator: Any = resolve(chosen.vectorised)
    return bool(evaluator.fits(game))


@dataclass
class SweepPlan:
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
        what = self.question.what
        answers, payoffs, suspect = self._compiled.answers(values, n, what)
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


def _compile(game: Game, question: Question) -> Any:
    concept = get_concept(question.concept, game)
    assert concept.vectorised is not None
    return resolve(concept.vectorised)(game, question.deterred)


def _empty(name: str, n: int) -> np.ndarray:
    if name in ("outcome", "play", "threshold_status"):
        return np.full(n, None, dtype=object)
    if name == "deterred":
        return np.zeros(n, dtype=bool)
    if name == "equilibria":
        return np.zeros(n, dtype=np.int64)
    return np.full(n, np.nan)


ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Chunk:
    """One range of points and its columns."""

    start: int
    stop: int
    columns: Columns


def evaluate_chunk(plan: SweepPlan, start: int, stop: int) -> Chunk:
    """Points ``start`` to ``stop - 1`` of ``plan``, evaluated (:meth:`SweepPlan.evaluate`), as a
    :class:`Chunk`; a module-level function, so that worker processes and dask can call it.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.sweeps.run import plan_sweep
    >>> plan = plan_sweep(dt.load("extended-deterrence"), {"p": "0:1:11"})
    >>> chunk = evaluate_chunk(plan, 8, 11)
    >>> chunk.start, chunk.stop, chunk.columns["outcome"].tolist()
    (8, 11, ['status_quo', 'status_quo', 'status_quo'])
    """
    return Chunk(start, stop, plan.evaluate(start, stop))
