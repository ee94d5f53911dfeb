"""The engine serves any briefing: nothing of the Afghanistan briefing in its code, templates or schema
examples, and nothing but reader pages in a briefing's site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html

from briefing.index import build_index
from briefing.pages import render_pages
from briefing.schema import FILE_MODELS, schema_for
from briefing.validate import load_briefing

from conftest import DATA, ROOT

ENGINE = ROOT / "hooks" / "briefing"
ENGINE_DATA = {ENGINE / "geodata"}  # Natural Earth's country and capital names: every country is in them
ENGINE_FILES = (".py", ".j2", ".html", ".css", ".js", ".json", ".md", ".txt", ".yaml", ".yml")


def _words_of_the_afghanistan_briefing() -> set[str]:
    """Names only the example briefing in data/ uses: its focal country and capital, the movement it is
    about, the ids of its briefing, sources and the sections of its article."""
    b = load_briefing(DATA)
    words = {"Afghanistan", "Taliban", "Kabul", b.meta.focal.name, b.meta.focal.capital.name, b.meta.id}
    words |= {s.id for s in b.meta.sources}
    # one-word section ids such as 'introduction' are ordinary English; the compound ones name this article
    words |= {s.id for s in b.sections if "-" in s.id}
    return words


def _engine_texts():
    for path in sorted(ENGINE.rglob("*")):
        if path.is_file() and path.suffix in ENGINE_FILES and not any(d in path.parents for d in ENGINE_DATA):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for kind in FILE_MODELS:  # what an editor sees on hover: generated from the model, checked as it is rendered
        yield f"JSON Schema '{kind}'", json.dumps(schema_for(kind), ensure_ascii=False)


def test_engine_names_nothing_of_the_example_briefing():
    words = _words_of_the_afghanistan_briefing()
    pattern = re.compile(r"(?<![a-z])(" + "|".join(re.escape(w) for w in sorted(words)) + r")(?![a-z])", re.I)
    found = [
        f"{where}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for where, text in _engine_texts()
        for m in pattern.finditer(text)
    ]
    assert not found, "the engine should serve any briefing:\n" + "\n".join(found)


def test_the_grep_would_catch_a_mention(tmp_path):
    """The words above do occur in the example briefing (so the test above is not vacuous)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.yaml")))
    words = _words_of_the_afghanistan_briefing()
    assert all(w.casefold() in text.casefold() for w in words), words


def test_engineering_notes_live_in_the_repository_not_in_docs():
    for name in ("guarantees.md", "benchmarks.md"):
        assert (ROOT / "engineering" / name).is_file()
        assert not (ROOT / "docs" / name).exists()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(engineering/guarantees.md)" in readme and "(engineering/benchmarks.md)" in readme
    for path in ENGINE.rglob("*.j2"):
        assert "guarantees.md" not in path.read_text(encoding="utf-8"), path
        assert "benchmarks.md" not in path.read_text(encoding="utf-8"), path


def _nav_targets(site: Path) -> set[str]:
    """Site-relative URLs of every entry of the built primary navigation (from the home page)."""
    tree = lxml.html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    targets = set()
    for a in tree.xpath('//nav[contains(@class, "md-nav--primary")]//a[contains(@class, "md-nav__link")][@href]'):
        href = urljoin("https://site.invalid/", a.get("href"))
        path = urlsplit(href).path.lstrip("/")
        targets.add(path)
    return targets


def test_nav_carries_reader_pages_only(briefing):
    b = load_briefing(briefing.data)
    pages = render_pages(b, build_index(b))
    reader = {"" if p.src_uri == "index.md" else p.src_uri[: -len(".md")] + "/" for p in pages}
    targets = _nav_targets(briefing.site)
    assert targets, "no navigation found"
    assert targets <= reader, sorted(targets - reader)
    assert {"about/", "glossary/", "timeline/"} <= targets
    for name in ("guarantees", "benchmarks"):
        assert not (briefing.site / name).exists(), name
    assert not any(re.search(r"benchmark|guarantee", t, re.I) for t in targets)


