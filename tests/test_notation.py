"""Notation in the spec: symbols and display names declared, defaulted, checked, carried on
the game and used by tables and figures.

Known results: the defaults follow the usual typesetting of subscripted parameters
(``c_A`` for the attacker's cost, as in Fearon 1994, APSR 88(3), p. 580); the figures' strings
are read back from matplotlib's artists (``Axes.get_xlabel``, ``get_title``, ``texts``).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import deterrence as dt
from deterrence.errors import SpecError
from deterrence.game.notation import Notation, default_label, default_symbol, notation_of
from deterrence.spec.notation_checks import brace_problem

SPEC = """
[model]
id = "notation"

[players]
A = { name = "Attacker", symbol = "\\\\mathcal{A}" }
D = "Defender"

[parameters]
cA = { value = 1, min = 0, symbol = "c_A", label = "attacker's war cost" }
p  = { value = 0.5, min = 0, max = 1 }

[tree]
root = "attacker"

[tree.attacker]
player = "A"
actions = { attack = "defender", wait = "status_quo" }
labels = { wait = "hold back" }

[tree.defender]
player = "D"
actions = { fight = "war", yield = "conquest" }

[outcomes.status_quo]
label = "Status quo"
A = "0"
D = "0"

[outcomes.war]
A = "-cA"
D = "-1"

