"""Per-client rate limit with Monite's headers: fixed clock-second windows, or a sliding second.

Assumed behaviour (docs/assumed-behaviour.md, "rate limit"; docs/sandbox.md): Monite's header
set is the signature of Kong's rate-limiting plugin, which counts each client's requests in
**fixed windows aligned to the clock** (every whole second is its own bucket; `RateLimit-Reset`
is the whole seconds left in it). That is the default here (`window = "fixed"`); the sliding
window the sandbox used before (any second counts) stays selectable (`"sliding"`), so a client
can be run against both. A refused request is not counted and is answered 429 with
`Retry-After` in whole seconds; Monite's documents do not promise the `RateLimit-*` headers, so
they can be switched off (`headers = False`) to run a client against their absence.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

__all__ = ["WINDOWS", "Decision", "RateLimiter", "Window"]

WINDOW_SECONDS = 1.0
Window = Literal["fixed", "sliding"]
WINDOWS: tuple[Window, ...] = get_args(Window)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int
    announce: bool = True
    """Whether the `RateLimit-*` headers are sent (`Retry-After` on a refusal always is)."""

    def headers(self) -> list[tuple[bytes, bytes]]:
        """`RateLimit-*` and `X-RateLimit-*-Second` (and `Retry-After` on a refusal)."""
        pairs: list[tuple[str, int]] = []
        if self.announce:
            pairs = [
                ("RateLimit-Limit", self.limit),
                ("RateLimit-Remaining", self.remaining),
                ("RateLimit-Reset", self.reset),
                ("X-RateLimit-Limit-Second", self.limit),
                ("X-RateLimit-Remaining-Second", self.remaining),
            ]
        if not self.allowed:
            pairs.append(("Retry-After", self.reset))
        return [(name.encode(), str(value).encode()) for name, value in pairs]


class RateLimiter:
    """Counts each client's requests per window; `limit` 0 turns it off.

    Fixed windows are whole seconds of the wall clock, as Kong's are of its server's clock; a
    `time.monotonic` clock is shifted onto the wall clock once, so the buckets line up with
    `time.time()` seconds in other processes (the clients) on this machine.
    """

    def __init__(
        self,
        limit: int,
        clock: Callable[[], float] = time.time,
        *,
        headers: bool = True,
        window: Window = "fixed",
    ) -> None:
        self.limit = limit
        self.headers = headers
        self.window: Window = window
        self._clock = clock
        self._wall_offset = time.time() - time.monotonic() if clock is time.monotonic else 0.0
        self._seen: dict[str, deque[float]] = {}
        self._buckets: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
            self._buckets.clear()

    def check(self, client_id: str) -> Decision | None:
        """Admit or refuse one request; None when limiting is off."""
        limit = self.limit
        if limit <= 0:
            return None
        now = self._clock()
        with self._lock:
            if self.window == "fixed":
                return self._fixed(client_id, now + self._wall_offset, limit)
            return self._sliding(client_id, now, limit)

    def _fixed(self, client_id: str, now: float, limit: int) -> Decision:
        bucket = math.floor(now)
        # Kong: the seconds left in the window, rounded up (a one-second window: always 1).
        reset = max(1, math.ceil(bucket + WINDOW_SECONDS - now))
        started, count = self._buckets.get(client_id, (bucket, 0))
        if bucket > started:
            count = 0
        else:
            # a reading from before the current window (taken before the lock, or the wall
            # clock stepped back) is counted in it: moving the window back would empty it
            bucket = started
        if count >= limit:
            # assumed (docs/assumed-behaviour.md): 429 with Retry-After in whole seconds
            self._buckets[client_id] = (bucket, count)
            return Decision(False, limit, 0, reset, self.headers)
        self._buckets[client_id] = (bucket, count + 1)
        return Decision(True, limit, limit - count - 1, reset, self.headers)

    def _sliding(self, client_id: str, now: float, limit: int) -> Decision:
        seen = self._seen.setdefault(client_id, deque())
        while seen and seen[0] <= now - WINDOW_SECONDS:
            seen.popleft()
        if len(seen) >= limit:
            # assumed (docs/assumed-behaviour.md): 429 with Retry-After in whole seconds
            wait = max(1, math.ceil(seen[0] + WINDOW_SECONDS - now))
            return Decision(False, limit, 0, wait, self.headers)
        seen.append(now)
        reset = max(1, math.ceil(seen[0] + WINDOW_SECONDS - now))
        return Decision(True, limit, limit - len(seen), reset, self.headers)
