"""Gambit's strategic-form format (``.nfg``, ``NFG 1 R`` and ``NFG 1 D``), read and written.

The header names the game, the players and their strategies, either by label or by count::

    NFG 1 R "title" { "Player 1" "Player 2" }
    { { "Top" "Bottom" } { "Left" "Middle" "Right" } }
    "optional comment"

    NFG 1 D "title" { "Player 1" "Player 2" } { 2 3 }

The body is either a list of payoffs, every player's payoff for the first profile, then for
the second, ... or a list of outcomes ``{ "name" payoff, payoff ... }`` followed by an outcome
number for each profile (0 for none, paying zero). Either way the profiles run with the
*first* player's strategy varying *fastest* -- the opposite of our order, in which it varies
slowest (as in ``itertools.product``); the reader and writer convert.
"""

from __future__ import annotations

import math
import os
from fractions import Fraction

from deterrence.formats._lexer import (
    Lexer,
    format_number,
    load_source,
    player_ids,
    quote,
    unique_labels,
)
from deterrence.game.model_info import ModelInfo
from deterrence.game.normal_form import NormalFormGame
from deterrence.game.payoff import Payoff

#: Games with more players than this are refused.
MAX_PLAYERS = 10_000


def _file_order(shape: tuple[int, ...]) -> list[int]:
    """Our payoff index of each profile, in the file's order (first player fastest)."""
    total = math.prod(shape)
    order = []
    for position in range(total):
        index = 0
        rest = position
        digits = []
        for size in shape:
            digits.append(rest % size)
            rest //= size
        for size, digit in zip(shape, digits, strict=True):
            index = index * size + digit
        order.append(index)
    return order


