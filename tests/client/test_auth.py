"""Tokens: one per process and key, refreshed before expiry and once on a 401; lazy credentials."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client._auth import refresh_margin
from monite_pulumi.config import Settings
from monite_pulumi.errors import AuthenticationError, ConfigurationError
from tests.client.conftest import ENTITY_ID, SECRET, TOKEN, FakeClock, FakeMonite, entity_json

ClientFactory = Callable[..., MoniteClient]


def test_four_threads_fifty_calls_each_share_one_token(
    monite: FakeMonite, make_client: ClientFactory, make_settings: Callable[..., Settings]
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    settings = make_settings()
    # Two instances with the same key, as two provider classes in one process would have.
    clients = [make_client(settings), make_client(settings)]
    errors: list[BaseException] = []

    def work(client: MoniteClient) -> None:
        try:
            for _ in range(50):
                client.get_entity(ENTITY_ID)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(clients[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert monite.token_requests == 1
    assert len(monite.calls(f"GET /entities/{ENTITY_ID}")) == 200
    assert {r.headers["Authorization"] for r in monite.calls("GET /entities/.*")} == {
        f"Bearer {TOKEN}-1"
    }


def test_token_refreshed_before_expiry(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = make_client(max_requests_per_second=0)
    client.get_entity(ENTITY_ID)
    clock.advance(1800 - refresh_margin(1800) - 1)
    client.get_entity(ENTITY_ID)
    assert monite.token_requests == 1
    clock.advance(2)
    client.get_entity(ENTITY_ID)
    assert monite.token_requests == 2
    assert monite.calls("GET /entities/.*")[-1].headers["Authorization"] == f"Bearer {TOKEN}-2"


def test_refresh_margin_is_a_tenth_for_short_lifetimes() -> None:
    assert refresh_margin(1800) == 60
    assert refresh_margin(100) == 10


def test_a_401_refreshes_the_token_once_and_retries(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == f"Bearer {TOKEN}-1":
            return httpx.Response(401, json={"error": {"message": "token revoked"}})
        return httpx.Response(200, json=entity_json())

    monite.route(f"GET /entities/{ENTITY_ID}", handler)
    client = make_client()
    assert client.get_entity(ENTITY_ID).id == ENTITY_ID
    assert monite.token_requests == 2
    assert len(monite.calls("GET /entities/.*")) == 2


def test_a_second_401_raises_authentication_error(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        f"GET /entities/{ENTITY_ID}",
        lambda _r: httpx.Response(401, json={"error": {"message": "denied"}}),
    )
    client = make_client()
    with pytest.raises(AuthenticationError, match="denied") as caught:
        client.get_entity(ENTITY_ID)
    assert caught.value.status == 401
    assert monite.token_requests == 2
    assert len(monite.calls("GET /entities/.*")) == 2


def test_wrong_credentials_raise_authentication_error_without_the_secret(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.token_handler = lambda _r: httpx.Response(
        401, json={"error": {"message": f"wrong secret {SECRET}"}}
    )
    client = make_client()
    with pytest.raises(AuthenticationError) as caught:
        client.get_entity(ENTITY_ID)
    assert caught.value.path == "/auth/token"
    assert caught.value.status == 401
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value)
    assert monite.calls("GET /entities/.*") == []


def test_credentials_are_needed_only_at_the_first_call(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    client = make_client(client_id=None, client_secret=None)
    with pytest.raises(ConfigurationError) as caught:
        client.get_entity(ENTITY_ID)
    message = str(caught.value)
    assert "pulumi config set --secret monite:clientSecret" in message
    assert "MONITE_CLIENT_SECRET" in message
    assert "MONITE_CLIENT_ID" in message
    assert monite.requests == []


def test_token_request_body_is_client_credentials(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = make_client()
    client.get_entity(ENTITY_ID)
    token_call = monite.calls("POST /auth/token")[0]
    body = monite.body_of(token_call)
    assert body == {
        "grant_type": "client_credentials",
        "client_id": client.settings.client_id,
        "client_secret": SECRET,
    }
    assert "Authorization" not in token_call.headers
