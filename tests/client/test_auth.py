"""Tokens: one per process and key, refreshed before expiry and once on a 401; lazy credentials."""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from monite_pulumi._logging import configure_from_env, logger
from monite_pulumi.client import MoniteClient
from monite_pulumi.client._auth import refresh_margin
from monite_pulumi.client._fingerprint import SecretFingerprint
from monite_pulumi.config import Settings
from monite_pulumi.errors import AuthenticationError, ConfigurationError
from tests.client.conftest import (
    ENTITY_ID,
    SECRET,
    TOKEN,
    FakeClock,
    FakeMonite,
    entity_json,
    token_json,
)

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


def test_a_pause_longer_than_the_token_life_sends_a_fresh_token_not_a_401(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    """The token goes on after the limiter's wait: an expired one would cost a 401 and a fetch."""
    lifetime = 100  # replaced 10 s before it expires
    expires_at: dict[str, float] = {}
    statuses: list[int] = []

    def issue(_request: httpx.Request) -> httpx.Response:
        token = f"{TOKEN}-{monite.token_requests}"
        expires_at[token] = clock.monotonic() + lifetime
        return httpx.Response(200, json=token_json(token, expires_in=lifetime))

    planned = iter([200, 429])  # the second call is refused once with a 30 s Retry-After

    def entity(request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        if clock.monotonic() >= expires_at[token]:
            answer = httpx.Response(401, json={"error": {"message": "token expired"}})
        else:
            status = next(planned, 200)
            answer = (
                httpx.Response(429, json={}, headers={"Retry-After": "30"})
                if status == 429
                else httpx.Response(200, json=entity_json())
            )
        statuses.append(answer.status_code)
        return answer

    monite.token_handler = issue
    monite.route(f"GET /entities/{ENTITY_ID}", entity)
    client = make_client(max_requests_per_second=0)
    client.get_entity(ENTITY_ID)
    clock.advance(80)  # 20 s of life left, outside the refresh margin: still used as is
    client.get_entity(ENTITY_ID)  # answered 429: a 30 s pause, longer than the life left
    assert statuses == [200, 429, 200]
    assert monite.token_requests == 2
    retried = monite.calls("GET /entities/.*")[-1]
    assert retried.headers["Authorization"] == f"Bearer {TOKEN}-2"


def test_threads_held_past_the_token_life_share_one_new_token(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    monite.token_factory = lambda n: token_json(f"{TOKEN}-{n}", expires_in=100)
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = make_client()
    client.get_entity(ENTITY_ID)
    client._limiter().pause(200)  # as a 429 with Retry-After: 200 would
    threads = [threading.Thread(target=client.get_entity, args=(ENTITY_ID,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert monite.token_requests == 2
    later = monite.calls("GET /entities/.*")[1:]
    assert [r.headers["Authorization"] for r in later] == [f"Bearer {TOKEN}-2"] * 4


def test_a_wrong_secret_after_a_right_one_is_refused_not_served_the_cached_token(
    monite: FakeMonite,
    make_client: ClientFactory,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
) -> None:
    wrong = "wrong-secret-DO-NOT-LEAK-9012"
    log_path = tmp_path / "client.log"
    configure_from_env({"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(log_path)})

    def token_for(request: httpx.Request) -> httpx.Response:
        if monite.body_of(request)["client_secret"] != SECRET:
            return httpx.Response(401, json={"error": {"message": "invalid client credentials"}})
        return httpx.Response(200, json=token_json())

    monite.token_handler = token_for
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    right = make_settings()
    wrong_settings = right.model_copy(update={"client_secret": SecretStr(wrong)})
    try:
        right_client, wrong_client = make_client(right), make_client(wrong_settings)
        right_client.get_entity(ENTITY_ID)
        with pytest.raises(AuthenticationError) as caught:
            wrong_client.get_entity(ENTITY_ID)
        right_client.get_entity(ENTITY_ID)  # the right secret's token survived the refusal
    finally:
        configure_from_env({"MONITE_PULUMI_LOG": "off"})
        logger.setLevel(logging.NOTSET)

    message = str(caught.value)
    assert "pulumi config set --secret monite:clientSecret" in message
    assert "MONITE_CLIENT_SECRET" in message
    assert (caught.value.status, caught.value.path) == (401, "/auth/token")
    assert monite.token_requests == 2
    assert len(monite.calls("GET /entities/.*")) == 2

    fingerprints = [SecretFingerprint(SecretStr(value)) for value in (SECRET, wrong)]
    digests = [fingerprint._digest for fingerprint in fingerprints]
    shown = [
        message,
        repr(caught.value),
        log_path.read_text(),
        *(repr(thing) for thing in (right_client, wrong_client, *fingerprints)),
        repr(right_client._shared()),
        repr(right_client._credentials_checked()),
    ]
    pickled = [pickle.dumps(caught.value), pickle.dumps(right), pickle.dumps(wrong_settings)]
    for secret in (SECRET, wrong):
        assert not any(secret in text for text in shown)
        assert not any(secret.encode() in data for data in pickled)
    for digest in digests:
        assert not any(digest.hex() in text or repr(digest) in text for text in shown)
        assert not any(digest in data for data in pickled)
    for fingerprint in fingerprints:
        with pytest.raises(TypeError, match="not pickled"):
            pickle.dumps(fingerprint)


def test_same_secret_fingerprints_are_equal_and_others_are_not() -> None:
    one, again, other = (SecretFingerprint(SecretStr(v)) for v in ("s3cret", "s3cret", "other"))
    assert one == again
    assert hash(one) == hash(again)
    assert one != other
