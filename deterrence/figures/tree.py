"""Game trees and payoff tables for papers: ``draw_tree`` (a matplotlib figure),
``tree_to_tikz`` (a TikZ picture) and ``normal_form_to_latex`` (a LaTeX tabular).

Both pictures of a tree share one layout. The leaves are evenly spaced in pre-order, each
parent is centred over its first and last child, and every terminal node sits at the deepest
level, so that the payoffs read as one row (or one column); an edge to a shallower terminal node
bends straight down once it has reached the next level. Labels are measured (by matplotlib for
the figure, estimated from their length for TikZ) and the space between leaves and between
levels is chosen so that no label overlaps another label, an edge or a node: the least spacing
that separates every pair is found exactly, pair by pair, for each trial spacing of the levels.
Everything is iterative, so that deep chains do not meet Python's recursion limit.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import sympy

from deterrence.errors import Diagnostic, SpecError, did_you_mean
from deterrence.exact import exact_number
from deterrence.figures.axes import check_style
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.notation import notation_of
from deterrence.game.payoff import Payoff, Scalar
from deterrence.game.tree import ExtensiveGame
from deterrence.report.numbers import short
from deterrence.report.tex import escape_latex
from deterrence.solvers.result import Equilibrium, SolveResult

PAYOFF_MODES = ("symbolic", "numeric")
ORIENTATIONS = ("auto", "down", "right")
MARKS = ("underline", "star")

#: The largest figure :func:`draw_tree` makes by itself, in inches: the text block of a page
#: (US letter or A4 with margins of an inch).
PAGE = (6.5, 9.0)

#: Font sizes, in points: the size labels start at, and the least they shrink to so that a
#: large tree fits on a page.
FONT_SIZE = 10.0
MIN_FONT_SIZE = 5.0

#: Sizes as fractions of the font size: the gap between a label and the node or edge it names
#: (``PAD``), the least gap between two labels side by side (``GAP_ACROSS``, a wide word
#: space) and one above the other (``GAP_ALONG``), and between a label and any line or node
#: (``LINE_GAP``), and the radius of a node (``RADIUS``); ``PAD`` exceeds ``RADIUS +
#: LINE_GAP``, so that a label clears its own node.
PAD = 0.45
GAP_ACROSS = 0.6
GAP_ALONG = 0.2
LINE_GAP = 0.15
RADIUS = 0.25

#: How far along its edge, from the parent, the label of an action written over its edge is
#: centred, by orientation.
ON_EDGE = {"down": 0.62, "right": 0.85}

#: Line widths in points: ordinary edges, and the actions of the equilibrium drawn.
LINE_WIDTH = 0.8
BOLD_WIDTH = 2.6

#: The colour of the equilibrium's actions in the ``color`` style (Okabe & Ito's blue).
EQUILIBRIUM_COLOUR = "#0072B2"


# --- labels -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Math:
    """A formula inside a label: LaTeX, and plain text where LaTeX cannot be typeset;
    ``number`` when it is a number alone, which needs no typesetting in a figure."""

    latex: str
    plain: str
    number: bool = False


#: A label: plain text and formulas, in order.
Label = tuple["str | Math", ...]


def _tex_escape(text: str) -> str:
    """``text`` with the characters that LaTeX treats specially written out."""
    return escape_latex(text)


@lru_cache(maxsize=4096)
def _mathtext_ok(text: str) -> bool:
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(f"${text}$")
    except ValueError:
        return False
    return True


def plain(label: Label) -> str:
    """A label as plain text.

    >>> plain(("hard (", Math(r"1 - p_{H}", "1 - p_H"), ")"))
    'hard (1 - p_H)'
    """
    return "".join(p if isinstance(p, str) else p.plain for p in label)


def as_tex(label: Label) -> str:
    """A label as LaTeX text, formulas in ``$...$``.

    >>> as_tex(("status_quo ", Math(r"\\frac{1}{2}", "1/2")))
    'status\\\\_quo $\\\\frac{1}{2}$'
    """
    return "".join(_tex_escape(p) if isinstance(p, str) else f"${p.latex}$" for p in label)


def as_mathtext(label: Label) -> str:
    """A label as matplotlib text: formulas as mathtext where matplotlib can typeset them."""
    out = []
    for part in label:
        if isinstance(part, str):
            out.append(part.replace("$", r"\$"))
        elif part.number:
            out.append(part.plain.replace("-", "\N{MINUS SIGN}"))
        elif _mathtext_ok(part.latex):
            out.append(f"${part.latex}$")
        else:
            out.append(part.plain.replace("$", r"\$"))
    return "".join(out)


class _Formatter:
    """Numbers and expressions as labels: exact numbers short (``7/20``), expressions in
    sympy's LaTeX with each parameter written by its symbol in the model's notation
    (``cA`` as declared, ``c_A``, or by default ``c_{A}``)."""

    def __init__(self, game: ExtensiveGame | NormalFormGame):
        notation = notation_of(game)
        self.names: dict[sympy.Basic, str] = {
            p.symbol: notation.symbol(p.name) for p in game.parameters
        }

    def __call__(self, value: object) -> Math:
        if isinstance(value, Fraction | int):
            text = short(Fraction(value))
            return Math(text, text, number=True)
        expression = sympy.sympify(value, strict=True)
        if expression.is_Rational:
            text = short(Fraction(int(expression.p), int(expression.q)))
            return Math(text, text, number=True)
        latex = sympy.latex(
            expression, fold_short_frac=True, mul_symbol="dot", symbol_names=self.names
        )
        return Math(latex, str(expression))


# --- what is drawn ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeLayout:
    """Where the nodes of a tree go, in units.

    Parameters
    ----------
    breadth : tuple of float
        Each node's place across the tree, in leaf spacings: the terminal nodes at 0, 1, ...
        in pre-order, every other node midway between its first and its last child.
    depth : tuple of int
        Each node's level: the root at 0, every terminal node at ``levels``.
    level : tuple of int
        Each node's distance from the root. An edge to a terminal node with ``level <
        levels`` runs to that level and then straight on to ``levels``.
    levels : int
        The deepest level.
    """

    breadth: tuple[float, ...]
    depth: tuple[int, ...]
    level: tuple[int, ...]
    levels: int


def tree_layout(game: ExtensiveGame) -> TreeLayout:
    """The layout of ``game``'s tree, found without recursion.

    Examples
    --------
    >>> import deterrence as dt
    >>> layout = tree_layout(dt.load("extended-deterrence"))
    >>> layout.breadth
    (0.9375, 0.0, 1.875, 1.0, 2.75, 2.0, 3.5, 3.0, 4.0)
    >>> layout.depth, layout.levels
    ((0, 4, 1, 4, 2, 4, 3, 4, 4), 4)
    """
    nodes = game.nodes
    level = [0] * len(nodes)
    for index in game.preorder:
        for child in nodes[index].children:
            level[child] = level[index] + 1
    levels = max(level) if level else 0
    breadth = [0.0] * len(nodes)
    leaves = 0
    for index in game.preorder:
        if not nodes[index].children:
            breadth[index] = float(leaves)
            leaves += 1
    for index in reversed(game.preorder):
        children = nodes[index].children
        if children:
            breadth[index] = (breadth[children[0]] + breadth[children[-1]]) / 2
    depth = [levels if not nodes[i].children else level[i] for i in range(len(nodes))]
    return TreeLayout(tuple(breadth), tuple(depth), tuple(level), levels)


@dataclass(frozen=True)
class Edge:
    """One edge: from ``parent`` by its ``action``-th action to ``child``; ``bold`` when the
    equilibrium drawn plays it."""

    parent: int
    child: int
    action: int
    label: Label
    bold: bool


@dataclass(frozen=True)
class TreeContent:
    """Everything a picture of a tree shows, before it is placed."""

    game: ExtensiveGame
    layout: TreeLayout
    movers: Mapping[int, Label]
    edges: tuple[Edge, ...]
    outcomes: Mapping[int, Label]
    payoffs: Mapping[int, tuple[Label, ...]]
    infosets: tuple[tuple[str, tuple[int, ...]], ...]
    key: tuple[Label, ...]


def _choice(name: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise SpecError(
            [
                Diagnostic(
                    f"unknown {name} `{value}`; expected " + " or ".join(choices),
                    path=name,
                    suggestion=did_you_mean(value, choices),
                )
            ]
        )
    return value


def _given(game: ExtensiveGame | NormalFormGame, values: Mapping[str, object] | None) -> dict:
    """The values given, exact, each a parameter of the game and within its bounds."""
    by_name = {p.name: p for p in game.parameters}
    given = {k: exact_number(v) for k, v in (values or {}).items()}
    problems = []
    for name, value in given.items():
        if name not in by_name:
            problems.append(
                Diagnostic(
                    f"unknown parameter `{name}`; the model declares "
                    + (", ".join(f"`{n}`" for n in by_name) or "no parameters"),
                    path=name,
                    suggestion=did_you_mean(name, by_name),
                )
            )
        elif not by_name[name].admits(value):
            problems.append(
                Diagnostic(
                    f"value {value} of `{name}` is outside its bounds "
                    f"{by_name[name].bounds_text()}",
                    path=name,
                )
            )
    if problems:
        raise SpecError(problems)
    return given


def _chosen(
    game: ExtensiveGame,
    result: SolveResult | None,
    equilibrium: int | Equilibrium | None,
    given: Mapping[str, Fraction],
    concept: str | None,
) -> tuple[Equilibrium | None, Mapping[str, Fraction] | None]:
    """The equilibrium to draw and the values it was found at."""
    if isinstance(equilibrium, Equilibrium):
        return equilibrium, dict(result.parameters) if result is not None else None
    if result is None and equilibrium is None:
        return None, None
    if result is None:
        from deterrence.solvers.solver import solve

        result = solve(game, concept, values=given)
    elif result.form != "tree" or tuple(result.players) != tuple(game.players):
        raise SpecError(
            [Diagnostic(f"the result is of `{result.model}`, not of this tree", path="result")]
        )
    clash = [k for k, v in given.items() if result.parameters.get(k) != v]
    if clash:
        raise SpecError(
            [
                Diagnostic(
                    f"the result was found at {k} = {result.parameters.get(k)}, not {given[k]}",
                    path=k,
                )
                for k in clash
            ]
        )
    number = 1 if equilibrium is None else int(equilibrium)
    count = len(result.equilibria)
    if not 1 <= number <= count:
        raise SpecError(
            [
                Diagnostic(
                    f"no equilibrium {number}: the result has "
                    + (f"equilibria 1 to {count}" if count else "none"),
                    path="equilibrium",
                )
            ]
        )
    chosen = result.equilibria[number - 1]
    if chosen.behaviour is None:
        raise SpecError([Diagnostic("the equilibrium has no behaviour", path="equilibrium")])
    return chosen, dict(result.parameters)


def tree_content(
    game: ExtensiveGame,
    *,
    result: SolveResult | None = None,
    equilibrium: int | Equilibrium | None = None,
    values: Mapping[str, object] | None = None,
    payoffs: str = "symbolic",
    outcomes: bool = True,
    chance_name: str = "Nature",
    concept: str | None = None,
    decomposition: bool = False,
) -> TreeContent:
    """What a picture of ``game`` shows: labels of movers, edges and leaves, the edges the
    chosen equilibrium plays, and the information sets to join. The arguments are those of
    :func:`draw_tree`.

    Examples
    --------
    >>> import deterrence as dt
    >>> content = tree_content(dt.load("extended-deterrence"), equilibrium=1, payoffs="numeric")
    >>> [plain(e.label) for e in content.edges if e.bold]
    ['attack', 'resist', 'abandon']
    >>> [plain(p) for p in content.payoffs[1]]
    ['0', '0', '0']
    """
    if not isinstance(game, ExtensiveGame):
        raise SpecError(
            [
                Diagnostic(
                    "a game tree is needed; for a normal form use normal_form_to_latex",
                    path="game",
                )
            ]
        )
    _choice("payoffs", payoffs, PAYOFF_MODES)
    given = _given(game, values)
    chosen, solved_at = _chosen(game, result, equilibrium, given, concept)
    from deterrence.game.instantiate import instantiate
    from deterrence.game.parameters import resolve_values

    shown = game
    if payoffs == "numeric":
        at = resolve_values(game.parameters, {**(solved_at or {}), **given})
        numeric = instantiate(game, at)[0]
        assert isinstance(numeric, ExtensiveGame)
        shown = numeric
    elif given:
        symbols = {
            p.symbol: sympy.Rational(given[p.name].numerator, given[p.name].denominator)
            for p in game.parameters
            if p.name in given
        }

        def substitute(value: Scalar) -> Scalar:
            return value if isinstance(value, Fraction) else value.xreplace(symbols)

        shown = game.with_nodes(
            tuple(
                replace(
                    node,
                    probs=tuple(substitute(p) for p in node.probs),
                    payoff=node.payoff.map(substitute) if node.payoff else None,
                )
                for node in game.nodes
            )
        )
    number = _Formatter(game)
    notation = notation_of(game)
    movers: dict[int, Label] = {}
    edges: list[Edge] = []
    leaf_outcomes: dict[int, Label] = {}
    leaf_payoffs: dict[int, tuple[Label, ...]] = {}
    for index, node in enumerate(shown.nodes):
        if node.kind == "decision":
            assert node.player is not None
            movers[index] = player_label(game, node.player)
        elif node.kind == "chance":
            movers[index] = (chance_name,)
        else:
            if outcomes and node.outcome:
                leaf_outcomes[index] = (notation.outcome(node.outcome),)
            if node.payoff is not None:
                if decomposition:
                    leaf_payoffs[index] = decomposed(node.payoff, number)
                else:
                    leaf_payoffs[index] = tuple((number(v),) for v in node.payoff.total)
        played: Mapping[str, Fraction] = {}
        if chosen is not None and node.kind == "decision":
            assert chosen.behaviour is not None and node.player is not None
            played = chosen.behaviour[node.player].get(node.infoset or "", {})
        for k, (action, child) in enumerate(zip(node.actions, node.children, strict=True)):
            action_text = notation.action(action) if node.kind == "decision" else action
            label: Label = (action_text,)
            if node.kind == "chance":
                label = (action_text, " (", number(node.probs[k]), ")")
            probability = Fraction(played.get(action, 0))
            if 0 < probability < 1:
                label = (action_text, " (", number(probability), ")")
            edges.append(Edge(index, child, k, label, probability > 0))
    infosets = tuple((label, h.members) for label, h in game.infosets.items() if len(h.members) > 1)
    return TreeContent(
        game=game,
        layout=tree_layout(game),
        movers=movers,
        edges=tuple(edges),
        outcomes=leaf_outcomes,
        payoffs=leaf_payoffs,
        infosets=infosets,
        key=tuple(player_key(game, k) for k in range(len(game.players))),
    )


def player_label(game: ExtensiveGame, player: int) -> Label:
    """How a player is written at its nodes: by the symbol its spec declares, as papers
    write ``A`` or ``D`` at a node (the key under the tree names it), else by its display
    name.

    Examples
    --------
    >>> import deterrence as dt
    >>> plain(player_label(dt.load("extended-deterrence"), 0))   # declares no symbol
    'Attacker'
    """
    pid = game.players[player]
    name = game.player_names[player]
    symbol = dict(notation_of(game).player_symbols).get(pid)
    return (name,) if symbol is None else (Math(symbol, name),)


def player_key(game: ExtensiveGame, player: int) -> Label:
    """A player in the key of the payoffs: its display name, with its symbol where the spec
    declares one (``Attacker (A)``)."""
    pid = game.players[player]
    name = game.player_names[player]
    symbol = dict(notation_of(game).player_symbols).get(pid)
    return (name,) if symbol is None else (name, " (", Math(symbol, pid), ")")


def decomposed(payoff: Payoff, number: Callable[[object], Math]) -> tuple[Label, ...]:
    """Each player's payoff as its base followed by every nonzero named component, so that
    a reader sees where it comes from: ``v - e (escalation)``.

    Examples
    --------
    >>> import deterrence as dt
    >>> game = dt.load("extended-deterrence")
    >>> [plain(label) for label in decomposed(game.nodes[3].payoff, _Formatter(game))]
    ['v - e (escalation)', '-v', '-v/2']
    """
    labels = []
    for player, base in enumerate(payoff.base):
        label: list[str | Math] = [number(base)]
        for name, vector in payoff.components:
            value = sympy.sympify(vector[player], strict=True)
            if value == 0:
                continue
            negative = value.could_extract_minus_sign()
            sign = Math("-", "-", number=True) if negative else Math("+", "+", number=True)
            label += [" ", sign, " ", number(-value if negative else value)]
            label.append(f" ({name})")
        labels.append(tuple(label))
    return tuple(labels)


# --- placing labels ---------------------------------------------------------------------------


@dataclass
class Item:
    """A label to place.

    It is anchored at ``(u, k)`` (across the tree in leaf spacings, along it in levels) plus
    ``(ob, od)`` inches, and extends from there by ``side_b`` (-1 toward smaller breadth, +1
    toward larger, 0 centred) and ``side_d`` (-1 toward the root, +1 away, 0 centred); ``wb``
    and ``wd`` are its extents across and along the tree, in inches, once measured. An
    action's label names its ``edge`` (an index into ``TreeContent.edges``) and, between
    sibling edges, is written ``on_edge``, over the line, which it may cross.
    """

    kind: str
    gid: str
    text: Label
    u: float
    k: float
    side_b: int
    side_d: int
    ob: float = 0.0
    od: float = 0.0
    wb: float = 0.0
    wd: float = 0.0
    edge: int = -1
    on_edge: bool = False

    def breadth_span(self) -> tuple[float, float]:
        """Its two sides across the tree, as offsets from ``s * u``."""
        return _span(self.ob, self.wb, self.side_b)

    def depth_span(self) -> tuple[float, float]:
        """Its two sides along the tree, as offsets from ``L * k``."""
        return _span(self.od, self.wd, self.side_d)


def _span(offset: float, width: float, side: int) -> tuple[float, float]:
    if side < 0:
        return offset - width, offset
    if side > 0:
        return offset, offset + width
    return offset - width / 2, offset + width / 2


#: ``measure(items, size, orientation)`` sets each item's ``wb`` and ``wd`` (inches) at
#: font size ``size`` (points).
Measure = Callable[[Sequence[Item], float, str], None]


@dataclass(frozen=True)
class Placement:
    """Where everything goes, in inches: ``s`` between neighbouring leaves, ``L`` between
    levels; the picture spans ``box`` = (least breadth, least depth, greatest breadth,
    greatest depth). ``conflicts`` counts the overlaps no spacing could remove (none, as a
    rule)."""

    orientation: str
    s: float
    L: float
    items: tuple[Item, ...]
    box: tuple[float, float, float, float]
    font_size: float
    conflicts: int

    def point(self, u: float, k: float, ob: float = 0.0, od: float = 0.0) -> tuple[float, float]:
        """The drawing's ``(x, y)``, in inches, of a place across and along the tree."""
        b, d = self.s * u + ob, self.L * k + od
        return (b, -d) if self.orientation == "down" else (d, -b)

    @property
    def size(self) -> tuple[float, float]:
        """The width and height of the picture, in inches."""
        lo_b, lo_d, hi_b, hi_d = self.box
        breadth, depth = hi_b - lo_b, hi_d - lo_d
        return (breadth, depth) if self.orientation == "down" else (depth, breadth)

    def corners(self) -> tuple[float, float, float, float]:
        """``(left, bottom, right, top)`` of the picture in the drawing's coordinates."""
        lo_b, lo_d, hi_b, hi_d = self.box
        x0, y0 = self.point(0, 0, lo_b, lo_d)
        x1, y1 = self.point(0, 0, hi_b, hi_d)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


