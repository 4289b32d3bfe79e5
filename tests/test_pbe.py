"""Perfect Bayesian equilibria (``deterrence.solvers.pbe``) and their certificate
(``deterrence.solvers.beliefs``), on textbook signalling games, on the shared reference cases
of Zagare and Kilgour's unilateral deterrence game and Fearon's tying hands versus sinking
costs, and on random signalling games against a brute force written here.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import deterrence as dt
from deterrence.concepts import Certificate, Concept
from deterrence.exact import exact_number
from deterrence.game.instantiate import instantiate
from deterrence.game.model_info import ModelInfo
from deterrence.game.parameters import resolve_values
from deterrence.game.payoff import Payoff
from deterrence.game.tree import ExtensiveGame, Node
from deterrence.solvers.beliefs import (
    bayes_consistent,
    check_assessment,
    continuation_values,
    reach_probabilities,
    sequentially_rational,
)
from deterrence.solvers.pbe import PerfectBayesianEquilibrium, solve_pbe

SPECS = Path(__file__).resolve().parent / "specs"
CASES = {
    case["id"]: case
    for case in json.loads(
        (Path(__file__).resolve().parents[2] / "shared" / "reference" / "cases.json").read_text()
    )
}
F = Fraction

#: The concept as it will sit in the registry (see the report of issue 9), passed to
#: ``dt.solve`` directly so that the whole path (instantiate, solve, certify) is exercised.
PBE = Concept(
    name="pbe",
    title="perfect Bayesian equilibrium",
    games="game trees with information sets and/or chance",
    applies=lambda game: game.form == "tree",
    solve="deterrence.solvers.pbe:solve_pbe",
    certificate=Certificate(
        kind="exact sequential rationality and Bayes consistency",
        check="deterrence.solvers.beliefs:check_assessment",
    ),
)


def _solve(name: str, **values: object):
    result = dt.solve(dt.load(SPECS / name), PBE, **values)
    assert not any("failed" in note for note in result.notes), result.notes
    return result


def _numeric(name: str, **values: object) -> ExtensiveGame:
    game = dt.load(SPECS / name)
    chosen = resolve_values(
        game.parameters, {k: exact_number(v) for k, v in values.items()}, source=""
    )
    return instantiate(game, chosen)[0]


def _played(eq, infoset: str) -> dict[str, Fraction]:
    for player in eq.behaviour:
        if infoset in player:
            return {a: p for a, p in player[infoset].items() if p}
    raise KeyError(infoset)


def _grouped(outcomes, prefix_of) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for label, p in outcomes.items():
        key = prefix_of(label)
        out[key] = out.get(key, F(0)) + p
    return out


# --------------------------------------------------------------------------- beer-quiche


def test_beer_quiche_has_two_pooling_outcomes_and_nothing_else():
    """Cho and Kreps (1987), QJE 102:179-221, sect. II: with a weak sender of prior 1/10 every
    PBE pools, on beer or on quiche; the receiver fights after the unsent breakfast, with
    beliefs on the weak type of at least 1/2 (or mixes, at exactly 1/2)."""
    result = _solve("beer-quiche.toml")
    assert result.complete and result.certificate.startswith("exact sequential")
    pooled = {}
    for eq in result.equilibria:
        assert isinstance(eq, PerfectBayesianEquilibrium)
        assert eq.kind == "pooling"
        message = next(iter(_played(eq, "weak")))
        assert _played(eq, "strong") == {message: 1}
        pooled.setdefault(message, []).append(eq)
    assert set(pooled) == {"beer", "quiche"}
    for message, unsent in (("beer", "after quiche"), ("quiche", "after beer")):
        points = [e for e in pooled[message] if e.family is None]
        families = [e for e in pooled[message] if e.family is not None]
        (point,) = points
        assert _played(point, unsent) == {"duel": 1}
        (belief_set,) = point.off_path_beliefs.values()
        assert belief_set.infoset == unsent and belief_set.interval == (F(1, 2), F(1))
        (family,) = families
        # The receiver mixes at belief exactly 1/2: duel with probability in [1/2, 1].
        duel = sorted(v[1][unsent]["duel"] for v in family.family.vertices)
        assert duel == [F(1, 2), F(1)] and family.family.dimension == 1
        assert family.off_path_beliefs[unsent].interval == (F(1, 2), F(1, 2))


def test_beer_quiche_payoffs_by_type():
    """Cho and Kreps (1987): in the beer pool the weak type gets 2 and the strong 3."""
    result = _solve("beer-quiche.toml")
    beer = next(
        e for e in result.equilibria if e.family is None and _played(e, "weak") == {"beer": 1}
    )
    assert beer.interim_payoffs["weak"][0] == 2 and beer.interim_payoffs["strong"][0] == 3
    assert beer.payoffs == (F(29, 10), F(9, 10))
    assert beer.regret == 0


# --------------------------------------------------------------------------- job market


def test_job_market_separating_and_pooling():
    """Spence (1973), QJE 87:355-374, in the discrete form of Gibbons (1992), A Primer in
    Game Theory, sect. 4.2.B: the high type educates and is paid 2, the low type does not and
    is paid 1 (separating); or neither educates and both are paid 3/2 (pooling), the firm
    paying less than 2 to an educated worker, with beliefs that make that a best reply."""
    result = _solve("job-market.toml")
    assert result.complete
    kinds = {e.kind for e in result.equilibria}
    assert kinds == {"separating", "pooling"}
    (separating,) = [e for e in result.equilibria if e.kind == "separating"]
    assert _played(separating, "high") == {"educate": 1}
    assert _played(separating, "low") == {"none": 1}
    assert _played(separating, "after education") == {"w2": 1}
    assert _played(separating, "after none") == {"w1": 1}
    assert separating.interim_payoffs["high"][0] == F(7, 4)
    assert separating.interim_payoffs["low"][0] == 1
    assert not separating.off_path_beliefs
    for pooling in (e for e in result.equilibria if e.kind == "pooling"):
        assert _played(pooling, "high") == _played(pooling, "low") == {"none": 1}
        assert _played(pooling, "after none") == {"w3/2": 1}
        assert "w2" not in _played(pooling, "after education") or pooling.family is not None
    # The pure pooling equilibrium paying 1 after education holds for beliefs on the high
    # type of at most 1/4 (where 1 is the best wage).
    low = next(
        e
        for e in result.equilibria
        if e.kind == "pooling" and e.family is None and _played(e, "after education") == {"w1": 1}
    )
    assert low.off_path_beliefs["after education"].interval == (F(0), F(1, 4))


# --------------------------------------------------------------------------- Zagare-Kilgour


def test_unilateral_deterrence_bluff_equilibrium_exact():
    """Case zk_udg_bluff_equilibrium (Zagare and Kilgour 1993, ISQ 37:1-27; Perfect
    Deterrence 2000, ch. 5): at pCh = 0.3, pDef = 0.4 the PBE with initiation on the path has
    xH = 1, xS = 3/7, yS = 1/6, yH = 1, the hard challenger fighting and the soft backing down,
    and outcomes SQ 0.4, CD 0.15, DC 0.3, DD 0.15."""
    case = CASES["zk_udg_bluff_equilibrium"]["expected"]
    result = _solve("pbe-unilateral-deterrence.toml")
    assert result.complete
    initiating = [e for e in result.equilibria if "SQ" not in e.outcomes or e.outcomes["SQ"] < 1]
    (bluff,) = initiating
    assert bluff.family is None and bluff.kind == "hybrid"
    assert _played(bluff, "Ch.H.root") == {"D": 1} == {"D": F(case["xH"])}
    assert _played(bluff, "Ch.S.root")["D"] == F(3, 7)
    assert _played(bluff, "Def.S")["D"] == F(1, 6)
    assert _played(bluff, "Def.H") == {"D": F(case["yH"])}
    assert _played(bluff, "Ch.H.2") == {"D": 1} and _played(bluff, "Ch.S.2") == {"C": 1}
    outcomes = _grouped(bluff.outcomes, lambda label: label.split("_")[0])
    assert outcomes == {"SQ": F(2, 5), "CD": F(3, 20), "DC": F(3, 10), "DD": F(3, 20)}
    for key, value in case["outcome_probs"].items():
        assert abs(float(outcomes[key]) - value) <= 1e-9
    # Bayes on the path: Def believes the challenger hard with probability 0.3/(0.3+0.7*3/7).
    assert bluff.beliefs["Def.S"] == {"def_hs": F(1, 2), "def_ss": F(1, 2)}


def test_unilateral_deterrence_status_quo_needs_beliefs_below_rho_star():
    """Cases zk_udg_bluff_equilibrium and zk_udg_thresholds: the status-quo PBE is supported
    only by off-path beliefs Pr(Ch hard | initiation) <= rho* = 1/2 at the soft defender, so
    it does not survive under every off-path belief."""
    rho = F(CASES["zk_udg_thresholds"]["expected"]["rho_star"]).limit_denominator(100)
    result = _solve("pbe-unilateral-deterrence.toml")
    status_quo = [e for e in result.equilibria if e.outcomes == {"SQ": 1} and e.family is None]
    (sq,) = status_quo
    assert sq.off_path_beliefs["Def.S"].interval == (F(0), rho)
    assert sq.off_path_beliefs["Def.S"].nodes == ("def_hs", "def_ss")
    assert sq.refinements["every off-path belief"].survives is False


def test_unilateral_deterrence_credibility_thresholds():
    """Case zk_udg_thresholds: theta_S = 1/2 (a soft challenger is deterred once the
    defender resists with probability 1/2: no PBE has it initiating above) and theta_H = 2/3
    (from there on every challenger is deterred whatever the soft defender's off-path belief:
    the status-quo PBE's belief sets at Def.S cover all of [0, 1], the soft defender
    resisting below rho* = 1/2 and conceding above)."""
    expected = CASES["zk_udg_thresholds"]["expected"]
    assert (
        F(expected["theta_S"]).limit_denominator(100),
        F(expected["theta_H"]).limit_denominator(100),
    ) == (F(1, 2), F(2, 3))

    def soft_initiates(result) -> bool:
        return any(_played(e, "Ch.S.root").get("D", 0) > 0 for e in result.equilibria)

    def robust_deterrence(result) -> bool:
        intervals = sorted(
            e.off_path_beliefs["Def.S"].interval
            for e in result.equilibria
            if e.outcomes == {"SQ": 1}
        )
        covered = F(0)
        for lo, hi in intervals:
            if lo > covered:
                break
            covered = max(covered, hi)
        return covered == 1

    below_s, above_s = (
        _solve("pbe-unilateral-deterrence.toml", pDef="0.45"),
        _solve("pbe-unilateral-deterrence.toml", pDef="0.55"),
    )
    assert soft_initiates(below_s) and not soft_initiates(above_s)
    below_h, above_h = (
        _solve("pbe-unilateral-deterrence.toml", pDef="0.65"),
        _solve("pbe-unilateral-deterrence.toml", pDef="0.7"),
    )
    assert not robust_deterrence(below_h) and robust_deterrence(above_h)


# --------------------------------------------------------------------------- Fearon 1997


def _separating(result):
    return [e for e in result.equilibria if e.kind == "separating"]


@pytest.mark.parametrize("k", ["0.24", "0.3", "0.48"])
def test_sunk_costs_separate_inside_the_range(k):
    """Case tying_hands_vs_sinking_costs_A (Fearon 1997, JCR 41:68-90): a sunk signal k
    separates the types exactly when 0.24 <= k <= 0.48; then Pr(war) = 0.1, the resolute
    type gets 0.88 - k (0.64 at k* = 0.24) and the irresolute 0."""
    result = _solve("pbe-sinking-costs.toml", k=k)
    assert result.complete
    (eq,) = _separating(result)
    assert _played(eq, "s_R") == {"sink": 1} and _played(eq, "s_I") == {"none": 1}
    war = sum((p for label, p in eq.outcomes.items() if label.startswith("war")), F(0))
    assert war == F(1, 10)
    assert eq.interim_payoffs["resolute"][0] == F(22, 25) - F(k)
    assert eq.interim_payoffs["irresolute"][0] == 0


def test_sunk_costs_reference_numbers_at_k_star():
    """Case tying_hands_vs_sinking_costs_A: at k* = 0.24, S's average payoff is 0.32."""
    expected = CASES["tying_hands_vs_sinking_costs_A"]["expected"]
    (eq,) = _separating(_solve("pbe-sinking-costs.toml", k=expected["k_star"]))
    assert abs(float(eq.payoffs[0]) - expected["avg_S_payoff"]["sunk"]) <= 1e-9
    assert eq.payoffs[0] == F(8, 25)
    assert (
        abs(float(eq.interim_payoffs["resolute"][0]) - expected["type_payoffs"]["sunk"]["R"])
        <= 1e-9
    )


