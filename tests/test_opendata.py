"""Open data: every build publishes the briefing as files (JSON + schema, CSV, GeoJSON, map SVGs),
read back here with standard parsers and compared with the loaded model, and lists them on the Data page."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import geojson
import jsonschema
import pytest

from briefing.dates import parse_date
from briefing.index import build_index
from briefing.opendata import OpenBriefing, human_size
from briefing.validate import load_briefing
from conftest import ROOT

pytestmark = pytest.mark.slow

DATA_FILES = ["briefing.json", "briefing.schema.json", "relations.csv", "steps.csv", "events.csv", "events.geojson"]


@pytest.fixture(scope="module")
def model(briefing):
    b = load_briefing(briefing.data)
    return b, build_index(b)


def _csv(site, name):
    with open(site / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_briefing_json_is_the_whole_briefing_and_matches_its_schema(briefing, model):
    b, ix = model
    document = json.loads((briefing.site / "data" / "briefing.json").read_text(encoding="utf-8"))
    schema = json.loads((briefing.site / "data" / "briefing.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    back = OpenBriefing.model_validate(document)  # the same models the YAML passed through
    assert back.briefing == b.meta
    assert back.sections == b.sections
    assert {c.id: c for c in back.countries} == b.countries
    assert {t.id: t for t in back.terms} == b.terms
    assert back.events == b.events
    assert {p.id: p for p in back.people} == b.people


def _latest(country):
    if not country.steps:
        return ""
    def certain(step):  # the last day the step's date allows
        date = parse_date(step.date)
        return (date.end or date.start).last_day()

    return max(country.steps, key=certain).date


def test_relations_csv_has_each_counterpart_level_trend_and_last_step(briefing, model):
    b, ix = model
    rows = _csv(briefing.site, "relations.csv")
    assert [r["counterpart"] for r in rows] == [c.id for c in ix.countries_ranked]
    for row in rows:
        c = b.countries[row["counterpart"]]
        assert (row["name"], row["level"], row["trend"]) == (c.name, c.level, c.trend.value)
        assert row["level_label"] == ix.levels[c.level].label
        assert row["last_step_date"] == _latest(c)


def test_steps_csv_has_every_dated_step_exactly_as_typed(briefing, model):
    b, _ = model
    rows = _csv(briefing.site, "steps.csv")
    expected = sorted((c.id, s.date, s.level, s.text, " ".join(s.ref)) for c in b.countries.values() for s in c.steps)
    assert sorted((r["counterpart"], r["date"], r["level"], r["text"], r["ref"]) for r in rows) == expected


def test_events_csv_has_every_event(briefing, model):
    b, _ = model
    rows = _csv(briefing.site, "events.csv")
    assert [r["id"] for r in rows] == [e.id for e in b.events]
    for row, e in zip(rows, b.events):
        assert (row["date"], row["text"], row["countries"].split(), row["ref"].split()) == (e.date, e.text, e.countries, e.ref)
        if e.place:
            assert (row["place"], float(row["lat"]), float(row["lon"])) == (e.place.name, e.place.lat, e.place.lon)
        else:
            assert row["place"] == row["lat"] == row["lon"] == ""


def test_events_geojson_is_valid_and_holds_the_located_events(briefing, model):
    b, _ = model
    text = (briefing.site / "data" / "events.geojson").read_text(encoding="utf-8")
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    located = [e for e in b.events if e.place]
    assert [f["id"] for f in collection["features"]] == [e.id for e in located]
    for feature, e in zip(collection["features"], located):
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert feature["geometry"]["type"] == "Point" and (lat, lon) == (e.place.lat, e.place.lon)
        assert feature["properties"]["text"] == e.text and feature["properties"]["date"] == e.date


def test_data_page_lists_every_file_with_its_true_size_and_licence(briefing, model):
    b, ix = model
    page = (briefing.site / "data" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr>\s*<td><a href="([^"]+)">[^<]*</a></td>(.*?)</tr>', page, re.S)
    listed = {href: body for href, body in rows}
    for name in DATA_FILES:
        assert name in listed, f"{name} is not listed on the Data page"
        size = (briefing.site / "data" / name).stat().st_size
        assert f"<td>{human_size(size)}</td>" in listed[name], (name, size)
    for c in ix.countries_ranked + [None]:
        map_id = c.id if c else "overview"
        href = f"../maps/{map_id}.svg"
        assert href in listed, f"{href} is not listed"
        svg = briefing.site / "maps" / f"{map_id}.svg"
        ET.parse(svg)  # well-formed
        assert f"<td>{human_size(svg.stat().st_size)}</td>" in listed[href]
    assert "../feed.xml" in listed
    licence = b.meta.licence
    assert (html.escape(licence.name, quote=False) if licence else "the publisher states none") in page


def test_the_site_data_folder_holds_only_published_files(briefing):
    """The site's data/ folder is the Data page and the open data, nothing from the repository's data/."""
    names = sorted(p.name for p in (briefing.site / "data").iterdir())
    assert names == sorted(DATA_FILES + ["index.html"])


def test_open_data_files_are_byte_identical_across_processes(briefing):
    """Two fresh interpreters with different hash seeds give the same bytes as the built site."""
    script = (
        "import sys, hashlib; from pathlib import Path;"
        "from briefing.validate import load_briefing; from briefing.index import build_index;"
        "from briefing.published import site_files;"
        "b = load_briefing(Path(sys.argv[1])); files = site_files(b, build_index(b), sys.argv[2]);"
        "print('\\n'.join(f'{k} {hashlib.sha256(v.encode()).hexdigest()}' for k, v in sorted(files.items())))"
    )
    from conftest import SITE_URL

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "hooks")}
        run = subprocess.run([sys.executable, "-c", script, str(briefing.data), SITE_URL], env=env,
                             capture_output=True, text=True, check=True, cwd=ROOT)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    import hashlib

    for line in outputs[0].splitlines():
        path, digest = line.split()
        assert hashlib.sha256((briefing.site / path).read_bytes()).hexdigest() == digest, path