#: How far, in levels, a bent information-set line bulges towards the parents, and how much
#: more each further bent set of the same column does, so that interleaved sets stay apart.
BULGE, BULGE_STEP = 0.3, 0.18


def infoset_paths(
    content: TreeContent,
) -> list[tuple[str, list[int], list[tuple[float, float] | None]]]:
    """Each information set's line: its label, its members in drawing order, and for each
    step between two members the control point ``(u, k)`` of a curve, or None for a straight
    dash.

    A straight dash between two members of one column would run through any node drawn
    between them, and the sets of a signalling game interleave (the receiver's set after one
    signal alternates with its set after the other): there the step bends towards the
    parents, each further bent set of that column a little more, so that a reader can tell
    which nodes are joined.
    """
    layout = content.layout
    columns: dict[int, list[float]] = {}
    for index in range(len(content.game.nodes)):
        columns.setdefault(layout.depth[index], []).append(layout.breadth[index])
    bent_in: dict[int, int] = {}
    paths = []
    for label, members in content.infosets:
        ordered = sorted(members, key=lambda i: layout.breadth[i])
        controls: list[tuple[float, float] | None] = []
        bent_here: set[int] = set()
        for a, b in itertools.pairwise(ordered):
            depth = layout.depth[a]
            low, high = sorted((layout.breadth[a], layout.breadth[b]))
            between = depth == layout.depth[b] and any(
                low < u < high for u in columns.get(depth, [])
            )
            if between:
                bulge = BULGE + BULGE_STEP * bent_in.get(depth, 0)
                controls.append(((low + high) / 2, depth - bulge))
                bent_here.add(depth)
            else:
                controls.append(None)
        for depth in bent_here:
            bent_in[depth] = bent_in.get(depth, 0) + 1
        paths.append((label, ordered, controls))
    return paths


