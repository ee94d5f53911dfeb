"""Hostile input that must be refused: each case names the right file, line, field and problem.

Checked in-process with load_briefing (fast); one real `mkdocs build` shows the same reports reach the
person running the build, several files at once.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from briefing.diagnostics import BriefingError, one_line
from briefing import cli
from briefing.validate import load_briefing
from conftest import build_site
from hostile.corpus import Case, base, dump, payload_briefing, rejection_cases, write

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
        text = hits[0].format()  # one line: control characters in names are shown as escapes
        assert "\n" not in text and re.match(rf"{re.escape(one_line(shown))}:\d+:\d+: {re.escape(field)}: ", text), text


def test_the_corpus_is_big_and_its_base_is_valid(tmp_path):
    assert len(CASES) >= 80
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
    # The same through `briefing check`: located lines only, one per problem, never a traceback.
    code, out, err = check_cli(Path("data"))
    assert code == 1 and "Traceback" not in out + err
    assert len(out.splitlines()) == len(found) and all(re.match(r"[^\n]+:\d+:\d+: ", row) for row in out.splitlines())


def check_cli(data: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check", "--data", str(data)])
    return code, out.getvalue(), err.getvalue()


def test_a_huge_file_is_refused_without_being_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = base()
    next(c for c in CASES if c.name == "sparse-3gb-file").mutate(files)
    write(files, Path("data"))
    before = _bytes_read()
    code, out, _ = check_cli(Path("data"))
    assert code == 1 and "3,221,225,472 bytes, over the" in out
    assert _bytes_read() - before < 20 * 1024 * 1024, "the 3 GB file was read"


def _bytes_read() -> int:
    """Bytes this process has read through read() calls, as the kernel counts them."""
    io_stats = Path("/proc/self/io").read_text()
    return int(re.search(r"^rchar: (\d+)$", io_stats, re.M).group(1))


def test_a_merge_with_an_overriding_key_is_legal(tmp_path):
    files = base()
    china = dump(files["countries/china.yaml"]).replace(
        "capital:\n  name: Beijing\n  lat: 39.9\n  lon: 116.4\n",
        "capital: &cap\n  name: Beijing\n  lat: 39.9\n  lon: 116.4\n")
    files["countries/china.yaml"] = china
    files["countries/bloc.yaml"] = dump(files["countries/bloc.yaml"]).replace(
        "capital:\n  name: Brussels\n  lat: 50.85\n  lon: 4.35\n",
        "capital:\n  <<: {name: Brussels, lat: 1.0, lon: 4.35}\n  lat: 50.85\n")
    b = load_briefing(write(files, tmp_path / "data"))
    assert b.countries["bloc"].capital.lat == 50.85 and b.countries["bloc"].capital.name == "Brussels"


def test_sections_are_ordered_by_number_not_by_name(tmp_path):
    files = base()
    files["sections/100-beta.yaml"] = files.pop("sections/02-beta.yaml")
    files["sections/99-alpha.yaml"] = files.pop("sections/01-alpha.yaml")
    b = load_briefing(write(files, tmp_path / "data"))
    assert [s.id for s in b.sections] == ["alpha", "beta"]
    assert b.section_numbers == {"alpha": 99, "beta": 100}


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


@pytest.mark.slow
def test_a_real_build_locates_the_new_inputs_and_keeps_the_previous_site(tmp_path):
    """Issue 17's inputs through a real `mkdocs build --strict`: each reported on its YAML line, no
    traceback, nothing printed that GitHub would run as a workflow command, the previous site untouched."""
    names = ("alias-bytes-bomb", "control-nul", "md-relative-image", "symlink-to-proc", "date-year-0000",
             "md-reference-definition", "two-sections-numbered-2", "reserved-country-overview",
             "file-name-with-workflow-command")
    chosen = [c for c in CASES if c.name in names]
    assert len(chosen) == len(names) and len({c.expect[0][0] for c in chosen}) == len(names)  # one file each
    files = base()
    for case in chosen:
        case.mutate(files)
    data = write(files, tmp_path / "data")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site")
    (site / ".nojekyll").write_text("")
    result = build_site(data, site, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "nothing was built" in output
    assert "Traceback" not in output
    assert not re.search(r"^::", output, re.M), "a workflow command reached the log"
    for case in chosen:
        rel, line, field, message = case.expect[0]
        where = rf"{re.escape(one_line(str(data / rel)))}:{line}:\d+: {re.escape(field)}: "
        message = message.replace(r"\n", r"\\n")  # the log shows a line break in a name as \n
        assert re.search(where + r".*" + message, result.stderr), f"{case.name} not reported:\n{result.stderr[-4000:]}"
    assert sorted(p.name for p in site.iterdir()) == [".nojekyll", "index.html"]
    assert (site / "index.html").read_text() == "previous good site"
