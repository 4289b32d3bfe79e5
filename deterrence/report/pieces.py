"""An analysis along one parameter as a JSON-ready dict, text and LaTeX.

The JSON keeps ids; the text and the LaTeX write actions and outcomes by their display names,
and the LaTeX each parameter by its symbol (:mod:`deterrence.game.notation`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from deterrence.analysis.one_parameter import OneParameterSolution, Piece, Play
from deterrence.analysis.two_player_along import MatrixPiece, SymbolicMixed, TwoPlayerAlong
from deterrence.game.notation import Notation, notation_of
from deterrence.report.describe import moves_text, strategies_of
from deterrence.report.tex import escape_latex

Solution = OneParameterSolution | TwoPlayerAlong


def _strategies(solution: OneParameterSolution, play: Play) -> dict[str, dict[str, str]]:
    return strategies_of(solution.game, play.choices)


def _interval(piece: Piece | MatrixPiece) -> str:
    return f"({piece.lower}, {piece.upper})"


def mixed_labels(eq: SymbolicMixed, players: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Each player's mixed strategy in ``eq`` as text, for JSON: by player, the probability of
    each strategy played with positive probability, as a string.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import deterrence as dt
    >>> from deterrence.analysis.two_player_along import solve_two_player_along
    >>> path = solve_two_player_along(dt.load("chicken"), "e", {"L": Fraction(10)})
    >>> mixed_labels(path.pieces[-1].equilibria[0], ("R", "C"))
    {'R': {'swerve': '1'}, 'C': {'swerve': '1'}}
    """
    return {
        p: {label: str(prob) for label, prob in strategy.items() if prob != 0}
        for p, strategy in zip(players, eq.strategies, strict=True)
    }


def _region(solution: Solution, piece: Piece | MatrixPiece) -> dict[str, Any]:
    players = solution.game.players
    region: dict[str, Any] = {
        "conditions": _conditions(solution.parameter.name, piece),
        "interval": [str(piece.lower), str(piece.upper)],
    }
    if isinstance(piece, Piece):
        assert isinstance(solution, OneParameterSolution)
        region["strategies"] = _strategies(solution, piece.plays[0])
        region["outcomes"] = {k: str(v) for k, v in piece.outcomes.items()}
        region["payoffs"] = {p: str(v) for p, v in zip(players, piece.values, strict=True)}
        if piece.ties:
            # A player is indifferent throughout: every tie-break is an SPE of its own.
            region["equilibria"] = [
                {
                    "strategies": _strategies(solution, play),
                    "outcomes": {k: str(v) for k, v in play.outcomes.items()},
                    "payoffs": {p: str(v) for p, v in zip(players, play.values, strict=True)},
                }
                for play in piece.plays
            ]
    else:
        region["exact"] = piece.exact
        region["equilibria"] = [
            {
                "mixed": mixed_labels(eq, players),
                "outcomes": {k: str(v) for k, v in eq.outcomes.items()},
                "payoffs": {p: str(v) for p, v in zip(players, eq.payoffs, strict=True)},
            }
            for eq in piece.equilibria
        ]
    return region


def _conditions(name: str, piece: Piece | MatrixPiece) -> list[str]:
    out = []
    if piece.lower.is_finite:
        out.append(f"{name} > {piece.lower}")
    if piece.upper.is_finite:
        out.append(f"{name} < {piece.upper}")
    return out


