"""Diagnostics as GitHub workflow annotations, plus a full table in the job's step summary.

GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job) on the pull request's
"Files changed" tab; the rest are dropped silently. The step summary (`$GITHUB_STEP_SUMMARY`) has no such
limit, so it lists every problem, grouped by file.

Annotation paths must be relative to the repository root, or GitHub cannot place them on the diff.
"""

from __future__ import annotations

import dataclasses
import os
import string
from collections import defaultdict
from pathlib import Path
from typing import Sequence

from .diagnostics import Diagnostic, one_line

ANNOTATION_LIMIT = 10  # per step and severity, as GitHub documents it


def repo_root(start: Path | None = None) -> Path | None:
    """The repository root: $GITHUB_WORKSPACE in Actions, else the nearest folder above with a .git."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and Path(workspace).is_dir():
        return Path(workspace).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_relative(path: str, root: Path | None) -> str:
    """`path` (as shown, relative to the working directory or absolute) relative to the repository root."""
    if root is None:
        return path
    absolute = (Path.cwd() / path).resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return path


def github_report(diagnostics: Sequence[Diagnostic], *, ok_line: str | None = None) -> None:
    root = repo_root()
    located = [dataclasses.replace(d, path=repo_relative(d.path, root)) for d in diagnostics]
    for problem in located:
        print(problem.github())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(summary_markdown(located, ok_line=ok_line))


_PUNCTUATION = frozenset(string.punctuation)


def summary_text(text: str) -> str:
    """Text from YAML (a file name, key or value) for GitHub-flavoured Markdown: every ASCII punctuation
    character as a character reference, so no tag, link, image, autolink (`https:`, `www.`, `@`),
    emphasis or table cell can start inside it; it reads exactly as written. One line: line breaks and
    control characters shown as escapes."""
    return "".join(f"&#{ord(c)};" if c in _PUNCTUATION else c for c in one_line(text))


def _cell(text: str) -> str:
    return summary_text(text)


def summary_markdown(diagnostics: Sequence[Diagnostic], *, ok_line: str | None = None) -> str:
    """The step summary: a verdict, the annotation limit when it applies, and every problem grouped by file."""
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity != "error"]
    lines = ["## briefing check", ""]
    if not errors:
        lines.append(":white_check_mark: The briefing's data is valid." + (f" {summary_text(ok_line)}" if ok_line else ""))
    else:
        lines.append(
            f":x: **{len(errors)} error{'s' if len(errors) != 1 else ''}** "
            f"and {len(warnings)} warning{'s' if len(warnings) != 1 else ''} in the briefing's data. "
            "Nothing was built from it."
        )
    if not diagnostics:
        return "\n".join(lines) + "\n\n"
    if len(errors) > ANNOTATION_LIMIT or len(warnings) > ANNOTATION_LIMIT:
        lines += [
            "",
            f"> [!NOTE]\n> GitHub shows only the first {ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT} warnings of a step "
            "as annotations on the changed files. All of them are listed below.",
        ]
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        by_file[d.path].append(d)
    for path in sorted(by_file):
        lines += ["", f"### {summary_text(path)}", "", "| Line:Col | Field | Problem | Hint |", "|---:|---|---|---|"]
        for d in sorted(by_file[path]):
            problem = ("warning: " if d.severity != "error" else "") + d.message
            lines.append(
                f"| {d.line}:{d.col} | {_cell(d.field)} | {_cell(problem)} | {_cell(d.hint or '')} |"
            )
    lines += ["", "Run `briefing check` on your machine to see the same list, or fix the files in the pull request."]
    return "\n".join(lines) + "\n\n"