def _curve(
    start: tuple[float, float], control: tuple[float, float], end: tuple[float, float]
) -> list[tuple[float, float]]:
    """Points along the cubic Bézier with both inner control points at ``control``: the
    curve TikZ draws for ``.. controls (c) ..``, so that both renderers agree."""
    points = []
    for t in np.linspace(0.0, 1.0, 25):
        a, b, c = (1 - t) ** 3, 3 * (1 - t) * t, t**3
        points.append(
            (
                a * start[0] + b * control[0] + c * end[0],
                a * start[1] + b * control[1] + c * end[1],
            )
        )
    return points


def _segments(content: TreeContent, radius: float) -> np.ndarray:
    """Every edge, node and dashed line as a segment ``(u0, k0, u1, k1, half width, edge)``,
    ``edge`` the index of the edge it is part of (-1 for nodes and dashed lines)."""
    layout = content.layout
    rows: list[tuple[float, ...]] = []
    for n, edge in enumerate(content.edges):
        up, lp = layout.breadth[edge.parent], layout.level[edge.parent]
        uc = layout.breadth[edge.child]
        rows.append((up, lp, uc, lp + 1, 0.0, n))
        if layout.depth[edge.child] > lp + 1:
            rows.append((uc, lp + 1, uc, layout.depth[edge.child], 0.0, n))
    for index in range(len(content.game.nodes)):
        u, k = layout.breadth[index], layout.depth[index]
        rows.append((u, k, u, k, radius, -1))
    # The straight dashes only: a bent one (infoset_paths) goes round the nodes between its
    # ends, and spacing the tree for it would spread every signalling game across pages.
    for _, members in content.infosets:
        ordered = sorted(members, key=lambda i: layout.breadth[i])
        for a, b in itertools.pairwise(ordered):
            rows.append(
                (layout.breadth[a], layout.depth[a], layout.breadth[b], layout.depth[b], 0.0, -1)
            )
    return np.array(rows, dtype=float).reshape(-1, 6)


