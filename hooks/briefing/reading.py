"""Reading the files of a briefing folder: each one parsed (yamlload) and checked against its model,
every problem collected (not raised) so that one run reports them all; which files a folder holds."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from . import model as m
from .briefing import Origin
from .diagnostics import Diagnostic, field_path
from .messages import YAML_SYNTAX_HINT, clean_loc, pydantic_problem
from .yamlload import YamlProblems, parse_yaml, read_bounded

_ID = m.ID_PATTERN.strip("^$")
SECTION_FILE = re.compile(rf"^(\d{{2,3}})-({_ID})\.ya?ml$")


def shown_path(path: Path) -> str:
    """The path as a reader should see it: relative to the working directory when below it."""
    try:
        return os.path.relpath(path, Path.cwd()) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:
        return str(path)


# Files read without a problem by the last load, by what decides the result: `mkdocs serve` loads the
# whole briefing again after each save, and an editor changes one file of hundreds.
_Key = tuple[type, "str | None", Path, str, bytes]
_read_before: dict[_Key, tuple[Any, Origin]] = {}


class Collector:
    def __init__(self) -> None:
        self.read_now: dict[_Key, tuple[Any, Origin]] = {}
        self.problems: list[Diagnostic] = []
        # ids of items whose file failed: known to exist, so references to them are not reported too
        self.broken: dict[str, set[str]] = {}
        # files that failed their model: (model, raw data, origin, error locs); their references are still checked
        self.failed: list[tuple[type[BaseModel], Any, Origin, list[tuple]]] = []

    def add(self, origin: Origin, loc: Iterable, message: str, hint: str | None = None, *, key: bool = False, severity: str = "error") -> None:
        loc = tuple(loc)
        line, col = origin.at(*loc, prefer_key=key)
        self.problems.append(Diagnostic(origin.shown, line, col, field_path(origin.prefix + loc), message, hint, severity))

    def read(self, path: Path, model: type[BaseModel], kind: str | None = None) -> tuple[Any, Origin] | None:
        shown = shown_path(path)
        try:
            raw = read_bounded(path, shown)
            resolved = path.resolve()
            key = (model, kind, resolved, shown, raw)
            if key in _read_before:
                self.read_now[key] = _read_before[key]
                return _read_before[key]  # frozen models: nothing downstream changes them
            data, marks = parse_yaml(raw, shown)
        except YamlProblems as exc:
            self.problems.extend(
                replace(d, hint=YAML_SYNTAX_HINT) if d.hint is None and d.message.startswith("YAML syntax error") else d
                for d in exc.diagnostics
            )
            self._remember_unreadable(kind, path)
            return None
        origin = Origin(resolved, shown, marks)
        if not isinstance(data, dict):
            self.add(origin, (), f"expected a mapping of fields, found {type(data).__name__}", f"see {model.__name__} in the schema")
            return None
        try:
            result = model.model_validate(data), origin
        except ValidationError as exc:
            errors = exc.errors()
            for error in errors:
                loc, message, hint, key = pydantic_problem(model, data, error)
                self.add(origin, loc, message, hint, key=key)
            if all(error["type"] == m.RULE for error in errors):
                # Every field is valid and only rules about the file as a whole failed (reported above): the
                # item still takes part in the checks across files, as a valid one, so one run reports all.
                return model.model_validate(data, context=m.WITHOUT_RULES), origin
            self._remember_ids(kind, data)
            self.failed.append((model, data, origin, [clean_loc(e["loc"]) for e in errors]))
            return None
        self.read_now[key] = result
        return result

    def remember(self) -> None:
        """Keep this load's clean files for the next load (only these: a removed file is not kept)."""
        global _read_before
        _read_before = self.read_now

    def _remember_unreadable(self, kind: str | None, path: Path) -> None:
        """Ids a file that is not even valid YAML probably defines, so references to them are not reported too."""
        if kind is None:
            return
        try:
            text = read_bounded(path, "").decode("utf-8", errors="replace")
        except YamlProblems:  # a link, not a regular file, or too big: the file name is all we know
            text = ""
        ids = set(re.findall(rf"^[ \t-]*id:[ \t]*['\"]?({_ID})", text, re.M))
        match = SECTION_FILE.match(path.name)
        ids.add(match.group(2) if match else path.stem)
        self.broken.setdefault(kind, set()).update(ids)

    def _remember_ids(self, kind: str | None, data: dict) -> None:
        if kind is None:
            return
        items = data.get(kind + "s") if kind in ("event",) else data.get("people") if kind == "person" else [data]
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.broken.setdefault(kind, set()).add(item["id"])


def yaml_files(col: Collector, folder: Path) -> list[Path]:
    """The YAML files of a data sub-folder. Only regular files inside the data folder are read: a link
    could publish any file the build can read (another repository's data, /proc/self/status)."""
    if folder.is_symlink():
        col.problems.append(Diagnostic(shown_path(folder), 1, 1, "(document)", _LINK, _LINK_HINT))
        return []
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml"):
            continue
        if path.is_symlink():
            col.problems.append(Diagnostic(shown_path(path), 1, 1, "(document)", _LINK, _LINK_HINT))
        elif not path.is_file():
            col.problems.append(Diagnostic(shown_path(path), 1, 1, "(document)", "is not a regular file", "only regular YAML files are read"))
        else:
            found.append(path)
    return found


_LINK = "is a symbolic link; only regular files inside the data folder are read"
_LINK_HINT = "copy the file into the data folder instead of linking to it"


def section_files(col: Collector, folder: Path) -> list[tuple[Path, re.Match | None]]:
    """Section files in the order of their numbers (100-x after 99-y), each number used once."""
    files = [(path, SECTION_FILE.match(path.name)) for path in yaml_files(col, folder)]
    files.sort(key=lambda item: (int(item[1].group(1)) if item[1] else float("inf"), item[0].name))
    owners: dict[int, Path] = {}
    for path, match in files:
        if not match:
            continue
        number = int(match.group(1))
        if number in owners:
            col.problems.append(Diagnostic(
                shown_path(path), 1, 1, "(document)",
                f"section number {number} is also used by {shown_path(owners[number])}",
                "each section file needs its own number: renumber one of them",
            ))
        owners.setdefault(number, path)
    return files