def read_nfg(path_or_text: str | os.PathLike[str], *, text: str | None = None) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file into a :class:`~deterrence.game.NormalFormGame`.

    Parameters
    ----------
    path_or_text : str or os.PathLike
        The file to read; or, when ``text`` is given, the name to report it under; or the
        file's text itself (a string starting with ``NFG`` or containing a line break).
    text : str, optional
        The file's contents, when they are already in memory.

    Returns
    -------
    NormalFormGame
        Payoffs exact, in our profile order (first player slowest). Strategies given by count
        are labelled ``"1"``, ``"2"``, ...; empty labels become their position. With the
        outcome-list body, a profile's outcome label is the outcome's name where it has one.

    Raises
    ------
    SpecError
        On malformed input, naming the file, line and what was expected.
    """
    source, name, ident = load_source(path_or_text, text, "NFG")
    lx = Lexer(source, name)
    lx.expect_symbol(("NFG",), "'NFG' at the start of a strategic-form file")
    if lx.current.kind != "number" or lx.current.text != "1":
        lx.fail(f"expected format version 1 ('NFG 1 R'), found {lx.current.describe()}")
    lx.advance()
    lx.expect_symbol(("R", "D"), "'R' (rational) or 'D' (decimal) after 'NFG 1'")
    title = lx.expect("text", "the game title (a quoted string)").text

    lx.expect("{", "'{' starting the list of player names")
    names: list[str] = []
    while lx.at("text"):
        names.append(lx.advance().text)
        if len(names) > MAX_PLAYERS:
            lx.fail(f"more than {MAX_PLAYERS} players")
    closing = lx.expect("}", "a player name (a quoted string) or '}'")
    if not names:
        lx.fail("the game has no players; list at least one player name", closing.line)

    # Strategies: labels per player, or a count per player. Every profile needs at least one
    # number in the file, so counts making more profiles than it can hold are refused at once.
    limit = len(source) // 2 + 1
    lx.expect("{", "'{' starting the strategies (labels or counts)")
    strategies: list[tuple[str, ...]] = []
    if lx.at("{"):
        for player in range(len(names)):
            lx.expect("{", f"'{{' starting the strategy labels of player {player + 1}")
            labels = []
            while lx.at("text"):
                labels.append(lx.advance().text)
            closing = lx.expect("}", "a strategy label (a quoted string) or '}'")
            if not labels:
                lx.fail(f"player {player + 1} has no strategies", closing.line)
            strategies.append(unique_labels(labels))
    else:
        counts = []
        profiles = 1
        for player in range(len(names)):
            line = lx.current.line
            what = f"the number of strategies of player {player + 1}"
            counts.append(lx.expect_count(what, minimum=1))
            profiles *= counts[-1]
            if profiles > limit:
                lx.fail("the strategy counts make more profiles than the file can hold", line)
        strategies = [tuple(str(i + 1) for i in range(count)) for count in counts]
    lx.expect("}", f"'}}' after the strategies of the {len(names)} players")
    comment = lx.advance().text if lx.at("text") else ""

    shape = tuple(len(s) for s in strategies)
    total = math.prod(shape)
    nplayers = len(names)
    entries: list[tuple[str | None, tuple[Fraction, ...]]] = []
    if lx.at("{"):
        if total > limit:
            lx.fail(f"the strategies make {total} profiles, more than the file can hold")
        lx.advance()
        zero = (Fraction(0),) * nplayers
        table: list[tuple[str | None, tuple[Fraction, ...]]] = [(None, zero)]
        while lx.accept("{"):
            label = lx.expect("text", "the outcome name (a quoted string, may be empty)").text
            values = []
            for _ in range(nplayers):
                values.append(lx.expect_number("a payoff number"))
                lx.accept(",")
            lx.expect("}", f"'}}' after the {nplayers} payoffs (one per player)")
            table.append((label or None, tuple(values)))
        lx.expect("}", "'{' starting an outcome, or '}' ending the outcome list")
        for _ in range(total):
            number = lx.expect_count(
                f"an outcome number ({total} in all, one per profile)",
                minimum=0,
                maximum=len(table) - 1,
            )
            entries.append(table[number])
    elif lx.at("number"):
        if total * nplayers > limit:
            lx.fail(f"the strategies make {total} profiles, more than the file can hold")
        for _ in range(total):
            values = []
            for _ in range(nplayers):
                values.append(lx.expect_number(f"a payoff number ({total * nplayers} in all)"))
                lx.accept(",")
            entries.append((None, tuple(values)))
    else:
        lx.fail(
            "expected the payoffs: numbers, or '{' starting a list of outcomes, found "
            + lx.current.describe()
        )
    lx.expect_end()

    ordered = [entries[0]] * total
    for position, index in enumerate(_file_order(shape)):
        ordered[index] = entries[position]
    payoffs = [Payoff(values) for _, values in ordered]
    outcomes = [label for label, _ in ordered]
    ids, display = player_ids(names)
    return NormalFormGame(
        players=ids,
        strategies=tuple(strategies),
        payoffs=tuple(payoffs),
        outcomes=tuple(outcomes),
        info=ModelInfo(id=ident, title=title, description=comment),
        player_names=display,
    )


def write_nfg(game: NormalFormGame) -> str:
    """The game as a Gambit ``.nfg`` file (``NFG 1 R``, payoff list, labelled strategies).

    Players are written by id; payoffs are the totals (base plus components) as exact
    rationals, one profile per line with the first player's strategy varying fastest, as the
    format requires. Outcome labels are not written (the payoff-list form has none).

    Parameters
    ----------
    game : NormalFormGame
        A numeric game.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    ValueError
        If a payoff is not an exact number.
    """
    if not game.is_numeric:
        raise ValueError(
            "write_nfg needs a numeric game: payoffs must be Fractions "
            "(instantiate a parametric game first)"
        )
    players = " ".join(quote(p) for p in game.players)
    lines = [f"NFG 1 R {quote(game.info.title)} {{ {players} }}", ""]
    strategies = [" ".join(quote(s) for s in labels) for labels in game.strategies]
    lines.append("{ " + "\n".join(f"{{ {s} }}" for s in strategies))
    lines.append("}")
    lines.append(quote(game.info.description))
    lines.append("")
    for index in _file_order(game.shape):
        lines.append(" ".join(format_number(v) for v in game.payoffs[index].total))
    return "\n".join(lines) + "\n"
