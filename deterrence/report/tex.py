"""Text for LaTeX: the one table of characters that LaTeX treats specially, and how each is
written so that it prints as itself, used by the report, the tables and the figures alike."""

from __future__ import annotations

__all__ = ["LATEX_SPECIALS", "escape_latex"]

#: Each character that text mode treats specially, or that LaTeX's default UTF-8 input does not
#: set up, and how it is written instead.
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\N{MINUS SIGN}": "$-$",
    "\N{EN DASH}": "--",
    "\N{EM DASH}": "---",
    "\N{HORIZONTAL ELLIPSIS}": r"\ldots{}",
    "\N{MULTIPLICATION SIGN}": r"$\times$",
    "\N{RIGHTWARDS ARROW}": r"$\rightarrow$",
    "\N{LESS-THAN OR EQUAL TO}": r"$\leq$",
    "\N{GREATER-THAN OR EQUAL TO}": r"$\geq$",
}


def escape_latex(text: str) -> str:
    r"""``text`` with LaTeX's special characters escaped, for use in text mode.

    Examples
    --------
    >>> print(escape_latex("payoff_A & 50% #1 {x} $"))
    payoff\_A \& 50\% \#1 \{x\} \$
    >>> print(escape_latex("a ≤ b − 1"))
    a $\leq$ b $-$ 1
    """
    return "".join(LATEX_SPECIALS.get(char, char) for char in text)
