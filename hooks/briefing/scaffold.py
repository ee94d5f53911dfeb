"""`briefing new`: start a country, term, event, person or section from a commented template.

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
from .model import ID_PATTERN
from .schema import modeline
from .validate import SECTION_FILE, load_briefing, shown_path
from .yamlload import YamlProblems, load_yaml

KINDS = ("country", "term", "event", "person", "section")
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
    return Context(focal, lowest, sections[0][1] if sections else None, [n for n, _ in sections])


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


def _guess_iso3(name: str) -> tuple[str | None, tuple[float, float] | None]:
    """ISO alpha-3 code and a point inside the country, from the boundary data, when the name matches one."""
    from .geo import load_world

    try:
        world = load_world()
    except OSError:  # the boundary data is optional for scaffolding
        return None, None
    wanted = name.casefold()
    for code in world.countries:
        if world.countries.name(code).casefold() == wanted:  # names need no geometry; only the match is built
            country = world.countries[code]
            west, south, east, north = country.bounds
            return code, (round((south + north) / 2, 2), round((west + east) / 2, 2))
    return None, None


def country_template(data: Path, ctx: Context, item_id: str, name: str, iso3: str | None) -> str:
    ref = _need_ref(ctx)
    code, centre = _guess_iso3(name)
    iso3 = iso3 or code
    if not iso3:
        raise ScaffoldError(f"no country named '{name}' in the boundary data: give its ISO 3166 alpha-3 code with --iso3 (e.g. --iso3 MNG)")
    if not re.fullmatch(r"[A-Z]{3}", iso3):
        raise ScaffoldError(f"'{iso3}' is not an ISO 3166 alpha-3 code: three capital letters, e.g. MNG")
    lat, lon = centre or (0.0, 0.0)
    target = data / "countries" / f"{item_id}.yaml"
    return f"""{_schema_line(data, "country", target)}
# A counterpart of the briefing. Replace every TODO, then run `briefing check`.
# Each field is described in data/schema/country.schema.json (your editor shows it on hover).
id: {item_id}            # must stay equal to the file name
name: {_q(name)}
kind: state              # or: bloc (then remove iso3 and list members: [DEU, FRA])
iso3: {iso3}
capital:                 # TODO: the capital's name and coordinates (lat: north positive, lon: east positive)
  name: TODO capital
  lat: {lat}
  lon: {lon}
neighbour: false         # true when it shares a border with the focal country
level: {ctx.lowest_level}    # a ladder level id from data/briefing.yaml (this is the lowest one)
trend: steady            # warming, steady, cooling or hostile
headline: TODO one line on where this counterpart stands.
summary: >-
  TODO: the relationship in a few sentences, in our own words.
steps: []                # dated moves on the ladder: - date: '2024-05' / level: ... / text: ... / ref: ...
interests: []            # what it wants: - text: ... / ref: ...
facts:
  - text: >-
      TODO: a key fact, in our own words.
    ref: {ref}    # the id of the article section this comes from
"""


def term_template(data: Path, ctx: Context, item_id: str, name: str) -> str:
    ref = _need_ref(ctx)
    target = data / "glossary" / f"{item_id}.yaml"
    return f"""{_schema_line(data, "term", target)}
# A glossary term. Mentions of the term (and its aliases) on every page link here and show `short` as a tooltip.
# Replace every TODO, then run `briefing check`.
id: {item_id}            # must stay equal to the file name
term: {_q(name)}
aliases: []              # other names that should link here, e.g. ["One Belt, One Road"]
short: TODO one-sentence definition for the tooltip (plain text).
explanation: >-
  TODO: the longer explanation shown in the glossary, in our own words.
related: []              # ids of other glossary terms
ref: {ref}    # the article section(s) this comes from: one id or a list [a, b]
"""


def section_template(data: Path, ctx: Context, item_id: str, name: str) -> tuple[Path, str]:
    number = (max(ctx.section_numbers) + 1) if ctx.section_numbers else 0
    target = data / "sections" / f"{number:02d}-{item_id}.yaml"
    return target, f"""{_schema_line(data, "section", target)}
# A section of the source article. The number in the file name sets its place in the article's order.
# Replace every TODO, then run `briefing check`.
id: {item_id}            # must stay equal to the file name after the number
title: {_q(name)}
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


