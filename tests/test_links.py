"""Every internal link of the built sites resolves: pages, assets, map documents and their SVG twins,
links inside map popups and areas, search results, and every #fragment to an element of its target.
Source URLs in the data are well-formed https."""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from briefing.validate import load_briefing
from conftest import BRIEFINGS, SITE_URL

pytestmark = pytest.mark.slow

MOUNT = urlsplit(SITE_URL).path
LINK_ATTRS = {"href", "src", "xlink:href", "poster", "data"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if name in LINK_ATTRS:
                self.links.append((tag, value))
            if name == "srcset":
                self.links += [(tag, part.split()[0]) for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


@lru_cache(maxsize=None)
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _script_links(path: Path) -> list[str]:
    """Links that map documents keep in their script: popup links and clickable areas."""
    text = path.read_text(encoding="utf-8")
    return re.findall(r'href=\\"([^"\\]+)\\"', text) + re.findall(r'"h":"([^"]+)"', text)


def _target(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file a URL found in `page` points to (None: not internal), and its fragment."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    path = unquote(parts.path)
    if path.startswith("/"):  # root-relative (the 404 page): below site_url's path
        assert path.startswith(MOUNT), f"{page}: {url} is outside {MOUNT}"
        path = "/" + path[len(MOUNT):]
    base = "/" if path.startswith("/") else "/" + page.parent.relative_to(site).as_posix() + "/"
    joined = posixpath.normpath(posixpath.join(base, path))
    assert joined.startswith("/") and not joined.startswith("/.."), f"{page}: {url} leaves the site"
    target = site / joined.lstrip("/")
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    problems = []
    checked = 0
    for page in sorted(site.rglob("*")):
        if page.suffix not in (".html", ".svg") or not page.is_file():
            continue
        urls = [url for _, url in _parse(page).links]
        if page.parent.name == "maps" and page.suffix == ".html":
            urls += _script_links(page)
        for url in urls:
            if url.startswith(("data:", "mailto:")):
                continue
            target, fragment = _target(site, page, url)
            if target is None:
                continue
            checked += 1
            where = f"{page.relative_to(site)}: {url}"
            if not target.is_file():
                problems.append(f"{where}: no such file")
            elif fragment and target.suffix in (".html", ".svg") and fragment not in _parse(target).ids:
                problems.append(f"{where}: no element with id '{fragment}'")
    assert checked > 100, f"only {checked} internal links found in {site}"
    return problems


def test_every_internal_link_and_anchor_resolves(briefing):
    problems = broken_links(briefing.site)
    assert not problems, "\n".join(problems[:40])


def test_search_results_lead_to_existing_pages_and_anchors(briefing):
    site = briefing.site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    problems = []
    for doc in index["docs"]:
        target, fragment = _target(site, site / "index.html", doc["location"] or "./")
        if not target.is_file():
            problems.append(f"{doc['location']}: no such page")
        elif fragment and fragment not in _parse(target).ids:
            problems.append(f"{doc['location']}: no such anchor")
    assert not problems, problems[:20]


def test_map_documents_are_linked_with_their_svg_twins(briefing):
    maps = {p.stem for p in (briefing.site / "maps").glob("*.html")}
    assert maps == {p.stem for p in (briefing.site / "maps").glob("*.svg")}
    assert maps == set(load_briefing(briefing.data).countries) | {"overview"}
    linked = set()
    for page in briefing.site.rglob("index.html"):
        linked |= {Path(url).stem for tag, url in _parse(page).links if "maps/" in url and tag in ("iframe", "img")}
    assert maps <= linked, f"map documents no page embeds: {sorted(maps - linked)}"


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_source_urls_are_well_formed_https(name):
    briefing = load_briefing(BRIEFINGS[name])
    urls = [s.url for s in briefing.meta.sources]
    if briefing.meta.maps.tiles:
        urls.append(briefing.meta.maps.tiles.url)
    assert urls
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https", url
        host = parts.hostname or ""
        assert re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}", host), f"{url}: host {host!r}"
        assert not parts.username and not parts.password and parts.port in (None, 443), url
        assert not re.search(r"[\s<>\"'`\\]", url), url
