"""The certificate of a perfect Bayesian equilibrium: Bayes consistency and sequential
rationality, checked in exact arithmetic, independently of the solver that found it.

The ladder, each step a public function:

1. :func:`reach_probabilities`: the probability of reaching each node from a given node
   under a behaviour profile;
2. :func:`bayes_consistent`: beliefs follow from behaviour by Bayes' rule at every
   information set reached with positive probability from the root of the smallest subgame
   that contains it (Fudenberg and Tirole 1991, *Game Theory*, sect. 8.2: a weak perfect
   Bayesian equilibrium in every subgame);
3. :func:`continuation_values`: each player's expected payoff of the play that follows each
   node;
4. :func:`sequentially_rational`: at every information set, each action played with
   positive probability maximises the mover's expected continuation payoff, weighted by its
   beliefs over the set's nodes (Kreps and Wilson 1982, Econometrica 50:863-894);
5. :func:`check_assessment`: all of it, for a record, including every vertex of the sets of
   off-path beliefs the record claims support it.

None of this imports from the search (:mod:`deterrence.solvers.pbe`): it plays the tree
itself, node by node, in ``Fraction`` arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from deterrence.game.subgames import subgame_roots
from deterrence.game.tree import ExtensiveGame

__all__ = [
    "bayes_consistent",
    "check_assessment",
    "continuation_values",
    "reach_probabilities",
    "sequentially_rational",
]

#: Behaviour: for each player, information set -> action -> probability.
Profile = Sequence[Mapping[str, Mapping[str, Fraction]]]
#: Beliefs: information set -> node label -> probability.
Beliefs = Mapping[str, Mapping[str, Fraction]]


def _probabilities(game: ExtensiveGame, behaviour: Profile, index: int) -> list[Fraction]:
    node = game.nodes[index]
    if node.kind == "chance":
        return [Fraction(p) for p in node.probs]
    assert node.player is not None and node.infoset is not None
    played = behaviour[node.player][node.infoset]
    return [Fraction(played[a]) for a in node.actions]


def reach_probabilities(
    game: ExtensiveGame, behaviour: Profile, start: int | None = None
) -> dict[int, Fraction]:
    """The probability of reaching each node of the subtree at ``start`` (the root by
    default) from ``start``, under ``behaviour``.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> pool = ({"weak": {"beer": 1, "quiche": 0}, "strong": {"beer": 1, "quiche": 0}},
    ...         {"after beer": {"duel": 0, "not": 1}, "after quiche": {"duel": 1, "not": 0}})
    >>> reach = reach_probabilities(numeric, pool)
    >>> labels = [n.label for n in numeric.nodes]
    >>> str(reach[labels.index("r_beer_w")]), str(reach[labels.index("r_quiche_s")])
    ('1/10', '0')
    """
    first = game.root if start is None else start
    reach = {first: Fraction(1)}
    stack = [first]
    while stack:
        index = stack.pop()
        node = game.nodes[index]
        if node.kind == "terminal":
            continue
        for p, child in zip(_probabilities(game, behaviour, index), node.children, strict=True):
            reach[child] = reach[index] * p
            stack.append(child)
    return reach


def _bayes_start(game: ExtensiveGame) -> dict[str, int]:
    """For each information set, the root of the smallest subgame that contains it."""
    parents = game.parents
    roots = set(subgame_roots(game))
    start = {}
    for label, h in game.infosets.items():
        index: int | None = h.members[0]
        while index is not None and index not in roots:
            index = parents[index]
        start[label] = game.root if index is None else index
    return start


def bayes_consistent(game: ExtensiveGame, behaviour: Profile, beliefs: Beliefs) -> bool:
    """Whether ``beliefs`` follow from ``behaviour`` by Bayes' rule wherever it applies.

    At every information set reached with positive probability from the root of the smallest
    subgame containing it, the belief in each node must be its reach probability divided by
    the set's. Beliefs elsewhere need only be probabilities.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> pool = ({"weak": {"beer": 1, "quiche": 0}, "strong": {"beer": 1, "quiche": 0}},
    ...         {"after beer": {"duel": 0, "not": 1}, "after quiche": {"duel": 1, "not": 0}})
    >>> good = {"weak": {"weak": 1}, "strong": {"strong": 1},
    ...         "after beer": {"r_beer_w": Fraction(1, 10), "r_beer_s": Fraction(9, 10)},
    ...         "after quiche": {"r_quiche_w": 1, "r_quiche_s": 0}}
    >>> bayes_consistent(numeric, pool, good)
    True
    >>> bad = {**good, "after beer": {"r_beer_w": Fraction(1, 2), "r_beer_s": Fraction(1, 2)}}
    >>> bayes_consistent(numeric, pool, bad)
    False
    """
    start = _bayes_start(game)
    cache: dict[int, dict[int, Fraction]] = {}
    for label, h in game.infosets.items():
        belief = beliefs.get(label)
        if belief is None:
            return False
        values = [Fraction(belief.get(game.nodes[m].label, -1)) for m in h.members]
        if any(v < 0 for v in values) or sum(values, Fraction(0)) != 1:
            return False
        root = start[label]
        if root not in cache:
            cache[root] = reach_probabilities(game, behaviour, root)
        weights = [cache[root].get(m, Fraction(0)) for m in h.members]
        total = sum(weights, Fraction(0))
        if total > 0 and any(v != w / total for v, w in zip(values, weights, strict=True)):
            return False
    return True


def continuation_values(game: ExtensiveGame, behaviour: Profile) -> dict[int, tuple[Fraction, ...]]:
    """Each player's expected payoff from each node on, under ``behaviour``.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> pool = ({"weak": {"beer": 1, "quiche": 0}, "strong": {"beer": 1, "quiche": 0}},
    ...         {"after beer": {"duel": 0, "not": 1}, "after quiche": {"duel": 1, "not": 0}})
    >>> [str(v) for v in continuation_values(numeric, pool)[numeric.root]]
    ['29/10', '9/10']
    """
    players = len(game.players)
    value: dict[int, tuple[Fraction, ...]] = {}
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = tuple(Fraction(v) for v in node.payoff.total)
            continue
        probs = _probabilities(game, behaviour, index)
        value[index] = tuple(
            sum((p * value[c][i] for p, c in zip(probs, node.children, strict=True)), Fraction(0))
            for i in range(players)
        )
    return value


def sequentially_rational(game: ExtensiveGame, behaviour: Profile, beliefs: Beliefs) -> bool:
    """Whether, at every information set, every action played with positive probability
    gives the mover the greatest expected continuation payoff given its beliefs.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> pool = ({"weak": {"beer": 1, "quiche": 0}, "strong": {"beer": 1, "quiche": 0}},
    ...         {"after beer": {"duel": 0, "not": 1}, "after quiche": {"duel": 1, "not": 0}})
    >>> beliefs = {"weak": {"weak": 1}, "strong": {"strong": 1},
    ...            "after beer": {"r_beer_w": Fraction(1, 10), "r_beer_s": Fraction(9, 10)},
    ...            "after quiche": {"r_quiche_w": 1, "r_quiche_s": 0}}
    >>> sequentially_rational(numeric, pool, beliefs)
    True
    >>> strong = {"r_quiche_w": 0, "r_quiche_s": 1}
    >>> sequentially_rational(numeric, pool, {**beliefs, "after quiche": strong})
    False
    """
    value = continuation_values(game, behaviour)
    for label, h in game.infosets.items():
        belief = beliefs[label]
        weights = [Fraction(belief[game.nodes[m].label]) for m in h.members]
        expected = [
            sum(
                (
                    w * value[game.nodes[m].children[a]][h.player]
                    for w, m in zip(weights, h.members, strict=True)
                ),
                Fraction(0),
            )
            for a in range(len(h.actions))
        ]
        best = max(expected)
        played = behaviour[h.player][label]
        if any(
            Fraction(played[action]) > 0 and expected[a] < best
            for a, action in enumerate(h.actions)
        ):
            return False
    return True


def _valid_behaviour(game: ExtensiveGame, behaviour: Profile | None) -> bool:
    if behaviour is None or len(behaviour) != len(game.players):
        return False
    for label, h in game.infosets.items():
        played = behaviour[h.player].get(label)
        if played is None or set(played) != set(h.actions):
            return False
        values = [Fraction(p) for p in played.values()]
        if any(v < 0 for v in values) or sum(values, Fraction(0)) != 1:
            return False
    return True


def check_assessment(game: ExtensiveGame, equilibrium: Any) -> bool:
    """The certificate ``exact sequential rationality and Bayes consistency``.

    The record's behaviour must be given at every information set and its beliefs at every
    information set; beliefs must be Bayes-consistent (:func:`bayes_consistent`) and
    behaviour sequentially rational given them (:func:`sequentially_rational`). Where the
    record claims a set of off-path beliefs (``off_path_beliefs``: vertices in the simplex
    over an information set's nodes), behaviour must be sequentially rational at every
    vertex too (the conditions are linear in the beliefs, so the whole set then supports it).

    Examples
    --------
    >>> import deterrence as dt
    >>> from dataclasses import replace
    >>> from deterrence.game.instantiate import instantiate
    >>> from deterrence.game.parameters import resolve_values
    >>> from deterrence.solvers.pbe import solve_pbe
    >>> game = dt.load("tests/specs/beer-quiche.toml")
    >>> numeric, _ = instantiate(game, resolve_values(game.parameters))
    >>> found = solve_pbe(numeric, notes=[], refine=False).equilibria
    >>> all(check_assessment(numeric, e) for e in found)
    True
    >>> wrong = {**found[0].beliefs, "after beer": {"r_beer_w": 0, "r_beer_s": 1}}
    >>> check_assessment(numeric, replace(found[0], beliefs=wrong))
    False
    """
    if not isinstance(game, ExtensiveGame):
        return False
    behaviour = equilibrium.behaviour
    beliefs = equilibrium.beliefs
    if not _valid_behaviour(game, behaviour) or beliefs is None:
        return False
    if not bayes_consistent(game, behaviour, beliefs):
        return False
    if not sequentially_rational(game, behaviour, beliefs):
        return False
    for label, claimed in (getattr(equilibrium, "off_path_beliefs", None) or {}).items():
        if label not in game.infosets:
            return False
        h = game.infosets[label]
        names = tuple(game.nodes[m].label for m in h.members)
        if tuple(claimed.nodes) != names or not claimed.vertices:
            return False
        start = _bayes_start(game)[label]
        reach = reach_probabilities(game, behaviour, start)
        if any(reach.get(m, Fraction(0)) > 0 for m in h.members):
            return False
        for vertex in claimed.vertices:
            if len(vertex) != len(names) or sum(vertex, Fraction(0)) != 1 or min(vertex) < 0:
                return False
            trial = {**beliefs, label: dict(zip(names, vertex, strict=True))}
            if not sequentially_rational(game, behaviour, trial):
                return False
    return True
