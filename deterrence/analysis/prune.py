"""Dropping the conditions of a region that its other conditions already imply.

A region's conditions are read off the comparisons behind its play, and many of them repeat
each other once the parameters' declared bounds are taken into account (``(e - 1)/L < 0`` is
``e < 1`` when ``L >= 1``). A condition is dropped only when it is *proved* positive over the
region that the remaining conditions and the bounds describe
(:class:`deterrence.analysis.comparative_statics.Domain`), so the region stays exactly the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from deterrence.game.parameters import Parameter


def positive_part(relation: sympy.Basic) -> sympy.Expr | None:
    """``f`` such that ``relation`` says ``f > 0`` (or ``f >= 0``), None for other forms."""
    if isinstance(relation, sympy.StrictGreaterThan | sympy.GreaterThan):
        return relation.lhs - relation.rhs
    if isinstance(relation, sympy.StrictLessThan | sympy.LessThan):
        return relation.rhs - relation.lhs
    return None


def prune(
    conditions: Sequence[sympy.Basic], parameters: Sequence[Parameter]
) -> tuple[sympy.Basic, ...]:
    """The conditions without those the others and the declared bounds imply.

    >>> from fractions import Fraction
    >>> L = Parameter("L", Fraction(10), Fraction(1))
    >>> e = Parameter("e", Fraction(0), Fraction(0))
    >>> prune((e.symbol < 1, -(e.symbol - 1) / L.symbol > 0), [L, e])
    (e < 1,)
    """
    from deterrence.analysis.comparative_statics import Domain

    kept = list(dict.fromkeys(conditions))
    # The most complicated are tried first, so that the simple statements are the ones kept.
    for condition in sorted(kept, key=sympy.count_ops, reverse=True):
        others = [c for c in kept if c is not condition and positive_part(c) is not None]
        region = Domain(parameters, others)
        parts = condition.args if isinstance(condition, sympy.Or) else (condition,)
        signs = [
            region.sign(f, search=False).sign if (f := positive_part(part)) is not None else None
            for part in parts
        ]
        if any(s is not None and _implied(part, s) for part, s in zip(parts, signs, strict=True)):
            kept.remove(condition)
            continue
        if len(parts) > 1:
            # Of a disjunction, the parts the others rule out can go (but not all of them).
            possible = [
                part
                for part, s in zip(parts, signs, strict=True)
                if s is None or not _excluded(part, s)
            ]
            if possible and len(possible) < len(parts):
                kept[kept.index(condition)] = sympy.Or(*possible)
    return tuple(kept)


def _excluded(relation: sympy.Basic, sign: str) -> bool:
    """Whether a proved sign of ``f`` rules out ``relation`` (``f > 0`` or ``f >= 0``)."""
    if isinstance(relation, sympy.GreaterThan | sympy.LessThan):
        return sign == "negative"
    return sign in ("negative", "nonpositive", "zero")


def _implied(relation: sympy.Basic, sign: str) -> bool:
    """Whether a proved sign of ``f`` implies ``relation`` (``f > 0`` or ``f >= 0``)."""
    if isinstance(relation, sympy.GreaterThan | sympy.LessThan):
        return sign in ("positive", "nonnegative", "zero")
    return sign == "positive"


def prune_against(
    candidates: Sequence[sympy.Basic],
    known: Sequence[sympy.Basic],
    parameters: Sequence[Parameter],
) -> tuple[sympy.Basic, ...]:
    """The ``candidates`` that ``known`` and the declared bounds do not imply (one region is
    built, from ``known``; a cheaper, weaker :func:`prune` for adding conditions to a list
    already pruned)."""
    from deterrence.analysis.comparative_statics import Domain

    region = Domain(parameters, [c for c in known if positive_part(c) is not None])
    kept = []
    for condition in dict.fromkeys(candidates):
        if condition in known:
            continue
        parts = condition.args if isinstance(condition, sympy.Or) else (condition,)
        if not any(
            (f := positive_part(part)) is not None
            and _implied(part, region.sign(f, search=False).sign)
            for part in parts
        ):
            kept.append(condition)
    # Then the few left against each other, the most complicated first.
    for condition in sorted(kept, key=sympy.count_ops, reverse=True):
        others = [c for c in (*known, *kept) if c is not condition and positive_part(c) is not None]
        region = Domain(parameters, others)
        parts = condition.args if isinstance(condition, sympy.Or) else (condition,)
        if any(
            (f := positive_part(part)) is not None
            and _implied(part, region.sign(f, search=False).sign)
            for part in parts
        ):
            kept.remove(condition)
    return tuple(kept)
