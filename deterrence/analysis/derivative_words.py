"""How a threshold moves with another parameter, in English and in LaTeX.

The maths (the derivative of the closed form and its sign, at the given values and over the
region where the closed form applies) is :class:`~deterrence.analysis.threshold.Derivative`;
this module only words it, for its methods ``describe``, ``summary``, ``words`` and
``latex_statement``. It sits in analysis/, not report/, because those methods are part of the
analysis API and analysis/ never imports report/, not even when a method is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from deterrence.analysis.threshold import Derivative

_RELATION = {
    "positive": "> 0",
    "negative": "< 0",
    "nonnegative": r"\geq 0",
    "nonpositive": r"\leq 0",
}


def sign_at_values(derivative: Derivative, threshold: str) -> str:
    """The sign at the given values, in words.

    Parameters
    ----------
    derivative : Derivative
    threshold : str
        The threshold as the sentence names it (``p*``).

    Returns
    -------
    str
        ``p* falls as cA rises (dp*/dcA = ...)``; only the derivative where its sign at the
        given values is unknown.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.comparative_statics import RegionSign
    >>> from deterrence.analysis.threshold import Derivative
    >>> c, g = sympy.symbols("c g", real=True)
    >>> d = Derivative("c", -g / (c + g) ** 2, sympy.Rational(-1, 16), "negative", threshold="q")
    >>> sign_at_values(d, "q*")
    'q* falls as c rises (dq*/dc = -g/(c + g)**2)'
    """
    direction = {"positive": "rises", "negative": "falls", "zero": "does not move"}
    if derivative.sign is None:
        return f"d{threshold}/d{derivative.name} = {derivative.expression}"
    return (
        f"{threshold} {direction[derivative.sign]} as {derivative.name} rises "
        f"(d{threshold}/d{derivative.name} = {derivative.expression})"
    )


def sign_summary(derivative: Derivative) -> str:
    """The sign over the region in one line, as the text output prints it.

    Parameters
    ----------
    derivative : Derivative

    Returns
    -------
    str
        ``dp*/dcA < 0: p* falls as cA rises``, and the like for every sign over the region.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.comparative_statics import RegionSign
    >>> from deterrence.analysis.threshold import Derivative
    >>> c, g = sympy.symbols("c g", real=True)
    >>> d = Derivative(
    ...     "c", -g / (c + g) ** 2, sympy.Rational(-1, 16), "negative",
    ...     region=RegionSign("negative", "by the bounds"), threshold="q",
    ... )
    >>> sign_summary(d)
    'dq*/dc < 0: q* falls as c rises'
    """
    star = f"{derivative.threshold}*"
    d = f"d{star}/d{derivative.name}"
    region = derivative.region
    if region is None:
        return f"{d}: no region"
    if region.sign in ("positive", "negative"):
        relation = "> 0" if region.sign == "positive" else "< 0"
        verb = "rises" if region.sign == "positive" else "falls"
        return f"{d} {relation}: {star} {verb} as {derivative.name} rises"
    if region.sign in ("nonnegative", "nonpositive"):
        relation = ">= 0" if region.sign == "nonnegative" else "<= 0"
        verb = "falls" if region.sign == "nonnegative" else "rises"
        return f"{d} {relation}: {star} never {verb} as {derivative.name} rises ({region.reason})"
    if region.sign == "zero":
        return f"{d} = 0: {star} does not depend on {derivative.name}"
    if region.sign == "changes sign":
        up, down = (witness_point(w, derivative.given) for w in region.witnesses)
        return f"{d} changes sign: > 0 at {up}; < 0 at {down}"
    return f"{d}: sign undecided ({region.reason})"


def sign_sentence(derivative: Derivative) -> str:
    """The sign over the region as a sentence.

    Parameters
    ----------
    derivative : Derivative

    Returns
    -------
    str
        What the threshold does as the parameter rises, wherever the closed form applies;
        the sign at the given values (:func:`sign_at_values`) where there is no region.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.comparative_statics import RegionSign
    >>> from deterrence.analysis.threshold import Derivative
    >>> c, g = sympy.symbols("c g", real=True)
    >>> d = Derivative(
    ...     "c", -g / (c + g) ** 2, sympy.Rational(-1, 16), "negative",
    ...     region=RegionSign("negative", "by the bounds"), threshold="q",
    ...     subject="the least risk q*", scope="c ≥ 0, g ≥ 0",
    ... )
    >>> sign_sentence(d)
    'the least risk q* falls as c rises, wherever the closed form applies (c ≥ 0, g ≥ 0)'
    """
    region = derivative.region
    subject = derivative.subject or f"{derivative.threshold}*"
    about = derivative.about or derivative.name
    where = f", wherever the closed form applies ({derivative.scope})" if derivative.scope else ""
    if region is None:
        return sign_at_values(derivative, f"{derivative.threshold}*")
    if region.sign in ("positive", "negative"):
        verb = "rises" if region.sign == "positive" else "falls"
        return f"{subject} {verb} as {about} rises{where}"
    if region.sign in ("nonnegative", "nonpositive"):
        never, verb = (
            ("never falls", "rises") if region.sign == "nonnegative" else ("never rises", "falls")
        )
        detail = (
            f"; it {verb} strictly wherever no parameter is at a bound of its declared range"
            if region.boundary_only
            else "; it may stay put"
        )
        return f"{subject} {never} as {about} rises{where}{detail}"
    if region.sign == "zero":
        return f"{subject} does not depend on {about}{where}"
    if region.sign == "changes sign":
        up, down = (witness_point(w, derivative.given) for w in region.witnesses)
        return (
            f"{subject} rises with {about} in part of the region where the closed form "
            f"applies and falls in another: it rises at {up} and falls at {down}"
        )
    here = {"positive": "rises", "negative": "falls", "zero": "does not move"}
    at = f"; at the given values it {here[derivative.sign]}" if derivative.sign else ""
    return (
        f"whether {subject} rises or falls with {about} over the whole region where the "
        f"closed form applies is undecided: {region.reason}{at}"
    )


def latex_statement(derivative: Derivative) -> str:
    """``\\frac{\\partial p^*}{\\partial a} = ... < 0``: the derivative and its sign over
    the region, for a paper.

    Parameters
    ----------
    derivative : Derivative

    Returns
    -------
    str
        The equation, with the relation to zero where the sign over the region is strict or
        weak; the bare equation otherwise. Every parameter is written by its symbol in the
        derivative's notation (``cA`` as ``c_{A}`` by default).

    Examples
    --------
    >>> import sympy
    >>> from deterrence.analysis.comparative_statics import RegionSign
    >>> from deterrence.analysis.threshold import Derivative
    >>> c, g = sympy.symbols("c g", real=True)
    >>> d = Derivative(
    ...     "c", -g / (c + g) ** 2, sympy.Rational(-1, 16), "negative",
    ...     region=RegionSign("negative", "by the bounds"), threshold="q",
    ... )
    >>> print(latex_statement(d))
    \\frac{\\partial q^*}{\\partial c} = - \\frac{g}{\\left(c + g\\right)^{2}} < 0
    >>> cA = sympy.Symbol("cA", real=True)
    >>> d = Derivative(
    ...     "cA", 1 / cA, None, None, region=RegionSign("positive", "by the bounds"),
    ...     threshold="wD",
    ... )
    >>> print(latex_statement(d))
    \\frac{\\partial w_{D}^*}{\\partial c_{A}} = \\frac{1}{c_{A}} > 0
    """
    notation = derivative.notation
    star = notation.starred(derivative.threshold)
    lhs = rf"\frac{{\partial {star}}}{{\partial {notation.symbol(derivative.name)}}}"
    body = f"{lhs} = {derivative.latex}"
    relation = _RELATION.get(derivative.sign_over_region or "")
    return f"{body} {relation}" if relation else body


def witness_point(point: Mapping[str, sympy.Expr], given: Mapping[str, sympy.Expr]) -> str:
    """A witness of a sign, by the values that differ from the given ones.

    Parameters
    ----------
    point : mapping of str to sympy number
        A point of the region, every parameter at an exact value.
    given : mapping of str to sympy number
        The given values.

    Returns
    -------
    str
        ``a = 1/2, v = 3``; ``the given values`` where nothing differs.

    Examples
    --------
    >>> import sympy
    >>> half = sympy.Rational(1, 2)
    >>> witness_point({"a": half, "v": sympy.Integer(3)}, {"a": sympy.Integer(0), "v": 3})
    'a = 1/2'
    >>> witness_point({"a": half}, {"a": half})
    'the given values'
    """
    moved = [f"{k} = {v}" for k, v in point.items() if given.get(k) != v]
    return ", ".join(moved) or "the given values"
