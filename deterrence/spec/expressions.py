"""Parse the payoff and probability formulas written in model spec files.

Spec files come from strangers, so their text is never handed to Python or to sympy's own
string parsing. A small tokenizer and a recursive-descent parser build sympy objects directly,
and the limits below keep a hostile formula from running code, reading files, exhausting memory
or hanging: every formula is accepted or refused within milliseconds.

The language, from the loosest binding to the tightest::

    sum        :=  product (("+" | "-") product)*
    product    :=  unary (("*" | "/") unary)*
    unary      :=  ("+" | "-") unary  |  power
    power      :=  primary (("^" | "**") unary)?          right-associative: 2^3^2 = 2^9
    primary    :=  number | name | function "(" sum ("," sum)* ")" | "(" sum ")"
    if-call    :=  "if" "(" sum comparison sum "," sum "," sum ")"
    comparison :=  "<" | "<=" | ">" | ">=" | "==" | "!="

A minus sign binds more loosely than a power, so ``-2^2`` is -4. Numbers are exact: ``0.35`` is
the rational 7/20, never a binary float. The functions are ``min`` and ``max`` (two or more
values), ``exp``, ``log``, ``sqrt``, ``abs`` (one value each) and ``if(condition, a, b)``, whose
condition compares two quantities; comparisons are allowed nowhere else.

Parts without names are computed at once (``if(1 < 2, a, b)`` is ``a``). Where names are
involved, ``min``, ``max``, ``abs``, ``if`` and its comparison are kept unevaluated, because
sympy's own simplification of them can take seconds (or, for some conditions, recurse without
end); substituting values settles them. Three rules keep sympy away from its costliest rewritings:
the condition of an ``if`` may not contain another ``if``; ``exp`` of something containing a
``log`` must have the form ``exp(k*log(x))``, which is taken as ``x^k``; and a power of ``exp(...)``
may not have a ``log`` in its exponent.

Limits: `MAX_TEXT_LENGTH` characters, `MAX_DEPTH` levels of nesting,
`MAX_NUMBER_DIGITS` digits in a written number and powers of ten up to `MAX_DECIMAL_EXPONENT`;
numeric exponents up to `MAX_EXPONENT` in size, on numbers up to `MAX_POWER_BASE`; roots of numbers
(fractional powers) only of numbers up to `MAX_ROOT_BASE`, up to the `MAX_ROOT_DEGREE`-th root,
and at most `MAX_ROOTS` of them; no number beyond `MAX_MAGNITUDE`, no numerator or denominator
beyond `MAX_CONSTANT_DIGITS` digits, no power of a name beyond `MAX_COMBINED_EXPONENT`, no
``exp`` of a number beyond `MAX_EXP_ARGUMENT`, and at most `MAX_FUNCTION_ARGUMENTS` values in one
``min`` or ``max``. The first three are the defaults of the limits ``expression_length``,
``expression_depth`` and ``exponent`` of :mod:`deterrence.limits`, which a user may change
(the largest power of a name follows ``exponent``: its square); the others are fixed.

Examples
--------
>>> import sympy
>>> p, c = sympy.symbols("p c")
>>> parse_expression("0.35 * p^2 - c/3", {"p": p, "c": c})
-c/3 + 7*p**2/20
>>> parse_expression("if(p > c, p, c)", {"p": p, "c": c})
Piecewise((p, p > c), (c, True))
>>> parse_expression(0.1, {})
1/10
>>> exact_number("1e-3")
Fraction(1, 1000)
"""

from __future__ import annotations

import contextvars
import itertools
import math
import numbers
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from deterrence import limits
from deterrence.errors import ExpressionError, did_you_mean
from deterrence.exact import (
    LITERAL,
    MAX_DECIMAL_EXPONENT,
    MAX_NUMBER_DIGITS,
    exact_number,
    read_literal,
)

__all__ = [
    "FUNCTIONS",
    "MAX_COMBINED_EXPONENT",
    "MAX_CONSTANT_DIGITS",
    "MAX_DECIMAL_EXPONENT",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_EXP_ARGUMENT",
    "MAX_FUNCTION_ARGUMENTS",
    "MAX_MAGNITUDE",
    "MAX_NUMBER_DIGITS",
    "MAX_POWER_BASE",
    "MAX_ROOTS",
    "MAX_ROOT_BASE",
    "MAX_ROOT_DEGREE",
    "MAX_TEXT_LENGTH",
    "ExpressionError",
    "degree_bound",
    "exact_number",
    "formula_names",
    "parse_expression",
]

#: Longest formula accepted, in characters, by default (limit ``expression_length``).
MAX_TEXT_LENGTH = limits.default_count("expression_length")
#: Deepest nesting of brackets, function calls, signs and powers, by default (limit
#: ``expression_depth``).
MAX_DEPTH = limits.default_count("expression_depth")
#: Largest absolute value of a numeric exponent, so ``9^9^9`` is refused before it is
#: computed, by default (limit ``exponent``).
MAX_EXPONENT = limits.default_count("exponent")
#: Largest numerator or denominator of a number raised to a power.
MAX_POWER_BASE = 10**40
#: Largest numerator or denominator of a number under a root or a fractional power.
MAX_ROOT_BASE = 10**9
#: Highest root of a number: the largest denominator of a fractional power of a number.
MAX_ROOT_DEGREE = 12
#: Most roots of numbers (fractional powers of numbers) in one formula.
MAX_ROOTS = 16
#: Largest power of a name after sympy combines powers, as in ``(p^64)^64``, by default: the
#: square of limit ``exponent``.
MAX_COMBINED_EXPONENT = MAX_EXPONENT**2
#: Most digits in any numerator or denominator the parser lets sympy produce.
MAX_CONSTANT_DIGITS = 400
#: Largest absolute value of a part of a formula that does not depend on any name.
MAX_MAGNITUDE = 1e300
#: Largest absolute value of a number given to ``exp`` (``exp(690)`` is about 10^299.7).
MAX_EXP_ARGUMENT = 690
#: Most values one ``min`` or ``max`` compares, counting those of nested ``min``/``max`` calls,
#: because sympy compares them pairwise with its (slow) assumption system.
MAX_FUNCTION_ARGUMENTS = 16

#: The functions a formula may call.
FUNCTIONS: frozenset[str] = frozenset({"abs", "exp", "if", "log", "max", "min", "sqrt"})

_ONE_ARGUMENT: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "abs": sympy.Abs,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
}
_APPROXIMATIONS: dict[str, Callable[[float], float]] = {
    "abs": abs,
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
}

# bit_length is cheap where counting decimal digits would need a string conversion.
_MAX_CONSTANT_BITS = math.ceil(MAX_CONSTANT_DIGITS * math.log2(10))

