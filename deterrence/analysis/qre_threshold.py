"""Thresholds with noise: the least (or greatest) value of a parameter at which, in the quantal
response equilibrium at a given precision, the outcomes that do not count as deterrence are
reached with probability at most a level (5%, say).

In a QRE every outcome is reached with positive probability, so the question of
:func:`deterrence.threshold` ("play reaches only the status quo") has no answer; the question
with noise is "the probability of attack stays below 5%". It is answered along the parameter
(:func:`qre_threshold`, the ``qre`` concept's ``level_threshold`` in the registry), in one of
two ways:

* **trees of perfect information**: the choice probabilities in closed form
  (:func:`~deterrence.solvers.qre_tree.symbolic_choice_probabilities`, Signorino 1999; 2003)
  give the probability of the counted outcomes as a sympy expression ``P(x)`` of the moving
  parameter, the others at their values, and the equation ``P(x) = level``. Its roots are
  found on a grid (the expression compiled to numpy) and refined by scipy's ``brentq``
  (Brent 1973, ch. 4); then, independently of both, the expression is evaluated in 128-bit
  interval arithmetic (mpmath's interval context, outward rounded): at rational ends of a
  bracket around each root, whose signs prove a root inside it, and over every cell of the
  range before the threshold, whose interval excluding ``level`` proves that no crossing was
  missed there. Where every part of that proof holds, the result says ``proved=True``: the
  threshold lies in ``bracket``. For probit the normal distribution function (``erf``) is
  evaluated at the two ends of its argument's interval at 128 bits and widened by
  ``2**-100``, as in :mod:`deterrence.solvers.qre_check`.
* **normal forms and trees with information sets**: ``P(x)`` is the QRE solved at each point
  (:func:`deterrence.solvers.qre.qre`: the principal logit branch, or the agent QRE fixed
  point), on a coarser grid, with ``brentq`` between; ``proved=False``, and a note says that
  a crossing between grid points could be missed.

Where ``P`` never falls to the level in the range there is no threshold (``status="never"``),
never a number; where it crosses the level more than once, every crossing is reported and the
note says the condition fails again.

Examples
--------
>>> import deterrence as dt
>>> found = dt.threshold(dt.load("extended-deterrence"), "p", ["status_quo"],
...                      concept="qre", precision=50, level=0.05)
>>> found.status, round(found.value, 6), found.proved
('threshold', 0.802825, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from mpmath import libmp
from mpmath.ctx_iv import MPIntervalContext
from mpmath.ctx_mp import MPContext

from deterrence.analysis.numeric import scan_window
from deterrence.errors import DeterrenceError, SolverError
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.qre import qre
from deterrence.solvers.qre_tree import PRECISION, symbolic_choice_probabilities

if TYPE_CHECKING:
    from deterrence.analysis.threshold import ThresholdRequest

__all__ = [
    "CLOSED_FORM_CELLS",
    "SOLVE_CELLS",
    "QREThreshold",
    "attack_probability",
    "interval_value",
    "qre_threshold",
]

#: Cells of the grid on which the closed form is scanned (cheap: one numpy evaluation).
CLOSED_FORM_CELLS = 400
#: Cells of the grid on which the QRE is solved point by point (each point a full solve).
SOLVE_CELLS = 40
#: Bisections of a stretch of the range before the interval proof gives up on it.
MAX_DEPTH = 60
#: Interval evaluations the proof may spend in all, so that it stays cheap.
MAX_EVALUATIONS = 20_000

#: A private interval context (mpmath's global ``iv`` is shared state), as in qre_check.
_IV = MPIntervalContext()
_IV.prec = 128
_MP = MPContext()
_MP.prec = 128
#: Widening of a point evaluation of erf at 128 bits (its error is far smaller).
_ERF_MARGIN = Fraction(1, 2**100)

#: The kinds of certificate a QRE threshold carries.
PROVED = "enclosure proved in interval arithmetic on the closed form"
CLOSED_FORM_NUMERIC = "closed form on a grid and brentq; enclosure not proved"
SOLVES_NUMERIC = "QRE solved on a grid and brentq; not proved"


@dataclass(frozen=True)
class QREThreshold:
    """The least (or greatest) value of a parameter at which the QRE reaches the counted
    outcomes with probability at most ``level``.

    Parameters
    ----------
    model : str
    parameter : str
        The parameter that moves.
    outcomes : tuple of str
        The outcomes that count as deterrence.
    attack : tuple of str
        The outcomes whose probability is bounded (by default every other outcome).
    direction : {"least", "greatest"}
    level : Fraction
        The bound on their probability.
    precision : Fraction
        lambda of the QRE.
    error, variant : str
        The QRE's error distribution and variant (see :func:`deterrence.solvers.qre.qre`).
    status : {"threshold", "always", "never"}
        ``always``: the bound holds at the end of the range the reading starts from;
        ``never``: at no point of the range scanned.
    value : float or None
        The threshold: where ``P(attack) = level``, the first crossing in reading order into
        the region where the bound holds; for ``always`` the end of the range. None for
        ``never``, and where the answer would be the edge of the window of an unbounded
        range.
    crossings : tuple of float
        Every point of the range where ``P(attack)`` crosses the level, in increasing order.
    bracket : tuple of Fraction or None
        Rational ends around ``value`` at which ``P(attack) - level`` was proved to have
        opposite signs (trees of perfect information); None where not proved.
    proved : bool
        Whether the threshold is proved to lie in ``bracket`` and to be the first crossing in
        reading order (every cell of the range before it proved free of crossings), or for
        ``always``/``never`` the status proved over the whole range.
    probability : sympy expression or None
        ``P(attack)`` in closed form, in the model's parameters and ``lambda``; None where
        there is no closed form (normal forms, information sets).
    equation : sympy equation or None
        ``P(attack)(parameter) = level`` with the other parameters and lambda at their
        values, the equation ``value`` solves.
    method : str
        How the crossings were found.
    certificate : str
        What kind of certificate this is: ``enclosure proved in interval arithmetic on the
        closed form`` (:data:`PROVED`), or a numeric one (not proved).
    window : tuple of Fraction
        The range scanned: the declared bounds, an unbounded side cut to a window.
    declared : tuple of bool
        Whether each end of ``window`` is a declared bound.
    grid : int
        The number of cells of the scan.
    residual : float or None
        For the solved path: the largest proven residual bound of the QREs solved.
    fixed : mapping of str to Fraction
        The other parameters' values.
    notes : tuple of str
    """

    model: str
    parameter: str
    outcomes: tuple[str, ...]
    attack: tuple[str, ...]
    direction: str
    level: Fraction
    precision: Fraction
    error: str
    variant: str
    status: str
    value: float | None
    crossings: tuple[float, ...]
    bracket: tuple[Fraction, Fraction] | None
    proved: bool
    probability: sympy.Expr | None
    equation: sympy.Basic | None
    method: str
    certificate: str
    window: tuple[Fraction, Fraction]
    declared: tuple[bool, bool]
    grid: int
    residual: float | None = None
    fixed: Mapping[str, Fraction] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    concept: str = "qre"
    exact: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The threshold as plain JSON-ready data (exact numbers as strings, "1/20")."""

        def number(value: Fraction) -> str | int:
            return int(value) if value.denominator == 1 else str(value)

        return {
            "model": self.model,
            "concept": self.concept,
            "parameter": self.parameter,
            "outcomes": list(self.outcomes),
            "attack": list(self.attack),
            "direction": self.direction,
            "level": number(self.level),
            "precision": number(self.precision),
            "error": self.error,
            "variant": self.variant,
            "status": self.status,
            "value": self.value,
            "crossings": list(self.crossings),
            "bracket": None if self.bracket is None else [number(b) for b in self.bracket],
            "proved": self.proved,
            "probability": None if self.probability is None else str(self.probability),
            "equation": None if self.equation is None else str(self.equation),
            "method": self.method,
            "certificate": {"kind": self.certificate, "proved": self.proved, "exact": False},
            "window": [number(w) for w in self.window],
            "grid": self.grid,
            "residual": self.residual,
            "fixed": {k: number(v) for k, v in self.fixed.items()},
            "notes": list(self.notes),
            "exact": self.exact,
        }


