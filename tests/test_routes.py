"""Routes: every page the site generates is where routes says it is, of the kind routes reads from its
URL (the PDF sorts chapters by it), and every name that is not an item's own is refused as an item id."""

from __future__ import annotations

import posixpath

import pytest

from briefing import relmaps
from briefing.index import build_index
from briefing.pages import render_pages
from briefing import routes
from briefing.routes import reserved_ids, uri
from briefing.validate import load_briefing
from conftest import BRIEFINGS


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_generated_names_that_are_no_items_are_reserved(name):
    b = load_briefing(BRIEFINGS[name])
    index = build_index(b)
    fixed_maps = {spec.id for spec in relmaps.all_specs(b, index)} - set(b.countries)
    assert fixed_maps and fixed_maps <= set(reserved_ids()["country"])
    for spec in render_pages(b, index):
        folder, page = posixpath.split(spec.src_uri)
        stem = posixpath.splitext(page)[0]
        if folder:  # an item's page: its id is the stem, and a folder's own page would be 'index'
            assert stem not in reserved_ids()[spec.kind]
            assert posixpath.basename(uri(spec.kind, "index")) == "index.md"
            assert "index" in reserved_ids()[spec.kind]


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_every_generated_page_is_where_routes_says_and_of_its_kind(name):
    b = load_briefing(BRIEFINGS[name])
    index = build_index(b)
    specs = render_pages(b, index)
    items = {"section": [s.id for s in b.sections], "country": [c.id for c in index.countries_ranked]}
    for spec in specs:
        page_url = routes.page_url(spec.src_uri)
        assert routes.kind_of(page_url) == spec.kind, spec.src_uri
        item_ids = items.get(spec.kind)
        if item_ids is None:
            assert spec.src_uri == uri(spec.kind)
        else:
            assert spec.src_uri in {uri(spec.kind, i) for i in item_ids}
    assert {spec.src_uri for spec in specs} >= {uri(k, i) for k, ids in items.items() for i in ids}
