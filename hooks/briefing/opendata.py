"""Open data: the validated briefing as files a reader can download and reuse.

Everything here is a pure function of the briefing, so the files are byte-identical across builds.
The site publishes them under `data/` (the Data page lives there too); the repository's own `data/`
folder is not in docs_dir, so the two never meet.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from . import history, relmaps
from .briefing import Briefing
from .index import Index
from .model import BriefingFile, Country, Event, Person, Section, Term

DATA_DIR = "data"


class OpenBriefing(BaseModel):
    """data/briefing.json: a whole briefing, validated, in one document."""

    model_config = ConfigDict(extra="forbid", title="Briefing (open data)")

    briefing: BriefingFile = Field(description="data/briefing.yaml: title, sources, key judgements, ladder.")
    sections: list[Section] = Field(description="The source's sections, in article order.")
    countries: list[Country] = Field(description="The counterparts, highest ladder level first.")
    terms: list[Term] = Field(description="The glossary, by id.")
    events: list[Event] = Field(description="The timeline, oldest first.")
    people: list[Person] = Field(description="The people the source names, by id.")


@dataclass(frozen=True)
class DataFile:
    path: str          # site path, e.g. "data/steps.csv"
    title: str         # what a reader gets
    media_type: str
    content: str

    @property
    def size(self) -> int:
        return len(self.content.encode("utf-8"))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _csv(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def open_briefing(briefing: Briefing, index: Index) -> OpenBriefing:
    return OpenBriefing(
        briefing=briefing.meta,
        sections=list(briefing.sections),
        countries=list(index.countries_ranked),
        terms=[briefing.terms[k] for k in sorted(briefing.terms)],
        events=list(briefing.events),
        people=[briefing.people[k] for k in sorted(briefing.people)],
    )


@functools.lru_cache(maxsize=1)  # the model's schema: the same for every build of this process
def schema() -> dict:
    document = OpenBriefing.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}


def latest_step(country: Country):
    """The counterpart's most recent dated step, or None."""
    steps = history.ordered_steps(country)
    return steps[-1] if steps else None


def relations_rows(briefing: Briefing, index: Index) -> list[list[object]]:
    rows = []
    for c in index.countries_ranked:
        last = latest_step(c)
        rows.append([c.id, c.name, c.level, index.levels[c.level].label, c.trend.value, last.date if last else ""])
    return rows


def steps_rows(index: Index) -> list[list[object]]:
    rows = []
    for c in index.countries_ranked:
        for step in history.ordered_steps(c):
            rows.append([c.id, step.date, step.level, index.levels[step.level].label, step.text, " ".join(step.ref)])
    return rows


def events_rows(briefing: Briefing) -> list[list[object]]:
    rows = []
    for e in briefing.events:
        place = e.place
        rows.append([
            e.id, e.date, e.text, " ".join(e.countries), " ".join(e.people),
            place.name if place else "", place.lat if place else "", place.lon if place else "", " ".join(e.ref),
        ])
    return rows


def events_geojson(briefing: Briefing) -> dict:
    """Located events as an RFC 7946 FeatureCollection (coordinates are longitude, latitude)."""
    features = []
    for e in briefing.events:
        if e.place is None:
            continue
        features.append({
            "type": "Feature",
            "id": e.id,
            "geometry": {"type": "Point", "coordinates": [e.place.lon, e.place.lat]},
            "properties": {
                "date": e.date, "text": e.text, "place": e.place.name,
                "countries": list(e.countries), "people": list(e.people), "ref": list(e.ref),
            },
        })
    return {"type": "FeatureCollection", "features": features}


RELATIONS_HEADER = ["counterpart", "name", "level", "level_label", "trend", "last_step_date"]
STEPS_HEADER = ["counterpart", "date", "level", "level_label", "text", "ref"]
EVENTS_HEADER = ["id", "date", "text", "countries", "people", "place", "lat", "lon", "ref"]


_LAST: list = [None, None, []]  # briefing, index, their files: the site and its Data page ask for the same


def data_files(briefing: Briefing, index: Index) -> list[DataFile]:
    if _LAST[0] is briefing and _LAST[1] is index:
        return _LAST[2]
    _LAST[:] = [briefing, index, _data_files(briefing, index)]
    return _LAST[2]


def _data_files(briefing: Briefing, index: Index) -> list[DataFile]:
    d = DATA_DIR
    return [
        DataFile(f"{d}/briefing.json", "The whole briefing, validated", "application/json",
                 _json(open_briefing(briefing, index).model_dump(mode="json"))),
        DataFile(f"{d}/briefing.schema.json", "JSON Schema of briefing.json", "application/schema+json", _json(schema())),
        DataFile(f"{d}/relations.csv", "Each counterpart's level, trend and last step date", "text/csv",
                 _csv(RELATIONS_HEADER, relations_rows(briefing, index))),
        DataFile(f"{d}/steps.csv", "Dated steps on the ladder", "text/csv", _csv(STEPS_HEADER, steps_rows(index))),
        DataFile(f"{d}/events.csv", "Timeline events", "text/csv", _csv(EVENTS_HEADER, events_rows(briefing))),
        DataFile(f"{d}/events.geojson", "Located events (GeoJSON)", "application/geo+json", _json(events_geojson(briefing))),
    ]


def map_files(maps: dict) -> list[DataFile]:
    """Each map's SVG twin, already published under maps/ (listed here with its size)."""
    return [
        DataFile(f"{relmaps.MAP_DIR}/{spec.id}.svg", spec.title, "image/svg+xml", relmaps.render(spec).svg)
        for spec in maps.values()
    ]


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"
