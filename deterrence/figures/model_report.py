"""A model's whole story in one place: ``model_report`` writes a Markdown page and a LaTeX
fragment with the model's description and source, its parameters, the game tree with an
equilibrium drawn, the equilibria of every scenario, the thresholds in closed form with their
comparative statics, and, where asked, the regions over two parameters.

It lives with the figures (layer 9) because it draws them; every number on the page comes from
:func:`deterrence.solve` and :func:`deterrence.threshold` and is written exactly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import sympy

from deterrence.analysis.threshold import ThresholdResult, deterred_outcomes, threshold
from deterrence.errors import DeterrenceError, Diagnostic, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.notation import notation_of
from deterrence.game.parameters import resolve_values
from deterrence.game.tree import ExtensiveGame
from deterrence.load import as_loaded
from deterrence.report.describe import describe_outcomes, describe_profile, describe_threat
from deterrence.report.tex import escape_latex
from deterrence.report.threshold import comparative_statics, threshold_to_latex
from deterrence.solvers.result import SolveResult
from deterrence.solvers.solver import solve
from deterrence.spec import LoadedSpec

#: The scenario every model has: its parameters at their declared defaults.
DEFAULT = "default"

#: Directions of a threshold: the least value at which the condition holds, or the greatest.
DIRECTIONS = ("least", "greatest")

#: The grid of a region figure, points along each axis: fine enough for a page, and the
#: labels are checked against the exact solver whatever it is.
REGION_RESOLUTION = 200


@dataclass(frozen=True)
class ModelReport:
    """What :func:`model_report` wrote, and the results the page was made from.

    Parameters
    ----------
    markdown, latex : Path
        The page (``<id>.md``) and the LaTeX fragment (``<id>.tex``).
    figures : tuple of Path
        The figures: the tree as PNG, PDF and TikZ (``tree.tex``), and the regions as PNG
        and PDF where they were asked for.
    results : mapping of str to SolveResult
        The equilibria of each scenario, by scenario name (``default`` first).
    thresholds : tuple of ThresholdResult
        The thresholds on the page, in order.
    notes : tuple of str
        What the page could not show, and why (a threshold the exact path cannot decide).
    """

    markdown: Path
    latex: Path
    figures: tuple[Path, ...]
    results: Mapping[str, SolveResult]
    thresholds: tuple[ThresholdResult, ...]
    notes: tuple[str, ...] = field(default=())


def _threshold_requests(
    game: Game, asked: Sequence[str | tuple[str, str]] | None
) -> tuple[list[tuple[str, str]], bool]:
    """The thresholds to compute, as ``(parameter, direction)``, and whether they were asked
    for (asked ones are errors when they cannot be found; the default ones are tried and kept
    where they exist)."""
    names = [p.name for p in game.parameters]
    if asked is None:
        credibility = [p.name for p in game.parameters if p.role == "credibility"]
        if credibility:
            return [(name, "least") for name in credibility], False
        return [(name, d) for name in names for d in DIRECTIONS], False
    requests = []
    problems = []
    for item in asked:
        name, direction = (item.partition(":")[::2]) if isinstance(item, str) else item
        name, direction = name.strip(), (direction.strip() or "least")
        if name not in names:
            problems.append(
                Diagnostic(
                    f"unknown parameter `{name}`; the model declares "
                    + (", ".join(f"`{n}`" for n in names) or "no parameters"),
                    path="thresholds",
                    suggestion=did_you_mean(name, names),
                )
            )
        elif direction not in DIRECTIONS:
            problems.append(
                Diagnostic(
                    f"unknown direction `{direction}` of `{name}`; expected least or greatest",
                    path="thresholds",
                )
            )
        else:
            requests.append((name, direction))
    if problems:
        raise SpecError(problems)
    return requests, True


def model_report(
    source: Game | LoadedSpec | str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    values: Mapping[str, object] | None = None,
    equilibrium: int = 1,
    thresholds: Sequence[str | tuple[str, str]] | None = None,
    deterred: Sequence[str] | None = None,
    regions: tuple[str, str] | None = None,
    region_resolution: int = REGION_RESOLUTION,
    concept: str | None = None,
    style: str = "print",
) -> ModelReport:
    """Write a model's report into ``directory``: a Markdown page, a LaTeX fragment and their
    figures.

    The page holds the model's title, description and source; its parameters; the game tree
    (for a tree) with the ``equilibrium``-th equilibrium at the default values drawn bold;
    the equilibria of every scenario (the defaults first, then each ``[scenarios]`` entry of
    the spec); each threshold in closed form, with where it applies, its value at the
    defaults and its comparative statics; and the regions over the parameters ``regions``
    where they are given. The LaTeX fragment says the same for ``\\input`` into a paper: it
    needs ``tikz`` (the tree), ``amsmath`` (the thresholds) and, with regions, ``graphicx``.

    Parameters
    ----------
    source : Game, LoadedSpec, str or path
        A spec file or a bundled model id (read with its scenarios), or a game.
    directory : str or path
        Where to write; made if it does not exist.
    values : mapping of str to number, optional
        Values that replace the declared defaults everywhere on the page (scenarios set their
        own on top).
    equilibrium : int
        Which equilibrium of the defaults the tree shows, numbered from 1.
    thresholds : sequence of str or (str, str), optional
        ``"n"``, ``"n:greatest"`` or ``("n", "greatest")``: the thresholds to show. By
        default the least value of each credibility parameter, or, where the model has none,
        the least and the greatest value of every parameter at which the condition holds,
        kept where there is one inside the parameter's range.
    deterred : sequence of str, optional
        The outcomes that count as deterrence (default: the status quo).
    regions : (str, str), optional
        Two parameters: draw the regions over them (``plot_regions``).
    region_resolution : int
        Grid points along each axis of the regions.
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`).
    style : {"print", "color"}
        The figures' style.

    Returns
    -------
    ModelReport
        The files written and the results they show.

    Raises
    ------
    SpecError
        For an unknown parameter, direction, outcome or equilibrium, or a directory that
        cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     report = model_report("tripwire", folder, thresholds=["n"])
    ...     page = report.markdown.read_text(encoding="utf-8")
    >>> "| baseline |" in page, "`n* = (cD - v)/k`" in page
    (True, True)
    """
    loaded = as_loaded(source)
    game = loaded.game
    given = {name: exact_number(v) for name, v in (values or {}).items()}
    defaults = resolve_values(game.parameters, given)
    # Every argument is checked before anything is written or any long work starts.
    requests = _threshold_requests(game, thresholds)
    if regions is not None:
        _known(game, regions)
    unknown = [o for o in deterred or () if o not in game.outcome_labels]
    if unknown:
        raise SpecError(
            [
                Diagnostic(
                    f"unknown outcome `{o}`; the model's outcomes are "
                    + ", ".join(f"`{label}`" for label in game.outcome_labels),
                    path="deterred",
                    suggestion=did_you_mean(o, game.outcome_labels),
                )
                for o in unknown
            ]
        )
    results: dict[str, SolveResult] = {DEFAULT: solve(game, concept, values=defaults)}
    for name, scenario in loaded.scenarios.items():
        point = resolve_values(game.parameters, {**given, **scenario}, source=f"scenario {name}")
        results[name] = solve(game, concept, values=point)
    count = len(results[DEFAULT].equilibria)
    if count and not 1 <= equilibrium <= count:
        raise SpecError(
            [
                Diagnostic(
                    f"no equilibrium {equilibrium}: at the defaults there are equilibria 1 to "
                    f"{count}",
                    path="equilibrium",
                )
            ]
        )
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpecError([Diagnostic(f"cannot write {folder}: {reason}", path="--output")]) from None
    # The figures first: they check their own arguments, before the thresholds' long work.
    figures: list[Path] = []
    ident = game.info.id
    if isinstance(game, ExtensiveGame):
        figures += _tree_figures(game, results[DEFAULT], equilibrium, style, folder)
    if regions is not None:
        figures += _region_figures(
            game, regions, defaults, region_resolution, concept, style, folder
        )
    outcomes = tuple(deterred) if deterred else None
    found, notes = _thresholds(game, requests, outcomes, defaults, concept)
    if given:
        notes.insert(
            0, "values set for this report: " + ", ".join(f"{k} = {v}" for k, v in given.items())
        )
    page = folder / f"{ident}.md"
    fragment = folder / f"{ident}.tex"
    names = [f.name for f in figures]
    page.write_text(
        markdown_page(game, results, loaded.scenarios, found, notes, equilibrium, names),
        encoding="utf-8",
    )
    fragment.write_text(
        latex_fragment(game, results, loaded.scenarios, found, notes, equilibrium, names),
        encoding="utf-8",
    )
    return ModelReport(page, fragment, tuple(figures), results, tuple(found), tuple(notes))


def _known(game: Game, names: Sequence[str]) -> None:
    """Refuse a parameter the model does not declare."""
    declared = [p.name for p in game.parameters]
    problems = [
        Diagnostic(
            f"unknown parameter `{name}`; the model declares "
            + (", ".join(f"`{n}`" for n in declared) or "no parameters"),
            path="regions",
            suggestion=did_you_mean(name, declared),
        )
        for name in names
        if name not in declared
    ]
    if problems:
        raise SpecError(problems)


def _thresholds(
    game: Game,
    asked: tuple[list[tuple[str, str]], bool],
    outcomes: tuple[str, ...] | None,
    defaults: Mapping[str, Fraction],
    concept: str | None,
) -> tuple[list[ThresholdResult], list[str]]:
    requests, explicit = asked
    notes: list[str] = []
    if not requests:
        return [], notes
    try:
        wanted = outcomes or deterred_outcomes(game)
    except DeterrenceError as error:
        if explicit:
            raise
        return [], [f"no thresholds: {error}"]
    found = []
    for name, direction in requests:
        others = {k: v for k, v in defaults.items() if k != name}
        try:
            result = threshold(
                game, name, wanted, direction=direction, values=others, concept=concept
            )
        except NotImplementedError as error:
            notes.append(f"the {direction} {name} is not shown: {error}")
            continue
        if explicit or result.status == "threshold":
            found.append(result)
    return found, notes


def _tree_figures(
    game: ExtensiveGame, result: SolveResult, equilibrium: int, style: str, folder: Path
) -> list[Path]:
    from deterrence.figures.tree import draw_tree, tree_to_tikz

    chosen = equilibrium if result.equilibria else None
    figure = draw_tree(game, result=result if chosen else None, equilibrium=chosen, style=style)
    paths = [folder / "tree.png", folder / "tree.pdf"]
    for path in paths:
        figure.savefig(path, dpi=200)
    tikz = folder / "tree.tex"
    tikz.write_text(
        tree_to_tikz(game, result=result if chosen else None, equilibrium=chosen, style=style),
        encoding="utf-8",
    )
    return [*paths, tikz]


def _region_figures(
    game: Game,
    axes: tuple[str, str],
    defaults: Mapping[str, Fraction],
    resolution: int,
    concept: str | None,
    style: str,
    folder: Path,
) -> list[Path]:
    from deterrence.figures.regions import plot_regions

    x, y = axes
    others = {k: v for k, v in defaults.items() if k not in axes}
    ax = plot_regions(
        game, x, y, values=others, concept=concept, resolution=resolution, style=style
    )
    paths = [folder / "regions.png", folder / "regions.pdf"]
    for path in paths:
        ax.figure.savefig(path, dpi=200)
    return paths


# --- the page --------------------------------------------------------------------------------


def _equilibrium_rows(
    results: Mapping[str, SolveResult], scenarios: Mapping[str, Mapping[str, Fraction]]
) -> list[list[str]]:
    """One row per equilibrium of each scenario: scenario, the values it sets, number,
    strategies, outcomes, each player's payoff (exact), and whether it is subgame perfect."""
    rows = []
    for scenario, result in results.items():
        where = ", ".join(f"{k} = {v}" for k, v in scenarios.get(scenario, {}).items())
        where = where or "the defaults"
        if not result.equilibria:
            blank = [""] * (len(result.players) + 2)
            rows.append([scenario, where, "–", "no equilibrium found", *blank])
        for n, eq in enumerate(result.equilibria, 1):
            perfect = {True: "yes", False: "no", None: "undecided"}[eq.subgame_perfect]
            rows.append(
                [
                    scenario,
                    where,
                    str(n),
                    describe_profile(result, eq, sep="; "),
                    describe_outcomes(eq),
                    *(str(v) for v in eq.payoffs),
                    perfect if result.form == "tree" else "",
                ]
            )
    return rows


def _header(result: SolveResult) -> list[str]:
    return [
        "scenario",
        "values",
        "#",
        "strategies",
        "outcome",
        *(f"payoff {p}" for p in result.players),
        "SPE" if result.form == "tree" else "",
    ]


def _threshold_title(result: ThresholdResult) -> str:
    return f"the {result.direction} {result.parameter} at which play reaches only " + ", ".join(
        result.outcomes
    )


def markdown_page(
    game: Game,
    results: Mapping[str, SolveResult],
    scenarios: Mapping[str, Mapping[str, Fraction]],
    thresholds: Sequence[ThresholdResult],
    notes: Sequence[str],
    equilibrium: int,
    figures: Sequence[str],
) -> str:
    """The Markdown page of :func:`model_report` (figures named relative to the page)."""
    info = game.info
    lines = [f"# `{info.id}`: {info.title or info.id}", ""]
    if info.description:
        lines += [" ".join(info.description.split()), ""]
    if info.source:
        lines += ["**Source.** " + " ".join(info.source.split()), ""]
    lines += _parameters_markdown(game, results[DEFAULT].parameters)
    if "tree.png" in figures:
        lines += ["## The game tree", "", f"![The game tree of {info.id}](tree.png)", ""]
        lines.append(_tree_caption(game, results[DEFAULT], equilibrium))
        lines += [
            "",
            "The same tree as TikZ: [`tree.tex`](tree.tex); as PDF: [`tree.pdf`](tree.pdf).",
            "",
        ]
    first = results[DEFAULT]
    lines += ["## Equilibria by scenario", ""]
    lines.append(
        f"Solution concept: {first.concept} ({first.method}). Payoffs are exact; "
        "`values` lists what a scenario sets; the other parameters are at their defaults."
    )
    lines.append("")
    header = [("subgame perfect" if h == "SPE" else h) for h in _header(first) if h]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in _equilibrium_rows(results, scenarios):
        cells = row[: len(header)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines.append("")
    for scenario, result in results.items():
        for n, eq in enumerate(result.equilibria, 1):
            lines.extend(f"- {scenario}: {describe_threat(n, t)}" for t in eq.non_credible)
        lines.extend(f"- {scenario}: {note}" for note in result.notes)
        if not result.complete:
            lines.append(f"- {scenario}: the list may be incomplete (see the notes)")
    if lines[-1] != "":
        lines.append("")
    lines += ["## Thresholds", ""]
    if not thresholds:
        lines += ["No threshold inside the parameters' ranges.", ""]
    for found in thresholds:
        lines += _threshold_markdown(found)
    lines.extend(f"- {note}" for note in notes)
    if notes:
        lines.append("")
    if "regions.png" in figures:
        lines += ["## Regions", "", f"![The equilibrium regions of {info.id}](regions.png)", ""]
    return "\n".join(lines).rstrip() + "\n"


def _parameters_markdown(game: Game, values: Mapping[str, Fraction]) -> list[str]:
    if not game.parameters:
        return []
    notation = notation_of(game)
    lines = ["## Parameters", "", "| parameter | symbol | default | bounds | role | meaning |"]
    lines.append("|---|---|---|---|---|---|")
    for p in game.parameters:
        doc = p.doc.replace("|", "\\|")
        symbol = notation.symbol(p.name).replace("|", "\\|")
        lines.append(
            f"| `{p.name}` | ${symbol}$ | {values[p.name]} | {p.bounds_text()} | "
            f"{p.role or ''} | {doc} |"
        )
    return [*lines, ""]


def _tree_caption(game: Game, result: SolveResult, equilibrium: int) -> str:
    if not result.equilibria:
        return "No equilibrium was found at the defaults, so none is drawn."
    eq = result.equilibria[equilibrium - 1] if equilibrium <= len(result.equilibria) else None
    if eq is None:
        return ""
    return (
        f"Bold: the actions of equilibrium {equilibrium} at the defaults "
        f"({describe_profile(result, eq, sep='; ')}). Payoffs at the leaves in the order "
        + ", ".join(game.player_names)
        + "; dashed lines join the nodes of an information set."
    )


def _threshold_markdown(result: ThresholdResult) -> list[str]:
    name = f"{result.parameter}*"
    lines = [f"### {name}: {_threshold_title(result)}", ""]
    if result.status == "never":
        lines.append("Never: the condition holds nowhere in the declared range.")
    elif result.status == "always":
        lines.append("Always: the condition holds from the end of the range on.")
    if result.symbolic is not None:
        lines.append(f"Closed form: `{name} = {result.symbolic}`")
        lines += ["", f"$$ {result.parameter}^* = {result.latex} $$", ""]
        if result.conditions:
            lines.append("It applies where " + ", ".join(f"`{c}`" for c in result.conditions) + ".")
            lines.append("")
    if result.value is not None:
        lines.append(f"At the defaults: `{name} = {result.value}`.")
        if result.numeric is not None:
            lines.append(f"The independent numeric path finds {result.numeric:.12g}.")
        lines.append("")
    statics = comparative_statics(result)
    if statics:
        lines.append("Comparative statics, over the whole region where the closed form applies:")
        lines.append("")
        for entry in statics:
            lines.append(
                f"- `d{name}/d{entry['parameter']} = {entry['derivative']}` "
                f"({entry['sign']}): {entry['words']}"
            )
        lines.append("")
    lines.extend(f"- note: {n}" for n in result.notes)
    if result.notes:
        lines.append("")
    fixed = ", ".join(f"{k} = {v}" for k, v in result.fixed.items())
    if fixed:
        lines += [f"Other parameters: {fixed}.", ""]
    return lines


# --- the LaTeX fragment ----------------------------------------------------------------------


def _tex(text: str) -> str:
    return escape_latex(text)


def latex_fragment(
    game: Game,
    results: Mapping[str, SolveResult],
    scenarios: Mapping[str, Mapping[str, Fraction]],
    thresholds: Sequence[ThresholdResult],
    notes: Sequence[str],
    equilibrium: int,
    figures: Sequence[str],
) -> str:
    """The LaTeX fragment of :func:`model_report`, for ``\\input``: it needs ``tikz``,
    ``amsmath`` and, with regions, ``graphicx``; the figures are named relative to the
    directory LaTeX runs in (``\\graphicspath`` or ``\\input@path`` change that)."""
    info = game.info
    lines = [
        f"% The model report of {_tex(info.id)}, written by deterrence.",
        r"% Needs \usepackage{tikz,amsmath}"
        + (", graphicx" if "regions.pdf" in figures else "")
        + ".",
        rf"\section*{{{_tex(info.title or info.id)}}}",
    ]
    if info.description:
        lines += [_tex(" ".join(info.description.split())), ""]
    if info.source:
        lines += [r"\paragraph{Source.} " + _tex(" ".join(info.source.split())), ""]
    if "tree.tex" in figures:
        lines += [
            r"\begin{figure}[htbp]",
            r"\centering",
            r"\input{tree.tex}",
            r"\caption{" + _tex(_tree_caption(game, results[DEFAULT], equilibrium)) + "}",
            r"\end{figure}",
            "",
        ]
    first = results[DEFAULT]
    header = [h for h in _header(first) if h]
    lines += [
        r"\begin{table}[htbp]",
        r"\centering",
        r"\footnotesize",
        # The words wrap in their columns, so that the table keeps to the text width.
        r"\setlength{\tabcolsep}{3pt}",
        r"\begin{tabular}{lp{0.11\linewidth}rp{0.17\linewidth}p{0.17\linewidth}"
        + "r" * len(first.players)
        + ("l" if len(header) > 5 + len(first.players) else "")
        + "}",
        r"\hline",
        " & ".join(_tex(h) for h in header) + r" \\",
        r"\hline",
    ]
    for row in _equilibrium_rows(results, scenarios):
        cells = [_tex(c) for c in row[:5]]
        cells += [f"${_fraction_tex(c)}$" if c else "" for c in row[5 : 5 + len(first.players)]]
        cells += [_tex(c) for c in row[5 + len(first.players) : len(header)]]
        lines.append(" & ".join(cells) + r" \\")
    lines += [
        r"\hline",
        r"\end{tabular}",
        r"\caption{Equilibria by scenario (" + _tex(f"{first.concept}, {first.method}") + ").}",
        r"\end{table}",
        "",
    ]
    for result in thresholds:
        lines.append(
            r"\paragraph{" + _tex(f"{result.parameter}*: {_threshold_title(result)}.") + "}"
        )
        lines.append(threshold_to_latex(result).rstrip())
        if result.value is not None:
            notation = notation_of(result.game)
            lines.append(
                "At the defaults, $"
                + notation.symbol(result.parameter)
                + "^* = "
                + sympy.latex(result.value)
                + "$."
            )
        lines.append("")
    for note in notes:
        lines += [_tex(note), ""]
    if "regions.pdf" in figures:
        lines += [
            r"\begin{figure}[htbp]",
            r"\centering",
            r"\includegraphics[width=\linewidth]{regions.pdf}",
            r"\caption{The equilibrium regions of " + _tex(info.id) + ".}",
            r"\end{figure}",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _fraction_tex(text: str) -> str:
    value = Fraction(text)
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
