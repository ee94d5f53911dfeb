"""`briefing init` and `briefing new`: start a briefing, or a country, bloc, term, event, person or section,
from commented templates.

Every template passes `briefing check` as written: where a reference is required it uses ids the briefing
already has (the lowest ladder level, the first section). Country and term templates are new files; events and
people are appended to timeline.yaml and people.yaml, leaving the file's existing text and comments untouched.
Nothing is overwritten, and a template that would not pass the check is taken back before anything is reported.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .dates import HINT as DATE_HINT
from .dates import DateError, parse_date
from .diagnostics import BriefingError
from . import places
from .model import ID_PATTERN
from .schema import modeline
from .reading import SECTION_FILE, shown_path
from .validate import load_briefing
from .yamlload import YamlProblems, load_yaml

NEW_KINDS = ("country", "bloc", "term", "event", "person", "section")
SCHEMA_DIR_NAME = "schema"


class ScaffoldError(Exception):
    """A template could not be written; the message says why and what to do."""


@dataclass
class Context:
    """Ids of the briefing that templates refer to, read from the raw YAML so a half-finished briefing works."""

    focal_id: str
    lowest_level: str
    first_section: str | None
    section_numbers: list[int]
    data: Path
    focal_capital: dict | None = None
    ladder_file: str = "briefing.yaml"
    sources: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """The briefing folder as the editor named it, for messages and comments."""
        return shown_path(self.data)


def _raw(path: Path):
    try:
        data, _ = load_yaml(path, shown_path(path))
    except YamlProblems as exc:
        raise ScaffoldError(f"{shown_path(path)} cannot be read: fix it first\n" + "\n".join(d.format() for d in exc.diagnostics)) from None
    return data


def read_context(data: Path) -> Context:
    meta_path = data / "briefing.yaml"
    if not meta_path.is_file():
        raise ScaffoldError(f"{shown_path(meta_path)} not found: is {shown_path(data)} a briefing folder? (use --data)")
    meta = _raw(meta_path)
    try:
        focal = meta["focal"]["id"]
        lowest = meta["ladder"][0]["id"]
    except (KeyError, IndexError, TypeError):
        raise ScaffoldError(f"{shown_path(meta_path)} needs focal.id and a ladder first; run `briefing check`") from None
    sections = []
    for path in sorted((data / "sections").glob("*.yaml")) if (data / "sections").is_dir() else []:
        match = SECTION_FILE.match(path.name)
        if match:
            sections.append((int(match.group(1)), match.group(2)))
    sections.sort()
    capital = meta["focal"].get("capital") if isinstance(meta["focal"], dict) else None
    return Context(focal, lowest, sections[0][1] if sections else None, [n for n, _ in sections], data,
                   capital if isinstance(capital, dict) else None, shown_path(meta_path),
                   tuple(s["id"] for s in meta.get("sources") or [] if isinstance(s, dict) and isinstance(s.get("id"), str)))


def _q(text: str) -> str:
    """A YAML scalar for text: plain when that is safe, else double-quoted (JSON strings are valid YAML)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .,()'/-]*", text) and not re.search(r"\s$", text) and text.lower() not in (
        "yes", "no", "true", "false", "on", "off", "null", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _title(item_id: str) -> str:
    return " ".join(part.capitalize() for part in item_id.split("-"))


def _check_id(item_id: str) -> None:
    if not re.fullmatch(ID_PATTERN, item_id) or len(item_id) > 64:
        raise ScaffoldError(f"'{item_id}' is not a valid id (ids are lower-case letters, digits and hyphens, e.g. 'united-states')")


def _schema_line(data: Path, kind: str, target: Path) -> str:
    return modeline(kind, target, data / SCHEMA_DIR_NAME)


def _need_ref(ctx: Context) -> str:
    if not ctx.first_section:
        raise ScaffoldError("the briefing has no section yet: start with `briefing new section <id>`")
    return ctx.first_section


