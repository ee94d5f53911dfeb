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

from conftest import DATA, build_site

pytestmark = pytest.mark.slow

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    sites = []
    for seed, name in (("1", "first"), ("2", "second/nested")):
        dest = tmp_path_factory.mktemp("repro") / name / "site"
        # No map cache: each build draws its maps afresh, so determinism is what is compared.
        build_site(DATA, dest, env={"SOURCE_DATE_EPOCH": str(EPOCH), "BRIEFING_PDF": "1", "PYTHONHASHSEED": seed,
                                    "BRIEFING_CACHE": "0"})
        sites.append(dest)
    return sites


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
