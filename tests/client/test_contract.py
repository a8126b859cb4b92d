"""The client against Monite's OpenAPI spec: request bodies, query names and models.

Reads the facts kept of Monite's spec (`tests/data/monite-spec-facts.json`, see
`tests/spec_facts.py`). Optional properties may be `null`: real Monite sends that although the
spec does not say so (docs/assumed-behaviour.md).
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from monite_pulumi.client import MoniteClient
from monite_pulumi.client import models as m
from tests.client.conftest import FakeMonite
from tests.client.test_calls import CASES
from tests.spec_facts import load_facts

# Our model -> the spec schema it mirrors (where the names differ or the spec uses oneOf).
RESPONSE_MODELS: dict[type[BaseModel], str] = {
    m.AccessTokenResponse: "AccessTokenResponse",
    m.EntityResponse: "EntityResponse",
    m.EntityPaginationResponse: "EntityPaginationResponse",
    m.PartnerMetadataResponse: "PartnerMetadataResponse",
    m.SettingsResponse: "SettingsResponse",
    m.EntityVatIDResponse: "EntityVatIDResponse",
    m.EntityVatIDResourceList: "EntityVatIDResourceList",
    m.ProductServiceResponse: "ProductServiceResponse",
    m.ProductServicePaginationResponse: "ProductServicePaginationResponse",
    m.UnitResponse: "UnitResponse",
    m.UnitListResponse: "UnitListResponse",
    m.AccountingConnectionResponse: "AccountingConnectionResponse",
    m.AccountingConnectionList: "AccountingConnectionList",
    m.AccountingMessageResponse: "AccountingMessageResponse",
    m.WebhookSubscriptionResource: "WebhookSubscriptionResource",
    m.WebhookSubscriptionResourceWithSecret: "WebhookSubscriptionResourceWithSecret",
    m.WebhookSubscriptionPaginationResource: "WebhookSubscriptionPaginationResource",
}
REQUEST_MODELS: dict[type[BaseModel], str] = {
    m.ObtainTokenPayload: "ObtainTokenPayload",
    m.CreateEntityRequest: "CreateEntityRequest",
    m.UpdateEntityRequest: "UpdateEntityRequest",
    m.EntityAddressSchema: "EntityAddressSchema",
    m.UpdateEntityAddressSchema: "UpdateEntityAddressSchema",
    m.IndividualSchema: "IndividualSchema",
    m.OrganizationSchema: "OrganizationSchema",
    m.OptionalIndividualSchema: "OptionalIndividualSchema",
    m.OptionalOrganizationSchema: "OptionalOrganizationSchema",
    m.PartnerMetadata: "PartnerMetadata",
    m.PatchSettingsPayload: "PatchSettingsPayload",
    m.EntityVatID: "EntityVatID",
    m.EntityUpdateVatID: "EntityUpdateVatID",
    m.ProductServiceRequest: "ProductServiceRequest",
    m.ProductServiceUpdate: "ProductServiceUpdate",
    m.Price: "Price2",
    m.UnitRequest: "UnitRequest",
    m.UnitUpdate: "UnitUpdate",
    m.CreateWebhookSubscriptionRequest: "CreateWebhookSubscriptionRequest",
    m.UpdateWebhookSubscriptionRequest: "UpdateWebhookSubscriptionRequest",
}


def _nullable_optionals(node: Any) -> Any:
    """Copy of a schema tree where every non-required property also accepts null."""
    if isinstance(node, list):
        return [_nullable_optionals(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _nullable_optionals(value) for key, value in node.items()}
    properties = out.get("properties")
    if isinstance(properties, dict):
        required = set(out.get("required", []))
        for name, schema in properties.items():
            if name not in required:
                properties[name] = {"anyOf": [schema, {"type": "null"}]}
    return out


def spec() -> dict[str, Any]:
    return load_facts()


@cache
def components(*, nullable: bool) -> dict[str, Any]:
    parts = copy.deepcopy(spec()["components"])
    return _nullable_optionals(parts) if nullable else parts  # type: ignore[no-any-return]


def validator_for(schema: dict[str, Any], *, nullable: bool = True) -> Draft202012Validator:
    root = {**schema, "components": components(nullable=nullable)}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def assert_valid(instance: Any, schema: dict[str, Any], what: str) -> None:
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator_for(schema).iter_errors(instance)
    ]
    assert problems == [], f"{what}: {problems}"


def operation_for(method: str, path: str) -> dict[str, Any]:
    for template, operations in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            if "{" in template and template.replace("{", "").replace("}", "") == path:
                continue
            operation: dict[str, Any] = operations[method.lower()]
            return operation
    raise AssertionError(f"{method} {path} is not in the spec")


def spec_properties(name: str) -> tuple[set[str], set[str]]:
    """(all property names, required names) of a schema; a oneOf unites its variants."""
    schema = spec()["components"]["schemas"][name]
    variants = [
        spec()["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]
        for ref in schema.get("oneOf", [])
    ] or [schema]
    names = set().union(*(set(v.get("properties", {})) for v in variants))
    required = set.intersection(*(set(v.get("required", [])) for v in variants))
    return names, required


@pytest.mark.parametrize(("call", "method", "path", "answer", "scoped"), CASES)
def test_every_request_body_and_query_matches_the_spec(
    monite: FakeMonite,
    make_client: Any,
    call: Any,
    method: str,
    path: str,
    answer: Any,
    scoped: bool,
) -> None:
    monite.route(
        f"{method} {path}",
        lambda _r: httpx.Response(204) if answer is None else httpx.Response(200, json=answer),
    )
    client: MoniteClient = make_client()
    call(client)
    for request in monite.requests:
        api_path = request.url.path.removeprefix("/v1")
        operation = operation_for(request.method, api_path)
        body_schema = (
            operation.get("requestBody", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema")
        )
        if body_schema is None:
            assert request.content == b"", f"{request.method} {api_path} takes no body"
        else:
            body = json.loads(request.content)
            assert_valid(body, body_schema, f"{request.method} {api_path} body")
        query_names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert set(request.url.params) <= query_names


@pytest.mark.parametrize(
    ("call", "method", "path", "answer", "scoped"), [case for case in CASES if case[3] is not None]
)
def test_test_answers_and_parsed_models_match_the_spec(
    monite: FakeMonite,
    make_client: Any,
    call: Any,
    method: str,
    path: str,
    answer: Any,
    scoped: bool,
) -> None:
    operation = operation_for(method, path)
    success = next(code for code in operation["responses"] if code.startswith("2"))
    schema = operation["responses"][success]["content"]["application/json"]["schema"]
    assert_valid(answer, schema, f"fixture for {method} {path}")
    monite.route(f"{method} {path}", lambda _r: httpx.Response(200, json=answer))
    result = call(make_client())
    models = result if isinstance(result, list) else [result]
    for model in models:
        if isinstance(model, BaseModel):
            name = RESPONSE_MODELS[type(model)]
            dumped = model.model_dump(mode="json", exclude_none=True)
            assert_valid(dumped, schema_ref(name), f"{type(model).__name__} dump")


@pytest.mark.parametrize("model", list(RESPONSE_MODELS), ids=lambda t: t.__name__)
def test_response_models_use_the_spec_field_names(model: type[BaseModel]) -> None:
    names, required = spec_properties(RESPONSE_MODELS[model])
    fields = set(model.model_fields)
    assert fields <= names, f"not in the spec: {fields - names}"
    assert required <= fields, f"required by the spec but missing: {required - fields}"


@pytest.mark.parametrize("model", list(REQUEST_MODELS), ids=lambda t: t.__name__)
def test_request_models_mirror_the_spec_schema(model: type[BaseModel]) -> None:
    names, required = spec_properties(REQUEST_MODELS[model])
    fields = set(model.model_fields)
    assert fields <= names, f"not in the spec: {fields - names}"
    model_required = {name for name, info in model.model_fields.items() if info.is_required()}
    assert required - {"grant_type"} <= model_required
    assert model.model_config.get("extra") == "forbid"
