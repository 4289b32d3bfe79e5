"""Notebooks show results, thresholds and games as HTML, through the repr methods Jupyter
calls (``_repr_html_``, ``_repr_markdown_``, ``_repr_latex_``)."""

from __future__ import annotations

import deterrence as dt
from deterrence.spec import load_spec


def test_a_solve_result_displays_as_an_html_table_with_its_certificate() -> None:
    result = dt.solve(dt.load("extended-deterrence"))
    html = result._repr_html_()
    assert html.startswith("<div>") and html.count("<tr>") == 1 + len(result.equilibria)
    assert "certificate: exact zero regret" in html and "subgame perfect" in html
    assert result._repr_markdown_().startswith("## extended-deterrence: spe equilibria")


def test_a_nash_result_of_a_matrix_has_no_subgame_column() -> None:
    html = dt.solve(dt.load("chicken"))._repr_html_()
    assert "subgame perfect" not in html and html.count("<tr>") == 4  # header + 3 equilibria


def test_a_threshold_displays_its_closed_form_in_html_and_latex() -> None:
    result = dt.min_credibility(dt.load("extended-deterrence"))
    assert "closed form: p* = (-cA - e + v*w)/(v*(w - wD))" in result._repr_html_()
    latex = result._repr_latex_()
    assert latex.startswith(r"\[") and r"\frac" in latex


def test_a_game_displays_what_show_prints() -> None:
    for model in ("classic-deterrence", "chicken"):
        html = dt.load(model)._repr_html_()
        assert html.startswith("<div><pre>") and "Players" in html and "\x1b" not in html


def test_text_from_the_model_is_escaped() -> None:
    text = """
[model]
id = "esc"
title = "<script>alert(1)</script>"
[players]
A = "<b>attacker</b>"
[tree]
root = "n"
[tree.n]
player = "A"
actions = { "<go>" = "o1", stay = "o2" }
[outcomes.o1]
A = 1
[outcomes.o2]
A = 0
"""
    game = load_spec("esc.toml", text=text)
    for html in (game._repr_html_(), dt.solve(game)._repr_html_()):
        assert "<script>" not in html and "<b>" not in html and "<go>" not in html
        assert "&lt;" in html


def test_a_threshold_shows_the_declared_names_of_its_game() -> None:
    # extended-deterrence declares `symbol = "c_A"` (the default would be c_{A}) and
    # `label = "Status quo"` for its outcome `status_quo`.
    result = dt.min_credibility(dt.load("extended-deterrence"))
    assert "at which play reaches only Status quo" in result._repr_html_()
    latex = result._repr_latex_()
    assert latex.startswith(r"\[ p^* = \frac{- c_A - e + v w}{v \left(w - w_D\right)}")
    assert r"\frac{\partial p^*}{\partial c_A}" in latex and "cA" not in latex


DECLARED = """
[model]
id = "declared"
[players]
A = "Attacker"
D = "Defender"
[parameters]
cD = { value = 2, min = 0, symbol = "\\\\kappa" }
[tree]
root = "a"
[tree.a]
player = "A"
actions = { wait = "status_quo", go = "d" }
labels = { go = "Strike" }
[tree.d]
player = "D"
actions = { fight = "war", fold = "loss" }
labels = { fold = "Fold" }
[outcomes.status_quo]
label = "Peace"
A = 0
D = 0
[outcomes.war]
A = -1
D = "-cD"
[outcomes.loss]
label = "Defeat"
A = 1
D = -1
"""


def test_a_solve_result_shows_the_declared_names() -> None:
    from deterrence.game.notation import notation_of
    from deterrence.report.notebook import solve_html, solve_markdown

    game = load_spec("declared.toml", text=DECLARED)
    result = dt.solve(game, "nash")
    html = solve_html(result, notation_of(game))
    assert "A: Strike" in html and "D: Fold" in html and "Defeat" in html and "Peace" in html
    assert "loss" not in html and "status_quo" not in html and "status quo" not in html
    assert "but Fold is better by" in html
    markdown = solve_markdown(result, notation_of(game))
    assert "| A: Strike / D: Fold | Defeat |" in markdown and "| Peace |" in markdown
    # Without a notation argument, the result's own (its game's) applies: what a notebook
    # cell shows for dt.solve(...).
    assert solve_markdown(result) == markdown and solve_html(result) == html
    assert result._repr_markdown_() == markdown and "Peace" in result._repr_html_()
