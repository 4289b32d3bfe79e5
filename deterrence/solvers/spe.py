"""Subgame-perfect equilibria by backward induction (Selten 1965; Kuhn 1953).

For trees of perfect information with chance nodes, in exact arithmetic. Where a player is
indifferent, every tied action starts its own branch of the enumeration, so the result holds
*all* pure subgame-perfect equilibria, up to the limits ``spe_equilibria`` and ``spe_work``
of :mod:`deterrence.limits`: ties everywhere (a tree whose payoffs are all equal) make
exponentially many SPE, so past those each node keeps one equilibrium of its subtree and the
answer is still a pure SPE, quickly, marked incomplete. The same happens once the time budget
(limit ``solve_seconds``) is spent.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from deterrence import limits
from deterrence.errors import SolverError
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.records import tree_record
from deterrence.solvers.result import Candidates, Equilibrium

#: Pure SPE turned into verified records at most, by default (limit ``equilibria_shown``);
#: each costs a check of the whole tree.
MAX_RECORDED = limits.default_count("equilibria_shown")


@dataclass(frozen=True)
class PureSPE:
    """A pure SPE: the action index chosen at every decision node, and the payoffs."""

    choices: dict[int, int]
    values: tuple[Fraction, ...]


def backward_induction(
    game: ExtensiveGame, deadline: limits.Deadline | None = None
) -> tuple[list[PureSPE], bool]:
    """Every pure subgame-perfect equilibrium of a numeric tree of perfect information.

    Returns
    -------
    equilibria, complete
        ``complete`` is False when the enumeration stopped at limit ``spe_equilibria``
        equilibria per subtree, after limit ``spe_work`` copied choices, or when
        ``deadline`` expired; what is returned are then some of the pure SPE (at least one).

    Raises
    ------
    SolverError
        If some information set holds more than one node: backward induction through an
        information set would let a player condition on what it cannot observe.
    """
    if not game.is_perfect_information:
        raise SolverError(
            "backward induction (spe) needs perfect information, but this game has "
            "information sets with several nodes; use --concept nash, which reports for "
            "each equilibrium whether it is subgame perfect"
        )
    players = len(game.players)
    complete = True
    work = 0
    most, most_work = limits.count("spe_equilibria"), limits.count("spe_work")
    partial: dict[int, list[PureSPE]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            partial[index] = [PureSPE({}, tuple(Fraction(v) for v in node.payoff.total))]
            continue
        found: list[PureSPE] = []
        spent = work > most_work or (deadline is not None and deadline.expired())
        cap = 1 if spent else most
        for combo in itertools.product(*(partial[c] for c in node.children)):
            choices: dict[int, int] = {}
            for sub in combo:
                choices.update(sub.choices)
            work += len(choices) + 1
            if node.kind == "chance":
                values = tuple(
                    sum(
                        (
                            Fraction(p) * sub.values[i]
                            for p, sub in zip(node.probs, combo, strict=True)
                        ),
                        Fraction(0),
                    )
                    for i in range(players)
                )
                found.append(PureSPE(choices, values))
            else:
                assert node.player is not None
                own = [sub.values[node.player] for sub in combo]
                best = max(own)
                for action, v in enumerate(own):
                    if v == best:
                        found.append(PureSPE({**choices, index: action}, combo[action].values))
            # One past the cap tells whether anything is cut.
            if len(found) > cap:
                break
        if len(found) > cap:
            complete = False
        partial[index] = found[:cap]
        for child in node.children:
            del partial[child]
    return partial[game.root], complete


def solve_spe(
    game: ExtensiveGame, *, method: str = "enumeration", notes: list[str], **options: object
) -> Candidates:
    """Every pure subgame-perfect equilibrium of a numeric tree, as candidate records.

    The ``spe`` concept's solve function (see :mod:`deterrence.concepts`): backward
    induction (:func:`backward_induction`), each equilibrium then recorded with its outcomes,
    payoffs and behaviour, and its regret computed independently.

    Parameters
    ----------
    game : ExtensiveGame
        A tree of perfect information, every parameter given a value.
    method : str
        ``enumeration``, the only method.
    notes : list of str
        Remarks for the result are appended here: ties, and any limit reached.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("classic-deterrence")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> found = solve_spe(numeric, notes=[])
    >>> [e.outcomes for e in found.equilibria], found.complete
    ([{'SQ': Fraction(1, 1)}], True)
    """
    deadline = limits.deadline()
    found, complete = backward_induction(game, deadline)
    if deadline.hit:
        notes.append(deadline.note())
    elif not complete:
        notes.append(
            "stopped enumerating pure subgame-perfect equilibria at a limit (at most "
            f"{limits.count('spe_equilibria'):,} equilibria per subtree, "
            f"{limits.count('spe_work'):,} choices combined; limits `spe_equilibria` and "
            "`spe_work`): there are more than those listed"
        )
    if len(found) > 1:
        notes.append(
            "ties: some player is indifferent somewhere, and each way of breaking the tie gives "
            "a pure SPE; only pure SPE are listed"
        )
    shown = limits.count("equilibria_shown")
    if len(found) > shown:
        notes.append(
            f"{len(found)}{'+' if not complete else ''} pure SPE; the first {shown} are "
            f"listed and verified ({limits.message('equilibria_shown')})"
        )
        found, complete = found[:shown], False
    records: list[Equilibrium] = []
    for spe in found:
        plans: list[dict[str, int]] = [{} for _ in game.players]
        for index, action in spe.choices.items():
            node = game.nodes[index]
            assert node.player is not None and node.infoset is not None
            plans[node.player][node.infoset] = action
        records.append(tree_record(game, [[p] for p in plans], [[Fraction(1)] for _ in plans]))
    return Candidates(records, complete, "backward induction (exact)", None)
