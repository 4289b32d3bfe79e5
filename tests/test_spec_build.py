"""Valid specs build the right games: structure, probabilities, payoff decomposition."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from deterrence.game import ExtensiveGame, NormalFormGame, Parameter
from deterrence.spec import load_spec, read_spec, spec_from_data

SPECS = Path(__file__).parent / "specs"


def sym(name: str) -> sympy.Symbol:
    return Parameter(name).symbol


def by_label(game: ExtensiveGame) -> dict:
    return {node.label: node for node in game.nodes}


def components(node) -> dict[str, tuple]:
    return dict(node.payoff.components)


def test_extended_deterrence_structure():
    game = load_spec(SPECS / "extended-deterrence.toml")
    assert isinstance(game, ExtensiveGame)
    assert game.players == ("A", "P", "D")
    assert game.player_names == ("Attacker", "Protégé", "Defender")
    assert game.info.id == "extended-deterrence"
    assert game.info.source.startswith("After Huth (1988)")
    # challenge, status_quo, protege, conquest, pledge@defender, war (binds), defender,
    # war (defends), abandoned
    assert len(game.nodes) == 9
    assert [n.label for n in game.nodes] == [
        "challenge",
        "status_quo",
        "protege",
        "conquest",
        "pledge@defender",
        "pledge@defender.pledge binds",
        "defender",
        "defender.defend",
        "abandoned",
    ]
    assert game.nodes[0].label == "challenge"
    assert game.preorder == tuple(range(len(game.nodes)))
    assert game.is_perfect_information
    assert list(game.infosets) == ["challenge", "protege", "defender"]
    nodes = by_label(game)
    chance = nodes["pledge@defender"]
    assert chance.kind == "chance"
    assert chance.actions == ("pledge binds", "pledge free")
    assert chance.probs == (sym("p"), 1 - sym("p"))
    assert game.nodes[chance.children[1]].label == "defender"
    assert nodes["challenge"].actions == ("status quo", "attack")
    assert nodes["defender"].player == 2


def test_extended_deterrence_payoffs_and_costs():
    game = load_spec(SPECS / "extended-deterrence.toml")
    nodes = by_label(game)
    v, w, wD, cA, cP, cD, a, e = (sym(n) for n in ("v", "w", "wD", "cA", "cP", "cD", "a", "e"))
    # The status quo: nobody escalated, no cost at all.
    assert nodes["status_quo"].payoff.components == ()
    assert nodes["status_quo"].payoff.base == (0, 0, 0)
    # Conquest: only the attacker escalated.
    assert nodes["conquest"].payoff.base == (v, -v, -v / 2)
    assert components(nodes["conquest"]) == {"escalation": (-e, 0, 0)}
    # War, whether the pledge bound or the defender chose to defend: all three escalated.
    for label in ("pledge@defender.pledge binds", "defender.defend"):
        node = nodes[label]
        assert node.outcome == "war"
        assert node.payoff.base == (wD * v - cA, -wD * v - cP, -wD * v / 2 - cD)
        assert components(node) == {"escalation": (-e, -e, -e)}
    # Abandoning the pledge: audience cost for the defender only, and escalation for A and P.
    abandoned = nodes["abandoned"]
    assert abandoned.payoff.components == (("audience", (0, 0, -a)), ("escalation", (-e, -e, 0)))
    assert abandoned.payoff.total == (w * v - cA - e, -w * v - cP - e, -w * v / 2 - a)
    # Audience costs appear on that outcome only.
    others = [n for n in game.nodes if n.kind == "terminal" and n.label != "abandoned"]
    assert all("audience" not in components(n) for n in others)


def test_parameters_are_exact_and_documented():
    game = load_spec(SPECS / "extended-deterrence.toml")
    params = {p.name: p for p in game.parameters}
    assert [p.name for p in game.parameters] == ["v", "w", "wD", "cA", "cP", "cD", "a", "e", "p"]
    assert params["cD"].value == Fraction(7, 20)  # 0.35 kept exact
    assert params["w"].value == Fraction(4, 5)
    assert params["p"].lower == 0 and params["p"].upper == 1
    assert params["v"].upper is None
    assert params["p"].role == "credibility"
    assert params["w"].role is None
    assert params["p"].doc == "probability that the pledge binds"
    # Every expression is over the parameters' own symbols (real-valued).
    symbols = {p.symbol for p in game.parameters}
    for node in game.nodes:
        for value in node.probs:
            assert value.free_symbols <= symbols
        if node.payoff is not None:
            for value in node.payoff.total:
                assert sympy.sympify(value).free_symbols <= symbols


def test_scenarios():
    loaded = read_spec(SPECS / "extended-deterrence.toml")
    assert loaded.scenarios == {"baseline": {"p": Fraction(7, 10)}}


@pytest.mark.parametrize("name", ["extended-deterrence.yaml", "extended-deterrence.json"])
def test_yaml_and_json_give_the_same_game(name):
    assert load_spec(SPECS / name) == load_spec(SPECS / "extended-deterrence.toml")


def test_text_and_format_arguments():
    text = (SPECS / "extended-deterrence.json").read_text()
    from_text = load_spec("inline", text=text, format="json")
    assert from_text == load_spec(SPECS / "extended-deterrence.toml")


def test_spec_from_data():
    import tomllib

    data = tomllib.loads((SPECS / "chicken.toml").read_text())
    assert spec_from_data(data) == load_spec(SPECS / "chicken.toml")


def test_type_commitment_structure():
    game = load_spec(SPECS / "pledge-type.toml")
    assert isinstance(game, ExtensiveGame)
    nodes = by_label(game)
    assert len(game.nodes) == 13
    root = game.nodes[0]
    assert root.label == "resolve@type"
    assert root.kind == "chance"
    assert root.actions == ("committed", "opportunistic")
    assert root.probs == (sym("p"), 1 - sym("p"))
    # The committed copy has no decision of the defender: the promise is kept.
    assert "respond|committed" not in nodes
    committed = nodes["challenge|committed"]
    assert game.nodes[committed.children[1]].label == "standoff|committed"
    # The opportunistic defender chooses, and knows its type.
    assert nodes["respond|opportunistic"].infoset == "respond|opportunistic"
    # The attacker does not know the type: its information sets join the two copies.
    infosets = game.infosets
    assert set(infosets) == {"challenge", "standoff", "respond|opportunistic"}
    assert [game.nodes[m].label for m in infosets["challenge"].members] == [
        "challenge|committed",
        "challenge|opportunistic",
    ]
    assert len(infosets["standoff"].members) == 2
    assert not game.is_perfect_information
    # Terminal labels: an outcome reached once keeps its id, else parent.action.
    assert "retreat" in nodes
    assert "challenge|committed.stay" in nodes and "challenge|opportunistic.stay" in nodes


def test_type_commitment_on_extended_deterrence():
    text = (SPECS / "extended-deterrence.toml").read_text()
    game = load_spec("type.toml", text=text.replace('kind = "automatic"', 'kind = "type"'))
    nodes = by_label(game)
    assert game.nodes[0].label == "pledge@type"
    assert len(game.nodes) == 13
    # Committed defender: war straight after the protégé resists, escalation charged to D too.
    war = nodes["protege|committed.resist"]
    assert war.outcome == "war"
    assert components(war) == {"escalation": (-sym("e"),) * 3}
    # The opportunistic one who abandons pays the audience cost (the pledge was made).
    assert components(nodes["abandoned"])["audience"] == (0, 0, -sym("a"))
    assert nodes["defender|opportunistic"].infoset == "defender|opportunistic"
    assert nodes["protege|opportunistic"].infoset == "protege"


def test_chance_node_infosets_tags_and_audience_threat_action():
    game = load_spec(SPECS / "uncertain-resolve.toml")
    assert isinstance(game, ExtensiveGame)
    assert game.players == ("D", "A")
    assert len(game.nodes) == 15
    root = game.nodes[0]
    assert root.kind == "chance" and root.label == "nature"
    assert root.probs == (sym("pH"), 1 - sym("pH"))
    params = {p.name: p for p in game.parameters}
    assert params["pH"].value == Fraction(1, 3)
    assert params["c"].value == Fraction(7, 20)  # shorthand parameter
    infosets = game.infosets
    assert [game.nodes[m].label for m in infosets["A.1"].members] == ["a_hard", "a_soft"]
    assert infosets["A.1"].player == 1
    c, k = sym("c"), sym("k")
    terminals = {n.label: n for n in game.nodes if n.kind == "terminal"}
    assert set(terminals) == {
        "d_hard.quiet",
        "d_soft.quiet",
        "a_hard.back",
        "a_soft.back",
        "d2_hard.fight",
        "d2_hard.concede",
        "d2_soft.fight",
        "d2_soft.concede",
    }
    assert components(terminals["d2_hard.fight"]) == {"fighting": (-c / 2, -c)}
    assert terminals["d2_soft.concede"].payoff.components == (
        ("threat", (-k, 0)),
        ("fighting", (0, -c)),
    )
    assert terminals["a_hard.back"].payoff.components == ()
    assert terminals["d_hard.quiet"].payoff.components == ()


def test_matrix():
    game = load_spec(SPECS / "chicken.toml")
    assert isinstance(game, NormalFormGame)
    assert game.players == ("R", "C")
    assert game.strategies == (("swerve", "straight"), ("swerve", "straight"))
    assert game.outcomes == (None, None, None, "crash")
    d, e = sym("d"), sym("e")
    crash = game.payoff((1, 1))
    assert crash.base == (-d, -d)
    assert crash.components == (("nerve", (-e, -e)),)
    assert game.payoff((0, 1)).components == (("nerve", (0, -e)),)
    assert game.payoff((0, 0)).components == ()
    assert game.outcome((0, 1)) == "swerve, straight"
    assert game.outcome((1, 1)) == "crash"


def test_escalation_counts_each_step_and_respects_payers():
    text = """
