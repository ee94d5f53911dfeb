"""The Atom 1.0 feed (feed.xml): timeline events and ladder steps, newest first.

Entry ids are tag: URIs built from the briefing's id and the item's id, never from its position or
text, so a feed reader does not show an item again after a rebuild or an edit. Dates come from the
data (the first day of an item's date), so the feed is reproducible. Text is XML-escaped once: a
reader shows it exactly as typed.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from . import history, routes
from .briefing import Briefing
from .dates import parse_date
from .index import Index
from .escape import first_sentence, md_to_text as plain_text, xml_text

FEED_PATH = "feed.xml"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def tag_base(briefing: Briefing, site_url: str) -> str:
    """tag:<site host>,<year of the main source>:<briefing id> (RFC 4151)."""
    host = urlsplit(site_url).hostname or "localhost"
    year = parse_date(briefing.meta.sources[0].date).start.year
    return f"tag:{host},{year}:{briefing.meta.id}"


def entries(briefing: Briefing, index: Index, site_url: str) -> list[dict]:
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    tag = tag_base(briefing, site_url)
    items = []
    for e in briefing.events:
        date = parse_date(e.date)
        items.append({
            "id": f"{tag}/event/{e.id}",
            "title": f"{date.human()}: {first_sentence(e.text)}",
            "link": base + routes.url("timeline", anchor=routes.event_anchor(e.id)),
            "updated": _stamp(date.start.first_day()),
            "summary": plain_text(e.text),
            "key": (date.sort_key(), "event", e.id),
        })
    for c in index.countries_ranked:
        for step in c.steps:
            date = parse_date(step.date)
            anchor = history.step_anchor(step)
            items.append({
                "id": f"{tag}/step/{c.id}/{anchor}",
                "title": f"{c.name}: {index.levels[step.level].label} ({date.human()})",
                "link": f"{base}countries/{c.id}/#{anchor}",
                "updated": _stamp(date.start.first_day()),
                "summary": plain_text(step.text),
                "key": (date.sort_key(), "step", c.id + "/" + anchor),
            })
    return sorted(items, key=lambda item: item["key"], reverse=True)


def atom(briefing: Briefing, index: Index, site_url: str) -> str:
    meta = briefing.meta
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    as_of = parse_date(meta.as_of)
    items = entries(briefing, index, site_url)
    updated = max([_stamp((as_of.end or as_of.start).first_day())] + [i["updated"] for i in items])
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{xml_text(tag_base(briefing, site_url))}</id>",
        f"  <title>{xml_text(meta.title)}</title>",
    ]
    if meta.subtitle:
        lines.append(f"  <subtitle>{xml_text(meta.subtitle)}</subtitle>")
    lines += [
        f"  <updated>{updated}</updated>",
        f"  <author><name>{xml_text(meta.publisher or meta.title)}</name></author>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href=\"{xml_text(base + FEED_PATH)}\"/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href=\"{xml_text(base or './')}\"/>",
    ]
    for item in items:
        lines += [
            "  <entry>",
            f"    <id>{xml_text(item['id'])}</id>",
            f"    <title type=\"text\">{xml_text(item['title'])}</title>",
            f"    <link rel=\"alternate\" type=\"text/html\" href=\"{xml_text(item['link'])}\"/>",
            f"    <updated>{item['updated']}</updated>",
            f"    <summary type=\"text\">{xml_text(item['summary'])}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
