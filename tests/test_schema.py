"""JSON Schemas for editors: valid draft-07, in sync with the models, matching every real data file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from briefing import schema
from briefing.yamlload import load_yaml

from conftest import DATA, FIXTURES, ROOT, run_cli

SCHEMA_DIR = DATA / "schema"
BRIEFINGS = [DATA, FIXTURES / "mongolia", FIXTURES / "sahel"]


def yaml_files():
    for root in BRIEFINGS:
        for path in sorted(root.rglob("*.y*ml")):
            yield root, path


def committed(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / schema.file_name(kind)).read_text(encoding="utf-8"))


def walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("examples", "default", "enum", "const"):
                yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, path + (i,))


@pytest.mark.parametrize("kind", list(schema.FILE_MODELS))
def test_schema_is_valid_draft07(kind):
    doc = committed(kind)
    assert doc["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(doc)
    for path, node in walk(doc):
        if isinstance(node, dict):
            assert "$defs" not in node and "prefixItems" not in node, path
            if "$ref" in node:
                assert node["$ref"].startswith("#/definitions/"), path
                assert len(node) == 1, f"draft-07 ignores keywords next to $ref at {path}"


@pytest.mark.parametrize("kind", list(schema.FILE_MODELS))
def test_every_field_has_description_and_examples(kind):
    doc = committed(kind)
    missing = []
    for path, node in walk(doc):
        if any(part in ("if", "then", "else") for part in path):
            continue  # a condition (state or bloc) restates fields that `properties` declares with their help
        if isinstance(node, dict) and isinstance(node.get("properties"), dict) and path[-1:] != ("properties",):
            for name, prop in node["properties"].items():
                for key in ("description", "examples"):
                    if key not in prop:
                        missing.append(f"{'/'.join(map(str, path))}/{name}: no {key}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("kind", list(schema.FILE_MODELS))
def test_committed_schema_matches_the_model(kind):
    """Fails when hooks/briefing/model.py changed without `briefing schema` being run."""
    text = (SCHEMA_DIR / schema.file_name(kind)).read_text(encoding="utf-8")
    assert text == schema.render(kind), f"data/schema/{schema.file_name(kind)} is stale: run `briefing schema`"


def test_no_stray_schema_files():
    expected = {schema.file_name(kind) for kind in schema.FILE_MODELS}
    assert {p.name for p in SCHEMA_DIR.iterdir()} == expected


def test_schema_command_writes_the_same_files(tmp_path):
    result = run_cli("schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for kind in schema.FILE_MODELS:
        assert (tmp_path / schema.file_name(kind)).read_text() == (SCHEMA_DIR / schema.file_name(kind)).read_text()
    check = run_cli("schema", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    (tmp_path / "term.schema.json").write_text("{}")
    stale = run_cli("schema", "--check", "--out", str(tmp_path))
    assert stale.returncode == 1 and "term.schema.json: out of date" in stale.stdout


@pytest.mark.parametrize("root,path", list(yaml_files()), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else "")
def test_data_file_validates_against_its_schema(root, path):
    kind = schema.data_file_kind(path, root)
    assert kind, f"{path} is not a known kind of data file"
    data, _ = load_yaml(path, str(path))
    errors = sorted(jsonschema.Draft7Validator(committed(kind)).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("root,path", list(yaml_files()), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else "")
def test_modeline_is_first_line_and_points_at_the_schema(root, path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(schema.MODELINE_PREFIX), f"{path}: first line must be the yaml-language-server modeline"
    target = (path.parent / first[len(schema.MODELINE_PREFIX):]).resolve()
    kind = schema.data_file_kind(path, root)
    assert target == (SCHEMA_DIR / schema.file_name(kind)).resolve(), f"{path} points at {target}"
    assert target.is_file()


def test_schema_accepts_what_the_loader_accepts_and_rejects_typos():
    country = committed("country")
    data, _ = load_yaml(DATA / "countries" / "russia.yaml", "russia.yaml")
    validator = jsonschema.Draft7Validator(country)
    assert not list(validator.iter_errors({**data, "facts": [{"text": "x", "ref": ["a", "b"]}]}))
    assert list(validator.iter_errors({**data, "neighbor": False}))  # unknown field
    assert list(validator.iter_errors({**data, "trend": "warmer"}))  # not in the enum
    timeline = jsonschema.Draft7Validator(committed("timeline"))
    event = {"id": "x", "date": 2024, "text": "t", "ref": "introduction"}  # an unquoted year is fine
    assert not list(timeline.iter_errors({"events": [event]}))
    assert list(timeline.iter_errors({"events": [{**event, "place": {"name": "x", "lat": 100, "lon": 0}}]}))


def test_examples_are_valid_for_their_field():
    """Hover examples must be valid values, or they teach editors mistakes."""
    for kind in schema.FILE_MODELS:
        doc = committed(kind)
        for path, node in walk(doc):
            if isinstance(node, dict) and "examples" in node and ("type" in node or "anyOf" in node or "allOf" in node):
                sub = {**node, "definitions": doc.get("definitions", {})}
                sub.pop("examples")
                for example in node["examples"]:
                    errors = list(jsonschema.Draft7Validator(sub).iter_errors(example))
                    assert not errors, f"{kind} {path}: example {example!r}: {errors[0].message}"


@pytest.mark.parametrize("change,error", [
    ({"kind": "state", "iso3": None}, "a state needs an 'iso3' code"),
    ({"kind": "bloc", "iso3": None, "members": []}, "a bloc needs 'members'"),
    ({"kind": "bloc", "members": ["DEU", "FRA"]}, "a bloc has members, not an iso3 code"),
], ids=["state-without-iso3", "bloc-without-members", "bloc-with-iso3"])
def test_schema_says_the_state_and_bloc_rules_as_the_model_does(change, error):
    """Editors are told in the editor what `briefing check` says: the model's rule and the schema's
    if/then/else refuse the same files and accept the valid state and bloc."""
    from pydantic import ValidationError

    from briefing.model import Country

    validator = jsonschema.Draft7Validator(committed("country"))
    state, _ = load_yaml(DATA / "countries" / "russia.yaml", "russia.yaml")
    bloc, _ = load_yaml(DATA / "countries" / "european-union.yaml", "european-union.yaml")
    for valid in (state, {**state, "kind": "state"}, bloc):  # kind: state is the default
        assert not list(validator.iter_errors(valid))
        Country.model_validate(valid)
    broken = {k: v for k, v in {**state, **change}.items() if v is not None}
    assert list(validator.iter_errors(broken)), f"the schema accepts {change}"
    with pytest.raises(ValidationError, match=re.escape(error)):
        Country.model_validate(broken)
