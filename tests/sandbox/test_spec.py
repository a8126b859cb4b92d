"""The sandbox against Monite's spec: answers validate, spec-made bodies are accepted,
spec-violating ones get a 422 in Monite's form (the spec's facts are committed under tests/data)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from monite_pulumi.sandbox import SandboxOptions, create_app
from monite_pulumi.sandbox.asgi import SandboxASGI
from monite_pulumi.sandbox.options import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from tests.sandbox.conftest import LOOPBACK, Api, individual_body, organization_body
from tests.sandbox.spec import check_answer, load_spec, request_schema
from tests.sandbox.spec_strategies import from_schema

pytestmark = pytest.mark.usefixtures("spec")

FUZZ = settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec()


class CheckedApi(Api):
    """Every answer is validated against the spec; the operations seen are collected."""

    def __init__(self, client: TestClient) -> None:
        self.seen: set[str] = set()
        super().__init__(client, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)

    def fetch_token(self) -> str:
        token = super().fetch_token()
        self.seen.add("POST /auth/token")
        return token

    def call(self, method: str, path: str, entity_id: str | None = None, **kwargs: Any) -> Any:
        answer = super().call(method, path, entity_id, **kwargs)
        body = answer.json() if answer.content else None
        self.seen.add(check_answer(method, path, answer.status_code, body))
        return answer


@pytest.fixture(scope="module")
def module_app() -> SandboxASGI:
    return create_app(SandboxOptions(data=":memory:", rate_limit=0))


@pytest.fixture(scope="module")
def module_client(module_app: SandboxASGI) -> Iterator[TestClient]:
    with TestClient(module_app, client=LOOPBACK) as client:
        yield client


@pytest.fixture(scope="module")
def checked(module_client: TestClient) -> CheckedApi:
    return CheckedApi(module_client)


def _implemented(app: SandboxASGI) -> set[str]:
    return {
        f"{method} {route.path[len('/v1') :]}"
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }


def test_every_operation_answers_as_the_spec_says(
    checked: CheckedApi, module_client: TestClient, module_app: SandboxASGI
) -> None:
    api = checked
    revoke = module_client.post(
        "/v1/auth/revoke",
        headers=api.headers(),
        json={"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET, "token": "x"},
    )
    api.seen.add(check_answer("POST", "/auth/revoke", revoke.status_code, revoke.json()))
    org = api.call("POST", "/entities", json=organization_body()).json()["id"]
    person = api.call("POST", "/entities", json=individual_body()).json()["id"]
    api.call("GET", f"/entities/{person}")
    api.call("GET", "/entities", params={"limit": 1})
    api.call("PATCH", f"/entities/{org}", json={"phone": "1", "address": {"line2": "Hof"}})
    api.call("POST", f"/entities/{org}/deactivate")
    api.call("POST", f"/entities/{org}/activate")
    api.call("GET", f"/entities/{org}/partner_metadata")
    api.call("PUT", f"/entities/{org}/partner_metadata", json={"metadata": {"a": [1]}})
    api.call("GET", f"/entities/{org}/settings")
    api.call("PATCH", f"/entities/{org}/settings", json={"vat_mode": "inclusive"})
    vat = api.call("POST", f"/entities/{org}/vat_ids", json={"country": "DE", "value": "1"})
    api.call("GET", f"/entities/{org}/vat_ids")
    api.call("GET", f"/entities/{org}/vat_ids/{vat.json()['id']}")
    api.call("PATCH", f"/entities/{org}/vat_ids/{vat.json()['id']}", json={"value": "2"})
    api.call("DELETE", f"/entities/{org}/vat_ids/{vat.json()['id']}")
    unit = api.call("POST", "/measure_units", org, json={"name": "kg"}).json()["id"]
    api.call("GET", "/measure_units", org)
    api.call("GET", f"/measure_units/{unit}", org)
    api.call("PATCH", f"/measure_units/{unit}", org, json={"name": "t"})
    product = api.call(
        "POST",
        "/products",
        org,
        json={"name": "Tea", "measure_unit_id": unit, "price": {"value": 1, "currency": "EUR"}},
    )
    product_id = product.json()["id"]
    api.call("GET", "/products", org, params={"limit": 1})
    api.call("GET", f"/products/{product_id}", org)
    api.call("PATCH", f"/products/{product_id}", org, json={"name": "Chai"})
    api.call("DELETE", f"/products/{product_id}", org)
    api.call("DELETE", f"/measure_units/{unit}", org)
    connection = api.call("POST", "/accounting_connections", org).json()["id"]
    api.call("POST", "/accounting_connections", org)  # 409
    module_client.post(f"/_sandbox/connections/{connection}/authorize", json={"platform": "xero"})
    api.call("GET", "/accounting_connections", org)
    api.call("GET", f"/accounting_connections/{connection}", org)
    api.call("POST", f"/accounting_connections/{connection}/sync", org)
    api.call("POST", f"/accounting_connections/{connection}/disconnect", org)
    hook = api.call(
        "POST",
        "/webhook_subscriptions",
        json={"object_type": "entity", "url": "https://hooks.test/x"},
    ).json()["id"]
    api.call("GET", "/webhook_subscriptions", params={"limit": 1})
    api.call("GET", f"/webhook_subscriptions/{hook}")
    api.call("PATCH", f"/webhook_subscriptions/{hook}", json={"event_types": ["updated"]})
    api.call("POST", f"/webhook_subscriptions/{hook}/disable")
    api.call("POST", f"/webhook_subscriptions/{hook}/enable")
    api.call("POST", f"/webhook_subscriptions/{hook}/regenerate_secret")
    api.call("DELETE", f"/webhook_subscriptions/{hook}")
    # Error answers have Monite's shapes too.
    api.call("GET", f"/entities/{uuid.uuid4()}")
    api.call("POST", "/entities", json={"type": "robot"})
    assert api.seen == _implemented(module_app)


def test_spec_violations_get_a_422_in_monites_form(checked: CheckedApi) -> None:
    entity = checked.entity()
    violations: list[tuple[str, str, Any]] = [
        ("POST", "/entities", {**organization_body(), "status": "active"}),  # extra property
        ("POST", "/entities", {**organization_body(), "email": None}),  # not nullable
        ("POST", "/entities", {**organization_body(), "website": "not a uri"}),
        ("PATCH", f"/entities/{entity}", {"tax_id": ""}),  # minLength 1
        ("POST", "/products", {"name": "x" * 101}),  # maxLength 100
        ("POST", "/products", {"name": "Tea", "price": {"value": -1, "currency": "EUR"}}),
        ("POST", "/products", {"name": "Tea", "smallest_amount": "1"}),
        ("POST", "/webhook_subscriptions", {"object_type": "entity"}),  # url required
        ("PATCH", f"/entities/{entity}/settings", {"payment_priority": "fastest"}),
        ("POST", "/measure_units", {"name": ""}),
    ]
    for method, path, body in violations:
        scoped = entity if path in ("/products", "/measure_units") else None
        answer = checked.call(method, path, scoped, json=body)
        assert answer.status_code == 422, (method, path, body, answer.text)
        assert list(answer.json()) == ["detail"]
        assert all(set(item) == {"loc", "msg", "type"} for item in answer.json()["detail"])
    not_a_uuid = checked.call("GET", "/entities/12")
    assert not_a_uuid.status_code == 422
    assert not_a_uuid.json()["detail"][0]["loc"] == ["path", "entity_id"]


@cache
def _strategy(method: str, template: str) -> st.SearchStrategy[Any]:
    return from_schema(request_schema(method, template))


def _complete_entity(body: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """Beyond the schema: the details object must match `type` (Monite rejects others)."""
    key = body["type"]
    body.pop("individual" if key == "organization" else "organization", None)
    if body.get(key) is None:
        details = request_schema("POST", "/entities")["properties"][key]["anyOf"][0]
        body[key] = data.draw(from_schema(details))
    return body


# (method, spec template, concrete path, scoped, expected status, completion)
Completion = Callable[[dict[str, Any], st.DataObject], dict[str, Any]] | None
BODY_OPERATIONS: list[tuple[str, str, str, bool, int, Completion]] = [
    ("POST", "/auth/token", "/auth/token", False, 401, None),
    ("POST", "/auth/revoke", "/auth/revoke", False, 401, None),
    ("POST", "/entities", "/entities", False, 201, _complete_entity),
    (
        "PATCH",
        "/entities/{entity_id}",
        "/entities/{org}",
        False,
        200,
        lambda body, _: {**body, "individual": None},
    ),
    (
        "PUT",
        "/entities/{entity_id}/partner_metadata",
        "/entities/{org}/partner_metadata",
        False,
        200,
        None,
    ),
    ("PATCH", "/entities/{entity_id}/settings", "/entities/{org}/settings", False, 200, None),
    ("POST", "/entities/{entity_id}/vat_ids", "/entities/{org}/vat_ids", False, 201, None),
    (
        "PATCH",
        "/entities/{entity_id}/vat_ids/{id}",
        "/entities/{org}/vat_ids/{vat}",
        False,
        200,
        None,
    ),
    ("POST", "/products", "/products", True, 201, None),
    ("PATCH", "/products/{product_id}", "/products/{product}", True, 200, None),
    ("POST", "/measure_units", "/measure_units", True, 201, None),
    ("PATCH", "/measure_units/{unit_id}", "/measure_units/{unit}", True, 200, None),
    ("POST", "/webhook_subscriptions", "/webhook_subscriptions", False, 201, None),
    (
        "PATCH",
        "/webhook_subscriptions/{webhook_subscription_id}",
        "/webhook_subscriptions/{hook}",
        False,
        200,
        None,
    ),
]


@pytest.fixture(scope="module")
def targets(checked: CheckedApi) -> dict[str, str]:
    org = checked.entity()
    return {
        "org": org,
        "vat": checked.call(
            "POST", f"/entities/{org}/vat_ids", json={"country": "DE", "value": "1"}
        ).json()["id"],
        "product": checked.call("POST", "/products", org, json={"name": "p"}).json()["id"],
        "unit": checked.call("POST", "/measure_units", org, json={"name": "u"}).json()["id"],
        "hook": checked.call(
            "POST",
            "/webhook_subscriptions",
            json={"object_type": "entity", "url": "https://hooks.test/x"},
        ).json()["id"],
    }


@pytest.mark.parametrize(
    ("method", "template", "path", "scoped", "expected", "complete"),
    BODY_OPERATIONS,
    ids=[f"{op[0]} {op[1]}" for op in BODY_OPERATIONS],
)
@FUZZ
@given(data=st.data())
def test_bodies_made_from_the_spec_are_accepted(
    checked: CheckedApi,
    targets: dict[str, str],
    method: str,
    template: str,
    path: str,
    scoped: bool,
    expected: int,
    complete: Completion,
    data: st.DataObject,
) -> None:
    body = data.draw(_strategy(method, template))
    if complete is not None:
        body = complete(body, data)
    entity = targets["org"] if scoped else None
    answer = checked.call(method, path.format(**targets), entity, json=body)
    assert answer.status_code == expected, answer.text
