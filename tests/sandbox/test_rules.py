"""Monite's request rules: version header, bearer tokens, entity scope, partners, error shapes."""

from __future__ import annotations

import uuid

from starlette.testclient import TestClient

from monite_pulumi.sandbox.options import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from tests.sandbox.conftest import VERSION, Api, FakeClock, organization_body

OTHER_ID = "00000000-0000-4000-8000-000000000002"


def _other_partner(client: TestClient) -> Api:
    added = client.post(
        "/_sandbox/partners", json={"client_id": OTHER_ID, "client_secret": "other-secret"}
    )
    assert added.status_code == 201
    return Api(client, OTHER_ID, "other-secret")


def test_version_header_is_required(api: Api, client: TestClient) -> None:
    headers = api.headers()
    del headers["X-Monite-Version"]
    answer = client.get("/v1/entities", headers=headers)
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": [
            {"loc": ["header", "x-monite-version"], "msg": "Field required", "type": "missing"}
        ]
    }
    bad = client.get("/v1/entities", headers={**headers, "X-Monite-Version": "yesterday"})
    assert bad.status_code == 422


def test_token_needs_right_credentials(client: TestClient) -> None:
    body = {
        "grant_type": "client_credentials",
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": "wrong",
    }
    answer = client.post("/v1/auth/token", headers=VERSION, json=body)
    assert answer.status_code == 401
    assert set(answer.json()) == {"error"}
    extra = client.post(
        "/v1/auth/token",
        headers=VERSION,
        json={**body, "client_secret": DEFAULT_CLIENT_SECRET, "scope": "x"},
    )
    assert extra.status_code == 422


def test_token_answer_and_bearer_required(api: Api, client: TestClient) -> None:
    answer = client.post(
        "/v1/auth/token",
        headers=VERSION,
        json={
            "grant_type": "client_credentials",
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
        },
    )
    assert answer.json()["token_type"] == "Bearer"
    assert answer.json()["expires_in"] == 1800
    assert client.get("/v1/entities", headers=VERSION).status_code == 401
    wrong = client.get("/v1/entities", headers={**VERSION, "Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert "message" in wrong.json()["error"]
    basic = client.get("/v1/entities", headers={**VERSION, "Authorization": f"Basic {api.token}"})
    assert basic.status_code == 401


def test_token_expires(api: Api, clock: FakeClock) -> None:
    assert api.call("GET", "/entities").status_code == 200
    clock.advance(1799)
    assert api.call("GET", "/entities").status_code == 200
    clock.advance(1)
    assert api.call("GET", "/entities").status_code == 401


def test_token_lifetime_is_changed_live(api: Api, client: TestClient) -> None:
    changed = client.patch("/_sandbox/settings", json={"token_lifetime": 0})
    assert changed.json()["token_lifetime"] == 0
    api.token = api.fetch_token()
    assert api.call("GET", "/entities").status_code == 401


def test_revoked_token_is_refused(api: Api, client: TestClient) -> None:
    revoked = client.post(
        "/v1/auth/revoke",
        headers=VERSION,
        json={
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
            "token": api.token,
        },
    )
    assert revoked.status_code == 200
    assert revoked.json()["message"]
    assert api.call("GET", "/entities").status_code == 401


def test_entity_header_rules(api: Api, client: TestClient) -> None:
    missing = client.get("/v1/products", headers=api.headers())
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["header", "x-monite-entity-id"]
    unknown = api.call("GET", "/products", str(uuid.uuid4()))
    assert unknown.status_code == 404
    assert set(unknown.json()) == {"error"}
    assert api.call("GET", "/products", "not-a-uuid").status_code == 422
    entity_id = api.entity()
    assert api.call("GET", "/products", entity_id).status_code == 200
    client.post(f"/_sandbox/entities/{entity_id}/delete")
    assert api.call("GET", "/products", entity_id).status_code == 404


def test_partners_see_only_their_own_objects(api: Api, client: TestClient) -> None:
    other = _other_partner(client)
    mine = api.entity()
    theirs = other.entity(organization_body(email="other@acme.test"))
    # assumed (docs/assumed-behaviour.md): another partner's entity -> 404, not 403
    assert other.call("GET", f"/entities/{mine}").status_code == 404
    assert other.call("PATCH", f"/entities/{mine}", json={"phone": "1"}).status_code == 404
    assert other.call("POST", f"/entities/{mine}/deactivate").status_code == 404
    assert [e["id"] for e in api.call("GET", "/entities").json()["data"]] == [mine]
    assert [e["id"] for e in other.call("GET", "/entities").json()["data"]] == [theirs]
    # Entity-scoped calls with another partner's entity are refused, and so are its objects.
    assert other.call("GET", "/accounting_connections", mine).status_code == 404
    product = api.call("POST", "/products", mine, json={"name": "Tea"}).json()["id"]
    assert other.call("GET", f"/products/{product}", theirs).status_code == 404
    hook = api.call(
        "POST",
        "/webhook_subscriptions",
        json={"object_type": "entity", "url": "https://hooks.test/x"},
    ).json()["id"]
    assert other.call("GET", f"/webhook_subscriptions/{hook}").status_code == 404


def test_type_and_country_cannot_change(api: Api) -> None:
    entity_id = api.entity()
    retype = api.call("PATCH", f"/entities/{entity_id}", json={"type": "individual"})
    assert retype.status_code == 422
    assert retype.json()["detail"][0]["loc"] == ["body", "type"]
    move = api.call("PATCH", f"/entities/{entity_id}", json={"address": {"country": "FR"}})
    assert move.status_code == 422
    assert move.json()["detail"][0]["loc"] == ["body", "address", "country"]
    entity = api.call("GET", f"/entities/{entity_id}").json()
    assert (entity["type"], entity["address"]["country"]) == ("organization", "DE")


def test_error_shapes(api: Api, client: TestClient) -> None:
    missing = api.call("GET", f"/entities/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert list(missing.json()) == ["error"]
    assert list(missing.json()["error"]) == ["message"]
    invalid = api.call("POST", "/entities", json={"type": "organization", "email": 5})
    assert invalid.status_code == 422
    for item in invalid.json()["detail"]:
        assert set(item) == {"loc", "msg", "type"}
    assert set(client.get("/v1/no/such/path", headers=api.headers()).json()) == {"error"}
    wrong_method = client.put("/v1/entities", headers=api.headers())
    assert wrong_method.status_code == 405
    assert set(wrong_method.json()) == {"error"}