def attack_probability(
    game: ExtensiveGame,
    attack: Iterable[str],
    *,
    error: str = "logit",
    variant: str = "agent",
    shocks: Mapping[str, Mapping[str, float]] | None = None,
) -> sympy.Expr:
    """The probability that the agent QRE of a tree of perfect information reaches one of
    ``attack``, as a sympy expression of the parameters and ``lambda``: the sum over those
    leaves of the product of the choice (and chance) probabilities on the path to each.

    Examples
    --------
    >>> import deterrence as dt
    >>> war = attack_probability(dt.load("classic-deterrence"), ["F"])
    >>> sorted(s.name for s in war.free_symbols)
    ['a', 'b', 'cCh', 'cDef', 'g', 'l', 'lambda', 's']
    """
    wanted = set(attack)
    choices = symbolic_choice_probabilities(game, error=error, variant=variant, shocks=shocks)
    reach: dict[int, sympy.Expr] = {game.root: sympy.Integer(1)}
    total: list[sympy.Expr] = []
    for index in game.preorder:
        node = game.nodes[index]
        if node.kind == "terminal":
            if (node.outcome or node.label) in wanted:
                total.append(reach[index])
            continue
        if node.kind == "chance":
            probs = [sympy.sympify(p, strict=True) for p in node.probs]
        else:
            by_action = choices[node.infoset or node.label]
            probs = [by_action[a] for a in node.actions]
        for p, child in zip(probs, node.children, strict=True):
            reach[child] = reach[index] * p
    return sympy.Add(*total)


