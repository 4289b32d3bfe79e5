"""Limits by design: every bound on the work a spec, a file or a solve may cause, in one place.

A spec from a stranger must not hang the process or exhaust its memory, so each stage refuses
input past a bound, or stops and says so, with a message naming the limit. The bounds are
data: :data:`LIMITS` lists each with its default, the stage that applies it and what happens
when it is reached (``docs/reference/limits.md`` is this table, written out; a test keeps the
two the same). A user may raise or lower any of them for a block of code with
:func:`override`, or on the command line with ``--limit NAME=VALUE`` and ``--time-limit``.

Limits are read where they are applied, with :func:`get`; a setting made with
:func:`override` holds in the current thread or task (a :class:`contextvars.ContextVar`), so
concurrent callers do not see each other's settings.

Examples
--------
>>> get("nodes")
10000
>>> with override(nodes=50):
...     get("nodes")
50
>>> get("nodes")
10000
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

from deterrence.errors import DeterrenceError, did_you_mean

__all__ = [
    "LIMITS",
    "Deadline",
    "Limit",
    "LimitError",
    "count",
    "current",
    "deadline",
    "default_count",
    "get",
    "message",
    "override",
    "parse_setting",
]


class LimitError(DeterrenceError, ValueError):
    """An unknown limit name, or a value a limit cannot take."""


@dataclass(frozen=True)
class Limit:
    """One bound.

    Parameters
    ----------
    name : str
        How it is set: ``override(name=...)``, ``--limit name=...``.
    default : int, float or None
        The bound unless set; None means no bound (only the time budget has none).
    stage : str
        Where it is applied: ``reading``, ``spec``, ``Gambit file``, ``expressions``,
        ``game``, ``solving``, ``analysis``.
    what : str
        What is counted, in words.
    reached : str
        What happens past it: an error naming the limit, or a partial answer.
    integer : bool
        Whether the value is a count (a whole number); the time budget is in seconds.
    """

    name: str
    default: int | float | None
    stage: str
    what: str
    reached: str
    integer: bool = True


_ERROR = "error (exit 2)"
_PARTIAL = "partial answer, marked incomplete"

LIMITS: Mapping[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit("file_bytes", 1_000_000, "reading", "bytes of a spec file", _ERROR),
        Limit("key_depth", 32, "reading", "parts of one dotted TOML key or table header", _ERROR),
        Limit(
            "gambit_file_bytes", 20_000_000, "Gambit file", "bytes of a .efg or .nfg file", _ERROR
        ),
        Limit("gambit_nodes", 1_000_000, "Gambit file", "nodes of a .efg tree", _ERROR),
        Limit(
            "diagnostics",
            200,
            "spec",
            "problems reported before the checker stops",
            "the rest not shown",
        ),
        Limit("players", 20, "spec", "players of a model", _ERROR),
        Limit("parameters", 1_000, "spec", "parameters of a model", _ERROR),
        Limit("nodes", 10_000, "spec", "nodes declared in [tree]", _ERROR),
        Limit(
            "built_nodes",
            100_000,
            "spec",
            "nodes of the built game (commitments copy parts of the tree)",
            _ERROR,
        ),
        Limit("actions", 1_000, "spec", "actions of one node, branches of one chance node", _ERROR),
        Limit("strategies", 1_000, "spec", "strategies of one player in [matrix]", _ERROR),
        Limit("profiles", 100_000, "spec", "strategy profiles (cells) of [matrix]", _ERROR),
        Limit("expression_length", 2_000, "expressions", "characters of one expression", _ERROR),
        Limit("expression_depth", 64, "expressions", "nesting depth of one expression", _ERROR),
        Limit(
            "exponent",
            64,
            "expressions",
            "largest integer exponent; nested powers may reach its square",
            _ERROR,
        ),
        Limit(
            "degree",
            4_096,
            "expressions",
            "total degree of one expression once multiplied out",
            _ERROR,
        ),
        Limit(
            "reduced_profiles",
            1_000_000,
            "game",
            "pure profiles of a tree's reduced normal form",
            _ERROR,
        ),
        Limit(
            "spe_equilibria",
            10_000,
            "solving",
            "pure SPE kept per subtree during backward induction",
            _PARTIAL,
        ),
        Limit(
            "spe_work",
            3_000_000,
            "solving",
            "choices copied while combining subtrees' SPE",
            _PARTIAL + " (one SPE per subtree past it)",
        ),
        Limit(
            "equilibria_shown",
            100,
            "solving",
            "pure SPE turned into verified records",
            "the first ones listed, marked incomplete",
        ),
        Limit(
            "vertex_work",
            30_000_000,
            "solving",
            "dictionary entries updated by two-player vertex enumeration",
            _PARTIAL + " (equilibria among the vertices found, and every pure one)",
        ),
        Limit(
            "credibility_plans",
            20_000,
            "solving",
            "plans compared when checking an equilibrium's off-path threats",
            "not decided, said in the notes",
        ),
        Limit(
            "credibility_completions",
            4_096,
            "solving",
            "pure completions of the moves an equilibrium leaves open, tried in one subgame",
            "not decided, said in the notes",
        ),
        Limit(
            "support_pairs",
            5_000,
            "analysis",
            "support pairs followed along a parameter (two-player Nash)",
            _ERROR,
        ),
        Limit(
            "nplayer_supports",
            20_000,
            "solving",
            "support profiles examined by N-player support enumeration (Nash, 3+ players)",
            _PARTIAL,
        ),
        Limit(
            "nplayer_unknowns",
            9,
            "solving",
            "unknown probabilities of one support's polynomial system (Nash, 3+ players)",
            _PARTIAL + " (that support not solved)",
        ),
        Limit(
            "nplayer_bezout",
            64,
            "solving",
            "multihomogeneous Bezout number of one support's system (Nash, 3+ players)",
            _PARTIAL + " (that support not solved)",
        ),
        Limit(
            "pbe_supports",
            200_000,
            "solving",
            "support profiles (one support per information set) examined for perfect Bayesian "
            "equilibria",
            _PARTIAL,
        ),
        Limit(
            "pbe_family_dim",
            6,
            "solving",
            "dimension of a continuum of perfect Bayesian equilibria that is solved",
            _PARTIAL + " (that support skipped)",
        ),
        Limit(
            "pbe_vertex_work",
            20_000,
            "solving",
            "vertex enumeration steps describing a continuum of perfect Bayesian equilibria",
            "the continuum given by its conditions only",
        ),
        Limit(
            "pbe_family_vertices_dim",
            3,
            "solving",
            "dimension of a continuum of perfect Bayesian equilibria whose vertices are listed",
            "the continuum given by its conditions only",
        ),
        Limit(
            "qre_steps",
            10_000,
            "solving",
            "steps of a QRE path (normal forms) or of continuation in lambda (trees)",
            _PARTIAL,
        ),
        Limit(
            "qre_unknowns",
            2_000,
            "solving",
            "actions at information sets of a tree whose agent QRE is a fixed point",
            _ERROR,
        ),
        Limit(
            "qre_expression_size",
            1_000_000,
            "solving",
            "estimated terms of a tree's symbolic QRE choice probabilities",
            _ERROR,
        ),
        Limit("data_bytes", 200_000_000, "estimation", "bytes of a CSV data file", _ERROR),
        Limit("data_rows", 5_000_000, "estimation", "rows of a data set to fit", _ERROR),
        Limit(
            "solve_seconds",
            None,
            "solving",
            "seconds of solving (unset: no time budget)",
            _PARTIAL,
            integer=False,
        ),
    )
}
"""Every limit by name, in the order of ``docs/reference/limits.md``."""

_settings: contextvars.ContextVar[Mapping[str, int | float | None]] = contextvars.ContextVar(
    "deterrence_limits", default=MappingProxyType({})
)


def get(name: str) -> int | float | None:
    """The value of limit ``name`` now: the innermost :func:`override`, else the default.

    >>> get("players")
    20
    """
    settings = _settings.get()
    if name in settings:
        return settings[name]
    return LIMITS[name].default


def count(name: str) -> int:
    """The value of a limit that counts things (every limit but the time budget).

    >>> count("nodes")
    10000
    """
    value = get(name)
    assert isinstance(value, int), f"limit {name} is not a count"
    return value


def default_count(name: str) -> int:
    """The default of a limit that counts things, whatever is set now.

    >>> with override(nodes=5):
    ...     default_count("nodes")
    10000
    """
    value = LIMITS[name].default
    assert isinstance(value, int), f"limit {name} is not a count"
    return value


def current() -> dict[str, int | float | None]:
    """Every limit's value now, by name (to hand to another process, for instance).

    >>> current()["file_bytes"]
    1000000
    """
    return {name: get(name) for name in LIMITS}


def _checked(name: str, value: object) -> int | float | None:
    if name not in LIMITS:
        raise LimitError(
            f"unknown limit `{name}`; the limits are {', '.join(LIMITS)}"
            + (f" ({hint})" if (hint := did_you_mean(name, LIMITS)) else "")
        )
    limit = LIMITS[name]
    if value is None and limit.default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LimitError(f"limit `{name}` must be a number, got {value!r}")
    if limit.integer and (value != int(value) or value < 1):
        raise LimitError(f"limit `{name}` counts {limit.what}: give a whole number of at least 1")
    if not limit.integer and not 0 <= value < float("inf"):
        raise LimitError(f"limit `{name}` is in seconds: give a number of at least 0")
    return int(value) if limit.integer else float(value)


@contextmanager
def override(**values: int | float | None) -> Iterator[None]:
    """Set limits for the block of a ``with`` statement.

    Parameters
    ----------
    **values
        Limit names and values; see :data:`LIMITS`. ``solve_seconds=None`` removes the time
        budget.

    Raises
    ------
    LimitError
        For an unknown name, or a value that is not a positive whole number (seconds: a
        number of at least 0).

    Examples
    --------
    >>> import deterrence as dt
    >>> with dt.limits.override(players=2):
    ...     dt.load("extended-deterrence")
    Traceback (most recent call last):
    ...
    deterrence.errors.SpecError: 1 problem found:
      ...: players: too many players: 3; at most 2 are allowed (limit `players`; ...)
    """
    checked = {name: _checked(name, value) for name, value in values.items()}
    token = _settings.set(MappingProxyType({**_settings.get(), **checked}))
    try:
        yield
    finally:
        _settings.reset(token)


def parse_setting(text: str) -> tuple[str, int | float]:
    """Read a ``NAME=VALUE`` setting, as given to ``--limit``.

    >>> parse_setting("nodes=500")
    ('nodes', 500)
    >>> parse_setting("solve_seconds=2.5")
    ('solve_seconds', 2.5)
    """
    name, sep, raw = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or not name:
        raise LimitError(f"--limit `{text}`: expected NAME=VALUE, e.g. nodes=50000")
    try:
        value: int | float = int(raw.strip().replace("_", ""))
    except ValueError:
        try:
            value = float(raw)
        except ValueError:
            raise LimitError(
                f"--limit {name}: `{raw}` is not a number; e.g. --limit {name}=1000"
            ) from None
    checked = _checked(name, value)
    assert checked is not None
    return name, checked


def message(name: str) -> str:
    """The words that close every message about reaching limit ``name``.

    >>> message("nodes")
    'limit `nodes`; raise it with --limit nodes=N'
    """
    if name == "solve_seconds":
        return "limit `solve_seconds`; change it with --time-limit SECONDS"
    return f"limit `{name}`; raise it with --limit {name}=N"


class Deadline:
    """The time budget of one solve: :meth:`expired` turns True once ``solve_seconds`` pass.

    Reading the clock costs little, but solvers call :meth:`expired` in their inner loops,
    so it looks at the clock only every ``stride`` calls.

    Examples
    --------
    >>> with override(solve_seconds=0):
    ...     deadline().expired()
    True
    >>> deadline().expired()
    False
    """

    __slots__ = ("_calls", "_end", "_stride", "hit", "seconds")

    def __init__(self, seconds: float | None, stride: int = 256) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds
        self._stride = stride
        self._calls = 0
        self.hit = False

    def expired(self) -> bool:
        """Whether the budget is spent (once True, stays True)."""
        if self.hit:
            return True
        if self._end is None:
            return False
        self._calls += 1
        if self.seconds == 0 or self._calls % self._stride == 1:
            self.hit = time.monotonic() >= self._end
        return self.hit

    def note(self) -> str:
        """What a result says when the budget stopped it."""
        return (
            f"stopped after {self.seconds:g} s ({message('solve_seconds')}): partial results; "
            "every equilibrium listed is verified, but there may be others"
        )


def deadline() -> Deadline:
    """A :class:`Deadline` for the time budget now in force, starting now."""
    seconds = get("solve_seconds")
    return Deadline(None if seconds is None else float(seconds))
