"""Benchmark the briefing engine on the real briefing and on synthetic ones; print a Markdown table.

    python benchmarks/run.py            # real, 30 and 250 counterparts, PDF + Chromium reference (~8 min)
    python benchmarks/run.py --quick    # the same sizes, one A/B round, PDF of the real briefing only
    python benchmarks/run.py --full     # adds 100 counterparts and three A/B rounds at 250 (~15 min)

Every measured step runs in its own subprocess; its peak memory is that process's ru_maxrss (os.wait4),
i.e. the peak of a process that did the step and what the step needs before it (loading, for instance).

- load + validate: `load_briefing`.
- pages: `render_pages` (Jinja → Markdown) after load, index and map specs.
- glossary: sanitize + `Linker.link` over every page's HTML as MkDocs hands it to on_page_content (captured
  during an instrumented build), Linker compilation included.
- maps: `relmaps.render` of every map, HTML and SVG, cold cache.
- build: the whole `python -m mkdocs build` (our hooks), wall time from launch to exit.
- plain: `python -m mkdocs build` of the same final Markdown without hooks: the generated pages written into
  a temporary docs folder (with the hand-written pages, the stylesheet, the rendered map files, preview images and
  published data files as static files), same theme, custom_dir, nav, plugins and markdown extensions. Overhead = build / plain, medians of
  builds run alternately A, B, A, B, ...
- PDF: time inside post_build of a `BRIEFING_PDF=1` build (WeasyPrint), against the reference route:
  headless Chromium (Debian's, through Playwright) printing the same nav pages, one `page.pdf()` each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(HERE))

# Every step is timed cold (no map cache) unless a measurement asks for the disk cache explicitly.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "BRIEFING_CACHE": "0"}
ENV.pop("BRIEFING_PDF", None)


# ------------------------------------------------------------------------------------------------
# Running a step in a child process


def child(cmd: list[str], env: dict | None = None, timeout: float = 1200) -> tuple[float, int, str]:
    """Run cmd; return (wall seconds, peak RSS in KiB, stdout). Raises on failure."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env or ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-4000:]}")
    return seconds, usage.ru_maxrss, stdout


def probe(kind: str, *args: str, env: dict | None = None) -> dict:
    seconds, rss, stdout = child([sys.executable, str(HERE / "run.py"), "--probe", kind, *args], env=env)
    result = json.loads(stdout.strip().splitlines()[-1])
    result["rss_kb"] = rss
    result["wall"] = seconds
    return result


def mkdocs_build(config: Path, site: Path, data: Path | None, pdf: bool = False, cache: Path | None = None) -> tuple[float, int]:
    env = dict(ENV)
    if cache is not None:
        env.update(BRIEFING_CACHE="1", BRIEFING_CACHE_DIR=str(cache))
    if data is not None:
        env["BRIEFING_DATA"] = str(data)
    if pdf:
        env["BRIEFING_PDF"] = "1"
    seconds, rss, _ = child([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], env=env)
    return seconds, rss


# ------------------------------------------------------------------------------------------------
# Probes: run inside the child process, print one JSON line


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def probe_load(data: str) -> dict:
    from briefing.validate import load_briefing

    briefing, seconds = _timed(lambda: load_briefing(data))
    return {"seconds": seconds, "countries": len(briefing.countries), "terms": len(briefing.terms), "events": len(briefing.events)}


def _prepared(data: str):
    from briefing import relmaps
    from briefing.index import build_index
    from briefing.validate import load_briefing

    briefing = load_briefing(data)
    index = build_index(briefing)
    specs = {s.id: s for s in relmaps.all_specs(briefing, index)}
    return briefing, index, specs


def probe_pages(data: str) -> dict:
    from briefing.pages import render_pages

    briefing, index, specs = _prepared(data)
    from briefing.parallel import render_maps

    render_maps(list(specs.values()))  # as the build does first: the Data page lists the maps' sizes
    pages, seconds = _timed(lambda: render_pages(briefing, index, specs))
    return {"seconds": seconds, "pages": len(pages), "markdown_bytes": sum(len(p.markdown.encode()) for p in pages)}


