from pathlib import Path

import pytest

from briefing.yamlload import MAX_BYTES, YamlProblems, load_yaml


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_yaml(path, "x.yaml")


def problems(tmp_path, text):
    with pytest.raises(YamlProblems) as caught:
        load(tmp_path, text)
    return [d.format() for d in caught.value.diagnostics]


def test_values_and_marks(tmp_path):
    value, marks = load(tmp_path, "id: china\ndate: 2024-11-10\nyear: 2024\nitems:\n  - a: 1\n    b: [x, y]\n")
    assert value == {"id": "china", "date": "2024-11-10", "year": 2024, "items": [{"a": 1, "b": ["x", "y"]}]}
    assert marks.values[("items", 0, "b", 1)] == (6, 12)
    assert marks.keys[("items", 0, "b")] == (6, 5)
    assert marks.at(("items", 0, "missing")) == (5, 5)


def test_duplicate_key_names_both_lines(tmp_path):
    [message] = problems(tmp_path, "id: a\nname: A\nid: b\n")
    assert message.startswith("x.yaml:3:1: id: duplicate key 'id'")
    assert "first defined at line 1" in message


def test_python_tags_are_refused(tmp_path):
    [message] = problems(tmp_path, "id: a\nrun: !!python/object/apply:os.system ['true']\n")
    assert message.startswith("x.yaml:2:6: run: tag")


def test_custom_tag_is_refused(tmp_path):
    assert problems(tmp_path, "a: !secret b\n")[0].startswith("x.yaml:1:4: a: tag")


def test_alias_bomb_is_stopped(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    [message] = problems(tmp_path, "\n".join(lines) + "\n")
    assert "expands to more than" in message


def test_syntax_error_has_line(tmp_path):
    [message] = problems(tmp_path, "id: a\nname: [unclosed\nother: 1\n")
    assert message.startswith("x.yaml:3:") or message.startswith("x.yaml:2:")
    assert "YAML syntax error" in message


def test_non_utf8_points_at_the_byte(tmp_path):
    [message] = problems(tmp_path, b"id: a\nname: caf\xe9\n")
    assert message.startswith("x.yaml:2:10: (document): file is not valid UTF-8")


def test_empty_and_huge_files(tmp_path):
    assert "file is empty" in problems(tmp_path, "")[0]
    assert "file is empty" in problems(tmp_path, "# only a comment\n")[0]
    assert "byte limit" in problems(tmp_path, "a: " + "x" * (MAX_BYTES + 1))[0]


def test_every_problem_in_a_file_is_reported(tmp_path):
    found = problems(tmp_path, "a: 1\na: 2\nb: !x 3\nb: 4\n")
    assert len(found) == 3
