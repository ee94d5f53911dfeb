"""The Atom feed (feed.xml): parsed by feedparser as a feed reader would, checked for the elements
RFC 4287 requires, entries newest first linking to anchors that exist, ids that survive edits."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest

from briefing import feed, history
from briefing.dates import parse_date
from briefing.index import build_index
from briefing.escape import md_to_text as plain_text
from briefing.validate import load_briefing
from conftest import SITE_URL

pytestmark = pytest.mark.slow
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def model(briefing):
    b = load_briefing(briefing.data)
    return b, build_index(b)


@pytest.fixture(scope="module")
def parsed(briefing):
    return feedparser.parse((briefing.site / "feed.xml").read_bytes())


def _site_path(url: str) -> tuple[str, str]:
    """An absolute entry link as (file in the built site, anchor)."""
    assert url.startswith(SITE_URL), url
    parts = urlsplit(url[len(SITE_URL):])
    path = parts.path + ("index.html" if parts.path.endswith("/") or not parts.path else "")
    return path, parts.fragment


def test_feedparser_reads_a_well_formed_atom_feed(parsed, model):
    b, _ = model
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == b.meta.title  # exactly as typed, escaped once
    assert parsed.feed.id.startswith("tag:") and b.meta.id in parsed.feed.id


def test_required_atom_elements(briefing):
    root = ET.parse(briefing.site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("feed.xml")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text)


def test_entries_are_every_event_and_step_newest_first_with_dates_from_the_data(parsed, model):
    b, _ = model
    expected = {f"event/{e.id}": e for e in b.events}
    expected.update({f"step/{c.id}/{history.step_anchor(s)}": s for c in b.countries.values() for s in c.steps})
    got = {entry.id.split(":", 2)[2].split("/", 1)[1]: entry for entry in parsed.entries}
    assert got.keys() == expected.keys()
    for key, entry in got.items():
        item = expected[key]
        day = parse_date(item.date).start.first_day()
        assert entry.updated.startswith(day.isoformat()), (key, entry.updated)
        assert entry.summary == plain_text(item.text)  # text as typed: no entity left showing
        assert "&#" not in entry.title and "&amp;" not in entry.title
    stamps = [entry.updated for entry in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_each_entry_links_to_an_anchor_that_exists(parsed, briefing):
    for entry in parsed.entries:
        path, anchor = _site_path(entry.link)
        page = (briefing.site / path).read_text(encoding="utf-8")
        assert anchor and f'id="{anchor}"' in page, entry.link


def test_ids_are_stable_when_the_briefing_changes(model):
    """Editing a text or adding an item leaves every other entry's id unchanged."""
    b, ix = model
    before = {e["id"] for e in feed.entries(b, ix, SITE_URL)}
    first = b.events[0]
    edited = dataclasses.replace(
        b, events=[first.model_copy(update={"text": "Edited text & more"}), *b.events[1:],
                   first.model_copy(update={"id": "a-new-event", "date": b.meta.as_of})])
    after = {e["id"] for e in feed.entries(edited, build_index(edited), SITE_URL)}
    assert after - before == {f"{feed.tag_base(b, SITE_URL)}/event/a-new-event"}
    assert before <= after
    assert len(before) == len(feed.entries(b, ix, SITE_URL))  # unique


def test_every_page_advertises_the_feed(briefing):
    pages = sorted(briefing.site.rglob("*.html"))
    pages = [p for p in pages if "maps" not in p.relative_to(briefing.site).parts]
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        match = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', text)
        assert match, f"{page} does not advertise the feed"
        href = match.group(1)
        if page.name == "404.html":  # served for any missing URL: absolute from site_url's path
            assert href == urlsplit(SITE_URL).path + "feed.xml"
            continue
        target = posixpath.normpath(posixpath.join(page.parent.relative_to(briefing.site).as_posix(), href))
        assert (briefing.site / target) == briefing.site / "feed.xml", (page, href)
