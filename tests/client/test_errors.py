"""Errors name the call and Monite's words; odd answers become MoniteErrors; nothing leaks."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from monite_pulumi import errors
from monite_pulumi._logging import configure_from_env, logger, redact
from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import ProductServiceRequest
from tests.client.conftest import (
    CONNECTION_URL,
    ENTITY_ID,
    SECRET,
    TOKEN,
    FakeMonite,
    connection_json,
    entity_json,
)

ClientFactory = Callable[..., MoniteClient]


def test_message_names_method_path_status_message_and_request_id(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        f"GET /entities/{ENTITY_ID}",
        lambda _r: httpx.Response(
            404, json={"error": {"message": "Entity not found"}}, headers={"x-request-id": "req-42"}
        ),
    )
    with pytest.raises(errors.NotFoundError) as caught:
        make_client().get_entity(ENTITY_ID)
    text = str(caught.value)
    for part in ("GET", f"/entities/{ENTITY_ID}", "404", "Entity not found", "req-42"):
        assert part in text


def test_422_keeps_monite_field_details(monite: FakeMonite, make_client: ClientFactory) -> None:
    detail = [{"loc": ["body", "price", "currency"], "msg": "not a currency", "type": "enum"}]
    monite.route("POST /products", lambda _r: httpx.Response(422, json={"detail": detail}))
    with pytest.raises(errors.InvalidRequestError) as caught:
        make_client().create_product(ENTITY_ID, ProductServiceRequest(name="Hour"))
    assert caught.value.details == [
        {"loc": ["body", "price", "currency"], "msg": "not a currency", "type": "enum"}
    ]
    assert "price.currency: not a currency" in str(caught.value)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            httpx.Response(200, text="<html>gateway</html>", headers={"content-type": "text/html"}),
            "not JSON",
        ),
        (httpx.Response(200, content=b"{not json"), "not JSON"),
        (httpx.Response(200, json={"id": ENTITY_ID}), "does not match EntityResponse"),
        (httpx.Response(200, json=[1, 2]), "does not match EntityResponse"),
        (httpx.Response(200, json=entity_json(created_at="yesterday")), "created_at"),
    ],
)
def test_answers_off_the_spec_become_malformed_response_errors(
    monite: FakeMonite, make_client: ClientFactory, answer: httpx.Response, expected: str
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", lambda _r: answer)
    with pytest.raises(errors.MalformedResponseError, match=expected) as caught:
        make_client().get_entity(ENTITY_ID)
    assert caught.value.status == 200
    assert isinstance(caught.value, errors.MoniteError)


def test_malformed_answer_error_does_not_echo_the_values(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    body = connection_json()
    del body["created_at"]
    monite.route("POST /accounting_connections", lambda _r: httpx.Response(201, json=body))
    with pytest.raises(errors.MalformedResponseError, match="created_at") as caught:
        make_client().create_accounting_connection(ENTITY_ID)
    assert CONNECTION_URL not in str(caught.value)


def test_every_error_class_pickles_with_its_fields() -> None:
    from datetime import datetime, timezone

    samples: list[errors.MoniteError] = [
        errors.NotFoundError("gone", status=404, method="GET", path="/x", request_id="r"),
        errors.InvalidRequestError("bad", details=[{"loc": ["a"], "msg": "m", "type": "t"}]),
        errors.RateLimitedError("slow", retry_after=2.0, status=429),
        errors.UnknownOutcomeError("lost", attempt_started_at=datetime.now(timezone.utc)),
        errors.ConfigurationError("missing"),
    ]
    for error in samples:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert copy.__dict__ == error.__dict__
        assert str(copy) == str(error)


def test_no_class_is_named_validation_error() -> None:
    assert not hasattr(errors, "ValidationError")
    assert all(issubclass(getattr(errors, name), errors.MoniteError) for name in errors.__all__)


def test_redact_masks_fields_bearer_tokens_and_registered_values() -> None:
    text = redact(
        f'Authorization: Bearer abc.def-123 {{"connection_url": "{CONNECTION_URL}", '
        f'"client_secret": "x1"}} token=zzz {SECRET}'
    )
    for leaked in ("abc.def-123", CONNECTION_URL, '"x1"', "zzz", SECRET):
        assert leaked not in text


def test_monite_message_carrying_secrets_is_redacted(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        "POST /accounting_connections",
        lambda _r: httpx.Response(
            409, json={"error": {"message": f"live connection, connection_url={CONNECTION_URL}"}}
        ),
    )
    with pytest.raises(errors.ConflictError) as caught:
        make_client().create_accounting_connection(ENTITY_ID)
    assert CONNECTION_URL not in str(caught.value)
    assert CONNECTION_URL not in repr(caught.value)


def test_no_secret_token_or_connection_url_in_errors_reprs_or_debug_logs(
    monite: FakeMonite, make_client: ClientFactory, tmp_path: Path
) -> None:
    log_file = tmp_path / "monite.log"
    configure_from_env({"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(log_file)})
    monite.route(
        "POST /accounting_connections", lambda _r: httpx.Response(201, json=connection_json())
    )
    monite.route(
        f"GET /entities/{ENTITY_ID}",
        lambda r: httpx.Response(
            401, json={"error": {"message": f"bad token {r.headers['Authorization']}"}}
        ),
    )
    client = make_client()
    texts: list[str] = [repr(client), repr(client.settings), str(client.settings)]
    try:
        connection = client.create_accounting_connection(ENTITY_ID)
        texts += [repr(connection), str(connection)]
        with pytest.raises(errors.AuthenticationError) as caught:
            client.get_entity(ENTITY_ID)
        texts += [str(caught.value), repr(caught.value)]
        logger.debug("debugging %s", f"connection_url={CONNECTION_URL} secret={SECRET}")
    finally:
        configure_from_env({"MONITE_PULUMI_LOG": "off"})
        logger.setLevel(logging.NOTSET)
    assert connection.connection_url == CONNECTION_URL  # the value is there for the provider
    log_text = log_file.read_text()
    assert log_text.count("http_attempt") == 5  # token, create, get, token again, get again
    everything = "\n".join([*texts, log_text])
    for secret in (SECRET, TOKEN, CONNECTION_URL):
        assert secret not in everything
