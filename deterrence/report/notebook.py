"""Results, thresholds and games as HTML and Markdown, for notebooks.

Jupyter shows an object through its ``_repr_html_`` (or ``_repr_markdown_``) method. The
result and game classes define those methods and hand the work to the functions here by
reference (see :func:`deterrence.concepts.resolve`), so the lower layers never import the
report. Every piece of text from a model (ids, labels, notes) is escaped.

Names follow :mod:`deterrence.game.notation`: actions and outcomes by their display names,
parameters in LaTeX by their symbols. A threshold knows its game, so its notation; a solve
result does not carry its game, so the defaults apply unless the caller passes
``notation_of(game)``.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

from deterrence.analysis.threshold import ThresholdResult
from deterrence.game import Game
from deterrence.game.notation import Notation
from deterrence.report.describe import describe_outcomes, describe_profile, describe_threat
from deterrence.report.markdown import result_to_markdown
from deterrence.report.numbers import short
from deterrence.report.threshold import threshold_to_latex, threshold_to_text
from deterrence.solvers.result import SolveResult

_STYLE = "text-align: left; vertical-align: top; padding: 2px 8px"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cell = f'style="{_STYLE}"'
    head = "".join(f"<th {cell}>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td {cell}>{html.escape(v).replace(chr(10), '<br>')}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _list(items: Sequence[str]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def solve_html(result: SolveResult, notation: Notation | None = None) -> str:
    """A solve result as an HTML fragment: a heading, one row per equilibrium, and the notes;
    actions and outcomes by their display names in ``notation`` (default: the result's, that
    of the game it solved).

    >>> import deterrence as dt
    >>> from deterrence.game.notation import notation_of
    >>> game = dt.load("classic-deterrence")
    >>> text = solve_html(dt.solve(game), notation_of(game))
    >>> text.startswith("<div>") and "<table>" in text and "Status quo" in text
    True
    """
    notation = notation or result.notation
    params = ", ".join(f"{k} = {short(v)}" for k, v in result.parameters.items())
    header = ["#", "strategies", "outcome", *(f"payoff {p}" for p in result.players), "regret"]
    if result.form == "tree":
        header.append("subgame perfect")
    rows = []
    for n, eq in enumerate(result.equilibria, 1):
        row = [
            str(n),
            describe_profile(result, eq, sep="\n", notation=notation),
            describe_outcomes(eq, notation),
        ]
        row += [short(v) for v in eq.payoffs]
        row.append(short(eq.regret))
        if result.form == "tree":
            row.append({True: "yes", False: "no", None: "undecided"}[eq.subgame_perfect])
        rows.append(row)
    notes = [
        describe_threat(n, t, notation)
        for n, eq in enumerate(result.equilibria, 1)
        for t in eq.non_credible
    ]
    notes += list(result.notes)
    if not result.complete:
        notes.append("the list may be incomplete (see the notes)")
    title = f"{result.model}: {result.concept} — {result.method}"
    summary = (
        f"{len(result.equilibria)} equilibri{'um' if len(result.equilibria) == 1 else 'a'}, "
        f"certificate: {result.certificate}" + (f"; parameters: {params}" if params else "")
    )
    return (
        f"<div><strong>{html.escape(title)}</strong><br><small>{html.escape(summary)}</small>"
        f"{_table(header, rows)}{_list(notes)}</div>"
    )


def solve_markdown(result: SolveResult, notation: Notation | None = None) -> str:
    """A solve result as Markdown (see :func:`deterrence.report.markdown.result_to_markdown`),
    actions and outcomes by their display names in ``notation`` (default: the result's)."""
    return result_to_markdown(result, notation)


def threshold_html(result: ThresholdResult) -> str:
    """A threshold result as an HTML fragment: its text report, preformatted, the deterred
    outcomes by their display names in the notation of the threshold's game.

    >>> import deterrence as dt
    >>> text = threshold_html(dt.min_credibility(dt.load("extended-deterrence")))
    >>> text.startswith("<div>") and "closed form" in text
    True
    """
    return f"<div><pre>{html.escape(threshold_to_text(result))}</pre></div>"


def threshold_latex(result: ThresholdResult) -> str:
    r"""A threshold result as LaTeX (see :func:`deterrence.report.threshold.threshold_to_latex`),
    each parameter by its symbol in the notation of the threshold's game.

    >>> import deterrence as dt
    >>> latex = threshold_latex(dt.min_credibility(dt.load("extended-deterrence"), numeric=False))
    >>> latex.startswith(r"\[ p^* = \frac{- c_A - e + v w}{v \left(w - w_D\right)}")
    True
    """
    return threshold_to_latex(result)


def game_html(game: Game) -> str:
    """A game as an HTML fragment: what ``deterrence show`` prints, at the default values.

    >>> import deterrence as dt
    >>> text = game_html(dt.load("chicken"))
    >>> text.startswith("<div>") and "Players" in text
    True
    """
    from rich.console import Console

    from deterrence.report.show import model_renderable

    console = Console(record=True, file=io.StringIO(), width=110, color_system=None)
    console.print(model_renderable(game, {}))
    text = console.export_text()
    return f"<div><pre>{html.escape(text)}</pre></div>"
