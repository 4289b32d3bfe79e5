"""A solve result as a Markdown document: a summary and one table row per equilibrium."""

from __future__ import annotations

from deterrence.game.notation import Notation
from deterrence.report.describe import describe_outcomes, describe_profile, describe_threat
from deterrence.report.numbers import short
from deterrence.solvers.result import SolveResult


def result_to_markdown(result: SolveResult, notation: Notation | None = None) -> str:
    """Markdown for a paper draft or a notebook.

    Parameters
    ----------
    result : SolveResult
    notation : Notation, optional
        The game's (``notation_of(game)``): actions and outcomes are written by its display
        names; without it, by the defaults. Parameters keep their names.

    Returns
    -------
    str

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.notation import notation_of
    >>> game = dt.load("extended-deterrence")
    >>> text = result_to_markdown(dt.solve(game, p="0.8"), notation_of(game))
    >>> print(text.splitlines()[6])
    | 1 | A: status quo / P: resist / D: abandon | Status quo | 0 | 0 | 0 | 0 | yes |
    """
    notation = notation or result.notation
    lines = [f"## {result.model}: {result.concept} equilibria", ""]
    params = ", ".join(f"{k} = {short(v)}" for k, v in result.parameters.items())
    lines.append(f"Method: {result.method}. Parameters: {params or 'none'}.")
    lines.append("")
    header = ["#", "strategies", "outcomes", *(f"payoff {p}" for p in result.players), "regret"]
    if result.form == "tree":
        header.append("subgame perfect")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for n, eq in enumerate(result.equilibria, 1):
        row = [
            str(n),
            describe_profile(result, eq, notation=notation),
            describe_outcomes(eq, notation),
        ]
        row += [short(v) for v in eq.payoffs]
        row.append(short(eq.regret))
        if result.form == "tree":
            row.append({True: "yes", False: "no", None: "undecided"}[eq.subgame_perfect])
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    if not result.equilibria:
        empty = ["–", "no equilibrium found"] + [""] * (len(header) - 2)
        lines.append("| " + " | ".join(empty) + " |")
    lines.append("")
    for n, eq in enumerate(result.equilibria, 1):
        lines.extend(f"- {describe_threat(n, t, notation)}" for t in eq.non_credible)
        if eq.subgame_note and eq.subgame_perfect is not True:
            lines.append(f"- equilibrium {n}: {eq.subgame_note}")
    for note in result.notes:
        lines.append(f"- {note}")
    if not result.complete:
        lines.append("- the list may be incomplete (see the notes)")
    return "\n".join(lines).rstrip() + "\n"
