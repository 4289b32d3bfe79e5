"""Shared parts of the vectorised solvers: numeric compilation of exact expressions, the
tolerance below which floats are not trusted, and small array helpers.

The vectorised solvers (:mod:`deterrence.solvers.vectorised_tree`,
:mod:`deterrence.solvers.vectorised_matrix`) evaluate a parametric game on arrays of points in
floating point; they cross from the symbolic side only here, through ``lambdify``.
"""

from __future__ import annotations

import numpy as np
import sympy

#: Payoff differences (and probabilities) closer to zero than this, relative to the size of
#: the payoffs compared, are decided by the exact solver.
TIE_TOLERANCE = 1e-9


#: A value at every point of a chunk: an array, or one float where it is the same everywhere
#: (payoffs that depend only on parameters held fixed stay scalars: no array is built).
Values = np.ndarray | float


#: Values beyond this are refused by the exact solver (deterrence.game.magnitude); points
#: where the floats reach it are handed to the exact solver, which says so.
TOO_LARGE = 1e300


def size_bound(expression: object) -> sympy.Expr:
    """An expression bounding the size of the terms that make up ``expression``: every sum
    replaced by the sum of the absolute values of its terms. A difference that cancels to
    almost nothing is then judged against the size of what cancelled, not its own."""
    expr = sympy.sympify(expression, strict=True)
    return expr.replace(
        lambda e: isinstance(e, sympy.Add), lambda e: sympy.Add(*(sympy.Abs(a) for a in e.args))
    )


def compile_numeric(expression: object):
    """``expression`` as a function of a mapping of parameter name to values (arrays or
    floats), through ``lambdify``; a constant stays one float.

    >>> import numpy as np, sympy
    >>> f = compile_numeric(sympy.Symbol("p") * 2)
    >>> f({"p": np.array([0.25, 0.5])})
    array([0.5, 1. ])
    """
    expr = sympy.sympify(expression, strict=True)
    used = sorted(expr.free_symbols, key=lambda s: s.name)
    if not used:
        constant = float(expr)
        return lambda columns: constant
    function = sympy.lambdify(used, expr, modules="numpy")
    names = [s.name for s in used]
    return lambda columns: function(*(columns[name] for name in names))


def renumber(values: np.ndarray, n: int) -> tuple[np.ndarray, list[int]]:
    """Small non-negative integers renumbered 0, 1, ... in increasing order, without sorting
    (a sort of a million codes costs more than the whole induction)."""
    values = np.broadcast_to(values, (n,))
    top = int(values.max()) if n else 0
    if top < 1 << 22:
        present = np.flatnonzero(np.bincount(values, minlength=top + 1))
        lookup = np.zeros(top + 1, dtype=np.int32)
        lookup[present] = np.arange(len(present), dtype=np.int32)
        return lookup[values], present.tolist()
    codes, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(n).astype(np.int32), codes.tolist()
