"""A solve result as a JSON-ready dict (the contract in docs/reference/json.md)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from deterrence.report.numbers import number
from deterrence.solvers.result import Equilibrium, SolveResult


def result_to_dict(result: SolveResult, *, exact: bool = False) -> dict[str, Any]:
    """The result as plain JSON types.

    Parameters
    ----------
    exact : bool
        Write numbers as exact strings (``"5/11"``) instead of JSON numbers.
    """
    return {
        "model": result.model,
        "concept": result.concept,
        "method": result.method,
        "exact": result.exact,
        "complete": result.complete,
        "notes": list(result.notes),
        "parameters": {k: number(v, exact) for k, v in result.parameters.items()},
        "players": list(result.players),
        "form": result.form,
        "degenerate": result.degenerate,
        "certificate": result.certificate,
        "certificate_exact": result.certificate_exact,
        **(
            {
                "method_parameters": {
                    k: _plain(v, exact) for k, v in result.method_parameters.items()
                }
            }
            if result.method_parameters
            else {}
        ),
        "equilibria": [_equilibrium(result, e, exact) for e in result.equilibria],
    }


def _plain(value: Any, exact: bool) -> Any:
    """A method parameter as JSON: numbers as numbers (or exact strings), the rest as text."""
    if isinstance(value, bool | str | float) or value is None:
        return value
    if isinstance(value, int | Fraction):
        return number(Fraction(value), exact)
    return str(value)


def _equilibrium(result: SolveResult, eq: Equilibrium, exact: bool) -> dict[str, Any]:
    players = result.players
    out: dict[str, Any] = {
        "payoffs": {p: number(v, exact) for p, v in zip(players, eq.payoffs, strict=True)},
        "outcomes": {k: number(v, exact) for k, v in eq.outcomes.items()},
    }
    if result.form == "tree" and eq.behaviour is not None:
        out["behaviour"] = {
            p: {h: {a: number(x, exact) for a, x in acts.items()} for h, acts in b.items()}
            for p, b in zip(players, eq.behaviour, strict=True)
        }
    if eq.mixed is not None:
        key = "strategies" if result.form == "tree" else "mixed"
        out[key] = {
            p: {s: number(x, exact) for s, x in m.items()}
            for p, m in zip(players, eq.mixed, strict=True)
        }
    out["regret"] = number(eq.regret, exact)
    if eq.beliefs is not None:
        out["beliefs"] = {
            h: {node: number(x, exact) for node, x in nodes.items()}
            for h, nodes in eq.beliefs.items()
        }
    if hasattr(eq, "off_path_beliefs"):
        # A perfect Bayesian equilibrium: kind, off-path belief sets, refinements (json.md).
        from deterrence.solvers.pbe import pbe_as_dict

        out.update(pbe_as_dict(eq, lambda v: number(v, exact)))
    if result.form == "tree":
        out["subgame_perfect"] = eq.subgame_perfect
        if eq.subgame_note:
            out["subgame_perfect_note"] = eq.subgame_note
        out["non_credible_threats"] = [
            {
                "player": t.player,
                "infoset": t.infoset,
                "action": t.action,
                "better": t.better,
                "gain": number(t.gain, exact),
            }
            for t in eq.non_credible
        ]
        if eq.completion and any(eq.completion):
            out["completion"] = {
                p: dict(c) for p, c in zip(players, eq.completion, strict=True) if c
            }
    return out
