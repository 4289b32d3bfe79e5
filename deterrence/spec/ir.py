"""A checked spec: every name resolved and every expression parsed, ready to build a game."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import sympy

from deterrence.game.model_info import ModelInfo
from deterrence.game.parameters import Parameter


@dataclass
class Decision:
    """A decision node of ``[tree]``."""

    id: str
    player: int
    actions: tuple[str, ...]
    targets: tuple[str, ...]
    infoset: str
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Display names of actions, as declared by the node's ``labels``.
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Chance:
    """A chance node of ``[tree]``."""

    id: str
    branches: tuple[str, ...]
    probs: tuple[sympy.Expr, ...]
    targets: tuple[str, ...]


@dataclass
class Commitment:
    """A promise of ``holder`` to take ``promise`` at the information set of node ``at``."""

    id: str
    holder: int
    at: str
    promise: str
    credibility: sympy.Expr
    kind: str  # "automatic" or "type"


@dataclass
class Cost:
    """A cost the library charges. ``amounts`` has one entry per player."""

    name: str
    kind: str  # "audience" or "escalation"
    amounts: tuple[sympy.Expr, ...]
    payers: frozenset[int]
    # audience
    threat: str | None = None
    threat_is_commitment: bool = False
    back_down: frozenset[str] = frozenset()
    # escalation
    actions: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()


@dataclass
class Matrix:
    """A normal form: strategies per player, and per profile the base payoffs and outcome id."""

    strategies: tuple[tuple[str, ...], ...]
    cells: dict[tuple[int, ...], tuple[tuple[sympy.Expr, ...], str | None]]


@dataclass(frozen=True)
class ReportSettings:
    """What ``[report]`` asks of the model's report (``deterrence report``): each ``None`` or
    empty where the spec leaves the choice to the report's defaults."""

    #: The solution concept of the report's equilibria and thresholds.
    concept: str | None = None
    #: The thresholds to show, as (parameter, "least" or "greatest"); None: the report's
    #: own choice, empty: none.
    thresholds: tuple[tuple[str, str], ...] | None = None
    #: The outcomes that count as deterrence.
    deterred: tuple[str, ...] = ()
    #: The two parameters of the region figure.
    regions: tuple[str, str] | None = None
    #: The range drawn of a parameter of the region figure, where its declared bounds are
    #: not the interesting part.
    limits: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    #: Grid points along each axis of the region figure.
    resolution: int | None = None
    #: Which equilibrium of the defaults the tree figure shows, from 1.
    equilibrium: int | None = None


@dataclass(frozen=True)
class EstimationSettings:
    """What ``[estimation]`` says of fitting the model to data (``deterrence fit``,
    ``deterrence.fit``): each ``None`` or empty where the spec leaves the choice to the call."""

    #: Each predictor: a parameter of the model or ``PLAYER.OUTCOME`` -> its formula of
    #: covariates and coefficients, as written.
    predictors: dict[str, str] = field(default_factory=dict)
    #: The error model: ``"probit"`` or ``"logit"``.
    error: str | None = None
    #: Whose errors: ``"agent"`` (one per decision) or ``"private"`` (one per payoff).
    variant: str | None = None
    #: The data's column of observed outcomes.
    outcome: str | None = None
    #: The data's column of observed paths.
    path: str | None = None
    #: The data's columns that are covariates.
    covariates: tuple[str, ...] | None = None


@dataclass
class Spec:
    """Everything a valid spec says."""

    info: ModelInfo
    players: tuple[str, ...]
    player_names: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    outcomes: dict[str, tuple[sympy.Expr, ...]]
    root: str | None = None
    nodes: dict[str, Decision | Chance] = field(default_factory=dict)
    matrix: Matrix | None = None
    commitments: list[Commitment] = field(default_factory=list)
    costs: list[Cost] = field(default_factory=list)
    scenarios: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    report: ReportSettings = field(default_factory=ReportSettings)
    estimation: EstimationSettings = field(default_factory=EstimationSettings)
