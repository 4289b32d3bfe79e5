"""Chunks of a sweep on a dask.distributed cluster (the optional extra ``[dask]``).

The plan is sent to the workers once; each chunk is a task that returns its columns, and the
chunks come back in order of the points, so the result equals the local engine's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from deterrence.optional import require

if TYPE_CHECKING:
    from deterrence.sweeps.plan import Chunk, SweepPlan


def _task(plan: SweepPlan, start: int, stop: int) -> Chunk:
    from deterrence.sweeps.plan import evaluate_chunk

    return evaluate_chunk(plan, start, stop)


def dask_chunks(
    plan: SweepPlan,
    ranges: Sequence[tuple[int, int]],
    scheduler: str | None,
    n_workers: int,
) -> Iterator[Chunk]:
    """Evaluate ``ranges`` of ``plan`` on a cluster: at ``scheduler`` (an address such as
    ``tcp://host:8786``), or a new LocalCluster of ``n_workers`` processes."""
    distributed = require("distributed", "dask", "the dask engine")
    cluster = None
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=max(1, n_workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    client = distributed.Client(cluster if cluster is not None else scheduler)
    try:
        shared = client.scatter(plan, broadcast=True)
        # A bounded window of tasks in flight keeps memory bounded on the client side.
        window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        pending: list = []
        position = 0
        while position < len(ranges) or pending:
            while position < len(ranges) and len(pending) < window:
                a, b = ranges[position]
                pending.append(client.submit(_task, shared, a, b, pure=False))
                position += 1
            future = pending.pop(0)
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
