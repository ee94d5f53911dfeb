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


def test_rules_about_one_file_point_at_their_field_and_the_file_is_still_checked_against_the_others(data):
    """The models' own rules (model.py: a state's iso3, a bloc's members, ids unique in a list) are reported
    at file:line:column of the field they concern, with a hint, and the file still takes part in the checks
    across files in the same run: its unknown ladder level, codes unknown to the boundary data, a broken
    reference next to the rule, and no false report about the items it defines."""
    russia = data / "countries" / "russia.yaml"
    state = edit(russia, "iso3: RUS\n", "kind: state\n")  # a state without its code
    level = edit(russia, "level: envoy-accepted\ntrend", "level: envoy-acepted\ntrend")
    eu = data / "countries" / "european-union.yaml"
    bloc = edit(eu, "kind: bloc\n", "kind: bloc\niso3: EUU\n")  # a bloc with a (made-up) code ...
    edit(eu, re.search(r"^members: .*\n", eu.read_text(), re.M).group(0), "")  # ... and no members
    meta = data / "briefing.yaml"
    # top to bottom, so that each line returned stays where it is
    source = edit(meta, "licence:", "  - id: insider-2024\n    title: Again\n    publisher: Someone\n"
                  "    url: https://example.org/again\n    date: '2024'\nlicence:")
    judgement = edit(meta, "    ref: ", "    ref: nowhere-at-all\n    # ")
    ladder = edit(meta, "  - id: presence\n", "  - id: no-mission\n")
    timeline = data / "timeline.yaml"
    event = edit(timeline, "  - id: russia-backs-nrf", "  - id: monarchy-abolished")
    found = problems(data)

    def at(path: Path, line: int, col: int, field: str, text: str) -> str:
        return find(found, rf"{re.escape(path.name)}:{line}:{col}: {re.escape(field)}: {re.escape(text)}")

    assert at(russia, state, 7, "kind", "a state needs an 'iso3' code (add iso3: XXX, or set kind: bloc with members)")
    assert at(russia, level, 8, "level", "'envoy-acepted' is not a ladder level (did you mean 'envoy-accepted'?)")
    assert at(eu, bloc, 7, "kind", "a bloc needs 'members' (list its members' ISO alpha-3 codes)")
    assert at(eu, bloc + 1, 7, "iso3", "a bloc has members, not an iso3 code (remove iso3; list the codes under members)")
    assert at(eu, bloc + 1, 7, "iso3", "'EUU' is not a country code in the boundary data")
    assert at(meta, ladder, 9, "ladder[1].id", "duplicate ladder level id 'no-mission' (already the id of ladder[0]; ")
    assert at(meta, source, 9, "sources[1].id", "duplicate source id 'insider-2024' (already the id of sources[0]; ")
    assert at(meta, judgement, 10, "key_judgements[0].ref[0]", "'nowhere-at-all' is not a known section id")
    assert at(timeline, event, 9, "events[1].id", "duplicate event id 'monarchy-abolished' (already the id of events[0]; ")
    # russia and the EU are still counterparts, whose ids other files may name
    assert not [p for p in found if "'russia' is not a known" in p or "'european-union' is not a known" in p], found
