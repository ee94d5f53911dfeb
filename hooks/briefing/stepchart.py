"""A profile's step chart: its ladder level over time, as a small static SVG (site and PDF alike).

The time axis is shared by every profile (first dated step of the briefing to as_of), so charts can be
compared side by side. Text from YAML (level labels) is escaped for XML once.
"""

from __future__ import annotations

import datetime as dt

from . import history
from .briefing import Briefing
from .dates import parse_date
from .escape import xml_text
from .index import Index
from .model import Country
from .textfit import shorten

CHART_DIR = "charts"
WIDTH, ROW, LEFT, RIGHT, TOP, BOTTOM = 640, 18, 190, 16, 10, 26
YEAR_LABEL_ROOM = 34  # px: a four-digit year at 11 px and a gap
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;font-size:11px"


def _span(briefing: Briefing) -> tuple[dt.date, dt.date]:
    """The one time axis every chart shares (all counterparts' steps: computed once per build)."""
    months = history.months(briefing)
    first = months[0]
    end = history.month_end(months[-1], briefing)
    start = parse_date(first).start.first_day()
    if start >= end:
        start = end - dt.timedelta(days=365)
    return start, end


CAPTION = "{name}: level on the ladder over time"  # shown above the chart as page text (published.py)


def caption(country: Country) -> str:
    return CAPTION.format(name=country.name)


def describe(country: Country, index: Index) -> str:
    """The chart in words, for its alt text."""
    steps = history.ordered_steps(country)
    moves = "; ".join(f"{parse_date(s.date).human()}: {index.levels[s.level].label}" for s in steps)
    return f"Step chart of {country.name}'s level on the ladder over time. {moves}."


def chart_svg(briefing: Briefing, index: Index, country: Country, span: tuple[dt.date, dt.date]) -> str:
    ladder = briefing.meta.ladder
    start, end = span
    height = TOP + ROW * len(ladder) + BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    total = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return LEFT + plot_w * min(max((day - start).days, 0), total) / total

    def y(level_id: str) -> float:
        return TOP + ROW * (len(ladder) - 1 - index.rank[level_id]) + ROW / 2

    summary = xml_text(describe(country, index))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{summary}">',
        f"<title>{summary}</title>",
        f'<g style="{FONT}" fill="#555">',
    ]
    for level in ladder:  # one row per rung, highest on top
        ly = y(level.id)
        out.append(f'<line x1="{LEFT}" y1="{ly:.1f}" x2="{WIDTH - RIGHT}" y2="{ly:.1f}" stroke="#ddd" stroke-width="1"/>')
        out.append(f'<rect x="4" y="{ly - 5:.1f}" width="10" height="10" fill="{level.colour}"/>')
        out.append(f'<text x="20" y="{ly + 4:.1f}">{xml_text(shorten(level.label, 28, letter_by_letter=True))}</text>')
    # Year ticks, every year or every 2, 5, 10... years so that labels (about 26 px) never touch.
    per_year = plot_w * 365.25 / total
    every = next((n for n in (1, 2, 5, 10, 20, 50, 100) if n * per_year >= YEAR_LABEL_ROOM), 100)
    for year in range(start.year + 1, end.year + 1):
        if year % every:
            continue
        tx = x(dt.date(year, 1, 1))
        out.append(f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{height - BOTTOM + 4}" stroke="#bbb" stroke-dasharray="2 2"/>')
        out.append(f'<text x="{tx:.1f}" y="{height - 8}" text-anchor="middle">{year}</text>')
    steps = history.ordered_steps(country)
    points = [(x(history.effective_day(s)), y(s.level), s) for s in steps]
    if points:
        d = f"M{points[0][0]:.1f} {points[0][1]:.1f}" + "".join(f" H{px:.1f} V{py:.1f}" for px, py, _ in points[1:])
        out.append(f'<path d="{d} H{x(end):.1f}" fill="none" stroke="#37474f" stroke-width="2.5"/>')
    for px, py, s in points:
        colour = index.levels[s.level].colour
        label = f"{parse_date(s.date).human()}: {index.levels[s.level].label}"
        out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{colour}" stroke="#37474f" stroke-width="1.5"><title>{xml_text(label)}</title></circle>')
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def chart_files(briefing: Briefing, index: Index) -> dict[str, str]:
    span = _span(briefing)
    return {f"{CHART_DIR}/{c.id}.svg": chart_svg(briefing, index, c, span) for c in index.countries_ranked if c.steps}
