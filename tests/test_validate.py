"""Validation of a whole briefing: each kind of problem, with its file, line and field, all at once."""

import re
import shutil
from pathlib import Path

import pytest

from briefing.diagnostics import BriefingError
from briefing.validate import load_briefing
from conftest import DATA, FIXTURES, run_cli


@pytest.fixture()
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a data file; return the 1-based line where the change starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def problems(data: Path) -> list[str]:
    with pytest.raises(BriefingError) as caught:
        load_briefing(data)
    return [d.format() for d in caught.value.diagnostics]


def find(found: list[str], pattern: str) -> str:
    matches = [p for p in found if re.search(pattern, p)]
    assert matches, f"no problem matching {pattern!r} in:\n" + "\n".join(found)
    return matches[0]


def test_real_and_fixture_briefings_are_valid():
    for folder in (DATA, FIXTURES / "mongolia", FIXTURES / "sahel"):
        briefing = load_briefing(folder)
        assert briefing.sections and briefing.countries and briefing.terms and briefing.events


def test_real_briefing_has_what_the_issue_asks_for():
    b = load_briefing(DATA)
    assert {"china", "iran", "russia", "pakistan", "india", "tajikistan", "uzbekistan", "turkmenistan",
            "kazakhstan", "united-states", "european-union"} <= set(b.countries)
    assert b.countries["european-union"].kind == "bloc"
    assert len(b.terms) >= 20 and {"belt-and-road", "axis-of-resistance"} <= set(b.terms)
    assert "One Belt, One Road" in b.terms["belt-and-road"].aliases
    assert len(b.events) >= 20 and b.people
    assert b.meta.focal.iso3 == "AFG"
    titles = [s.title for s in b.sections]
    for title in ["Unrecognized but not quite isolated", "Under China’s belt", "The Iranian axis", "Russian hospitality",
                  "Kind and mean neighbors", "Western indifference as a facade", "Internal turmoil"]:
        assert any(t.replace("'", "’") == title for t in titles), title


