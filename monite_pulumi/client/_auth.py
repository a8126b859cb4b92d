"""Bearer tokens: one cache per (api url, client id), shared by every thread and client.

Monite tokens live 30 minutes and a `pulumi up` outlives them. The cache refreshes a token
before it expires (margin: min(60 s, a tenth of its lifetime)), fetches exactly one when many
threads need one at once (they wait on the lock), drops a token Monite refused (401) so the
`httpx.Auth` flow can retry that request once with a fresh one, and hands a token only to the
secret it was fetched with (a fingerprint of the secret is kept with it, never the secret).

The token goes on the request in the transport, after the rate limiter's wait, not in the auth
flow: a 429 pause can outlast the token, and a token attached before the pause would go out
expired (costing a 401 and a second token request).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

import httpx

from monite_pulumi._logging import register_secret
from monite_pulumi.client._clock import Clock
from monite_pulumi.client._fingerprint import SecretFingerprint
from monite_pulumi.client.models import AccessTokenResponse

__all__ = ["MoniteAuth", "TokenCache", "refresh_margin"]

TokenFetcher = Callable[[], AccessTokenResponse]
_NEEDS_TOKEN = "monite_needs_token"  # noqa: S105 - a request extension name, not a secret
_BEARER_PREFIX = "Bearer "


def refresh_margin(lifetime: float) -> float:
    """How long before expiry a token is replaced."""
    return min(60.0, lifetime / 10)


@dataclass(frozen=True)
class _Token:
    value: str = field(repr=False)
    refresh_at: float
    fingerprint: SecretFingerprint = field(repr=False)


class TokenCache:
    """Thread-safe single-flight token holder; `fetches` counts token requests made."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._token: _Token | None = None
        self.fetches = 0

    def __repr__(self) -> str:
        return f"TokenCache(fetches={self.fetches})"

    def _usable(self, token: _Token | None, fingerprint: SecretFingerprint) -> str | None:
        if token is None or token.fingerprint != fingerprint:
            return None
        return token.value if self._clock.monotonic() < token.refresh_at else None

    def current(self, fingerprint: SecretFingerprint) -> str | None:
        """The cached token if it can be sent now for this secret; never waits for a fetch."""
        return self._usable(self._token, fingerprint)  # one read of an immutable value

    def get(self, fetch: TokenFetcher, fingerprint: SecretFingerprint) -> str:
        """A valid token for this secret, fetching one (once, however many threads wait)."""
        with self._lock:
            cached = self._usable(self._token, fingerprint)
            if cached is not None:
                return cached
            requested_at = self._clock.monotonic()
            answer = fetch()  # a refusal raises here and keeps the other secret's token
            self.fetches += 1
            register_secret(answer.access_token)
            lifetime = max(0.0, float(answer.expires_in))
            refresh_at = requested_at + lifetime - refresh_margin(lifetime)
            self._token = _Token(answer.access_token, refresh_at, fingerprint)
            return answer.access_token

    def invalidate(self, value: str) -> None:
        """Forget `value` if it is still the cached token (a 401 proved it dead)."""
        with self._lock:
            if self._token is not None and self._token.value == value:
                self._token = None


class MoniteAuth(httpx.Auth):
    """Marks requests as needing a token; on a 401, drops the token and retries once.

    `attach_ready` / `attach_fresh` put the token on, called by the transport after its wait.
    """

    requires_response_body = True

    def __init__(
        self,
        cache: Callable[[], TokenCache],
        fetch: TokenFetcher,
        fingerprint: Callable[[], SecretFingerprint],
    ) -> None:
        # Looked up per request: the shared cache and the fingerprint need the credentials,
        # which are checked lazily.
        self._cache = cache
        self._fetch = fetch
        self._fingerprint = fingerprint

    def __repr__(self) -> str:
        return "MoniteAuth()"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.extensions = {**request.extensions, _NEEDS_TOKEN: True}
        response = yield request
        if response.status_code != 401:
            return
        sent = request.headers.get("Authorization", "")
        if sent.startswith(_BEARER_PREFIX):
            self._cache().invalidate(sent.removeprefix(_BEARER_PREFIX))
        request.extensions = {**request.extensions, "monite_auth_retry": True}
        yield request

    def attach_ready(self, request: httpx.Request) -> bool:
        """Attach the cached token if it is usable now; False if one must be fetched first.

        True for requests that need no token (the token request itself).
        """
        if not request.extensions.get(_NEEDS_TOKEN):
            return True
        token = self._cache().current(self._fingerprint())
        if token is None:
            return False
        request.headers["Authorization"] = _BEARER_PREFIX + token
        return True

    def attach_fresh(self, request: httpx.Request) -> None:
        """Attach a valid token, fetching one (or waiting for another thread's fetch)."""
        token = self._cache().get(self._fetch, self._fingerprint())
        request.headers["Authorization"] = _BEARER_PREFIX + token
