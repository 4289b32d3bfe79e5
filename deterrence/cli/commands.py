"""The commands behind ``deterrence``: each reads its arguments, calls the library, prints."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

# `main` has loaded rich.console (which loads rich.markup) before it imports this module.
from rich.markup import escape

from deterrence.cli.options import (
    EXIT_INVALID,
    EXIT_OK,
    STDIN,
    STDIN_NAME,
    load_game,
    noise_options,
    once,
    parse_settings,
)
from deterrence.errors import Diagnostic, SpecError
from deterrence.load import bundled_models, load

if TYPE_CHECKING:
    from rich.console import Console

    from deterrence.analysis.qre_threshold import QREThreshold
    from deterrence.game import Game
    from deterrence.game.notation import Notation
    from deterrence.solvers.qre_result import QREBranch, QREResult
    from deterrence.solvers.result import SolveResult


def run_models(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence models``: list the bundled models with their titles; returns the exit status."""
    from rich.table import Table

    table = Table(title="Bundled models", title_justify="left")
    table.add_column("id", style="bold")
    table.add_column("form")
    table.add_column("players")
    table.add_column("title")
    for model_id in bundled_models():
        game = load(model_id)
        table.add_row(model_id, game.form, ", ".join(game.players), escape(game.info.title))
    out.print(table)
    return EXIT_OK


