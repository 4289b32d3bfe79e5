"""What a solver returns: frozen records of verified equilibria."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from deterrence.concepts import resolve
from deterrence.game.notation import Notation


@dataclass(frozen=True)
class NonCredibleThreat:
    """An action a player is committed to off the path of play that it would not carry out.

    Parameters
    ----------
    player : str
    infoset : str
        Where the threat (or promise) would have to be carried out.
    action : str
        The action the equilibrium prescribes there.
    better : str
        An action that does strictly better for the player once the node is reached.
    gain : Fraction
        How much better, in the subgame that starts at that node.
    """

    player: str
    infoset: str
    action: str
    better: str
    gain: Fraction


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium, verified.

    Parameters
    ----------
    payoffs : tuple of Fraction
        Expected payoff of each player, in the game's player order.
    outcomes : mapping of str to Fraction
        Probability of each outcome label reached with positive probability.
    regret : Fraction
        The largest gain any player could get by deviating, found by an independent exact
        best-response check; zero for every equilibrium a solver returns.
    mixed : tuple of mapping or None
        For each player, the probability of each (reduced) pure strategy, by label.
    behaviour : tuple of mapping or None
        For trees: for each player, ``{infoset: {action: probability}}`` at every information
        set that the player's own strategy does not exclude.
    subgame_perfect : bool or None
        For trees: whether the equilibrium is subgame perfect (None: could not be decided).
    non_credible : tuple of NonCredibleThreat
        For trees: the off-path actions the equilibrium rests on that are not credible.
    completion : tuple of mapping or None
        For trees: actions at information sets a player's own strategy excludes, chosen so that
        the equilibrium is subgame perfect (empty when none are needed).
    subgame_note : str or None
        For trees: why ``subgame_perfect`` is what it is, where that needs saying.
    beliefs : mapping or None
        For concepts with beliefs (perfect Bayesian equilibria): at each information set, by
        label, the probability of each of its nodes, by node label. None for concepts
        without beliefs.
    """

    payoffs: tuple[Fraction, ...]
    outcomes: Mapping[str, Fraction]
    regret: Fraction
    mixed: tuple[Mapping[str, Fraction], ...] | None = None
    behaviour: tuple[Mapping[str, Mapping[str, Fraction]], ...] | None = None
    subgame_perfect: bool | None = None
    non_credible: tuple[NonCredibleThreat, ...] = ()
    completion: tuple[Mapping[str, str], ...] | None = None
    subgame_note: str | None = None
    beliefs: Mapping[str, Mapping[str, Fraction]] | None = None

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy (or, for trees where only behaviour is given, one
        action at every information set) with probability one.

        Examples
        --------
        >>> import deterrence as dt
        >>> result = dt.solve(dt.load("chicken"))
        >>> sum(eq.is_pure for eq in result.equilibria), len(result.equilibria)
        (2, 3)
        """
        if self.mixed is not None:
            return all(all(p in (0, 1) for p in m.values()) for m in self.mixed)
        assert self.behaviour is not None
        return all(all(p in (0, 1) for p in a.values()) for b in self.behaviour for a in b.values())


@dataclass(frozen=True)
class SolveResult:
    """The answer of a solver.

    Parameters
    ----------
    model : str
        The model's id.
    concept : str
        ``spe`` or ``nash``.
    method : str
        How the equilibria were found, e.g. ``backward induction``.
    exact : bool
        Whether every number is exact (False only where an irrational payoff was approximated).
    complete : bool
        Whether ``equilibria`` is the complete set the concept asks for (all pure SPE; all
        extreme Nash equilibria of a two-player game; for N players only pure equilibria are
        enumerated so far, hence False).
    notes : tuple of str
    parameters : mapping of str to Fraction
        The parameter values the game was solved at.
    players : tuple of str
    form : str
        ``tree`` or ``matrix``.
    equilibria : tuple of Equilibrium
    degenerate : bool or None
        For two-player normal forms: whether the game is degenerate.
    player_names : tuple of str
        The players' display names, where the model gives them.
    certificate : str
        The kind of certificate every equilibrium passed, checked independently of the
        solver that found it (see :mod:`deterrence.concepts`): ``exact zero regret`` for
        Nash and subgame-perfect equilibria.
    certificate_exact : bool
        Whether that certificate is an exact proof (True) or a numeric bound.
    method_parameters : mapping of str to object
        Parameters of the method beyond the game's, such as a precision; empty where the
        method has none.
    notation : Notation
        How the game writes its parameters, players, actions and outcomes
        (:mod:`deterrence.game.notation`), for the renderers; not compared.
    """

    model: str
    concept: str
    method: str
    exact: bool
    complete: bool
    notes: tuple[str, ...]
    parameters: Mapping[str, Fraction]
    players: tuple[str, ...]
    form: str
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool | None = None
    player_names: tuple[str, ...] = field(default=())
    certificate: str = "exact zero regret"
    certificate_exact: bool = True
    method_parameters: Mapping[str, object] = field(default_factory=dict)
    notation: Notation = field(default_factory=Notation, compare=False, repr=False)

    def _repr_html_(self) -> str:
        """How a notebook shows the result (see :mod:`deterrence.report.notebook`)."""
        return str(resolve("deterrence.report.notebook:solve_html")(self))

    def _repr_markdown_(self) -> str:
        return str(resolve("deterrence.report.notebook:solve_markdown")(self))


@dataclass
class Candidates:
    """What a concept's solve function hands back before certification.

    Parameters
    ----------
    equilibria : list of Equilibrium
        The candidate records; each is certified afterwards, and those that fail are dropped.
    complete : bool
        Whether these are every equilibrium the concept asks for.
    method : str
        How they were found, for people: ``backward induction (exact)``.
    degenerate : bool or None
        For two-player normal forms: whether the game is degenerate.
    """

    equilibria: list[Equilibrium]
    complete: bool
    method: str
    degenerate: bool | None = None
