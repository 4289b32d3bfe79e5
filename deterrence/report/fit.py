"""A fit as people read it: the summary table, and regression tables for papers in LaTeX
(booktabs), Markdown and CSV.

Coefficients are grouped by the predictor they first appear in, as regression tables of
strategic-choice models are (Signorino 1999, table 2), with the fit's statistics below.

>>> import deterrence as dt
>>> game = dt.load("classic-deterrence")
>>> data = dt.simulate(game, {"cCh": "b0 + b1*x"}, {"b0": 1, "b1": -1}, rows=500, seed=2)
>>> print(fit_csv(dt.fit(game, data, {"cCh": "b0 + b1*x"})).splitlines()[0])
predictor,coefficient,estimate,std_error,z,p_value
"""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING

from deterrence.game.notation import notation_of
from deterrence.report.tex import escape_latex
from deterrence.spec.expressions import formula_names

if TYPE_CHECKING:
    from deterrence.estimation.result import FitResult

__all__ = ["fit_csv", "fit_latex", "fit_markdown", "fit_summary"]

_COVARIANCE_WORDS = {
    "hessian": "inverse Hessian",
    "robust": "robust (sandwich)",
    "cluster": "clustered",
    "bootstrap": "bootstrap",
}


def _groups(result: FitResult) -> list[tuple[str, list[str]]]:
    """(predictor key = formula, coefficients first seen there), in order."""
    seen: set[str] = set()
    out = []
    for key, text in result.predictors:
        used = formula_names(text)
        names = [c for c in result.coefficients if c not in seen and c in used]
        seen.update(names)
        if names:
            out.append((f"{key} = {text}", names))
    rest = [c for c in result.coefficients if c not in seen]
    if rest:
        out.append(("other", rest))
    return out


def _fmt(value: float, digits: int = 4) -> str:
    if not math.isfinite(value):
        return "nan"
    return f"{value:.{digits}f}"


def _p(value: float) -> str:
    if not math.isfinite(value):
        return "nan"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _outcome(result: FitResult, label: str) -> str:
    """An observed event by its display name (paths keep their actions' ids)."""
    model = result.statistical_model
    if model is None or label not in model.events:
        return label
    return notation_of(model.game).outcome_text(label)


def _error_words(result: FitResult) -> str:
    kind = "strategic probit" if result.error == "probit" else "strategic logit"
    return kind + (" (private information)" if result.variant == "private" else "")


def fit_summary(result: FitResult) -> str:
    """The plain-text summary: the model and fit on top, then one line per coefficient."""
    se = result.standard_errors
    z = result.z_values
    p = result.p_values
    ci = result.conf_int()
    left = [
        ("Model:", result.model),
        ("Errors:", _error_words(result)),
        ("Method:", result.method),
        ("Std. errors:", _COVARIANCE_WORDS.get(result.covariance_type, result.covariance_type)),
        ("Converged:", "yes" if result.converged else "NO"),
    ]
    right = [
        ("Rows:", str(result.rows) + (f" ({result.dropped} dropped)" if result.dropped else "")),
        ("Log-likelihood:", f"{result.loglik:.3f}"),
        ("AIC:", f"{result.aic:.3f}"),
        ("BIC:", f"{result.bic:.3f}"),
        ("Max |gradient|:", f"{result.gradient_norm:.2e}"),
    ]
    width = 78
    lines = ["Strategic-choice fit".center(width).rstrip(), "=" * width]
    for (a, b), (c, d) in zip(left, right, strict=True):
        lines.append(f"{a:<13}{b:<26.26}{c:>18} {d:>19}")
    lines.append("=" * width)
    lines.append(
        f"{'':<16}{'coef':>10}{'std err':>10}{'z':>9}{'P>|z|':>9}{'[0.025':>12}{'0.975]':>12}"
    )
    lines.append("-" * width)
    for title, names in _groups(result):
        lines.append(title)
        for name in names:
            low, high = ci[name]
            lines.append(
                f"  {name:<14.14}{_fmt(result.params[name]):>10}{_fmt(se[name]):>10}"
                f"{_fmt(z[name], 3):>9}{_p(p[name]):>9}{_fmt(low):>12}{_fmt(high):>12}"
            )
    lines.append("=" * width)
    counts = ", ".join(
        f"{_outcome(result, label)} {count}" for label, count in result.outcome_counts
    )
    lines.append(f"Outcomes: {counts}")
    for warning in result.warnings:
        lines.append(f"Warning: {warning}")
    return "\n".join(lines)


