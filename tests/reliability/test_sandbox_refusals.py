"""The sandbox refuses what Monite refuses: bad tokens, other partners' objects, and its
control API to anything but a loopback client. In process, with a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from monite_pulumi.sandbox import SandboxOptions, create_app
from monite_pulumi.sandbox.options import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

VERSION = {"X-Monite-Version": "2024-05-25"}
OTHER_ID, OTHER_SECRET = "5e0f3c2a-7b1d-4c9e-8a6f-00000000b0b0", "other-partner-secret"
LIFETIME = 60
ENTITY = {
    "type": "organization",
    "email": "books@acme.example",
    "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"},
    "organization": {"legal_name": "Acme GmbH"},
}


class Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(clock: Clock) -> Iterator[TestClient]:
    options = SandboxOptions(data=":memory:", rate_limit=0, token_lifetime=LIFETIME)
    app = create_app(options, clock=clock, monotonic=clock)
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        partner = {"client_id": OTHER_ID, "client_secret": OTHER_SECRET}
        assert client.post("/_sandbox/partners", json=partner).status_code == 201
        yield client


def _token(
    api: TestClient, client_id: str = DEFAULT_CLIENT_ID, secret: str = DEFAULT_CLIENT_SECRET
) -> str:
    body = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    answer = api.post("/v1/auth/token", headers=VERSION, json=body)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def _as(token: str | None, entity_id: str | None = None) -> dict[str, str]:
    headers = dict(VERSION)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if entity_id is not None:
        headers["X-Monite-Entity-Id"] = entity_id
    return headers


def _error(answer: Any) -> str:
    message: str = answer.json()["error"]["message"]
    return message


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz"],
    ids=["missing", "empty-bearer", "unknown", "basic"],
)
def test_missing_or_unknown_tokens_get_401(api: TestClient, authorization: str | None) -> None:
    headers = dict(VERSION)
    if authorization:
        headers["Authorization"] = authorization
    answer = api.get("/v1/entities", headers=headers)
    assert answer.status_code == 401
    assert "access token" in _error(answer)


def test_wrong_client_secret_gets_no_token(api: TestClient) -> None:
    body = {
        "grant_type": "client_credentials",
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": "wrong",
    }
    assert api.post("/v1/auth/token", headers=VERSION, json=body).status_code == 401


def test_expired_token_gets_401(api: TestClient, clock: Clock) -> None:
    token = _token(api)
    assert api.get("/v1/entities", headers=_as(token)).status_code == 200
    clock.now += LIFETIME
    assert api.get("/v1/entities", headers=_as(token)).status_code == 401
    assert api.get("/v1/entities", headers=_as(_token(api))).status_code == 200


def test_revoked_token_gets_401(api: TestClient) -> None:
    token = _token(api)
    revoke = {
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
        "token": token,
    }
    assert api.post("/v1/auth/revoke", headers=VERSION, json=revoke).status_code == 200
    assert api.get("/v1/entities", headers=_as(token)).status_code == 401


def test_another_partners_objects_answer_404(api: TestClient) -> None:
    mine, theirs = _token(api), _token(api, OTHER_ID, OTHER_SECRET)
    entity = api.post("/v1/entities", headers=_as(mine), json=ENTITY).json()["id"]
    product = api.post("/v1/products", headers=_as(mine, entity), json={"name": "Hour"}).json()[
        "id"
    ]
    refused = [
        api.get(f"/v1/entities/{entity}", headers=_as(theirs)),
        api.patch(f"/v1/entities/{entity}", headers=_as(theirs), json={"phone": "1"}),
        api.post(f"/v1/entities/{entity}/deactivate", headers=_as(theirs)),
        api.get(f"/v1/products/{product}", headers=_as(theirs, entity)),
        api.post("/v1/products", headers=_as(theirs, entity), json={"name": "Hour"}),
        api.post("/v1/accounting_connections", headers=_as(theirs, entity)),
    ]
    assert [answer.status_code for answer in refused] == [404] * len(refused)
    listed = api.get("/v1/entities", headers=_as(theirs)).json()["data"]
    assert listed == []
    assert api.get(f"/v1/entities/{entity}", headers=_as(mine)).json()["status"] == "active"


@pytest.mark.parametrize("address", ["203.0.113.7", "10.0.0.2", "::ffff:192.0.2.1", "testclient"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/_sandbox/reset"),
        ("GET", "/_sandbox/objects"),
        ("GET", "/_sandbox/requests"),
        ("POST", "/_sandbox/faults"),
        ("PATCH", "/_sandbox/settings"),
    ],
)
def test_control_api_refuses_non_loopback_clients(
    clock: Clock, address: str, method: str, path: str
) -> None:
    app = create_app(SandboxOptions(data=":memory:"), clock=clock, monotonic=clock)
    with TestClient(app, client=(address, 40000)) as remote:
        answer = remote.request(method, path, json={})
        assert answer.status_code == 403
        assert "loopback" in _error(answer)
    with TestClient(app, client=("::1", 40000)) as local:
        assert local.get("/_sandbox/settings").status_code == 200
