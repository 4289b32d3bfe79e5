"""``deterrence sweep`` from the shell: output files, columns, summary and errors."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest

import deterrence as dt
from deterrence.cli.main import main
from deterrence.load import bundled_models


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("model", sorted(bundled_models()))
def test_every_bundled_model_sweeps_over_its_first_parameter(capsys, model):
    game = dt.load(model)
    first = game.parameters[0]
    low = first.lower if first.lower is not None else first.value - 1
    high = first.upper if first.upper is not None else first.value + 1
    status, out, err = run(
        capsys,
        "sweep",
        model,
        "--grid",
        f"{first.name}={low}:{high}:5",
        "--what",
        "outcome,payoffs",
    )
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert list(rows[0]) == [first.name, "outcome"] + [f"payoff_{p}" for p in game.players]
    # Each row is the exact solver's answer at that point.
    for row in rows:
        result = dt.solve(game, values={first.name: Fraction(row[first.name])})
        labels = {
            " + ".join(o for o in game.outcome_labels if eq.outcomes.get(o))
            for eq in result.equilibria
        }
        assert row["outcome"] == " | ".join(sorted(labels))
    assert "5 points" in err


def test_grid_of_two_parameters_writes_csv_with_one_column_per_item(capsys, tmp_path):
    target = tmp_path / "out.csv"
    status, _, err = run(
        capsys,
        "sweep",
        "extended-deterrence",
        "--grid",
        "p=0:1:11",
        "--grid",
        "a=0:0.2:3",
        "--what",
        "outcome,deterred",
        "-o",
        str(target),
    )
    assert status == 0, err
    rows = list(csv.DictReader(target.open()))
    assert len(rows) == 33
    assert list(rows[0]) == ["p", "a", "outcome", "deterred"]
    by_point = {(r["p"], r["a"]): r for r in rows}
    # The threshold p* = 7/10 of the bundled model: deterred just above, not just below.
    assert by_point[("0.8", "0.1")]["deterred"] == "true"
    assert by_point[("0.6", "0.1")]["deterred"] == "false"
    assert by_point[("0.7", "0.1")]["outcome"] == "status_quo | war + abandoned"
    assert "status_quo" in err and "share" in err


def test_parquet_output(capsys, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "out.parquet"
    status, _, err = run(
        capsys,
        "sweep",
        "chicken",
        "--grid",
        "L=1:10:10",
        "--draws",
        "20",
        "--dist",
        "e=uniform:0:2",
        "--what",
        "outcome,equilibria",
        "-o",
        str(target),
    )
    assert status == 0, err
    table = pq.read_table(target)
    assert table.num_rows == 200
    assert table.column_names == ["L", "e", "outcome", "equilibria"]


def test_bad_arguments_are_all_reported_without_a_traceback(capsys):
    status, _, err = run(
        capsys,
        "sweep",
        "extended-deterrence",
        "--grid",
        "pp=0:1:5",
        "--grid",
        "a=0:1",
        "--dist",
        "cA=gamma:1:1",
        "--draws",
        "5",
        "--what",
        "outcome,plya",
    )
    assert status == 2
    assert "Traceback" not in err
    for expected in ("did you mean `p`", "START:STOP:NUM", "unknown distribution", "`play`"):
        assert expected in err


def test_bad_output_suffix(capsys, tmp_path):
    status, _, err = run(
        capsys, "sweep", "chicken", "--grid", "L=1:2:2", "-o", str(tmp_path / "x.xlsx")
    )
    assert status == 2
    assert ".csv or .parquet" in err


def test_csv_needs_no_extra_and_parquet_names_its_extra(capsys, monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    status, out, _ = run(capsys, "sweep", "chicken", "--grid", "L=1:2:2", "--quiet")
    assert status == 0 and out.splitlines()[0] == "L,outcome"
    status, _, err = run(
        capsys, "sweep", "chicken", "--grid", "L=1:2:2", "-o", str(tmp_path / "x.parquet")
    )
    assert status == 2
    assert "deterrence[parquet]" in err and "stopped" not in err
