"""The numeric path along one parameter, independent of the symbolic one.

The declared range of the parameter is scanned at rational points with the exact point solver
(backward induction for trees of perfect information, exact enumeration of extreme Nash
equilibria for other two-player games). Wherever the equilibrium play differs between two
neighbouring points, the step is halved in exact rational arithmetic until the change is
bracketed to 1e-12, so that every switch point the scan can see is found, not only the first.
Each switch point is then refined with scipy's ``brentq`` on a payoff difference computed at
floating-point values of the parameter by instantiating the game there: for trees of perfect
information, the mover's value of one action minus the other at the deepest node whose choice
changes; for two-player games, the smallest slack of the support conditions of an equilibrium
that exists on one side only. Nothing is taken from :mod:`deterrence.analysis.one_parameter`
or :mod:`deterrence.analysis.two_player_along`, so that the exact and the numeric answers can
be compared.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from deterrence.concepts import Concept, get_concept, resolve
from deterrence.errors import SpecError
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.parameters import Parameter
from deterrence.game.play import outcome_distribution, terminal_distribution
from deterrence.game.reduced_form import Plan, pure_chooser, reduced_normal_form
from deterrence.game.tree import ExtensiveGame

#: Steps of the scan; two switch points closer together than one step, with the same play on
#: both sides of the pair, are not seen (the exact path does not have this limit).
SCAN_POINTS = 400

#: Bisection stops when the bracket of a change of play is this narrow.
TOLERANCE = Fraction(1, 10**12)

#: ``brentq``'s root is kept only where it is this close to the bisection's.
AGREEMENT = 1e-9

Signature = Hashable


def equilibrium_outcomes(
    game: Game, values: Mapping[str, Fraction], concept: str | Concept | None = None
) -> list[set[str]]:
    """The outcomes each equilibrium of ``concept`` (default: the game's: subgame-perfect
    equilibria for trees of perfect information, extreme Nash equilibria otherwise) reaches at
    ``values``, from the exact solver."""
    from deterrence.solvers.solver import solve

    result = solve(game, concept, values=values, cross_check=False)
    return [set(eq.outcomes) for eq in result.equilibria]


@dataclass(frozen=True)
class Switch:
    """One point where the equilibrium play changes, as the numeric path found it.

    Parameters
    ----------
    value : float
        The switch point: ``brentq``'s root where it was kept, else ``bisection``.
    bisection : float
        The midpoint of the last bisection bracket (at most :data:`TOLERANCE` wide).
    bracket : tuple of float
        Where ``brentq`` looked: the points of the scan around the switch, at most one step
        from it on either side, with the play of each side throughout.
    refined : bool
        Whether ``brentq``'s root was kept (it lies in ``bracket`` and agrees with the
        bisection to :data:`AGREEMENT`).
    """

    value: float
    bisection: float
    bracket: tuple[float, float]
    refined: bool


@dataclass(frozen=True)
class NumericPath:
    """The equilibrium play along a parameter, by scan, bisection and ``brentq``.

    Parameters
    ----------
    parameter : str
    window : tuple of Fraction
        The range scanned: the declared bounds, with an unbounded side cut to a window (see
        :func:`numeric_path`).
    declared : tuple of bool
        Whether each end of ``window`` is a declared bound (and not the edge of the window).
    switches : tuple of Switch
        Every change of play found strictly inside ``window``, in increasing order.
    holds : tuple of bool
        For each piece between consecutive switch points (one more than ``switches``),
        whether every equilibrium there reaches only the wanted outcomes.
    step : Fraction
        The step of the scan.
    solves : int
        How many points the exact solver was run at.
    game : Game or None
        The game scanned.
    """

    parameter: str
    window: tuple[Fraction, Fraction]
    declared: tuple[bool, bool]
    switches: tuple[Switch, ...]
    holds: tuple[bool, ...]
    step: Fraction
    solves: int
    game: Game | None = field(default=None, repr=False, compare=False)

    @property
    def switch_points(self) -> tuple[float, ...]:
        """The switch points, in increasing order."""
        return tuple(s.value for s in self.switches)

    def threshold(self, direction: str = "least") -> float | None:
        """The least (greatest) value from which the condition holds, to the end of a piece.

        The start of the first piece, in ``direction``, on which the condition holds: a
        switch point, or the end of the window when it is a declared bound. None where the
        condition holds on no piece, or where the answer would be the edge of the window of an
        unbounded range (the scan knows nothing there).
        """
        pieces = range(len(self.holds))
        order = pieces if direction == "least" else reversed(pieces)
        first = next((i for i in order if self.holds[i]), None)
        if first is None:
            return None
        if direction == "least":
            if first == 0:
                return float(self.window[0]) if self.declared[0] else None
            return self.switches[first - 1].value
        if first == len(self.holds) - 1:
            return float(self.window[1]) if self.declared[1] else None
        return self.switches[first].value


class PointSolver:
    """The exact point solver for one kind of game: the play at a point, as a hashable
    signature, whether it reaches only the wanted outcomes, and a payoff difference that
    changes sign where the play switches."""

    def __init__(self, game: Game, param: str, values: Mapping[str, Fraction]):
        self.game = game
        self.param = param
        self.values = dict(values)

    def at(self, x: Fraction) -> dict[str, Fraction]:
        """The values of every parameter at the point ``x``: the fixed values, with the moving
        parameter set to ``x``.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> solver = PointSolver(dt.load("chicken"), "L", {"e": Fraction(0)})
        >>> solver.at(Fraction(3))
        {'e': Fraction(0, 1), 'L': Fraction(3, 1)}
        """
        return {**self.values, self.param: x}

    def signature(self, x: Fraction) -> Signature:
        """The equilibrium play at ``x`` as a hashable value: two points have the same play exactly
        when their signatures are equal.

        Raises
        ------
        NotImplementedError
            Always, on this base class; each kind of game's solver says what its play is.
        """
        raise NotImplementedError

    def holds(self, x: Fraction, wanted: set[str]) -> bool:
        """Whether every equilibrium at ``x`` reaches only outcomes in ``wanted``.

        Raises
        ------
        NotImplementedError
            Always, on this base class.
        """
        raise NotImplementedError

    def difference(
        self, left: Signature, right: Signature, bracket: tuple[float, float]
    ) -> Callable[[float], float] | None:
        """A function positive where the play is ``left`` and negative where it is ``right``
        near their switch inside ``bracket``, or None where none applies."""
        return None


class PerfectInformationPoints(PointSolver):
    """Trees of perfect information: every pure subgame-perfect equilibrium by backward
    induction; the play is the set of profiles of choices at every decision node, off the path
    included (a change there is a change of the equilibrium, as in the exact path)."""

    def __init__(self, game: ExtensiveGame, param: str, values: Mapping[str, Fraction]):
        super().__init__(game, param, values)
        self.tree = game

    def _spe(self, x: Fraction) -> tuple[ExtensiveGame, list[dict[int, int]]]:
        from deterrence.solvers.spe import backward_induction

        numeric, _ = instantiate(self.game, self.at(x))
        assert isinstance(numeric, ExtensiveGame)
        found, _ = backward_induction(numeric)
        return numeric, [spe.choices for spe in found]

    def signature(self, x: Fraction) -> Signature:
        """Every pure subgame-perfect equilibrium at ``x``, by backward induction (Kuhn 1953;
        Selten 1965), each as the sorted pairs ``(decision node, action)`` of its choices at every
        decision node, off the path of play included.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> from deterrence.game.parameters import resolve_values
        >>> game = dt.load("extended-deterrence")
        >>> solver = PerfectInformationPoints(game, "p", resolve_values(game.parameters))
        >>> solver.signature(Fraction(1, 2))
        frozenset({((0, 1), (2, 1), (6, 1))})
        """
        _, profiles = self._spe(x)
        return frozenset(tuple(sorted(choices.items())) for choices in profiles)

    def holds(self, x: Fraction, wanted: set[str]) -> bool:
        """Whether every pure subgame-perfect equilibrium at ``x`` reaches, with positive
        probability, only outcomes in ``wanted``.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> from deterrence.game.parameters import resolve_values
        >>> game = dt.load("extended-deterrence")
        >>> solver = PerfectInformationPoints(game, "p", resolve_values(game.parameters))
        >>> solver.holds(Fraction(4, 5), {"status_quo"})
        True
        >>> solver.holds(Fraction(1, 2), {"status_quo"})
        False
        """
        numeric, profiles = self._spe(x)
        return all(_reached(numeric, choices) <= wanted for choices in profiles)

    def difference(
        self, left: Signature, right: Signature, bracket: tuple[float, float]
    ) -> Callable[[float], float] | None:
        """The mover's gain, at the deepest decision node whose choice differs between the plays
        ``left`` and ``right``, from an action taken there only on the left over one taken only on
        the right, each valued under an equilibrium that takes it.

        The game is instantiated at each floating-point value of the parameter, so the function is
        positive where ``left`` is played and negative where ``right`` is; ``bracket`` is not needed
        here. None where no node's choice changes that way (a tie on one side only).

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> from deterrence.game.parameters import resolve_values
        >>> game = dt.load("extended-deterrence")
        >>> solver = PerfectInformationPoints(game, "p", resolve_values(game.parameters))
        >>> left, right = solver.signature(Fraction(1, 5)), solver.signature(Fraction(2, 5))
        >>> gain = solver.difference(left, right, (0.2, 0.4))
        >>> round(gain(0.2), 9), round(gain(0.4), 9)
        (0.05, -0.05)
        """
        assert isinstance(left, frozenset) and isinstance(right, frozenset)
        found = _changing_node(self.tree, [dict(p) for p in left], [dict(p) for p in right])
        if found is None:
            return None
        index, (a, with_a), (b, with_b) = found
        game = self.tree
        node = game.nodes[index]
        mover = node.player
        assert mover is not None

        def f(x: float) -> float:
            numeric, _ = instantiate(game, self.at(Fraction(x)))
            assert isinstance(numeric, ExtensiveGame)
            gain = _value(numeric, node.children[a], with_a, mover) - _value(
                numeric, node.children[b], with_b, mover
            )
            return float(gain)

        return f


Choice = tuple[int, dict[int, int]]


def _changing_node(
    game: ExtensiveGame, lefts: list[dict[int, int]], rights: list[dict[int, int]]
) -> tuple[int, Choice, Choice] | None:
    """The deepest decision node whose choice differs between the profiles on the left and on
    the right, with an action taken there only on the left and one only on the right, each
    with a profile that takes it; None where there is no such node."""
    # Deepest first: below the deepest node whose choice changes, the play is the same on
    # both sides, so the mover's comparison there is continuous across the switch; a node
    # above it may jump instead because its continuation changes.
    for index in reversed(game.preorder):
        if game.nodes[index].kind != "decision":
            continue
        before = {p[index] for p in lefts}
        after = {p[index] for p in rights}
        if before == after:
            continue
        only_before, only_after = before - after, after - before
        if not only_before or not only_after:
            return None  # a tie on one side only: no comparison changes sign here
        a, b = min(only_before), min(only_after)
        with_a = next(p for p in lefts if p[index] == a)
        with_b = next(p for p in rights if p[index] == b)
        return index, (a, with_a), (b, with_b)
    return None


def _value(game: ExtensiveGame, index: int, choices: Mapping[int, int], player: int) -> Fraction:
    """``player``'s expected payoff from node ``index`` on, under ``choices``."""
    node = game.nodes[index]
    if node.kind == "terminal":
        assert node.payoff is not None
        return Fraction(node.payoff.total[player])
    if node.kind == "chance":
        return sum(
            (
                Fraction(p) * _value(game, child, choices, player)
                for p, child in zip(node.probs, node.children, strict=True)
                if p != 0
            ),
            Fraction(0),
        )
    return _value(game, node.children[choices[index]], choices, player)


