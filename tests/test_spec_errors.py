"""Every validation check: its message, key path and line; all problems reported at once."""

from __future__ import annotations

import textwrap

import pytest

from deterrence.errors import Diagnostic, SpecError
from deterrence.spec import load_spec, spec_from_data

# A small valid tree; the tests below change one thing at a time. Line numbers matter.
BASE = """\
[model]
id = "base"

[players]
A = "Attacker"
D = "Defender"

[parameters]
p = { value = 0.5, min = 0, max = 1, role = "credibility" }
c = { value = 0.25, min = 0 }

[tree]
root = "start"

[tree.start]
player = "A"
actions = { attack = "respond", wait = "peace" }

[tree.respond]
player = "D"
actions = { fight = "war", quit = "loss" }

[outcomes.peace]
A = 0
D = 0

[outcomes.war]
A = "-c"
D = "-c"

[outcomes.loss]
A = 1
D = -1
"""


def problems(text: str, name: str = "spec.toml") -> list[Diagnostic]:
    with pytest.raises(SpecError) as info:
        load_spec(name, text=textwrap.dedent(text))
    for diagnostic in info.value.diagnostics:
        assert diagnostic.file == name
        assert "internal error" not in diagnostic.message
    return list(info.value.diagnostics)


def at(diagnostics: list[Diagnostic], path: str) -> Diagnostic:
    found = [d for d in diagnostics if d.path == path]
    assert len(found) == 1, f"expected one problem at {path}, got {diagnostics}"
    return found[0]


def only(text: str, path: str, name: str = "spec.toml") -> Diagnostic:
    found = problems(text, name)
    assert len(found) == 1, found
    assert found[0].path == path, found
    return found[0]


def test_base_is_valid():
    assert len(load_spec("base.toml", text=BASE).nodes) == 5


# --- syntax ---------------------------------------------------------------------------------


def test_toml_syntax_error_has_its_line():
    d = only("[model]\nid = \"x\"\n[players\nA = 'a'\n", "")
    assert d.line == 3
    assert d.message.startswith("TOML syntax error")


def test_toml_duplicate_key_is_a_syntax_error():
    d = only(BASE.replace('D = "Defender"', 'D = "Defender"\nA = "again"'), "")
    assert d.line == 7 and "syntax error" in d.message


def test_yaml_syntax_error_has_its_line():
    d = only("model:\n  id: x\nplayers: [a\n", "", name="spec.yaml")
    assert d.message.startswith("YAML syntax error")
    assert d.line is not None and d.line >= 3


def test_json_syntax_error_has_its_line():
    d = only('{\n  "model": {"id": "x"},\n  "players": {"A" "a"}\n}\n', "", name="spec.json")
    assert d.message.startswith("JSON syntax error") and d.line == 3


def test_yaml_and_json_duplicate_keys():
    found = problems("model: {id: x}\nplayers:\n  A: a\n  A: b\nmatrix: {}\n", name="spec.yaml")
    d = at(found, "players.A")
    assert d.message.startswith("duplicate key `A`") and d.line == 4
    found = problems('{"model": {"id": "x"},\n "model": {"id": "y"}}', name="spec.json")
    d = at(found, "model")
    assert d.message.startswith("duplicate key") and d.line == 2


def test_unknown_format():
    d = only(BASE, "", name="spec.txt")
    assert "cannot tell the format" in d.message
    with pytest.raises(SpecError, match="unknown spec format"):
        load_spec("x", text=BASE, format="xml")


def test_missing_file():
    with pytest.raises(SpecError, match="cannot read the file") as info:
        load_spec("/nonexistent/spec.toml")
    assert info.value.diagnostics[0].file == "/nonexistent/spec.toml"


def test_yaml_missing_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_yaml(name, *args, **kwargs):
        if name == "yaml":
            raise ImportError("no yaml")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_yaml)
    d = only("model: {id: x}\n", "", name="spec.yml")
    assert "PyYAML" in d.message
    assert "pip install deterrence[yaml]" in (d.suggestion or "")


# --- keys and types -------------------------------------------------------------------------


