"""Webhook delivery: signed events for entity and connection changes, retries, the record.

Deliveries go to a receiver this test starts on 127.0.0.1 (ephemeral port); tests wait on what
it received (a condition), never sleep.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from starlette.testclient import TestClient

from monite_pulumi.sandbox.asgi import SandboxASGI
from monite_pulumi.sandbox.testing import RunningSandbox
from monite_pulumi.sandbox.webhook_delivery import RetryPolicy
from monite_pulumi.webhooks import SIGNATURE_HEADER, verify_signature
from tests.sandbox.conftest import Api, FakeClock

WAIT = 20.0
FAST = RetryPolicy(max_attempts=3, first_delay=0.01, max_delay=0.05, timeout=5.0)


@dataclass(frozen=True)
class Received:
    path: str
    signature: str
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


class Receiver:
    """A webhook listener: records every POST, answers the scripted statuses, then 200."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.statuses: list[int] = []
        self._cond = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._cond:
                    receiver.received.append(
                        Received(self.path, self.headers.get(SIGNATURE_HEADER, ""), body)
                    )
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver._cond.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait_for(self, count: int) -> list[Received]:
        with self._cond:
            reached = self._cond.wait_for(lambda: len(self.received) >= count, timeout=WAIT)
            assert reached, f"got {len(self.received)} of {count} webhooks"
            return list(self.received)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def fast_app(app: SandboxASGI) -> Iterator[SandboxASGI]:
    app.runtime.webhook_deliveries.policy = FAST
    yield app
    app.runtime.webhook_deliveries.close()


def subscribe(api: Api, object_type: str, url: str, **extra: Any) -> dict[str, Any]:
    answer = api.call(
        "POST", "/webhook_subscriptions", json={"object_type": object_type, "url": url, **extra}
    )
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def finished_deliveries(app: SandboxASGI, client: TestClient) -> list[dict[str, Any]]:
    assert app.runtime.webhook_deliveries.wait_idle(WAIT)
    answer = client.get("/_sandbox/webhook_deliveries")
    assert answer.status_code == 200
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


def test_entity_and_connection_events_are_delivered_signed(
    fast_app: SandboxASGI, api: Api, client: TestClient, clock: FakeClock, receiver: Receiver
) -> None:
    entities = subscribe(api, "entity", f"{receiver.url}/entities")
    connections = subscribe(
        api, "accounting_connection", f"{receiver.url}/connections", event_types=["connected"]
    )
    entity_id = api.entity()
    api.call("PATCH", f"/entities/{entity_id}", json={"phone": "+49301234567"})
    api.call("POST", f"/entities/{entity_id}/deactivate")
    api.call("POST", f"/entities/{entity_id}/activate")
    connection_id = api.call("POST", "/accounting_connections", entity_id).json()["id"]
    client.post(f"/_sandbox/connections/{connection_id}/authorize", json={"platform": "xero"})

    received = receiver.wait_for(5)
    by_path = {
        path: [item for item in received if item.path == path]
        for path in ("/entities", "/connections")
    }
    actions = [item.event["action"] for item in by_path["/entities"]]
    assert actions == ["entity.created", "entity.updated", "entity.deactivated", "entity.activated"]
    (connected,) = by_path["/connections"]
    assert connected.event["action"] == "accounting_connection.connected"
    assert connected.event["object"] == {"id": connection_id}
    assert connected.event["entity_id"] == entity_id
    assert connected.event["webhook_subscription_id"] == connections["id"]
    for item, secret in [(connected, connections["secret"])] + [
        (entity_event, entities["secret"]) for entity_event in by_path["/entities"]
    ]:
        assert verify_signature(item.body, item.signature, secret, now=clock.now)
        assert not verify_signature(item.body + b" ", item.signature, secret, now=clock.now)

    records = finished_deliveries(fast_app, client)
    assert len(records) == 5
    assert all(record["was_successful"] is True for record in records)
    assert all(record["requests_made_count"] == 1 for record in records)
    assert entities["secret"] not in json.dumps(records)


