"""The synthetic briefing generator behind benchmarks/run.py: valid, deterministic, buildable."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from briefing.lint import placeholder_warnings
from briefing.validate import load_briefing

from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate  # noqa: E402


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_generated_briefing_is_valid(tmp_path):
    data = generate(tmp_path / "b", countries=60, terms=300, events=400, seed=3)
    briefing = load_briefing(data)
    assert len(briefing.countries) == 60
    assert any(c.kind == "bloc" for c in briefing.countries.values())
    assert len(briefing.terms) == 300
    assert any(a.isupper() for t in briefing.terms.values() for a in t.aliases)
    assert len(briefing.events) == 400
    assert any(e.place for e in briefing.events)
    assert not placeholder_warnings(briefing)  # valid and finished: no TODO left


def test_generator_is_deterministic(tmp_path):
    one = generate(tmp_path / "one", countries=12, terms=40, events=50, seed=11)
    two = generate(tmp_path / "two", countries=12, terms=40, events=50, seed=11)
    other = generate(tmp_path / "other", countries=12, terms=40, events=50, seed=12)
    assert _digest(one) == _digest(two)
    assert _digest(one) != _digest(other)


def test_tiny_generated_briefing_builds_strictly(tmp_path):
    data = generate(tmp_path / "tiny", countries=4, terms=12, events=15, sections=3, seed=5)
    site = tmp_path / "site"
    build_site(data, site)
    assert (site / "countries").is_dir()
    assert (site / "maps" / "overview.html").is_file()