def test_claims_cite_a_section_of_a_named_source(tmp_path):
    """With two sources each section says whose it is, and a 'source#section' ref must match it."""
    import shutil

    from briefing.diagnostics import BriefingError
    import pytest

    from conftest import FIXTURES

    data = tmp_path / "two"
    shutil.copytree(FIXTURES / "mongolia", data)
    b = load_briefing(data)
    first, section = b.meta.sources[0], b.sections[0]
    assert load_briefing(data)  # one source: bare refs and no `source:` are fine
    meta = data / "briefing.yaml"
    text = meta.read_text(encoding="utf-8")
    second = (f"  - id: second-report\n    title: A second report\n    publisher: Another publisher\n"
              f"    url: https://example.org/second\n    date: '2024'\n")
    text = text.replace("\nsummary:", "\n" + second.rstrip("\n") + "\nsummary:", 1) if "\nsummary:" in text else text
    meta.write_text(text, encoding="utf-8")
    # a section with no `source:` belongs to the first source; one naming an unknown source is refused
    assert all(load_briefing(data).source_of(s).id == first.id for s in b.sections)
    sections = sorted((data / "sections").glob("*.yaml"))
    sections[-1].write_text(sections[-1].read_text(encoding="utf-8") + "source: secnd-report\n", encoding="utf-8")
    with pytest.raises(BriefingError) as failed:
        load_briefing(data)
    assert any("'secnd-report' is not a source id" in d.message and "second-report" in (d.hint or "")
               for d in failed.value.diagnostics), failed.value.diagnostics
    sections[-1].write_text(sections[-1].read_text(encoding="utf-8").replace("secnd-report", "second-report"), encoding="utf-8")
    two = load_briefing(data)
    assert two.source_of(two.sections[-1]).id == "second-report"
    assert [s.id for s in two.meta.sources] == [first.id, "second-report"]
    assert two.source_of(two.sections[0]).id == first.id
    # a qualified ref to the right source is valid; to the wrong or an unknown source, it is not
    judgement = two.meta.key_judgements[0].ref[0]
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"ref: {judgement}", f"ref: {first.id}#{judgement}", 1), encoding="utf-8")
    assert load_briefing(data).meta.key_judgements[0].ref[0] == f"{first.id}#{judgement}"
    for wrong, message in (("second-report", "is a section of"), ("nowhere", "is not a source id")):
        meta.write_text(meta.read_text(encoding="utf-8").replace(f"ref: {first.id}#", f"ref: {wrong}#", 1), encoding="utf-8")
        with pytest.raises(BriefingError) as failed:
            load_briefing(data)
        assert any(message in d.message for d in failed.value.diagnostics), failed.value.diagnostics
        meta.write_text(meta.read_text(encoding="utf-8").replace(f"ref: {wrong}#", f"ref: {first.id}#", 1), encoding="utf-8")


def test_serve_rebuilds_when_the_active_data_folder_changes(tmp_path):
    """`mkdocs serve` with BRIEFING_DATA outside data/ watches that folder: an edit there rebuilds the site."""
    import os
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import FIXTURES

    data = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "mongolia", data)
    section = load_briefing(data).sections[0]
    path = next(p for p in (data / "sections").glob("*.yaml") if p.name.split("-", 1)[1] == f"{section.id}.yaml")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BRIEFING_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", "BRIEFING_SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/sections/{section.id}/"

    def page_has(text: str, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert page_has(section.title, 120), "the served site never came up"
        new_title = "Retitled while serving"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"title: {section.title}", f"title: {new_title}", 1), encoding="utf-8")
        assert new_title not in text and new_title in path.read_text(encoding="utf-8")
        assert page_has(new_title, 120), "an edit in the data folder did not rebuild the site"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_a_briefing_with_two_sources_names_the_right_one(tmp_path):
    """Home lists every source; each section page, its citations and the About page name its own source."""
    import shutil

    from conftest import FIXTURES, build_site

    data = tmp_path / "two"
    shutil.copytree(FIXTURES / "mongolia", data)
    meta = data / "briefing.yaml"
    second = ("  - id: second-report\n    title: A second report & its \"annex\"\n    publisher: Another publisher\n"
              "    url: https://example.org/second\n    date: '2024'\nsummary:")
    meta.write_text(meta.read_text(encoding="utf-8").replace("\nsummary:", "\n" + second, 1), encoding="utf-8")
    first = load_briefing(FIXTURES / "mongolia").meta.sources[0].id
    sections = sorted((data / "sections").glob("*.yaml"))
    for path in sections:  # the last section summarises the second source, the others the first
        own = "second-report" if path == sections[-1] else first
        path.write_text(path.read_text(encoding="utf-8") + f"source: {own}\n", encoding="utf-8")
    b = load_briefing(data)
    last = b.sections[-1]
    assert b.source_of(last).id == "second-report" and b.source_of(b.sections[0]).id == first
    site = tmp_path / "site"
    build_site(data, site)

    def text(rel: str) -> str:
        import html as html_module

        raw = (site / rel).read_text(encoding="utf-8")
        return html_module.unescape(re.sub(r"<[^>]+>", " ", raw))

    home = " ".join(text("index.html").split())
    assert "Sources:" in home and all(s.title in home for s in b.meta.sources)
    assert "Source sections" in home and "The article, section by section" not in home
    for section in b.sections:
        page = " ".join(text(f"sections/{section.id}/index.html").split())
        own, other = b.source_of(section), next(s for s in b.meta.sources if s.id != b.source_of(section).id)
        assert f"of {own.title}" in page and f"of {other.title}" not in page, section.id
    raw_home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="briefing-src".*?title="Source: [^"]*' + re.escape(b.source_of(b.sections[0]).title.split()[0]), raw_home, re.S)
    about = " ".join(text("about/index.html").split())
    assert "the sources" in about and all(s.title in about for s in b.meta.sources)
