"""Ids an item cannot take, because the page or map the site would generate for it already has a name.

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


@lru_cache(maxsize=1)
def reserved_ids() -> dict[str, dict[str, str]]:
    """kind -> {id: why it is taken}."""
    from .pages import uri  # imported on use: pages imports the map code, which validation does not need
    from .relmaps import MAP_DIR

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
