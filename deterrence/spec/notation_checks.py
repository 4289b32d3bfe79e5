r"""Checks of the notation a spec declares: LaTeX symbols and display names.

A symbol is LaTeX math the user writes (``c_A``, ``\bar{p}``), copied into tables inside
``$...$`` and handed to matplotlib's mathtext. It is never evaluated; the checks only keep
it from breaking the document it is copied into: a string, short, on one line, braces
balanced, and none of the characters that end math mode or a table cell.
"""

from __future__ import annotations

from typing import Any

from deterrence.spec.paths import Path
from deterrence.spec.problems import Checker

#: Longest symbol, in characters: a symbol names one quantity (``\bar{c}_{\mathrm{A}}``).
SYMBOL_MAX = 40
#: Longest display name, in characters: it heads a column or labels an axis.
LABEL_MAX = 80
#: Characters a symbol may not contain: ``$`` ends math mode, ``&`` ends a table cell, ``%``
#: comments out the rest of the line, ``#`` is a macro parameter.
SYMBOL_FORBIDDEN = "$&%#"


def brace_problem(symbol: str) -> str | None:
    r"""Why the braces of ``symbol`` are unbalanced, or None; ``\{`` and ``\}`` are literal.

    Examples
    --------
    >>> brace_problem("c_{A}") is None, brace_problem(r"\{x\}") is None
    (True, True)
    >>> brace_problem("c_{A")
    'unbalanced braces: 1 `{` not closed'
    >>> brace_problem("c_A}")
    'unbalanced braces: a `}` at position 4 closes nothing'
    """
    depth = 0
    i = 0
    while i < len(symbol):
        char = symbol[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return f"unbalanced braces: a `}}` at position {i + 1} closes nothing"
        i += 1
    if depth:
        return f"unbalanced braces: {depth} `{{` not closed"
    return None


def check_symbol(c: Checker, value: Any, path: Path) -> str | None:
    r"""``value`` as a LaTeX symbol, or None with a problem recorded at ``path``.

    Examples
    --------
    >>> from deterrence.spec.problems import Checker, Problems
    >>> problems = Problems()
    >>> check_symbol(Checker(problems), "c_{A", ("parameters", "cA", "symbol")) is None
    True
    >>> problems.items[0].message
    'invalid symbol `c_{A`: unbalanced braces: 1 `{` not closed'
    """
    text = c.string(value, path, r"a LaTeX symbol (a string such as `c_A` or `\bar{p}`)")
    if text is None:
        return None
    problem = None
    if not text.strip():
        problem = "it is empty"
    elif len(text) > SYMBOL_MAX:
        problem = f"it is {len(text)} characters long; at most {SYMBOL_MAX} are allowed"
    elif not text.isprintable():
        problem = "it must be on one line, without control characters"
    elif any(char in text for char in SYMBOL_FORBIDDEN):
        bad = " ".join(f"`{char}`" for char in SYMBOL_FORBIDDEN if char in text)
        problem = f"it must not contain {bad} (write the math without `$`: `c_A`)"
    else:
        problem = brace_problem(text)
    if problem is not None:
        shown = text if len(text) <= SYMBOL_MAX else text[:SYMBOL_MAX] + "..."
        c.add(path, f"invalid symbol `{shown}`: {problem}")
        return None
    return text


def check_label(c: Checker, value: Any, path: Path) -> str | None:
    """``value`` as a display name, or None with a problem recorded at ``path``."""
    text = c.string(value, path, "a display name (a string)")
    if text is None:
        return None
    if not text.strip() or not text.isprintable():
        c.add(path, "invalid label: it must be non-empty text on one line")
        return None
    if len(text) > LABEL_MAX:
        c.add(
            path,
            f"invalid label: it is {len(text)} characters long; at most {LABEL_MAX} are allowed",
        )
        return None
    return text
