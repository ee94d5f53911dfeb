"""`mkdocs serve`: how long a rebuild takes after an editor saves one profile, ours against plain MkDocs.

    python benchmarks/serve.py                         # the real briefing, 5 edits each
    python benchmarks/serve.py --data /tmp/big --edits 3

Both servers run at once on a copy of the data (ours) and on the plain twin of `run.py` (the same final
Markdown, no hooks). Each round edits one profile: ours its YAML file (the headline, which shows on the
profile, the relations table and the home page's board), plain the heading of the profile's Markdown; the figure is the
time from MkDocs' "Building documentation..." to "Reloading browsers" for the rebuild that edit starts
(config read again, build, hooks), so both sides are timed by the same clock from the same event, without
the file watcher's delay. Edits alternate between the two
servers, so load on the machine falls on both alike. Prints medians and the ratio (issue 15, target 2).
"""

from __future__ import annotations

import argparse
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import ENV, mkdocs_build, probe  # noqa: E402  (the plain twin and builds as run.py makes them)

# MkDocs logs each distinct message of a build once ("Documentation built in 0.71 seconds" is left out
# the second time a rebuild takes 0.71 s), so a rebuild is timed here, from the serve loop's own lines:
# from "Building documentation..." (before the config is read again) to "Reloading browsers".
START, END = "Building documentation...", "Reloading browsers"


class Server:
    """One `mkdocs serve` process and the build times it logs."""

    def __init__(self, config: Path, env: dict):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.times: queue.Queue[float] = queue.Queue()
        self.log: list[str] = []
        self.url = ""
        threading.Thread(target=self._read, daemon=True).start()
        self.first = self.next_build(timeout=600)

    def _read(self) -> None:
        started = None
        for line in self.proc.stderr:
            now = time.perf_counter()
            self.log.append(line)
            if "Serving on " in line:
                self.url = line.split("Serving on ", 1)[1].strip()
            if START in line:
                started = now
            elif (END in line or "Serving on" in line) and started is not None:
                self.times.put(now - started)
                started = None

    def next_build(self, timeout: float = 300) -> float:
        try:
            return self.times.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError("no rebuild logged:\n" + "".join(self.log[-40:])) from None

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def edit_line(path: Path, pattern: str, round_no: int) -> None:
    """Change the first line matching `pattern`: a new word at its end, different each round."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if re.match(pattern, line):
            body = re.sub(r" \(edit \d+\)(?=[\"']?$)", "", line.rstrip("\n"))
            quote = body[-1] if body[-1:] in ("'", '"') and body.count(body[-1]) >= 2 else ""
            stem = body[:-1] if quote else body  # inside a quoted value's quotes: still valid YAML
            lines[i] = f"{stem} (edit {round_no}){quote}\n"
            break
    else:
        raise RuntimeError(f"{path}: no line matches {pattern!r}")
    path.write_text("".join(lines), encoding="utf-8")
    time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the briefing (copied; never edited)")
    parser.add_argument("--edits", type=int, default=5, help="edits per server (default 5)")
    parser.add_argument("--work", type=Path, help="keep the copies and sites here")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    data = work / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(args.data, data)
    mkdocs_build(ROOT / "mkdocs.yml", work / "site", data)  # the plain twin takes its map files from here
    probe("plain", str(data), str(work / "site"), str(work / "plain"))
    profile = sorted((data / "countries").glob("*.yaml"))[0]
    page = work / "plain" / "docs" / "countries" / f"{profile.stem}.md"

    env = {**ENV, "BRIEFING_DATA": str(data), "BRIEFING_CACHE": "1", "BRIEFING_CACHE_DIR": str(work / "cache")}
    ours = Server(ROOT / "mkdocs.yml", env)
    plain = Server(work / "plain" / "mkdocs.yml", dict(ENV))
    try:
        times: dict[str, list[float]] = {"ours": [], "plain": []}
        for n in range(1, args.edits + 1):
            edit_line(profile, r"headline: ", n)
            times["ours"].append(ours.next_build())
            edit_line(page, r"# ", n)  # the page's heading
            times["plain"].append(plain.next_build())
        shown = urllib.request.urlopen(f"{ours.url}countries/{profile.stem}/", timeout=30).read().decode()
        if f"(edit {args.edits})" not in shown:  # the figure is only worth something if the page changed
            raise RuntimeError(f"the served profile does not show edit {args.edits}")
    finally:
        ours.stop()
        plain.stop()
    a, b = statistics.median(times["ours"]), statistics.median(times["plain"])
    print(f"briefing: {args.data} · profile edited: {profile.name} · {args.edits} edits each, alternating")
    print(f"first build: ours {ours.first:.2f} s, plain {plain.first:.2f} s")
    print(f"rebuild after one edit, median: ours {a:.2f} s, plain {b:.2f} s, ratio {a / b:.2f}")
    print(f"  ours:  {', '.join(f'{t:.2f}' for t in times['ours'])}")
    print(f"  plain: {', '.join(f'{t:.2f}' for t in times['plain'])}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
