"""Rendered maps persist between builds, keyed by what they show and by the code that draws them."""

import pytest

from briefing import relmaps
from briefing.index import build_index
from briefing.validate import load_briefing
from conftest import DATA


@pytest.fixture()
def specs():
    b = load_briefing(DATA)
    return relmaps.all_specs(b, build_index(b))


def test_a_cached_map_is_what_a_fresh_render_gives_and_is_read_back(specs, tmp_path, monkeypatch):
    spec = next(s for s in specs if s.id == "china")
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    relmaps._CACHE.clear()
    fresh = relmaps.render(spec)

    monkeypatch.setenv("BRIEFING_CACHE", "1")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    stored = relmaps.render(spec)
    assert (stored.html, stored.svg) == (fresh.html, fresh.svg)
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".html", ".svg"]

    # Prove the next build reads the disk: mark the stored file and render from a cold memory cache.
    html_file = next(tmp_path.glob("*.html"))
    html_file.write_text(fresh.html + "<!-- from disk -->", encoding="utf-8")
    relmaps._CACHE.clear()
    assert relmaps.render(spec).html.endswith("<!-- from disk -->")


def test_a_different_map_gets_a_different_entry(specs, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    for spec in specs[:3]:
        relmaps.render(spec)
    assert len(list(tmp_path.glob("*.html"))) == 3


def test_cache_can_be_turned_off(specs, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    relmaps.render(specs[0])
    assert not any(tmp_path.iterdir())
