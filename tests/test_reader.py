"""The reader's briefing without a browser: freshness, the status board's data, link previews, print
rules, and what the built pages of both fixture briefings carry (expected values from the model)."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from briefing import board, freshness, social
from briefing.dates import parse_date
from briefing.index import build_index
from briefing.lint import content_warnings
from briefing.validate import load_briefing
from conftest import BRIEFINGS, SITE_URL, build_site, run_cli


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp()))


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if not p.relative_to(site).parts[0] in ("maps", "assets", "search"))


# -- freshness ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_build_date_comes_from_source_date_epoch_or_as_of_never_the_clock(name):
    b = load_briefing(BRIEFINGS[name])
    as_of = parse_date(b.meta.as_of).start.last_day()
    assert freshness.build_date(b.meta.as_of, {}) == as_of
    later = as_of + dt.timedelta(days=400)
    assert freshness.build_date(b.meta.as_of, {"SOURCE_DATE_EPOCH": _epoch(later)}) == later
    fresh = freshness.freshness(b, {})
    assert fresh.age_days == 0 and not fresh.stale and fresh.notice() is None
    edge = freshness.freshness(b, {"SOURCE_DATE_EPOCH": _epoch(as_of + dt.timedelta(days=b.meta.stale_after))})
    assert not edge.stale
    old = freshness.freshness(b, {"SOURCE_DATE_EPOCH": _epoch(as_of + dt.timedelta(days=b.meta.stale_after + 1))})
    assert old.stale and parse_date(b.meta.as_of).human() in old.notice()


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_review_warnings_name_each_profile_past_stale_after(name, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BRIEFINGS[name], data)
    b = load_briefing(data)
    first = next(iter(sorted(b.countries)))
    path = b.origin("country", first).file
    as_of = parse_date(b.meta.as_of).start.last_day()
    reviewed = as_of - dt.timedelta(days=b.meta.stale_after + 5)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\nreviewed: '{reviewed.isoformat()}'\n", encoding="utf-8")
    b = load_briefing(data)
    warned = freshness.review_warnings(b, {})
    assert [w.path for w in warned] == [b.origin("country", first).shown]
    assert warned[0].field == "reviewed" and f"{b.meta.stale_after + 5} days" in warned[0].message
    assert warned[0] in content_warnings(b)
    # a year on, every profile is due; the check command prints them without failing
    later = _epoch(as_of + dt.timedelta(days=b.meta.stale_after + 30))
    assert len(freshness.review_warnings(b, {"SOURCE_DATE_EPOCH": later})) == len(b.countries)
    result = run_cli("check", "--data", str(data), env={"SOURCE_DATE_EPOCH": later})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("profile not reviewed") == len(b.countries)


# -- the status board and latest developments ---------------------------------------------------

@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_status_rows_and_latest_developments(name):
    b = load_briefing(BRIEFINGS[name])
    ix = build_index(b)
    rows = board.status_rows(ix)
    assert [r.country.id for r in rows] == [c.id for c in ix.countries_ranked]
    for row in rows:
        ends = [parse_date(s.date).sort_key()[1] for s in row.country.steps]
        assert (row.latest.sort_key()[1] if row.latest else None) == (max(ends) if ends else None)
    latest = board.latest_developments(ix, limit=5)
    ends = [d.date.sort_key()[1] for d in latest]
    assert ends == sorted(ends, reverse=True)
    everything = [parse_date(s.date).sort_key()[1] for c in b.countries.values() for s in c.steps]
    everything += [ix.dates[e.id].sort_key()[1] for e in b.events]
    assert ends == sorted(everything, reverse=True)[: len(ends)]


# -- link previews ------------------------------------------------------------------------------

def test_preview_image_is_1200_by_630_and_deterministic():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400" width="100%"><rect width="800" height="400" fill="#c9d9e4"/><text x="10" y="20">Côte d\'Ivoire &amp; “Mali”</text></svg>'
    title = "Sahel: <who> & 'why' \"now\""
    one = social.preview_png(svg, title, "as of 1 May 2025")
    assert one == social.preview_png(svg, title, "as of 1 May 2025")
    image = Image.open(io.BytesIO(one))
    assert image.size == (social.WIDTH, social.HEIGHT) == (1200, 630)
    assert one != social.preview_png(svg, title + "!", "as of 1 May 2025")  # the title is drawn


class _Meta:
    def __init__(self, text: str):
        self.props = {}
        for tag in re.findall(r"<meta\s[^>]*>", text):
            key = re.search(r'(?:property|name)="([^"]+)"', tag)
            value = re.search(r'content="([^"]*)"', tag)
            if key and value:
                self.props.setdefault(key.group(1), html.unescape(value.group(1)))


def test_every_page_has_link_preview_tags_with_text_as_typed(briefing):
    b = load_briefing(briefing.data)
    names = {f"countries/{c.id}/index.html": c.name for c in b.countries.values()}
    names.update({f"sections/{s.id}/index.html": s.title for s in b.sections})
    pages = _html_pages(briefing.site)
    assert len(pages) >= len(b.countries) + len(b.sections) + 5
    for path in pages:
        rel = path.relative_to(briefing.site).as_posix()
        meta = _Meta(path.read_text(encoding="utf-8")).props
        for key in ("og:title", "og:description", "og:url", "og:image", "twitter:card", "twitter:title", "twitter:image"):
            assert meta.get(key), (rel, key)
        url = rel[: -len("index.html")]
        assert meta["og:url"] == SITE_URL + url
        assert meta["og:site_name"] == b.meta.title
        if rel in names:
            assert meta["og:title"] == names[rel] == meta["twitter:title"]
        if rel == "index.html":
            assert meta["og:title"] == b.meta.title
        for text in (meta["og:title"], meta["og:description"]):
            assert not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", text, re.I), (rel, text)  # escaped once
        image = meta["og:image"]
        assert image.startswith(SITE_URL)
        country = rel.split("/")[1] if rel.startswith("countries/") else None
        assert image.endswith(f"/social/{country or 'overview'}.png"), (rel, image)
        png = briefing.site / image[len(SITE_URL):]
        assert Image.open(png).size == (1200, 630)


# -- page content from the model ----------------------------------------------------------------

def test_home_board_lists_every_counterpart_before_the_summary(briefing):
    b = load_briefing(briefing.data)
    text = (briefing.site / "index.html").read_text(encoding="utf-8")
    board_at = text.index('class="briefing-board"')
    assert board_at < text.index('id="summary"') and board_at < text.index('class="briefing-map')
    rows = re.findall(r"<tr>\s*<td><a href=\"countries/([a-z0-9-]+)/\"", text[board_at:])
    assert rows == [c.id for c in build_index(b).countries_ranked]
    # card summaries are whole: the last words of each section's summary are on the home page
    plain = " ".join(re.sub(r"<[^>]+>", "", html.unescape(text)).split())
    for s in b.sections:
        words = " ".join(re.sub(r"[*_`]", "", s.summary).split()).split(" ")
        assert " ".join(words[-4:]) in plain, s.id


def test_home_has_one_card_per_source_section(briefing):
    """Each section is a card of its own, headed by its number and title (a missing blank line once
    ran every card into the first, list markers showing as text)."""
    from lxml import html as lxml_html

    b = load_briefing(briefing.data)
    ix = build_index(b)
    page = lxml_html.fromstring((briefing.site / "index.html").read_bytes())
    cards = page.xpath("//div[contains(@class, 'grid') and contains(@class, 'cards')]/ul/li")
    heads = [" ".join(card.xpath("string(./p[1]/strong)").split()) for card in cards]
    assert heads == [f"§{ix.section_number[s.id]} {' '.join(s.title.split())}" for s in b.sections]
    for card in cards:
        assert not re.search(r"(^|\n)\s*[-*] {2,}", card.text_content()), card.text_content()[:200]


def test_people_grouped_with_contents_and_aliases(briefing):
    b = load_briefing(briefing.data)
    text = (briefing.site / "people" / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<h2 id="in-([a-z0-9-]+)"', text)
    firsts = {p.countries[0] if p.countries and (p.countries[0] in b.countries or p.countries[0] == b.meta.focal.id) else "others" for p in b.people.values()}
    assert sorted(groups) == sorted(firsts) and len(groups) == len(set(groups))
    toc = text[text.index('class="md-nav md-nav--secondary"'):]
    for gid in groups:
        assert f'href="#in-{gid}"' in toc
    for p in b.people.values():
        if p.aliases:
            assert f"Also known as {html.escape(', '.join(p.aliases), quote=False)}" in text.replace("&#x27;", "'")
    assert "(also " not in text


def test_pager_text_stays_out_of_the_search_index(briefing):
    b = load_briefing(briefing.data)
    docs = json.loads((briefing.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for i, s in enumerate(b.sections):
        page = f"sections/{s.id}/"
        text = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == page)
        for other in (b.sections[i - 1] if i else None, b.sections[i + 1] if i + 1 < len(b.sections) else None):
            if other is not None:
                number = b.section_numbers[other.id]
                assert f"§{number} {other.title}" not in html.unescape(text), (page, other.id)


def test_timeline_is_newest_first_with_a_permalink_and_place_per_event(briefing):
    b = load_briefing(briefing.data)
    ix = build_index(b)
    text = (briefing.site / "timeline" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<div class="briefing-event"[^>]*\bid="ev-([a-z0-9-]+)"', text)
    assert ids == [e.id for e in reversed(b.events)]
    for e in b.events:
        assert f'<a class="briefing-permalink" href="#ev-{e.id}"' in text
        block = text[text.index(f'id="ev-{e.id}"'):]
        head = block[: block.index("</p>")]
        place = re.search(r'<span class="briefing-place"><span class="briefing-place__label">Place:</span> (.*?)</span>', head)
        shown = html.unescape(re.sub(r"<[^>]+>", "", place.group(1))) if place else None  # a glossary link may wrap it
        assert shown == (e.place.name if e.place else None), e.id
    filters = re.findall(r'href="\?c=([a-z0-9-]+)"', text)
    assert filters == [c.id for c in ix.countries_ranked if ix.events_for_country.get(c.id)]
    for c in b.countries.values():  # each profile with events links to its filtered timeline
        profile = (briefing.site / "countries" / c.id / "index.html").read_text(encoding="utf-8")
        assert profile.count(f'href="../../timeline/?c={c.id}"') == (1 if ix.events_for_country.get(c.id) else 0)


def test_every_page_states_as_of(briefing):
    b = load_briefing(briefing.data)
    as_of = parse_date(b.meta.as_of).human()
    for path in _html_pages(briefing.site) + [briefing.site / "404.html"]:
        if path.name == "404.html":
            continue
        assert f'<p class="briefing-freshness">Facts as of {as_of}.</p>' in path.read_text(encoding="utf-8"), path


def test_stale_build_warns_readers_and_shows_reviewed_dates(briefing, tmp_path):
    """A build dated past stale_after shows the notice on every page; a profile's reviewed date shows."""
    data = tmp_path / "data"
    shutil.copytree(briefing.data, data)
    b = load_briefing(data)
    country = build_index(b).countries_ranked[0]
    path = b.origin("country", country.id).file
    as_of = parse_date(b.meta.as_of).start.last_day()
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\nreviewed: '{as_of.isoformat()}'\n", encoding="utf-8")
    built = as_of + dt.timedelta(days=b.meta.stale_after + 1)
    site = tmp_path / "site"
    build_site(data, site, env={"SOURCE_DATE_EPOCH": _epoch(built)})
    for rel in ("index.html", f"countries/{country.id}/index.html", "timeline/index.html"):
        text = (site / rel).read_text(encoding="utf-8")
        assert text.count('class="briefing-stale-notice"') == 1, rel
    profile = (site / "countries" / country.id / "index.html").read_text(encoding="utf-8")
    assert f"Reviewed {parse_date(as_of.isoformat()).human()}" in profile
    fresh = (briefing.site / "index.html").read_text(encoding="utf-8")
    assert ("briefing-stale-notice" in fresh) == freshness.freshness(load_briefing(briefing.data)).stale

