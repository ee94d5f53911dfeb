"""`briefing new`: templates that pass `briefing check` straight away, never overwrite, keep existing text."""

from __future__ import annotations

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
