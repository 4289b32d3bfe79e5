"""Strategic-choice estimation: the likelihood against published formulas and the project's
own QRE solver, identification, data checks, standard errors, and the command line.

Sources:
- Signorino, C. S. (1999), "Strategic interaction and the statistical analysis of
  international conflict", APSR 93(2):279-297: the strategic probit with agent error, each
  action's utility perturbed by an independent normal error, so a binary choice is
  ``Phi((U_a - U_b) / sqrt 2)``.
- Signorino, C. S. (2003), "Structure and uncertainty in discrete choice models", Political
  Analysis 11(4):316-344, and R's `games` package (Kenkel and Signorino 2014), model
  ``egame12``, function ``makeProbs12``: player 2 chooses R with ``Phi(u24 / sqrt 2)``,
  player 1 moves on with ``Phi((p3 u13 + p4 u14 - u11) / sqrt 2)``.
- Vuong, Q. H. (1989), "Likelihood ratio tests for model selection and non-nested
  hypotheses", Econometrica 57(2):307-333.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

import deterrence as dt
from deterrence.cli.main import main
from deterrence.estimation.data import DataError, observations
from deterrence.estimation.model import EstimationError, StrategicModel
from deterrence.solvers.qre_tree import numeric_tree, statistical_backward_induction

SPECS = Path(__file__).parent / "specs"
EGAME12 = str(SPECS / "egame12.toml")
CLASSIC = {"cCh": "b0 + b1*x", "a": "c0 + c1*z"}
TRUTH = {"b0": 1.0, "b1": -1.0, "c0": 0.5, "c1": 1.0}


@pytest.fixture(scope="module")
def classic():
    return dt.load("classic-deterrence")


@pytest.fixture(scope="module")
def classic_data(classic):
    return dt.simulate(
        classic, CLASSIC, TRUTH, rows=4000, seed=11, covariates={"x": "normal", "z": "binary"}
    )


@pytest.fixture(scope="module")
def classic_fit(classic, classic_data):
    return dt.fit(classic, classic_data, CLASSIC)


def test_egame12_probabilities_are_signorinos_formulas():
    game = dt.load(EGAME12)
    model = StrategicModel(game, {"u13": "a", "u14": "b + c*x", "u24": "d + e*x"}, covariates=["x"])
    beta = np.array([0.3, -0.4, 1.2, 0.7, -0.5])  # a, b, c, d, e
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    got = model.probabilities(beta, {"x": x}, x.size)
    u13, u14, u24 = 0.3, -0.4 + 1.2 * x, 0.7 - 0.5 * x
    p4 = norm.cdf(u24 / math.sqrt(2))
    p3 = 1 - p4
    p2 = norm.cdf((p3 * u13 + p4 * u14 - 0) / math.sqrt(2))
    np.testing.assert_allclose(got["O1"], 1 - p2, atol=1e-12)
    np.testing.assert_allclose(got["O3"], p2 * p3, atol=1e-12)
    np.testing.assert_allclose(got["O4"], p2 * p4, atol=1e-12)


@pytest.mark.parametrize("error", ["probit", "logit"])
def test_likelihood_agrees_with_statistical_backward_induction(classic, error):
    # The estimator builds its own stable log-probabilities; the QRE solver's numeric
    # recursion is a separate code path.
    model = StrategicModel(classic, CLASSIC, covariates=["x", "z"], error=error)
    beta = np.array([1.0, -1.0, 0.5, 1.0])
    for x, z in [(0.3, 1.0), (-2.0, 0.0)]:
        got = model.probabilities(beta, {"x": np.array([x]), "z": np.array([z])}, 1)
        values = {"cCh": Fraction(1.0 - x).limit_denominator(10**6), "a": Fraction(0.5 + z)}
        qre = statistical_backward_induction(numeric_tree(classic, values)[0], 1.0, error=error)
        for outcome, p in qre.outcomes.items():
            assert got[outcome][0] == pytest.approx(float(p), abs=1e-9)


def test_scores_are_the_gradient(classic, classic_data):
    model = StrategicModel(classic, CLASSIC, covariates=["x", "z"])
    data = observations(model, classic_data.head(50))
    beta = np.array([0.2, -0.3, 0.4, 0.1])
    _, score = model.scores(beta, data.columns, data.events, data.codes)
    for k in range(beta.size):
        step = np.zeros_like(beta)
        step[k] = 1e-6
        up = model.scores(beta + step, data.columns, data.events, data.codes)[0]
        down = model.scores(beta - step, data.columns, data.events, data.codes)[0]
        np.testing.assert_allclose((up - down) / 2e-6, score[:, k], atol=1e-6)


def test_far_from_the_truth_the_likelihood_stays_finite(classic):
    # Without the stable rewrite, Phi(-40) underflows to 0 and log gives -inf.
    model = StrategicModel(classic, {"cCh": "b0"}, covariates=[])
    data = observations(model, {"outcome": ["F", "SQ"]})
    loglik, score = model.scores(np.array([80.0]), data.columns, data.events, data.codes)
    assert np.all(np.isfinite(loglik)) and np.all(np.isfinite(score))
    assert loglik[0] < -100


def test_fit_recovers_the_truth_and_checks_its_optimum(classic_fit):
    r = classic_fit
    assert r.converged and r.hessian_negative_definite and r.gradient_norm < 1e-6
    for name, value in TRUTH.items():
        assert abs(r.params[name] - value) < 4 * r.standard_errors[name], name
    assert r.warnings == ()
    assert r.aic == pytest.approx(2 * 4 - 2 * r.loglik)
    assert r.bic == pytest.approx(4 * math.log(4000) - 2 * r.loglik)


def test_covariance_types_agree_when_the_model_is_right(classic, classic_data, classic_fit):
    robust = dt.fit(classic, classic_data, CLASSIC, covariance_type="robust")
    assert robust.estimates == pytest.approx(classic_fit.estimates)
    for name in TRUTH:
        ratio = robust.standard_errors[name] / classic_fit.standard_errors[name]
        assert 0.8 < ratio < 1.25, name
    data = classic_data.assign(group=np.arange(len(classic_data)) % 40)
    clustered = dt.fit(
        classic, data, CLASSIC, covariance_type="cluster", cluster="group", covariates=["x", "z"]
    )
    assert clustered.covariance_type == "cluster"
    assert all(v > 0 for v in clustered.standard_errors.values())


def test_bootstrap_is_seeded_and_reports_progress(classic, classic_data):
    seen = []
    small = classic_data.head(600)
    a = dt.fit(
        classic,
        small,
        CLASSIC,
        covariance_type="bootstrap",
        bootstrap=8,
        seed=3,
        progress=lambda done, total: seen.append((done, total)),
    )
    b = dt.fit(classic, small, CLASSIC, covariance_type="bootstrap", bootstrap=8, seed=3)
    assert a.covariance == b.covariance
    assert seen[-1] == (8, 8)


def test_predictions_have_intervals_inside_the_unit_interval(classic_fit):
    predicted = classic_fit.predict({"x": [-2.0, 0.0, 2.0], "z": 1.0})
    total = sum(p.probability for p in predicted.values())
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    for p in predicted.values():
        assert np.all(p.lower <= p.probability) and np.all(p.probability <= p.upper)
        assert np.all(p.lower >= 0) and np.all(p.upper <= 1)
    # A costlier war (larger x lowers cCh = b0 + b1*x... here b1 < 0, so war is cheaper for
    # larger x) makes the challenger fight more often.
    assert predicted["F"].probability[2] > predicted["F"].probability[0]


def test_vuong_prefers_the_true_model(classic, classic_data, classic_fit):
    wrong = dt.fit(classic, classic_data, {"cCh": "b0 + b1*z", "a": "c0 + c1*x"})
    test = dt.vuong(classic_fit, wrong)
    assert test.favoured == "first" and test.statistic > 2 and test.p_value < 0.05
    assert dt.vuong(wrong, classic_fit).favoured == "second"


def test_an_unnormalised_payoff_is_refused_naming_it(classic, classic_data):
    predictors = {"cCh": "b0 + b1*x", "Def.F": "g0", "Def.W": "g1", "Def.B": "g2"}
    with pytest.raises(EstimationError) as caught:
        dt.fit(classic, classic_data, predictors)
    message = str(caught.value)
    assert "g0, g1, g2" in message and "Def's payoffs" in message and "normalise" in message


def test_a_covariate_that_moves_every_payoff_of_a_player_alike_is_refused(classic, classic_data):
    predictors = {
        "cCh": "b0 + b1*x",
        "Def.W": "-1 + h*x",
        "Def.B": "0.5 + h*x",
        "Def.F": "-2 + h*x",
    }
    with pytest.raises(EstimationError) as caught:
        dt.fit(classic, classic_data, predictors)
    message = str(caught.value)
    assert "does not depend on h" in message and "Def's payoffs at W, B, F" in message


def test_a_payoff_no_choice_depends_on_is_refused(classic, classic_data):
    # The defender never chooses at the status quo: its payoff there is not identified.
    with pytest.raises(EstimationError, match="does not depend on d0"):
        dt.fit(classic, classic_data, {"cCh": "b0 + b1*x", "Def.SQ": "d0"})


def test_collinear_covariates_are_refused(classic, classic_data):
    data = classic_data.assign(w=2 * classic_data["x"])
    with pytest.raises(EstimationError, match="collinear"):
        dt.fit(classic, data, {"cCh": "b0 + b1*x + b2*w"})


def test_a_misspelt_covariate_is_not_taken_for_a_coefficient(classic, classic_data):
    with pytest.raises(EstimationError, match="multiplies the coefficients `b1` and `xx`"):
        dt.fit(classic, classic_data, {"cCh": "b0 + b1*xx"})


def test_bad_predictor_keys_and_formulas(classic, classic_data):
    with pytest.raises(EstimationError, match="unknown outcome `war`"):
        dt.fit(classic, classic_data, {"Ch.war": "b0"})
    with pytest.raises(EstimationError, match="did you mean `cCh`"):
        dt.fit(classic, classic_data, {"cch": "b0"})
    with pytest.raises(EstimationError, match="is a parameter of the model"):
        dt.fit(classic, classic_data, {"cCh": "b0 + a*x"})
    with pytest.raises(EstimationError, match="predictor `cCh`"):
        dt.fit(classic, classic_data, {"cCh": "b0 +* x"})


def test_data_errors_name_file_line_and_column(classic, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,z,outcome\n0.1,1,SQ\n0.2,1,war\nabc,0,F\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        dt.fit(classic, bad, CLASSIC)
    shown = [str(d) for d in caught.value.diagnostics]
    assert any(f"{bad}:3" in s and "`war` is not an outcome" in s for s in shown)
    assert any(f"{bad}:4" in s and "`abc` is not a finite number" in s for s in shown)
    with pytest.raises(DataError, match="no column `z`"):
        dt.fit(classic, {"x": [0.1], "outcome": ["SQ"]}, CLASSIC, covariates=["x", "z"])
    with pytest.raises(DataError, match="no such data file"):
        dt.fit(classic, tmp_path / "absent.csv", CLASSIC)


def test_missing_covariates_error_or_drop(classic, classic_data):
    data = classic_data.head(800).copy()
    data.loc[3, "x"] = float("nan")
    with pytest.raises(DataError, match="missing"):
        dt.fit(classic, data, CLASSIC)
    result = dt.fit(classic, data, CLASSIC, missing="drop")
    assert result.rows == 799 and result.dropped == 1


def test_paths_and_outcomes_only(classic):
    # Outcome B and F share the path challenge > resist; a row that saw only that much counts
    # both ways the crisis could end (a missing path).
    data = dt.simulate(
        classic, {"cCh": "b0 + b1*x"}, {"b0": 1, "b1": -1}, rows=1500, seed=5, path="path"
    )
    full = dt.fit(classic, data.drop(columns="path"), {"cCh": "b0 + b1*x"})
    by_path = dt.fit(
        classic, data.drop(columns="outcome"), {"cCh": "b0 + b1*x"}, outcome=None, path="path"
    )
    assert by_path.estimates == pytest.approx(full.estimates, abs=1e-6)
    partial = data.drop(columns="outcome").copy()
    cut = partial["path"].str.startswith("challenge; resist")
    partial.loc[cut, "path"] = "challenge; resist"
    coarse = dt.fit(classic, partial, {"cCh": "b0 + b1*x"}, outcome=None, path="path")
    assert coarse.converged
    assert dict(coarse.outcome_counts)["challenge > resist"] == int(cut.sum())
    # Less information, larger standard errors.
    assert coarse.standard_errors["b1"] > full.standard_errors["b1"]


def test_separation_is_reported_and_the_penalty_keeps_estimates_finite():
    # x predicts player 2's choice perfectly (O4 when x > 0, O3 otherwise): the maximum of
    # the likelihood is at c1 = infinity.
    game = dt.load(EGAME12)
    x = np.linspace(-1, 1, 200)
    data = {"x": np.concatenate([x, x]), "outcome": [*np.where(x > 0, "O4", "O3"), *["O1"] * 200]}
    plain = dt.fit(game, data, {"u24": "c0 + c1*x"})
    assert any("separation" in w and "c1" in w for w in plain.warnings)
    penalised = dt.fit(game, data, {"u24": "c0 + c1*x"}, penalty=1.0)
    assert penalised.warnings == ()
    assert 0 < penalised.params["c1"] < plain.params["c1"]
    assert penalised.method.endswith("(ridge-penalised)")


def test_logit_and_private_information_variants_fit(classic):
    data = dt.simulate(classic, CLASSIC, TRUTH, rows=1500, seed=2, error="logit")
    logit = dt.fit(classic, data, CLASSIC, error="logit")
    assert logit.converged and logit.error == "logit"
    with pytest.raises(NotImplementedError, match="at most once"):
        dt.fit(classic, data, CLASSIC, variant="private")
    egame = dt.load(EGAME12)
    predictors = {"u14": "b0 + b1*x", "u24": "c0 + c1*x"}
    truth = {"b0": 0.5, "b1": 1.0, "c0": -0.5, "c1": 1.0}
    simulated = dt.simulate(egame, predictors, truth, rows=2000, seed=8, variant="private")
    private = dt.fit(egame, simulated, predictors, variant="private")
    agent = dt.fit(egame, simulated, predictors)
    assert private.converged and private.variant == "private"
    assert dt.vuong(private, agent).correction == "schwarz"


def test_games_outside_the_likelihood_are_refused():
    # trigger-scope's attacker chooses among three actions: probit has no closed form there.
    with pytest.raises(NotImplementedError, match="error='logit'"):
        StrategicModel(dt.load("trigger-scope"), {"c": "b0"})
    assert StrategicModel(dt.load("trigger-scope"), {"c": "b0"}, error="logit").coefficients
    with pytest.raises(NotImplementedError, match="information sets"):
        StrategicModel(dt.load("tying-hands"), {"a": "b0"})
    with pytest.raises(EstimationError, match="normal form"):
        StrategicModel(dt.load("chicken"), {"x": "b0"})


def test_results_serialise(classic_fit):
    record = json.loads(json.dumps(classic_fit.to_dict()))
    assert [c["name"] for c in record["coefficients"]] == ["b0", "b1", "c0", "c1"]
    assert record["converged"] is True
    latex = classic_fit.to_latex(caption="Fit", label="tab:fit")
    assert r"\toprule" in latex and r"\label{tab:fit}" in latex and "$N$ & 4000" in latex
    assert classic_fit.to_csv().splitlines()[1].startswith("cCh = b0 + b1*x,b0,")
    assert "| `cCh = b0 + b1*x` | b0 |" in classic_fit.to_markdown()
    summary = classic_fit.summary()
    assert "strategic probit" in summary and "Converged:   yes" in summary


def test_simulate_is_reproducible_and_checks_its_truth(classic):
    a = dt.simulate(classic, CLASSIC, TRUTH, rows=50, seed=4)
    b = dt.simulate(classic, CLASSIC, TRUTH, rows=50, seed=4)
    assert a.equals(b)
    with pytest.raises(EstimationError, match="missing: c1"):
        dt.simulate(
            classic,
            CLASSIC,
            {k: v for k, v in TRUTH.items() if k != "c1"},
            rows=5,
            covariates={"x": "normal", "z": "normal"},
        )
    with pytest.raises(EstimationError, match="unknown distribution"):
        dt.simulate(classic, CLASSIC, TRUTH, rows=5, covariates={"x": "normal", "z": "poisson"})


def test_command_line_simulate_then_fit(tmp_path, capsys):
    data = tmp_path / "crises.csv"
    status = main(
        [
            "simulate",
            "classic-deterrence",
            "--predictor",
            "cCh=b0 + b1*x",
            "--truth",
            "b0=1",
            "--truth",
            "b1=-1",
            "--rows",
            "1500",
            "--seed",
            "3",
            "-o",
            str(data),
        ]
    )
    assert status == 0 and data.read_text().startswith("x,outcome\n")
    status = main(
        ["fit", "classic-deterrence", str(data), "--predictor", "cCh=b0 + b1*x", "--format", "json"]
    )
    assert status == 0
    record = json.loads(capsys.readouterr().out)
    assert record["converged"] and record["rows"] == 1500


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--predictor", "cCh=b0 + b1*x"], "not an outcome"),
        (["--predictor", "Def.SQ=d0"], "not identified"),
        ([], "--predictor"),
        (["--predictor", "cCh"], "expected KEY=VALUE"),
        (["--predictor", "cCh=b0 + b1*w", "--covariates", "w"], "no column `w`"),
    ],
)
def test_command_line_errors_exit_2(tmp_path, capsys, arguments, message):
    data = tmp_path / "crises.csv"
    data.write_text(
        "x,outcome\n0.5,SQ\n1.0,war\n"
        if "not an outcome" in message
        else "x,outcome\n0.5,SQ\n-1,F\n1,B\n0,W\n",
        encoding="utf-8",
    )
    status = main(["fit", "classic-deterrence", str(data), *arguments])
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_predicted_probability_plot(classic_fit, tmp_path, capsys):
    ax = dt.plot_predicted(classic_fit, "x", at={"z": 0.0}, outcomes=["F", "SQ"], style="print")
    assert [line.get_label() for line in ax.get_lines()] == ["War", "Status quo"]
    assert len(ax.collections) == 2  # one band per outcome
    with pytest.raises(KeyError, match="not a covariate"):
        dt.plot_predicted(classic_fit, "w")
    data = tmp_path / "crises.csv"
    data.write_text("x,outcome\n0.5,SQ\n-1,F\n1,B\n0,W\n-0.3,SQ\n1.5,F\n", encoding="utf-8")
    figure = tmp_path / "predicted.png"
    status = main(
        [
            "fit",
            "classic-deterrence",
            str(data),
            "--predictor",
            "Ch.F=b0 + b1*x",
            "--plot",
            str(figure),
            "-q",
        ]
    )
    assert status == 0 and figure.stat().st_size > 0
    status = main(
        [
            "fit",
            "classic-deterrence",
            str(data),
            "--predictor",
            "Ch.F=b0 + b1*x",
            "--plot",
            str(figure),
            "--vary",
            "y",
        ]
    )
    assert status == 2 and "not a covariate" in capsys.readouterr().err


def test_a_bundled_data_set_by_name():
    predictors = {"cA": "a0 - a1*balance", "cP": "c0 + c1*balance"}
    result = dt.fit(
        "extended-deterrence", "extended-deterrence-crises", predictors, covariates=["balance"]
    )
    assert result.rows == 2000 and result.converged
    with pytest.raises(DataError, match="did you mean `extended-deterrence-crises`"):
        dt.fit("extended-deterrence", "extended-deterence-crises", predictors)


def test_the_spec_estimation_section_gives_the_defaults(tmp_path, capsys):
    # models/extended-deterrence.toml declares the predictors the bundled data were drawn
    # with; the call and the command line need name only the model and the data.
    result = dt.fit("extended-deterrence", "extended-deterrence-crises")
    assert result.coefficients == ("a0", "a1", "c0", "c1", "d0", "d1", "d2")
    assert result.error == "probit" and result.converged
    logit = dt.fit("extended-deterrence", "extended-deterrence-crises", error="logit")
    assert logit.error == "logit"
    status = main(["fit", "extended-deterrence", "extended-deterrence-crises", "--format", "csv"])
    assert status == 0 and capsys.readouterr().out.count("\n") == 8
    with pytest.raises(EstimationError, match=r"\[estimation.predictors\]"):
        dt.fit("classic-deterrence", {"outcome": ["SQ"]})
    spec = tmp_path / "crisis.toml"
    text = (Path(__file__).parents[1] / "models" / "classic-deterrence.toml").read_text()
    spec.write_text(
        text + '\n[estimation]\nerror = "logit"\noutcome = "result"\n\n'
        '[estimation.predictors]\ncCh = "b0 + b1*x"\n',
        encoding="utf-8",
    )
    data = dt.simulate(str(spec), None, {"b0": 1, "b1": -1}, rows=600, seed=1)
    assert list(data.columns) == ["x", "result"]
    assert dt.fit(str(spec), data).error == "logit"
