"""Shared fixtures: real MkDocs builds of a briefing, a local HTTP server, and Debian's chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# The default run draws the same examples every time, so that a failure seen in CI is seen again here.
# `pytest --hypothesis-profile=thorough` draws more, and new ones on each run (the round-trip test builds
# proportionally more briefings): that is how new failures are found.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("thorough", max_examples=400, deadline=None)
settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
# Builds in one test session share a map cache of their own: the first draws, the rest reuse, and
# nothing is left in the working tree's .cache/.
os.environ.setdefault("BRIEFING_CACHE_DIR", tempfile.mkdtemp(prefix="briefing-map-cache-"))
def _site_url() -> str:
    """mkdocs.yml's site_url default (a regex: the file carries !ENV tags that safe loading refuses)."""
    import re

    line = re.search(r"^site_url:.*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    url = re.search(r"https?://[^\s\"'\]]+", line.group(0)) if line else None
    return url.group(0) if url else "/"


SITE_URL = _site_url()
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-default-apps",
]


def build_site(data: Path, dest: Path, *, env: dict | None = None, check: bool = True, strict: bool = True,
               config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """A real `mkdocs build` of the project's mkdocs.yml (or `config`) with the given data folder."""
    full_env = {**os.environ, "BRIEFING_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(dest)]
    if strict:
        cmd.append("--strict")
    result = subprocess.run(cmd, cwd=config.parent, env=full_env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({result.returncode}):\n{result.stderr[-6000:]}")
    return result


def run_cli(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`briefing ARGS` run in this process through cli.main (no interpreter start-up per call), with its
    environment (`env` on top of this one's; a None value unsets), working directory, output and exit status
    as a subprocess would have them. tests/test_workflows.py runs the installed `briefing` command itself."""
    from briefing import cli

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    for name, value in (env or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["briefing", *args], code, out.getvalue(), err.getvalue())


# "Two briefings, always": every page, map, PDF and browser test runs on both of these, through the
# `briefing` fixture below. They differ in focal country, ladder, sources, a bloc, scripts and punctuation.
# The small tests/fixtures/mongolia briefing stays for unit tests that want a minimal data set.
BRIEFINGS = {"afghanistan": DATA, "sahel": FIXTURES / "sahel"}
# SOURCE_DATE_EPOCH of every PDF build in the tests: 2023-11-14T22:13:20Z.
EPOCH = 1_700_000_000
# The environment of each briefing's one shared PDF build (pdf_sites): the PDF's dates come from EPOCH,
# and maps are drawn afresh with a fixed hash seed, so test_reproducible can compare a second build of
# its own with this one.
PDF_ENV = {"BRIEFING_PDF": "1", "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": "1", "BRIEFING_CACHE": "0"}


# Fixtures that mean a whole site (a real `mkdocs build` of a fixture briefing) or Chromium. A test using one is
# marked slow or browser here, whether or not its module says so, so `make test-fast` never waits for one.
SLOW_FIXTURES = {"built_sites", "pdf_sites"}
BROWSER_FIXTURES = {"browser"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class Built:
    name: str   # key of BRIEFINGS, also the test id
    data: Path  # the data folder
    site: Path  # its strict build


def _builds_once(tmp_path_factory, kind: str, env: dict | None = None):
    """name -> Built: a strict build of that briefing with `env`, made on first use and then reused."""
    cache: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in cache:
            dest = tmp_path_factory.mktemp(f"{kind}-{name}") / "site"
            build_site(BRIEFINGS[name], dest, env=env)
            cache[name] = Built(name, BRIEFINGS[name], dest)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory):
    """name -> Built, each briefing built once per session on first use."""
    return _builds_once(tmp_path_factory, "site")


@pytest.fixture(scope="session")
def pdf_sites(tmp_path_factory):
    """name -> Built, each briefing built with its PDF (PDF_ENV) once per session on first use."""
    return _builds_once(tmp_path_factory, "pdf-site", PDF_ENV)


@pytest.fixture(scope="session", params=sorted(BRIEFINGS))
def briefing(request, built_sites) -> Built:
    """Each fixture briefing, built: tests that take it run once per briefing."""
    return built_sites(request.param)


@pytest.fixture(scope="session")
def briefing_server(briefing):
    """The built briefing served on 127.0.0.1 (one server per briefing)."""
    with serve(briefing.site) as url:
        yield url


@pytest.fixture(scope="session")
def briefing_deployed(briefing, tmp_path_factory):
    """The built briefing under the path of its site_url, as GitHub Pages serves it (see deployed_server)."""
    with serve_deployed(briefing.site, tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def real_site(built_sites) -> Path:
    return built_sites("afghanistan").site


@pytest.fixture(scope="session")
def fixture_site(built_sites) -> Path:
    return built_sites("sahel").site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def real_server(real_site):
    with serve(real_site) as url:
        yield url


@contextlib.contextmanager
def serve_deployed(site: Path, tmp_path_factory):
    """A built site under the path of its site_url (/briefing/), as GitHub Pages serves it.

    MkDocs writes 404.html with absolute links from site_url, because it is served for any missing
    URL; only under that path does it load its styles and scripts.
    """
    import urllib.parse

    prefix = urllib.parse.urlsplit(SITE_URL).path.strip("/")
    root = tmp_path_factory.mktemp("deployed")
    if prefix:
        (root / prefix).parent.mkdir(parents=True, exist_ok=True)
        (root / prefix).symlink_to(site, target_is_directory=True)
    else:
        root = site
    with serve(root) as url:
        yield f"{url}/{prefix}" if prefix else url


@pytest.fixture(scope="session")
def deployed_server(real_site, tmp_path_factory):
    """The Afghanistan site under its site_url path (briefing_deployed does this for each briefing)."""
    with serve_deployed(real_site, tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (scripts/system-deps.sh installs it)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Resolves once a Leaflet map has had no move, zoom or resize for `quiet` ms. A map settles after
# load (fitBounds, the legend's toggle re-sizing it); on a loaded machine that can outlast the first
# paint, and a point measured or clicked before then lands somewhere else.
_SETTLE_JS = """([name, quiet]) => new Promise(done => {
  const map = window[name || document.querySelector('.folium-map').id];
  let timer;
  const arm = () => { clearTimeout(timer); timer = setTimeout(done, quiet); };
  map.on('movestart move moveend zoomstart zoom zoomend resize', arm);
  arm();
})"""


def settle_map(frame, name: str | None = None, quiet: int = 300) -> None:
    """Wait until the map in `frame` (a Page or Frame; its variable `name`, else the folium one) is still."""
    frame.evaluate(_SETTLE_JS, [name, quiet])


def settle_animations(page) -> None:
    """Wait until no finite CSS transition or animation is running: axe measures contrast on the colours
    as painted, and a search result caught mid fade-in (or a button mid focus transition) blends with
    the background (CI once read 3.67:1)."""
    page.wait_for_function("""() => document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .every(a => a.playState !== 'running' && a.playState !== 'pending')""")


def wake_maps(page) -> None:
    """Maps load once the reader moves (briefing.js): move the pointer, as a reader would, and wait until
    every map frame has its address."""
    page.mouse.move(2, 2)
    page.mouse.move(4, 4)
    page.wait_for_function("() => !document.querySelector('figure.briefing-map iframe[data-src]')")


def open_map(page, url: str, map_id: str):
    """Load a page, wake its maps, bring its (first) map iframe into view, wait for Leaflet and for the
    map to settle; return the iframe and its frame."""
    page.goto(url, wait_until="networkidle")
    wake_maps(page)
    iframe = page.locator("figure.briefing-map iframe").first
    iframe.scroll_into_view_if_needed()
    # Attached, not visible: Leaflet leaves the paths of countries outside the view empty ("M0 0").
    page.frame_locator("figure.briefing-map iframe").first.locator(".leaflet-overlay-pane path").first.wait_for(
        state="attached")
    frame = next(f for f in page.frames if f.url.endswith(f"/maps/{map_id}.html"))
    settle_map(frame)
    return iframe, frame


class PageWatch:
    """Console errors, failed requests and requests to other hosts seen by one page."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base = base_url
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.base) or url.startswith("data:") or url.startswith("blob:") or url == "about:blank"):
            self.foreign.append(url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self):
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture()
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