def test_only_enabled_matching_subscriptions_of_the_partner_get_events(
    fast_app: SandboxASGI, api: Api, client: TestClient, receiver: Receiver
) -> None:
    disabled = subscribe(api, "entity", f"{receiver.url}/disabled")
    api.call("POST", f"/webhook_subscriptions/{disabled['id']}/disable")
    subscribe(api, "entity", f"{receiver.url}/updates", event_types=["entity.updated"])
    subscribe(api, "product", f"{receiver.url}/products")
    other_id = "00000000-0000-4000-8000-000000000002"
    client.post("/_sandbox/partners", json={"client_id": other_id, "client_secret": "s"})
    other = Api(client, other_id, "s")
    subscribe(other, "entity", f"{receiver.url}/other-partner")

    entity_id = api.entity()
    api.call("PATCH", f"/entities/{entity_id}", json={"phone": "+49301234567"})

    records = finished_deliveries(fast_app, client)
    assert [(record["url"], record["action"]) for record in records] == [
        (f"{receiver.url}/updates", "entity.updated")
    ]
    assert [item.path for item in receiver.received] == ["/updates"]


def test_failed_answers_are_retried_until_one_succeeds(
    fast_app: SandboxASGI, api: Api, client: TestClient, receiver: Receiver
) -> None:
    receiver.statuses = [500, 429]
    subscribe(api, "entity", receiver.url)
    api.entity()
    received = receiver.wait_for(3)
    assert len({item.event["id"] for item in received}) == 1
    (record,) = finished_deliveries(fast_app, client)
    assert [attempt["status"] for attempt in record["attempts"]] == [500, 429, 200]
    assert (record["requests_made_count"], record["was_successful"]) == (3, True)
    assert record["response_status_code"] == 200


def test_retries_are_bounded_for_errors_and_unreachable_receivers(
    fast_app: SandboxASGI, api: Api, client: TestClient, receiver: Receiver
) -> None:
    receiver.statuses = [503] * 10
    subscribe(api, "entity", receiver.url)
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    unreachable = f"http://127.0.0.1:{closed.server_address[1]}/gone"
    closed.server_close()
    subscribe(api, "entity", unreachable)
    api.entity()

    records = {record["url"]: record for record in finished_deliveries(fast_app, client)}
    failing, gone = records[receiver.url], records[unreachable]
    assert (failing["requests_made_count"], failing["was_successful"]) == (3, False)
    assert failing["response_status_code"] == 503
    assert (gone["requests_made_count"], gone["was_successful"]) == (3, False)
    assert gone["response_status_code"] is None
    assert gone["response"].startswith("ConnectError")
    assert len(receiver.received) == 3


def test_reset_forgets_deliveries(
    fast_app: SandboxASGI, api: Api, client: TestClient, receiver: Receiver
) -> None:
    subscribe(api, "entity", receiver.url)
    api.entity()
    assert len(finished_deliveries(fast_app, client)) == 1
    assert client.delete("/_sandbox/webhook_deliveries").status_code == 204
    assert finished_deliveries(fast_app, client) == []
    subscribe(api, "entity", receiver.url)
    api.entity()
    client.post("/_sandbox/reset")
    assert finished_deliveries(fast_app, client) == []


def test_the_sandbox_process_delivers_to_a_local_receiver(
    sandbox: RunningSandbox, receiver: Receiver
) -> None:
    headers = {
        "X-Monite-Version": "2024-05-25",
        "Authorization": f"Bearer {sandbox.access_token()}",
    }
    created = sandbox.control.post(
        "/v1/webhook_subscriptions",
        headers=headers,
        json={"object_type": "entity", "url": receiver.url, "event_types": ["created"]},
    ).json()
    body = {
        "type": "individual",
        "email": "jane@acme.test",
        "address": {"country": "US", "city": "Austin", "postal_code": "73301", "line1": "B 2"},
        "individual": {"first_name": "Jane", "last_name": "Doe"},
    }
    entity_id = sandbox.control.post("/v1/entities", headers=headers, json=body).json()["id"]
    (item,) = receiver.wait_for(1)
    assert item.event["object"] == {"id": entity_id}
    assert verify_signature(item.body, item.signature, created["secret"])
    deliveries = sandbox.control.get("/_sandbox/webhook_deliveries").json()["data"]
    assert [record["event_id"] for record in deliveries] == [item.event["id"]]
