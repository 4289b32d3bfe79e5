"""``sweep``: a question answered at every point of a parameter grid or random sample."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from deterrence.concepts import get_concept
from deterrence.errors import SolverError
from deterrence.exact import exact_number
from deterrence.game.parameters import resolve_values
from deterrence.sweeps.dask_engine import DEFAULT_TIMEOUT
from deterrence.sweeps.exact_points import WHAT, Question
from deterrence.sweeps.grid import point_space
from deterrence.sweeps.plan import (
    Chunk,
    Game,
    ProgressCallback,
    SweepPlan,
    evaluate_chunk,
    fast_path_fits,
)

#: Points per chunk: memory stays bounded whatever the size of the sweep.
CHUNK = 1 << 17


def plan_sweep(
    game: Game,
    grid: Mapping[str, object] | None = None,
    *,
    draws: int = 0,
    dist: Mapping[str, object] | None = None,
    what: Iterable[str] | str = ("outcome",),
    values: Mapping[str, object] | None = None,
    path: str = "auto",
    seed: int = 0,
    deterred: Iterable[str] | None = None,
    param: str | None = None,
    concept: str | None = None,
) -> SweepPlan:
    """Check a sweep's arguments (every problem at once) and return its :class:`SweepPlan`."""
    from deterrence.analysis.threshold import deterred_outcomes
    from deterrence.errors import Diagnostic, SpecError, did_you_mean

    items = tuple(what.split(",")) if isinstance(what, str) else tuple(what)
    items = tuple(i.strip() for i in items if i.strip())
    problems = [
        Diagnostic(
            f"unknown item `{i}`; expected some of {', '.join(WHAT)}",
            path="--what",
            suggestion=did_you_mean(i, WHAT),
        )
        for i in items
        if i not in WHAT
    ]
    if path not in ("auto", "fast", "general"):
        problems.append(Diagnostic(f"unknown path `{path}`; expected auto, fast or general"))
    fixed = {k: exact_number(v) for k, v in (values or {}).items()}
    try:
        space = point_space(game.parameters, grid, draws=draws, dist=dist, seed=seed, fixed=fixed)
    except SpecError as error:
        raise SpecError([*problems, *error.diagnostics]) from None
    if problems:
        raise SpecError(problems)
    resolved = resolve_values(game.parameters, fixed, source="--set")
    chosen = {k: v for k, v in resolved.items() if k not in space.names}
    wanted: frozenset[str] = frozenset()
    if "deterred" in items or "threshold" in items:
        wanted = frozenset(deterred) if deterred is not None else frozenset(deterred_outcomes(game))
        unknown = wanted - set(game.outcome_labels)
        if unknown:
            raise SolverError(
                f"unknown outcome(s) {', '.join(sorted(unknown))}; the model's outcomes: "
                + ", ".join(game.outcome_labels)
            )
    threshold_param = None
    if "threshold" in items:
        if param is None:
            roles = [p.name for p in game.parameters if p.role == "credibility"]
            if len(roles) != 1:
                raise SolverError(
                    "name the parameter whose threshold to sweep (param=... or --param)"
                )
            param = roles[0]
        if param not in {p.name for p in game.parameters}:
            raise SolverError(f"unknown parameter `{param}`")
        threshold_param = param
    chosen_concept = get_concept(concept, game).name
    fits = fast_path_fits(game, chosen_concept)
    if path == "fast" and not fits:
        raise SolverError(
            f"{chosen_concept} has no compiled parametric solution for this game (the fast "
            "path takes trees of perfect information, and two-player matrices of up to 3 x 4 "
            "strategies for nash); use path='general' (--path general)"
        )
    fast = path == "fast" or (path == "auto" and fits)
    question = Question(items, wanted, threshold_param, chosen_concept)
    return SweepPlan(game, space, question, chosen, fast)


def _ranges(size: int, chunk: int) -> list[tuple[int, int]]:
    return [(start, min(start + chunk, size)) for start in range(0, size, chunk)]


def run_chunks(
    plan: SweepPlan,
    *,
    engine: str = "local",
    n_jobs: int = 1,
    chunk_size: int = CHUNK,
    scheduler: str | None = None,
    scheduler_timeout: float = DEFAULT_TIMEOUT,
    progress: ProgressCallback | None = None,
) -> Iterator[Chunk]:
    """Evaluate ``plan`` chunk by chunk, in order of the points.

    ``engine="local"`` runs in this process (``n_jobs=1``) or in ``n_jobs`` worker processes
    (joblib); ``engine="dask"`` sends the chunks to a dask.distributed cluster: a new
    ``LocalCluster`` unless ``scheduler`` gives the address of one (``tcp://HOST:PORT``,
    ``tls://HOST:PORT`` or ``inproc://...``; checked before anything is sent), which then
    receives the whole plan, model included. A scheduler that does not answer within
    ``scheduler_timeout`` seconds raises :class:`~deterrence.errors.SolverError`; losing it
    during the sweep raises :class:`ConnectionError`.
    """
    ranges = _ranges(plan.space.size, max(1, int(chunk_size)))
    total, done = plan.space.size, 0
    if engine == "dask":
        from deterrence.sweeps.dask_engine import dask_chunks

        results: Iterable[Chunk] = dask_chunks(plan, ranges, scheduler, n_jobs, scheduler_timeout)
    elif engine != "local":
        raise SolverError(f"unknown engine `{engine}`; expected local or dask")
    elif n_jobs == 1 or len(ranges) == 1:
        results = (evaluate_chunk(plan, a, b) for a, b in ranges)
    else:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(evaluate_chunk)(plan, a, b) for a, b in ranges
        )
    for chunk in results:
        done += chunk.stop - chunk.start
        if progress is not None:
            progress(done, total)
        yield chunk