def test_unknown_keys_at_every_level_suggest_the_closest():
    text = BASE.replace("[tree]\n", "[tre]\nx = 1\n[tree]\n")
    d = at(problems(text), "tre")
    assert d.message.startswith("unknown section `tre`")
    assert d.suggestion == "did you mean `tree`?"
    assert d.line == 12
    d = at(problems(BASE.replace('id = "base"', 'id = "base"\ntitel = "x"')), "model.titel")
    assert d.suggestion == "did you mean `title`?" and d.line == 3
    d = at(
        problems(BASE.replace('role = "credibility"', 'rol = "credibility"')), "parameters.p.rol"
    )
    assert d.suggestion == "did you mean `role`?" and d.line == 9
    d = at(problems(BASE.replace('player = "D"', 'plaeyr = "D"')), "tree.respond.plaeyr")
    assert d.message.startswith("unknown key `plaeyr`")
    assert d.suggestion == "did you mean `player`?" and d.line == 20


def test_missing_required_keys():
    found = problems(BASE.replace('id = "base"\n', ""))
    d = at(found, "model.id")
    assert d.message == "missing required key `id`" and d.line == 1
    found = problems(BASE.replace('root = "start"\n', ""))
    d = at(found, "tree.root")
    assert "missing required key `root`" in d.message and d.line == 12
    found = problems(BASE.replace('[players]\nA = "Attacker"\nD = "Defender"\n', ""))
    assert at(found, "players").message == "missing required key `players`"
    found = problems(BASE.replace('actions = { fight = "war", quit = "loss" }\n', ""))
    d = at(found, "tree.respond.actions")
    assert d.message == "missing required key `actions`" and d.line == 19


def test_wrong_types():
    found = problems(BASE.replace('A = "Attacker"\nD = "Defender"', 'A = 3\nD = "Defender"'))
    d = at(found, "players.A")
    assert d.message == (
        "expected the player's display name (a string, or "
        '{ name = "...", symbol = "..." }), got a number (3)'
    )
    assert d.line == 5
    found = problems(BASE.replace("[outcomes.war]\n", "[outcomes]\nwar = 5\n[outcomes.x]\n"))
    d = at(found, "outcomes.war")
    assert d.message.startswith("expected a table of player id = payoff expression, got a number")
    found = problems(BASE.replace('actions = { fight = "war", quit = "loss" }', "actions = 7"))
    d = at(found, "tree.respond.actions")
    assert "expected a table of action label = node or outcome id" in d.message
    assert d.line == 21
    found = problems(BASE.replace('A = "-c"', "A = true"))
    d = at(found, "outcomes.war.A")
    assert "expected an expression" in d.message and "a boolean (true)" in d.message
    assert d.line == 28


def test_top_level_must_be_a_table():
    d = only("[1, 2]", "", name="spec.json")
    assert d.message.startswith("expected a table at the top level")
    with pytest.raises(SpecError):
        spec_from_data("not a dict")  # type: ignore[arg-type]


def test_neither_or_both_tree_and_matrix():
    text = BASE[: BASE.index("[tree]")]
    found = problems(text + "[outcomes.x]\nA = 0\nD = 0\n")
    assert any("missing the game" in d.message for d in found)
    matrix = (
        '[matrix]\nstrategies = { A = ["a"], D = ["d"] }\n'
        '[matrix.payoffs]\n"a, d" = { A = 0, D = 0 }\n'
    )
    d = at(problems(BASE + matrix), "matrix")
    assert d.message == "a model has either [tree] or [matrix], not both"
    assert d.line == 34


def test_non_finite_numbers():
    d = at(problems(BASE.replace("value = 0.25", "value = nan")), "parameters.c.value")
    assert d.message == "expected a finite number, got nan" and d.line == 10
    d = at(problems(BASE.replace("A = 1\n", "A = inf\n")), "outcomes.loss.A")
    assert d.message == "expected a finite number, got inf"
    yaml_text = "model: {id: x}\nplayers: {A: a}\nparameters:\n  p: {value: .nan}\nmatrix: {}\n"
    d = at(problems(yaml_text, name="spec.yaml"), "parameters.p.value")
    assert d.message == "expected a finite number, got nan" and d.line == 4


