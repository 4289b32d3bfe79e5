"""Every class of invalid spec, through the command line: exit status 2, the file and line, the
key path, what was expected, a suggestion where one fits — fast, and never a traceback.

"Fast" is checked by CPU time, not the wall clock: every case is run, by both commands, in one
subprocess that the kernel stops if it uses more than CPU_LIMIT CPU seconds.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from deterrence.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "models" / "extended-deterrence.toml").read_text()
CHANCE = (
    ROOT / "tests" / "reference_models" / "rudimentary-asymmetric-deterrence.toml"
).read_text()


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


# case -> (spec text, fragments the error output must contain)
CASES = {
    "unknown key": (
        _replace(BASE, 'holder = "D"', 'holder = "D"\nholdr = "D"'),
        [":36: commitments.pledge.holdr: unknown key `holdr`", "did you mean `holder`?"],
    ),
    "undeclared symbol": (
        _replace(BASE, 'A = "v"\nP = "-v"', 'A = "vv"\nP = "-v"'),
        ["outcomes.conquest.A", "unknown name `vv`", "did you mean `v`?"],
    ),
    "payoff missing for a player": (
        _replace(BASE, 'A = "v"\nP = "-v"\nD = "-v/2"', 'A = "v"\nP = "-v"'),
        ["outcomes.conquest.D: no payoff for player `D`"],
    ),
    "probability outside [0, 1]": (
        _replace(BASE, 'credibility = "p"', 'credibility = "p + 1"'),
        ["commitments.pledge.credibility", "a probability must lie in [0, 1]"],
    ),
    "chance probabilities not summing to 1": (
        _replace(CHANCE, 'prob = "1 - pB"', 'prob = "1 - 2*pB"'),
        [
            "tree.type.chance: the branch probabilities sum to `1 - pB`, which is 3/4 at the "
            "default values, not 1",
            "a probability must lie in [0, 1]",
        ],
    ),
    "information set mixing players": (
        _replace(
            _replace(
                BASE, '[tree.protege]\nplayer = "P"', '[tree.protege]\nplayer = "P"\ninfoset = "I"'
            ),
            '[tree.defender]\nplayer = "D"',
            '[tree.defender]\nplayer = "D"\ninfoset = "I"',
        ),
        ["share information set `I` but belong to different players"],
    ),
    "information set with different actions": (
        _replace(
            _replace(
                CHANCE,
                'actions = { C = "SQ", D = "b_soft" }',
                'actions = { C = "SQ", E = "b_soft" }',
            ),
            "[outcomes.SQ]",
            "[outcomes.SQ]",
        ),
        ["A.root"],
    ),
    "cycle": (
        _replace(BASE, 'abandon = "abandoned" }', 'abandon = "attacker" }'),
        ["tree.defender.actions.abandon: this makes a cycle"],
    ),
    "unreachable node": (
        BASE + '\n[tree.orphan]\nplayer = "A"\nactions = { x = "war" }\n',
        ["tree.orphan: node `orphan` is never reached from the root"],
    ),
    "dangling reference": (
        _replace(BASE, 'abandon = "abandoned"', 'abandon = "abandonned"'),
        ["`abandonned` is neither a node nor an outcome", "did you mean `abandoned`?"],
    ),
    "duplicate id": (
        BASE + '\n[outcomes.protege]\nA = "0"\nP = "0"\nD = "0"\n',
        ["`protege` is both a node id and an outcome id"],
    ),
    "default outside its bounds": (
        _replace(BASE, "p  = { value = 0.5,", "p  = { value = 1.5,"),
        [":32: parameters.p.value: value 3/2 is above max 1"],
    ),
    "non-finite number": (
        _replace(BASE, "cA = { value = 0.4,", "cA = { value = nan,"),
        ["parameters.cA.value: expected a finite number, got nan"],
    ),
    "TOML syntax error": (
        _replace(BASE, 'title = "Extended', "title = Extended"),
        [":3:"],
    ),
}


#: CPU seconds the subprocess that runs every case may use; it normally needs about 1 s
#: (start-up included) for all of them, so a hang or a blow-up in any one is stopped (SIGXCPU).
CPU_LIMIT = 60

# Reads [spec paths] from stdin; runs `check` and `solve` on each through main(), as the tests
# in this module did in-process; prints [[status, stderr] per command] per spec as JSON.
_RUN_ALL = r"""
import contextlib, io, json, sys

from deterrence.cli.main import main

replies = sys.stdout
results = []
for spec in json.load(sys.stdin):
    runs = []
    for command in (["check", spec], ["solve", spec]):
        print("running", *command, file=sys.stderr, flush=True)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(command)
        runs.append([status, err.getvalue()])
    results.append(runs)
json.dump(results, replies)
"""


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list]]:
    """case -> (its spec file, [status, stderr] of `check` and of `solve` on it)."""
    specs = []
    for index, case in enumerate(sorted(CASES)):
        spec = tmp_path_factory.mktemp(f"case{index}") / "model.toml"
        spec.write_text(CASES[case][0])
        specs.append(spec)
    done = subprocess.run(
        [sys.executable, "-c", _RUN_ALL],
        input=json.dumps([str(spec) for spec in specs]),
        capture_output=True,
        text=True,
        preexec_fn=_limit_cpu,
    )
    # A CPU-limit kill shows as a negative status (-SIGXCPU); stderr says which run it was.
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    return dict(zip(sorted(CASES), zip(specs, json.loads(done.stdout), strict=True), strict=True))


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_spec(case: str, outcomes: dict[str, tuple[Path, list]]) -> None:
    _, fragments = CASES[case]
    spec, runs = outcomes[case]
    assert len(runs) == 2  # check, then solve
    for status, err in runs:
        assert status == 2, err
        assert "Traceback" not in err
        assert str(spec) in err
        for fragment in fragments:
            assert fragment in " ".join(err.split()), err


def test_all_problems_are_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _replace(BASE, 'holder = "D"', 'holder = "D"\nholdr = "D"')
    text = _replace(text, 'abandon = "abandoned"', 'abandon = "abandonned"')
    text = _replace(text, "cA = { value = 0.4,", "cA = { value = nan,")
    spec = tmp_path / "model.toml"
    spec.write_text(text)
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "holdr" in err and "abandonned" in err and "nan" in err


def test_set_out_of_bounds_is_checked_like_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "extended-deterrence", "--set", "p=-0.1", "--set", "w=2"]) == 2
    err = capsys.readouterr().err
    assert "--set p: value -1/10 of `p` is outside its bounds [0, 1]" in err
    assert "--set w: value 2 of `w` is outside its bounds [0, 1]" in err
