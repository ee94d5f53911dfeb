"""Derived facts about a briefing that pages need: orderings and back-references.

Computed once from the validated model; nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .briefing import Briefing
from .dates import FuzzyDate, parse_date
from .model import Country, Event, LadderLevel, Person, Section, Term
from .references import declared

TREND_ARROWS = {"warming": "↗", "steady": "→", "cooling": "↘", "hostile": "✕"}


@dataclass
class Index:
    briefing: Briefing
    levels: dict[str, LadderLevel] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    section_number: dict[str, int] = field(default_factory=dict)
    sections_by_id: dict[str, Section] = field(default_factory=dict)
    countries_ranked: list[Country] = field(default_factory=list)
    by_level: dict[str, list[Country]] = field(default_factory=dict)
    events_by_id: dict[str, Event] = field(default_factory=dict)
    dates: dict[str, FuzzyDate] = field(default_factory=dict)
    sections_for: dict[tuple[str, str], list[Section]] = field(default_factory=dict)
    events_for_country: dict[str, list[Event]] = field(default_factory=dict)
    events_for_person: dict[str, list[Event]] = field(default_factory=dict)
    people_for_country: dict[str, list[Person]] = field(default_factory=dict)
    related: dict[str, list[Term]] = field(default_factory=dict)



def build_index(briefing: Briefing) -> Index:
    ix = Index(briefing)
    ladder = briefing.meta.ladder
    ix.levels = {level.id: level for level in ladder}
    ix.rank = {level.id: i for i, level in enumerate(ladder)}
    ix.sections_by_id = {s.id: s for s in briefing.sections}
    ix.section_number = dict(briefing.section_numbers)
    ix.countries_ranked = sorted(
        briefing.countries.values(), key=lambda c: (-ix.rank[c.level], c.name.casefold(), c.id)
    )
    ix.by_level = {level.id: [c for c in ix.countries_ranked if c.level == level.id] for level in ladder}
    ix.events_by_id = {e.id: e for e in briefing.events}
    ix.dates = {e.id: parse_date(e.date) for e in briefing.events}

    sections_for: dict[tuple[str, str], list[Section]] = defaultdict(list)
    for section in briefing.sections:  # the items each section names (its own fields marked RefersTo)
        for _, mark, item_id in declared(section):
            if mark.target in ("country", "term", "person", "event"):
                sections_for[(mark.target, item_id)].append(section)
    ix.sections_for = dict(sections_for)

    events_for_country: dict[str, list[Event]] = defaultdict(list)
    events_for_person: dict[str, list[Event]] = defaultdict(list)
    for event in briefing.events:  # already in date order
        for country_id in event.countries:
            events_for_country[country_id].append(event)
        for person_id in event.people:
            events_for_person[person_id].append(event)
    ix.events_for_country = dict(events_for_country)
    ix.events_for_person = dict(events_for_person)

    people_for_country: dict[str, list[Person]] = defaultdict(list)
    for person in sorted(briefing.people.values(), key=lambda p: p.name.casefold()):
        for country_id in person.countries:
            people_for_country[country_id].append(person)
    ix.people_for_country = dict(people_for_country)

    # Relatedness is symmetric: an editor lists it once, readers see it on both entries.
    related: dict[str, set[str]] = defaultdict(set)
    for term in briefing.terms.values():
        for other in term.related:
            related[term.id].add(other)
            related[other].add(term.id)
    ix.related = {
        term_id: sorted((briefing.terms[o] for o in others), key=lambda t: t.term.casefold())
        for term_id, others in related.items()
    }
    return ix