_COMPARISONS = {"<", "<=", ">", ">=", "==", "!="}

_RELATIONS: dict[str, Callable[..., sympy.Basic]] = {
    "<": sympy.Lt,
    "<=": sympy.Le,
    ">": sympy.Gt,
    ">=": sympy.Ge,
    "==": sympy.Eq,
    "!=": sympy.Ne,
}

_EXACT_RELATIONS: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}

_NONFINITE = frozenset(
    {sympy.S.ComplexInfinity, sympy.S.Infinity, sympy.S.NegativeInfinity, sympy.S.NaN}
)

# re.ASCII: without it [0-9]-like classes and \s would accept other scripts' digits and spaces.
_TOKEN = re.compile(
    rf"""
      (?P<space>[ \t\r\n]+)
    | (?P<number>{LITERAL})
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>\*\*|<=|>=|==|!=|[-+*/^(),<>])
    """,
    re.VERBOSE | re.ASCII,
)
# Characters people paste from word processors, with what to type instead.
_LOOKALIKES = {
    "\u2212": "-",
    "\u2013": "-",
    "\u00d7": "*",
    "\u00b7": "*",
    "\u00f7": "/",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "=": "==",
    "\u00b2": "^2",
    "\u00b3": "^3",
}


def parse_expression(text: str | int | float, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """Parse a formula into a sympy expression over the declared names.

    Parameters
    ----------
    text : str, int or float
        The formula. A number (as TOML, YAML and JSON files give them) is converted exactly,
        like `exact_number` does: 0.35 becomes 7/20.
    symbols : Mapping[str, sympy.Symbol]
        The declared names and the sympy symbols (or expressions) they stand for. Function names
        are always functions, even if declared.

    Returns
    -------
    sympy.Expr
        The formula, with every number an exact rational.

    Raises
    ------
    ExpressionError
        If the formula is malformed, uses an undeclared name or an unknown function, exceeds one
        of the module's limits, or has no finite real value (a division by zero, the log of a
        negative number...). The error carries the position and, where one is close, a
        suggested name.

    Examples
    --------
    >>> import sympy
    >>> a, b = sympy.symbols("a b")
    >>> parse_expression("min(a, b) + -2^2", {"a": a, "b": b})
    Min(a, b) - 4
    >>> parse_expression("2*kapa", {"kappa": a})
    Traceback (most recent call last):
    ...
    deterrence.errors.ExpressionError: unknown name `kapa`: it is not declared in \
this model; the parameters are `kappa` (at character 3; did you mean `kappa`?)
    """
    if isinstance(text, bool):
        raise ExpressionError(f"expected a formula or a number, got a true/false value ({text})")
    if not isinstance(text, str):
        if isinstance(text, numbers.Integral) and abs(text) >= 10**MAX_NUMBER_DIGITS:
            raise ExpressionError(
                f"the number has more than {MAX_NUMBER_DIGITS} digits", "<a very large integer>"
            )
        value = exact_number(text)
        try:
            return _Parser(repr(text), [], symbols).constant(value, 0).expr
        except ExpressionError as error:
            # A number given as a number has no characters to point at.
            raise ExpressionError(error.message, error.text, None, error.suggestion) from None
    longest = limits.count("expression_length")
    if len(text) > longest:
        raise ExpressionError(
            f"the formula is too long ({len(text)} characters; at most {longest} are "
            f"allowed; {limits.message('expression_length')})",
            text,
        )
    parser = _Parser(text, _tokenize(text), symbols)
    try:
        return parser.formula()
    except RecursionError:
        # The depth limit keeps the parser itself shallow; this catches sympy rebuilding an
        # expression without end, which some inputs still provoke in its tidying of conditions.
        raise ExpressionError(
            "the formula is too complicated to work with: simplifying it recursed without end",
            text,
        ) from None


def formula_names(text: str) -> list[str]:
    """The names a formula uses, in order of first appearance: neither the functions
    (`FUNCTIONS`) nor the logic words of other languages the parser knows (``and``, ``not``,
    ``true``, ...), and nothing inside a number (``1e5`` names nothing). Nothing is checked:
    a character the parser refuses is skipped, and :func:`parse_expression` reports it.

    Examples
    --------
    >>> formula_names("b0 + b1*balance - exp(c*1e-3) + if(x > 0, b1, 0) + 2.5e2*y")
    ['b0', 'b1', 'balance', 'c', 'x', 'y']
    >>> formula_names("a and not b")
    ['a', 'b']
    """
    found: dict[str, None] = {}
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            position += 1
            continue
        word = match.group()
        if match.lastgroup == "name" and word not in FUNCTIONS and word not in _LOGIC_WORDS:
            found[word] = None
        position = match.end()
    return list(found)


def degree_bound(expr: sympy.Expr) -> int:
    """An upper bound on the total degree of ``expr`` in its names once multiplied out, read
    off the unexpanded formula: a sum takes the largest degree of its terms, a product the sum,
    a power ``a^k`` ``|k|`` times that of ``a``, a function or a power with a variable
    exponent the sum over its arguments. A quotient counts its denominator too, as its value
    has the digits of both.

    >>> p, q = sympy.symbols("p q")
    >>> degree_bound(((p**64 + p)**64 + q)**64)
    262144
    >>> degree_bound(p * q / (1 + p))
    3
    """
    seen: dict[sympy.Basic, int] = {}
    # A walk with an explicit stack: sympy trees share parts, and none is deep, but no walk
    # here relies on the recursion limit.
    stack: list[tuple[sympy.Basic, bool]] = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if node in seen:
            continue
        if isinstance(node, sympy.Symbol):
            seen[node] = 1
            continue
        if not node.args or not node.free_symbols:
            seen[node] = 0
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if a not in seen)
            continue
        parts = [seen[a] for a in node.args]
        if isinstance(node, (sympy.Add, sympy.Max, sympy.Min)):
            seen[node] = max(parts)
        elif isinstance(node, sympy.Pow) and isinstance(node.exp, sympy.Rational):
            seen[node] = parts[0] * math.ceil(abs(Fraction(node.exp.p, node.exp.q)))
        else:
            seen[node] = sum(parts)
    return seen[expr]


