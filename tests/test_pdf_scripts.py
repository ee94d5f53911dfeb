"""Names in any script print in the PDF; a character no font has is a located warning, never a failed deploy.

One real strict `BRIEFING_PDF=1 mkdocs build` of the small corpus briefing whose person is named in
Chinese, with an Arabic, Devanagari and emoji role, and one character (plane-16 private use) that no font
can have; the PDF is read back with pdftotext and pdffonts.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from briefing.validate import load_briefing
from conftest import build_site
from hostile.corpus import base, line_of, write

pytestmark = pytest.mark.slow

NAME = "Zhao Xing (赵星)"
ROLE = "Envoy of محمد, देवनागरी desk 🙂 since 2024 #1"  # digits, '#': emoji font must not draw them
NO_FONT = "\U0010fffd"  # private use: no font has it, so the PDF draws an empty box


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing (scripts/system-deps.sh)")
def test_every_script_prints_and_a_missing_glyph_is_located(tmp_path):
    files = base()
    person = files["people.yaml"]["people"][0]
    person.update(name=NAME, role=ROLE)
    files["timeline.yaml"]["events"][1]["text"] = f"Envoys meet {NO_FONT} in Beijing."
    data = write(files, tmp_path / "data")
    briefing = load_briefing(data)
    site = tmp_path / "site"
    result = build_site(data, site, env={"BRIEFING_PDF": "1"})  # strict: a missing glyph must not abort it
    pdf = site / f"{briefing.meta.id}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # A space drawn by the emoji font (it has digits, '#', '*' for keycaps) prints as a wide gap.
    assert re.search(r"since {1,3}2024 {1,3}#1", text), "a digit, '#' or the space beside it came from another font"
    flat = re.sub(r"\s+", "", text)
    for words in (NAME, "محمد", "🙂"):
        assert re.sub(r"\s+", "", words) in flat, f"{words!r} not in the PDF's text"
    # Devanagari comes out of pdftotext reordered; the font that drew it is the proof.
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    for family in ("Noto-Sans-CJK-SC", "Devanagari", "Noto-Color-Emoji"):
        assert family in fonts, f"no {family} font in the PDF:\n{fonts}"
    timeline = (data / "timeline.yaml").read_text(encoding="utf-8")
    where = rf"{re.escape(str(data / 'timeline.yaml'))}:{line_of(timeline, 'Envoys meet')}:\d+: warning: events\[1\]\.text: "
    assert re.search(where + r"the PDF shows an empty box for U\+10FFFD", result.stderr), result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