def fit_markdown(result: FitResult) -> str:
    """The coefficient table in Markdown, with the fit's statistics below it."""
    se = result.standard_errors
    z = result.z_values
    p = result.p_values
    lines = [
        f"**{result.model}**: {_error_words(result)}, {result.method}, "
        f"{_COVARIANCE_WORDS.get(result.covariance_type, result.covariance_type)} "
        "standard errors",
        "",
        "| predictor | coefficient | estimate | std. error | z | p |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for title, names in _groups(result):
        for i, name in enumerate(names):
            shown = f"`{title}`" if i == 0 else ""
            lines.append(
                f"| {shown} | {name} | {_fmt(result.params[name])} | {_fmt(se[name])} | "
                f"{_fmt(z[name], 3)} | {_p(p[name])} |"
            )
    lines += [
        "",
        f"Rows: {result.rows}. Log-likelihood: {result.loglik:.3f}. AIC: {result.aic:.3f}. "
        f"BIC: {result.bic:.3f}. Converged: {'yes' if result.converged else 'no'}.",
    ]
    lines += ["", *(f"Warning: {w}" for w in result.warnings)] if result.warnings else []
    return "\n".join(lines) + "\n"


def fit_latex(result: FitResult, *, caption: str | None = None, label: str | None = None) -> str:
    """A booktabs regression table: estimates with standard errors in brackets below,
    grouped by predictor, and the number of rows, log-likelihood, AIC and BIC at the foot."""
    se = result.standard_errors
    p = result.p_values
    rows = [
        r"\begin{table}[htbp]",
        r"\centering",
    ]
    if caption:
        rows.append(rf"\caption{{{escape_latex(caption)}}}")
    if label:
        rows.append(rf"\label{{{label}}}")
    rows += [
        r"\begin{tabular}{lr}",
        r"\toprule",
        r" & Estimate \\",
        r"\midrule",
    ]
    for title, names in _groups(result):
        rows.append(rf"\multicolumn{{2}}{{l}}{{\textit{{{escape_latex(title)}}}}} \\")
        for name in names:
            stars = _stars(p[name])
            rows.append(rf"\quad {escape_latex(name)} & ${_fmt(result.params[name], 3)}{stars}$ \\")
            rows.append(rf" & $({_fmt(se[name], 3)})$ \\")
    rows += [
        r"\midrule",
        rf"$N$ & {result.rows} \\",
        rf"Log-likelihood & ${result.loglik:.2f}$ \\",
        rf"AIC & ${result.aic:.2f}$ \\",
        rf"BIC & ${result.bic:.2f}$ \\",
        r"\bottomrule",
        r"\end{tabular}",
        r"\par\smallskip{\footnotesize "
        + escape_latex(
            f"{_error_words(result).capitalize()}; {result.method}; "
            f"{_COVARIANCE_WORDS.get(result.covariance_type, result.covariance_type)} "
            "standard errors in brackets."
        )
        + r" $^{*}p<0.05$, $^{**}p<0.01$, $^{***}p<0.001$.}",
        r"\end{table}",
    ]
    return "\n".join(rows) + "\n"


def _stars(p: float) -> str:
    if not math.isfinite(p):
        return ""
    if p < 0.001:
        return "^{***}"
    if p < 0.01:
        return "^{**}"
    if p < 0.05:
        return "^{*}"
    return ""


def fit_csv(result: FitResult) -> str:
    """One row per coefficient: predictor, coefficient, estimate, std_error, z, p_value."""
    se = result.standard_errors
    z = result.z_values
    p = result.p_values
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["predictor", "coefficient", "estimate", "std_error", "z", "p_value"])
    for title, names in _groups(result):
        for name in names:
            writer.writerow(
                [
                    title,
                    name,
                    repr(result.params[name]),
                    repr(se[name]),
                    repr(z[name]),
                    repr(p[name]),
                ]
            )
    return buffer.getvalue()
