"""K client processes sharing one client id, in virtual time, against the sandbox's limiter.

Each process has its own `RateLimiter` (as each provider process has its own) and 4 requests in
flight (the engine's limit per provider server); all K talk to one limiter, the sandbox's
emulation of Monite's (docs/assumed-behaviour.md, "rate limit": fixed clock-second windows per
client by default, or a sliding second; 429 with `Retry-After` in whole seconds, a refused
request not counted). Monite's clock may be ahead of the processes' by `phase` seconds (its
fixed windows start there on our clock). With `store`, every process takes its slots from one
shared schedule, as `monite:rateLimitStore` does (`GcraStore`: the Redis script's arithmetic).
A 429 is retried after the limiter's pause, as the client's retry loop does. Latency is 50 ms
plus seeded jitter, so every run is the same; no real time passes and no thread is started.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from monite_pulumi.client._ratelimit import Grant, RateLimiter, parse_retry_after
from monite_pulumi.client._store import StoreGate
from monite_pulumi.sandbox.ratelimit import RateLimiter as MoniteWindow
from monite_pulumi.sandbox.ratelimit import Window

IN_FLIGHT = 4
LATENCY = 0.050
JITTER = 0.010
START_SPREAD = 0.15
"""Seconds over which the K processes' first requests are spread (bench traces: 0.56-0.71 s
after the common start, from imports and the token under shared CPU)."""
CALL_OVERHEAD = 0.003
"""The engine round trip around each request (harness measurements: 1-2.3 ms)."""


class VirtualClock:
    """The limiter's clock in the simulation: it never sleeps, the event loop moves it."""

    def __init__(self) -> None:
        self.t = 0.0

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return datetime(2024, 5, 25, tzinfo=timezone.utc) + timedelta(seconds=self.t)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - the simulation never blocks
        raise AssertionError("the simulation schedules waits itself")


@dataclass
class Outcome:
    admitted: int = 0
    rate_limited: int = 0
    finished_at: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return max(self.finished_at)

    @property
    def floor(self) -> float:
        """Admitted requests / the limit: the least time the work can take."""
        return self.admitted / LIMIT

    @property
    def rate_limited_share(self) -> float:
        return self.rate_limited / (self.admitted + self.rate_limited)


LIMIT = 30


class GcraStore:
    """The shared schedule of client/_store.py's Lua script, on the virtual clock."""

    def __init__(self, clock: VirtualClock, burst: float = 0.0) -> None:
        self._clock = clock
        self._burst = burst
        self._tat = 0.0

    def reserve(self, rate: float) -> float:
        now = self._clock.t
        tat = max(self._tat, now)
        self._tat = tat + 1.0 / rate
        return max(0.0, tat - self._burst - now)


@dataclass
class _Process:
    limiter: RateLimiter
    left: int
    in_flight: int = 0
    finished_at: float = 0.0


def simulate(
    processes: int,
    requests_each: int,
    *,
    headers: bool = True,
    seed: int = 1,
    start_spread: float = START_SPREAD,
    window: Window = "fixed",
    phase: float = 0.0,
    store: bool = False,
) -> Outcome:
    """Run K processes of `requests_each` requests each to the end; what Monite saw.

    Each process starts up to `start_spread` seconds late (seeded): K provider servers never
    make their first request at the same moment (imports, the token, the CPU they share), and
    an early starter's head start is what makes shares unequal.
    """
    rng = random.Random(seed)
    clock = VirtualClock()
    monite = MoniteWindow(LIMIT, clock=lambda: clock.t + phase, headers=headers, window=window)
    shared_store = GcraStore(clock) if store else None
    events: list[tuple[float, int, Callable[[], None]]] = []
    order = itertools.count()
    outcome = Outcome()

    def at(moment: float, action: Callable[[], None]) -> None:
        heapq.heappush(events, (moment, next(order), action))

    def start_next(process: _Process) -> None:
        if process.left == 0:
            if process.in_flight == 0:
                process.finished_at = clock.t
            return
        process.left -= 1
        process.in_flight += 1
        send(process)

    def send(process: _Process) -> None:
        slot = process.limiter.reserve()
        if slot is not None:
            then = (lambda: go(process)) if slot.reserved else (lambda: send(process))
            at(clock.t + slot.wait, then)
            return
        granted = process.limiter.try_acquire()
        if not isinstance(granted, Grant):
            at(clock.t + granted, lambda: send(process))
            return
        go(process, granted)

    def go(process: _Process, granted: Grant | None = None) -> None:
        if granted is None:
            granted = process.limiter.take_reserved()
        sent_at = clock.t
        at(
            sent_at + CALL_OVERHEAD + LATENCY + rng.uniform(0, JITTER),
            lambda: arrive(process, sent_at),
        )

    def arrive(process: _Process, sent_at: float) -> None:
        decision = monite.check("partner")
        assert decision is not None
        answer = {name.decode().lower(): value.decode() for name, value in decision.headers()}
        if decision.allowed:
            outcome.admitted += 1
        else:
            outcome.rate_limited += 1
        at(
            clock.t + 0.002 + rng.uniform(0, JITTER / 2),
            lambda: answered(process, sent_at, decision.allowed, answer),
        )

    def answered(process: _Process, sent_at: float, allowed: bool, answer: dict[str, str]) -> None:
        status = 200 if allowed else 429
        retry_after = parse_retry_after(answer.get("retry-after")) if not allowed else None
        process.limiter.observe(status, answer, retry_after, sent_at=sent_at)
        if not allowed:
            # The client retries the refused request after its `Retry-After`; the limiter
            # holds it (and every other request of the process) for any pause on top.
            at(clock.t + (retry_after or 0.0), lambda: send(process))
            return
        process.in_flight -= 1
        at(clock.t + CALL_OVERHEAD, lambda: start_next(process))

    def limiter() -> RateLimiter:
        if shared_store is None:
            return RateLimiter(LIMIT, clock)
        return RateLimiter(LIMIT, clock, StoreGate(shared_store, clock))

    everyone = [_Process(limiter(), requests_each) for _ in range(processes)]
    for process in everyone:
        start = rng.uniform(0.0, start_spread)
        for _ in range(IN_FLIGHT):
            at(start, lambda process=process: start_next(process))  # type: ignore[misc]
    while events:
        clock.t, _, action = heapq.heappop(events)
        action()
    outcome.finished_at = [process.finished_at for process in everyone]
    return outcome