# --- names, players, parameters -------------------------------------------------------------


def test_invalid_ids():
    d = at(problems(BASE.replace('id = "base"', 'id = "my model"')), "model.id")
    assert "invalid model id `my model`" in d.message
    found = problems(BASE.replace("[tree.respond]", '[tree."re.spond"]'))
    d = next(d for d in found if d.message.startswith("invalid node id `re.spond`"))
    assert d.message.endswith("it must not contain `.` (used in labels the library derives)")
    assert d.line == 19 and d.path == 'tree."re.spond"'
    found = problems(BASE.replace("[outcomes.loss]", '[outcomes." loss"]'))
    assert any(d.message.endswith("without spaces around it") for d in found)
    # Spaces inside an id are fine.
    text = BASE.replace("[outcomes.loss]", '[outcomes."D wins"]').replace('"loss"', '"D wins"')
    assert "D wins" in load_spec("ok.toml", text=text).outcome_labels


def test_reserved_names():
    found = problems(BASE.replace("c = { value", "max = { value").replace('"-c"', '"-max"'))
    assert "is a function of the expression language" in at(found, "parameters.max").message
    found = problems(BASE.replace("p = { value = 0.5", "A = { value = 0.5"))
    assert at(found, "parameters.A").message.startswith("parameter name `A` is also a player id")
    found = problems(BASE.replace('D = "Defender"', 'description = "Defender"'))
    assert "cannot be a player id" in at(found, "players.description").message
    found = problems(BASE.replace('A = "Attacker"', '"1A" = "Attacker"'))
    assert "invalid player id `1A`" in at(found, "players.1A").message


def test_parameter_bounds():
    d = only(
        BASE.replace("value = 0.5, min = 0, max = 1", "value = 2, min = 0, max = 1"),
        "parameters.p.value",
    )
    assert d.message == "value 2 is above max 1" and d.line == 9
    d = only(BASE.replace("value = 0.25, min = 0", "value = -0.25, min = 0"), "parameters.c.value")
    assert d.message == "value -1/4 is below min 0"
    d = at(problems(BASE.replace("min = 0, max = 1", "min = 1, max = 0")), "parameters.p.max")
    assert d.message == "max 0 is below min 1"
    d = only(BASE.replace("value = 0.25", 'value = "a quarter"'), "parameters.c.value")
    assert d.message.startswith("expected a number") and d.line == 10
    d = only(
        BASE.replace("p = { value = 0.5, min = 0, max = 1, ", "p = { min = 0, max = 1, "),
        "parameters.p.value",
    )
    assert d.message == "missing required key `value`" and d.line == 9


def test_bad_role():
    d = only(BASE.replace('role = "credibility"', 'role = "credibilty"'), "parameters.p.role")
    assert d.message.startswith("unknown role `credibilty`")
    assert d.suggestion == "did you mean `credibility`?"
    assert d.line == 9


def test_unknown_player():
    d = only(BASE.replace('player = "D"', 'player = "E"'), "tree.respond.player")
    assert d.message == "unknown player `E`; the players are `A`, `D`" and d.line == 20
    d = only(
        BASE.replace("[outcomes.loss]\nA = 1\nD = -1", "[outcomes.loss]\nA = 1\nD = -1\nDD = 0"),
        "outcomes.loss.DD",
    )
    assert d.message.startswith("unknown player `DD`") and d.suggestion == "did you mean `D`?"
    assert d.line == 34


def test_payoff_missing_for_a_player():
    d = only(
        BASE.replace('[outcomes.war]\nA = "-c"\nD = "-c"', '[outcomes.war]\nA = "-c"'),
        "outcomes.war.D",
    )
    assert d.message == "no payoff for player `D`"
    assert d.line == 27  # the outcome's table header


# --- expressions ----------------------------------------------------------------------------


