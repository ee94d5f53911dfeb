"""Relations through time: each counterpart's ladder level on any day, from its dated steps.

A counterpart's level on a day is its latest step dated on or before that day (a step down the ladder
is a move too; of two steps on the same date, the higher counts). A step counts from the last day its
date allows, the first day it is certain to have happened: '2022-03' from 31 March 2022, a range
'2021/2024-10' from 31 October 2024. Counterparts without dated steps keep their current level at
every date: the data says nothing about their past, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from .briefing import Briefing
from .dates import parse_date
from .diagnostics import Diagnostic
from .index import Index
from .model import Country, Step


def step_anchor(step: Step) -> str:
    """The step's anchor on its profile (feed entries link to it): date and level, URL-safe."""
    return "step-" + re.sub(r"[^0-9a-z-]+", "-", f"{step.date}-{step.level}".lower()).strip("-")


def ordered_steps(country: Country) -> list[Step]:
    return sorted(country.steps, key=lambda s: (effective_day(s), parse_date(s.date).sort_key(), s.level))


def effective_day(step: Step) -> dt.date:
    date = parse_date(step.date)
    return (date.end or date.start).last_day()


def level_on(country: Country, day: dt.date, index: Index) -> str | None:
    """The level the counterpart stood at on `day`; None when its first dated step is later."""
    if not country.steps:
        return country.level
    best: tuple | None = None
    for step in country.steps:
        start = effective_day(step)
        if start <= day:
            key = (start, index.rank[step.level])
            if best is None or key > best[0]:
                best = (key, step.level)
    return best[1] if best else None


def _as_of(briefing: Briefing) -> dt.date:
    date = parse_date(briefing.meta.as_of)
    return (date.end or date.start).last_day()


def months(briefing: Briefing) -> list[str]:
    """'YYYY-MM' from the month of the first dated step to the month of as_of (just as_of if no step)."""
    end = _as_of(briefing)
    starts = [effective_day(s) for c in briefing.countries.values() for s in c.steps]
    first = min([*starts, end])
    out, year, month = [], first.year, first.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_end(month: str, briefing: Briefing) -> dt.date:
    """The day a month on the slider stands for: its last day, or as_of in as_of's month."""
    return min(parse_date(month).start.last_day(), _as_of(briefing))


def board(briefing: Briefing, index: Index, month: str) -> dict[str, str | None]:
    day = month_end(month, briefing)
    return {c.id: level_on(c, day, index) for c in index.countries_ranked}


def history_data(briefing: Briefing, index: Index) -> dict:
    """What the relations page's date control needs, embedded in the page as JSON. Ids, colours and
    dates only: names and labels are read from the page itself, so no text from YAML sits in a
    <script> element."""
    return {
        "as_of": _as_of(briefing).isoformat(),
        "as_of_human": parse_date(briefing.meta.as_of).human(),
        "months": months(briefing),
        "levels": [{"id": l.id, "colour": l.colour} for l in briefing.meta.ladder],
        "countries": [
            {
                "id": c.id, "level": c.level, "dated": bool(c.steps),
                "codes": list(c.members) if c.kind == "bloc" else [c.iso3], "bloc": c.kind == "bloc",
                "steps": [[effective_day(s).isoformat(), s.level] for s in ordered_steps(c)],
            }
            for c in index.countries_ranked
        ],
    }


def history_json(briefing: Briefing, index: Index) -> str:
    """JSON safe inside <script type="application/json">: no '<' can close the element."""
    text = json.dumps(history_data(briefing, index), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def level_warnings(briefing: Briefing, index: Index) -> list[Diagnostic]:
    """A counterpart whose `level:` is not the level of its latest dated step."""
    problems = []
    for c in briefing.countries.values():
        latest = level_on(c, dt.date.max, index)
        if c.steps and latest != c.level:
            origin = briefing.origin("country", c.id)
            line, col = origin.at("level")
            problems.append(Diagnostic(
                origin.shown, line, col, "level",
                f"'{c.level}' is not the level of the latest dated step ('{latest}')",
                "update `level:`, or add the dated step that explains it", "warning",
            ))
    return problems
