"""Read a briefing folder into a `Briefing`, collecting every problem before giving up.

Order: each file is parsed (yamlload) and checked against its model (pydantic); then ids and
cross-references are checked across files. All problems are raised together in one BriefingError.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from . import model as m
from .briefing import Briefing, Origin
from .dates import HINT as DATE_HINT
from .dates import parse_date
from .diagnostics import BriefingError, Diagnostic, did_you_mean, field_path
from .glossary import name_key
from .mdlinks import link_problems
from .routes import reserved_ids
from .yamlload import Marks, YamlProblems, load_yaml, read_bounded

_ID = m.ID_PATTERN.strip("^$")
SECTION_FILE = re.compile(rf"^(\d{{2,3}})-({_ID})\.ya?ml$")


def shown_path(path: Path) -> str:
    """The path as a reader should see it: relative to the working directory when below it."""
    try:
        return os.path.relpath(path, Path.cwd()) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:
        return str(path)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []
        # ids of items whose file failed: known to exist, so references to them are not reported too
        self.broken: dict[str, set[str]] = {}
        # files that failed their model: (kind, raw data, origin, error locs); their references are still checked
        self.failed: list[tuple[str | None, Any, Origin, list[tuple]]] = []

    def add(self, origin: Origin, loc: Iterable, message: str, hint: str | None = None, *, key: bool = False, severity: str = "error") -> None:
        loc = tuple(loc)
        line, col = origin.at(*loc, prefer_key=key)
        self.problems.append(Diagnostic(origin.shown, line, col, field_path(origin.prefix + loc), message, hint, severity))

    def read(self, path: Path, model: type[BaseModel], kind: str | None = None) -> tuple[Any, Origin] | None:
        shown = shown_path(path)
        try:
            data, marks = load_yaml(path, shown)
        except YamlProblems as exc:
            self.problems.extend(
                replace(d, hint=YAML_SYNTAX_HINT) if d.hint is None and d.message.startswith("YAML syntax error") else d
                for d in exc.diagnostics
            )
            self._remember_unreadable(kind, path)
            return None
        origin = Origin(path.resolve(), shown, marks)
        if not isinstance(data, dict):
            self.add(origin, (), f"expected a mapping of fields, found {type(data).__name__}", f"see {model.__name__} in the schema")
            return None
        try:
            return model.model_validate(data), origin
        except ValidationError as exc:
            errors = exc.errors()
            for error in errors:
                self._pydantic(origin, model, data, error)
            self._remember_ids(kind, data)
            self.failed.append((kind, data, origin, [_clean_loc(e["loc"]) for e in errors]))
            return None

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

    def _pydantic(self, origin: Origin, model: type[BaseModel], data: Any, error: dict) -> None:
        loc = _clean_loc(error["loc"])
        kind = error["type"]
        hint = None
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if kind == "missing":
            message = f"required field '{loc[-1]}' is missing"
            description, example = _field_help(model, loc)
            hint = f"add '{loc[-1]}: {example}'" if example else f"add '{loc[-1]}:'"
            self.add(origin, loc[:-1], message, hint + (f"; {description}" if description else ""), key=True)
            return
        if kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1], data)
            hint = did_you_mean(loc[-1], allowed) if allowed else None
            self.add(origin, loc, f"unknown field '{loc[-1]}'", hint, key=True)
            return
        if kind in ("enum", "literal_error"):
            message = f"{error.get('input')!r} is not allowed"
            expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
            close = did_you_mean(error.get("input"), expected)
            allowed = "allowed: " + ", ".join(expected) if expected else None
            hint = f"{close} {allowed}" if close and close.startswith("did you mean") and allowed else close or allowed
        elif kind == "string_pattern_mismatch":
            pattern = error.get("ctx", {}).get("pattern", "")
            message = f"{error.get('input')!r} does not have the right form"
            hint = {
                m.ID_PATTERN: "ids are lower-case letters, digits and hyphens, e.g. 'united-states'",
                r"^[A-Z]{3}$": "an ISO 3166 alpha-3 code in capitals, e.g. 'AFG'",
                r"^#[0-9a-fA-F]{6}$": "a colour such as '#1f77b4'",
            }.get(pattern)
        elif kind in _TYPE_NAMES:
            message = f"expected {_TYPE_NAMES[kind]}, found {_found(error.get('input'))}"
            _, example = _field_help(model, loc)
            hint = f"e.g. {loc[-1]}: {example}" if example and isinstance(loc[-1], str) else None
        elif "; " + DATE_HINT in message:
            message, hint = message.split("; ", 1)
        self.add(origin, loc, message, hint)


YAML_SYNTAX_HINT = (
    "check quotes, brackets and indentation here and on the line before; "
    "text containing ': ' or ' #', or starting with [ { * & ! | > ' \" % @, needs quotes"
)
_TYPE_NAMES = {
    "string_type": "text", "float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
    "int_parsing": "a whole number", "int_from_float": "a whole number", "bool_type": "true or false",
    "bool_parsing": "true or false", "list_type": "a list", "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields", "model_attributes_type": "a mapping of fields",
}


def _found(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _clean_loc(loc: Iterable) -> tuple:
    return tuple(p for p in loc if isinstance(p, (str, int)) and not _is_validator_tag(p))


def _field_help(model: type[BaseModel], loc: tuple) -> tuple[str | None, str | None]:
    """The description and a short YAML example of the field at loc, from the model, for hints."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None, None
    current: Any = model
    field = None
    for part in names:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None, None
        field = current.model_fields.get(part)
        if field is None:
            return None, None
        current = _model_in(field.annotation)
    if isinstance(loc[-1], int):
        return None, None
    example = None
    examples = field.examples
    if examples:
        example = json.dumps(examples[0], ensure_ascii=False)
        if isinstance(examples[0], str) and not re.search(r"[:#\[\]{}'\"]|^\s|\s$", examples[0]):
            example = examples[0]
        if len(example) > 60:
            example = None
    return field.description, example


