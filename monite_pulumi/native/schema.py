"""The package schema of the native provider ``monite``, derived from the declarations.

It is what ``GetSchema`` answers, what ``pulumi package add`` generates every language's SDK
from, and what ``scripts/gen_sdk.py`` generates this package's Python SDK from. It validates
against Pulumi's metaschema (tests/native/test_schema.py).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from monite_pulumi._version import __version__
from monite_pulumi.core.declaration import Field, ResourceDeclaration, TypeRef, camel
from monite_pulumi.core.declarations import DECLARATIONS
from monite_pulumi.native import _config
from monite_pulumi.native._functions import FUNCTIONS

__all__ = ["PACKAGE", "package_schema", "schema_json", "snake"]

PACKAGE = "monite"

_PRIMITIVES = {"string", "integer", "number", "boolean"}


def type_spec(kind: TypeRef) -> dict[str, Any]:
    """A schema ``TypeSpec``."""
    if kind.kind in _PRIMITIVES:
        return {"type": kind.kind}
    if kind.kind == "any":
        return {"$ref": "pulumi.json#/Any"}
    if kind.kind in ("array", "map"):
        assert kind.items is not None
        key = "items" if kind.kind == "array" else "additionalProperties"
        return {"type": "array" if kind.kind == "array" else "object", key: type_spec(kind.items)}
    return {"$ref": f"#/types/{PACKAGE}:index:{kind.ref}"}


def property_spec(item: Field) -> dict[str, Any]:
    spec = {**type_spec(item.type), "description": item.description}
    if item.default is not None and item.type.kind in _PRIMITIVES:
        spec["default"] = item.default
    if item.secret:
        spec["secret"] = True
    if snake(item.camel) != item.name:
        spec["language"] = {"python": {"name": item.name}}  # ssn_last_4, not ssn_last4
    return spec


def snake(name: str) -> str:
    """Pulumi Python codegen's name for a camelCase one (``postalCode`` -> ``postal_code``)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _properties(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {item.camel: property_spec(item) for item in fields}


def _required(fields: tuple[Field, ...]) -> list[str]:
    return [item.camel for item in fields if item.required]


def _resource(declaration: ResourceDeclaration) -> dict[str, Any]:
    outputs = declaration.output_fields
    required_outputs = [camel(declaration.id_output), "apiUrl", "schemaVersion"]
    required_outputs += [
        name for name in _required(declaration.inputs) if name not in required_outputs
    ]
    return {
        "description": declaration.description,
        "properties": _properties(outputs),
        "required": required_outputs,
        "inputProperties": _properties(declaration.inputs),
        "requiredInputs": _required(declaration.inputs),
    }


def _types() -> dict[str, Any]:
    types: dict[str, Any] = {}
    for declaration in DECLARATIONS.values():
        for kind in declaration.objects:
            types[f"{PACKAGE}:index:{kind.name}"] = {
                "type": "object",
                "description": kind.description,
                "properties": _properties(kind.fields),
                "required": _required(kind.fields),
            }
    return types


def _config_variables() -> dict[str, Any]:
    secrets = _config.secret_keys()
    variables: dict[str, Any] = {}
    for key, field in _config.keys().items():
        spec: dict[str, Any] = {
            "type": _config.config_type(field),
            "description": _config.CONFIG_DESCRIPTIONS[key],
        }
        if key in secrets:
            spec["secret"] = True
        variables[key] = spec
    return variables


@functools.cache
def package_schema() -> dict[str, Any]:
    """The whole schema as a dict (cached: it never changes within a process)."""
    variables = _config_variables()
    return {
        "name": PACKAGE,
        "displayName": "Monite",
        "version": __version__,
        "description": "Monite entities, product catalogs, accounting connections and webhooks.",
        "keywords": ["pulumi", "monite", "category/cloud", "kind/native"],
        "license": "Apache-2.0",
        "publisher": "monite-pulumi",
        "meta": {"moduleFormat": "(.*)"},
        "config": {"variables": variables},
        "provider": {
            "description": "The Monite provider: its settings as the monite: config keys.",
            "inputProperties": variables,
        },
        "resources": {item.token: _resource(item) for item in DECLARATIONS.values()},
        "types": _types(),
        "functions": {token: function.spec() for token, function in FUNCTIONS.items()},
        "language": {
            "python": {"packageName": "pulumi_monite"},
            "nodejs": {"packageName": "@monite-pulumi/monite"},
            "csharp": {"rootNamespace": "MonitePulumi"},
            "go": {"importBasePath": "github.com/monite-pulumi/monite/sdk/go/monite"},
        },
    }


def schema_json() -> str:
    """The schema as GetSchema answers it."""
    return json.dumps(package_schema(), indent=2, sort_keys=False)