@pytest.mark.parametrize("k", ["0.23", "0.49"])
def test_sunk_costs_do_not_separate_outside_the_range(k):
    """Case tying_hands_vs_sinking_costs_A: k_range = [0.24, 0.48]."""
    assert not _separating(_solve("pbe-sinking-costs.toml", k=k))


def test_tied_hands_commit_and_pool():
    """Case tying_hands_vs_sinking_costs_A: above a = 0.3 tying hands commits the irresolute
    type, both types tie them and fight if challenged: Pr(war) = 0.2, payoffs 0.88 and 0.18,
    average 0.53; no separating PBE exists."""
    expected = CASES["tying_hands_vs_sinking_costs_A"]["expected"]
    result = _solve("pbe-tying-hands.toml", a="0.35")
    assert result.complete and not _separating(result)
    for eq in result.equilibria:
        assert eq.kind == "pooling"
        assert _played(eq, "s_R") == _played(eq, "s_I") == {"tie": 1}
        assert _played(eq, "S.I.tie") == {"fight": 1}
        war = sum((p for label, p in eq.outcomes.items() if label.startswith("war")), F(0))
        assert war == F(1, 5) == F(expected["Pr_war"]["tied"]).limit_denominator(10)
        assert eq.interim_payoffs["resolute"][0] == F(22, 25)
        assert eq.interim_payoffs["irresolute"][0] == F(9, 50)
        assert eq.payoffs[0] == F(53, 100)


