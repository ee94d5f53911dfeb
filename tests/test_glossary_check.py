"""`briefing check` finds term mentions the way a build links them: as the reader sees the text."""

from __future__ import annotations

import shutil

import pytest
import yaml

from briefing.termuse import unused_term_warnings
from briefing.validate import load_briefing
from conftest import BRIEFINGS


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_terms_with_special_characters_count_as_used(name, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BRIEFINGS[name], data)
    section_file = sorted((data / "sections").glob("*.yaml"))[0]
    section = yaml.safe_load(section_file.read_text(encoding="utf-8"))
    # Mentioned as an editor would write them: an ampersand, quotes, a dotted capital I.
    section["summary"] += ' Spending on R&D and Tom\'s "Q" rose at the ISTANBUL PROCESS.'
    section_file.write_text(yaml.safe_dump(section, allow_unicode=True, sort_keys=False), encoding="utf-8")
    new = {"rnd": "R&D", "toms-q": 'Tom\'s "Q"', "istanbul-process": "İstanbul Process", "never-said": "Zq&Zq"}
    for term_id, term in new.items():
        entry = {"id": term_id, "term": term, "short": "A test term.", "explanation": "A test term.", "ref": section["id"]}
        (data / "glossary" / f"{term_id}.yaml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    warned = {w.message for w in unused_term_warnings(load_briefing(data))}
    assert "'Zq&Zq' is not mentioned on any page" in warned
    assert not {m for m in warned if any(f"'{t}'" in m for t in ("R&D", 'Tom\'s "Q"', "İstanbul Process"))}, warned
