"""A per-process request pacer shared by every thread that talks to one Monite client id.

Monite limits each API client to about 30 requests a second, most likely in fixed clock-second
windows (possibly a sliding second: `_window_model.py` tells them apart), and answers 429 with
`Retry-After` beyond that. Pacing up front is cheaper than bouncing, and a 429 seen by one
thread must hold back all of them. Other processes may use the same client id at once (sharded
stacks run in parallel): `_budget_share.BudgetShare` learns from each answer how much of the
budget they leave, and the limiter spaces this process's requests to that share; or, with a
shared store (`_store.py`), every request takes the next slot of one schedule for all. No library we
found combines a blocking sliding window, a shared "pause everyone until", live tightening from
response headers and an injectable clock, so this is a small hand-written one (docs/client.md).
"""

from __future__ import annotations

import math
import re
import threading
from collections import deque
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple

from monite_pulumi.client._budget_share import (
    REFUSED_IN_WINDOW_FACTOR,
    BudgetShare,
    OwnCount,
)
from monite_pulumi.client._clock import Clock
from monite_pulumi.client._store import StoreGate, StoreUnavailable, schedule_rate
from monite_pulumi.client._window_model import ARRIVAL_FRACTION, WindowModel

__all__ = ["Grant", "RateLimiter", "Slot", "parse_reset", "parse_retry_after"]

# Extra spacing so requests granted one window apart still arrive one window apart at Monite
# despite jitter. 0.05 s was too little even on loopback: arrivals bunched by 50 ms+ made
# Monite's window fill, and each "remaining 0" costs a whole-second pause (bench/: 1.3x the
# floor of requests / 30 s at 0.05, ~1.05x at 0.1).
WINDOW_GUARD_SECONDS = 0.1
# Pause after a 429 that carries no Retry-After: Monite's window is one second.
DEFAULT_429_PAUSE_SECONDS = 1.0
# `RateLimit-Reset` is undocumented: a delta in seconds, or (above this) an epoch time.
_EPOCH_THRESHOLD = 1_000_000_000
_MAX_RESET_SECONDS = 60.0
# Own grants remembered for counting our part of Monite's window (window + guard, with room).
_HISTORY_SECONDS = 2.0
# Fixed windows: our requests this close to a clock second's edge may be counted on either side.
_FIXED_GUARD_SECONDS = 0.03
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    reference = now or datetime.now(timezone.utc)
    return max(0.0, (moment - reference).total_seconds())


def _header_number(headers: Mapping[str, str], *names: str) -> float | None:
    for name in names:
        raw = headers.get(name)
        if raw is None:
            continue
        match = _LEADING_NUMBER.match(raw)
        if match:
            return float(match.group(1))
    return None


def parse_reset(value: float | None, now: datetime) -> float | None:
    """Seconds until `RateLimit-Reset`: delta seconds, or an epoch time; None if unusable."""
    if value is None:
        return None
    seconds = value - now.timestamp() if value >= _EPOCH_THRESHOLD else value
    return seconds if 0 < seconds <= _MAX_RESET_SECONDS else None


class Slot(NamedTuple):
    """`RateLimiter.reserve`'s answer: wait this long, then send (`reserved`) or ask again."""

    wait: float
    reserved: bool


class Grant(NamedTuple):
    """A slot handed out by `RateLimiter.acquire`: when, and after how long a wait."""

    at: float
    waited: float


