"""What `briefing check` tells an editor: every problem at once, on the right line and column, with a hint.

Each test breaks a copy of the real data the way editors do, runs the real CLI, and checks the exact position.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, run_cli


@pytest.fixture()
def data(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def position(path: Path, needle: str, occurrence: int = 0, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of the first character of `needle` (plus offset) in the file."""
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(data: Path, *extra: str, env: dict | None = None) -> tuple[int, list[str]]:
    result = run_cli("check", "--data", str(data), *extra, env=env, cwd=data.parent)
    return result.returncode, result.stdout.splitlines()


def line_for(lines: list[str], file: str, line: int, col: int, field: str) -> str:
    prefix = f"data/{file}:{line}:{col}: {field}: "
    found = [text for text in lines if text.startswith(prefix)]
    assert found, f"no problem starting {prefix!r} in:\n" + "\n".join(lines)
    return found[0]


def test_every_kind_of_problem_at_once_with_positions_and_hints(data):
    russia = data / "countries" / "russia.yaml"
    china = data / "countries" / "china.yaml"
    timeline = data / "timeline.yaml"
    amir = data / "glossary" / "amir.yaml"
    cop29 = data / "glossary" / "cop29.yaml"
    intro = data / "sections" / "00-introduction.yaml"

    # unknown field (and so a missing one): points at the misspelt key
    edit(china, "\nheadline:", "\nheadlin:")
    # missing nested field: points at the parent mapping's key
    edit(russia, "  lat: 55.76\n", "")
    capital_key = position(russia, "capital:")
    # wrong type
    edit(russia, "  lon: 37.62", "  lon: east")
    lon_value = position(russia, "east")
    # bad enum
    edit(russia, "trend: warming", "trend: warmer")
    trend_value = position(russia, "warmer")
    # bad ladder level, in a file that also fails its model: still reported in the same run
    edit(russia, "level: envoy-accepted\ntrend", "level: envoy-acepted\ntrend")
    level_value = position(russia, "envoy-acepted")
    # bad reference id, in a list
    edit(timeline, "countries: [russia, afghanistan]", "countries: [rusia, afghanistan]")
    rusia = position(timeline, "rusia")
    # bad date
    edit(timeline, "date: '1973'", "date: '1973-13'")
    date_value = position(timeline, "'1973-13'")
    # duplicate key
    edit(amir, "term: Amir\n", "term: Amir\nterm: Emir\n")
    duplicate = position(amir, "term: Emir")
    # YAML syntax error: a colon inside plain text
    edit(cop29, "term: COP29", "term: COP29: the climate conference")
    colon = position(cop29, "COP29: the", offset=len("COP29"))
    # badly formed id
    edit(intro, "id: introduction", "id: Introduction")
    bad_id = position(intro, "Introduction")
    # rules about one file (model.py): a bloc without members, a ladder id used twice
    eu = data / "countries" / "european-union.yaml"
    edit(eu, re.search(r"^members: .*\n", eu.read_text(encoding="utf-8"), re.M).group(0), "")
    eu_kind = position(eu, "bloc")
    meta = data / "briefing.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "  - id: presence\n    label: Again\n    colour: '#000000'\n"
                    "    meaning: Again.\n", encoding="utf-8")
    twice = position(meta, "- id: presence", occurrence=1, offset=len("- id: "))

    code, lines = check(data)
    assert code == 1

    found = line_for(lines, "countries/china.yaml", *position(china, "headlin:"), "headlin")
    assert "unknown field 'headlin' (did you mean 'headline'?)" in found
    found = line_for(lines, "countries/china.yaml", 2, 1, "(document)")
    assert "required field 'headline' is missing" in found and "(add 'headline:" in found

    found = line_for(lines, "countries/russia.yaml", *capital_key, "capital")
    from briefing.model import Place  # hints show the model's example values

    assert "required field 'lat' is missing" in found and f"add 'lat: {Place.model_fields['lat'].examples[0]}'" in found
    found = line_for(lines, "countries/russia.yaml", *lon_value, "capital.lon")
    assert "expected a number, found the text 'east'" in found and f"(e.g. lon: {Place.model_fields['lon'].examples[0]})" in found
    found = line_for(lines, "countries/russia.yaml", *trend_value, "trend")
    assert "'warmer' is not allowed" in found
    assert "did you mean 'warming'?" in found and "allowed: warming, steady, cooling, hostile" in found
    found = line_for(lines, "countries/russia.yaml", *level_value, "level")
    assert "'envoy-acepted' is not a ladder level (did you mean 'envoy-accepted'?)" in found

    found = line_for(lines, "timeline.yaml", *rusia, r"events[1].countries[0]")
    assert "'rusia' is not a known country id" in found and "'russia'" in found
    found = line_for(lines, "timeline.yaml", *date_value, "events[0].date")
    assert "month 13 does not exist (write 2024-11-10" in found

    found = line_for(lines, "glossary/amir.yaml", *duplicate, "term")
    assert f"duplicate key 'term' (first defined at line {duplicate[0] - 1};" in found
    found = line_for(lines, "glossary/cop29.yaml", *colon, "(document)")
    assert "YAML syntax error" in found and "needs quotes" in found

    found = line_for(lines, "sections/00-introduction.yaml", *bad_id, "id")
    assert "'Introduction' does not have the right form (ids are lower-case letters" in found

    found = line_for(lines, "countries/european-union.yaml", *eu_kind, "kind")
    assert "a bloc needs 'members' (list its members' ISO alpha-3 codes)" in found
    found = line_for(lines, "briefing.yaml", *twice, "ladder[8].id")
    assert "duplicate ladder level id 'presence' (already the id of ladder[1];" in found

    # nothing else is reported as a consequence: references to the broken term files are not errors
    assert not [text for text in lines if "'amir' is not a known" in text or "'cop29' is not a known" in text], lines
    assert all(re.match(r"^data/\S+\.yaml:\d+:\d+: \S+: .+ \(.+\)$", text) for text in lines), lines


