"""The Markdown of every generated page of both fixture briefings, compared with a recorded copy.

Rendering the pages takes milliseconds, without MkDocs: a change to a template, a filter or the index
shows here as the exact lines it changed on which pages, long before a site build. A change that is
meant shows up the same way; record it with

    BRIEFING_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_pages_snapshot.py

and review the diff of tests/snapshots/ in the commit like any other change.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from briefing.index import build_index
from briefing.pages import render_pages
from briefing.validate import load_briefing
from conftest import BRIEFINGS

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("BRIEFING_UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_generated_pages_match_their_snapshots(name, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733011200")  # 1 December 2024: freshness notices are dated
    briefing = load_briefing(BRIEFINGS[name])
    pages = {spec.src_uri: spec.markdown for spec in render_pages(briefing, build_index(briefing))}
    folder = SNAPSHOTS / name
    recorded = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*.md")} if folder.is_dir() else {}
    if UPDATE:
        for stale in set(recorded) - set(pages):
            (folder / stale).unlink()
        for uri, markdown in pages.items():
            (folder / uri).parent.mkdir(parents=True, exist_ok=True)
            (folder / uri).write_text(markdown, encoding="utf-8")
        return
    assert sorted(pages) == sorted(recorded), "pages added or gone: record them (see the module docstring)"
    changed = []
    for uri, markdown in sorted(pages.items()):
        if markdown != recorded[uri]:
            diff = difflib.unified_diff(recorded[uri].splitlines(), markdown.splitlines(), f"recorded/{uri}", f"now/{uri}", lineterm="", n=1)
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, f"{len(changed)} page(s) changed (record them if meant: see the module docstring):\n\n" + "\n\n".join(changed)
