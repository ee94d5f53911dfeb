"""Two builds of the same commit with SOURCE_DATE_EPOCH set give byte-identical sites, PDF included.

The two builds differ in everything that should not matter: the output folder, the hash seed (set and
dict-of-set orders) and the time they run at.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import BRIEFINGS, EPOCH, PDF_ENV, build_site

pytestmark = pytest.mark.slow


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=sorted(BRIEFINGS))
def two_builds(request, pdf_sites, tmp_path_factory):
    """The session's PDF build of a briefing (hash seed 1, no map cache) and a second one made here."""
    first = pdf_sites(request.param).site
    second = tmp_path_factory.mktemp("repro") / "second" / "nested" / "site"
    # No map cache: each build draws its maps afresh, so determinism is what is compared.
    build_site(BRIEFINGS[request.param], second, env={**PDF_ENV, "PYTHONHASHSEED": "2"})
    assert PDF_ENV["PYTHONHASHSEED"] != "2" and PDF_ENV["BRIEFING_CACHE"] == "0"
    return [first, second]


def test_two_builds_are_byte_identical(two_builds):
    first, second = (digests(site) for site in two_builds)
    assert any(name.endswith(".pdf") for name in first), "the PDF was not built"
    assert first.keys() == second.keys(), sorted(first.keys() ^ second.keys())
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"files that differ between two builds: {differ}"


def test_timestamps_come_from_source_date_epoch(two_builds):
    site = two_builds[0]
    raw = (site / "sitemap.xml.gz").read_bytes()
    # gzip header MTIME: MkDocs rounds the build time down to the day, like the sitemap's <lastmod>.
    assert struct.unpack("<I", raw[4:8])[0] == EPOCH - EPOCH % 86400
    day = datetime.fromtimestamp(EPOCH, timezone.utc).date().isoformat()
    sitemap = gzip.decompress(raw).decode("utf-8")
    assert f"<lastmod>{day}</lastmod>" in sitemap and sitemap == (site / "sitemap.xml").read_text(encoding="utf-8")
    from pypdf import PdfReader

    info = PdfReader(next(site.glob("*.pdf"))).metadata
    assert info["/CreationDate"].startswith("D:20231114221320"), info