def interval_value(expression: sympy.Basic, at: Mapping[sympy.Symbol, Any]) -> Any:
    """An interval (mpmath's, 128 bits, outward rounded) holding the value of ``expression``
    for every value of its symbols in the intervals ``at``.

    Sums, products, integer and half-integer powers, ``exp``, ``pi`` and rationals are
    evaluated in interval arithmetic; ``erf``, increasing, at the two ends of its argument
    at 128 bits, widened by ``2**-100``.

    Raises
    ------
    NotImplementedError
        For a function it does not evaluate.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> box = interval_value(1 / (1 + sympy.exp(x)), {x: _cell(Fraction(0), Fraction(1))})
    >>> 0.27 in box, 0.5 in box, 0.26 in box, 0.6 in box
    (True, True, False, False)
    """
    memo: dict[sympy.Basic, Any] = {}

    def walk(e: sympy.Basic) -> Any:
        if e in memo:
            return memo[e]
        if e.is_Symbol:
            out = at[e]
        elif e.is_Rational:
            out = _IV.mpf(int(e.p)) / _IV.mpf(int(e.q))
        elif e is sympy.pi:
            out = _IV.pi
        elif e is sympy.E:
            out = _IV.e
        elif isinstance(e, sympy.Add):
            parts = [walk(a) for a in e.args]
            out = sum(parts[1:], parts[0])
        elif isinstance(e, sympy.Mul):
            out = walk(e.args[0])
            for a in e.args[1:]:
                out = out * walk(a)
        elif isinstance(e, sympy.Pow):
            base, exponent = e.args
            if exponent.is_Integer:
                out = walk(base) ** int(exponent)
            elif exponent == sympy.Rational(1, 2):
                out = _IV.sqrt(walk(base))
            elif exponent == sympy.Rational(-1, 2):
                out = 1 / _IV.sqrt(walk(base))
            else:
                raise NotImplementedError(f"no interval evaluation of the power {e}")
        elif isinstance(e, sympy.exp):
            out = _IV.exp(walk(e.args[0]))
        elif isinstance(e, sympy.erf):
            out = _erf_interval(walk(e.args[0]))
        else:
            raise NotImplementedError(f"no interval evaluation of {type(e).__name__}")
        memo[e] = out
        return out

    return walk(expression)


def _erf_interval(z: Any) -> Any:
    low, high = z._mpi_
    a = _MP.erf(_MP.make_mpf(low))
    b = _MP.erf(_MP.make_mpf(high))
    margin = _MP.mpf(_ERF_MARGIN.numerator) / _ERF_MARGIN.denominator  # a power of 2: exact
    return _IV.mpf([a, b]) + _IV.mpf([-margin, margin])


