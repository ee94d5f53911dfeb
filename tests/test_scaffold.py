"""`briefing new`: templates that pass `briefing check` straight away, never overwrite, keep existing text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, FIXTURES, run_cli


@pytest.fixture()
def data(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def new(data: Path, *args: str):
    return run_cli("new", *args, "--data", str(data), cwd=data.parent)


def assert_checks(data: Path) -> None:
    result = run_cli("check", "--data", str(data), cwd=data.parent)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "args,path",
    [
        (("country", "mongolia"), "countries/mongolia.yaml"),
        (("country", "atlantis", "--name", "Atlantis", "--iso3", "MNG"), "countries/atlantis.yaml"),
        (("term", "third-neighbour", "--name", "Third neighbour"), "glossary/third-neighbour.yaml"),
        (("section", "appendix"), "sections/08-appendix.yaml"),
    ],
)
def test_new_file_passes_check(data, args, path):
    result = new(data, *args)
    assert result.returncode == 0, result.stderr
    written = data / path
    assert written.is_file()
    assert f"data/{path}" in result.stdout and "next:" in result.stdout and "briefing check" in result.stdout
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/")
    assert "TODO" in text and "\n# " in text  # commented, with the places to fill in marked
    assert_checks(data)


def test_new_country_uses_lowest_ladder_level_and_first_section(data):
    assert new(data, "country", "mongolia").returncode == 0
    text = (data / "countries" / "mongolia.yaml").read_text()
    assert "\nlevel: no-mission " in text  # the first (lowest) level in briefing.yaml
    assert "ref: introduction " in text  # the first section
    assert "\niso3: MNG\n" in text  # found from the name in the boundary data


@pytest.mark.parametrize(
    "args,file,key",
    [
        (("event", "kabul-visit", "--date", "2024-11-25"), "timeline.yaml", "- id: kabul-visit"),
        (("person", "jane-doe", "--name", "Jane Doe"), "people.yaml", "- id: jane-doe"),
    ],
)
def test_append_keeps_existing_text_and_comments(data, args, file, key):
    path = data / file
    before = path.read_text(encoding="utf-8").replace("\n  - id:", "\n  # an editor's comment\n  - id:", 1)
    path.write_text(before, encoding="utf-8")
    result = new(data, *args)
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before), "existing text must be kept byte for byte"
    assert key in after[len(before):]
    assert_checks(data)


def test_refuses_to_overwrite(data):
    china = data / "countries" / "china.yaml"
    before = china.read_text()
    result = new(data, "country", "china")
    assert result.returncode == 1 and "already exists: not overwriting" in result.stderr
    assert china.read_text() == before
    timeline = (data / "timeline.yaml").read_text()
    result = new(data, "event", "monarchy-abolished")
    assert result.returncode == 1 and "already has a event with id 'monarchy-abolished'" in result.stderr
    assert (data / "timeline.yaml").read_text() == timeline
    assert new(data, "term", "amir").returncode == 1
    assert new(data, "section", "introduction").returncode == 1


def test_refuses_bad_input_and_writes_nothing(data):
    files = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = new(data, "country", "China")
    assert result.returncode == 1 and "not a valid id" in result.stderr
    result = new(data, "event", "later", "--date", "2024-13")
    assert result.returncode == 1 and "month 13 does not exist" in result.stderr
    result = new(data, "country", "atlantis")
    assert result.returncode == 1 and "--iso3" in result.stderr
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == files


def test_works_on_another_briefing(tmp_path):
    data = tmp_path / "mongolia"
    shutil.copytree(FIXTURES / "mongolia", data)
    for args in (("country", "kazakhstan"), ("term", "steppe"), ("event", "visit", "--date", "2024-05"), ("person", "a-person")):
        result = new(data, *args)
        assert result.returncode == 0, result.stderr
    assert_checks(data)
    # fixture files point at data/schema from their own folder; new files in a copy point at <copy>/schema
    assert (data / "countries" / "kazakhstan.yaml").read_text().startswith("# yaml-language-server: $schema=../schema/country")


def test_placeholders_are_warned_by_check_and_refused_by_a_strict_build(tmp_path):
    import shutil

    from conftest import DATA, build_site

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    made = run_cli("new", "country", "mongolia", "--data", str(data))
    assert made.returncode == 0, made.stderr
    checked = run_cli("check", "--data", str(data))
    assert checked.returncode == 0
    assert "mongolia.yaml:" in checked.stdout and "headline: still holds a TODO placeholder" in checked.stdout
    built = build_site(data, tmp_path / "site", check=False)
    assert built.returncode != 0 and "still holds a TODO placeholder" in built.stderr


# -- starting a briefing, and scaffolding one that is not data/ ------------------------------------------
def _site_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")) if "maps" not in p.parts)


def test_init_gives_a_briefing_that_checks_and_builds_strictly(tmp_path):
    from briefing import places
    from briefing.validate import load_briefing

    from conftest import build_site

    folder = tmp_path / "another"
    made = run_cli("init", str(folder), "--focal", "MLI")
    assert made.returncode == 0, made.stderr
    assert "make serve" not in made.stdout and f"BRIEFING_DATA={folder}" in made.stdout
    assert run_cli("check", "--data", str(folder)).returncode == 0
    b = load_briefing(folder)
    mali = places.by_code("MLI")
    assert (b.meta.focal.iso3, b.meta.focal.name) == ("MLI", mali.name)
    assert (b.meta.focal.capital.name, b.meta.focal.capital.lat, b.meta.focal.capital.lon) == (mali.capital.name, mali.capital.lat, mali.capital.lon)
    assert [(s.id, b.section_numbers[s.id]) for s in b.sections] == [("overview", 1)]
    for path in folder.rglob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema="), path
    assert sorted(p.name for p in (folder / "schema").iterdir()) == sorted(
        p.name for p in (DATA / "schema").iterdir())
    site = tmp_path / "site"
    build_site(folder, site)  # strict
    text = _site_text(site)
    assert mali.name in (site / "index.html").read_text(encoding="utf-8")
    assert "§1" in text and "§0" not in text
    # kept outside this repository and with no edit_url: no edit button, rather than one that 404s
    assert 'rel="edit"' not in text
    # with an edit_url, each page's button opens its file there
    meta = folder / "briefing.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "edit_url: https://example.org/edit/main/another/\n", encoding="utf-8")
    build_site(folder, site)
    page = (site / "sections" / "overview" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/edit/main/another/sections/01-overview.yaml"' in page
    assert "/../" not in re.search(r'<a href="([^"]*)"[^>]*rel="edit"', page).group(1)


def test_init_refuses_a_folder_in_use_and_an_unknown_code(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    result = run_cli("init", str(tmp_path / "used"), "--focal", "MLI")
    assert result.returncode == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "used").iterdir()) == ["notes.txt"]
    result = run_cli("init", str(tmp_path / "new"), "--focal", "XYZ")
    assert result.returncode == 1 and "XYZ" in result.stderr and not (tmp_path / "new").exists()


@pytest.fixture()
def fresh(tmp_path) -> Path:
    folder = tmp_path / "fresh"
    assert run_cli("init", str(folder), "--focal", "MLI").returncode == 0
    return folder


def test_country_names_and_capitals_come_from_natural_earth(fresh):
    from briefing import places
    from briefing.validate import load_briefing

    assert new(fresh, "country", "united-states").returncode == 0
    made = new(fresh, "country", "niger", "--iso3", "NER")
    assert made.returncode == 0, made.stderr
    b = load_briefing(fresh)
    usa, niger = b.countries["united-states"], b.countries["niger"]
    assert (usa.name, usa.iso3, usa.capital.name) == ("United States", "USA", "Washington, D.C.")
    expected = places.by_code("NER")
    assert (niger.name, niger.iso3, niger.capital.name, niger.capital.lat, niger.capital.lon) == (
        expected.name, "NER", expected.capital.name, expected.capital.lat, expected.capital.lon)
    assert (niger.capital.lat, niger.capital.lon) != (0.0, 0.0)
    # messages and comments name the folder in use, not data/
    assert f"--data {fresh.name}" in made.stdout and "make serve" not in made.stdout  # run from its parent
    assert "data/schema" not in (fresh / "countries" / "niger.yaml").read_text(encoding="utf-8")


def test_new_bloc(fresh):
    from briefing.validate import load_briefing

    made = new(fresh, "bloc", "ecowas", "--members", "NGA,GHA,SEN", "--name", "ECOWAS")
    assert made.returncode == 0, made.stderr
    bloc = load_briefing(fresh).countries["ecowas"]
    assert (bloc.kind, bloc.iso3, bloc.members, bloc.name) == ("bloc", None, ["NGA", "GHA", "SEN"], "ECOWAS")
    assert new(fresh, "bloc", "nobody").returncode == 1
    assert new(fresh, "bloc", "bad", "--members", "NGA,QQQ").returncode == 1


def test_new_section_already_cited_by_a_key_judgement(fresh):
    """The judgement's broken ref is fixed by the new section: not a new problem, whatever the hints say."""
    meta = fresh / "briefing.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("    ref: overview\nladder:", "    ref: [overview, juntas]\nladder:"), encoding="utf-8")
    assert run_cli("check", "--data", str(fresh)).returncode == 1
    made = new(fresh, "section", "juntas")
    assert made.returncode == 0, made.stderr
    assert (fresh / "sections" / "02-juntas.yaml").is_file()
    assert_checks(fresh)


