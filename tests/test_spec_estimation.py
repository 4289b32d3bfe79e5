"""The spec's ``[estimation]`` table: predictors and error model read into
``read_spec(...).estimation``, every problem with its key path and line."""

from __future__ import annotations

import json

import pytest

from deterrence.errors import Diagnostic, SpecError
from deterrence.spec import EstimationSettings, read_spec
from deterrence.spec.expressions import formula_names
from deterrence.spec.schema import TOP_KEYS

# A small crisis tree: the challenger stays put or challenges, the defender fights or not.
BASE = """\
[model]
id = "crisis"

[players]
Ch = "Challenger"
Def = "Defender"

[parameters]
cCh = { value = 1 }
wDef = { value = 0 }

[tree]
root = "start"

[tree.start]
player = "Ch"
actions = { stay = "SQ", challenge = "respond" }

[tree.respond]
player = "Def"
actions = { fight = "F", yield = "W" }

[outcomes.SQ]
Ch = 0
Def = 0

[outcomes.W]
Ch = 1
Def = "wDef"

[outcomes.F]
Ch = "-cCh"
Def = -1
"""

SECTION = """
[estimation]
error = "logit"
variant = "private"
outcome = "result"
path = "moves"
covariates = ["balance", "alliance"]

[estimation.predictors]
cCh = "b0 + b1*balance"
"Def.W" = "g0 + g1*alliance"
"""


