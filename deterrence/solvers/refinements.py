"""Refinements of perfect Bayesian equilibria of signalling games: the intuitive criterion,
D1, and whether an equilibrium survives under every off-path belief.

A *signalling game* here is a tree whose root is a chance move over the sender's types, each
type a one-node information set of the sender choosing a message, each message leading to one
information set of the receiver (the same for every type) whose responses end the game.

* The **intuitive criterion** (Cho and Kreps 1987, QJE 102:179-221, sect. IV; Fudenberg and
  Tirole 1991, *Game Theory*, sect. 11.2): for an unsent message ``m``, let ``J`` be the types
  for whom ``m`` is equilibrium-dominated (their equilibrium payoff exceeds the best they
  could get from ``m`` against any best response of the receiver to any belief). The
  equilibrium fails if some type would get more than its equilibrium payoff from ``m`` against
  every best response to every belief on the types outside ``J``.
* **D1** (Cho and Kreps 1987, sect. V; Banks and Sobel 1987, Econometrica 55:647-661;
  Fudenberg and Tirole 1991, sect. 11.2): type ``t`` is eliminated at ``m`` when every
  (mixed) best response that gives ``t`` at least its equilibrium payoff gives another type
  ``t'`` strictly more than its own. The equilibrium survives if the receiver's response at
  every unsent message is a best response to some belief on the types not eliminated (on all
  types, where every type is).
* **Every off-path belief**: whether the equilibrium's behaviour is sequentially rational at
  every off-path information set whatever the beliefs there (Zagare and Kilgour 2000,
  *Perfect Deterrence*, ch. 5, ask this of the status-quo equilibrium); for any tree.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.pbe import PerfectBayesianEquilibrium, polytope_vertices

__all__ = [
    "Break",
    "Refinement",
    "SignallingGame",
    "best_responses",
    "d1",
    "every_off_path_belief",
    "intuitive_criterion",
    "signalling_game",
    "with_refinements",
]


@dataclass(frozen=True)
class SignallingGame:
    """The parts of a signalling game, read off a tree.

    Parameters
    ----------
    sender, receiver : int
        Player indices.
    types : tuple of str
        The sender's information sets, one per type, in the order of the root's branches.
    prior : tuple of Fraction
    messages : tuple of str
    responses : tuple of str
    receiver_sets : tuple of str
        The receiver's information set after each message.
    sender_payoff, receiver_payoff : tuple
        ``[t][m][r]``: the payoff of type ``t`` sending ``m`` answered by ``r``.
    """

    sender: int
    receiver: int
    types: tuple[str, ...]
    prior: tuple[Fraction, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    receiver_sets: tuple[str, ...]
    sender_payoff: tuple[tuple[tuple[Fraction, ...], ...], ...]
    receiver_payoff: tuple[tuple[tuple[Fraction, ...], ...], ...]


@dataclass(frozen=True)
class Break:
    """Why an equilibrium fails a refinement: who deviates, to what, and what it gets."""

    message: str
    types: tuple[str, ...]
    detail: str


@dataclass(frozen=True)
class Refinement:
    """Whether one equilibrium survives one refinement.

    Parameters
    ----------
    name : str
    applies : bool
        False where the game is not a signalling game (``survives`` is then None).
    survives : bool or None
    breaks : tuple of Break
        Where it fails: the deviation and the types that break it.
    note : str
    """

    name: str
    applies: bool
    survives: bool | None
    breaks: tuple[Break, ...] = ()
    note: str = ""


def signalling_game(game: ExtensiveGame) -> SignallingGame | None:
    """The game's signalling structure, or None if it is not a signalling game.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> s = signalling_game(numeric)
    >>> s.types, s.messages, s.responses, s.prior
    (('weak', 'strong'), ('beer', 'quiche'), ('duel', 'not'), (Fraction(1, 10), Fraction(9, 10)))
    """
    if not game.is_numeric:
        return None
    root = game.nodes[game.root]
    if root.kind != "chance" or len(game.players) < 2:
        return None
    senders = [game.nodes[c] for c in root.children]
    if any(n.kind != "decision" for n in senders):
        return None
    sender = senders[0].player
    messages = senders[0].actions
    types = tuple(n.infoset or "" for n in senders)
    if len(set(types)) != len(types) or any(
        n.player != sender
        or n.actions != messages
        or len(game.infosets[n.infoset or ""].members) != 1
        for n in senders
    ):
        return None
    receiver_sets: list[str] = []
    receiver = None
    responses: tuple[str, ...] = ()
    us: list[list[tuple[Fraction, ...]]] = []
    ur: list[list[tuple[Fraction, ...]]] = []
    for t, node in enumerate(senders):
        us.append([])
        ur.append([])
        for m, child in enumerate(node.children):
            r_node = game.nodes[child]
            if r_node.kind != "decision" or r_node.player == sender:
                return None
            if receiver is None:
                receiver, responses = r_node.player, r_node.actions
            if r_node.player != receiver or r_node.actions != responses:
                return None
            if t == 0:
                receiver_sets.append(r_node.infoset or "")
            elif receiver_sets[m] != r_node.infoset:
                return None
            leaves = [game.nodes[c] for c in r_node.children]
            if any(leaf.kind != "terminal" or leaf.payoff is None for leaf in leaves):
                return None
            us[t].append(tuple(Fraction(leaf.payoff.total[sender]) for leaf in leaves))  # type: ignore[union-attr, index]
            ur[t].append(tuple(Fraction(leaf.payoff.total[receiver]) for leaf in leaves))  # type: ignore[union-attr, index]
    if len(set(receiver_sets)) != len(receiver_sets) or receiver is None or sender is None:
        return None
    return SignallingGame(
        sender,
        receiver,
        types,
        tuple(Fraction(p) for p in root.probs),
        messages,
        responses,
        tuple(receiver_sets),
        tuple(tuple(row) for row in us),
        tuple(tuple(row) for row in ur),
    )


def _supported(s: SignallingGame, m: int, allowed: Sequence[int], support: Sequence[int]) -> bool:
    """Whether some belief on ``allowed`` types makes every response in ``support`` best."""
    k = len(allowed)
    payoff = [[s.receiver_payoff[t][m][r] for r in range(len(s.responses))] for t in allowed]
    a0 = support[0]

    def row(a: int, b: int) -> tuple[list[Fraction], Fraction]:
        d = [payoff[x][a] - payoff[x][b] for x in range(k)]
        return [v - d[0] for v in d[1:]], d[0]

    constraints: list[tuple[Sequence[Fraction], Fraction]] = []
    for a in support[1:]:
        coeffs, const = row(a0, a)
        constraints += [(coeffs, const), ([-c for c in coeffs], -const)]
    constraints += [row(a0, b) for b in range(len(s.responses)) if b not in support]
    dim = k - 1
    constraints += [([Fraction(int(y == x)) for y in range(dim)], Fraction(0)) for x in range(dim)]
    constraints.append(([Fraction(-1)] * dim, Fraction(1)))
    found = polytope_vertices(constraints, dim)
    return found is None or bool(found)


def best_responses(s: SignallingGame, message: str, allowed: Sequence[str]) -> tuple[str, ...]:
    """The receiver's pure responses to ``message`` that are best for some belief on the
    ``allowed`` types.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> s = signalling_game(instantiate(game, resolve_values(game.parameters))[0])
    >>> best_responses(s, "beer", ["weak", "strong"]), best_responses(s, "beer", ["strong"])
    (('duel', 'not'), ('not',))
    """
    m = s.messages.index(message)
    types = [s.types.index(t) for t in allowed]
    return tuple(r for i, r in enumerate(s.responses) if _supported(s, m, types, [i]))


def _play(
    s: SignallingGame, eq: PerfectBayesianEquilibrium
) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    assert eq.behaviour is not None
    sender = [[Fraction(eq.behaviour[s.sender][t][m]) for m in s.messages] for t in s.types]
    receiver = [
        [Fraction(eq.behaviour[s.receiver][h][r]) for r in s.responses] for h in s.receiver_sets
    ]
    return sender, receiver


def _equilibrium_payoffs(
    s: SignallingGame, sender: Sequence[Sequence[Fraction]], receiver: Sequence[Sequence[Fraction]]
) -> list[Fraction]:
    return [
        sum(
            (
                sender[t][m] * receiver[m][r] * s.sender_payoff[t][m][r]
                for m in range(len(s.messages))
                for r in range(len(s.responses))
            ),
            Fraction(0),
        )
        for t in range(len(s.types))
    ]


def _unsent(s: SignallingGame, sender: Sequence[Sequence[Fraction]]) -> list[int]:
    return [
        m
        for m in range(len(s.messages))
        if all(s.prior[t] * sender[t][m] == 0 for t in range(len(s.types)))
    ]


def intuitive_criterion(game: ExtensiveGame, eq: PerfectBayesianEquilibrium) -> Refinement:
    """Whether ``eq`` survives the Cho–Kreps intuitive criterion, and if not, which type
    breaks it with which message.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> from deterrence.solvers.pbe import solve_pbe
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> for e in solve_pbe(numeric, notes=[], refine=False).equilibria:
    ...     if e.family is None:
    ...         r = intuitive_criterion(numeric, e)
    ...         breaks = [(b.message, b.types) for b in r.breaks]
    ...         print(e.behaviour[0]["weak"]["quiche"], r.survives, breaks)
    1 False [('beer', ('strong',))]
    0 True []
    """
    s = signalling_game(game)
    if s is None:
        return Refinement("intuitive criterion", False, None, note="not a signalling game")
    sender, receiver = _play(s, eq)
    value = _equilibrium_payoffs(s, sender, receiver)
    everyone = list(s.types)
    breaks = []
    for m in _unsent(s, sender):
        message = s.messages[m]
        replies = [s.responses.index(r) for r in best_responses(s, message, everyone)]
        dominated = [
            t
            for t in range(len(s.types))
            if value[t] > max(s.sender_payoff[t][m][r] for r in replies)
        ]
        rest = [s.types[t] for t in range(len(s.types)) if t not in dominated]
        if not rest:
            continue
        against = [s.responses.index(r) for r in best_responses(s, message, rest)]
        gainers = tuple(
            s.types[t]
            for t in range(len(s.types))
            if value[t] < min(s.sender_payoff[t][m][r] for r in against)
        )
        if gainers:
            breaks.append(
                Break(
                    message,
                    gainers,
                    f"{message} is equilibrium-dominated for "
                    f"{', '.join(s.types[t] for t in dominated) or 'no type'}; against every "
                    f"best response to beliefs on {', '.join(rest)}, "
                    f"{', '.join(gainers)} would do better than in the equilibrium",
                )
            )
    return Refinement("intuitive criterion", True, not breaks, tuple(breaks))


def _faces(s: SignallingGame, m: int) -> list[tuple[int, ...]]:
    """The sets of responses that are all best for some belief on every type."""
    everyone = list(range(len(s.types)))
    return [
        support
        for k in range(1, len(s.responses) + 1)
        for support in itertools.combinations(range(len(s.responses)), k)
        if _supported(s, m, everyone, support)
    ]


def _implies(
    s: SignallingGame, m: int, face: Sequence[int], t: int, u: int, value: Sequence[Fraction]
) -> bool:
    """Whether, on the mixtures of ``face``, ``t`` getting at least its equilibrium payoff
    means ``u`` getting strictly more than its own."""
    dim = len(face) - 1

    # Coordinates: weights of face[1:], face[0] gets the rest.
    def linear(player_type: int) -> tuple[list[Fraction], Fraction]:
        base = s.sender_payoff[player_type][m][face[0]]
        return [s.sender_payoff[player_type][m][r] - base for r in face[1:]], base

    at, bt = linear(t)
    au, bu = linear(u)
    constraints: list[tuple[Sequence[Fraction], Fraction]] = [
        (at, bt - value[t]),
        ([-c for c in au], value[u] - bu),
    ]
    constraints += [([Fraction(int(y == x)) for y in range(dim)], Fraction(0)) for x in range(dim)]
    constraints.append(([Fraction(-1)] * dim, Fraction(1)))
    found = polytope_vertices(constraints, dim)
    return found is not None and not found


def d1(game: ExtensiveGame, eq: PerfectBayesianEquilibrium) -> Refinement:
    """Whether ``eq`` survives criterion D1, and if not, at which message and on which
    types the receiver's beliefs must rest.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> from deterrence.solvers.pbe import solve_pbe
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> found = solve_pbe(numeric, notes=[], refine=False).equilibria
    >>> [d1(numeric, e).survives for e in found if e.family is None]
    [False, True]
    """
    s = signalling_game(game)
    if s is None:
        return Refinement("D1", False, None, note="not a signalling game")
    sender, receiver = _play(s, eq)
    value = _equilibrium_payoffs(s, sender, receiver)
    breaks = []
    n = len(s.types)
    for m in _unsent(s, sender):
        faces = _faces(s, m)
        eliminated = [
            t
            for t in range(n)
            if any(
                all(_implies(s, m, face, t, u, value) for face in faces) for u in range(n) if u != t
            )
        ]
        allowed = [t for t in range(n) if t not in eliminated] or list(range(n))
        support = [r for r in range(len(s.responses)) if receiver[m][r] > 0]
        if not _supported(s, m, allowed, support):
            names = tuple(s.types[t] for t in allowed)
            breaks.append(
                Break(
                    s.messages[m],
                    names,
                    f"D1 puts the beliefs after {s.messages[m]} on {', '.join(names)}, "
                    f"to which the equilibrium response is no best reply",
                )
            )
    return Refinement("D1", True, not breaks, tuple(breaks))


def every_off_path_belief(game: ExtensiveGame, eq: PerfectBayesianEquilibrium) -> Refinement:
    """Whether ``eq`` is supported by every belief at every off-path information set.

    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> from deterrence.solvers.pbe import solve_pbe
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> found = solve_pbe(numeric, notes=[], refine=False).equilibria
    >>> {every_off_path_belief(numeric, e).survives for e in found}
    {False}
    """
    limited = tuple(
        Break(label, (), "; ".join(bs.inequalities))
        for label, bs in eq.off_path_beliefs.items()
        if not bs.everything
    )
    return Refinement("every off-path belief", True, not limited, limited)


def with_refinements(
    game: ExtensiveGame, eq: PerfectBayesianEquilibrium
) -> PerfectBayesianEquilibrium:
    """``eq`` with its ``refinements`` filled: the intuitive criterion, D1, and whether it
    survives under every off-path belief (for a family, at the point it is shown at)."""
    found: Mapping[str, object] = {
        r.name: r
        for r in (intuitive_criterion(game, eq), d1(game, eq), every_off_path_belief(game, eq))
    }
    return replace(eq, refinements=found)
