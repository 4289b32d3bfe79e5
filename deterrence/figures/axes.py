"""What both kinds of figure share: the parameters on the axes, their window, and a fresh
Axes that needs no display."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.game.notation import Notation
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


def bounded(p: Parameter) -> bool:
    """Whether ``p`` declares both bounds, so that its whole range can be drawn."""
    return p.lower is not None and p.upper is not None


def focus(p: Parameter, low: float, high: float) -> tuple[Fraction, Fraction]:
    """A window of ``p`` that the stretch from ``low`` to ``high`` (where a figure changes)
    fills: widened by a quarter of its width on each side (by half its magnitude, or by 1 at
    zero, when it is a single point), stretched to a declared bound when that at most doubles
    it, since a reader expects to see a range start at its bound, and rounded out to a round
    step (half a power of ten below the width) so that the ticks fall on round numbers.

    A declared bound is never crossed.

    Examples
    --------
    >>> cost = Parameter("cA", Fraction(2, 5), Fraction(0))       # declared cA >= 0 only
    >>> [str(v) for v in focus(cost, 0.25, 0.6)]
    ['0', '7/10']
    >>> [str(v) for v in focus(cost, 10.0, 12.0)]                 # far from the bound
    ['19/2', '25/2']
    >>> [str(v) for v in focus(Parameter("x"), 3.0, 3.0)]         # one point, no bound
    ['3/2', '9/2']
    """
    import math

    if not high >= low:
        raise ValueError(f"the stretch must not decrease: {low} > {high}")
    width = high - low
    margin = width / 4 if width > 0 else (abs(low) / 2 if low != 0 else 1.0)
    start, stop = low - margin, high + margin
    span = stop - start
    snapped_low = p.lower is not None and start - float(p.lower) <= span
    snapped_high = p.upper is not None and float(p.upper) - stop <= span
    step = Fraction(10) ** math.floor(math.log10(span)) / 2
    out_low = (
        Fraction(p.lower)
        if snapped_low and p.lower is not None
        else math.floor(Fraction(start) / step) * step
    )
    out_high = (
        Fraction(p.upper)
        if snapped_high and p.upper is not None
        else math.ceil(Fraction(stop) / step) * step
    )
    if p.lower is not None:
        out_low = max(out_low, p.lower)
    if p.upper is not None:
        out_high = min(out_high, p.upper)
    return out_low, out_high


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


def mathtext(symbol: str, fallback: str) -> str:
    r"""``$symbol$`` where matplotlib's mathtext can typeset ``symbol``, else ``fallback``.

    The symbol is LaTeX the user wrote; mathtext parses a subset of LaTeX, so a symbol it
    does not know (``\bm{p}``) falls back to a plain name rather than failing the figure.

    Examples
    --------
    >>> mathtext("c_{A}", "cA"), mathtext(r"\notamacro{p}", "p")
    ('$c_{A}$', 'p')
    """
    from matplotlib.mathtext import MathTextParser

    text = f"${symbol}$"
    try:
        MathTextParser("path").parse(text)
    except Exception:  # mathtext raises ValueError, and others from its parser, on bad input
        return fallback
    return text


def axis_label(p: Parameter, notation: Notation | None = None, width: int = 45) -> str:
    """The axis label of a parameter: its display name and symbol, ``pledge credibility
    ($p$)``, or the symbol alone where the spec declares no label; broken to lines of about
    ``width`` characters.

    Examples
    --------
    >>> from deterrence.game.notation import Notation
    >>> n = Notation.of(symbols={"cA": "c_A"}, labels={"cA": "attacker's war cost"})
    >>> axis_label(Parameter("cA"), n), axis_label(Parameter("wD"))
    ("attacker's war cost ($c_A$)", '$w_{D}$')
    """
    import textwrap

    notation = notation or Notation()
    symbol = mathtext(notation.symbol(p.name), p.name)
    if not notation.has_label(p.name):
        return symbol
    return "\n".join(textwrap.wrap(f"{notation.label(p.name)} ({symbol})", width))


def short_title(game: object) -> str:
    """A figure's title prefix: the model's title up to its colon, else its id."""
    info = getattr(game, "info", None)
    title = (getattr(info, "title", "") or "").split(":")[0].strip()
    return title or getattr(info, "id", "game")


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
