"""Threshold results as a JSON-ready dict (contract in docs/reference/json.md), text and LaTeX."""

from __future__ import annotations

from typing import Any

import sympy

from deterrence.analyse.threshold import ThresholdResult


def _name(result: ThresholdResult) -> str:
    return f"{result.parameter}*"


def derivatives(result: ThresholdResult) -> dict[str, Any]:
    """The comparative statics of the closed form in every other parameter it depends on."""
    if result.symbolic is None:
        return {}
    out = {}
    for symbol in sorted(result.symbolic.free_symbols, key=lambda s: s.name):
        d = result.derivative(symbol.name)
        out[symbol.name] = {
            "expression": str(d.expression),
            "latex": d.latex,
            "sign": d.sign,
            "text": d.describe(_name(result)),
        }
    return out


def threshold_to_dict(result: ThresholdResult) -> dict[str, Any]:
    value = result.value
    return {
        "model": result.model,
        "parameter": result.parameter,
        "deterred": list(result.outcomes),
        "direction": result.direction,
        "status": result.status,
        "symbolic": str(result.symbolic) if result.symbolic is not None else None,
        "latex": result.latex or None,
        "conditions": [str(c) for c in result.conditions],
        "value": float(value) if value is not None else None,
        "value_exact": str(value) if value is not None else None,
        "numeric": result.numeric,
        "attained": result.attained,
        "parameters": {k: str(v) for k, v in result.fixed.items()},
        "derivatives": derivatives(result),
        "notes": list(result.notes),
    }


def threshold_to_text(result: ThresholdResult) -> str:
    name = _name(result)
    which = "least" if result.direction == "least" else "greatest"
    lines = [
        f"{result.model}: the {which} {result.parameter} at which play reaches only "
        + ", ".join(result.outcomes)
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
        assert value is not None
        exact = "" if value.is_Rational else f" = {sympy.N(value, 12)}"
        lines.append(f"at the given values: {name} = {value}{exact}")
        at = {True: "holds", False: "does not hold", None: "is not tested (irrational point)"}
        lines.append(f"at {name} itself the condition {at[result.attained]}")
    if result.numeric is not None:
        lines.append(f"numeric check (scan, bisection, brentq): {result.numeric:.12g}")
    for entry in derivatives(result).values():
        lines.append(entry["text"])
    lines.extend(f"note: {n}" for n in result.notes)
    fixed = ", ".join(f"{k} = {v}" for k, v in result.fixed.items())
    if fixed:
        lines.append(f"other parameters: {fixed}")
    return "\n".join(lines) + "\n"


def threshold_to_latex(result: ThresholdResult) -> str:
    """An equation for a paper: the closed form and, as cases, where it applies."""
    name = f"{sympy.latex(sympy.Symbol(result.parameter))}^*"
    if result.symbolic is None:
        text = {"always": r"\text{always}", "never": r"\text{never}"}.get(result.status, "")
        value = sympy.latex(result.value) if result.value is not None else text
        return f"\\[ {name} = {value} \\]\n"
    body = f"{name} = {result.latex}"
    if result.conditions:
        conditions = r" \\ ".join(sympy.latex(c) for c in result.conditions)
        body += r" \quad \text{where} \quad \begin{gathered} " + conditions + r" \end{gathered}"
    return f"\\[ {body} \\]\n"
