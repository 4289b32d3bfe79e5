"""Gambit ``.efg`` / ``.nfg`` reading and writing: the shared game collection, each feature of
the formats, malformed input, and exact round trips of random games."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence import limits
from deterrence.errors import SpecError
from deterrence.formats import efg, read_efg, read_nfg, write_efg, write_nfg
from deterrence.game import ExtensiveGame, ModelInfo, Node, NormalFormGame, Payoff

F = Fraction
GAMES = Path(__file__).resolve().parents[1].parent / "shared" / "gambit-games"
EFG_FILES = sorted(GAMES.rglob("*.efg")) if GAMES.is_dir() else []
NFG_FILES = sorted(GAMES.rglob("*.nfg")) if GAMES.is_dir() else []
MISSING = pytest.param(None, marks=pytest.mark.skip(reason=f"{GAMES} not found"))


def _params(files: list[Path]) -> list:
    if not files:
        return [MISSING]
    return [pytest.param(f, id=str(f.relative_to(GAMES))) for f in files]


def check_tree(game: ExtensiveGame) -> None:
    """Structural sanity of a tree read from a file."""
    n = len(game.players)
    assert n >= 1 and len(game.player_names) == n and len(set(game.players)) == n
    labels = [node.label for node in game.nodes]
    assert len(set(labels)) == len(labels) and all(labels)
    assert sorted(game.preorder) == list(range(len(game.nodes)))
    assert game.terminals
    for node in game.nodes:
        if node.kind == "terminal":
            assert node.payoff is not None and len(node.payoff.base) == n
            assert all(isinstance(v, Fraction) for v in node.payoff.base)
            assert node.outcome
            continue
        assert len(node.children) == len(node.actions) >= 1
        assert all(node.actions) and len(set(node.actions)) == len(node.actions)
        if node.kind == "chance":
            assert len(node.probs) == len(node.children)
            assert all(isinstance(p, Fraction) and p >= 0 for p in node.probs)
            assert sum(node.probs) == 1
        else:
            assert node.player is not None and 0 <= node.player < n
    for infoset in game.infosets.values():
        for member in infoset.members:
            assert game.nodes[member].actions == infoset.actions
            assert game.nodes[member].player == infoset.player


# -- the shared collection -----------------------------------------------------------------


def test_collection_is_complete():
    if not GAMES.is_dir():
        pytest.skip(f"{GAMES} not found")
    assert (len(EFG_FILES), len(NFG_FILES)) == (92, 53)


@pytest.mark.parametrize("path", _params(EFG_FILES))
def test_reads_every_efg(path: Path):
    game = read_efg(path)
    check_tree(game)
    assert game.info.id == path.stem
    assert game.is_numeric


@pytest.mark.parametrize("path", _params(EFG_FILES))
def test_efg_round_trip(path: Path):
    game = read_efg(path)
    text = write_efg(game)
    again = read_efg(path.name, text=text)
    assert again.players == game.players
    assert again.nodes == game.nodes
    assert again.info == game.info
    assert write_efg(again) == text


@pytest.mark.parametrize("path", _params(NFG_FILES))
def test_reads_every_nfg(path: Path):
    game = read_nfg(path)
    n = len(game.players)
    assert n >= 1 and len(set(game.players)) == n
    assert len(game.payoffs) == math.prod(game.shape) >= 1
    assert all(len(p.base) == n for p in game.payoffs)
    assert all(all(s) and len(set(s)) == len(s) for s in game.strategies)
    assert game.is_numeric
    assert game.info.id == path.stem


@pytest.mark.parametrize("path", _params(NFG_FILES))
def test_nfg_round_trip(path: Path):
    game = read_nfg(path)
    text = write_nfg(game)
    again = read_nfg(path.name, text=text)
    assert again.players == game.players
    assert again.strategies == game.strategies
    assert again.payoffs == game.payoffs
    assert again.info == game.info
    assert write_nfg(again) == text


def test_collection_details():
    """A few facts about particular files, checked against the text of the files."""
    if not GAMES.is_dir():
        pytest.skip(f"{GAMES} not found")
    poker = read_efg(GAMES / "doc" / "poker.efg")
    assert poker.players == ("Alice", "Bob")
    assert poker.nodes[0].probs == (F(1, 2), F(1, 2))
    assert poker.infosets["Bob:1"].members == (2, 7)  # "Meet/Pass" after either card
    horse = read_efg(GAMES / "catalog/journals/ijgt/selten1975/fig1.efg")
    assert '"Selten\'s horse"' in horse.info.description
    # Decimal payoffs such as .80 and fractional probabilities, exactly.
    cent = read_efg(GAMES / "contrib/games/cent2.efg")
    assert cent.nodes[0].probs == (F(19, 20), F(1, 20))
    assert cent.nodes[3].payoff.base == (F(4, 5), F(1, 5))  # { .80, .20 }
    # An infoset given without its action list the second time.
    stengel = read_efg(GAMES / "catalog/books/vonstengel2022/fig10.1.efg")
    assert stengel.infosets["II:1"].actions == ("a", "b")
    assert len(stengel.infosets["II:1"].members) == 2
    assert stengel.nodes[0].actions == ("1/2_1", "1/2_2")  # duplicate labels made distinct
    # Strategy counts and the player-1-fastest payoff list of NFG 1 D.
    e04 = read_nfg(GAMES / "contrib/games/e04.nfg")
    assert e04.strategies == (("1", "2", "3"), ("1", "2"))
    assert e04.payoff((2, 1)).base == (3, -1)
    assert e04.payoff((1, 0)).base == (-1, 2)
    loop = read_nfg(GAMES / "contrib/games/loopback.nfg")
    assert loop.payoff((1, 0)).base == (F(732, 100), 6)  # outcome "21", listed third
    assert loop.outcomes[loop.index((1, 0))] == "21"


# -- hand-written .efg features ---------------------------------------------------------------

SHARED = """EFG 2 R "shared" { "A" "B" } "a comment"
p "" 1 1 "" { "x" "y" } 0
t "" 1 "win" { 1, -1 }
p "" 2 1 "" { "l" "r" } 0
t "" 1
t "" 2 "lose" { -1 1 }
"""


def test_shared_outcome_by_number():
    game = read_efg(SHARED)
    by_label = {n.label: n for n in game.nodes}
    assert by_label["root/y/l"].payoff == Payoff((F(1), F(-1)))
    assert by_label["root/y/l"].outcome == by_label["root/x"].outcome == "win"
    assert by_label["root/y/r"].payoff == Payoff((F(-1), F(1)))
    assert game.info == ModelInfo(id="game", title="shared", description="a comment")


def test_payoffs_on_inner_nodes_accumulate():
    game = read_efg(
        'EFG 2 R "acc" { "A" "B" }\n'
        'c "" 1 "" { "h" 1/3 "t" 2/3 } 1 "fee" { -1, 1/2 }\n'
        'p "" 1 1 "" { "a" "b" } 2 "bonus" { 5/2, 0 }\n'
        't "" 3 "end" { 1, 1 }\n'
        't "" 0\n'
        't "" 3\n'
    )
    by_label = {n.label: n for n in game.nodes}
    assert by_label["root/h/a"].payoff.base == (F(5, 2), F(3, 2))
    assert by_label["root/h/a"].outcome == "end"
    assert by_label["root/h/b"].payoff.base == (F(3, 2), F(1, 2))
    assert by_label["root/h/b"].outcome == "root/h/b"  # no outcome of its own: its path
    assert by_label["root/t"].payoff.base == (F(0), F(3, 2))
    again = read_efg(write_efg(game))
    assert again.nodes == game.nodes


def test_action_lists_given_once():
    game = read_efg(
        'EFG 2 R "imperfect" { "A" "B" }\n'
        'c "" 1 "" { "H" 1/2 "T" 1/2 } 0\n'
        'p "" 1 1 "" { "L" "R" } 0\n'
        'p "" 2 1 "guess" { "l" "r" } 0\n'
        't "" 1 "" { 1, 0 }\n'
        't "" 2 "" { 0, 1 }\n'
        'p "" 2 1 0\n'
        't "" 2\n'
        't "" 1\n'
        'p "" 1 1 "" 0\n'
        't "" 3 "" { 2, 2 }\n'
        'p "" 2 1 "guess" 0\n'
        't "" 2\n'
        't "" 1\n'
    )
    check_tree(game)
    assert game.infosets["guess"].members == (2, 5, 10)
    assert game.nodes[5].actions == ("l", "r")
    assert game.nodes[6].outcome == "o2" and game.nodes[6].payoff.base == (0, 1)
    assert game.infosets["A:1"].members == (1, 8)


def test_chance_information_set_reused():
    game = read_efg(
        'EFG 2 R "" { "A" }\n'
        'c "" 1 "" { "u" 1/4 "d" 3/4 } 0\n'
        'c "" 1 0\n'
        't "" 1 "" { 1 }\n'
        't "" 2 "" { 2 }\n'
        't "" 3 "" { 3 }\n'
    )
    assert game.nodes[1].actions == ("u", "d") and game.nodes[1].probs == (F(1, 4), F(3, 4))


def test_labels_derived_where_the_file_has_none():
    game = read_efg(
        'EFG 2 R "" { "" "" }\n'
        'p "dup" 1 1 "" { "" "" } 0\n'
        'p "dup" 2 1 "same" { "go" "go" } 0\n'
        't "leaf" 1 "" { 1, 2 }\n'
        't "" 2 "" { 3, 4 }\n'
        'p "" 2 2 "same" { "" "a/b" } 0\n'
        't "" 3 "" { 5, 6 }\n'
        't "" 4 "x" { 7, 8 }\n'
    )
    check_tree(game)
    assert game.players == ("1", "2")
    assert [n.label for n in game.nodes] == [
        "root",
        "root/1",
        "leaf",
        "root/1/2",
        "root/2",
        "root/2/1",
        "root/2/2",
    ]
    assert game.nodes[0].actions == ("1", "2")
    assert game.nodes[1].actions == ("go_1", "go_2")
    assert game.nodes[4].actions == ("1", "a/b")
    assert list(game.infosets) == ["1:1", "2:1", "2:2"]
    assert [game.nodes[i].outcome for i in game.terminals] == ["o1", "o2", "o3", "x"]
    assert read_efg(write_efg(game)).nodes == game.nodes


def test_names_used_where_unique():
    game = read_efg(
        'EFG 2 R "t" { "Att" "Def" }\n'
        'p "start" 1 7 "choose" { "threaten" "quiet" } 0\n'
        'p "respond" 2 3 "resist?" { "resist" "yield" } 0\n'
        't "war" 1 "War" { -1, -1 }\n'
        't "" 2 "Gain" { 1, -1 }\n'
        't "" 3 "SQ" { 0, 0 }\n'
    )
    assert [n.label for n in game.nodes] == [
        "start",
        "respond",
        "war",
        "root/threaten/yield",
        "root/quiet",
    ]
    assert list(game.infosets) == ["choose", "resist?"]
    text = write_efg(game)
    assert 'p "start" 1 1 "choose" { "threaten" "quiet" } 0' in text  # renumbered from 7
    assert 't "" 3 "SQ" { 0, 0 }' in text  # the path label is not written out


def test_numbers_are_exact():
    game = read_efg(
        'EFG 2 R "n" { "A" "B" }\n'
        'c "" 1 "" { "a" 0.25 "b" .75 } 0\n'
        't "" 1 "" { 1.5, -2.25 }\n'
        't "" 2 "" { .80, 99/100 }\n'
    )
    assert game.nodes[0].probs == (F(1, 4), F(3, 4))
    assert game.nodes[1].payoff.base == (F(3, 2), F(-9, 4))
    assert game.nodes[2].payoff.base == (F(4, 5), F(99, 100))
    game = read_efg('EFG 2 R "n" { "A" } t "" 1 "" { +3 }')
    assert game.nodes[0].payoff.base == (3,)
    for text, value in [("1e2", 100), ("1.5E-1", F(3, 20)), ("-7/21", F(-1, 3)), ("2.", 2)]:
        game = read_efg(f'EFG 2 R "n" {{ "A" }} t "" 1 "" {{ {text} }}')
        assert game.nodes[0].payoff.base == (value,)
    assert 't "" 1 "o1" { -1/3 }' in write_efg(read_efg('EFG 2 R "" { "A" } t "" 1 "" { -7/21 }'))


def test_strings_with_quotes_and_backslashes():
    text = (
        'EFG 2 R "say \\"hi\\"" { "P \\"1\\"" "back\\\\slash" }\n'
        '"line one\nline \\"two\\" with \\n kept"\n'
        't "a\\b" 1 "c:\\\\" { 1, 2 }\n'
    )
    game = read_efg(text)
    assert game.info.title == 'say "hi"'
    assert game.players == ('P "1"', "back\\slash")
    assert game.info.description == 'line one\nline "two" with \\n kept'
    assert game.nodes[0].label == "a\\b"
    assert game.nodes[0].outcome == "c:\\"
    again = read_efg(write_efg(game))
    assert again.players == game.players and again.nodes == game.nodes
    assert again.info == game.info


def test_sources(tmp_path: Path):
    path = tmp_path / "my-game.efg"
    path.write_text(SHARED, encoding="utf-8")
    assert read_efg(path).info.id == "my-game"
    assert read_efg(str(path)).info.id == "my-game"
    assert read_efg("other.efg", text=SHARED).info.id == "other"
    assert read_efg(SHARED).info.id == "game"
    assert read_efg(path).nodes == read_efg(SHARED).nodes
    latin = tmp_path / "latin.efg"
    latin.write_bytes('EFG 2 R "caf\xe9" { "A" } t "" 1 "" { 1 }'.encode("latin-1"))
    assert read_efg(latin).info.title == "café"


def test_deep_tree_without_recursion():
    depth = 3000
    body = ['EFG 2 R "deep" { "A" }']
    body += ['p "" 1 1 "" { "stop" "on" } 0\nt "" 1 "stop" { 0 }'] * depth
    body += ['t "" 2 "end" { 1 }']
    game = read_efg("\n".join(body))
    assert len(game.nodes) == 2 * depth + 1
    assert game.nodes[-1].label == "root" + "/on" * depth
    assert read_efg(write_efg(game)).nodes == game.nodes


def test_write_efg_format():
    game = ExtensiveGame(
        players=("A", "B"),
        nodes=(
            Node("start", "chance", actions=("h", "t"), children=(1, 4), probs=(F(1, 3), F(2, 3))),
            Node("A:1", "decision", player=0, infoset="A:1", actions=("x", "y"), children=(2, 3)),
            Node("n2", "terminal", outcome="war", payoff=Payoff((F(5, 11), F(-2)))),
            Node("root/h/y", "terminal", outcome="peace", payoff=Payoff((F(0), F(1)))),
            Node("n4", "terminal", outcome="war", payoff=Payoff((F(5, 11), F(-2)))),
        ),
        info=ModelInfo(title='a "title"', description="about"),
    )
    assert write_efg(game) == (
        'EFG 2 R "a \\"title\\"" { "A" "B" }\n'
        '"about"\n'
        "\n"
        'c "start" 1 "" { "h" 1/3 "t" 2/3 } 0\n'
        'p "A:1" 1 1 "" { "x" "y" } 0\n'
        't "n2" 1 "war" { 5/11, -2 }\n'
        't "" 2 "peace" { 0, 1 }\n'
        't "n4" 1 "war" { 5/11, -2 }\n'
    )


def test_write_efg_totals_components_and_refuses_symbols():
    import sympy

    node = Node("end", "terminal", outcome="o", payoff=Payoff((F(1),), (("cost", (F(-1, 2),)),)))
    game = ExtensiveGame(players=("A",), nodes=(node,))
    assert 't "end" 1 "o" { 1/2 }' in write_efg(game)
    symbolic = ExtensiveGame(
        players=("A",),
        nodes=(Node("end", "terminal", outcome="o", payoff=Payoff((sympy.Symbol("x"),))),),
    )
    with pytest.raises(ValueError, match="numeric"):
        write_efg(symbolic)


# -- hand-written .nfg features ---------------------------------------------------------------


def test_nfg_player_one_varies_fastest():
    # Entry 10*row + column for Row, its negative for Col; the file lists (T,l) (B,l) (T,m) ...
    game = read_nfg(
        'NFG 1 R "2x3" { "Row" "Col" } { { "T" "B" } { "l" "m" "r" } }\n'
        "11 -11 21 -21 12 -12 22 -22 13 -13 23 -23\n"
    )
    assert game.shape == (2, 3)
    for row in range(2):
        for col in range(3):
            value = 10 * (row + 1) + col + 1
            assert game.payoff((row, col)).base == (value, -value)
    assert [p.base[0] for p in game.payoffs] == [11, 12, 13, 21, 22, 23]
    assert game.matrices()[0] == [[11, 12, 13], [21, 22, 23]]
    text = write_nfg(game)
    assert text.endswith("11 -11\n21 -21\n12 -12\n22 -22\n13 -13\n23 -23\n")


def test_nfg_three_players_order():
    values = []
    for k in range(2):
        for j in range(3):
            for i in range(2):
                values.append(f"{100 * i + 10 * j + k} 0 0")
    game = read_nfg('NFG 1 R "" { "a" "b" "c" } { 2 3 2 }\n' + "\n".join(values))
    assert game.strategies == (("1", "2"), ("1", "2", "3"), ("1", "2"))
    for i, j, k in game.profiles():
        assert game.payoff((i, j, k)).base[0] == 100 * i + 10 * j + k
    assert read_nfg(write_nfg(game)).payoffs == game.payoffs


def test_nfg_outcome_list():
    game = read_nfg(
        'NFG 1 R "BoS" { "1" "2" } { { "Opera" "Fight" } { "Opera" "Fight" } }\n'
        '"with a comment"\n'
        '{ { "both opera" 2, 1 } { "" 0 0 } { "both fight" 1, 2 } }\n'
        "1 0 2 3\n"
    )
    assert game.info.description == "with a comment"
    assert game.payoff((0, 0)).base == (2, 1)
    assert game.payoff((1, 0)).base == (0, 0)  # outcome 0: no outcome
    assert game.payoff((0, 1)).base == (0, 0)
    assert game.payoff((1, 1)).base == (1, 2)
    assert game.outcomes == ("both opera", None, None, "both fight")
    assert game.outcome((1, 0)) == "Fight, Opera"


def test_nfg_decimal_format():
    game = read_nfg('NFG 1 D "" { "P1" "P2" } { 2 1 }\n0.5 -1.250000 1e1 .2\n')
    assert game.payoffs == (Payoff((F(1, 2), F(-5, 4))), Payoff((F(10), F(1, 5))))
    assert game.strategies == (("1", "2"), ("1",))
    assert game.info.description == ""


def test_nfg_labels_normalised():
    game = read_nfg('NFG 1 R "" { "" "B" } { { "" "x" "x" } { "y" } } 1 2 3 4 5 6')
    assert game.players == ("1", "2")
    assert game.player_names == ("1", "B")
    assert game.strategies == (("1", "x_1", "x_2"), ("y",))


def test_write_nfg_format():
    game = NormalFormGame(
        players=("R", "C"),
        strategies=(("u", 'd "down"'), ("l",)),
        payoffs=(Payoff((F(1, 2), F(3))), Payoff((F(-1), F(0)), (("bonus", (F(1), F(1))),))),
        info=ModelInfo(title="t", description="c"),
    )
    assert write_nfg(game) == (
        'NFG 1 R "t" { "R" "C" }\n\n{ { "u" "d \\"down\\"" }\n{ "l" }\n}\n"c"\n\n1/2 3\n0 1\n'
    )
    import sympy

    with pytest.raises(ValueError, match="numeric"):
        write_nfg(
            NormalFormGame(
                players=("R",), strategies=(("u",),), payoffs=(Payoff((sympy.Symbol("x"),)),)
            )
        )


# -- malformed input --------------------------------------------------------------------------

EFG_HEAD = 'EFG 2 R "t" { "A" "B" }\n""\np "" 1 1 "" { "x" "y" } 0\n'  # lines 1-3
EFG_TAIL = 't "" 2 "o2" { 0, 0 }\n'

MALFORMED_EFG = [
    (EFG_HEAD + 't "" 1 "o" { 1 }\n' + EFG_TAIL, "expected a payoff number, found '}'", 4),
    (
        EFG_HEAD + 't "" 1 "o" { 1 2 3 }\n' + EFG_TAIL,
        "expected '}' after the 2 payoffs (one per player), found '3'",
        4,
    ),
    (EFG_HEAD + 't "" 1 "o { 1 2 }\n', "string is not closed", 4),
    (EFG_HEAD + 't "" 1 "o" { 1.2.3 4 }\n', "malformed number '1.2.3'", 4),
    (EFG_HEAD + 't "" 1 "o" { 1/0 4 }\n', "malformed number '1/0'", 4),
    (EFG_HEAD + 't "" 1 "o" { 1e999999 4 }\n', "number '1e999999' is out of range", 4),
    (
        EFG_HEAD + 'x "" 1 "o" { 1 2 }\n',
        "expected a node: 'c' (chance), 'p' (player) or 't' (terminal), found 'x'",
        4,
    ),
    (
        EFG_HEAD + 'p "" 3 1 "" { "a" } 0\n',
        "expected a player number from 1 to 2, found 3",
        4,
    ),
    (EFG_HEAD + 't "" 5\n' + EFG_TAIL, "outcome 5 is used before its payoffs are given", 4),
    (
        EFG_HEAD + 'p "" 2 7 0\n',
        "information set 7 of player 2 is used before its actions are given",
        4,
    ),
    (EFG_HEAD + 't "" 1 "o" { 1 2 }\n', "expected a node", 4),
    (
        EFG_HEAD + 't "" 1 "o" { 1 2 }\n' + EFG_TAIL + 't "" 1\n',
        "expected end of file (the tree is complete), found 't'",
        6,
    ),
    (
        'EFG 2 R "t" { "A" }\nc "" 1 "" { "a" 1/2 "b" 1/4 } 0\nt "" 0\nt "" 0\n',
        "chance probabilities at information set 1 sum to 3/4, not 1",
        2,
    ),
    (
        'EFG 2 R "t" { "A" }\nc "" 1 "" { "a" 3/2\n"b" -1/2 } 0\nt "" 0\nt "" 0\n',
        "chance probability -1/2 is negative",
        3,
    ),
    (
        EFG_HEAD + 't "" 1 "o" { 1 2 }\nt "" 1 "o" { 2, 2 }\n',
        "outcome 1 has payoffs { 2 2 } here but { 1 2 } on line 4",
        5,
    ),
    (
        EFG_HEAD + 't "" 1 "o" { 1 2 }\nt "" 1 "p"\n',
        'outcome 1 is named "p" here but "o" on line 4',
        5,
    ),
    (
        EFG_HEAD + 'p "" 1 1 "" { "x" "z" } 0\n',
        'information set 1 of player 1 has actions { "x" "z" } here but { "x" "y" } on line 3',
        4,
    ),
    (EFG_HEAD + 't "" 0 "o" { 1 2 }\n', "outcome 0 means 'no outcome'", 4),
    (EFG_HEAD + 't "" -1\n', "expected an outcome number of at least 0, found -1", 4),
    (EFG_HEAD + 't "" 1.5\n', "expected an outcome number (a whole number), found '1.5'", 4),
    (EFG_HEAD + 'p "" 1 2 "" { } 0\n', "information set 2 of player 1 has no actions", 4),
    ('EFG 3 R "t" { "A" }\n', "expected format version 2 ('EFG 2 R'), found '3'", 1),
    ('NFG 1 R "t" { "A" }\n', "expected 'EFG' at the start of an extensive-form file", 1),
    ('EFG 2 R "t" { }\nt "" 0\n', "the game has no players", 1),
    ('EFG 2 R "t" {\n"A" 3 }\n', "expected a player name (a quoted string) or '}', found '3'", 2),
    ("", "expected 'EFG' at the start of an extensive-form file, found end of file", 1),
    ('EFG 2 R "t" { "A" }\n"c"\n\n', "expected a node", 2),
]


@pytest.mark.parametrize(("text", "message", "line"), MALFORMED_EFG)
def test_malformed_efg(text: str, message: str, line: int):
    with pytest.raises(SpecError) as caught:
        read_efg("bad.efg", text=text)
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.line == line
    assert diagnostic.file == "bad.efg"
    assert f"bad.efg:{line}: " in str(caught.value)


NFG_HEAD = 'NFG 1 R "t" { "A" "B" }\n{ { "a" "b" } { "x" "y" } }\n'  # lines 1-2

MALFORMED_NFG = [
    (NFG_HEAD + "1 2 3 4 5 6 7\n", "expected a payoff number (8 in all), found end of file", 3),
    (NFG_HEAD + "1 2 3 4 5 6 7 8 9\n", "expected end of file, found '9'", 3),
    (
        NFG_HEAD + '{ { "" 1 2 } { "" 3 4 } }\n1 2 3 0',
        "expected an outcome number (4 in all, one per profile) from 0 to 2, found 3",
        4,
    ),
    (NFG_HEAD + '{ { "" 1 } }\n1 1 1 1', "expected a payoff number, found '}'", 3),
    (NFG_HEAD + "{ { 1 2 } }\n1 1 1 1", "expected the outcome name (a quoted string", 3),
    (NFG_HEAD + '"comment" "again"', "expected the payoffs: numbers, or '{'", 3),
    (
        'NFG 1 R "t" { "A" "B" } { 100000 100000 }\n1 2\n',
        "the strategy counts make more profiles than the file can hold",
        1,
    ),
    (
        'NFG 1 R "t" { "A" "B" } { { "a" } }\n1 2\n',
        "expected '{' starting the strategy labels of player 2, found '}'",
        1,
    ),
    ('NFG 1 R "t" { "A" } { { } }\n', "player 1 has no strategies", 1),
    (
        'NFG 1 R "t" { "A" } { 0 }\n',
        "expected the number of strategies of player 1 of at least 1, found 0",
        1,
    ),
    ('NFG 2 R "t" { "A" } { 1 } 1\n', "expected format version 1 ('NFG 1 R'), found '2'", 1),
    ('NFG 1 X "t" { "A" } { 1 } 1\n', "expected 'R' (rational) or 'D' (decimal)", 1),
    ('NFG 1 R { "A" } { 1 } 1\n', "expected the game title (a quoted string), found '{'", 1),
]


@pytest.mark.parametrize(("text", "message", "line"), MALFORMED_NFG)
def test_malformed_nfg(text: str, message: str, line: int):
    with pytest.raises(SpecError) as caught:
        read_nfg("bad.nfg", text=text)
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.line == line
    assert diagnostic.file == "bad.nfg"


def test_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(SpecError, match="cannot read the file"):
        read_efg(tmp_path / "missing.efg")
    with pytest.raises(SpecError, match="cannot read the file"):
        read_nfg(tmp_path)
    with pytest.raises(SpecError, match="cannot read the file"):
        read_nfg("nul\0.nfg")
    big = tmp_path / "big.efg"
    big.write_text(SHARED, encoding="utf-8")
    with limits.override(gambit_file_bytes=20):
        with pytest.raises(SpecError, match=r"the limit is 20 \(limit `gambit_file_bytes`"):
            read_efg(big)
        with pytest.raises(SpecError, match="the limit is 20"):
            read_efg("big.efg", text=SHARED)


def test_size_limits(monkeypatch: pytest.MonkeyPatch):
    with limits.override(gambit_nodes=3), pytest.raises(SpecError, match="more than 3 nodes"):
        read_efg(SHARED)
    monkeypatch.setattr(efg, "MAX_PATH_CHARS", 20)
    with pytest.raises(SpecError, match="too deep"):
        read_efg(SHARED)
    with pytest.raises(SpecError, match="number longer than 400 characters"):
        read_efg('EFG 2 R "" { "A" } t "" 1 "" { ' + "1" * 1000 + " }")


# -- fuzzing: real files, truncated and mutated, give a game or a SpecError --------------------

SMALL_FILES = sorted(
    (p for p in EFG_FILES + NFG_FILES if p.stat().st_size < 1500), key=lambda p: str(p)
)
SAMPLES = [(p.suffix, p.read_text(encoding="utf-8")) for p in SMALL_FILES] or [
    (".efg", SHARED),
    (".nfg", 'NFG 1 R "" { "A" "B" } { 2 2 } 1 2 3 4 5 6 7 8'),
]
PIECES = ["{", "}", '"', ",", " ", "\n", "0", "1", "-", "/", ".", "e", "p", "t", "c", "\\", "9"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    suffix, text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 8)))
        kind = draw(st.sampled_from(["cut", "delete", "insert", "replace"]))
        if kind == "cut":
            text = text[:start]
        elif kind == "delete":
            text = text[:start] + text[end:]
        else:
            piece = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4)))
            text = text[:start] + piece + text[end if kind == "replace" else start :]
    return suffix, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_give_a_game_or_a_spec_error(sample: tuple[str, str]):
    suffix, text = sample
    try:
        if suffix == ".efg":
            game = read_efg("fuzz.efg", text=text)
            assert read_efg("fuzz.efg", text=write_efg(game)).nodes == game.nodes
        else:
            normal = read_nfg("fuzz.nfg", text=text)
            assert read_nfg("fuzz.nfg", text=write_nfg(normal)).payoffs == normal.payoffs
    except SpecError as error:
        assert error.diagnostics and all(d.file == f"fuzz{suffix}" for d in error.diagnostics)
        assert all(d.line is not None and d.line >= 1 for d in error.diagnostics)


# -- property: random games round-trip exactly -------------------------------------------------

TRICKY = ["root", "root/1", "root/a", "1", "2", "A:1", "B:1", "o1", "a/b", '"', "\\", "x\\"]
labels = st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=6))
fractions = st.fractions(min_value=-50, max_value=50, max_denominator=30)


@st.composite
def trees(draw: st.DrawFn) -> ExtensiveGame:
    players = tuple(draw(st.lists(labels, min_size=1, max_size=3, unique=True)))
    budget = draw(st.integers(1, 25))
    infosets: dict[str, tuple[int, tuple[str, ...]]] = {}
    infoset_names = draw(st.lists(labels, min_size=4, max_size=4, unique=True))
    outcome_pool = draw(st.lists(labels, min_size=1, max_size=3))
    specs: list[dict] = []

    def build(depth: int) -> int:
        index = len(specs)
        spec: dict = {}
        specs.append(spec)
        kind = "terminal"
        if depth < 5 and len(specs) < budget:
            kind = draw(st.sampled_from(["decision", "decision", "chance", "terminal"]))
        spec["kind"] = kind
        if kind == "terminal":
            spec["outcome"] = draw(st.sampled_from(outcome_pool))
            spec["payoff"] = Payoff(tuple(draw(fractions) for _ in players))
            return index
        if kind == "chance":
            actions = tuple(draw(st.lists(labels, min_size=1, max_size=3, unique=True)))
            weights = [draw(st.integers(1, 9)) for _ in actions]
            spec["probs"] = tuple(F(w, sum(weights)) for w in weights)
        else:
            name = draw(st.sampled_from(infoset_names))
            if name not in infosets:
                acts = tuple(draw(st.lists(labels, min_size=1, max_size=3, unique=True)))
                infosets[name] = (draw(st.integers(0, len(players) - 1)), acts)
            spec["player"], actions = infosets[name]
            spec["infoset"] = name
        spec["actions"] = actions
        spec["children"] = tuple(build(depth + 1) for _ in actions)
        return index

    build(0)
    names = draw(st.lists(labels, min_size=len(specs), max_size=len(specs), unique=True))
    nodes = tuple(Node(label, **spec) for label, spec in zip(names, specs, strict=True))
    info = ModelInfo(id="game", title=draw(st.text(max_size=8)), description=draw(st.text()))
    return ExtensiveGame(players=players, nodes=nodes, info=info)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_random_trees_round_trip(game: ExtensiveGame):
    text = write_efg(game)
    again = read_efg(text)
    assert again.players == game.players
    assert again.nodes == game.nodes
    assert again.info == game.info
    assert write_efg(again) == text


@st.composite
def normal_forms(draw: st.DrawFn) -> NormalFormGame:
    players = tuple(draw(st.lists(labels, min_size=1, max_size=4, unique=True)))
    strategies = tuple(
        tuple(draw(st.lists(labels, min_size=1, max_size=3, unique=True))) for _ in players
    )
    size = math.prod(len(s) for s in strategies)
    payoffs = tuple(Payoff(tuple(draw(fractions) for _ in players)) for _ in range(size))
    info = ModelInfo(id="game", title=draw(st.text(max_size=8)), description=draw(st.text()))
    return NormalFormGame(players=players, strategies=strategies, payoffs=payoffs, info=info)


@settings(max_examples=150, deadline=None)
@given(normal_forms())
def test_random_normal_forms_round_trip(game: NormalFormGame):
    text = write_nfg(game)
    again = read_nfg(text)
    assert again.players == game.players
    assert again.strategies == game.strategies
    assert again.payoffs == game.payoffs
    assert again.info == game.info
    assert write_nfg(again) == text
