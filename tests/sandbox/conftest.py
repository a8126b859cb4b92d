"""In-process sandbox fixtures: FastAPI's TestClient on `create_app`, with a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from monite_pulumi.sandbox import SandboxOptions, create_app
from monite_pulumi.sandbox.asgi import SandboxASGI
from monite_pulumi.sandbox.options import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

VERSION = {"X-Monite-Version": "2024-05-25"}
LOOPBACK = ("127.0.0.1", 50000)


class FakeClock:
    """Wall and monotonic time that only moves when a test says so."""

    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def organization_body(email: str = "books@acme.test", **extra: Any) -> dict[str, Any]:
    return {
        "type": "organization",
        "email": email,
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"},
        "organization": {"legal_name": "Acme GmbH"},
        **extra,
    }


def individual_body(email: str = "jane@acme.test") -> dict[str, Any]:
    return {
        "type": "individual",
        "email": email,
        "address": {"country": "US", "city": "Austin", "postal_code": "73301", "line1": "B 2"},
        "individual": {"first_name": "Jane", "last_name": "Doe"},
    }


class Api:
    """A TestClient speaking as one partner, with Monite's headers filled in."""

    def __init__(self, client: TestClient, client_id: str, client_secret: str) -> None:
        self.client = client
        self.client_id = client_id
        self.client_secret = client_secret
        self.token = self.fetch_token()

    def fetch_token(self) -> str:
        answer = self.client.post(
            "/v1/auth/token",
            headers=VERSION,
            json={
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            },
        )
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["access_token"]
        return token

    def headers(self, entity_id: str | None = None, **extra: str) -> dict[str, str]:
        headers = {**VERSION, "Authorization": f"Bearer {self.token}", **extra}
        if entity_id:
            headers["X-Monite-Entity-Id"] = entity_id
        return headers

    def call(self, method: str, path: str, entity_id: str | None = None, **kwargs: Any) -> Any:
        return self.client.request(method, f"/v1{path}", headers=self.headers(entity_id), **kwargs)

    def entity(self, body: dict[str, Any] | None = None) -> str:
        answer = self.call("POST", "/entities", json=body or organization_body())
        assert answer.status_code == 201, answer.text
        entity_id: str = answer.json()["id"]
        return entity_id


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> SandboxASGI:
    return create_app(SandboxOptions(data=":memory:", rate_limit=0), clock=clock, monotonic=clock)


@pytest.fixture
def client(app: SandboxASGI) -> Iterator[TestClient]:
    with TestClient(app, client=LOOPBACK) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
