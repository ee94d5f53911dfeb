"""Lighthouse (v12, mobile preset) on the reader's page types, against stock Material on the same Markdown.

    python benchmarks/lighthouse.py                     # real briefing, 1 run per page, table on stdout
    python benchmarks/lighthouse.py --runs 3 --write    # median of 3, written to engineering/benchmarks-lighthouse.md
    LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse python benchmarks/lighthouse.py

Both sites are served from 127.0.0.1 with gzip, as GitHub Pages serves them. "plain" is the same generated
Markdown built by MkDocs with stock Material: no hooks, no custom_dir, no briefing.css or briefing.js (the
maps are copied in so iframes load the same documents). Chromium is Debian's (CHROME_PATH, default
`which chromium`); Lighthouse comes from npm (`npx lighthouse@12` unless LIGHTHOUSE points at one).
Targets (issue 13): accessibility, best practices and SEO 1.0 on every page; performance >= 0.95 and not
below the plain page of the same Markdown in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def page_paths(data: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "hooks"))
    from briefing.index import build_index
    from briefing.validate import load_briefing

    b = load_briefing(data)
    first = build_index(b).countries_ranked[0]
    return {"home": "", "profile": f"countries/{first.id}/", "relations": "relations/", "timeline": "timeline/", "glossary": "glossary/"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the client asks (GitHub Pages does the same)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /timeline to /timeline/
            path = path / "index.html"
        if not (path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def build_ours(data: Path, site: Path) -> None:
    env = {**os.environ, "BRIEFING_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)], cwd=ROOT, env=env, check=True, capture_output=True)


def build_plain(data: Path, ours: Path, work: Path) -> Path:
    """The same generated Markdown with stock Material (run.py's plain twin, minus our theme additions)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks")}
    subprocess.run([sys.executable, str(HERE / "run.py"), "--probe", "plain", str(data), str(ours), str(work)], cwd=ROOT, env=env, check=True, capture_output=True)
    # Stock Material has no briefing.js to wake the maps: its pages get the plain iframe (src) a page
    # without our script would carry, so "plain" still pays for its maps as it always did.
    for page in (work / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "<iframe data-src=" in text:
            page.write_text(text.replace("<iframe data-src=", "<iframe src="), encoding="utf-8")
    config_file = work / "mkdocs.yml"
    project = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    project["theme"].pop("custom_dir", None)
    project["extra_css"] = []
    project.pop("extra_javascript", None)
    project["extra"] = {}
    config_file.write_text(yaml.safe_dump(project, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site = work / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site)], cwd=work, env=env, check=True, capture_output=True)
    return site


def lighthouse_command() -> list[str]:
    chosen = os.environ.get("LIGHTHOUSE")
    return [chosen] if chosen else ["npx", "--yes", "lighthouse@12"]


def chromium() -> str:
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not chrome:
        raise SystemExit("Debian's chromium is needed (CHROME_PATH or chromium on PATH)")
    return chrome


def run_lighthouse(url: str, out: Path) -> dict:
    chrome = chromium()
    cmd = lighthouse_command() + [
        url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    audits = report["audits"]
    scores["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    scores["lcp_ms"] = audits["largest-contentful-paint"]["numericValue"]
    scores["failed"] = sorted(
        key for key, audit in audits.items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    )
    return scores


def alternating(sites: dict[str, Path], paths: dict[str, str], runs: int, one) -> dict:
    """{page: {site: [one(site, page, url, round) for each round]}}, the loads taken in turn (ours, plain,
    ours, plain, ... page by page and round by round), so that load on the machine at any moment falls on
    both sides alike. Every site is served with gzip meanwhile."""
    rounds: dict = {}
    with contextlib.ExitStack() as stack:
        bases = {name: stack.enter_context(serve(site)) for name, site in sites.items()}
        for i in range(runs):
            for page, path in paths.items():
                for name, base in bases.items():
                    rounds.setdefault(page, {}).setdefault(name, []).append(one(name, page, f"{base}/{path}", i))
    return rounds


def measure(sites: dict[str, Path], paths: dict[str, str], runs: int, work: Path) -> dict:
    """Each cell is the median of its alternating runs."""
    rounds = alternating(sites, paths, runs, lambda name, page, url, i: run_lighthouse(url, work / f"{name}-{page}-{i}.json"))
    results: dict = {}
    for page, by_site in rounds.items():
        for name, runs_of in by_site.items():
            merged = {c: statistics.median(r[c] for r in runs_of) for c in (*CATEGORIES, "tbt_ms", "lcp_ms")}
            merged["failed"] = sorted({a for r in runs_of for a in r["failed"]})
            merged["each"] = [r["performance"] for r in runs_of]
            results.setdefault(page, {})[name] = merged
    return results


def table(results: dict, runs: int) -> str:
    lines = [
        f"| page | performance (ours / plain) | accessibility | best practices | SEO | TBT ms (ours / plain) | LCP ms (ours / plain) |",
        "|---|---|---|---|---|---|---|",
    ]
    spread = []
    for page, r in results.items():
        ours, plain = r["ours"], r["plain"]
        lines.append(
            f"| {page} | {ours['performance']:.2f} / {plain['performance']:.2f} | {ours['accessibility']:.2f} / {plain['accessibility']:.2f} "
            f"| {ours['best-practices']:.2f} / {plain['best-practices']:.2f} | {ours['seo']:.2f} / {plain['seo']:.2f} "
            f"| {ours['tbt_ms']:.0f} / {plain['tbt_ms']:.0f} | {ours['lcp_ms']:.0f} / {plain['lcp_ms']:.0f} |"
        )
        spread.append(f"- {page}: ours {', '.join(f'{x:.2f}' for x in ours['each'])}; "
                      f"plain {', '.join(f'{x:.2f}' for x in plain['each'])}")
    failed = {page: r["ours"]["failed"] for page, r in results.items() if r["ours"]["failed"]}
    notes = "\n".join(f"- {page}: failing audits {', '.join(a)}" for page, a in failed.items()) or "- no failing binary audit on our pages"
    return ("\n".join(lines) + f"\n\nMedian of {runs} alternating run(s) per page. Performance of each run:\n\n"
            + "\n".join(spread) + f"\n\n{notes}\n")


def write_report(body: str) -> Path:
    version = subprocess.run(lighthouse_command() + ["--version"], capture_output=True, text=True).stdout.strip()
    target = ROOT / "engineering" / "benchmarks-lighthouse.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(
        "# Lighthouse\n\n"
        f"Lighthouse {version}, mobile preset (simulated throttling), Debian's chromium, pages served from 127.0.0.1 "
        "with gzip as GitHub Pages serves them; \"plain\" is stock Material (no hooks, custom_dir, briefing.css or "
        "briefing.js) on the same generated Markdown, measured in the same run. Produced by "
        f"`python benchmarks/lighthouse.py --runs N --write` on {dt.date.today().isoformat()}.\n\n"
        "Targets: accessibility, best practices and SEO 1.0 on every page type; performance >= 0.95 and not "
        "below the plain page.\n\n" + body,
        encoding="utf-8",
    )
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT / "data"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", default=None, help="keep sites and reports here")
    parser.add_argument("--write", action="store_true", help="write engineering/benchmarks-lighthouse.md")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="lighthouse-"))
    work.mkdir(parents=True, exist_ok=True)
    data = Path(args.data).resolve()
    ours = work / "ours"
    build_ours(data, ours)
    plain = build_plain(data, ours, work / "plain")
    paths = page_paths(data)
    results = measure({"ours": ours, "plain": plain}, paths, args.runs, work)
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    body = table(results, args.runs)
    print(body)
    if args.write:
        print(f"wrote {write_report(body)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