class RateLimiter:
    """Blocking sliding-window pacer with a shared pause and a learnt share; thread-safe.

    `rate` requests per second (`0` = no pacing; a 429's pause still applies). Response headers
    (`X-RateLimit-Limit-Second`, `RateLimit-Limit`) can lower the rate, never raise it above the
    configured one. While others use the same client id, requests are spaced to this process's
    share of the budget (`share`), and a remaining count of 0 they caused holds this process
    back one slot of it (never past `RateLimit-Reset`); one our own requests caused needs no
    pause, our window already holds the next one back.
    """

    def __init__(
        self,
        rate: float,
        clock: Clock,
        store: StoreGate | None = None,
        *,
        model: WindowModel | None = None,
    ) -> None:
        self._configured_rate = rate
        self._store = store
        self._header_rate: float | None = None
        self._clock = clock
        self._lock = threading.Lock()
        self._grants: deque[float] = deque()
        self._history: deque[float] = deque()
        self._budget = BudgetShare(max(rate, 0.0))
        self._model = model or WindowModel()
        self._next_spaced = 0.0
        self._paused_until = 0.0

    @property
    def rate(self) -> float:
        """The rate in force: configured, lowered by what Monite announced."""
        if self._configured_rate <= 0:
            return 0.0
        if self._header_rate is not None and self._header_rate > 0:
            return min(self._configured_rate, self._header_rate)
        return self._configured_rate

    @property
    def share(self) -> float:
        """Requests per second this process takes now: the rate, or less while others share."""
        with self._lock:
            return self._budget.share if self.rate > 0 else 0.0

    def pause_remaining(self) -> float:
        """Seconds until a 429 pause ends (0 if none)."""
        with self._lock:
            return max(0.0, self._paused_until - self._clock.monotonic())

    def acquire(self, not_before: float = 0.0) -> Grant:
        """Block until a request may be sent, not before `not_before` (a refused request's
        `Retry-After`, on the clock's monotonic scale); the grant says when and how long it
        waited."""
        waited = 0.0
        early = not_before - self._clock.monotonic()
        if early > 0:
            self._clock.sleep(early)
            waited += early
        while True:
            slot = self.reserve()
            if slot is not None:
                self._clock.sleep(slot.wait)
                waited += slot.wait
                if slot.reserved:
                    return Grant(self.take_reserved().at, waited)
                continue
            outcome = self.try_acquire()
            if isinstance(outcome, Grant):
                return Grant(outcome.at, waited)
            self._clock.sleep(outcome)
            waited += outcome

    def reserve(self) -> Slot | None:
        """With a shared store in use: a slot of its schedule reserved for this caller
        (`reserved`: send after `wait`, calling `take_reserved`), or a 429 pause still running
        (`wait`, then ask again). None: no store in use (none set, or down), pace with
        `try_acquire`; for callers that schedule their own waiting, as `try_acquire` is."""
        if self._store is None or self.rate <= 0 or not self._store.usable():
            return None
        pause = self.pause_remaining()
        if pause > 0:
            return Slot(pause, reserved=False)
        try:
            return Slot(self._store.store.reserve(schedule_rate(self.rate)), reserved=True)
        except StoreUnavailable as down:
            self._store.failed(str(down))
            return None

    def take_reserved(self) -> Grant:
        """The slot reserved in the store is due: record it as ours (for reading Monite's
        window count) and hand it out."""
        with self._lock:
            now = self._clock.monotonic()
            self._record_grant(now)
            return Grant(now, 0.0)

    def try_acquire(self) -> Grant | float:
        """Take a slot if one is free now (a grant), else say how long to wait before asking
        again; for callers that schedule their own waiting (simulations, event loops)."""
        with self._lock:
            now = self._clock.monotonic()
            wait = self._wait_needed(now)
            if wait > 0:
                return wait
            if self.rate > 0:  # with pacing off nothing reads them: keep none
                self._record_grant(now)
            return Grant(now, 0.0)

    def release(self, grant: Grant) -> None:
        """Give back a slot whose request did not go out (it waits for a token first)."""
        with self._lock:
            if grant.at in self._grants:
                self._grants.remove(grant.at)
            if grant.at in self._history:
                self._history.remove(grant.at)

    def _record_grant(self, now: float) -> None:
        # Only `_wait_needed` trimmed the window, and with the store in use it never runs: drop
        # here what no local window (the widest: 1/rate, plus the guard) can still count.
        rate = self.rate
        horizon = (1.0 / rate if 0 < rate < 1 else 1.0) + WINDOW_GUARD_SECONDS
        while self._grants and self._grants[0] <= now - horizon:
            self._grants.popleft()
        self._grants.append(now)
        self._history.append(now)
        while self._history and self._history[0] < now - _HISTORY_SECONDS:
            self._history.popleft()
        if self._budget.shared:
            self._next_spaced = max(self._next_spaced, now) + 1.0 / self._budget.share

    def _wait_needed(self, now: float) -> float:
        if now < self._paused_until:
            return self._paused_until - now
        rate = self.rate
        if rate <= 0:
            return 0.0
        capacity, window = (math.floor(rate), 1.0) if rate >= 1 else (1, 1.0 / rate)
        shared = self._budget.shared
        if shared:
            # Our part of the window, not just our pace: requests already sent (before the
            # others were seen, say) still count in Monite's window for a whole second.
            capacity = min(capacity, max(1, math.ceil(self._budget.share)))
        else:
            window += WINDOW_GUARD_SECONDS
        while self._grants and self._grants[0] <= now - window:
            self._grants.popleft()
        if len(self._grants) >= capacity:
            return self._grants[len(self._grants) - capacity] + window - now
        if shared and now < self._next_spaced:
            return self._next_spaced - now
        return 0.0

    def pause(self, seconds: float) -> None:
        """Hold every thread back for `seconds` from now (extends, never shortens, a pause)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock.monotonic() + seconds)

    def observe(
        self,
        status: int,
        headers: Mapping[str, str],
        retry_after: float | None,
        *,
        sent_at: float | None = None,
    ) -> None:
        """Learn from an answer: a 429 pauses everyone; rate-limit headers tighten the pace.

        `sent_at` is when the answered request was granted (the transport knows it): Monite
        counted that request's window from its arrival, not from when the answer came back.
        """
        limit = _header_number(headers, "x-ratelimit-limit-second", "ratelimit-limit")
        remaining = _header_number(headers, "x-ratelimit-remaining-second", "ratelimit-remaining")
        refused_for = DEFAULT_429_PAUSE_SECONDS if retry_after is None else retry_after
        if status == 429:
            remaining = 0.0 if remaining is None and limit is not None else remaining
        if self._configured_rate <= 0:
            if status == 429:
                self.pause(refused_for)
            return
        ours = self._own_grants_in_window(sent_at)
        with self._lock:
            now = self._clock.monotonic()
            counted = self._counted_at(now, sent_at)
            if limit is not None and limit > 0:
                self._header_rate = limit
                self._budget.set_ceiling(self.rate)
            if remaining is not None and limit is not None and limit > 0:
                fixed = self._model.fixed
                if status != 429:  # a refused request is not counted: its count says less
                    fixed = self._model.observe(counted.wall, limit - remaining, limit)
                if fixed:
                    own_in_window = self._own_in_clock_second(counted)
                    self._budget.on_fixed_window(
                        limit,
                        remaining,
                        ours,
                        own_in_window,
                        counted.seen,
                        now,
                        confirmed=self._model.confirmed,
                    )
                else:
                    self._budget.on_window(limit, remaining, ours.counted, ours.at_most, now)
                if status == 429 and self._budget.shared:
                    self._budget.on_rate_limited(now, REFUSED_IN_WINDOW_FACTOR)
            elif status == 429:
                self._budget.on_rate_limited(now)
            elif remaining is None:
                self._budget.on_admitted_without_window()
            shared = self._budget.shared
            # Once others fill Monite's window, when room comes back: under fixed windows at
            # the next clock second for everyone at once (sending before it only bounces);
            # under a sliding one as the oldest requests leave, about one slot of our share.
            if self._model.fixed and limit is not None:
                # sent then, a request reaches the gateway just after the second has turned
                next_second = counted.at + counted.until_next
                room_in = next_second - counted.delay + _FIXED_GUARD_SECONDS - now
            else:
                room_in = 1.0 / max(self._budget.share, 1.0)
        if status == 429:
            # The refused request waits its whole `Retry-After` (`acquire(not_before=...)`).
            # When Monite's count shows others share the window, the share just lowered paces
            # the rest of this process, and the pause lasts until room comes back: holding
            # every thread for the whole (rounded-up) second cost ~10% of the wall at K = 4
            # (docs/performance.md).
            told = limit is not None and remaining is not None
            self.pause(min(refused_for, room_in) if shared and told else refused_for)
            return
        if remaining is None or remaining > 0:
            return
        if self._store is not None and self._store.usable():
            # The shared schedule paces everyone below the limit; a window that still filled
            # (jitter) holds no slot back: every process pausing at the same turn of the
            # second left the schedule's slots unused (K = 8 at 1.22x the floor, no 429).
            return
        if limit is not None and not shared:
            return  # alone in the window: "none left" is our own doing (see _alone_fills)
        if limit is None and self._alone_fills(ours):
            return
        reset = parse_reset(_header_number(headers, "ratelimit-reset"), self._clock.now())
        wait = 1.0 if reset is None else reset
        if shared:
            # Others fill the window: our share (just lowered) spaces us from now on; holding
            # back until room comes back lets the window drain or start again. A whole
            # rounded-up second every time cost a quarter of the throughput
            # (docs/performance.md).
            wait = min(wait, room_in)
        self.pause(wait)

    def _delay(self, now: float, sent_at: float | None) -> float:
        """How long after sending Monite's gateway counts a request (from this answer)."""
        return 0.0 if sent_at is None else ARRIVAL_FRACTION * max(0.0, now - sent_at)

    def _counted_at(self, now: float, sent_at: float | None) -> _Counted:
        """When Monite counted the answered request: monotonic and wall time, where in its
        clock second (`seen`: the part gone, `until_next`: seconds left), and how long after
        sending (`delay`)."""
        delay = self._delay(now, sent_at)
        at = now if sent_at is None else sent_at + delay
        wall = self._clock.now().timestamp() - (now - at)
        seen = self._model.seen(wall)
        return _Counted(at, wall, seen, 1.0 - seen, delay)

    def _own_in_clock_second(self, counted: _Counted) -> int:
        """Our requests Monite may have counted in the answered request's clock second, up to
        it: counted (sent a gateway delay earlier) since that second began, give or take the
        guard (so jitter never makes ours look like others')."""
        start = counted.at - counted.seen - _FIXED_GUARD_SECONDS
        end = counted.at + _FIXED_GUARD_SECONDS
        return sum(1 for granted in self._history if start <= granted + counted.delay <= end)

    def _alone_fills(self, ours: OwnCount) -> bool:
        """Whether our own requests alone fill the window, so "none left" is our own doing
        (for answers that give a remaining count but no limit to tell others' share by).

        Then our window already holds the next request back until a slot frees, to the
        millisecond; pausing for `RateLimit-Reset` (whole seconds, rounded up) on top cost a
        third of the throughput under the limit (bench/, docs/performance.md). Otherwise the
        reset is honoured.
        """
        rate = self.rate
        return rate >= 1 and ours.at_most >= math.floor(rate)

    def _own_grants_in_window(self, sent_at: float | None) -> OwnCount:
        """Our requests in Monite's window as the answered one (granted at `sent_at`) arrived."""
        with self._lock:
            anchor = self._clock.monotonic() if sent_at is None else sent_at
            counted = at_most = 0
            for granted in self._history:
                if anchor - 1.0 < granted <= anchor:
                    counted += 1
                if anchor - 1.0 - WINDOW_GUARD_SECONDS < granted <= anchor + WINDOW_GUARD_SECONDS:
                    at_most += 1
            return OwnCount(counted, at_most)


class _Counted(NamedTuple):
    """When Monite counted an answered request, by our clocks (`_counted_at`)."""

    at: float
    wall: float
    seen: float
    until_next: float
    delay: float
