"""The all-payload briefing, built once per session with a real strict `mkdocs build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, serve
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
