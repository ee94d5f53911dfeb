"""What the home page answers first: who stands where, moving which way, since when, and what is new.

Derived from the model and index only; templates turn these rows into the status board and the
"latest developments" list.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import FuzzyDate, parse_date
from .index import TREND_ARROWS, Index
from .model import Country, Event, Step

TREND_ORDER = {"hostile": 0, "cooling": 1, "steady": 2, "warming": 3}


@dataclass(frozen=True)
class Row:
    country: Country
    rank: int                   # ladder rank of its level, 0 = lowest
    latest: FuzzyDate | None    # date of its latest dated step

    @property
    def arrow(self) -> str:
        return TREND_ARROWS[self.country.trend.value]

    @property
    def trend_order(self) -> int:
        return TREND_ORDER[self.country.trend.value]


@dataclass(frozen=True)
class Development:
    date: FuzzyDate
    kind: str                   # "step" or "event"
    item: Step | Event
    country: Country | None     # the counterpart a step belongs to


def status_rows(index: Index) -> list[Row]:
    """Counterparts highest level first (the index's order), each with its latest dated step."""
    rows = []
    for country in index.countries_ranked:
        dates = [parse_date(step.date) for step in country.steps]
        latest = max(dates, key=FuzzyDate.sort_key) if dates else None
        rows.append(Row(country, index.rank[country.level], latest))
    return rows


def latest_developments(index: Index, limit: int = 8) -> list[Development]:
    """The newest dated ladder steps and timeline events, newest first."""
    found = [
        Development(parse_date(step.date), "step", step, country)
        for country in index.countries_ranked
        for step in country.steps
    ]
    found += [Development(index.dates[event.id], "event", event, None) for event in index.briefing.events]
    # Newest first by the day a date ends on; ties keep steps before events and then model order.
    order = {id(d): i for i, d in enumerate(found)}
    found.sort(key=lambda d: (d.date.sort_key()[1], d.date.sort_key()[0], d.kind == "step", -order[id(d)]), reverse=True)
    return found[:limit]
