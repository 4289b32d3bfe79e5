"""Game trees for papers (``draw_tree``, ``tree_to_tikz``) and normal forms as LaTeX tables
(``normal_form_to_latex``): tested for what is drawn, not only for a file existing.

Games: the bundled extended-deterrence model (after Huth 1988 and Signorino & Tarar 2006; its
subgame-perfect equilibrium at the defaults is attack, resist, abandon, as its spec says),
Selten's horse (Selten 1975, 'Reexamination of the perfectness concept', IJGT 4:25-55, fig. 1,
with the payoffs of Gambit's catalogue copy: two pure equilibria, (across, across, R) and
(down, across, L)), and Chicken (Rapoport & Chammah 1966: its pure equilibria are the two
cells where one swerves).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")

import deterrence as dt
from deterrence.errors import SpecError
from deterrence.figures import draw_tree, normal_form_to_latex, tree_to_tikz
from deterrence.figures.tree import MIN_FONT_SIZE, PAGE
from deterrence.game import ExtensiveGame, Node, Payoff
from deterrence.load import read_text

HORSE = """
[model]
id = "selten-horse"
title = "Selten's horse"
source = "Selten (1975), IJGT 4:25-55, fig. 1"

[players]
P1 = "Player 1"
P2 = "Player 2"
P3 = "Player 3"

[tree]
root = "one"

[tree.one]
player = "P1"
actions = { across = "two", down = "left" }

[tree.two]
player = "P2"
actions = { across = "end", down = "right" }

[tree.left]
player = "P3"
infoset = "three"
actions = { L = "o4", R = "o5" }

[tree.right]
player = "P3"
infoset = "three"
actions = { L = "o2", R = "o3" }

[outcomes.end]
P1 = "1"
P2 = "1"
P3 = "1"

[outcomes.o2]
P1 = "4"
P2 = "4"
P3 = "0"

[outcomes.o3]
P1 = "0"
P2 = "0"
P3 = "1"

[outcomes.o4]
P1 = "3"
P2 = "2"
P3 = "2"

[outcomes.o5]
P1 = "0"
P2 = "0"
P3 = "0"
"""

#: Matching pennies as a tree, the column player not seeing the row's coin (von Neumann &
#: Morgenstern 1944, sec. 17): its one equilibrium mixes heads and tails half and half.
PENNIES = """
[model]
id = "pennies"

[players]
R = "Row"
C = "Column"

[tree]
root = "row"

[tree.row]
player = "R"
actions = { heads = "ch", tails = "ct" }

[tree.ch]
player = "C"
infoset = "guess"
actions = { heads = "hh", tails = "ht" }

[tree.ct]
player = "C"
infoset = "guess"
actions = { heads = "th", tails = "tt" }

[outcomes.hh]
R = "1"
C = "-1"

[outcomes.ht]
R = "-1"
C = "1"

[outcomes.th]
R = "-1"
C = "1"

[outcomes.tt]
R = "1"
C = "-1"
"""


#: Players with declared symbols (one that mathtext cannot typeset), and one without.
SYMBOLS = """
[model]
id = "symbols"

[players]
A = { name = "Attacker", symbol = "\\\\mathcal{A}" }
D = { name = "Defender", symbol = "\\\\bm{D}" }
T = "Third party"

[parameters]
cA = { value = 1, min = 0, symbol = "c_A" }

[tree]
root = "attacker"

[tree.attacker]
player = "A"
actions = { attack = "defender", wait = "status_quo" }

[tree.defender]
player = "D"
actions = { fight = "third", yield = "conquest" }

[tree.third]
player = "T"
actions = { join = "war", stay = "conquest" }

[outcomes.status_quo]
A = "0"
D = "0"
T = "0"

[outcomes.war]
A = "-cA"
D = "-1"
T = "-1"