def pieces_to_dict(solution: Solution) -> dict[str, Any]:
    """An analysis along one parameter as a JSON-ready dict.

    Parameters
    ----------
    solution : OneParameterSolution or TwoPlayerAlong
        The subgame-perfect pieces of a tree of perfect information, or the Nash equilibria of a
        two-player game, along one parameter.

    Returns
    -------
    dict
        ``model``, ``concept`` (``spe`` or ``nash``), ``over``, the values of the other
        ``parameters``, one entry in ``regions`` per piece (its conditions and interval, and its
        strategies, outcomes and payoffs, or its equilibria) and the switch points as
        ``boundaries``; every number and expression as a string.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.one_parameter import solve_along
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> found = pieces_to_dict(solve_along(game, "p", resolve_values(game.parameters)))
    >>> found["boundaries"], found["regions"][0]["conditions"], found["regions"][0]["outcomes"]
    (['3/10', '7/10'], ['p > 0', 'p < 3/10'], {'conquest': '1'})
    """
    game = solution.game
    return {
        "model": game.info.id,
        "concept": "spe" if isinstance(solution, OneParameterSolution) else "nash",
        "over": [solution.parameter.name],
        "parameters": {
            k: str(v) for k, v in solution.fixed.items() if k != solution.parameter.name
        },
        "regions": [_region(solution, piece) for piece in solution.pieces],
        "boundaries": [str(b) for b in solution.switch_points],
    }


def describe_outcomes(outcomes: Any, words: Callable[[str], str] | None = None) -> str:
    """An outcome distribution (or a mixed strategy) as text: each label with its probability in
    brackets, joined by ``+``; a label of probability 1 alone.

    Parameters
    ----------
    outcomes : mapping of str to sympy expression
        Label -> probability.
    words : callable, optional
        How a label is written (``notation.outcome_text`` for outcomes, ``notation.plan``
        for strategies); the label itself where it is None.

    Examples
    --------
    >>> import sympy
    >>> from deterrence.game.notation import Notation
    >>> describe_outcomes({"status_quo": sympy.Integer(1)})
    'status_quo'
    >>> p = sympy.Symbol("p")
    >>> describe_outcomes({"abandoned": 1 - p, "status_quo": p}, Notation().outcome_text)
    '(1 - p) abandoned + (p) status quo'
    """
    name = words or str
    return " + ".join(
        name(label) if v == 1 else f"({v}) {name(label)}" for label, v in outcomes.items()
    )


def pieces_to_text(solution: Solution) -> str:
    """An analysis along one parameter as text for the terminal: a header with the values of the
    other parameters, then each interval with its play (strategies, outcome and payoffs; every
    tie-break where a player is indifferent throughout) or its Nash equilibria, and the switch
    points.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import deterrence as dt
    >>> from deterrence.analysis.two_player_along import solve_two_player_along
    >>> path = solve_two_player_along(dt.load("chicken"), "e", {"L": Fraction(10)})
    >>> print(pieces_to_text(path).split("e in (1, oo):")[1])
    <BLANKLINE>
      1. R: swerve / C: swerve
         outcome: Compromise
    <BLANKLINE>
    play switches at 1; there the player who switches is indifferent
    <BLANKLINE>
    """
    game = solution.game
    notation = notation_of(game)
    name = solution.parameter.name
    concept = (
        "subgame-perfect equilibrium"
        if isinstance(solution, OneParameterSolution)
        else "Nash equilibria (extreme)"
    )
    lines = [f"{game.info.id}: {concept} as {name} moves"]
    fixed = ", ".join(f"{k} = {v}" for k, v in solution.fixed.items() if k != name)
    if fixed:
        lines.append(f"other parameters: {fixed}")
    for piece in solution.pieces:
        lines.append("")
        lines.append(f"{name} in {_interval(piece)}:")
        if isinstance(piece, MatrixPiece):
            if not piece.exact:
                lines.append("  (degenerate here: the list below may be incomplete)")
            for n, eq in enumerate(piece.equilibria, 1):
                mixed = " / ".join(
                    f"{p}: " + describe_outcomes(m, notation.plan)
                    for p, m in zip(game.players, mixed_expressions(eq), strict=True)
                )
                lines.append(f"  {n}. {mixed}")
                lines.append(
                    f"     outcome: {describe_outcomes(eq.outcomes, notation.outcome_text)}"
                )
            continue
        assert isinstance(solution, OneParameterSolution)
        if piece.ties:
            lines.append(
                f"  a player is indifferent throughout: {len(piece.plays)} subgame-perfect "
                "equilibria, one per tie-break"
            )
        for n, play in enumerate(piece.plays, 1):
            indent = "  " if not piece.ties else "     "
            if piece.ties:
                lines.append(f"  {n}.")
            for player, moves in _strategies(solution, play).items():
                if moves:
                    shown = {h: notation.action(a) for h, a in moves.items()}
                    lines.append(f"{indent}{player}: {moves_text(shown)}")
            lines.append(
                f"{indent}outcome: {describe_outcomes(play.outcomes, notation.outcome_text)}"
            )
            payoffs = ", ".join(
                f"{p} = {v}" for p, v in zip(game.players, play.values, strict=True)
            )
            lines.append(f"{indent}payoffs: {payoffs}")
    if solution.switch_points:
        lines.append("")
        lines.append(
            "play switches at "
            + ", ".join(
                str(b) + ("" if b.is_Rational else f" (= {sympy.N(b, 12)})")
                for b in solution.switch_points
            )
            + "; there the player who switches is indifferent"
        )
    return "\n".join(lines) + "\n"


