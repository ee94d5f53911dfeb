"""A fixture briefing with the optional issue-14 content it may lack: dated ladder steps and ICD 203
marks on key judgements. Tests of the time control and the badges run on each fixture briefing; where a
briefing has none of that content, they run on a copy given some (the pages would otherwise have
nothing to show), built once per session."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml

from briefing.dates import parse_date
from briefing.model import Confidence, Likelihood
from briefing.validate import load_briefing
from conftest import Built, build_site

_CACHE: dict[str, Built] = {}


def _needs(data: Path) -> tuple[bool, bool]:
    b = load_briefing(data)
    dated = sum(1 for c in b.countries.values() if c.steps)
    marked = any(j.likelihood or j.confidence for j in b.meta.key_judgements)
    return dated < 2, not marked


def _month(day: dt.date, back: int) -> str:
    months = day.year * 12 + day.month - 1 - back
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def enrich(source: Path, dest: Path) -> None:
    """Copy `source` to `dest`, adding two dated steps to each counterpart without any (the lowest
    rung, then its current level) and marks to each key judgement, cycling through the values."""
    shutil.copytree(source, dest)
    need_steps, need_marks = _needs(source)
    meta_path = dest / "briefing.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    if need_marks:
        likelihoods, confidences = [v.value for v in Likelihood], [v.value for v in Confidence]
        for i, judgement in enumerate(meta["key_judgements"]):
            judgement["likelihood"] = likelihoods[(i * 3) % len(likelihoods)]
            judgement["confidence"] = confidences[i % len(confidences)]
        meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if need_steps:
        as_of = parse_date(meta["as_of"]).start.first_day()
        lowest = meta["ladder"][0]["id"]
        for i, path in enumerate(sorted((dest / "countries").glob("*.yaml"))):
            country = yaml.safe_load(path.read_text(encoding="utf-8"))
            if country.get("steps"):
                continue
            ref = country["facts"][0]["ref"]
            country["steps"] = [
                {"date": _month(as_of, 30 - i), "level": lowest, "text": "First contact, as the test sets it.", "ref": ref},
                {"date": _month(as_of, 12 - i), "level": country["level"], "text": "Today's level, as the test sets it.", "ref": ref},
            ]
            path.write_text(yaml.safe_dump(country, allow_unicode=True, sort_keys=False), encoding="utf-8")


def enriched(built: Built) -> Built:
    """`built` itself when it has dated steps and marked judgements, else a built enriched copy."""
    if not any(_needs(built.data)):
        return built
    if built.name not in _CACHE:
        root = Path(tempfile.mkdtemp(prefix=f"briefing-enriched-{built.name}-"))
        enrich(built.data, root / "data")
        build_site(root / "data", root / "site")
        _CACHE[built.name] = Built(built.name + "-enriched", root / "data", root / "site")
    return _CACHE[built.name]
