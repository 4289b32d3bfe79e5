"""``deterrence report`` and ``model_report``: the page's numbers, read back, are those of
``dt.solve`` and ``dt.threshold``.

The model is the bundled tripwire game (Schelling 1966, Arms and Influence, ch. 2; the fait
accompli after Altman 2017). Its spec states the closed forms the page must show: the patron's
defence is credible above the deployment n* = (cD - v)/k (2 at the defaults: cD = 2, v = 1,
k = 1/2), and a tripwire of n = 3 deters while a fait accompli with f = 3/5 > cA/(v + cA) = 1/2
does not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")

import deterrence as dt
from deterrence.cli.main import main
from deterrence.figures.model_report import model_report
from deterrence.load import bundled_models
from deterrence.report.threshold import comparative_statics
from deterrence.spec import read_spec

SCENARIOS = {
    "default": {},
    "baseline": {"n": 1},
    "tripwire": {"n": 3},
    "fait-accompli": {"n": 3, "f": Fraction(3, 5)},
}


TRIPWIRE = bundled_models()["tripwire"].read_text(encoding="utf-8")
#: The tripwire spec without its [report] table: the report's own choices.
BASE = TRIPWIRE.split("\n[report]", 1)[0]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    spec = folder / "tripwire.toml"
    spec.write_text(BASE, encoding="utf-8")
    status = main(["report", str(spec), "-o", str(folder / "out"), "--quiet"])
    folder = folder / "out"
    assert status == 0
    return folder


@pytest.fixture(scope="module")
def page(written):
    return (written / "tripwire.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def game():
    return dt.load("tripwire")


def table_rows(page: str) -> list[list[str]]:
    section = page.split("## Equilibria by scenario", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    assert header[:5] == ["scenario", "values", "#", "strategies", "outcome"]
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows[1:]]


def test_the_files_are_written(written, page):
    for name in (
        "tripwire.md",
        "tripwire.tex",
        "tripwire-tree.png",
        "tripwire-tree.pdf",
        "tripwire-tree.tex",
    ):
        assert (written / name).stat().st_size > 0, name
    assert (written / "tripwire-tree.png").read_bytes().startswith(b"\x89PNG")
    assert "![The game tree of tripwire](tripwire-tree.png)" in page
    assert page.startswith("# `tripwire`: Tripwire")
    assert "**Source.** Schelling (1966)" in page


def test_every_scenario_and_its_equilibria_agree_with_solve(page, game):
    rows = table_rows(page)
    assert [row[0] for row in rows] == list(SCENARIOS)
    scenarios = read_spec(bundled_models()["tripwire"]).scenarios
    for row in rows:
        name = row[0]
        values = scenarios.get(name, {})
        assert values == SCENARIOS[name]
        result = dt.solve(game, values=values)
        assert int(row[2]) == 1 and len(result.equilibria) == 1
        eq = result.equilibria[0]
        assert [Fraction(v) for v in row[5:7]] == list(eq.payoffs)
        outcomes = {}
        for part in row[4].split(" + "):
            weight, _, label = part.partition(" ")
            if not re.fullmatch(r"\d+(/\d+)?", weight):
                weight, label = "1", part
            outcomes[label] = Fraction(weight)
        # Outcomes by their display names (underscores become spaces).
        assert outcomes == {k.replace("_", " "): v for k, v in eq.outcomes.items() if v}
        assert row[7] == "yes"
    # The tripwire deters; the fait accompli defeats it (the spec's description).
    by_name = {row[0]: row for row in rows}
    assert by_name["tripwire"][4] == "status quo"
    assert "fait accompli" in by_name["fait-accompli"][4]


def thresholds_on(page: str) -> dict[tuple[str, str], dict[str, str]]:
    found = {}
    for block in page.split("\n### ")[1:]:
        head = block.splitlines()[0]
        match = re.match(
            r"(\w+)\*: the (least|greatest) (\w+) at which play reaches only (.+)", head
        )
        assert match, head
        name, direction = match.group(1), match.group(2)
        entry = {"outcomes": match.group(4)}
        closed = re.search(rf"Closed form: `{name}\* = (.+?)`", block)
        value = re.search(rf"At the defaults: `{name}\* = (.+?)`", block)
        entry["closed"] = closed.group(1) if closed else ""
        entry["value"] = value.group(1) if value else ""
        entry["statics"] = re.findall(rf"- `d{name}\*/d(\w+) = (.+?)` \((\w+)\)", block)
        found[name, direction] = entry
    return found


def test_every_threshold_agrees_with_threshold(page, game):
    shown = thresholds_on(page)
    # The deployment that makes the defence credible, as the spec states it.
    assert shown["n", "least"]["closed"] == "(cD - v)/k"
    assert shown["n", "least"]["value"] == "2"
    for (name, direction), entry in shown.items():
        result = dt.threshold(game, name, ["status_quo"], direction=direction, numeric=False)
        assert result.status == "threshold"
        assert entry["outcomes"] == "status quo"  # by its display name
        assert entry["closed"] == str(result.symbolic)
        assert Fraction(entry["value"]) == Fraction(str(result.value))
        statics = {p: (d, s) for p, d, s in entry["statics"]}
        expected = {
            e["parameter"]: (e["derivative"], e["sign"]) for e in comparative_statics(result)
        }
        assert statics == expected
        assert set(statics) == {s.name for s in result.symbolic.free_symbols}
    # Thresholds the page leaves out have none inside the range.
    for p in game.parameters:
        for direction in ("least", "greatest"):
            if (p.name, direction) not in shown:
                result = dt.threshold(
                    game, p.name, ["status_quo"], direction=direction, numeric=False
                )
                assert result.status != "threshold"


def test_comparative_statics_signs(page):
    statics = {p: (d, s) for p, d, s in thresholds_on(page)["n", "least"]["statics"]}
    # n* = (cD - v)/k rises with the cost of war and falls with the stakes and with k.
    assert statics == {
        "cD": ("1/k", "positive"),
        "k": ("(-cD + v)/k**2", "negative"),
        "v": ("-1/k", "negative"),
    }


def balanced(tex: str) -> bool:
    depth = 0
    for char in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_the_latex_fragment(written):
    tex = (written / "tripwire.tex").read_text(encoding="utf-8")
    assert balanced(tex)
    assert r"\input{tripwire-tree.tex}" in tex
    # Parameters by their symbols: tripwire declares none, so cD is written c_{D} by default.
    assert r"n^* = \frac{c_{D} - v}{k}" in tex
    assert "fait-accompli & n = 3, f = 3/5" in tex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_latex_fragment_compiles(written):
    (written / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage{tikz,amsmath}\n\\begin{document}\n"
        "\\input{tripwire.tex}\n\\end{document}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"],
        cwd=written,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "Overfull \\hbox" not in done.stdout


def test_chosen_thresholds_and_regions(tmp_path, game):
    report = model_report(
        "tripwire",
        tmp_path,
        thresholds=["n", "f:greatest"],
        regions=("n", "f"),
        region_resolution=24,
    )
    page = report.markdown.read_text(encoding="utf-8")
    assert [(t.parameter, t.direction) for t in report.thresholds] == [
        ("n", "least"),
        ("f", "greatest"),
    ]
    assert "Never: the condition holds nowhere" in page  # f at n = 1: no fait accompli deters
    assert "![The equilibrium regions of tripwire](tripwire-regions.png)" in page
    assert (tmp_path / "tripwire-regions.png").read_bytes().startswith(b"\x89PNG")
    tex = report.latex.read_text(encoding="utf-8")
    assert r"\includegraphics[width=\linewidth]{tripwire-regions.pdf}" in tex and balanced(tex)


def test_a_matrix_game_has_no_tree(tmp_path):
    report = model_report("chicken", tmp_path, thresholds=[])
    page = report.markdown.read_text(encoding="utf-8")
    assert "## The game tree" not in page
    assert "| default |" in page


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--threshold", "q"], "unknown parameter `q`"),
        (["--threshold", "n:most"], "unknown direction"),
        (["--regions", "n"], "expected X,Y"),
        (["--equilibrium", "3"], "no equilibrium 3"),
        (["--set", "q=1"], "q"),
        (["--regions", "n,q"], "unknown parameter `q`"),
        (["--deterred", "peace"], "unknown outcome `peace`"),
    ],
)
def test_errors_exit_2(capsys, tmp_path, argv, message):
    status = main(["report", "tripwire", *argv, "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # refused before anything is written


def test_a_folder_is_needed(capsys):
    assert main(["report", "tripwire", "-o", "-"]) == 2
    assert "folder" in capsys.readouterr().err


# --- the spec's [report] table and page templates ----------------------------------------------


def test_the_spec_chooses_what_the_report_shows():
    settings = read_spec(bundled_models()["tripwire"]).report
    assert settings.thresholds == (("n", "least"), ("f", "greatest"))
    assert settings.regions == ("n", "f")
    assert settings.limits == {"n": (Fraction(0), Fraction(4))}


def test_the_report_follows_the_spec_and_an_argument_overrides_it(tmp_path):
    spec = tmp_path / "tripwire.toml"
    spec.write_text(
        BASE + '\n[report]\nthresholds = ["n"]\nregions = ["n", "f"]\nresolution = 12\n'
        "limits = { n = [0, 5] }\nequilibrium = 1\n",
        encoding="utf-8",
    )
    report = model_report(spec, tmp_path / "a")
    assert [(t.parameter, t.direction) for t in report.thresholds] == [("n", "least")]
    assert (tmp_path / "a" / "tripwire-regions.png").is_file()
    report = model_report(spec, tmp_path / "b", thresholds=["f:greatest"], regions=None)
    assert [(t.parameter, t.direction) for t in report.thresholds] == [("f", "greatest")]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('thresholds = ["q"]', "unknown parameter `q`"),
        ('thresholds = ["n:most"]', "unknown direction `most` of `n`"),
        ('regions = ["n"]', "expected two different parameters, got 1"),
        ('regions = ["n", "n"]', "expected two different parameters"),
        ('regions = ["n", "q"]', "unknown parameter `q`"),
        ('deterred = ["peace"]', "unknown outcome `peace`"),
        ('concept = "qre2"', "unknown solution concept `qre2`"),
        ("limits = { n = [4, 0] }", "the limits of `n` must increase"),
        ("limits = { n = 4 }", "expected [low, high]"),
        ("resolution = 1", "expected a whole number from 2 to 2000"),
        ("equilibrium = 0", "expected a whole number from 1"),
        ('colour = "red"', "unknown key `colour`"),
    ],
)
def test_a_bad_report_table_is_a_clear_error(tmp_path, capsys, table, message):
    spec = tmp_path / "bad.toml"
    spec.write_text(BASE + "\n[report]\n" + table + "\n", encoding="utf-8")
    status = main(["check", str(spec)])
    err = capsys.readouterr().err
    assert status == 2
    # The file and line first, then the key path: bad.toml:80: report.thresholds.0: ...
    assert message in err and re.search(r"bad\.toml:\d+: report\.", err), err


def test_a_template_gets_the_sections_and_the_output_of_its_commands(tmp_path):
    template = tmp_path / "page.md"
    template.write_text(
        "# Tripwire by hand\n\nWords.\n\n<!-- report: parameters -->\n\n"
        "<!-- run: deterrence solve tripwire --set n=3 -->\n\n<!-- report: equilibria -->\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    status = main(["report", "tripwire", "-o", str(out), "--template", str(template), "--quiet"])
    assert status == 0
    page = (out / "tripwire.md").read_text(encoding="utf-8")
    assert page.startswith("# Tripwire by hand\n\nWords.\n\n| parameter | symbol |")
    assert "```bash\ndeterrence solve tripwire --set n=3\n```\n\n```text\ntripwire: spe" in page
    # What solve prints at n = 3: the patron defends and the attacker is deterred.
    solved = page.split("```text\n", 1)[1].split("```", 1)[0]
    assert "A: status quo" in solved and "D: defend" in solved
    assert all(line == line.rstrip() for line in page.splitlines())
    assert "| tripwire | n = 3 | 1 | A: status quo; D: defend |" in page
    assert "<!--" not in page


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("<!-- report: figures -->", "unknown report section `figures`"),
        ("<!-- run: deterrence draw tripwire -o t.pdf -->", "cannot run `deterrence draw"),
        ("<!-- run: ls / -->", "cannot run `ls /`"),
        ("<!-- run: deterrence solve nosuchmodel -->", "failed (exit status 2)"),
    ],
)
def test_a_bad_template_is_a_clear_error(tmp_path, capsys, line, message):
    template = tmp_path / "page.md"
    template.write_text(f"# Page\n\n{line}\n", encoding="utf-8")
    status = main(["report", "tripwire", "-o", str(tmp_path / "out"), "--template", str(template)])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err, err


def test_a_missing_template_is_a_clear_error(tmp_path, capsys):
    status = main(
        ["report", "tripwire", "-o", str(tmp_path), "--template", str(tmp_path / "none.md")]
    )
    assert status == 2
    assert "cannot read the template" in capsys.readouterr().err
