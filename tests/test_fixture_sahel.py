"""The second fixture briefing (tests/fixtures/sahel) keeps the traits that make it a real test of the engine:
another focal country, its own ladder, two sources, blocs, punctuation and scripts, partial dates and places.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from briefing.glossary import is_acronym
from briefing.validate import load_briefing
from conftest import BRIEFINGS, DATA, run_cli

SAHEL = BRIEFINGS["sahel"]


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_it_passes_check_with_no_warning():
    result = run_cli("check", "--data", str(SAHEL))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower(), result.stdout


def test_it_differs_from_the_afghanistan_briefing():
    b, a = load_briefing(SAHEL), load_briefing(DATA)
    assert b.meta.focal.iso3 != a.meta.focal.iso3
    assert not {level.id for level in b.meta.ladder} & {level.id for level in a.meta.ladder}
    assert not {level.label for level in b.meta.ladder} & {level.label for level in a.meta.ladder}
    assert len(b.meta.sources) >= 2


def test_its_ladder_runs_light_to_dark_in_distinct_colours():
    ladder = load_briefing(SAHEL).meta.ladder
    shades = [_luminance(level.colour) for level in ladder]
    assert all(a - b > 15 for a, b in zip(shades, shades[1:])), shades
    assert len({level.label for level in ladder}) == len(ladder)


def test_its_counterparts_include_states_and_blocs_of_every_reach():
    b = load_briefing(SAHEL)
    assert len(b.countries) >= 8
    blocs = [c for c in b.countries.values() if c.kind == "bloc"]
    assert any(len(c.members) >= 10 for c in blocs), "no wide bloc"
    assert any(len(c.members) <= 4 for c in blocs), "no small alliance"
    assert any(b.meta.focal.iso3 in c.members for c in blocs), "no bloc the focal country belongs to"
    assert {c.trend.value for c in b.countries.values()} == {"warming", "steady", "cooling", "hostile"}


def test_its_text_has_diacritics_apostrophes_quotes_and_ampersands():
    b = load_briefing(SAHEL)
    titles = [b.meta.title, *(s.title for s in b.sections), *(s.title for s in b.meta.sources)]
    names = [*(c.name for c in b.countries.values()), *(p.name for p in b.people.values()),
             *(level.label for level in b.meta.ladder), *(t.term for t in b.terms.values())]
    for char in ("'", '"', "&"):
        assert any(char in t for t in titles), char
    for char in ("'", "&"):
        assert any(char in n for n in names), char
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)


def test_its_dates_places_terms_people_and_sources_cover_the_formats():
    b = load_briefing(SAHEL)
    dates = [e.date for e in b.events]
    assert any(re.fullmatch(r"\d{4}/\d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d", d) for d in dates)
    places = Counter((e.place.lat, e.place.lon) for e in b.events if e.place)
    assert max(places.values()) >= 2, "no two events at one place"
    assert any("&" in t.term for t in b.terms.values())
    assert any(is_acronym(a) for t in b.terms.values() for a in t.aliases)
    assert any(p.aliases for p in b.people.values())
    for source in b.meta.sources:  # placeholders: nothing is attributed to a real publication
        assert urlsplit(source.url).hostname == "example.org" and "placeholder" in source.title.lower()
