"""The running plugin's schema: valid for Pulumi, complete, secrets marked."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from monite_pulumi.core.declaration import camel
from monite_pulumi.core.declarations import DECLARATIONS
from monite_pulumi.providers._shape import shape_of
from tests.harness.native import NativeClient
from tests.harness.provider_server import ProviderServer

METASCHEMA = Path(__file__).resolve().parents[1] / "data" / "pulumi_metaschema.json"


def _python_patterns(value: Any) -> Any:
    """ECMA-262 named groups ``(?<n>`` as Python's ``(?P<n>``."""
    if isinstance(value, dict):
        return {key: _python_patterns(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_python_patterns(item) for item in value]
    if isinstance(value, str):
        return re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", value)
    return value


@functools.cache
def _metaschema() -> dict[str, Any]:
    loaded: dict[str, Any] = _python_patterns(json.loads(METASCHEMA.read_text("utf-8")))
    return loaded


@pytest.fixture(scope="module")
def schema(native_plugin: ProviderServer) -> dict[str, Any]:
    with NativeClient(native_plugin.target) as client:
        loaded: dict[str, Any] = json.loads(client.schema())
    return loaded


def test_the_metaschema_names_its_commit_and_has_python_patterns() -> None:
    assert "pulumi/pulumi 1b5949891b" in _metaschema()["$comment"]
    assert "(?P<major>" in json.dumps(_metaschema())


def test_schema_validates_against_pulumis_metaschema(schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(_metaschema())
    errors = sorted(validator.iter_errors(schema), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors[:5]]


def test_the_metaschema_refuses_a_broken_schema(schema: dict[str, Any]) -> None:
    broken = {**schema, "resources": {"monite:index:Entity": {"properties": {"x": {"type": 7}}}}}
    assert not jsonschema.Draft202012Validator(_metaschema()).is_valid(broken)


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_every_input_and_output_of_the_dynamic_face_is_in_it(
    schema: dict[str, Any], name: str
) -> None:
    resource = schema["resources"][f"monite:index:{name}"]
    shape = shape_of(DECLARATIONS[name])
    assert set(resource["inputProperties"]) == {camel(item) for item in shape.inputs}
    assert set(resource["properties"]) == {camel(item) for item in shape.outputs}
    assert resource["description"]
    for spec in [*resource["inputProperties"].values(), *resource["properties"].values()]:
        assert spec["description"]
        assert "type" in spec or "$ref" in spec


def test_the_dynamic_classes_declare_the_same_outputs() -> None:
    import monite_pulumi.resources as resources

    for name, declaration in DECLARATIONS.items():
        annotated = getattr(resources, name).__annotations__
        assert tuple(annotated) == shape_of(declaration).outputs, name


def test_secrets_are_marked(schema: dict[str, Any]) -> None:
    assert schema["config"]["variables"]["clientSecret"]["secret"] is True
    assert schema["provider"]["inputProperties"]["clientSecret"]["secret"] is True
    connection = schema["resources"]["monite:index:AccountingConnection"]["properties"]
    webhook = schema["resources"]["monite:index:WebhookSubscription"]["properties"]
    assert connection["connectionUrl"]["secret"] is True
    assert webhook["secret"]["secret"] is True
    marked = {
        (token, prop)
        for token, resource in schema["resources"].items()
        for prop, spec in resource["properties"].items()
        if spec.get("secret")
    }
    assert marked == {
        ("monite:index:AccountingConnection", "connectionUrl"),
        ("monite:index:WebhookSubscription", "secret"),
    }


def test_camel_case_property_names(schema: dict[str, Any]) -> None:
    entity = schema["resources"]["monite:index:Entity"]
    assert {"legalName"} <= set(schema["types"]["monite:index:EntityOrganization"]["properties"])
    assert "postalCode" in schema["types"]["monite:index:EntityAddress"]["properties"]
    assert "partnerMetadata" in entity["inputProperties"]
    assert "entityId" in schema["resources"]["monite:index:Product"]["requiredInputs"]
