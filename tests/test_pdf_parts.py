"""Laying the PDF out a part at a time (pdfdoc/parts.py) and using several cores (parallel.py).

Real builds of each briefing with BRIEFING_PDF=1: with parts so small that every long chapter is laid out in
several stretches, once with one worker and once with two (maps drawn and PDF parts laid out in parallel);
and once with the default part size, where each chapter is laid out whole.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefing.validate import load_briefing

from conftest import build_site

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")
pytestmark = pytest.mark.slow

EPOCH = "1700000000"
TINY = "2500"  # bytes of HTML per part: the timeline and the glossary each become several stretches


@pytest.fixture(scope="module")
def builds(briefing, tmp_path_factory):
    """(one worker, two workers, default parts): sites built from the same data, maps drawn afresh."""
    sites = {}
    for name, env in {
        "one": {"BRIEFING_WORKERS": "1", "BRIEFING_PDF_PART_BYTES": TINY},
        "two": {"BRIEFING_WORKERS": "2", "BRIEFING_PDF_PART_BYTES": TINY},
        "whole": {"BRIEFING_WORKERS": "1"},
    }.items():
        dest = tmp_path_factory.mktemp(f"parts-{briefing.name}-{name}") / "site"
        build_site(briefing.data, dest, env={"BRIEFING_PDF": "1", "BRIEFING_CACHE": "0", "SOURCE_DATE_EPOCH": EPOCH, **env})
        sites[name] = dest
    return briefing, sites


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _pdf(site: Path, data: Path) -> Path:
    return site / f"{load_briefing(data).meta.id}.pdf"


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_one_and_two_workers_write_the_same_bytes(builds):
    briefing, sites = builds
    one, two = _files(sites["one"]), _files(sites["two"])
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert any(name.startswith("maps/") for name in one) and _pdf(sites["one"], briefing.data).is_file()


def test_stretches_give_the_pages_of_whole_chapters(builds):
    """Every page's text, running heads and "Page n of N" included, is the same whether long chapters
    were laid out in stretches or whole."""
    briefing, sites = builds
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    stretched, whole = _pages(_pdf(sites["one"], briefing.data)), _pages(_pdf(sites["whole"], briefing.data))
    assert len(stretched) == len(whole)
    different = [i + 1 for i, (a, b) in enumerate(zip(stretched, whole)) if a != b]
    assert different == [], f"pages {different[:10]} differ"
    total = len(whole)
    for number, text in enumerate(whole[1:], start=2):
        assert re.search(rf"Page {number} of {total}\s*$", text.rstrip()), (number, text[-200:])


def test_links_and_outline_span_the_parts(builds):
    briefing, sites = builds
    reader = pypdf.PdfReader(str(_pdf(sites["one"], briefing.data)))
    named = reader.named_destinations
    pages_of = {name: reader.get_destination_page_number(dest) for name, dest in named.items()}
    targets = set()
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if "/Dest" in annot:
                assert str(annot["/Dest"]) in named, annot["/Dest"]
                targets.add(pages_of[str(annot["/Dest"])])
    assert len(targets) > 10  # links land on many pages, across parts
    ids = [name for name in named if name.startswith("briefing-block-")]
    assert ids == [], ids[:5]  # the markers used to find where a stretch may end are not destinations
    model = load_briefing(briefing.data)
    top = [item for item in reader.outline if not isinstance(item, list)]
    nested = [item for item in reader.outline if isinstance(item, list)]
    titles = {item.title for item in top} | {i.title for group in nested for i in group if not isinstance(i, list)}
    assert {c.name for c in model.countries.values()} <= titles
