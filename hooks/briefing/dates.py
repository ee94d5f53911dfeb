"""Dates as a briefing states them: a day, a month, a year, or a range of those (ISO 8601 interval, 'A/B')."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [calendar.month_name[i] for i in range(13)]


@dataclass(frozen=True, order=True)
class Point:
    year: int
    month: int = 0  # 0: not given
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        if self.day:
            return f"{self.day} {_MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{_MONTHS[self.month]} {self.year}"
        return str(self.year)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)


@dataclass(frozen=True, order=True)
class FuzzyDate:
    start: Point
    end: Point | None = None

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    def human(self) -> str:
        if self.end is None:
            return self.start.human()
        a, b = self.start, self.end
        if a.precision == b.precision == "day" and (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {_MONTHS[a.month]} {a.year}"
        if a.precision == b.precision == "month" and a.year == b.year:
            return f"{_MONTHS[a.month]}–{_MONTHS[b.month]} {a.year}"
        return f"{a.human()} – {b.human()}" if a.precision != "year" else f"{a.human()}–{b.human()}"

    def sort_key(self) -> tuple:
        return (self.start.first_day(), (self.end or self.start).last_day())

    @property
    def year(self) -> int:
        return self.start.year


class DateError(ValueError):
    pass


def _point(text: str) -> Point:
    match = _PART.match(text)
    if not match:
        raise DateError(f"'{text}' is not a date")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1:
        raise DateError("year 0000 does not exist")
    if match.group(2) and not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist")
    if match.group(3):
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"{_MONTHS[month]} {year} has no day {day}")
    return Point(year, month, day)


HINT = "write 2024-11-10, 2024-11, 2024, or a range such as 1994/2001 or 2024-02-18/2024-02-19"


def parse_date(value: object) -> FuzzyDate:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateError("a date must be text such as 2024-11-10")
    return _parse_text(value)


@functools.lru_cache(maxsize=65536)  # pages, feed, maps and charts parse the same dates again and again
def _parse_text(value: str) -> FuzzyDate:
    text = value.strip()
    if "/" in text:
        left, _, right = text.partition("/")
        start, end = _point(left.strip()), _point(right.strip())
        if end.first_day() < start.first_day():
            raise DateError(f"range ends ({end.iso()}) before it starts ({start.iso()})")
        return FuzzyDate(start, end)
    return FuzzyDate(_point(text))
