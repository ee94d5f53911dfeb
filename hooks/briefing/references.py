"""References between items: found through the `RefersTo` marks in model.py, checked in one place.

Which fields hold ids of what is declared once, on the field; `declared` walks a validated item and
`declared_raw` the raw mapping of a file that failed its model, so that one run reports the broken
references of every file along with the other problems. `check` turns each unknown id into a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import model as m
from .diagnostics import did_you_mean

Found = tuple[tuple, m.RefersTo, str]  # (loc of the id in its item, the field's mark, the id as written)


def _mark(info: FieldInfo) -> m.RefersTo | None:
    return next((x for x in info.metadata if isinstance(x, m.RefersTo)), None)


def declared(item: BaseModel, loc: tuple = ()) -> Iterator[Found]:
    """Every id a validated item (and the items inside it) refers to, in field order."""
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        mark = _mark(info)
        if mark is not None:
            if isinstance(value, str):
                yield loc + (name,), mark, value
            elif isinstance(value, list):
                for i, one in enumerate(value):
                    yield loc + (name, i), mark, one
        elif isinstance(value, BaseModel):
            yield from declared(value, loc + (name,))
        elif isinstance(value, list):
            for i, one in enumerate(value):
                if isinstance(one, BaseModel):
                    yield from declared(one, loc + (name, i))


def declared_raw(model: type[BaseModel], data: Any, loc: tuple = ()) -> Iterator[Found]:
    """The same for the raw mapping of a file that failed `model`: ids written where the model expects
    them, as far as the data has the expected shape."""
    if isinstance(data, list):
        for i, one in enumerate(data):
            yield from declared_raw(model, one, loc + (i,))
        return
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        info = model.model_fields.get(key) if isinstance(key, str) else None
        if info is None:
            continue
        mark = _mark(info)
        if mark is not None:
            if isinstance(value, str):
                yield loc + (key,), mark, value
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                for i, one in enumerate(value):
                    yield loc + (key, i), mark, one
        elif (inner := m.model_in(info.annotation)) is not None:
            yield from declared_raw(inner, value, loc + (key,))


@dataclass
class Known:
    """The ids of each target, and the ids of items whose files failed (they exist; not reported twice)."""

    levels: list[str]
    sections: dict[str, m.Section]
    sources: list[str]
    countries: set[str]
    places: set[str]
    terms: set[str]
    people: set[str]
    events: set[str]
    broken: dict[str, set[str]]  # kind -> ids of items in files that failed (see reading.Collector)

    def broken_of(self, target: str) -> set[str]:
        return self.broken.get({"place": "country"}.get(target, target), set())

    def __post_init__(self) -> None:
        # Built once: check() asks for a target's ids at every reference of the briefing.
        self._ids = {
            "level": set(self.levels), "section": set(self.sections), "source": set(self.sources),
            "country": self.countries, "place": self.places, "term": self.terms, "person": self.people,
            "event": self.events,
        }

    def ids(self, target: str) -> set[str]:
        return self._ids[target]


_WHAT = {"section": "section id", "country": "country id", "place": "country id", "term": "glossary term id",
         "person": "person id", "event": "event id"}

Report = Callable[[tuple, str, "str | None"], None]  # (loc, message, hint)


def check(found: Iterator[Found], known: Known, report: Report, *, own_id: str | None = None, full: bool = True) -> None:
    """Report every id in ``found`` that names nothing. ``full``: also check that a 'source#section' ref
    names a source and a section of that source (a file that failed its model gets the plain check)."""
    for loc, mark, value in found:
        target = mark.target
        if target == "section":
            source, value = m.split_ref(value)
            if full and source is not None:
                _check_source_of(loc, source, value, known, report)
        if target == "level":
            if value not in known.levels:
                report(loc, f"'{value}' is not a ladder level", did_you_mean(value, known.levels))
            continue
        if target == "source":
            if value not in known.sources:
                report(loc, f"'{value}' is not a source id in briefing.yaml", did_you_mean(value, known.sources))
            continue
        ids, broken = known.ids(target), known.broken_of(target)
        own = mark.other_than_self and value == own_id
        if own or (value not in ids and value not in broken):
            what = _WHAT[target] + (" (other than this one)" if mark.other_than_self else "")
            others = ids - {own_id} if mark.other_than_self else ids
            report(loc, f"'{value}' is not a known {what}", did_you_mean(value, others | broken))


def _check_source_of(loc: tuple, source: str, section_id: str, known: Known, report: Report) -> None:
    if source not in known.sources:
        report(loc, f"'{source}' is not a source id in briefing.yaml", did_you_mean(source, known.sources))
        return
    section = known.sections.get(section_id)
    if section is None:
        return
    belongs = section.source or known.sources[0]  # a section without `source:` is of the first source
    if belongs != source:
        report(loc, f"'{section_id}' is a section of '{belongs}', not of '{source}'", f"write '{belongs}#{section_id}'")