def test_tied_hands_below_the_commitment_cost():
    """Case tying_hands_vs_sinking_costs_A: a_commit_min = 0.3; below it the irresolute type
    never fights after tying its hands, and still no PBE separates."""
    result = _solve("pbe-tying-hands.toml", a="0.25")
    assert result.complete and not _separating(result)
    assert all(_played(e, "S.I.tie") == {"concede": 1} for e in result.equilibria)


# --------------------------------------------------------------------------- certificate


def _beer_pool():
    game = _numeric("beer-quiche.toml")
    found = solve_pbe(game, notes=[], refine=False).equilibria
    return game, next(e for e in found if e.family is None and _played(e, "weak") == {"beer": 1})


def test_certificate_rejects_tampered_assessments():
    """The certificate checks Bayes' rule on the path, sequential rationality everywhere and
    every vertex of a claimed off-path belief set (Fudenberg and Tirole 1991, sect. 8.2)."""
    game, eq = _beer_pool()
    assert check_assessment(game, eq)
    on_path = {**eq.beliefs, "after beer": {"r_beer_w": F(1, 2), "r_beer_s": F(1, 2)}}
    assert not check_assessment(game, replace(eq, beliefs=on_path))
    off_path = {**eq.beliefs, "after quiche": {"r_quiche_w": F(0), "r_quiche_s": F(1)}}
    assert not check_assessment(game, replace(eq, beliefs=off_path))
    claim = replace(
        eq.off_path_beliefs["after quiche"], vertices=((F(1, 4), F(3, 4)), (F(1), F(0)))
    )
    assert not check_assessment(game, replace(eq, off_path_beliefs={"after quiche": claim}))
    lazy = [dict(b) for b in eq.behaviour]
    lazy[1] = {**lazy[1], "after beer": {"duel": F(1), "not": F(0)}}
    assert not check_assessment(game, replace(eq, behaviour=tuple(lazy)))
    partial = [dict(b) for b in eq.behaviour]
    del partial[1]["after quiche"]
    assert not check_assessment(game, replace(eq, behaviour=tuple(partial)))