def run_limits(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence limits``: every limit on input and work, its value now and its default."""
    from rich.table import Table

    from deterrence import limits

    table = Table(title="Limits (change one with --limit NAME=VALUE)", title_justify="left")
    # Names are what a user types back into --limit: never cut or wrapped.
    table.add_column("name", style="bold", no_wrap=True, min_width=max(map(len, limits.LIMITS)))
    for column in ("value", "default", "counts", "when reached"):
        table.add_column(column, no_wrap=column in ("value", "default"))
    for limit in limits.LIMITS.values():
        value = limits.get(limit.name)
        table.add_row(
            limit.name,
            _limit_value(value),
            _limit_value(limit.default),
            escape(limit.what),
            limit.reached,
        )
    out.print(table)
    return EXIT_OK


def _limit_value(value: int | float | None) -> str:
    if value is None:
        return "none"
    return f"{value:,}" if isinstance(value, int) else f"{value:g} s"


def run_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence check SPEC...``: validate each file, print every problem; exit status 2 if any
    is invalid."""
    once(args.specs)
    status = EXIT_OK
    for spec in args.specs:
        try:
            game = load_game(spec, args, err)
        except SpecError as error:
            status = EXIT_INVALID
            for diagnostic in error.diagnostics:
                err.print(f"[bold red]error:[/] {escape(str(diagnostic))}")
            continue
        name = STDIN_NAME if spec == STDIN else spec
        out.print(f"[green]ok[/] {escape(name)}: {escape(_summary(game))}")
    return status


def _summary(game: object) -> str:
    from deterrence.game.tree import ExtensiveGame

    if isinstance(game, ExtensiveGame):
        return (
            f"a tree of {len(game.nodes)} nodes, {len(game.players)} players, "
            f"{len(game.infosets)} information sets, {len(game.parameters)} parameters"
        )
    shape = "x".join(str(len(s)) for s in game.strategies)  # type: ignore[attr-defined]
    return f"a {shape} normal form, {len(game.parameters)} parameters"  # type: ignore[attr-defined]


def run_show(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence show SPEC``: print the model's players, parameters, tree or matrix and payoff
    decomposition."""
    from deterrence.report.show import model_renderable

    game = load_game(args.spec, args, err)
    out.print(model_renderable(game, parse_settings(args.set)))
    return EXIT_OK


def run_solve(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence solve SPEC``: solve at the ``--set`` values with ``--concept``; print text, JSON
    or Markdown."""
    from deterrence.game.notation import notation_of
    from deterrence.report.as_dict import result_to_dict
    from deterrence.report.markdown import result_to_markdown
    from deterrence.report.text import result_renderable
    from deterrence.solvers.result import SolveResult
    from deterrence.solvers.solver import solve

    game = load_game(args.spec, args, err)
    result = solve(
        game,
        args.concept,
        method=args.method,
        cross_check=args.cross_check and not args.no_cross_check,
        values=parse_settings(args.set),
        source="--set",
        **noise_options(args),
    )
    if not isinstance(result, SolveResult):
        # A concept with a result type of its own (qre): its own pages in the report layer.
        return _write_own_result(result, args, out, notation_of(game))
    if args.only:
        result = _only_subgame_perfect(result, f"--only {args.only}")
    notation = notation_of(game)
    if args.format == "json":
        out.file.write(json.dumps(result_to_dict(result, exact=args.exact), indent=2) + "\n")
    elif args.format == "markdown":
        out.file.write(result_to_markdown(result, notation))
    else:
        out.print(result_renderable(result, notation))
    return EXIT_OK


def _write_own_result(
    result: QREResult | QREBranch, args: argparse.Namespace, out: Console, notation: Notation
) -> int:
    """A QRE result as text, JSON (its ``to_dict()``) or Markdown; ``--only`` refused, since
    a QRE has no equilibria to choose among."""
    from deterrence.report.qre import qre_to_dict, qre_to_markdown, qre_to_text

    if args.only:
        raise SpecError(
            [Diagnostic("is for equilibria of trees; a QRE is one profile", path="--only")]
        )
    if args.format == "json":
        out.file.write(json.dumps(qre_to_dict(result), indent=2) + "\n")
    elif args.format == "markdown":
        out.file.write(qre_to_markdown(result, notation))
    else:
        out.file.write(qre_to_text(result, notation))
    return EXIT_OK


def _only_subgame_perfect(result: SolveResult, option: str) -> SolveResult:
    """The result with only its subgame-perfect equilibria, and a note saying how many others
    were hidden (an equilibrium whose subgame perfection is undecided is hidden too)."""
    import dataclasses

    if result.form != "tree":
        raise SpecError(
            [
                Diagnostic(
                    "applies to game trees only: a normal-form game has no subgames",
                    path=option,
                )
            ]
        )
    kept = tuple(e for e in result.equilibria if e.subgame_perfect is True)
    hidden = len(result.equilibria) - len(kept)
    undecided = sum(e.subgame_perfect is None for e in result.equilibria)
    note = (
        f"{option}: {hidden} of {len(result.equilibria)} "
        f"equilibri{'um' if len(result.equilibria) == 1 else 'a'} hidden, not subgame perfect"
        + (f" or undecided ({undecided} undecided)" if undecided else "")
    )
    return dataclasses.replace(result, equilibria=kept, notes=(*result.notes, note))


def run_export(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence export SPEC --to efg|nfg``: write the game, at the ``--set`` values, in Gambit's
    format."""
    from deterrence.formats import write_efg, write_nfg
    from deterrence.game.instantiate import instantiate
    from deterrence.game.parameters import resolve_values
    from deterrence.game.reduced_form import reduced_normal_form
    from deterrence.game.tree import ExtensiveGame

    game = load_game(args.spec, args, err)
    values = resolve_values(game.parameters, parse_settings(args.set), source="--set")
    numeric, exact = instantiate(game, values)
    if args.to == "efg":
        if not isinstance(numeric, ExtensiveGame):
            err.print("[bold red]error:[/] a normal-form game has no tree; use --to nfg")
            return EXIT_INVALID
        text = write_efg(numeric)
    else:
        normal = (
            reduced_normal_form(numeric).game if isinstance(numeric, ExtensiveGame) else numeric
        )
        text = write_nfg(normal)
    if not exact and not args.quiet:
        err.print("[yellow]note:[/] irrational payoffs were rounded to 40 significant digits")
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            reason = escape(error.strerror or str(error))
            err.print(f"[bold red]error:[/] cannot write {escape(args.output)}: {reason}")
            return EXIT_INVALID
    else:
        out.file.write(text)
    return EXIT_OK


def run_analyse(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence analyse SPEC``: the equilibria along one parameter or over several, exactly."""
    from deterrence.analysis.many_parameters import Regions
    from deterrence.analysis.regions import analyse
    from deterrence.report.pieces import pieces_to_dict, pieces_to_latex, pieces_to_text
    from deterrence.report.regions import regions_to_dict, regions_to_latex, regions_to_text

    game = load_game(args.spec, args, err)
    over = [name.strip() for name in args.over.split(",")] if args.over else None
    solution = analyse(game, over, values=_checked_settings(game, args.set), concept=args.concept)
    from deterrence.analysis.two_player_regions import MatrixRegions

    if isinstance(solution, MatrixRegions):
        from deterrence.report.matrix_regions import (
            matrix_regions_to_dict,
            matrix_regions_to_latex,
            matrix_regions_to_text,
        )

        by_format = {
            "json": lambda r: json.dumps(matrix_regions_to_dict(r), indent=2) + "\n",
            "latex": matrix_regions_to_latex,
            "markdown": lambda r: "```\n" + matrix_regions_to_text(r) + "```\n",
        }
        out.file.write(by_format.get(args.format, matrix_regions_to_text)(solution))
        return EXIT_OK
    if isinstance(solution, Regions):
        render = {
            "json": lambda r: json.dumps(regions_to_dict(r), indent=2) + "\n",
            "latex": regions_to_latex,
            "markdown": lambda r: "```\n" + regions_to_text(r) + "```\n",
        }
        out.file.write(render.get(args.format, regions_to_text)(solution))
        return EXIT_OK
    if args.format == "json":
        out.file.write(json.dumps(pieces_to_dict(solution), indent=2) + "\n")
    elif args.format == "latex":
        out.file.write(pieces_to_latex(solution))
    elif args.format == "markdown":
        out.file.write("```\n" + pieces_to_text(solution) + "```\n")
    else:
        out.file.write(pieces_to_text(solution))
    return EXIT_OK


def run_threshold(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``deterrence threshold SPEC``: the least (or greatest) value of a parameter at which the
    deterred outcomes are reached, in closed form where there is one, with ``--along`` as a
    piecewise function."""
    from deterrence.analysis.threshold import ThresholdResult, min_credibility
    from deterrence.errors import Diagnostic, did_you_mean
    from deterrence.report.threshold import (
        piecewise_to_dict,
        piecewise_to_latex,
        piecewise_to_text,
        threshold_to_dict,
        threshold_to_latex,
        threshold_to_text,
    )

    game = load_game(args.spec, args, err)
    deterred = _outcomes(game, args.deterred) if args.deterred else None
    noise = noise_options(args)
    attack = _outcomes(game, args.attack) if args.attack else None
    if args.greatest:
        from deterrence.analysis.threshold import deterred_outcomes, threshold

        if args.param is None:
            err.print("[bold red]error:[/] --greatest needs --param")
            return EXIT_INVALID
        result = threshold(
            game,
            args.param,
            deterred or ([] if args.attack else deterred_outcomes(game)),
            direction="greatest",
            values=_checked_settings(game, args.set),
            concept=args.concept,
            level=args.level,
            attack=attack,
            **noise,
        )
    else:
        result = min_credibility(
            game,
            args.param,
            deterred if deterred is not None or not args.attack else [],
            values=_checked_settings(game, args.set),
            concept=args.concept,
            level=args.level,
            attack=attack,
            **noise,
        )
    if not isinstance(result, ThresholdResult):
        # A threshold at a probability level (qre): its own pages in the report layer.
        return _write_level_threshold(result, args, out, game)
    along = None
    if args.along:
        names = [p.name for p in game.parameters]
        if args.along not in names:
            raise SpecError(
                [
                    Diagnostic(
                        f"unknown parameter `{args.along}`; the model declares "
                        + ", ".join(f"`{n}`" for n in names),
                        path=f"--along {args.along}",
                        suggestion=did_you_mean(args.along, names),
                    )
                ]
            )
        along = result.piecewise(args.along)
    if args.format == "json":
        data = threshold_to_dict(result)
        if along is not None:
            data["along"] = piecewise_to_dict(args.along, along, result.notation)
        out.file.write(json.dumps(data, indent=2) + "\n")
    elif args.format == "latex":
        out.file.write(threshold_to_latex(result))
        if along is not None:
            out.file.write(piecewise_to_latex(result, args.along, along))
    else:
        out.file.write(threshold_to_text(result))
        if along is not None:
            out.file.write(piecewise_to_text(result.parameter, args.along, along))
    return EXIT_OK


def _write_level_threshold(
    result: QREThreshold, args: argparse.Namespace, out: Console, game: Game
) -> int:
    """A QRE threshold as text, JSON (its ``to_dict()``) or LaTeX; ``--along`` refused (the
    piecewise threshold is the exact concepts')."""
    from deterrence.game.notation import notation_of
    from deterrence.report.qre import (
        qre_threshold_to_dict,
        qre_threshold_to_latex,
        qre_threshold_to_text,
    )

    if args.along:
        raise SpecError(
            [
                Diagnostic(
                    "is for exact thresholds; a QRE threshold is found at the given values",
                    path=f"--along {args.along}",
                )
            ]
        )
    notation = notation_of(game)
    if args.format == "json":
        data = qre_threshold_to_dict(result)
        out.file.write(json.dumps(data, indent=2) + "\n")
    elif args.format == "latex":
        out.file.write(qre_threshold_to_latex(result, notation))
    else:
        out.file.write(qre_threshold_to_text(result, notation))
    return EXIT_OK


def _checked_settings(game: object, settings: list[str]) -> dict[str, Fraction]:
    """--set values, checked against the model's parameters and bounds like the spec's own."""
    from deterrence.game.parameters import resolve_values

    values = parse_settings(settings)
    resolve_values(game.parameters, values, source="--set")  # type: ignore[attr-defined]
    return values


def _outcomes(game: object, items: list[str]) -> list[str]:
    """--deterred values: an outcome label as it is (labels may hold commas, as matrix
    profiles do), else a comma-separated list of labels."""
    labels = set(game.outcome_labels)  # type: ignore[attr-defined]
    found: list[str] = []
    for item in items:
        found += [item] if item in labels else [o.strip() for o in item.split(",") if o.strip()]
    return found
