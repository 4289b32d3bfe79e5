"""Reading spec text and locating keys: TOML, YAML and JSON line maps, formats, sizes."""

from __future__ import annotations

import textwrap

import pytest

from deterrence.errors import SpecError
from deterrence.spec.locate import json_lines, toml_lines, yaml_lines
from deterrence.spec.paths import show_path
from deterrence.spec.read import format_of, read_document


def test_show_path():
    assert show_path(("tree", "defender", "actions", "resist")) == "tree.defender.actions.resist"
    assert show_path(("tree", "a", "actions", "status quo")) == 'tree.a.actions."status quo"'
    assert show_path(("costs", "e", "actions", 1)) == "costs.e.actions[1]"
    assert show_path(()) == ""


def test_toml_lines():
    text = textwrap.dedent('''\
        # comment
        [model]
        id = "x"
        description = """
        several
        lines [not.a.table]
        """
        title = 'after the string'

        [tree]
        root = "n"
        n.player = "A"
        [tree."status quo"]
        actions = { go = "end", "far away" = { nested = 1 } }
        list = [
          "a",
          { x = 1 },
        ]
        [[arr]]
        k = 1
        [[arr]]
        k = 2
        ''')
    lines = toml_lines(text)
    assert lines[("model",)] == 2
    assert lines[("model", "id")] == 3
    assert lines[("model", "description")] == 4
    assert lines[("model", "title")] == 8
    assert ("not", "a", "table") not in lines
    assert lines[("tree",)] == 10
    assert lines[("tree", "n", "player")] == 12
    assert lines[("tree", "n")] == 12
    assert lines[("tree", "status quo")] == 13
    assert lines[("tree", "status quo", "actions", "go")] == 14
    assert lines[("tree", "status quo", "actions", "far away", "nested")] == 14
    assert lines[("tree", "status quo", "list", 0)] == 16
    assert lines[("tree", "status quo", "list", 1, "x")] == 17
    assert lines[("arr", 0, "k")] == 20
    assert lines[("arr", 1, "k")] == 22


def test_toml_lines_never_raise_on_odd_text():
    for text in ["[", "a = {", 'a = """', "a.b.c", "= 1", "[[x", "a = [1,\n", "\\"]:
        assert isinstance(toml_lines(text), dict)


def test_yaml_lines_and_duplicates():
    text = "a:\n  b: 1\n  c: [x, y]\n  b: 2\nd: &anchor {e: 1}\nf: *anchor\n"
    lines, duplicates = yaml_lines(text)
    assert lines[("a", "b")] == 2
    assert lines[("a", "c", 1)] == 3
    assert lines[("d", "e")] == 5
    assert duplicates == [(("a", "b"), 4)]
    assert yaml_lines("[") == ({}, [])


def test_json_lines_and_duplicates():
    text = '{\n "a": {"b": 1,\n  "c": [1,\n   {"d": 2}]},\n "a": 3\n}'
    lines, duplicates = json_lines(text)
    assert lines[("a", "b")] == 2
    assert lines[("a", "c", 1, "d")] == 4
    assert duplicates == [(("a",), 5)]
    assert isinstance(json_lines('{"a": "unterminated'), tuple)


def test_formats():
    assert format_of("x.TOML", None) == "toml"
    assert format_of("x.yml", None) == "yaml"
    assert format_of("x.json", None) == "json"
    assert format_of("x.toml", "yml") == "yaml"
    with pytest.raises(SpecError) as info:
        format_of("x.tmol", None)
    assert info.value.diagnostics[0].suggestion == "did you mean `.toml`?"


def test_read_document_from_file_and_bom(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('\ufeff[model]\nid = "x"\n', encoding="utf-8")
    document = read_document(path)
    assert document.data == {"model": {"id": "x"}}
    assert document.file == str(path)
    assert document.line_of(("model", "id")) == 2
    assert document.line_of(("model", "id", "deeper", 3)) == 2
    assert document.line_of(("nothing",)) is None


def test_not_utf8(tmp_path):
    path = tmp_path / "m.toml"
    path.write_bytes(b"[model]\nid = \xff\n")
    with pytest.raises(SpecError, match="not UTF-8"):
        read_document(path)


def test_text_without_a_suffix_is_toml():
    document = read_document("<inline>", text='[model]\nid = "x"\n')
    assert document.data == {"model": {"id": "x"}}
    assert document.file == "<inline>"


def test_text_must_be_a_string():
    with pytest.raises(SpecError, match="must be a string"):
        read_document("x.toml", text=b"[model]")  # type: ignore[arg-type]
