"""Threshold results as a JSON-ready dict (contract in docs/reference/json.md), text and LaTeX.

Which name goes where follows :mod:`deterrence.game.notation`: in text, parameters and
formulas as they are typed (``n* = (cD - v)/k``) and outcomes by their display names; in
LaTeX, every parameter by its symbol.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sympy

from deterrence.analysis.threshold import Derivative, ThresholdResult
from deterrence.game.notation import Notation


def _name(result: ThresholdResult) -> str:
    return f"{result.parameter}*"


def _derivatives(result: ThresholdResult) -> list[Derivative]:
    """The derivatives of the closed form in every other parameter it depends on, by name."""
    if result.symbolic is None:
        return []
    names = sorted(s.name for s in result.symbolic.free_symbols)
    return [result.derivative(name) for name in names]


def derivatives(
    result: ThresholdResult, computed: list[Derivative] | None = None
) -> dict[str, Any]:
    """The comparative statics of the closed form in every other parameter it depends on,
    signed at the given values."""
    out = {}
    for d in _derivatives(result) if computed is None else computed:
        out[d.name] = {
            "expression": str(d.expression),
            "latex": d.latex,
            "sign": d.sign,
            "text": d.describe(_name(result)),
        }
    return out


def comparative_statics(
    result: ThresholdResult, computed: list[Derivative] | None = None
) -> list[dict[str, Any]]:
    """The sign of the closed form's derivative in every other parameter it depends on, over
    the whole region where the closed form applies (and at the given values)."""
    out = []
    for d in _derivatives(result) if computed is None else computed:
        region = d.region
        assert region is not None
        out.append(
            {
                "parameter": d.name,
                "derivative": str(d.expression),
                "latex": d.latex_statement(),
                "sign": region.sign,
                "sign_at_values": d.sign,
                "words": d.words(),
                "reason": region.reason,
                "witnesses": [{k: str(v) for k, v in w.items()} for w in region.witnesses],
            }
        )
    return out


def threshold_to_dict(result: ThresholdResult) -> dict[str, Any]:
    """A threshold result as plain JSON types (the contract in docs/reference/json.md)."""
    value = result.value
    computed = _derivatives(result)
    return {
        "model": result.model,
        "concept": result.concept,
        "exact": result.exact,
        "parameter": result.parameter,
        "deterred": list(result.outcomes),
        "direction": result.direction,
        "status": result.status,
        "symbolic": str(result.symbolic) if result.symbolic is not None else None,
        "latex": result.latex or None,
        "conditions": [str(c) for c in result.conditions],
        "conditions_complete": result.conditions_complete,
        "value": float(value) if value is not None else None,
        "value_exact": str(value) if value is not None else None,
        "numeric": result.numeric,
        "numeric_switch_points": list(result.numeric_switch_points),
        "numeric_range": (
            [str(v) for v in result.numeric_range] if result.numeric_range is not None else None
        ),
        "attained": result.attained,
        "parameters": {k: str(v) for k, v in result.fixed.items()},
        "derivatives": derivatives(result, computed),
        "comparative_statics": comparative_statics(result, computed),
        "notes": list(result.notes),
    }


def threshold_to_text(result: ThresholdResult) -> str:
    """A threshold result as plain text: the closed form and its conditions, the value at the given
    values, the numeric check, switch points, comparative statics and notes."""
    name = _name(result)
    which = "least" if result.direction == "least" else "greatest"
    lines = [
        f"{result.model}: the {which} {result.parameter} at which play reaches only "
        + result.outcomes_text
    ]
    if result.status == "never":
        lines.append("never: the condition holds nowhere in the declared range")
    elif result.status == "always":
        lines.append(
            "always: the condition already holds at the "
            + ("lowest" if result.direction == "least" else "highest")
            + " value of the range"
            + (f" ({result.value})" if result.value is not None else "")
        )
    else:
        if result.symbolic is not None:
            lines.append(f"closed form: {name} = {result.symbolic}")
            if result.conditions:
                lines.append("which applies where:")
                lines.extend(f"  {c}" for c in result.conditions)
        value = result.value
        if value is not None:
            exact = "" if value.is_Rational else f" = {sympy.N(value, 12)}"
            lines.append(f"at the given values: {name} = {value}{exact}")
            at = {True: "holds", False: "does not hold", None: "is not tested (irrational point)"}
            lines.append(f"at {name} itself the condition {at[result.attained]}")
    if result.numeric is not None and not result.exact:
        lines.append(f"numeric threshold (scan, bisection, brentq): {name} = {result.numeric:.12g}")
    elif result.numeric is not None:
        lines.append(f"numeric check (scan, bisection, brentq): {result.numeric:.12g}")
    if result.numeric_range is not None:
        lines.append(_switch_points_line(result))
    computed = _derivatives(result)
    for entry in derivatives(result, computed).values():
        lines.append(entry["text"])
    if computed:
        lines.append(f"over the whole region where the closed form applies ({result.scope()}):")
        lines.extend(f"  {d.summary()}" for d in computed)
    lines.extend(f"note: {n}" for n in result.notes)
    fixed = ", ".join(f"{k} = {v}" for k, v in result.fixed.items())
    if fixed:
        lines.append(f"other parameters: {fixed}")
    return "\n".join(lines) + "\n"


def _switch_points_line(result: ThresholdResult) -> str:
    """The numeric switch points in one line, with the range scanned where it is not the
    declared one (an unbounded side is cut to a window)."""
    assert result.numeric_range is not None
    parameter = next(p for p in result.game.parameters if p.name == result.parameter)
    low, high = result.numeric_range
    window = "" if (parameter.lower, parameter.upper) == (low, high) else f" in [{low}, {high}]"
    points = ", ".join(f"{v:.12g}" for v in result.numeric_switch_points) or "none"
    return f"numeric switch points{window} (scan, bisection, brentq): {points}"


def threshold_to_latex(result: ThresholdResult, notation: Notation | None = None) -> str:
    r"""An equation for a paper: the closed form and, as cases, where it applies; parameters
    by their symbols (the notation of the result's game unless ``notation`` is given).

    Examples
    --------
    >>> import deterrence as dt
    >>> result = dt.threshold(dt.load("tripwire"), "n", ["status_quo"], numeric=False)
    >>> print(threshold_to_latex(result).split(r" \quad")[0])
    \[ n^* = \frac{c_{D} - v}{k}
    """
    if notation is None:
        notation = result.notation
    latex = notation.latex
    name = notation.starred(result.parameter)
    if result.symbolic is None:
        text = {"always": r"\text{always}", "never": r"\text{never}"}.get(result.status, "")
        value = latex(result.value) if result.value is not None else text
        return f"\\[ {name} = {value} \\]\n"
    body = f"{name} = {latex(result.symbolic)}"
    if result.conditions:
        conditions = r" \\ ".join(latex(c) for c in result.conditions)
        body += r" \quad \text{where} \quad \begin{gathered} " + conditions + r" \end{gathered}"
    statics = [replace(d, notation=notation).latex_statement() for d in _derivatives(result)]
    # The signs hold wherever the closed form does, so they follow it as a second display.
    second = (
        r"\[ \begin{gathered} " + r" \\ ".join(statics) + r" \end{gathered} \]" + "\n"
        if statics
        else ""
    )
    return f"\\[ {body} \\]\n" + second


def _branches(piecewise: sympy.Piecewise) -> list[tuple[sympy.Expr, sympy.Basic]]:
    """The branches of a threshold's piecewise form, without its final catch-all."""
    return [(e, c) for e, c in piecewise.args if c is not sympy.true]


def piecewise_to_dict(
    name: str, piecewise: sympy.Piecewise, notation: Notation | None = None
) -> list[dict[str, Any]]:
    """``[{"where", "where_latex", "value", "latex"}]``: one entry per branch; ``value`` is
    null where deterrence never holds; the LaTeX writes each parameter by its symbol in
    ``notation`` (the defaults where it is None)."""
    latex = (notation or Notation()).latex
    out = []
    for value, where in _branches(piecewise):
        out.append(
            {
                "where": str(where),
                "where_latex": latex(where),
                "value": None if value is sympy.nan else str(value),
                "latex": "" if value is sympy.nan else latex(value),
            }
        )
    return out


def piecewise_to_latex(result: ThresholdResult, name: str, piecewise: sympy.Piecewise) -> str:
    r"""The threshold as a function of parameter ``name`` (:meth:`ThresholdResult.piecewise`),
    as a display of cases, each parameter by its symbol; a branch where deterrence never
    holds reads "never", and, as in :func:`piecewise_to_text`, what no branch covers is left
    out.

    Examples
    --------
    >>> import deterrence as dt
    >>> bar = dt.min_credibility(dt.load("extended-deterrence"), numeric=False)
    >>> for line in piecewise_to_latex(bar, "a", bar.piecewise("a")).split(r" \\ "):
    ...     print(line)
    \[ p^*(a) = \begin{cases} \frac{7}{10} & \text{if } a \geq 0 \wedge a < \frac{3}{20}
    0 & \text{if } a > \frac{3}{20} \end{cases} \]
    <BLANKLINE>
    """
    notation = result.notation
    rows = [
        ("\\text{never}" if value is sympy.nan else notation.latex(value))
        + " & \\text{if } "
        + notation.latex(where)
        for value, where in _branches(piecewise)
    ]
    head = f"{notation.starred(result.parameter)}({notation.symbol(name)})"
    return f"\\[ {head} = \\begin{{cases}} " + " \\\\ ".join(rows) + " \\end{cases} \\]\n"


def piecewise_to_text(parameter: str, name: str, piecewise: sympy.Piecewise) -> str:
    """One line per branch: where it holds, and the threshold there."""
    lines = [f"{parameter}* as {name} moves (the other parameters as above):"]
    for value, where in _branches(piecewise):
        said = "never deterred" if value is sympy.nan else f"{parameter}* = {value}"
        lines.append(f"  where {where}: {said}")
    lines.append(
        "  (at the boundaries between these, and anywhere not listed, it is not given here: "
        "a player is indifferent there, or no analysis certified it)"
    )
    return "\n".join(lines) + "\n"