def test_undeclared_name_suggests_the_closest():
    d = only(BASE.replace('A = "-c"', 'A = "-cc"'), "outcomes.war.A")
    assert "invalid expression `-cc`" in d.message
    assert d.suggestion == "did you mean `c`?"
    assert d.line == 28
    text = BASE.replace("c = { value", "kappa = { value").replace('"-c"', '"-kappa"')
    d = only(text.replace('A = "-kappa"', 'A = "-kapa"'), "outcomes.war.A")
    assert d.suggestion == "did you mean `kappa`?"


def test_expression_syntax_error_has_a_position():
    d = only(BASE.replace('A = "-c"', 'A = "2 * (c + "'), "outcomes.war.A")
    assert d.message.startswith("invalid expression `2 * (c + `")
    assert "(at character" in d.message
    assert d.line == 28


# --- tree shape -----------------------------------------------------------------------------


def test_dangling_reference_suggests_the_closest():
    found = problems(BASE.replace('fight = "war"', 'fight = "wat"'))
    d = at(found, "tree.respond.actions.fight")
    assert d.message == "`wat` is neither a node nor an outcome"
    assert d.suggestion == "did you mean `war`?"
    assert d.line == 21
    assert at(found, "outcomes.war").message.startswith("outcome `war` is never used")


def test_unused_outcome_is_an_error():
    text = BASE + "\n[outcomes.draw]\nA = 0\nD = 0\n"
    d = only(text, "outcomes.draw")
    assert d.message == "outcome `draw` is never used: no action or branch leads to it"
    assert d.line == 35


def test_node_id_equal_to_outcome_id():
    text = (
        BASE.replace('quit = "loss"', 'quit = "peace"') + '\n[tree.peace]\nplayer = "A"\n'
        'actions = { x = "loss" }\n'
    )
    found = problems(text)
    d = at(found, "tree.peace")
    assert d.message == "`peace` is both a node id and an outcome id; ids must be unique"
    assert d.line == 35


def test_node_with_two_parents():
    text = BASE.replace('wait = "peace"', 'wait = "respond"') + "\n"
    found = problems(text)
    d = at(found, "tree.start.actions.wait")
    assert d.message.startswith("node `respond` is already reached from `start` (`attack`)")
    assert "infoset" in (d.suggestion or "")
    assert d.line == 17


def test_cycle():
    text = BASE.replace('quit = "loss"', 'quit = "start"')
    found = problems(text)
    d = at(found, "tree.respond.actions.quit")
    assert d.message == "this makes a cycle: start -> respond -> start; a game tree has no cycles"
    assert d.line == 21
    text = BASE.replace(
        "[outcomes.peace]",
        '[tree.x]\nplayer = "A"\nactions = { a = "y" }\n'
        '[tree.y]\nplayer = "D"\nactions = { b = "x" }\n[outcomes.peace]',
    )
    found = problems(text)
    d = at(found, "tree.y.actions.b")
    assert d.message == "this makes a cycle: x -> y -> x; a game tree has no cycles"
    assert d.line == 28


def test_unreachable_node():
    text = BASE.replace(
        "[outcomes.peace]",
        '[tree.orphan]\nplayer = "A"\nactions = { a = "loss" }\n\n[outcomes.peace]',
    )
    d = only(text, "tree.orphan")
    assert d.message == (
        "node `orphan` is never reached from the root `start`: no action or branch leads to it"
    )
    assert d.line == 23


def test_root_must_be_a_node():
    d = at(problems(BASE.replace('root = "start"', 'root = "strat"')), "tree.root")
    assert d.message == "the root `strat` is not a node of [tree]"
    assert d.suggestion == "did you mean `start`?" and d.line == 13


def test_infoset_players_and_actions_must_agree():
    text = BASE.replace('player = "D"', 'player = "D"\ninfoset = "start"')
    d = only(text, "tree.respond.infoset")
    assert "share information set `start` but belong to different players" in d.message
    assert d.line == 21
    text = BASE.replace(
        "[outcomes.peace]",
        '[tree.other]\nplayer = "D"\ninfoset = "respond"\n'
        'actions = { quit = "loss", fight = "war" }\n\n[outcomes.peace]',
    )
    text = text.replace('wait = "peace"', 'wait = "other"') + "[outcomes.z]\n"
    found = problems(text.replace("[outcomes.z]\n", ""))
    d = at(found, "tree.other.infoset")
    assert "share information set `respond` but offer different actions" in d.message
    assert "same order" in d.message and d.line == 25


