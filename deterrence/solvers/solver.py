"""``solve``: the one entry point to every solution concept.

Which concept serves which game, how it is solved and how its answers are certified is
decided in :mod:`deterrence.concepts`; this module runs the same steps for all of them:
read the values, choose the concept, instantiate the game, solve, certify every candidate
independently, and record the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from deterrence.concepts import REGISTRY, Concept, get_concept, resolve, split_options
from deterrence.errors import SolverError
from deterrence.exact import exact_number
from deterrence.game import Game
from deterrence.game.instantiate import instantiate
from deterrence.game.notation import notation_of
from deterrence.game.parameters import resolve_values
from deterrence.solvers.result import SolveResult

if TYPE_CHECKING:
    from deterrence.solvers.qre_result import QREBranch, QREResult


def default_concept(game: Game) -> str:
    """The name of the concept ``game`` is solved with by default: ``spe`` for trees of
    perfect information, ``nash`` otherwise (see :func:`deterrence.concepts.default_concept`).

    >>> import deterrence as dt
    >>> default_concept(dt.load("chicken"))
    'nash'
    """
    return get_concept(None, game).name


# A concept with a runner returns its own result type; for type checkers, the one bundled
# (qre) is named here, and every other name gives a SolveResult. At run time the registry's
# ``runner`` field alone decides.
@overload
def solve(  # type: ignore[overload-overlap]
    game: Game,
    concept: Literal["qre"],
    *,
    method: str | None = None,
    cross_check: bool = False,
    values: Mapping[str, object] | None = None,
    source: str = "",
    **params: object,
) -> QREResult | QREBranch: ...


@overload
def solve(
    game: Game,
    concept: str | Concept | None = None,
    *,
    method: str | None = None,
    cross_check: bool = False,
    values: Mapping[str, object] | None = None,
    source: str = "",
    **params: object,
) -> SolveResult: ...


def solve(
    game: Game,
    concept: str | Concept | None = None,
    *,
    method: str | None = None,
    cross_check: bool = False,
    values: Mapping[str, object] | None = None,
    source: str = "",
    **params: object,
) -> Any:
    """Solve a game at given parameter values, certifying every equilibrium independently.

    Parameters
    ----------
    game : ExtensiveGame or NormalFormGame
        From :func:`deterrence.load`.
    concept : str, optional
        A name in :data:`deterrence.concepts.REGISTRY`. ``spe``: all pure subgame-perfect
        equilibria by backward induction (trees of perfect information). ``nash``: all
        extreme Nash equilibria of two-player games, all pure equilibria of games with more
        players. ``pbe``: perfect Bayesian equilibria. ``qre``: the quantal response
        equilibrium at ``precision=`` (see :func:`deterrence.solvers.qre.qre`), returned as
        its own type. Default: ``spe`` for trees of perfect information, ``nash`` otherwise.
    method : str, optional
        One of the concept's methods (the first by default); for ``nash``: ``enumeration``
        (every extreme equilibrium) or ``lemke-howson`` (one); for ``qre``:
        ``backward-induction``, ``fixed-point`` (trees) or ``path-following`` (normal
        forms), chosen by the game where none is asked for.
    cross_check : bool
        Also run nashpy (the ``crosscheck`` extra) on small two-player games and say in the
        notes where it agrees; off by default, since it adds nothing to the exact certificate
        and costs far more than the exact solve.
    values : mapping, optional
        Parameter values by name, as an alternative to keyword arguments (for names that
        are not Python identifiers).
    source : str
        Where the values come from, for error messages (the command line passes ``--set``).
    **params
        Parameter values: numbers or strings such as ``"7/20"``, kept exact; and the
        concept's options (``Concept.options``), for ``qre``: ``precision`` (lambda; without
        it a normal form's principal branch is traced to its limit), ``error`` (``logit``
        or ``probit``), ``variant`` (``agent`` or ``private``), ``shocks``, ``settings``.

    Returns
    -------
    SolveResult
        Every equilibrium in it has passed the concept's certificate (``result.certificate``;
        exact zero regret for Nash and subgame-perfect equilibria), checked independently of
        the solver; candidates that fail are dropped with a note, and the result is then
        marked incomplete. A concept with a runner (``qre``) returns its own result type
        instead (``QREResult``, or ``QREBranch`` for a normal form without a precision),
        checked by its certificate too: one that fails it carries a note saying so.

    Examples
    --------
    >>> import deterrence as dt
    >>> result = dt.solve(dt.load("classic-deterrence"))
    >>> result.concept, len(result.equilibria) >= 1, result.certificate
    ('spe', True, 'exact zero regret')
    >>> noisy = dt.solve(dt.load("classic-deterrence"), "qre", precision=2.0)
    >>> type(noisy).__name__, round(noisy.outcomes["SQ"], 4), noisy.certificate_exact
    ('QREResult', 0.8684, False)
    """
    chosen_concept = get_concept(concept, game)
    options, given = split_options(chosen_concept, params)
    overrides = {name: exact_number(v) for name, v in {**(values or {}), **given}.items()}
    if chosen_concept.runner is not None:
        return _run(chosen_concept, game, method, overrides, source, options)
    notes: list[str] = []
    method = _method(chosen_concept, method, notes)
    chosen = resolve_values(game.parameters, overrides, source=source)
    numeric, exact = instantiate(game, chosen)
    if not exact:
        notes.append("some payoffs are irrational and were rounded to 40 significant digits")
    found = resolve(chosen_concept.solve)(
        numeric, method=method, notes=notes, cross_check=cross_check
    )
    certificate = chosen_concept.certificate
    verified = [e for e in found.equilibria if certificate.passes(numeric, e)]
    complete = found.complete
    if len(verified) < len(found.equilibria):
        notes.append(
            f"{len(found.equilibria) - len(verified)} candidate(s) failed the "
            f"{certificate.kind} check and were discarded"
        )
        complete = False
    return SolveResult(
        model=game.info.id,
        concept=chosen_concept.name,
        method=found.method,
        exact=exact,
        complete=complete,
        notes=tuple(notes),
        parameters=chosen,
        players=game.players,
        form=game.form,
        equilibria=tuple(verified),
        degenerate=found.degenerate,
        player_names=game.player_names,
        certificate=certificate.kind,
        certificate_exact=certificate.exact,
        notation=notation_of(game),
    )


def _run(
    concept: Concept,
    game: Game,
    method: str | None,
    values: Mapping[str, Any],
    source: str,
    options: Mapping[str, object],
) -> Any:
    """The result of a concept with a runner, checked by its certificate: one that fails
    is returned with a note saying so (its own type has no equilibria to drop)."""
    if method is not None and method not in concept.methods:
        notes: list[str] = []
        _method(concept, method, notes)  # an unknown method raises, another concept's:
        raise SolverError(notes[0].removesuffix("; not used here") + f", not {concept.name}")
    assert concept.runner is not None
    run = resolve(concept.runner)
    result = run(game, method=method, values=values, source=source, **options)
    if concept.certificate.passes(game, result):
        return result
    return dataclasses.replace(
        result,
        notes=(
            *result.notes,
            f"the {concept.certificate.kind} did not pass its independent check: the "
            "recomputed bound exceeds the tolerance or the bound the solver reported",
        ),
    )


def _method(concept: Concept, method: str | None, notes: list[str]) -> str:
    """The method to run: the one asked for if the concept has it, else its first with a
    note where another concept has the one asked for; an error for a method none has."""
    if method is None or method in concept.methods:
        return method or concept.methods[0]
    owners = [c for c in REGISTRY.values() if method in c.methods]
    if not owners:
        known = dict.fromkeys(m for c in REGISTRY.values() for m in c.methods)
        raise SolverError(f"unknown method `{method}`; expected one of {', '.join(known)}")
    notes.append(
        f"the {_METHOD_TITLES.get(method, method)} method is for "
        + " and ".join(f"{c.name} ({c.title})" for c in owners)
        + "; not used here"
    )
    return concept.methods[0]


_METHOD_TITLES = {"lemke-howson": "Lemke-Howson"}
