"""``deterrence threshold`` and ``deterrence analyse`` as a user runs them."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from deterrence.cli.main import main

MODELS = Path(__file__).resolve().parent / "reference_models"

THRESHOLD_KEYS = {
    "model",
    "parameter",
    "deterred",
    "symbolic",
    "latex",
    "conditions",
    "value",
    "numeric",
    "status",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_threshold_json_closed_form_agrees_with_number_and_solver(capsys) -> None:
    status, out, _ = run(capsys, "threshold", "extended-deterrence", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert set(data) >= THRESHOLD_KEYS
    assert data["status"] == "threshold" and data["deterred"] == ["status_quo"]
    assert data["symbolic"] == "(-cA - e + v*w)/(v*(w - wD))"
    assert data["value"] == 0.7 and data["value_exact"] == "7/10"
    assert data["numeric"] == pytest.approx(data["value"], abs=1e-9)
    star = Fraction(data["value_exact"])
    step = Fraction(1, 1000)
    for value, deterred in ((star + step, True), (star - step, False)):
        status, out, _ = run(
            capsys, "solve", "extended-deterrence", "--set", f"p={value}", "--format", "json"
        )
        outcomes = [eq["outcomes"] for eq in json.loads(out)["equilibria"]]
        assert (outcomes == [{"status_quo": 1}]) is deterred


def test_threshold_text_and_latex(capsys) -> None:
    status, out, _ = run(
        capsys, "threshold", "classic-deterrence", "--param", "a", "--deterred", "W"
    )
    assert status == 0
    assert "a* = -b + cCh" in out and "at the given values: a* = 1" in out
    status, out, _ = run(
        capsys,
        "threshold",
        "classic-deterrence",
        "--param",
        "a",
        "--deterred",
        "W",
        "--format",
        "latex",
    )
    assert status == 0 and out.startswith(r"\[ a^* = ")


def test_threshold_with_set_and_greatest(capsys) -> None:
    status, out, _ = run(
        capsys,
        "threshold",
        "audience-cost-crisis",
        "--param",
        "q",
        "--deterred",
        "status_quo",
        "--greatest",
        "--set",
        "cT=0.6",
        "--format",
        "json",
    )
    assert status == 0
    data = json.loads(out)
    assert data["value_exact"] == "2/5" and data["direction"] == "greatest"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["threshold", "classic-deterrence"], "name the credibility parameter"),
        (
            [
                "threshold",
                str(MODELS / "threat-that-leaves-something-to-chance.toml"),
                "--param",
                "q",
            ],
            "no outcome called `status_quo` or `SQ`",
        ),
        (["threshold", "extended-deterrence", "--deterred", "peace"], "unknown outcome"),
        (["threshold", "extended-deterrence", "--set", "p=0.5"], "is the parameter that moves"),
        (["threshold", "extended-deterrence", "--set", "w=3"], "outside its bounds"),
        (["threshold", "chicken", "--param", "L", "--deterred", "crsh"], "unknown outcome"),
        (["analyse", "extended-deterrence", "--over", "p,zz"], "unknown parameter `zz`"),
    ],
)
def test_analysis_errors_exit_2(capsys, args, message) -> None:
    status, _, err = run(capsys, *args)
    assert status == 2
    assert message in " ".join(err.split())
    assert "Traceback" not in err


def test_analyse_regions(capsys) -> None:
    status, out, _ = run(
        capsys, "analyse", "extended-deterrence", "--over", "p", "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert [r["interval"] for r in data["regions"]] == [
        ["0", "3/10"],
        ["3/10", "7/10"],
        ["7/10", "1"],
    ]
    assert data["regions"][2]["outcomes"] == {"status_quo": "1"}
    assert data["boundaries"] == ["3/10", "7/10"]
    status, out, _ = run(capsys, "analyse", "classic-deterrence", "--over", "a")
    assert status == 0 and "a in (1, oo):" in out
    status, out, _ = run(capsys, "analyse", "extended-deterrence", "--format", "latex")
    assert status == 0 and r"\begin{cases}" in out


def test_undecidable_game_exits_2_with_cannot_decide(capsys, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    text = (root / "models" / "extended-deterrence.toml").read_text()
    spec = tmp_path / "typed.toml"
    spec.write_text(text.replace('kind = "automatic"', 'kind = "type"'))  # 3 players, imperfect
    status, _, err = run(capsys, "analyse", str(spec), "--over", "p")
    assert status == 2 and "cannot decide" in err and "Traceback" not in err
    # No exact path covers the game, so the threshold is the numeric one, and says so.
    status, out, _ = run(capsys, "threshold", str(spec), "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["exact"] is False and data["symbolic"] is None
    assert data["numeric"] == pytest.approx(0.7) and "is numeric" in data["notes"][0]


def test_threshold_of_a_game_of_incomplete_information(capsys) -> None:
    # Zagare & Kilgour (2000): pB* = 1/3, through the normal form.
    spec = MODELS / "rudimentary-asymmetric-deterrence.toml"
    status, out, _ = run(capsys, "threshold", str(spec), "--deterred", "SQ", "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["value_exact"] == "1/3" and data["symbolic"] is not None


def test_analyse_over_two_parameters(capsys) -> None:
    status, out, _ = run(
        capsys, "analyse", "extended-deterrence", "--over", "p,a", "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert data["over"] == ["p", "a"] and data["complete"] is True
    conditions = sorted(tuple(r["conditions"]) for r in data["regions"])
    assert ("a > 3/20",) in conditions
    assert ("p > 7/10", "a < 3/20") in conditions or ("a < 3/20", "p > 7/10") in conditions


def test_threshold_along_another_parameter(capsys) -> None:
    status, out, _ = run(capsys, "threshold", "extended-deterrence", "--along", "cA")
    assert status == 0
    assert "where (cA > 1/4) & (cA < 3/5): p* = 3/2 - 2*cA" in out
    assert "where cA > 3/5: p* = 3/10" in out
    status, out, _ = run(
        capsys, "threshold", "extended-deterrence", "--along", "a", "--format", "json"
    )
    pieces = json.loads(out)["along"]
    assert [p["value"] for p in pieces] == ["7/10", "0"]
    status, _, err = run(capsys, "threshold", "extended-deterrence", "--along", "cAA")
    assert status == 2 and "did you mean `cA`" in err


def test_analyse_of_a_matrix_writes_its_outcomes_by_their_declared_labels(capsys) -> None:
    # chicken declares `label = "Column wins"` for its outcome `C wins`, and so on.
    status, out, _ = run(capsys, "analyse", "chicken", "--over", "L,e")
    assert status == 0
    assert "1.1 R: swerve / C: straight\n       outcome: Column wins" in out
    assert "2.1 R: swerve / C: swerve\n       outcome: Compromise" in out
    assert "C wins" not in out and "compromise" not in out
    status, out, _ = run(capsys, "analyse", "chicken", "--over", "L,e", "--format", "latex")
    assert status == 0
    assert r"\begin{cases} \text{Column wins} \text{ or } \text{Row wins} \text{ or } " in out
    assert r"\text{Compromise} & e > 1 \end{cases}" in out and "C wins" not in out
    status, out, _ = run(capsys, "analyse", "chicken", "--over", "L,e", "--format", "json")
    regions = json.loads(out)["regions"]
    # JSON keeps the ids.
    assert [next(iter(eq["outcomes"])) for eq in regions[-1]["equilibria"]] == ["compromise"]