def _point(value: Fraction) -> Any:
    return _IV.mpf(value.numerator) / _IV.mpf(value.denominator)


def _cell(low: Fraction, high: Fraction) -> Any:
    """An interval holding every number from ``low`` to ``high``."""
    return _IV.mpf([_MP.make_mpf(_point(low)._mpi_[0]), _MP.make_mpf(_point(high)._mpi_[1])])


def _sign(box: Any) -> int:
    """+1 or -1 where the interval lies strictly on one side of 0, else 0 (undecided)."""
    low, high = box._mpi_
    if libmp.mpf_gt(low, libmp.fzero):
        return 1
    if libmp.mpf_lt(high, libmp.fzero):
        return -1
    return 0


class _Prover:
    """Signs of ``g(x) = P(x) - level`` over points and cells, in interval arithmetic."""

    def __init__(self, g: sympy.Expr, x: sympy.Symbol) -> None:
        self.g = g
        self.x = x
        self.spent = 0

    def sign_at(self, value: Fraction) -> int:
        return self._sign(_point(value))

    def _sign(self, box: Any) -> int:
        self.spent += 1
        try:
            return _sign(interval_value(self.g, {self.x: box}))
        except (ZeroDivisionError, ValueError, OverflowError):
            return 0

    def positive_on(self, low: Fraction, high: Fraction, sign: int, depth: int = 0) -> bool:
        """Whether ``g`` has the sign ``sign`` on the whole stretch from ``low`` to ``high``,
        bisected where the interval of one evaluation is too wide (adaptively: far from the
        level one evaluation covers much, near it the pieces shrink)."""
        if self.spent >= MAX_EVALUATIONS:
            return False
        if self._sign(_cell(low, high)) == sign:
            return True
        if depth >= MAX_DEPTH:
            return False
        middle = (low + high) / 2
        return self.positive_on(low, middle, sign, depth + 1) and self.positive_on(
            middle, high, sign, depth + 1
        )


