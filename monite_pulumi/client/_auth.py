"""Bearer tokens: one cache per (api url, client id), shared by every thread and client.

Monite tokens live 30 minutes and a `pulumi up` outlives them. The cache refreshes a token
before it expires (margin: min(60 s, a tenth of its lifetime)), fetches exactly one when many
threads need one at once (they wait on the lock), and drops a token Monite refused (401) so
the `httpx.Auth` flow can retry that request once with a fresh one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass

import httpx

from monite_pulumi._logging import register_secret
from monite_pulumi.client._clock import Clock
from monite_pulumi.client.models import AccessTokenResponse

__all__ = ["MoniteAuth", "TokenCache", "refresh_margin"]

TokenFetcher = Callable[[], AccessTokenResponse]


def refresh_margin(lifetime: float) -> float:
    """How long before expiry a token is replaced."""
    return min(60.0, lifetime / 10)


@dataclass(frozen=True)
class _Token:
    value: str
    refresh_at: float

    def __repr__(self) -> str:
        return f"_Token(refresh_at={self.refresh_at})"


class TokenCache:
    """Thread-safe single-flight token holder; `fetches` counts token requests made."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._token: _Token | None = None
        self.fetches = 0

    def get(self, fetch: TokenFetcher) -> str:
        """A valid token, fetching one (once, whatever the number of waiting threads) if needed."""
        with self._lock:
            token = self._token
            if token is not None and self._clock.monotonic() < token.refresh_at:
                return token.value
            requested_at = self._clock.monotonic()
            answer = fetch()
            self.fetches += 1
            register_secret(answer.access_token)
            lifetime = max(0.0, float(answer.expires_in))
            refresh_at = requested_at + lifetime - refresh_margin(lifetime)
            self._token = _Token(answer.access_token, refresh_at)
            return answer.access_token

    def invalidate(self, value: str) -> None:
        """Forget `value` if it is still the cached token (a 401 proved it dead)."""
        with self._lock:
            if self._token is not None and self._token.value == value:
                self._token = None


class MoniteAuth(httpx.Auth):
    """Adds the bearer token; on a 401, refreshes it and retries the request once."""

    requires_response_body = True

    def __init__(self, cache: Callable[[], TokenCache], fetch: TokenFetcher) -> None:
        self._cache = cache  # looked up per request: the shared cache needs the client id
        self._fetch = fetch

    def __repr__(self) -> str:
        return "MoniteAuth()"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        cache = self._cache()
        token = cache.get(self._fetch)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        cache.invalidate(token)
        token = cache.get(self._fetch)
        request.headers["Authorization"] = f"Bearer {token}"
        request.extensions = {**request.extensions, "monite_auth_retry": True}
        yield request
