"""The registry of solution concepts: the one place that says which concept serves which game.

Every part of the product that solves (``solve``, ``threshold``, ``analyse``, ``sweep``,
``table``, ``plot`` and the command line) asks this module which concept applies, how it is
solved, how its answers are certified, and which exact or vectorised paths it offers. None of
them tests the kind of a game itself.

:data:`REGISTRY` is a plain mapping from a concept's name to its :class:`Concept`, in the
order the defaults are tried. A concept names its parts by reference (``"module:function"``),
resolved on first use, so that this module sits below every layer, imports none of them, and
the command line starts without loading a solver it will not run. Adding a concept is one
module (its solve function) plus one entry here; see ``docs/explanation/architecture.md``.

>>> import deterrence as dt
>>> from deterrence.concepts import REGISTRY, default_concept
>>> list(REGISTRY)
['spe', 'nash', 'pbe', 'qre']
>>> default_concept(dt.load("classic-deterrence")).name
'spe'
>>> REGISTRY["nash"].certificate.kind
'exact zero regret'
>>> REGISTRY["qre"].certificate.kind, REGISTRY["qre"].certificate.exact
('proven fixed-point residual bound', False)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deterrence.errors import SolverError

if TYPE_CHECKING:
    from deterrence.game import Game

__all__ = [
    "EXACT_BAYES",
    "EXACT_ZERO_REGRET",
    "QRE_RESIDUAL_BOUND",
    "REGISTRY",
    "Certificate",
    "Concept",
    "Reference",
    "concept_names",
    "default_concept",
    "get_concept",
    "resolve",
    "split_options",
]

#: A part of a concept: a callable, or where it lives as ``"package.module:attribute"``.
Reference = str | Callable[..., Any]


def resolve(reference: Reference) -> Callable[..., Any]:
    """The callable a :data:`Reference` names, importing its module on first use.

    >>> resolve("fractions:Fraction")(1, 2)
    Fraction(1, 2)
    >>> resolve(len)("abc")
    3
    """
    if callable(reference):
        return reference
    module, _, attribute = reference.partition(":")
    found = getattr(importlib.import_module(module), attribute)
    if not callable(found):  # pragma: no cover - a mistake in this registry, not user input
        raise TypeError(f"{reference} is not callable")
    return found


@dataclass(frozen=True)
class Certificate:
    """How the answers of a concept are verified, independently of the solver that found them.

    Parameters
    ----------
    kind : str
        What is certified, as results report it: ``exact zero regret``, ``exact sequential
        rationality and Bayes consistency``, ``proven fixed-point residual bound``...
    check : Reference
        ``check(game, equilibrium) -> bool``: whether one candidate, at the numeric game it
        was found in, passes. Candidates that fail are dropped and the result is then marked
        incomplete, with a note.
    description : str
        One sentence for the documentation and the ``concepts`` command.
    exact : bool
        Whether a passing certificate is exact (a proof) rather than a numeric bound.
    """

    kind: str
    check: Reference
    description: str = ""
    exact: bool = True

    def passes(self, game: Game, equilibrium: Any) -> bool:
        """Whether ``equilibrium`` passes this certificate in ``game``."""
        return bool(resolve(self.check)(game, equilibrium))


def zero_regret(game: Game, equilibrium: Any) -> bool:
    """The exact zero-regret certificate: no player gains by any deviation.

    The regret is computed when the record is made, by an exact best-response computation over
    the whole game (:mod:`deterrence.solvers.verify`) that shares nothing with the algorithm
    that proposed the profile.
    """
    return bool(equilibrium.regret == 0)


#: The certificate of Nash and subgame-perfect equilibria.
EXACT_ZERO_REGRET = Certificate(
    kind="exact zero regret",
    check=zero_regret,
    description=(
        "every player's exact best-response gain against the profile, recomputed in rational "
        "arithmetic over the whole game, is zero"
    ),
)


@dataclass(frozen=True)
class Concept:
    """A solution concept and every path the product has for it.

    Parameters
    ----------
    name : str
        The name users write: ``--concept NAME``, ``concept="NAME"``.
    title : str
        For people: ``subgame-perfect equilibrium``.
    games : str
        Which games it applies to, in words, for messages and the documentation.
    applies : Callable[[Game], bool]
        Whether it applies to a game.
    solve : Reference
        ``solve(game, *, method, notes, **options) -> Candidates`` on a numeric game (every
        parameter given a value), returning the candidate equilibria as records
        (:class:`~deterrence.solvers.result.Candidates`); ``notes`` is a list to append to.
    certificate : Certificate
        How each candidate is verified; see :class:`Certificate`.
    methods : tuple of str
        The methods it accepts; the first is the default.
    default_for : Callable[[Game], bool]
        Whether it is the default concept for a game; the first such concept in
        :data:`REGISTRY` is.
    along : Reference or None
        The exact one-parameter path, ``along(game, param, values)`` returning the pieces of
        the parameter's range with the equilibria on each. None: ``analyse`` says there is
        none, and ``threshold`` answers from the per-point numeric path alone.
    along_covers : Callable[[Game], bool]
        Whether ``along`` covers a game (by default every game the concept applies to);
        for a game it does not cover, ``threshold`` answers from the numeric path alone, as
        for a concept with no ``along``.
    regions : Reference or None
        The exact path over several parameters, ``regions(game, names, values)``.
    point_solver : Reference or None
        The numeric path's solver at one point, ``point_solver(game, param, values)``
        (see :mod:`deterrence.analysis.numeric`); None: the generic one, which calls
        :func:`deterrence.solve` with this concept at each point.
    vectorised : Reference or None
        A class of compiled evaluators for sweeps: ``vectorised.fits(game)`` says whether it
        takes a game, ``vectorised(game, deterred)`` compiles one, and its method
        ``answers(columns, n, what)`` gives the sweep's columns on arrays of points, the
        payoffs, and the points it leaves to the exact solver. None, or a game it does not
        fit: sweeps solve point by point.
    tie_threshold : {"all", "any"}
        At a threshold itself, whether every equilibrium must meet the condition (``all``)
        or some tie-break suffices (``any``: every pure SPE is one way of breaking the tie).
    runner : Reference or None
        For a concept whose answers are not equilibrium records but a frozen result type of
        its own, because their guarantees differ (pygambit's way: a family with other
        guarantees gets its own result): ``runner(game, *, method, values, source,
        **options)`` on the game as loaded, ``values`` the parameter values read exactly and
        ``method`` None where none was asked for (the runner then chooses by the game).
        :func:`deterrence.solve` returns what it returns, after the certificate's check. This
        field is the one place that decides it; ``solve`` is then never called.
    options : tuple of str
        The keyword options the concept takes besides parameter values (``precision``,
        ``error``...): :func:`deterrence.solve` and :func:`deterrence.threshold` hand them to
        the concept (see :func:`split_options`); another concept refuses them.
    level_threshold : Reference or None
        For a concept whose outcomes are reached with probabilities that are never exactly
        0 (noise): ``level_threshold(request, level, attack, options)``, the least (or
        greatest) value of the parameter at which the probability of the outcomes that do
        not count is at most ``level`` (:func:`deterrence.threshold` with ``level=``).
    """

    name: str
    title: str
    games: str
    applies: Callable[[Game], bool]
    solve: Reference
    certificate: Certificate = EXACT_ZERO_REGRET
    methods: tuple[str, ...] = ("enumeration",)
    default_for: Callable[[Game], bool] = lambda game: False
    along: Reference | None = None
    along_covers: Callable[[Game], bool] = lambda game: True
    regions: Reference | None = None
    point_solver: Reference | None = None
    vectorised: Reference | None = None
    tie_threshold: str = "all"
    runner: Reference | None = None
    options: tuple[str, ...] = ()
    level_threshold: Reference | None = None

    def has_along(self, game: Game) -> bool:
        """Whether the concept has an exact one-parameter path for ``game``.

        >>> import deterrence as dt
        >>> REGISTRY["nash"].has_along(dt.load("chicken"))
        True
        """
        return self.along is not None and self.along_covers(game)


def _perfect_information_tree(game: Game) -> bool:
    return game.form == "tree" and bool(getattr(game, "is_perfect_information", False))


def _any_game(game: Game) -> bool:
    return True


def _two_players(game: Game) -> bool:
    return len(game.players) == 2


def _tree_with_uncertainty(game: Game) -> bool:
    return game.form == "tree" and (
        not getattr(game, "is_perfect_information", True)
        or any(node.kind == "chance" for node in getattr(game, "nodes", ()))
    )


#: The certificate of perfect Bayesian equilibria.
EXACT_BAYES = Certificate(
    kind="exact sequential rationality and Bayes consistency",
    check="deterrence.solvers.beliefs:check_assessment",
    description=(
        "beliefs follow Bayes' rule from the root of each smallest subgame wherever it is "
        "reached with positive probability, and every action played is a best reply at its "
        "information set given the beliefs (and at every vertex of each claimed off-path "
        "belief set), in rational arithmetic, independently of the search"
    ),
)


#: The certificate of quantal response equilibria (its kind is the one every QRE result
#: reports, ``deterrence.solvers.qre_result.RESIDUAL_CERTIFICATE``; its check is named by
#: reference, so that the registry imports no solver).
QRE_RESIDUAL_BOUND = Certificate(
    kind="proven fixed-point residual bound",
    check="deterrence.solvers.qre_concept:passes_qre_certificate",
    description=(
        "the largest gap between the reported choice probabilities and the quantal response "
        "to them, recomputed from the game in rational and 128-bit interval arithmetic "
        "(deterrence.solvers.qre_check), is proved below the tolerance (1e-8); a branch's "
        "limit is checked by exact regret"
    ),
    exact=False,
)


#: Every concept, by name, in the order the default is looked for.
REGISTRY: dict[str, Concept] = {
    "spe": Concept(
        name="spe",
        title="subgame-perfect equilibrium",
        games="game trees of perfect information (chance nodes and commitments allowed)",
        applies=_perfect_information_tree,
        default_for=_perfect_information_tree,
        solve="deterrence.solvers.spe:solve_spe",
        along="deterrence.analysis.one_parameter:solve_along",
        regions="deterrence.analysis.many_parameters:regions_over",
        point_solver="deterrence.analysis.numeric:PerfectInformationPoints",
        vectorised="deterrence.solvers.vectorised_tree:CompiledTree",
        tie_threshold="any",
    ),
    "nash": Concept(
        name="nash",
        title="Nash equilibrium",
        games="every game: all extreme equilibria of two-player games, pure equilibria of others",
        applies=_any_game,
        default_for=_any_game,
        methods=("enumeration", "lemke-howson", "support-enumeration"),
        solve="deterrence.solvers.nash:solve_nash",
        along="deterrence.analysis.two_player_along:nash_along",
        along_covers=_two_players,
        regions="deterrence.analysis.two_player_regions:nash_regions",
        point_solver="deterrence.analysis.numeric:nash_points",
        vectorised="deterrence.solvers.vectorised_matrix:CompiledMatrix",
    ),
    "pbe": Concept(
        name="pbe",
        title="perfect Bayesian equilibrium",
        games="game trees with information sets or chance moves (perfect recall)",
        applies=_tree_with_uncertainty,
        solve="deterrence.solvers.pbe:solve_pbe",
        certificate=EXACT_BAYES,
    ),
    "qre": Concept(
        name="qre",
        title="quantal response equilibrium",
        games=(
            "every game: logit QRE of normal forms of any number of players, agent QRE of "
            "trees (logit or probit, agent errors or private information)"
        ),
        applies=_any_game,
        solve="deterrence.solvers.qre_concept:solve_qre_records",
        certificate=QRE_RESIDUAL_BOUND,
        methods=("backward-induction", "fixed-point", "path-following"),
        runner="deterrence.solvers.qre:run_qre",
        options=("precision", "error", "variant", "shocks", "settings"),
        level_threshold="deterrence.analysis.qre_threshold:qre_threshold",
    ),
}


def concept_names() -> tuple[str, ...]:
    """The names of every registered concept, for choices on the command line.

    >>> concept_names()
    ('spe', 'nash', 'pbe', 'qre')
    """
    return tuple(REGISTRY)


def split_options(
    concept: Concept, given: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    """Keyword arguments of ``solve`` or ``threshold`` split into the concept's options and
    parameter values.

    A name among ``concept.options`` is an option, whatever the model calls its parameters
    (give a parameter of that name with ``values=``); a name that is another concept's
    option is refused, since it would otherwise be read as an unknown parameter.

    Raises
    ------
    SolverError
        For another concept's option.

    Examples
    --------
    >>> split_options(REGISTRY["qre"], {"precision": 2.0, "a": 1})
    ({'precision': 2.0}, {'a': 1})
    >>> split_options(REGISTRY["spe"], {"precision": 2.0})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deterrence.errors.SolverError: `precision` is an option of qre (...), not of spe; ...
    """
    options: dict[str, object] = {}
    values: dict[str, object] = {}
    for name, value in given.items():
        if name in concept.options:
            options[name] = value
            continue
        owners = [c for c in REGISTRY.values() if name in c.options]
        if owners:
            raise SolverError(
                f"`{name}` is an option of "
                + " and ".join(f"{c.name} ({c.title})" for c in owners)
                + f", not of {concept.name}; name the concept: "
                + " or ".join(f'concept="{c.name}" (--concept {c.name})' for c in owners)
            )
        values[name] = value
    return options, values


def default_concept(game: Game) -> Concept:
    """The concept a game is solved with when none is named: ``spe`` for trees of perfect
    information, ``nash`` otherwise (the first entry of :data:`REGISTRY` that claims it)."""
    for concept in REGISTRY.values():
        if concept.default_for(game):
            return concept
    raise SolverError("no registered solution concept applies to this game")


def get_concept(name: str | Concept | None, game: Game | None = None) -> Concept:
    """The concept called ``name`` (the default for ``game`` where ``name`` is None), checked
    to apply to ``game``.

    Raises
    ------
    SolverError
        For an unknown name (listing the known ones) or a concept that does not apply to the
        game (saying which games it does apply to).

    Examples
    --------
    >>> get_concept("nash").title
    'Nash equilibrium'
    >>> get_concept("spne")
    Traceback (most recent call last):
    ...
    deterrence.errors.SolverError: unknown concept `spne`; expected one of spe, nash, pbe, qre
    """
    if isinstance(name, Concept):
        concept = name
    elif name is None:
        if game is None:
            raise SolverError("name a concept, or give the game to choose its default")
        return default_concept(game)
    elif name in REGISTRY:
        concept = REGISTRY[name]
    else:
        raise SolverError(f"unknown concept `{name}`; expected one of {', '.join(REGISTRY)}")
    if game is not None and not concept.applies(game):
        raise SolverError(
            f"{concept.name} ({concept.title}) applies to {concept.games}; this model is "
            f"{_kind(game)}"
            + (
                "; use concept nash (--concept nash)"
                if "nash" in REGISTRY and concept.name != "nash"
                else ""
            )
        )
    return concept


def _kind(game: Game) -> str:
    if game.form != "tree":
        return "a normal-form game"
    if getattr(game, "is_perfect_information", False):
        return "a tree of perfect information"
    return "a tree with information sets of several nodes"
