"""A per-process request pacer shared by every thread that talks to one Monite client id.

Monite limits each API client to about 30 requests per sliding second and answers 429 with
`Retry-After` beyond that. Pacing up front is cheaper than bouncing, and a 429 seen by one
thread must hold back all of them. No library we found combines a blocking sliding window, a
shared "pause everyone until" and live tightening from response headers with an injectable
clock, so this is a small hand-written one (see docs/client.md).
"""

from __future__ import annotations

import math
import re
import threading
from collections import deque
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple

from monite_pulumi.client._clock import Clock

__all__ = ["Grant", "RateLimiter", "parse_retry_after"]

# Extra spacing so requests granted one window apart still arrive one window apart at Monite
# despite jitter. 0.05 s was too little even on loopback: arrivals bunched by 50 ms+ made
# Monite's window fill, and each "remaining 0" costs a whole-second pause (bench/: 1.3x the
# floor of requests / 30 s at 0.05, ~1.05x at 0.1).
WINDOW_GUARD_SECONDS = 0.1
# Pause after a 429 that carries no Retry-After: Monite's window is one second.
DEFAULT_429_PAUSE_SECONDS = 1.0
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    reference = now or datetime.now(timezone.utc)
    return max(0.0, (moment - reference).total_seconds())


def _header_number(headers: Mapping[str, str], *names: str) -> float | None:
    for name in names:
        raw = headers.get(name)
        if raw is None:
            continue
        match = _LEADING_NUMBER.match(raw)
        if match:
            return float(match.group(1))
    return None


class Grant(NamedTuple):
    """A slot handed out by `RateLimiter.acquire`: when, and after how long a wait."""

    at: float
    waited: float


class RateLimiter:
    """Blocking sliding-window pacer with a shared pause; thread-safe.

    `rate` requests per second (`0` = no pacing; a 429's pause still applies). Response headers
    (`X-RateLimit-Limit-Second`, `RateLimit-Limit`) can lower the rate, never raise it above the
    configured one; a remaining count of 0 pauses until `RateLimit-Reset`.
    """

    def __init__(self, rate: float, clock: Clock) -> None:
        self._configured_rate = rate
        self._header_rate: float | None = None
        self._clock = clock
        self._lock = threading.Lock()
        self._grants: deque[float] = deque()
        self._paused_until = 0.0

    @property
    def rate(self) -> float:
        """The rate in force: configured, lowered by what Monite announced."""
        if self._configured_rate <= 0:
            return 0.0
        if self._header_rate is not None and self._header_rate > 0:
            return min(self._configured_rate, self._header_rate)
        return self._configured_rate

    def pause_remaining(self) -> float:
        """Seconds until a 429 pause ends (0 if none)."""
        with self._lock:
            return max(0.0, self._paused_until - self._clock.monotonic())

    def acquire(self) -> Grant:
        """Block until a request may be sent; the grant says when and how long it waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock.monotonic()
                wait = self._wait_needed(now)
                if wait <= 0:
                    if self.rate > 0:  # with pacing off nothing reads them: keep none
                        self._grants.append(now)
                    return Grant(now, waited)
            self._clock.sleep(wait)
            waited += wait

    def release(self, grant: Grant) -> None:
        """Give back a slot whose request did not go out (it waits for a token first)."""
        with self._lock:
            if grant.at in self._grants:
                self._grants.remove(grant.at)

    def _wait_needed(self, now: float) -> float:
        if now < self._paused_until:
            return self._paused_until - now
        rate = self.rate
        if rate <= 0:
            return 0.0
        capacity, window = (math.floor(rate), 1.0) if rate >= 1 else (1, 1.0 / rate)
        window += WINDOW_GUARD_SECONDS
        while self._grants and (
            self._grants[0] <= now - window or len(self._grants) > capacity
        ):
            self._grants.popleft()
        if len(self._grants) < capacity:
            return 0.0
        return self._grants[0] + window - now

    def pause(self, seconds: float) -> None:
        """Hold every thread back for `seconds` from now (extends, never shortens, a pause)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock.monotonic() + seconds)

    def observe(
        self,
        status: int,
        headers: Mapping[str, str],
        retry_after: float | None,
        *,
        sent_at: float | None = None,
    ) -> None:
        """Learn from an answer: a 429 pauses everyone; rate-limit headers tighten the pace.

        `sent_at` is when the answered request was granted (the transport knows it): Monite
        counted that request's window from its arrival, not from when the answer came back.
        """
        if status == 429:
            self.pause(DEFAULT_429_PAUSE_SECONDS if retry_after is None else retry_after)
            return
        if self._configured_rate <= 0:
            return
        limit = _header_number(headers, "x-ratelimit-limit-second", "ratelimit-limit")
        if limit is not None and limit > 0:
            with self._lock:
                self._header_rate = limit
        remaining = _header_number(headers, "x-ratelimit-remaining-second", "ratelimit-remaining")
        if remaining is None or remaining > 0 or self._window_full_of_own_grants(sent_at):
            return
        reset = _header_number(headers, "ratelimit-reset")
        self.pause(reset if reset is not None and 0 < reset <= 60 else 1.0)

    def _window_full_of_own_grants(self, sent_at: float | None) -> bool:
        """Whether our own grants alone fill the window, so Monite's "none left" is ours.

        Then our window already holds the next request back until a slot frees, to the
        millisecond; pausing for `RateLimit-Reset` (whole seconds, rounded up) on top cost a
        third of the throughput under the limit (bench/, docs/performance.md). When others
        share the client id, our grants do not explain it and the reset is honoured.
        """
        with self._lock:
            rate = self.rate
            if rate < 1:
                return False
            anchor = self._clock.monotonic() if sent_at is None else sent_at
            since = anchor - 1.0 - WINDOW_GUARD_SECONDS
            return sum(1 for granted in self._grants if granted > since) >= math.floor(rate)