def test_node_kind_and_chance_branches():
    text = BASE.replace('player = "D"\n', 'player = "D"\nchance = {}\n')
    assert "not both" in at(problems(text), "tree.respond").message
    text = BASE.replace('player = "D"\nactions = { fight = "war", quit = "loss" }', "x = 1")
    found = problems(text)
    assert "expected a decision node" in at(found, "tree.respond").message
    text = BASE.replace(
        'player = "D"\nactions = { fight = "war", quit = "loss" }',
        'chance = { a = { prob = 0.5, to = "war" }, b = { prob = 0.5 } }',
    )
    d = at(problems(text), "tree.respond.chance.b.to")
    assert d.message == "missing required key `to`" and d.line == 20
    text = BASE.replace(
        'player = "D"\nactions = { fight = "war", quit = "loss" }',
        'chance = { "" = { prob = 0.5, to = "war" }, b = { prob = 0.5, to = "loss" } }',
    )
    d = at(problems(text), 'tree.respond.chance.""')
    assert d.message == "a branch label must not be empty"
    text = BASE.replace('quit = "loss"', '" " = "loss"')
    assert at(problems(text), 'tree.respond.actions." "').message == (
        "an action label must not be empty"
    )


# --- chance probabilities -------------------------------------------------------------------

CHANCE = BASE.replace(
    'player = "D"\nactions = { fight = "war", quit = "loss" }',
    'chance = { fight = { prob = "PF", to = "war" }, quit = { prob = "PQ", to = "loss" } }',
)


def chance(fight: str, quit: str) -> str:
    return CHANCE.replace("PF", fight).replace("PQ", quit)


def test_valid_chance_probabilities():
    load_spec("ok.toml", text=chance("p", "1 - p"))
    load_spec("ok.toml", text=chance("p/2", "1 - p/2"))
    load_spec("ok.toml", text=chance("0.35", "0.65"))
    # Identities sympy needs to work for: decided exactly, without test points.
    load_spec("ok.toml", text=chance("p^2 + 2*p*(1-p)", "(1-p)^2"))
    load_spec("ok.toml", text=chance("p*c + p*(1-c)", "(1-p)/(1+c) + c*(1-p)/(1+c)"))
    load_spec("ok.toml", text=chance("exp(-c)", "1 - exp(-c)"))
    load_spec("ok.toml", text=chance("min(p, 1/2)", "1 - min(p, 1/2)"))


def test_probabilities_must_sum_to_one():
    d = only(chance("0.5", "0.6"), "tree.respond.chance")
    assert d.message == "the branch probabilities sum to 11/10, not 1"
    assert d.line == 20


def test_symbolic_sum_checked_at_the_bounds():
    d = only(chance("p", "1/2"), "tree.respond.chance")
    assert d.message.startswith("the branch probabilities sum to `p + 1/2`, which is 1/2 at p = 0")
    assert "lower bound" in d.message


def test_symbolic_sum_that_is_not_identically_one():
    text = chance("p", "c + 1/4").replace("c = { value = 0.25, min = 0 }", "c = { value = 0.25 }")
    # At the defaults p + c = 3/4 + 1/4 = 1; p at its bounds breaks it.
    d = only(text, "tree.respond.chance")
    assert "not 1" in d.message
    text = chance("1/2", "c + 1/4").replace("c = { value = 0.25, min = 0 }", "c = { value = 0.25 }")
    d = only(text, "tree.respond.chance")
    assert d.message.endswith("which is not 1 for every value of the parameters")
    assert d.suggestion == "write one branch as 1 minus the others"


