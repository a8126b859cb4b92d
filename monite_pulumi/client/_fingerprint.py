"""A fingerprint of the client secret: a cached token is reused only with its own secret.

The token cache is keyed by (api url, client id); without this, a wrong secret in the same
process would keep "working" on the token a right one fetched. The fingerprint is an
HMAC-SHA256 under a random key that exists only in this process's memory: it never holds the
secret, cannot be checked against guesses elsewhere, is hidden from `repr` and refuses to be
pickled (in another process it would mean nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import NoReturn

from pydantic import SecretStr

__all__ = ["SecretFingerprint"]

_PROCESS_KEY = secrets.token_bytes(32)


class SecretFingerprint:
    """Equal for equal secrets within this process; reveals nothing about the secret."""

    __slots__ = ("_digest",)

    def __init__(self, secret: SecretStr) -> None:
        value = secret.get_secret_value().encode("utf-8")
        self._digest = hmac.new(_PROCESS_KEY, value, hashlib.sha256).digest()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretFingerprint):
            return NotImplemented
        return hmac.compare_digest(self._digest, other._digest)

    def __hash__(self) -> int:
        return hash(self._digest)

    def __repr__(self) -> str:
        return "SecretFingerprint(<hidden>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a SecretFingerprint is only meaningful in this process; not pickled")
