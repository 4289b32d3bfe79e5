"""``analyse``: the subgame-perfect equilibrium as a function of the parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from deterrence.analyse.many_parameters import Regions, regions_over
from deterrence.analyse.one_parameter import OneParameterSolution
from deterrence.analyse.threshold import along
from deterrence.analyse.two_player_along import TwoPlayerAlong
from deterrence.analyse.two_player_regions import MatrixRegions, regions_two_player
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
) -> OneParameterSolution | TwoPlayerAlong | Regions | MatrixRegions:
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
        defaults. Default: every parameter of the model not given a value.

    Returns
    -------
    OneParameterSolution or TwoPlayerAlong
        Over one parameter: the pieces of its range, in order, with the exact switch points.
    Regions or MatrixRegions
        Over several: the regions, each with its exact conditions. Over two parameters every
        region with an interior is found (a cylindrical decomposition); over more (trees of
        perfect information), regions are found by sampling and every play not seen is
        checked, so ``complete`` says whether none can be missing.

    Raises
    ------
    NotImplementedError
        For more than two free parameters in games other than trees of perfect information;
        for games of more than two players that are not trees of perfect information; for
        payoffs that are not rational functions of the free parameters.

    Examples
    --------
    >>> import deterrence as dt
    >>> solution = dt.analyse(dt.load("extended-deterrence"), over="p")
    >>> [(str(piece.lower), str(piece.upper)) for piece in solution.pieces]
    [('0', '3/10'), ('3/10', '7/10'), ('7/10', '1')]
    >>> regions = dt.analyse(dt.load("chicken"))  # over both of its parameters, L and e
    >>> regions.complete, len(regions.regions)
    (True, 2)
    """
    given = {k: exact_number(v) for k, v in {**(values or {}), **fixed}.items()}
    names = [over] if isinstance(over, str) else list(over or [])
    if not names:
        names = [p.name for p in game.parameters if p.name not in given]
        if not names:
            raise SolverError("no parameter is left free to analyse over")
    declared = {p.name for p in game.parameters}
    for name in names:
        if name not in declared:
            raise SolverError(f"unknown parameter `{name}`")
    if len(set(names)) != len(names):
        raise SolverError("a parameter is named twice in over")
    for name in names:
        if name in given:
            raise SolverError(f"`{name}` is a parameter analysed over; do not fix it")
    chosen = resolve_values(game.parameters, given)
    if len(names) == 1:
        return along(game, names[0], chosen)
    if isinstance(game, ExtensiveGame) and game.is_perfect_information:
        return regions_over(game, names, chosen)
    if len(game.players) != 2:
        raise NotImplementedError(
            "regions over several parameters are computed for trees of perfect information and "
            "two-player games; analyse this game over one parameter and fix the others"
        )
    if len(names) > 2:
        raise NotImplementedError(
            f"regions of a two-player game are computed over two parameters at a time, not "
            f"{len(names)} ({', '.join(names)}); name two with over=... (--over)"
        )
    return regions_two_player(game, names, chosen)
