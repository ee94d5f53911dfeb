"""Settings: an environment variable, or its key under `extra: briefing:` in mkdocs.yml; the variable wins."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing import settings
from briefing.site import data_dir_for, pdf_requested

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in settings.VARIABLES.values():
        monkeypatch.delenv(name, raising=False)
    yield
    settings.apply({}, ROOT)  # forget what a test configured


def test_mkdocs_yml_values_become_defaults_and_paths_are_relative_to_it(tmp_path):
    config = tmp_path / "mkdocs.yml"
    settings.apply({"data": "briefings/mali", "pdf": True, "workers": 3}, tmp_path)
    assert data_dir_for(config) == (tmp_path / "briefings" / "mali").resolve()
    assert pdf_requested()
    assert os.environ["BRIEFING_WORKERS"] == "3"


def test_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_PDF", "0")
    monkeypatch.setenv("BRIEFING_DATA", str(tmp_path / "other"))
    settings.apply({"pdf": True, "data": "briefings/mali"}, tmp_path)
    assert not pdf_requested()
    assert data_dir_for(tmp_path / "mkdocs.yml") == tmp_path / "other"


def test_a_rebuild_with_an_edited_mkdocs_yml_replaces_earlier_values(tmp_path):
    settings.apply({"pdf": True}, tmp_path)
    assert pdf_requested()
    settings.apply({}, tmp_path)
    assert not pdf_requested() and "BRIEFING_PDF" not in os.environ


@pytest.mark.parametrize("extra, words", [({"pfd": True}, ["pfd", "known: data, pdf"]),
                                          ({"workers": 0}, ["extra.briefing.workers", "0"]),
                                          ({"data": ["a"]}, ["extra.briefing.data"])])
def test_bad_settings_are_named(extra, words, tmp_path):
    with pytest.raises(settings.SettingsError) as caught:
        settings.apply(extra, tmp_path)
    for word in words:
        assert word in str(caught.value)


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Settings"):]
    rows = dict(re.findall(r"^\| `(\w+)` \| `(BRIEFING_\w+)` \|", table, re.M))
    assert rows == settings.VARIABLES