[outcomes.conquest]
A = "1"
D = "-1"
T = "0"
"""


@pytest.fixture(scope="module")
def extended():
    return dt.load("extended-deterrence")


@pytest.fixture(scope="module")
def horse():
    return read_text(HORSE, name="horse.toml", format="toml").game


def texts(figure) -> dict[str, str]:
    return {t.get_gid(): t.get_text() for t in figure.axes[0].texts}


def lines(figure) -> dict[str, object]:
    return {line.get_gid(): line for line in figure.axes[0].lines if line.get_gid()}


def bold_edges(figure) -> set[str]:
    edges = {g: line for g, line in lines(figure).items() if g.startswith("edge:")}
    thin = min(line.get_linewidth() for line in edges.values())
    return {g for g, line in edges.items() if line.get_linewidth() > 1.5 * thin}


def big_tree() -> ExtensiveGame:
    """60 leaves: A chooses among 3, then B among 4 (one information set per choice of A),
    then C among 5 (one information set per choice of B, across A's choices)."""
    nodes: list[Node | None] = [None]
    a_children = []
    for a in range(3):
        a_index = len(nodes)
        nodes.append(None)
        a_children.append(a_index)
        b_children = []
        for b in range(4):
            b_index = len(nodes)
            nodes.append(None)
            b_children.append(b_index)
            c_children = []
            for c in range(5):
                c_children.append(len(nodes))
                payoff = Payoff((Fraction(a * b - c), Fraction(c - a), Fraction(b, 3)))
                nodes.append(Node(f"t{a}{b}{c}", "terminal", outcome=f"o{a}{b}{c}", payoff=payoff))
            nodes[b_index] = Node(
                f"c{a}{b}",
                "decision",
                player=2,
                infoset=f"C{b}",
                actions=tuple(f"z{c}" for c in range(5)),
                children=tuple(c_children),
            )
        nodes[a_index] = Node(
            f"b{a}",
            "decision",
            player=1,
            infoset=f"B{a}",
            actions=("left", "mid", "right", "far"),
            children=tuple(b_children),
        )
    nodes[0] = Node(
        "root",
        "decision",
        player=0,
        infoset="A",
        actions=("x", "y", "w"),
        children=tuple(a_children),
    )
    return ExtensiveGame(("A", "B", "C"), tuple(n for n in nodes if n is not None))


# --- what the figure shows ---------------------------------------------------------------------


def test_players_actions_chance_and_payoffs_are_written(extended):
    figure = draw_tree(extended)
    shown = texts(figure)
    assert [shown[f"player:{n}"] for n in ("attacker", "protege", "defender")] == [
        "Attacker",
        "Protégé",
        "Defender",
    ]
    assert shown["chance:pledge@defender"] == "Nature"
    for node, action in [("attacker", "attack"), ("attacker", "status quo"), ("protege", "yield")]:
        assert shown[f"action:{node}:{action}"] == action
    # Chance probabilities as expressions, set as mathtext.
    assert shown["action:pledge@defender:pledge binds"] == "pledge binds ($p$)"
    assert shown["action:pledge@defender:pledge free"] == "pledge free ($1 - p$)"
    # Symbolic payoffs, one line per player, each parameter by its declared symbol
    # (models/extended-deterrence.toml: cA = { ..., symbol = "c_A" }).
    assert shown["payoff:status_quo"].split("\n") == ["0", "0", "0"]
    assert shown["payoff:conquest"].split("\n") == ["$- e + v$", "$- v$", "$- v / 2$"]
    assert shown["payoff:abandoned"].split("\n")[0] == r"$- c_A - e + v \cdot w$"
    # Outcomes by their display names (models/extended-deterrence.toml: label = "Conquest").
    assert shown["outcome:conquest"] == "Conquest"
    assert shown["key"] == "Payoffs: Attacker, Protégé, Defender"
    assert not bold_edges(figure)


def test_numeric_payoffs_at_the_defaults(extended):
    # At the defaults (v = 1, e = 1/20): conquest pays the attacker v - e = 19/20.
    shown = texts(draw_tree(extended, payoffs="numeric"))
    assert shown["payoff:conquest"] == "19/20\n\N{MINUS SIGN}1\n\N{MINUS SIGN}1/2"
    assert shown["action:pledge@defender:pledge binds"] == "pledge binds (1/2)"


def test_equilibrium_actions_are_bold(extended):
    figure = draw_tree(extended, equilibrium=1)
    assert bold_edges(figure) == {
        "edge:attacker:attack",
        "edge:protege:resist",
        "edge:defender:abandon",
    }


def test_values_substitute_and_choose_the_equilibrium(extended):
    # p = 4/5 is above the threshold p* = 7/10 of the spec: the attack is deterred.
    figure = draw_tree(extended, equilibrium=1, values={"p": "0.8"})
    assert bold_edges(figure) == {
        "edge:attacker:status quo",
        "edge:protege:resist",
        "edge:defender:abandon",
    }
    assert texts(figure)["action:pledge@defender:pledge binds"] == "pledge binds (4/5)"


def test_an_equilibrium_given_itself_or_from_a_result(horse):
    result = dt.solve(horse)
    assert len(result.equilibria) == 2
    second = draw_tree(horse, result=result, equilibrium=2)
    assert bold_edges(second) == {"edge:one:down", "edge:two:across", "edge:left:L", "edge:right:L"}
    first = draw_tree(horse, equilibrium=result.equilibria[0])
    assert bold_edges(first) == {
        "edge:one:across",
        "edge:two:across",
        "edge:left:R",
        "edge:right:R",
    }


def test_a_mixed_equilibrium_shows_its_probabilities():
    game = read_text(PENNIES, name="pennies.toml", format="toml").game
    figure = draw_tree(game, equilibrium=1)
    shown = texts(figure)
    for node in ("row", "ch", "ct"):
        assert shown[f"action:{node}:heads"] == "heads (1/2)"
        assert shown[f"action:{node}:tails"] == "tails (1/2)"
    widths = {line.get_linewidth() for g, line in lines(figure).items() if g.startswith("edge:")}
    assert len(widths) == 1 and widths.pop() > 1.5  # every action is played: all bold
    assert "infoset:guess" in lines(figure)


def test_information_sets_are_joined_by_a_dashed_line(horse):
    figure = draw_tree(horse)
    drawn = lines(figure)
    infoset = drawn["infoset:three"]
    assert infoset.get_linestyle() == "--"  # type: ignore[attr-defined]
    assert drawn["edge:one:across"].get_linestyle() == "-"  # type: ignore[attr-defined]
    ends = {tuple(round(v, 6) for v in p) for p in infoset.get_xydata()}  # type: ignore[attr-defined]
    members = {
        tuple(round(v, 6) for v in drawn[f"node:{name}"].get_xydata()[0])  # type: ignore[attr-defined]
        for name in ("left", "right")
    }
    assert ends == members


def test_decomposition_shows_the_named_costs(extended):
    shown = texts(draw_tree(extended, decomposition=True))
    assert "(escalation)" in shown["payoff:conquest"]
    assert "(audience)" in shown["payoff:abandoned"]
    assert "(audience)" not in shown["payoff:conquest"]


def test_players_are_written_by_their_declared_symbols():
    game = read_text(SYMBOLS, name="symbols.toml", format="toml").game
    shown = texts(draw_tree(game))
    # At the nodes, the symbol as papers write it; the key under the tree names each player.
    assert shown["player:attacker"] == r"$\mathcal{A}$"
    # A symbol matplotlib's mathtext cannot typeset falls back to the display name; a player
    # with no symbol keeps its display name.
    assert shown["player:defender"] == "Defender"
    assert shown["player:third"] == "Third party"
    assert shown["key"] == r"Payoffs: Attacker ($\mathcal{A}$), Defender (D), Third party"
    assert shown["payoff:war"].split("\n")[0] == "$- c_A$"


def test_tikz_writes_players_by_their_declared_symbols():
    game = read_text(SYMBOLS, name="symbols.toml", format="toml").game
    tikz = tree_to_tikz(game)
    assert balanced(tikz)
    movers = [line for line in tikz.splitlines() if r"{$\mathcal{A}$}" in line]
    assert len(movers) == 1 and "anchor=" in movers[0]
    assert r"{$\bm{D}$}" in tikz  # LaTeX typesets what mathtext cannot
    assert r"{Third party}" in tikz
    assert r"Payoffs: Attacker ($\mathcal{A}$), Defender ($\bm{D}$), Third party" in tikz


def test_colour_style_and_a_given_axes(extended):
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    own = Figure(figsize=(6, 4))
    ax = own.add_subplot()
    figure = draw_tree(extended, equilibrium=1, style="color", ax=ax)
    assert figure is own
    assert to_hex(lines(figure)["edge:attacker:attack"].get_color()) == "#0072b2"  # type: ignore[attr-defined]


def _overlaps(figure) -> list[tuple[str, str]]:
    renderer = figure.canvas.get_renderer()
    boxes = [(t.get_gid(), t.get_window_extent(renderer)) for t in figure.axes[0].texts]
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if box_a.x0 < box_b.x1 - 0.5
        and box_b.x0 < box_a.x1 - 0.5
        and box_a.y0 < box_b.y1 - 0.5
        and box_b.y0 < box_a.y1 - 0.5
    ]


