"""Shared test doubles for the client: a fake clock, a scripted fake Monite, sample answers."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from monite_pulumi.client import MoniteClient, reset_shared_state
from monite_pulumi.config import Settings, resolve_settings

SECRET = "partner-secret-DO-NOT-LEAK-1234"
TOKEN = "access-token-DO-NOT-LEAK-5678"
CONNECTION_URL = "https://connect.example.test/authorize?code=CONNECTION-DO-NOT-LEAK"
API_URL = "https://monite.test/v1"
ENTITY_ID = "3f1c1a4e-0000-4000-8000-00000000e001"
_ids = itertools.count(1)

Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """Time that moves only when someone sleeps; remembers each thread's last reading."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self._local = threading.local()
        self.epoch = datetime(2024, 5, 25, tzinfo=timezone.utc)

    def monotonic(self) -> float:
        with self._lock:
            value = self._now
        self._local.last = value
        return value

    @property
    def last_read(self) -> float:
        """The value this thread last read: inside the limiter, its grant time."""
        value: float = self._local.last
        return value

    def now(self) -> datetime:
        with self._lock:
            return self.epoch + timedelta(seconds=self._now)

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)
        time.sleep(0)  # let other threads run, as a real sleep would

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += max(0.0, seconds)


def token_json(token: str = TOKEN, expires_in: int = 1800) -> dict[str, Any]:
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}


def entity_json(entity_id: str = ENTITY_ID, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": entity_id,
        "created_at": "2024-05-25T10:00:00Z",
        "updated_at": "2024-05-25T10:00:00Z",
        "type": "organization",
        "status": "active",
        "email": "ops@acme.test",
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"},
        "organization": {"legal_name": "Acme GmbH"},
        "phone": None,
        "logo": None,
    }
    body.update(changes)
    return body


def product_json(product_id: str = "3f1c1a4e-0000-4000-8000-0000000000a1") -> dict[str, Any]:
    return {
        "id": product_id,
        "entity_id": ENTITY_ID,
        "name": "Consulting hour",
        "type": "service",
        "price": {"value": 12000, "currency": "EUR"},
        "created_at": "2024-05-25T10:00:00Z",
        "updated_at": "2024-05-25T10:00:00Z",
        "description": None,
    }


def unit_json() -> dict[str, Any]:
    return {
        "id": "3f1c1a4e-0000-4000-8000-0000000000b1",
        "name": "hour",
        "description": "one hour",
        "created_at": "2024-05-25T10:00:00Z",
        "updated_at": "2024-05-25T10:00:00Z",
    }


def vat_json() -> dict[str, Any]:
    return {
        "id": "3f1c1a4e-0000-4000-8000-0000000000c1",
        "entity_id": ENTITY_ID,
        "country": "DE",
        "type": "eu_vat",
        "value": "DE123456789",
    }


def connection_json(status: str = "pending_auth", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "3f1c1a4e-0000-4000-8000-0000000000d1",
        "created_at": "2024-05-25T10:00:00Z",
        "updated_at": "2024-05-25T10:00:00Z",
        "connection_url": CONNECTION_URL,
        "status": status,
        "platform": None,
        "errors": None,
        "last_pull": None,
    }
    body.update(changes)
    return body


def webhook_json(*, with_secret: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "3f1c1a4e-0000-4000-8000-0000000000f1",
        "object_type": "entity",
        "url": "https://hooks.example.test/monite",
        "status": "enabled",
        "event_types": ["entity.created"],
    }
    if with_secret:
        body["secret"] = "whsec-DO-NOT-LEAK"
    return body


class FakeMonite:
    """A scripted Monite behind `httpx.MockTransport`: answers tokens, records every request.

    `routes` maps "METHOD /path-regex" (path after /v1) to a handler; unmatched calls get 404.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.routes: dict[str, Handler] = {}
        self.requests: list[httpx.Request] = []
        self.arrivals: list[tuple[float, str]] = []
        self.token_requests = 0
        self.token_factory: Callable[[int], dict[str, Any]] = lambda n: token_json(f"{TOKEN}-{n}")
        self.token_handler: Handler | None = None
        self._lock = threading.Lock()

    def route(self, key: str, handler: Handler | dict[str, Any], status: int = 200) -> None:
        if isinstance(handler, dict):
            body = handler
            self.routes[key] = lambda _request: httpx.Response(status, json=body)
        else:
            self.routes[key] = handler

    def calls(self, key: str) -> list[httpx.Request]:
        method, pattern = key.split(" ", 1)
        return [
            r for r in self.requests if r.method == method and re.fullmatch(pattern, _api_path(r))
        ]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = _api_path(request)
        with self._lock:
            self.requests.append(request)
            self.arrivals.append((self.clock.monotonic(), f"{request.method} {path}"))
            if path == "/auth/token":
                self.token_requests += 1
                number = self.token_requests
        if path == "/auth/token":
            if self.token_handler is not None:
                return self.token_handler(request)
            return httpx.Response(200, json=self.token_factory(number))
        for key, handler in self.routes.items():
            method, pattern = key.split(" ", 1)
            if method == request.method and re.fullmatch(pattern, path):
                return handler(request)
        return httpx.Response(404, json={"error": {"message": f"no route for {path}"}})

    def body_of(self, request: httpx.Request) -> Any:
        return json.loads(request.content) if request.content else None


def _api_path(request: httpx.Request) -> str:
    return request.url.path.removeprefix("/v1")


@pytest.fixture(autouse=True)
def _fresh_shared_state() -> Iterator[None]:
    reset_shared_state()
    yield
    reset_shared_state()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def monite(clock: FakeClock) -> FakeMonite:
    return FakeMonite(clock)


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    def build(**overrides: Any) -> Settings:
        explicit: dict[str, Any] = {
            "api_url": API_URL,
            "client_id": f"00000000-0000-4000-8000-{next(_ids):012d}",
            "client_secret": SECRET,
        }
        explicit.update(overrides)
        return resolve_settings({k: v for k, v in explicit.items() if v is not None}, env={})

    return build


@pytest.fixture
def make_client(
    monite: FakeMonite, clock: FakeClock, make_settings: Callable[..., Settings]
) -> Iterator[Callable[..., MoniteClient]]:
    clients: list[MoniteClient] = []

    def build(settings: Settings | None = None, **overrides: Any) -> MoniteClient:
        client = MoniteClient(
            settings or make_settings(**overrides),
            transport=httpx.MockTransport(monite),
            clock=clock,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()
