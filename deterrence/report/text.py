"""A solve result as rich renderables (tables) for the terminal; printing is the caller's job."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from deterrence.game.notation import Notation
from deterrence.report.describe import describe_outcomes, describe_profile, describe_threat
from deterrence.report.numbers import short
from deterrence.solvers.result import Equilibrium, SolveResult


def result_renderable(result: SolveResult, notation: Notation | None = None) -> RenderableType:
    """A heading, the table of equilibria, the non-credible threats and the notes.

    Parameters
    ----------
    result : SolveResult
    notation : Notation, optional
        The game's (``notation_of(game)``): actions and outcomes are written by its display
        names; without it, by the defaults (``status_quo`` reads "status quo"). Parameters
        keep their names, as they are typed in ``--set``.

    Returns
    -------
    rich.console.RenderableType
    """
    notation = notation or result.notation
    parts: list[RenderableType] = []
    params = ", ".join(f"{k} = {short(v)}" for k, v in result.parameters.items())
    heading = Text.assemble(
        (result.model, "bold"),
        f": {result.concept} — {result.method}",
        ("" if result.exact else " (approximate)", "yellow"),
    )
    parts.append(heading)
    if params:
        parts.append(Text(f"parameters: {params}", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("strategies", min_width=22, overflow="fold")
    table.add_column("outcome", min_width=14, overflow="fold")
    for player in result.players:
        table.add_column(f"payoff {player}", justify="right", overflow="fold")
    table.add_column("regret", justify="right")
    if result.form == "tree":
        table.add_column("subgame perfect")
    for n, eq in enumerate(result.equilibria, 1):
        row = [
            str(n),
            escape(describe_profile(result, eq, sep="\n", notation=notation)),
            escape(describe_outcomes(eq, notation).replace(" + ", "\n+ ")),
            *(short(v) for v in eq.payoffs),
            short(eq.regret),
        ]
        if result.form == "tree":
            row.append({True: "yes", False: "[red]no[/]", None: "undecided"}[eq.subgame_perfect])
        table.add_row(*row)
    parts.append(table)
    if not result.equilibria:
        parts.append(Text("no equilibrium found", style="red"))
    for n, eq in enumerate(result.equilibria, 1):
        for threat in eq.non_credible:
            parts.append(Text(describe_threat(n, threat, notation), style="yellow"))
    for n, eq in enumerate(result.equilibria, 1):
        for line in assessment_lines(eq):
            parts.append(Text(f"equilibrium {n}: {line}"))
    for n, eq in enumerate(result.equilibria, 1):
        if eq.subgame_note and eq.subgame_perfect is not True:
            parts.append(Text(f"equilibrium {n}: {eq.subgame_note}", style="dim"))
    shared = {eq.subgame_note for eq in result.equilibria if eq.subgame_perfect is True}
    for note in sorted(n for n in shared if n):
        parts.append(Text(f"note: {note}", style="dim"))
    for note in result.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    if not result.complete:
        parts.append(
            Text("the list of equilibria may be incomplete (see the notes)", style="yellow")
        )
    return Group(*parts)


def assessment_lines(eq: Equilibrium) -> list[str]:
    """What a perfect Bayesian equilibrium adds, in words: its kind, the beliefs at each
    information set of several nodes (off the path: the set that supports it), and which
    refinements it survives."""
    if not hasattr(eq, "off_path_beliefs"):
        return []
    lines = []
    kind = getattr(eq, "kind", None)
    off_path = getattr(eq, "off_path_beliefs", {}) or {}
    beliefs = []
    for label, nodes in (eq.beliefs or {}).items():
        if len(nodes) < 2:
            continue
        if label in off_path:
            shown = off_path[label]
            if getattr(shown, "everything", False):
                beliefs.append(f"{label} (off the path): any belief")
            elif getattr(shown, "interval", None) is not None:
                low, high = shown.interval
                beliefs.append(f"{label} (off the path): {shown.nodes[0]} in [{low}, {high}]")
            else:
                beliefs.append(f"{label} (off the path): " + "; ".join(shown.inequalities))
        else:
            beliefs.append(f"{label}: " + ", ".join(f"{node} {p}" for node, p in nodes.items()))
    if kind or beliefs:
        lines.append(((kind + "; ") if kind else "") + "beliefs " + "; ".join(beliefs))
    for name, verdict in (getattr(eq, "refinements", None) or {}).items():
        if not getattr(verdict, "applies", False):
            continue
        if getattr(verdict, "survives", False):
            lines.append(f"{name}: survives")
        else:
            breaks = getattr(verdict, "breaks", ()) or ()
            why = "; ".join(
                f"at {b.message}" + (f" ({', '.join(b.types)})" if b.types else "") for b in breaks
            )
            lines.append(f"{name}: fails" + (f" {why}" if why else ""))
    return lines