[model]
id = "steps"
[players]
A = "A"
B = "B"
[parameters]
e = 1
[costs.escalation]
kind = "escalation"
amount = "e"
actions = ["raise"]
payers = ["A"]
[tree]
root = "one"
[tree.one]
player = "A"
actions = { raise = "two", stop = "end" }
[tree.two]
player = "B"
actions = { raise = "three", stop = "end" }
[tree.three]
player = "A"
actions = { raise = "top", stop = "end" }
[outcomes.end]
A = 0
B = 0
[outcomes.top]
A = 0
B = 0
"""
    game = load_spec("steps.toml", text=text)
    nodes = by_label(game)
    e = sym("e")
    assert components(nodes["top"]) == {"escalation": (-2 * e, 0)}
    assert components(nodes["three.stop"]) == {"escalation": (-e, 0)}
    assert nodes["one.stop"].payoff.components == ()


def test_automatic_commitment_copies_the_subtree_below_the_promise():
    text = """
[model]
id = "deep"
[players]
A = "A"
D = "D"
[parameters]
p = { value = 0.5, min = 0, max = 1 }
[commitments.c]
holder = "D"
at = "d"
promise = "fight"
credibility = "p"
[tree]
root = "d"
[tree.d]
player = "D"
actions = { fight = "a", quit = "q" }
[tree.a]
player = "A"
actions = { x = "o1", y = "o2" }
[outcomes.o1]
A = 1
D = 0
[outcomes.o2]
A = 0
D = 1
[outcomes.q]
A = 0
D = 0
"""
    game = load_spec("deep.toml", text=text)
    labels = [n.label for n in game.nodes]
    assert labels == [
        "c@d",
        "a|c binds",
        "a|c binds.x",
        "a|c binds.y",
        "d",
        "a",
        "a.x",
        "a.y",
        "q",
    ]
    nodes = by_label(game)
    # Everyone sees whether the commitment bound: the copies are separate information sets.
    assert nodes["a|c binds"].infoset == "a|c binds"
    assert game.is_perfect_information


def test_expressions_with_exact_numbers():
    text = """
