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
