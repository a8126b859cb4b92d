"""Retries: which calls are repeated on which failures, and creates that must not be."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import httpx
import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import CreateEntityRequest, ProductServiceRequest
from monite_pulumi.errors import (
    ConflictError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
)
from tests.client.conftest import ENTITY_ID, FakeClock, FakeMonite, entity_json, product_json

ClientFactory = Callable[..., MoniteClient]
ENTITY_PATH = f"GET /entities/{ENTITY_ID}"
NEW_ENTITY = CreateEntityRequest.model_validate(
    {
        "type": "organization",
        "email": "ops@acme.test",
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"},
        "organization": {"legal_name": "Acme GmbH"},
    }
)


def scripted(*outcomes: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    """Answers in order, then repeats the last one; exceptions are raised as transport errors."""
    queue: Iterator[httpx.Response | Exception] = iter(outcomes)
    last: list[httpx.Response | Exception] = [outcomes[-1]]

    def handler(request: httpx.Request) -> httpx.Response:
        outcome = next(queue, last[0])
        if isinstance(outcome, Exception):
            raise type(outcome)(str(outcome), request=request)  # type: ignore[call-arg]
        return outcome

    return handler


def test_5xx_on_a_read_is_retried_then_raised(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(ENTITY_PATH, scripted(httpx.Response(503, text="<html>busy</html>")))
    client = make_client(max_attempts=4)
    with pytest.raises(ServerError) as caught:
        client.get_entity(ENTITY_ID)
    assert caught.value.status == 503
    assert "not JSON" in caught.value.message
    assert len(monite.calls(ENTITY_PATH)) == 4


def test_5xx_then_success_returns_the_answer(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        ENTITY_PATH,
        scripted(
            httpx.Response(502, json={"error": {"message": "bad gateway"}}),
            httpx.Response(504, json={}),
            httpx.Response(200, json=entity_json()),
        ),
    )
    assert make_client().get_entity(ENTITY_ID).id == ENTITY_ID
    assert len(monite.calls(ENTITY_PATH)) == 3


def test_500_on_a_read_is_not_retried(monite: FakeMonite, make_client: ClientFactory) -> None:
    monite.route(ENTITY_PATH, scripted(httpx.Response(500, json={"error": {"message": "bug"}})))
    with pytest.raises(ServerError, match="bug"):
        make_client().get_entity(ENTITY_ID)
    assert len(monite.calls(ENTITY_PATH)) == 1


def test_read_timeout_on_a_read_is_retried(monite: FakeMonite, make_client: ClientFactory) -> None:
    monite.route(
        ENTITY_PATH,
        scripted(httpx.ReadTimeout("slow"), httpx.Response(200, json=entity_json())),
    )
    assert make_client().get_entity(ENTITY_ID).id == ENTITY_ID
    assert len(monite.calls(ENTITY_PATH)) == 2


def test_connection_errors_exhaust_into_transport_error(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(ENTITY_PATH, scripted(httpx.RemoteProtocolError("dropped")))
    with pytest.raises(TransportError, match="RemoteProtocolError"):
        make_client(max_attempts=3).get_entity(ENTITY_ID)
    assert len(monite.calls(ENTITY_PATH)) == 3


def test_the_deadline_bounds_retries(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    monite.route(ENTITY_PATH, scripted(httpx.Response(429, headers={"Retry-After": "30"}, json={})))
    start = clock.monotonic()
    with pytest.raises(RateLimitedError):
        make_client(max_attempts=10, deadline=45).get_entity(ENTITY_ID)
    # 30 s pause fits once in 45 s, a second one does not: two attempts, no long wait.
    assert len(monite.calls(ENTITY_PATH)) == 2
    assert clock.monotonic() - start <= 45


def test_a_run_of_429s_longer_than_the_retry_count_ends_in_success_within_the_deadline(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    """A 429 is Monite declining to read the request, not a failed attempt: processes sharing
    a client id can see long runs of them, and only the deadline may end one."""
    refused = [httpx.Response(429, headers={"Retry-After": "1"}, json={})] * 12
    monite.route(ENTITY_PATH, scripted(*refused, httpx.Response(200, json=entity_json())))
    start = clock.monotonic()
    assert make_client(max_attempts=3, deadline=60).get_entity(ENTITY_ID).id == ENTITY_ID
    assert len(monite.calls(ENTITY_PATH)) == 13
    assert clock.monotonic() - start >= 12  # every Retry-After honoured


def test_a_create_refused_more_times_than_the_retry_count_is_still_created_once(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    refused = [httpx.Response(429, headers={"Retry-After": "1"}, json={})] * 6
    monite.route("POST /entities", scripted(*refused, httpx.Response(201, json=entity_json())))
    assert make_client(max_attempts=2).create_entity(NEW_ENTITY).id == ENTITY_ID
    assert len(monite.calls("POST /entities")) == 7


def test_429s_still_leave_room_for_the_retry_count_of_other_failures(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    """Only 429s are free: the other retried failures still end at the retry count."""
    monite.route(
        ENTITY_PATH,
        scripted(
            httpx.Response(429, headers={"Retry-After": "1"}, json={}),
            httpx.Response(503, json={}),
            httpx.Response(429, headers={"Retry-After": "1"}, json={}),
            httpx.Response(503, json={}),
        ),
    )
    with pytest.raises(ServerError):
        make_client(max_attempts=2).get_entity(ENTITY_ID)
    assert len(monite.calls(ENTITY_PATH)) == 4


def test_the_deadline_ends_a_run_of_429s_with_a_message_naming_the_rate_limit_and_the_remedies(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    monite.route(ENTITY_PATH, scripted(httpx.Response(429, headers={"Retry-After": "1"}, json={})))
    start = clock.monotonic()
    with pytest.raises(RateLimitedError) as caught:
        make_client(max_attempts=3, deadline=20).get_entity(ENTITY_ID)
    assert len(monite.calls(ENTITY_PATH)) > 3  # the retry count did not end it
    # the last attempt started within the deadline; its pacing slot may end a little after
    assert clock.monotonic() - start <= 20 + 1
    message = str(caught.value)
    assert "rate limit" in message
    assert "deadline of 20 s" in message
    assert "fewer stacks at once" in message
    assert "monite:rateLimitStore" in message
    assert "MONITE_RATE_LIMIT_STORE" in message
    assert "monite:maxRequestsPerSecond" in message
    assert caught.value.status == 429
    assert caught.value.retry_after == 1.0


def test_a_refused_request_never_goes_again_before_its_retry_after_even_while_shared(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    """While others share the window a 429 holds the process only one slot, but the refused
    request itself still waits its whole Retry-After, and the deadline check knows it."""
    window_full = {"Retry-After": "30", "RateLimit-Limit": "30", "RateLimit-Remaining": "0"}
    monite.route(ENTITY_PATH, scripted(httpx.Response(429, headers=window_full, json={})))
    start = clock.monotonic()
    with pytest.raises(RateLimitedError):
        make_client(max_attempts=10, deadline=10).get_entity(ENTITY_ID)
    assert len(monite.calls(ENTITY_PATH)) == 1  # 30 s does not fit in a 10 s deadline
    assert clock.monotonic() - start < 10


def test_client_errors_are_not_retried(monite: FakeMonite, make_client: ClientFactory) -> None:
    with pytest.raises(NotFoundError):
        make_client().get_entity(ENTITY_ID)
    assert len(monite.calls(ENTITY_PATH)) == 1


def test_idempotent_action_posts_are_retried(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    key = f"POST /entities/{ENTITY_ID}/deactivate"
    monite.route(
        key,
        scripted(
            httpx.ReadTimeout("lost"), httpx.Response(200, json=entity_json(status="inactive"))
        ),
    )
    assert make_client().deactivate_entity(ENTITY_ID).status == "inactive"
    assert len(monite.calls(key)) == 2


def test_create_not_retried_after_a_read_timeout(
    monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    monite.route("POST /entities", scripted(httpx.ReadTimeout("answer lost")))
    before = clock.now()
    with pytest.raises(UnknownOutcomeError) as caught:
        make_client().create_entity(NEW_ENTITY)
    assert len(monite.calls("POST /entities")) == 1
    error = caught.value
    assert error.attempt_started_at.tzinfo is not None
    assert error.attempt_started_at.utcoffset() == timedelta(0)
    assert before <= error.attempt_started_at <= clock.now()
    assert (error.method, error.path) == ("POST", "/entities")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_create_answered_with_5xx_is_an_unknown_outcome(
    monite: FakeMonite, make_client: ClientFactory, status: int
) -> None:
    monite.route(
        "POST /products",
        scripted(
            httpx.Response(
                status, json={"error": {"message": "oops"}}, headers={"x-request-id": "rq-1"}
            )
        ),
    )
    with pytest.raises(UnknownOutcomeError) as caught:
        make_client().create_product(ENTITY_ID, ProductServiceRequest(name="Hour"))
    assert len(monite.calls("POST /products")) == 1
    assert caught.value.status == status
    assert caught.value.request_id == "rq-1"


def test_create_retried_after_a_connect_error(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        "POST /products",
        scripted(httpx.ConnectError("refused"), httpx.Response(201, json=product_json())),
    )
    product = make_client().create_product(ENTITY_ID, ProductServiceRequest(name="Hour"))
    assert product.name == "Consulting hour"
    assert len(monite.calls("POST /products")) == 2


def test_create_retried_after_a_429(monite: FakeMonite, make_client: ClientFactory) -> None:
    monite.route(
        "POST /entities",
        scripted(
            httpx.Response(429, headers={"Retry-After": "1"}, json={}),
            httpx.Response(201, json=entity_json()),
        ),
    )
    assert make_client().create_entity(NEW_ENTITY).id == ENTITY_ID
    assert len(monite.calls("POST /entities")) == 2


def test_create_conflict_is_a_plain_error(monite: FakeMonite, make_client: ClientFactory) -> None:
    monite.route(
        "POST /accounting_connections",
        scripted(httpx.Response(409, json={"error": {"message": "a connection is live"}})),
    )
    with pytest.raises(ConflictError, match="a connection is live"):
        make_client().create_accounting_connection(ENTITY_ID)
    assert len(monite.calls("POST /accounting_connections")) == 1
