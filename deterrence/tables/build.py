"""``table``: the rows of a table of equilibria, regions or thresholds, as a tidy DataFrame.

Every value in the frame is exact — ``Fraction`` at given parameter values, sympy expressions
and relationals where a parameter moves — and is formatted only by the renderers
(:mod:`deterrence.tables.latex`, :mod:`deterrence.tables.markdown`,
:mod:`deterrence.tables.formats`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy

from deterrence.errors import SolverError, did_you_mean
from deterrence.game.notation import notation_of
from deterrence.load import as_loaded
from deterrence.optional import require
from deterrence.tables.mixture import Mixture
from deterrence.tables.sources import (
    Game,
    Setting,
    Source,
    as_sources,
    by_model,
    settings,
)

if TYPE_CHECKING:
    import pandas

Scenarios = Sequence[str] | Mapping[str, Mapping[str, object]] | None
PerModel = Any  # a value, or a mapping model id -> value

#: Columns of the frame that are not parameters; a parameter with one of these names gets the
#: column ``param_<name>`` instead.
FIXED_COLUMNS = frozenset(
    {
        "model",
        "scenario",
        "equilibrium",
        "outcome",
        "regret",
        "region",
        "condition",
        "parameter",
        "deterred",
        "status",
        "closed_form",
        "conditions",
        "value",
        "numeric",
        "subgame_perfect",
    }
)


def table(
    games: Source | Sequence[Source],
    *,
    scenarios: Scenarios = None,
    values: Mapping[str, object] | None = None,
    regions: bool = False,
    thresholds: bool = False,
    param: str | Sequence[str] | Mapping[str, str | Sequence[str]] | None = None,
    deterred: Iterable[str] | Mapping[str, Iterable[str]] | None = None,
    concept: str | None = None,
) -> pandas.DataFrame:
    """A tidy table of equilibria, regions or thresholds: one row per model, scenario and
    equilibrium (or region, or threshold).

    Parameters
    ----------
    games : game, spec path, bundled model id, ``LoadedSpec``, or a sequence of them
        The models; several make a table of models side by side. A path or id is read with
        the ``[scenarios]`` of its spec; a game object has none.
    scenarios : list of str, or mapping of str to mapping, optional
        Which rows to make. Default: every scenario of the model's spec, in order, or one row
        ``default`` at the model's default values if the spec has none. A list names
        scenarios of the specs (``"default"`` always means the defaults); a mapping gives them
        as data, ``{"credible": {"p": "0.8"}}``, for every model.
    values : mapping of str to number, optional
        Parameter values for every row (exact: ``"0.35"`` is 7/20), in every model that
        declares them. A name no model declares, and a name a scenario also sets, are errors.
    regions : bool
        One row per region of :func:`deterrence.analyse` along ``param`` (pieces of its
        range; over several parameters, regions of a tree of perfect information): its
        condition as a sympy relational, the strategies, outcomes and payoffs there.
    thresholds : bool
        One row per model and scenario: the least value of ``param`` at which deterrence
        holds (:func:`deterrence.min_credibility`): status, closed form, the conditions where
        it applies, exact value and numeric check.
    param : str, list of str, or mapping of model id to either, optional
        The parameter that moves, for ``regions`` and ``thresholds``. Default: as
        :func:`deterrence.analyse` and :func:`deterrence.min_credibility` choose it (the
        parameter with role ``credibility``). A scenario's value for it is left out.
    deterred : list of str, or mapping of model id to list, optional
        For ``thresholds``: the outcomes that count as deterrence (default: the status quo).
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`), passed to
        :func:`deterrence.solve`, :func:`deterrence.analyse` and
        :func:`deterrence.min_credibility` (default: each game's own).

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``scenario``, then one per parameter whose value differs between
        rows, then

        - equilibria: ``equilibrium`` (its number), ``strategy_<player>`` (a ``Mixture`` of
          strategy labels such as ``"attack"`` or ``"status quo; back down"``), ``outcome``
          (a ``Mixture`` of outcome labels), ``payoff_<player>`` and ``regret`` (Fractions),
          and for Nash equilibria of a tree ``subgame_perfect`` (True, False, or None where
          undecided);
        - regions: ``region``, ``condition`` (sympy), ``equilibrium``, ``strategy_<player>``,
          ``outcome`` and ``payoff_<player>`` (sympy expressions in the moving parameter);
        - thresholds: ``parameter``, ``deterred``, ``status``, ``closed_form``,
          ``conditions``, ``value`` (exact) and ``numeric`` (float).

        ``frame.attrs`` holds ``kind``, ``fixed`` (model id -> the parameters held fixed, for
        the notes of a rendered table), ``parameters`` (column -> parameter name), ``players``,
        ``player_names`` (player id -> display name), ``notation`` (model id ->
        :class:`~deterrence.game.notation.Notation`, which the renderers use for symbols and
        display names), ``concepts`` and ``notes``.

    Raises
    ------
    deterrence.optional.MissingExtra
        If pandas is not installed (``pip install 'deterrence[tables]'``).
    SpecError
        For an unknown model, scenario or parameter, or a value out of bounds.
    SolverError
        For ``regions`` and ``thresholds`` together, or a moving parameter that cannot be
        chosen.

    Examples
    --------
    >>> frame = table("extended-deterrence", scenarios=["baseline", "credible-pledge"])
    >>> print(frame[["scenario", "p", "outcome", "payoff_A"]].to_string(index=False))
           scenario   p                 outcome payoff_A
           baseline 1/2 1/2 war + 1/2 abandoned     1/10
    credible-pledge 4/5              status_quo        0
    >>> frame.attrs["fixed"]["extended-deterrence"]["cA"]
    Fraction(2, 5)

    Two models side by side, the least value of a parameter that deters in each:

    >>> frame = table(
    ...     ["extended-deterrence", "audience-cost-crisis"],
    ...     thresholds=True,
    ...     scenarios=["default"],
    ...     param={"audience-cost-crisis": "a"},
    ...     deterred={"audience-cost-crisis": ["concession"]},
    ... )
    >>> print(frame[["model", "parameter", "closed_form", "value"]].to_string(index=False))
                   model parameter                  closed_form value
     extended-deterrence         p (-cA - e + v*w)/(v*(w - wD))  7/10
    audience-cost-crisis         a                 cS - k - q*v  1/20
    """
    return make_table(
        games,
        scenarios=scenarios,
        values=values,
        regions=regions,
        thresholds=thresholds,
        param=param,
        deterred=deterred,
        concept=concept,
        source="values",
    )


def make_table(
    games: Source | Sequence[Source],
    *,
    scenarios: Scenarios,
    values: Mapping[str, object] | None,
    regions: bool,
    thresholds: bool,
    param: PerModel,
    deterred: PerModel,
    concept: str | None,
    source: str,
) -> pandas.DataFrame:
    """:func:`table`, naming ``source`` as the origin of ``values`` in messages (the command
    line passes ``--set``)."""
    pd = require("pandas", "tables", "tables")
    if regions and thresholds:
        raise SolverError("a table holds regions or thresholds, not both: make two tables")
    kind = "regions" if regions else "thresholds" if thresholds else "equilibria"
    models = [as_loaded(item) for item in as_sources(games)]
    ids = [m.game.info.id for m in models]
    for option, given in (("param", param), ("deterred", deterred)):
        for key in given if isinstance(given, Mapping) else ():
            if key not in ids:
                hint = did_you_mean(key, ids)
                raise SolverError(
                    f"{option}: `{key}` is not a model of this table; its models are "
                    + ", ".join(ids)
                    + (f" ({hint})" if hint else "")
                )
    moving = {
        m.game.info.id: _moving(m.game, by_model(param, m.game), kind)
        for m in models
        if kind != "equilibria"
    }
    rows_of = settings(models, scenarios, values, moving=moving, source=source)
    columns = _parameter_columns(rows_of, moving)
    fixed = _fixed(rows_of, moving, set(columns.values()))
    players = list(dict.fromkeys(p for m in models for p in m.game.players))
    notes: list[str] = []
    concepts: dict[str, str] = {}
    records: list[dict[str, Any]] = []
    for setting in rows_of:
        head: dict[str, Any] = {"model": setting.game.info.id, "scenario": setting.scenario}
        for column, name in columns.items():
            head[column] = setting.values.get(name) if name not in _free(moving, setting) else None
        if kind == "equilibria":
            body, concepts[setting.game.info.id] = _equilibria(setting, concept, notes)
        elif kind == "regions":
            body = _regions(setting, moving[setting.game.info.id], notes, concept)
        else:
            body = [_threshold(setting, moving[setting.game.info.id][0], deterred, concept)]
        records.extend({**head, **row} for row in body)
    order = ["model", "scenario", *columns, *_columns(kind, players)]
    if any("subgame_perfect" in record for record in records):
        order.append("subgame_perfect")
    frame = pd.DataFrame.from_records(records, columns=order)
    player_names: dict[str, str] = {}
    for m in models:
        names = getattr(m.game, "player_names", ()) or m.game.players
        for player, name in zip(m.game.players, names, strict=True):
            player_names.setdefault(player, name)
    frame.attrs.update(
        {
            "kind": kind,
            "fixed": fixed,
            "parameters": columns,
            "players": players,
            "player_names": player_names,
            "notation": {m.game.info.id: notation_of(m.game) for m in models},
            "concepts": concepts,
            "moving": {k: list(v) for k, v in moving.items()},
            "notes": notes,
        }
    )
    return frame


def _columns(kind: str, players: list[str]) -> list[str]:
    strategies = [f"strategy_{p}" for p in players]
    payoffs = [f"payoff_{p}" for p in players]
    if kind == "equilibria":
        return ["equilibrium", *strategies, "outcome", *payoffs, "regret"]
    if kind == "regions":
        return ["region", "condition", "equilibrium", *strategies, "outcome", *payoffs]
    return ["parameter", "deterred", "status", "closed_form", "conditions", "value", "numeric"]


def _moving(game: Game, param: Any, kind: str) -> tuple[str, ...]:
    """The parameter(s) a row moves over, chosen as ``analyse`` and ``min_credibility`` do."""
    names = [param] if isinstance(param, str) else list(param or [])
    if kind == "thresholds" and len(names) > 1:
        raise SolverError("a threshold moves one parameter; give one name in param")
    if names:
        return tuple(names)
    credibility = [p.name for p in game.parameters if p.role == "credibility"]
    if kind == "regions" and len(game.parameters) == 1:
        return (game.parameters[0].name,)
    if len(credibility) == 1:
        return (credibility[0],)
    raise SolverError(
        f"name the parameter that moves in `{game.info.id}` (param=... or --param): it has "
        + ("several" if credibility else "no")
        + " parameter with role credibility"
    )


def _free(moving: Mapping[str, Sequence[str]], setting: Setting) -> set[str]:
    return set(moving.get(setting.game.info.id, ()))


def _parameter_columns(
    rows: Sequence[Setting], moving: Mapping[str, Sequence[str]]
) -> dict[str, str]:
    """Column -> parameter, for the parameters whose value differs between rows of one
    model (models side by side may give one name different meanings)."""
    seen: dict[tuple[str, str], set[Fraction]] = {}
    for setting in rows:
        free = _free(moving, setting)
        for p in setting.game.parameters:
            if p.name not in free:
                seen.setdefault((setting.game.info.id, p.name), set()).add(setting.values[p.name])
    varying = [name for (_, name), found in seen.items() if len(found) > 1]
    return {
        (f"param_{name}" if name in FIXED_COLUMNS else name): name
        for name in dict.fromkeys(varying)
    }


def _fixed(
    rows: Sequence[Setting], moving: Mapping[str, Sequence[str]], varying: set[str]
) -> dict[str, dict[str, Fraction]]:
    """Model id -> the parameters held at one value in all of its rows (without a column)."""
    out: dict[str, dict[str, Fraction]] = {}
    for setting in rows:
        free = _free(moving, setting)
        model = out.setdefault(setting.game.info.id, {})
        for p in setting.game.parameters:
            if p.name not in free and p.name not in varying:
                model.setdefault(p.name, setting.values[p.name])
    return out


def _exact(value: Any) -> Any:
    """Rational sympy numbers as Fractions; polynomials expanded (``7/20 - p/2``), other
    rational functions factored (``(L - 1)/L``)."""
    expression = sympy.sympify(value, strict=True)
    if expression.is_Rational:
        return Fraction(int(expression.p), int(expression.q))
    if expression.is_polynomial(*expression.free_symbols):
        return sympy.expand(expression)
    return sympy.factor(expression)


def _equilibria(
    setting: Setting, concept: str | None, notes: list[str]
) -> tuple[list[dict[str, Any]], str]:
    from deterrence.solvers.solver import solve

    result = solve(setting.game, concept, values=setting.values)
    if not result.complete:
        notes.append(
            f"{result.model}, {setting.scenario}: the list of equilibria may be incomplete"
        )
    rows = []
    for n, eq in enumerate(result.equilibria, 1):
        row: dict[str, Any] = {"equilibrium": n}
        for player, mixed in zip(result.players, eq.mixed or (), strict=False):
            row[f"strategy_{player}"] = Mixture(mixed)
        row["outcome"] = Mixture(eq.outcomes)
        for player, payoff in zip(result.players, eq.payoffs, strict=True):
            row[f"payoff_{player}"] = payoff
        row["regret"] = eq.regret
        if result.form == "tree" and result.concept != "spe":
            # Which Nash equilibria of a tree rest on threats that are not credible.
            row["subgame_perfect"] = eq.subgame_perfect
        rows.append(row)
    return rows, result.concept


def _pure(moves: Mapping[str, str]) -> Mixture:
    """A pure strategy of a tree named like the solver's strategy labels: actions joined
    by ``; ``."""
    return Mixture({"; ".join(moves.values()): Fraction(1)} if moves else {})


def _regions(
    setting: Setting, over: Sequence[str], notes: list[str], concept: str | None
) -> list[dict[str, Any]]:
    from deterrence.analysis.many_parameters import Regions
    from deterrence.analysis.one_parameter import OneParameterSolution
    from deterrence.analysis.regions import analyse
    from deterrence.analysis.two_player_regions import MatrixRegions
    from deterrence.report.describe import strategies_of

    game = setting.game
    others = {k: v for k, v in setting.values.items() if k not in over}
    solution = analyse(game, list(over), values=others, concept=concept)
    at = {
        p.symbol: sympy.Rational(others[p.name].numerator, others[p.name].denominator)
        for p in game.parameters
        if p.name in others
    }
    players = game.players
    rows: list[dict[str, Any]] = []

    def add(region: int, condition: Any, n: int, strategies: Iterable[Mixture], play: Any) -> None:
        outcomes, payoffs = play
        row: dict[str, Any] = {"region": region, "condition": condition, "equilibrium": n}
        for player, strategy in zip(players, strategies, strict=True):
            row[f"strategy_{player}"] = strategy
        row["outcome"] = Mixture({k: _exact(v.xreplace(at)) for k, v in outcomes.items()})
        for player, payoff in zip(players, payoffs, strict=True):
            row[f"payoff_{player}"] = _exact(sympy.sympify(payoff, strict=True).xreplace(at))
        rows.append(row)

    if isinstance(solution, Regions):
        for k, found in enumerate(solution.regions, 1):
            moves = strategies_of(solution.game, found.choices)
            add(
                k,
                sympy.And(*found.conditions),
                1,
                [_pure(moves[p]) for p in players],
                (found.outcomes, found.values),
            )
        if not solution.complete:
            notes.append(
                f"{game.info.id}, {setting.scenario}: regions found by exact solves at "
                f"{solution.points} points; each is exact, but one smaller than the sampling "
                "could be missing"
            )
        return rows
    if isinstance(solution, MatrixRegions):
        for k, matrix_region in enumerate(solution.regions, 1):
            if not matrix_region.exact:
                notes.append(
                    f"{game.info.id}, {setting.scenario}: degenerate throughout region {k}; "
                    "its equilibria may be incomplete"
                )
            for n, eq in enumerate(matrix_region.equilibria, 1):
                mixed = [
                    Mixture({label: _exact(v.xreplace(at)) for label, v in s.items()})
                    for s in eq.strategies
                ]
                add(
                    k,
                    sympy.And(*matrix_region.conditions),
                    n,
                    mixed,
                    (eq.outcomes, eq.payoffs),
                )
        return rows
    symbol = solution.parameter.symbol

    def interval(lower: sympy.Expr, upper: sympy.Expr) -> sympy.Basic:
        return sympy.And(
            *([symbol > lower] if lower.is_finite else []),
            *([symbol < upper] if upper.is_finite else []),
        )

    if isinstance(solution, OneParameterSolution):
        for k, piece in enumerate(solution.pieces, 1):
            for n, play in enumerate(piece.plays, 1):
                moves = strategies_of(solution.game, play.choices)
                add(
                    k,
                    interval(piece.lower, piece.upper),
                    n,
                    [_pure(moves[p]) for p in players],
                    (play.outcomes, play.values),
                )
        return rows
    for k, matrix_piece in enumerate(solution.pieces, 1):
        if not matrix_piece.exact:
            notes.append(
                f"{game.info.id}, {setting.scenario}: degenerate on "
                f"({matrix_piece.lower}, {matrix_piece.upper}); its equilibria may be incomplete"
            )
        for n, eq in enumerate(matrix_piece.equilibria, 1):
            mixed = [
                Mixture({label: _exact(v.xreplace(at)) for label, v in s.items()})
                for s in eq.strategies
            ]
            add(
                k,
                interval(matrix_piece.lower, matrix_piece.upper),
                n,
                mixed,
                (eq.outcomes, eq.payoffs),
            )
    return rows


def _threshold(
    setting: Setting, param: str, deterred: PerModel, concept: str | None
) -> dict[str, Any]:
    from deterrence.analysis.threshold import min_credibility

    outcomes = by_model(deterred, setting.game)
    others = {k: v for k, v in setting.values.items() if k != param}
    result = min_credibility(
        setting.game,
        param,
        list(outcomes) if outcomes is not None else None,
        values=others,
        concept=concept,
    )
    return {
        "parameter": param,
        "deterred": ", ".join(result.outcomes),
        "status": result.status,
        "closed_form": result.symbolic,
        "conditions": sympy.And(*result.conditions) if result.conditions else None,
        "value": _exact(result.value) if result.value is not None else None,
        "numeric": result.numeric,
    }
