"""The receivers' signature check: good, tampered, stale and malformed signatures."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from monite_pulumi.webhooks import (
    WebhookSignatureError,
    check_signature,
    compute_signature,
    sign,
    verify_signature,
)

SECRET = "whsec_test-secret"
BODY = b'{"id":"e-1","action":"entity.created","object":{"id":"o-1"}}'
NOW = 1_710_139_795


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert compute_signature(BODY, SECRET, NOW) == expected
    assert sign(BODY, SECRET, timestamp=NOW) == f"t={NOW},v1={expected}"


def test_good_signature_verifies() -> None:
    header = sign(BODY, SECRET, timestamp=NOW)
    assert verify_signature(BODY, header, SECRET, now=NOW + 10)
    check_signature(BODY, header, SECRET, now=NOW - 10)


def test_one_matching_entry_among_several_is_enough() -> None:
    header = f"t={NOW},v1={'0' * 64},v1={compute_signature(BODY, SECRET, NOW)}"
    assert verify_signature(BODY, header, SECRET, now=NOW)


@pytest.mark.parametrize(
    ("body", "secret"),
    [(BODY.replace(b"created", b"deleted"), SECRET), (BODY, "whsec_another")],
    ids=["tampered body", "other secret"],
)
def test_tampered_body_or_wrong_secret_fails(body: bytes, secret: str) -> None:
    header = sign(BODY, SECRET, timestamp=NOW)
    assert not verify_signature(body, header, secret, now=NOW)
    with pytest.raises(WebhookSignatureError, match="does not match") as caught:
        check_signature(body, header, secret, now=NOW)
    assert SECRET not in str(caught.value)
    assert compute_signature(BODY, SECRET, NOW) not in str(caught.value)


def test_changed_timestamp_fails_although_fresh() -> None:
    signature = compute_signature(BODY, SECRET, NOW)
    assert not verify_signature(BODY, f"t={NOW + 1},v1={signature}", SECRET, now=NOW)


@pytest.mark.parametrize("offset", [301, -301])
def test_stale_or_future_signature_fails(offset: int) -> None:
    header = sign(BODY, SECRET, timestamp=NOW)
    assert not verify_signature(BODY, header, SECRET, now=NOW + offset)
    with pytest.raises(WebhookSignatureError, match="tolerance 300 s"):
        check_signature(BODY, header, SECRET, now=NOW + offset)
    assert verify_signature(BODY, header, SECRET, now=NOW + offset, tolerance=None)
    assert verify_signature(BODY, header, SECRET, now=NOW + offset, tolerance=600)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("", "no timestamp"),
        ("v1=abc", "no timestamp"),
        (f"t={NOW}", "no v1 signature"),
        ("t=soon,v1=abc", "not a whole number"),
    ],
)
def test_malformed_headers_say_what_is_missing(header: str, reason: str) -> None:
    assert not verify_signature(BODY, header, SECRET, now=NOW)
    with pytest.raises(WebhookSignatureError, match=reason):
        check_signature(BODY, header, SECRET, now=NOW)


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(WebhookSignatureError, match="No signing secret"):
        check_signature(BODY, sign(BODY, SECRET, timestamp=NOW), "", now=NOW)