def probe_maps(data: str) -> dict:
    from briefing import relmaps

    (briefing, index, specs), prep = _timed(lambda: _prepared(data))
    rendered, seconds = _timed(lambda: [relmaps.render(s) for s in specs.values()])
    # A `mkdocs serve` rebuild: a new SiteBuild makes new (equal) specs; the module-level cache answers.
    fresh = _prepared(data)[2]
    _, again = _timed(lambda: [relmaps.render(s) for s in fresh.values()])
    html_sizes = [len(r.html.encode()) for r in rendered]
    svg_sizes = [len(r.svg.encode()) for r in rendered]
    return {"seconds": seconds, "specs_seconds": prep, "cached_seconds": again, "maps": len(rendered),
            "html_max": max(html_sizes), "html_median": statistics.median(html_sizes),
            "svg_max": max(svg_sizes), "largest": max(rendered, key=lambda r: len(r.html)).spec.id}


def probe_link(data: str, dump: str) -> dict:
    import pickle

    from briefing import sanitize
    from briefing.glossary import GlossaryTerm, Linker
    from briefing.validate import load_briefing

    briefing = load_briefing(data)
    pages = pickle.loads(Path(dump).read_bytes())
    terms = [GlossaryTerm(t.id, (t.term, *t.aliases), t.short) for t in briefing.terms.values()]
    start = time.perf_counter()
    linker = Linker(terms)
    compiled = time.perf_counter() - start
    for html, url in pages:
        linker.link(sanitize.sanitize(html), "../glossary/")
    return {"seconds": time.perf_counter() - start, "compile": compiled, "pages": len(pages),
            "html_bytes": sum(len(h) for h, _ in pages)}


