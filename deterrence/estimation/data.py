"""Reading the record of crises: one row per case, the observed outcome (or path) and the
covariates, checked against the model with errors that name the file, line and column.

>>> import deterrence as dt
>>> from deterrence.estimation.model import StrategicModel
>>> model = StrategicModel(dt.load("classic-deterrence"), {"cCh": "b0 + b1*x"}, covariates=["x"])
>>> data = observations(model, {"outcome": ["SQ", "F", "B"], "x": [0.5, -1, 2]})
>>> data.rows, data.codes.tolist(), data.labels
(3, [0, 1, 2], ('SQ', 'F', 'B'))
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from deterrence import limits
from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.optional import require

__all__ = ["DataError", "Observations", "Table", "observations", "read_table"]

#: Problems listed before the reading of the data stops.
MOST_PROBLEMS = 20

#: How the actions of a path are separated in a data file.
PATH_SEPARATORS = re.compile(r"\s*[;>/]\s*")


class DataError(SpecError):
    """A data file or table that does not fit the model: each problem with its file, line
    and column."""


@dataclass(frozen=True)
class Observations:
    """The data, read and checked.

    Parameters
    ----------
    columns : mapping of str to float array
        The covariates, one array per name.
    events : tuple of frozenset of int
        The distinct observations, each a set of terminals of the tree.
    labels : tuple of str
        A name for each event: the outcome, or the path.
    codes : int array
        Which event each row observed.
    source : str
        Where the data came from.
    dropped : int
        Rows left out for a missing covariate (``missing="drop"``).
    index : int array or None
        The position in the data of each row used.
    """

    columns: Mapping[str, np.ndarray]
    events: tuple[frozenset[int], ...]
    labels: tuple[str, ...]
    codes: np.ndarray
    source: str = "<data>"
    dropped: int = 0
    index: np.ndarray | None = None

    @property
    def rows(self) -> int:
        """The number of rows used."""
        return len(self.codes)

    def subset(self, index: np.ndarray) -> Observations:
        """The rows at ``index`` (for the bootstrap)."""
        return Observations(
            {k: v[index] for k, v in self.columns.items()},
            self.events,
            self.labels,
            self.codes[index],
            self.source,
            self.dropped,
            None if self.index is None else self.index[index],
        )


@dataclass(frozen=True)
class Table:
    """A data set's columns as read, with where it came from.

    Parameters
    ----------
    columns : dict of str to list
    source : str
        The file, or ``<DataFrame>``.
    lines : bool
        Whether row ``i`` is line ``i + 2`` of a file (for messages).
    """

    columns: dict[str, list[Any]]
    source: str = "<data>"
    lines: bool = False


def read_table(data: Any) -> Table:
    """The columns of a data set: a pandas DataFrame, a mapping of column names to
    sequences, the path of a CSV or Parquet file, or the name of a bundled data set
    (:mod:`deterrence.datasets`).

    >>> read_table({"outcome": ["SQ"], "x": [1.0]}).columns
    {'outcome': ['SQ'], 'x': [1.0]}
    """
    if isinstance(data, Table):
        return data
    table = _read(data)
    lengths = {len(v) for v in table.columns.values()}
    if len(lengths) > 1:
        raise DataError([Diagnostic("the columns have different lengths", file=table.source)])
    rows = lengths.pop() if lengths else 0
    if rows > (most := limits.count("data_rows")):
        raise DataError(
            [
                Diagnostic(
                    f"the data have {rows} rows, past the limit of {most} "
                    f"({limits.message('data_rows')})",
                    file=table.source,
                )
            ]
        )
    return table


def _read(data: Any) -> Table:
    if isinstance(data, str | Path):
        path = Path(data)
        name = str(data)
        if not path.is_file():
            from deterrence import datasets

            bundled = datasets.names()
            if isinstance(data, str) and data in bundled:
                path = datasets.path(data)
            else:
                hint = did_you_mean(name, bundled)
                raise DataError(
                    [
                        Diagnostic(
                            "no such data file, nor a bundled data set (those are "
                            + (", ".join(bundled) or "none")
                            + ")",
                            file=name,
                            suggestion=hint,
                        )
                    ]
                )
        if path.suffix.lower() in (".parquet", ".pq"):
            pandas = require("pandas", "parquet", "reading Parquet data")
            require("pyarrow", "parquet", "reading Parquet data")
            frame = pandas.read_parquet(path)
            return Table({str(c): list(frame[c]) for c in frame.columns}, name)
        size = path.stat().st_size
        if size > (most := limits.count("data_bytes")):
            raise DataError(
                [
                    Diagnostic(
                        f"the file has {size} bytes, past the limit of {most} "
                        f"({limits.message('data_bytes')})",
                        file=name,
                    )
                ]
            )
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    raise DataError([Diagnostic("the data file is empty", file=name)])
                body = list(reader)
        except UnicodeDecodeError:
            raise DataError(
                [Diagnostic("not a text file in UTF-8; expected CSV or Parquet", file=name)]
            ) from None
        except csv.Error as error:
            raise DataError([Diagnostic(f"not valid CSV: {error}", file=name)]) from None
        header = [h.strip() for h in header]
        for number, row in enumerate(body, start=2):
            if len(row) != len(header):
                raise DataError(
                    [
                        Diagnostic(
                            f"the row has {len(row)} fields; the header has {len(header)}",
                            file=name,
                            line=number,
                        )
                    ]
                )
        return Table({h: [row[i] for row in body] for i, h in enumerate(header)}, name, True)
    if hasattr(data, "columns") and hasattr(data, "to_dict"):
        return Table({str(c): list(data[c]) for c in data.columns}, "<DataFrame>")
    if isinstance(data, Mapping):
        return Table({str(k): list(v) for k, v in data.items()})
    raise DataError(
        [
            Diagnostic(
                f"cannot read data from a {type(data).__name__}; expected a pandas DataFrame, "
                "a mapping of column names to values, or a CSV or Parquet file"
            )
        ]
    )


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "NA", "NaN", "nan")


def observations(
    model: Any,
    data: Any,
    *,
    outcome: str | None = "outcome",
    path: str | None = None,
    missing: str = "error",
) -> Observations:
    """The rows of ``data`` as events of ``model``'s tree and covariate arrays.

    Parameters
    ----------
    model : StrategicModel
    data : DataFrame, mapping, path or Table
        See :func:`read_table`.
    outcome : str or None
        The column of observed outcomes (outcome ids, or terminal labels).
    path : str or None
        A column of observed paths: actions from the root separated by ``;``, ``>`` or
        ``/``. A path that stops early (only the first moves seen) counts every way it can
        end; with an outcome as well, only the terminals that fit both.
    missing : {"error", "drop"}
        What a row with a missing covariate does.

    Raises
    ------
    DataError
        For a missing column, an outcome not in the tree, a path that leaves it, a value
        that is not a number, or no rows.
    """
    table = read_table(data)
    columns, source, lines = table.columns, table.source, table.lines
    file = source if lines else None

    def where(index: int) -> dict[str, Any]:
        return {"file": file, "line": index + 2} if lines else {"path": f"row {index}"}

    problems: list[Diagnostic] = []
    wanted = [c for c in (outcome, path) if c is not None]
    if not wanted:
        raise DataError([Diagnostic("give the column of outcomes or of paths", file=file)])
    for name in [*wanted, *model.covariates]:
        if name not in columns:
            hint = did_you_mean(name, columns)
            problems.append(
                Diagnostic(
                    f"no column `{name}`; the columns are {', '.join(columns) or 'none'}",
                    file=file or source,
                    suggestion=hint,
                )
            )
    if problems:
        raise DataError(problems)
    count = len(columns[wanted[0]])
    if count == 0:
        raise DataError([Diagnostic("the data have no rows", file=file or source)])
    keep = np.ones(count, dtype=bool)
    numbers: dict[str, np.ndarray] = {}
    for name in model.covariates:
        array = np.empty(count)
        for i, value in enumerate(columns[name]):
            if len(problems) > MOST_PROBLEMS:
                break
            if _missing(value):
                if missing == "drop":
                    keep[i] = False
                    array[i] = np.nan
                    continue
                problems.append(
                    Diagnostic(
                        f"column `{name}`: the value is missing",
                        suggestion="fill it in, or pass missing='drop' (--drop-missing)",
                        **where(i),
                    )
                )
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                problems.append(
                    Diagnostic(f"column `{name}`: `{value}` is not a finite number", **where(i))
                )
                continue
            array[i] = number
        numbers[name] = array
    events: dict[frozenset[int], int] = {}
    labels: list[str] = []
    codes = np.full(count, -1)
    # The tree is looked up once per distinct outcome and path, not once per row.
    outcome_terminals: dict[str, frozenset[int] | None] = {}
    path_terminals: dict[tuple[str, ...], frozenset[int] | str] = {}
    for i in range(count):
        if not keep[i] or len(problems) > MOST_PROBLEMS:
            continue
        terminals: frozenset[int] | None = None
        names: list[str] = []
        if outcome is not None and not _missing(value := columns[outcome][i]):
            text = str(value).strip()
            if text not in outcome_terminals:
                try:
                    outcome_terminals[text] = model.terminals_of(text)
                except KeyError:
                    outcome_terminals[text] = None
            terminals = outcome_terminals[text]
            if terminals is None:
                problems.append(
                    Diagnostic(
                        f"column `{outcome}`: `{text}` is not an outcome of the tree; the "
                        f"outcomes are {', '.join(model.events)}",
                        suggestion=did_you_mean(text, model.events),
                        **where(i),
                    )
                )
                continue
            names.append(text)
        if path is not None and not _missing(value := columns[path][i]):
            actions = [a for a in PATH_SEPARATORS.split(str(value).strip()) if a]
            key = tuple(actions)
            if key not in path_terminals:
                try:
                    path_terminals[key] = model.terminals_of_path(actions)
                except KeyError as error:
                    path_terminals[key] = str(error.args[0])
            along = path_terminals[key]
            if isinstance(along, str):
                problems.append(
                    Diagnostic(
                        f"column `{path}`: the path `{value}` leaves the tree at `{along}`",
                        **where(i),
                    )
                )
                continue
            if terminals is not None and not terminals & along:
                problems.append(
                    Diagnostic(f"the path `{value}` cannot end in outcome `{names[0]}`", **where(i))
                )
                continue
            terminals = along if terminals is None else terminals & along
            names = [" > ".join(actions)] if not names else [f"{names[0]} ({' > '.join(actions)})"]
        if terminals is None:
            problems.append(Diagnostic("the row has neither an outcome nor a path", **where(i)))
            continue
        if terminals not in events:
            events[terminals] = len(events)
            labels.append(names[0])
        codes[i] = events[terminals]
    if problems:
        raise DataError(problems[:MOST_PROBLEMS])
    index = np.flatnonzero(keep)
    if index.size == 0:
        raise DataError([Diagnostic("every row has a missing covariate", file=file or source)])
    return Observations(
        {k: v[index] for k, v in numbers.items()},
        tuple(events),
        tuple(labels),
        codes[index],
        source,
        int(count - index.size),
        index,
    )
