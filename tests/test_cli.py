"""The command line, as a user runs it: exit statuses, output contracts, no tracebacks."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import deterrence as dt
from deterrence.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
GAMES = ROOT.parent / "shared" / "gambit-games"
CONTRACT_KEYS = {
    "model",
    "concept",
    "method",
    "exact",
    "complete",
    "notes",
    "parameters",
    "players",
    "equilibria",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_models_lists_every_bundled_model(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "models")
    assert status == 0
    for model in ("classic-deterrence", "extended-deterrence", "audience-cost-crisis", "chicken"):
        assert model in out


@pytest.mark.parametrize(
    "model", ["classic-deterrence", "extended-deterrence", "audience-cost-crisis", "chicken"]
)
def test_every_bundled_model_shows_checks_and_solves(
    capsys: pytest.CaptureFixture[str], model: str
) -> None:
    assert run(capsys, "check", model)[0] == 0
    status, out, _ = run(capsys, "show", model)
    assert status == 0 and "Payoffs: base + components" in out
    status, out, _ = run(capsys, "solve", model, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert CONTRACT_KEYS <= set(data)
    assert data["equilibria"] and all(eq["regret"] == 0 for eq in data["equilibria"])


def test_show_prints_the_payoff_decomposition(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "extended-deterrence")
    assert status == 0
    assert "audience: -a" in out and "escalation: -e" in out
    assert "pledge" in out  # the inserted commitment chance node


def test_solve_json_contract_for_a_tree(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "solve", "extended-deterrence", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["model"] == "extended-deterrence"
    assert data["concept"] == "spe" and data["exact"] is True and data["complete"] is True
    assert data["players"] == ["A", "P", "D"]
    assert data["parameters"]["cD"] == 0.35
    (eq,) = data["equilibria"]
    assert eq["payoffs"] == {"A": 0.1, "P": -0.9, "D": -0.525}
    assert eq["outcomes"] == {"war": 0.5, "abandoned": 0.5}
    assert eq["behaviour"]["A"] == {"attacker": {"status quo": 0, "attack": 1}}
    assert eq["regret"] == 0 and eq["subgame_perfect"] is True


def test_solve_exact_writes_fractions_as_strings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "solve", "chicken", "--set", "L=3", "--format", "json", "--exact")
    assert status == 0
    data = json.loads(out)
    assert data["parameters"] == {"L": "3", "e": "0"}
    mixed = [eq["mixed"] for eq in data["equilibria"] if len(eq["mixed"]["R"]) == 2]
    assert mixed == [
        {"R": {"swerve": "2/3", "straight": "1/3"}, "C": {"swerve": "2/3", "straight": "1/3"}}
    ]


def test_set_moves_the_equilibrium(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "solve", "extended-deterrence", "--set", "p=0.75", "--format", "json")
    assert [eq["outcomes"] for eq in json.loads(out)["equilibria"]] == [{"status_quo": 1}]


def test_markdown_and_text_formats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "solve", "classic-deterrence", "--concept", "nash", "--format", "markdown"
    )
    assert status == 0 and out.startswith("## classic-deterrence") and "| subgame perfect |" in out
    status, out, _ = run(capsys, "solve", "classic-deterrence", "--concept", "nash")
    assert status == 0 and "non-credible threat" in out


def test_lemke_howson_gives_one_verified_equilibrium(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "solve", "chicken", "--method", "lemke-howson", "--format", "json")
    data = json.loads(out)
    assert status == 0 and len(data["equilibria"]) == 1 and data["complete"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["solve", "extended-deterrence", "--set", "p=1.5"], "outside its bounds [0, 1]"),
        (["solve", "extended-deterrence", "--set", "pp=0.5"], "did you mean `p`?"),
        (["solve", "extended-deterrence", "--set", "p=nan"], "not a finite number"),
        (["solve", "extended-deterrence", "--set", "p"], "expected NAME=VALUE"),
        (["solve", "chicken", "--concept", "spe"], "normal-form game"),
        (["solve", "extended-deterence"], "did you mean `extended-deterrence`?"),
        (["export", "chicken", "--to", "efg"], "no tree"),
    ],
)
def test_invalid_input_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = run(capsys, *args)
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_export_efg_round_trips_through_gambit_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "classic.efg"
    assert run(capsys, "export", "classic-deterrence", "--to", "efg", "-o", str(target))[0] == 0
    ours = dt.solve(dt.load("classic-deterrence"))
    theirs = dt.solve(dt.load(target))
    assert [e.payoffs for e in ours.equilibria] == [e.payoffs for e in theirs.equilibria]
    assert (
        run(capsys, "export", "extended-deterrence", "--to", "nfg", "-o", str(tmp_path / "x.nfg"))[
            0
        ]
        == 0
    )
    normal = dt.load(tmp_path / "x.nfg")
    assert normal.players == ("A", "P", "D")


@pytest.mark.skipif(
    not GAMES.exists(), reason="the shared Gambit games are not beside this checkout"
)
@pytest.mark.parametrize(
    "name",
    ["contrib/games/bhg1.efg", "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"],
)
def test_solve_a_gambit_file(capsys: pytest.CaptureFixture[str], name: str) -> None:
    status, out, _ = run(
        capsys, "solve", str(GAMES / name), "--concept", "nash", "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert data["complete"] is True and data["equilibria"]
    for eq in data["equilibria"]:
        assert eq["regret"] == 0


HOSTILE = {
    "import": "A = \"__import__('os').system('echo pwned')\"",
    "tower": 'A = "9^9^9^9"',
    "parens": 'A = "' + "(" * 10_000 + "1" + ")" * 10_000 + '"',
}


def _spec_with_payoff(line: str) -> str:
    return (
        '[model]\nid = "hostile"\n[players]\nA = "A"\n[tree]\nroot = "n"\n'
        '[tree.n]\nplayer = "A"\nactions = { x = "o", y = "o2" }\n'
        f'[outcomes.o]\n{line}\n[outcomes.o2]\nA = "0"\n'
    )


#: CPU seconds the hostile-spec subprocess may use; it normally needs about 0.8 s, nearly all
#: of it interpreter start-up and imports. A hang or blow-up is stopped by the kernel (SIGXCPU).
HOSTILE_CPU_LIMIT = 60


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (HOSTILE_CPU_LIMIT, HOSTILE_CPU_LIMIT))


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_spec_exits_2_fast_and_runs_nothing(tmp_path: Path, kind: str) -> None:
    spec = tmp_path / "hostile.toml"
    spec.write_text(_spec_with_payoff(HOSTILE[kind]))
    marker = tmp_path / "pwned"
    done = subprocess.run(
        [sys.executable, "-m", "deterrence", "solve", str(spec)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_cpu,
    )
    # A CPU-limit kill shows as a negative status (-SIGXCPU), not 2.
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "pwned" not in done.stdout
    assert "outcomes.o.A" in done.stderr
    assert not marker.exists()


#: A spec that declares its names: parameter symbols, action and outcome labels, one outcome
#: (`concession`) left to the default. Ids and names differ, so the test sees which one shows.
LABELLED = r"""
[model]
id = "labelled"
title = "A threat with declared names"

