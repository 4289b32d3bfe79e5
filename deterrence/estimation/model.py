"""The statistical model of a game tree: payoffs as predictors of covariates, and the
log-likelihood of each observable event with its exact gradient.

A strategic-choice model (Signorino 1999) is a game tree of perfect information whose
payoffs are functions of covariates and coefficients, played with noise: every decision is
the agent QRE's quantal response at precision 1, which fixes the scale of the payoffs. The
steps, each public:

1. :func:`read_predictors`: each key of ``predictors`` is a parameter of the model (it is
   replaced by the formula wherever it appears) or ``PLAYER.OUTCOME`` (that player's payoff
   at that outcome); each formula is read by the spec's restricted parser, and its names are
   covariates (columns of the data) or coefficients (everything else).
2. :func:`utilities`: every player's payoff at every terminal as an expression of
   coefficients and covariates; what no predictor touches must be a number.
3. :class:`StrategicModel`: the tree with one symbol per payoff that varies, its choice
   probabilities from :func:`~deterrence.solvers.qre_tree.symbolic_choice_probabilities`, and
   for each event (a set of terminals: an outcome, or a path) the log-probability and its
   derivatives in the payoffs, compiled once; the payoffs' derivatives in the coefficients,
   compiled once. The score of a row is their product (the chain rule), so a fit evaluates
   no symbolic expression.

Examples
--------
>>> import deterrence as dt
>>> model = StrategicModel(dt.load("classic-deterrence"),
...                        {"cCh": "b0 + b1*x"}, covariates=["x"])
>>> model.coefficients, model.covariates, model.events[:2]
(('b0', 'b1'), ('x',), ('SQ', 'W'))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from deterrence.errors import DeterrenceError, SolverError
from deterrence.estimation.stable import NUMPY_FUNCTIONS, log_probability, log_sum, with_phi
from deterrence.exact import exact_number
from deterrence.game.parameters import resolve_values
from deterrence.game.payoff import Payoff
from deterrence.game.tree import ExtensiveGame, Node
from deterrence.solvers.qre_tree import PRECISION, symbolic_choice_probabilities
from deterrence.spec.estimation_checks import formula_problem, predictor_key_problem
from deterrence.spec.expressions import formula_names, parse_expression

__all__ = [
    "FROM_SPEC",
    "EstimationError",
    "Predictor",
    "Settings",
    "StrategicModel",
    "chance_probabilities",
    "check_error_model",
    "predictor_names",
    "read_predictors",
    "settings",
    "substitution",
    "utilities",
]


class EstimationError(DeterrenceError):
    """A model that cannot be estimated as asked: unidentified, or outside what the
    likelihood covers. The message names the coefficients or payoffs involved."""


@dataclass(frozen=True)
class Predictor:
    """One payoff (or parameter) written as a formula of covariates and coefficients.

    Parameters
    ----------
    key : str
        A parameter of the model, or ``PLAYER.OUTCOME``.
    text : str
        The formula as given.
    expr : sympy.Expr
        The formula read.
    player, outcome : str or None
        For a ``PLAYER.OUTCOME`` key.
    """

    key: str
    text: str
    expr: sympy.Expr
    player: str | None = None
    outcome: str | None = None


def predictor_names(predictors: Mapping[str, str]) -> list[str]:
    """The names the formulas use (covariates and coefficients), in order of appearance.

    >>> predictor_names({"cCh": "b0 + b1*x", "a": "exp(c0) * z"})
    ['b0', 'b1', 'x', 'c0', 'z']
    """
    return list(dict.fromkeys(n for text in predictors.values() for n in formula_names(str(text))))


def read_predictors(
    game: ExtensiveGame,
    predictors: Mapping[str, str],
    covariates: Sequence[str],
) -> tuple[tuple[Predictor, ...], tuple[str, ...]]:
    """Read each predictor: its key checked against the game, its formula parsed.

    Returns the predictors and the coefficients, in order of first appearance.

    Raises
    ------
    EstimationError
        For an unknown key, a formula that names a parameter of the model (give it a value
        instead), or a formula the restricted parser refuses.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("classic-deterrence")
    >>> found, coefs = read_predictors(game, {"Ch.F": "c0 - c1*x"}, ["x"])
    >>> found[0].player, found[0].outcome, str(found[0].expr), coefs
    ('Ch', 'F', 'c0 - c1*x', ('c0', 'c1'))
    >>> read_predictors(game, {"Ch.war": "1"}, [])
    Traceback (most recent call last):
    ...
    deterrence.estimation.model.EstimationError: predictor `Ch.war`: unknown outcome `war` in \
