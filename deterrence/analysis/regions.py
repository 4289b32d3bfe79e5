"""``analyse``: the equilibria of a solution concept as functions of the parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from deterrence.analysis.many_parameters import Regions
from deterrence.analysis.one_parameter import OneParameterSolution
from deterrence.analysis.threshold import along
from deterrence.analysis.two_player_along import TwoPlayerAlong
from deterrence.analysis.two_player_regions import MatrixRegions
from deterrence.concepts import Concept, get_concept, resolve
from deterrence.errors import SolverError
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.parameters import resolve_values


def analyse(
    game: Game,
    over: Iterable[str] | str | None = None,
    *,
    values: Mapping[str, object] | None = None,
    concept: str | Concept | None = None,
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
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`); default: the game's. Its exact
        paths along one parameter and over several are the concept's own.

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
    selected = get_concept(concept, game)
    if len(names) == 1:
        return along(game, names[0], chosen, selected)
    if selected.regions is None:
        raise NotImplementedError(
            f"{selected.name} ({selected.title}) has no exact path over several parameters; "
            "analyse over one parameter, or sweep a grid"
        )
    found: Regions | MatrixRegions = resolve(selected.regions)(game, names, chosen)
    return found
