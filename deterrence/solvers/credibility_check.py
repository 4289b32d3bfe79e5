"""Subgame perfection of an equilibrium of a tree, and the non-credible threats it rests on.

A Nash equilibrium of a deterrence game can rest on a threat the defender would never carry
out once challenged; subgame perfection (Selten 1965) rules such threats out. This check is
independent of the solver that found the equilibrium.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from deterrence import limits
from deterrence.game.payoff import Scalar
from deterrence.game.play import expected_payoffs, terminal_distribution
from deterrence.game.reduced_form import player_plans, pure_chooser
from deterrence.game.subgames import subgame, subgame_roots
from deterrence.game.tree import ExtensiveGame, Node
from deterrence.solvers.result import NonCredibleThreat
from deterrence.solvers.verify import Behaviour, behaviour_chooser


@dataclass(frozen=True)
class Assessment:
    """Whether an equilibrium of a tree is subgame perfect, as :func:`assess` found it.

    Parameters
    ----------
    subgame_perfect : bool or None
        Whether it is, or can be completed to, a subgame-perfect equilibrium; None where that
        could not be decided (a tie where the equilibrium leaves a move open, a subgame too
        large to check, or one that no pure completion of the open moves fits).
    threats : tuple of NonCredibleThreat
        The off-path actions it rests on that the player would not carry out.
    completion : tuple of dict of str to str
        For each player, the action chosen at each information set its own strategy excludes.
    note : str or None
        Why ``subgame_perfect`` is what it is, where that needs saying.
    """

    subgame_perfect: bool | None
    threats: tuple[NonCredibleThreat, ...]
    completion: tuple[dict[str, str], ...]
    note: str | None = None


def assess(game: ExtensiveGame, behaviours: Sequence[Behaviour]) -> Assessment:
    """Whether a behaviour profile (a Nash equilibrium of ``game``) is subgame perfect.

    Where a player's own strategy excludes an information set, its behaviour there is not
    given; the check completes it with the best action, so that the answer says whether the
    equilibrium *can* be completed to a subgame-perfect one.
    """
    if game.is_perfect_information:
        return _assess_perfect_information(game, behaviours)
    return _assess_by_subgames(game, behaviours)


def _assess_perfect_information(game: ExtensiveGame, behaviours: Sequence[Behaviour]) -> Assessment:
    players = len(game.players)
    value: dict[int, tuple[Fraction, ...]] = {}
    # Whether a node's value depends on how a tie was broken where the equilibrium is silent.
    tie_below: dict[int, bool] = {}
    completion: list[dict[str, str]] = [{} for _ in range(players)]
    threats: list[NonCredibleThreat] = []
    # A threat whose subtree holds no tie-broken completion is non-credible whatever the
    # completion; one below such a tie might be cured by completing the tie the other way.
    certain = False
    for index in reversed(game.preorder):
        node = game.nodes[index]
        if node.kind == "terminal":
            assert node.payoff is not None
            value[index] = tuple(Fraction(v) for v in node.payoff.total)
            tie_below[index] = False
            continue
        children_tied = any(tie_below[c] for c in node.children)
        if node.kind == "chance":
            value[index] = _average(node.probs, [value[c] for c in node.children], players)
            tie_below[index] = children_tied
            continue
        assert node.player is not None and node.infoset is not None
        mover = node.player
        own = [value[c][mover] for c in node.children]
        best = max(own)
        probs = behaviours[mover].get(node.infoset)
        if probs is None:
            choice = own.index(best)
            completion[mover][node.infoset] = node.actions[choice]
            value[index] = value[node.children[choice]]
            tie_below[index] = children_tied or own.count(best) > 1
            continue
        for action, p in enumerate(probs):
            if p > 0 and own[action] < best:
                certain |= not children_tied
                threats.append(
                    NonCredibleThreat(
                        player=game.players[mover],
                        infoset=node.infoset,
                        action=node.actions[action],
                        better=node.actions[own.index(best)],
                        gain=best - own[action],
                    )
                )
        value[index] = _average(probs, [value[c] for c in node.children], players)
        tie_below[index] = children_tied
    threats.reverse()
    if threats and not certain:
        return Assessment(
            None,
            tuple(threats),
            tuple(completion),
            "a tie where the equilibrium leaves a move open: another completion might be "
            "subgame perfect",
        )
    return Assessment(not threats, tuple(threats), tuple(completion))


def _average(
    probs: Sequence[Scalar], values: Sequence[tuple[Fraction, ...]], players: int
) -> tuple[Fraction, ...]:
    return tuple(
        sum((Fraction(p) * v[i] for p, v in zip(probs, values, strict=True)), Fraction(0))
        for i in range(players)
    )


NO_PROPER_SUBGAME = (
    "the game has no proper subgame, so every Nash equilibrium is subgame perfect; beliefs "
    "off the path are not checked (that would be perfect Bayesian equilibrium)"
)


def _assess_by_subgames(game: ExtensiveGame, behaviours: Sequence[Behaviour]) -> Assessment:
    """Check each proper subgame, deepest first, for a Nash equilibrium in it.

    Where a player's own earlier move excludes a subgame, its moves there are open: they are
    completed with pure actions that make the subgame's play an equilibrium, if any do.
    """
    roots = subgame_roots(game)
    completion: list[dict[str, str]] = [{} for _ in game.players]
    if not roots:
        return Assessment(True, (), tuple(completion), NO_PROPER_SUBGAME)
    known: list[dict[str, Sequence[Scalar]]] = [dict(b) for b in behaviours]
    threats: list[NonCredibleThreat] = []
    failed: list[str] = []
    undecided: list[str] = []
    # An earlier completion was one choice among possibly many (others pure or mixed), so a
    # later failure may be the completion's fault rather than the equilibrium's.
    guessed = False
    for root in roots:
        part = subgame(game, root)
        label = game.nodes[root].label
        open_sets = [h for h, info in part.infosets.items() if h not in known[info.player]]
        options = _completions(part, open_sets)
        if options is None:
            undecided.append(label)
            continue
        working = []
        too_large = False
        for choice in options:
            trial = [dict(b) for b in known]
            for h, action in choice.items():
                info = part.infosets[h]
                trial[info.player][h] = [
                    Fraction(int(i == action)) for i in range(len(info.actions))
                ]
            regrets = behaviour_regrets(part, trial)
            if regrets is None:
                too_large = True
                break
            if all(r == 0 for r in regrets):
                working.append((choice, trial))
                if len(working) > 1:
                    break
        if working:
            choice, known = working[0]
            guessed |= bool(choice)
            for h, action in choice.items():
                info = part.infosets[h]
                completion[info.player][h] = info.actions[action]
        elif open_sets or guessed or too_large:
            undecided.append(label)
        else:
            failed.append(label)
            threats.extend(_threats_at(part, known))
    if failed:
        note = "not a Nash equilibrium in the subgame(s) at " + ", ".join(f"`{f}`" for f in failed)
        return Assessment(False, tuple(threats), tuple(completion), note)
    if undecided:
        note = (
            "no pure completion of the moves the equilibrium leaves open makes its play an "
            "equilibrium in the subgame(s) at "
            + ", ".join(f"`{u}`" for u in undecided)
            + "; a mixed one might"
        )
        return Assessment(None, (), tuple(completion), note)
    return Assessment(True, (), tuple(completion))


def _completions(part: ExtensiveGame, open_sets: Sequence[str]) -> list[dict[str, int]] | None:
    """Every pure assignment of actions to ``open_sets`` (None when there are too many)."""
    sizes = [len(part.infosets[h].actions) for h in open_sets]
    total = 1
    most = limits.count("credibility_completions")
    for size in sizes:
        total *= size
        if total > most:
            return None
    return [
        dict(zip(open_sets, combo, strict=True)) for combo in itertools.product(*map(range, sizes))
    ]


def _threats_at(part: ExtensiveGame, behaviours: Sequence[Behaviour]) -> list[NonCredibleThreat]:
    """The actions at a subgame's first move that do worse than another, given play below."""
    root = part.nodes[part.root]
    if root.kind != "decision":
        return []
    assert root.player is not None and root.infoset is not None
    probs = behaviours[root.player][root.infoset]
    choose = behaviour_chooser(behaviours)
    values = []
    for child in root.children:
        below = subgame(part, child)
        values.append(
            Fraction(expected_payoffs(below, terminal_distribution(below, choose))[root.player])
        )
    best = max(values)
    return [
        NonCredibleThreat(
            player=part.players[root.player],
            infoset=root.infoset,
            action=root.actions[a],
            better=root.actions[values.index(best)],
            gain=best - values[a],
        )
        for a, p in enumerate(probs)
        if p > 0 and values[a] < best
    ]


def behaviour_regrets(
    game: ExtensiveGame, behaviours: Sequence[Behaviour]
) -> list[Fraction] | None:
    """Each player's regret against a behaviour profile, by trying each of its plans."""
    choose_all = behaviour_chooser(behaviours)
    payoffs = expected_payoffs(game, terminal_distribution(game, choose_all))
    regrets = []
    for i in range(len(game.players)):
        plans = player_plans(game, i)
        if len(plans) > limits.count("credibility_plans"):
            return None
        best = None
        for plan in plans:
            plan_choice = pure_chooser([plan if j == i else {} for j in range(len(game.players))])

            def choose(node: Node, _plan_choice=plan_choice, _i=i) -> Sequence[object]:
                return _plan_choice(node) if node.player == _i else choose_all(node)

            v = Fraction(expected_payoffs(game, terminal_distribution(game, choose))[i])
            best = v if best is None else max(best, v)
        assert best is not None
        regrets.append(best - Fraction(payoffs[i]))
    return regrets


__all__ = ["Assessment", "assess", "behaviour_regrets"]
