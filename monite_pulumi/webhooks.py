"""Verify the ``Monite-Signature`` header of a webhook a receiver got (no Pulumi, no HTTP).

Monite documents the header as ``Monite-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>``,
computed with the subscription's signing secret (docs.monite.com, "Webhook signatures",
https://docs.monite.com/v-2024-01-31/references/webhooks/signatures). The page we could read does
not spell out the signed message; we assume the scheme that header format comes from:
``HMAC-SHA256(key=secret as UTF-8, message=b"<t>." + raw body)``, hex-encoded. The local
sandbox signs the same way, so a receiver tested against it fails loudly should Monite differ.

Always verify the raw body bytes as received, before parsing JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import time

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "WebhookSignatureError",
    "check_signature",
    "compute_signature",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER = "Monite-Signature"
DEFAULT_TOLERANCE = 300.0
"""Seconds a signature's timestamp may differ from now (replayed or stale deliveries fail)."""


class WebhookSignatureError(ValueError):
    """The signature does not prove that this body came from Monite; the message says why.

    Messages never contain the secret, the body or the expected signature.
    """


def compute_signature(payload: bytes, secret: str, timestamp: int) -> str:
    """The hex ``v1`` signature of ``payload`` sent at ``timestamp``."""
    message = str(timestamp).encode("ascii") + b"." + payload
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """A ``Monite-Signature`` header value for ``payload`` (for receivers' own tests)."""
    moment = int(time.time()) if timestamp is None else timestamp
    return f"t={moment},v1={compute_signature(payload, secret, moment)}"


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for element in header.split(","):
        key, separator, value = element.strip().partition("=")
        if not separator:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise WebhookSignatureError(
                    f"{SIGNATURE_HEADER} has a timestamp that is not a whole number"
                ) from None
        elif key == "v1" and value:
            signatures.append(value.lower())
    if timestamp is None:
        raise WebhookSignatureError(f"{SIGNATURE_HEADER} has no timestamp (t=...)")
    if not signatures:
        raise WebhookSignatureError(f"{SIGNATURE_HEADER} has no v1 signature (v1=...)")
    return timestamp, signatures


def check_signature(
    payload: bytes,
    header: str,
    secret: str,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise ``WebhookSignatureError`` unless ``header`` signs ``payload`` with ``secret``.

    ``tolerance=None`` skips the age check (replay protection): only for stored deliveries.
    Several ``v1`` entries are accepted when any one matches.
    """
    if not secret:
        raise WebhookSignatureError("No signing secret given: pass the subscription's secret")
    timestamp, signatures = _parse(header or "")
    if tolerance is not None:
        current = time.time() if now is None else now
        age = current - timestamp
        if abs(age) > tolerance:
            raise WebhookSignatureError(
                f"{SIGNATURE_HEADER} timestamp is {age:.0f} s away from now (tolerance "
                f"{tolerance:.0f} s): a stale or replayed delivery, or a clock out of sync"
            )
    expected = compute_signature(payload, secret, timestamp)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise WebhookSignatureError(
            f"{SIGNATURE_HEADER} does not match this body and secret: the body was changed, "
            "or the secret is not this subscription's current one (rotated?)"
        )


def verify_signature(
    payload: bytes,
    header: str,
    secret: str,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> bool:
    """True when ``header`` is a valid, fresh signature of ``payload`` with ``secret``."""
    try:
        check_signature(payload, header, secret, tolerance=tolerance, now=now)
    except WebhookSignatureError:
        return False
    return True