def write(tmp_path, text: str, name: str = "crisis.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path, text: str) -> tuple[list[Diagnostic], list[str]]:
    """The problems of BASE + ``text`` as a file, and the file's lines."""
    whole = BASE + text
    path = write(tmp_path, whole)
    with pytest.raises(SpecError) as info:
        read_spec(path)
    found = list(info.value.diagnostics)
    for diagnostic in found:
        assert diagnostic.file == str(path)
        assert "internal error" not in diagnostic.message
    return found, whole.splitlines()


def line_of(lines: list[str], start: str) -> int:
    """The last line (from 1) that begins with ``start``: the section comes last."""
    return max(k for k, line in enumerate(lines, 1) if line.startswith(start))


def test_a_valid_section_is_read(tmp_path):
    settings = read_spec(write(tmp_path, BASE + SECTION)).estimation
    assert settings == EstimationSettings(
        predictors={"cCh": "b0 + b1*balance", "Def.W": "g0 + g1*alliance"},
        error="logit",
        variant="private",
        outcome="result",
        path="moves",
        covariates=("balance", "alliance"),
    )
    assert list(settings.predictors) == ["cCh", "Def.W"]


def test_a_spec_without_the_section_has_empty_settings(tmp_path):
    loaded = read_spec(write(tmp_path, BASE))
    assert loaded.estimation == EstimationSettings()
    assert loaded.estimation.predictors == {}
    assert loaded.estimation.covariates is None
    assert "estimation" in TOP_KEYS


def test_every_key_is_optional(tmp_path):
    settings = read_spec(write(tmp_path, BASE + '\n[estimation]\nerror = "probit"\n')).estimation
    assert settings == EstimationSettings(error="probit")
    settings = read_spec(write(tmp_path, BASE + '\n[estimation]\ncovariates = "x"\n')).estimation
    assert settings.covariates == ("x",)


@pytest.mark.parametrize(
    ("text", "path", "line", "message", "suggestion"),
    [
        (
            '[estimation]\ncovariate = ["x"]\n',
            "estimation.covariate",
            "covariate",
            "unknown key `covariate`",
            "did you mean `covariates`?",
        ),
        (
            '[estimation]\nerror = "tobit"\n',
            "estimation.error",
            "error",
            "unknown error model `tobit`; expected probit or logit",
            None,
        ),
        (
            '[estimation]\nvariant = "agents"\n',
            "estimation.variant",
            "variant",
            "unknown variant `agents`; expected agent or private",
            "did you mean `agent`?",
        ),
        (
            "[estimation]\nerror = 1\n",
            "estimation.error",
            "error",
            "expected a string, got a number (1)",
            None,
        ),
        (
            "[estimation]\noutcome = 3\n",
            "estimation.outcome",
            "outcome",
            "expected a column name (a string), got a number (3)",
            None,
        ),
        (
            "[estimation]\npath = true\n",
            "estimation.path",
            "path",
            "expected a column name (a string)",
            None,
        ),
        (
            "[estimation]\ncovariates = 3\n",
            "estimation.covariates",
            "covariates",
            "expected a list of column names, got a number (3)",
            None,
        ),
        (
            '[estimation]\npredictors = "cCh"\n',
            "estimation.predictors",
            "predictors",
            'expected a table of parameter or "PLAYER.OUTCOME" = formula',
            None,
        ),
        (
            '[estimation.predictors]\ncch = "b0"\n',
            "estimation.predictors.cch",
            "cch",
            "unknown predictor `cch`: not a parameter of the model, nor PLAYER.OUTCOME; "
            "the parameters are `cCh`, `wDef`",
            "did you mean `cCh`?",
        ),
        (
            '[estimation.predictors]\n"Def.w" = "g0"\n',
            'estimation.predictors."Def.w"',
            '"Def.w"',
            "unknown outcome `w` in predictor `Def.w`; the outcomes are `SQ`, `W`, `F`",
            "did you mean `W`?",
        ),
        (
            '[estimation.predictors]\n"Dfe.W" = "g0"\n',
            'estimation.predictors."Dfe.W"',
            '"Dfe.W"',
            "unknown player `Dfe` in predictor `Dfe.W`; the players are `Ch`, `Def`",
            "did you mean `Def`?",
        ),
        (
            '[estimation.predictors]\ncCh = "b0 + wDef*balance"\n',
            "estimation.predictors.cCh",
            "cCh",
            "`wDef` is a parameter of the model; a formula holds covariates and coefficients "
            "only (give the parameter a value, or a predictor of its own)",
            None,
        ),
        (
            '[estimation.predictors]\ncCh = "b0 +"\n',
            "estimation.predictors.cCh",
            "cCh",
            "invalid formula `b0 +`: ",
            None,
        ),
        (
            '[estimation.predictors]\ncCh = "b0 and b1"\n',
            "estimation.predictors.cCh",
            "cCh",
            "invalid formula `b0 and b1`: ",
            None,
        ),
        (
            '[estimation.predictors]\ncCh = "foo(b0)"\n',
            "estimation.predictors.cCh",
            "cCh",
            "invalid formula `foo(b0)`: ",
            None,
        ),
        (
            "[estimation.predictors]\ncCh = 2\n",
            "estimation.predictors.cCh",
            "cCh",
            "expected a formula of covariates and coefficients",
            None,
        ),
    ],
)
def test_each_problem_has_its_key_path_and_line(tmp_path, text, path, line, message, suggestion):
    found, lines = problems(tmp_path, "\n" + text)
    assert len(found) == 1, found
    (diagnostic,) = found
    assert diagnostic.path == path
    assert diagnostic.line == line_of(lines, line)
    assert message in diagnostic.message
    if suggestion is not None:
        assert diagnostic.suggestion == suggestion


def test_every_problem_of_the_section_is_reported_at_once(tmp_path):
    found, _ = problems(
        tmp_path,
        '\n[estimation]\nerror = "tobit"\n[estimation.predictors]\n'
        'cCh = "b0 + cCh"\n"Ch.X" = "b1"\n',
    )
    assert [d.path for d in found] == [
        "estimation.error",
        "estimation.predictors.cCh",
        'estimation.predictors."Ch.X"',
    ]


def test_a_misspelt_section_is_suggested(tmp_path):
    found, lines = problems(tmp_path, '\n[estimaton]\nerror = "probit"\n')
    (diagnostic,) = found
    assert diagnostic.path == "estimaton"
    assert diagnostic.suggestion == "did you mean `estimation`?"
    assert diagnostic.line == line_of(lines, "[estimaton]")


def test_a_formula_message_points_at_the_character(tmp_path):
    found, _ = problems(tmp_path, '\n[estimation.predictors]\ncCh = "b0 + * b1"\n')
    assert "(at character 6)" in found[0].message


def test_the_yaml_and_json_forms_read_the_same(tmp_path):
    toml_settings = read_spec(write(tmp_path, BASE + SECTION)).estimation
    data = {
        "model": {"id": "crisis"},
        "players": {"Ch": "Challenger", "Def": "Defender"},
        "parameters": {"cCh": {"value": 1}, "wDef": {"value": 0}},
        "tree": {
            "root": "start",
            "start": {"player": "Ch", "actions": {"stay": "SQ", "challenge": "respond"}},
            "respond": {"player": "Def", "actions": {"fight": "F", "yield": "W"}},
        },
        "outcomes": {
            "SQ": {"Ch": 0, "Def": 0},
            "W": {"Ch": 1, "Def": "wDef"},
            "F": {"Ch": "-cCh", "Def": -1},
        },
        "estimation": {
            "error": "logit",
            "variant": "private",
            "outcome": "result",
            "path": "moves",
            "covariates": ["balance", "alliance"],
            "predictors": {"cCh": "b0 + b1*balance", "Def.W": "g0 + g1*alliance"},
        },
    }
    json_path = write(tmp_path, json.dumps(data, indent=2), "crisis.json")
    assert read_spec(json_path).estimation == toml_settings
    yaml = pytest.importorskip("yaml")
    yaml_path = write(tmp_path, yaml.safe_dump(data, sort_keys=False), "crisis.yaml")
    assert read_spec(yaml_path).estimation == toml_settings


def test_a_yaml_problem_has_its_line(tmp_path):
    pytest.importorskip("yaml")
    text = (
        "model: {id: crisis}\nplayers: {Ch: C, Def: D}\nparameters: {cCh: {value: 1}}\n"
        "tree:\n  root: start\n  start: {player: Ch, actions: {stay: SQ, challenge: F}}\n"
        "outcomes:\n  SQ: {Ch: 0, Def: 0}\n  F: {Ch: -cCh, Def: -1}\n"
        "estimation:\n  predictors:\n    Ch.Q: b0\n"
    )
    with pytest.raises(SpecError) as info:
        read_spec(write(tmp_path, text, "crisis.yaml"))
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.path == 'estimation.predictors."Ch.Q"'
    assert diagnostic.line == 12
    assert diagnostic.suggestion is None or "SQ" in diagnostic.suggestion


def test_formula_names_leave_out_functions_logic_words_and_numbers():
    assert formula_names("b0 + b1*balance") == ["b0", "b1", "balance"]
    assert formula_names("exp(b0) * max(x, 1e-3) + if(y > 0, b0, 0)") == ["b0", "x", "y"]
    assert formula_names("a and not b or true") == ["a", "b"]
    assert formula_names("2.5e3 * x \u2212 y") == ["x", "y"]
    assert formula_names("") == []