def test_sixty_leaves_fit_a_page_with_no_label_over_another():
    game = big_tree()
    assert len(game.terminals) == 60
    figure = draw_tree(game)
    width, height = figure.get_size_inches()
    assert width <= PAGE[0] + 1e-6 and height <= PAGE[1] + 1e-6
    sizes = {t.get_fontsize() for t in figure.axes[0].texts if t.get_gid() != "key"}
    assert min(sizes) >= MIN_FONT_SIZE
    assert len([t for t in figure.axes[0].texts if t.get_gid().startswith("payoff:")]) == 60
    assert _overlaps(figure) == []


def test_small_trees_have_no_label_over_another(extended, horse):
    for game in (extended, horse):
        assert _overlaps(draw_tree(game, equilibrium=1)) == []


def test_files_are_drawn(extended, tmp_path):
    import numpy as np
    from matplotlib.image import imread

    plain, bold = tmp_path / "plain.png", tmp_path / "bold.png"
    draw_tree(extended).savefig(plain, dpi=100)
    draw_tree(extended, equilibrium=1).savefig(bold, dpi=100)
    dark_plain = (np.asarray(imread(plain))[..., :3].mean(axis=2) < 0.5).sum()
    dark_bold = (np.asarray(imread(bold))[..., :3].mean(axis=2) < 0.5).sum()
    assert dark_plain > 2000  # text and lines, not a blank page
    assert dark_bold > dark_plain * 1.02  # the thicker equilibrium path
    svg = tmp_path / "tree.svg"
    draw_tree(extended, equilibrium=1).savefig(svg)
    text = svg.read_text(encoding="utf-8")
    for gid in ("edge:attacker:attack", "player:attacker", "payoff:conquest"):
        assert f'id="{gid}"' in text
    assert "<!-- Protégé -->" in text


