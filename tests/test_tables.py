"""``deterrence.tables``: every value equals the solver's answer for its row, and every
rendering says the same as the frame."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import deterrence as dt
from deterrence.errors import SolverError, SpecError
from deterrence.load import bundled_models
from deterrence.optional import MissingExtra
from deterrence.spec import read_spec
from deterrence.tables import Mixture, table, to_csv, to_html, to_json, to_latex, to_markdown
from deterrence.tables.latex import PREAMBLE
from deterrence.tables.numbers import decimal, escape_latex, text_cell

pd = pytest.importorskip("pandas")

MODELS = list(bundled_models())


def scenarios_of(model: str) -> dict[str, dict[str, Fraction]]:
    return read_spec(bundled_models()[model]).scenarios


@pytest.mark.parametrize("model", MODELS)
def test_every_equilibrium_row_is_the_solvers_answer(model: str) -> None:
    game = dt.load(model)
    frame = table(model)
    scenarios = scenarios_of(model)
    assert list(dict.fromkeys(frame["scenario"])) == list(scenarios)
    for name, values in scenarios.items():
        rows = frame[frame["scenario"] == name]
        result = dt.solve(game, values=values)
        assert len(rows) == len(result.equilibria) >= 1
        for (_, row), eq in zip(rows.iterrows(), result.equilibria, strict=True):
            for player, mixed, payoff in zip(game.players, eq.mixed, eq.payoffs, strict=True):
                assert row[f"strategy_{player}"] == dict(mixed)
                assert row[f"payoff_{player}"] == payoff
                assert isinstance(row[f"payoff_{player}"], Fraction)
            assert row["outcome"] == dict(eq.outcomes)
            assert row["regret"] == 0
        for column, parameter in frame.attrs["parameters"].items():
            expected = values.get(
                parameter, next(p.value for p in game.parameters if p.name == parameter)
            )
            assert set(rows[column]) == {expected}


def test_parameters_that_vary_are_columns_the_rest_are_notes() -> None:
    frame = table("extended-deterrence")
    assert frame.attrs["parameters"] == {"a": "a", "p": "p"}
    fixed = frame.attrs["fixed"]["extended-deterrence"]
    assert "p" not in fixed and "a" not in fixed and fixed["cA"] == Fraction(2, 5)
    assert list(frame.columns[:5]) == ["model", "scenario", "a", "p", "equilibrium"]
    single = table("extended-deterrence", scenarios=["default"])
    assert single.attrs["parameters"] == {}
    assert single.attrs["fixed"]["extended-deterrence"]["p"] == Fraction(1, 2)


def test_scenarios_as_data_and_values_for_every_row() -> None:
    frame = table(
        "extended-deterrence",
        scenarios={"weak": {"p": "0.2"}, "strong": {"p": Fraction(9, 10)}},
        values={"a": "0.05"},
    )
    assert list(frame["scenario"]) == ["weak", "strong"]
    assert list(frame["p"]) == [Fraction(1, 5), Fraction(9, 10)]
    assert frame.attrs["fixed"]["extended-deterrence"]["a"] == Fraction(1, 20)
    strong = dt.solve(dt.load("extended-deterrence"), p="0.9", a="0.05")
    assert frame.iloc[1]["outcome"] == dict(strong.equilibria[0].outcomes)


def test_a_game_object_has_one_default_row() -> None:
    frame = table(dt.load("classic-deterrence"))
    assert list(frame["scenario"]) == ["default"]
    assert frame.iloc[0]["outcome"] == {"SQ": 1}


def test_errors_name_the_problem() -> None:
    with pytest.raises(SpecError) as caught:
        table("extended-deterrence", scenarios=["credible-pldge"])
    assert caught.value.diagnostics[0].suggestion == "did you mean `credible-pledge`?"
    with pytest.raises(SpecError, match="set both by scenario `baseline`"):
        table("extended-deterrence", values={"p": "0.9"})
    with pytest.raises(SpecError, match="unknown parameter `q`"):
        table("extended-deterrence", values={"q": 1})
    with pytest.raises(SpecError, match="outside its bounds"):
        table("extended-deterrence", scenarios={"x": {"p": 2}})
    with pytest.raises(SolverError, match="not both"):
        table("extended-deterrence", regions=True, thresholds=True)
    with pytest.raises(SolverError, match="name the parameter that moves in `chicken`"):
        table("chicken", thresholds=True)
    with pytest.raises(SolverError, match="did you mean `chicken`"):
        table("chicken", regions=True, param={"chickn": "L"})


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"deterrence\[tables\]"):
        table("chicken")


def _inside(condition: sympy.Basic) -> dict[sympy.Symbol, sympy.Rational]:
    """A rational point strictly inside a one-parameter interval condition."""
    parts = condition.args if isinstance(condition, sympy.And) else (condition,)
    low = high = None
    symbol = None
    for part in parts:
        symbol = part.lhs
        if isinstance(part, sympy.StrictGreaterThan):
            low = part.rhs
        else:
            high = part.rhs
    assert symbol is not None
    if low is None:
        low = high - 2
    if high is None:
        high = low + 2
    return {symbol: (low + high) / 2}


@pytest.mark.parametrize(
    ("model", "param", "values"),
    [
        ("extended-deterrence", None, {"p": "0.5"}),
        ("extended-deterrence", None, {"a": "0.5"}),
        ("classic-deterrence", "a", {}),
        ("chicken", "L", {"e": "0.25"}),
    ],
)
def test_every_region_row_is_the_solvers_answer_inside_it(model, param, values) -> None:
    game = dt.load(model)
    frame = table(model, regions=True, param=param, scenarios={"row": values})
    assert len(frame) >= 1
    for _, row in frame.iterrows():
        point = _inside(row["condition"])
        ((symbol, x),) = point.items()
        at = {**{k: Fraction(v) for k, v in values.items()}, symbol.name: Fraction(str(x))}
        result = dt.solve(game, values=at)
        matching = [
            eq
            for eq in result.equilibria
            if all(
                row[f"strategy_{p}"] == {}
                or {k: sympy.sympify(v).xreplace(point) for k, v in row[f"strategy_{p}"].items()}
                == {k: v for k, v in m.items() if v}
                for p, m in zip(game.players, eq.mixed, strict=True)
            )
        ]
        assert len(matching) == 1, (row.to_dict(), result.equilibria)
        eq = matching[0]
        outcome = {k: sympy.sympify(v).xreplace(point) for k, v in row["outcome"].items()}
        assert outcome == dict(eq.outcomes)
        for p, payoff in zip(game.players, eq.payoffs, strict=True):
            assert sympy.sympify(row[f"payoff_{p}"]).xreplace(point) == payoff


def test_regions_over_two_parameters_hold_their_conditions() -> None:
    frame = table("extended-deterrence", regions=True, param=["p", "a"], scenarios=["default"])
    assert len(frame) == 4
    game = dt.load("extended-deterrence")
    symbols = {q.name: q.symbol for q in game.parameters}
    a, p = symbols["a"], symbols["p"]
    points = [
        {p: sympy.Rational(9, 10), a: sympy.Rational(1, 5)},
        {p: sympy.Rational(1, 2), a: sympy.Rational(1, 10)},
        {p: sympy.Rational(1, 5), a: sympy.Rational(1, 10)},
        {p: sympy.Rational(4, 5), a: sympy.Rational(1, 10)},
    ]
    held = [0] * len(points)
    for _, row in frame.iterrows():
        for n, point in enumerate(points):
            if row["condition"].xreplace(point) is sympy.true:
                held[n] += 1
                result = dt.solve(game, p=Fraction(str(point[p])), a=Fraction(str(point[a])))
                expected = {k: v for k, v in result.equilibria[0].outcomes.items()}
                got = {k: sympy.sympify(v).xreplace(point) for k, v in row["outcome"].items()}
                assert got == expected
    assert held == [1, 1, 1, 1]  # each point lies in exactly one region


def test_threshold_rows_are_min_credibility() -> None:
    frame = table("extended-deterrence", thresholds=True)
    game = dt.load("extended-deterrence")
    for _, row in frame.iterrows():
        values = {
            k: v
            for k, v in scenarios_of("extended-deterrence")[row["scenario"]].items()
            if k != "p"
        }
        result = dt.min_credibility(game, values=values)
        assert row["status"] == result.status
        assert row["closed_form"] == result.symbolic
        assert row["numeric"] == result.numeric
        if result.status == "threshold":
            assert row["value"] == Fraction(str(result.value))
            assert isinstance(row["conditions"], sympy.And)
            step = Fraction(1, 1000)
            above = dt.solve(game, values={**values, "p": row["value"] + step})
            below = dt.solve(game, values={**values, "p": row["value"] - step})
            assert [dict(e.outcomes) for e in above.equilibria] == [{"status_quo": 1}]
            assert all("status_quo" not in e.outcomes for e in below.equilibria)
    baseline = frame[frame["scenario"] == "baseline"].iloc[0]
    assert baseline["value"] == Fraction(7, 10)
    assert "p" not in frame.columns  # the moving parameter is no column and no note
    assert "p" not in frame.attrs["fixed"]["extended-deterrence"]


def test_several_models_side_by_side() -> None:
    frame = table(
        ["extended-deterrence", "classic-deterrence", "audience-cost-crisis"],
        thresholds=True,
        scenarios=["baseline"],
        param={"classic-deterrence": "a", "audience-cost-crisis": "a"},
        deterred={"classic-deterrence": ["W"], "audience-cost-crisis": ["concession"]},
    )
    assert list(frame["model"]) == [
        "extended-deterrence",
        "classic-deterrence",
        "audience-cost-crisis",
    ]
    assert list(frame["value"]) == [Fraction(7, 10), Fraction(1), Fraction(1, 20)]
    classic = dt.threshold(dt.load("classic-deterrence"), "a", ["W"])
    assert frame.iloc[1]["closed_form"] == classic.symbolic
    equilibria = table(["extended-deterrence", "chicken"], scenarios=["baseline"])
    assert {"payoff_A", "payoff_R", "strategy_D", "strategy_C"} <= set(equilibria.columns)
    chicken = equilibria[equilibria["model"] == "chicken"]
    assert len(chicken) == 3 and chicken["payoff_A"].isna().all()
    assert set(equilibria.attrs["concepts"].values()) == {"spe", "nash"}


# --- renderings ---------------------------------------------------------------------------


def _unescaped(text: str, char: str) -> int:
    return len(re.findall(r"(?<!\\)" + re.escape(char), text))


def _tabular(latex: str) -> tuple[str, list[list[str]]]:
    spec = re.search(r"\\begin\{tabular(?:x|\*)\}\{\\linewidth\}\{(.*)\}\n", latex)
    assert spec is not None
    body = latex.split("\\midrule", 1)[1].split("\\bottomrule")[0]
    rows = [
        line.strip()[: -len("\\\\")].strip()
        for line in body.splitlines()
        if line.strip().endswith("\\\\")
        and not line.strip().startswith(("\\midrule", "\\multicolumn"))
    ]
    # A nested tabular (the stacked payoffs) has its own `&`: split outside it only.
    return spec.group(1), [_cells(row) for row in rows]


def _cells(row: str) -> list[str]:
    cells, depth, current = [], 0, ""
    for piece in re.split(r"(\\begin\{tabular\}|\\end\{tabular\}|(?<!\\)&)", row):
        if piece == "\\begin{tabular}":
            depth += 1
        elif piece == "\\end{tabular}":
            depth -= 1
        if piece == "&" and depth == 0:
            cells.append(current)
            current = ""
        else:
            current += piece
    return [*cells, current]


def _column_count(spec: str) -> int:
    spec = spec.replace("@{\\extracolsep{\\fill}}", "")
    spec = re.sub(r">\{[^}]*\}", "", spec)
    return len(re.findall(r"[lrcX]", spec))


def check_latex(latex: str, frame: pd.DataFrame) -> None:
    for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
        assert latex.count(rule) >= 1
    assert "\\hline" not in latex and "\\vline" not in latex
    spec, rows = _tabular(latex)
    assert "|" not in spec
    players = sum(str(c).startswith("strategy_") for c in frame.columns)
    # One column per column of the frame, but one for the strategy profile, one for the
    # payoffs, none for the model (it heads its rows) and the regret (shown on request).
    dropped = {"model", "regret", "numeric"} & set(frame.columns)
    expected = len(frame.columns) - len(dropped) - max(players - 1, 0) * 2
    assert _column_count(spec) == expected
    assert len(rows) == len(frame)
    for cells in rows:
        assert len(cells) == expected
        for cell in cells:
            assert _unescaped(cell, "$") % 2 == 0, cell
    assert _unescaped(latex, "{") == _unescaped(latex, "}")
    assert latex.count("\\begin{") == latex.count("\\end{")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"regions": True},
        {"thresholds": True},
    ],
)
def test_latex_structure(kwargs) -> None:
    frame = table("extended-deterrence", **kwargs)
    latex = to_latex(frame, caption="Equilibria & thresholds", label="tab:ext", exact=True)
    check_latex(latex, frame)
    assert "\\caption{Equilibria \\& thresholds}" in latex
    assert "\\label{tab:ext}" in latex
    assert "\\begin{table}" in latex and latex.endswith("\\end{table}\n")
    # The model declares the symbol c_A for cA (models/extended-deterrence.toml).
    assert "Parameters held fixed" in latex and "$c_A = \\frac{2}{5}$" in latex
    if kwargs.get("regions"):
        assert "$\\frac{3}{10} < p < \\frac{7}{10}$" in latex
    if kwargs.get("thresholds"):
        assert "\\frac{- c_A - e + v w}{v \\left(w - w_D\\right)}" in latex
        assert "\\newline" in latex  # the conditions, one a line


def test_latex_numbers_and_escapes() -> None:
    frame = table("extended-deterrence", scenarios={"a_b & 50% #1 $": {"p": "0.8"}, "plain": {}})
    decimals = to_latex(frame, digits=2)
    check_latex(decimals, frame)
    assert "a\\_b \\& 50\\% \\#1 \\$" in decimals and "Status quo" in decimals
    assert "$-0.53$" in decimals and "$0.8$" in decimals  # -21/40 rounded half away from 0
    exact = to_latex(frame, exact=True, fraction="slash")
    assert "$-21/40$" in exact and "\\frac" not in exact
    assert "$\\frac{1}{2}$ War" in to_latex(frame, exact=True)
    assert "Notes" not in to_latex(frame, notes=False)
    assert "Our own note\\_1." in to_latex(frame, notes="Our own note_1.")


def test_number_formatting() -> None:
    assert decimal(Fraction(7, 10), 3) == "0.7"
    assert decimal(Fraction(1, 3), 2) == "0.33"
    assert decimal(Fraction(-1, 2000), 3) == "-0.001"
    assert decimal(Fraction(-1, 3000), 3) == "0"
    assert decimal(Fraction(5, 2), 0) == "3"
    assert escape_latex("~^\\") == "\\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
    mix = Mixture({"swerve": Fraction(9, 10), "straight": Fraction(1, 10)})
    assert text_cell(mix, exact=False, digits=1) == "0.9 swerve + 0.1 straight"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine (pdflatex) on PATH")
def test_latex_compiles(tmp_path: Path) -> None:
    body = "\n".join(
        to_latex(table("extended-deterrence", **kwargs), caption="x", label=f"tab:{n}")
        for n, kwargs in enumerate([{}, {"regions": True}, {"thresholds": True}])
    )
    body += to_latex(table("chicken"), caption="wide", label="tab:wide", width="\\linewidth")
    document = (
        "\\documentclass{article}\n" + PREAMBLE + "\\usepackage{graphicx}\n"
        "\\usepackage[margin=0.5in,landscape]{geometry}\n\\begin{document}\n"
        + body
        + "\\end{document}\n"
    )
    (tmp_path / "t.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def _markdown_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [
        [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        for line in lines
    ]


@pytest.mark.parametrize("kwargs", [{}, {"regions": True}, {"thresholds": True}])
def test_markdown_round_trip(kwargs) -> None:
    frame = table("extended-deterrence", **kwargs)
    for exact in (True, False):
        rows = _markdown_rows(to_markdown(frame, exact=exact, digits=4, regret=True, numeric=True))
        assert len(rows[0]) == len(frame.columns)
        assert all(set(cell) <= set("-:") for cell in rows[1])
        assert len(rows) == len(frame) + 2
        words = ("strategy_", "payoff_", "outcome", "deterred", "subgame_perfect")
        for cells, (_, row) in zip(rows[2:], frame.iterrows(), strict=True):
            for cell, (column, value) in zip(cells, row.items(), strict=True):
                if not str(column).startswith(words):  # those are written with display names
                    assert cell == text_cell(value, exact=exact, digits=4)
    text = to_markdown(table("chicken", scenarios=["baseline"]), exact=True)
    assert "| 9/10 swerve + 1/10 straight |" in text
    assert "Regret" not in text and "Payoff (Row state)" in text


def test_csv_round_trip() -> None:
    frame = table("chicken")
    back = pd.read_csv(io.StringIO(to_csv(frame, exact=True)), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(frame.columns)
    for column in ("payoff_R", "payoff_C", "regret", "L"):
        assert [Fraction(v) for v in back[column]] == list(frame[column])
    assert list(back["strategy_R"]) == [str(v) for v in frame["strategy_R"]]
    floats = pd.read_csv(io.StringIO(to_csv(frame, exact=False)))
    assert list(floats["payoff_R"]) == [float(v) for v in frame["payoff_R"]]
    regions = table("extended-deterrence", regions=True, scenarios=["baseline"])
    back = pd.read_csv(io.StringIO(to_csv(regions)), dtype=str)
    symbols = {q.name: q.symbol for q in dt.load("extended-deterrence").parameters}
    assert [sympy.sympify(c, locals=symbols) for c in back["condition"]] == list(
        regions["condition"]
    )
    assert [sympy.sympify(v, locals=symbols) for v in back["payoff_A"]] == [
        sympy.sympify(v) for v in regions["payoff_A"]
    ]


def test_json_round_trip() -> None:
    frame = table("extended-deterrence")
    exact = json.loads(to_json(frame, exact=True))
    assert len(exact) == len(frame)
    for record, (_, row) in zip(exact, frame.iterrows(), strict=True):
        assert set(record) == set(frame.columns)
        assert Fraction(record["payoff_D"]) == row["payoff_D"]
        assert {k: Fraction(v) for k, v in record["outcome"].items()} == row["outcome"]
        assert record["equilibrium"] == row["equilibrium"]
    numbers = json.loads(to_json(frame))
    assert numbers[0]["payoff_D"] == -0.525 and numbers[0]["outcome"] == {
        "war": 0.5,
        "abandoned": 0.5,
    }
    thresholds = json.loads(
        to_json(table("chicken", thresholds=True, param="L", deterred=["compromise"]))
    )
    assert {r["status"] for r in thresholds} == {"never"}
    assert all(r["value"] is None for r in thresholds)


def test_html_is_escaped_and_formatted() -> None:
    frame = table("extended-deterrence", scenarios={"<b>&": {}})
    html = to_html(frame, digits=2)
    assert "&lt;b&gt;&amp;" in html and "<b>" not in html
    assert "-0.53" in html and html.startswith("<table")
    # For people, as Markdown is: display names, headers in words, no regret unless asked.
    assert "<td>0.5 War + 0.5 Protégé abandoned</td>" in html
    assert "<th>Payoff (Defender)</th>" in html and "Regret" not in html
    assert "<th>Regret</th>" in to_html(frame, regret=True)


def test_the_human_renderings_share_which_columns_they_show() -> None:
    frame = table("extended-deterrence", thresholds=True, scenarios=["baseline"])
    for numeric in (False, True):
        markdown = to_markdown(frame, numeric=numeric)
        html = to_html(frame, numeric=numeric)
        latex = to_latex(frame, numeric=numeric)
        assert {"Numeric check" in text for text in (markdown, html, latex)} == {numeric}


def test_a_wide_table_can_be_scaled_to_a_width() -> None:
    text = to_latex(table("chicken"), width="\\linewidth")
    lines = text.splitlines()
    start = lines.index("  \\resizebox{\\linewidth}{!}{%")
    assert lines[start + 1] == "  \\begin{tabularx}{\\linewidth}" or lines[start + 1].startswith(
        "  \\begin{tabularx}"
    )
    assert lines[lines.index("  \\end{tabularx}") + 1] == "  }"
    assert "resizebox" not in to_latex(table("chicken"))
