"""Reserved ids: every name the site generates that is not an item's own is refused as an item id."""

from __future__ import annotations

import posixpath

import pytest

from briefing import relmaps
from briefing.index import build_index
from briefing.pages import render_pages, uri
from briefing.routes import reserved_ids
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