def qre_threshold(
    request: ThresholdRequest,
    level: object,
    attack: Iterable[str] | None,
    options: Mapping[str, object],
) -> QREThreshold:
    """The ``qre`` concept's threshold at a probability level (its ``level_threshold`` in
    the registry), for :func:`deterrence.threshold` with ``concept="qre"`` and ``level=``.

    Parameters
    ----------
    request : ThresholdRequest
        The checked question (:func:`~deterrence.analysis.threshold.validated_request`):
        the game, the moving parameter, the outcomes that count as deterrence, the
        direction and the other parameters' values.
    level : number
        The bound on the probability of the other outcomes, strictly between 0 and 1; read
        exactly (0.05 is 1/20).
    attack : iterable of str, optional
        The outcomes whose probability is bounded; default: every outcome not counted as
        deterrence.
    options : mapping
        The QRE's: ``precision`` (required), ``error``, ``variant``, ``shocks``,
        ``settings``.

    Returns
    -------
    QREThreshold

    Raises
    ------
    SolverError
        For a missing or invalid precision or level, or outcomes that overlap.

    Examples
    --------
    A one-move tree (the Attacker takes ``v - k`` by attacking, 0 otherwise) solved by hand:
    ``P(attack) = 1 / (1 + exp(lambda (k - v)))`` falls to 1/20 at
    ``k* = v + log(19) / lambda``.

    >>> import deterrence as dt
    >>> from deterrence.load import read_text
    >>> spec = '''
    ... [model]
    ... id = "one-move"
    ... [players]
    ... A = "Attacker"
    ... [parameters]
    ... v = { value = 1 }
    ... k = { value = 1, min = 0, max = 5 }
    ... [tree]
    ... root = "a"
    ... [tree.a]
    ... player = "A"
    ... actions = { hold = "status_quo", attack = "war" }
    ... [outcomes.status_quo]
    ... A = 0
    ... [outcomes.war]
    ... A = "v - k"
    ... '''
    >>> game = read_text(spec).game
    >>> found = dt.threshold(game, "k", ["status_quo"], concept="qre", precision=2, level=0.05)
    >>> abs(found.value - (1 + math.log(19) / 2)) < 1e-12, found.proved
    (True, True)
    >>> found.equation
    Eq(1/(exp(2*k - 2) + 1), 1/20)
    """
    game = request.game
    x = request.parameter
    precision, error, variant, shocks, extra = _qre_options(options)
    chance = _level(level)
    counted = tuple(sorted(request.wanted))
    bounded = _attack(game, request.wanted, attack)
    window = scan_window(x)
    declared = (x.lower is not None, x.upper is not None)
    fixed = {k: v for k, v in request.chosen.items() if k != x.name}
    closed = _closed_form(game, bounded, error, variant, shocks)
    notes: list[str] = []
    if closed is not None:
        substitutions: dict[sympy.Basic, sympy.Basic] = {
            p.symbol: sympy.Rational(v.numerator, v.denominator)
            for p in game.parameters
            if p.name != x.name and (v := request.chosen.get(p.name)) is not None
        }
        substitutions[PRECISION] = sympy.Rational(precision.numerator, precision.denominator)
        local = closed.xreplace(substitutions)
        target = sympy.Rational(chance.numerator, chance.denominator)
        g = local - target
        cells = CLOSED_FORM_CELLS
        grid = [window[0] + (window[1] - window[0]) * k / cells for k in range(cells + 1)]
        compiled = sympy.lambdify([x.symbol], g, modules=["scipy", "numpy"])

        def difference(value: float) -> float:
            with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
                return float(compiled(value))

        method = (
            "closed form (statistical backward induction, Signorino 1999; 2003), grid and brentq"
        )
    else:
        local = None
        cells = SOLVE_CELLS
        grid = [window[0] + (window[1] - window[0]) * k / cells for k in range(cells + 1)]
        worst = [0.0]

        def at(value: Fraction) -> float:
            found = qre(
                game,
                float(precision),
                error=error,
                variant=variant,
                shocks=shocks,
                values={**request.chosen, x.name: value},
                **extra,
            )
            if not getattr(found, "converged", True):
                notes.append(f"the QRE at {x.name} = {float(value):.6g} did not converge")
            worst[0] = max(worst[0], float(found.residual))
            outcomes = getattr(found, "outcomes", {})
            return float(sum(outcomes.get(o, 0.0) for o in bounded)) - float(chance)

        def difference(value: float) -> float:
            return at(_inside(Fraction(value), window))

        method = "QRE solved at each point (deterrence.solvers.qre.qre), grid and brentq"
    values = [difference(float(v)) if closed is not None else at(v) for v in grid]
    if any(not math.isfinite(v) for v in values):
        raise SolverError(
            "the probability of the outcomes is not defined at every point of the range "
            f"[{window[0]}, {window[1]}] (a division by zero in the closed form)"
        )
    holds = [v <= 0 for v in values]
    crossings, cells_at = _crossings(grid, values, difference)
    status, value, index = _status(holds, crossings, cells_at, request.direction)
    if status == "threshold":
        reading = range(len(holds)) if request.direction == "least" else range(len(holds))[::-1]
        first = next(i for i in reading if holds[i])
        later = range(first, len(holds)) if request.direction == "least" else range(0, first + 1)
        if not all(holds[i] for i in later):
            notes.append(
                "not monotone: the probability rises above the level again further along "
                "the range; every crossing is listed"
            )
    edge = 0 if request.direction == "least" else 1
    if status == "always" and declared[edge]:
        value = float(window[edge])
    elif status == "always":
        notes.append(
            f"the bound holds at the edge of the window scanned ({window[edge]}); the range "
            f"is unbounded on that side, so no {request.direction} value is reported"
        )
    if status == "never":
        low = min(range(len(values)), key=lambda i: values[i])
        notes.append(
            f"no threshold: the probability stays above {chance} at every one of the "
            f"{len(grid)} points of [{window[0]}, {window[1]}] scanned (least "
            f"{values[low] + float(chance):.6g}, at {x.name} = {float(grid[low]):.6g})"
        )
    bracket = None
    proved = False
    if local is not None:
        bracket, proved, why = _prove(
            local - sympy.Rational(chance.numerator, chance.denominator),
            x.symbol,
            grid,
            values,
            status,
            None if index is None else cells_at[index],
            value,
            request.direction,
        )
        if why:
            notes.append(why)
        certificate = PROVED if proved else CLOSED_FORM_NUMERIC
        if error == "probit" and proved:
            notes.append(
                "probit: erf is evaluated at both ends of its argument's interval at 128 bits "
                "and widened by 2^-100 (mpmath has no interval erf)"
            )
    else:
        certificate = SOLVES_NUMERIC
        notes.append(
            f"numeric: the QRE solved at {len(grid)} points and brentq between them; a pair "
            "of crossings between two grid points would be missed"
        )
    return QREThreshold(
        model=game.info.id,
        parameter=x.name,
        outcomes=counted,
        attack=bounded,
        direction=request.direction,
        level=chance,
        precision=precision,
        error=error,
        variant=variant,
        status=status,
        value=value,
        crossings=tuple(crossings),
        bracket=bracket,
        proved=proved,
        probability=closed,
        equation=(
            sympy.Eq(local, sympy.Rational(chance.numerator, chance.denominator), evaluate=False)
            if local is not None
            else None
        ),
        method=method,
        certificate=certificate,
        window=window,
        declared=declared,
        grid=cells,
        residual=None if closed is not None else worst[0],
        fixed=fixed,
        notes=tuple(dict.fromkeys(notes)),
    )