def _short(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# --- tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    position: int


def _tokenize(text: str) -> list[_Token]:
    """Split the formula into tokens, refusing bad characters and over-deep brackets early."""
    tokens = []
    position = 0
    depth = 0
    deepest = limits.count("expression_depth")
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _bad_character(text, position)
        kind = match.lastgroup
        word = match.group()
        if kind == "name" and word.startswith("__"):
            # Dunder names are how Python sandbox escapes begin; no model needs one.
            raise ExpressionError(
                f"names cannot start with two underscores, as `{_short(word)}` does",
                text,
                position,
            )
        if kind != "space":
            assert kind is not None
            tokens.append(_Token(kind, word, position))
        # Counted here so that a flood of brackets is refused before any recursion starts.
        if word == "(":
            depth += 1
            if depth > deepest:
                raise ExpressionError(
                    f"too many nested brackets (at most {deepest} levels are allowed; "
                    f"{limits.message('expression_depth')})",
                    text,
                    position,
                )
        elif word == ")":
            depth -= 1
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _bad_character(text: str, position: int) -> ExpressionError:
    char = text[position]
    suggestion = None
    if char == "=":
        suggestion = _equals_hint(text, position)
    elif char in "&|":
        suggestion = _combined_hint(
            text, position, 2 if text[position + 1 : position + 2] == char else 1
        )
    elif char == "!":
        suggestion = _negation_hint(text, position, 1)
    elif char in _LOOKALIKES:
        suggestion = f"write `{_LOOKALIKES[char]}` instead"
    elif char in "'\"`":
        suggestion = "names and numbers are written without quotes"
    elif char == ".":
        suggestion = "a decimal point must be followed by digits, as in 0.5"
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return ExpressionError(f"unexpected character `{shown}`", text, position, suggestion)


def _describe(token: _Token) -> str:
    return "the end of the formula" if token.kind == "end" else f"`{_short(token.text)}`"


# --- suggestions ----------------------------------------------------------------------------
#
# Every piece of formula a suggestion shows in backticks is valid syntax of the language: those
# made from the text of the formula are parsed before they are shown (with any name accepted),
# and replaced by a fixed example when they do not parse.

#: Longest piece of formula a suggestion shows.
_SHOWN_LONGEST = 80
#: Words of other languages that people write in formulas, when they are not declared names.
_LOGIC_WORDS = frozenset({"and", "or", "not", "else", "then", "true", "false", "True", "False"})
#: Names of functions elsewhere -> the function of this language.
_FUNCTION_ALIASES = {
    "ln": "log",
    "Log": "log",
    "Exp": "exp",
    "Abs": "abs",
    "fabs": "abs",
    "Max": "max",
    "Min": "min",
    "Sqrt": "sqrt",
    "ifelse": "if",
    "iif": "if",
    "ite": "if",
    "If": "if",
    "IF": "if",
    "where": "if",
    "cond": "if",
    "Piecewise": "if",
}
_FLIPPED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_COMPARISON = re.compile(r"<=|>=|==|!=|<|>")
_WORD_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER_AT = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_EXAMPLES = {"if": "if(x > 0, x, 0)", "min": "min(x, y)", "max": "max(x, y)"}
_CHECKING: contextvars.ContextVar[bool] = contextvars.ContextVar("checking", default=False)


class _AnyName(Mapping[str, sympy.Expr]):
    """Symbols for a syntax check: every name counts as declared."""

    def __getitem__(self, name: str) -> sympy.Expr:
        return sympy.Symbol(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _parses(piece: str) -> bool:
    """Whether ``piece`` is a formula of the language (whatever its names), and short enough
    to show in a suggestion."""
    if not piece or len(piece) > _SHOWN_LONGEST or _CHECKING.get():
        return False
    token = _CHECKING.set(True)
    try:
        _Parser(piece, _tokenize(piece), _AnyName()).formula()
    except (ExpressionError, RecursionError):
        return False
    finally:
        _CHECKING.reset(token)
    return True


def _checked(piece: str) -> str | None:
    """``piece`` if it parses (see :func:`_parses`), else None."""
    return piece if _parses(piece) else None


def _closing(text: str, opening: int) -> int | None:
    """The offset of the ')' that closes the '(' at ``opening``, or None."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def _arguments(text: str, opening: int) -> tuple[list[tuple[int, int]], int] | None:
    """The arguments of the call whose '(' is at ``opening``, as (start, end) offsets without
    the spaces around them, and the offset of its ')'; None if it is not closed."""
    close = _closing(text, opening)
    if close is None:
        return None
    cuts, depth = [opening], 0
    for index in range(opening + 1, close):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            cuts.append(index)
    cuts.append(close)
    spans = []
    for left, right in itertools.pairwise(cuts):
        start, end = left + 1, right
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return spans, close


def _enclosing_call(text: str, position: int) -> tuple[str, int, int] | None:
    """The function name, the name's offset and the '(' offset of the innermost call (or
    bracket, with the name "") around ``position``."""
    depth = 0
    for index in range(position - 1, -1, -1):
        char = text[index]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                start = index
                while start > 0 and text[start - 1] in " \t":
                    start -= 1
                word = start
                while word > 0 and (text[word - 1].isalnum() or text[word - 1] == "_"):
                    word -= 1
                return text[word:start], word, index
            depth -= 1
    return None


def _condition_of(text: str, position: int) -> tuple[int, list[tuple[int, int]], int] | None:
    """If ``position`` is in the first argument of an ``if(...)``: the offset of the `if`, the
    spans of its arguments and the offset of its ')'."""
    call = _enclosing_call(text, position)
    if call is None or call[0] != "if":
        return None
    found = _arguments(text, call[2])
    if found is None:
        return None
    spans, close = found
    if position > spans[0][1]:
        return None
    return call[1], spans, close


def _operand_end(text: str, start: int) -> int | None:
    """The end of the operand that starts at ``start`` (after spaces and signs): a bracket, a
    name or a number."""
    index = start
    while index < len(text) and text[index] in " \t+-":
        index += 1
    if index < len(text) and text[index] == "(":
        close = _closing(text, index)
        return None if close is None else close + 1
    match = _WORD_AT.match(text, index) or _NUMBER_AT.match(text, index)
    return None if match is None else match.end()


def _ternary_hint(text: str, position: int) -> str:
    """``x if c else y`` (Python) written as ``if(c, x, y)``."""
    value = text[:position].strip()
    rest = text[position + 2 :]
    other = re.search(r"\belse\b", rest)
    condition = (rest[: other.start()] if other else rest).strip().rstrip(":").strip()
    otherwise = rest[other.end() :].strip() if other else "0"
    written = _checked(f"if({condition}, {value}, {otherwise})")
    if written is not None and other is not None:
        return f"`if` is a function: write `{written}`"
    if written is not None:
        return (
            f"`if` is a function: write `{written}`, with the value for when the condition "
            "fails in place of 0"
        )
    return (
        "`if` is a function: write it as if(condition, value if true, value if false), e.g. "
        f"`{_EXAMPLES['if']}`"
    )


def _combined_hint(text: str, position: int, length: int) -> str:
    """Conditions joined by ``and``/``&&`` or ``or``/``||``, written as nested if calls."""
    word = text[position : position + length]
    both = word in ("and", "&&", "&")
    fallback = f"the language has no `{word}`: combine conditions by nesting if calls, as in " + (
        "`if(x > 0, if(y > 0, 1, 0), 0)`" if both else "`if(x > 0, 1, if(y > 0, 1, 0))`"
    )
    found = _condition_of(text, position)
    if found is None or len(found[1]) != 3:
        return fallback
    _, spans, _ = found
    (first_start, first_end), yes_span, no_span = spans
    head = text[first_start:position].strip()
    tail = text[position + length : first_end].strip()
    yes, no = text[slice(*yes_span)], text[slice(*no_span)]
    if both:
        written = _checked(f"if({head}, if({tail}, {yes}, {no}), {no})")
    else:
        written = _checked(f"if({head}, {yes}, if({tail}, {yes}, {no}))")
    return (
        fallback if written is None else f"the language has no `{word}`: nest if calls, `{written}`"
    )


def _negation_hint(text: str, position: int, length: int) -> str:
    """``not a > b`` (or ``!(a > b)``) written as the opposite comparison."""
    word = text[position : position + length]
    fallback = (
        f"the language has no `{word}`: write the opposite comparison, as in `if(x <= 0, 1, 0)`"
    )
    found = _condition_of(text, position)
    if found is None:
        return fallback
    start, spans, close = found
    negated = text[position + length : spans[0][1]].strip()
    if negated.startswith("(") and _closing(negated, 0) == len(negated) - 1:
        negated = negated[1:-1].strip()
    comparisons = list(_COMPARISON.finditer(negated))
    if len(comparisons) != 1:
        return fallback
    match = comparisons[0]
    flipped = negated[: match.start()] + _FLIPPED[match.group()] + negated[match.end() :]
    written = _checked(
        text[start : spans[0][0]]
        + text[spans[0][0] : position]
        + flipped
        + text[spans[0][1] : close + 1]
    )
    if written is None:
        return fallback
    return f"the language has no `{word}`: write the opposite comparison, `{written}`"


def _equals_hint(text: str, position: int) -> str:
    """A single `=`: a comparison in an if (`==`, `<=`, `>=`), or an equation."""
    after = text[position + 1 : position + 2]
    if after in ("<", ">"):
        return f"write `{after}=` instead"
    found = _condition_of(text, position)
    if found is not None:
        start, _, close = found
        written = _checked(text[start:position] + "==" + text[position + 1 : close + 1])
        return "write `==` instead" + (f": `{written}`" if written else "")
    left, right = text[:position].strip(), text[position + 1 :].strip()
    compare = _checked(f"if({left} == {right}, 1, 0)") or "if(x == y, 1, 0)"
    if _WORD_AT.fullmatch(left) and _parses(right):
        return (
            f"write only the value, `{right}`, without `{left} =`; to compare, write `==` in "
            f"the condition of if, as in `{compare}`"
        )
    return f"a formula has no `=`; to compare, write `==` in the condition of if, as in `{compare}`"


def _call_hint(text: str, position: int, replacement: str) -> str | None:
    """The call at ``position`` (its name, then '(') rewritten with the function
    ``replacement``, or as a power for ``^``."""
    opening = text.find("(", position)
    found = _arguments(text, opening) if opening >= 0 else None
    if found is None:
        return None
    parts = [text[slice(*span)] for span in found[0]]
    if replacement == "^":
        if len(parts) != 2:
            return None
        base, exponent = (
            p if _WORD_AT.fullmatch(p) or _NUMBER_AT.fullmatch(p) else f"({p})" for p in parts
        )
        written = _checked(f"{base}^{exponent}")
        return None if written is None else f"write a power with `^`: `{written}`"
    written = _checked(f"{replacement}({', '.join(parts)})")
    return None if written is None else f"write `{written}`"


def _names(symbols: Mapping[str, object]) -> str:
    """The declared names, for a message: `a`, `b` and 3 more."""
    names = list(symbols)
    if not names:
        return "the model has no parameters"
    shown = ", ".join(f"`{name}`" for name in names[:12])
    more = f" and {len(names) - 12} more" if len(names) > 12 else ""
    return f"the parameters are {shown}{more}"


# --- parsing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Node:
    """A parsed part of the formula.

    ``approx`` is a float approximation of the value when the part depends on no name, and
    None when it does. It is what lets limits on size be enforced *before* sympy is asked to
    compute something enormous, and domain errors (log of a negative number) be reported.
    """

    expr: sympy.Expr
    approx: float | None
    start: int


class _Parser:
    """Recursive descent over the tokens, building each part with its limits checked."""

    def __init__(self, text: str, tokens: list[_Token], symbols: Mapping[str, sympy.Symbol]):
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.symbols = symbols
        self.depth = 0
        self.deepest = limits.count("expression_depth")
        self.exponent = limits.count("exponent")
        self.roots = 0
        self.call_start = 0  # where the innermost function call being read starts

    # -- token helpers --

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *words: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.text in words

    def error(
        self, message: str, position: int | None, suggestion: str | None = None
    ) -> ExpressionError:
        return ExpressionError(message, self.text, position, suggestion)

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > self.deepest:
            raise self.error(
                f"the formula is nested too deeply: at most {self.deepest} levels of brackets, "
                f"functions, signs and powers are allowed ({limits.message('expression_depth')})",
                token.position,
            )

    def leave(self) -> None:
        self.depth -= 1

    def expect_close(self, opening: _Token, what: str) -> None:
        if self.at(")"):
            self.advance()
            return
        token = self.peek()
        self.refuse_comparison()
        hint = None
        if token.kind != "end":
            previous = self.tokens[self.index - 1]
            if what and (token.kind in ("name", "number") or token.text == "("):
                hint = "separate the arguments with `,`"
                written = _checked(
                    self.text[self.call_start : token.position].rstrip()
                    + ", "
                    + self.text[token.position : (_closing(self.text, opening.position) or -1) + 1]
                )
                if written is not None:
                    hint += f": `{written}`"
            else:
                hint = self.adjacent_hint(previous, token)
        raise self.error(
            f"expected ')' to close the '(' {what}at character {opening.position + 1}, "
            f"found {_describe(token)}",
            token.position,
            hint,
        )

    def adjacent_hint(self, previous: _Token, token: _Token) -> str | None:
        """A suggestion for ``token`` written right after ``previous``, with no operator."""
        word = token.text
        if token.kind == "name" and word == "if":
            return _ternary_hint(self.text, token.position)
        if token.kind == "name" and word in _LOGIC_WORDS and word not in self.symbols:
            return self.word_hint(token)
        if token.kind == "name" and word in FUNCTIONS:
            end = _operand_end(self.text, token.position)
            if end is not None and self.text[token.position + len(word) :].lstrip()[:1] == "(":
                call_end = _closing(self.text, self.text.index("(", token.position))
                end = None if call_end is None else call_end + 1
            if previous.kind in ("name", "number") and end is not None:
                written = _checked(f"{previous.text}*{self.text[token.position : end]}")
                if written is not None:
                    return f"write `{written}` to multiply"
            return "to multiply, write `*` between them"
        if token.kind in ("name", "number") and previous.kind in ("name", "number"):
            written = _checked(f"{previous.text}*{word}")
            if written is not None:
                return f"write `{written}` to multiply"
            return "to multiply, write `*` between them"
        if token.kind in ("name", "number") or word == "(":
            return "to multiply, write `*` between them"
        return None

    def word_hint(self, token: _Token) -> str:
        """A suggestion for a word of another language (``and``, ``not``, ``else``, ...)."""
        word = token.text
        if word in ("and", "or"):
            return _combined_hint(self.text, token.position, len(word))
        if word == "not":
            return _negation_hint(self.text, token.position, len(word))
        if word in ("else", "then"):
            return (
                "`if` is a function: write it as if(condition, value if true, value if false), "
                f"e.g. `{_EXAMPLES['if']}`"
            )
        return "the language has no true or false: write 1 or 0"

    def refuse_comparison(self) -> None:
        token = self.peek()
        if token.kind == "op" and token.text in _COMPARISONS:
            raise self.error(
                f"a comparison such as `{token.text}` can only be the first argument of if, as "
                "in if(a < b, a, b)",
                token.position,
            )

    # -- grammar --

    def formula(self) -> sympy.Expr:
        if self.peek().kind == "end":
            raise self.error("the formula is empty; expected a number, a name or '('", 0)
        node = self.sum()
        token = self.peek()
        if token.kind != "end":
            self.refuse_comparison()
            if token.text == ")":
                raise self.error("unmatched ')'", token.position)
            if token.text == ",":
                raise self.error(
                    "unexpected ',': commas only separate the arguments of a function",
                    token.position,
                )
            previous = self.tokens[self.index - 1]
            raise self.error(
                "expected an operator such as +, -, *, / or ^ after "
                f"{_describe(previous)}, found {_describe(token)}",
                token.position,
                self.adjacent_hint(previous, token),
            )
        bound = degree_bound(node.expr)
        if bound > limits.count("degree"):
            raise self.error(
                f"the formula is a polynomial of degree up to {bound:,} once multiplied out, "
                f"above {limits.count('degree'):,} ({limits.message('degree')}); its exact "
                "value would have millions of digits",
                0,
            )
        return node.expr

    def sum(self) -> _Node:
        first = self.product()
        terms = [first]
        while self.at("+", "-"):
            sign = self.advance()
            term = self.product()
            terms.append(term if sign.text == "+" else self.negate(term, sign.position))
        if len(terms) == 1:
            return first
        # One Add for the whole chain: adding term by term costs quadratic time in sympy.
        return self.combine(
            lambda: sympy.Add(*(t.expr for t in terms)),
            terms,
            lambda *values: math.fsum(values),
            first.start,
        )

    def product(self) -> _Node:
        first = self.unary()
        factors = [first]
        while self.at("*", "/"):
            operator = self.advance()
            factor = self.unary()
            if operator.text == "/":
                factor = self.reciprocal(factor, operator.position)
            factors.append(factor)
        if len(factors) == 1:
            return first
        return self.combine(
            lambda: sympy.Mul(*(f.expr for f in factors)),
            factors,
            lambda *values: math.prod(values),
            first.start,
        )

    def unary(self) -> _Node:
        if self.at("+", "-"):
            sign = self.advance()
            self.enter(sign)
            operand = self.unary()
            self.leave()
            if sign.text == "+":
                return _Node(operand.expr, operand.approx, sign.position)
            return self.negate(operand, sign.position)
        return self.power()

    def power(self) -> _Node:
        base = self.primary()
        if not self.at("^", "**"):
            return base
        operator = self.advance()
        self.enter(operator)
        exponent = self.unary()  # unary, not primary: 2^-1 is a half, and 2^3^2 is 2^9
        self.leave()
        return self.raise_to(base, exponent, operator.position)

    def primary(self) -> _Node:
        token = self.peek()
        if token.kind == "number":
            self.advance()
            return self.constant(
                read_literal(token.text, self.text, token.position), token.position
            )
        if token.kind == "name":
            self.advance()
            return self.name(token)
        if self.at("("):
            self.advance()
            self.enter(token)
            inner = self.sum()
            self.expect_close(token, "")
            self.leave()
            return _Node(inner.expr, inner.approx, token.position)
        if token.kind == "end":
            raise self.error(
                "expected a number, a name or '(', but the formula ended", token.position
            )
        if token.text == ")":
            raise self.error(
                "expected a number, a name or '(', found ')': something is missing before it",
                token.position,
            )
        self.refuse_comparison()
        hint = None
        previous = self.tokens[self.index - 1] if self.index else None
        powers = ("*", "^", "**")
        if token.text in powers and previous is not None and previous.text in powers:
            end = token.position + len(token.text)
            written = _checked(
                self.text[: previous.position].rstrip() + "^" + self.text[end:].lstrip()
            )
            hint = "for a power, write one `^` (or `**`, with no space between the stars)"
            if written is not None:
                hint += f": `{written}`"
        raise self.error(
            f"expected a number, a name or '(', found {_describe(token)}", token.position, hint
        )

    def name(self, token: _Token) -> _Node:
        word = token.text
        calls = self.at("(")
        if word in FUNCTIONS:
            if not calls:
                example = _EXAMPLES.get(word, f"{word}(x)")
                raise self.error(
                    f"`{word}` is a function; give it its arguments in brackets, as in {example}",
                    token.position,
                    self.bare_function_hint(token),
                )
            return self.call(token)
        if calls:
            if word in self.symbols:
                opening = self.peek().position
                close = _closing(self.text, opening)
                written = None
                if close is not None:
                    written = _checked(f"{word}*{self.text[opening : close + 1]}")
                raise self.error(
                    f"`{word}` is a declared name, not a function",
                    token.position,
                    f"write `{written}` to multiply"
                    if written
                    else f"to multiply, write `*` between `{word}` and `(`",
                )
            alias = _FUNCTION_ALIASES.get(word) or ("^" if word in ("pow", "power") else None)
            raise self.error(
                f"unknown function `{_short(word)}`; the functions are "
                + ", ".join(sorted(FUNCTIONS)),
                token.position,
                did_you_mean(word, FUNCTIONS)
                or (_call_hint(self.text, token.position, alias) if alias else None),
            )
        if word not in self.symbols:
            raise self.error(
                f"unknown name `{_short(word)}`: it is not declared in this model; "
                + _names(self.symbols),
                token.position,
                did_you_mean(word, self.symbols) or self.unknown_name_hint(token),
            )
        value = self.symbols[word]
        if not isinstance(value, sympy.Expr):
            raise TypeError(f"symbols[{word!r}] must be a sympy expression, not {value!r}")
        return self.settle(value, None, token.position)

    def bare_function_hint(self, token: _Token) -> str | None:
        """A suggestion for a function written without brackets: ``exp p``, ``if a > b ...``."""
        word = token.text
        if word == "if":
            return self.if_statement_hint(token)
        following = self.tokens[self.index]
        if word in _ONE_ARGUMENT and following.kind in ("name", "number"):
            return (
                None
                if (written := _checked(f"{word}({following.text})")) is None
                else (f"write `{written}`")
            )
        return None

    def if_statement_hint(self, token: _Token) -> str | None:
        """``if c then x else y`` (or ``if c: x else y``) written as ``if(c, x, y)``."""
        rest = self.text[token.position + 2 :]
        found = re.fullmatch(r"(.*?)(?:\bthen\b|:|,)(.*?)(?:\belse\b|,)(.*)", rest, re.DOTALL)
        if found is None or len(rest) > _SHOWN_LONGEST:
            return None
        written = _checked("if(" + ", ".join(part.strip() for part in found.groups()) + ")")
        return None if written is None else f"write `{written}`"

    def unknown_name_hint(self, token: _Token) -> str | None:
        """A suggestion for an undeclared name that means something elsewhere."""
        word = token.text
        if word in _LOGIC_WORDS:
            return self.word_hint(token)
        following = self.tokens[self.index]
        if word == "e" and following.text in ("^", "**"):
            start = following.position + len(following.text)
            end = _operand_end(self.text, start)
            if end is not None:
                operand = self.text[start:end].strip()
                if operand.startswith("(") and _closing(operand, 0) == len(operand) - 1:
                    operand = operand[1:-1]
                written = _checked(f"exp({operand})")
                if written is not None:
                    return f"for the exponential function, write `{written}`"
        return None

    def call(self, name: _Token) -> _Node:
        opening = self.advance()
        outer, self.call_start = self.call_start, name.position
        self.enter(opening)
        arguments: list[_Node] = []
        condition = None
        if name.text == "if":
            condition = self.condition(name)
            self.expect_comma(name, opening)
        if self.at(")"):
            raise self.error(
                f"`{name.text}` needs {_arity(name.text)}, found ')'", self.peek().position
            )
        arguments.append(self.sum())
        while self.at(","):
            self.advance()
            arguments.append(self.sum())
        self.expect_close(opening, f"of `{name.text}` ")
        self.call_start = outer
        self.leave()
        count = len(arguments) + (condition is not None)
        if name.text in _ONE_ARGUMENT and count != 1:
            raise self.error(
                f"`{name.text}` takes exactly one argument, but {count} were given",
                name.position,
            )
        if name.text == "if":
            if count != 3:
                raise self.error(
                    f"`if` takes exactly three arguments, if(condition, value if true, value "
                    f"if false), but {count} were given",
                    name.position,
                )
            assert condition is not None
            return self.conditional(condition, arguments[0], arguments[1], name.position)
        if name.text in ("min", "max"):
            return self.extreme(name, arguments)
        return self.function(name, arguments[0])

    def expect_comma(self, name: _Token, opening: _Token) -> None:
        if self.at(","):
            self.advance()
            return
        if self.at(")"):
            raise self.error(
                f"`if` takes three arguments, if(condition, value if true, value if false), "
                f"but the ')' at character {self.peek().position + 1} ends it after the "
                "condition",
                name.position,
            )
        self.refuse_comparison()
        token = self.peek()
        hint = None
        if token.kind == "name" and token.text in ("and", "or"):
            hint = _combined_hint(self.text, token.position, len(token.text))
        raise self.error(
            f"expected ',' after the condition of `if`, found {_describe(token)}",
            token.position,
            hint,
        )

    def condition(self, name: _Token) -> tuple[_Node, str, _Node]:
        left = self.sum()
        token = self.peek()
        if not (token.kind == "op" and token.text in _COMPARISONS):
            raise self.error(
                "the first argument of `if` must be a comparison such as `a < b` (with <, <=, "
                f">, >=, == or !=), found {_describe(token)}",
                token.position,
            )
        self.advance()
        right = self.sum()
        if self.at(*_COMPARISONS):
            raise self.error(
                "only one comparison is allowed in the condition of `if`; nest if(...) calls "
                "to combine conditions",
                self.peek().position,
            )
        for side in (left, right):
            # sympy rewrites such a condition into a tree of logic that takes seconds to build.
            if side.expr.has(sympy.Piecewise):
                raise self.error(
                    "the condition of `if` cannot itself contain an if(...)",
                    side.start,
                    "move the inner if outside: `if(p < q, if(x < z, a, b), if(y < z, a, b))` "
                    "instead of if(if(p < q, x, y) < z, a, b)",
                )
        return left, token.text, right

    # -- building values, with every limit checked before sympy does the work --

    def constant(self, value: Fraction, position: int) -> _Node:
        return self.settle(sympy.Rational(value.numerator, value.denominator), None, position)

    def negate(self, node: _Node, position: int) -> _Node:
        approx = None if node.approx is None else -node.approx
        return self.settle(-node.expr, approx, position)

    def reciprocal(self, node: _Node, position: int) -> _Node:
        if node.expr is sympy.S.Zero:
            raise self.error("division by zero", position)
        approx = None
        if node.approx is not None:
            if node.approx == 0.0:
                # Not exactly zero, yet too small for a float: its reciprocal is out of range.
                raise self.too_large(node.start)
            approx = 1.0 / node.approx
        return self.settle(sympy.Pow(node.expr, -1), approx, node.start)

    def raise_to(self, base: _Node, exponent: _Node, position: int) -> _Node:
        if exponent.approx is not None and not abs(exponent.approx) <= self.exponent:
            raise self.error(
                f"the exponent is too large: powers are limited to {self.exponent} and "
                f"-{self.exponent} ({limits.message('exponent')})",
                exponent.start,
            )
        # The number in front: the base itself for a number, 4 for 4*p.
        coefficient = base.expr.as_coeff_Mul()[0]
        if (
            base.approx is not None
            and isinstance(coefficient, sympy.Rational)
            and (abs(coefficient.p) > MAX_POWER_BASE or coefficient.q > MAX_POWER_BASE)
        ):
            raise self.error(
                "the number raised to a power is too large: its numerator and denominator may "
                f"be at most 10^{len(str(MAX_POWER_BASE)) - 1}",
                base.start,
            )
        root = isinstance(exponent.expr, sympy.Rational) and exponent.expr.q != 1
        if root and isinstance(coefficient, sympy.Rational) and abs(coefficient) != 1:
            self.check_root(coefficient, exponent, base.start)
        approx = None
        if base.approx is not None and exponent.approx is not None:
            if base.expr is sympy.S.Zero and exponent.approx < 0:
                raise self.error("division by zero: 0 raised to a negative power", position)
            if base.approx < 0 and not isinstance(exponent.expr, sympy.Integer):
                raise self.error(
                    "a negative number raised to a fractional power is not a real number",
                    position,
                )
            try:
                approx = math.pow(base.approx, exponent.approx)
            except (OverflowError, ZeroDivisionError, ValueError):
                raise self.too_large(base.start) from None
        if exponent.expr.has(sympy.log) and base.expr.has(sympy.exp):
            # sympy would move the log into the argument of the exp; see exp_of_log.
            raise self.error(
                "a power of exp(...) cannot have log(...) in its exponent",
                exponent.start,
                "write it as one power instead, such as `q^(a*x)` for exp(a)^(x*log(q))",
            )
        if exponent.expr == 1:
            return base
        piecewise = any(isinstance(f, sympy.Piecewise) for f in sympy.Mul.make_args(base.expr))
        # To raise a power of a compound quantity to a fractional or symbolic power, as in
        # ((a + max(b, c))^3)^(1/2), sympy asks for its absolute value, real part and argument,
        # which re-simplifies every min, max and abs inside and takes seconds on large ones.
        nested = (
            isinstance(base.expr, sympy.Pow)
            and not base.expr.base.is_Atom
            and not isinstance(exponent.expr, sympy.Integer)
        )
        if piecewise or nested:
            # For an if(...), sympy rebuilds it through its tidying of conditions, which
            # recurses without end on some conditions (sympy 1.14).
            expr = sympy.Pow(base.expr, exponent.expr, evaluate=exponent.expr == 0)
            return self.settle(expr, approx, base.start)
        return self.settle(sympy.Pow(base.expr, exponent.expr), approx, base.start)

    def check_root(self, number: sympy.Rational, exponent: _Node, start: int) -> None:
        """Keep roots of numbers small enough for sympy's search for perfect powers.

        sympy simplifies a root of a number such as 12^(1/2) = 2*3^(1/2) by factoring it, and
        merges the roots in a product into one root of the product of the numbers; with large
        numbers, high roots or many roots that factoring takes seconds.
        """
        degree = exponent.expr.q
        if degree > MAX_ROOT_DEGREE:
            raise self.error(
                f"a root of a number is limited to the {_ordinal(MAX_ROOT_DEGREE)} root: the "
                f"exponent's denominator may be at most {MAX_ROOT_DEGREE}, here it is {degree}",
                exponent.start,
            )
        if abs(number.p) > MAX_ROOT_BASE or number.q > MAX_ROOT_BASE:
            raise self.error(
                "the number under a root (or raised to a fractional power) is too large: its "
                f"numerator and denominator may be at most 10^{len(str(MAX_ROOT_BASE)) - 1}",
                start,
            )
        self.roots += 1
        if self.roots > MAX_ROOTS:
            raise self.error(
                f"the formula takes too many roots of numbers: at most {MAX_ROOTS} are allowed",
                start,
            )

    def function(self, name: _Token, argument: _Node) -> _Node:
        value = argument.approx
        approx = None
        if value is not None:
            if name.text == "log" and value <= 0:
                raise self.error(
                    "the log of zero or of a negative number is undefined", argument.start
                )
            if name.text == "sqrt" and value < 0:
                raise self.error(
                    "the square root of a negative number is not a real number", argument.start
                )
            if name.text == "exp" and not abs(value) <= MAX_EXP_ARGUMENT:
                raise self.error(
                    f"exp of a number beyond {MAX_EXP_ARGUMENT} or -{MAX_EXP_ARGUMENT} is too "
                    "large or too small to work with",
                    argument.start,
                )
            if name.text != "sqrt":
                approx = _APPROXIMATIONS[name.text](value)
        if name.text == "exp" and argument.expr.has(sympy.log):
            return self.exp_of_log(argument, name.position)
        if name.text == "sqrt":
            # As a power, so that the limits on roots of numbers apply.
            half = _Node(sympy.Rational(1, 2), 0.5, argument.start)
            return self.raise_to(argument, half, name.position)
        if name.text == "abs" and value is None:
            # sympy's simplification of abs of a sum slows down steeply with nesting (seconds
            # for abs(a + abs(b + ...)) 60 deep), so it is left for substitution.
            return self.combine(
                lambda: sympy.Abs(argument.expr, evaluate=False), [argument], None, name.position
            )
        build = _ONE_ARGUMENT[name.text]
        return self.combine(lambda: build(argument.expr), [argument], None, name.position, approx)

    def exp_of_log(self, argument: _Node, position: int) -> _Node:
        """Take exp(k*log(x)) as the power x^k, and refuse any other exp of a log.

        Wherever a product with a log turns up in the argument of an exp, sympy rewrites
        exp(k*log(x)) as x^k, even deep inside, and even when k is a number with hundreds of
        digits or x is a number close to 1 (exp(10^9*log(1.000001)) is about e^1000 but
        1.000001^(10^9) has billions of digits). Taking the plain form as a power lets the
        limits on powers apply; keeping logs out of every other argument of exp keeps sympy
        from doing the rewriting itself.
        """
        coefficient, rest = argument.expr.as_coeff_Mul()
        factors = sympy.Mul.make_args(rest)
        logs = [f for f in factors if isinstance(f, sympy.log)]
        others = [f for f in factors if not isinstance(f, sympy.log)]
        if len(logs) == 1 and not any(f.has(sympy.log) for f in others):
            base = self.settle(logs[0].args[0], None, argument.start)
            exponent = self.settle(coefficient * sympy.Mul(*others), None, argument.start)
            return self.raise_to(base, exponent, position)
        raise self.error(
            "exp(...) of a formula containing log(...) can only have the form exp(k*log(x)), "
            "which is x^k",
            argument.start,
            "write a power instead, such as q^x for exp(x*log(q))",
        )

    def extreme(self, name: _Token, arguments: list[_Node]) -> _Node:
        kind = sympy.Max if name.text == "max" else sympy.Min
        if len(arguments) < 2:
            raise self.error(
                f"`{name.text}` needs at least two values to compare, but one was given",
                name.position,
            )
        values: list[sympy.Expr] = []
        for argument in arguments:
            is_same_kind = isinstance(argument.expr, kind)
            values.extend(argument.expr.args if is_same_kind else [argument.expr])
        if len(values) > MAX_FUNCTION_ARGUMENTS:
            raise self.error(
                f"`{name.text}` compares at most {MAX_FUNCTION_ARGUMENTS} values, counting those "
                f"of nested `{name.text}` calls, but here there are {len(values)}",
                name.position,
            )
        pick = max if kind is sympy.Max else min
        if all(a.approx is not None for a in arguments):
            # Constants only: sympy compares them numerically, which the size limits keep fast.
            approx = pick(a.approx for a in arguments if a.approx is not None)
            return self.combine(lambda: kind(*values), arguments, None, name.position, approx)
        # With names, sympy's own simplification compares every pair of values through its
        # assumption system, which takes seconds for a dozen values; exact rationals are
        # settled here and the rest is left for substitution.
        rationals = [v for v in values if isinstance(v, sympy.Rational)]
        rest = [v for v in values if not isinstance(v, sympy.Rational)]
        if rationals:
            rest.append(pick(rationals))
        return self.combine(
            lambda: kind(*rest, evaluate=False), arguments, None, name.position, None
        )

    def conditional(
        self, condition: tuple[_Node, str, _Node], if_true: _Node, if_false: _Node, position: int
    ) -> _Node:
        left, relation, right = condition
        if isinstance(left.expr, sympy.Rational) and isinstance(right.expr, sympy.Rational):
            decided = _EXACT_RELATIONS[relation](_fraction(left.expr), _fraction(right.expr))
            return if_true if decided else if_false
        # With names, sympy would try to settle the comparison through its assumption system,
        # which can take seconds on large sides; substituting values settles it cheaply later.
        numeric = left.approx is not None and right.approx is not None
        try:
            test = _RELATIONS[relation](left.expr, right.expr, evaluate=numeric)
        except (TypeError, ValueError, ArithmeticError):
            raise self.error(
                "this comparison cannot be made, as one side is not a real number", left.start
            ) from None
        if test is sympy.true or if_true.expr == if_false.expr:
            return if_true
        if test is sympy.false:
            return if_false
        if isinstance(test, sympy.core.relational.Relational) and not _stable(test):
            # sympy tidies the conditions of a Piecewise whenever it rebuilds one (to raise it
            # to a power, or to ask whether it is rational...), and a condition whose canonical
            # form flips back and forth, such as sqrt(b + 1) < c - b, makes it recurse without
            # end; comparing the difference with 0 gives a form that stays put.
            test = _RELATIONS[relation](left.expr - right.expr, 0, evaluate=False)
        approx = None
        if numeric and if_true.approx is not None and if_false.approx is not None:
            # sympy could not tell, so the two sides are equal or too close for floats to
            # matter; either branch gives the size to check.
            approx = if_true.approx
        # Unevaluated: sympy's own tidying of the conditions can recurse without end on some
        # inputs (it rebuilds the Piecewise until Python's recursion limit stops it).
        return self.combine(
            lambda: sympy.Piecewise((if_true.expr, test), (if_false.expr, True), evaluate=False),
            [left, right, if_true, if_false],
            None,
            position,
            approx,
        )

    def combine(
        self,
        build: Callable[[], sympy.Expr],
        parts: Sequence[_Node],
        approximate: Callable[..., float] | None,
        start: int,
        approx: float | None = None,
    ) -> _Node:
        """Build a node from its parts, approximating it when no part depends on a name."""
        if approximate is not None and all(p.approx is not None for p in parts):
            try:
                approx = approximate(*(p.approx for p in parts))
            except (OverflowError, ValueError):
                raise self.too_large(start) from None
        try:
            expr = build()
        except (TypeError, ValueError, ArithmeticError) as exc:
            if isinstance(exc, ExpressionError):
                raise
            raise self.error(f"this part of the formula cannot be computed: {exc}", start) from None
        return self.settle(expr, approx, start)

    def settle(self, expr: sympy.Expr, approx: float | None, start: int) -> _Node:
        """Check a freshly built part against every limit and record its approximate value."""
        if approx is not None and not abs(approx) <= MAX_MAGNITUDE:
            raise self.too_large(start)
        candidates = [expr, *expr.args] if isinstance(expr, (sympy.Add, sympy.Mul)) else [expr]
        # Parts were checked when built, so anything new sits at the top or one level down
        # (sympy distributes a number over a sum: 2*(p + q) = 2*p + 2*q).
        for candidate in candidates:
            if candidate in _NONFINITE:
                raise self.error(
                    "this part of the formula has no finite value (it divides by zero)", start
                )
            if isinstance(candidate, sympy.Mul):
                candidate = candidate.args[0]
            if isinstance(candidate, sympy.Rational):
                if max(abs(candidate.p).bit_length(), candidate.q.bit_length()) > (
                    _MAX_CONSTANT_BITS
                ):
                    raise self.error(
                        "this part of the formula makes a number with more than "
                        f"{MAX_CONSTANT_DIGITS} digits",
                        start,
                    )
            elif (
                isinstance(candidate, sympy.Pow)
                and isinstance(candidate.exp, sympy.Rational)
                and abs(candidate.exp) > self.exponent**2
            ):
                raise self.error(
                    f"this part of the formula makes a power above {self.exponent**2} (the "
                    f"square of {limits.message('exponent')})",
                    start,
                )
        if isinstance(expr, sympy.Rational):
            # Exact beats the float arithmetic, which may have lost everything to cancellation.
            approx = _float(expr)
        elif approx is None and not expr.free_symbols:
            # The names cancelled out (p - p + sqrt(2)): measure the constant that is left.
            approx = self.evaluate(expr, start)
        if approx is not None and not abs(approx) <= MAX_MAGNITUDE:
            raise self.too_large(start)
        return _Node(expr, approx, start)

    def evaluate(self, expr: sympy.Expr, start: int) -> float:
        try:
            value = complex(expr.evalf(20))
        except (TypeError, ValueError, ArithmeticError):
            raise self.too_large(start) from None
        if value.imag != 0:
            raise self.error("this part of the formula is not a real number", start)
        return value.real

    def too_large(self, start: int) -> ExpressionError:
        return self.error(
            "this part of the formula is too large to work with: numbers are limited to "
            "10^300 in size",
            start,
        )


def _arity(name: str) -> str:
    if name in _ONE_ARGUMENT:
        return "one argument"
    if name == "if":
        return "three arguments"
    return "at least two values"


def _ordinal(number: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0)
    return f"{number}{suffix or 'th'}"


def _stable(relation: sympy.core.relational.Relational) -> bool:
    """Whether sympy's canonical form of a comparison is the canonical form of itself."""
    canonical = relation.canonical
    return canonical.canonical == canonical


def _fraction(value: sympy.Rational) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _float(value: sympy.Rational) -> float:
    try:
        return int(value.p) / int(value.q)  # int division rounds correctly, even for big ints
    except OverflowError:
        return math.inf
