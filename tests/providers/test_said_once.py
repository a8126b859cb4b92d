"""A credential or settings error is explained once per provider process, then one line each."""

from __future__ import annotations

import pytest

from monite_pulumi.errors import AuthenticationError, ConfigurationError, ServerError
from monite_pulumi.providers._messages import describe_error, describe_error_once
from monite_pulumi.providers._said_once import SaidOnce

REFUSED = AuthenticationError(
    "Monite refused the client credentials (Wrong client_id or client_secret); set the right "
    "client secret with `pulumi config set --secret monite:clientSecret <value>`",
    status=401,
    method="POST",
    path="/auth/token",
    request_id="req-1",
)


def test_the_first_credential_error_is_whole_the_next_are_one_short_line() -> None:
    said = SaidOnce()
    first = describe_error_once(REFUSED, action="create", label="entity", object_id=None, said=said)
    again = describe_error_once(REFUSED, action="read", label="product", object_id="p-7", said=said)

    assert first == describe_error(REFUSED, action="create", label="entity", object_id=None)
    assert again == (
        "Could not read Monite product p-7: AuthenticationError again: Monite refused the "
        "client credentials (Wrong client_id or client_secret) (the first such error of this "
        "run says what to do)."
    )
    assert len(again) < 200 < len(first)


def test_missing_settings_are_said_once_too() -> None:
    said = SaidOnce()
    missing = ConfigurationError(
        "Monite credentials are missing: monite:clientSecret is not set (set it with "
        "`pulumi config set --secret monite:clientSecret <value>` or MONITE_CLIENT_SECRET)"
    )
    describe_error_once(missing, action="create", label="entity", object_id=None, said=said)
    again = describe_error_once(missing, action="create", label="entity", object_id=None, said=said)
    assert again.startswith("Could not create a Monite entity: ConfigurationError again: ")
    assert again.count("monite:clientSecret") == 1


@pytest.mark.parametrize("error", [ServerError("boom", status=500, request_id="req-9")])
def test_errors_of_one_object_are_always_whole(error: ServerError) -> None:
    said = SaidOnce()
    texts = {
        describe_error_once(error, action="read", label="entity", object_id="e-1", said=said)
        for _ in range(2)
    }
    assert texts == {describe_error(error, action="read", label="entity", object_id="e-1")}
