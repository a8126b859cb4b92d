"""Hypothesis strategies for the JSON Schema subset Monite's request bodies use.

hypothesis-jsonschema 0.23.1 (the latest release) drives object generation through a private
Hypothesis API (`many.more()`) that the installed Hypothesis no longer has, so objects cannot be
drawn with it; this small generator covers what the spec's request schemas need.
"""

from __future__ import annotations

import math
from datetime import timezone
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]

_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**31), 2**31)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(max_size=10)
)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)

_FORMATS: dict[str, st.SearchStrategy[str]] = {
    "uuid": st.uuids().map(str),
    "email": st.emails(),
    "uri": st.from_regex(r"https://[a-z]{1,12}\.test(/[a-z0-9_-]{0,12}){0,3}", fullmatch=True),
    "date": st.dates().map(lambda value: value.isoformat()),
    "date-time": st.datetimes(timezones=st.just(timezone.utc)).map(lambda v: v.isoformat()),
}


def from_schema(schema: Schema) -> st.SearchStrategy[Any]:
    """Values valid against `schema` (refs already inlined)."""
    assert "pattern" not in schema, "pattern is not supported here"
    if "allOf" in schema:
        merged: Schema = {key: value for key, value in schema.items() if key != "allOf"}
        for part in schema["allOf"]:
            merged = {**part, **merged}
        return from_schema(merged)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return st.one_of([from_schema(option) for option in schema[combinator]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind is None:
        return _object(schema) if "properties" in schema else JSON_VALUES
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return _integers(schema)
    if kind == "number":
        return _integers(schema) | _floats(schema)
    if kind == "string":
        if schema.get("format") in _FORMATS:
            return _FORMATS[schema["format"]]
        return st.text(
            st.characters(codec="utf-8"),
            min_size=schema.get("minLength", 0),
            max_size=min(schema.get("maxLength", 40), 200),
        )
    if kind == "array":
        return st.lists(
            from_schema(schema.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 4), 4),
        )
    if kind == "object":
        return _object(schema)
    raise AssertionError(f"unsupported schema {schema}")


def _integers(schema: Schema) -> st.SearchStrategy[int]:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    low = None if low is None else math.ceil(low) + (1 if "exclusiveMinimum" in schema else 0)
    high = None if high is None else math.floor(high) - (1 if "exclusiveMaximum" in schema else 0)
    return st.integers(min_value=low, max_value=high)


def _floats(schema: Schema) -> st.SearchStrategy[float]:
    return st.floats(
        min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
        max_value=schema.get("maximum", schema.get("exclusiveMaximum")),
        exclude_min="exclusiveMinimum" in schema,
        exclude_max="exclusiveMaximum" in schema,
        allow_nan=False,
        allow_infinity=False,
    )


def _object(schema: Schema) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Schema] = schema.get("properties", {})
    required = set(schema.get("required", []))
    known = st.fixed_dictionaries(
        {name: from_schema(sub) for name, sub in properties.items() if name in required},
        optional={
            name: from_schema(sub) for name, sub in properties.items() if name not in required
        },
    )
    extra = schema.get("additionalProperties", True)
    if extra is False:
        return known
    values = JSON_VALUES if extra is True else from_schema(extra)
    extras = st.dictionaries(
        st.text(max_size=12).filter(lambda key: key not in properties), values, max_size=2
    )
    return st.builds(lambda fixed, more: {**more, **fixed}, known, extras)