def _place_lines(name: str, lat: float, lon: float, comment: str) -> str:
    return f"""capital:                 # {comment}
  name: {_q(name)}
  lat: {lat}
  lon: {lon}"""


def _centre(iso3: str) -> tuple[float, float]:
    from .geo import load_world

    west, south, east, north = load_world().countries[iso3].bounds
    return round((south + north) / 2, 2), round((west + east) / 2, 2)


def _capital_lines(iso3: str) -> str:
    info = places.by_code(iso3)
    if info and info.capital:
        return _place_lines(info.capital.name, info.capital.lat, info.capital.lon,
                            "from Natural Earth (lat: north positive, lon: east positive)")
    lat, lon = _centre(iso3)
    return _place_lines("TODO capital", lat, lon, "TODO: the capital's name and coordinates (here: the country's middle)")


def _known_code(iso3: str) -> str:
    from .geo import load_world

    if not re.fullmatch(r"[A-Z]{3}", iso3):
        raise ScaffoldError(f"'{iso3}' is not an ISO 3166 alpha-3 code: three capital letters, e.g. MNG")
    if iso3 not in load_world().countries:
        raise ScaffoldError(f"'{iso3}' is not a country code in the boundary data (ISO 3166 alpha-3, e.g. MNG)")
    return iso3


def resolve_country(item_id: str, name: str | None, iso3: str | None) -> tuple[str, str]:
    """(name, iso3) from whatever the editor gave: a code, a name, or only the id ('united-states')."""
    if iso3:
        iso3 = _known_code(iso3)
        return name or places.common_name(iso3) or _title(item_id), iso3
    for candidate in (name, _title(item_id)):
        info = places.by_name(candidate) if candidate else None
        if info:
            return name or places.common_name(info.iso3) or info.name, info.iso3
    raise ScaffoldError(f"no country named '{name or _title(item_id)}' in the boundary data: give its ISO 3166 alpha-3 "
                        "code with --iso3 (e.g. --iso3 MNG)")


def _ref_comment(ctx: Context) -> str:
    return f"the id of the source section this comes from (sections/ in {ctx.where})"


def country_template(data: Path, ctx: Context, item_id: str, name: str | None, iso3: str | None) -> str:
    ref = _need_ref(ctx)
    name, iso3 = resolve_country(item_id, name, iso3)
    target = data / "countries" / f"{item_id}.yaml"
    return _counterpart(data, ctx, target, item_id, name, f"kind: state\niso3: {iso3}", _capital_lines(iso3), ref)


def bloc_template(data: Path, ctx: Context, item_id: str, name: str | None, members: list[str]) -> str:
    ref = _need_ref(ctx)
    if not members:
        raise ScaffoldError("a bloc needs its members: --members DEU,FRA,ITA (ISO 3166 alpha-3 codes)")
    members = [_known_code(code.strip().upper()) for code in members if code.strip()]
    seat = _capital_lines(members[0]).replace("# from Natural Earth", f"# the bloc's seat; here {members[0]}'s capital, from Natural Earth")
    target = data / "countries" / f"{item_id}.yaml"
    kind = f"kind: bloc\nmembers: [{', '.join(members)}]"
    return _counterpart(data, ctx, target, item_id, name or _title(item_id), kind, seat, ref)


def _counterpart(data: Path, ctx: Context, target: Path, item_id: str, name: str, kind: str, capital: str, ref: str) -> str:
    schema = shown_path(data / SCHEMA_DIR_NAME / "country.schema.json")
    return f"""{_schema_line(data, "country", target)}
# A counterpart of the briefing. Replace every TODO, then run `briefing check{_data_arg(ctx)}`.
# Each field is described in {schema} (your editor shows it on hover).
id: {item_id}            # must stay equal to the file name
name: {_q(name)}
{kind}
{capital}
neighbour: false         # true when it shares a border with the focal country
level: {ctx.lowest_level}    # a ladder level id from {ctx.ladder_file} (this is the lowest one)
trend: steady            # warming, steady, cooling or hostile
headline: TODO one line on where this counterpart stands.
summary: >-
  TODO: the relationship in a few sentences, in our own words.
steps: []                # dated moves on the ladder: - date: '2024-05' / level: ... / text: ... / ref: ...
interests: []            # what it wants: - text: ... / ref: ...
facts:
  - text: >-
      TODO: a key fact, in our own words.
    ref: {ref}    # {_ref_comment(ctx)}
"""


