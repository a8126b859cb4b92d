"""When to try a call again, and how long to wait: tenacity with an injectable clock.

Backoff is exponential with full jitter (`wait_random_exponential`), bounded by the attempt
count and by a total deadline per call. After a 429 the shared limiter already holds every
thread until `Retry-After`, so the retry itself adds no sleep but still respects the deadline.
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

    def wait(state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, Retryable) and isinstance(failure.error, RateLimitedError):
            return 0.0
        return float(jitter(state))

    def stop(state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= max_attempts:
            return True
        next_start = clock.monotonic() + state.upcoming_sleep + pause_remaining()
        return next_start > deadline_at

    return tenacity.Retrying(
        stop=stop,
        wait=wait,
        retry=tenacity.retry_if_exception_type(Retryable),
        sleep=clock.sleep,
        reraise=True,
    )
