"""The content model: what each YAML file of a briefing may say.

Field descriptions and examples feed the JSON Schema that editors' YAML language servers read, so they are
written for editors. A field that holds ids of other items says so with `RefersTo(...)`; those references are
checked across files in `references.py`, not here, because that needs the whole briefing.

Rules about one file as a whole (a state needs `iso3`, ids unique in a list) are validators here too. Each
raises its problems as errors of type `RULE` located at the field they concern (`rule`), so an editor is
pointed at that line like for any other model error; `reading.Collector` still checks such a file against
the other files (`WITHOUT_RULES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal, Optional
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .dates import HINT as DATE_HINT
from .dates import DateError, parse_date

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class a field's annotation holds (directly, in a list or an Optional), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = model_in(arg)
        if found:
            return found
    return None


# The error type of a rule about a file as a whole (messages.py shows its message and hint as they are).
RULE = "briefing_rule"
# Validation context that leaves those rules out: for a file whose fields are all valid but that broke a
# rule (already reported), so that it still takes part in the checks across files.
WITHOUT_RULES = {"rules": False}


def rule(loc: tuple, message: str, hint: str | None = None) -> InitErrorDetails:
    """One broken rule, at the field it concerns (loc relative to the model or field that checks it)."""
    # The text goes in as context, not as the template: pydantic would fill in any {name} in it.
    context = {"message": message, **({"hint": hint} if hint else {})}
    return InitErrorDetails(type=PydanticCustomError(RULE, "{message}", context), loc=loc, input=None)


def _rules_apply(info: ValidationInfo) -> bool:
    return (info.context or {}).get("rules", True)


def _raise_broken(title: str, errors: list[InitErrorDetails]) -> None:
    """Raise the broken rules together. A ValidationError raised inside a validator keeps each error's loc
    (pydantic puts the enclosing fields in front of it), so the editor is shown the exact field."""
    if errors:
        raise ValidationError.from_exception_data(title, errors)


def _unique_ids(what: str) -> AfterValidator:
    """A list of items whose ids must differ: each repeat is reported at its own `id`."""

    def check(items: list, info: ValidationInfo) -> list:
        if not _rules_apply(info):
            return items
        first: dict[str, int] = {}
        errors = []
        for i, item in enumerate(items):
            if item.id in first:
                errors.append(rule((i, "id"), f"duplicate {what} id '{item.id}'",
                                   f"already the id of {info.field_name}[{first[item.id]}]; ids in this list must differ"))
            first.setdefault(item.id, i)
        _raise_broken(what, errors)
        return items

    return AfterValidator(check)


@dataclass(frozen=True)
class RefersTo:
    """Field metadata: the field holds the id (or ids) of items of ``target``: level, section, source,
    country (a counterpart), place (a counterpart or the focal country), term, person or event.
    ``other_than_self``: never the item's own id."""

    target: str
    other_than_self: bool = False


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


def _one_or_many_schema(schema: dict) -> None:
    """Schema for a value the loader accepts as one id or a list of ids (`ref: a` or `ref: [a, b]`)."""
    item = dict(schema.get("items", {}))
    many = {key: schema.pop(key) for key in ("type", "items", "minItems") if key in schema}
    schema["anyOf"] = [item, many]


def _year_or_text_schema(schema: dict) -> None:
    """Schema for a date: a year may be written unquoted (`date: 2024`), the loader turns it into text."""
    schema["type"] = ["string", "integer"]


def _text_matching(pattern: str, description: str, examples: list[str], **limits: int) -> Any:
    """A text field of a fixed form: the pattern is checked and shown to editors with an example."""
    return Annotated[str, Field(pattern=pattern, description=description, examples=examples, **limits)]


Id = _text_matching(ID_PATTERN, "Lower-case id: letters, digits and hyphens, e.g. 'united-states'. Other files refer to it.",
                    ["china", "united-states"], max_length=64)
