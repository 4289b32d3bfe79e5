"""Start-up stays cheap: what is imported, counted in a fresh interpreter, never timed.

The command line is run dozens of times an hour from scripts, so ``deterrence --help`` must
not load the numeric stack, and ``import deterrence`` must not load the optional extras
before anything asks for them. How long start-up takes is measured by
``benchmarks/bench_startup.py``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Prints, as JSON, the top-level packages in sys.modules after the code run before it.
REPORT = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"

HELP = """
import contextlib, io
import deterrence.cli.main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    deterrence.cli.main.main(["--help"])
"""


def _loaded(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\n" + REPORT],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_loads_no_numeric_or_optional_package() -> None:
    loaded = _loaded(HELP)
    assert "deterrence" in loaded  # the code under test did run
    heavy = {"sympy", "numpy", "scipy", "pandas", "matplotlib", "rich", "nashpy", "dask"}
    assert not loaded & heavy


@pytest.mark.parametrize("command", ["solve", "threshold", "sweep", "table", "plot"])
def test_help_of_each_command_loads_no_numeric_package(command: str) -> None:
    code = HELP.replace('["--help"]', f'["{command}", "--help"]')
    assert not _loaded(code) & {"sympy", "numpy", "scipy", "pandas", "matplotlib"}


def test_import_deterrence_loads_no_optional_extra() -> None:
    loaded = _loaded("import deterrence")
    assert "deterrence" in loaded
    assert not loaded & {"pandas", "matplotlib", "dask"}


def test_solving_a_tree_of_perfect_information_loads_only_sympy_and_rich() -> None:
    loaded = _loaded(
        "import contextlib, io\n"
        "from deterrence.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['solve', 'classic-deterrence']) == 0"
    )
    assert {"sympy", "rich"} <= loaded
    unneeded = {"numpy", "scipy", "nashpy", "pandas", "matplotlib", "joblib", "dask"}
    assert not loaded & unneeded


def test_public_names_resolve_on_first_use() -> None:
    loaded = _loaded(
        "import deterrence as dt\n"
        "assert all(getattr(dt, name) is not None for name in dt.__all__)\n"
        "assert set(dt.__all__) <= set(dir(dt))\n"
        "assert callable(dt.solvers.solver.solve) and callable(dt.analysis.analyse)\n"
        "assert dt.concepts.REGISTRY"
    )
    assert "sympy" in loaded  # resolving the names did import the library