def _qre_options(
    options: Mapping[str, object],
) -> tuple[Fraction, str, str, Any, dict[str, Any]]:
    rest = dict(options)
    raw = rest.pop("precision", None)
    if raw is None:
        raise SolverError("a QRE threshold needs the precision lambda (precision=..., --precision)")
    try:
        precision = exact_number(raw)
    except DeterrenceError:
        raise SolverError(f"the precision lambda must be a number, not `{raw}`") from None
    if precision < 0:
        raise SolverError("the precision lambda must be a finite number >= 0")
    error = str(rest.pop("error", None) or "logit")
    variant = str(rest.pop("variant", None) or "agent")
    shocks = rest.pop("shocks", None)
    if error == "probit" and precision == 0:
        raise SolverError("probit needs a positive precision (errors of sd 1/lambda)")
    return precision, error, variant, shocks, rest


def _level(level: object) -> Fraction:
    try:
        value = exact_number(level)
    except DeterrenceError:
        raise SolverError(f"the level must be a probability, not `{level}`") from None
    if not 0 < value < 1:
        raise SolverError(
            f"the level is a probability strictly between 0 and 1, not {value} (in a QRE "
            "every outcome has positive probability)"
        )
    return value


def _attack(game: Game, wanted: frozenset[str], attack: Iterable[str] | None) -> tuple[str, ...]:
    labels = game.outcome_labels
    if attack is None:
        bounded = tuple(o for o in labels if o not in wanted)
    else:
        bounded = tuple(dict.fromkeys(attack))
        unknown = [o for o in bounded if o not in labels]
        if unknown:
            raise SolverError(
                f"unknown outcome(s) {', '.join(unknown)}; the model's outcomes are "
                + ", ".join(labels)
            )
        both = [o for o in bounded if o in wanted]
        if both:
            raise SolverError(
                f"{', '.join(both)} cannot both count as deterrence and be bounded as attack"
            )
    if not bounded:
        raise SolverError(
            "no outcome is left to bound: name the outcomes that count as deterrence, or the "
            "attack outcomes (attack=..., --attack)"
        )
    return bounded


def _closed_form(
    game: Game, attack: Sequence[str], error: str, variant: str, shocks: Any
) -> sympy.Expr | None:
    """P(attack) in closed form where the game is a tree of perfect information whose
    expressions stay within their bound; None otherwise (then the QRE is solved at points)."""
    if not isinstance(game, ExtensiveGame) or not game.is_perfect_information:
        if variant != "agent" and not isinstance(game, ExtensiveGame):
            raise SolverError(
                "the private-information variant is for game trees; a normal form's QRE is "
                "logit with strategic errors"
            )
        return None
    try:
        return attack_probability(game, attack, error=error, variant=variant, shocks=shocks)
    except SolverError as problem:
        if "bound" in str(problem):  # too large symbolically: solve at points instead
            return None
        raise


