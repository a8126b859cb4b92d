"""Tokens that expire every 2 s during a run: no call fails, one token request per expiry.

The provider server's 4 threads share one token per (api url, client id); it is replaced just
before it expires, so token requests follow the lifetime, not the number of threads or calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import sandbox_requests
from tests.harness.fixtures import EngineFactory, stack_config
from tests.providers.inputs import organization_inputs
from tests.reliability.chaos_state import ENTITIES

LIFETIME = 2
EXPIRIES = 3
"""Run until the token has been replaced this many times (about 6 s)."""
THREADS = 4
MAX_CALLS = 5000


@pytest.fixture
def short_tokens(sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    """Short tokens; the rate limit off, as its 429 pauses are not what this suite measures."""
    before = sandbox.control.get("/_sandbox/settings").json()
    sandbox.control.patch("/_sandbox/settings", json={"token_lifetime": LIFETIME, "rate_limit": 0})
    try:
        yield sandbox
    finally:
        sandbox.control.patch("/_sandbox/settings", json=before)


def _token_requests(sandbox: RunningSandbox) -> list[datetime]:
    entries = sandbox_requests(sandbox)["entries"]
    return [
        datetime.fromisoformat(entry["at"])
        for entry in entries
        if entry["endpoint"] == "POST /auth/token"
    ]


def _calls_per_token(sandbox: RunningSandbox) -> list[int]:
    """How many API calls followed each token request before the next one, in log order."""
    counts: list[int] = []
    for entry in sandbox_requests(sandbox)["entries"]:
        if entry["endpoint"] == "POST /auth/token":
            counts.append(0)
        elif counts:
            counts[-1] += 1
    return counts


def test_expiring_tokens_cost_one_request_per_expiry_and_no_failure(
    short_tokens: RunningSandbox, engine_factory: EngineFactory
) -> None:
    sandbox = short_tokens
    # A fresh server (no token cached from an earlier test), pacing off like the sandbox.
    engine = engine_factory(stack_config(sandbox, **{"monite:maxRequestsPerSecond": "0"}))
    entity = engine.create(ENTITIES, organization_inputs())
    calls = 0
    with ThreadPoolExecutor(THREADS) as pool:
        while len(_token_requests(sandbox)) < EXPIRIES + 1 and calls < MAX_CALLS:
            batch = [
                pool.submit(engine.read, ENTITIES, entity.id, entity.outs)
                for _ in range(THREADS * 10)
            ]
            for future in batch:
                assert future.result().id == entity.id  # raises if any call failed
            calls += len(batch)

    tokens = _token_requests(sandbox)
    assert len(tokens) == EXPIRIES + 1, f"{len(tokens)} token requests in {calls} calls"
    # One request per lifetime, never one per thread: every token served many calls of all
    # 4 threads before the next was fetched (counted in the log, not timed).
    served = _calls_per_token(sandbox)
    assert len(served) == len(tokens)
    assert all(count >= 2 * THREADS for count in served[:-1]), served
    refused = [
        (entry["endpoint"], entry["status"])
        for entry in sandbox_requests(sandbox)["entries"]
        if entry["status"] >= 400
    ]
    assert refused == [], refused
    assert calls > 10 * len(tokens)