def _reached(game: ExtensiveGame, choices: Mapping[int, int]) -> set[str]:
    """The outcomes reached with positive probability under ``choices``."""
    reached = set()
    stack = [game.root]
    while stack:
        index = stack.pop()
        node = game.nodes[index]
        if node.kind == "terminal":
            reached.add(node.outcome or node.label)
        elif node.kind == "chance":
            stack.extend(c for p, c in zip(node.probs, node.children, strict=True) if p != 0)
        else:
            stack.append(node.children[choices[index]])
    return reached


class TwoPlayerPoints(PointSolver):
    """Two-player games that are not trees of perfect information: every extreme Nash
    equilibrium of the (reduced) normal form; the play is the set of pairs of supports."""

    def __init__(self, game: Game, param: str, values: Mapping[str, Fraction]):
        super().__init__(game, param, values)
        self.plans: tuple[tuple[Plan, ...], ...] | None = None
        self.tree: ExtensiveGame | None = None
        if isinstance(game, ExtensiveGame):
            reduced = reduced_normal_form(game)
            self.normal = reduced.game
            self.plans = reduced.plans
            self.tree = game
        else:
            self.normal = game

    def _matrices(self, x: Fraction) -> list[list[list[Fraction]]]:
        numeric, _ = instantiate(self.normal, self.at(x))
        assert isinstance(numeric, NormalFormGame)
        return numeric.matrices()

    def _supports(self, x: Fraction) -> frozenset[tuple[tuple[int, ...], tuple[int, ...]]]:
        from deterrence.solvers.bimatrix_exact import extreme_equilibria

        A, B = self._matrices(x)
        found = extreme_equilibria(A, B)
        return frozenset(
            (
                tuple(i for i, p in enumerate(row) if p != 0),
                tuple(j for j, q in enumerate(col) if q != 0),
            )
            for row, col in found.equilibria
        )

    def signature(self, x: Fraction) -> Signature:
        """The pairs of supports (the row and the column strategies played with positive
        probability) of every extreme Nash equilibrium of the normal form at ``x`` (the reduced
        normal form for a tree), enumerated exactly (Avis et al. 2010).

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> solver = TwoPlayerPoints(dt.load("chicken"), "L", {"e": Fraction(0)})
        >>> sorted(solver.signature(Fraction(10)))
        [((0,), (1,)), ((0, 1), (0, 1)), ((1,), (0,))]
        """
        return self._supports(x)

    def holds(self, x: Fraction, wanted: set[str]) -> bool:
        """Whether every extreme Nash equilibrium at ``x`` reaches only outcomes in ``wanted``: the
        outcome of every pure profile in the product of its supports (for a tree, every outcome
        that profile of reduced plans reaches with positive probability).

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> solver = TwoPlayerPoints(dt.load("chicken"), "L", {"e": Fraction(0)})
        >>> solver.holds(Fraction(10), {"crash"})
        False
        """
        supports = self._supports(x)
        tree = None
        if self.tree is not None:
            numeric, _ = instantiate(self.tree, self.at(x))
            assert isinstance(numeric, ExtensiveGame)
            tree = numeric
        for rows, cols in supports:
            reached: set[str] = set()
            for r, c in itertools.product(rows, cols):
                if tree is None:
                    reached.add(self.normal.outcome((r, c)))
                else:
                    assert self.plans is not None
                    distribution = outcome_distribution(
                        tree,
                        terminal_distribution(
                            tree, pure_chooser((self.plans[0][r], self.plans[1][c]))
                        ),
                    )
                    reached.update(k for k, v in distribution.items() if v != 0)
            if not reached <= wanted:
                return False
        return True

    def difference(
        self, left: Signature, right: Signature, bracket: tuple[float, float]
    ) -> Callable[[float], float] | None:
        """The slack of one support condition (Mangasarian 1964) of an equilibrium that exists on
        one side of the switch only, signed so that it is positive where ``left`` is played and
        negative where ``right`` is.

        The first such condition that is strictly positive at one end of ``bracket`` and strictly
        negative at the other is taken, in floating point at each value of the parameter. None where
        no condition changes sign so (degenerate supports, singular support equations).
        """
        assert isinstance(left, frozenset) and isinstance(right, frozenset)
        # An equilibrium that exists on one side only: its support conditions (probabilities
        # positive, no strategy outside the support better) all hold on that side and one of
        # them fails on the other. The one that is strictly positive at one end of the
        # bracket and strictly negative at the other changes sign at the switch; others may
        # be zero throughout (degenerate games), so their least would not do.
        candidates = sorted([(s, 1.0) for s in left - right] + [(s, -1.0) for s in right - left])
        for (rows, cols), sign in candidates:
            if len(rows) != len(cols):
                continue  # degenerate: the indifference equations do not fix the strategies
            try:
                at_a, at_b = (self._slacks(x, rows, cols) for x in bracket)
            except (ArithmeticError, ValueError):
                continue  # singular support equations at an end of the bracket
            for j, (sa, sb) in enumerate(zip(at_a, at_b, strict=True)):
                if sign * sa > 0 > sign * sb:
                    return _slack_function(self, rows, cols, j, sign)
        return None

    def _slacks(self, x: float, rows: Sequence[int], cols: Sequence[int]) -> list[float]:
        A, B = self._matrices(Fraction(x))
        return _support_slacks(A, B, rows, cols)


