"""Validate a state document against Pulumi's apitype JSON schemas (tests/data/apitype, derived
from pulumi/pulumi by scripts/derive_apitype_schemas.py; SOURCE.json names the commit)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "apitype"


@cache
def _validator() -> Draft202012Validator:
    resources = []
    for name in ("deployments.json", "resources.json", "property-values.json"):
        schema = json.loads((SCHEMAS / name).read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry: Registry[Any] = Registry().with_resources(resources)
    root = json.loads((SCHEMAS / "deployments.json").read_text())
    return Draft202012Validator(root, registry=registry)


def apitype_errors(document: Any) -> list[str]:
    """Every way ``document`` (a ``stack export``) breaks the schemas; empty when it is valid."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in _validator().iter_errors(document)
    ]
