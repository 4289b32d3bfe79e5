"""Thresholds: the least (or greatest) value of a parameter at which an outcome condition holds.

The headline question of deterrence theory — how credible must a pledge be to deter? — is the
least value of the credibility parameter at which the status quo is the equilibrium outcome.
It is answered exactly along the parameter (:mod:`deterrence.analysis.one_parameter`), given in
closed form in the other parameters with the conditions under which that form applies, and
checked by an independent numeric path (:mod:`deterrence.analysis.numeric`: a scan of the
range, bisection of every change of play, scipy's ``brentq``), whose switch points are compared
with the exact ones.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property

import sympy

from deterrence.analysis.algebra import readable_relation
from deterrence.analysis.comparative_statics import Domain, RegionSign
from deterrence.analysis.numeric import AGREEMENT, NumericPath, equilibrium_outcomes, numeric_path
from deterrence.analysis.one_parameter import OneParameterSolution, Piece
from deterrence.analysis.two_player_along import MatrixPiece, TwoPlayerAlong
from deterrence.concepts import Concept, get_concept, resolve
from deterrence.errors import SolverError
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import Parameter, resolve_values
from deterrence.game.tree import ExtensiveGame

AnyPiece = Piece | MatrixPiece

STATUS_QUO = re.compile(r"^(sq|status[ _-]?quo)$", re.IGNORECASE)


_RELATION = {
    "positive": "> 0",
    "negative": "< 0",
    "nonnegative": r"\geq 0",
    "nonpositive": r"\leq 0",
}


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

    @property
    def latex(self) -> str:
        return sympy.latex(self.expression)

    @property
    def sign_over_region(self) -> str | None:
        """The sign over the whole region (see :data:`SIGNS`), None without a region."""
        return self.region.sign if self.region is not None else None

    def describe(self, threshold: str) -> str:
        """The sign at the given values, in words."""
        direction = {"positive": "rises", "negative": "falls", "zero": "does not move"}
        if self.sign is None:
            return f"d{threshold}/d{self.name} = {self.expression}"
        return (
            f"{threshold} {direction[self.sign]} as {self.name} rises "
            f"(d{threshold}/d{self.name} = {self.expression})"
        )

    def summary(self) -> str:
        """The sign over the region in one line, as the text output prints it."""
        star = f"{self.threshold}*"
        d = f"d{star}/d{self.name}"
        region = self.region
        if region is None:
            return f"{d}: no region"
        if region.sign in ("positive", "negative"):
            relation = "> 0" if region.sign == "positive" else "< 0"
            verb = "rises" if region.sign == "positive" else "falls"
            return f"{d} {relation}: {star} {verb} as {self.name} rises"
        if region.sign in ("nonnegative", "nonpositive"):
            relation = ">= 0" if region.sign == "nonnegative" else "<= 0"
            verb = "falls" if region.sign == "nonnegative" else "rises"
            return f"{d} {relation}: {star} never {verb} as {self.name} rises ({region.reason})"
        if region.sign == "zero":
            return f"{d} = 0: {star} does not depend on {self.name}"
        if region.sign == "changes sign":
            up, down = (_point(w, self.given) for w in region.witnesses)
            return f"{d} changes sign: > 0 at {up}; < 0 at {down}"
        return f"{d}: sign undecided ({region.reason})"

    def words(self) -> str:
        """The sign over the region as a sentence."""
        region = self.region
        subject = self.subject or f"{self.threshold}*"
        about = self.about or self.name
        where = f", wherever the closed form applies ({self.scope})" if self.scope else ""
        if region is None:
            return self.describe(f"{self.threshold}*")
        if region.sign in ("positive", "negative"):
            verb = "rises" if region.sign == "positive" else "falls"
            return f"{subject} {verb} as {about} rises{where}"
        if region.sign in ("nonnegative", "nonpositive"):
            never, verb = (
                ("never falls", "rises")
                if region.sign == "nonnegative"
                else ("never rises", "falls")
            )
            detail = (
                f"; it {verb} strictly wherever no parameter is at a bound of its declared range"
                if region.boundary_only
                else "; it may stay put"
            )
            return f"{subject} {never} as {about} rises{where}{detail}"
        if region.sign == "zero":
            return f"{subject} does not depend on {about}{where}"
        if region.sign == "changes sign":
            up, down = (_point(w, self.given) for w in region.witnesses)
            return (
                f"{subject} rises with {about} in part of the region where the closed form "
                f"applies and falls in another: it rises at {up} and falls at {down}"
            )
        here = {"positive": "rises", "negative": "falls", "zero": "does not move"}
        at = f"; at the given values it {here[self.sign]}" if self.sign else ""
        return (
            f"whether {subject} rises or falls with {about} over the whole region where the "
            f"closed form applies is undecided: {region.reason}{at}"
        )

    def latex_statement(self) -> str:
        """``\\frac{\\partial p^*}{\\partial a} = ... < 0``: the derivative and its sign over
        the region, for a paper."""
        star = f"{sympy.latex(sympy.Symbol(self.threshold))}^*"
        lhs = rf"\frac{{\partial {star}}}{{\partial {sympy.latex(sympy.Symbol(self.name))}}}"
        body = f"{lhs} = {self.latex}"
        relation = _RELATION.get(self.sign_over_region or "")
        return f"{body} {relation}" if relation else body


def _point(point: Mapping[str, sympy.Expr], given: Mapping[str, sympy.Expr]) -> str:
    """A witness, by the values that differ from the given ones."""
    moved = [f"{k} = {v}" for k, v in point.items() if given.get(k) != v]
    return ", ".join(moved) or "the given values"


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

    @property
    def game(self) -> Game:
        """The game the threshold is of."""
        game = self.solution.game
        assert game is not None, "a numeric path made without its game"
        return game

    @property
    def latex(self) -> str:
        return sympy.latex(self.symbolic) if self.symbolic is not None else ""

    @property
    def subject(self) -> str:
        """The threshold in words: ``the minimum credibility p*``, ``a*, the least a at which
        play reaches only W,``."""
        star = f"{self.parameter}*"
        moving = next(p for p in self.game.parameters if p.name == self.parameter)
        if moving.role == "credibility" and self.direction == "least":
            return f"the minimum credibility {star}"
        return (
            f"{star}, the {self.direction} {self.parameter} at which play reaches only "
            + ", ".join(self.outcomes)
            + ","
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
                    given_up, *(s for s in _components(left) if s.contains(seed))
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
            stretches = [s for s in _components(left) if s.measure > 0]
            todo = [rational_between(s.inf, s.sup) for s in stretches]
        merged: dict[sympy.Expr, sympy.Set] = {}
        for value, where in pieces:
            merged[value] = sympy.Union(merged.get(value, sympy.EmptySet), where)
        branches = [(value, where.as_relational(symbol)) for value, where in merged.items()]
        branches.sort(key=lambda b: float(sympy.N(_lowest(b[1], symbol), 20)))
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
    **fixed: object,
) -> ThresholdResult:
    """The least (or greatest) value of ``param`` at which play reaches only ``outcomes``.

    Parameters
    ----------
    game : ExtensiveGame
        A parametric tree of perfect information.
    param : str
        The parameter that moves over its declared bounds.
    outcomes : iterable of str
        Outcome labels: the condition is that equilibrium play reaches only these.
    direction : {"least", "greatest"}
    values, **fixed
        Values of the other parameters (defaults where not given).
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

    Raises
    ------
    NotImplementedError
        Where the exact path cannot decide (see :func:`solve_along`).
    """
    if direction not in ("least", "greatest"):
        raise SolverError(f"direction must be `least` or `greatest`, not `{direction}`")
    wanted = set(outcomes)
    labels = game.outcome_labels
    unknown = wanted - set(labels)
    if unknown:
        raise SolverError(
            f"unknown outcome(s) {', '.join(sorted(unknown))}; the model's outcomes are "
            + ", ".join(labels)
        )
    if param not in {p.name for p in game.parameters}:
        raise SolverError(f"unknown parameter `{param}`")
    given = {k: exact_number(v) for k, v in {**(values or {}), **fixed}.items()}
    if param in given:
        raise SolverError(f"`{param}` is the parameter that moves; do not fix it")
    chosen = resolve_values(game.parameters, given)
    selected = get_concept(concept, game)
    if selected.along is None:
        return numeric_threshold(game, param, wanted, chosen, direction, selected)
    solution = along(game, param, chosen, selected)
    substitutions = _substitutions(game, chosen, param)
    x = next(p for p in game.parameters if p.name == param)
    holds = [_holds_at(piece, wanted, substitutions, x.symbol) for piece in solution.pieces]
    pieces: list[AnyPiece] = list(solution.pieces)
    order = range(len(pieces)) if direction == "least" else range(len(pieces) - 1, -1, -1)
    notes: list[str] = []
    first = next((i for i in order if holds[i]), None)
    path = numeric_path(game, param, chosen, wanted, concept=selected) if numeric else None
    switch_notes = _disagreement(solution, path) if path is not None else []
    notes.extend(switch_notes)

    def make(
        status: str,
        *,
        symbolic: sympy.Expr | None = None,
        conditions: tuple[sympy.Basic, ...] = (),
        value: sympy.Expr | None = None,
        attained: bool | None = None,
    ) -> ThresholdResult:
        numeric_value = path.threshold(direction) if path is not None else None
        if path is not None and not switch_notes:
            # Where the switch points differ, that note says all there is to say.
            notes.extend(_value_disagreement(value, numeric_value, path))
        return ThresholdResult(
            model=game.info.id,
            parameter=param,
            outcomes=tuple(sorted(wanted)),
            direction=direction,
            status=status,
            symbolic=symbolic,
            conditions=conditions,
            value=value,
            numeric=numeric_value,
            attained=attained,
            fixed={k: v for k, v in chosen.items() if k != param},
            solution=solution,
            notes=tuple(notes),
            numeric_switch_points=path.switch_points if path is not None else (),
            numeric_range=path.window if path is not None else None,
            concept=selected.name,
        )

    if first is None:
        notes.append("the condition holds nowhere in the declared range")
        ends = (x.lower, x.upper)
        extra = None
        if None not in ends:
            top = sympy.Rational(ends[1].numerator, ends[1].denominator)  # type: ignore[union-attr]
            extra = _range_conditions(x.symbol, pieces, top, ends[0], substitutions, True)
        if extra is None:
            return replace(make("never"), conditions_complete=False)
        others = [p for p in game.parameters if p.name != param]
        from deterrence.analysis.prune import prune_against

        return make("never", conditions=prune_against(extra, (), others) if tidy else tuple(extra))
    later = range(first, len(pieces)) if direction == "least" else range(0, first + 1)
    if not all(holds[i] for i in later):
        notes.append("not monotone: the condition fails again further along the range")
    if first == (0 if direction == "least" else len(pieces) - 1):
        bound = pieces[first].lower if direction == "least" else pieces[first].upper
        attained = (
            _attained(game, param, chosen, bound, wanted, selected) if bound.is_finite else None
        )
        if attained is False:
            notes.append(f"the condition holds just inside the range but not at {bound} itself")
        result = make("always", value=bound if bound.is_finite else None, attained=attained)
        # It holds wherever the play next to the bound keeps every comparison positive at
        # the bound (then it is that play just inside the range, by continuity).
        edge = pieces[first]
        if not bound.is_finite or not isinstance(edge, Piece) or edge.ties:
            return replace(result, conditions_complete=False)
        found: list[sympy.Basic] = []
        for function in edge.functions:
            at = sympy.factor(sympy.cancel(function.xreplace({x.symbol: bound})))
            if at.is_number:
                if not at > 0:
                    return replace(result, conditions_complete=False)
                continue
            relation = readable_relation(at > 0)
            if relation is sympy.false:
                return replace(result, conditions_complete=False)
            if relation is not sympy.true and relation not in found:
                found.append(relation)
        from deterrence.analysis.prune import prune

        others = [p for p in game.parameters if p.name != param]
        return replace(result, conditions=prune(found, others) if tidy else tuple(found))
    inside = pieces[first]
    outside = pieces[first - 1] if direction == "least" else pieces[first + 1]
    point = inside.lower if direction == "least" else inside.upper
    symbolic, conditions = _closed_form(x.symbol, point, inside, outside, substitutions, x)
    complete = True
    if symbolic is None:
        notes.append("no single comparison switches here, so there is no closed form")
    else:
        before = pieces[:first] if direction == "least" else pieces[first + 1 :][::-1]
        bound = x.lower if direction == "least" else x.upper
        extra = _range_conditions(
            x.symbol, before, symbolic, bound, substitutions, direction == "least"
        )
        if extra is None:
            complete = False
            notes.append(
                "the conditions say where the play switches at the closed form; that the "
                "condition keeps failing between the bound of the range and the threshold "
                "was checked at the given values only (a comparison there is not linear in "
                f"{param}, or the range is unbounded on that side)"
            )
        elif extra:
            from deterrence.analysis.prune import prune_against

            others = [p for p in game.parameters if p.name != param]
            added = [c for c in extra if not any(_same_relation(c, k) for k in conditions)]
            kept = prune_against(added, conditions, others) if tidy else dict.fromkeys(added)
            conditions = (*conditions, *kept)
    result = make(
        "threshold",
        symbolic=symbolic,
        conditions=conditions,
        value=point,
        attained=_attained(game, param, chosen, point, wanted, selected),
    )
    return replace(result, conditions_complete=complete)


def _floats(values: Iterable[float]) -> str:
    return ", ".join(f"{v:.12g}" for v in values) or "none"


def _disagreement(solution: OneParameterSolution | TwoPlayerAlong, path: NumericPath) -> list[str]:
    """A note where the numeric switch points are not the exact ones (inside the range the
    numeric path scanned, to :data:`~deterrence.analysis.numeric.AGREEMENT`); none where they
    are."""
    low, high = (float(v) for v in path.window)
    exact = [float(sympy.N(b, 20)) for b in solution.switch_points]
    exact = [v for v in exact if low + AGREEMENT < v < high - AGREEMENT]
    numeric = list(path.switch_points)
    missed = [v for v in exact if not any(abs(v - n) <= AGREEMENT for n in numeric)]
    extra = [n for n in numeric if not any(abs(v - n) <= AGREEMENT for v in exact)]
    if not missed and not extra:
        return []
    step = float(path.step)
    if not extra and all(any(0 < abs(v - w) < step for w in exact) for v in missed):
        # Two switch points inside one step of the scan, with the same play on the outer
        # sides of the pair, look to the scan like no change at all: a known limit.
        return [
            f"the numeric path does not see the switch point(s) {_floats(missed)}, which lie "
            f"closer to another than its scan step ({step:.3g}); the exact ones stand"
        ]
    return [
        f"bug: the numeric switch points ({_floats(numeric)}) disagree with the exact ones "
        f"({_floats(exact)}) between {low:.12g} and {high:.12g}; one of the two paths is "
        "wrong here, please report it"
    ]


def _value_disagreement(
    value: sympy.Expr | None, numeric: float | None, path: NumericPath
) -> list[str]:
    """A note where the numeric threshold differs from an exact one inside the scanned
    range (outside it the numeric path cannot know it)."""
    if value is None or numeric is None or not value.is_finite:
        return []
    exact = float(sympy.N(value, 20))
    low, high = (float(v) for v in path.window)
    if not low <= exact <= high or abs(exact - numeric) <= AGREEMENT:
        return []
    return [
        f"bug: the numeric threshold {numeric:.12g} disagrees with the exact one {exact:.12g}; "
        "one of the two paths is wrong here, please report it"
    ]


def _holds_at(piece: AnyPiece, wanted: set[str], substitutions: dict, x: sympy.Symbol) -> bool:
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


def _closed_form(
    x: sympy.Symbol,
    point: sympy.Expr,
    inside: AnyPiece,
    outside: AnyPiece,
    substitutions: dict,
    parameter: Parameter,
) -> tuple[sympy.Expr | None, tuple[sympy.Basic, ...]]:
    """Solve the comparison that switches at ``point`` for the parameter, in closed form, and
    collect the sign of every other comparison there as the conditions of that form."""
    functions = list(dict.fromkeys((*outside.functions, *inside.functions)))
    candidates = list(_roots_at(x, point, functions, substitutions))
    if not candidates:
        return None, ()
    switching_function, closed = candidates[0]
    # Comparisons that switch here only because of the given values (their switch points
    # coincide with this one by accident, not as expressions) are conditions, below.
    switching = {f for f, s in candidates if sympy.simplify(s - closed) == 0}
    conditions: list[sympy.Basic] = []
    # The formula marks the switch only where the switching comparison crosses zero in the
    # same direction as here: the sign of its slope in the parameter is a condition too.
    slope = sympy.diff(switching_function, x)
    at_switch = sympy.simplify(slope.xreplace({x: closed}))
    slope_here = at_switch.xreplace(substitutions)
    if not at_switch.is_number and slope_here.is_number and slope_here != 0:
        relation = at_switch > 0 if slope_here > 0 else at_switch < 0
        if relation is not sympy.true:
            conditions.append(relation)
    for function in functions:
        if function in switching:
            continue
        at_threshold = sympy.simplify(function.xreplace({x: closed}))
        if at_threshold.is_number:
            continue
        sign = at_threshold.xreplace(substitutions)
        if not sign.is_number:
            continue
        if sign == 0:
            # Another comparison switches at the very same point (a coincidence of the given
            # values): the form holds on the side where that comparison keeps the sign it has
            # in its piece, up to and including the coincidence, never beyond it.
            side = _sign_in_pieces(function, (inside, outside), substitutions, x)
            if side is None:
                return None, ()
            relation = at_threshold >= 0 if side > 0 else at_threshold <= 0
            if not any(_same_relation(relation, c) for c in conditions):
                conditions.append(relation)
            continue
        relation = at_threshold > 0 if sign > 0 else at_threshold < 0
        if relation is not sympy.true and not any(_same_relation(relation, c) for c in conditions):
            conditions.append(relation)
    # A player indifferent throughout a piece (a tie at the given values, not a switch) makes
    # the form hold only where that indifference persists: an equation, never dropped.
    for piece in (inside, outside):
        for play in getattr(piece, "plays", ()):
            for comparison in play.comparisons:
                if sympy.cancel(comparison.difference.xreplace(substitutions)) != 0:
                    continue
                tie = sympy.factor(sympy.cancel(comparison.difference.xreplace({x: closed})))
                if tie.is_number:
                    continue
                if tie.could_extract_minus_sign():
                    tie = -tie
                equation = sympy.Eq(tie, 0)
                if equation not in conditions:
                    conditions.append(equation)
    for bound, relation in (
        (parameter.lower, lambda b: closed > b),
        (parameter.upper, lambda b: closed < b),
    ):
        if bound is not None:
            r = relation(sympy.Rational(bound.numerator, bound.denominator))
            if r is not sympy.true:
                conditions.append(r)
    return sympy.simplify(closed), tuple(conditions)


def _components(found: sympy.Set) -> list[sympy.Set]:
    """The connected pieces of a union of intervals and points."""
    if isinstance(found, sympy.Union):
        return list(found.args)
    return [] if found.is_empty else [found]


def _lowest(relation: sympy.Basic, symbol: sympy.Symbol) -> sympy.Expr:
    """Where a branch of the piecewise starts, to sort the branches by."""
    found = relation.as_set() if hasattr(relation, "as_set") else sympy.EmptySet
    infimum = found.inf if not found.is_empty else sympy.oo
    return infimum if infimum.is_finite else (-(10**9) if infimum == -sympy.oo else 10**9)


def _range_conditions(
    x: sympy.Symbol,
    pieces: Sequence[AnyPiece],
    closed: sympy.Expr,
    bound: Fraction | None,
    substitutions: dict,
    least: bool,
) -> list[sympy.Basic] | None:
    """Conditions under which every piece between the bound of the range and the threshold
    keeps its play, so that the condition keeps failing there; None where that cannot be
    certified this way.

    Each such piece is where all its comparisons are positive. A comparison linear in the
    parameter is positive on an interval exactly when it is nonnegative at both ends and
    not zero at both; the ends are the bound, the switch points in between (each the root of
    a comparison, in closed form) and the threshold, which must keep their order.
    """
    if not pieces:
        return []
    if bound is None or any(not isinstance(piece, Piece) or piece.ties for piece in pieces):
        return None
    ends: list[sympy.Expr] = [sympy.Rational(bound.numerator, bound.denominator)]
    ordered = list(pieces)
    for left, right in itertools.pairwise(ordered):
        point = left.upper if least else left.lower
        root = _root_at(x, point, (left, right), substitutions)
        if root is None:
            return None
        ends.append(root)
    ends.append(closed)
    conditions: list[sympy.Basic] = []
    for a, b in itertools.pairwise(ends):
        relation = a < b if least else a > b
        if relation is sympy.false:
            return None
        if relation is not sympy.true:
            conditions.append(relation)
    for k, piece in enumerate(ordered):
        for function in piece.functions:
            numerator, denominator = sympy.fraction(sympy.together(function))
            if x in denominator.free_symbols or sympy.degree(numerator, x) > 1:
                return None
            at_ends = [
                sympy.factor(sympy.cancel(function.xreplace({x: e}))) for e in ends[k : k + 2]
            ]
            if all(v.is_number for v in at_ends):
                if any(v < 0 for v in at_ends) or all(v == 0 for v in at_ends):
                    return None
                continue
            for value in at_ends:
                if not value.is_number:
                    conditions.append(value >= 0)
            if all(not v.is_number for v in at_ends):
                conditions.append(sympy.Or(at_ends[0] > 0, at_ends[1] > 0))
    return [c for c in conditions if c is not sympy.true]


def _root_at(
    x: sympy.Symbol, point: sympy.Expr, pieces: Sequence[AnyPiece], substitutions: dict
) -> sympy.Expr | None:
    """The switch point ``point`` in closed form: the root of a comparison of these pieces
    that vanishes there."""
    functions = [f for piece in pieces for f in piece.functions]
    for _, solution in _roots_at(x, point, functions, substitutions):
        return sympy.simplify(solution)
    return None


def _roots_at(
    x: sympy.Symbol, point: sympy.Expr, functions: Sequence[sympy.Expr], substitutions: dict
) -> Iterator[tuple[sympy.Expr, sympy.Expr]]:
    """Each comparison that vanishes at ``point`` (the other parameters at their values), with
    its root in ``x`` as an expression in the other parameters that equals ``point`` there."""
    for function in functions:
        local = function.xreplace(substitutions)
        if sympy.simplify(local.xreplace({x: point})) != 0:
            continue
        for solution in sympy.solve(function, x):
            if sympy.simplify(solution.xreplace(substitutions) - point) == 0:
                yield function, solution


def _sign_in_pieces(
    function: sympy.Expr, pieces: tuple[AnyPiece, ...], substitutions: dict, x: sympy.Symbol
) -> int | None:
    """The sign ``function`` has inside the pieces it decides (at their witnesses), or None
    if they disagree."""
    signs = set()
    for piece in pieces:
        if function in piece.functions:
            value = function.xreplace(substitutions).xreplace({x: piece.witness})
            if not value.is_number or value == 0:
                return None
            signs.add(1 if value > 0 else -1)
    return signs.pop() if len(signs) == 1 else None


def _same_relation(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Whether two conditions ``f > 0`` / ``f < 0`` say the same, up to simplification."""
    if type(a) is not type(b):
        return False
    return bool(sympy.simplify(a.lhs - a.rhs - (b.lhs - b.rhs)) == 0)


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
        f"{concept.name} ({concept.title}) has no exact path along a parameter: this "
        "threshold is numeric, located by a scan with the exact solver and bisection"
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
            notes.append("not monotone: the condition fails again further along the range")
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


def min_credibility(
    game: ExtensiveGame | NormalFormGame,
    param: str | None = None,
    deterred: Iterable[str] | None = None,
    *,
    values: Mapping[str, object] | None = None,
    numeric: bool = True,
    tidy: bool = True,
    concept: str | Concept | None = None,
    **fixed: object,
) -> ThresholdResult:
    """The least credibility at which deterrence holds.

    Parameters
    ----------
    game : ExtensiveGame
        A parametric tree of perfect information (chance nodes and commitments allowed).
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
        values={**(values or {}), **fixed},
        numeric=numeric,
        tidy=tidy,
        concept=concept,
    )
