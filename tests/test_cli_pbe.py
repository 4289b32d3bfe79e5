"""``deterrence solve --concept pbe``: beliefs, off-path belief sets and refinements in the
text and JSON reports (Cho & Kreps 1987, "Signaling games and stable equilibria", QJE 102:
in beer-quiche with a weak type of prior 1/10, both pooling outcomes are perfect Bayesian
equilibria; the quiche pool needs the receiver to think a beer drinker weak, belief on the
weak type in [1/2, 1], and fails the intuitive criterion, broken by the strong type)."""

from __future__ import annotations

import json
from pathlib import Path

from deterrence.cli.main import main

SPEC = str(Path(__file__).parent / "specs" / "beer-quiche.toml")


def test_text_report_shows_beliefs_and_refinements(capsys):
    assert main(["solve", SPEC, "--concept", "pbe"]) == 0
    out = capsys.readouterr().out
    assert "pbe — support enumeration" in out
    assert "beliefs after beer (off the path): r_beer_w in [1/2, 1]" in out
    assert "intuitive criterion: fails at beer (strong)" in out
    assert "intuitive criterion: survives" in out
    assert "beliefs off the path are not checked" not in out


def test_json_carries_the_assessment(capsys):
    assert main(["solve", SPEC, "--concept", "pbe", "--format", "json", "--exact"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["concept"] == "pbe" and data["complete"] is True
    assert data["certificate"] == "exact sequential rationality and Bayes consistency"
    kinds = {eq["kind"] for eq in data["equilibria"]}
    assert kinds == {"pooling"}
    quiche = [eq for eq in data["equilibria"] if eq["outcomes"].get("s_quiche_not") == "9/10"]
    assert any(eq["off_path_beliefs"]["after beer"]["interval"] == ["1/2", "1"] for eq in quiche)
    assert all(not eq["refinements"]["intuitive criterion"]["survives"] for eq in quiche)


def test_pbe_is_refused_for_a_normal_form(capsys):
    assert main(["solve", "chicken", "--concept", "pbe"]) == 2
    assert "perfect Bayesian equilibrium" in capsys.readouterr().err
