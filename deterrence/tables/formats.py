"""A table as data: CSV, JSON records and HTML."""

from __future__ import annotations

import json
import numbers
from typing import TYPE_CHECKING, Any

import sympy

from deterrence.optional import require
from deterrence.tables.layout import frame_names, shown_columns, text_header, text_value
from deterrence.tables.mixture import Mixture
from deterrence.tables.numbers import as_fraction, is_missing, is_numeric, text_cell

if TYPE_CHECKING:
    import pandas


def to_csv(frame: pandas.DataFrame, *, exact: bool = True) -> str:
    """The table as CSV, one line per row, with a header.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`deterrence.tables.table`.
    exact : bool
        True: rational numbers as exact strings (``7/10``), which ``fractions.Fraction``
        reads back. False: as floats at full precision.

    Returns
    -------
    str
        Conditions and expressions as sympy writes them (``sympy.sympify`` reads them back);
        mixtures as ``1/2 war + 1/2 abandoned``.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> frame = table("chicken", scenarios=["baseline"])
    >>> print(to_csv(frame[["equilibrium", "strategy_R", "payoff_R"]]), end="")
    equilibrium,strategy_R,payoff_R
    1,straight,1
    2,9/10 swerve + 1/10 straight,-1/10
    3,swerve,-1
    """
    return _data(frame, exact).to_csv(index=False, lineterminator="\n")


def to_json(frame: pandas.DataFrame, *, exact: bool = False, indent: int | None = 2) -> str:
    """The table as a JSON list of records, one object per row.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`deterrence.tables.table`.
    exact : bool
        True: rational numbers as exact strings (``"7/10"``); False: as JSON numbers.
    indent : int or None
        Indentation of the JSON text.

    Returns
    -------
    str
        Mixtures are objects (label -> probability), conditions and expressions strings as
        sympy writes them, missing cells ``null``.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> frame = table("extended-deterrence", scenarios=["baseline"])
    >>> print(to_json(frame[["outcome", "payoff_A"]], exact=True, indent=None))
    [{"outcome": {"war": "1/2", "abandoned": "1/2"}, "payoff_A": "1/10"}]
    """
    records = [
        {
            str(column): _json_value(value, exact)
            for column, value in zip(frame.columns, row, strict=True)
        }
        for row in frame.itertuples(index=False)
    ]
    return json.dumps(records, indent=indent, ensure_ascii=False)


def to_html(
    frame: pandas.DataFrame,
    *,
    digits: int = 3,
    exact: bool = False,
    regret: bool = False,
    numeric: bool = False,
) -> str:
    """The table as an HTML ``<table>`` (pandas' writer, cells escaped), for people: headers,
    cells and columns as in :func:`deterrence.tables.to_markdown`.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`deterrence.tables.table`.
    digits, exact : int, bool
        As in :func:`deterrence.tables.to_markdown`.
    regret, numeric : bool
        Show the regret column, and a threshold table's numeric check.

    Examples
    --------
    >>> from deterrence.tables import table
    >>> html = to_html(table("chicken", scenarios=["baseline"]))
    >>> html.startswith("<table") and "9/10 swerve" not in html and "0.9 swerve" in html
    True
    >>> "<th>Payoff (Row state)</th>" in html and "Regret" not in html
    True
    """
    pd = require("pandas", "tables", "tables")
    parameters, players, notation = frame_names(frame)
    columns = shown_columns(frame, regret=regret, numeric=numeric)
    shown = pd.DataFrame(
        [
            [text_value(c, row[c], notation, exact, digits) for c in columns]
            for _, row in frame.iterrows()
        ],
        columns=[text_header(c, parameters, players, notation) for c in columns],
    )
    return str(shown.to_html(index=False, escape=True, border=0)) + "\n"


def _data(frame: pandas.DataFrame, exact: bool) -> pandas.DataFrame:
    """A copy with every cell a string, int, float or None."""
    pd = require("pandas", "tables", "tables")
    return pd.DataFrame(
        [[_scalar(v, exact) for v in row] for row in frame.itertuples(index=False)],
        columns=[str(c) for c in frame.columns],
    )


def _scalar(value: Any, exact: bool) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, str | bool):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, sympy.Basic):
        return int(value)  # counters (equilibrium, region) stay integers
    fraction = as_fraction(value)
    if fraction is not None:
        if exact:
            return str(fraction)
        return fraction.numerator if fraction.denominator == 1 else float(fraction)
    if isinstance(value, float):
        return value
    if isinstance(value, Mixture):
        return text_cell(value, exact=exact, digits=17)
    if isinstance(value, sympy.Basic):
        if is_numeric(value) and not exact:
            return float(value)
        return str(value)
    return str(value)


def _json_value(value: Any, exact: bool) -> Any:
    if isinstance(value, Mixture):
        return {label: _scalar(weight, exact) for label, weight in value.items()}
    return _scalar(value, exact)
