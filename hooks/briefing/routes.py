"""Where each page of a briefing lives: its source path, its URL, its anchors, and the ids they reserve.

Pages, maps, the navigation, the feed and the PDF all ask here; none builds a path of its own.

Ids an item cannot take, because the page or map the site would generate for it already has a name.

A counterpart's id names its page (`countries/<id>.md`) and its map (`maps/<id>.html`); a section's id
names its page. The id `index` makes a folder's own page (MkDocs serves `countries/index.md` at
`countries/`, so the map is not found); the overview map is `maps/overview.html`, so a counterpart called
`overview` would silently replace it. tests/test_routes.py checks this list against the pages and maps a
real briefing generates, so a new fixed page or map cannot be forgotten here.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

FOLDER_INDEX = "index"  # MkDocs serves <folder>/index.md as the folder itself
FIXED_MAP_IDS = ("overview",)  # maps that are not a counterpart's (relmaps.overview_spec)

# Page kind -> source path. Kinds with an item id live in a folder of their own.
SINGLE_PAGES = {"home": "index.md", "relations": "relations.md", "timeline": "timeline.md",
                "glossary": "glossary.md", "people": "people.md", "about": "about.md", "data": "data.md"}
ITEM_FOLDERS = {"section": "sections", "country": "countries"}
# A URL's first segment -> the kind of page there (kind_of).
_KIND_AT = {**{path[: -len(".md")]: kind for kind, path in SINGLE_PAGES.items()},
            **{folder: kind for kind, folder in ITEM_FOLDERS.items()}}


def uri(kind: str, item_id: str | None = None) -> str:
    """The source path of a page: uri('country', 'china') -> countries/china.md."""
    if kind in ITEM_FOLDERS:
        return f"{ITEM_FOLDERS[kind]}/{item_id}.md"
    return SINGLE_PAGES[kind]


def kind_of(url: str) -> str:
    """The kind of the page at a site-relative URL ('' or 'countries/china/'); 'page' if none."""
    first = posixpath.normpath(url or ".").split("/")[0]
    if first in (".", f"{FOLDER_INDEX}.html"):
        return "home"
    return _KIND_AT.get(first, "page")


def url(kind: str, item_id: str | None = None, anchor: str | None = None) -> str:
    """A page's site-relative URL (countries/china/), with an anchor if given."""
    return page_url(uri(kind, item_id)) + (f"#{anchor}" if anchor else "")


def event_anchor(event_id: str) -> str:
    """The id of an event's entry on the timeline page."""
    return f"ev-{event_id}"


@lru_cache(maxsize=1 << 16)  # a pure function of two strings, asked ~90,000 times at 250 counterparts
def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one source page to another (MkDocs checks and rewrites .md links)."""
    target, _, anchor = to_uri.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
    return path + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=1)
def reserved_ids() -> dict[str, dict[str, str]]:
    """kind -> {id: why it is taken}."""
    from .relmaps import MAP_DIR  # imported on use: the map code is not needed to validate

    reserved: dict[str, dict[str, str]] = {}
    for kind in ("section", "country"):
        page = uri(kind, FOLDER_INDEX)
        reserved[kind] = {FOLDER_INDEX: f"{page} would be the page of the folder {posixpath.dirname(page)}/ itself"}
    for map_id in FIXED_MAP_IDS:
        reserved["country"][map_id] = f"{MAP_DIR}/{map_id}.html is the site's {map_id} map"
    return reserved


def page_url(src_uri: str) -> str:
    """MkDocs' directory URL of a page: index.md -> '', countries/china.md -> countries/china/."""
    stem = src_uri[: -len(".md")]
    if stem == FOLDER_INDEX:
        return ""
    suffix = "/" + FOLDER_INDEX
    return (stem[: -len(suffix)] if stem.endswith(suffix) else stem) + "/"


def depth(src_uri: str) -> int:
    """How many folders deep a page's URL is: the number of '../' that lead from it to the site root."""
    return page_url(src_uri).count("/")
