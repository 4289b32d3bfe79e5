"""``deterrence draw`` from the shell: the tree as PNG, PDF, SVG or TikZ, the equilibrium
chosen by number, values with --set, and clear errors (exit status 2).

The model is the bundled extended-deterrence game (after Huth 1988 and Signorino & Tarar
2006); at its defaults the subgame-perfect play is attack, resist, abandon, and above the
pledge's threshold p* = 7/10 the attack is deterred (its spec's description).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytest.importorskip("matplotlib")

from deterrence.cli.main import main

MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".svg": b"<?xml"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def bold_ids(svg: str) -> set[str]:
    """The edges drawn thick in an SVG that matplotlib wrote (their group ids)."""
    widths = {
        gid: float(width)
        for gid, width in re.findall(
            r'<g id="(edge:[^"]+)">\s*<path[^>]*stroke-width: ([0-9.]+)', svg
        )
    }
    thin = min(widths.values())
    return {gid for gid, width in widths.items() if width > 1.5 * thin}


def test_the_issue_command_writes_tikz(capsys, tmp_path):
    path = tmp_path / "tree.tex"
    status, out, err = run(
        capsys, "draw", "extended-deterrence", "--equilibrium", "1", "-o", str(path)
    )
    assert status == 0, err
    assert out == "" and "wrote" in err
    tikz = path.read_text(encoding="utf-8")
    assert tikz.startswith(r"\begin{tikzpicture}")
    bold = [line for line in tikz.splitlines() if line.startswith(r"\draw[equilibrium]")]
    assert len(bold) == 3
    for label in ("Attacker", "Protégé", "Defender", "attack", "resist", "abandon"):
        assert label in tikz


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_tikz_compiles_in_a_plain_article(capsys, tmp_path):
    status, _, err = run(
        capsys,
        "draw",
        "extended-deterrence",
        "--equilibrium",
        "1",
        "-o",
        str(tmp_path / "tree.tex"),
    )
    assert status == 0, err
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
        "\\input{tree.tex}\n\\end{document}\n",
        encoding="utf-8",
    )
    status, _, err = run(
        capsys, "draw", "extended-deterrence", "--equilibrium", "1", "--document",
        "-o", str(tmp_path / "alone.tex"),
    )  # fmt: skip
    assert status == 0, err
    for name in ("paper.tex", "alone.tex"):
        done = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout[-2000:]
        assert (tmp_path / name.replace(".tex", ".pdf")).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_figures_in_each_format(capsys, tmp_path, suffix):
    path = tmp_path / f"tree{suffix}"
    status, _, err = run(
        capsys, "draw", "extended-deterrence", "--equilibrium", "1", "-o", str(path)
    )
    assert status == 0, err
    assert path.read_bytes().startswith(MAGIC[suffix])
    if suffix == ".svg":
        svg = path.read_text(encoding="utf-8")
        assert bold_ids(svg) == {
            "edge:attacker:attack",
            "edge:protege:resist",
            "edge:defender:abandon",
        }
        for text in ("Attacker", "Protégé", "Defender", "pledge binds", "Status quo"):
            assert f"<!-- {text}" in svg, text


def test_set_moves_the_equilibrium_and_the_numbers(capsys, tmp_path):
    path = tmp_path / "deterred.svg"
    status, _, err = run(
        capsys, "draw", "extended-deterrence", "--equilibrium", "1", "--set", "p=0.8",
        "--payoffs", "numeric", "--style", "color", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    svg = path.read_text(encoding="utf-8")
    assert "edge:attacker:status quo" in bold_ids(svg)
    assert "<!-- pledge binds (4/5) -->" in svg
    assert "#0072b2" in svg.lower()


def test_decomposition_and_no_outcomes(capsys, tmp_path):
    path = tmp_path / "parts.tex"
    status, _, err = run(
        capsys, "draw", "extended-deterrence", "--decomposition", "--no-outcomes",
        "--orientation", "right", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    tikz = path.read_text(encoding="utf-8")
    assert "(escalation)" in tikz and "(audience)" in tikz
    assert "conquest" not in tikz


def test_a_normal_form_is_written_as_its_table(capsys, tmp_path):
    path = tmp_path / "chicken.tex"
    status, _, err = run(capsys, "draw", "chicken", "-o", str(path))
    assert status == 0, err
    assert r"\begin{tabular}" in path.read_text(encoding="utf-8")
    status, _, err = run(capsys, "draw", "chicken", "-o", str(tmp_path / "chicken.png"))
    assert status == 2 and "no tree to draw" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--equilibrium", "5"], "no equilibrium 5"),
        (["--set", "q=1"], "unknown parameter `q`"),
        (["--set", "p=2"], "outside its bounds"),
        (["--document"], "only applies to a .tex file"),
    ],
)
def test_errors_exit_2(capsys, tmp_path, argv, message):
    status, _, err = run(
        capsys, "draw", "extended-deterrence", *argv, "-o", str(tmp_path / "tree.png")
    )
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "tree.png").exists()


def test_output_errors_exit_2(capsys, tmp_path):
    status, _, err = run(capsys, "draw", "extended-deterrence", "-o", str(tmp_path / "tree.txt"))
    assert status == 2 and "cannot tell the format" in err
    status, _, err = run(
        capsys, "draw", "extended-deterrence", "-o", str(tmp_path / "missing" / "tree.png")
    )
    assert status == 2 and "cannot write" in err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "draw" in out and "report" in out
