"""What a spec may contain: the allowed keys of each table, name patterns and size limits."""

from __future__ import annotations

import re

#: Top-level tables. ``model`` and ``players`` are required, and exactly one of tree / matrix.
TOP_KEYS = (
    "model",
    "players",
    "parameters",
    "commitments",
    "costs",
    "tree",
    "matrix",
    "outcomes",
    "scenarios",
    "report",
    "estimation",
)
MODEL_KEYS = ("id", "title", "description", "source")
REPORT_KEYS = (
    "concept",
    "thresholds",
    "deterred",
    "regions",
    "limits",
    "resolution",
    "equilibrium",
)
#: The directions a ``[report]`` threshold may name after its parameter (``"n:greatest"``).
THRESHOLD_DIRECTIONS = ("least", "greatest")
ESTIMATION_KEYS = ("predictors", "error", "variant", "outcome", "path", "covariates")
#: The error models and variants ``[estimation]`` may name, as ``deterrence.fit`` knows them.
ESTIMATION_ERRORS = ("probit", "logit")
ESTIMATION_VARIANTS = ("agent", "private")
PARAMETER_KEYS = ("value", "min", "max", "doc", "role", "symbol", "label")
#: Keys of a player given as a table rather than by its display name alone.
PLAYER_KEYS = ("name", "symbol")
COMMITMENT_KEYS = ("holder", "at", "promise", "credibility", "kind")
COMMITMENT_KINDS = ("automatic", "type")
AUDIENCE_KEYS = ("kind", "payer", "amount", "threat", "back_down")
ESCALATION_KEYS = ("kind", "amount", "actions", "tags", "payers")
COST_KINDS = ("audience", "escalation")
DECISION_KEYS = ("player", "actions", "infoset", "tags", "labels")
CHANCE_KEYS = ("chance",)
BRANCH_KEYS = ("prob", "to")
MATRIX_KEYS = ("strategies", "payoffs")
#: The key of an outcome table holding its text (not a player id).
OUTCOME_RESERVED = "description"
#: The key of an outcome table giving its display name (not a player id either).
OUTCOME_LABEL = "label"

#: Names the expression language gives a meaning of its own.
FUNCTION_NAMES = frozenset({"min", "max", "exp", "log", "sqrt", "abs", "if"})

#: The model id: letters, digits, ``-`` and ``_`` (it names files and bundled models).
MODEL_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
#: Characters no node, outcome, commitment, cost or scenario id may contain: the builder uses
#: them to derive labels that cannot clash (``pledge@defender``, ``defender|committed``,
#: ``defender.defend``, ``|pledge=committed``).
ID_RESERVED = ".|@="
#: Player ids and parameter names: identifiers, so that they read well in expressions.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# The limits against hostile or runaway specs live in deterrence.limits, with every other.
