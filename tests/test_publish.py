"""A failed `mkdocs build` leaves the last good site/ untouched; a good one replaces it completely."""

from __future__ import annotations

import pytest

from briefing.publish import Publisher
from conftest import build_site
from hostile.corpus import base, write

pytestmark = pytest.mark.slow


@pytest.fixture()
def old_site(tmp_path):
    site = tmp_path / "out" / "site"
    (site / "countries").mkdir(parents=True)
    (site / "marker.txt").write_text("previous good site")
    (site / "countries" / "gone.html").write_text("a page the next build no longer has")
    return site


def leftovers(site):
    return sorted(p.name for p in site.parent.iterdir() if p != site)


def test_invalid_data_keeps_the_old_site(tmp_path, old_site):
    files = base()
    files["countries/china.yaml"]["trend"] = "warmish"
    result = build_site(write(files, tmp_path / "data"), old_site, check=False)
    assert result.returncode != 0 and "trend: 'warmish' is not allowed" in result.stderr
    assert (old_site / "marker.txt").read_text() == "previous good site"
    assert sorted(p.name for p in old_site.iterdir()) == ["countries", "marker.txt"]
    assert leftovers(old_site) == []


def test_a_strict_warning_keeps_the_old_site(tmp_path, old_site):
    # A link to a page that does not exist: valid data, but MkDocs warns while rendering the pages,
    # and strict mode aborts only after on_post_build, when everything has been written.
    files = base()
    files["sections/01-alpha.yaml"]["summary"] = "TODO: write the summary."
    result = build_site(write(files, tmp_path / "data"), old_site, check=False)
    assert result.returncode != 0
    assert "still holds a TODO placeholder" in result.stderr and "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert "the new site is discarded" in result.stderr
    assert sorted(p.name for p in old_site.iterdir()) == ["countries", "marker.txt"]
    assert leftovers(old_site) == []


def test_a_good_build_replaces_the_site_completely(tmp_path, old_site):
    (old_site.parent / ".site.building-999999999-deadbeef").mkdir()  # left by a build that was killed
    result = build_site(write(base(), tmp_path / "data"), old_site)
    assert "published the site to" in result.stderr
    assert not (old_site / "marker.txt").exists() and not (old_site / "countries" / "gone.html").exists()
    assert (old_site / "index.html").is_file() and (old_site / "countries" / "china" / "index.html").is_file()
    assert (old_site / "sitemap.xml").is_file()
    assert leftovers(old_site) == []
    assert oct(old_site.stat().st_mode & 0o777) != oct(0o700), "site/ must keep the usual permissions"


class _Config(dict):
    pass


def test_a_good_build_keeps_dotfiles_it_did_not_write(tmp_path, old_site):
    # Stock MkDocs keeps dot-files when it cleans site_dir: a deploy checkout and the Pages marker.
    (old_site / ".git").mkdir()
    (old_site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (old_site / ".nojekyll").write_text("")
    build_site(write(base(), tmp_path / "data"), old_site)
    assert (old_site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (old_site / ".nojekyll").is_file()
    assert not (old_site / "marker.txt").exists() and (old_site / "index.html").is_file()
    assert leftovers(old_site) == []


def test_serve_and_library_builds_write_in_place(tmp_path):
    for command in ("serve", None):
        publisher = Publisher()
        if command:
            publisher.startup(command)
        config = _Config(site_dir=str(tmp_path / "site"), strict=True)
        publisher.begin(config)
        assert config["site_dir"] == str(tmp_path / "site")
        assert publisher.finish(config) is False
        assert list(tmp_path.iterdir()) == []
