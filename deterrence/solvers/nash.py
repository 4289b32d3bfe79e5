"""Nash equilibria of any game: every extreme equilibrium of two-player games (trees through
their reduced normal form); for games with more players, every pure equilibrium, or with the
``support-enumeration`` method every isolated equilibrium, exactly.

The concept's entry in :mod:`deterrence.concepts` points here.
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.reduced_form import Plan, reduced_normal_form
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
    method : {"enumeration", "lemke-howson", "support-enumeration"}
        For two players: every extreme equilibrium by exact vertex enumeration (Avis et al.
        2010, as Gambit's ``enummixed``), or one by Lemke and Howson (1964). For three or
        more: ``enumeration`` checks every pure profile; ``support-enumeration`` solves every
        support's indifference system exactly (McKelvey & McLennan 1996;
        :mod:`deterrence.solvers.nplayer`), which can take long past small games.
    notes : list of str
        Remarks for the result are appended here.
    cross_check : bool
        Also run nashpy (the ``crosscheck`` extra) on small two-player games and say in the
        notes where it agrees; off by default, since it adds nothing to the exact certificate
        and costs far more than the exact solve.

    Returns
    -------
    Candidates
        Complete for games of one or two players; for more, complete only with
        ``support-enumeration`` when every support was decided and every equilibrium found
        is rational (irrational ones are given in the notes, in decimals).

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
    if method == "support-enumeration" and len(game.players) <= 2:
        notes.append(
            "support enumeration is for three or more players; exact vertex enumeration, "
            "which lists every extreme equilibrium, is used"
        )
        method = "enumeration"
    if isinstance(game, ExtensiveGame):
        return _nash_tree(game, method, cross_check, notes)
    return _nash_matrix(game, method, cross_check, notes)


def _nash_tree(game: ExtensiveGame, method: str, cross_check: bool, notes: list[str]) -> Candidates:
    reduced = reduced_normal_form(game)
    normal = reduced.game
    if len(game.players) > 2 and method == "support-enumeration":
        return _by_supports(normal, notes, game, reduced.plans)
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
    if len(game.players) > 2 and method == "support-enumeration":
        return _by_supports(game, notes)
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
        f"{players} players: only pure-strategy equilibria are enumerated; mixed equilibria "
        "may exist (--method support-enumeration finds every isolated one, exactly)"
    )


def _by_supports(
    normal: NormalFormGame,
    notes: list[str],
    tree: ExtensiveGame | None = None,
    plans: tuple[tuple[Plan, ...], ...] | None = None,
) -> Candidates:
    """Every isolated equilibrium of a game of three or more players, by exact support
    enumeration; those with irrational probabilities (which a record of fractions cannot
    hold) are described in the notes, and the answer is then marked incomplete."""
    # Gröbner bases are needed by this method only: imported when it runs.
    from deterrence.solvers.nplayer import nplayer_equilibria

    solution = nplayer_equilibria(normal)
    notes.extend(solution.notes)
    records = []
    irrational = []
    # A set of equilibria is shown by the one point found on it (a rational slice), if any.
    points = [c.representative for c in solution.components if c.representative is not None]
    for found in [*solution.equilibria, *points]:
        if not found.is_rational:
            irrational.append(found)
            continue
        mixed = [list(row) for row in found.fractions()]
        if tree is not None and plans is not None:
            records.append(tree_record(tree, plans, mixed, normal.strategies))
        else:
            records.append(normal_form_record(normal, mixed))
    for found in irrational:
        shown = "; ".join(", ".join(f"{p:.6g}" for p in row) for row in found.decimals())
        notes.append(
            f"an equilibrium with irrational probabilities, not listed above: {shown} "
            f"(exactly: polynomials in a root of {found.polynomial}; see "
            "deterrence.solvers.nplayer.nplayer_equilibria)"
        )
    for component in solution.components:
        shown = "one point of it is listed" if component.representative else "none listed"
        notes.append(
            f"a set of equilibria of dimension up to {component.dimension} on the support "
            f"{component.support}: {shown}"
        )
    method = "exact support enumeration (Groebner bases, exact real-root isolation)"
    if tree is not None:
        method += " on the reduced normal form"
    return Candidates(records, solution.complete and not irrational, method, None)
