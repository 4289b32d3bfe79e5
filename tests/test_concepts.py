"""The registry of solution concepts (deterrence.concepts): one entry reaches every part.

A toy concept, pure Nash equilibria by brute force over every profile, is added to the
registry inside the test and nowhere else; solve, threshold (through the per-point numeric
path), analyse, sweep, table and the command line must all accept it. Its answers are checked
against the game-theoretic facts of Chicken (Rapoport & Chammah 1966; the reference case
`chicken_mixed` in shared/reference/cases.json): two pure equilibria in which one side backs
down while a stand costs at most what it wins, and with an escalation cost e > 1 only the
compromise.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest

import deterrence as dt
from deterrence.cli.main import main
from deterrence.concepts import (
    EXACT_ZERO_REGRET,
    REGISTRY,
    Certificate,
    Concept,
    concept_names,
    default_concept,
    get_concept,
    resolve,
)
from deterrence.errors import SolverError
from deterrence.game import Game
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.reduced_form import reduced_normal_form
from deterrence.game.tree import ExtensiveGame
from deterrence.solvers.records import normal_form_record, tree_record
from deterrence.solvers.result import Candidates

TOY = "pure-brute"


def brute_force_pure(game: Game, *, method: str, notes: list[str], **options: object):
    """Every pure Nash equilibrium, by checking every profile against every deviation."""
    normal = reduced_normal_form(game).game if isinstance(game, ExtensiveGame) else game
    assert isinstance(normal, NormalFormGame)
    found = []
    for profile in itertools.product(*(range(n) for n in normal.shape)):
        here = normal.payoff(profile).total
        stable = all(
            Fraction(normal.payoff((*profile[:i], s, *profile[i + 1 :])).total[i])
            <= Fraction(here[i])
            for i in range(len(normal.players))
            for s in range(normal.shape[i])
        )
        if stable:
            found.append(profile)
    pure = [
        [[Fraction(int(s == c)) for s in range(n)] for c, n in zip(p, normal.shape, strict=True)]
        for p in found
    ]
    if isinstance(game, ExtensiveGame):
        plans = reduced_normal_form(game).plans
        records = [tree_record(game, plans, mixed) for mixed in pure]
    else:
        records = [normal_form_record(game, mixed) for mixed in pure]
    notes.append("pure profiles only")
    return Candidates(records, True, "brute force over pure profiles", None)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Concept:
    concept = Concept(
        name=TOY,
        title="pure Nash equilibrium",
        games="every game (pure profiles only)",
        applies=lambda game: True,
        solve=brute_force_pure,
    )
    monkeypatch.setitem(REGISTRY, TOY, concept)
    return concept


def test_the_registry_names_every_concept_and_its_parts() -> None:
    assert concept_names()[:2] == ("spe", "nash")
    for concept in REGISTRY.values():
        assert callable(resolve(concept.solve))
        for part in (concept.along, concept.regions, concept.point_solver, concept.vectorised):
            if part is not None:
                assert callable(resolve(part))
        assert concept.certificate.kind
        assert concept.methods


def test_defaults_come_from_the_registry() -> None:
    assert default_concept(dt.load("classic-deterrence")).name == "spe"
    assert default_concept(dt.load("chicken")).name == "nash"


def test_unknown_and_inapplicable_concepts_are_refused_with_the_choices() -> None:
    with pytest.raises(SolverError, match="expected one of spe, nash, pbe, qre"):
        get_concept("spne")
    with pytest.raises(SolverError, match="applies to game trees of perfect information"):
        dt.solve(dt.load("chicken"), "spe")


def test_a_new_concept_solves_with_its_certificate(toy: Concept) -> None:
    result = dt.solve(dt.load("chicken"), TOY)
    assert result.concept == TOY and result.method == "brute force over pure profiles"
    assert result.certificate == "exact zero regret" and result.certificate_exact
    # Rapoport & Chammah (1966): the two pure equilibria of Chicken, one side backing down.
    assert sorted(tuple(e.outcomes) for e in result.equilibria) == [("C wins",), ("R wins",)]
    assert all(e.regret == 0 for e in result.equilibria)
    assert "pure profiles only" in result.notes


def test_a_candidate_that_fails_the_certificate_is_dropped(monkeypatch, toy: Concept) -> None:
    strict = Certificate(kind="never", check=lambda game, eq: False, exact=True)
    monkeypatch.setitem(REGISTRY, TOY, Concept(**{**toy.__dict__, "certificate": strict}))
    result = dt.solve(dt.load("chicken"), TOY)
    assert result.equilibria == () and not result.complete
    assert any("failed the never check" in n for n in result.notes)


def test_a_new_concept_answers_a_threshold_by_the_numeric_path(toy: Concept) -> None:
    game = dt.load("chicken")
    # With e > 1 a stand costs more than it can win: only the compromise is left, so the
    # least escalation cost at which every pure equilibrium is the compromise is e* = 1.
    found = dt.threshold(game, "e", ["compromise"], concept=TOY)
    assert found.concept == TOY and not found.exact
    assert found.status == "threshold" and found.value is None and found.symbolic is None
    assert found.numeric == pytest.approx(1.0, abs=1e-9)
    # The exact path of the nash concept agrees (its equilibria there are pure too).
    exact = dt.threshold(game, "e", ["compromise"], concept="nash")
    assert exact.exact and exact.value == 1


def test_analyse_says_a_concept_without_an_exact_path_has_none(toy: Concept) -> None:
    with pytest.raises(NotImplementedError, match="no exact path along a parameter"):
        dt.analyse(dt.load("chicken"), over="e", concept=TOY)
    with pytest.raises(NotImplementedError, match="no exact path over several parameters"):
        dt.analyse(dt.load("chicken"), over=["e", "L"], concept=TOY)


def test_a_new_concept_sweeps_point_by_point(toy: Concept) -> None:
    frame = dt.sweep(
        dt.load("chicken"), {"e": ["1/2", "2"]}, what="outcome,equilibria", concept=TOY
    )
    assert list(frame["equilibria"]) == [2, 1]
    assert list(frame["outcome"]) == ["C wins | R wins", "compromise"]
    with pytest.raises(SolverError, match="has no compiled parametric solution"):
        dt.sweep(dt.load("chicken"), {"e": ["1/2"]}, path="fast", concept=TOY)


def test_a_new_concept_makes_a_table(toy: Concept) -> None:
    frame = dt.table(dt.load("chicken"), concept=TOY)
    assert frame.attrs["concepts"] == {"chicken": TOY}
    assert len(frame) == 2
    assert "Pure Nash equilibria" in dt.to_markdown(frame)


def test_the_command_line_lists_and_runs_a_new_concept(toy: Concept, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["solve", "--help"])
    assert TOY in capsys.readouterr().out
    assert main(["solve", "chicken", "--concept", TOY, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["concept"] == TOY and data["certificate"] == "exact zero regret"
    assert len(data["equilibria"]) == 2
    assert (
        main(["threshold", "chicken", "--param", "e", "--deterred", "compromise", "--concept", TOY])
        == 0
    )
    out = capsys.readouterr().out
    assert "numeric threshold (scan, bisection, brentq): e* = 1\n" in out
    assert "has no exact path along a parameter" in out


def test_the_default_concepts_keep_their_certificate() -> None:
    for name in ("spe", "nash"):
        assert REGISTRY[name].certificate is EXACT_ZERO_REGRET
