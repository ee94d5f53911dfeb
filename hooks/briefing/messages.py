"""Pydantic's errors in an editor's words: what is wrong with a field, and a hint drawn from the model
(the field's description and example, the allowed values, the fields allowed where an unknown one is)."""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from pydantic import BaseModel

from . import model as m
from .dates import HINT as DATE_HINT
from .diagnostics import did_you_mean

YAML_SYNTAX_HINT = (
    "check quotes, brackets and indentation here and on the line before; "
    "text containing ': ' or ' #', or starting with [ { * & ! | > ' \" % @, needs quotes"
)
_TYPE_NAMES = {
    "string_type": "text", "float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
    "int_parsing": "a whole number", "int_from_float": "a whole number", "bool_type": "true or false",
    "bool_parsing": "true or false", "list_type": "a list", "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields", "model_attributes_type": "a mapping of fields",
}


def _found(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def clean_loc(loc: Iterable) -> tuple:
    return tuple(p for p in loc if isinstance(p, (str, int)) and not _is_validator_tag(p))


def field_help(model: type[BaseModel], loc: tuple) -> tuple[str | None, str | None]:
    """The description and a short YAML example of the field at loc, from the model, for hints."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None, None
    current: Any = model
    field = None
    for part in names:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None, None
        field = current.model_fields.get(part)
        if field is None:
            return None, None
        current = m.model_in(field.annotation)
    if isinstance(loc[-1], int):
        return None, None
    example = None
    examples = field.examples
    if examples:
        example = json.dumps(examples[0], ensure_ascii=False)
        if isinstance(examples[0], str) and not re.search(r"[:#\[\]{}'\"]|^\s|\s$", examples[0]):
            example = examples[0]
        if len(example) > 60:
            example = None
    return field.description, example


def _is_validator_tag(part: str) -> bool:
    return isinstance(part, str) and ("[" in part or part in ("function-after", "function-before"))


def _fields_at(model: type[BaseModel], loc: tuple, data: Any) -> list[str]:
    """The field names allowed at loc, for 'did you mean' on unknown fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = m.model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def pydantic_problem(model: type[BaseModel], data: Any, error: dict) -> tuple[tuple, str, str | None, bool]:
    """One pydantic error as an editor reads it: (loc, message, hint, whether to point at the key)."""
    loc = clean_loc(error["loc"])
    kind = error["type"]
    hint = None
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if kind == m.RULE:  # a rule about the file as a whole (model.rule): its own words and hint
        return loc, message, error.get("ctx", {}).get("hint"), False
    if kind == "missing":
        message = f"required field '{loc[-1]}' is missing"
        description, example = field_help(model, loc)
        hint = f"add '{loc[-1]}: {example}'" if example else f"add '{loc[-1]}:'"
        return loc[:-1], message, hint + (f"; {description}" if description else ""), True
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1], data)
        hint = did_you_mean(loc[-1], allowed) if allowed else None
        return loc, f"unknown field '{loc[-1]}'", hint, True
    if kind in ("enum", "literal_error"):
        message = f"{error.get('input')!r} is not allowed"
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        close = did_you_mean(error.get("input"), expected)
        allowed = "allowed: " + ", ".join(expected) if expected else None
        hint = f"{close} {allowed}" if close and close.startswith("did you mean") and allowed else close or allowed
    elif kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        message = f"{error.get('input')!r} does not have the right form"
        hint = {
            m.ID_PATTERN: "ids are lower-case letters, digits and hyphens, e.g. 'united-states'",
            r"^[A-Z]{3}$": "an ISO 3166 alpha-3 code in capitals, e.g. 'AFG'",
            r"^#[0-9a-fA-F]{6}$": "a colour such as '#1f77b4'",
        }.get(pattern)
    elif kind in _TYPE_NAMES:
        message = f"expected {_TYPE_NAMES[kind]}, found {_found(error.get('input'))}"
        _, example = field_help(model, loc)
        hint = f"e.g. {loc[-1]}: {example}" if example and isinstance(loc[-1], str) else None
    elif "; " + DATE_HINT in message:
        message, hint = message.split("; ", 1)
    return loc, message, hint, False