def _is_validator_tag(part: str) -> bool:
    return isinstance(part, str) and ("[" in part or part in ("function-after", "function-before"))


def _fields_at(model: type[BaseModel], loc: tuple, data: Any) -> list[str]:
    """The field names allowed at loc, for 'did you mean' on unknown fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found:
            return found
    return None


def _yaml_files(col: _Collector, folder: Path) -> list[Path]:
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


def _section_files(col: _Collector, folder: Path) -> list[tuple[Path, re.Match | None]]:
    """Section files in the order of their numbers (100-x after 99-y), each number used once."""
    files = [(path, SECTION_FILE.match(path.name)) for path in _yaml_files(col, folder)]
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


def load_briefing(data_dir: Path | str) -> Briefing:
    """Load and validate a briefing folder; raise BriefingError listing every problem."""
    root = Path(data_dir)
    col = _Collector()
    if not (root / "briefing.yaml").is_file():
        raise BriefingError([Diagnostic(shown_path(root / "briefing.yaml"), 1, 1, "(document)", "missing: every briefing needs a briefing.yaml", f"is {shown_path(root)} a briefing folder?")])

    meta_read = col.read(root / "briefing.yaml", m.BriefingFile)
    origins: dict[tuple[str, str], Origin] = {}

    sections: list[tuple[m.Section, Origin]] = []
    numbers: dict[str, int] = {}
    for path, match in _section_files(col, root / "sections"):
        got = col.read(path, m.Section, "section")
        if not got:
            continue
        section, origin = got
        if not match:
            col.add(origin, (), f"section file name '{path.name}' must be NN-<id>.yaml", "the number sets the order, e.g. 01-overview.yaml")
        elif match.group(2) != section.id:
            col.add(origin, ("id",), f"id '{section.id}' does not match the file name '{path.name}'", f"rename the file to {match.group(1)}-{section.id}.yaml or change the id")
        if section.id in reserved_ids()["section"]:
            col.add(origin, ("id",), f"id '{section.id}' is reserved: {reserved_ids()['section'][section.id]}", "choose another id")
        sections.append((section, origin))
        numbers.setdefault(section.id, int(match.group(1)) if match else len(sections))

    def one_per_file(folder: str, model: type[BaseModel], kind: str) -> dict:
        items: dict = {}
        for path in _yaml_files(col, root / folder):
            got = col.read(path, model, kind)
            if not got:
                continue
            item, origin = got
            if item.id in reserved_ids().get(kind, {}):
                col.add(origin, ("id",), f"id '{item.id}' is reserved: {reserved_ids()[kind][item.id]}", "choose another id")
            if path.stem != item.id:
                col.add(origin, ("id",), f"id '{item.id}' does not match the file name '{path.name}'", f"name the file {item.id}.yaml")
            if item.id in items:
                col.add(origin, ("id",), f"duplicate {kind} id '{item.id}'", f"also in {origins[(kind, item.id)].shown}")
                continue
            items[item.id] = item
            origins[(kind, item.id)] = origin
        return items

    countries = one_per_file("countries", m.Country, "country")
    terms = one_per_file("glossary", m.Term, "term")

    def list_file(name: str, model: type[BaseModel], attr: str, kind: str, required: bool) -> dict:
        path = root / name
        if not path.is_file():
            if required:
                col.problems.append(Diagnostic(shown_path(path), 1, 1, "(document)", f"missing: the briefing needs {name}"))
            return {}
        got = col.read(path, model, kind)
        if not got:
            return {}
        container, origin = got
        items: dict = {}
        for i, item in enumerate(getattr(container, attr)):
            item_origin = Origin(origin.file, origin.shown, origin.marks, (attr, i))
            if item.id in items:
                col.add(item_origin, ("id",), f"duplicate {kind} id '{item.id}'")
                continue
            items[item.id] = item
            origins[(kind, item.id)] = item_origin
        return items

    events = list_file("timeline.yaml", m.TimelineFile, "events", "event", True)
    people = list_file("people.yaml", m.PeopleFile, "people", "person", False)

    section_ids: dict[str, m.Section] = {}
    for section, origin in sections:
        if section.id in section_ids:
            col.add(origin, ("id",), f"duplicate section id '{section.id}'")
            continue
        section_ids[section.id] = section
        origins[("section", section.id)] = origin

    if meta_read is None:
        raise BriefingError(col.problems)
    meta, meta_origin = meta_read
    origins[("briefing", meta.id)] = meta_origin
    if not sections:
        col.problems.append(Diagnostic(shown_path(root / "sections"), 1, 1, "(document)", "a briefing needs at least one section file in sections/"))

    _check_references(col, meta, meta_origin, section_ids, countries, terms, events, people, origins)
    col.problems += link_problems(meta_origin, meta, [(origins[("section", k)], v) for k, v in section_ids.items()]
                                  + [(origins[(kind, k)], v) for kind, items in (("country", countries), ("term", terms),
                                     ("event", events), ("person", people)) for k, v in items.items()])
    if any(p.severity == "error" for p in col.problems):
        raise BriefingError(col.problems)

    ordered_events = sorted(events.values(), key=lambda e: (parse_date(e.date).sort_key(), e.id))
    return Briefing(
        root=root,
        meta=meta,
        sections=[s for s, _ in sections],
        countries=countries,
        terms=terms,
        events=ordered_events,
        people=people,
        origins=origins,
        section_numbers=numbers,
    )


def _check_references(col, meta, meta_origin, sections, countries, terms, events, people, origins) -> None:
    levels = [level.id for level in meta.ladder]
    places = set(countries) | {meta.focal.id}

    def refs(origin: Origin, loc: tuple, values: Iterable[str], known: Iterable[str], what: str) -> None:
        known = set(known)
        broken = set().union(*col.broken.values()) if col.broken else set()
        for i, value in enumerate(values):
            if value not in known and value not in broken:
                col.add(origin, loc + (i,), f"'{value}' is not a known {what}", did_you_mean(value, set(known) | broken))

    source_ids = [s.id for s in meta.sources]

    def claim_refs(origin: Origin, loc: tuple, ref: list[str]) -> None:
        refs(origin, loc + ("ref",), [m.split_ref(r)[1] for r in ref], sections, "section id")
        for i, value in enumerate(ref):
            source, section_id = m.split_ref(value)
            if source is None:
                continue
            if source not in source_ids:
                col.add(origin, loc + ("ref", i), f"'{source}' is not a source id in briefing.yaml", did_you_mean(source, source_ids))
            elif section_id in sections and source_of(sections[section_id]) not in (None, source):
                col.add(origin, loc + ("ref", i), f"'{section_id}' is a section of '{source_of(sections[section_id])}', not of '{source}'",
                        f"write '{source_of(sections[section_id])}#{section_id}'")

    def source_of(section: m.Section) -> str | None:
        """The source a section belongs to: its `source:`, or the first (main) source."""
        return section.source or source_ids[0]

    def unique(origin: Origin, loc: tuple, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(ids):
            if value in seen:
                col.add(origin, loc + (i, "id"), f"duplicate {what} id '{value}'")
            seen.add(value)

    unique(meta_origin, ("ladder",), levels, "ladder level")
    unique(meta_origin, ("sources",), [s.id for s in meta.sources], "source")
    for i, judgement in enumerate(meta.key_judgements):
        claim_refs(meta_origin, ("key_judgements", i), judgement.ref)
    if meta.focal.id in countries:
        col.add(meta_origin, ("focal", "id"), f"'{meta.focal.id}' is both the focal country and a counterpart")

    for section_id, section in sections.items():
        origin = origins[("section", section_id)]
        if section.source is not None and section.source not in source_ids:
            col.add(origin, ("source",), f"'{section.source}' is not a source id in briefing.yaml", did_you_mean(section.source, source_ids))
        for i, point in enumerate(section.key_points):
            claim_refs(origin, ("key_points", i), point.ref)
        refs(origin, ("countries",), section.countries, countries, "country id")
        refs(origin, ("terms",), section.terms, terms, "glossary term id")
        refs(origin, ("people",), section.people, people, "person id")
        refs(origin, ("events",), section.events, events, "event id")

    from .geo import load_world  # boundaries are needed only once the files themselves are valid

    known_codes = load_world().countries

    def code(origin: Origin, loc: tuple, value: str | None) -> None:
        if value and value not in known_codes:
            col.add(origin, loc, f"'{value}' is not a country code in the boundary data", did_you_mean(value, known_codes))

    code(meta_origin, ("focal", "iso3"), meta.focal.iso3)
    for country_id, country in countries.items():
        origin = origins[("country", country_id)]
        code(origin, ("iso3",), country.iso3)
        for i, member in enumerate(country.members):
            code(origin, ("members", i), member)
        if country.kind == "state" and not country.iso3:
            col.add(origin, ("kind",), "a state needs an 'iso3' code", "add iso3: XXX, or set kind: bloc with members")
        if country.kind == "bloc" and not country.members:
            col.add(origin, ("kind",), "a bloc needs 'members'", "list its members' ISO alpha-3 codes")
        if country.kind == "bloc" and country.iso3:
            col.add(origin, ("iso3",), "a bloc has members, not an iso3 code")
        if country.level not in levels:
            col.add(origin, ("level",), f"'{country.level}' is not a ladder level", did_you_mean(country.level, levels))
        for i, step in enumerate(country.steps):
            if step.level not in levels:
                col.add(origin, ("steps", i, "level"), f"'{step.level}' is not a ladder level", did_you_mean(step.level, levels))
            claim_refs(origin, ("steps", i), step.ref)
        for group in ("interests", "facts"):
            for i, claim in enumerate(getattr(country, group)):
                claim_refs(origin, (group, i), claim.ref)

    names: dict[str, tuple[str, str]] = {}
    for term_id, term in terms.items():
        origin = origins[("term", term_id)]
        claim_refs(origin, (), term.ref)
        refs(origin, ("related",), term.related, set(terms) - {term_id}, "glossary term id (other than this one)")
        for loc, name in [(("term",), term.term)] + [(("aliases", i), a) for i, a in enumerate(term.aliases)]:
            key = name_key(name)
            if key in names and names[key][0] != term_id:
                col.add(origin, loc, f"'{name}' already names the term '{names[key][0]}'", f"in {names[key][1]}; a mention can only link to one term")
            names.setdefault(key, (term_id, origins[("term", term_id)].shown))

    for event_id, event in events.items():
        origin = origins[("event", event_id)]
        claim_refs(origin, (), event.ref)
        refs(origin, ("countries",), event.countries, places, "country id")
        refs(origin, ("people",), event.people, people, "person id")

    for person_id, person in people.items():
        origin = origins[("person", person_id)]
        claim_refs(origin, (), person.ref)
        refs(origin, ("countries",), person.countries, places, "country id")

    _check_failed_references(col, levels, sections, countries, terms, events, people, places)


def _check_failed_references(col, levels, sections, countries, terms, events, people, places) -> None:
    """References in files that failed their model, so that one run reports them with the other problems."""
    targets = {
        "level": (levels, "ladder level"), "ref": (sections, "section id"), "terms": (terms, "glossary term id"),
        "related": (terms, "glossary term id"), "people": (people, "person id"), "events": (events, "event id"),
    }
    broken = set().union(*col.broken.values()) if col.broken else set()
    for kind, data, origin, error_locs in col.failed:
        for loc, key, value in _raw_references(data, ()):
            if any(loc[: len(bad)] == bad for bad in error_locs):
                continue  # already reported by the model check
            if key == "countries":
                known, what = (countries, "country id") if kind == "section" else (places, "country id")
            else:
                known, what = targets[key]
            if key == "level" and loc[:1] == ("ladder",):
                continue
            if key == "ref":
                value = m.split_ref(value)[1]
            if value not in known and value not in broken:
                message = f"'{value}' is not a {what}" if key == "level" else f"'{value}' is not a known {what}"
                col.add(origin, loc, message, did_you_mean(value, set(known) | broken))


_REFERENCE_KEYS = ("level", "ref", "countries", "terms", "related", "people", "events")


def _raw_references(node: Any, loc: tuple):
    """(loc, key, id) for every id written under a reference field of a raw (unvalidated) mapping."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _raw_references(item, loc + (i,))
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in _REFERENCE_KEYS and isinstance(value, str):
            yield loc + (key,), key, value
        elif key in _REFERENCE_KEYS and isinstance(value, list) and all(isinstance(v, str) for v in value):
            for i, item in enumerate(value):
                yield loc + (key, i), key, item
        else:
            yield from _raw_references(value, loc + (key,))