def pieces_to_latex(solution: Solution) -> str:
    r"""A cases environment: the equilibrium outcome(s) on each interval, outcomes by their
    display names and the parameter by its symbol.

    Examples
    --------
    >>> import deterrence as dt
    >>> from deterrence.analysis.one_parameter import solve_along
    >>> from deterrence.game.parameters import resolve_values
    >>> game = dt.load("extended-deterrence")
    >>> latex = pieces_to_latex(solve_along(game, "wD", resolve_values(game.parameters)))
    >>> print(latex.split(r" \\ ")[-1])
    \text{Conquest} & \frac{1}{2} < w_D < 1 \end{cases} \]
    <BLANKLINE>
    """
    notation = notation_of(solution.game)
    latex = notation.latex
    name = notation.symbol(solution.parameter.name)
    rows = []
    for piece in solution.pieces:
        distinct: list[dict[str, Any]] = []
        for outcomes in piece.outcome_sets:
            if dict(outcomes) not in distinct:
                distinct.append(dict(outcomes))
        outcome = r" \text{ or } ".join(
            r" + ".join(latex_term(label, v, notation) for label, v in outcomes.items())
            for outcomes in distinct
        )
        rows.append(f"{outcome} & {latex(piece.lower)} < {name} < {latex(piece.upper)}")
    return r"\[ \text{outcome} = \begin{cases} " + r" \\ ".join(rows) + r" \end{cases} \]" + "\n"


def mixed_expressions(eq: SymbolicMixed) -> tuple[dict[str, Any], ...]:
    """Each player's mixed strategy in ``eq`` without the strategies of probability zero, the
    probabilities kept as sympy expressions.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import deterrence as dt
    >>> from deterrence.analysis.two_player_along import solve_two_player_along
    >>> path = solve_two_player_along(dt.load("chicken"), "e", {"L": Fraction(10)})
    >>> mixed_expressions(path.pieces[-1].equilibria[0])
    ({'swerve': 1}, {'swerve': 1})
    """
    return tuple({k: v for k, v in m.items() if v != 0} for m in eq.strategies)


def latex_text(label: str) -> str:
    """``label`` inside ``\\text{...}``, with LaTeX's special characters escaped."""
    return r"\text{" + escape_latex(label) + "}"


def latex_term(label: str, probability: sympy.Expr, notation: Notation | None = None) -> str:
    r"""One term of an outcome distribution in LaTeX: the probability (in brackets where it is a
    sum or reads as negative) times the outcome's display name as text; the name alone where
    the probability is 1. Names and symbols come from ``notation`` (the defaults where it is
    None).

    Examples
    --------
    >>> import sympy
    >>> print(latex_term("status_quo", sympy.Integer(1)))
    \text{status quo}
    >>> print(latex_term("war", 1 - sympy.Symbol("wD")))
    \left(1 - w_{D}\right)\,\text{war}
    """
    notation = notation or Notation()
    text = latex_text(notation.outcome_text(label))
    if probability == 1:
        return text
    coefficient = notation.latex(probability)
    if isinstance(probability, sympy.Add) or probability.could_extract_minus_sign():
        coefficient = rf"\left({coefficient}\right)"
    return rf"{coefficient}\,{text}"
