"""Nash equilibria of any game: every extreme equilibrium of two-player games (trees through
their reduced normal form), every pure equilibrium of games with more players.

The concept's entry in :mod:`deterrence.concepts` points here.
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.pure import pure_equilibria
from deterrence.solvers.records import normal_form_record, tree_record
from deterrence.solvers.result import Candidates
from deterrence.solvers.two_player import solve_two_player


def solve_nash(
    game: Game,
    *,
    method: str = "enumeration",
    notes: list[str],
    cross_check: bool = False,
    **options: object,
) -> Candidates:
    """Nash equilibria of a numeric game, as candidate records.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        Every parameter given a value (see :func:`deterrence.game.instantiate.instantiate`).
    method : {"enumeration", "lemke-howson"}
        For two players: every extreme equilibrium by exact vertex enumeration (Avis et al.
        2010, as Gambit's ``enummixed``), or one by Lemke and Howson (1964).
    notes : list of str
        Remarks for the result are appended here.
    cross_check : bool
        Also run nashpy (the ``crosscheck`` extra) on small two-player games and say in the
        notes where it agrees; off by default, since it adds nothing to the exact certificate
        and costs far more than the exact solve.

    Returns
    -------
    Candidates
        Complete for games of one or two players; for more, only pure equilibria are
        enumerated, so ``complete`` is False.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("chicken")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> found = solve_nash(numeric, notes=[], cross_check=False)
    >>> len(found.equilibria), found.complete
    (3, True)
    """
    if method == "lemke-howson" and len(game.players) != 2:
        notes.append("the Lemke-Howson method is for two-player Nash equilibria; not used here")
    if isinstance(game, ExtensiveGame):
        return _nash_tree(game, method, cross_check, notes)
    return _nash_matrix(game, method, cross_check, notes)


def _nash_tree(game: ExtensiveGame, method: str, cross_check: bool, notes: list[str]) -> Candidates:
    reduced = reduced_normal_form(game)
    normal = reduced.game
    if len(game.players) == 2:
        solution = solve_two_player(*normal.matrices(), method=method, cross_check=cross_check)
        notes.extend(solution.notes)
        records = [
            tree_record(game, reduced.plans, [x, y], normal.strategies)
            for x, y in solution.equilibria
        ]
        return Candidates(
            records,
            solution.complete,
            solution.method + " on the reduced normal form",
            solution.degenerate,
        )
    profiles = pure_equilibria(normal)
    notes.append(_only_pure(len(game.players)))
    records = [
        tree_record(
            game,
            reduced.plans,
            [
                [Fraction(int(s == c)) for s in range(len(reduced.plans[i]))]
                for i, c in enumerate(profile)
            ],
            normal.strategies,
        )
        for profile in profiles
    ]
    return Candidates(
        records, False, "exhaustive pure-strategy check on the reduced normal form", None
    )


def _nash_matrix(
    game: NormalFormGame, method: str, cross_check: bool, notes: list[str]
) -> Candidates:
    if len(game.players) == 2:
        solution = solve_two_player(*game.matrices(), method=method, cross_check=cross_check)
        notes.extend(solution.notes)
        records = [normal_form_record(game, [x, y]) for x, y in solution.equilibria]
        return Candidates(records, solution.complete, solution.method, solution.degenerate)
    if len(game.players) == 1:
        best = max(Fraction(game.payoff((s,)).total[0]) for s in range(game.shape[0]))
        records = [
            normal_form_record(game, [[Fraction(int(t == s)) for t in range(game.shape[0])]])
            for s in range(game.shape[0])
            if Fraction(game.payoff((s,)).total[0]) == best
        ]
        return Candidates(records, True, "maximisation (one player)", None)
    profiles = pure_equilibria(game)
    notes.append(_only_pure(len(game.players)))
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
    return Candidates(records, False, "exhaustive pure-strategy check", None)


def _only_pure(players: int) -> str:
    return (
        f"{players} players: only pure-strategy equilibria are enumerated so far; "
        "mixed equilibria may exist"
    )
