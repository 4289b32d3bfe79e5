"""The texts of the errors a spec's author sees (issue 13, item 6): the root cause first with
what follows from it folded under it, hints for the usual TOML slips, suggestions that are
valid formulas, and unknown names answered with the names there are."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sympy

from deterrence.cli.main import main
from deterrence.errors import Diagnostic, ExpressionError, SpecError
from deterrence.spec import load_spec
from deterrence.spec.expressions import parse_expression
from deterrence.spec.problems import Folded, Problems

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "specs" / "extended-deterrence.toml").read_text()


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def problems(text: str) -> list[Diagnostic]:
    with pytest.raises(SpecError) as info:
        load_spec("m.toml", text=text)
    return list(info.value.diagnostics)


def hint(text: str) -> str | None:
    (diagnostic,) = problems(text)
    assert diagnostic.message.startswith("TOML syntax error: ")
    return diagnostic.suggestion


# --- 1. the root cause first, what follows from it folded under it --------------------------

TYPO = _replace(BASE, 'actions = { defend = "war"', 'acitons = { defend = "war"')


def test_a_misspelt_key_is_the_one_problem_reported():
    (root,) = problems(TYPO)
    assert str(root) == (
        "m.toml:60: tree.defender.acitons: unknown key `acitons`; expected one of `player`, "
        "`actions`, `infoset`, `tags`, `labels` (did you mean `actions`?)\n"
        "    (6 more problems follow from this one, at commitments.pledge.at, "
        "costs.audience.back_down[0], costs.escalation.actions[2], tree.defender.actions, "
        "outcomes.abandoned, outcomes.war)"
    )
    assert isinstance(root, Folded) and isinstance(root, Diagnostic)
    assert (root.path, root.line, root.suggestion) == (
        "tree.defender.acitons",
        60,
        "did you mean `actions`?",
    )
    assert [(d.line, d.path, d.message) for d in root.consequences] == [
        (
            30,
            "commitments.pledge.at",
            "node `defender` could not be read, so the commitment cannot be placed there",
        ),
        (40, "costs.audience.back_down[0]", "`abandon` is not an action of `D`"),
        (45, "costs.escalation.actions[2]", "no action is labelled `defend`"),
        (58, "tree.defender.actions", "missing required key `actions`"),
        (
            72,
            "outcomes.abandoned",
            "outcome `abandoned` is never used: no action or branch leads to it",
        ),
        (77, "outcomes.war", "outcome `war` is never used: no action or branch leads to it"),
    ]
    # Still a plain Diagnostic to code that copies or serialises it.
    assert Diagnostic(**dataclasses.asdict(root)) == Diagnostic(
        root.message, root.path, root.file, root.line, root.suggestion
    )
    assert str(SpecError([root])).startswith("1 problem found:\n  m.toml:60: tree.defender.")


def test_the_command_line_prints_the_root_then_the_fold(tmp_path, capsys):
    spec = tmp_path / "m.toml"
    spec.write_text(TYPO)
    assert main(["check", str(spec)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "m.toml:60: tree.defender.acitons: unknown key `acitons`; expected one of `player`, "
        "`actions`, `infoset`, `tags`, `labels` (did you mean `actions`?)"
    )
    assert lines[1] == (
        "    (6 more problems follow from this one, at commitments.pledge.at, "
        "costs.audience.back_down[0], costs.escalation.actions[2], tree.defender.actions, "
        "outcomes.abandoned, outcomes.war)"
    )


def test_a_misspelt_players_section_folds_every_unknown_player():
    (root,) = problems(_replace(BASE, "[players]", "[player]"))
    assert root.message.startswith("unknown section `player`")
    assert root.suggestion == "did you mean `players`?"
    assert len(root.consequences) == 22
    assert str(root).endswith(
        "    (22 more problems follow from this one, at commitments.pledge.holder, "
        "commitments.pledge.at, costs.audience.payer, costs.escalation.actions[0], "
        "costs.escalation.actions[1], costs.escalation.actions[2] and 16 more)"
    )


def test_a_misspelt_parameters_section_folds_every_undeclared_name():
    (root,) = problems(_replace(BASE, "[parameters]", "[parameter]"))
    assert root.path == "parameter" and root.suggestion == "did you mean `parameters`?"
    assert {d.path for d in root.consequences} >= {"outcomes.war.A", "scenarios.baseline.p"}
    assert all(
        "unknown name" in d.message or "unknown parameter" in d.message for d in root.consequences
    )


def test_a_misspelt_required_key_folds_its_missing_key():
    (root,) = problems(_replace(BASE, 'player = "D"', 'plaeyr = "D"'))
    assert root.path == "tree.defender.plaeyr" and root.suggestion == "did you mean `player`?"
    assert [d.message for d in root.consequences] == [
        "node `defender` could not be read, so the commitment cannot be placed there",
        "`abandon` is not an action of `D`",
        "no action is labelled `defend`",
        "missing required key `player`",
    ]


def test_a_matrix_without_strategies_folds_its_unused_outcomes():
    text = _replace(
        (ROOT / "tests" / "specs" / "chicken.toml").read_text(), "strategies =", "strategeis ="
    )
    (root,) = problems(text)
    assert root.path == "matrix.strategeis"
    assert [d.path for d in root.consequences] == [
        "costs.nerve.actions[0]",
        "matrix.strategies",
        "outcomes.crash",
    ]


def test_independent_problems_stay_apart_in_line_order():
    text = _replace(TYPO, "cA = { value = 0.4,", "cA = { value = nan,")
    found = problems(text)
    assert [(d.line, d.path) for d in found] == [
        (21, "parameters.cA.value"),
        (60, "tree.defender.acitons"),
    ]
    assert not isinstance(found[0], Folded)


def test_problems_follow_from_what_is_blamed():
    problems = Problems("m.toml")
    mark = problems.mark()
    problems.add(("a",), "root")
    problems.blame(("thing",), mark)
    problems.add(("b",), "independent", because=("other",))
    problems.add(("c",), "consequence", because=[("other",), ("thing",)])
    report = problems.report()
    assert [d.message for d in report] == ["root", "independent"]
    assert [d.message for d in report[0].consequences] == ["consequence"]  # type: ignore[attr-defined]
    assert str(report[0]) == "m.toml: a: root\n    (1 more problem follows from this one, at c)"


# --- 2. hints for the usual TOML slips -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'A = "wD*v - cA"',
            "A = wD*v - cA",
            'payoffs are expressions: quote them, A = "wD*v - cA"',
        ),
        ('P = "-v"', "P = -v", 'payoffs are expressions: quote them, P = "-v"'),
        (
            'D = "-wD*v/2 - cD"',
            "D = -wD*v/2 - cD  # war",
            'payoffs are expressions: quote them, D = "-wD*v/2 - cD"',
        ),
        (
            "v  = { value = 1,",
            "v  = { value = 1/3,",
            'a fraction or a formula is written in quotes in TOML: value = "1/3"',
        ),
        (
            'credibility = "p"',
            "credibility = p",
            'a credibility is an expression: quote it, credibility = "p"',
        ),
        (
            'title = "Extended',
            "title = Extended",
            'the string is missing its opening quote: title = "Extended deterrence: an attacker, '
            "a protégé and the defender's pledge\"",
        ),
        (
            'id = "extended-deterrence"',
            "id = extended deterrence",
            'text is written in quotes in TOML: id = "extended deterrence"',
        ),
        (
            'holder = "D"',
            "holder = D",
            'ids, labels and texts are written in quotes in TOML: holder = "D"',
        ),
        (
            'back_down = ["abandon"]',
            "back_down = [abandon]",
            'labels in a list are written in quotes: back_down = ["abandon"]',
        ),
        (
            'actions = { yield = "conquest", resist = "defender" }',
            'actions = { yield = "conquest",\n           resist = "defender" }',
            "an inline table { ... } must be on one line in TOML; write it on one line or use a "
            "[table] section",
        ),
        (
            'actions = { yield = "conquest", resist = "defender" }',
            'actions = { yield = "conquest", resist = "defender", }',
            "TOML allows no comma after the last entry of an inline table: remove it",
        ),
        (
            'actions = { "status quo" = "status_quo"',
            'actions = { status quo = "status_quo"',
            'a key with spaces must be quoted: "status quo" = "status_quo"',
        ),
        (
            "[outcomes.war]",
            "[outcomes.status quo]",
            'a key with spaces must be quoted: [outcomes."status quo"]',
        ),
        (
            'id = "extended-deterrence"',
            'id = "extended-deterrence',
            'the string is missing its closing quote `"`: id = "extended-deterrence"',
        ),
        (
            'actions = { defend = "war"',
            'actions = { defend = "war',
            'a string on this line is missing its closing quote `"`',
        ),
        (
            'id = "extended-deterrence"',
            'id "extended-deterrence"',
            'a key and its value are joined by `=`: id = "extended-deterrence"',
        ),
        (
            'id = "extended-deterrence"',
            'id: "extended-deterrence"',
            'TOML writes key = value, not key: value: id = "extended-deterrence"',
        ),
        (
            'id = "extended-deterrence"',
            'id == "extended-deterrence"',
            'a key takes its value with a single `=`: id = "extended-deterrence"',
        ),
    ],
)
def test_toml_hints(old, new, expected):
    assert hint(_replace(BASE, old, new)) == expected


def test_toml_hint_inside_nested_inline_tables():
    text = BASE + '\n[tree.nature]\nchance = { a = { prob = 1 - p, to = "war" } }\n'
    assert hint(text) == 'probabilities are expressions: quote them, prob = "1 - p"'
    text = BASE + '\n[tree.nature]\nchance = { a = { prob = "p", to = war } }\n'
    assert hint(text) == 'ids, labels and texts are written in quotes in TOML: to = "war"'


def test_a_toml_hint_keeps_the_parser_message_first():
    (d,) = problems(_replace(BASE, 'A = "wD*v - cA"', "A = wD*v - cA"))
    assert str(d) == (
        "m.toml:78: TOML syntax error: Invalid value (column 5) "
        '(payoffs are expressions: quote them, A = "wD*v - cA")'
    )


# --- 3. suggestions are valid formulas -----------------------------------------------------

SYMBOLS = {name: sympy.Symbol(name) for name in ("a", "b", "cA", "cD", "x", "y")}


def error_of(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, SYMBOLS)
    return info.value


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        (
            "cD if a > 0",
            "`if` is a function: write `if(a > 0, cD, 0)`, with the value for when the condition "
            "fails in place of 0",
        ),
        ("cD if a > 0 else cA", "`if` is a function: write `if(a > 0, cD, cA)`"),
        ("if a > 0 then x else y", "write `if(a > 0, x, y)`"),
        (
            "a if b else x",
            "`if` is a function: write it as if(condition, value if true, value if false), e.g. "
            "`if(x > 0, x, 0)`",
        ),
        ("2 max(a, b)", "write `2*max(a, b)` to multiply"),
        ("2 exp(a)", "write `2*exp(a)` to multiply"),
        ("a b", "write `a*b` to multiply"),
        ("b(1 - a)", "write `b*(1 - a)` to multiply"),
        ("exp a", "write `exp(a)`"),
        ("max(a b)", "separate the arguments with `,`: `max(a, b)`"),
        (
            "if(a > 0 and b > 0, x, y)",
            "the language has no `and`: nest if calls, `if(a > 0, if(b > 0, x, y), y)`",
        ),
        (
            "if(a > 0 or b > 0, x, y)",
            "the language has no `or`: nest if calls, `if(a > 0, x, if(b > 0, x, y))`",
        ),
        (
            "if(a > 0 && b > 0, x, y)",
            "the language has no `&&`: nest if calls, `if(a > 0, if(b > 0, x, y), y)`",
        ),
        (
            "a and b",
            "the language has no `and`: combine conditions by nesting if calls, as in "
            "`if(x > 0, if(y > 0, 1, 0), 0)`",
        ),
        (
            "if(not a > 0, x, y)",
            "the language has no `not`: write the opposite comparison, `if(a <= 0, x, y)`",
        ),
        (
            "if(!(a == b), x, y)",
            "the language has no `!`: write the opposite comparison, `if(a != b, x, y)`",
        ),
        ("if(a = b, x, y)", "write `==` instead: `if(a == b, x, y)`"),
        ("if(a => b, x, y)", "write `>=` instead"),
        (
            "a = b - cA",
            "write only the value, `b - cA`, without `a =`; to compare, write `==` in the "
            "condition of if, as in `if(a == b - cA, 1, 0)`",
        ),
        ("a * * b", "for a power, write one `^` (or `**`, with no space between the stars): `a^b`"),
        ("a^^2", "for a power, write one `^` (or `**`, with no space between the stars): `a^2`"),
        ("e^(-a*b)", "for the exponential function, write `exp(-a*b)`"),
        ("ln(a)", "write `log(a)`"),
        ("pow(a + b, 2)", "write a power with `^`: `(a + b)^2`"),
        ("ifelse(a > b, x, y)", "write `if(a > b, x, y)`"),
        ("true", "the language has no true or false: write 1 or 0"),
        ("x\u00b2", "write `^2` instead"),
    ],
)
def test_expression_suggestions(text, suggestion):
    assert error_of(text).suggestion == suggestion
    # Every formula a suggestion shows in backticks parses.
    # Every formula a suggestion shows in backticks parses (pieces such as `^2` or `==` are
    # operators to write in place of a character, and `a =` is what to leave out).
    for piece in suggestion.split("`")[1::2]:
        if piece[0].isalnum() and any(c in piece for c in "(*^+-/") and piece[-1] != "=":
            parse_expression(piece, SYMBOLS)


def test_function_messages_show_valid_examples():
    assert error_of("exp").message == (
        "`exp` is a function; give it its arguments in brackets, as in exp(x)"
    )
    assert error_of("min + 1").message.endswith("as in min(x, y)")
    assert error_of("if").message.endswith("as in if(x > 0, x, 0)")
    assert error_of("if(if(a < b, a, b) < x, 1, 2)").suggestion == (
        "move the inner if outside: `if(p < q, if(x < z, a, b), if(y < z, a, b))` instead of "
        "if(if(p < q, x, y) < z, a, b)"
    )


# --- 4. unknown names come with the names there are ----------------------------------------


def test_undeclared_names_list_the_parameters():
    d = problems(_replace(BASE, 'A = "wD*v - cA"', 'A = "wD*v - zz"'))[0]
    assert d.message == (
        "invalid expression `wD*v - zz`: unknown name `zz`: it is not declared in this model; "
        "the parameters are `v`, `w`, `wD`, `cA`, `cP`, `cD`, `a`, `e`, `p` (at character 8)"
    )
    assert d.suggestion is None
    assert error_of("kapa").message.endswith("the parameters are `a`, `b`, `cA`, `cD`, `x`, `y`")
    with pytest.raises(ExpressionError, match="the model has no parameters"):
        parse_expression("q", {})


@pytest.mark.parametrize(
    ("old", "new", "path", "suggestion"),
    [
        (
            'at = "defender"',
            'at = "zzz"',
            "commitments.pledge.at",
            "the decision nodes are `challenge`, `protege`, `defender`",
        ),
        (
            'root = "challenge"',
            'root = "zzz"',
            "tree.root",
            "the nodes are `challenge`, `protege`, `defender`",
        ),
        (
            'abandon = "abandoned"',
            'abandon = "zzz"',
            "tree.defender.actions.abandon",
            "the nodes and outcomes are `challenge`, `protege`, `defender`, `status_quo`, "
            "`conquest`, `abandoned`, `war`",
        ),
        (
            'back_down = ["abandon"]',
            'back_down = ["zzz"]',
            "costs.audience.back_down[0]",
            "the actions of `D` are `abandon`, `defend`",
        ),
        (
            'threat = "pledge"',
            'threat = "zzz"',
            "costs.audience.threat",
            "the commitments and actions of `D` are `pledge`, `abandon`, `defend`",
        ),
        (
            'actions = ["attack", "resist", "defend"]',
            'actions = ["attack", "resist", "zzz"]',
            "costs.escalation.actions[2]",
            "the actions are `abandon`, `attack`, `defend`, `resist`, `status quo`, `yield`",
        ),
        (
            'actions = ["attack", "resist", "defend"]',
            'tags = ["zzz"]',
            "costs.escalation.tags[0]",
            "there are no tags in the tree",
        ),
    ],
)
def test_unknown_ids_list_the_ids_there_are(old, new, path, suggestion):
    found = [d for d in problems(_replace(BASE, old, new)) if d.path == path]
    assert len(found) == 1 and found[0].suggestion == suggestion


def test_an_unknown_id_close_to_one_still_says_which():
    (d,) = problems(_replace(BASE, 'at = "defender"', 'at = "defnder"'))
    assert d.suggestion == "did you mean `defender`?"


def test_unknown_outcome_of_a_cell_lists_the_outcomes():
    text = _replace(
        (ROOT / "tests" / "specs" / "chicken.toml").read_text(),
        '"straight, straight" = "crash"',
        '"straight, straight" = "zzz"',
    )
    d = next(d for d in problems(text) if d.path == 'matrix.payoffs."straight, straight"')
    assert (d.message, d.suggestion) == ("`zzz` is not an outcome id", "the outcomes are `crash`")


def test_threshold_param_lists_the_parameters(capsys):
    assert main(["threshold", "extended-deterrence", "--param", "qq"]) == 2
    assert (
        "unknown parameter `qq`; the model's parameters are `v`, `w`, `wD`, `cA`, `cP`, `cD`, "
        "`a`, `e`, `p`" in capsys.readouterr().err
    )
    assert main(["threshold", "extended-deterrence", "--param", "pp"]) == 2
    assert "`e`, `p` (did you mean `p`?)" in capsys.readouterr().err
