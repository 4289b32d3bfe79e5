"""Thresholds: the least (or greatest) value of a parameter at which an outcome condition holds.

The headline question of deterrence theory — how credible must a pledge be to deter? — is the
least value of the credibility parameter at which the status quo is the equilibrium outcome.
It is answered exactly along the parameter (:mod:`deterrence.analysis.one_parameter`), given in
closed form in the other parameters with the conditions under which that form applies
(:mod:`deterrence.analysis.closed_form`), and checked by an independent numeric path
(:mod:`deterrence.analysis.numeric`: a scan of the range, bisection of every change of play,
scipy's ``brentq``), whose switch points are compared with the exact ones
(:mod:`deterrence.analysis.agreement`).

:func:`threshold` is a ladder of steps, each public: :func:`validated_request`,
:func:`located_switch`, :func:`classify`, then the answer for the class
(:func:`never_answer`, :func:`always_answer`, or :func:`threshold_answer`, which is
:func:`closed_form_at_switch` and :func:`conditions_below_threshold`), and
:func:`checked_result`, which sets the numeric path beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

import sympy

from deterrence.analysis import derivative_words
from deterrence.analysis.agreement import switch_point_notes, threshold_value_notes
from deterrence.analysis.closed_form import (
    AnyPiece,
    branch_start,
    closed_form_at,
    edge_conditions,
    interval_components,
    range_conditions,
    same_relation,
)
from deterrence.analysis.comparative_statics import Domain, RegionSign
from deterrence.analysis.numeric import NumericPath, equilibrium_outcomes, numeric_path
from deterrence.analysis.one_parameter import OneParameterSolution, Piece
from deterrence.analysis.two_player_along import TwoPlayerAlong
from deterrence.concepts import Concept, get_concept, resolve, split_options
from deterrence.errors import SolverError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.notation import Notation, notation_of
from deterrence.game.parameters import Parameter, resolve_values
from deterrence.game.tree import ExtensiveGame

if TYPE_CHECKING:
    from deterrence.analysis.qre_threshold import QREThreshold

STATUS_QUO = re.compile(r"^(sq|status[ _-]?quo)$", re.IGNORECASE)

_NOT_MONOTONE = "not monotone: the condition fails again further along the range"


@dataclass(frozen=True)
class Derivative:
    """How a threshold moves with another parameter.

    Parameters
    ----------
    name : str
        The parameter differentiated in.
    expression : sympy expression
        The derivative of the closed form in ``name``.
    value : sympy number or None
        Its value at the given values.
    sign : str or None
        Its sign at the given values: ``"positive"``, ``"negative"`` or ``"zero"``.
    region : RegionSign or None
        Its sign over the whole region where the closed form applies (the declared bounds of
        the other parameters and the threshold's conditions).
    threshold : str
        The threshold's parameter (``p`` for ``p*``).
    subject : str
        The threshold in words (``"the minimum credibility p*"``).
    about : str
        ``name`` in words, with what it means where the model says.
    scope : str
        Where the closed form applies, in words.
    given : mapping of str to sympy number
        The given values of the other parameters.
    notation : Notation
        How the game writes its parameters: :attr:`latex` and :meth:`latex_statement` write
        each by its symbol.
    """

    name: str
    expression: sympy.Expr
    value: sympy.Expr | None
    sign: str | None
    region: RegionSign | None = None
    threshold: str = ""
    subject: str = ""
    about: str = ""
    scope: str = ""
    given: Mapping[str, sympy.Expr] = field(default_factory=dict)
    notation: Notation = field(default_factory=Notation, compare=False, repr=False)

    @property
    def latex(self) -> str:
        """The derivative in LaTeX, each parameter by its symbol."""
        return self.notation.latex(self.expression)

    @property
    def sign_over_region(self) -> str | None:
        """The sign over the whole region (see :data:`SIGNS`), None without a region."""
        return self.region.sign if self.region is not None else None

    def describe(self, threshold: str) -> str:
        """The sign at the given values, in words
        (:func:`~deterrence.analysis.derivative_words.sign_at_values`)."""
        return derivative_words.sign_at_values(self, threshold)

    def summary(self) -> str:
        """The sign over the region in one line, as the text output prints it
        (:func:`~deterrence.analysis.derivative_words.sign_summary`)."""
        return derivative_words.sign_summary(self)

    def words(self) -> str:
        """The sign over the region as a sentence
        (:func:`~deterrence.analysis.derivative_words.sign_sentence`)."""
        return derivative_words.sign_sentence(self)

    def latex_statement(self) -> str:
        """``\\frac{\\partial p^*}{\\partial a} = ... < 0``: the derivative and its sign over
        the region, for a paper (:func:`~deterrence.analysis.derivative_words.latex_statement`).
        """
        return derivative_words.latex_statement(self)


@dataclass(frozen=True)
class ThresholdResult:
    """The least or greatest value of ``parameter`` at which the condition holds.

    Parameters
    ----------
    status : {"threshold", "always", "never"}
        ``always``: the condition holds from the lowest value on (at every value, when the
        notes say nothing else); ``never``: it holds nowhere in the declared range. Where the
        exact path cannot decide, :func:`threshold` raises ``NotImplementedError`` instead.
    symbolic : sympy expression or None
        The threshold in closed form, in the other parameters.
    conditions : tuple of sympy relationals
        Where the closed form applies (besides the parameters' declared bounds).
    value : sympy number or None
        The exact threshold at the given values of the other parameters.
    numeric : float or None
        The same found by the numeric path, as an independent check (see
        :func:`~deterrence.analysis.numeric.numeric_path`): the start of the first piece,
        between the numeric switch points, on which the condition holds. None where the
        numeric path was not run, where the condition holds on no piece of the range it
        scanned, and where the answer would be the edge of the scan window of an unbounded
        range.
    attained : bool or None
        Whether the condition holds at the threshold itself (there the players are indifferent
        and one tie-break satisfies it); None where that could not be tested exactly.
    numeric_switch_points : tuple of float
        Every point where the equilibrium play changes, found by the numeric path (a scan of
        the range with the exact solver, bisection of each change, then scipy's ``brentq`` on
        a payoff difference computed without the symbolic path); empty where it was not run.
        They should equal the exact ``solution.switch_points`` inside ``numeric_range``; a
        note says where they do not.
    numeric_range : tuple of Fraction or None
        The range the numeric path scanned: the declared bounds, an unbounded side cut to a
        window.
    conditions_complete : bool
        Whether ``conditions`` describe everywhere the closed form is the threshold: besides
        the switch itself, that the play keeps failing the condition all the way from the
        bound of the range to the threshold. True where that could be certified (every
        comparison below the threshold linear in the parameter, the range bounded on that
        side); False where the conditions describe the switch only, and the closed form is
        known to be the threshold at the given values but not everywhere they hold.
    concept : str
        The solution concept whose equilibria the condition is about.
    exact : bool
        Whether the answer comes from the concept's exact path. False where the concept has
        none: then ``solution`` is the numeric path itself, ``value`` and ``symbolic`` are
        None, and ``numeric`` is the threshold, located by bisection with the exact solver to
        within :data:`~deterrence.analysis.numeric.TOLERANCE`.
    """

    model: str
    parameter: str
    outcomes: tuple[str, ...]
    direction: str
    status: str
    symbolic: sympy.Expr | None
    conditions: tuple[sympy.Basic, ...]
    value: sympy.Expr | None
    numeric: float | None
    attained: bool | None
    fixed: Mapping[str, Fraction]
    solution: OneParameterSolution | TwoPlayerAlong | NumericPath = field(repr=False)
    notes: tuple[str, ...] = ()
    numeric_switch_points: tuple[float, ...] = ()
    numeric_range: tuple[Fraction, Fraction] | None = None
    conditions_complete: bool = True
    concept: str = ""
    exact: bool = True

    def _repr_html_(self) -> str:
        """How a notebook shows the threshold (see :mod:`deterrence.report.notebook`)."""
        return str(resolve("deterrence.report.notebook:threshold_html")(self))

    def _repr_latex_(self) -> str:
        return str(resolve("deterrence.report.notebook:threshold_latex")(self))

    @property
    def game(self) -> Game:
        """The game the threshold is of."""
        game = self.solution.game
        assert game is not None, "a numeric path made without its game"
        return game

    @property
    def notation(self) -> Notation:
        """How the game writes its parameters and outcomes (:mod:`deterrence.game.notation`)."""
        return notation_of(self.solution.game)

    @property
    def latex(self) -> str:
        """The closed form in LaTeX, each parameter by its symbol; empty where there is none.

        Examples
        --------
        >>> import deterrence as dt
        >>> print(dt.threshold(dt.load("tripwire"), "n", ["status_quo"], numeric=False).latex)
        \\frac{c_{D} - v}{k}
        """
        return self.notation.latex(self.symbolic) if self.symbolic is not None else ""

    @property
    def outcomes_text(self) -> str:
        """The deterred outcomes by their display names, joined by commas."""
        return ", ".join(self.notation.outcome(o) for o in self.outcomes)

    @property
    def subject(self) -> str:
        """The threshold in words: ``the minimum credibility p*``, ``a*, the least a at which
        play reaches only Challenger backs down,`` (outcomes by their display names)."""
        star = f"{self.parameter}*"
        moving = next(p for p in self.game.parameters if p.name == self.parameter)
        if moving.role == "credibility" and self.direction == "least":
            return f"the minimum credibility {star}"
        return (
            f"{star}, the {self.direction} {self.parameter} at which play reaches only "
            f"{self.outcomes_text},"
        )

    @cached_property
    def region(self) -> Domain:
        """Where the closed form applies: the other parameters' declared bounds and the
        conditions."""
        others = [p for p in self.game.parameters if p.name != self.parameter]
        return Domain(others, self.conditions, values=self.fixed)

    def scope(self) -> str:
        """Where the closed form applies, in words: the declared bounds of the other
        parameters it or its conditions contain, and its conditions."""
        used = set().union(
            *(e.free_symbols for e in (self.symbolic, *self.conditions) if e is not None)
        )
        bounds = []
        for p in self.game.parameters:
            if p.symbol not in used or p.name == self.parameter:
                continue
            if p.lower is not None and p.upper is not None:
                bounds.append(f"{p.lower} ≤ {p.name} ≤ {p.upper}")
            elif p.lower is not None:
                bounds.append(f"{p.name} ≥ {p.lower}")
            elif p.upper is not None:
                bounds.append(f"{p.name} ≤ {p.upper}")
        n = len(self.conditions)
        if n:
            bounds.append(f"and its {n} condition{'s' if n > 1 else ''}")
        return ", ".join(bounds)

    def derivative(self, name: str) -> Derivative:
        """The derivative of the closed form in parameter ``name``: its sign at the given
        values, and over the whole region where the closed form applies.

        The sign over the region is proved from the other parameters' declared bounds and the
        threshold's conditions (see :class:`~deterrence.analysis.comparative_statics.Domain`):
        ``positive``, ``negative``, ``nonnegative``, ``nonpositive``, ``zero``, ``changes
        sign`` (with an exact point of the region on each side) or ``undecided`` (with the
        reason); never a sign that fails somewhere in the region.

        Examples
        --------
        >>> import deterrence as dt
        >>> result = dt.min_credibility(dt.load("extended-deterrence"))
        >>> d = result.derivative("cA")
        >>> d.sign, d.sign_over_region
        ('negative', 'negative')
        >>> print(d.summary())
        dp*/dcA < 0: p* falls as cA rises
        """
        if self.symbolic is None:
            raise SolverError("there is no closed form to differentiate")
        parameter = next((p for p in self.game.parameters if p.name == name), None)
        if parameter is None:
            raise SolverError(f"unknown parameter `{name}`")
        expression = sympy.simplify(sympy.diff(self.symbolic, parameter.symbol))
        at = expression.xreplace(_substitutions(self.game, self.fixed, self.parameter))
        sign = None
        if at.is_number:
            sign = "positive" if at > 0 else "negative" if at < 0 else "zero"
        return Derivative(
            name,
            expression,
            at if at.is_number else None,
            sign,
            region=self.region.sign(expression),
            threshold=self.parameter,
            subject=self.subject,
            about=f"{name} ({parameter.doc})" if parameter.doc else name,
            scope=self.scope(),
            given={k: sympy.Rational(v.numerator, v.denominator) for k, v in self.fixed.items()},
            notation=self.notation,
        )

    def piecewise(self, name: str, *, max_analyses: int = 40) -> sympy.Piecewise:
        """The threshold as a function of another parameter ``name``, piece by piece, the
        rest held at the values of this result: a ``sympy.Piecewise`` of closed forms (the
        bound of the range where deterrence holds throughout, ``nan`` where it never does).

        Each piece is where the conditions of one exact analysis hold, so it is exact; the
        pieces are found by analysing at a point of every stretch of ``name`` not yet covered,
        up to ``max_analyses`` times. A stretch left uncovered (analyses exhausted, or
        conditions that could not be certified there) and the boundaries between pieces, where
        a player is indifferent, fall to the last branch, ``nan``.

        Examples
        --------
        >>> import deterrence as dt
        >>> bar = dt.min_credibility(dt.load("extended-deterrence"), numeric=False)
        >>> bar.piecewise("a")
        Piecewise((7/10, (a >= 0) & (a < 3/20)), (0, a > 3/20), (nan, True))
        """
        from deterrence.analysis.algebra import rational_between
        from deterrence.analysis.one_parameter import declared_range

        game = self.game
        by_name = {p.name: p for p in game.parameters}
        if name not in by_name or name == self.parameter:
            raise SolverError(f"`{name}` is not one of the other parameters")
        moving = by_name[name]
        symbol = moving.symbol
        domain = sympy.Interval(*declared_range(moving))
        others = {k: v for k, v in self.fixed.items() if k != name}
        at = {
            by_name[k].symbol: sympy.Rational(v.numerator, v.denominator) for k, v in others.items()
        }
        pieces: list[tuple[sympy.Expr, sympy.Set]] = []
        covered: sympy.Set = sympy.EmptySet
        given_up: sympy.Set = sympy.EmptySet  # stretches where no analysis certified a piece
        start = self.fixed[name]
        todo = [sympy.Rational(start.numerator, start.denominator)]
        for _ in range(max_analyses):
            if not todo:
                break
            seed = todo.pop(0)
            result = threshold(
                game,
                self.parameter,
                self.outcomes,
                direction=self.direction,
                values={**others, name: Fraction(int(seed.p), int(seed.q))},
                numeric=False,
                tidy=False,
                concept=self.concept or None,
            )
            where = result._where(symbol, at, domain) if result.conditions_complete else None
            if where is None or where.is_empty or where.measure == 0:
                # Nothing certified here: that whole stretch is left to the last branch.
                left = sympy.Complement(domain, covered)
                given_up = sympy.Union(
                    given_up, *(s for s in interval_components(left) if s.contains(seed))
                )
            else:
                if result.status == "threshold" and result.symbolic is not None:
                    value = sympy.simplify(result.symbolic.xreplace(at))
                elif result.status == "always":
                    value = result.value if result.value is not None else sympy.nan
                else:
                    value = sympy.nan
                pieces.append((value, where))
                covered = sympy.Union(covered, where)
            left = sympy.Complement(domain, sympy.Union(covered, given_up))
            stretches = [s for s in interval_components(left) if s.measure > 0]
            todo = [rational_between(s.inf, s.sup) for s in stretches]
        merged: dict[sympy.Expr, sympy.Set] = {}
        for value, where in pieces:
            merged[value] = sympy.Union(merged.get(value, sympy.EmptySet), where)
        branches = [(value, where.as_relational(symbol)) for value, where in merged.items()]
        branches.sort(key=lambda b: float(sympy.N(branch_start(b[1], symbol), 20)))
        return sympy.Piecewise(*branches, (sympy.nan, True))

    def _where(
        self, symbol: sympy.Symbol, at: Mapping[sympy.Symbol, sympy.Expr], domain: sympy.Set
    ) -> sympy.Set | None:
        """The values of ``symbol`` at which this result's conditions hold, the other
        parameters at ``at``; None where that cannot be solved exactly."""
        where = domain
        for condition in self.conditions:
            local = condition.xreplace(at)
            if local is sympy.true:
                continue
            if local is sympy.false:
                return sympy.EmptySet
            parts = local.args if isinstance(local, sympy.Or) else (local,)
            solved: sympy.Set = sympy.EmptySet
            for part in parts:
                try:
                    piece = sympy.solveset(part, symbol, domain)
                except (NotImplementedError, ValueError, TypeError):
                    return None
                if isinstance(piece, sympy.ConditionSet):
                    return None
                solved = sympy.Union(solved, piece)
            where = sympy.Intersection(where, solved)
        return where

    def compiled(self):
        """The closed form as a vectorised numpy function of the other parameters (lambdify),
        taking them as keyword arguments."""
        if self.symbolic is None:
            raise SolverError("there is no closed form to compile")
        symbols = sorted(self.symbolic.free_symbols, key=lambda s: s.name)
        function = sympy.lambdify(symbols, self.symbolic, modules="numpy")

        def evaluate(**values):
            return function(*(values[s.name] for s in symbols))

        return evaluate


def _substitutions(
    game: ExtensiveGame | NormalFormGame, values: Mapping[str, Fraction], skip: str
) -> dict:
    return {
        p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
        for p in game.parameters
        if p.name != skip and p.name in values
    }


@dataclass(frozen=True)
class ThresholdRequest:
    """A question for :func:`threshold`, checked against the game: see
    :func:`validated_request`.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
    parameter : Parameter
        The parameter that moves over its declared bounds.
    wanted : frozenset of str
        The outcome labels: the condition is that equilibrium play reaches only these.
    direction : {"least", "greatest"}
    chosen : mapping of str to Fraction
        The value of every parameter: the given ones, the defaults for the rest.
    concept : Concept
        The solution concept whose equilibria the condition is about.
    """

    game: Game
    parameter: Parameter
    wanted: frozenset[str]
    direction: str
    chosen: Mapping[str, Fraction]
    concept: Concept

    @property
    def least(self) -> bool:
        """Whether the range is read upwards (the least value at which the condition holds)."""
        return self.direction == "least"

    @cached_property
    def substitutions(self) -> dict:
        """The other parameters' symbols and their values, to evaluate comparisons at."""
        return _substitutions(self.game, self.chosen, self.parameter.name)

    @property
    def others(self) -> list[Parameter]:
        """The parameters that do not move, whose bounds the conditions are pruned against."""
        return [p for p in self.game.parameters if p.name != self.parameter.name]


@dataclass(frozen=True)
class Switch:
    """Where, along the exact path, the condition starts to hold: see :func:`located_switch`.

    Parameters
    ----------
    solution : OneParameterSolution or TwoPlayerAlong
        The exact path along the parameter: its pieces, in increasing order.
    holds : tuple of bool
        Whether the condition holds on each piece.
    direction : {"least", "greatest"}
        The way the range is read.
    """

    solution: OneParameterSolution | TwoPlayerAlong
    holds: tuple[bool, ...]
    direction: str

    @property
    def pieces(self) -> list[AnyPiece]:
        """The pieces of the exact path, in increasing order of the parameter."""
        return list(self.solution.pieces)

    @property
    def order(self) -> range:
        """The indices of the pieces in the order the range is read."""
        n = len(self.holds)
        return range(n) if self.direction == "least" else range(n - 1, -1, -1)

    @property
    def first(self) -> int | None:
        """The first piece, in reading order, on which the condition holds; None if none."""
        return next((i for i in self.order if self.holds[i]), None)

    @property
    def fails_again(self) -> bool:
        """Whether the condition fails on some piece beyond :attr:`first`."""
        first = self.first
        if first is None:
            return False
        n = len(self.holds)
        later = range(first, n) if self.direction == "least" else range(0, first + 1)
        return not all(self.holds[i] for i in later)

    @property
    def inside(self) -> AnyPiece:
        """The piece :attr:`first`, where the condition holds."""
        return self.pieces[self._found()]

    @property
    def point(self) -> sympy.Expr:
        """Where the piece :attr:`first` begins in reading order: the threshold at the given
        values, or the bound of the range where the condition holds from there on."""
        piece = self.inside
        return piece.lower if self.direction == "least" else piece.upper

    @property
    def before(self) -> list[AnyPiece]:
        """The pieces on which the condition fails, from the bound of the range up to the
        switch, in reading order."""
        first = self._found()
        pieces = self.pieces
        return pieces[:first] if self.direction == "least" else pieces[first + 1 :][::-1]

    def _found(self) -> int:
        first = self.first
        if first is None:
            raise ValueError("the condition holds on no piece: there is no switch")
        return first


@dataclass(frozen=True)
class ExactAnswer:
    """What the exact path says, before the numeric check: the fields of a
    :class:`ThresholdResult` it decides (see there for their meaning).

    Parameters
    ----------
    status : {"threshold", "always", "never"}
    symbolic : sympy expression or None
    conditions : tuple of sympy relationals
    value : sympy number or None
    attained : bool or None
    conditions_complete : bool
    notes : tuple of str
        What the exact path has to say about the answer; the numeric path's notes come later
        (:func:`checked_result`).
    """

    status: str
    symbolic: sympy.Expr | None = None
    conditions: tuple[sympy.Basic, ...] = ()
    value: sympy.Expr | None = None
    attained: bool | None = None
    conditions_complete: bool = True
    notes: tuple[str, ...] = ()


@overload
def threshold(
    game: ExtensiveGame | NormalFormGame,
    param: str,
    outcomes: Iterable[str],
    *,
    direction: str = "least",
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: None = None,
    attack: None = None,
    **fixed: Any,
) -> ThresholdResult: ...


@overload
def threshold(
    game: ExtensiveGame | NormalFormGame,
    param: str,
    outcomes: Iterable[str],
    *,
    direction: str = "least",
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: float | str | Fraction,
    attack: Iterable[str] | None = None,
    **fixed: Any,
) -> QREThreshold: ...


@overload
def threshold(
    game: ExtensiveGame | NormalFormGame,
    param: str,
    outcomes: Iterable[str],
    *,
    direction: str = "least",
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: float | str | Fraction | None = None,
    attack: Iterable[str] | None = None,
    **fixed: Any,
) -> ThresholdResult | QREThreshold: ...


def threshold(
    game: ExtensiveGame | NormalFormGame,
    param: str,
    outcomes: Iterable[str],
    *,
    direction: str = "least",
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: float | str | Fraction | None = None,
    attack: Iterable[str] | None = None,
    **fixed: Any,
) -> Any:
    """The least (or greatest) value of ``param`` at which play reaches only ``outcomes``.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        A parametric game the concept's exact path covers (trees of perfect information for
        ``spe``, two-player games for ``nash``); other games and concepts take the numeric path
        or say they cannot decide.
    param : str
        The parameter that moves over its declared bounds.
    outcomes : iterable of str
        Outcome labels: the condition is that equilibrium play reaches only these.
    direction : {"least", "greatest"}
    values, **fixed
        Values of the other parameters (defaults where not given); among ``**fixed``, the
        concept's options too (``Concept.options``; for ``qre``: ``precision``, ``error``,
        ``variant``, ``shocks``).
    numeric : bool
        Run the independent numeric path (a scan of the range with the exact solver, some
        hundreds of solves; see :func:`~deterrence.analysis.numeric.numeric_path`) and compare
        its switch points with the exact ones; ``False`` leaves ``numeric`` None and
        ``numeric_switch_points`` empty, for callers that need only the exact answer many
        times over, such as sweeps.
    tidy : bool
        Leave out the conditions the others and the declared bounds imply, by proof (for
        reading; ``False`` keeps them all, which is faster and says the same).
    concept : str, optional
        The solution concept (see :mod:`deterrence.concepts`); default: the game's. A concept
        with no exact one-parameter path is answered by the numeric path alone
        (``exact=False``), whatever ``numeric`` says.
    level : number, optional
        For a concept with noise (``qre``), whose equilibria reach every outcome with positive
        probability: the condition is instead that the outcomes other than ``outcomes`` (or
        ``attack``) are reached with probability at most ``level`` (0.05: 5%). Required for
        such a concept, refused by the others; the answer is then the concept's own type
        (:class:`~deterrence.analysis.qre_threshold.QREThreshold`).
    attack : iterable of str, optional
        With ``level``: the outcomes whose probability is bounded (default: every outcome not
        in ``outcomes``).

    Raises
    ------
    NotImplementedError
        Where the exact path cannot decide (see :func:`solve_along`).

    Examples
    --------
    >>> import deterrence as dt
    >>> result = threshold(dt.load("extended-deterrence"), "p", ["status_quo"], numeric=False)
    >>> result.status, result.value, result.symbolic
    ('threshold', 7/10, (-cA - e + v*w)/(v*(w - wD)))
    >>> noisy = threshold(dt.load("extended-deterrence"), "p", ["status_quo"], concept="qre",
    ...                   precision=50, level=0.05)
    >>> noisy.status, round(noisy.value, 4), noisy.certificate
    ('threshold', 0.8028, 'enclosure proved in interval arithmetic on the closed form')
    """
    chosen_concept = get_concept(concept, game)
    options, given = split_options(chosen_concept, fixed)
    request = validated_request(
        game,
        param,
        outcomes,
        direction=direction,
        values={**(values or {}), **given},
        concept=chosen_concept,
    )
    if level is not None or attack is not None or chosen_concept.level_threshold is not None:
        return _level_answer(request, level, attack, options)
    if not request.concept.has_along(request.game):
        return numeric_threshold(
            game, param, set(request.wanted), request.chosen, direction, request.concept
        )
    switch = located_switch(request)
    path = (
        numeric_path(game, param, request.chosen, request.wanted, concept=request.concept)
        if numeric
        else None
    )
    status = classify(switch)
    if status == "never":
        answer = never_answer(request, switch, tidy=tidy)
    elif status == "always":
        answer = always_answer(request, switch, tidy=tidy)
    else:
        answer = threshold_answer(request, switch, tidy=tidy)
    return checked_result(request, switch, answer, path)


def _level_answer(
    request: ThresholdRequest,
    level: object,
    attack: Iterable[str] | None,
    options: Mapping[str, object],
) -> Any:
    """The threshold at a probability level, by the concept's ``level_threshold``; refused
    for a concept without one, and asked for where the concept needs it."""
    concept = request.concept
    if concept.level_threshold is None:
        raise SolverError(
            f"a level (level=..., --level) is for concepts whose equilibria reach outcomes "
            f"with probabilities, such as qre; a {concept.title} ({concept.name}) reaches "
            "the outcomes or not: drop the level"
            + (" and the attack outcomes" if attack is not None else "")
        )
    if level is None:
        raise SolverError(
            f"a {concept.title} ({concept.name}) reaches every outcome with positive "
            "probability: give the level the other outcomes' probability must stay at or "
            "below (level=0.05, --level 0.05)"
        )
    return resolve(concept.level_threshold)(request, level, attack, options)


def validated_request(
    game: Game,
    param: str,
    outcomes: Iterable[str],
    *,
    direction: str = "least",
    values: Mapping[str, object] | None = None,
    concept: str | Concept | None = None,
) -> ThresholdRequest:
    """The question of :func:`threshold`, checked: the outcomes and the parameter exist, the
    direction is one of the two, the moving parameter is not fixed; every other parameter at
    its given value or its default; the concept chosen.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
    param : str
        The parameter that moves.
    outcomes : iterable of str
        The outcome labels that count.
    direction : {"least", "greatest"}
    values : mapping, optional
        Values of the other parameters, as anything :func:`~deterrence.exact.exact_number`
        reads.
    concept : str or Concept, optional
        Default: the game's.

    Returns
    -------
    ThresholdRequest

    Raises
    ------
    SolverError
        For an unknown direction, outcome or parameter, or a value given for ``param``.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("extended-deterrence")
    >>> request = validated_request(game, "p", ["status_quo"], values={"cA": "1/2"})
    >>> request.parameter.name, sorted(request.wanted), request.concept.name
    ('p', ['status_quo'], 'spe')
    >>> request.chosen["cA"]
    Fraction(1, 2)
    >>> validated_request(game, "p", ["status_quo"], values={"p": 1})
    Traceback (most recent call last):
    ...
    deterrence.errors.SolverError: `p` is the parameter that moves; do not fix it
    """
    if direction not in ("least", "greatest"):
        raise SolverError(f"direction must be `least` or `greatest`, not `{direction}`")
    wanted = frozenset(outcomes)
    labels = game.outcome_labels
    unknown = wanted - set(labels)
    if unknown:
        raise SolverError(
            f"unknown outcome(s) {', '.join(sorted(unknown))}; the model's outcomes are "
            + ", ".join(labels)
        )
    by_name = {p.name: p for p in game.parameters}
    if param not in by_name:
        names = [f"`{name}`" for name in by_name]
        listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        hint = did_you_mean(param, by_name)
        raise SolverError(
            f"unknown parameter `{param}`; "
            + (f"the model's parameters are {listed}" if names else "the model has no parameters")
            + (f" ({hint})" if hint else "")
        )
    given = {k: exact_number(v) for k, v in (values or {}).items()}
    if param in given:
        raise SolverError(f"`{param}` is the parameter that moves; do not fix it")
    chosen = resolve_values(game.parameters, given)
    return ThresholdRequest(
        game, by_name[param], wanted, direction, chosen, get_concept(concept, game)
    )


def located_switch(request: ThresholdRequest) -> Switch:
    """The exact path along the parameter, by the concept's one-parameter path (see
    :func:`along`), and on which of its pieces the condition holds.

    Parameters
    ----------
    request : ThresholdRequest
        Its concept must have an exact path along a parameter.

    Returns
    -------
    Switch

    Raises
    ------
    NotImplementedError
        Where the exact path cannot decide, or a piece's equilibria are not all found
        symbolically.

    Examples
    --------
    >>> import deterrence as dt
    >>> request = validated_request(dt.load("extended-deterrence"), "p", ["status_quo"])
    >>> switch = located_switch(request)
    >>> switch.holds, switch.first, switch.point
    ((False, False, True), 2, 7/10)
    """
    x = request.parameter
    solution = along(request.game, x.name, request.chosen, request.concept)
    holds = tuple(
        _holds_at(piece, request.wanted, request.substitutions, x.symbol)
        for piece in solution.pieces
    )
    return Switch(solution, holds, request.direction)


def classify(switch: Switch) -> str:
    """Whether the condition holds from the bound of the range on (``always``), nowhere
    (``never``) or from a switch point inside the range on (``threshold``).

    Parameters
    ----------
    switch : Switch

    Returns
    -------
    {"threshold", "always", "never"}

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("extended-deterrence")
    >>> classify(located_switch(validated_request(game, "p", ["status_quo"])))
    'threshold'
    >>> classify(located_switch(validated_request(game, "p", ["war"])))
    'never'
    """
    first = switch.first
    if first is None:
        return "never"
    if first == switch.order[0]:
        return "always"
    return "threshold"


def never_answer(request: ThresholdRequest, switch: Switch, *, tidy: bool = True) -> ExactAnswer:
    """The answer where the condition holds on no piece: with, as conditions, where every
    piece keeps its play over the whole (bounded) range.

    Parameters
    ----------
    request : ThresholdRequest
    switch : Switch
        Classified ``never``.
    tidy : bool
        Leave out the conditions the others and the declared bounds imply.

    Returns
    -------
    ExactAnswer
        ``conditions_complete`` False where the range is unbounded or the conditions cannot
        be certified.

    Examples
    --------
    >>> import deterrence as dt
    >>> request = validated_request(dt.load("extended-deterrence"), "p", ["war"])
    >>> answer = never_answer(request, located_switch(request), tidy=False)
    >>> answer.status, answer.conditions_complete, answer.notes
    ('never', True, ('the condition holds nowhere in the declared range',))
    """
    notes = ("the condition holds nowhere in the declared range",)
    x = request.parameter
    extra = None
    if x.lower is not None and x.upper is not None:
        top = sympy.Rational(x.upper.numerator, x.upper.denominator)
        extra = range_conditions(x.symbol, switch.pieces, top, x.lower, request.substitutions, True)
    if extra is None:
        return ExactAnswer("never", conditions_complete=False, notes=notes)
    from deterrence.analysis.prune import prune_against

    conditions = prune_against(extra, (), request.others) if tidy else tuple(extra)
    return ExactAnswer("never", conditions=conditions, notes=notes)


def always_answer(request: ThresholdRequest, switch: Switch, *, tidy: bool = True) -> ExactAnswer:
    """The answer where the condition holds from the bound of the range on: that bound, and
    whether the condition holds at the bound itself; as conditions, where the play next to
    the bound keeps every comparison positive at the bound (then it is that play just inside
    the range, by continuity).

    Parameters
    ----------
    request : ThresholdRequest
    switch : Switch
        Classified ``always``.
    tidy : bool
        Leave out the conditions the others and the declared bounds imply.

    Returns
    -------
    ExactAnswer
        ``conditions_complete`` False where the bound is infinite, the piece next to it has
        a tie, or a comparison there is not positive.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("audience-cost-crisis")
    >>> request = validated_request(game, "q", ["concession"], direction="greatest")
    >>> answer = always_answer(request, located_switch(request), tidy=False)
    >>> answer.status, answer.value, answer.attained
    ('always', 1, True)
    >>> answer.conditions
    (a - cS + k + v > 0, cT > 0, v > 0)
    """
    notes = [_NOT_MONOTONE] if switch.fails_again else []
    bound = switch.point
    attained = (
        _attained(
            request.game,
            request.parameter.name,
            request.chosen,
            bound,
            set(request.wanted),
            request.concept,
        )
        if bound.is_finite
        else None
    )
    if attained is False:
        notes.append(f"the condition holds just inside the range but not at {bound} itself")
    answer = ExactAnswer(
        "always",
        value=bound if bound.is_finite else None,
        attained=attained,
        notes=tuple(notes),
    )
    edge = switch.inside
    if not bound.is_finite or not isinstance(edge, Piece) or edge.ties:
        return replace(answer, conditions_complete=False)
    found = edge_conditions(request.parameter.symbol, edge, bound)
    if found is None:
        return replace(answer, conditions_complete=False)
    from deterrence.analysis.prune import prune

    return replace(answer, conditions=prune(found, request.others) if tidy else tuple(found))


def threshold_answer(
    request: ThresholdRequest, switch: Switch, *, tidy: bool = True
) -> ExactAnswer:
    """The answer where the condition starts to hold at a switch point inside the range: the
    closed form there (:func:`closed_form_at_switch`) with its conditions, those below the
    threshold included (:func:`conditions_below_threshold`), and whether the condition holds
    at the threshold itself.

    Parameters
    ----------
    request : ThresholdRequest
    switch : Switch
        Classified ``threshold``.
    tidy : bool
        Leave out the conditions the others and the declared bounds imply.

    Returns
    -------
    ExactAnswer
        ``symbolic`` None where no single comparison switches at the threshold;
        ``conditions_complete`` False where the conditions below it cannot be certified.

    Examples
    --------
    >>> import deterrence as dt
    >>> request = validated_request(dt.load("extended-deterrence"), "p", ["status_quo"])
    >>> answer = threshold_answer(request, located_switch(request), tidy=False)
    >>> answer.value, answer.attained, answer.symbolic
    (7/10, True, (-cA - e + v*w)/(v*(w - wD)))
    """
    notes = [_NOT_MONOTONE] if switch.fails_again else []
    symbolic, conditions = closed_form_at_switch(request, switch)
    complete = True
    if symbolic is None:
        notes.append("no single comparison switches here, so there is no closed form")
    else:
        below = conditions_below_threshold(request, switch, symbolic, conditions, tidy=tidy)
        if below is None:
            complete = False
            notes.append(
                "the conditions say where the play switches at the closed form; that the "
                "condition keeps failing between the bound of the range and the threshold "
                "was checked at the given values only (a comparison there is not linear in "
                f"{request.parameter.name}, or the range is unbounded on that side)"
            )
        else:
            conditions = below
    attained = _attained(
        request.game,
        request.parameter.name,
        request.chosen,
        switch.point,
        set(request.wanted),
        request.concept,
    )
    return ExactAnswer(
        "threshold",
        symbolic=symbolic,
        conditions=conditions,
        value=switch.point,
        attained=attained,
        conditions_complete=complete,
        notes=tuple(notes),
    )


def closed_form_at_switch(
    request: ThresholdRequest, switch: Switch
) -> tuple[sympy.Expr | None, tuple[sympy.Basic, ...]]:
    """The threshold in closed form, with the conditions under which the play switches there
    (see :func:`~deterrence.analysis.closed_form.closed_form_at`).

    Parameters
    ----------
    request : ThresholdRequest
    switch : Switch
        Classified ``threshold``.

    Returns
    -------
    tuple
        The closed form (None where no single comparison switches there) and its conditions.

    Examples
    --------
    >>> import deterrence as dt
    >>> request = validated_request(dt.load("extended-deterrence"), "p", ["status_quo"])
    >>> symbolic, conditions = closed_form_at_switch(request, located_switch(request))
    >>> symbolic
    (-cA - e + v*w)/(v*(w - wD))
    >>> conditions[0]
    v*(-w + wD) < 0
    """
    # The piece just before the switch, in reading order, is where the play switches from.
    outside = switch.before[-1]
    x = request.parameter
    return closed_form_at(x.symbol, switch.point, switch.inside, outside, request.substitutions, x)


def conditions_below_threshold(
    request: ThresholdRequest,
    switch: Switch,
    symbolic: sympy.Expr,
    conditions: tuple[sympy.Basic, ...],
    *,
    tidy: bool = True,
) -> tuple[sympy.Basic, ...] | None:
    """``conditions`` and, after them, those under which the condition keeps failing from the
    bound of the range up to the closed form ``symbolic`` (see
    :func:`~deterrence.analysis.closed_form.range_conditions`): then the closed form is the
    threshold wherever they all hold.

    Parameters
    ----------
    request : ThresholdRequest
    switch : Switch
        Classified ``threshold``.
    symbolic : sympy expression
        The threshold in closed form.
    conditions : tuple of sympy relationals
        Its conditions at the switch.
    tidy : bool
        Leave out the added conditions that ``conditions`` and the declared bounds imply.

    Returns
    -------
    tuple of sympy relationals or None
        None where the conditions below the threshold cannot be certified (a comparison
        there not linear in the parameter, the range unbounded on that side).

    Examples
    --------
    >>> import deterrence as dt
    >>> request = validated_request(dt.load("extended-deterrence"), "p", ["status_quo"])
    >>> switch = located_switch(request)
    >>> symbolic, at_switch = closed_form_at_switch(request, switch)
    >>> below = conditions_below_threshold(request, switch, symbolic, at_switch, tidy=False)
    >>> below[: len(at_switch)] == at_switch, len(below) > len(at_switch)
    (True, True)
    """
    x = request.parameter
    bound = x.lower if request.least else x.upper
    extra = range_conditions(
        x.symbol, switch.before, symbolic, bound, request.substitutions, request.least
    )
    if extra is None:
        return None
    if not extra:
        return conditions
    from deterrence.analysis.prune import prune_against

    added = [c for c in extra if not any(same_relation(c, k) for k in conditions)]
    kept = prune_against(added, conditions, request.others) if tidy else dict.fromkeys(added)
    return (*conditions, *kept)


def checked_result(
    request: ThresholdRequest,
    switch: Switch,
    answer: ExactAnswer,
    path: NumericPath | None,
) -> ThresholdResult:
    """The exact answer as a :class:`ThresholdResult`, beside the numeric path where it was
    run: its threshold, its switch points, and a note wherever they disagree with the exact
    ones (see :mod:`deterrence.analysis.agreement`).

    Parameters
    ----------
    request : ThresholdRequest
    switch : Switch
    answer : ExactAnswer
    path : NumericPath or None
        The numeric path along the same parameter at the same values; None where not run.

    Returns
    -------
    ThresholdResult
        Its notes: the switch points' disagreement first, then the exact answer's, then the
        threshold's disagreement (only where the switch points agree: where they do not, that
        note says all there is to say).

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.numeric import numeric_path
    >>> game = dt.load("extended-deterrence")
    >>> request = validated_request(game, "p", ["status_quo"])
    >>> switch = located_switch(request)
    >>> answer = threshold_answer(request, switch, tidy=False)
    >>> path = numeric_path(game, "p", request.chosen, request.wanted)
    >>> result = checked_result(request, switch, answer, path)
    >>> result.value, result.numeric, result.numeric_switch_points, result.notes
    (7/10, 0.7, (0.3, 0.7), ())
    """
    numeric = path.threshold(request.direction) if path is not None else None
    switch_notes = switch_point_notes(switch.solution, path) if path is not None else []
    value_notes = (
        threshold_value_notes(answer.value, numeric, path)
        if path is not None and not switch_notes
        else []
    )
    param = request.parameter.name
    return ThresholdResult(
        model=request.game.info.id,
        parameter=param,
        outcomes=tuple(sorted(request.wanted)),
        direction=request.direction,
        status=answer.status,
        symbolic=answer.symbolic,
        conditions=answer.conditions,
        value=answer.value,
        numeric=numeric,
        attained=answer.attained,
        fixed={k: v for k, v in request.chosen.items() if k != param},
        solution=switch.solution,
        notes=(*switch_notes, *answer.notes, *value_notes),
        numeric_switch_points=path.switch_points if path is not None else (),
        numeric_range=path.window if path is not None else None,
        conditions_complete=answer.conditions_complete,
        concept=request.concept.name,
    )


def _holds_at(
    piece: AnyPiece, wanted: frozenset[str], substitutions: dict, x: sympy.Symbol
) -> bool:
    """Whether every equilibrium on the piece reaches only ``wanted`` outcomes."""
    if not piece.exact:
        raise NotImplementedError(
            f"the game is degenerate on the whole interval ({piece.lower}, {piece.upper}): "
            "its equilibria there are not all found symbolically"
        )
    point = {**substitutions, x: piece.witness}
    return all(
        {label for label, prob in outcomes.items() if prob.xreplace(point) != 0} <= wanted
        for outcomes in piece.outcome_sets
    )


def along(
    game: Game,
    param: str,
    values: Mapping[str, Fraction],
    concept: str | Concept | None = None,
) -> OneParameterSolution | TwoPlayerAlong:
    """The exact equilibria of ``concept`` (default: the game's) along ``param``, by the
    concept's one-parameter path: backward induction for ``spe``, symbolic support
    enumeration for two-player ``nash``.

    Raises
    ------
    NotImplementedError
        Where the concept has no exact one-parameter path, or its path does not cover the game.
    """
    chosen = get_concept(concept, game)
    if chosen.along is None:
        raise NotImplementedError(
            f"{chosen.name} ({chosen.title}) has no exact path along a parameter; its "
            "threshold comes from the numeric path (a scan with the exact solver), and a sweep "
            "gives its equilibria over a grid"
        )
    result: OneParameterSolution | TwoPlayerAlong = resolve(chosen.along)(game, param, values)
    return result


def _attained(
    game: ExtensiveGame | NormalFormGame,
    param: str,
    chosen: Mapping[str, Fraction],
    point: sympy.Expr,
    wanted: set[str],
    concept: Concept,
) -> bool | None:
    """Whether the condition holds at the threshold itself: where the concept's ties are
    tie-breaks (``spe``), whether some tie-break of the indifferent player meets it; otherwise
    whether every equilibrium there does."""
    if not point.is_Rational:
        return None
    values = {**chosen, param: Fraction(int(point.p), int(point.q))}
    reached = equilibrium_outcomes(game, values, concept)
    if concept.tie_threshold == "any":
        return any(r <= wanted for r in reached)
    return all(r <= wanted for r in reached)


def numeric_threshold(
    game: Game,
    param: str,
    wanted: set[str],
    chosen: Mapping[str, Fraction],
    direction: str,
    concept: Concept,
) -> ThresholdResult:
    """The threshold from the numeric path alone, for a concept with no exact path along a
    parameter: the first piece between the numeric switch points, in ``direction``, on which
    every equilibrium of the concept reaches only ``wanted``.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.concepts import REGISTRY
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> chosen = resolve_values(game.parameters)
    >>> result = numeric_threshold(
    ...     game, "p", {"status_quo"}, chosen, "least", REGISTRY["spe"]
    ... )
    >>> result.status, result.numeric, result.exact
    ('threshold', 0.7, False)
    """
    path = numeric_path(game, param, chosen, wanted, concept=concept)
    order = range(len(path.holds))
    if direction == "greatest":
        order = order[::-1]
    first = next((i for i in order if path.holds[i]), None)
    notes = [
        f"{concept.name} ({concept.title}) has no exact path along a parameter"
        + (" for this game" if concept.along is not None else "")
        + ": this threshold is numeric, located by a scan with the exact solver and bisection"
    ]
    if first is None:
        status = "never"
        notes.append("the condition holds nowhere in the range scanned")
    elif first == order[0]:
        status = "always"
    else:
        status = "threshold"
        later = range(first, len(path.holds)) if direction == "least" else range(0, first + 1)
        if not all(path.holds[i] for i in later):
            notes.append(_NOT_MONOTONE)
    return ThresholdResult(
        model=game.info.id,
        parameter=param,
        outcomes=tuple(sorted(wanted)),
        direction=direction,
        status=status,
        symbolic=None,
        conditions=(),
        value=None,
        numeric=path.threshold(direction),
        attained=None,
        fixed={k: v for k, v in chosen.items() if k != param},
        solution=path,
        notes=tuple(notes),
        numeric_switch_points=path.switch_points,
        numeric_range=path.window,
        conditions_complete=False,
        concept=concept.name,
        exact=False,
    )


def deterred_outcomes(game: ExtensiveGame | NormalFormGame) -> tuple[str, ...]:
    """The status-quo outcome(s) of a model: labels such as ``status_quo``, ``SQ``."""
    found = tuple(label for label in game.outcome_labels if STATUS_QUO.match(label))
    if not found:
        raise SolverError(
            "this model has no outcome called `status_quo` or `SQ`; name the outcome(s) that "
            "count as deterrence (deterred=... or --deterred), among: "
            + ", ".join(f"`{label}`" for label in game.outcome_labels)
        )
    return found


@overload
def min_credibility(
    game: ExtensiveGame | NormalFormGame,
    param: str | None = None,
    deterred: Iterable[str] | None = None,
    *,
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: None = None,
    attack: None = None,
    **fixed: Any,
) -> ThresholdResult: ...


@overload
def min_credibility(
    game: ExtensiveGame | NormalFormGame,
    param: str | None = None,
    deterred: Iterable[str] | None = None,
    *,
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: float | str | Fraction,
    attack: Iterable[str] | None = None,
    **fixed: Any,
) -> QREThreshold: ...


@overload
def min_credibility(
    game: ExtensiveGame | NormalFormGame,
    param: str | None = None,
    deterred: Iterable[str] | None = None,
    *,
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: float | str | Fraction | None = None,
    attack: Iterable[str] | None = None,
    **fixed: Any,
) -> ThresholdResult | QREThreshold: ...


def min_credibility(
    game: ExtensiveGame | NormalFormGame,
    param: str | None = None,
    deterred: Iterable[str] | None = None,
    *,
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    level: float | str | Fraction | None = None,
    attack: Iterable[str] | None = None,
    **fixed: Any,
) -> Any:
    """The least credibility at which deterrence holds.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        A parametric game, as in :func:`threshold`.
    param : str, optional
        The credibility parameter; default: the one parameter whose role is ``credibility``.
    deterred : iterable of str, optional
        The outcomes that count as deterrence; default: the status quo (``status_quo``/``SQ``).
    values, **fixed
        Values of the other parameters (their defaults where not given).
    numeric, tidy : bool
        Run the independent numeric check; leave out implied conditions (see
        :func:`threshold`).
    concept : str, optional
        The solution concept (default: the game's; see :func:`threshold`).
    level, attack
        For a concept with noise (``qre``): see :func:`threshold`; its options (``precision``
        ...) go among ``**fixed``.

    Examples
    --------
    >>> import deterrence as dt
    >>> result = dt.min_credibility(dt.load("extended-deterrence"))
    >>> result.status, result.value
    ('threshold', 7/10)
    >>> result.symbolic
    (-cA - e + v*w)/(v*(w - wD))
    """
    if param is None:
        roles = [p.name for p in game.parameters if p.role == "credibility"]
        if len(roles) != 1:
            raise SolverError(
                "name the credibility parameter (param=... or --param): the model has "
                + (
                    f"several with role credibility ({', '.join(roles)})"
                    if roles
                    else "none with role credibility"
                )
            )
        param = roles[0]
    outcomes = tuple(deterred) if deterred is not None else deterred_outcomes(game)
    return threshold(
        game,
        param,
        outcomes,
        values=values,
        numeric=numeric,
        tidy=tidy,
        concept=concept,
        level=level,
        attack=attack,
        **fixed,
    )
