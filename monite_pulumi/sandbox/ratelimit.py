"""Per-client rate limit over a sliding one-second window, with Monite's headers.

Assumed behaviour (docs/assumed-behaviour.md, "rate limit"; docs/sandbox.md): each API client
may make `limit` requests in any sliding second; a refused request is not counted, is answered
429 with `Retry-After` in whole seconds, and Monite's documents do not promise the `RateLimit-*`
headers, so they can be switched off (`headers = False`) to run a client against their absence.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 1.0


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
    """Counts each client's requests of the last second; `limit` 0 turns it off."""

    def __init__(
        self, limit: int, clock: Callable[[], float] = time.monotonic, *, headers: bool = True
    ) -> None:
        self.limit = limit
        self.headers = headers
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()

    def check(self, client_id: str) -> Decision | None:
        """Admit or refuse one request; None when limiting is off."""
        limit = self.limit
        if limit <= 0:
            return None
        now = self._clock()
        with self._lock:
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
