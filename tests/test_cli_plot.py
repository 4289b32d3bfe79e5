"""``deterrence plot`` from the shell: PNG, PDF and SVG files, and clear errors."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("matplotlib")

from deterrence.cli.main import main

MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".svg": b"<?xml"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_regions_written_in_each_format(capsys, tmp_path, suffix):
    path = tmp_path / f"regions{suffix}"
    status, _, err = run(
        capsys, "plot", "extended-deterrence", "--x", "p", "--y", "a", "--resolution", "40",
        "--ylim", "0:0.3", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    assert path.read_bytes().startswith(MAGIC[suffix])
    if suffix == ".svg":
        assert "War + Protégé abandoned" in path.read_text(encoding="utf-8")


def test_print_style_play_and_settings(capsys, tmp_path):
    path = tmp_path / "play.svg"
    status, _, err = run(
        capsys, "plot", "classic-deterrence", "--x", "cCh", "--y", "a", "--what", "play",
        "--style", "print", "--set", "b=1.5", "--resolution", "30", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    assert "Ch: challenge" in path.read_text(encoding="utf-8")


def test_threshold_without_y(capsys, tmp_path):
    path = tmp_path / "threshold.png"
    status, _, err = run(
        capsys, "plot", "classic-deterrence", "--x", "cCh", "--param", "a", "--deterred", "W",
        "--resolution", "31", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    assert path.read_bytes().startswith(MAGIC[".png"])


def test_threshold_flag_takes_y_as_the_parameter(capsys, tmp_path):
    path = tmp_path / "threshold.svg"
    status, _, err = run(
        capsys, "plot", "classic-deterrence", "--x", "cCh", "--y", "a", "--threshold",
        "--deterred", "W", "--resolution", "31", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    assert "least audience cost that deters" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--x", "pp", "--y", "a", "-o", "f.png"], "did you mean `p`?"),
        (["--x", "p", "--y", "a", "-o", "f.jpg"], "expected a .png, .pdf or .svg file"),
        (["--x", "p", "--y", "a", "--set", "a=1", "-o", "f.png"], "do not fix it"),
        (["--x", "p", "--y", "a", "--set", "p=2", "-o", "f.png"], "is on an axis"),
        (["--x", "p", "--y", "a", "--xlim", "1", "-o", "f.png"], "expected LOW:HIGH"),
        (["--x", "p", "--y", "a", "--xlim", "1:0", "-o", "f.png"], "must increase"),
        (["--x", "p", "-o", "f.png"], "threshold's own parameter"),
    ],
)
def test_errors_exit_2_without_traceback(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "plot", "extended-deterrence", "--resolution", "20", *argv)
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "f.png").exists()


def test_missing_matplotlib_names_the_extra(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, _, err = run(
        capsys, "plot", "extended-deterrence", "--x", "p", "--y", "a", "-o",
        str(tmp_path / "f.png"),
    )  # fmt: skip
    assert status == 2
    assert "deterrence[plot]" in err