def test_new_section_names_its_source_when_there_are_several(tmp_path):
    from briefing.validate import load_briefing

    data = tmp_path / "two"
    shutil.copytree(FIXTURES / "mongolia", data)
    meta = data / "briefing.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("\nsummary:", "\n  - id: second-report\n    title: A second report\n"
                    "    publisher: Someone\n    url: https://example.org/second\n    date: '2024'\nsummary:", 1), encoding="utf-8")
    sources = [s.id for s in load_briefing(data).meta.sources]
    made = new(data, "section", "annex")
    assert made.returncode == 0, made.stderr
    text = next((data / "sections").glob("*-annex.yaml")).read_text(encoding="utf-8")
    assert f"\nsource: {sources[0]} " in text and ", ".join(sources) in text
    assert load_briefing(data).sections[-1].source == sources[0]


def test_bundled_capitals_lie_in_their_countries():
    """geodata/places.json against the boundary data it was derived with: each capital within half a degree
    of its country's box, every alias naming a known country, and the short names editors type found."""
    import json

    from briefing import places
    from briefing.geo import load_world

    world = load_world()
    data = json.loads(places.PLACES.read_text(encoding="utf-8"))
    with_capital = 0
    for code in data["countries"]:
        info = places.by_code(code)
        assert code in world.countries and info.name == world.countries.name(code)
        if info.capital:
            with_capital += 1
            lat, lon = info.capital.lat, info.capital.lon
            assert any(  # boxes that cross the antimeridian run on east of 180
                s - 0.5 <= lat <= n + 0.5 and any(w - 0.5 <= x <= e + 0.5 for x in (lon, lon + 360))
                for w, s, e, n in world.countries[code].polygon_bounds
            ), (code, info)
    assert with_capital >= 190
    assert all(code in data["countries"] for code in data["aliases"].values())
    for name, code in (("United States", "USA"), ("united-states", "USA"), ("Ivory Coast", "CIV"), ("Mali", "MLI")):
        assert places.by_name(name).iso3 == code, name
