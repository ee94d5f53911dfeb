"""Rendered maps persist between builds, keyed by what they show and by the code that draws them."""

import hashlib
import json
import pickle

import pytest

from briefing import relmaps
from briefing.index import build_index
from briefing.validate import load_briefing
from conftest import BRIEFINGS


@pytest.fixture(params=sorted(BRIEFINGS))
def specs(request):
    b = load_briefing(BRIEFINGS[request.param])
    return relmaps.all_specs(b, build_index(b))


def _a_counterpart(specs):
    return next(s for s in specs if s.id != "overview")


def test_a_cached_map_is_what_a_fresh_render_gives_and_is_read_back(specs, tmp_path, monkeypatch):
    spec = _a_counterpart(specs)
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    relmaps._CACHE.clear()
    fresh = relmaps.render(spec)

    monkeypatch.setenv("BRIEFING_CACHE", "1")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    stored = relmaps.render(spec)
    assert (stored.html, stored.svg) == (fresh.html, fresh.svg)
    assert [p.name.endswith(".map.json") for p in tmp_path.iterdir()] == [True]

    # Prove the next build reads the disk: from a cold memory cache, with drawing made impossible.
    relmaps._CACHE.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("briefing.mapdoc.render_map_html", _no_drawing)
        again = relmaps.render(spec)
    assert (again.html, again.svg) == (fresh.html, fresh.svg)


def _no_drawing(*args, **kwargs):
    raise AssertionError("the map was drawn again instead of read from the cache")


@pytest.mark.parametrize("damage", ["truncated", "edited", "planted", "empty"])
def test_a_bad_entry_is_drawn_again_never_published(specs, tmp_path, monkeypatch, damage):
    spec = _a_counterpart(specs)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    fresh = relmaps.render(spec)
    entry = next(tmp_path.glob("*.map.json"))
    raw = entry.read_bytes()
    evil = '<img src=x onerror=alert(1)>'
    entry.write_bytes({
        "truncated": raw[: len(raw) // 2],
        "edited": raw.replace(b"</html>", evil.encode() + b"</html>"),
        # what a pull request could commit: a well-formed entry with a checksum anyone can compute
        "planted": hashlib.sha256(body := json.dumps({"html": evil, "svg": evil}).encode()).hexdigest().encode() + b"\n" + body,
        "empty": b"",
    }[damage])
    relmaps._CACHE.clear()
    again = relmaps.render(spec)
    assert (again.html, again.svg) == (fresh.html, fresh.svg)
    assert entry.read_bytes() == raw, "the bad entry is replaced by a good one"


def test_the_key_changes_with_every_renderer_dependency(monkeypatch):
    from importlib import metadata

    real = metadata.version
    before = relmaps._engine_fingerprint()
    for package in ("folium", "branca", "xstatic-leaflet", "jinja2"):
        real(package)  # installed: its version is part of the key
        relmaps._engine_fingerprint.cache_clear()
        monkeypatch.setattr(metadata, "version", lambda name, p=package: "0.0-other" if name == p else real(name))
        assert relmaps._engine_fingerprint() != before, package
        monkeypatch.setattr(metadata, "version", real)
    relmaps._engine_fingerprint.cache_clear()
    assert relmaps._engine_fingerprint() == before


def test_a_truncated_or_planted_template_cache_never_crashes_or_runs(tmp_path, monkeypatch):
    from briefing import pages

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "maps"))
    first = pages._environment().get_template("home.md.j2")
    cached = sorted((tmp_path / "templates").iterdir())
    assert cached
    marker = tmp_path / "pwned"
    for i, path in enumerate(cached):
        if i % 2:
            path.write_bytes(path.read_bytes()[:40])  # truncated: Jinja's own cache raises UnpicklingError
        else:  # planted: a pickle that would create the marker when loaded
            path.write_bytes(b"j2" + pickle.dumps(_Plant(str(marker))))
    again = pages._environment().get_template("home.md.j2")
    assert again.filename == first.filename
    assert not marker.exists()


class _Plant:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_different_map_gets_a_different_entry(specs, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    for spec in specs[:3]:
        relmaps.render(spec)
    assert len(list(tmp_path.glob("*.map.json"))) == 3


def test_cache_can_be_turned_off(specs, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    relmaps._CACHE.clear()
    relmaps.render(specs[0])
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_a_preview_image_is_drawn_once_and_a_bad_entry_is_drawn_again(name, tmp_path, monkeypatch):
    from briefing import social

    b = load_briefing(BRIEFINGS[name])
    overview = next(s for s in relmaps.all_specs(b, build_index(b)) if s.id == "overview")
    svg = relmaps.render(overview).svg
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    social._RENDERED.clear()
    fresh = social.preview_for(b, "overview", svg)

    monkeypatch.setenv("BRIEFING_CACHE", "1")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "maps"))
    social._RENDERED.clear()
    assert social.preview_for(b, "overview", svg) == fresh
    [entry] = (tmp_path / "previews").iterdir()

    # A later build reads the disk (drawing made impossible) ...
    social._RENDERED.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(social, "_draw", _no_drawing)
        assert social.preview_for(b, "overview", svg) == fresh
    # ... and a truncated entry is drawn again, never published.
    entry.write_bytes(entry.read_bytes()[:200])
    social._RENDERED.clear()
    assert social.preview_for(b, "overview", svg) == fresh
