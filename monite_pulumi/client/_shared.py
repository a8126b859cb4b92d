"""Per-process state keyed by (api url, client id): the token cache and the rate limiter.

The Pulumi dynamic-provider server builds and configures one provider instance per provider
class, so anything held on an instance would be duplicated; it lives here instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from monite_pulumi.client._auth import TokenCache
from monite_pulumi.client._clock import Clock
from monite_pulumi.client._ratelimit import RateLimiter
from monite_pulumi.client._store import RedisSlots, StoreGate, store_key

__all__ = ["SharedState", "reset_shared_state", "shared_state"]


@dataclass(frozen=True)
class SharedState:
    tokens: TokenCache
    limiter: RateLimiter


_states: dict[tuple[str, str], SharedState] = {}
_lock = threading.Lock()


def shared_state(
    api_url: str, client_id: str, *, rate: float, clock: Clock, store_url: str | None = None
) -> SharedState:
    """The state for this key, created on first use with that caller's rate, clock and store
    (a Redis URL shared by every process on this client id, client/_store.py)."""
    key = (api_url, client_id)
    with _lock:
        state = _states.get(key)
        if state is None:
            store = None
            if store_url:
                slots = RedisSlots(store_url, store_key(api_url, client_id))
                store = StoreGate(slots, clock)
            state = SharedState(TokenCache(clock), RateLimiter(rate, clock, store))
            _states[key] = state
        return state


def reset_shared_state() -> None:
    """Forget every cached token and limiter (tests; or after rotating credentials)."""
    with _lock:
        _states.clear()