def _data_arg(ctx: Context) -> str:
    return "" if ctx.where == "data" else f" --data {ctx.where}"


def term_template(data: Path, ctx: Context, item_id: str, name: str) -> str:
    ref = _need_ref(ctx)
    target = data / "glossary" / f"{item_id}.yaml"
    return f"""{_schema_line(data, "term", target)}
# A glossary term. Mentions of the term (and its aliases) on every page link here and show `short` as a tooltip.
# Replace every TODO, then run `briefing check{_data_arg(ctx)}`.
id: {item_id}            # must stay equal to the file name
term: {_q(name)}
aliases: []              # other names that should link here, e.g. ["Customs Union", "CU"]
short: TODO one-sentence definition for the tooltip (plain text).
explanation: >-
  TODO: the longer explanation shown in the glossary, in our own words.
related: []              # ids of other glossary terms
ref: {ref}    # the source section(s) this comes from: one id or a list [a, b]
"""


def section_template(data: Path, ctx: Context, item_id: str, name: str) -> tuple[Path, str]:
    number = (max(ctx.section_numbers) + 1) if ctx.section_numbers else 1
    target = data / "sections" / f"{number:02d}-{item_id}.yaml"
    return target, f"""{_schema_line(data, "section", target)}
# A section of a source. The number in the file name sets its place in the briefing's order (§1, §2, ...).
# Replace every TODO, then run `briefing check{_data_arg(ctx)}`.
id: {item_id}            # must stay equal to the file name after the number
{_source_line(ctx)}title: {_q(name)}
summary: >-
  TODO: what the section says, in our own words.
key_points:
  - text: >-
      TODO: a main point.
    ref: {item_id}
countries: []            # counterpart ids this section concerns
terms: []                # glossary term ids it uses
people: []               # person ids it names
events: []               # timeline event ids it reports
"""


def _list_item(indent: str, item_id: str, lines: list[str]) -> str:
    """An item of a YAML list (timeline.yaml, people.yaml) at the file's indentation."""
    return f"{indent}- id: {item_id}\n" + "".join(f"{indent}  {line}\n" for line in lines)


def event_item(ctx: Context, item_id: str, date: str, indent: str) -> str:
    return _list_item(indent, item_id, [
        f"date: '{date}'        # a day, a month, a year or a range: 2024-11-10, 2024-11, 2024, 1994/2001",
        "text: >-",
        "  TODO: what happened, in our own words.",
        f"countries: [{ctx.focal_id}]    # country ids involved",
        f"# place: {_place_example(ctx)}    # where it happened, for the maps",
        f"ref: {_need_ref(ctx)}    # the source section(s) this comes from",
    ])


def person_item(ctx: Context, item_id: str, name: str, indent: str) -> str:
    return _list_item(indent, item_id, [
        f"name: {_q(name)}",
        "role: TODO their role, as of the briefing's date",
        f"countries: [{ctx.focal_id}]    # country ids they act for",
        f"ref: {_need_ref(ctx)}    # the source section(s) this comes from",
    ])


def _source_line(ctx: Context) -> str:
    """With several sources, say which one the section summarises (the first, until the editor changes it)."""
    if len(ctx.sources) < 2:
        return ""
    return f"source: {ctx.sources[0]}    # which source this is a section of: {', '.join(ctx.sources)}\n"


