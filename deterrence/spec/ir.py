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
