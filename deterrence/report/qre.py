"""Quantal response equilibria and their thresholds for people: text, Markdown, JSON, LaTeX.

A QRE has its own result types (:class:`~deterrence.solvers.qre_result.QREResult`,
:class:`~deterrence.solvers.qre_result.QREBranch`,
:class:`~deterrence.analysis.qre_threshold.QREThreshold`), and so its own pages: the
precision, the choice probabilities at every information set, the outcome probabilities, the
expected payoffs, and the certificate, a proven bound on the fixed-point residual rather than
an exact zero regret. JSON is each type's own ``to_dict()``. Outcomes go by their display
names (:mod:`deterrence.game.notation`) where a notation is given.

>>> import deterrence as dt
>>> game = dt.load("classic-deterrence")
>>> print(qre_to_text(dt.solve(game, "qre", precision=2.0)).splitlines()[1])
precision λ = 2
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from deterrence.analysis.qre_threshold import QREThreshold
from deterrence.game.notation import Notation
from deterrence.solvers.qre_result import QREBranch, QREResult

__all__ = [
    "qre_threshold_to_dict",
    "qre_threshold_to_latex",
    "qre_threshold_to_text",
    "qre_to_dict",
    "qre_to_markdown",
    "qre_to_text",
]

#: Digits of the probabilities shown (the JSON keeps every digit).
DIGITS = 6
#: An equation longer than this is left to the JSON (``equation``) in text.
LONGEST_EQUATION = 400


def _p(value: float) -> str:
    return f"{value:.{DIGITS}g}"


def _outcome(label: str, notation: Notation | None) -> str:
    return notation.outcome(label) if notation is not None else label


def _number(value: Fraction) -> str:
    return str(value)


def qre_to_dict(result: QREResult | QREBranch) -> dict[str, Any]:
    """A QRE result as JSON-ready data: its own ``to_dict()`` (docs/reference/json.md)."""
    return result.to_dict()


def _header(result: QREResult | QREBranch) -> str:
    return f"{result.model}: qre — {result.method}"


def _choices_lines(result: QREResult) -> list[str]:
    lines = []
    for where, probs in result.choices.items():
        shown = ", ".join(f"{action} {_p(p)}" for action, p in probs.items())
        lines.append(f"  {where}: {shown}")
    return lines


def _branch_lines(result: QREBranch, notation: Notation | None) -> list[str]:
    last = result.points[-1] if result.points else None
    lines = [f"{_header(result)}, the principal logit branch traced from λ = 0"]
    if last is not None:
        lines.append(
            f"traced to λ = {last.precision:.6g} in {len(result.points) - 1} steps; "
            f"converged: {'yes' if result.converged else 'no'}"
        )
        lines.append("at the end of the trace:")
        for player, strategies, mixed in zip(
            result.players, result.strategies, last.mixed, strict=True
        ):
            shown = ", ".join(f"{s} {_p(p)}" for s, p in zip(strategies, mixed, strict=True))
            lines.append(f"  {player}: {shown}")
    limit = result.limit
    if limit is None:
        lines.append("limit equilibrium: none could be formed")
    else:
        lines.append("limit equilibrium (exact):")
        for player, strategy in zip(result.players, limit.mixed or (), strict=False):
            shown = ", ".join(f"{s} {_number(p)}" for s, p in strategy.items() if p)
            lines.append(f"  {player}: {shown}")
        outcomes = ", ".join(
            f"{_outcome(o, notation)} {_number(p)}" for o, p in limit.outcomes.items() if p
        )
        lines.append(f"  outcomes: {outcomes}")
        payoffs = ", ".join(
            f"{player} {_number(v)}"
            for player, v in zip(result.players, limit.payoffs, strict=True)
        )
        lines.append(f"  expected payoffs: {payoffs}")
        lines.append(
            "  a Nash equilibrium (exact regret 0)"
            if result.limit_is_nash
            else f"  not an exact Nash equilibrium (exact regret {limit.regret})"
        )
    lines.append(
        f"certificate: {result.certificate}, largest residual along the branch "
        f"≤ {result.residual:.3g} (not exact: a bound on |response − profile| at each point, "
        "recomputed in interval arithmetic)"
    )
    return lines


def qre_to_text(result: QREResult | QREBranch, notation: Notation | None = None) -> str:
    """A QRE result as plain text: lambda, the choice probabilities at every information set
    (or each player's mixed strategy), the outcome probabilities, the expected payoffs and
    the certificate line; for a branch, the limit equilibrium and whether it is Nash.

    Examples
    --------
    >>> import deterrence as dt
    >>> text = qre_to_text(dt.solve(dt.load("chicken"), "qre"))
    >>> "limit equilibrium (exact):" in text, "a Nash equilibrium (exact regret 0)" in text
    (True, True)
    """
    if isinstance(result, QREBranch):
        lines = _branch_lines(result, notation)
    else:
        variant = {"agent": "agent errors", "private": "private information"}.get(
            result.variant, "strategic form"
        )
        lines = [
            f"{_header(result)} ({result.error}, {variant})",
            f"precision λ = {result.precision:g}",
            "choice probabilities:" if result.form == "tree" else "mixed strategies:",
            *_choices_lines(result),
            "outcome probabilities: "
            + ", ".join(f"{_outcome(o, notation)} {_p(p)}" for o, p in result.outcomes.items()),
            "expected payoffs: "
            + ", ".join(
                f"{player} {v:.6g}"
                for player, v in zip(result.players, result.payoffs, strict=True)
            ),
            f"certificate: {result.certificate}, residual ≤ {result.residual:.3g} (not exact: "
            "a bound on |response − profile|, recomputed in interval arithmetic)",
        ]
        if not result.converged:
            lines.append("converged: no")
    lines.extend(f"note: {n}" for n in result.notes)
    if result.parameters:
        lines.append("parameters: " + ", ".join(f"{k} = {v}" for k, v in result.parameters.items()))
    return "\n".join(lines) + "\n"


def qre_to_markdown(result: QREResult | QREBranch, notation: Notation | None = None) -> str:
    """A QRE result as Markdown: a heading, tables of the probabilities, the certificate.

    Examples
    --------
    >>> import deterrence as dt
    >>> page = qre_to_markdown(dt.solve(dt.load("classic-deterrence"), "qre", precision=1))
    >>> page.splitlines()[0]
    '## classic-deterrence: quantal response equilibrium at λ = 1'
    """
    if isinstance(result, QREBranch):
        body = qre_to_text(result, notation)
        return f"## {result.model}: the principal QRE branch\n\n```\n{body}```\n"
    out = [f"## {result.model}: quantal response equilibrium at λ = {result.precision:g}", ""]
    out.append(f"{result.method}; {result.error} errors, variant {result.variant}.")
    out.append("")
    out.append("| information set | action | probability |")
    out.append("| --- | --- | ---: |")
    for where, probs in result.choices.items():
        for action, p in probs.items():
            out.append(f"| {where} | {action} | {_p(p)} |")
    out.append("")
    out.append("| outcome | probability |")
    out.append("| --- | ---: |")
    for o, p in result.outcomes.items():
        out.append(f"| {_outcome(o, notation)} | {_p(p)} |")
    out.append("")
    payoffs = ", ".join(
        f"{player} {v:.6g}" for player, v in zip(result.players, result.payoffs, strict=True)
    )
    out.append(f"Expected payoffs: {payoffs}.")
    out.append("")
    out.append(f"Certificate: {result.certificate}, residual ≤ {result.residual:.3g} (not exact).")
    for n in result.notes:
        out.append(f"\nNote: {n}")
    return "\n".join(out) + "\n"


def qre_threshold_to_dict(result: QREThreshold) -> dict[str, Any]:
    """A QRE threshold as JSON-ready data: its own ``to_dict()``."""
    return result.to_dict()


def _bounded(result: QREThreshold, notation: Notation | None) -> str:
    return ", ".join(_outcome(o, notation) for o in result.attack)


def qre_threshold_to_text(result: QREThreshold, notation: Notation | None = None) -> str:
    """A QRE threshold as plain text: the question, the answer, every crossing, the
    equation in closed form where there is one, and what kind of certificate it has.

    Examples
    --------
    >>> import deterrence as dt
    >>> found = dt.threshold(dt.load("extended-deterrence"), "p", ["status_quo"],
    ...                      concept="qre", precision=8, level=0.05)
    >>> print(qre_threshold_to_text(found).splitlines()[1])
    no threshold: the probability never falls to 1/20 in [0, 1]
    """
    name = f"{result.parameter}*"
    which = "least" if result.direction == "least" else "greatest"
    lines = [
        f"{result.model}: the {which} {result.parameter} at which, in the QRE at λ = "
        f"{result.precision} ({result.error}, {result.variant}), P({_bounded(result, notation)}) "
        f"≤ {result.level}"
    ]
    low, high = result.window
    if result.status == "never":
        lines.append(
            f"no threshold: the probability never falls to {result.level} in [{low}, {high}]"
        )
    elif result.status == "always":
        end = "lowest" if result.direction == "least" else "highest"
        at = f" ({result.value:.12g})" if result.value is not None else ""
        lines.append(f"always: the bound already holds at the {end} value of the range{at}")
    else:
        assert result.value is not None
        lines.append(f"{name} = {result.value:.12g}")
        if result.bracket is not None:
            a, b = result.bracket
            lines.append(f"proved to lie in [{float(a):.15g}, {float(b):.15g}]")
    if result.crossings:
        lines.append("crossings of the level: " + ", ".join(f"{c:.12g}" for c in result.crossings))
    if result.equation is not None:
        text = f"{result.equation.lhs} = {result.equation.rhs}"
        if len(text) <= LONGEST_EQUATION:
            lines.append(f"equation: {text}")
        else:
            lines.append(f"equation: {len(text)} characters; see the JSON (`equation`)")
    lines.append(
        f"certificate: {result.certificate}"
        + ("" if result.proved else " (not proved)")
        + f"; method: {result.method}"
    )
    if result.residual is not None:
        lines.append(f"largest residual bound of the QREs solved: {result.residual:.3g}")
    lines.extend(f"note: {n}" for n in result.notes)
    if result.fixed:
        lines.append(
            "other parameters: " + ", ".join(f"{k} = {v}" for k, v in result.fixed.items())
        )
    return "\n".join(lines) + "\n"


def qre_threshold_to_latex(result: QREThreshold, notation: Notation | None = None) -> str:
    """A QRE threshold for a paper: the equation it solves (where there is a closed form) and
    its value.

    Examples
    --------
    >>> import deterrence as dt
    >>> found = dt.threshold(dt.load("classic-deterrence"), "a", ["SQ"], concept="qre",
    ...                      precision=2, level="1/2", direction="greatest")
    >>> qre_threshold_to_latex(found).startswith("\\\\begin{equation")
    True
    """
    latex = notation.latex if notation is not None else sympy.latex
    lines = []
    if result.equation is not None:
        lhs = result.equation.lhs
        level = sympy.Rational(result.level.numerator, result.level.denominator)
        lines += [
            "\\begin{equation*}",
            f"  {latex(lhs)} = {latex(level)}",
            "\\end{equation*}",
        ]
    star = f"{result.parameter}^*"
    if result.status == "threshold" and result.value is not None:
        lines.append(f"${star} \\approx {result.value:.6g}$ ($\\lambda = {result.precision}$)")
    elif result.status == "always":
        lines.append(f"The bound holds throughout ($\\lambda = {result.precision}$).")
    else:
        lines.append(f"No threshold in the range ($\\lambda = {result.precision}$).")
    return "\n".join(lines) + "\n"