def _place_example(ctx: Context) -> str:
    """A place line an editor can adapt: the focal country's capital, as this briefing gives it."""
    cap = ctx.focal_capital or {}
    if all(k in cap for k in ("name", "lat", "lon")):
        return "{" + f"name: {_q(str(cap['name']))}, lat: {cap['lat']}, lon: {cap['lon']}" + "}"
    return "{name: ..., lat: ..., lon: ...}"


def _write_new(path: Path, text: str) -> None:
    if path.exists():
        raise ScaffoldError(f"{shown_path(path)} already exists: not overwriting it (edit it, or choose another id)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)


def _append_item(data: Path, file_name: str, key: str, kind: str, item_id: str, make_item) -> Path:
    """Append one list item under `key:` at the end of a list file, keeping everything already there."""
    path = data / file_name
    if path.exists():
        old = path.read_text(encoding="utf-8")
        raw = _raw(path)
        items = raw.get(key) if isinstance(raw, dict) else None
        if isinstance(items, list) and any(isinstance(x, dict) and x.get("id") == item_id for x in items):
            raise ScaffoldError(f"{shown_path(path)} already has a {kind} with id '{item_id}': not overwriting it")
        keys = list(raw) if isinstance(raw, dict) else []
        if keys and keys[-1] != key:
            raise ScaffoldError(f"{shown_path(path)}: '{key}:' is not the last entry of the file; add the {kind} by hand")
        indents = re.findall(r"^([ \t]*)- id:", old, re.M)
        indent = indents[-1] if indents else "  "
        text = old
        if re.search(rf"^{key}:[ \t]*\[\][ \t]*(#.*)?$", text, re.M):
            text = re.sub(rf"^{key}:[ \t]*\[\][ \t]*(#.*)?$", f"{key}:", text, count=1, flags=re.M)
        if text and not text.endswith("\n"):
            text += "\n"
        text += make_item(indent)
    else:
        old = None
        text = f"{_schema_line(data, key if key == 'people' else 'timeline', path)}\n{key}:\n" + make_item("  ")
    path.write_text(text, encoding="utf-8")
    # the item must have landed at the end of the list, or the file is put back as it was
    raw = _raw(path) if old is None else _safe_raw(path)
    items = raw.get(key) if isinstance(raw, dict) else None
    if not (isinstance(items, list) and items and isinstance(items[-1], dict) and items[-1].get("id") == item_id):
        _restore(path, old)
        raise ScaffoldError(f"could not append to {shown_path(path)} safely; add the {kind} by hand")
    return path


def _safe_raw(path: Path):
    try:
        return load_yaml(path, shown_path(path))[0]
    except YamlProblems:
        return None


def _restore(path: Path, old: str | None) -> None:
    if old is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(old, encoding="utf-8")


def _problems(data: Path) -> dict[tuple, str]:
    """Problems by where and what, leaving out hints: a hint listing the allowed ids changes when an id is
    added, which is not a new problem."""
    try:
        load_briefing(data)
    except BriefingError as exc:
        return {(d.path, d.line, d.col, d.field, d.message, d.severity): d.format() for d in exc.diagnostics}
    return {}


def _verify(data: Path, path: Path, old: str | None, before: dict[tuple, str]) -> None:
    """Take the template back if `briefing check` would report a problem the briefing did not have before."""
    now = _problems(data)
    added = sorted(text for key, text in now.items() if key not in before)
    if added:
        _restore(path, old)
        raise ScaffoldError("the template would not pass `briefing check`, so nothing was written:\n" + "\n".join(added))


def new(kind: str, data: Path | str, item_id: str, *, name: str | None = None, date: str | None = None,
        iso3: str | None = None, members: list[str] | None = None) -> tuple[Path, str]:
    """Write the template; return the file written and what to do next."""
    data = Path(data)
    _check_id(item_id)
    ctx = read_context(data)
    before = _problems(data)
    old: str | None = None
    if kind in ("country", "bloc"):
        path = data / "countries" / f"{item_id}.yaml"
        if path.exists():
            raise ScaffoldError(f"{shown_path(path)} already exists: not overwriting it")
        if kind == "country":
            _write_new(path, country_template(data, ctx, item_id, name, iso3))
        else:
            _write_new(path, bloc_template(data, ctx, item_id, name, members or []))
    elif kind == "term":
        path = data / "glossary" / f"{item_id}.yaml"
        if path.exists():
            raise ScaffoldError(f"{shown_path(path)} already exists: not overwriting it")
        _write_new(path, term_template(data, ctx, item_id, name or _title(item_id)))
    elif kind == "section":
        existing = [p for p in (data / "sections").glob(f"*-{item_id}.yaml")] if (data / "sections").is_dir() else []
        if existing:
            raise ScaffoldError(f"{shown_path(existing[0])} already exists: not overwriting it")
        path, text = section_template(data, ctx, item_id, name or _title(item_id))
        _write_new(path, text)
    elif kind == "event":
        date = date or datetime.date.today().isoformat()
        try:
            parse_date(date)
        except DateError as exc:
            raise ScaffoldError(f"--date {date}: {exc}; {DATE_HINT}") from None
        path = data / "timeline.yaml"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        _append_item(data, "timeline.yaml", "events", "event", item_id, lambda ind: event_item(ctx, item_id, date, ind))
    elif kind == "person":
        path = data / "people.yaml"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        _append_item(data, "people.yaml", "people", "person", item_id, lambda ind: person_item(ctx, item_id, name or _title(item_id), ind))
    else:
        raise ScaffoldError(f"unknown kind '{kind}': choose one of {', '.join(NEW_KINDS)}")
    _verify(data, path, old, before)
    shown = shown_path(path)
    where = "at the end of " + shown if kind in ("event", "person") else shown
    steps = [
        f"wrote a new {kind} '{item_id}' {where}",
        "next:",
        f"  1. open {shown} and replace every TODO (your editor shows each field's help from the schema)",
        f"  2. run: briefing check{_data_arg(ctx)}",
        f"  3. preview: {preview_command(ctx.where)}, then open http://127.0.0.1:8000",
    ]
    if kind in ("country", "bloc"):
        steps.insert(3, f"     and add '{item_id}' to the `countries:` of the sections that discuss it")
    elif kind == "term":
        steps.insert(3, f"     and add '{item_id}' to the `terms:` of the sections that use it")
    elif kind in ("event", "person"):
        steps.insert(3, f"     and add '{item_id}' to the `{'events' if kind == 'event' else 'people'}:` of the sections that mention it")
    return path, "\n".join(steps)


def preview_command(where: str) -> str:
    """How to preview this briefing: `make serve` serves data/; another folder is named to MkDocs."""
    return "make serve" if where == "data" else f"BRIEFING_DATA={where} mkdocs serve"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "briefing"


def init(folder: Path | str, *, focal: str | None = None, title: str | None = None) -> tuple[Path, str]:
    """A new briefing folder that passes `briefing check` and builds strictly as it is: briefing.yaml,
    one section, a timeline, an empty people list and the JSON Schemas. Its starter text says what to
    write; it holds no TODO, which a strict build refuses, so that the first build works."""
    from .schema import write_schemas

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldError(f"{shown_path(folder)} already exists and is not empty: not writing into it")
    iso3 = _known_code((focal or "").strip().upper()) if focal else None
    if iso3 is None:
        raise ScaffoldError("say which country the briefing is about: --focal ISO3 (e.g. --focal MLI)")
    info = places.by_code(iso3)
    name = places.common_name(iso3) or iso3
    focal_id = _slug(name)
    title = title or f"{name}: who deals with it, and how far"
    if info and info.capital:
        capital = {"name": info.capital.name, "lat": info.capital.lat, "lon": info.capital.lon}
    else:
        lat, lon = _centre(iso3)
        capital = {"name": name, "lat": lat, "lon": lon}
    today = datetime.date.today().isoformat()
    briefing_id = _slug(folder.resolve().name)
    files = {
        "briefing.yaml": f"""{modeline("briefing", folder / "briefing.yaml", folder / SCHEMA_DIR_NAME)}
# The briefing as a whole. Started by `briefing init`: rewrite the text, add sources and sections, then run
# `briefing check --data {shown_path(folder)}`. Each field is described in schema/briefing.schema.json.
id: {briefing_id}
title: {_q(title)}
focal:                   # the country the briefing is about
  id: {focal_id}
  name: {_q(name)}
  iso3: {iso3}
  capital: {{name: {_q(capital['name'])}, lat: {capital['lat']}, lon: {capital['lon']}}}
as_of: '{today}'          # the date the facts are current to
sources:                 # the published sources the briefing follows; sections/ summarise them
  - id: source-1
    title: The first source of this briefing
    publisher: Its publisher
    url: https://example.org/
    date: '{today[:4]}'
summary: >-
  The executive summary of this briefing goes here, in our own words. It was started with
  briefing init and has no content yet.
key_judgements:
  - text: >-
      Each key judgement is one conclusion, with the source section it rests on.
    ref: overview
ladder:                  # relation levels, lowest first; counterparts stand on one of them
  - id: no-contact
    label: No contact
    colour: '#9e9e9e'
    meaning: No official contact with the government.
  - id: working-contacts
    label: Working contacts
    colour: '#64b5f6'
    meaning: Officials meet and talk regularly.
  - id: full-relations
    label: Full relations
    colour: '#1565c0'
    meaning: Ambassadors are exchanged.
""",
        "sections/01-overview.yaml": f"""{modeline("section", folder / "sections" / "01-overview.yaml", folder / SCHEMA_DIR_NAME)}
# A section of a source: one file per section, numbered in order. Claims anywhere cite it as `ref: overview`.
id: overview
title: Overview
source: source-1
summary: >-
  What this section of the source says, in our own words.
key_points:
  - text: >-
      A main point of the section.
    ref: overview
countries: []            # counterpart ids this section concerns (briefing new country ID)
terms: []
people: []
events: [briefing-started]
""",
        "timeline.yaml": f"""{modeline("timeline", folder / "timeline.yaml", folder / SCHEMA_DIR_NAME)}
# Dated events (briefing new event ID --date 2024-11-10). Replace this first one.
events:
  - id: briefing-started
    date: '{today}'
    text: >-
      This briefing was started.
    countries: [{focal_id}]
    place: {{name: {_q(capital['name'])}, lat: {capital['lat']}, lon: {capital['lon']}}}
    ref: overview
""",
        "people.yaml": f"""{modeline("people", folder / "people.yaml", folder / SCHEMA_DIR_NAME)}
# The people the sources name (briefing new person ID --name 'Full Name').
people: []
""",
    }
    for rel, text in files.items():
        _write_new(folder / rel, text)
    (folder / "countries").mkdir(exist_ok=True)
    (folder / "glossary").mkdir(exist_ok=True)
    write_schemas(folder / SCHEMA_DIR_NAME)
    problems = _problems(folder)
    if problems:
        raise ScaffoldError("the new briefing would not pass `briefing check`:\n" + "\n".join(problems.values()))
    where = shown_path(folder)
    steps = [
        f"started a briefing about {name} in {where}",
        "next:",
        f"  1. rewrite {where}/briefing.yaml (title, sources, summary, ladder) and {where}/sections/01-overview.yaml",
        f"  2. add counterparts: briefing new country ID --data {where} (or: briefing new bloc ID --members AAA,BBB)",
        f"  3. run: briefing check --data {where}",
        f"  4. preview: {preview_command(where)}, then open http://127.0.0.1:8000",
    ]
    return folder, "\n".join(steps)
