"""Rendering time of Markdown fields built to be slow: 20,000 brackets and other long runs.

Each input goes through the `md` filter's escaping (escape.md_block) and then Python-Markdown with the
extensions the site uses, as one event's text would. Target: every case under 1 s on the CI machine
(issue 17: 19,990 '[' took 314 s before brackets were balanced).

    PYTHONPATH=hooks python benchmarks/markdown_pathological.py
"""

from __future__ import annotations

import sys
import time

import markdown

from briefing.escape import md_block

N = 20_000
CASES = {
    "open brackets": "[" * N,
    "close brackets": "]" * N,
    "nested brackets": "[" * N + "x" + "]" * N,
    "image openers": "![" * (N // 2),
    "bracket pairs": "[a]" * (N // 3),
    "link openers": "[a](" * (N // 4),
    "backticks": "`" * N,
    "backtick pairs": "`a" * (N // 2),
    "asterisks": "*" * N,
    "emphasis openers": "*a" * (N // 2),
    "underscores": "_a" * (N // 2),
    "less-thans": "<" * N,
    "spaced brackets": "[ " * N,
    "spaced ampersands": "&amp; " * (N // 2),
    "ampersands": "&" * N,
    "braces": "{" * N,
}
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
TARGET_S = 1.0


def main() -> int:
    worst = 0.0
    for name, text in CASES.items():
        start = time.perf_counter()
        markdown.markdown(md_block(text), extensions=EXTENSIONS)
        took = time.perf_counter() - start
        worst = max(worst, took)
        print(f"{name:18} {len(text):>6} chars  {took * 1000:8.1f} ms{'  SLOW' if took > TARGET_S else ''}")
    print(f"worst {worst:.3f} s (target < {TARGET_S} s)")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
