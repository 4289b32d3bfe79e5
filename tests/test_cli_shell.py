"""Shell conventions of the command line: ``-`` for standard input, ``-o FILE``, no wrapping
in a pipe, ``--quiet``, ``--no-color`` and ``NO_COLOR``, ``--only spe`` and completion."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deterrence.cli.main import main
from deterrence.load import bundled_models

ROOT = Path(__file__).resolve().parents[1]
EXTENDED = bundled_models()["extended-deterrence"].read_bytes()
SPECS = ROOT / "tests" / "specs"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, *, tty: bool = False) -> None:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    if tty:
        monkeypatch.setattr(stream, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stdin", stream)


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


# -- `-`: standard input -------------------------------------------------------------------


def test_solve_reads_a_toml_spec_from_standard_input(capsys, monkeypatch) -> None:
    stdin(monkeypatch, EXTENDED)
    status, out, err = run(capsys, "solve", "-", "--format", "json")
    assert status == 0, err
    from_stdin = json.loads(out)
    assert run(capsys, "solve", "extended-deterrence", "--format", "json")[1] == out
    assert from_stdin["model"] == "extended-deterrence"


def test_json_is_told_from_its_first_character_and_yaml_is_named(capsys, monkeypatch) -> None:
    stdin(monkeypatch, (SPECS / "extended-deterrence.json").read_bytes())
    status, out, _ = run(capsys, "check", "-")
    assert status == 0 and out.startswith("ok <stdin>: a tree of")
    stdin(monkeypatch, (SPECS / "extended-deterrence.yaml").read_bytes())
    assert run(capsys, "check", "-", "--format-in", "yaml")[0] == 0
    stdin(monkeypatch, (SPECS / "extended-deterrence.yaml").read_bytes())
    status, _, err = run(capsys, "check", "-")  # YAML read as TOML: a clean error
    assert status == 2 and "<stdin>" in err and "Traceback" not in err


def test_a_gambit_file_on_standard_input_is_recognised(capsys, monkeypatch) -> None:
    status, efg, _ = run(capsys, "export", "classic-deterrence", "--to", "efg")
    assert status == 0 and efg.startswith("EFG")
    stdin(monkeypatch, efg.encode())
    status, out, err = run(capsys, "solve", "-", "--format", "json")
    assert status == 0, err
    assert json.loads(out)["equilibria"]


def test_undecodable_standard_input_is_a_clean_error(capsys, monkeypatch) -> None:
    stdin(monkeypatch, b"[model]\nid = '\xff\xfe'\n")
    status, out, err = run(capsys, "show", "-")
    assert status == 2 and not out
    assert "error: <stdin>: standard input is not UTF-8 text: byte 0xff at offset 14" in err


def test_standard_input_is_read_up_to_the_file_bytes_limit(capsys, monkeypatch) -> None:
    stdin(monkeypatch, EXTENDED)
    status, _, err = run(capsys, "solve", "-", "--limit", "file_bytes=100")
    assert status == 2
    assert "<stdin>: standard input is too large: more than 100 bytes" in err
    assert "limit `file_bytes`" in err


def test_invalid_spec_on_standard_input_names_stdin(capsys, monkeypatch) -> None:
    stdin(monkeypatch, b"[model]\nid = 'm'\n[players]\nA = 'A'\n")
    status, _, err = run(capsys, "check", "-", "chicken")
    assert status == 2 and "error: <stdin>: missing the game" in err


def test_standard_input_is_read_once(capsys, monkeypatch) -> None:
    stdin(monkeypatch, EXTENDED)
    status, _, err = run(capsys, "check", "-", "-")
    assert status == 2 and "standard input can be read only once" in err


def test_a_table_reads_its_spec_and_scenarios_from_standard_input(capsys, monkeypatch) -> None:
    pytest.importorskip("pandas")
    stdin(monkeypatch, EXTENDED)
    status, out, err = run(capsys, "table", "-", "--format", "markdown")
    assert status == 0, err
    assert "| baseline |" in out and "| credible-pledge |" in out


def test_a_terminal_on_standard_input_gets_a_note_unless_quiet(capsys, monkeypatch) -> None:
    stdin(monkeypatch, EXTENDED, tty=True)
    status, _, err = run(capsys, "check", "-")
    assert status == 0 and "reading the spec from standard input" in err
    stdin(monkeypatch, EXTENDED, tty=True)
    status, _, err = run(capsys, "check", "-", "--quiet")
    assert status == 0 and err == ""


# -- `-o FILE` -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["models"], "extended-deterrence"),
        (["limits"], "file_bytes"),
        (["show", "chicken"], "Payoffs: base + components"),
        (["check", "chicken", "tripwire"], "ok tripwire: a tree of 7 nodes"),
        (["solve", "chicken", "--format", "json"], '"concept": "nash"'),
        (["analyse", "classic-deterrence", "--over", "a"], "a in (0, 1)"),
        (["threshold", "classic-deterrence", "--param", "a", "--format", "json"], '"status"'),
    ],
)
def test_output_goes_to_the_file(capsys, tmp_path: Path, args, expected) -> None:
    target = tmp_path / "result.txt"
    status, out, err = run(capsys, *args, "-o", str(target))
    assert status == 0, err
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert expected in text and "\x1b[" not in text


def test_dash_output_is_standard_output(capsys) -> None:
    status, out, _ = run(capsys, "solve", "chicken", "--format", "json", "-o", "-")
    assert status == 0 and json.loads(out)["model"] == "chicken"


def test_an_unwritable_output_is_refused_before_any_work(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "out.json"
    status, out, err = run(capsys, "solve", "chicken", "-o", str(missing))
    assert status == 2 and not out and not missing.parent.exists()
    assert f"error: --output: cannot write {missing}: there is no folder" in err
    status, _, err = run(capsys, "models", "--output", str(tmp_path))
    assert status == 2 and "it is a folder" in err
    status, _, err = run(capsys, "sweep", "chicken", "--grid", "L=1:2:2", "-o", str(missing))
    assert status == 2 and "there is no folder" in err


def test_a_failed_command_leaves_the_output_file_alone(capsys, tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("before", encoding="utf-8")
    status, _, _ = run(capsys, "solve", "chicken", "--set", "nope=1", "-o", str(target))
    assert status == 2 and target.read_text(encoding="utf-8") == "before"


# -- no wrapping, colour ---------------------------------------------------------------------


def test_output_that_is_not_a_terminal_is_not_wrapped(capsys) -> None:
    status, out, _ = run(capsys, "models")
    title = "Extended deterrence: an attacker, a protégé and the defender's pledge"
    assert status == 0 and any(title in line for line in out.splitlines())


def test_columns_is_still_respected(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    status, out, _ = run(capsys, "models")
    assert status == 0 and max(map(len, out.splitlines())) <= 60


def test_a_pipe_gets_whole_lines() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "deterrence", "solve", "extended-deterrence", "--concept", "nash"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if "strategies" in line)
    assert "subgame perfect" in header  # one cell, one line: not cut at 80 columns
    assert max(map(len, lines)) > 100
    assert "\x1b[" not in done.stdout


def test_no_color_and_NO_COLOR_turn_colour_off(capsys, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # as if on a terminal
    assert "\x1b[" in run(capsys, "check", "chicken")[1]
    assert "\x1b[" not in run(capsys, "check", "chicken", "--no-color")[1]
    assert "\x1b[" not in run(capsys, "--no-color", "check", "chicken")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", "chicken")[1]
    monkeypatch.setenv("NO_COLOR", "")  # empty: the convention says colour stays
    assert "\x1b[" in run(capsys, "check", "chicken")[1]


def test_quiet_keeps_the_result_and_errors_but_not_the_summary(capsys) -> None:
    status, out, err = run(capsys, "sweep", "chicken", "--grid", "L=1:2:2")
    assert status == 0 and "points in" in err
    for args in (["--quiet", "sweep"], ["sweep", "-q"]):
        status, out, err = run(capsys, *args, "chicken", "--grid", "L=1:2:2")
        assert status == 0 and out.startswith("L,outcome") and err == ""
    status, _, err = run(capsys, "--quiet", "solve", "nope")
    assert status == 2 and "error:" in err


# -- --only spe ------------------------------------------------------------------------------


def test_only_spe_hides_the_equilibria_that_are_not_subgame_perfect(capsys) -> None:
    args = ("solve", "extended-deterrence", "--concept", "nash", "--format", "json")
    every = json.loads(run(capsys, *args)[1])["equilibria"]
    assert {e["subgame_perfect"] for e in every} == {True, False}
    status, out, _ = run(capsys, *args, "--only", "spe")
    data = json.loads(out)
    kept = [e for e in every if e["subgame_perfect"]]
    assert status == 0 and data["equilibria"] == kept
    hidden = len(every) - len(kept)
    assert f"--only spe: {hidden} of {len(every)} equilibria hidden" in " ".join(data["notes"])
    status, out, _ = run(capsys, *args[:-2], "--only", "subgame-perfect")
    assert status == 0 and f"{hidden} of {len(every)} equilibria hidden" in out


def test_only_spe_refuses_a_normal_form(capsys) -> None:
    status, _, err = run(capsys, "solve", "chicken", "--only", "spe")
    assert status == 2 and "applies to game trees only" in err


# -- completion ------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_name_commands_options_and_models(capsys, shell: str) -> None:
    status, out, _ = run(capsys, "completion", shell)
    assert status == 0
    assert "complete -o filenames -o bashdefault -F _deterrence deterrence" in out
    assert "solve:--concept) values='spe nash pbe qre'" in out
    assert "extended-deterrence" in out and "--spec-format" in out
    assert ("bashcompinit" in out) == (shell == "zsh")