def test_certificate_steps_agree_with_the_record():
    """The payoffs a record carries are the certificate's continuation values at the root."""
    game, eq = _beer_pool()
    assert continuation_values(game, eq.behaviour)[game.root] == eq.payoffs
    reach = reach_probabilities(game, eq.behaviour)
    assert sum(reach[i] for i in game.terminals) == 1
    assert bayes_consistent(game, eq.behaviour, eq.beliefs)
    assert sequentially_rational(game, eq.behaviour, eq.beliefs)


def test_subgame_consistency_is_required():
    """Fudenberg and Tirole (1991, sect. 8.2): beliefs must follow Bayes' rule inside a
    subgame reached with probability zero. A proper subgame after ``out`` starts with chance;
    the player's belief at its information set there must be the chance probabilities."""
    leaf = lambda name, a, b: Node(name, "terminal", outcome=name, payoff=Payoff((F(a), F(b))))  # noqa: E731
    nodes = (
        Node(
            "root", "decision", player=0, infoset="first", actions=("stop", "go"), children=(1, 2)
        ),
        leaf("stop", 5, 5),
        Node("chance", "chance", actions=("x", "y"), children=(3, 4), probs=(F(1, 3), F(2, 3))),
        Node("bx", "decision", player=1, infoset="b", actions=("l", "r"), children=(5, 6)),
        Node("by", "decision", player=1, infoset="b", actions=("l", "r"), children=(7, 8)),
        leaf("xl", 0, 1),
        leaf("xr", 0, 0),
        leaf("yl", 0, 0),
        leaf("yr", 0, 1),
    )
    game = ExtensiveGame(players=("A", "B"), nodes=nodes, info=ModelInfo(id="subgame"))
    found = solve_pbe(game, notes=[], refine=False)
    assert found.complete
    # B's belief is (1/3, 2/3) although A stops: B plays r, whatever A does.
    for eq in found.equilibria:
        assert eq.beliefs["b"] == {"bx": F(1, 3), "by": F(2, 3)}
        assert _played(eq, "b") == {"r": 1}
        assert check_assessment(game, eq)
    bad = replace(
        found.equilibria[0], beliefs={**found.equilibria[0].beliefs, "b": {"bx": F(1), "by": F(0)}}
    )
    assert not check_assessment(game, bad)