def _items(content: TreeContent, orientation: str) -> list[Item]:
    """Each label, anchored beside what it names: a mover's name beside its node on the side
    away from the edge that comes in, an action beside the middle of its edge on the outer
    side, both toward the root, so that neither crosses its own edges; outcomes and payoffs
    past the leaves."""
    layout = content.layout
    game = content.game
    parents = game.parents
    items: list[Item] = []
    for index, label in content.movers.items():
        u = layout.breadth[index]
        parent = parents[index]
        side = 0 if parent is None else (-1 if layout.breadth[parent] > u else 1)
        kind = "chance" if game.nodes[index].kind == "chance" else "player"
        gid = f"{kind}:{game.nodes[index].label}"
        # A node straight across from its parent: the label of the edge in may straddle
        # the line through both (``on_edge`` marks that here).
        straight = parent is not None and layout.breadth[parent] == u
        items.append(Item("mover", gid, label, u, layout.depth[index], side, -1, on_edge=straight))
    for n, edge in enumerate(content.edges):
        node = game.nodes[edge.parent]
        up, uc = layout.breadth[edge.parent], layout.breadth[edge.child]
        gid = f"action:{node.label}:{node.actions[edge.action]}"
        lp = layout.level[edge.parent]
        if orientation == "right" or 0 < edge.action < len(node.children) - 1:
            # Over its own line, nearer the child, where the siblings are further apart:
            # between two sibling edges, and always when the leaves stand in a column.
            u, k = (up + uc) / 2, lp + 0.5  # moved along the edge once measured
            items.append(Item("action", gid, edge.label, u, k, 0, 0, edge=n, on_edge=True))
        else:
            side = -1 if uc < up else 1
            items.append(Item("action", gid, edge.label, (up + uc) / 2, lp + 0.5, side, -1, edge=n))
    for index in game.terminals:
        u, k = layout.breadth[index], layout.levels
        name = game.nodes[index].label
        if index in content.outcomes:
            items.append(Item("outcome", f"outcome:{name}", content.outcomes[index], u, k, 0, 1))
        if index in content.payoffs:
            labels = content.payoffs[index]
            text: Label
            if orientation == "down":
                text = tuple(
                    p for n, lab in enumerate(labels) for p in (("\n",) if n else ()) + lab
                )
            else:
                inner = tuple(
                    p for n, lab in enumerate(labels) for p in ((", ",) if n else ()) + lab
                )
                text = ("(", *inner, ")")
            items.append(Item("payoff", f"payoff:{name}", text, u, k, 0, 1))
    return items


def _offsets(items: Sequence[Item], orientation: str, pad: float, gap: float) -> None:
    """The offsets of each label from its anchor, once the labels are measured: payoffs in
    one row (or column) past the outcomes. When the tree runs right, a mover's name clears
    by half a line the line through its node, which an action's label may straddle."""
    outcome_depth = max((i.wd for i in items if i.kind == "outcome"), default=0.0)
    for item in items:
        if item.kind == "mover":
            clear = item.wb / 2 if orientation == "right" and item.on_edge else 0.0
            item.ob, item.od = (pad + clear) * item.side_b, -pad
        elif item.kind == "action" and not item.on_edge:
            item.ob, item.od = pad * item.side_b, -pad / 2
        elif item.kind == "outcome":
            item.od = pad
        elif item.kind == "payoff":
            item.od = pad + (outcome_depth + gap if outcome_depth else 0.0)


def _arrays(items: Sequence[Item]) -> tuple[np.ndarray, ...]:
    u = np.array([i.u for i in items], dtype=float)
    k = np.array([i.k for i in items], dtype=float)
    spans_b = np.array([i.breadth_span() for i in items], dtype=float).reshape(-1, 2)
    spans_d = np.array([i.depth_span() for i in items], dtype=float).reshape(-1, 2)
    return u, k, spans_b[:, 0], spans_b[:, 1], spans_d[:, 0], spans_d[:, 1]


