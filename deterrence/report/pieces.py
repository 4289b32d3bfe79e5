"""An analysis along one parameter as a JSON-ready dict and as text."""

from __future__ import annotations

from typing import Any

import sympy

from deterrence.analysis.one_parameter import OneParameterSolution, Piece, Play
from deterrence.analysis.two_player_along import MatrixPiece, SymbolicMixed, TwoPlayerAlong
from deterrence.report.describe import strategies_of
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


def describe_outcomes(outcomes: Any) -> str:
    """An outcome distribution (or a mixed strategy) as text: each label with its probability in
    brackets, joined by ``+``; a label of probability 1 alone.

    Examples
    --------
    >>> import sympy
    >>> describe_outcomes({"status_quo": sympy.Integer(1)})
    'status_quo'
    >>> p = sympy.Symbol("p")
    >>> describe_outcomes({"abandoned": 1 - p, "war": p})
    '(1 - p) abandoned + (p) war'
    """
    return " + ".join(label if v == 1 else f"({v}) {label}" for label, v in outcomes.items())


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
         outcome: compromise
    <BLANKLINE>
    play switches at 1; there the player who switches is indifferent
    <BLANKLINE>
    """
    game = solution.game
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
                    f"{p}: "
                    + " + ".join(label if v == 1 else f"({v}) {label}" for label, v in m.items())
                    for p, m in zip(
                        game.players, (dict(x) for x in mixed_expressions(eq)), strict=True
                    )
                )
                lines.append(f"  {n}. {mixed}")
                lines.append(f"     outcome: {describe_outcomes(eq.outcomes)}")
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
                text = "; ".join(f"{h}: {a}" for h, a in moves.items())
                if text:
                    lines.append(f"{indent}{player}: {text}")
            lines.append(f"{indent}outcome: {describe_outcomes(play.outcomes)}")
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
    """A cases environment: the equilibrium outcome(s) on each interval."""
    name = sympy.latex(sympy.Symbol(solution.parameter.name))
    rows = []
    for piece in solution.pieces:
        distinct: list[dict[str, Any]] = []
        for outcomes in piece.outcome_sets:
            if dict(outcomes) not in distinct:
                distinct.append(dict(outcomes))
        outcome = r" \text{ or } ".join(
            r" + ".join(latex_term(label, v) for label, v in outcomes.items())
            for outcomes in distinct
        )
        rows.append(f"{outcome} & {sympy.latex(piece.lower)} < {name} < {sympy.latex(piece.upper)}")
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


def latex_term(label: str, probability: sympy.Expr) -> str:
    r"""One term of an outcome distribution in LaTeX: the probability (in brackets where it is a
    sum or reads as negative) times the label as text; the label alone where the probability
    is 1.

    Examples
    --------
    >>> import sympy
    >>> print(latex_term("status_quo", sympy.Integer(1)))
    \text{status\_quo}
    >>> print(latex_term("war", 1 - sympy.Symbol("p")))
    \left(1 - p\right)\,\text{war}
    """
    if probability == 1:
        return latex_text(label)
    coefficient = sympy.latex(probability)
    if isinstance(probability, sympy.Add) or probability.could_extract_minus_sign():
        coefficient = rf"\left({coefficient}\right)"
    return rf"{coefficient}\,{latex_text(label)}"
