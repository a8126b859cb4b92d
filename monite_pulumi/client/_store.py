"""One request budget for every process on a client id, kept in Redis (`monite:rateLimitStore`).

Processes on one machine can learn each other's share from Monite's headers
(`_budget_share.py`), but stacks split over many CI runners start at once with no idea of each
other, and without the `RateLimit-*` headers every process learns the limit only by crossing
it. A shared store removes the guessing: each request takes the next free slot of one
schedule kept in Redis, a GCRA ("generic cell rate algorithm", as redis-cell and most gateway
limiters implement it) run as one atomic Lua script per request slot. The slots are spaced one
emission interval apart on Redis's own clock, so any second, a fixed clock second as Monite's
gateway most likely counts (docs/assumed-behaviour.md, "rate limit") or a sliding one, holds
at most the rate plus the small burst: the schedule needs no knowledge of Monite's window phase.

The script reserves rather than refuses: it answers how long until this caller's slot, so a
waiting request costs one round trip, not a poll. When the store cannot be reached the caller
gets `StoreUnavailable`, warns once per process and paces locally; the store is tried again
after `RETRY_AFTER_SECONDS`. The URL carries the password: it is a secret, never logged or put
in a message (only the error's type is).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, Protocol
from urllib.parse import urlsplit

from monite_pulumi._logging import get_logger, register_secret
from monite_pulumi.client._clock import Clock
from monite_pulumi.errors import ConfigurationError

__all__ = [
    "CONNECT_TIMEOUT_SECONDS",
    "RETRY_AFTER_SECONDS",
    "RedisSlots",
    "SlotStore",
    "StoreUnavailable",
    "schedule_rate",
    "store_key",
]

_log = get_logger("monite_pulumi.client")

CONNECT_TIMEOUT_SECONDS = 0.5
"""A store that does not answer within this is taken as down: every request waits on it."""
RETRY_AFTER_SECONDS = 10.0
"""After the store failed, local pacing for this long before the store is tried again."""
MARGIN = 0.03
"""The part of the limit the shared schedule leaves unused, for the jitter between a slot and
the request's arrival at Monite (at least one request): 29 of 30. One schedule spaces every
request evenly, so it needs far less than the 8% processes guessing each other's share keep."""
MAX_RESERVE_SECONDS = 60.0
"""A reservation further ahead than this is not taken (the schedule is broken or far behind):
the caller paces locally for that request instead of sleeping a minute."""

# KEYS[1]: the schedule's key. ARGV[1]: emission interval (µs), ARGV[2]: burst tolerance (µs),
# ARGV[3]: the most a caller may be told to wait (µs). The key holds the theoretical arrival
# time (TAT) of the next slot on Redis's clock; each call takes one slot and answers the wait.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - burst - now
if wait < 0 then wait = 0 end
if wait > tonumber(ARGV[3]) then return -1 end
local after = tat + interval
redis.call('SET', KEYS[1], after, 'PX', math.floor((after - now) / 1000) + 1000)
return wait
"""


class StoreUnavailable(Exception):  # noqa: N818 - a state, not a bug; never escapes the client
    """The shared store could not be asked; the caller paces locally."""


class SlotStore(Protocol):
    """Hands out request slots of one shared schedule (`RedisSlots`; a fake in simulations)."""

    def reserve(self, rate: float) -> float:
        """Take the next slot at `rate` requests/s; seconds until it (raises StoreUnavailable)."""
        ...


def schedule_rate(limit: float) -> float:
    """Requests per second the shared schedule hands out under Monite's `limit`."""
    return limit - max(1.0, MARGIN * limit) if limit > 1.0 else limit


def store_key(api_url: str, client_id: str) -> str:
    """The schedule's Redis key: one per Monite client id and API (the id hashed, not shown)."""
    digest = hashlib.sha256(f"{api_url}\n{client_id}".encode()).hexdigest()[:24]
    return f"monite-pulumi:ratelimit:{digest}"


class RedisSlots:
    """`SlotStore` on Redis; thread-safe (redis-py's pool), the client made on first use."""

    def __init__(self, url: str, key: str, *, burst: float = 0.0) -> None:
        _register_password(url)
        self._url = url
        self._key = key
        self._burst = burst
        self._lock = threading.Lock()
        self._script: Any = None

    def __repr__(self) -> str:
        return "RedisSlots(<url hidden>)"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("the rate-limit store holds a secret URL and is never pickled")

    def reserve(self, rate: float) -> float:
        script = self._reserver()  # a ConfigurationError without the redis package
        import redis

        interval = round(1_000_000 / rate)
        try:
            waited = script(
                keys=[self._key],
                args=[interval, round(self._burst * 1_000_000), round(MAX_RESERVE_SECONDS * 1e6)],
            )
        except redis.RedisError as exc:
            raise StoreUnavailable(type(exc).__name__) from None
        if int(waited) < 0:
            raise StoreUnavailable("the shared schedule is more than a minute ahead")
        return int(waited) / 1_000_000

    def _reserver(self) -> Any:
        with self._lock:
            if self._script is None:
                try:
                    import redis
                except ImportError:
                    raise ConfigurationError(
                        "monite:rateLimitStore needs the redis package: install this "
                        "package with its `redis` extra (or `pip install redis`)"
                    ) from None
                client = redis.Redis.from_url(
                    self._url,
                    socket_timeout=CONNECT_TIMEOUT_SECONDS,
                    socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
                    retry_on_timeout=False,
                )
                self._script = client.register_script(_RESERVE)
            return self._script


class StoreGate:
    """Whether to ask the store now: it is skipped for `RETRY_AFTER_SECONDS` after it failed,
    and the first failure of the process is logged as one warning."""

    def __init__(self, store: SlotStore, clock: Clock) -> None:
        self.store = store
        self._clock = clock
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._warned = False

    def usable(self) -> bool:
        with self._lock:
            return self._clock.monotonic() >= self._down_until

    def failed(self, reason: str) -> None:
        with self._lock:
            self._down_until = self._clock.monotonic() + RETRY_AFTER_SECONDS
            if self._warned:
                return
            self._warned = True
        _log.warning(
            "the shared rate-limit store (monite:rateLimitStore) could not be used (%s); "
            "pacing this process alone from Monite's answers, and trying the store again "
            "every %g s",
            reason,
            RETRY_AFTER_SECONDS,
        )


def _register_password(url: str) -> None:
    """The whole URL is registered as a secret by the settings; its password alone too, so a
    message quoting only the password (or a URL rebuilt without it) is masked as well."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return
    register_secret(password)
