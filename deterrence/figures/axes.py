"""What both kinds of figure share: the parameters on the axes, their window, and a fresh
Axes that needs no display."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game.parameters import Parameter, resolve_values
from deterrence.optional import require

STYLES = ("color", "print")


def matplotlib_axes(ax: Any, size: tuple[float, float] = (6.4, 4.8)) -> Any:
    """``ax`` itself, or the Axes of a new ``Figure`` that no window manager knows about,
    so that drawing works headless and leaves pyplot's global state alone."""
    require("matplotlib", "plot", "plotting")
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained").add_subplot()


def parameter(parameters: Sequence[Parameter], name: str, role: str) -> Parameter:
    """The parameter called ``name``, or a :class:`SpecError` with a suggestion; ``role``
    (``x``, ``y``, ...) names the argument in the message."""
    for p in parameters:
        if p.name == name:
            return p
    names = [p.name for p in parameters]
    raise SpecError(
        [
            Diagnostic(
                f"unknown parameter `{name}`; the model declares "
                + ", ".join(f"`{n}`" for n in names),
                path=role,
                suggestion=did_you_mean(name, names),
            )
        ]
    )


def window(
    p: Parameter, value: Fraction, limits: tuple[object, object] | None = None
) -> tuple[Fraction, Fraction]:
    """The range of ``p`` drawn: ``limits`` if given, else its declared bounds. A missing
    bound is replaced as ``dt.analyse`` does when it samples regions: with
    ``m = max(|value|, 1)``, the lower end becomes ``value - m`` and the upper one
    ``lower + 2*m``.

    >>> from deterrence.load import load
    >>> game = load("extended-deterrence")
    >>> [str(v) for v in window(game.parameters[-1], Fraction(1, 2))]   # p: declared [0, 1]
    ['0', '1']
    >>> [str(v) for v in window(game.parameters[6], Fraction(1, 10))]   # a: only min = 0
    ['0', '2']
    """
    if limits is not None:
        low, high = (exact_number(v) for v in limits)
        if not low < high:
            raise SpecError(
                [Diagnostic(f"the limits of `{p.name}` must increase, got {low} and {high}")]
            )
        return low, high
    spread = max(abs(value), Fraction(1))
    low = p.lower if p.lower is not None else value - spread
    high = p.upper if p.upper is not None else low + 2 * spread
    return low, high


def fixed_values(
    parameters: Sequence[Parameter], values: Mapping[str, object] | None, free: Sequence[str]
) -> dict[str, Fraction]:
    """Every parameter's value (exact), the free ones at their defaults; giving a value to a
    free parameter is an error, since the figure spans it."""
    given = {k: exact_number(v) for k, v in (values or {}).items()}
    clash = [name for name in free if name in given]
    if clash:
        raise SpecError(
            [
                Diagnostic(f"`{name}` is on an axis of the figure; do not fix it", path=name)
                for name in clash
            ]
        )
    return resolve_values(parameters, given)


def axis_label(p: Parameter, width: int = 45) -> str:
    """``p: probability that the pledge binds``, on lines of about ``width`` characters so
    that it fits beside the axis; the bare name when the model says nothing."""
    import textwrap

    return "\n".join(textwrap.wrap(f"{p.name}: {p.doc}", width)) if p.doc else p.name


def check_style(style: str) -> None:
    """Check that ``style`` is one of :data:`STYLES`: ``color`` (filled colours) or ``print``
    (greys and hatches).

    Raises
    ------
    SpecError
        Naming the styles, with the closest one as a suggestion.

    Examples
    --------
    >>> check_style("print")
    >>> check_style("colour")
    Traceback (most recent call last):
    ...
    deterrence.errors.SpecError: 1 problem found:
      style: unknown style `colour`; expected color or print (did you mean `color`?)
    """
    if style not in STYLES:
        raise SpecError(
            [
                Diagnostic(
                    f"unknown style `{style}`; expected color or print",
                    path="style",
                    suggestion=did_you_mean(style, STYLES),
                )
            ]
        )