predictor `Ch.war`; the outcomes are `SQ`, `W`, `B`, `F`
    """
    if not predictors:
        raise EstimationError(
            "no predictors: give at least one payoff or parameter as a formula of covariates, "
            'e.g. {"cCh": "b0 + b1*balance"}'
        )
    parameters = [p.name for p in game.parameters]
    found: list[Predictor] = []
    coefficients: dict[str, None] = {}
    for key, text in predictors.items():
        formula = str(text)
        problem = predictor_key_problem(
            key, parameters, game.players, game.outcome_labels
        ) or formula_problem(formula, parameters)
        if problem is not None:
            hint = f" ({problem.suggestion})" if problem.suggestion else ""
            raise EstimationError(f"predictor `{key}`: {problem.message}{hint}")
        player, _, outcome = key.partition(".") if key not in parameters else (None, "", None)
        names = formula_names(formula)
        symbols = {n: sympy.Symbol(n, real=True) for n in names}
        expr = parse_expression(formula, symbols)
        own = [n for n in names if n not in covariates]
        for a, first in enumerate(own):
            for second in own[a + 1 :]:
                if sympy.diff(expr, symbols[first], symbols[second]) != 0:
                    raise EstimationError(
                        f"predictor `{key}`: `{formula}` multiplies the coefficients "
                        f"`{first}` and `{second}`, and a formula must be linear in its "
                        "coefficients; if one of them is a covariate, it is not a column of "
                        f"the data (the covariates are {', '.join(covariates) or 'none'})"
                    )
        for name in own:
            coefficients[name] = None
        found.append(Predictor(key, formula, expr, player, outcome))
    if not coefficients:
        raise EstimationError(
            "the predictors hold no coefficient to estimate: every name in them is a covariate"
        )
    return tuple(found), tuple(coefficients)


def substitution(
    game: ExtensiveGame,
    predictors: Sequence[Predictor],
    values: Mapping[str, Fraction] | None = None,
) -> dict[sympy.Symbol, sympy.Expr]:
    """What each parameter of the model stands for: its predictor's formula, else its value
    (the model's default, overridden by ``values``).

    >>> import deterrence as dt
    >>> game = dt.load("classic-deterrence")
    >>> found, _ = read_predictors(game, {"cCh": "k"}, [])
    >>> {str(k): v for k, v in substitution(game, found).items()}["cCh"]
    k
    """
    replaced = {p.key for p in predictors if p.player is None}
    free = [p for p in game.parameters if p.name not in replaced]
    chosen = resolve_values(
        tuple(free), {k: v for k, v in (values or {}).items() if k not in replaced}
    )
    out: dict[sympy.Symbol, sympy.Expr] = {
        p.symbol: sympy.Rational(chosen[p.name].numerator, chosen[p.name].denominator) for p in free
    }
    out.update(
        {p.symbol: pr.expr for p in game.parameters for pr in predictors if pr.key == p.name}
    )
    return out


def utilities(
    game: ExtensiveGame,
    predictors: Sequence[Predictor],
    values: Mapping[str, Fraction] | None = None,
) -> dict[tuple[int, int], sympy.Expr]:
    """Every player's payoff at every terminal, ``(terminal index, player index) ->
    expression`` in coefficients and covariates (see :func:`substitution`).

    >>> import deterrence as dt
    >>> game = dt.load("classic-deterrence")
    >>> found, _ = read_predictors(game, {"cCh": "k"}, [])
    >>> u = utilities(game, found)
    >>> [str(u[(t, 0)]) for t in game.terminals]
    ['0', '1', '-1', '-k']
    """
    replace_by = substitution(game, predictors, values)
    direct = {(pr.player, pr.outcome): pr.expr for pr in predictors if pr.player is not None}
    out: dict[tuple[int, int], sympy.Expr] = {}
    for t in game.terminals:
        node = game.nodes[t]
        assert node.payoff is not None
        for i, player in enumerate(game.players):
            key = (player, node.outcome or node.label)
            if key in direct:
                out[(t, i)] = direct[key]
            else:
                out[(t, i)] = sympy.sympify(node.payoff.total[i], strict=True).xreplace(replace_by)
    return out


def chance_probabilities(
    game: ExtensiveGame, replace_by: Mapping[sympy.Symbol, sympy.Expr]
) -> dict[int, tuple[sympy.Expr, ...]]:
    """Each chance node's probabilities at the parameters' values; a predictor may not
    reach them (they are not payoffs)."""
    out: dict[int, tuple[sympy.Expr, ...]] = {}
    for index, node in enumerate(game.nodes):
        if node.kind != "chance":
            continue
        probs = tuple(sympy.sympify(p, strict=True).xreplace(replace_by) for p in node.probs)
        if any(p.free_symbols for p in probs):
            raise EstimationError(
                f"the chance probabilities at `{node.label}` depend on a predictor; only "
                "payoffs may"
            )
        out[index] = probs
    return out


class StrategicModel:
    """A tree of perfect information with payoffs as predictors, ready to evaluate.

    Parameters
    ----------
    game : ExtensiveGame
        As loaded (symbolic) or numeric.
    predictors : mapping of str to str
        ``{"cCh": "b0 + b1*balance", "Def.W": "g0"}``: see :func:`read_predictors`.
    covariates : sequence of str
        The names in the formulas that are columns of the data; the other names are
        coefficients.
    error : {"probit", "logit"}
        The distribution of the agents' errors (Signorino 1999 uses probit).
    variant : {"agent", "private"}
        Agent errors, or private information (Signorino 2003).
    values : mapping, optional
        Values of the parameters no predictor replaces (default: the model's).

    Attributes
    ----------
    coefficients, covariates : tuple of str
    events : tuple of str
        The outcomes of the tree, in order (:meth:`terminals_of_path` makes events of
        paths).
    """

    def __init__(
        self,
        game: ExtensiveGame,
        predictors: Mapping[str, str],
        *,
        covariates: Sequence[str] = (),
        error: str = "probit",
        variant: str = "agent",
        values: Mapping[str, object] | None = None,
    ) -> None:
        if not isinstance(game, ExtensiveGame):
            raise EstimationError(
                "estimation needs a game tree; this is a normal form (write it as a tree in "
                "which each player moves once)"
            )
        if not game.is_perfect_information:
            raise NotImplementedError(
                "estimation covers trees of perfect information (statistical backward "
                "induction); this tree has information sets, whose agent QRE is a fixed "
                "point with no closed form"
            )
        check_error_model(error, variant)
        if error == "probit":
            wide = next(
                (n for n in game.nodes if n.kind == "decision" and len(n.actions) > 2), None
            )
            if wide is not None:
                raise NotImplementedError(
                    f"the strategic probit needs binary choices to have a likelihood in closed "
                    f"form; `{wide.label}` has {len(wide.actions)} actions, whose probit "
                    "probabilities are integrals; fit this tree with error='logit'"
                )
        self.game = game
        self.error = error
        self.variant = variant
        exact = {k: exact_number(v) for k, v in (values or {}).items()}
        self.predictors, self.coefficients = read_predictors(game, predictors, covariates)
        used = set().union(*(p.expr.free_symbols for p in self.predictors))
        self.covariates = tuple(c for c in covariates if sympy.Symbol(c, real=True) in used)
        self.utilities = utilities(game, self.predictors, exact)
        chance = chance_probabilities(game, substitution(game, self.predictors, exact))
        self._coefficient_symbols = [sympy.Symbol(c, real=True) for c in self.coefficients]
        self._covariate_symbols = [sympy.Symbol(c, real=True) for c in self.covariates]
        # One symbol per payoff that varies; the tree's choice probabilities are built on them
        # once, whatever the predictors.
        self._payoff_symbols: dict[tuple[int, int], sympy.Symbol] = {}
        nodes = list(game.nodes)
        for index, probs in chance.items():
            nodes[index] = replace(nodes[index], probs=probs)
        for t in game.terminals:
            total: list[sympy.Expr] = []
            for i in range(len(game.players)):
                expr = self.utilities[(t, i)]
                if expr.free_symbols:
                    symbol = sympy.Symbol(f"u_{i}_{t}", real=True)
                    self._payoff_symbols[(t, i)] = symbol
                    total.append(symbol)
                else:
                    total.append(expr)
            nodes[t] = _with_payoff(nodes[t], tuple(total))
        if not self._payoff_symbols:
            raise EstimationError("no payoff of the tree depends on the predictors")
        structural = game.with_nodes(tuple(nodes))
        choice = symbolic_choice_probabilities(structural, error=error, variant=variant)
        self._log_choice = {
            label: {a: log_probability(with_phi(p.subs(PRECISION, 1))) for a, p in actions.items()}
            for label, actions in choice.items()
        }
        self._path_logs = {t: self._path_log(structural, t) for t in game.terminals}
        self.events = tuple(dict.fromkeys(n.outcome or n.label for n in self._terminal_nodes()))
        self._compiled: dict[frozenset[int], Any] = {}
        self._utility_functions = self._compile_utilities()

    @property
    def payoff_keys(self) -> tuple[tuple[int, int], ...]:
        """The payoffs that vary, as ``(terminal index, player index)``, in the order of
        :meth:`payoffs`."""
        return tuple(self._payoff_symbols)

    def payoff_label(self, key: tuple[int, int]) -> str:
        """``PLAYER.OUTCOME`` for a payoff key."""
        terminal, player = key
        node = self.game.nodes[terminal]
        return f"{self.game.players[player]}.{node.outcome or node.label}"

    def _terminal_nodes(self) -> list[Node]:
        return [self.game.nodes[t] for t in self.game.terminals]

    def _path_log(self, game: ExtensiveGame, terminal: int) -> sympy.Expr:
        parents = game.parents
        total: sympy.Expr = sympy.Integer(0)
        child = terminal
        while (parent := parents[child]) is not None:
            node = game.nodes[parent]
            position = node.children.index(child)
            if node.kind == "chance":
                total += sympy.log(sympy.sympify(node.probs[position], strict=True))
            else:
                label = node.infoset or node.label
                total += self._log_choice[label][node.actions[position]]
            child = parent
        return total

    def terminals_of(self, event: str) -> frozenset[int]:
        """The terminals an outcome id, or a terminal's label, stands for.

        >>> import deterrence as dt
        >>> m = StrategicModel(dt.load("classic-deterrence"), {"cCh": "k"})
        >>> sorted(m.terminals_of("F"))
        [6]
        """
        found = frozenset(
            t
            for t in self.game.terminals
            if event in (self.game.nodes[t].outcome, self.game.nodes[t].label)
        )
        if not found:
            raise KeyError(event)
        return found

    def terminals_of_path(self, actions: Sequence[str]) -> frozenset[int]:
        """The terminals reachable along a path of actions from the root (a prefix of a
        play is allowed: its terminals are every way the play can end).

        >>> import deterrence as dt
        >>> m = StrategicModel(dt.load("classic-deterrence"), {"cCh": "k"})
        >>> sorted(m.terminals_of_path(["challenge", "resist"]))
        [5, 6]
        """
        nodes = self.game.nodes
        index = self.game.root
        for action in actions:
            node = nodes[index]
            if node.kind == "terminal" or action not in node.actions:
                raise KeyError(action)
            index = node.children[node.actions.index(action)]
        below = [index]
        out: set[int] = set()
        while below:
            index = below.pop()
            if nodes[index].kind == "terminal":
                out.add(index)
            below.extend(nodes[index].children)
        return frozenset(out)

    def path_to(self, terminal: int) -> list[str]:
        """The actions from the root to a terminal (chance moves by their labels).

        >>> import deterrence as dt
        >>> m = StrategicModel(dt.load("classic-deterrence"), {"cCh": "k"})
        >>> m.path_to(sorted(m.terminals_of("F"))[0])
        ['challenge', 'resist', 'fight']
        """
        parents = self.game.parents
        out: list[str] = []
        child = terminal
        while (parent := parents[child]) is not None:
            node = self.game.nodes[parent]
            position = node.children.index(child)
            out.append(node.actions[position] if node.actions else str(position))
            child = parent
        return out[::-1]

    def log_probability(self, terminals: frozenset[int]) -> sympy.Expr:
        """The log-probability of a set of terminals, in the payoff symbols.

        >>> import deterrence as dt
        >>> m = StrategicModel(dt.load("classic-deterrence"), {"cCh": "k"}, error="logit")
        >>> from deterrence.estimation.stable import LogSumExp
        >>> expr = m.log_probability(m.terminals_of("F"))
        >>> sorted(map(str, expr.free_symbols)), expr.has(LogSumExp)
        (['u_0_6'], True)
        """
        return log_sum([self._path_logs[t] for t in sorted(terminals)])

    def _compile_event(self, terminals: frozenset[int]) -> Any:
        if terminals not in self._compiled:
            expr = self.log_probability(terminals)
            symbols = list(self._payoff_symbols.values())
            gradient = [sympy.diff(expr, s) for s in symbols]
            self._compiled[terminals] = sympy.lambdify(
                symbols, [expr, *gradient], modules=[NUMPY_FUNCTIONS, "scipy", "numpy"], cse=True
            )
        return self._compiled[terminals]

    def _compile_utilities(self) -> Any:
        exprs = [self.utilities[key] for key in self._payoff_symbols]
        rows = [[sympy.diff(e, b) for b in self._coefficient_symbols] for e in exprs]
        flat = exprs + [d for row in rows for d in row]
        return sympy.lambdify(
            [*self._coefficient_symbols, *self._covariate_symbols],
            flat,
            modules=["numpy"],
            cse=True,
        )

    def payoffs(
        self, beta: np.ndarray, columns: Mapping[str, np.ndarray], rows: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The varying payoffs at each row, shape ``(payoffs, rows)``, and their derivatives
        in the coefficients, shape ``(payoffs, coefficients, rows)``."""
        values = self._utility_functions(*beta, *(columns[c] for c in self.covariates))
        m, k = len(self._payoff_symbols), len(self.coefficients)
        full = np.empty((m + m * k, rows))
        for i, v in enumerate(values):
            full[i] = v  # a constant broadcasts along the rows
        return full[:m], full[m:].reshape(m, k, rows)

    def _evaluate(
        self, event: frozenset[int], u: np.ndarray, du: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """An event's log-probability at each row of ``u`` (payoffs by rows), and with ``du``
        its gradient in the coefficients, shape ``(rows, coefficients)``."""
        rows = u.shape[1]
        value, *grad = self._compile_event(event)(*u)
        logp = np.broadcast_to(value, (rows,))  # a constant broadcasts along the rows
        if du is None:
            return logp, None
        g = np.array([np.broadcast_to(d, (rows,)) for d in grad])  # (payoffs, rows)
        return logp, np.einsum("mr,mkr->rk", g, du)

    def scores(
        self,
        beta: np.ndarray,
        columns: Mapping[str, np.ndarray],
        events: Sequence[frozenset[int]],
        codes: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each row's log-likelihood and its gradient in the coefficients (the score).

        Parameters
        ----------
        beta : array of shape (coefficients,)
        columns : mapping of covariate -> array of shape (rows,)
        events : sequence of sets of terminals
            The distinct observations.
        codes : int array of shape (rows,)
            Which event each row observed.

        Returns
        -------
        (array of shape (rows,), array of shape (rows, coefficients))
        """
        rows = len(codes)
        u, du = self.payoffs(np.asarray(beta, dtype=float), columns, rows)
        loglik = np.empty(rows)
        score = np.empty((rows, len(self.coefficients)))
        for code, event in enumerate(events):
            where = np.flatnonzero(codes == code)
            if where.size == 0:
                continue
            loglik[where], score[where] = self._evaluate(event, u[:, where], du[:, :, where])
        return loglik, score

    def probabilities(
        self, beta: np.ndarray, columns: Mapping[str, np.ndarray], rows: int
    ) -> dict[str, np.ndarray]:
        """Each outcome's probability at each row."""
        u, _ = self.payoffs(np.asarray(beta, dtype=float), columns, rows)
        return {
            event: np.exp(self._evaluate(self.terminals_of(event), u)[0]) for event in self.events
        }

    def terminal_log_probabilities(
        self, beta: np.ndarray, columns: Mapping[str, np.ndarray], rows: int
    ) -> np.ndarray:
        """Each terminal's log-probability at each row, shape ``(terminals, rows)``, the
        terminals in the order of ``game.terminals``: the law a simulation draws from."""
        u, _ = self.payoffs(np.asarray(beta, dtype=float), columns, rows)
        return np.array([self._evaluate(frozenset([t]), u)[0] for t in self.game.terminals])

    def outcome_gradients(
        self, beta: np.ndarray, columns: Mapping[str, np.ndarray], rows: int
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each outcome's probability at each row and its gradient in the coefficients,
        shape ``(rows, coefficients)``: for intervals by the delta method."""
        u, du = self.payoffs(np.asarray(beta, dtype=float), columns, rows)
        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for event in self.events:
            logp, score = self._evaluate(self.terminals_of(event), u, du)
            assert score is not None
            p = np.exp(logp)
            out[event] = (p, p[:, None] * score)  # d p = p * d log p
        return out


def _with_payoff(node: Node, total: tuple[sympy.Expr, ...]) -> Node:
    return replace(node, payoff=Payoff(total))


#: ``outcome=`` left to the spec's ``[estimation]`` (or ``"outcome"``).
FROM_SPEC: Any = "<from the spec>"


@dataclass(frozen=True)
class Settings:
    """What a fit or a simulation uses: the call's choices, else the spec's
    ``[estimation]``, else the defaults."""

    game: Any
    predictors: Mapping[str, str]
    error: str
    variant: str
    outcome: str | None
    path: str | None
    covariates: tuple[str, ...] | None


def settings(
    source: Any,
    predictors: Mapping[str, str] | None = None,
    *,
    error: str | None = None,
    variant: str | None = None,
    outcome: str | None = FROM_SPEC,
    path: str | None = None,
    covariates: Sequence[str] | None = None,
) -> Settings:
    """The game and the settings of a fit: each given one, else the spec's ``[estimation]``
    (when ``source`` is a spec file or a bundled model's id), else probit, agent errors and
    the column ``outcome``.

    >>> s = settings("classic-deterrence", {"cCh": "k"}, error="logit")
    >>> s.error, s.variant, s.outcome, dict(s.predictors)
    ('logit', 'agent', 'outcome', {'cCh': 'k'})
    """
    from deterrence.game import Game
    from deterrence.load import as_loaded

    loaded = as_loaded(source) if not isinstance(source, Game) else None
    spec = loaded.estimation if loaded is not None else None
    chosen = predictors if predictors is not None else (spec.predictors if spec else {})
    if not chosen:
        raise EstimationError(
            "no predictors: give them (predictors=..., --predictor KEY=FORMULA) or write them "
            "in the spec's [estimation.predictors]"
        )
    return Settings(
        game=loaded.game if loaded is not None else source,
        predictors=dict(chosen),
        error=error or (spec.error if spec else None) or "probit",
        variant=variant or (spec.variant if spec else None) or "agent",
        outcome=((spec.outcome if spec else None) or "outcome")
        if outcome is FROM_SPEC
        else outcome,
        path=path if path is not None else (spec.path if spec else None),
        covariates=tuple(covariates)
        if covariates is not None
        else (spec.covariates if spec else None),
    )


def check_error_model(error: str, variant: str) -> None:
    """Refuse an unknown error model or variant, naming the known ones.

    >>> check_error_model("tobit", "agent")
    Traceback (most recent call last):
    ...
    deterrence.errors.SolverError: unknown error model `tobit`; expected probit or logit
    """
    if error not in ("probit", "logit"):
        raise SolverError(f"unknown error model `{error}`; expected probit or logit")
    if variant not in ("agent", "private"):
        raise SolverError(f"unknown variant `{variant}`; expected agent or private")
