"""Monite's OpenAPI spec as test oracle: response validators and request-body schemas.

The facts kept of the spec are committed (`tests/data/monite-spec-facts.json`, see
`tests/spec_facts.py`): these tests run in any clone.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from tests.spec_facts import load_facts

Schema = dict[str, Any]


def load_spec() -> Schema:
    """The spec's kept facts (same shape as the spec: `paths` and `components`)."""
    return load_facts()


def _allow_null_for_optional(node: Any) -> Any:
    """Real Monite answers `null` for optional properties the spec types without it."""
    if isinstance(node, list):
        return [_allow_null_for_optional(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _allow_null_for_optional(value) for key, value in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", []))
        node["properties"] = {
            name: schema if name in required else {"anyOf": [schema, {"type": "null"}]}
            for name, schema in properties.items()
        }
    return node


@cache
def _answer_components() -> Schema:
    return _allow_null_for_optional(copy.deepcopy(load_spec()["components"]))  # type: ignore[no-any-return]


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")


def operation_for(method: str, path: str) -> tuple[str, Schema]:
    """The spec's path template and operation for a concrete request (literal paths first)."""
    paths: Schema = load_spec()["paths"]
    candidates = [
        template
        for template, item in paths.items()
        if method.lower() in item and _template_regex(template).match(path)
    ]
    assert candidates, f"no operation {method} {path} in the spec"
    template = min(candidates, key=lambda t: (t.count("{"), -len(t)))
    return template, paths[template][method.lower()]


def check_answer(method: str, path: str, status: int, body: Any) -> str:
    """Validate an answer against the schema the spec gives for it; returns `METHOD template`.

    Statuses the operation does not list are checked against Monite's general error shapes.
    """
    template, operation = operation_for(method, path)
    response = operation["responses"].get(str(status))
    if response is None:
        name = "HTTPValidationError" if status == 422 else "ErrorSchemaResponse"
        assert status >= 400, f"{method} {template} answered {status}, not in the spec"
        ref: str | None = f"#/components/schemas/{name}"
    else:
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        ref = schema["$ref"] if schema else None
    if ref is None:
        assert body in (None, b"", ""), f"{method} {template} {status} should have no body"
    else:
        validator = Draft202012Validator(
            {"$ref": ref, "components": _answer_components()},
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert not errors, f"{method} {template} {status}: {errors[:5]}"
    return f"{method.upper()} {template}"


def _inline(node: Any, schemas: Schema) -> Any:
    if isinstance(node, list):
        return [_inline(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = _inline(schemas[node["$ref"].rsplit("/", 1)[-1]], schemas)
        siblings = {key: value for key, value in node.items() if key not in ("$ref", "default")}
        return {**target, **_inline(siblings, schemas)}
    inlined: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties":
            # Property names are data, not annotations: a property called `description`
            # (products, measure units) or `title` (individuals) must survive.
            inlined[key] = {name: _inline(prop, schemas) for name, prop in value.items()}
        elif key not in ("discriminator", "examples", "example", "description", "title"):
            inlined[key] = _inline(value, schemas)
    return inlined


def request_schema(method: str, template: str) -> Schema:
    """The JSON body schema of one operation, self-contained (refs inlined)."""
    operation = load_spec()["paths"][template][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    inlined: Schema = _inline(schema, load_spec()["components"]["schemas"])
    return inlined