def _slack_function(
    solver: TwoPlayerPoints, rows: Sequence[int], cols: Sequence[int], j: int, sign: float
) -> Callable[[float], float]:
    def f(x: float) -> float:
        return sign * solver._slacks(x, rows, cols)[j]

    return f


def _support_slacks(
    A: Sequence[Sequence[Fraction]],
    B: Sequence[Sequence[Fraction]],
    rows: Sequence[int],
    cols: Sequence[int],
) -> list[float]:
    """The slacks of the conditions under which the supports ``rows`` and ``cols`` carry a
    Nash equilibrium (Mangasarian 1964), each non-negative exactly where it holds: each
    probability from the indifference equations, and each payoff gap of a strategy outside a
    support; in floating point."""
    import numpy as np

    a = np.array([[float(v) for v in row] for row in A])
    b = np.array([[float(v) for v in row] for row in B])
    k = len(rows)

    def mix(payoff: np.ndarray) -> tuple[np.ndarray, float]:
        # payoff @ q = u * 1 on the support, sum q = 1.
        system = np.zeros((k + 1, k + 1))
        system[:k, :k] = payoff
        system[:k, k] = -1.0
        system[k, :k] = 1.0
        rhs = np.zeros(k + 1)
        rhs[k] = 1.0
        solution = np.linalg.solve(system, rhs)
        return solution[:k], float(solution[k])

    y_part, u = mix(a[np.ix_(rows, cols)])
    x_part, v = mix(b[np.ix_(rows, cols)].T)
    y = np.zeros(a.shape[1])
    y[list(cols)] = y_part
    x = np.zeros(a.shape[0])
    x[list(rows)] = x_part
    slacks = [*x_part, *y_part]
    slacks += [u - float(a[r] @ y) for r in range(a.shape[0]) if r not in rows]
    slacks += [v - float(x @ b[:, c]) for c in range(a.shape[1]) if c not in cols]
    return [float(v) for v in slacks]