def test_each_probability_within_zero_and_one():
    found = problems(chance("2*p", "1 - 2*p"))
    d = at(found, "tree.respond.chance.fight.prob")
    assert d.message.startswith(
        "probability of `fight` `2*p` is 2 (> 1) at p = 1 (its upper bound)"
    )
    assert d.message.endswith("a probability must lie in [0, 1]")
    assert d.line == 20
    d = at(found, "tree.respond.chance.quit.prob")
    assert "is -1 (< 0) at p = 1" in d.message


def test_credibility_must_be_a_probability():
    text = BASE + (
        '\n[commitments.pledge]\nholder = "D"\nat = "respond"\npromise = "fight"\n'
        'credibility = "2*p"\n'
    )
    d = only(text, "commitments.pledge.credibility")
    assert d.message.startswith("credibility `2*p` is 2 (> 1) at p = 1")
    assert d.line == 39


# --- commitments ----------------------------------------------------------------------------

PLEDGE = (
    BASE
    + """
[commitments.pledge]
holder = "D"
at = "respond"
promise = "fight"
credibility = "p"
kind = "automatic"
"""
)


def test_pledge_is_valid():
    assert len(load_spec("x.toml", text=PLEDGE).nodes) == 7


def test_commitment_unknown_node_action_player_kind():
    d = only(PLEDGE.replace('at = "respond"', 'at = "respnd"'), "commitments.pledge.at")
    assert d.message == "`respnd` is not a node of [tree]"
    assert d.suggestion == "did you mean `respond`?" and d.line == 37
    d = only(PLEDGE.replace('promise = "fight"', 'promise = "fihgt"'), "commitments.pledge.promise")
    assert (
        d.message == "`fihgt` is not an action at `respond`; the actions there are `fight`, `quit`"
    )
    assert d.suggestion == "did you mean `fight`?" and d.line == 38
    d = only(PLEDGE.replace('holder = "D"', 'holder = "X"'), "commitments.pledge.holder")
    assert d.message.startswith("unknown player `X`")
    d = only(PLEDGE.replace('holder = "D"', 'holder = "A"'), "commitments.pledge.at")
    assert d.message == "node `respond` belongs to `D`, not to the holder `A`"
    d = only(PLEDGE.replace('kind = "automatic"', 'kind = "typ"'), "commitments.pledge.kind")
    assert d.suggestion == "did you mean `type`?"
    d = only(PLEDGE.replace('credibility = "p"\n', ""), "commitments.pledge.credibility")
    assert d.message == "missing required key `credibility`" and d.line == 35


def test_commitment_at_a_chance_node_or_twice():
    text = CHANCE.replace("PF", "p").replace("PQ", "1 - p") + PLEDGE[len(BASE) :]
    d = only(text, "commitments.pledge.at")
    assert "is a chance node" in d.message
    text = (
        PLEDGE + '\n[commitments.again]\nholder = "D"\nat = "respond"\npromise = "quit"\n'
        'credibility = "p"\n'
    )
    d = only(text, "commitments.again.at")
    assert "already has commitment `pledge`" in d.message


def test_commitments_and_audience_costs_need_a_tree():
    text = (
        '[model]\nid = "m"\n[players]\nA = "a"\n[matrix]\nstrategies = { A = ["x"] }\n'
        '[matrix.payoffs]\nx = { A = 0 }\n[commitments.c]\nholder = "A"\nat = "x"\n'
        'promise = "x"\ncredibility = 1\n[costs.aud]\nkind = "audience"\npayer = "A"\n'
        'amount = 1\nthreat = "x"\nback_down = ["x"]\n'
        '[costs.esc]\nkind = "escalation"\namount = 1\ntags = ["t"]\n'
    )
    found = problems(text)
    assert "commitments need a game tree" in at(found, "commitments.c").message
    assert at(found, "commitments.c").line == 9
    assert "audience costs need a game tree" in at(found, "costs.aud").message
    assert "tags need a game tree" in at(found, "costs.esc.tags").message


# --- costs ----------------------------------------------------------------------------------