def test_errors_are_spec_errors(extended):
    with pytest.raises(SpecError, match="no equilibrium 4"):
        draw_tree(extended, equilibrium=4)
    with pytest.raises(SpecError, match="unknown parameter `q`"):
        draw_tree(extended, values={"q": 1})
    with pytest.raises(SpecError, match="outside its bounds"):
        draw_tree(extended, values={"p": 2})
    with pytest.raises(SpecError, match="game tree is needed"):
        draw_tree(dt.load("chicken"))
    with pytest.raises(SpecError, match="payoffs"):
        draw_tree(extended, payoffs="exact")


# --- TikZ ------------------------------------------------------------------------------------


def balanced(tex: str) -> bool:
    depth = 0
    for char in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_tikz_is_well_formed_and_complete(extended):
    tikz = tree_to_tikz(extended, equilibrium=1)
    assert balanced(tikz)
    assert tikz.startswith(r"\begin{tikzpicture}") and tikz.rstrip().endswith(r"\end{tikzpicture}")
    for index, node in enumerate(extended.nodes):
        assert f"\\node[{node.kind}] (n{index})" in tikz
    edges = [line for line in tikz.splitlines() if line.startswith(r"\draw[")]
    assert len(edges) == len(extended.nodes) - 1
    assert sum(line.startswith(r"\draw[equilibrium]") for line in edges) == 3
    for label in ("Attacker", "Protégé", "Defender", "Nature", "status quo", "abandon",
                  "pledge binds ($p$)", "Status quo", r"$- c_A", "Payoffs:"):  # fmt: skip
        assert label in tikz, label
    assert "usepackage" not in tikz


def test_tikz_of_an_information_set(horse):
    tikz = tree_to_tikz(horse, equilibrium=2)
    assert balanced(tikz)
    infosets = [line for line in tikz.splitlines() if line.startswith(r"\draw[infoset]")]
    assert len(infosets) == 1
    assert sum(line.startswith(r"\draw[equilibrium]") for line in tikz.splitlines()) == 4