class AnyGamePoints(PointSolver):
    """Any game and concept: the exact solver's equilibria of the concept, by the supports of
    their strategies."""

    def __init__(
        self,
        game: Game,
        param: str,
        values: Mapping[str, Fraction],
        concept: str | Concept | None = None,
    ):
        super().__init__(game, param, values)
        self.concept = concept

    def _equilibria(self, x: Fraction):
        from deterrence.solvers.solver import solve

        return solve(self.game, self.concept, values=self.at(x), cross_check=False).equilibria

    def signature(self, x: Fraction) -> Signature:
        """For every equilibrium of the concept at ``x``, the support of each player's strategy (the
        labels played with positive probability, sorted), as a set.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import deterrence as dt
        >>> solver = AnyGamePoints(dt.load("chicken"), "L", {"e": Fraction(0)}, "nash")
        >>> sorted(solver.signature(Fraction(10)))  # doctest: +NORMALIZE_WHITESPACE
        [(('straight',), ('swerve',)), (('straight', 'swerve'), ('straight', 'swerve')),
         (('swerve',), ('straight',))]
        """
        return frozenset(
            tuple(tuple(sorted(k for k, p in m.items() if p)) for m in eq.mixed or ())
            for eq in self._equilibria(x)
        )

    def holds(self, x: Fraction, wanted: set[str]) -> bool:
        """Whether every equilibrium of the concept at ``x`` reaches only outcomes in ``wanted``."""
        return all(set(eq.outcomes) <= wanted for eq in self._equilibria(x))