def _least_spacing(
    a: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    gap: float,
) -> tuple[float, int]:
    """The least leaf spacing ``s`` that separates each pair of things across the tree, and
    how many pairs no ``s`` separates.

    Each thing is ``(lo, hi, off_lo, off_hi)``: it spans ``[s*lo + off_lo, s*hi + off_hi]``.
    A comes before B when ``s * (b.lo - a.hi) >= a.off_hi - b.off_lo + gap``, and B before A
    likewise; a pair that either order separates at every ``s`` puts no bound on it.
    """
    a_lo, a_hi, a_off_lo, a_off_hi = a
    b_lo, b_hi, b_off_lo, b_off_hi = b
    free = np.zeros(a_lo.shape, dtype=bool)
    bound = np.full(a_lo.shape, np.inf)
    for units, room in (
        (b_lo - a_hi, a_off_hi - b_off_lo + gap),
        (a_lo - b_hi, b_off_hi - a_off_lo + gap),
    ):
        free |= (units >= -1e-12) & (room <= 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.where(units > 1e-12, np.minimum(bound, room / units), bound)
    bounded = ~free & np.isfinite(bound)
    stuck = int((~free & ~np.isfinite(bound)).sum())
    return (float(bound[bounded].max()) if bounded.any() else 0.0), stuck


def _pairs_after(order_top: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ``(i, j)`` with ``i < j < ends[i]``, in sorted positions."""
    index = np.arange(len(order_top))
    counts = np.maximum(ends - index - 1, 0)
    first = np.repeat(index, counts)
    within = np.arange(first.size) - np.repeat(np.cumsum(counts) - counts, counts)
    return first, first + 1 + within


def _spacing(
    items: Sequence[Item],
    segments: np.ndarray,
    L: float,
    gaps: tuple[float, float],
    line_gap: float,
    s_min: float,
) -> tuple[float, int]:
    """The least leaf spacing, at level spacing ``L``, that keeps every label off every other
    label, edge, node and dashed line; and the number of overlaps that no spacing removes."""
    u, k, b0, b1, d0, d1 = _arrays(items)
    top, bottom = L * k + d0, L * k + d1
    s_needed, conflicts = s_min, 0
    # Label against label, for the pairs whose extents along the tree overlap.
    order = np.argsort(top, kind="stable")
    gap_b, gap_d = gaps
    ends = np.searchsorted(top[order], bottom[order] + gap_d - 1e-9, side="left")
    first, second = _pairs_after(top[order], ends)
    if first.size:
        i, j = order[first], order[second]
        s, c = _least_spacing((u[i], u[i], b0[i], b1[i]), (u[j], u[j], b0[j], b1[j]), gap_b)
        s_needed, conflicts = max(s_needed, s), conflicts + c
    # Label against segment: the stretch of the segment that runs alongside the label.
    su0, sk0, su1, sk1, sr, owner = (segments[:, n] for n in range(6))
    own = np.array([i.edge if i.on_edge and i.kind == "action" else -2 for i in items], dtype=float)
    seg_top = L * np.minimum(sk0, sk1) - sr
    seg_bottom = L * np.maximum(sk0, sk1) + sr
    chunk = max(1, 1_000_000 // max(len(segments), 1))
    for start in range(0, len(items), chunk):
        rows = slice(start, start + chunk)
        near = (
            (seg_top[None, :] < bottom[rows, None] + line_gap - 1e-9)
            & (top[rows, None] < seg_bottom[None, :] + line_gap - 1e-9)
            & (owner[None, :] != own[rows, None])
        )
        ti, si = np.nonzero(near)
        if not ti.size:
            continue
        ti = ti + start
        dk = sk1[si] - sk0[si]
        steep = dk != 0
        safe = np.where(steep, dk, 1.0)
        ta = np.where(steep, ((top[ti] - line_gap - sr[si]) / L - sk0[si]) / safe, 0.0)
        tb = np.where(steep, ((bottom[ti] + line_gap + sr[si]) / L - sk0[si]) / safe, 1.0)
        lo_t = np.clip(np.minimum(ta, tb), 0.0, 1.0)
        hi_t = np.clip(np.maximum(ta, tb), 0.0, 1.0)
        ua = su0[si] + lo_t * (su1[si] - su0[si])
        ub = su0[si] + hi_t * (su1[si] - su0[si])
        s, c = _least_spacing(
            (u[ti], u[ti], b0[ti], b1[ti]),
            (np.minimum(ua, ub), np.maximum(ua, ub), -sr[si], sr[si]),
            line_gap,
        )
        s_needed, conflicts = max(s_needed, s), conflicts + c
    return s_needed, conflicts


def _extent(
    items: Sequence[Item], layout: TreeLayout, s: float, L: float, radius: float
) -> tuple[float, float, float, float]:
    u, k, b0, b1, d0, d1 = _arrays(items)
    nodes_b = np.array(layout.breadth, dtype=float) * s
    nodes_d = np.array(layout.depth, dtype=float) * L
    return (
        min(float(np.min(s * u + b0, initial=np.inf)), float(nodes_b.min()) - radius),
        min(float(np.min(L * k + d0, initial=np.inf)), float(nodes_d.min()) - radius),
        max(float(np.max(s * u + b1, initial=-np.inf)), float(nodes_b.max()) + radius),
        max(float(np.max(L * k + d1, initial=-np.inf)), float(nodes_d.max()) + radius),
    )


def _fit(placement: Placement, page: tuple[float, float]) -> float:
    """How much the picture would have to shrink to fit ``page`` (above 1: it fits)."""
    width, height = placement.size
    return min(page[0] / max(width, 1e-9), page[1] / max(height, 1e-9))


def place(
    content: TreeContent,
    orientation: str,
    measure: Measure,
    *,
    font_size: float | None = None,
    page: tuple[float, float] = PAGE,
) -> Placement:
    """Place every label of ``content``.

    The font starts at :data:`FONT_SIZE` and shrinks, down to :data:`MIN_FONT_SIZE`, until
    the picture fits ``page`` (inches), unless ``font_size`` is given. With ``orientation``
    ``"auto"``, the tree runs down unless running right fits the page with a larger font.
    """
    ways = ("down", "right") if orientation == "auto" else (orientation,)

    def rough(items: Sequence[Item], size: float, way: str) -> None:
        # Text scales with its font: measured once at the first size, scaled for the others.
        measure(items, FONT_SIZE, way)
        for item in items:
            item.wb, item.wd = item.wb * size / FONT_SIZE, item.wd * size / FONT_SIZE

    best: Placement | None = None
    for way in ways:
        size = FONT_SIZE if font_size is None else float(font_size)
        placement = _place_at(content, way, rough, size, page)
        if font_size is None:
            # Everything scales with the font, so one step lands close; a second makes sure.
            for _ in range(2):
                scale = _fit(placement, page)
                if scale >= 1 or size <= MIN_FONT_SIZE:
                    break
                size = max(MIN_FONT_SIZE, size * scale * 0.98)
                placement = _place_at(content, way, rough, size, page)
        if best is None or _better(placement, best, page):
            best = placement
    assert best is not None
    size = best.font_size
    placement = _place_at(content, best.orientation, measure, size, page)
    # Measured exactly, the picture may come out a little larger than estimated.
    for _ in range(2):
        scale = _fit(placement, page)
        if font_size is not None or scale >= 1 or size <= MIN_FONT_SIZE:
            break
        size = max(MIN_FONT_SIZE, size * scale * 0.99)
        placement = _place_at(content, best.orientation, measure, size, page)
    return placement


def _better(new: Placement, old: Placement, page: tuple[float, float]) -> bool:
    """Whether the tree running right (``new``) is better than running down (``old``): fewer
    overlaps; then fitting the page where the other does not; then, if both fit, a font a
    fifth larger, and if neither does, a better fit."""
    if new.conflicts != old.conflicts:
        return new.conflicts < old.conflicts
    fit_new, fit_old = _fit(new, page), _fit(old, page)
    if (fit_new >= 0.99) != (fit_old >= 0.99):
        return fit_new >= 0.99
    if fit_new >= 0.99:
        return new.font_size > old.font_size * 1.2
    return fit_new > fit_old


def _place_at(
    content: TreeContent, orientation: str, measure: Measure, size: float, page: tuple[float, float]
) -> Placement:
    """The placement at one font size: the least leaf spacing for each of a few level
    spacings, and the tidiest of those."""
    points = size / 72.0
    pad, radius, line_gap = PAD * points, RADIUS * points, LINE_GAP * points
    across, along = GAP_ACROSS * points, GAP_ALONG * points
    gaps = (across, along) if orientation == "down" else (along, across)
    gap = gaps[1]
    items = _items(content, orientation)
    measure(items, size, orientation)
    _offsets(items, orientation, pad, gap)
    segments = _segments(content, radius)
    s_min = 1.6 * points
    if orientation == "down":
        line = max((i.wd for i in items if i.kind in ("mover", "action")), default=points)
        trials = [line * f + 2 * pad for f in (2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0, 10.0)]
    else:
        longest = max((i.wd for i in items if i.kind in ("mover", "action")), default=points)
        trials = [longest * f + 2 * pad for f in (0.8, 1.0, 1.2, 1.4, 1.7, 2.0, 2.5, 3.0)]
    best: Placement | None = None
    for L in trials:
        _along_edges(items, content, orientation, L, pad + radius)
        s, conflicts = _spacing(items, segments, L, gaps, line_gap, s_min)
        box = _extent(items, content.layout, s, L, radius)
        candidate = Placement(orientation, s, L, tuple(items), box, size, conflicts)
        if best is None or _tidier(candidate, best, page):
            best = candidate
    assert best is not None
    _along_edges(items, content, orientation, best.L, pad + radius)
    return best


def _along_edges(
    items: Sequence[Item], content: TreeContent, orientation: str, L: float, room: float
) -> None:
    """Put each label written over its edge at :data:`ON_EDGE` of the way to the child, or
    nearer the middle where that would bring it within ``room`` of the child."""
    layout = content.layout
    for item in items:
        if item.kind != "action" or not item.on_edge:
            continue
        edge = content.edges[item.edge]
        up, uc = layout.breadth[edge.parent], layout.breadth[edge.child]
        lp = layout.level[edge.parent]
        t = max(0.5, min(ON_EDGE[orientation], 1 - (item.wd / 2 + room) / L))
        item.u, item.k = up + t * (uc - up), lp + t


def _tidier(new: Placement, old: Placement, page: tuple[float, float]) -> bool:
    """Fewer overlaps; then a better fit to the page; then the smaller picture."""
    if new.conflicts != old.conflicts:
        return new.conflicts < old.conflicts
    fit_new, fit_old = min(_fit(new, page), 1.0), min(_fit(old, page), 1.0)
    if abs(fit_new - fit_old) > 1e-6:
        return fit_new > fit_old
    return new.size[0] * new.size[1] < old.size[0] * old.size[1] * 0.9


# --- matplotlib -------------------------------------------------------------------------------


def _alignment(item: Item, orientation: str) -> tuple[str, str]:
    """matplotlib's ``ha`` and ``va`` of an item."""
    horizontal = {-1: "right", 0: "center", 1: "left"}
    vertical = {-1: "bottom", 0: "center", 1: "top"}
    if orientation == "down":
        return horizontal[item.side_b], vertical[item.side_d]
    return horizontal[item.side_d], vertical[item.side_b]


def _mpl_measure() -> Measure:
    """Measuring by matplotlib itself, on a scratch figure fine enough (288 dots an inch)
    that rounding to whole dots does not show."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    dpi = 288
    scratch = Figure(dpi=dpi)
    renderer = FigureCanvasAgg(scratch).get_renderer()
    known: dict[tuple[Label, float], tuple[float, float]] = {}

    def measure(items: Sequence[Item], size: float, orientation: str) -> None:
        for item in items:
            if (item.text, size) not in known:
                text = Text(0, 0, as_mathtext(item.text), fontsize=size, linespacing=1.2)
                text.set_figure(scratch)
                box = text.get_window_extent(renderer)
                known[item.text, size] = (box.width / dpi, box.height / dpi)
            width, height = known[item.text, size]
            item.wb, item.wd = (width, height) if orientation == "down" else (height, width)

    return measure


def draw_tree(
    game: ExtensiveGame,
    *,
    result: SolveResult | None = None,
    equilibrium: int | Equilibrium | None = None,
    values: Mapping[str, object] | None = None,
    payoffs: str = "symbolic",
    decomposition: bool = False,
    style: str = "print",
    ax: Any = None,
    outcomes: bool = True,
    orientation: str = "auto",
    font_size: float | None = None,
    chance_name: str = "Nature",
    concept: str | None = None,
) -> Any:
    """Draw a game tree, for a paper.

    Decision nodes are named by the player who moves (display names), chance nodes by
    ``chance_name``, with each branch's probability on its edge; edges carry the actions;
    the nodes of an information set are joined by a dashed line; the leaves show each
    player's payoff (in player order, which a key under the tree names) and, optionally,
    the outcome. The actions an equilibrium plays are drawn thicker, with their probability
    where it is mixed.

    The leaves are evenly spaced, each parent is centred over its children and the terminal
    nodes are aligned. Labels are measured and the tree spaced so that none overlaps another
    label, an edge or a node; the font shrinks (down to 5 points) until the tree fits a page
    of 6.5 x 9 inches (or ``ax``).

    Parameters
    ----------
    game : ExtensiveGame
        A tree from :func:`deterrence.load`.
    result : SolveResult, optional
        A result of :func:`deterrence.solve` for this game; its ``equilibrium``-th
        equilibrium (the first when not given) is drawn.
    equilibrium : int or Equilibrium, optional
        Which equilibrium to draw, numbered from 1 as the command line lists them; without
        ``result`` the game is solved at ``values`` first (with ``concept``). An
        ``Equilibrium`` itself may be given too. At an information set that the player's
        own strategy excludes, no action is drawn thicker.
    values : mapping of str to number, optional
        Parameter values. With ``payoffs="symbolic"`` only these are substituted into the
        expressions; with ``"numeric"`` every other parameter is at its default, or at the
        value ``result`` was found at.
    payoffs : {"symbolic", "numeric"}
        Payoffs and chance probabilities as expressions of the parameters, or as exact
        numbers at the values.
    decomposition : bool
        Write each payoff as the model's base payoff followed by the named components the
        library adds (audience and escalation costs), ``v - e (escalation)``, instead of
        their total.
    style : {"print", "color"}
        Black and white, or the equilibrium's actions in colour.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new ``matplotlib.figure.Figure`` sized to the tree.
    outcomes : bool
        Write each leaf's outcome before its payoffs.
    orientation : {"auto", "down", "right"}
        Root at the top, or at the left with the leaves in a column (which suits large
        trees); ``"auto"`` takes the one that fits with the larger font, ``"down"`` if both
        fit.
    font_size : float, optional
        A fixed font size in points instead of one chosen to fit.
    chance_name : str
        The name written at chance's nodes.
    concept : str, optional
        The solution concept when the game is solved here (see :mod:`deterrence.concepts`).

    Returns
    -------
    matplotlib.figure.Figure
        Its Axes holds the edges (lines with gid ``edge:<node>:<action>``, the
        equilibrium's thicker), the dashed lines of information sets (``infoset:<label>``),
        the nodes (``node:<node>``) and the texts, with gids ``player:<node>``,
        ``chance:<node>``, ``action:<node>:<action>``, ``outcome:<leaf>``, ``payoff:<leaf>``
        and ``key``. Save it with ``figure.savefig("tree.pdf")`` (or ``.png``, ``.svg``).

    Raises
    ------
    SpecError
        For a normal form, an unknown parameter, a value out of bounds, an unknown option,
        no such equilibrium, or a result of another game or found at other values.

    Examples
    --------
    >>> import deterrence as dt
    >>> figure = draw_tree(dt.load("extended-deterrence"), equilibrium=1, payoffs="numeric")
    >>> texts = {t.get_gid(): t.get_text() for t in figure.axes[0].texts}
    >>> texts["player:attacker"], texts["action:attacker:attack"]
    ('Attacker', 'attack')
    >>> print(texts["payoff:conquest"])
    19/20
    −1
    −1/2
    >>> widths = {line.get_gid(): line.get_linewidth() for line in figure.axes[0].lines}
    >>> widths["edge:attacker:attack"] > widths["edge:attacker:status quo"]
    True
    """
    from deterrence.optional import require

    require("matplotlib", "plot", "drawing a game tree")
    check_style(style)
    _choice("orientation", orientation, ORIENTATIONS)
    content = tree_content(
        game,
        result=result,
        equilibrium=equilibrium,
        values=values,
        payoffs=payoffs,
        outcomes=outcomes,
        chance_name=chance_name,
        concept=concept,
        decomposition=decomposition,
    )
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    margin = 0.08
    if ax is None:
        page = (PAGE[0] - 2 * margin, PAGE[1] - 2 * margin)
    else:
        box = ax.get_position()
        width, height = ax.figure.get_size_inches()
        page = (box.width * width - 2 * margin, box.height * height - 2 * margin)
    key_room = 1.5 * FONT_SIZE / 72
    page = (page[0], max(page[1] - key_room, 0.5))
    placement = place(content, orientation, _mpl_measure(), font_size=font_size, page=page)
    left, bottom, right, top = placement.corners()
    key_size = 0.9 * placement.font_size
    left, right, top = left - margin, right + margin, top + margin
    bottom -= margin + 1.5 * key_size / 72
    if ax is None:
        figure = Figure(figsize=(right - left, top - bottom))
        FigureCanvasAgg(figure)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    _draw(ax, content, placement, style)
    ax.text(
        left + margin,
        bottom + margin / 2,
        "Payoffs: " + ", ".join(as_mathtext(name) for name in content.key),
        ha="left",
        va="bottom",
        fontsize=key_size,
        gid="key",
    )
    return ax.figure


def _draw(ax: Any, content: TreeContent, placement: Placement, style: str) -> None:
    layout = content.layout
    game = content.game
    size = placement.font_size
    bold_colour = EQUILIBRIUM_COLOUR if style == "color" else "black"
    thin = min(1.0, size / FONT_SIZE) ** 0.5
    for edge in content.edges:
        up, lp = layout.breadth[edge.parent], layout.level[edge.parent]
        uc = layout.breadth[edge.child]
        points = [placement.point(up, lp), placement.point(uc, lp + 1)]
        if layout.depth[edge.child] > lp + 1:
            points.append(placement.point(uc, layout.depth[edge.child]))
        xs, ys = zip(*points, strict=True)
        node = game.nodes[edge.parent]
        ax.plot(
            xs,
            ys,
            color=bold_colour if edge.bold else "black",
            linewidth=(BOLD_WIDTH if edge.bold else LINE_WIDTH) * thin,
            solid_capstyle="round",
            solid_joinstyle="round",
            zorder=2 if edge.bold else 1,
            gid=f"edge:{node.label}:{node.actions[edge.action]}",
        )
    for label, ordered, controls in infoset_paths(content):
        where = [(layout.breadth[i], float(layout.depth[i])) for i in ordered]
        line = [where[0]]
        for (start, end), control in zip(itertools.pairwise(where), controls, strict=True):
            line += [end] if control is None else _curve(start, control, end)[1:]
        xs, ys = zip(*(placement.point(u, k) for u, k in line), strict=True)
        ax.plot(
            xs,
            ys,
            color="0.3" if style == "print" else "#D55E00",
            linestyle=(0, (4, 3)),
            linewidth=LINE_WIDTH * thin,
            zorder=1,
            gid=f"infoset:{label}",
        )
    diameter = 2 * RADIUS * size
    for index, node in enumerate(game.nodes):
        x, y = placement.point(layout.breadth[index], layout.depth[index])
        face = "white" if node.kind == "chance" else "black"
        ax.plot(
            [x],
            [y],
            marker="o",
            markersize=diameter if node.kind != "terminal" else diameter * 0.55,
            markerfacecolor=face,
            markeredgecolor="black",
            markeredgewidth=0.8 * thin,
            linestyle="none",
            zorder=3,
            gid=f"node:{node.label}",
        )
    for item in placement.items:
        x, y = placement.point(item.u, item.k, item.ob, item.od)
        ha, va = _alignment(item, placement.orientation)
        ax.text(
            x,
            y,
            as_mathtext(item.text),
            ha=ha,
            va=va,
            fontsize=size,
            linespacing=1.2,
            multialignment="center",
            gid=item.gid,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5} if item.on_edge else None,
        )


# --- TikZ -------------------------------------------------------------------------------------

#: TikZ text is set at ``\small``: 9 points in a 10-point document.
TIKZ_FONT_SIZE = 9.0
#: The page a TikZ picture is fitted to by default, in inches: the text block of a plain
#: ``article`` (345 by 550 points) less a paragraph's indent, so that it fits unindented or not.
TIKZ_WIDTH, TIKZ_HEIGHT = 4.5, 7.2


def _em(text: str, formula: bool) -> float:
    """The width of ``text`` in ems, estimated generously for Computer Modern: in a formula,
    a binary operator takes its spacing too, and spaces take none."""
    width = 0.0
    for char in text:
        if char == " ":
            width += 0.0 if formula else 0.35
        elif formula and char in "+-*=<>":
            width += 1.25
        elif char.isupper() or char in "mwMW":
            width += 0.78
        elif char in "il.,;:'()[]/|!":
            width += 0.33
        else:
            width += 0.55
    return width


def _tex_measure(items: Sequence[Item], size: float, orientation: str) -> None:
    """Estimated extents of LaTeX text, in inches (see :func:`_em`)."""
    for item in items:
        widths, line = [], 0.0
        for part in item.text:
            if isinstance(part, Math):
                line += _em(part.plain, formula=True)
                continue
            pieces = part.split("\n")
            line += _em(pieces[0], formula=False)
            for piece in pieces[1:]:
                widths.append(line)
                line = _em(piece, formula=False)
        widths.append(line)
        width = max(widths) * size / 72.27
        height = len(widths) * 1.25 * size / 72.27
        item.wb, item.wd = (width, height) if orientation == "down" else (height, width)


def _tikz_anchor(item: Item, orientation: str) -> str:
    ha, va = _alignment(item, orientation)
    vertical = {"bottom": "south", "top": "north", "center": ""}[va]
    horizontal = {"right": "east", "left": "west", "center": ""}[ha]
    return " ".join(p for p in (vertical, horizontal) if p) or "center"


def tree_to_tikz(
    game: ExtensiveGame,
    *,
    result: SolveResult | None = None,
    equilibrium: int | Equilibrium | None = None,
    values: Mapping[str, object] | None = None,
    payoffs: str = "symbolic",
    decomposition: bool = False,
    style: str = "print",
    outcomes: bool = True,
    orientation: str = "auto",
    chance_name: str = "Nature",
    concept: str | None = None,
    document: bool = False,
    width: float | None = TIKZ_WIDTH,
) -> str:
    """The tree of :func:`draw_tree` as a TikZ picture, for ``\\input`` into a paper.

    It needs only ``\\usepackage{tikz}``: text at ``\\small``, formulas in math mode, the
    equilibrium's actions as thick lines (style ``equilibrium``), information sets dashed.
    The layout is the figure's, with each label's extent estimated from its length; a tree
    wider than ``width`` is scaled down to it.

    Parameters
    ----------
    game, result, equilibrium, values, payoffs, decomposition, style, outcomes, chance_name, concept
        As for :func:`draw_tree`.
    orientation : {"auto", "down", "right"}
        Root at the top or at the left; ``"auto"`` runs the tree down unless only running
        right fits ``width``.
    document : bool
        A whole LaTeX document (``article`` with ``tikz``) that compiles alone, instead of
        the ``tikzpicture`` environment alone.
    width : float or None
        The width available, in inches (default: a plain article's text width); a larger
        tree is scaled down to it, text and all (its height to 1.6 times the width). None
        keeps the natural size.

    Returns
    -------
    str
        LaTeX source.

    Raises
    ------
    SpecError
        As :func:`draw_tree`.

    Examples
    --------
    >>> import deterrence as dt
    >>> tikz = tree_to_tikz(dt.load("extended-deterrence"), equilibrium=1)
    >>> tikz.startswith(r"\\begin{tikzpicture}[font=\\small,")
    True
    >>> print(tikz.splitlines()[0].split(",", 1)[1])  # wider than an article's text: scaled
    scale=0.732, every node/.append style={transform shape},
    >>> sum(line.startswith(r"\\draw[equilibrium]") for line in tikz.splitlines())
    3
    """
    check_style(style)
    _choice("orientation", orientation, ORIENTATIONS)
    content = tree_content(
        game,
        result=result,
        equilibrium=equilibrium,
        values=values,
        payoffs=payoffs,
        outcomes=outcomes,
        chance_name=chance_name,
        concept=concept,
        decomposition=decomposition,
    )
    page = (width, TIKZ_HEIGHT * width / TIKZ_WIDTH) if width is not None else (1e6, 1e6)
    placement = place(content, orientation, _tex_measure, font_size=TIKZ_FONT_SIZE, page=page)
    layout = content.layout
    cm = 2.54
    # The text keeps its size while the tree is spaced; a tree still too large for the page
    # is scaled whole, text with it (``transform shape``), which needs nothing but TikZ.
    scale = min(1.0, _fit(placement, page))

    def at(u: float, k: float, ob: float = 0.0, od: float = 0.0) -> str:
        x, y = placement.point(u, k, ob, od)
        return f"({x * cm:.3f},{y * cm:.3f})"

    bold = "line width=1.6pt"
    if style == "color":
        bold += ", draw={rgb,255:red,0;green,114;blue,178}"
    scaled = (
        f"scale={scale:.3f}, every node/.append style={{transform shape}}," if scale < 1 else ""
    )
    lines = [
        r"\begin{tikzpicture}[font=\small," + scaled,
        r"  decision/.style={circle, fill, inner sep=1.6pt},",
        r"  chance/.style={circle, draw, fill=white, inner sep=1.6pt},",
        r"  terminal/.style={circle, fill, inner sep=0.8pt},",
        r"  edge/.style={line width=0.4pt},",
        f"  equilibrium/.style={{{bold}}},",
        r"  infoset/.style={dashed, line width=0.4pt},",
        r"  label/.style={inner sep=0pt, align=center},",
        r"  on edge/.style={fill=white, inner sep=0.5pt}]",
    ]
    for index, node in enumerate(game.nodes):
        where = at(layout.breadth[index], layout.depth[index])
        lines.append(rf"\node[{node.kind}] (n{index}) at {where} {{}};")
    for edge in content.edges:
        lp = layout.level[edge.parent]
        path = f"(n{edge.parent})"
        if layout.depth[edge.child] > lp + 1:
            path += f" -- {at(layout.breadth[edge.child], lp + 1)}"
        kind = "equilibrium" if edge.bold else "edge"
        lines.append(rf"\draw[{kind}] {path} -- (n{edge.child});")
    for _, ordered, controls in infoset_paths(content):
        path = f"(n{ordered[0]}.center)"
        for b, control in zip(ordered[1:], controls, strict=True):
            step = " -- " if control is None else f" .. controls {at(*control)} .. "
            path += f"{step}(n{b}.center)"
        lines.append(r"\draw[infoset] " + path + ";")
    for item in placement.items:
        text = as_tex(item.text).replace("\n", r"\\")
        anchor = _tikz_anchor(item, placement.orientation)
        where = at(item.u, item.k, item.ob, item.od)
        on = ", on edge" if item.on_edge else ""
        lines.append(rf"\node[label, anchor={anchor}{on}] at {where} {{{text}}};")
    left, bottom, _, _ = placement.corners()
    key = "Payoffs: " + ", ".join(as_tex(name) for name in content.key)
    lines.append(
        rf"\node[label, anchor=north west, font=\footnotesize] at "
        f"({left * cm:.3f},{(bottom - 0.1) * cm:.3f}) {{{key}}};"
    )
    lines.append(r"\end{tikzpicture}")
    picture = "\n".join(lines) + "\n"
    if not document:
        return picture
    return (
        "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n\\noindent\n"
        f"{picture}\\end{{document}}\n"
    )


# --- normal forms -----------------------------------------------------------------------------


def normal_form_to_latex(
    game: NormalFormGame | ExtensiveGame,
    values: Mapping[str, object] | None = None,
    *,
    payoffs: str = "numeric",
    mark: str = "underline",
) -> str:
    """A two-player normal form as a LaTeX ``tabular``, best responses marked.

    Rows are the first player's strategies, columns the second's; each cell holds the row
    player's payoff, then the column player's. A payoff is marked (underlined, or starred
    with ``mark="star"``) where it is a best response to the other player's strategy at
    ``values``, so a cell marked twice is a pure Nash equilibrium. A tree is shown by its
    reduced normal form. Only standard LaTeX is used.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A game of two players.
    values : mapping of str to number, optional
        Parameter values; the others at their defaults.
    payoffs : {"numeric", "symbolic"}
        Numbers at the values, or expressions (marked as at the values).
    mark : {"underline", "star"}

    Returns
    -------
    str
        The ``tabular`` environment.

    Examples
    --------
    >>> import deterrence as dt
    >>> print(normal_form_to_latex(dt.load("chicken")))
    \\begin{tabular}{ll|c|c|}
    \\multicolumn{2}{c}{} & \\multicolumn{2}{c}{Column state} \\\\
    \\multicolumn{2}{c}{} & \\multicolumn{1}{c}{swerve} & \\multicolumn{1}{c}{straight} \\\\
    \\cline{3-4}
    Row state & swerve & $0$, $0$ & $\\underline{-1}$, $\\underline{1}$ \\\\
    \\cline{3-4}
     & straight & $\\underline{1}$, $\\underline{-1}$ & $-10$, $-10$ \\\\
    \\cline{3-4}
    \\end{tabular}
    """
    _choice("payoffs", payoffs, PAYOFF_MODES)
    _choice("mark", mark, MARKS)
    if isinstance(game, ExtensiveGame):
        from deterrence.game.reduced_form import reduced_normal_form

        game = reduced_normal_form(game).game
    if len(game.players) != 2:
        raise SpecError(
            [Diagnostic(f"a table needs two players; the game has {len(game.players)}")]
        )
    from deterrence.game.instantiate import instantiate
    from deterrence.game.parameters import resolve_values

    at = resolve_values(game.parameters, _given(game, values))
    numeric = instantiate(game, at)[0]
    assert isinstance(numeric, NormalFormGame)
    rows, cols = game.shape
    a, b = numeric.matrices()
    best_row = [
        [a[r][c] == max(a[x][c] for x in range(rows)) for c in range(cols)] for r in range(rows)
    ]
    best_col = [
        [b[r][c] == max(b[r][y] for y in range(cols)) for c in range(cols)] for r in range(rows)
    ]
    number = _Formatter(game)
    shown = numeric if payoffs == "numeric" else game

    def cell(r: int, c: int) -> str:
        parts = []
        for player, best in ((0, best_row[r][c]), (1, best_col[r][c])):
            latex = number(shown.payoff((r, c)).total[player]).latex
            if best:
                latex = rf"\underline{{{latex}}}" if mark == "underline" else f"{latex}^{{*}}"
            parts.append(f"${latex}$")
        return ", ".join(parts)

    last = 2 + cols
    lines = [
        r"\begin{tabular}{ll|" + "c|" * cols + "}",
        r"\multicolumn{2}{c}{} & \multicolumn{"
        + str(cols)
        + r"}{c}{"
        + _tex_escape(game.player_names[1])
        + r"} \\",
        r"\multicolumn{2}{c}{} & "
        + " & ".join(rf"\multicolumn{{1}}{{c}}{{{_tex_escape(s)}}}" for s in game.strategies[1])
        + r" \\",
        rf"\cline{{3-{last}}}",
    ]
    for r, strategy in enumerate(game.strategies[0]):
        name = _tex_escape(game.player_names[0]) if r == 0 else ""
        cells = " & ".join(cell(r, c) for c in range(cols))
        lines.append(f"{name} & {_tex_escape(strategy)} & {cells} " + r"\\")
        lines.append(rf"\cline{{3-{last}}}")
    lines.append(r"\end{tabular}")
    return "\n".join(lines)