[players]
C = "Challenger"
D = "Defender"

[parameters]
cD = { value = 0.5, min = 0, symbol = "\\kappa_D", label = "defender's war cost" }
a = { value = 1, min = 0, symbol = "\\alpha" }
v = { value = 1, min = 0 }

[tree]
root = "challenge"

[tree.challenge]
player = "C"
actions = { respect = "status_quo", challenge = "respond" }
labels = { challenge = "Press the claim" }

[tree.respond]
player = "D"
actions = { fight = "war", back_down = "concession" }
labels = { back_down = "Give in" }

[outcomes.status_quo]
label = "Peace"
C = 0
D = 0

[outcomes.war]
label = "Open war"
C = -1
D = "-cD"

[outcomes.concession]
C = "v"
D = "-a"
"""


@pytest.fixture
def labelled(tmp_path: Path) -> str:
    spec = tmp_path / "labelled.toml"
    spec.write_text(LABELLED, encoding="utf-8")
    return str(spec)


def test_solve_writes_the_declared_names_in_text_and_markdown(
    capsys: pytest.CaptureFixture[str], labelled: str
) -> None:
    status, out, _ = run(capsys, "solve", labelled, "--set", "a=0.2")
    assert status == 0
    assert "C: Press the claim" in out and "D: Give in" in out and "concession" in out
    assert "challenge" not in out.replace("labelled: spe", "") and "back_down" not in out
    status, out, _ = run(
        capsys, "solve", labelled, "--set", "a=0.2", "--concept", "nash", "--format", "markdown"
    )
    assert status == 0
    assert (
        "| concession |" in out
        and "| Peace |" in out
        and "status_quo" not in out
        and "status quo" not in out
    )
    assert "D: fight" in out and "Give in is better by" in out and "back_down" not in out
    status, out, _ = run(capsys, "solve", labelled, "--format", "json")
    # JSON is data: ids throughout.
    assert json.loads(out)["equilibria"][0]["outcomes"] == {"status_quo": 1}


def test_threshold_and_analyse_write_the_declared_names(
    capsys: pytest.CaptureFixture[str], labelled: str
) -> None:
    status, out, _ = run(capsys, "threshold", labelled, "--param", "a")
    # Text: parameters by name (typed back), outcomes by display name.
    assert status == 0 and "at which play reaches only Peace" in out and "a* = cD" in out
    status, out, _ = run(
        capsys, "threshold", labelled, "--param", "a", "--along", "cD", "--format", "latex"
    )
    assert status == 0
    assert out.splitlines() == [
        r"\[ \alpha^* = \kappa_D \quad \text{where} \quad \begin{gathered} v > 0 \\ \kappa_D > 0"
        r" \end{gathered} \]",
        r"\[ \begin{gathered} \frac{\partial \alpha^*}{\partial \kappa_D} = 1 > 0"
        r" \end{gathered} \]",
        r"\[ \alpha^*(\kappa_D) = \begin{cases} \kappa_D & \text{if } \kappa_D > 0"
        r" \end{cases} \]",
    ]
    status, out, _ = run(
        capsys, "threshold", labelled, "--param", "a", "--along", "cD", "--format", "json"
    )
    along = json.loads(out)["along"]
    assert along == [
        {"where": "cD > 0", "where_latex": r"\kappa_D > 0", "value": "cD", "latex": r"\kappa_D"}
    ]
    status, out, _ = run(capsys, "analyse", labelled, "--over", "a")
    assert status == 0
    assert "C: Press the claim\n  D: Give in\n  outcome: concession" in out
    assert "outcome: Peace" in out and "status_quo" not in out
    status, out, _ = run(capsys, "analyse", labelled, "--over", "a", "--format", "latex")
    assert out == (
        r"\[ \text{outcome} = \begin{cases} \text{concession} & 0 < \alpha < \frac{1}{2} \\ "
        r"\text{Peace} & \frac{1}{2} < \alpha < \infty \end{cases} \]" + "\n"
    )
    status, out, _ = run(capsys, "analyse", labelled, "--over", "a,cD", "--format", "latex")
    assert r"\text{Peace} & \alpha - \kappa_D > 0" in out and "cD" not in out
    status, out, _ = run(capsys, "analyse", labelled, "--over", "a,cD", "--format", "json")
    regions = json.loads(out)["regions"]
    assert {r["conditions"][0]: r["latex"][0] for r in regions} == {
        "a - cD > 0": r"\alpha - \kappa_D > 0",
        "-a + cD > 0": r"- \alpha + \kappa_D > 0",
    }
    assert {next(iter(r["outcomes"])) for r in regions} == {"status_quo", "concession"}
