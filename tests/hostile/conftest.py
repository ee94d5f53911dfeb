"""The all-payload briefing, built once per session with a real strict `mkdocs build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PageWatch, build_site, serve
from hostile.corpus import payload_briefing, write


@pytest.fixture(scope="session")
def payload_data(tmp_path_factory) -> Path:
    return write(payload_briefing(), tmp_path_factory.mktemp("payload") / "data")


@pytest.fixture(scope="session")
def payload_site(payload_data) -> Path:
    dest = payload_data.parent / "site"
    build_site(payload_data, dest)  # --strict: an attack must not even cost a warning
    return dest


@pytest.fixture(scope="session")
def payload_server(payload_site):
    with serve(payload_site) as url:
        yield url


class PayloadWatch(PageWatch):
    """PageWatch for the all-payload site. Remote images that end up as a path of this site (Markdown
    reads `![c](\\\\evil.example\\p.png)` as `\\evil.example\\p.png`, a relative path) are neutralised
    attacks: an image 404 on the site's own server is expected; any other missing file is not."""

    def __init__(self, page, base_url: str):
        super().__init__(page, base_url)
        self.missing: list[str] = []
        page.on("response", lambda r: self.missing.append((r.url, r.request.resource_type)) if r.status == 404 else None)

    def assert_clean(self):
        neutralised = [u for u, kind in self.missing if u.startswith(self.base) and kind == "image"]
        assert len(neutralised) == len(self.missing), f"missing files: {self.missing}"
        errors = list(self.errors)
        for _ in neutralised:
            if "Failed to load resource: the server responded with a status of 404 (File not found)" in errors:
                errors.remove("Failed to load resource: the server responded with a status of 404 (File not found)")
        self.errors = errors
        super().assert_clean()
