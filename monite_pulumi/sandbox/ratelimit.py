"""Per-client rate limit over a sliding one-second window, with Monite's headers."""

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

    def headers(self) -> list[tuple[bytes, bytes]]:
        """`RateLimit-*` and `X-RateLimit-*-Second` (and `Retry-After` on a refusal)."""
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

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
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
                return Decision(allowed=False, limit=limit, remaining=0, reset=wait)
            seen.append(now)
            reset = max(1, math.ceil(seen[0] + WINDOW_SECONDS - now))
            return Decision(allowed=True, limit=limit, remaining=limit - len(seen), reset=reset)
