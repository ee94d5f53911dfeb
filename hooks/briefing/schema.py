"""JSON Schemas for editors: one per kind of data file, generated from the pydantic models.

yaml-language-server (VS Code's YAML extension, and others) reads draft-07 best; pydantic writes draft 2020-12.
`draft07()` converts: `$defs` become `definitions`, `$ref` with sibling keywords is wrapped in `allOf` (draft-07
ignores siblings of `$ref`, which would hide descriptions), nullable `anyOf` becomes a `type` list where it can,
and `prefixItems` becomes the array form of `items`.

Each YAML file names its schema on its first line:

    # yaml-language-server: $schema=../schema/country.schema.json

The committed files in data/schema/ are checked against the models by the tests; regenerate them with
`briefing schema` after changing hooks/briefing/model.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from . import model as m

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
MODELINE_PREFIX = "# yaml-language-server: $schema="

# kind -> (model, what the file is, where it lives in a briefing folder)
FILE_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "briefing": (m.BriefingFile, "briefing.yaml"),
    "section": (m.Section, "sections/NN-<id>.yaml"),
    "country": (m.Country, "countries/<id>.yaml"),
    "term": (m.Term, "glossary/<id>.yaml"),
    "timeline": (m.TimelineFile, "timeline.yaml"),
    "people": (m.PeopleFile, "people.yaml"),
}
FOLDER_KINDS = {"sections": "section", "countries": "country", "glossary": "term"}
TOP_KINDS = {"briefing.yaml": "briefing", "timeline.yaml": "timeline", "people.yaml": "people"}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def data_file_kind(path: Path | str, data_root: Path | str) -> str | None:
    """Which kind of data file `path` is, from its place in the briefing folder (None: not a data file)."""
    rel = PurePosixPath(Path(os.path.relpath(Path(path), Path(data_root))).as_posix())
    if rel.suffix not in (".yaml", ".yml"):
        return None
    if len(rel.parts) == 1:
        return TOP_KINDS.get(rel.name if rel.suffix == ".yaml" else rel.stem + ".yaml")
    if len(rel.parts) == 2:
        return FOLDER_KINDS.get(rel.parts[0])
    return None


def modeline(kind: str, yaml_path: Path | str, schema_dir: Path | str) -> str:
    """The first line a YAML file needs so that editors find its schema (a path relative to the file)."""
    target = os.path.relpath(Path(schema_dir) / file_name(kind), Path(yaml_path).parent)
    return MODELINE_PREFIX + Path(target).as_posix()


def schema_for(kind: str) -> dict[str, Any]:
    """The draft-07 schema of one kind of data file."""
    model, where = FILE_MODELS[kind]
    raw = model.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    converted = draft07(raw)
    out: dict[str, Any] = {"$schema": DRAFT_07}
    out.update(converted)
    out.update(getattr(model, "editor_rules", {}))  # a file's rules that JSON Schema can say (model.Country)
    out["title"] = f"briefing: {where}"
    return out


def render(kind: str) -> str:
    """The schema as committed: stable key order, two-space indent, trailing newline."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path | str) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_MODELS:
        path = out / file_name(kind)
        text = render(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(out_dir: Path | str) -> list[Path]:
    """Committed schema files that differ from what the models generate now (or are missing)."""
    out = Path(out_dir)
    return [
        out / file_name(kind)
        for kind in FILE_MODELS
        if not (out / file_name(kind)).is_file() or (out / file_name(kind)).read_text(encoding="utf-8") != render(kind)
    ]


def draft07(node: Any) -> Any:
    """Convert a pydantic (draft 2020-12) schema fragment to draft-07, recursively."""
    if isinstance(node, list):
        return [draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = {name: draft07(sub) for name, sub in value.items()}
        elif key == "$ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/$defs/", "#/definitions/")
        elif key in ("properties", "definitions", "patternProperties"):
            out[key] = {name: draft07(sub) for name, sub in value.items()}
        elif key in ("examples", "default", "enum", "const"):
            out[key] = value  # data, not schema
        elif key == "prefixItems":
            out["items"] = draft07(value)
            if "items" in node and node["items"] is not False:
                out["additionalItems"] = draft07(node["items"])
            else:
                out["additionalItems"] = False
        elif key == "items" and "prefixItems" in node:
            continue
        else:
            out[key] = draft07(value)
    if "$ref" in out and len(out) > 1:
        # draft-07 ignores keywords next to $ref: keep the description and examples by wrapping it.
        ref = {"$ref": out.pop("$ref")}
        out = {"allOf": [ref], **out}
    return _flatten_nullable(out)


def _flatten_nullable(node: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [{type: string, ...}, {type: null}]` -> `type: [string, 'null']` with the same constraints."""
    options = node.get("anyOf")
    if not isinstance(options, list) or len(options) != 2 or {"type": "null"} not in options:
        return node
    other = options[0] if options[1] == {"type": "null"} else options[1]
    if not isinstance(other.get("type"), str) or any(k in node for k in other if k not in ("description", "examples")):
        return node  # a $ref or a clash of keywords: keep anyOf, which draft-07 reads as well
    merged = {k: v for k, v in node.items() if k != "anyOf"}
    for key, value in other.items():
        merged.setdefault(key, value)
    merged["type"] = [other["type"], "null"]
    return merged
