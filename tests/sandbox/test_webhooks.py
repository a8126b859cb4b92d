"""Webhook subscriptions: the secret only in create and regenerate answers."""

from __future__ import annotations

from tests.sandbox.conftest import Api


def test_subscription_life_cycle(api: Api) -> None:
    created = api.call(
        "POST",
        "/webhook_subscriptions",
        json={"object_type": "accounting_connection", "url": "https://hooks.test/monite"},
    )
    assert created.status_code == 201
    subscription = created.json()
    secret = subscription.pop("secret")
    assert secret
    assert subscription["status"] == "enabled"
    assert subscription["event_types"] == []
    path = f"/webhook_subscriptions/{subscription['id']}"
    assert api.call("GET", path).json() == subscription
    patched = api.call("PATCH", path, json={"event_types": ["created"]}).json()
    assert "secret" not in patched
    assert patched["event_types"] == ["created"]
    assert api.call("POST", f"{path}/disable").json()["status"] == "disabled"
    assert api.call("POST", f"{path}/enable").json()["status"] == "enabled"
    regenerated = api.call("POST", f"{path}/regenerate_secret").json()
    assert regenerated["secret"] not in ("", secret)
    assert "secret" not in api.call("GET", path).json()
    assert api.call("DELETE", path).status_code == 204
    assert api.call("GET", path).status_code == 404


def test_list_by_object_type_and_validation(api: Api) -> None:
    for object_type in ("entity", "product", "entity"):
        api.call(
            "POST",
            "/webhook_subscriptions",
            json={"object_type": object_type, "url": "https://hooks.test/x"},
        )
    page = api.call("GET", "/webhook_subscriptions", params={"object_type": "entity"}).json()
    assert [s["object_type"] for s in page["data"]] == ["entity", "entity"]
    assert all("secret" not in s for s in page["data"])
    bad = api.call("POST", "/webhook_subscriptions", json={"object_type": "x", "url": "h"})
    assert bad.status_code == 422
    assert {tuple(d["loc"]) for d in bad.json()["detail"]} == {
        ("body", "object_type"),
        ("body", "url"),
    }
