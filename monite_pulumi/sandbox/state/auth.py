"""Partners and their bearer tokens.

Only hashes of secrets and tokens are stored, so the database file leaks neither.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from monite_pulumi.sandbox.errors import UnauthorizedError
from monite_pulumi.sandbox.state.clock import Clock
from monite_pulumi.sandbox.store import Store


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class AuthState:
    """Partner credentials, token issue, expiry and revocation."""

    def __init__(self, store: Store, clock: Clock, token_lifetime: int) -> None:
        self._store = store
        self._clock = clock
        self.token_lifetime = token_lifetime

    def add_partner(self, client_id: str, client_secret: str) -> None:
        """Add a partner or change its secret."""
        self._store.execute(
            "INSERT INTO partners (client_id, client_secret) VALUES (?, ?)"
            " ON CONFLICT (client_id) DO UPDATE SET client_secret = excluded.client_secret",
            (client_id, _digest(client_secret)),
        )

    def _check_credentials(self, client_id: str, client_secret: str) -> None:
        rows = self._store.execute(
            "SELECT client_secret FROM partners WHERE client_id = ?", (client_id,)
        )
        if not rows or not hmac.compare_digest(rows[0][0], _digest(client_secret)):
            raise UnauthorizedError("Wrong client_id or client_secret")

    def issue_token(self, client_id: str, client_secret: str) -> tuple[str, int]:
        """A new bearer token and its lifetime in seconds; 401 for wrong credentials."""
        self._check_credentials(client_id, client_secret)
        token = secrets.token_urlsafe(32)
        lifetime = self.token_lifetime
        self._store.execute(
            "INSERT INTO tokens (token, client_id, expires_at) VALUES (?, ?, ?)",
            (_digest(token), client_id, self._clock() + lifetime),
        )
        return token, lifetime

    def revoke_token(self, client_id: str, client_secret: str, token: str) -> None:
        """Revoke one of the partner's tokens (unknown tokens are ignored, as OAuth2 does)."""
        self._check_credentials(client_id, client_secret)
        self._store.execute(
            "UPDATE tokens SET revoked = 1 WHERE token = ? AND client_id = ?",
            (_digest(token), client_id),
        )

    def client_for_token(self, token: str) -> str | None:
        """The partner a live token belongs to; None if unknown, expired or revoked."""
        rows = self._store.execute(
            "SELECT client_id, expires_at, revoked FROM tokens WHERE token = ?", (_digest(token),)
        )
        if not rows:
            return None
        client_id, expires_at, revoked = rows[0]
        if revoked or self._clock() >= expires_at:
            return None
        return str(client_id)

    def require_partner(self, token: str | None) -> str:
        """The partner for a bearer token, or 401 (assumed: expired/revoked -> 401)."""
        # assumed (docs/assumed-behaviour.md): a revoked or expired token gets 401
        client_id = self.client_for_token(token) if token else None
        if client_id is None:
            raise UnauthorizedError("The access token is missing, expired, revoked or unknown")
        return client_id
