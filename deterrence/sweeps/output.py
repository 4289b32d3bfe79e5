"""Writing a sweep as it is computed, chunk by chunk: CSV (no extra needed) or Parquet
(the extra ``[parquet]``). Memory stays bounded by one chunk whatever the number of points."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import numpy as np

from deterrence.optional import require
from deterrence.sweeps.plan import Chunk, SweepPlan


@dataclass
class Tally:
    """What a streamed sweep saw: points written, and how often each label occurred."""

    points: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, chunk: Chunk) -> None:
        """Count the points of ``chunk`` and each label in its ``outcome``, ``play``, ``deterred``
        and ``threshold_status`` columns (those it has).

        Examples
        --------
        >>> import deterrence as dt
        >>> from deterrence.sweeps.plan import evaluate_chunk
        >>> from deterrence.sweeps.run import plan_sweep
        >>> plan = plan_sweep(dt.load("extended-deterrence"), {"p": "0:1:11"})
        >>> tally = Tally()
        >>> tally.add(evaluate_chunk(plan, 0, 11))
        >>> tally.points, tally.counts["outcome"]["status_quo"]
        (11, 3)
        """
        self.points += chunk.stop - chunk.start
        for name in ("outcome", "play", "deterred", "threshold_status"):
            if name not in chunk.columns:
                continue
            labels, counts = np.unique(chunk.columns[name].astype(str), return_counts=True)
            seen = self.counts.setdefault(name, {})
            for label, count in zip(labels.tolist(), counts.tolist(), strict=True):
                seen[label] = seen.get(label, 0) + int(count)


def _cells(column: np.ndarray) -> list[object]:
    if column.dtype.kind == "f":
        return [repr(float(v)) if np.isfinite(v) else "" for v in column]
    if column.dtype.kind == "b":
        return ["true" if v else "false" for v in column]
    return column.tolist()


def tallied(chunks: Iterable[Chunk], tally: Tally) -> Iterator[Chunk]:
    """The chunks of ``chunks`` unchanged, each added to ``tally`` as it passes, so a sweep is
    counted while it is written, without holding its chunks.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.sweeps.plan import evaluate_chunk
    >>> from deterrence.sweeps.run import plan_sweep
    >>> plan = plan_sweep(dt.load("extended-deterrence"), {"p": "0:1:11"})
    >>> tally = Tally()
    >>> chunks = tallied((evaluate_chunk(plan, a, b) for a, b in [(0, 5), (5, 11)]), tally)
    >>> [chunk.stop for chunk in chunks], tally.points
    ([5, 11], 11)
    """
    for chunk in chunks:
        tally.add(chunk)
        yield chunk


def write_csv(plan: SweepPlan, chunks: Iterable[Chunk], stream: IO[str]) -> None:
    """CSV with a header row; floats written in full (``repr``), NaN as an empty cell."""
    writer = csv.writer(stream, lineterminator="\n")
    names = plan.columns()
    writer.writerow(names)
    for chunk in chunks:
        columns = [_cells(chunk.columns[name]) for name in names]
        writer.writerows(zip(*columns, strict=True))


def write_parquet(plan: SweepPlan, chunks: Iterable[Chunk], path: str) -> None:
    """Parquet, one row group per chunk; labels dictionary-encoded."""
    pa = require("pyarrow", "parquet", "writing Parquet")
    parquet = require("pyarrow.parquet", "parquet", "writing Parquet")
    names = plan.columns()
    writer = None
    try:
        for chunk in chunks:
            arrays = []
            for name in names:
                column = chunk.columns[name]
                if column.dtype == object:
                    arrays.append(pa.array(column.tolist(), type=pa.string()).dictionary_encode())
                else:
                    arrays.append(pa.array(column))
            table = pa.Table.from_arrays(arrays, names=list(names))
            if writer is None:
                schema = table.schema
                writer = parquet.ParquetWriter(path, schema)
            writer.write_table(table.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()