# --------------------------------------------------------------------------- random games


def signalling_game(prior, sender, receiver) -> ExtensiveGame:
    """A signalling game: chance picks a type with weights ``prior``; ``sender[t][m][r]`` and
    ``receiver[t][m][r]`` are the payoffs of type ``t`` sending ``m`` answered by ``r``."""
    types, messages, responses = len(sender), len(sender[0]), len(sender[0][0])
    total = sum(prior)
    nodes: list[Node | None] = [None] * (1 + types)
    for t in range(types):
        receivers = []
        for _ in range(messages):
            receivers.append(len(nodes))
            nodes.append(None)
        for m in range(messages):
            leaves = []
            for r in range(responses):
                leaves.append(len(nodes))
                payoff = Payoff((F(sender[t][m][r]), F(receiver[t][m][r])))
                nodes.append(Node(f"z{t}{m}{r}", "terminal", outcome=f"z{t}{m}{r}", payoff=payoff))
            nodes[receivers[m]] = Node(
                f"r{t}{m}",
                "decision",
                player=1,
                infoset=f"m{m}",
                actions=tuple(f"a{r}" for r in range(responses)),
                children=tuple(leaves),
            )
        nodes[1 + t] = Node(
            f"t{t}",
            "decision",
            player=0,
            infoset=f"t{t}",
            actions=tuple(f"m{m}" for m in range(messages)),
            children=tuple(receivers),
        )
    nodes[0] = Node(
        "root",
        "chance",
        actions=tuple(f"t{t}" for t in range(types)),
        children=tuple(range(1, 1 + types)),
        probs=tuple(F(w, total) for w in prior),
    )
    return ExtensiveGame(
        players=("S", "R"),
        nodes=tuple(n for n in nodes if n is not None),
        info=ModelInfo(id="random"),
    )


