"""``deterrence table`` as a user runs it."""

from __future__ import annotations

import functools
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest

from deterrence.cli.main import main
from deterrence.load import bundled_models
from deterrence.tables import table

pd = pytest.importorskip("pandas")

MODELS = list(bundled_models())
FORMATS = ("latex", "markdown", "csv", "html", "json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["table", *args])
    out, err = capsys.readouterr()
    return status, out, err


@functools.cache
def frame_of(model: str):
    """The library's table of a model, made once for the five formats (a signalling model's
    scenarios take seconds to solve)."""
    return table(model).drop(columns="model")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("model", MODELS)
def test_every_bundled_model_in_every_format(capsys, model: str, fmt: str) -> None:
    status, out, err = run(capsys, model, "--format", fmt)
    assert status == 0, err
    frame = frame_of(model)
    if fmt == "json":
        records = json.loads(out)
        assert len(records) == len(frame) and set(records[0]) == set(frame.columns)
    elif fmt == "csv":
        back = pd.read_csv(io.StringIO(out))
        assert list(back.columns) == list(frame.columns) and len(back) == len(frame)
    elif fmt == "latex":
        assert out.startswith("\\begin{table}") and "\\toprule" in out
        # A header per float (a long table is split) and one line per row.
        assert out.count(" \\\\\n") == len(frame) + out.count("\\toprule")
    elif fmt == "markdown":
        assert out.count("\n|") == len(frame) + 1
    else:
        assert out.count("<tr") == len(frame) + 1


def test_exact_json_and_scenarios(capsys) -> None:
    status, out, _ = run(
        capsys,
        "extended-deterrence",
        "--scenario",
        "credible-pledge",
        "--scenario",
        "default",
        "--format",
        "json",
        "--exact",
    )
    assert status == 0
    records = json.loads(out)
    assert [r["scenario"] for r in records] == ["credible-pledge", "default"]
    assert [r["p"] for r in records] == ["4/5", "1/2"]
    assert records[1]["outcome"] == {"war": "1/2", "abandoned": "1/2"}


def test_set_applies_to_every_row(capsys) -> None:
    status, out, _ = run(
        capsys,
        "chicken",
        "--scenario",
        "baseline",
        "--scenario",
        "catastrophe",
        "--set",
        "e=1/2",
        "--format",
        "csv",
        "--exact",
    )
    assert status == 0
    back = pd.read_csv(io.StringIO(out), dtype=str)
    assert set(back["L"]) == {"10", "100"} and "e" not in back.columns
    assert "R wins" in set(back["outcome"])


def test_latex_options(capsys, tmp_path: Path) -> None:
    target = tmp_path / "ext.tex"
    status, out, err = run(
        capsys,
        "extended-deterrence",
        "--thresholds",
        "--caption",
        "Minimum credibility",
        "--label",
        "tab:min",
        "--digits",
        "2",
        "-o",
        str(target),
    )
    assert status == 0 and out == "" and err == ""
    text = target.read_text(encoding="utf-8")
    assert "\\caption{Minimum credibility}" in text and "\\label{tab:min}" in text
    assert "$0.7$" in text and "Model" not in text


def test_regions_and_several_models(capsys) -> None:
    status, out, _ = run(
        capsys,
        "extended-deterrence",
        "chicken",
        "--regions",
        "--param",
        "chicken=L",
        "--scenario",
        "baseline",
        "--format",
        "markdown",
        "--exact",
    )
    assert status == 0
    assert "| extended-deterrence | baseline | 1 | 0 < p < 3/10 |" in out
    assert "| chicken | baseline | 1 | L > 1 |" in out


def test_thresholds_side_by_side(capsys) -> None:
    status, out, _ = run(
        capsys,
        "extended-deterrence",
        "classic-deterrence",
        "--thresholds",
        "--param",
        "classic-deterrence=a",
        "--deterred",
        "classic-deterrence=W",
        "--scenario",
        "baseline",
        "--format",
        "json",
        "--exact",
    )
    assert status == 0
    records = json.loads(out)
    assert [(r["model"], r["value"]) for r in records] == [
        ("extended-deterrence", "7/10"),
        ("classic-deterrence", "1"),
    ]
    assert Fraction(records[0]["value"]) == Fraction(7, 10)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extended-deterrence", "--scenario", "baselin"], "did you mean `baseline`?"),
        (["extended-deterrence", "--set", "p=0.9"], "set both by scenario"),
        (["extended-deterrence", "--set", "q=1", "--scenario", "default"], "unknown parameter"),
        (["extended-deterrence", "--digits", "-1"], "--digits -1"),
        (["extended-deterrence", "--deterred", "war"], "only applies with --thresholds"),
        (["extended-deterrence", "--numeric"], "only applies with --thresholds"),
        (["extended-deterrence", "--regions", "--regret"], "only applies to a table of equilibria"),
        (["chicken", "--thresholds", "--param", "L", "--regret"], "no --thresholds"),
        (["chicken", "--thresholds"], "name the parameter that moves"),
        (["extended-deterrence", "--regions", "--param", "p", "--param", "x=p"], "MODEL="),
        (["extended-deterence"], "did you mean `extended-deterrence`?"),
    ],
)
def test_bad_input_exits_2_without_traceback(capsys, args, message) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2
    assert message in err and "Traceback" not in err and out == ""


def test_regions_and_thresholds_together_are_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["table", "extended-deterrence", "--regions", "--thresholds"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_unwritable_output_exits_2(capsys, tmp_path: Path) -> None:
    status, _, err = run(capsys, "chicken", "-o", str(tmp_path / "missing" / "t.tex"))
    assert status == 2 and "cannot write the table" in err


@pytest.mark.parametrize("fmt", ["latex", "markdown", "html"])
def test_the_regret_column_only_on_request(capsys, fmt: str) -> None:
    # Every verified equilibrium has regret 0: the column is noise unless asked for.
    status, out, _ = run(capsys, "chicken", "--scenario", "baseline", "--format", fmt)
    assert status == 0 and "Regret" not in out
    status, out, _ = run(capsys, "chicken", "--scenario", "baseline", "--format", fmt, "--regret")
    assert status == 0 and "Regret" in out
    if fmt == "markdown":
        header, _, *rows = out.splitlines()[:5]
        assert header.endswith("| Regret |") and all(row.endswith("| 0 |") for row in rows)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_data_formats_always_carry_the_regret(capsys, fmt: str) -> None:
    for extra in ([], ["--regret"]):
        status, out, _ = run(capsys, "chicken", "--format", fmt, *extra)
        assert status == 0 and "regret" in out


def test_the_numeric_check_of_thresholds_only_on_request(capsys) -> None:
    args = ["extended-deterrence", "--thresholds", "--scenario", "baseline", "--format"]
    status, out, _ = run(capsys, *args, "markdown")
    assert status == 0 and "Numeric check" not in out and "| Status quo |" in out
    status, out, _ = run(capsys, *args, "markdown", "--numeric")
    assert status == 0 and out.splitlines()[0].endswith("| Value | Numeric check |")
    status, out, _ = run(capsys, *args, "latex", "--numeric")
    assert status == 0 and "Numeric check" in out
