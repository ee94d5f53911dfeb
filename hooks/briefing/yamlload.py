"""Safe YAML loading that keeps where every value came from.

PyYAML's constructors lose line numbers and silently keep the last of two duplicate keys, so we compose
the node graph ourselves and build plain Python values from it, recording each value's mark by path.
Timestamps stay strings: dates are parsed by our own rules (day, month, year or range).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, field_path

# Limits that bound the work a file can cause, whatever its shape. Each is far above what a briefing needs.
MAX_BYTES = 2 * 1024 * 1024  # file size, checked with stat before reading, then a bounded read
MAX_EXPANDED = 2 * MAX_BYTES  # characters of text once every alias (*name) is expanded
MAX_NODES = 200_000  # values once every alias is expanded
MAX_DEPTH = 64  # nesting of lists and mappings (a briefing needs about six)
MAX_NUMBER = 50  # characters of an unquoted number (Python refuses ints over 4,300 digits with a traceback)
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALLOWED_CONTROLS = "\t\n"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MERGE = "tag:yaml.org,2002:merge"
_FLATTEN = "flatten the lists and mappings"

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
        self._constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
        yaml.constructor.SafeConstructor.__init__(self._constructor)

    def problem(self, node: yaml.Node, loc: Loc, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(self.rel, mark.line + 1, mark.column + 1, field_path(loc), message, hint)
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.marks.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.problem(node, loc, f"tag {node.tag!r} is not allowed", "use plain YAML values")
                return None
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.problem(node, loc, f"tag {node.tag!r} is not allowed", "use plain YAML values")
                return None
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        """Keys written here first (a repeated one is an error), then keys merged in with `<<: *alias`
        that are not written here: an overriding key is what a merge is for, not a duplicate."""
        result: dict[str, Any] = {}
        first: dict[str, tuple[int, int]] = {}
        sources: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources += self.merge_sources(value_node, loc)
                continue
            key = self.key(key_node, loc)
            if key is None:
                continue
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                self.problem(
                    key_node,
                    loc + (key,),
                    f"duplicate key '{key}'",
                    f"first defined at line {first[key][0]}; YAML would silently keep only the last one",
                )
                continue
            first[key] = where
            self.marks.keys[loc + (key,)] = where
            result[key] = self.build(value_node, loc + (key,))
        for source in sources:  # the first merged mapping wins over later ones, as YAML says
            for key, value in self.mapping(source, loc).items():
                result.setdefault(key, value)
        return result

    def merge_sources(self, node: yaml.Node, loc: Loc) -> list[yaml.MappingNode]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if all(isinstance(item, yaml.MappingNode) for item in items):
            return items
        self.problem(node, loc + ("<<",), "'<<' merges mappings: expected an alias such as *capital or a list of them",
                     "write the fields out, or point '<<' at a mapping defined with &name")
        return []

    def key(self, node: yaml.Node, loc: Loc) -> str | None:
        reported = len(self.problems)
        key = self.scalar(node, loc)
        if key is None or isinstance(key, bool) or not isinstance(key, (str, int)):
            if len(self.problems) == reported:
                self.problem(node, loc, "mapping keys must be plain words")
            return None
        key = str(key)
        if not _KEY.match(key):
            self.problem(node, loc, f"key {key!r} is not a field name",
                         "field names are letters, digits, '_' and '-'; did a ':' end up in the text?")
            return None
        return key

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, loc, "expected a plain value here, found a list or mapping")
            return None
        kind = _PLAIN_TAGS.get(node.tag, "bad")
        if kind == "bad":
            self.problem(node, loc, f"tag {node.tag!r} is not allowed", "only plain YAML values are read")
            return None
        if kind is str:
            bad = _CONTROL.search(node.value)
            if bad:
                char = bad.group()
                self.problem(
                    node, loc,
                    f"control character U+{ord(char):04X}{_CONTROL_NAMES.get(char, '')} at character "
                    f"{bad.start() + 1} of the text is not allowed",
                    "remove it; text may hold tabs and line breaks, no other control characters",
                )
                return None
            return node.value
        if kind is None:
            return None
        if kind in (int, float) and len(node.value) > MAX_NUMBER:
            self.problem(node, loc, f"number is {len(node.value):,} characters long, over the limit of {MAX_NUMBER}",
                         "quote it if it is text")
            return None
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):
            name = {int: "a whole number", float: "a number", bool: "true or false"}[kind]
            self.problem(node, loc, f"{node.value!r} is not {name}, as its tag {node.tag.rsplit(':', 1)[-1]!r} says",
                         "remove the tag (!!int, !!float, !!bool), or quote the value to keep it as text")
            return None


_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
_CONTROL_NAMES = {"\x00": " (NUL)", "\x1b": " (ESC)", "\x7f": " (DEL)", "\x85": " (NEL)", "\r": " (CR)",
                  "\x0b": " (VT)", "\x0c": " (FF)", "\x08": " (BS)"}


class _Limit(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str):
        self.mark, self.message, self.hint = mark, message, hint


def _measure(text: str, loader: type) -> None:
    """Walk the parser's events (no recursion, nothing expanded) and raise _Limit where the document would
    nest too deeply, or grow too big once its aliases are expanded. Each anchor's expanded size is known
    when it closes, so an alias costs one lookup however far it would expand."""
    anchors: dict[str, tuple[int, int, int]] = {}  # anchor -> (characters, values, height)
    stack: list[list] = []  # open collections: [anchor, characters, values, height]
    total_chars = total_values = 0

    def add(chars: int, values: int, height: int, mark: yaml.Mark) -> None:
        nonlocal total_chars, total_values
        total_chars += chars
        total_values += values
        if total_chars > MAX_EXPANDED:
            raise _Limit(mark, f"document expands to more than {MAX_EXPANDED:,} characters of text",
                         "aliases (*name) are expanding too far")
        if total_values > MAX_NODES:
            raise _Limit(mark, f"document expands to more than {MAX_NODES:,} values",
                         "aliases (*name) are expanding too far")
        if len(stack) + height > MAX_DEPTH:
            raise _Limit(mark, f"document nests more than {MAX_DEPTH} levels deep", _FLATTEN)
        if stack:
            frame = stack[-1]
            frame[1] += chars
            frame[2] += values
            frame[3] = max(frame[3], height + 1)

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            anchors.clear()
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                anchors[event.anchor] = (len(event.value), 1, 0)
            add(len(event.value), 1, 0, event.start_mark)
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _Limit(event.start_mark, f"document nests more than {MAX_DEPTH} levels deep",
                             _FLATTEN)
            stack.append([event.anchor, 0, 0, 0])
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, chars, values, height = stack.pop()
            if anchor:
                anchors[anchor] = (chars, values + 1, height)
            add(0, 0, height, event.start_mark)  # its content was counted as it came; only its height is new
            total_values += 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise _Limit(event.start_mark, f"alias *{event.anchor} names no anchor defined before it",
                             f"define it first with &{event.anchor}")
            add(*anchors[event.anchor], event.start_mark)


def read_bounded(path: Path, rel: str) -> bytes:
    """The file's bytes, refused before reading when it is a link, not a regular file, or too big."""
    def refuse(message: str, hint: str | None = None) -> YamlProblems:
        return YamlProblems([Diagnostic(rel, 1, 1, "(document)", message, hint)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if path.is_symlink():
            raise refuse("is a symbolic link; only regular files inside the data folder are read",
                         "copy the file into the data folder") from None
        raise refuse(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise refuse("is not a regular file; only regular files inside the data folder are read")
        if info.st_size > MAX_BYTES:
            raise refuse(f"file is {info.st_size:,} bytes, over the {MAX_BYTES:,} byte limit", "split it into several files")
        raw = handle.read(MAX_BYTES + 1)  # bounded: the file may have grown since fstat
    if len(raw) > MAX_BYTES:
        raise refuse(f"file is over the {MAX_BYTES:,} byte limit", "split it into several files")
    return raw


def load_yaml(path: Path, rel: str) -> tuple[Any, Marks]:
    """Load one YAML file; raise YamlProblems naming file, line and column for anything unsafe or malformed."""
    return parse_yaml(read_bounded(Path(path), rel), rel)


def parse_yaml(raw: bytes, rel: str) -> tuple[Any, Marks]:
    """A file's bytes as load_yaml reads them (rel names the file in messages)."""
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
            # libyaml: ten times faster, same events, nodes and marks. Measured before composing, so
            # that nothing recursive or expanding runs on a document over the limits.
            _measure(text, _FAST_LOADER)
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError as fast_error:
            mark = getattr(fast_error, "problem_mark", None)
            if mark is not None and "maximum nesting depth" in str(fast_error):
                # libyaml's own limit (1,000 open brackets): answered here, because the pure-Python
                # scanner needs quadratic time on such input before it reaches our limit.
                raise _Limit(mark, f"document nests more than {MAX_DEPTH} levels deep", _FLATTEN) from None
            _measure(text, yaml.SafeLoader)  # the pure-Python parser words the error
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except _Limit as limit:
        raise YamlProblems(
            [Diagnostic(rel, limit.mark.line + 1, limit.mark.column + 1, "(document)", limit.message, limit.hint)]
        ) from None
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
    except RecursionError:  # cannot happen within MAX_DEPTH; kept so that it never becomes a traceback
        raise YamlProblems([Diagnostic(rel, 1, 1, "(document)", "document is nested too deeply")]) from None
    if builder.problems:
        raise YamlProblems(builder.problems)
    return value, builder.marks