@st.composite
def signalling_games(draw):
    # types, messages, responses; games with more equilibria in the slow test below
    sizes = draw(st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 3, 2), (3, 2, 2)]))
    return _draw_game(draw, *sizes)


def _draw_game(draw, types, messages, responses):
    prior = draw(st.lists(st.integers(1, 4), min_size=types, max_size=types))
    value = st.integers(-3, 3)
    table = st.lists(
        st.lists(
            st.lists(value, min_size=responses, max_size=responses),
            min_size=messages,
            max_size=messages,
        ),
        min_size=types,
        max_size=types,
    )
    return signalling_game(prior, draw(table), draw(table))


def _supported_somewhere(gains: list[list[Fraction]]) -> bool:
    """Whether some belief over the nodes makes every row of ``gains`` (the chosen action's
    payoff minus another's, node by node) non-negative. Brute force over the candidate
    vertices of the feasible region in the simplex (one to three nodes)."""
    n = len(gains[0])
    lines = [list(g) for g in gains] + [[F(int(i == j)) for i in range(n)] for j in range(n)]
    candidates = []
    for pair in itertools.combinations(lines, n - 1):
        # Solve sum(mu) = 1 and each line . mu = 0, by Cramer's rule on at most 3 unknowns.
        matrix = [[F(1)] * n, *pair]
        rhs = [F(1)] + [F(0)] * (n - 1)
        det = _det(matrix)
        if det == 0:
            continue
        point = []
        for col in range(n):
            swapped = [[*row[:col], rhs[i], *row[col + 1 :]] for i, row in enumerate(matrix)]
            point.append(_det(swapped) / det)
        candidates.append(point)
    if n == 1:
        candidates.append([F(1)])
    return any(
        min(point) >= 0
        and all(sum(g * m for g, m in zip(row, point, strict=True)) >= 0 for row in gains)
        for point in candidates
    )


def _det(matrix):
    if len(matrix) == 1:
        return matrix[0][0]
    return sum(
        (-1) ** c * matrix[0][c] * _det([row[:c] + row[c + 1 :] for row in matrix[1:]])
        for c in range(len(matrix))
    )


