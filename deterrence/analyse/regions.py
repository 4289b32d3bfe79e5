"""``analyse``: the subgame-perfect equilibrium as a function of the parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from deterrence.analyse.many_parameters import Regions, regions_over
from deterrence.analyse.one_parameter import OneParameterSolution
from deterrence.analyse.threshold import along
from deterrence.analyse.two_player_along import TwoPlayerAlong
from deterrence.errors import SolverError
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import resolve_values
from deterrence.game.tree import ExtensiveGame
from deterrence.spec.expressions import exact_number


def analyse(
    game: ExtensiveGame | NormalFormGame,
    over: Iterable[str] | str | None = None,
    *,
    values: Mapping[str, object] | None = None,
    **fixed: object,
) -> OneParameterSolution | TwoPlayerAlong | Regions:
    """Regions of the parameter space with the equilibrium on each, exactly.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        A parametric tree of perfect information (chance nodes and commitments allowed):
        subgame-perfect play by exact backward induction; or a two-player game (a matrix, or
        a tree of imperfect information): every extreme Nash equilibrium by symbolic support
        enumeration.
    over : str or list of str, optional
        The parameter(s) left free; the others are fixed at ``values``/``fixed`` or their
        defaults. Default: the model's only parameter, or its credibility parameter.

    Raises
    ------
    NotImplementedError
        For several free parameters in games other than trees of perfect information; for
        games of more than two players that are not trees of perfect information; for payoffs
        that are not rational functions of the free parameter.

    Notes
    -----
    Over several parameters (trees of perfect information only), the regions are found by
    exact solves at a grid and at random points: each region listed is exact, but one smaller
    than the sampling could be missing (:class:`Regions` has ``complete = False``).

    Examples
    --------
    >>> import deterrence as dt
    >>> solution = dt.analyse(dt.load("extended-deterrence"), over="p")
    >>> [(str(piece.lower), str(piece.upper)) for piece in solution.pieces]
    [('0', '3/10'), ('3/10', '7/10'), ('7/10', '1')]
    """
    names = [over] if isinstance(over, str) else list(over or [])
    if not names:
        credibility = [p.name for p in game.parameters if p.role == "credibility"]
        if len(game.parameters) == 1:
            names = [game.parameters[0].name]
        elif len(credibility) == 1:
            names = credibility
        else:
            raise SolverError("name the parameter to analyse over (over=... or --over)")
    declared = {p.name for p in game.parameters}
    for name in names:
        if name not in declared:
            raise SolverError(f"unknown parameter `{name}`")
    given = {k: exact_number(v) for k, v in {**(values or {}), **fixed}.items()}
    for name in names:
        if name in given:
            raise SolverError(f"`{name}` is a parameter analysed over; do not fix it")
    chosen = resolve_values(game.parameters, given)
    if len(names) == 1:
        return along(game, names[0], chosen)
    if not (isinstance(game, ExtensiveGame) and game.is_perfect_information):
        raise NotImplementedError(
            "regions over several parameters are computed for trees of perfect information; "
            "analyse this game over one parameter and fix the others"
        )
    return regions_over(game, names, chosen)
