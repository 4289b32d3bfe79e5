"""Benchmark: start-up time of the command line and of ``import deterrence``.

Run as a script from the repository root, in the project's environment:

    python benchmarks/bench_startup.py [--runs 7] [--baseline SECONDS]

Each command runs in a fresh subprocess of this interpreter (``sys.executable``), several times;
the figure printed is the median wall time, beside its target and whether it holds. The console
script ``deterrence`` is timed too when it is installed beside this interpreter or on PATH,
since its wrapper takes a slightly different import path from ``python -m deterrence``.
``import nashpy`` is timed in the same run as a yardstick for what a scientific Python import
costs on this machine. Results are recorded in docs/performance.md ("Start-up").
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

#: Median of ``python -c "import deterrence"`` measured with this script on 2026-12-02 before
#: the imports were made lazy (2 cores, Python 3.11.7, machine otherwise idle; 1.44 s while
#: another job loaded it): the figure it must not exceed.
BASELINE_IMPORT = 0.84

#: Wall-time targets in seconds (issue 8, item 6).
HELP_TARGET = 0.3
SOLVE_TARGET = 0.8


def _console_script() -> str | None:
    # Prefer the script of this interpreter's environment over whatever else PATH finds.
    beside = Path(sys.executable).with_name("deterrence")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("deterrence")


def _median_wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument(
        "--baseline",
        type=float,
        default=BASELINE_IMPORT,
        metavar="SECONDS",
        help=f"the `import deterrence` time not to exceed (default {BASELINE_IMPORT})",
    )
    args = parser.parse_args()

    python = sys.executable
    script = _console_script()
    # (label, command, target or None, what the target means)
    rows: list[tuple[str, list[str], float | None, str]] = [
        ('python -c "import nashpy"', [python, "-c", "import nashpy"], None, "(comparison)"),
        (
            'python -c "import deterrence"',
            [python, "-c", "import deterrence"],
            args.baseline,
            "no slower than before",
        ),
        (
            "python -m deterrence --help",
            [python, "-m", "deterrence", "--help"],
            HELP_TARGET,
            "",
        ),
    ]
    if script:
        rows.append(("deterrence --help", [script, "--help"], HELP_TARGET, ""))
    rows.append(
        (
            "python -m deterrence solve classic-deterrence",
            [python, "-m", "deterrence", "solve", "classic-deterrence"],
            SOLVE_TARGET,
            "",
        )
    )
    if script:
        rows.append(
            (
                "deterrence solve classic-deterrence",
                [script, "solve", "classic-deterrence"],
                SOLVE_TARGET,
                "",
            )
        )

    print(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores; "
        + ", ".join(
            f"{name} {_version(name)}"
            for name in ("deterrence", "sympy", "numpy", "scipy", "nashpy", "rich")
        )
    )
    print(f"median wall time of {args.runs} runs, each in a fresh process")
    if not script:
        print("(the console script `deterrence` is not installed: timed via -m only)")
    print()
    print("| command | median (s) | target (s) | holds |")
    print("|---|---:|---:|---|")
    failed = 0
    for label, command, target, note in rows:
        _median_wall(command, 1)  # warm the file-system cache and .pyc files, not timed
        seconds = _median_wall(command, args.runs)
        if target is None:
            print(f"| `{label}` | {seconds:.3f} | - {note} | - |")
            continue
        holds = seconds <= target
        failed += not holds
        shown = f"{target:.2f}" + (f" ({note})" if note else "")
        print(f"| `{label}` | {seconds:.3f} | {shown} | {'yes' if holds else 'NO'} |")
    print()
    print("every target holds" if not failed else f"{failed} target(s) missed")


if __name__ == "__main__":
    main()