def test_missing_top_level_field_points_at_the_mapping(data):
    russia = data / "countries" / "russia.yaml"
    edit(russia, "neighbour: false\n", "")
    code, lines = check(data)
    assert code == 1
    found = line_for(lines, "countries/russia.yaml", 2, 1, "(document)")  # line 1 is the schema modeline
    assert "required field 'neighbour' is missing (add 'neighbour: true'; Shares a border" in found


def test_bad_ladder_level_hint_lists_levels_when_nothing_is_close(data):
    russia = data / "countries" / "russia.yaml"
    edit(russia, "level: envoy-accepted\ntrend", "level: friends\ntrend")
    code, lines = check(data)
    found = line_for(lines, "countries/russia.yaml", *position(russia, "friends"), "level")
    assert "(allowed: 'ambassadors', " in found


def git_repo(path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)


def github_env(summary: Path) -> dict:
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    return env


def test_github_format_annotations_and_full_summary(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git_repo(repo)
    china = repo / "data" / "countries" / "china.yaml"
    # twelve problems: more than the ten annotations GitHub shows per step
    extra = "".join(f"extra{i}: x\n" for i in range(12))
    edit(china, "\nheadline:", "\n" + extra + "headline:")
    first = position(china, "extra0:")
    summary = tmp_path / "summary.md"
    # run from inside data/: annotation paths must still be relative to the repository root
    result = run_cli("check", "--data", ".", "--format", "github", cwd=repo / "data",
                     env={"GITHUB_WORKSPACE": None, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    annotations = result.stdout.splitlines()
    assert len(annotations) == 12
    assert annotations[0] == (
        f"::error file=data/countries/china.yaml,line={first[0]},col={first[1]},title=briefing check::"
        "extra0: unknown field 'extra0'"
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## briefing check")
    assert "**12 errors**" in text
    assert "GitHub shows only the first 10 errors" in text
    shown = html.unescape(text)  # text from files and YAML is written as character references
    assert "### data/countries/china.yaml" in shown
    assert all(f"unknown field 'extra{i}'" in shown for i in range(12))
    assert f"| {first[0]}:{first[1]} | extra0 |" in shown


def test_github_format_on_valid_data(tmp_path):
    summary = tmp_path / "summary.md"
    result = run_cli("check", "--data", str(DATA), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "ok:" in result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "The briefing's data is valid." in text and "counterparts" in text


def test_annotation_escapes_workflow_command_characters():
    from briefing.diagnostics import Diagnostic

    d = Diagnostic("data/a,b:c.yaml", 3, 4, "text", "100% wrong\nreally", "fix it")
    assert d.github() == (
        "::error file=data/a%2Cb%3Ac.yaml,line=3,col=4,title=briefing check::text: 100%25 wrong%0Areally (fix it)"
    )
