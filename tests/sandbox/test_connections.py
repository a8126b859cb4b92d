"""Accounting connections: life cycle, one live connection per entity, connection_url."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from monite_pulumi.sandbox.asgi import SandboxASGI
from monite_pulumi.sandbox.state import LinkTokenState
from tests.sandbox.conftest import Api, FakeClock


def _connect(api: Api, entity_id: str) -> dict[str, object]:
    answer = api.call("POST", "/accounting_connections", entity_id)
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_new_connection_is_pending_with_an_unguessable_link(api: Api, app: SandboxASGI) -> None:
    entity_id = api.entity()
    connection = _connect(api, entity_id)
    assert connection["status"] == "pending_auth"
    assert connection["platform"] is None
    assert connection["errors"] is None
    url = urlsplit(str(connection["connection_url"]))
    assert url.path == f"/connect/{connection['id']}"
    token = parse_qs(url.query)["token"][0]
    assert len(token) >= 32
    connections = app.runtime.backend.connections
    assert connections.link_token_state(str(connection["id"]), token) is LinkTokenState.VALID
    assert connections.link_token_state(str(connection["id"]), "guess") is LinkTokenState.UNKNOWN


def test_second_live_connection_is_a_conflict_naming_the_first(api: Api) -> None:
    entity_id = api.entity()
    first = _connect(api, entity_id)
    second = api.call("POST", "/accounting_connections", entity_id)
    assert second.status_code == 409
    assert str(first["id"]) in second.json()["error"]["message"]


def test_authorize_sync_disconnect(api: Api, client: TestClient, clock: FakeClock) -> None:
    entity_id = api.entity()
    connection = _connect(api, entity_id)
    cid = connection["id"]
    authorized = client.post(f"/_sandbox/connections/{cid}/authorize", json={"platform": "xero"})
    assert authorized.status_code == 200
    got = api.call("GET", f"/accounting_connections/{cid}", entity_id).json()
    assert (got["status"], got["platform"]) == ("connected", "xero")
    pulled = got["last_pull"]
    clock.advance(60)
    sync = api.call("POST", f"/accounting_connections/{cid}/sync", entity_id)
    assert sync.status_code == 202
    assert sync.json()["message"]
    after_sync = api.call("GET", f"/accounting_connections/{cid}", entity_id).json()
    assert after_sync["last_pull"] > pulled
    first = api.call("POST", f"/accounting_connections/{cid}/disconnect", entity_id)
    assert (first.status_code, first.json()["status"]) == (200, "disconnected")
    assert first.json()["platform"] == "xero"
    # assumed (docs/assumed-behaviour.md): disconnect is idempotent
    again = api.call("POST", f"/accounting_connections/{cid}/disconnect", entity_id)
    assert again.status_code == 200
    assert again.json() == first.json()
    # A disconnected entity may connect again.
    assert _connect(api, entity_id)["status"] == "pending_auth"


def test_deny_keeps_pending_with_the_refusal(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    cid = _connect(api, entity_id)["id"]
    denied = client.post(f"/_sandbox/connections/{cid}/deny", json={"reason": "not today"})
    assert denied.status_code == 200
    got = api.call("GET", f"/accounting_connections/{cid}", entity_id).json()
    assert got["status"] == "pending_auth"
    assert got["errors"] == [{"message": "not today"}]


def test_deauthorize_then_a_new_connection_is_allowed(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    cid = _connect(api, entity_id)["id"]
    assert client.post(f"/_sandbox/connections/{cid}/deauthorize").status_code == 409
    client.post(f"/_sandbox/connections/{cid}/authorize", json={"platform": "quickbooks"})
    assert client.post(f"/_sandbox/connections/{cid}/deauthorize").status_code == 200
    got = api.call("GET", f"/accounting_connections/{cid}", entity_id).json()
    assert (got["status"], got["platform"]) == ("deauthorized", "quickbooks")
    assert api.call("POST", f"/accounting_connections/{cid}/sync", entity_id).status_code == 409
    listed = api.call("GET", "/accounting_connections", entity_id).json()["data"]
    assert [c["id"] for c in listed] == [cid]
    assert _connect(api, entity_id)["status"] == "pending_auth"


def test_authorize_refuses_unknown_platform_and_used_link(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    connection = _connect(api, entity_id)
    cid = connection["id"]
    bad = client.post(f"/_sandbox/connections/{cid}/authorize", json={"platform": "sage"})
    assert bad.status_code == 422
    client.post(f"/_sandbox/connections/{cid}/authorize", json={"platform": "xero"})
    again = client.post(f"/_sandbox/connections/{cid}/authorize", json={"platform": "xero"})
    assert again.status_code == 409
    assert "error" in again.json()


def test_another_entitys_connection_is_not_found(api: Api) -> None:
    # assumed (docs/assumed-behaviour.md, "entity-scoped GET ... of another entity's
    # connection"): 404, as for an unknown id; adopt_id relies on it.
    owner, other = api.entity(), api.entity()
    connection = _connect(api, owner)
    path = f"/accounting_connections/{connection['id']}"
    assert api.call("GET", path, owner).status_code == 200
    assert api.call("GET", path, other).status_code == 404