AUDIENCE = (
    PLEDGE
    + """
[costs.audience]
kind = "audience"
payer = "D"
amount = "c"
threat = "pledge"
back_down = ["quit"]

[costs.escalation]
kind = "escalation"
amount = "c"
actions = ["attack", "fight"]
"""
)


def test_costs_are_valid():
    game = load_spec("x.toml", text=AUDIENCE)
    loss = next(n for n in game.nodes if n.label == "loss")
    assert [name for name, _ in loss.payoff.components] == ["audience", "escalation"]


def test_cost_references():
    d = only(AUDIENCE.replace('threat = "pledge"', 'threat = "pleg"'), "costs.audience.threat")
    assert d.message == "`pleg` is neither a commitment nor an action of `D`"
    assert d.suggestion == "did you mean `pledge`?" and d.line == 46
    d = only(
        AUDIENCE.replace('back_down = ["quit"]', 'back_down = ["qiut"]'),
        "costs.audience.back_down[0]",
    )
    assert d.message == "`qiut` is not an action of `D`" and d.suggestion == "did you mean `quit`?"
    assert d.line == 47
    d = only(AUDIENCE.replace('payer = "D"', 'payer = "Z"'), "costs.audience.payer")
    assert d.message.startswith("unknown player `Z`")
    d = only(
        AUDIENCE.replace('actions = ["attack", "fight"]', 'actions = ["attack", "fite"]'),
        "costs.escalation.actions[1]",
    )
    assert d.message == "no action is labelled `fite`" and d.suggestion == "did you mean `fight`?"
    assert d.line == 52
    d = only(
        AUDIENCE.replace('amount = "c"\nactions', 'amount = { A = "c", Q = 1 }\nactions'),
        "costs.escalation.amount.Q",
    )
    assert d.message.startswith("unknown player `Q`")
    d = only(AUDIENCE.replace('kind = "escalation"', 'kind = "escalaton"'), "costs.escalation.kind")
    assert d.suggestion == "did you mean `escalation`?"
    d = only(
        AUDIENCE.replace('actions = ["attack", "fight"]', 'tags = ["escalate"]'),
        "costs.escalation.tags[0]",
    )
    assert d.message == "no node has the tag `escalate`"
    d = only(
        AUDIENCE.replace('threat = "pledge"', 'threat = "quit"'), "costs.audience.back_down[0]"
    )
    assert d.message == "`quit` is the threat itself"
    d = only(AUDIENCE.replace('kind = "audience"\n', ""), "costs.audience.kind")
    assert d.message == "missing required key `kind`"


def test_audience_threat_held_by_another_player():
    text = AUDIENCE.replace('payer = "D"', 'payer = "A"').replace(
        'back_down = ["quit"]', 'back_down = ["wait"]'
    )
    d = only(text, "costs.audience.threat")
    assert d.message == "commitment `pledge` is held by `D`, not by the payer `A`"


# --- matrices -------------------------------------------------------------------------------

MATRIX = """\
[model]
id = "m"

[players]
R = "Row"
C = "Column"

[matrix]
strategies = { R = ["up", "down"], C = ["left", "right"] }

[matrix.payoffs]
"up, left" = { R = 1, C = 1 }
"up, right" = { R = 0, C = 0 }
"down, left" = { R = 0, C = 0 }
"down, right" = "tie"

[outcomes.tie]
R = 2
C = 2
"""


def test_matrix_is_valid():
    assert load_spec("m.toml", text=MATRIX).outcomes[3] == "tie"


def test_matrix_missing_cell():
    d = only(MATRIX.replace('"up, right" = { R = 0, C = 0 }\n', ""), "matrix.payoffs")
    assert d.message == 'no payoffs for the profile "up, right"; every profile needs a cell'
    assert d.line == 11


