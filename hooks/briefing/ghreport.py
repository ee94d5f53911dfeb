"""Diagnostics as GitHub workflow annotations, plus a full table in the job's step summary."""

from __future__ import annotations

import os
from typing import Sequence

from .diagnostics import Diagnostic


def github_report(diagnostics: Sequence[Diagnostic]) -> None:
    for problem in diagnostics:
        print(problem.github())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    errors = [d for d in diagnostics if d.severity == "error"]
    lines = ["## briefing check", ""]
    if not diagnostics:
        lines.append("No problems found.")
    else:
        # GitHub shows at most 10 error annotations per step; the summary lists all of them.
        lines += [f"{len(errors)} error(s), {len(diagnostics) - len(errors)} warning(s).", "",
                  "| File | Line | Field | Problem |", "|---|---|---|---|"]
        for d in diagnostics:
            problem = d.message + (f" ({d.hint})" if d.hint else "")
            cells = [f"`{d.path}`", f"{d.line}:{d.col}", f"`{d.field}`", problem]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    with open(summary, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
