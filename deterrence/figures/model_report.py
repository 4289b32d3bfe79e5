"""A model's whole story in one place: ``model_report`` writes a Markdown page and a LaTeX
fragment with the model's description and source, its parameters, the game tree with an
equilibrium drawn, the equilibria of every scenario, the thresholds in closed form with their
comparative statics, and, where asked, the regions over two parameters.

It lives with the figures (layer 9) because it draws them; every number on the page comes from
:func:`deterrence.solve` and :func:`deterrence.threshold` and is written exactly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import sympy

from deterrence.analysis.threshold import ThresholdResult, deterred_outcomes, threshold
from deterrence.errors import DeterrenceError, Diagnostic, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.notation import Notation, notation_of
from deterrence.game.parameters import resolve_values
from deterrence.game.tree import ExtensiveGame
from deterrence.load import as_loaded
from deterrence.report.describe import describe_outcomes, describe_profile, describe_threat
from deterrence.report.tex import escape_latex
from deterrence.report.threshold import comparative_statics, threshold_to_latex
from deterrence.solvers.result import SolveResult
from deterrence.solvers.solver import solve
from deterrence.spec import LoadedSpec
from deterrence.spec.report_checks import threshold_request
from deterrence.spec.schema import THRESHOLD_DIRECTIONS

#: The scenario every model has: its parameters at their declared defaults.
DEFAULT = "default"

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
        The figures (:func:`figure_names`): the tree as PNG, PDF and TikZ
        (``<id>-tree.tex``), and the regions as PNG and PDF where they were asked for.
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
        return [(name, d) for name in names for d in THRESHOLD_DIRECTIONS], False
    requests = []
    problems = []
    for item in asked:
        name, direction = threshold_request(item) if isinstance(item, str) else item
        if name not in names:
            problems.append(
                Diagnostic(
                    f"unknown parameter `{name}`; the model declares "
                    + (", ".join(f"`{n}`" for n in names) or "no parameters"),
                    path="thresholds",
                    suggestion=did_you_mean(name, names),
                )
            )
        elif direction not in THRESHOLD_DIRECTIONS:
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
    equilibrium: int | None = None,
    thresholds: Sequence[str | tuple[str, str]] | None = None,
    deterred: Sequence[str] | None = None,
    regions: tuple[str, str] | None = None,
    region_resolution: int | None = None,
    limits: Mapping[str, tuple[object, object]] | None = None,
    concept: str | None = None,
    style: str = "print",
    template: str | None = None,
    template_name: str = "",
) -> ModelReport:
    """Write a model's report into ``directory``: a Markdown page, a LaTeX fragment and their
    figures.

    The page holds the model's title, description and source; its parameters; the game tree
    (for a tree) with the ``equilibrium``-th equilibrium at the default values drawn bold;
    the equilibria of every scenario (the defaults first, then each ``[scenarios]`` entry of
    the spec); each threshold in closed form, with where it applies, its value at the
    defaults and its comparative statics; and the regions over the parameters ``regions``
    where they are given. A spec's ``[report]`` table gives the defaults of ``equilibrium``,
    ``thresholds``, ``deterred``, ``regions`` and ``concept``; an argument overrides it.
    The LaTeX fragment says the same for ``\\input`` into a paper: it
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
    equilibrium : int, optional
        Which equilibrium of the defaults the tree shows, numbered from 1 (default 1).
    thresholds : sequence of str or (str, str), optional
        ``"n"``, ``"n:greatest"`` or ``("n", "greatest")``: the thresholds to show. By
        default the least value of each credibility parameter, or, where the model has none,
        the least and the greatest value of every parameter at which the condition holds,
        kept where there is one inside the parameter's range.
    deterred : sequence of str, optional
        The outcomes that count as deterrence (default: the status quo).
    regions : (str, str), optional
        Two parameters: draw the regions over them (``plot_regions``).
    region_resolution : int, optional
        Grid points along each axis of the regions (default: the spec's
        ``[report] resolution``, else :data:`REGION_RESOLUTION`).
    limits : mapping of str to (low, high), optional
        The range drawn of a parameter of the regions (default: the spec's
        ``[report] limits``, else as :func:`deterrence.figures.plot_regions` chooses).
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`).
    style : {"print", "color"}
        The figures' style.
    template : str, optional
        The text of a page written by hand, into which the report puts its sections where
        lines ``<!-- report: NAME -->`` ask for them (:func:`fill_template`); by default the
        page is the sections in order under their headings.
    template_name : str
        The template's file name, for messages.

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
    asked = loaded.report
    equilibrium = equilibrium or asked.equilibrium or 1
    if thresholds is None and asked.thresholds is not None:
        thresholds = asked.thresholds
    deterred = deterred or asked.deterred or None
    regions = regions or asked.regions
    concept = concept or asked.concept
    limits = {**asked.limits, **(limits or {})}
    region_resolution = region_resolution or asked.resolution or REGION_RESOLUTION
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
            game, regions, defaults, region_resolution, limits, concept, style, folder
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
    sections = markdown_sections(game, results, loaded.scenarios, found, notes, equilibrium, names)
    page.write_text(
        markdown_page(sections, game)
        if template is None
        else fill_template(template, sections, template_name),
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
        return [], ["no threshold was asked for"] if explicit else notes
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
    names = figure_names(game.info.id)
    paths = [folder / names["tree.png"], folder / names["tree.pdf"]]
    for path in paths:
        _save(figure, path)
    tikz = folder / names["tree.tex"]
    tikz.write_text(
        tree_to_tikz(game, result=result if chosen else None, equilibrium=chosen, style=style),
        encoding="utf-8",
    )
    return [*paths, tikz]


def _save(figure: object, path: Path) -> None:
    """Save a figure with no date or version in the file, so that a page regenerated from
    the same model gives the same bytes (the model library's figures are committed)."""
    stamp = {"CreationDate": None} if path.suffix == ".pdf" else {"Software": None}
    figure.savefig(path, dpi=200, metadata=stamp)  # type: ignore[attr-defined]


def _region_figures(
    game: Game,
    axes: tuple[str, str],
    defaults: Mapping[str, Fraction],
    resolution: int,
    limits: Mapping[str, tuple[object, object]],
    concept: str | None,
    style: str,
    folder: Path,
) -> list[Path]:
    from deterrence.figures.regions import plot_regions

    x, y = axes
    others = {k: v for k, v in defaults.items() if k not in axes}
    ax = plot_regions(
        game,
        x,
        y,
        values=others,
        concept=concept,
        resolution=resolution,
        style=style,
        xlim=limits.get(x),
        ylim=limits.get(y),
    )
    names = figure_names(game.info.id)
    paths = [folder / names["regions.png"], folder / names["regions.pdf"]]
    for path in paths:
        _save(ax.figure, path)
    return paths


# --- the page --------------------------------------------------------------------------------


def _equilibrium_rows(
    results: Mapping[str, SolveResult],
    scenarios: Mapping[str, Mapping[str, Fraction]],
    notation: Notation,
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
                    describe_profile(result, eq, sep="; ", notation=notation),
                    describe_outcomes(eq, notation),
                    *(str(v) for v in eq.payoffs),
                    perfect if result.form == "tree" else "",
                ]
            )
    return rows


def _header(result: SolveResult, game: Game) -> list[str]:
    return [
        "scenario",
        "values",
        "#",
        "strategies",
        "outcome",
        *(f"payoff {p}" for p in game.player_names),
        "SPE" if result.form == "tree" else "",
    ]


def _threshold_title(result: ThresholdResult) -> str:
    """``the least n at which play reaches only status quo``."""
    return (
        f"the {result.direction} {result.parameter} at which play reaches only "
        + result.outcomes_text
    )


#: The sections of a page, in the order of the page :func:`model_report` writes by itself:
#: a template places them with ``<!-- report: NAME -->`` (see :func:`fill_template`).
SECTIONS = ("header", "parameters", "tree", "equilibria", "thresholds", "regions")
_HEADINGS = {
    "parameters": "Parameters",
    "tree": "The game tree",
    "equilibria": "Equilibria by scenario",
    "thresholds": "Thresholds",
    "regions": "Regions",
}
#: ``<!-- report: NAME -->`` on a line of its own.
DIRECTIVE = re.compile(r"^<!--\s*report:\s*([A-Za-z_-]+)\s*-->[ \t]*$", re.MULTILINE)


def figure_names(ident: str) -> dict[str, str]:
    """The files of a report's figures, named after the model so that the reports of several
    models can share a folder (as the pages of the model library do).

    >>> figure_names("tripwire")["tree.png"]
    'tripwire-tree.png'
    """
    return {
        kind: f"{ident}-{kind}"
        for kind in ("tree.png", "tree.pdf", "tree.tex", "regions.png", "regions.pdf")
    }


def markdown_sections(
    game: Game,
    results: Mapping[str, SolveResult],
    scenarios: Mapping[str, Mapping[str, Fraction]],
    thresholds: Sequence[ThresholdResult],
    notes: Sequence[str],
    equilibrium: int,
    figures: Sequence[str],
) -> dict[str, list[str]]:
    """The Markdown of each of :data:`SECTIONS`, without its heading (figures named relative
    to the page); a section the model has nothing for (no tree, no regions) is empty."""
    info = game.info
    names = figure_names(info.id)
    header = []
    if info.description:
        header += [" ".join(info.description.split()), ""]
    if info.source:
        header += ["**Source.** " + " ".join(info.source.split()), ""]
    tree = []
    if names["tree.png"] in figures:
        tree += [f"![The game tree of {info.id}]({names['tree.png']})", ""]
        tree.append(_tree_caption(game, results[DEFAULT], equilibrium))
        tree += [
            "",
            f"The same tree as TikZ: [`{names['tree.tex']}`]({names['tree.tex']}); "
            f"as PDF: [`{names['tree.pdf']}`]({names['tree.pdf']}).",
            "",
        ]
    first = results[DEFAULT]
    table = [
        f"Solution concept: {first.concept} ({first.method}). Payoffs are exact; "
        "`values` lists what a scenario sets; the other parameters are at their defaults.",
        "",
    ]
    heads = [("subgame perfect" if h == "SPE" else h) for h in _header(first, game) if h]
    table.append("| " + " | ".join(heads) + " |")
    table.append("|" + "---|" * len(heads))
    for row in _equilibrium_rows(results, scenarios, notation_of(game)):
        cells = row[: len(heads)]
        table.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    table.append("")
    for scenario, result in results.items():
        for n, eq in enumerate(result.equilibria, 1):
            table.extend(
                f"- {scenario}: {describe_threat(n, t, notation_of(game))}" for t in eq.non_credible
            )
        table.extend(f"- {scenario}: {note}" for note in result.notes)
        if not result.complete:
            table.append(f"- {scenario}: the list may be incomplete (see the notes)")
    if table[-1] != "":
        table.append("")
    found: list[str] = []
    if not thresholds and not notes:
        found += ["No threshold inside the parameters' ranges.", ""]
    for each in thresholds:
        found += _threshold_markdown(each)
    found.extend(f"- {note}" for note in notes)
    if notes:
        found.append("")
    regions = []
    if names["regions.png"] in figures:
        regions += [f"![The equilibrium regions of {info.id}]({names['regions.png']})", ""]
    return {
        "header": header,
        "parameters": _parameters_markdown(game, results[DEFAULT].parameters),
        "tree": tree,
        "equilibria": table,
        "thresholds": found,
        "regions": regions,
    }


def markdown_page(sections: Mapping[str, list[str]], game: Game) -> str:
    """The Markdown page of :func:`model_report` without a template: the title, then every
    section that is not empty under its heading."""
    info = game.info
    lines = [f"# `{info.id}`: {info.title or info.id}", "", *sections["header"]]
    for name in SECTIONS[1:]:
        if sections[name]:
            lines += [f"## {_HEADINGS[name]}", "", *sections[name]]
    return "\n".join(lines).rstrip() + "\n"


def fill_template(template: str, sections: Mapping[str, list[str]], where: str = "") -> str:
    """A page written by hand with the report's sections put in its place: each line
    ``<!-- report: NAME -->`` becomes the section NAME (one of :data:`SECTIONS`).

    Raises
    ------
    SpecError
        For a directive naming no section (``where`` names the template in the message).

    Examples
    --------
    >>> fill_template("# A\\n\\n<!-- report: header -->\\nMore.\\n", {"header": ["Hi.", ""]})
    '# A\\n\\nHi.\\nMore.\\n'
    """
    unknown = sorted({m.group(1) for m in DIRECTIVE.finditer(template)} - set(sections))
    if unknown:
        raise SpecError(
            [
                Diagnostic(
                    f"unknown report section `{name}`; the sections are "
                    + ", ".join(f"`{s}`" for s in SECTIONS),
                    file=where or None,
                    path="template",
                    suggestion=did_you_mean(name, SECTIONS),
                )
                for name in unknown
            ]
        )
    page = DIRECTIVE.sub(lambda m: "\n".join(sections[m.group(1)]).rstrip(), template)
    return page.rstrip() + "\n"


def _parameters_markdown(game: Game, values: Mapping[str, Fraction]) -> list[str]:
    if not game.parameters:
        return []
    notation = notation_of(game)
    lines = ["| parameter | symbol | default | bounds | role | meaning |"]
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
        f"({describe_profile(result, eq, sep='; ', notation=notation_of(game))}). "
        "Payoffs at the leaves in the order "
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
        lines += ["", f"$$ {result.notation.starred(result.parameter)} = {result.latex} $$", ""]
        if result.conditions:
            lines.append("It applies where " + ", ".join(f"`{c}`" for c in result.conditions) + ".")
            lines.append("")
    if result.value is not None:
        lines.append(f"At the defaults: `{name} = {result.value}`.")
        if result.numeric is not None:
            lines.append(f"The independent numeric path finds {result.numeric:.12g}.")
        lines.append("")
    elif result.numeric is not None:
        lines += [
            f"At the defaults, found by the numeric path alone (not exact): "
            f"`{name} = {result.numeric:.12g}`.",
            "",
        ]
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
    names = figure_names(info.id)
    lines = [
        f"% The model report of {_tex(info.id)}, written by deterrence.",
        r"% Needs \usepackage{tikz,amsmath}"
        + (", graphicx" if names["regions.pdf"] in figures else "")
        + ".",
        rf"\section*{{{_tex(info.title or info.id)}}}",
    ]
    if info.description:
        lines += [_tex(" ".join(info.description.split())), ""]
    if info.source:
        lines += [r"\paragraph{Source.} " + _tex(" ".join(info.source.split())), ""]
    if names["tree.tex"] in figures:
        lines += [
            r"\begin{figure}[htbp]",
            r"\centering",
            r"\input{" + names["tree.tex"] + "}",
            r"\caption{" + _tex(_tree_caption(game, results[DEFAULT], equilibrium)) + "}",
            r"\end{figure}",
            "",
        ]
    first = results[DEFAULT]
    header = [_tex(h) for h in _header(first, game) if h]
    # A payoff column is as narrow as its number: the player by its symbol, not its name.
    notation = notation_of(game)
    for k, player in enumerate(first.players):
        header[5 + k] = f"${notation.player_symbol(player)}$"
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
        " & ".join(header) + r" \\",
        r"\hline",
    ]
    for row in _equilibrium_rows(results, scenarios, notation_of(game)):
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
        notation = result.notation
        lines.append(
            rf"\paragraph{{${notation.starred(result.parameter)}$: the {result.direction} "
            + notation.math(result.parameter)
            + " at which play reaches only "
            + _tex(result.outcomes_text)
            + ".}"
        )
        lines.append(threshold_to_latex(result).rstrip())
        if result.value is not None:
            lines.append(
                f"At the defaults, ${notation.starred(result.parameter)} = "
                + sympy.latex(result.value)
                + "$."
            )
        lines.append("")
    for note in notes:
        lines += [_tex(note), ""]
    if names["regions.pdf"] in figures:
        lines += [
            r"\begin{figure}[htbp]",
            r"\centering",
            r"\includegraphics[width=\linewidth]{" + names["regions.pdf"] + "}",
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
