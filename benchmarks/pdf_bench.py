"""Time a plain `mkdocs build` against `BRIEFING_PDF=1 mkdocs build` of a briefing (default: data/).

Not a test: run it by hand, e.g. `python benchmarks/pdf_bench.py` or `python benchmarks/pdf_bench.py --runs 5
--data tests/fixtures/mongolia`. Prints the median wall time of each kind of build, and the PDF's page count
and size. Each build goes into its own temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(data: Path, dest: Path, pdf: bool) -> tuple[float, str]:
    env = {**os.environ, "BRIEFING_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("BRIEFING_PDF", None)
    if pdf:
        env["BRIEFING_PDF"] = "1"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed ({'PDF' if pdf else 'plain'}):\n{result.stderr[-3000:]}")
    return elapsed, result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(ROOT / "data"), help="briefing folder (default: data/)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (default: 3)")
    args = parser.parse_args()
    data = Path(args.data).resolve()
    times: dict[str, list[float]] = {"plain": [], "pdf": []}
    pages = size = None
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        for run in range(args.runs):
            for kind in ("plain", "pdf"):
                dest = Path(tmp) / f"{kind}-{run}"
                elapsed, log = build(data, dest, pdf=kind == "pdf")
                times[kind].append(elapsed)
                pdfs = list(dest.glob("*.pdf"))
                if kind == "plain" and pdfs:
                    sys.exit("a plain build wrote a PDF")
                if kind == "pdf":
                    match = re.search(r"briefing: PDF: (\d+) pages, (\d+) bytes", log)
                    pages, size = (int(match[1]), int(match[2])) if match else (None, pdfs[0].stat().st_size)
    plain, pdf = statistics.median(times["plain"]), statistics.median(times["pdf"])
    print(f"briefing: {data}  ({args.runs} runs each, {os.cpu_count()} CPUs)")
    print(f"plain mkdocs build:           median {plain:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in times['plain'])}")
    print(f"BRIEFING_PDF=1 mkdocs build:  median {pdf:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in times['pdf'])}")
    print(f"PDF cost: +{pdf - plain:.2f} s;  PDF: {pages} pages, {size / 1024:.0f} KiB" if size else "PDF: not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
