r"""How a model's names are written for people: display names and LaTeX symbols.

A spec may give a parameter a ``symbol`` (LaTeX math, without ``$``) and a ``label`` (words),
a player a ``symbol``, an action and an outcome a ``label``. Where it does not, the defaults
below apply, so that every table, figure and report can ask the same object and never show a
raw id where a name reads better: ``cA`` is written :math:`c_{A}`, ``status_quo`` reads
"status quo".

A symbol is LaTeX text the user wrote. It is never evaluated: tables copy it inside ``$...$``
and figures hand it to matplotlib's mathtext only if mathtext parses it.

Which name goes where, in every output:

- **LaTeX** (tables, ``--format latex``, the model report, notebooks): every expression is
  written by :meth:`Notation.latex`, so each parameter is its symbol (``cD`` is
  :math:`c_{D}`, never the product :math:`cD`), and a threshold by :meth:`Notation.starred`;
  outcomes and actions by their display names, as text.
- **Plain text and Markdown**: parameters keep their names, and formulas and conditions are
  written as sympy writes them (``n* = (cD - v)/k``), because they are code a reader types
  back (``--set cD=2``, ``--param n``, a spec's payoff); outcomes and actions are words, so
  they are written by their display names (``Status quo``, ``probe repelled + salami``).
- **JSON and CSV** are data: ids throughout, and LaTeX fields as above.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: Greek letter names that a parameter name may start with; ``alpha`` is written ``\alpha``.
GREEK = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "pi",
        "rho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
    }
)

_SPLIT = re.compile(r"([a-z]+|[A-Z][a-z]*)([A-Z0-9].*)?")


def default_symbol(name: str) -> str:
    r"""The LaTeX symbol of a parameter that declares none.

    The name's first word is the base and the rest a subscript: a name with ``_`` splits at
    the first one; otherwise the lower-case letters that start it form the base and what
    follows from the first capital or digit is the subscript. A Greek letter's name becomes
    its letter; a base of several letters is set upright-italic as one word
    (``\mathit{cost}``).

    Examples
    --------
    >>> [default_symbol(n) for n in ("cA", "cDef", "p", "w_D", "alpha2", "x1", "cost", "Q")]
    ['c_{A}', 'c_{Def}', 'p', 'w_{D}', '\\alpha_{2}', 'x_{1}', '\\mathit{cost}', 'Q']
    """
    if "_" in name.strip("_"):
        base, sub = name.strip("_").split("_", 1)
        sub = sub.replace("_", ",")
    else:
        match = _SPLIT.fullmatch(name)
        base, sub = (match.group(1), match.group(2) or "") if match else (name, "")
    return _base(base) + (f"_{{{_escape_math(sub)}}}" if sub else "")


def _base(word: str) -> str:
    if word in GREEK:
        return "\\" + word
    if len(word) == 1:
        return word
    return f"\\mathit{{{_escape_math(word)}}}"


def _escape_math(text: str) -> str:
    # Names are identifiers; only `_` could need escaping in math.
    return text.replace("_", r"\_")


def default_label(name: str) -> str:
    """Words for an id that declares no label: underscores become spaces.

    Examples
    --------
    >>> default_label("status_quo"), default_label("SQ"), default_label("back down")
    ('status quo', 'SQ', 'back down')
    """
    return " ".join(name.replace("_", " ").split()) or name


@dataclass(frozen=True)
class Notation:
    """The display names and symbols a spec declares; defaults for everything else.

    Stored as tuples of pairs so that the object is hashable, like the game that carries it
    (``game.info.notation``).

    Parameters
    ----------
    symbols : tuple of (str, str)
        Parameter name -> LaTeX symbol, as declared.
    labels : tuple of (str, str)
        Parameter name -> display name, as declared.
    player_symbols : tuple of (str, str)
        Player id -> LaTeX symbol, as declared.
    actions : tuple of (str, str)
        Action label -> display name, as declared.
    outcomes : tuple of (str, str)
        Outcome id -> display name, as declared.

    Examples
    --------
    >>> n = Notation(symbols=(("cA", "c_A"),), outcomes=(("SQ", "Status quo"),))
    >>> n.symbol("cA"), n.symbol("wD"), n.outcome("SQ"), n.outcome("status_quo")
    ('c_A', 'w_{D}', 'Status quo', 'status quo')
    >>> n.label("cA"), n.math("cA")
    ('cA', '$c_A$')
    """

    symbols: tuple[tuple[str, str], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    player_symbols: tuple[tuple[str, str], ...] = ()
    actions: tuple[tuple[str, str], ...] = ()
    outcomes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        *,
        symbols: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        player_symbols: Mapping[str, str] | None = None,
        actions: Mapping[str, str] | None = None,
        outcomes: Mapping[str, str] | None = None,
    ) -> Notation:
        """A notation from mappings (the declared entries only)."""

        def pairs(mapping: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
            return tuple((mapping or {}).items())

        return cls(
            pairs(symbols), pairs(labels), pairs(player_symbols), pairs(actions), pairs(outcomes)
        )

    @classmethod
    def merged(cls, notations: Iterable[Notation]) -> Notation:
        """One notation for several models (a table side by side): where two declare a name,
        the first one's entry is used."""
        found = list(notations)
        return cls(
            *(
                tuple(pair for n in found for pair in getattr(n, key))
                for key in ("symbols", "labels", "player_symbols", "actions", "outcomes")
            )
        )

    def symbol(self, name: str) -> str:
        """The LaTeX symbol of parameter ``name`` (math, without ``$``)."""
        return _lookup(self.symbols, name) or default_symbol(name)

    def latex(self, expression: object) -> str:
        """``sympy.latex`` of an expression with each parameter written by its symbol.

        >>> import sympy
        >>> Notation.of(symbols={"cA": "c_A"}).latex(sympy.Symbol("cA") / 2) == r"\\frac{c_A}{2}"
        True
        """
        import sympy

        value = sympy.sympify(expression, strict=True)
        names = {s: self.symbol(s.name) for s in value.free_symbols if isinstance(s, sympy.Symbol)}
        return sympy.latex(value, symbol_names=names)

    def starred(self, name: str) -> str:
        """The LaTeX of the threshold of parameter ``name``: its symbol starred (``p^*``),
        braced where the symbol has a superscript of its own.

        >>> Notation().starred("cD"), Notation.of(symbols={"x": "x^2"}).starred("x")
        ('c_{D}^*', '{x^2}^*')
        """
        symbol = self.symbol(name)
        return f"{{{symbol}}}^*" if "^" in symbol or "'" in symbol else f"{symbol}^*"

    def math(self, name: str) -> str:
        """The symbol of parameter ``name`` inside ``$...$``."""
        return f"${self.symbol(name)}$"

    def label(self, name: str) -> str:
        """The display name of parameter ``name``: its declared label, else its name."""
        return _lookup(self.labels, name) or name

    def has_label(self, name: str) -> bool:
        """Whether the spec declares a label for parameter ``name``."""
        return _lookup(self.labels, name) is not None

    def player_symbol(self, player: str) -> str:
        """The LaTeX symbol of a player: declared, else its id as upright text."""
        declared = _lookup(self.player_symbols, player)
        return declared if declared is not None else f"\\mathrm{{{_escape_math(player)}}}"

    def action(self, action: str) -> str:
        """The display name of an action label."""
        return _lookup(self.actions, action) or default_label(action)

    def outcome(self, outcome: str) -> str:
        """The display name of an outcome id."""
        return _lookup(self.outcomes, outcome) or default_label(outcome)

    def outcome_text(self, text: str) -> str:
        """A label made of outcome ids joined by ``+`` or ``/`` (as the solvers derive them),
        each written by its display name.

        Examples
        --------
        >>> Notation().outcome_text("probe_repelled + salami")
        'probe repelled + salami'
        """
        return _map_words(text, self.outcome)

    def plan(self, text: str) -> str:
        """A strategy label (actions joined by ``; ``), each action by its display name;
        an information-set qualifier ``infoset:action`` keeps its infoset."""

        def one(part: str) -> str:
            infoset, sep, action = part.rpartition(":")
            return f"{infoset}{sep}{self.action(action)}" if sep else self.action(part)

        return "; ".join(one(part) for part in text.split("; "))


def _lookup(pairs: Iterable[tuple[str, str]], key: str) -> str | None:
    for name, value in pairs:
        if name == key:
            return value
    return None


_JOINERS = re.compile(r"(\s+\+\s+|\s*/\s*|\s*,\s+)")


def _map_words(text: str, each: Callable[[str], str]) -> str:
    parts = _JOINERS.split(text)
    return "".join(part if i % 2 else each(part) for i, part in enumerate(parts))


def notation_of(game: object) -> Notation:
    """The notation a game carries (``game.info.notation``), or the defaults."""
    info = getattr(game, "info", None)
    found = getattr(info, "notation", None)
    return found if isinstance(found, Notation) else Notation()