[outcomes.conquest]
A = "p"
D = "-p"
"""


def test_defaults() -> None:
    assert default_symbol("cA") == "c_{A}"
    assert default_symbol("cDef") == "c_{Def}"
    assert default_symbol("theta") == "\\theta"
    assert default_label("status_quo") == "status quo"
    n = Notation()
    assert n.symbol("wD") == "w_{D}" and n.outcome("status_quo") == "status quo"
    assert n.plan("status quo; back_down") == "status quo; back down"


def test_the_spec_declares_notation_and_the_game_carries_it(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(SPEC, encoding="utf-8")
    game = dt.load(path)
    n = notation_of(game)
    assert n.symbol("cA") == "c_A" and n.label("cA") == "attacker's war cost"
    assert n.symbol("p") == "p" and not n.has_label("p")
    assert n.player_symbol("A") == "\\mathcal{A}"
    assert n.action("wait") == "hold back" and n.action("attack") == "attack"
    assert n.outcome("status_quo") == "Status quo" and n.outcome("war") == "war"


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ('"c_{A"', "unbalanced braces: 1 `{` not closed"),
        ('"c_A}"', "closes nothing"),
        ("3", "expected a LaTeX symbol"),
        ('"' + "x" * 50 + '"', "at most 40 are allowed"),
        ('"$c$"', "must not contain `$`"),
    ],
)
def test_a_bad_symbol_is_reported_with_file_line_and_key(
    tmp_path: Path, symbol: str, expected: str
) -> None:
    text = SPEC.replace('symbol = "c_A"', f"symbol = {symbol}")
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        dt.load(path)
    message = str(caught.value)
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("cA"))) + 1
    assert f"bad.toml:{line}: parameters.cA.symbol" in message
    assert expected in message


def test_a_bad_symbol_exits_2_from_the_command_line(tmp_path: Path) -> None:
    from deterrence.cli.main import main

    path = tmp_path / "bad.toml"
    path.write_text(SPEC.replace('symbol = "c_A"', 'symbol = "c_{A"'), encoding="utf-8")
    assert main(["check", str(path)]) == 2


def test_escaped_braces_are_balanced() -> None:
    assert brace_problem("\\{x\\}") is None and brace_problem("{") is not None


def test_tables_use_symbols_and_display_names() -> None:
    pytest.importorskip("pandas")
    from deterrence.tables import table, to_latex, to_markdown

    frame = table("extended-deterrence", scenarios=["baseline", "credible-pledge"])
    latex = to_latex(frame)
    assert "$c_A = 0.4$" in latex and "$w_D = 0.3$" in latex  # declared symbols
    assert "Status quo" in latex and "status\\_quo" not in latex
    assert "Regret" not in latex and "Regret" in to_latex(frame, regret=True)
    markdown = to_markdown(frame)
    assert "Status quo" in markdown and "Regret" not in markdown


def test_a_nash_table_of_a_tree_says_which_equilibria_are_subgame_perfect() -> None:
    pytest.importorskip("pandas")
    from deterrence.tables import table, to_latex

    frame = table("classic-deterrence", scenarios=["baseline"], concept="nash")
    assert "subgame_perfect" in frame.columns
    assert set(frame["subgame_perfect"]) <= {True, False}
    assert frame["subgame_perfect"].any() and not frame["subgame_perfect"].all()
    assert "SPE" in to_latex(frame)


def _strings(ax) -> list[str]:  # type: ignore[no-untyped-def]
    legend = ax.get_legend()
    texts = [t.get_text() for t in ax.texts]
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()]
    return [ax.get_xlabel(), ax.get_ylabel(), ax.get_title(), *texts]


def test_a_regions_figure_draws_display_names_and_symbols() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from deterrence.figures import plot_regions

    ax = plot_regions(dt.load("extended-deterrence"), "p", "a", resolution=40, ylim=(0, 0.3))
    xlabel, ylabel, title, *texts = _strings(ax)
    assert xlabel == "pledge credibility ($p$)" and ylabel == "audience cost ($a$)"
    assert title.startswith("Extended deterrence") and "extended-deterrence" not in title
    assert texts and any("Status quo" in t for t in texts)
    assert not any("status_quo" in t for t in texts)
    plt.close(ax.figure)


def test_a_threshold_figure_draws_symbols() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from deterrence.figures import plot_threshold

    ax = plot_threshold(dt.load("extended-deterrence"), "cA", xlim=(0, 1), num=21)
    assert ax.get_xlabel() == "attacker's war cost ($c_A$)"
    assert ax.get_title().endswith("the least pledge credibility that deters ($p^*$)")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("c_A" in t and "w_D" in t for t in legend)  # the closed forms, by symbol
    assert any("Status quo" in t for t in legend) and not any("status_quo" in t for t in legend)
    plt.close(ax.figure)


def test_a_symbol_mathtext_cannot_parse_falls_back_to_the_name() -> None:
    pytest.importorskip("matplotlib")
    from deterrence.figures.axes import axis_label, mathtext
    from deterrence.game.parameters import Parameter

    assert mathtext("\\notacommand{x}", "x") == "x"
    n = Notation.of(symbols={"x": "\\notacommand{x}"})
    assert axis_label(Parameter("x"), n) == "x"


def _deterrable(tmp_path: Path) -> dt.Game:
    # The defender fights where cA < p, so the attacker holds back there and attacks elsewhere.
    path = tmp_path / "m.toml"
    path.write_text(SPEC.replace('D = "-1"', 'D = "-cA"'), encoding="utf-8")
    return dt.load(path)


def test_region_descriptions_use_the_specs_labels_and_symbols(tmp_path: Path) -> None:
    from deterrence.report.regions import regions_to_dict, regions_to_latex, regions_to_text

    regions = dt.analyse(_deterrable(tmp_path), ["cA", "p"])
    text = regions_to_text(regions)
    assert "A: hold back" in text and "outcome: Status quo" in text and "outcome: conquest" in text
    assert "status_quo" not in text and "wait" not in text
    assert "cA - p > 0" in text  # conditions are typed back: ids stay
    latex = regions_to_latex(regions)
    assert r"\text{Status quo} & " in latex and "c_A" in latex and "cA" not in latex
    data = regions_to_dict(regions)
    assert {"status_quo": "1"} in [r["outcomes"] for r in data["regions"]]  # JSON: ids
    written = " ".join(c for r in data["regions"] for c in r["latex"])
    assert "c_A" in written and "cA" not in written


def test_pieces_and_thresholds_use_the_specs_labels_and_symbols(tmp_path: Path) -> None:
    from deterrence.report.pieces import pieces_to_latex, pieces_to_text
    from deterrence.report.threshold import threshold_to_latex, threshold_to_text

    game = _deterrable(tmp_path)
    along = dt.analyse(game, ["cA"])
    text = pieces_to_text(along)
    assert "A: hold back" in text and "outcome: Status quo" in text and "status_quo" not in text
    latex = pieces_to_latex(along)
    assert r"\text{Status quo} & 0 < c_A < \frac{1}{2}" in latex and "cA" not in latex
    result = dt.threshold(game, "cA", ["status_quo"], direction="greatest", numeric=False)
    assert result.latex == "p"
    assert threshold_to_latex(result).startswith(r"\[ c_A^* = p")
    words = threshold_to_text(result)
    assert "the greatest cA at which play reaches only Status quo" in words
    assert "closed form: cA* = p" in words


def test_solve_results_in_text_and_markdown_use_the_specs_labels(tmp_path: Path) -> None:
    from rich.console import Console

    from deterrence.report.markdown import result_to_markdown
    from deterrence.report.text import result_renderable

    game = _deterrable(tmp_path)
    result = dt.solve(game, cA="0.2")
    markdown = result_to_markdown(result, notation_of(game))
    assert "| A: hold back / D: fight | Status quo |" in markdown
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(result_renderable(result, notation_of(game)))
    shown = console.export_text()
    assert "hold back" in shown and "Status quo" in shown and "status_quo" not in shown
    # Without a notation argument, the result's own: the game it solved declared these.
    assert result_to_markdown(result) == markdown
    # A notation given wins: the defaults, where underscores become spaces.
    assert "| A: wait / D: fight | status quo |" in result_to_markdown(result, Notation())