[model]
id = "exact"
[players]
A = "A"
[parameters]
x = { value = "7/20", min = "0", max = 1.5 }
[tree]
root = "n"
[tree.n]
chance = { left = { prob = 0.35, to = "l" }, right = { prob = "13/20", to = "r" } }
[outcomes.l]
A = 0.1
[outcomes.r]
A = "x"
"""
    game = load_spec("exact.toml", text=text)
    assert game.nodes[0].probs == (sympy.Rational(7, 20), sympy.Rational(13, 20))
    assert game.nodes[1].payoff.base == (sympy.Rational(1, 10),)
    assert game.parameters[0].upper == Fraction(3, 2)


INFOSET_COMMITMENT = """
[model]
id = "hidden"
[players]
A = "A"
D = "D"
[parameters]
q = { value = 0.5, min = 0, max = 1 }
p = { value = 0.5, min = 0, max = 1 }
[commitments.c]
holder = "D"
at = "d1"
promise = "fight"
credibility = "p"
kind = "KIND"
[tree]
root = "nature"
[tree.nature]
chance = { x = { prob = "q", to = "d1" }, y = { prob = "1 - q", to = "d2" } }
[tree.d1]
player = "D"
infoset = "D.1"
actions = { fight = "war", quit = "peace" }
[tree.d2]
player = "D"
infoset = "D.1"
actions = { fight = "a2", quit = "peace2" }
[tree.a2]
player = "A"
actions = { go = "war2", stop = "peace3" }
[outcomes.war]
A = 0
D = 0
[outcomes.war2]
A = 0
D = 0
[outcomes.peace]
A = 1
D = 1
[outcomes.peace2]
A = 1
D = 1
[outcomes.peace3]
A = 1
D = 1
"""


def test_commitment_covers_the_whole_information_set():
    game = load_spec("hidden.toml", text=INFOSET_COMMITMENT.replace("KIND", "automatic"))
    labels = [n.label for n in game.nodes]
    assert "c@d1" in labels and "c@d2" in labels
    assert [game.nodes[m].label for m in game.infosets["D.1"].members] == ["d1", "d2"]
    assert game.infosets["a2|c binds"].player == 0
    game = load_spec("hidden.toml", text=INFOSET_COMMITMENT.replace("KIND", "type"))
    labels = [n.label for n in game.nodes]
    assert not any(label.startswith(("d1|committed", "d2|committed")) for label in labels)
    members = game.infosets["D.1|opportunistic"].members
    assert [game.nodes[m].label for m in members] == ["d1|opportunistic", "d2|opportunistic"]


def test_several_type_commitments_name_themselves_in_suffixes():
    text = (SPECS / "pledge-type.toml").read_text() + (
        '\n[commitments.bold]\nholder = "A"\nat = "challenge"\npromise = "challenge"\n'
        'credibility = "1/2"\nkind = "type"\n'
    )
    game = load_spec("two.toml", text=text)
    labels = [n.label for n in game.nodes]
    assert labels[:2] == ["resolve@type", "bold@type|resolve=committed"]
    nodes = by_label(game)
    # The attacker knows its own type, not the defender's.
    assert nodes["standoff|resolve=committed|bold=committed"].infoset == "standoff|bold=committed"
    assert nodes["respond|resolve=opportunistic|bold=opportunistic"].infoset == (
        "respond|resolve=opportunistic"
    )