def test_matrix_unknown_strategy_and_bad_cells():
    d = only(MATRIX.replace('"up, right"', '"up, rihgt"'), 'matrix.payoffs."up, rihgt"')
    assert d.message.startswith("unknown strategy `rihgt` of player `C`")
    assert d.suggestion == "did you mean `right`?" and d.line == 13
    found = problems(MATRIX.replace('"up, right"', '"up"'))
    assert "expected 2 strategy labels" in at(found, "matrix.payoffs.up").message
    found = problems(MATRIX.replace('"down, right" = "tie"', '"down, right" = "tye"'))
    d = at(found, 'matrix.payoffs."down, right"')
    assert d.message == "`tye` is not an outcome id" and d.suggestion == "did you mean `tie`?"
    found = problems(MATRIX.replace('"up, left" = { R = 1, C = 1 }', '"up, left" = { R = 1 }'))
    assert at(found, 'matrix.payoffs."up, left".C').message == "no payoff for player `C`"


def test_matrix_strategies():
    found = problems(MATRIX.replace('C = ["left", "right"]', 'C = ["left", "left"]'))
    assert at(found, "matrix.strategies.C[1]").message == "strategy `left` is listed twice"
    found = problems(MATRIX.replace(', C = ["left", "right"]', ""))
    assert at(found, "matrix.strategies.C").message == "no strategies for player `C`"
    found = problems(MATRIX.replace('C = ["left", "right"]', 'C = ["le,ft", "right"]'))
    assert "without commas" in at(found, "matrix.strategies.C[0]").message


def test_matrix_duplicate_profile():
    text = MATRIX.replace(
        '"up, right" = { R = 0, C = 0 }',
        '"up, right" = { R = 0, C = 0 }\n"up,right" = { R = 0, C = 0 }',
    )
    d = only(text, 'matrix.payoffs."up,right"')
    assert d.message == "the same profile as cell `up, right`; give each profile once"


# --- several at once, other formats ---------------------------------------------------------


def test_several_problems_reported_at_once():
    text = (
        BASE.replace('role = "credibility"', 'role = "cred"')
        .replace('player = "D"', 'player = "E"')
        .replace('fight = "war"', 'fight = "wat"')
        .replace('A = "-c"', 'A = "-cc"')
    )
    found = problems(text)
    paths = {d.path for d in found}
    assert {
        "parameters.p.role",
        "tree.respond.player",
        "tree.respond.actions.fight",
        "outcomes.war.A",
    } <= paths
    assert str(SpecError(found)).startswith(f"{len(found)} problems found:")


def test_lines_in_yaml_and_json():
    yaml_text = textwrap.dedent("""\
        model:
          id: x
        players:
          A: a
        tree:
          root: n
          n:
            player: A
            actions: {go: end, stay: nowhere}
        outcomes:
          end: {A: 0}
        """)
    d = only(yaml_text, "tree.n.actions.stay", name="spec.yaml")
    assert d.line == 9 and d.message == "`nowhere` is neither a node nor an outcome"
    json_text = textwrap.dedent("""\
        {
          "model": {"id": "x"},
          "players": {"A": "a"},
          "tree": {
            "root": "n",
            "n": {
              "player": "A",
              "actions": {"go": "end",
                          "stay": "nowhere"}
            }
          },
          "outcomes": {"end": {"A": 0}}
        }
        """)
    d = only(json_text, "tree.n.actions.stay", name="spec.json")
    assert d.line == 9
    d = at(
        problems(json_text.replace('"A": 0', '"A": 0, "B": 1'), name="spec.json"), "outcomes.end.B"
    )
    assert d.line == 12


def test_yaml_boolean_keys():
    text = (
        "model: {id: x}\nplayers: {A: a}\ntree:\n  root: n\n  n:\n    player: A\n"
        "    actions: {yes: end, 'no': end2}\noutcomes:\n  end: {A: 0}\n  end2: {A: 1}\n"
    )
    found = problems(text, name="spec.yaml")
    d = at(found, "tree.n.actions.True")
    assert d.message == "keys must be strings, got a boolean (true)"
    assert "quote" in (d.suggestion or "")


def test_spec_from_data_has_no_lines():
    import tomllib

    data = tomllib.loads(BASE.replace('player = "D"', 'player = "E"'))
    with pytest.raises(SpecError) as info:
        spec_from_data(data, file="mine")
    (d,) = info.value.diagnostics
    assert d.path == "tree.respond.player" and d.line is None and d.file == "mine"
