"""Fault rules, each kind: status and body, Retry-After, count, probability, latency, drop."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from monite_pulumi.sandbox import asgi
from monite_pulumi.sandbox.asgi import ConnectionDroppedError
from tests.sandbox.conftest import Api, organization_body


def _fault(client: TestClient, **rule: Any) -> str:
    answer = client.post("/_sandbox/faults", json=rule)
    assert answer.status_code == 201, answer.text
    fault_id: str = answer.json()["id"]
    return fault_id


def test_status_body_and_retry_after(api: Api, client: TestClient) -> None:
    fault_id = _fault(client, method="GET", path="^/entities$", status=503, retry_after=7)
    answer = api.call("GET", "/entities")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "7"
    assert answer.json() == {"error": {"message": f"Injected fault {fault_id}"}}
    # Other methods and paths are untouched.
    assert api.call("POST", "/entities", json=organization_body()).status_code == 201
    custom = _fault(client, path="/products", status=500, body={"error": {"message": "boom"}})
    entity_id = api.entity()
    assert api.call("GET", "/products", entity_id).json() == {"error": {"message": "boom"}}
    hits = {rule["id"]: rule["hits"] for rule in client.get("/_sandbox/faults").json()}
    assert hits == {fault_id: 1, custom: 1}
    entries = client.get("/_sandbox/requests").json()["entries"]
    assert [e["fault"] for e in entries if e["status"] in (500, 503)] == [fault_id, custom]


def test_count_limits_the_rule(api: Api, client: TestClient) -> None:
    _fault(client, path="^/entities$", status=500, count=2)
    statuses = [api.call("GET", "/entities").status_code for _ in range(4)]
    assert statuses == [500, 500, 200, 200]
    assert client.get("/_sandbox/faults").json()[0]["remaining"] == 0


def test_seeded_probability_is_deterministic(api: Api, client: TestClient) -> None:
    def run() -> list[int]:
        client.delete("/_sandbox/faults")
        _fault(client, path="^/entities$", status=502, probability=0.5, seed=42)
        return [api.call("GET", "/entities").status_code for _ in range(20)]

    first = run()
    assert first == run()
    assert set(first) == {200, 502}
    _fault(client, path="^/never$", status=500, probability=0.0)
    assert client.get("/_sandbox/faults").json()[-1]["hits"] == 0


def test_latency_delays_a_normal_answer(
    api: Api, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(asgi, "sleep", record)
    _fault(client, path="^/entities$", latency_ms=250)
    assert api.call("GET", "/entities").status_code == 200
    assert delays == [0.25]


def test_drop_after_processing_commits_then_drops(api: Api, client: TestClient) -> None:
    _fault(client, method="POST", path="^/entities$", drop_after_processing=True, count=1)
    # In process there is no socket to close: the ASGI "abort" surfaces as an exception.
    with pytest.raises(ConnectionDroppedError):
        api.call("POST", "/entities", json=organization_body(email="lost@acme.test"))
    found = api.call("GET", "/entities", params={"email": "lost@acme.test"}).json()["data"]
    assert len(found) == 1
    entry = client.get("/_sandbox/requests").json()["entries"][-2]
    assert (entry["status"], entry["dropped"]) == (201, True)


def test_rules_are_validated_listed_and_removed(client: TestClient) -> None:
    assert client.post("/_sandbox/faults", json={"path": "(", "status": 500}).status_code == 422
    assert client.post("/_sandbox/faults", json={"path": "x"}).status_code == 422
    assert (
        client.post("/_sandbox/faults", json={"status": 500, "probability": 2}).status_code == 422
    )
    first = _fault(client, status=500)
    second = _fault(client, status=501)
    assert client.delete(f"/_sandbox/faults/{first}").status_code == 204
    assert client.delete(f"/_sandbox/faults/{first}").status_code == 404
    assert [rule["id"] for rule in client.get("/_sandbox/faults").json()] == [second]
    assert client.delete("/_sandbox/faults").status_code == 204
    assert client.get("/_sandbox/faults").json() == []
