"""Hostile input that must be refused: each case names the right file, line, field and problem.

Checked in-process with load_briefing (fast); one real `mkdocs build` shows the same reports reach the
person running the build, several files at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.diagnostics import BriefingError
from briefing.validate import load_briefing
from conftest import build_site
from hostile.corpus import Case, base, payload_briefing, rejection_cases, write

CASES = rejection_cases()
PWNED_FILE = Path("/tmp/briefing-pwned")  # what the python/object tag case would create if it ran


def diagnostics_for(files: dict, folder: Path) -> list:
    write(files, folder)
    with pytest.raises(BriefingError) as caught:
        load_briefing(folder)
    return caught.value.diagnostics


def assert_reported(found: list, case: Case, prefix: str) -> None:
    for rel, line, field, message in case.expect:
        shown = f"{prefix}{rel}"
        hits = [d for d in found if d.path == shown and d.field == field
                and re.search(message, d.message + (f" ({d.hint})" if d.hint else ""))]
        report = "\n".join(d.format() for d in found)
        assert hits, f"{case.name}: no '{shown}: {field}: /{message}/' in:\n{report}"
        if line is not None:
            assert any(d.line == line for d in hits), f"{case.name}: expected line {line}:\n{report}"
        text = hits[0].format()
        assert re.match(rf"{re.escape(shown)}:\d+:\d+: {re.escape(field)}: ", text), text


def test_the_corpus_is_big_and_its_base_is_valid(tmp_path):
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    load_briefing(write(base(), tmp_path / "base"))
    load_briefing(write(payload_briefing(), tmp_path / "payload"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rejected_with_file_line_and_field(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths in reports are relative to the working directory
    files = base()
    case.mutate(files)
    found = diagnostics_for(files, Path("data"))
    assert_reported(found, case, "data/")
    assert not PWNED_FILE.exists(), "a YAML tag ran code"


@pytest.mark.slow
def test_a_real_build_reports_every_problem_and_writes_nothing(tmp_path):
    chosen = [c for c in CASES if c.name in ("python-object-tag", "alias-bomb", "yaml-tab-indent", "scalar-document",
                                             "impossible-date-feb-30", "duplicate-ladder-id")]
    assert len(chosen) == 6 and len({c.expect[0][0] for c in chosen}) == 6  # one file each
    files = base()
    for case in chosen:
        case.mutate(files)
    data = write(files, tmp_path / "data")
    site = tmp_path / "site"
    result = build_site(data, site, check=False)
    assert result.returncode != 0
    for case in chosen:
        rel, line, field, message = case.expect[0]
        at_line = str(line) if line is not None else r"\d+"
        where = rf"{re.escape(str(data / rel))}:{at_line}:\d+: {re.escape(field)}: "
        assert re.search(where + r".*" + message, result.stderr), f"{case.name} not reported:\n{result.stderr[-3000:]}"
    assert "nothing was built" in result.stdout + result.stderr
    assert not site.exists()
    assert not PWNED_FILE.exists()
