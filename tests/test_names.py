"""Names are data: any name the spec allows is safe as a parameter, player, action, node or
outcome, whatever it means to sympy or to Python (issue: a parameter named `minimum` or
`select` broke the model, these being sympy functions).

Each model below is one game written twice, once with plain names and once with the risky
name in every role the format allows it; the two must give the same equilibria.
"""

from __future__ import annotations

import pytest

import deterrence as dt
from deterrence.spec import load_spec

#: Names sympy or Python give a meaning: sympy functions and constants (``S``, ``N``, ``E``,
#: ``I``, ``O``, ``Q``, ``oo``, ``zoo``, ``nan``, ``pi``), sympy's parser keywords, Python
#: keywords and builtins, and names that look like the expression language's own.
RISKY = (
    "minimum", "select", "Min", "Max", "Abs", "S", "N", "E", "I", "O", "Q", "oo", "zoo",
    "nan", "pi", "Symbol", "Integer", "Rational", "Float", "lambda", "print", "import",
    "eval", "exec", "_class_", "_", "True", "False", "None", "and", "or", "not", "beta",
    "gamma", "zeta", "re", "im", "sign", "floor", "Piecewise", "ln", "log10", "true", "inf",
    "Infinity", "e", "x", "evaluate", "rational", "sympy", "os", "sys", "builtins",
)  # fmt: skip

TEMPLATE = """
[model]
id = "names"
[players]
{X} = "first mover"
{Y} = "second mover"
[parameters]
{p} = 0.5
{c} = 2
[tree]
root = "{n}"
[tree.{n}]
player = "{X}"
actions = {{ {a1} = "{o1}", {a2} = "{m}" }}
[tree.{m}]
player = "{Y}"
actions = {{ {b1} = "{o2}", {b2} = "{o3}" }}
[outcomes.{o1}]
{X} = "0"
{Y} = "{c}"
[outcomes.{o2}]
{X} = "{p} * {c}"
{Y} = "1 - {p}"
[outcomes.{o3}]
{X} = "-{c}"
{Y} = "min({p}, 1/4)"
"""

PLAIN = {
    "X": "A", "Y": "B", "p": "p", "c": "c", "n": "start", "m": "reply",
    "a1": "stay", "a2": "go", "b1": "yield", "b2": "fight",
    "o1": "sq", "o2": "deal", "o3": "war",
}  # fmt: skip


def answer(result: dt.SolveResult) -> list[tuple[object, ...]]:
    return sorted((tuple(e.payoffs), tuple(sorted(e.outcomes.values()))) for e in result.equilibria)


def game_with(role: str, name: str) -> dt.SolveResult:
    names = {**PLAIN, role: name}
    text = TEMPLATE.format(**names)
    return dt.solve(load_spec("names.toml", text=text))


BASELINE = None


@pytest.mark.parametrize("name", RISKY)
def test_a_risky_name_works_in_every_role(name: str) -> None:
    global BASELINE
    if BASELINE is None:
        BASELINE = answer(dt.solve(load_spec("names.toml", text=TEMPLATE.format(**PLAIN))))
    roles = ["X", "p", "n", "a1", "b2", "o3"]
    if name in ("True", "False", "true", "inf", "nan") or name[0].isdigit():
        roles = ["n", "a1", "b2", "o3"]  # TOML reads a bare key fine; as values only ids
    for role in roles:
        assert answer(game_with(role, name)) == BASELINE, (role, name)


def test_the_names_of_the_baseline_give_the_backward_induction_answer() -> None:
    # B prefers yield (1 - 1/2 = 1/2) to fight (min(1/2, 1/4) = 1/4); A then gets 1/2 * 2 = 1
    # from go against 0 from stay.
    result = dt.solve(load_spec("names.toml", text=TEMPLATE.format(**PLAIN)))
    assert [e.outcomes for e in result.equilibria] == [{"deal": 1}]
    assert list(result.equilibria[0].payoffs) == [1, dt.exact.exact_number("0.5")]


@pytest.mark.parametrize("name", ["Ωmega", "défense", "防御", "a-b", "x y"])
def test_unicode_and_punctuation_in_labels(name: str) -> None:
    # Action labels and outcome ids are quoted keys: any text without the reserved
    # characters is a label.
    text = TEMPLATE.format(**{**PLAIN, "a2": f'"{name}"', "o2": f'"{name}"'}).replace(
        f'""{name}""', f'"{name}"'
    )
    result = dt.solve(load_spec("names.toml", text=text))
    assert [e.outcomes for e in result.equilibria] == [{name: 1}]


def test_a_parameter_name_with_two_leading_underscores_is_refused_where_it_is_declared() -> None:
    text = TEMPLATE.format(**{**PLAIN, "p": "__class__"})
    with pytest.raises(dt.SpecError) as info:
        load_spec("names.toml", text=text)
    first = info.value.diagnostics[0]
    assert first.path == "parameters.__class__" and "two underscores" in first.message