def nash_points(game: Game, param: str, values: Mapping[str, Fraction]) -> PointSolver:
    """The ``nash`` concept's point solver: by supports and their slack for two players, by
    the exact solver's equilibria otherwise."""
    if len(game.players) == 2:
        return TwoPlayerPoints(game, param, values)
    return AnyGamePoints(game, param, values, "nash")


def point_solver(
    game: Game, param: str, values: Mapping[str, Fraction], concept: str | Concept | None = None
) -> PointSolver:
    """The numeric path's solver at one point for ``concept`` (default: the game's): the
    concept's own (see :mod:`deterrence.concepts`), or :class:`AnyGamePoints`."""
    chosen = get_concept(concept, game)
    if chosen.point_solver is None:
        return AnyGamePoints(game, param, values, chosen)
    found: PointSolver = resolve(chosen.point_solver)(game, param, values)
    return found


def scan_window(parameter: Parameter) -> tuple[Fraction, Fraction]:
    """The range the scan covers: the declared bounds, where there are any. With ``m`` the
    larger of 1 and the magnitude of the parameter's value, a missing lower bound becomes
    ``-10 m`` and a missing upper bound the lower end plus ``10 m``."""
    width = 10 * max(Fraction(1), abs(parameter.value or Fraction(0)))
    low = parameter.lower if parameter.lower is not None else -width
    high = parameter.upper if parameter.upper is not None else low + width
    return low, high


