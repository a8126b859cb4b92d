"""The transport wrapper every HTTP attempt goes through: pacing, 429 pauses, the token, a log line.

Sitting below `httpx.Client` means the token request and the auth flow's retry after a 401
are paced and logged like every other attempt, and that the token is attached after the
limiter's wait, so a long 429 pause cannot send an expired one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import httpx

from monite_pulumi._logging import get_logger
from monite_pulumi.client._clock import Clock
from monite_pulumi.client._ratelimit import RateLimiter, parse_retry_after

NOT_BEFORE = "monite_not_before"
"""Request extension: the monotonic time before which the limiter must not send it (a 429's
`Retry-After` for the refused request's next attempt)."""

__all__ = [
    "NOT_BEFORE",
    "REQUEST_ID_HEADERS",
    "InstrumentedTransport",
    "TokenAttacher",
    "request_id_of",
]

http_log = get_logger("monite_pulumi.http")
REQUEST_ID_HEADERS = ("x-request-id", "x-monite-request-id", "request-id")


def request_id_of(response: httpx.Response) -> str | None:
    """Monite's id for this request, if the answer carries one."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = response.headers.get(name)
        if value:
            return value
    return None


class TokenAttacher(Protocol):
    """Puts the bearer token on a request (`MoniteAuth`)."""

    def attach_ready(self, request: httpx.Request) -> bool: ...

    def attach_fresh(self, request: httpx.Request) -> None: ...


class InstrumentedTransport(httpx.BaseTransport):
    """Waits for the shared limiter, attaches the token, sends, tells the limiter, logs a line."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        limiter: Callable[[], RateLimiter],
        clock: Clock,
        tokens: TokenAttacher | None = None,
    ) -> None:
        self._inner = inner
        self._limiter = limiter
        self._clock = clock
        self._tokens = tokens

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        limiter = self._limiter()
        if self._tokens is not None and not self._tokens.attach_ready(request):
            # No token yet: fetch it before taking a slot. Its request takes a slot of its
            # own; a slot taken first would sit unused meanwhile, and a shared store's slot
            # cannot be given back (every process's first requests wasted one each).
            self._tokens.attach_fresh(request)
        grant = limiter.acquire(not_before=request.extensions.get(NOT_BEFORE, 0.0))
        waited = grant.waited
        if self._tokens is not None and not self._tokens.attach_ready(request):
            # The token expired during the wait. Its request takes a slot and time of its
            # own, so give this slot back and queue again after it.
            limiter.release(grant)
            self._tokens.attach_fresh(request)
            waited += limiter.acquire().waited
        started = self._clock.monotonic()
        try:
            response = self._inner.handle_request(request)
            response.read()
        except httpx.HTTPError as exc:
            self._log(request, None, None, started, waited, type(exc).__name__)
            raise
        retry_after = None
        if response.status_code == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"), self._clock.now())
        limiter.observe(response.status_code, response.headers, retry_after, sent_at=started)
        self._log(request, response.status_code, request_id_of(response), started, waited, None)
        return response

    def close(self) -> None:
        self._inner.close()

    def _log(
        self,
        request: httpx.Request,
        status: int | None,
        request_id: str | None,
        started: float,
        waited: float,
        error: str | None,
    ) -> None:
        if not http_log.isEnabledFor(logging.DEBUG):
            return
        duration_ms = (self._clock.monotonic() - started) * 1000
        http_log.debug(
            "http_attempt method=%s path=%s status=%s request_id=%s attempt=%s auth_retry=%d "
            "duration_ms=%.1f ratelimit_wait_ms=%.1f error=%s",
            request.method,
            request.url.path,
            status if status is not None else "-",
            request_id or "-",
            request.extensions.get("monite_attempt", 1),
            1 if request.extensions.get("monite_auth_retry") else 0,
            duration_ms,
            waited * 1000,
            error or "-",
        )
