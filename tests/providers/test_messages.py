"""Each client error becomes one actionable sentence without secrets."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from monite_pulumi._logging import register_secret
from monite_pulumi.errors import (
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    MalformedResponseError,
    MoniteError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
)
from monite_pulumi.providers._messages import describe_error

CONTEXT: dict[str, Any] = {
    "status": 500,
    "method": "GET",
    "path": "/entities/e-1",
    "request_id": "req-42",
}


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (AuthenticationError("bad token", **CONTEXT), "monite:clientSecret"),
        (NotFoundError("no such entity", **CONTEXT), "pulumi refresh"),
        (ConflictError("locked", **CONTEXT), "Resolve the conflict"),
        (InvalidRequestError("invalid", details=[], **CONTEXT), "Correct the inputs"),
        (RateLimitedError("slow down", **CONTEXT), "monite:maxRequestsPerSecond"),
        (ServerError("boom", **CONTEXT), "Retry later"),
        (TransportError("refused", **CONTEXT), "monite:apiUrl"),
        (MalformedResponseError("html", **CONTEXT), "ending in /v1"),
        (
            UnknownOutcomeError(
                "lost", attempt_started_at=datetime(2025, 1, 1, tzinfo=timezone.utc), **CONTEXT
            ),
            "may or may not have happened",
        ),
    ],
)
def test_message_names_object_monite_message_request_and_advice(
    error: MoniteError, advice: str
) -> None:
    message = describe_error(error, action="read", label="entity", object_id="e-1")
    assert message.startswith("Could not read Monite entity e-1: ")
    assert error.message in message
    assert "req-42" in message
    assert advice in message


def test_registered_secret_never_appears() -> None:
    secret = "sekrit-value-for-messages-test"
    register_secret(secret)
    error = ServerError(f"echoed {secret}", **CONTEXT)
    message = describe_error(error, action="create", label="product", object_id=None)
    assert secret not in message
    assert message.startswith("Could not create a Monite product: ")


def test_refused_credentials_are_explained_once() -> None:
    refused = AuthenticationError(
        "Monite refused the client credentials (invalid); set the right client secret with "
        "`pulumi config set --secret monite:clientSecret <value>` or MONITE_CLIENT_SECRET",
        status=401,
        method="POST",
        path="/auth/token",
        request_id="req-1",
    )
    message = describe_error(refused, action="create", label="entity", object_id=None)
    assert message.count("monite:clientSecret") == 1, message