def _inside(value: Fraction, window: tuple[Fraction, Fraction]) -> Fraction:
    return min(max(value, window[0]), window[1])


def _crossings(
    grid: Sequence[Fraction], values: Sequence[float], difference: Callable[[float], float]
) -> tuple[list[float], list[int]]:
    """Every crossing of the level between grid points (where whether the bound holds
    changes), refined by brentq; and for each, the index of the cell it lies in."""
    from scipy.optimize import brentq

    found: list[float] = []
    cells: list[int] = []
    for i in range(len(grid) - 1):
        a, b = values[i], values[i + 1]
        if (a <= 0) == (b <= 0):
            continue
        low, high = float(grid[i]), float(grid[i + 1])
        if a == 0:
            root = low
        elif b == 0:
            root = high
        else:
            root = float(brentq(difference, low, high, xtol=1e-15, maxiter=200))
        found.append(root)
        cells.append(i)
    return found, cells


def _status(
    holds: Sequence[bool], crossings: Sequence[float], cells: Sequence[int], direction: str
) -> tuple[str, float | None, int | None]:
    """The status, the value and the index (into ``crossings``) of the threshold."""
    if not any(holds):
        return "never", None, None
    start = 0 if direction == "least" else len(holds) - 1
    if holds[start]:
        return "always", None, None
    if direction == "least":
        index = next(k for k, c in enumerate(cells) if holds[c + 1])
    else:
        index = max(k for k, c in enumerate(cells) if holds[c])
    return "threshold", crossings[index], index


def _prove(
    g: sympy.Expr,
    x: sympy.Symbol,
    grid: Sequence[Fraction],
    values: Sequence[float],
    status: str,
    cell: int | None,
    value: float | None,
    direction: str,
) -> tuple[tuple[Fraction, Fraction] | None, bool, str]:
    """The bracket of the threshold proved by interval signs, whether the whole answer is
    proved, and what was not, in words."""
    prover = _Prover(g, x)
    try:
        if status == "never":
            ok = prover.positive_on(grid[0], grid[-1], 1)
            return None, ok, "" if ok else "that the bound fails over the whole range is not proved"
        start = grid[0] if direction == "least" else grid[-1]
        if status == "always":
            # The bound holds at the end: g <= 0 there; proved where g < 0 strictly.
            ok = prover.sign_at(start) == -1
            return None, ok, "" if ok else f"that the bound holds at {start} is not proved"
        assert cell is not None and value is not None
        bracket = _bracket(prover, grid, cell, value, direction)
        if bracket is None:
            return None, False, "the sign change around the threshold is not proved"
        # Before the bracket, in reading order, the bound must fail throughout (g > 0).
        if direction == "least":
            clear = bracket[0] == grid[0] or prover.positive_on(grid[0], bracket[0], 1)
        else:
            clear = bracket[1] == grid[-1] or prover.positive_on(bracket[1], grid[-1], 1)
        if not clear:
            return (
                bracket,
                False,
                (
                    "a root is proved in the bracket, but that no crossing comes before it is not "
                    "proved (the interval evaluation was too wide)"
                ),
            )
        return bracket, True, ""
    except NotImplementedError as reason:
        return None, False, f"not proved: {reason}"


def _bracket(
    prover: _Prover, grid: Sequence[Fraction], cell: int, value: float, direction: str
) -> tuple[Fraction, Fraction] | None:
    """Rational ends around ``value`` with ``g`` proved positive on the side the reading comes
    from and negative on the other: tight around the brentq root first, then the cell."""
    root = Fraction(value)
    # Reading upwards the bound fails (g > 0) left of the threshold; downwards, right of it.
    left, right = (1, -1) if direction == "least" else (-1, 1)
    low_edge, high_edge = grid[cell], grid[cell + 1]
    for width in (Fraction(1, 10**12), Fraction(1, 10**8)):
        step = width * max(Fraction(1), abs(root))
        a = max(low_edge, root - step)
        b = min(high_edge, root + step)
        if a < b and prover.sign_at(a) == left and prover.sign_at(b) == right:
            return a, b
    if prover.sign_at(low_edge) == left and prover.sign_at(high_edge) == right:
        return low_edge, high_edge
    return None
