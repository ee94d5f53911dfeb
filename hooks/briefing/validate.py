"""Read a briefing folder into a `Briefing`, collecting every problem before giving up.

Order: each file is parsed (yamlload) and checked against its model (pydantic, with the rules about one
file: model.py); then the ids it refers to (references.py, from the `RefersTo` marks in model.py) and the
rules across files or needing other data (`_check_rules`). All problems are raised together in one BriefingError.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from . import model as m
from .briefing import Briefing, Origin
from .dates import parse_date
from .diagnostics import BriefingError, Diagnostic, did_you_mean
from .glossary import name_key
from .mdlinks import link_problems
from .reading import Collector, section_files, shown_path, yaml_files
from .references import Known, check, declared, declared_raw
from .routes import reserved_ids


def load_briefing(data_dir: Path | str) -> Briefing:
    """Load and validate a briefing folder; raise BriefingError listing every problem."""
    col = Collector()
    try:
        return _load(Path(data_dir), col)
    finally:
        col.remember()  # the next load (a `mkdocs serve` rebuild) parses only the files that changed


def _load(root: Path, col: Collector) -> Briefing:
    if not (root / "briefing.yaml").is_file():
        raise BriefingError([Diagnostic(shown_path(root / "briefing.yaml"), 1, 1, "(document)", "missing: every briefing needs a briefing.yaml", f"is {shown_path(root)} a briefing folder?")])

    meta_read = col.read(root / "briefing.yaml", m.BriefingFile)
    origins: dict[tuple[str, str], Origin] = {}

    sections: list[tuple[m.Section, Origin]] = []
    numbers: dict[str, int] = {}
    for path, match in section_files(col, root / "sections"):
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
        for path in yaml_files(col, root / folder):
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
            if item.id in items:  # a repeated id, reported by the model (model._unique_ids): the first one counts
                continue
            item_origin = Origin(origin.file, origin.shown, origin.marks, (attr, i))
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
    _check_rules(col, meta, meta_origin, countries, terms, origins)
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
    known = Known(levels=levels, sections=sections, sources=[s.id for s in meta.sources], countries=set(countries),
                  places=set(countries) | {meta.focal.id}, terms=set(terms), people=set(people), events=set(events),
                  broken=col.broken)

    def references(origin: Origin, item, own_id: str | None = None) -> None:
        check(declared(item), known, lambda loc, message, hint: col.add(origin, loc, message, hint), own_id=own_id)

    references(meta_origin, meta)
    for kind, items in (("section", sections), ("country", countries), ("term", terms), ("event", events), ("person", people)):
        for item_id, item in items.items():
            references(origins[(kind, item_id)], item, item_id)
    for model, data, origin, error_locs in col.failed:  # files that failed their model: the ids they hold
        found = ((loc, mark, value) for loc, mark, value in declared_raw(model, data)
                 if not any(loc[: len(bad)] == bad for bad in error_locs))  # those the model check reported
        check(found, known, lambda loc, message, hint, origin=origin: col.add(origin, loc, message, hint), full=False)


def _check_rules(col, meta, meta_origin, countries, terms, origins) -> None:
    """Rules that need other files or data beyond the models: the focal country apart from counterparts,
    ISO codes known to the boundary data, and glossary names that would link to two terms. (Rules about one
    file, such as a state's iso3 or unique ids in a list, are the models' own: model.py.)"""
    if meta.focal.id in countries:
        col.add(meta_origin, ("focal", "id"), f"'{meta.focal.id}' is both the focal country and a counterpart")

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

    names: dict[str, tuple[str, str]] = {}
    for term_id, term in terms.items():
        origin = origins[("term", term_id)]
        for loc, name in [(("term",), term.term)] + [(("aliases", i), a) for i, a in enumerate(term.aliases)]:
            key = name_key(name)
            if key in names and names[key][0] != term_id:
                col.add(origin, loc, f"'{name}' already names the term '{names[key][0]}'", f"in {names[key][1]}; a mention can only link to one term")
            names.setdefault(key, (term_id, origins[("term", term_id)].shown))