def probe_linkscale(data: str, dump: str) -> dict:
    """Linking time of the same text with the first 10%, 50% and all of the glossary."""
    import pickle

    from briefing.glossary import GlossaryTerm, Linker
    from briefing.validate import load_briefing

    briefing = load_briefing(data)
    pages = pickle.loads(Path(dump).read_bytes())
    terms = [GlossaryTerm(t.id, (t.term, *t.aliases), t.short) for t in briefing.terms.values()]
    out = {}
    for n in sorted({max(1, len(terms) // 10), len(terms) // 2, len(terms)}):
        linker, compiled = _timed(lambda: Linker(terms[:n]))
        runs = []
        for _ in range(3):
            _, seconds = _timed(lambda: [linker.link(h, "../glossary/") for h, _ in pages])
            runs.append(seconds)
        out[str(n)] = {"compile": compiled, "link": statistics.median(runs)}
    return {"seconds": 0.0, "scale": out, "html_bytes": sum(len(h) for h, _ in pages)}


def probe_build(data: str, site: str, dump: str = "", pdf: str = "0") -> dict:
    """An in-process `mkdocs build` with each hook step timed (and page HTML captured for probe_link)."""
    import pickle

    from briefing import relmaps
    from briefing import site as site_mod

    if pdf == "1":
        os.environ["BRIEFING_PDF"] = "1"
    os.environ["BRIEFING_DATA"] = data
    times: dict[str, float] = {}
    captured: list[tuple[str, str]] = []

    def wrap(owner, name, key, capture=False):
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*a, **kw):
            if capture:
                captured.append((a[1], a[2]))
            start = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                times[key] = times.get(key, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed)

    wrap(site_mod.SiteBuild, "__init__", "init (load, index, map specs)")
    wrap(site_mod, "render_pages", "pages")
    wrap(site_mod.SiteBuild, "add_files", "add_files (maps)")
    wrap(relmaps, "render", "maps")
    wrap(site_mod.SiteBuild, "page_content", "glossary", capture=bool(dump))
    wrap(site_mod.SiteBuild, "post_page", "post_page")
    wrap(site_mod.SiteBuild, "post_build", "pdf")
    from mkdocs.__main__ import cli

    start = time.perf_counter()
    try:
        cli.main(["build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", site], standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
    total = time.perf_counter() - start
    if dump:
        Path(dump).write_bytes(pickle.dumps(captured))
    return {"seconds": total, "steps": times}


def _read_mkdocs_yml() -> dict:
    """mkdocs.yml as MkDocs reads it: safe YAML plus the !ENV tag (pyyaml_env_tag, a MkDocs dependency)."""
    import yaml
    from yaml_env_tag import construct_env_tag

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", construct_env_tag)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def probe_plain(data: str, site_dir: str, out: str) -> dict:
    """Write the generated Markdown and a hook-free mkdocs.yml into `out` (the plain MkDocs twin)."""
    import yaml

    from briefing import relmaps, social
    from briefing.site import ASSETS, CSS_URI, SiteBuild, stylesheet

    out_dir = Path(out)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    docs = out_dir / "docs"
    shutil.copytree(ROOT / "docs", docs)
    build = SiteBuild(Path(data))
    from mkdocs.config import load_config

    # MkDocs' own config of the project, so configure() sees every key a real build has.
    config = load_config(str(ROOT / "mkdocs.yml"))
    config["extra_css"] = []
    build.configure(config)
    for spec in build.pages:
        target = docs / spec.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(spec.markdown, encoding="utf-8")
    # The site's static files as they are: our stylesheet, Leaflet and the rendered maps.
    shutil.copytree(ASSETS, docs / "assets" / "briefing", dirs_exist_ok=True)
    (docs / CSS_URI).write_text(stylesheet(), encoding="utf-8")  # as the site publishes it: one file
    for folder in (relmaps.MAP_DIR, relmaps.LEAFLET_DIR, social.IMAGE_DIR):
        shutil.copytree(Path(site_dir) / folder, docs / folder, dirs_exist_ok=True)
    for path, text in build.published.items():  # open data, feed, step charts
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    project = _read_mkdocs_yml()
    project.pop("hooks", None)
    project.pop("watch", None)
    project["docs_dir"] = str(docs)
    project["theme"]["custom_dir"] = str(ROOT / project["theme"]["custom_dir"])
    project["site_name"] = str(config["site_name"])
    if "site_description" in config:
        project["site_description"] = str(config["site_description"])
    project["extra_css"] = config["extra_css"]
    project["extra"] = {**project.get("extra", {}), **config["extra"]}
    project["nav"] = _plain_data(config["nav"])
    (out_dir / "mkdocs.yml").write_text(yaml.safe_dump(project, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert CSS_URI in config["extra_css"]
    return {"seconds": 0.0, "pages": len(build.pages)}


def _plain_data(value):
    """Nav entries as plain str/list/dict (the hook may hand Markup titles to MkDocs)."""
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return str(value) if isinstance(value, str) else value


def probe_chromium(site: str, pages_json: str, out: str) -> dict:
    """Print every nav page of a built site with headless Chromium (Playwright), one page.pdf() each."""
    from playwright.sync_api import sync_playwright

    urls = json.loads(Path(pages_json).read_text())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for i, url in enumerate(urls):
            page.goto(base + url, wait_until="load")
            page.emulate_media(media="print")
            page.pdf(path=str(out_dir / f"{i:04d}.pdf"), format="A4", print_background=True)
        browser.close()
    printed = time.perf_counter() - start
    merged = None
    try:
        from pypdf import PdfWriter

        writer = PdfWriter()
        for path in sorted(out_dir.glob("*.pdf")):
            writer.append(str(path))
        writer.write(str(out_dir / "all.pdf.out"))
        merged = time.perf_counter() - start
    except ImportError:
        pass
    server.shutdown()
    return {"seconds": printed, "merged": merged, "pages": len(urls)}


PROBES = {"load": probe_load, "pages": probe_pages, "maps": probe_maps, "link": probe_link,
          "linkscale": probe_linkscale, "build": probe_build, "plain": probe_plain, "chromium": probe_chromium}


# ------------------------------------------------------------------------------------------------
# The benchmark


def site_sizes(site: Path) -> dict:
    total = 0
    largest = (0, "")
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html" and size > largest[0]:
                largest = (size, path.relative_to(site).as_posix())
    profiles = [p.stat().st_size for p in (site / "countries").glob("*/index.html")]
    return {"total": total, "largest": largest, "profile_median": statistics.median(profiles) if profiles else 0}


def nav_pages(site_dir: Path) -> list[str]:
    """Nav page URLs of a built site, from its sitemap (same pages, in the order MkDocs wrote them)."""
    import re

    text = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    base = "https://briefing-desk.github.io/briefing/"
    return [u.replace(base, "") for u in re.findall(r"<loc>([^<]+)</loc>", text)]


def measure(label: str, data: Path, work: Path, rounds: int, pdf: bool, chromium: bool) -> dict:
    print(f"# {label}", file=sys.stderr, flush=True)
    work.mkdir(parents=True, exist_ok=True)
    site = work / "site"
    dump = work / "pages.pickle"
    row: dict = {"label": label}
    row["load"] = probe("load", str(data))
    row["pages"] = probe("pages", str(data))
    row["maps"] = probe("maps", str(data))
    row["instrumented"] = probe("build", str(data), str(site), str(dump), "0")
    row["link"] = probe("link", str(data), str(dump))
    row["linkscale"] = probe("linkscale", str(data), str(dump))
    probe("plain", str(data), str(site), str(work / "plain"))
    ours, warm, plain = [], [], []
    for i in range(rounds):
        # Cold: an empty map cache, as on a fresh clone or in CI. Warm: the same data again, maps
        # served from the disk cache, as for an editor's second build or a PR preview after a fix.
        cache = work / f"map-cache-{i}"
        shutil.rmtree(cache, ignore_errors=True)
        ours.append(mkdocs_build(ROOT / "mkdocs.yml", site, data, cache=cache))
        plain.append(mkdocs_build(work / "plain" / "mkdocs.yml", work / "plain-site", None))
        warm.append(mkdocs_build(ROOT / "mkdocs.yml", site, data, cache=cache))
        shutil.rmtree(cache, ignore_errors=True)
    row["warm"] = {"seconds": statistics.median(s for s, _ in warm), "rss_kb": max(r for _, r in warm), "all": [s for s, _ in warm]}
    row["build"] = {"seconds": statistics.median(s for s, _ in ours), "rss_kb": max(r for _, r in ours), "all": [s for s, _ in ours]}
    row["plain"] = {"seconds": statistics.median(s for s, _ in plain), "rss_kb": max(r for _, r in plain), "all": [s for s, _ in plain]}
    row["ratio"] = row["build"]["seconds"] / row["plain"]["seconds"]
    row["ratio_warm"] = row["warm"]["seconds"] / row["plain"]["seconds"]
    row["sizes"] = site_sizes(site)
    row["plain_sizes"] = site_sizes(work / "plain-site")
    if pdf:
        pdf_site = work / "pdf-site"
        row["pdf"] = probe("build", str(data), str(pdf_site), "", "1")
        row["pdf"]["pdf_seconds"] = row["pdf"]["steps"].get("pdf", 0.0)
        pdfs = list(pdf_site.glob("*.pdf"))
        row["pdf"]["bytes"] = pdfs[0].stat().st_size if pdfs else 0
        try:
            from pypdf import PdfReader

            row["pdf"]["pdf_pages"] = len(PdfReader(str(pdfs[0])).pages)
        except Exception:  # pypdf missing or no PDF: leave the count out
            pass
        if chromium and shutil.which("chromium"):
            urls = [u for u in nav_pages(pdf_site) if not u.startswith("maps/")]
            (work / "urls.json").write_text(json.dumps(urls))
            row["chromium"] = probe("chromium", str(pdf_site), str(work / "urls.json"), str(work / "chromium"))
    return row


def _s(x: float) -> str:
    return f"{x:.2f} s"


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def _size(n: float) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def table(rows: list[dict]) -> str:
    head = "| step | " + " | ".join(r["label"] for r in rows) + " |"
    lines = [head, "|---|" + "---|" * len(rows)]

    def add(name, fn):
        cells = []
        for r in rows:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ValueError):
                cells.append("–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    add("load + validate", lambda r: f"{_s(r['load']['seconds'])} · {_mb(r['load']['rss_kb'])}")
    add("page generation", lambda r: f"{_s(r['pages']['seconds'])} · {_mb(r['pages']['rss_kb'])}")
    add("glossary linking", lambda r: f"{_s(r['link']['seconds'])} · {_mb(r['link']['rss_kb'])}")
    add("maps (HTML + SVG)", lambda r: f"{_s(r['maps']['seconds'])} · {_mb(r['maps']['rss_kb'])}")
    add("`mkdocs build` (ours)", lambda r: f"{_s(r['build']['seconds'])} · {_mb(r['build']['rss_kb'])}")
    add("plain MkDocs, same Markdown", lambda r: f"{_s(r['plain']['seconds'])} · {_mb(r['plain']['rss_kb'])}")
    add("`mkdocs build`, maps cached", lambda r: f"{_s(r['warm']['seconds'])} · {_mb(r['warm']['rss_kb'])}")
    add("**overhead ratio** (cold)", lambda r: f"**{r['ratio']:.2f}**")
    add("overhead ratio, maps cached", lambda r: f"{r['ratio_warm']:.2f}")
    add("PDF (WeasyPrint, in build)", lambda r: f"{_s(r['pdf']['pdf_seconds'])} · {_mb(r['pdf']['rss_kb'])} · {r['pdf'].get('pdf_pages', '?')} pages")
    add("Chromium print, same pages", lambda r: f"{_s(r['chromium']['seconds'])} · {_mb(r['chromium']['rss_kb'])} · {r['chromium']['pages']} pages")
    add("site size (plain)", lambda r: f"{_size(r['sizes']['total'])} ({_size(r['plain_sizes']['total'])})")
    add("largest page", lambda r: f"{_size(r['sizes']['largest'][0])} `{r['sizes']['largest'][1]}`")
    add("profile page (median)", lambda r: _size(r["sizes"]["profile_median"]))
    add("largest map document", lambda r: f"{_size(r['maps']['html_max'])} `{r['maps']['largest']}`")
    add("maps: count, cached re-render", lambda r: f"{r['maps']['maps']}, {r['maps']['cached_seconds'] * 1000:.0f} ms")
    return "\n".join(lines)


def scale_table(rows: list[dict]) -> str:
    lines = ["| briefing | text | terms → compile, link |", "|---|---|---|"]
    for r in rows:
        scale = r.get("linkscale", {}).get("scale")
        if not scale:
            continue
        cells = "; ".join(f"{n}: {v['compile'] * 1000:.0f} ms, {v['link'] * 1000:.0f} ms" for n, v in scale.items())
        lines.append(f"| {r['label']} | {_size(r['linkscale']['html_bytes'])} | {cells} |")
    return "\n".join(lines)


def machine() -> str:
    import importlib.metadata as md

    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except Exception:
        pass
    versions = ", ".join(f"{p} {md.version(p)}" for p in ("mkdocs", "mkdocs-material", "weasyprint", "folium", "pydantic", "playwright") if _has(p))
    chromium = ""
    if shutil.which("chromium"):
        chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{dt.date.today().isoformat()} · {os.cpu_count()} cores · {mem} · {platform.platform()} · "
            f"Python {platform.python_version()} · {versions} · {chromium}")


def _has(dist: str) -> bool:
    import importlib.metadata as md

    try:
        md.version(dist)
        return True
    except md.PackageNotFoundError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the briefing engine (see the module docstring).")
    parser.add_argument("--quick", action="store_true", help="one A/B round, PDF of the real briefing only")
    parser.add_argument("--full", action="store_true", help="add 100 counterparts, three A/B rounds at every size")
    parser.add_argument("--rounds", type=int, help="A/B rounds for the overhead ratio (default 3; 1 at 250 or with --quick)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF and the Chromium reference")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--work", type=Path, help="keep the generated data and sites here")
    parser.add_argument("--probe", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        result = PROBES[args.probe[0]](*args.probe[1:])
        print(json.dumps(result))
        return 0

    from synth import generate

    rounds = args.rounds or (1 if args.quick else 3)
    sizes = [(30, 200, 500), (100, 2000, 2000), (250, 2000, 5000)] if args.full else [(30, 200, 500), (250, 2000, 5000)]
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    rows = []
    started = time.perf_counter()
    rows.append(measure("real", ROOT / "data", work / "real", rounds, pdf=not args.no_pdf, chromium=not args.no_pdf))
    for countries, terms, events in sizes:
        label = f"{countries}/{terms}/{events}"
        data = generate(work / f"data-{countries}-{terms}-{events}", countries=countries, terms=terms, events=events)
        big = countries >= 250
        n = rounds if (args.full or args.rounds or not big) else 1
        wanted = big and not args.no_pdf and not args.quick
        rows.append(measure(label, data, work / f"synth-{countries}-{terms}-{events}", n, pdf=wanted, chromium=wanted))
    print(f"Machine: {machine()}\n")
    print("Columns: the real briefing, then synthetic counterparts/terms/events. Cells: wall time · peak RSS.\n")
    print(table(rows))
    print("\nGlossary linking of the same text as the glossary grows (compile once, link every page; median of 3):\n")
    print(scale_table(rows))
    print(f"\nA/B rounds: {rounds} (1 at 250 counterparts unless --full); total benchmark time {time.perf_counter() - started:.0f} s; work folder {work}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