def brute_force_pure_pbe(game: ExtensiveGame) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Every pure profile of a signalling game (a message per type, a response per message)
    that is a PBE: each type's message is a best reply; the response to a sent message is a
    best reply to the Bayes posterior; to an unsent one, to some belief."""
    root = game.nodes[0]
    types = list(root.children)
    prior = [F(p) for p in root.probs]
    messages = len(game.nodes[types[0]].actions)
    responses = len(game.nodes[game.nodes[types[0]].children[0]].actions)

    def payoff(t, m, r, player):
        receiver_node = game.nodes[game.nodes[types[t]].children[m]]
        return F(game.nodes[receiver_node.children[r]].payoff.total[player])

    found = []
    for sent in itertools.product(range(messages), repeat=len(types)):
        for answer in itertools.product(range(responses), repeat=messages):
            if any(
                payoff(t, sent[t], answer[sent[t]], 0)
                < max(payoff(t, m, answer[m], 0) for m in range(messages))
                for t in range(len(types))
            ):
                continue
            ok = True
            for m in range(messages):
                senders = [t for t in range(len(types)) if sent[t] == m]
                gains = [
                    [payoff(t, m, answer[m], 1) - payoff(t, m, r, 1) for t in range(len(types))]
                    for r in range(responses)
                ]
                if senders:
                    ok = all(sum(prior[t] * row[t] for t in senders) >= 0 for row in gains)
                else:
                    ok = _supported_somewhere(gains)
                if not ok:
                    break
            if ok:
                found.append((sent, answer))
    return found


def _pure_profile(eq, types: int, messages: int):
    sent = tuple(
        next(int(a[1:]) for a, p in eq.behaviour[0][f"t{t}"].items() if p == 1)
        for t in range(types)
    )
    answer = tuple(
        next(int(a[1:]) for a, p in eq.behaviour[1][f"m{m}"].items() if p == 1)
        for m in range(messages)
    )
    return sent, answer


def _check_random_game(game: ExtensiveGame) -> None:
    found = solve_pbe(game, notes=[], refine=True)
    types = len(game.nodes[0].children)
    messages = len(game.nodes[1].actions)
    for eq in found.equilibria:
        assert check_assessment(game, eq)
        assert eq.regret == 0  # every PBE is a Nash equilibrium of the reduced normal form
        if eq.family is not None:
            for vertex in eq.family.vertices:
                assert len(vertex) == 2
    nash = dt.solve(game, "nash", cross_check=False)
    nash_outcomes = [dict(e.outcomes) for e in nash.equilibria]
    pure = [e for e in found.equilibria if _all_pure(e)]
    for eq in pure:
        # Pure equilibria are extreme, so the Nash solver's complete list has their outcomes.
        assert dict(eq.outcomes) in nash_outcomes
    if found.complete:
        ours = {_pure_profile(e, types, messages) for e in pure}
        assert ours == set(brute_force_pure_pbe(game))
        assert {_pure_key(e.behaviour) for e in pure} == brute_force_pure_tree(game)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signalling_games())
def test_random_signalling_games(game):
    """Every PBE passes the certificate and is a Nash equilibrium whose outcome the Nash
    solver finds (pure ones); the pure PBE are exactly those of a brute force."""
    _check_random_game(game)


@pytest.mark.long
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_signalling_games_three_by_three(data):
    """As above, with three of at least one of types, messages and responses."""
    sizes = data.draw(st.sampled_from([(2, 3, 3), (3, 2, 3), (3, 3, 2), (3, 3, 3)]))
    _check_random_game(_draw_game(data.draw, *sizes))


# --------------------------------------------------------------------------- other trees


def test_perfect_information_models_pbe_is_spe():
    """With every information set a single node, a PBE (a weak PBE in every subgame) is a
    subgame-perfect equilibrium (Fudenberg and Tirole 1991, sect. 8.2): on every bundled
    tree of perfect information the pure PBE have the outcomes of the pure SPE."""
    for model in ("classic-deterrence", "extended-deterrence", "tripwire", "brinkmanship"):
        game = dt.load(model)
        numeric = instantiate(game, resolve_values(game.parameters))[0]
        found = solve_pbe(numeric, notes=[])
        assert found.complete
        assert all(check_assessment(numeric, e) for e in found.equilibria)
        spe = dt.solve(game, "spe")
        ours = sorted(tuple(sorted(e.outcomes.items())) for e in found.equilibria if _all_pure(e))
        theirs = sorted(tuple(sorted(e.outcomes.items())) for e in spe.equilibria)
        assert ours == theirs, model


IMPERFECT = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "random_games" / "imperfect.json").read_text()
)["games"]


def brute_force_pure_tree(game: ExtensiveGame) -> set[tuple[tuple[tuple[str, str], ...], ...]]:
    """Every pure behaviour profile of a tree that is a PBE with some beliefs: each profile
    is played out (the certificate's reach and continuation values, public steps); at an
    information set reached from the root of its smallest subgame the beliefs are Bayes', at
    one that is not, some belief must make the action a best reply (brute force over the
    candidate vertices of the feasible region, ``_supported_somewhere``)."""
    from deterrence.game.subgames import subgame_roots

    roots = set(subgame_roots(game))
    start = {}
    for label, h in game.infosets.items():
        index = h.members[0]
        while index is not None and index not in roots:
            index = game.parents[index]
        start[label] = game.root if index is None else index
    labels = list(game.infosets)
    found = set()
    for choice in itertools.product(*(range(len(game.infosets[h].actions)) for h in labels)):
        behaviour = [{} for _ in game.players]
        for label, a in zip(labels, choice, strict=True):
            h = game.infosets[label]
            behaviour[h.player][label] = {x: F(int(i == a)) for i, x in enumerate(h.actions)}
        value = continuation_values(game, behaviour)
        reach_from = {r: reach_probabilities(game, behaviour, r) for r in set(start.values())}
        ok = True
        for label, a in zip(labels, choice, strict=True):
            h = game.infosets[label]
            gains = [
                [
                    value[game.nodes[m].children[a]][h.player]
                    - value[game.nodes[m].children[b]][h.player]
                    for m in h.members
                ]
                for b in range(len(h.actions))
            ]
            weights = [reach_from[start[label]].get(m, F(0)) for m in h.members]
            if any(weights):
                ok = all(
                    sum(w * g for w, g in zip(weights, row, strict=True)) >= 0 for row in gains
                )
            else:
                ok = _supported_somewhere(gains)
            if not ok:
                break
        if ok:
            found.add(_pure_key(behaviour))
    return found


def _all_pure(eq) -> bool:
    """Pure at every information set (``is_pure`` looks only where the plans reach)."""
    return all(p in (0, 1) for b in eq.behaviour for probs in b.values() for p in probs.values())


def _pure_key(behaviour) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(
        tuple(sorted((h, next(a for a, p in probs.items() if p == 1)) for h, probs in b.items()))
        for b in behaviour
    )


FAST_GAMBIT = [0, 1, 2, 3, 6, 10, 11, 12, 13, 15]


@pytest.mark.parametrize(
    "record",
    [
        r if i in FAST_GAMBIT else pytest.param(r, marks=pytest.mark.long)
        for i, r in enumerate(IMPERFECT[:40])
    ],
    ids=lambda r: r["id"],
)
def test_gambit_imperfect_trees(record):
    """Two-player trees with information sets and chance, solved by pygambit's
    ``enummixed_solve`` (fixture of tests/test_random_games.py): every PBE passes the
    certificate, is a Nash equilibrium, and each pure one has the outcome distribution of an
    extreme Nash equilibrium Gambit found; where the answer is complete, the pure PBE are
    exactly those of a brute force over pure behaviour profiles."""
    from deterrence.formats import read_efg

    game = read_efg(f"{record['id']}.efg", text=record["game"])
    found = solve_pbe(game, notes=[])
    gambit = [{k: F(v) for k, v in e["outcomes"].items()} for e in record["equilibria"]]
    for eq in found.equilibria:
        assert check_assessment(game, eq)
        assert eq.regret == 0
        if _all_pure(eq):
            assert {k: v for k, v in eq.outcomes.items() if v} in gambit
    if found.complete:
        assert found.equilibria, "every finite game has a PBE"
        ours = {_pure_key(e.behaviour) for e in found.equilibria if _all_pure(e)}
        assert ours == brute_force_pure_tree(game)
