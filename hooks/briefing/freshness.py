"""How current a briefing is: its as-of date, the build date, and which profiles are due for review.

The build date comes from SOURCE_DATE_EPOCH (the reproducible-builds convention) and falls back to the
briefing's own `as_of`, never to the clock: the same input must give the same site, whenever it is built.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .briefing import Briefing
from .dates import parse_date
from .diagnostics import Diagnostic
from .model import Country


def _last_day(text: str) -> dt.date:
    """A stated date as the last day it covers: '2024-11' is current to 30 November 2024."""
    fuzzy = parse_date(text)
    return (fuzzy.end or fuzzy.start).last_day()


def build_date(as_of: str, environ: dict | None = None) -> dt.date:
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.lstrip("-").isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return _last_day(as_of)


@dataclass(frozen=True)
class Freshness:
    as_of: dt.date
    built: dt.date
    stale_after: int  # days

    @property
    def age_days(self) -> int:
        return (self.built - self.as_of).days

    @property
    def stale(self) -> bool:
        return self.age_days > self.stale_after

    def notice(self) -> str | None:
        """The reader's warning, plain text, when the facts are older than the briefing allows."""
        if not self.stale:
            return None
        months = self.age_days // 30
        age = f"{months} months" if months >= 2 else f"{self.age_days} days"
        return (
            f"This briefing is current to {parse_date(self.as_of.isoformat()).human()}, {age} before this copy "
            "was built: events since then are not covered."
        )


def freshness(briefing: Briefing, environ: dict | None = None) -> Freshness:
    meta = briefing.meta
    return Freshness(_last_day(meta.as_of), build_date(meta.as_of, environ), meta.stale_after)


def last_review(country: Country, as_of: str) -> dt.date:
    """A profile never reviewed on its own counts as reviewed when the whole briefing was (as_of)."""
    return _last_day(country.reviewed or as_of)


def review_warnings(briefing: Briefing, environ: dict | None = None) -> list[Diagnostic]:
    """Profiles whose last review is more than `stale_after` days before the build date."""
    meta = briefing.meta
    built = build_date(meta.as_of, environ)
    found = []
    for country in briefing.countries.values():
        reviewed = last_review(country, meta.as_of)
        days = (built - reviewed).days
        if days <= meta.stale_after:
            continue
        origin = briefing.origin("country", country.id)
        where = "reviewed" if country.reviewed else "id"
        line, col = origin.at(where)
        since = f"last reviewed {country.reviewed}" if country.reviewed else f"no `reviewed:` date, and as_of is {meta.as_of}"
        found.append(Diagnostic(
            origin.shown, line, col, where,
            f"profile not reviewed for {days} days ({since}; stale_after is {meta.stale_after})",
            f"check it against its sources and set reviewed: {built.isoformat()}", "warning",
        ))
    return found
