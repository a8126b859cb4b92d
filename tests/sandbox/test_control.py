"""The control API: reset, partners, settings, request log, objects, loopback only."""

from __future__ import annotations

from starlette.testclient import TestClient

from monite_pulumi.sandbox import SandboxOptions, create_app
from monite_pulumi.sandbox.asgi import SandboxASGI
from tests.sandbox.conftest import Api


def test_reset_forgets_objects_tokens_faults_and_log(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    client.post("/_sandbox/faults", json={"path": "^/nothing$", "status": 500})
    assert client.post("/_sandbox/reset").status_code == 200
    assert client.get("/_sandbox/faults").json() == []
    assert client.get("/_sandbox/requests").json()["total"] == 0
    assert api.call("GET", f"/entities/{entity_id}").status_code == 401  # token forgotten
    api.token = api.fetch_token()  # the partner is kept
    assert api.call("GET", f"/entities/{entity_id}").status_code == 404


def test_settings_show_and_change(client: TestClient) -> None:
    shown = client.get("/_sandbox/settings").json()
    assert shown == {
        "token_lifetime": 1800,
        "rate_limit": 0,
        "rate_limit_headers": True,
        "rate_limit_window": "fixed",
        "fill_server_defaults": False,
    }
    changed = client.patch("/_sandbox/settings", json={"rate_limit": 5})
    assert changed.json() == {**shown, "rate_limit": 5}
    assert client.patch("/_sandbox/settings", json={"rate_limit": -1}).status_code == 422
    sliding = client.patch("/_sandbox/settings", json={"rate_limit_window": "sliding"})
    assert sliding.json()["rate_limit_window"] == "sliding"
    refused = client.patch("/_sandbox/settings", json={"rate_limit_window": "leaky"})
    assert refused.status_code == 422


def test_server_defaults_are_filled_only_when_asked(api: Api, client: TestClient) -> None:
    plain = api.call("GET", f"/entities/{api.entity()}").json()["organization"]
    assert plain["directors_provided"] is None
    client.patch("/_sandbox/settings", json={"fill_server_defaults": True})
    filled = api.call("GET", f"/entities/{api.entity()}").json()["organization"]
    assert (filled["directors_provided"], filled["owners_provided"]) == (False, False)


def test_a_null_in_a_settings_patch_restores_the_default(api: Api) -> None:
    # assumed (docs/assumed-behaviour.md, "null in PATCH /entities/{id}/settings")
    entity_id = api.entity()
    path = f"/entities/{entity_id}/settings"
    api.call("PATCH", path, json={"language": "de", "payment_priority": "balanced"})
    reset = api.call("PATCH", path, json={"language": None, "payment_priority": None}).json()
    assert (reset["language"], reset["payment_priority"]) == (None, "working_capital")


def test_request_log_counts_and_clears(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    api.call("GET", f"/entities/{entity_id}")
    api.call("GET", "/entities/00000000-0000-4000-8000-00000000dead")
    log = client.get("/_sandbox/requests").json()
    assert log["total"] == 4
    assert log["by_endpoint"] == {
        "POST /auth/token": 1,
        "POST /entities": 1,
        "GET /entities/{entity_id}": 2,
    }
    assert log["by_status"] == {"200": 2, "201": 1, "404": 1}
    last = log["entries"][-1]
    assert set(last) == {
        "method",
        "path",
        "endpoint",
        "status",
        "client_id",
        "at",
        "fault",
        "dropped",
        "late",
    }
    assert (last["method"], last["status"], last["client_id"]) == ("GET", 404, api.client_id)
    assert client.delete("/_sandbox/requests").status_code == 204
    assert client.get("/_sandbox/requests").json() == {
        "total": 0,
        "by_endpoint": {},
        "by_status": {},
        "entries": [],
    }


def test_objects_lists_every_partner(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    api.call("POST", "/products", entity_id, json={"name": "Tea"})
    api.call("POST", "/accounting_connections", entity_id)
    api.call(
        "POST",
        "/webhook_subscriptions",
        json={"object_type": "entity", "url": "https://hooks.test/x"},
    )
    objects = client.get("/_sandbox/objects").json()
    assert {kind: len(items) for kind, items in objects.items()} == {
        "entities": 1,
        "products": 1,
        "accounting_connections": 1,
        "webhook_subscriptions": 1,
    }
    assert "secret" not in objects["webhook_subscriptions"][0]


def test_unknown_connection_is_404(client: TestClient) -> None:
    missing = client.post("/_sandbox/connections/nope/authorize", json={"platform": "xero"})
    assert missing.status_code == 404


def test_refused_to_other_addresses(app: SandboxASGI) -> None:
    with TestClient(app, client=("10.1.2.3", 4000)) as remote:
        assert remote.post("/_sandbox/reset").status_code == 403
        assert remote.get("/_sandbox/requests").json()["error"]["message"]


def test_absent_when_disabled() -> None:
    app = create_app(SandboxOptions(data=":memory:", control=False))
    with TestClient(app, client=("127.0.0.1", 4000)) as local:
        assert local.post("/_sandbox/reset").status_code == 404