def sweep(
    game: Game,
    grid: Mapping[str, object] | None = None,
    *,
    draws: int = 0,
    dist: Mapping[str, object] | None = None,
    what: Iterable[str] | str = ("outcome",),
    values: Mapping[str, object] | None = None,
    path: str = "auto",
    engine: str = "local",
    n_jobs: int = 1,
    chunk_size: int = CHUNK,
    scheduler: str | None = None,
    scheduler_timeout: float = DEFAULT_TIMEOUT,
    seed: int = 0,
    deterred: Iterable[str] | None = None,
    param: str | None = None,
    concept: str | None = None,
    progress: ProgressCallback | None = None,
) -> Any:
    """Evaluate the equilibrium (its outcome, play, payoffs, ...) at every point of a grid.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
    grid : mapping, optional
        Swept parameters: ``{"p": "0:1:101"}`` (101 evenly spaced values, both ends
        included), a :class:`~deterrence.sweeps.grid.Range`, or a list of values. Several
        parameters make a full grid; the first varies slowest.
    draws : int
        Random draws at each grid point, of the parameters in ``dist``.
    dist : mapping, optional
        ``{"cA": "uniform:0:1"}``: the distribution of each drawn parameter (``uniform``,
        ``normal``, ``truncnormal``, ``lognormal``, ``triangular``, ``beta``).
    what : str or iterable of str
        Columns to compute: ``outcome`` (the outcomes each equilibrium reaches), ``play``
        (each player's choices), ``deterred`` (whether every equilibrium reaches only the
        deterred outcomes), ``payoffs`` (one column per player, NaN where equilibria differ),
        ``equilibria`` (how many), ``threshold`` (the least value of ``param`` at which
        deterrence holds, given the other parameters at the point).
    values : mapping, optional
        Values of the parameters not swept (default: the model's).
    path : {"auto", "fast", "general"}
        ``fast``: the compiled parametric solution evaluated on arrays, with every point it
        cannot decide for sure (ties) solved exactly; ``general``: the exact solver at each
        point. ``auto`` takes the fast path where the game has one.
    engine : {"local", "dask"}
        Where chunks are evaluated; ``n_jobs`` worker processes (joblib) or dask workers.
    scheduler : str, optional
        With ``engine="dask"``, the address of a dask scheduler (``tcp://HOST:PORT``,
        ``tls://HOST:PORT``, ``inproc://...``; a bare ``HOST:PORT`` is tcp; other schemes
        raise :class:`~deterrence.errors.SolverError`); default: a new LocalCluster of
        ``n_jobs`` workers. The scheduler receives the whole model (spec, expressions,
        parameter values) and the points, and its workers run the solver: use one you trust.
    scheduler_timeout : float
        Seconds to wait for that scheduler to answer (default 10); one that does not raises
        :class:`~deterrence.errors.SolverError`.
    seed : int
        Seed of the random draws.
    deterred, param
        The outcomes that count as deterrence (default: the status quo) and the threshold's
        parameter (default: the credibility parameter).
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`); default: the game's.
    progress : callable, optional
        Called as ``progress(points_done, points_total)`` after each chunk.

    Returns
    -------
    pandas.DataFrame
        One row per point: one column per swept parameter, then one per item of ``what``.

    Examples
    --------
    >>> import deterrence as dt
    >>> frame = dt.sweep(dt.load("extended-deterrence"), {"p": "0.6:0.8:3"})
    >>> for row in frame.itertuples(index=False):
    ...     print(row.p, row.outcome)
    0.6 war + abandoned
    0.7 status_quo | war + abandoned
    0.8 status_quo
    """
    plan = plan_sweep(
        game,
        grid,
        draws=draws,
        dist=dist,
        what=what,
        values=values,
        path=path,
        seed=seed,
        deterred=deterred,
        param=param,
        concept=concept,
    )
    chunks = run_chunks(
        plan,
        engine=engine,
        n_jobs=n_jobs,
        chunk_size=chunk_size,
        scheduler=scheduler,
        scheduler_timeout=scheduler_timeout,
        progress=progress,
    )
    return to_frame(plan, chunks)


def to_frame(plan: SweepPlan, chunks: Iterable[Chunk]) -> Any:
    """The chunks of a sweep as one pandas DataFrame (labels as categoricals)."""
    from deterrence.optional import require

    pd = require("pandas", "tables", "a sweep's table (DataFrame)")
    parts = list(chunks)
    names = plan.columns()
    data = {}
    for name in names:
        pieces = [c.columns[name] for c in parts]
        column = np.concatenate(pieces) if pieces else np.array([])
        if column.dtype == object:
            column = pd.Categorical(column)
        data[name] = column
    return pd.DataFrame(data, columns=list(names))