Iso3 = _text_matching(r"^[A-Z]{3}$", "ISO 3166-1 alpha-3 country code, in capitals.", ["CHN", "USA"])
Colour = _text_matching(r"^#[0-9a-fA-F]{6}$", "A colour as #rrggbb (quote it: '#1f77b4').", ["#1f77b4"])
DateText = Annotated[
    str,
    BeforeValidator(_year_to_text),
    AfterValidator(_check_date),
    Field(
        description="A day (2024-11-10), a month (2024-11), a year (2024), or a range (1994/2001, 2024-02-18/2024-02-19).",
        examples=["2024-11-10", "2024-05", "1994/2001"],
        json_schema_extra=_year_or_text_schema,
    ),
]
REF_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*#)?[a-z0-9]+(?:-[a-z0-9]+)*$"
Ref = _text_matching(REF_PATTERN, "A section of a source: 'source-id#section-id', or the bare section id while the briefing has one source.",
                     ["trade-and-aid", "un-report-2024#trade-and-aid"], max_length=129)


def split_ref(ref: str) -> tuple[str | None, str]:
    """'source#section' -> (source, section); a bare 'section' -> (None, section)."""
    source, _, section = ref.rpartition("#")
    return (source or None), section


Refs = Annotated[
    list[Ref],
    BeforeValidator(_one_or_many),
    Field(
        min_length=1,
        description="The source section(s) this comes from: one ref or a list of them. A ref is a section id (the `id:` in "
        "sections/*.yaml), written 'source-id#section-id' to name the source when the briefing has several.",
        examples=["trade-and-aid", ["background", "trade-and-aid"], "un-report-2024#trade-and-aid"],
        json_schema_extra=_one_or_many_schema,
    ),
    RefersTo("section"),
]
Plain = Annotated[str, Field(min_length=1, max_length=300, description="Plain text (no Markdown), at most 300 characters.")]
Markdown = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20_000,
        description="Text in Markdown. HTML is shown as text, never run. Use `>-` for text over several lines.",
    ),
]
HttpsUrl = Annotated[
    str, AfterValidator(_https_url), Field(description="An https:// address.", examples=["https://example.org/"])
]
IdList = Annotated[list[Id], Field(description="A list of ids.", examples=[["china", "united-states"]])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Trend(str, Enum):
    """How relations are moving: warming (getting closer), steady, cooling (drifting apart), hostile."""

    warming = "warming"
    steady = "steady"
    cooling = "cooling"
    hostile = "hostile"


class Likelihood(str, Enum):
    """How likely a judgement is, in the words of US Intelligence Community Directive 203 (ICD 203)."""

    almost_no_chance = "almost-no-chance"
    very_unlikely = "very-unlikely"
    unlikely = "unlikely"
    roughly_even_chance = "roughly-even-chance"
    likely = "likely"
    very_likely = "very-likely"
    almost_certain = "almost-certain"


class Confidence(str, Enum):
    """How much the analyst trusts the sources and reasoning behind a judgement (ICD 203)."""

    low = "low"
    moderate = "moderate"
    high = "high"


class Place(Strict):
    """A located point: a capital, a city, a venue."""

    name: Plain = Field(description="The place's name as the site shows it.", examples=["Geneva"])
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees, north positive.", examples=[46.2])
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees, east positive.", examples=[6.15])


# Examples in the JSON Schema an editor sees on hover: neutral, so they fit any briefing.
_PLACE_EXAMPLE = {"name": "Geneva", "lat": 46.2, "lon": 6.15}
_CLAIM_EXAMPLE = {"text": "The two governments sign a trade agreement.", "ref": "trade-and-aid"}


class Claim(Strict):
    """One sourced statement."""

    text: Markdown = Field(description="The statement, in our own words (Markdown).", examples=[_CLAIM_EXAMPLE["text"]])
    ref: Refs


class Judgement(Claim):
    """A key judgement: a sourced conclusion, optionally with its likelihood and confidence (ICD 203)."""

    likelihood: Optional[Likelihood] = Field(
        None,
        description="How likely the judgement is: almost-no-chance, very-unlikely, unlikely, roughly-even-chance, likely, very-likely or almost-certain.",
        examples=["likely"],
    )
    confidence: Optional[Confidence] = Field(
        None,
        description="Confidence in the sources and reasoning behind it: low, moderate or high.",
        examples=["moderate"],
    )


class Licence(Strict):
    """The terms under which readers may reuse the briefing's text and data."""

    name: Plain = Field(description="The licence's name.", examples=["CC BY 4.0"])
    url: Optional[HttpsUrl] = Field(None, description="Where to read the licence.", examples=["https://creativecommons.org/licenses/by/4.0/"])


class Source(Strict):
    """A published source the briefing follows."""

    id: Id = Field(description="Short id for this source.", examples=["un-report-2024"])
    title: Plain = Field(description="The source's title.", examples=["Regional trade and aid"])
    publisher: Plain = Field(description="Who published it.", examples=["United Nations"])
    url: HttpsUrl = Field(description="Where to read it (https:// only).", examples=["https://example.org/article"])
    date: DateText = Field(description="When it was published: a day, a month or a year.", examples=["2024-11"])
    author: Optional[Plain] = Field(None, description="The author, when named.", examples=["Jane Doe"])
    note: Optional[Markdown] = Field(None, description="Anything a reader should know about this source (Markdown).", examples=["English edition."])


class LadderLevel(Strict):
    """One rung of the relation ladder, lowest first in the list."""

    id: Id = Field(description="The level's id: countries' `level:` and steps' `level:` use it.", examples=["envoy-accepted"])
    label: Plain = Field(description="Short name shown in tables and legends.", examples=["Ambassadors exchanged"])
    colour: Colour = Field(description="The level's colour on maps and tables, as #rrggbb.", examples=["#1f77b4"])
    meaning: Plain = Field(
        description="What a counterpart must have done to stand on this rung.",
        examples=["Has accepted a diplomat appointed by the focal government."],
    )


class Focal(Strict):
    """The country the briefing is about."""

    id: Id = Field(description="Id other files use to name the focal country (events, people).", examples=["switzerland"])
    name: Plain = Field(description="The focal country's name.", examples=["Switzerland"])
    iso3: Iso3 = Field(description="The focal country's ISO 3166-1 alpha-3 code.", examples=["CHE"])
    capital: Place = Field(description="The focal country's capital (maps draw lines from it).", examples=[_PLACE_EXAMPLE])


class TileLayer(Strict):
    """A third-party map tile layer (makes maps request tiles from that server)."""

    url: HttpsUrl = Field(description="Tile URL template with {z}/{x}/{y}.", examples=["https://tile.openstreetmap.org/{z}/{x}/{y}.png"])
    attribution: Plain = Field(description="The credit line the tile provider requires.", examples=["© OpenStreetMap contributors"])


class MapSettings(Strict):
    """How maps are drawn."""

    tiles: Optional[TileLayer] = Field(
        None,
        description="Leave out for maps with no third-party requests.",
        examples=[{"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "© OpenStreetMap contributors"}],
    )


class PdfSettings(Strict):
    """How the PDF is printed."""

    page_size: Literal["A4", "Letter"] = Field("A4", description="Paper size of the PDF: A4 or Letter.", examples=["A4"])


class BriefingFile(Strict):
    """data/briefing.yaml: the briefing as a whole."""

    id: Id = Field(description="Used for file names such as the PDF's.", examples=["regional-relations"])
    title: Plain = Field(description="The briefing's title.", examples=["Switzerland and its partners"])
    subtitle: Optional[Plain] = Field(None, description="One line under the title.", examples=["Who deals with the government, and how far"])
    publisher: Optional[Plain] = Field(
        None, description="Who keeps this briefing (shown on the cover and in metadata).", examples=["Briefing desk"]
    )
    focal: Focal = Field(
        description="The country the briefing is about: its id, name, ISO code and capital.",
        examples=[{"id": "switzerland", "name": "Switzerland", "iso3": "CHE", "capital": {"name": "Bern", "lat": 46.95, "lon": 7.45}}],
    )
    as_of: DateText = Field(description="The date the briefing's facts are current to.", examples=["2024-11-26"])
    sources: Annotated[list[Source], _unique_ids("source")] = Field(
        min_length=1,
        description="The published sources the briefing follows, at least one.",
        examples=[[{"id": "un-report-2024", "title": "Regional trade and aid", "publisher": "United Nations", "url": "https://example.org/report", "date": "2024-11"}]],
    )
    summary: Markdown = Field(description="Executive summary, in our own words (Markdown).", examples=["Relations have warmed on trade while ..."])
    key_judgements: list[Judgement] = Field(
        min_length=1,
        description="The main conclusions, each with its `ref`, optionally with an ICD 203 `likelihood` and `confidence`.",
        examples=[[_CLAIM_EXAMPLE, {**_CLAIM_EXAMPLE, "likelihood": "likely", "confidence": "moderate"}]],
    )
    licence: Optional[Licence] = Field(
        None,
        description="Terms for reusing the briefing's text and open data files; leave out if none is granted.",
        examples=[{"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}],
    )
    ladder: Annotated[list[LadderLevel], _unique_ids("ladder level")] = Field(
        min_length=2,
        description="Relation levels, lowest first. Countries' `level:` must be one of these ids.",
        examples=[[
            {"id": "no-contact", "label": "No contact", "colour": "#9e9e9e", "meaning": "No official contact."},
            {"id": "envoy-accepted", "label": "Envoy accepted", "colour": "#1f77b4", "meaning": "Has accepted a diplomat appointed by the focal government."},
        ]],
    )
    maps: MapSettings = Field(MapSettings(), description="Map settings; leave out for the defaults (no tiles).", examples=[{}])
    pdf: PdfSettings = Field(PdfSettings(), description="PDF settings; leave out for the defaults (A4).", examples=[{"page_size": "A4"}])
    edit_url: Optional[HttpsUrl] = Field(
        None,
        description="Where a data file of this briefing is edited: the address of this folder in its repository's editor, "
        "ending in '/'; each page's edit button adds its file's path inside the folder. Leave out for a briefing in the "
        "site's own repository (the edit links then follow mkdocs.yml); pages of a briefing kept elsewhere get no edit "
        "button unless it is set.",
        examples=["https://github.com/example/briefings/edit/main/switzerland/"],
    )
    stale_after: int = Field(
        180,
        ge=1,
        le=3650,
        description="Days after `as_of` (or a profile's `reviewed`) when the site warns readers that it may be out of date, and `briefing check` warns editors about profiles to review.",
        examples=[180],
    )


class Section(Strict):
    """data/sections/NN-<id>.yaml: one section of a source, in the source's order."""

    id: Id = Field(description="The section's id; must match the file name after NN- (claims' `ref:` use it).", examples=["trade-and-aid"])
    title: Plain = Field(description="The section's title.", examples=["Trade and aid"])
    summary: Markdown = Field(description="What the section says, in our own words (Markdown).", examples=["Trade has grown since 2022 ..."])
    key_points: list[Claim] = Field(min_length=1, description="The section's main points, each with its `ref`.", examples=[[_CLAIM_EXAMPLE]])
    countries: Annotated[IdList, RefersTo("country")] = Field(default_factory=list, description="Counterpart ids this section concerns (file names in data/countries/).", examples=[["china", "united-states"]])
    terms: Annotated[IdList, RefersTo("term")] = Field(default_factory=list, description="Glossary term ids this section uses (file names in data/glossary/).", examples=[["free-trade-area"]])
    people: Annotated[IdList, RefersTo("person")] = Field(default_factory=list, description="Person ids this section names (ids in data/people.yaml).", examples=[["jane-doe"]])
    events: Annotated[IdList, RefersTo("event")] = Field(default_factory=list, description="Timeline event ids this section reports (ids in data/timeline.yaml).", examples=[["trade-agreement"]])
    source: Annotated[Optional[Id], RefersTo("source")] = Field(
        None,
        description="The id of the source (in briefing.yaml `sources:`) this is a section of. "
        "Leave out for the first source listed there (the only one, in a briefing with one source).",
        examples=["un-report-2024"],
    )


class Step(Strict):
    """A dated move up or down the ladder."""

    date: DateText = Field(description="When the step happened.", examples=["2022-03"])
    level: Annotated[Id, RefersTo("level")] = Field(
        description="The ladder level this step reached: one of the ladder ids in data/briefing.yaml.",
        examples=["envoy-accepted"],
    )
    text: Markdown = Field(description="What happened (Markdown).", examples=["The two governments exchange ambassadors."])
    ref: Refs


class Country(Strict):
    """data/countries/<id>.yaml: a counterpart state or bloc."""

    # `_state_or_bloc` below in JSON Schema, for the editors' schema of a country file (schema.py), so that
    # the editor underlines it while typing: kind state (the default) needs iso3, kind bloc needs members and
    # no iso3. (Not in the model's own schema: the published open data schema stays as it was.)
    editor_rules: ClassVar[dict[str, Any]] = {
        "if": {"properties": {"kind": {"const": "bloc"}}, "required": ["kind"]},
        "then": {"required": ["members"], "properties": {"members": {"minItems": 1}, "iso3": {"type": "null"}}},
        "else": {"required": ["iso3"], "properties": {"iso3": {"type": "string"}}},
    }

    id: Id = Field(description="The counterpart's id; must match the file name (china.yaml: china).", examples=["china"])
    name: Plain = Field(description="The name the site shows.", examples=["China"])
    kind: Literal["state", "bloc"] = Field("state", description="'state' (needs iso3) or 'bloc' (needs members).", examples=["state"])
    iso3: Optional[Iso3] = Field(None, description="Required for a state: its ISO 3166-1 alpha-3 code.", examples=["CHN"])
    members: list[Iso3] = Field(default_factory=list, description="Required for a bloc: its members' codes.", examples=[["DEU", "FRA"]])
    capital: Place = Field(description="The capital, or a bloc's seat.", examples=[{"name": "Beijing", "lat": 39.9, "lon": 116.4}])
    neighbour: bool = Field(description="Shares a border with the focal country: true or false.", examples=[True, False])
    level: Annotated[Id, RefersTo("level")] = Field(
        description="Current ladder level: one of the ladder ids in data/briefing.yaml (lowest first there).",
        examples=["envoy-accepted"],
    )
    trend: Trend = Field(description="How relations are moving: warming, steady, cooling or hostile.", examples=["warming"])
    headline: Plain = Field(description="One line: where this counterpart stands.", examples=["Trades freely, but keeps its distance politically."])
    summary: Markdown = Field(description="The relationship in a few paragraphs, in our own words (Markdown).", examples=["The two governments exchanged ambassadors in March 2022 ..."])
    steps: list[Step] = Field(
        default_factory=list,
        description="Dated moves on the ladder, oldest first.",
        examples=[[{"date": "2022-03", "level": "envoy-accepted", "text": "The two governments exchange ambassadors.", "ref": "trade-and-aid"}]],
    )
    interests: list[Claim] = Field(default_factory=list, description="What this counterpart wants, each with its `ref`.", examples=[[_CLAIM_EXAMPLE]])
    facts: list[Claim] = Field(min_length=1, description="Key facts, each with its `ref`; at least one.", examples=[[_CLAIM_EXAMPLE]])
    reviewed: Optional[DateText] = Field(
        None,
        description="When an editor last checked this profile against its sources (a day, e.g. 2024-11-26); shown on the page.",
        examples=["2024-11-26"],
    )

    @model_validator(mode="after")
    def _state_or_bloc(self, info: ValidationInfo) -> "Country":
        """A state has its own code, a bloc its members' codes (said to editors' schemas too: `editor_rules`)."""
        if not _rules_apply(info):
            return self
        errors = []
        if self.kind == "state" and not self.iso3:
            errors.append(rule(("kind",), "a state needs an 'iso3' code", "add iso3: XXX, or set kind: bloc with members"))
        if self.kind == "bloc" and not self.members:
            errors.append(rule(("kind",), "a bloc needs 'members'", "list its members' ISO alpha-3 codes"))
        if self.kind == "bloc" and self.iso3:
            errors.append(rule(("iso3",), "a bloc has members, not an iso3 code", "remove iso3; list the codes under members"))
        _raise_broken("Country", errors)
        return self


class Term(Strict):
    """data/glossary/<id>.yaml: a glossary term."""

    id: Id = Field(description="The term's id; must match the file name (customs-union.yaml: customs-union).", examples=["customs-union"])
    term: Plain = Field(description="The term as it appears in text; mentions of it link to the glossary.", examples=["Customs union"])
    aliases: list[Plain] = Field(default_factory=list, description="Other names that should link here.", examples=[["Customs Union"]])
    short: Annotated[str, Field(min_length=1, max_length=240)] = Field(
        description="One-sentence definition for the tooltip (plain text, at most 240 characters).",
        examples=["A group of states that charge one tariff on goods from outside the group."],
    )
    explanation: Markdown = Field(description="The longer explanation on the glossary page (Markdown).", examples=["Members trade without tariffs among themselves and ..."])
    related: Annotated[IdList, RefersTo("term", other_than_self=True)] = Field(default_factory=list, description="Ids of other glossary terms to link to.", examples=[["customs-union"]])
    link: Literal["first", "every-section"] = Field(
        "first",
        description=(
            "Which mentions link to the glossary: 'first' (the first mention on each page, the default) or "
            "'every-section' (the first mention in each ## section, for a term long pages keep coming back to)."
        ),
        examples=["first", "every-section"],
    )
    ref: Refs


class Event(Strict):
    """One dated event on the timeline."""

    id: Id = Field(description="The event's id, unique in timeline.yaml (sections' `events:` use it).", examples=["trade-agreement"])
    date: DateText = Field(description="When it happened: a day, a month, a year or a range.", examples=["2024-11-25", "1994/2001"])
    text: Markdown = Field(description="What happened (Markdown).", examples=["A trade delegation visits the capital."])
    countries: Annotated[IdList, RefersTo("place")] = Field(default_factory=list, description="Country ids involved: counterparts or the focal country.", examples=[["china", "switzerland"]])
    people: Annotated[IdList, RefersTo("person")] = Field(default_factory=list, description="Person ids involved (ids in data/people.yaml).", examples=[["jane-doe"]])
    place: Optional[Place] = Field(None, description="Where it happened, to mark it on maps.", examples=[_PLACE_EXAMPLE])
    ref: Refs


class TimelineFile(Strict):
    """data/timeline.yaml: dated events."""

    events: Annotated[list[Event], _unique_ids("event")] = Field(
        min_length=1,
        description="The events, in any order (the site sorts them by date).",
        examples=[[{"id": "trade-agreement", "date": "2022-03", "text": "The two governments sign a trade agreement.", "ref": "trade-and-aid"}]],
    )


class Person(Strict):
    """One person the sources name."""

    id: Id = Field(description="The person's id, unique in people.yaml.", examples=["jane-doe"])
    name: Plain = Field(description="The person's name as the site shows it.", examples=["Jane Doe"])
    aliases: list[Plain] = Field(default_factory=list, description="Other spellings used in sources.", examples=[["J. Doe"]])
    role: Plain = Field(description="Their role, as of the briefing's date.", examples=["Minister of Trade"])
    countries: Annotated[IdList, RefersTo("place")] = Field(default_factory=list, description="Country ids they act for: counterparts or the focal country.", examples=[["united-states"]])
    ref: Refs


class PeopleFile(Strict):
    """data/people.yaml: the people the sources name."""

    people: Annotated[list[Person], _unique_ids("person")] = Field(
        default_factory=list,
        description="The people, in any order.",
        examples=[[{"id": "jane-doe", "name": "Jane Doe", "role": "Minister of Trade", "countries": ["united-states"], "ref": "trade-and-aid"}]],
    )
