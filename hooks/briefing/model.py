"""The content model: what each YAML file of a briefing may say.

Field descriptions and examples feed the JSON Schema that editors' YAML language servers read, so they are
written for editors. Cross-references between files are checked in `validate.py`, not here, because that
needs the whole briefing.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal, Optional
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .dates import HINT as DATE_HINT
from .dates import DateError, parse_date

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _check_date(value: str) -> str:
    try:
        parse_date(value)
    except DateError as exc:
        raise ValueError(f"{exc}; {DATE_HINT}") from None
    return value


def _year_to_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c in value for c in ' <>"\'`'):
        raise ValueError("must be a well-formed https:// address")
    return value


Id = Annotated[
    str,
    Field(pattern=ID_PATTERN, max_length=64, description="Lower-case id: letters, digits and hyphens.", examples=["china"]),
]
Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 country code.", examples=["AFG"])]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="A colour as #rrggbb.", examples=["#1f77b4"])]
DateText = Annotated[
    str,
    BeforeValidator(_year_to_text),
    AfterValidator(_check_date),
    Field(
        description="A day (2024-11-10), a month (2024-11), a year (2024), or a range (1994/2001, 2024-02-18/2024-02-19).",
        examples=["2024-11-10", "2024-05", "1994/2001"],
    ),
]
Refs = Annotated[
    list[Id],
    BeforeValidator(_one_or_many),
    Field(
        min_length=1,
        description="The article section(s) this claim comes from, by section id.",
        examples=[["russian-hospitality"]],
    ),
]
Plain = Annotated[str, Field(min_length=1, max_length=300, description="Plain text (no Markdown).")]
Markdown = Annotated[
    str,
    Field(min_length=1, max_length=20_000, description="Text in Markdown. HTML is shown as text, never run."),
]
HttpsUrl = Annotated[str, AfterValidator(_https_url), Field(description="An https:// address.", examples=["https://example.org/"])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Trend(str, Enum):
    warming = "warming"
    steady = "steady"
    cooling = "cooling"
    hostile = "hostile"


class Place(Strict):
    """A located point: a capital, a city, a venue."""

    name: Plain
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees, north positive.", examples=[34.53])
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees, east positive.", examples=[69.17])


class Claim(Strict):
    """One sourced statement."""

    text: Markdown
    ref: Refs


class Source(Strict):
    id: Id
    title: Plain
    publisher: Plain
    url: HttpsUrl
    date: DateText
    author: Optional[Plain] = None
    note: Optional[Markdown] = None


class LadderLevel(Strict):
    """One rung of the relation ladder, lowest first in the list."""

    id: Id
    label: Plain = Field(description="Short name shown in tables and legends.", examples=["Ambassadors exchanged"])
    colour: Colour
    meaning: Plain = Field(description="What a counterpart must have done to stand on this rung.")


class Focal(Strict):
    """The country the briefing is about."""

    id: Id = Field(description="Id other files use to name the focal country (events, people).", examples=["afghanistan"])
    name: Plain
    iso3: Iso3
    capital: Place


class TileLayer(Strict):
    url: HttpsUrl = Field(description="Tile URL template with {z}/{x}/{y}.")
    attribution: Plain


class MapSettings(Strict):
    tiles: Optional[TileLayer] = Field(None, description="Leave out for maps with no third-party requests.")


class PdfSettings(Strict):
    page_size: Literal["A4", "Letter"] = "A4"


class BriefingFile(Strict):
    """data/briefing.yaml: the briefing as a whole."""

    id: Id = Field(description="Used for file names such as the PDF's.")
    title: Plain
    subtitle: Optional[Plain] = None
    publisher: Optional[Plain] = Field(None, description="Who keeps this briefing (shown on the cover and in metadata).")
    focal: Focal
    as_of: DateText = Field(description="The date the briefing's facts are current to.")
    sources: list[Source] = Field(min_length=1)
    summary: Markdown = Field(description="Executive summary, in our own words.")
    key_judgements: list[Claim] = Field(min_length=1)
    ladder: list[LadderLevel] = Field(min_length=2, description="Relation levels, lowest first.")
    maps: MapSettings = MapSettings()
    pdf: PdfSettings = PdfSettings()


class Section(Strict):
    """data/sections/NN-<id>.yaml: one section of the source article, in article order."""

    id: Id
    title: Plain
    summary: Markdown
    key_points: list[Claim] = Field(min_length=1)
    countries: list[Id] = Field(default_factory=list, description="Counterpart ids this section concerns.")
    terms: list[Id] = Field(default_factory=list, description="Glossary term ids this section uses.")
    people: list[Id] = Field(default_factory=list)
    events: list[Id] = Field(default_factory=list, description="Timeline event ids this section reports.")


class Step(Strict):
    """A dated move up or down the ladder."""

    date: DateText
    level: Id = Field(description="The ladder level this step reached.")
    text: Markdown
    ref: Refs


class Country(Strict):
    """data/countries/<id>.yaml: a counterpart state or bloc."""

    id: Id
    name: Plain
    kind: Literal["state", "bloc"] = "state"
    iso3: Optional[Iso3] = Field(None, description="Required for a state.")
    members: list[Iso3] = Field(default_factory=list, description="Required for a bloc: its members' codes.")
    capital: Place = Field(description="The capital, or a bloc's seat.")
    neighbour: bool = Field(description="Shares a border with the focal country.")
    level: Id = Field(description="Current ladder level id.")
    trend: Trend
    headline: Plain = Field(description="One line: where this counterpart stands.")
    summary: Markdown
    steps: list[Step] = Field(default_factory=list)
    interests: list[Claim] = Field(default_factory=list)
    facts: list[Claim] = Field(min_length=1)


class Term(Strict):
    """data/glossary/<id>.yaml: a glossary term."""

    id: Id
    term: Plain
    aliases: list[Plain] = Field(default_factory=list, description="Other names that should link here.", examples=[["One Belt, One Road"]])
    short: Annotated[str, Field(min_length=1, max_length=240)] = Field(description="One-sentence definition for the tooltip (plain text).")
    explanation: Markdown
    related: list[Id] = Field(default_factory=list)
    ref: Refs


class Event(Strict):
    id: Id
    date: DateText
    text: Markdown
    countries: list[Id] = Field(default_factory=list)
    people: list[Id] = Field(default_factory=list)
    place: Optional[Place] = None
    ref: Refs


class TimelineFile(Strict):
    """data/timeline.yaml: dated events."""

    events: list[Event] = Field(min_length=1)


class Person(Strict):
    id: Id
    name: Plain
    aliases: list[Plain] = Field(default_factory=list, description="Other spellings used in sources.")
    role: Plain
    countries: list[Id] = Field(default_factory=list)
    ref: Refs


class PeopleFile(Strict):
    """data/people.yaml: the people the article names."""

    people: list[Person] = Field(default_factory=list)
