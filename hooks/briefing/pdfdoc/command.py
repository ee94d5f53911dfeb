"""`briefing pdf`: a real MkDocs build with BRIEFING_PDF=1 into a temporary folder, then the PDF copied out.

The build is the same as `BRIEFING_PDF=1 mkdocs build` (run as `python -m mkdocs`, so the hook file, the
theme overrides and the nav are exactly those of the site), which keeps one way of making the PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..diagnostics import BriefingError
from ..validate import load_briefing

_PAGES = re.compile(r"briefing: PDF: (\d+) pages")


def pdf_command(data: str, out: str | None, config: str = "mkdocs.yml") -> int:
    config_file = Path(config).resolve()
    if not config_file.is_file():
        print(f"briefing pdf: {config}: no MkDocs configuration here (run it where mkdocs.yml is, or pass --config)", file=sys.stderr)
        return 2
    data_dir = Path(data).resolve()
    try:
        briefing = load_briefing(data_dir)
    except BriefingError as exc:
        for problem in exc.diagnostics:
            print(problem.format(), file=sys.stderr)
        print(f"briefing pdf: {len(exc.diagnostics)} problem(s) in {data}; no PDF was built", file=sys.stderr)
        return 1
    dest = Path(out) if out else Path.cwd() / f"{briefing.meta.id}.pdf"
    env = {**os.environ, "BRIEFING_PDF": "1", "BRIEFING_DATA": str(data_dir), "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site)],
            cwd=config_file.parent, env=env, capture_output=True, text=True,
        )
        log = result.stderr + result.stdout
        for line in log.splitlines():
            if "WARNING" in line or "ERROR" in line:
                print(line, file=sys.stderr)
        pdf = site / f"{briefing.meta.id}.pdf"
        if result.returncode != 0 or not pdf.is_file():
            if result.returncode == 0:
                print(log[-4000:], file=sys.stderr)
            print(f"briefing pdf: the MkDocs build failed (exit {result.returncode}); no PDF was written", file=sys.stderr)
            return result.returncode or 1
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, dest)
    elapsed = time.perf_counter() - started
    match = _PAGES.search(log)
    pages = f"{match.group(1)} pages" if match else "? pages"
    print(f"{dest}: {pages}, {dest.stat().st_size / 1024:.0f} KiB, built in {elapsed:.1f} s")
    return 0
