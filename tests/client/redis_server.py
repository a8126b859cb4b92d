"""A real `redis-server` for the store's tests (bench/redis_store.py starts it on 127.0.0.1 at a
free port). Installed by the project's own set-up (scripts/ensure-redis.sh, run by `make
test`); where it is missing the tests skip, and fail under MONITE_PULUMI_REQUIRE_ALL=1 as CI
sets (tests/availability.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bench.redis_store import PASSWORD, RedisMissingError, RedisServer
from bench.redis_store import redis_server as _started
from tests.availability import unavailable

__all__ = ["PASSWORD", "RedisServer", "redis_server"]


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    try:
        with _started() as server:
            yield server
    except RedisMissingError as missing:
        unavailable(str(missing))