def refine_with_brentq(
    difference: Callable[[float], float], bracket: tuple[float, float], bisection: float
) -> float | None:
    """The root of ``difference`` in ``bracket`` by scipy's ``brentq``, or None unless it lies
    in the bracket and agrees with ``bisection`` to :data:`AGREEMENT`.

    ``difference`` must be positive at the left end and negative at the right one; a zero at
    an end is a root there.

    Brent (1973), Algorithms for Minimization without Derivatives, ch. 4.
    """
    from scipy.optimize import brentq

    a, b = bracket
    try:
        fa, fb = difference(a), difference(b)
        if fa == 0 or fb == 0:
            root = a if fa == 0 else b
        elif fa > 0 > fb:
            root = float(brentq(difference, a, b, xtol=1e-15, maxiter=200))
        else:
            return None
    except (ArithmeticError, ValueError, RuntimeError, SpecError):
        # Singular support equations (numpy's LinAlgError is a ValueError), values the game
        # is not defined at: there is no root to refine, and the bisection stands.
        return None
    if not a <= root <= b or abs(root - bisection) > AGREEMENT:
        return None
    return root


def numeric_path(
    game: Game,
    param: str,
    values: Mapping[str, Fraction],
    wanted: set[str] | frozenset[str],
    *,
    points: int = SCAN_POINTS,
    concept: str | Concept | None = None,
) -> NumericPath:
    """Every switch point of the equilibrium play along ``param``, found numerically.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
    param : str
        The parameter that moves.
    values : mapping of str to Fraction
        Exact values of every other parameter.
    wanted : set of str
        Outcome labels; :attr:`NumericPath.holds` says, piece by piece, whether every
        equilibrium reaches only these.
    points : int
        Steps of the scan.
    concept : str, optional
        The solution concept (default: the game's), solved exactly at each point.

    Notes
    -----
    1. *Scan*: the exact solver at ``points + 1`` evenly spaced rational points of the window
       (:func:`scan_window`).
    2. *Bisection*: every step across which the play differs is halved, exactly, until each
       change is bracketed to :data:`TOLERANCE`; where a midpoint shows a third play, both
       halves are followed, so two switches inside one step are both found when the play
       differs on their two outer sides. Changes closer together than twice the tolerance
       count as one; a change of play at a single point (a tie with the same play on both
       sides) is not a switch, and neither is one at the window's edge.
    3. *Brent's method*: each switch point is refined with :func:`refine_with_brentq` on a
       payoff difference that changes sign there (see the module docstring), over the points
       of the scan around it; the bisection's midpoint is kept where no difference applies or
       the two disagree.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> path = numeric_path(game, "p", resolve_values(game.parameters), {"status_quo"})
    >>> path.switch_points, path.holds, path.threshold("least")
    ((0.3, 0.7), (False, False, True), 0.7)
    """
    parameter = next(p for p in game.parameters if p.name == param)
    low, high = scan_window(parameter)
    declared = (parameter.lower is not None, parameter.upper is not None)
    others = {k: v for k, v in values.items() if k != param}
    solver = point_solver(game, param, others, concept)
    step = (high - low) / points
    seen: dict[Fraction, Signature] = {}

    def signature(x: Fraction) -> Signature:
        if x not in seen:
            seen[x] = solver.signature(x)
        return seen[x]

    grid = [low + step * k for k in range(points + 1)]
    pending = [(lo, hi) for lo, hi in itertools.pairwise(grid) if signature(lo) != signature(hi)]
    while pending:
        lo, hi = pending.pop()
        if hi - lo <= TOLERANCE:
            continue
        middle = (lo + hi) / 2
        here = signature(middle)
        if here != signature(lo):
            pending.append((lo, middle))
        if here != signature(hi):
            pending.append((middle, hi))
    xs = sorted(seen)
    sigs = [seen[x] for x in xs]

    # Group the changes between neighbouring points into clusters, one per switch point; a
    # tie exactly at a point shows as two changes a point apart, which are one switch.
    clusters: list[list[int]] = []
    for i in range(len(xs) - 1):
        if sigs[i] == sigs[i + 1]:
            continue
        if clusters and xs[i] - xs[clusters[-1][1]] <= 2 * TOLERANCE:
            clusters[-1][1] = i + 1
        else:
            clusters.append([i, i + 1])
    start = 0
    if clusters and clusters[0][0] == 0:
        start = clusters.pop(0)[1]  # a tie at the lower end of the window
    end = len(xs) - 1
    if clusters and clusters[-1][1] == end:
        end = clusters.pop()[0]  # a tie at the upper end
    # A cluster with the same play on both sides is a tie at one point, not a switch.
    clusters = [c for c in clusters if sigs[c[0]] != sigs[c[1]]]

    switches = []
    for left, right in clusters:
        bisection = float((xs[left] + xs[right]) / 2)
        a = left
        while a > start and sigs[a - 1] == sigs[left] and xs[left] - xs[a - 1] <= step:
            a -= 1
        b = right
        while b < end and sigs[b + 1] == sigs[right] and xs[b + 1] - xs[right] <= step:
            b += 1
        bracket = (float(xs[a]), float(xs[b]))
        difference = solver.difference(sigs[left], sigs[right], bracket)
        root = (
            refine_with_brentq(difference, bracket, bisection) if difference is not None else None
        )
        switches.append(
            Switch(
                value=root if root is not None else bisection,
                bisection=bisection,
                bracket=bracket,
                refined=root is not None,
            )
        )

    # Each piece is judged at an evaluated point inside it, away from the window's ends and
    # from the switch points, where ties make the play special.
    bounds = [start, *(i for c in clusters for i in c), end]
    holds = []
    for first, last in zip(bounds[::2], bounds[1::2], strict=True):
        inner = [
            i for i in range(first, last + 1) if sigs[i] == sigs[first] and 0 < i < len(xs) - 1
        ] or [first]
        holds.append(solver.holds(xs[inner[len(inner) // 2]], set(wanted)))
    return NumericPath(
        parameter=param,
        window=(low, high),
        declared=declared,
        switches=tuple(switches),
        holds=tuple(holds),
        step=step,
        solves=len(seen),
        game=game,
    )
