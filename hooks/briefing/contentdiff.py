"""`briefing diff <rev>`: what a change does to the content, as Markdown for a pull request's description.

The briefing folder is read at <rev> (with `git ls-tree` and `git show`, into a temporary folder) and in the
working tree, both through `validate.load_briefing`, and compared item by item: counterparts, glossary terms,
timeline events, people and sections added, removed or changed (with the fields that changed). Ladder level and
trend changes are called out first, because reviewers look for them.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .briefing import Briefing
from .diagnostics import BriefingError
from .ghreport import summary_text as esc  # names and text from YAML, inert in Markdown
from .validate import load_briefing


class DiffError(Exception):
    """The comparison could not be made; the message says why."""


def _git(cwd: Path, *args: str, binary: bool = False) -> Any:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary)
    if result.returncode != 0:
        err = result.stderr if not binary else result.stderr.decode("utf-8", "replace")
        raise DiffError(f"git {' '.join(args)}: {err.strip()}")
    return result.stdout


def checkout_data(rev: str, data: Path, dest: Path) -> Path:
    """Write the briefing folder `data` as it was at `rev` into `dest`; return the copy's path."""
    data = data.resolve()
    top = Path(_git(data if data.is_dir() else data.parent, "rev-parse", "--show-toplevel").strip()).resolve()
    rel = data.relative_to(top).as_posix() if data != top else ""
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    names = _git(top, "ls-tree", "-r", "-z", "--name-only", commit, "--", rel or ".").split("\0")
    out = dest / "data"
    out.mkdir(parents=True, exist_ok=True)
    found = False
    for name in filter(None, names):
        inside = Path(name).relative_to(rel) if rel else Path(name)
        if inside.suffix not in (".yaml", ".yml"):
            continue
        target = out / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(top, "show", f"{commit}:{name}", binary=True))
        found = True
    if not found:
        raise DiffError(f"no briefing data under '{rel or '.'}' at {rev}")
    return out


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _fields_changed(old: Any, new: Any) -> list[str]:
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    return [key for key in b if a.get(key) != b.get(key)] + [key for key in a if key not in b]


def _compare(old: dict[str, Any], new: dict[str, Any], label) -> Changes:
    changes = Changes()
    for key in new:
        if key not in old:
            changes.added.append(label(new[key]))
        elif old[key] != new[key]:
            changes.changed.append(f"{label(new[key])}: {', '.join(_fields_changed(old[key], new[key]))}")
    for key in old:
        if key not in new:
            changes.removed.append(label(old[key]))
    return changes


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compare(old: Briefing, new: Briefing) -> str:
    """Markdown listing what changed from `old` to `new`."""
    old_levels = [level.id for level in old.meta.ladder]
    new_levels = [level.id for level in new.meta.ladder]
    callouts: list[str] = []
    for cid, country in new.countries.items():
        before = old.countries.get(cid)
        if before is None:
            callouts.append(f"**{esc(country.name)}**: new counterpart at {country.level} ({country.trend.value})")
            continue
        moves = []
        if before.level != country.level:
            arrow = ""
            if before.level in new_levels and country.level in new_levels:
                arrow = " ↑" if new_levels.index(country.level) > new_levels.index(before.level) else " ↓"
            elif before.level in old_levels and country.level in old_levels:
                arrow = " ↑" if old_levels.index(country.level) > old_levels.index(before.level) else " ↓"
            moves.append(f"{before.level} → {country.level}{arrow}")
        if before.trend != country.trend:
            moves.append(f"trend {before.trend.value} → {country.trend.value}")
        if moves:
            callouts.append(f"**{esc(country.name)}**: {'; '.join(moves)}")
    for cid, country in old.countries.items():
        if cid not in new.countries:
            callouts.append(f"**{esc(country.name)}**: counterpart removed (was at {country.level})")

    groups = [
        ("Counterparts", _compare(old.countries, new.countries, lambda c: f"**{esc(c.name)}** (`{c.id}`)")),
        ("Glossary terms", _compare(old.terms, new.terms, lambda t: f"**{esc(t.term)}** (`{t.id}`)")),
        ("Timeline events", _compare({e.id: e for e in old.events}, {e.id: e for e in new.events},
                                     lambda e: f"`{e.id}` ({e.date}: {esc(_short(e.text))})")),
        ("People", _compare(old.people, new.people, lambda p: f"**{esc(p.name)}** (`{p.id}`)")),
        ("Sections", _compare({s.id: s for s in old.sections}, {s.id: s for s in new.sections},
                              lambda s: f"**{esc(s.title)}** (`{s.id}`)")),
    ]
    meta_fields = _fields_changed(old.meta, new.meta) if old.meta != new.meta else []
    if old_levels != new_levels and "ladder" in meta_fields:
        callouts.append(f"**Ladder** changed: {' < '.join(old_levels)} → {' < '.join(new_levels)}")

    lines = ["## Content changes", ""]
    if not callouts and not any(c for _, c in groups) and not meta_fields:
        return "\n".join(lines + ["No changes to the briefing's content.", ""])
    if callouts:
        lines += ["### Relations", ""] + [f"- {c}" for c in callouts] + [""]
    for title, changes in groups:
        if not changes:
            continue
        lines += [f"### {title}", ""]
        lines += [f"- Added: {item}" for item in changes.added]
        lines += [f"- Removed: {item}" for item in changes.removed]
        lines += [f"- Changed: {item}" for item in changes.changed]
        lines.append("")
    if meta_fields:
        lines += ["### Briefing", "", f"- Changed in briefing.yaml: {', '.join(meta_fields)}", ""]
    return "\n".join(lines)


def diff(rev: str, data: Path | str) -> str:
    """Markdown comparing the briefing at `rev` with the working tree's."""
    data = Path(data)
    try:
        new = load_briefing(data)
    except BriefingError as exc:
        raise DiffError(f"the working tree's data has {len(exc.diagnostics)} problem(s): run `briefing check`") from None
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as tmp:
        old_data = checkout_data(rev, data, Path(tmp))
        try:
            old = load_briefing(old_data)
        except BriefingError as exc:
            raise DiffError(f"the data at {rev} has {len(exc.diagnostics)} problem(s), so it cannot be compared") from None
    text = compare(old, new)
    return text.replace("## Content changes", f"## Content changes since `{rev}`", 1)
