"""Main-thread blocking time of the reader's page types in Chromium itself, ours against stock Material.

    python benchmarks/blocking.py                 # real briefing, 6 loads per page and site
    python benchmarks/blocking.py --runs 10 --work /tmp/blocking

Lighthouse (lighthouse.py) simulates a phone from one fast load, and on a busy 2-core machine its score for
the same page moves by 0.1 from run to run. This measures the loads themselves: Chromium through
Playwright, a 412x823 phone viewport, CPU slowed 4x (DevTools protocol), each page loaded in turn on each
site (ours, plain, ours, plain, ...). Blocking time is Lighthouse's definition applied to the page's own
long tasks: the part over 50 ms of each task that ends after first paint. Prints medians of blocking
time and of script, style and layout time (Performance.getMetrics). The sites are built as lighthouse.py
builds them: "plain" is stock Material on the same generated Markdown.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lighthouse import ROOT, alternating, build_ours, build_plain, chromium, page_paths  # noqa: E402

LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true});
"""


def load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(LONG_TASKS)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(url, wait_until="load")
        page.wait_for_timeout(2500)  # the tasks our scripts and Material run after load
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        tasks = page.evaluate("window.__longTasks")
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
        return {
            "blocking": sum(max(0.0, d - 50) for s, d in tasks if s + d > fcp),
            "script": metrics["ScriptDuration"] * 1000,
            "style": metrics["RecalcStyleDuration"] * 1000,
            "layout": metrics["LayoutDuration"] * 1000,
        }
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data"))
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--work", default=None, help="build the sites here (kept)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(args.work or tempfile.mkdtemp(prefix="blocking-"))
    work.mkdir(parents=True, exist_ok=True)
    data = Path(args.data).resolve()
    build_ours(data, work / "ours")
    sites = {"ours": work / "ours", "plain": build_plain(data, work / "ours", work / "plain")}
    paths = page_paths(data)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        loads = alternating(sites, paths, args.runs, lambda name, page, url, i: load(browser, url))
        browser.close()
    print(f"Chromium, 412x823, CPU 4x, median of {args.runs} loads taken in turn; ms")
    print("| page | blocking (ours / plain) | script | style | layout |")
    print("|---|---|---|---|---|")
    for page, by_site in loads.items():
        med = {name: {k: statistics.median(r[k] for r in rows) for k in rows[0]} for name, rows in by_site.items()}
        o, q = med["ours"], med["plain"]
        print(f"| {page} | {o['blocking']:.0f} / {q['blocking']:.0f} | {o['script']:.0f} / {q['script']:.0f} "
              f"| {o['style']:.0f} / {q['style']:.0f} | {o['layout']:.0f} / {q['layout']:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