def event_item(ctx: Context, item_id: str, date: str, indent: str) -> str:
    ref = _need_ref(ctx)
    i = indent
    return (
        f"{i}- id: {item_id}\n"
        f"{i}  date: '{date}'        # a day, a month, a year or a range: 2024-11-10, 2024-11, 2024, 1994/2001\n"
        f"{i}  text: >-\n"
        f"{i}    TODO: what happened, in our own words.\n"
        f"{i}  countries: [{ctx.focal_id}]    # country ids involved\n"
        f"{i}  # place: {{name: Kabul, lat: 34.53, lon: 69.17}}    # where it happened, for the maps\n"
        f"{i}  ref: {ref}    # the article section(s) this comes from\n"
    )


def person_item(ctx: Context, item_id: str, name: str, indent: str) -> str:
    ref = _need_ref(ctx)
    i = indent
    return (
        f"{i}- id: {item_id}\n"
        f"{i}  name: {_q(name)}\n"
        f"{i}  role: TODO their role, as of the briefing's date\n"
        f"{i}  countries: [{ctx.focal_id}]    # country ids they act for\n"
        f"{i}  ref: {ref}    # the article section(s) this comes from\n"
    )


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


def _problems(data: Path) -> set[str]:
    try:
        load_briefing(data)
    except BriefingError as exc:
        return {d.format() for d in exc.diagnostics}
    return set()


def _verify(data: Path, path: Path, old: str | None, before: set[str]) -> None:
    """Take the template back if `briefing check` would report a problem the briefing did not have before."""
    added = sorted(_problems(data) - before)
    if added:
        _restore(path, old)
        raise ScaffoldError("the template would not pass `briefing check`, so nothing was written:\n" + "\n".join(added))


def new(kind: str, data: Path | str, item_id: str, *, name: str | None = None, date: str | None = None,
        iso3: str | None = None) -> tuple[Path, str]:
    """Write the template; return the file written and what to do next."""
    data = Path(data)
    _check_id(item_id)
    ctx = read_context(data)
    name = name or _title(item_id)
    before = _problems(data)
    old: str | None = None
    if kind == "country":
        path = data / "countries" / f"{item_id}.yaml"
        if path.exists():
            raise ScaffoldError(f"{shown_path(path)} already exists: not overwriting it")
        _write_new(path, country_template(data, ctx, item_id, name, iso3))
    elif kind == "term":
        path = data / "glossary" / f"{item_id}.yaml"
        if path.exists():
            raise ScaffoldError(f"{shown_path(path)} already exists: not overwriting it")
        _write_new(path, term_template(data, ctx, item_id, name))
    elif kind == "section":
        existing = [p for p in (data / "sections").glob(f"*-{item_id}.yaml")] if (data / "sections").is_dir() else []
        if existing:
            raise ScaffoldError(f"{shown_path(existing[0])} already exists: not overwriting it")
        path, text = section_template(data, ctx, item_id, name)
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
        _append_item(data, "people.yaml", "people", "person", item_id, lambda ind: person_item(ctx, item_id, name, ind))
    else:
        raise ScaffoldError(f"unknown kind '{kind}': choose one of {', '.join(KINDS)}")
    _verify(data, path, old, before)
    shown = shown_path(path)
    where = "at the end of " + shown if kind in ("event", "person") else shown
    steps = [
        f"wrote a new {kind} '{item_id}' {where}",
        "next:",
        f"  1. open {shown} and replace every TODO (your editor shows each field's help from the schema)",
        f"  2. run: briefing check{'' if shown_path(data) == 'data' else ' --data ' + shown_path(data)}",
        "  3. preview: make serve, then open http://127.0.0.1:8000",
    ]
    if kind == "country":
        steps.insert(3, f"     and add '{item_id}' to the `countries:` of the sections that discuss it")
    elif kind == "term":
        steps.insert(3, f"     and add '{item_id}' to the `terms:` of the sections that use it")
    elif kind in ("event", "person"):
        steps.insert(3, f"     and add '{item_id}' to the `{'events' if kind == 'event' else 'people'}:` of the sections that mention it")
    return path, "\n".join(steps)
