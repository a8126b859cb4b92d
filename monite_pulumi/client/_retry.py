"""When to try a call again, and how long to wait: tenacity with an injectable clock.

Backoff is exponential with full jitter (`wait_random_exponential`), bounded by the attempt
count and by a total deadline per call. A 429 does not count as an attempt: Monite refused the
request unread, and processes sharing a client id can see long runs of them, so only the
deadline ends a run of 429s (a run longer than the retry count used to fail a deployment). A
429 adds no sleep here either: the limiter holds its next attempt until the `Retry-After`
Monite gave it (so the wait shows in the log line as a rate-limit wait), and decides how long
the process's other requests wait (`_ratelimit.RateLimiter.observe`); `pause_remaining` tells
the deadline check about both.
"""

from __future__ import annotations

from collections.abc import Callable

import tenacity

from monite_pulumi.client._clock import Clock
from monite_pulumi.errors import MoniteError, RateLimitedError

__all__ = ["BASE_DELAY_SECONDS", "MAX_DELAY_SECONDS", "Retryable", "retrying"]

BASE_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 8.0


class Retryable(Exception):  # noqa: N818 - internal signal, never escapes the client
    """A failed attempt worth repeating; `error` is what the caller sees if none succeeds."""

    def __init__(self, error: MoniteError) -> None:
        super().__init__(str(error))
        self.error = error


def retrying(
    *,
    max_attempts: int,
    deadline_at: float,
    clock: Clock,
    pause_remaining: Callable[[], float],
) -> tenacity.Retrying:
    """A tenacity controller for one call; re-raises the last `Retryable` when it gives up."""
    jitter = tenacity.wait_random_exponential(multiplier=BASE_DELAY_SECONDS, max=MAX_DELAY_SECONDS)
    failed = [0]  # attempts that count: every failure but a 429

    def wait(state: tenacity.RetryCallState) -> float:
        if _rate_limited(state):
            return 0.0
        return float(jitter(state))

    def stop(state: tenacity.RetryCallState) -> bool:
        if not _rate_limited(state):
            failed[0] += 1
            if failed[0] >= max_attempts:
                return True
        # The sleep and the limiter's pause run at the same time: the later one ends first.
        next_start = clock.monotonic() + max(state.upcoming_sleep, pause_remaining())
        return next_start > deadline_at

    return tenacity.Retrying(
        stop=stop,
        wait=wait,
        retry=tenacity.retry_if_exception_type(Retryable),
        sleep=clock.sleep,
        reraise=True,
    )


def _rate_limited(state: tenacity.RetryCallState) -> bool:
    failure = state.outcome.exception() if state.outcome else None
    return isinstance(failure, Retryable) and isinstance(failure.error, RateLimitedError)
