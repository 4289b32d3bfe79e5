"""What a command prints, as a page shows it: the samples of the documentation and the
``<!-- run: ... -->`` lines of a report's template.

A sample is a ``bash`` block holding one ``deterrence ...`` command followed by a ``text``
block with what it prints. :func:`run_sample` runs the command in this process and gives its
output the way every page shows it (100 columns, no colour, no trailing blanks);
:func:`refresh_samples` rewrites the text blocks of a page from it, and
:func:`stale_samples` lists those that differ, so that a test can keep every page true to
the tool. A text block with a line ``...`` is an excerpt: its other lines must appear in the
output, in order.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from deterrence.errors import Diagnostic, SpecError

__all__ = [
    "RUNNABLE",
    "SAMPLE",
    "Sample",
    "refresh_samples",
    "run_sample",
    "samples",
    "stale_samples",
]

#: The commands a page may run: those that print text (a figure or a report is a file).
RUNNABLE = (
    "solve",
    "threshold",
    "analyse",
    "show",
    "check",
    "table",
    "sweep",
    "export",
    "limits",
    "models",
)
#: The width pages show output at.
COLUMNS = "100"
#: A ``bash`` block of one ``deterrence`` command and the ``text`` block after it.
SAMPLE = re.compile(r"```bash\n(deterrence [^\n]*)\n```\n\n```text\n(.*?)```", re.DOTALL)
#: The line that makes a text block an excerpt.
ELLIPSIS = "..."


@dataclass(frozen=True)
class Sample:
    """One sample of a page: the command, the text the page shows, and where that text is."""

    command: str
    shown: str
    span: tuple[int, int]
    line: int

    @property
    def excerpt(self) -> bool:
        """Whether the page shows only part of the output (a line ``...``)."""
        return ELLIPSIS in (line.strip() for line in self.shown.splitlines())


def samples(page: str) -> Iterator[Sample]:
    """The samples of a page, in order.

    >>> text = "Run:\\n\\n```bash\\ndeterrence models\\n```\\n\\n```text\\nBundled\\n```\\n"
    >>> [(s.command, s.shown, s.line) for s in samples(text)]
    [('deterrence models', 'Bundled\\n', 3)]
    """
    for match in SAMPLE.finditer(page):
        yield Sample(
            match.group(1),
            match.group(2),
            match.span(2),
            page.count("\n", 0, match.start()) + 1,
        )


def _runnable(line: str) -> list[str] | None:
    """The words of ``deterrence COMMAND ...`` with COMMAND one of :data:`RUNNABLE`, else
    None; ValueError for text the shell could not split either (an open quote)."""
    words = shlex.split(line)
    ok = len(words) >= 2 and words[0] == "deterrence" and words[1] in RUNNABLE
    return words if ok else None


def run_sample(command: str, where: str = "", *, check: bool = False) -> str:
    """What ``command`` (``deterrence COMMAND ARGS``) prints, as a page shows it: at 100
    columns, with no trailing blanks; the error messages where it fails.

    Raises
    ------
    SpecError
        For text that is not a runnable ``deterrence`` command (``where`` names the page),
        and with ``check`` for a command that fails.

    Examples
    --------
    >>> print(run_sample("deterrence solve chicken").splitlines()[0])
    chicken: nash — exact vertex enumeration of the best-response polytopes
    """
    from deterrence.cli.main import main

    try:
        words = _runnable(command)
        reason = "write `deterrence COMMAND ...`"
    except ValueError as error:
        words, reason = None, str(error)
    if words is None:
        raise SpecError(
            [
                Diagnostic(
                    f"cannot run `{command}`: {reason}, with COMMAND one of " + ", ".join(RUNNABLE),
                    file=where or None,
                    path="run",
                )
            ]
        )
    errors, output = io.StringIO(), io.StringIO()
    with _columns(), contextlib.redirect_stderr(errors), contextlib.redirect_stdout(output):
        try:
            status = main([*words[1:], "--quiet"])
        except SystemExit as stop:  # argparse, on arguments it cannot read
            status = stop.code if isinstance(stop.code, int) else 2
    printed = output.getvalue()
    if status != 0 and check:
        raise SpecError(
            [
                Diagnostic(
                    f"`{command}` failed (exit status {status}): {errors.getvalue().strip()}",
                    file=where or None,
                    path="run",
                )
            ]
        )
    text = printed if status == 0 else errors.getvalue()
    # Tables pad their last column; a page keeps no trailing blanks.
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


@contextlib.contextmanager
def _columns() -> Iterator[None]:
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = COLUMNS
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def _agrees(sample: Sample, printed: str) -> bool:
    if not sample.excerpt:
        return sample.shown.rstrip("\n") == printed
    lines = iter(printed.splitlines())
    kept = [line.rstrip() for line in sample.shown.splitlines() if line.strip() != ELLIPSIS]
    return all(any(line == out for out in lines) for line in kept)


#: Any ``bash`` block, for the files a page's commands write (``-o FILE``) before its samples
#: read them.
BASH = re.compile(r"```bash\n(.*?)```", re.DOTALL)


def _written_files(page: str) -> list[tuple[int, list[str]]]:
    """The ``deterrence`` commands of the page's bash blocks that write a file (``-o FILE``),
    as words, each with the offset of its block."""
    found = []
    for block in BASH.finditer(page):
        for line in block.group(1).splitlines():
            try:
                words = _runnable(line)
            except ValueError:  # not a command a reader could run either
                continue
            if words and ("-o" in words[2:] or "--output" in words[2:]):
                found.append((block.start(), words))
    return found


def stale_samples(
    page: str, where: str = "", workdir: str | os.PathLike[str] | None = None
) -> list[tuple[Sample, str]]:
    """The samples of a page whose text is not what the command prints now, each with what
    it prints.

    With ``workdir`` the commands run there, after the commands of the page that write a file
    (``deterrence export M --to efg -o M.efg``), so that a sample may read what the page
    wrote; give a folder that also sees the files the page names (links to them).
    """
    from deterrence.cli.main import main

    found = []
    writers = _written_files(page) if workdir is not None else []
    with contextlib.chdir(workdir) if workdir is not None else contextlib.nullcontext():
        for sample in samples(page):
            while writers and writers[0][0] < sample.span[0]:
                _, words = writers.pop(0)
                with contextlib.redirect_stderr(io.StringIO()), _columns():
                    main([*words[1:], "--quiet"])
            printed = run_sample(sample.command, where)
            if not _agrees(sample, printed):
                found.append((sample, printed))
    return found


def refresh_samples(
    page: str, where: str = "", workdir: str | os.PathLike[str] | None = None
) -> str:
    """The page with each stale sample's text replaced by what its command prints now (run
    as :func:`stale_samples` runs it); an excerpt is left to its author (it is reported by
    :func:`stale_samples`)."""
    pieces, end = [], 0
    for sample, printed in stale_samples(page, where, workdir):
        if sample.excerpt:
            continue
        start, stop = sample.span
        pieces += [page[end:start], printed + "\n"]
        end = stop
    return "".join(pieces) + page[end:]
