"""``solve``: the one entry point to every equilibrium concept."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from deterrence.errors import SolverError
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import resolve_values
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.game.tree import ExtensiveGame
from deterrence.solve.pure import pure_equilibria
from deterrence.solve.records import normal_form_record, tree_record
from deterrence.solve.result import Equilibrium, SolveResult
from deterrence.solve.spe import backward_induction
from deterrence.solve.two_player import solve_two_player
from deterrence.spec.expressions import exact_number

Game = ExtensiveGame | NormalFormGame

CONCEPTS = ("spe", "nash")

#: Pure SPE turned into verified records at most; each costs a check of the whole tree.
MAX_RECORDED = 100
METHODS = ("enumeration", "lemke-howson")


def default_concept(game: Game) -> str:
    """``spe`` for trees of perfect information, ``nash`` otherwise."""
    if isinstance(game, ExtensiveGame) and game.is_perfect_information:
        return "spe"
    return "nash"


def solve(
    game: Game,
    concept: str | None = None,
    *,
    method: str = "enumeration",
    cross_check: bool = True,
    values: Mapping[str, object] | None = None,
    source: str = "",
    **params: object,
) -> SolveResult:
    """Solve a game at given parameter values, verifying every equilibrium exactly.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        From :func:`deterrence.load`.
    concept : {"spe", "nash"}, optional
        ``spe``: all pure subgame-perfect equilibria by backward induction (trees of perfect
        information). ``nash``: all extreme Nash equilibria of two-player games, all pure
        equilibria of games with more players. Default: ``spe`` for trees of perfect
        information, ``nash`` otherwise.
    method : {"enumeration", "lemke-howson"}
        For two-player ``nash``: every extreme equilibrium, or one by Lemke-Howson.
    cross_check : bool
        Compare with nashpy on small two-player games and say so in the notes.
    values : mapping, optional
        Parameter values by name, as an alternative to keyword arguments (for names that
        are not Python identifiers).
    source : str
        Where the values come from, for error messages (the command line passes ``--set``).
    **params
        Parameter values: numbers or strings such as ``"7/20"``, kept exact.

    Returns
    -------
    SolveResult
        Every equilibrium in it has been checked to have zero regret by an exact best-response
        computation independent of the solver.

    Examples
    --------
    >>> import deterrence as dt
    >>> result = dt.solve(dt.load("classic-deterrence"))
    >>> result.concept, len(result.equilibria) >= 1
    ('spe', True)
    """
    overrides = {name: exact_number(v) for name, v in {**(values or {}), **params}.items()}
    concept = concept or default_concept(game)
    if concept not in CONCEPTS:
        raise SolverError(f"unknown concept `{concept}`; expected one of {', '.join(CONCEPTS)}")
    if method not in METHODS:
        raise SolverError(f"unknown method `{method}`; expected one of {', '.join(METHODS)}")
    chosen = resolve_values(game.parameters, overrides, source=source)
    numeric, exact = instantiate(game, chosen)
    notes: list[str] = []
    if method == "lemke-howson" and (concept == "spe" or len(game.players) != 2):
        notes.append("the Lemke-Howson method is for two-player Nash equilibria; not used here")
    if not exact:
        notes.append("some payoffs are irrational and were rounded to 40 significant digits")
    if concept == "spe":
        if not isinstance(numeric, ExtensiveGame):
            raise SolverError("spe needs a game tree; this is a normal-form game: use nash")
        equilibria, complete, method_text, degenerate = _spe(numeric, notes)
    elif isinstance(numeric, ExtensiveGame):
        equilibria, complete, method_text, degenerate = _nash_tree(
            numeric, method, cross_check, notes
        )
    else:
        equilibria, complete, method_text, degenerate = _nash_matrix(
            numeric, method, cross_check, notes
        )
    verified = [e for e in equilibria if e.regret == 0]
    if len(verified) < len(equilibria):
        notes.append(
            f"{len(equilibria) - len(verified)} candidate(s) failed the exact best-response "
            "check and were discarded"
        )
        complete = False
    return SolveResult(
        model=game.info.id,
        concept=concept,
        method=method_text,
        exact=exact,
        complete=complete,
        notes=tuple(notes),
        parameters=chosen,
        players=game.players,
        form=game.form,
        equilibria=tuple(verified),
        degenerate=degenerate,
        player_names=game.player_names,
    )


def _spe(game: ExtensiveGame, notes: list[str]) -> tuple[list[Equilibrium], bool, str, None]:
    found, complete = backward_induction(game)
    if not complete:
        notes.append("stopped after the first 10000 pure subgame-perfect equilibria")
    if len(found) > 1:
        notes.append(
            "ties: some player is indifferent somewhere, and each way of breaking the tie gives "
            "a pure SPE; only pure SPE are listed"
        )
    if len(found) > MAX_RECORDED:
        notes.append(
            f"{len(found)}{'+' if not complete else ''} pure SPE; the first {MAX_RECORDED} are "
            "listed and verified"
        )
        found, complete = found[:MAX_RECORDED], False
    records = []
    for spe in found:
        plans: list[dict[str, int]] = [{} for _ in game.players]
        for index, action in spe.choices.items():
            node = game.nodes[index]
            assert node.player is not None and node.infoset is not None
            plans[node.player][node.infoset] = action
        records.append(tree_record(game, [[p] for p in plans], [[Fraction(1)] for _ in plans]))
    return records, complete, "backward induction (exact)", None


def _nash_tree(
    game: ExtensiveGame, method: str, cross_check: bool, notes: list[str]
) -> tuple[list[Equilibrium], bool, str, bool | None]:
    reduced = reduced_normal_form(game)
    normal = reduced.game
    if len(game.players) == 2:
        solution = solve_two_player(*normal.matrices(), method=method, cross_check=cross_check)
        notes.extend(solution.notes)
        records = [tree_record(game, reduced.plans, [x, y]) for x, y in solution.equilibria]
        return (
            records,
            solution.complete,
            solution.method + " on the reduced normal form",
            solution.degenerate,
        )
    profiles = pure_equilibria(normal)
    notes.append(
        f"{len(game.players)} players: only pure-strategy equilibria are enumerated so far; "
        "mixed equilibria may exist"
    )
    records = [
        tree_record(
            game,
            reduced.plans,
            [
                [Fraction(int(s == c)) for s in range(len(reduced.plans[i]))]
                for i, c in enumerate(profile)
            ],
        )
        for profile in profiles
    ]
    return records, False, "exhaustive pure-strategy check on the reduced normal form", None


def _nash_matrix(
    game: NormalFormGame, method: str, cross_check: bool, notes: list[str]
) -> tuple[list[Equilibrium], bool, str, bool | None]:
    if len(game.players) == 2:
        solution = solve_two_player(*game.matrices(), method=method, cross_check=cross_check)
        notes.extend(solution.notes)
        records = [normal_form_record(game, [x, y]) for x, y in solution.equilibria]
        return records, solution.complete, solution.method, solution.degenerate
    if len(game.players) == 1:
        best = max(Fraction(game.payoff((s,)).total[0]) for s in range(game.shape[0]))
        records = [
            normal_form_record(game, [[Fraction(int(t == s)) for t in range(game.shape[0])]])
            for s in range(game.shape[0])
            if Fraction(game.payoff((s,)).total[0]) == best
        ]
        return records, True, "maximisation (one player)", None
    profiles = pure_equilibria(game)
    notes.append(
        f"{len(game.players)} players: only pure-strategy equilibria are enumerated so far; "
        "mixed equilibria may exist"
    )
    records = [
        normal_form_record(
            game,
            [
                [Fraction(int(s == c)) for s in range(size)]
                for c, size in zip(profile, game.shape, strict=True)
            ],
        )
        for profile in profiles
    ]
    return records, False, "exhaustive pure-strategy check", None
