"""Safe YAML loading that keeps where every value came from.

PyYAML's constructors lose line numbers and silently keep the last of two duplicate keys, so we compose
the node graph ourselves and build plain Python values from it, recording each value's mark by path.
Timestamps stay strings: dates are parsed by our own rules (day, month, year or range).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, field_path

MAX_BYTES = 2 * 1024 * 1024
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 200_000

Loc = tuple  # a path into the loaded value: keys and list indexes


@dataclass
class Marks:
    """Line/column (1-based) of every value, and of every mapping key, by path."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def at(self, loc: Loc, prefer_key: bool = False) -> tuple[int, int]:
        """The closest recorded mark for loc, walking up to the parent when a field is missing."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if loc in self.keys:
                return self.keys[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


class YamlProblems(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": None,
    "tag:yaml.org,2002:timestamp": str,
}


class _Builder:
    def __init__(self, rel: str):
        self.rel = rel
        self.marks = Marks()
        self.problems: list[Diagnostic] = []
        self.count = 0
        self._constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
        yaml.constructor.SafeConstructor.__init__(self._constructor)

    def problem(self, node: yaml.Node, loc: Loc, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(self.rel, mark.line + 1, mark.column + 1, field_path(loc), message, hint)
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        self.marks.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            if node.tag not in ("tag:yaml.org,2002:map",):
                self.problem(node, loc, f"tag {node.tag!r} is not allowed", "use plain YAML values")
                return None
            self._constructor.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node, loc)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    self.problem(key_node, loc, "mapping keys must be plain words")
                    continue
                key = str(key)
                if key in result:
                    first = self.marks.keys[loc + (key,)]
                    self.problem(
                        key_node,
                        loc + (key,),
                        f"duplicate key '{key}'",
                        f"first defined at line {first[0]}; YAML would silently keep only the last one",
                    )
                    continue
                self.marks.keys[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, loc + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.problem(node, loc, f"tag {node.tag!r} is not allowed", "use plain YAML values")
                return None
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, loc, "expected a plain value here, found a list or mapping")
            return None
        kind = _PLAIN_TAGS.get(node.tag, "bad")
        if kind == "bad":
            self.problem(node, loc, f"tag {node.tag!r} is not allowed", "only plain YAML values are read")
            return None
        if kind is str:
            return node.value
        return self._constructor.construct_object(node)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def load_yaml(path: Path, rel: str) -> tuple[Any, Marks]:
    """Load one YAML file; raise YamlProblems naming file, line and column for anything unsafe or malformed."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise YamlProblems(
            [Diagnostic(rel, 1, 1, "(document)", f"file is {len(raw):,} bytes, over the {MAX_BYTES:,} byte limit", "split it into several files")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems(
            [Diagnostic(rel, line, col, "(document)", "file is not valid UTF-8", "save it with UTF-8 encoding")]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)  # libyaml: ten times faster, same nodes and marks
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python parser words the error
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: where it opened, not the file's end
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise YamlProblems([Diagnostic(rel, line, col, "(document)", f"YAML syntax error: {message}")]) from None
    except yaml.YAMLError as exc:
        raise YamlProblems([Diagnostic(rel, 1, 1, "(document)", f"YAML error: {exc}")]) from None
    if node is None:
        raise YamlProblems([Diagnostic(rel, 1, 1, "(document)", "file is empty")])
    builder = _Builder(rel)
    try:
        value = builder.build(node, ())
    except _TooBig as big:
        mark = big.node.start_mark
        raise YamlProblems(
            [Diagnostic(rel, mark.line + 1, mark.column + 1, "(document)", f"document expands to more than {MAX_NODES:,} values", "aliases (*name) are expanding too far")]
        ) from None
    except RecursionError:
        raise YamlProblems([Diagnostic(rel, 1, 1, "(document)", "document is nested too deeply")]) from None
    if builder.problems:
        raise YamlProblems(builder.problems)
    return value, builder.marks
