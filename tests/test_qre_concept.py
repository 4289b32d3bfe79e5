"""The ``qre`` concept through the registry and the command line: ``dt.solve(game, "qre")``
returns the QRE's own frozen result types, certified by the proven residual bound."""

from __future__ import annotations

import json
import math

import pytest

import deterrence as dt
from deterrence.cli.main import main
from deterrence.concepts import QRE_RESIDUAL_BOUND, REGISTRY, concept_names, split_options
from deterrence.errors import SolverError
from deterrence.solvers.qre import qre
from deterrence.solvers.qre_check import qre_residual
from deterrence.solvers.qre_concept import passes_qre_certificate, solve_qre_records
from deterrence.solvers.qre_result import RESIDUAL_CERTIFICATE, QREBranch, QREResult


def test_the_registry_has_qre_never_as_the_default() -> None:
    concept = REGISTRY["qre"]
    assert concept_names() == ("spe", "nash", "pbe", "qre")
    assert concept.runner is not None and concept.level_threshold is not None
    assert concept.certificate is QRE_RESIDUAL_BOUND and not concept.certificate.exact
    # The registry's certificate is the one every QRE result reports.
    assert concept.certificate.kind == RESIDUAL_CERTIFICATE == "proven fixed-point residual bound"
    for model in ("classic-deterrence", "chicken", "alliance-reliability"):
        game = dt.load(model)
        assert concept.applies(game) and not concept.default_for(game)
        assert dt.solve(game).concept != "qre"


def test_solve_returns_the_qre_result_and_agrees_with_qre() -> None:
    game = dt.load("classic-deterrence")
    result = dt.solve(game, "qre", precision=2.0, a=1)
    direct = qre(game, 2.0, a=1)
    assert isinstance(result, QREResult)
    assert result == direct
    assert result.concept == "qre" and result.certificate_exact is False
    assert result.certificate == "proven fixed-point residual bound"
    assert result.residual < 1e-12 and qre_residual(game, result) <= result.residual


def test_the_classic_deterrence_closed_form() -> None:
    # Signorino (1999), APSR 93(2): at the last move, logit errors give
    # P(fight) = 1 / (1 + exp(lambda (cCh - a - b))); with the defaults cCh = 2, b = 1.
    game = dt.load("classic-deterrence")
    for lam, a in ((0.5, 0), (2.0, 0.5), (3.0, 2)):
        result = dt.solve(game, "qre", precision=lam, a=a)
        expected = 1 / (1 + math.exp(lam * (2 - a - 1)))
        assert result.choices["showdown"]["fight"] == pytest.approx(expected, abs=1e-14)


def test_probit_private_information_through_solve() -> None:
    game = dt.load("extended-deterrence")
    result = dt.solve(game, concept="qre", precision=2.0, error="probit", variant="private")
    assert isinstance(result, QREResult)
    assert (result.error, result.variant) == ("probit", "private")
    assert result == qre(game, 2.0, error="probit", variant="private")
    assert passes_qre_certificate(game, result)


def test_a_normal_form_without_precision_is_its_branch() -> None:
    chicken = dt.load("chicken")
    branch = dt.solve(chicken, "qre")
    assert isinstance(branch, QREBranch) and branch.limit_is_nash
    # McKelvey and Palfrey (1995): the principal branch of Chicken stays symmetric and ends
    # at the symmetric mixed equilibrium, swerve with probability 9/10 (L = 10).
    assert branch.limit is not None and str(branch.limit.mixed[0]["swerve"]) == "9/10"
    assert passes_qre_certificate(chicken, branch)
    at = dt.solve(chicken, "qre", precision=1.0, method="path-following")
    assert isinstance(at, QREResult) and at.form == "matrix"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dt.solve(dt.load("classic-deterrence"), "qre"), "needs a precision"),
        (lambda: dt.solve(dt.load("classic-deterrence"), "qre", precision=-1), ">= 0"),
        (lambda: dt.solve(dt.load("chicken"), "qre", precision=1, variant="private"), "trees"),
        (lambda: dt.solve(dt.load("classic-deterrence"), precision=2), "option of qre"),
        (lambda: dt.solve(dt.load("chicken"), "qre", method="lemke-howson"), "not qre"),
    ],
)
def test_bad_combinations_are_clear_errors(call, message: str) -> None:
    with pytest.raises(SolverError, match=message):
        call()


def test_split_options_and_the_record_slot() -> None:
    assert split_options(REGISTRY["qre"], {"precision": 1, "a": 2}) == ({"precision": 1}, {"a": 2})
    with pytest.raises(SolverError, match="own result type"):
        solve_qre_records(dt.load("chicken"), method="x", notes=[])


def test_a_result_that_fails_its_check_says_so(monkeypatch) -> None:
    import dataclasses

    from deterrence import concepts

    failing = dataclasses.replace(QRE_RESIDUAL_BOUND, check=lambda game, result: False)
    monkeypatch.setitem(
        concepts.REGISTRY, "qre", dataclasses.replace(REGISTRY["qre"], certificate=failing)
    )
    result = dt.solve(dt.load("classic-deterrence"), "qre", precision=1.0)
    assert any("did not pass its independent check" in n for n in result.notes)


def test_cli_solve_text_json_markdown(capsys, tmp_path) -> None:
    assert main(["solve", "classic-deterrence", "--concept", "qre", "--precision", "2"]) == 0
    out = capsys.readouterr().out
    assert "precision λ = 2" in out and "showdown: back down 0.880797, fight 0.119203" in out
    assert "outcome probabilities: Status quo 0.868433" in out
    assert "expected payoffs: Ch" in out
    assert "certificate: proven fixed-point residual bound, residual ≤" in out
    args = ["solve", "extended-deterrence", "--concept", "qre", "--precision", "2"]
    assert main([*args, "--error", "probit", "--variant", "private", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["concept"] == "qre" and data["variant"] == "private"
    assert data["certificate"]["kind"] == "proven fixed-point residual bound"
    assert data["certificate"]["exact"] is False
    target = tmp_path / "qre.md"
    assert main([*args, "--format", "markdown", "-o", str(target)]) == 0
    assert target.read_text().startswith("## extended-deterrence: quantal response")
    assert main(["solve", "chicken", "--concept", "qre"]) == 0
    out = capsys.readouterr().out
    assert "limit equilibrium (exact):" in out and "a Nash equilibrium (exact regret 0)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["solve", "classic-deterrence", "--concept", "qre"],
        ["solve", "classic-deterrence", "--concept", "qre", "--precision", "-1"],
        ["solve", "classic-deterrence", "--concept", "qre", "--precision", "x"],
        ["solve", "classic-deterrence", "--precision", "2"],
        ["solve", "chicken", "--concept", "qre", "--precision", "1", "--variant", "private"],
        ["solve", "classic-deterrence", "--concept", "qre", "--precision", "1", "--only", "spe"],
    ],
)
def test_cli_bad_combinations_exit_2_with_one_line(argv: list[str], capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "Traceback" not in err and len(err.splitlines()) == 1


def test_commands_that_cannot_read_a_qre_do_not_offer_it(capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["sweep", "classic-deterrence", "--concept", "qre", "--grid", "a=0:1:2"])
    assert exit.value.code == 2
    assert "invalid choice: 'qre'" in capsys.readouterr().err