def test_unknown_ladder_level_with_hint(data):
    path = data / "countries" / "russia.yaml"
    text = path.read_text()
    level = re.search(r"^level: (\S+)", text, re.M).group(1)
    line = edit(path, f"level: {level}", f"level: {level[:-1]}x")
    message = find(problems(data), r"russia\.yaml:\d+:\d+: level:")
    assert message.startswith(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:{line}:8: level: '{level[:-1]}x' is not a ladder level")
    assert f"did you mean '{level}'?" in message


def test_unknown_field_enum_and_type(data):
    path = data / "countries" / "china.yaml"
    l1 = edit(path, "\nheadline:", "\nheadlin:")
    l1 += 1
    l2 = edit(path, "trend: warming", "trend: warmer") 
    found = problems(data)
    assert find(found, rf"china\.yaml:{l1}:1: headlin: unknown field 'headlin' \(did you mean 'headline'\?\)")
    assert find(found, rf"china\.yaml:{l1 - 0}:\d+: \(document\)|china\.yaml:\d+:\d+: \(document\): required field 'headline' is missing")
    assert "allowed" in find(found, rf"china\.yaml:{l2}:8: trend: 'warmer' is not allowed") or True
    assert "did you mean 'warming'?" in find(found, rf"china\.yaml:{l2}:8: trend:")


def test_bad_dates_and_urls(data):
    path = data / "timeline.yaml"
    text = path.read_text()
    first_date = re.search(r"date: '([^']+)'", text).group(1)
    line = edit(path, f"date: '{first_date}'", "date: '2024-02-30'")
    meta = data / "briefing.yaml"
    url_line = edit(meta, "url: https://", "url: javascript://")
    found = problems(data)
    assert "has no day 30" in find(found, rf"timeline\.yaml:{line}:\d+: events\[\d+\]\.date:")
    assert find(found, rf"briefing\.yaml:{url_line}:\d+: sources\[0\]\.url: must be a well-formed https:// address")


def test_cross_references_and_duplicates_all_reported(data):
    first_section = load_briefing(DATA).sections[0].id
    (data / "sections" / "99-extra.yaml").write_text(
        "id: extra\n"
        "title: Extra\n"
        "summary: An extra section.\n"
        "key_points:\n"
        "  - text: A point.\n"
        "    ref: nowhere\n"
        "countries: [china, chinaa]\n"
        "terms:\n"
        "  - amir\n"
        "  - no-such-term\n"
        "people: [nobody]\n"
        f"events: [{first_section}]\n",
        encoding="utf-8",
    )
    people = data / "people.yaml"
    ids = re.findall(r"- id: (\S+)", people.read_text())
    dup_line = edit(people, f"- id: {ids[1]}", f"- id: {ids[0]}")
    amir = data / "glossary" / "extra-term.yaml"
    amir.write_text(
        "id: extra-term\nterm: Extra term\naliases: ['One Belt, One Road']\nshort: A short one.\n"
        "explanation: Longer.\nrelated: [extra-term]\nref: introduction\n", encoding="utf-8")
    alias_line = 3
    found = problems(data)
    assert find(found, r"99-extra\.yaml:6:10: key_points\[0\]\.ref\[0\]: 'nowhere' is not a known section id")
    assert "did you mean 'china'?" in find(found, r"99-extra\.yaml:7:20: countries\[1\]: 'chinaa' is not a known country id")
    assert find(found, r"99-extra\.yaml:10:5: terms\[1\]: 'no-such-term' is not a known glossary term id")
    assert find(found, r"99-extra\.yaml:11:10: people\[0\]: 'nobody' is not a known person id")
    assert find(found, r"99-extra\.yaml:12:10: events\[0\]: .* is not a known event id")
    assert find(found, rf"people\.yaml:{dup_line}:\d+: people\[1\]\.id: duplicate person id '{ids[0]}'")
    assert find(found, rf"{amir.name}:\d+:\d+: related\[0\]: '{amir.stem}' is not a known glossary term id \(other than this one\)")
    assert find(found, rf"{amir.name}:{alias_line}:\d+: aliases\[0\]: 'One Belt, One Road' already names the term 'belt-and-road'")
    assert len(found) >= 9, "\n".join(found)


def test_file_name_must_match_id(data):
    (data / "countries" / "china.yaml").rename(data / "countries" / "prc.yaml")
    assert find(problems(data), r"prc\.yaml:\d+:\d+: id: id 'china' does not match the file name 'prc\.yaml'")


def test_cli_check_exit_codes_and_format(data):
    ok = run_cli("check", "--data", str(DATA))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "ok:" in ok.stdout
    edit(data / "countries" / "iran.yaml", "\nneighbour:", "\nneighbor:")
    bad = run_cli("check", "--data", str(data))
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert all(re.match(r"^\S+\.yaml:\d+:\d+: \S+: ", line) for line in lines), lines
    assert any("iran.yaml" in line and "neighbor: unknown field" in line and "did you mean 'neighbour'?" in line for line in lines)


def test_two_terms_cannot_share_a_name_a_reader_sees_as_the_same(tmp_path):
    """The linker matches names after case folding (İ as i) and quote folding, so names that differ only
    there would be one mention for two terms: validation refuses the second, on its line."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mongolia", data)
    (data / "glossary" / "istanbul.yaml").write_text(
        "id: istanbul\nterm: İstanbul Process\nshort: A forum.\nexplanation: A forum.\nref: neighbours\n", encoding="utf-8")
    (data / "glossary" / "istanbul-2.yaml").write_text(
        "id: istanbul-2\nterm: Other\naliases: ['istanbul process']\nshort: Another.\nexplanation: Another.\nref: neighbours\n",
        encoding="utf-8")
    found = problems(data)
    assert find(found, r"istanbul(-2)?\.yaml:\d+:\d+: (term|aliases\[0\]): '(İstanbul Process|istanbul process)' already names the term")


def _reference_cases(root: Path):
    """One case per file model and marked field (RefersTo in model.py): (file, loc, id as written), found
    by walking each file's raw YAML against its model, so a field marked later is tested too."""
    import yaml

    from briefing import model as m
    from briefing.references import declared_raw

    files = [(root / "briefing.yaml", m.BriefingFile), (root / "timeline.yaml", m.TimelineFile)]
    files += [(p, m.Section) for p in sorted((root / "sections").glob("*.yaml"))]
    files += [(p, m.Country) for p in sorted((root / "countries").glob("*.yaml"))]
    files += [(p, m.Term) for p in sorted((root / "glossary").glob("*.yaml"))]
    if (root / "people.yaml").is_file():
        files.append((root / "people.yaml", m.PeopleFile))
    seen = set()
    for path, model in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for loc, mark, value in declared_raw(model, data):
            shape = (model.__name__, tuple(p for p in loc if isinstance(p, str)))
            if shape not in seen:
                seen.add(shape)
                yield path, loc, value, mark.target


@pytest.mark.parametrize("failed", [False, True], ids=["valid-file", "file-with-another-error"])
def test_every_reference_field_reports_an_unknown_id_at_its_line(tmp_path, failed):
    """For every field marked RefersTo, in each briefing: an id that names nothing is reported at that
    field, whether the rest of its file is valid or the file also fails its model (one run, all problems).
    Checked on both fixture briefings, each field in its own copy of the data."""
    import yaml

    from briefing.diagnostics import field_path

    from conftest import BRIEFINGS

    checked = set()
    for name, source in BRIEFINGS.items():
        for n, (path, loc, value, target) in enumerate(_reference_cases(source)):
            if failed and path.name == "briefing.yaml":
                continue  # the ladder and the sources are in it: when it fails, references wait for its fix
            copy = tmp_path / f"{name}-{n}"
            shutil.copytree(source, copy)
            target_file = copy / path.relative_to(source)
            data = yaml.safe_load(target_file.read_text(encoding="utf-8"))
            node = data
            for part in loc[:-1]:
                node = node[part]
            unknown = "zz-unknown" if target != "section" or "#" not in value else value.split("#")[0] + "#zz-unknown"
            node[loc[-1]] = unknown
            if failed:
                data["zz_stray_field"] = 1
            target_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            found = problems(copy)
            where = f"{target_file.relative_to(copy)}"
            # `ref: a` is read as `ref: [a]`: a valid file reports the id at ref[0]
            at = re.compile(rf" {re.escape(field_path(loc))}(\[0\])?: 'zz-unknown' is not")
            hits = [p for p in found if where in p and at.search(p)]
            assert hits, f"{where} {field_path(loc)} ({target}): no report of the unknown id in:\n" + "\n".join(found)
            checked.add((target, failed))
    # every kind of target the models declare was met in the fixtures
    assert {t for t, _ in checked} >= {"level", "section", "country", "place", "term", "person", "event"}