def test_tikz_is_fitted_to_the_text_width():
    tikz = tree_to_tikz(big_tree())
    assert balanced(tikz)
    assert "transform shape" in tikz.splitlines()[0]
    assert "transform shape" not in tree_to_tikz(big_tree(), width=None)


def _pdflatex(folder, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_tikz_compiles_in_a_plain_article(extended, horse, tmp_path):
    (tmp_path / "tree.tex").write_text(
        tree_to_tikz(extended, equilibrium=1, decomposition=True, style="color"), encoding="utf-8"
    )
    (tmp_path / "horse.tex").write_text(tree_to_tikz(horse, equilibrium=2), encoding="utf-8")
    (tmp_path / "table.tex").write_text(normal_form_to_latex(dt.load("chicken")), encoding="utf-8")
    # Symbols for players, in standard LaTeX (\\bm needs a package a plain article lacks).
    symbols = read_text(SYMBOLS.replace("bm{D}", "mathbf{D}"), name="s.toml", format="toml").game
    (tmp_path / "symbols.tex").write_text(tree_to_tikz(symbols), encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
        "\\input{tree.tex}\n\n\\input{horse.tex}\n\n\\input{table.tex}\n\n"
        "\\input{symbols.tex}\n\\end{document}\n",
        encoding="utf-8",
    )
    run = _pdflatex(tmp_path, "paper.tex")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "Overfull \\hbox" not in run.stdout
    (tmp_path / "alone.tex").write_text(tree_to_tikz(big_tree(), document=True), encoding="utf-8")
    run = _pdflatex(tmp_path, "alone.tex")
    assert run.returncode == 0, run.stdout[-2000:]
    if shutil.which("pdftotext"):
        subprocess.run(["pdftotext", "paper.pdf"], cwd=tmp_path, check=True, timeout=60)
        words = (tmp_path / "paper.txt").read_text(encoding="utf-8")
        for word in ("Attacker", "Defender", "abandon", "escalation", "Player 3", "swerve",
                     "Third party"):  # fmt: skip
            assert word in words


# --- normal forms ----------------------------------------------------------------------------


def test_best_responses_are_marked():
    table = normal_form_to_latex(dt.load("chicken"))
    assert balanced(table)
    rows = [line for line in table.splitlines() if "&" in line and "multicolumn" not in line]
    cells = [row.split(" & ")[2:] for row in rows]
    marked = [[cell.count(r"\underline") for cell in row] for row in cells]
    # Both payoffs marked exactly in the two pure equilibria: one swerves, one goes straight.
    assert marked == [[0, 2], [2, 0]]
    starred = normal_form_to_latex(dt.load("chicken"), mark="star")
    assert starred.count("^{*}") == 4


def test_a_tree_is_shown_by_its_reduced_normal_form():
    game = dt.load("classic-deterrence")
    if len(game.players) != 2:
        pytest.skip("not a two-player tree")
    table = normal_form_to_latex(game, payoffs="symbolic")
    assert balanced(table) and r"\begin{tabular}" in table


def test_interleaved_information_sets_bend_round_the_nodes_between():
    # Beer-quiche (Cho and Kreps 1987): the receiver's set after beer joins the weak and the
    # strong sender's nodes, with the weak sender's node after quiche drawn between them, and
    # the set after quiche the other way round. A straight dash would run through that node.
    from pathlib import Path

    from deterrence.figures.tree import infoset_paths, tree_content

    game = dt.load(str(Path(__file__).parent / "specs" / "beer-quiche.toml"))
    paths = {label: controls for label, _, controls in infoset_paths(tree_content(game))}
    assert set(paths) == {"after beer", "after quiche"}
    bulges = sorted(control[1] for controls in paths.values() for control in controls)
    assert all(c is not None for controls in paths.values() for c in controls)
    assert bulges[0] < bulges[1]  # the second set bends further, so the two stay apart
    figure = draw_tree(game)
    drawn = lines(figure)
    for label in paths:
        assert len(drawn[f"infoset:{label}"].get_xdata()) > 2  # a curve, not one dash
    assert tree_to_tikz(game).count(".. controls") == 2
    # A set with nothing between its nodes stays a straight dash.
    straight = dt.load("alliance-reliability")
    for _, ordered, controls in infoset_paths(tree_content(straight)):
        assert controls == [None] * (len(ordered) - 1)
