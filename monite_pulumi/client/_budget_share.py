"""How much of one client id's request budget this process takes when others share it.

Monite limits requests per API client (docs/assumed-behaviour.md, "rate limit": about 30 a
second, most likely in fixed clock-second windows), and a sharded pipeline runs several
`pulumi` commands, each with its own provider process, on the same client id at once. No
process sees the others, and there is no shared store to agree in (unless one is configured:
`_store.py`); each adapts its own share from what every answer tells it:

- With `RateLimit-Remaining` / `X-RateLimit-Remaining-Second` (and a limit): Monite's count of
  the window, everyone's requests included. Minus our own requests of that window, it is what the
  others use; the share of the window they leave is the limit minus that. Each process scales
  its own rate by `target / used` (target: the limit less a margin for timing jitter). Every
  process sees the same `used`, so together they land on the target in one step whatever their
  number, where "take all that is left" would make K processes overshoot K-fold. A process
  alone (nobody else in the window) keeps the whole ceiling: as fast as without sharing.
- Without those headers (Monite's spec lists none): AIMD, as TCP does. A 429 halves the share
  (once per window: the 429s of one overload are one signal), each answer without one adds back
  a little, about `RECOVERY_PER_SECOND` requests/s per second. Processes that halve and add the
  same way converge on equal shares.

Under fixed clock-second windows (Monite's likeliest, `_window_model.py`) the count starts again
from 0 at every second, so an answer early in a second shows only the part of the others'
requests sent so far in it: `on_fixed_window` projects the others' count to the whole window
(weighting each answer by how much of the window it saw) before scaling the same way.

The numbers are tuned on the sandbox's emulation of Monite's limiter (bench/shared_budget.py,
docs/performance.md); they are plain module constants, not settings.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

__all__ = [
    "DECREASE_FACTOR",
    "MIN_SHARE",
    "RECOVERY_PER_SECOND",
    "REFUSED_IN_WINDOW_FACTOR",
    "BudgetShare",
    "OwnCount",
    "alone_tolerance",
    "target_of",
]

MIN_SHARE = 0.5
"""Requests/s a process never goes below: it must still make progress."""
DECREASE_FACTOR = 0.5
"""A 429 multiplies the share by this (the multiplicative decrease of AIMD)."""
RECOVERY_PER_SECOND = 1.0
"""Requests/s the share grows by per second without a 429 (the additive increase)."""
REFUSED_IN_WINDOW_FACTOR = 0.8
"""A 429 while the headers show others in the window multiplies the share by this, once per
window: the share aimed under the limit and still overshot (others' requests bunched between
two of our answers). Gentler than halving: the count already lowered the share. 0.9 left K = 8
at 8% of requests answered 429 in the simulation, 0.8 at 3.5%, 0.7 no better and slower."""
DECREASE_INTERVAL_SECONDS = 1.0
"""Monite's window: 429s within one window of a decrease are the same overload."""
SNAP_TO_CEILING = 1.0
"""Within this many requests/s of the ceiling the share is the ceiling: unshared pacing."""
ALONE_AFTER_SECONDS = 1.1
"""Others unseen this long (Monite's window and the guard) before a process counts itself alone."""
AT_PACE = 0.5
"""Our requests in the window, as a part of our share, above which we were sending, not waiting:
then others gone from the window have left for good, and the share grows towards the target."""
LEAVING_LOOKBACK_SECONDS = 0.4
LEAVING_SLOPE = 6.0
LEAVING_AHEAD_SECONDS = 0.5
"""Others' count falling faster than `LEAVING_SLOPE` requests per second over the last
`LEAVING_LOOKBACK_SECONDS`: someone is leaving (a shard finished). Their requests stay in
Monite's window for a whole second; the share is computed against the count expected
`LEAVING_AHEAD_SECONDS` on, so the rest take up the freed part before it has drained
(simulation, K = 4: 1.14x -> 1.12x the floor, 429s 1.0% -> 1.3%)."""
TARGET_MARGIN = 0.08
"""The part of the limit all sharers together leave unused for timing jitter (27.6 of 30): 0.1
cost ~1% of the wall at K = 4 in the simulation, 0.067 raised K = 8's 429s to ~6%."""
OTHERS_GAIN = 0.5
"""Fixed windows: how far one answer moves the others' projected count per window, times the
part of the window it saw (an answer early in a second says little about the whole)."""
LEAVING_SEEN = 0.25
"""Fixed windows: fewer others than projected, seen over at least this part of the window,
moves the projection as if the whole window had been seen."""
UP_GAIN = 0.25
DOWN_GAIN = 0.5
"""How far one answer moves the share towards what it suggests (down faster than up)."""


class OwnCount(NamedTuple):
    """Our grants in Monite's window (as if sliding): `counted` over the second before the
    answered request was sent, `at_most` over one window plus the guard (what jitter may put
    in Monite's count)."""

    counted: int
    at_most: int


def alone_tolerance(limit: float) -> float:
    """Others' requests in the window below which a process counts itself alone: a few of
    ours arriving late (CPU-starved runners) must not halve a lone process's pace."""
    return max(2.0, 0.1 * limit)


def target_of(limit: float) -> float:
    """What all sharers together aim at: the limit less `TARGET_MARGIN` (at least one request)."""
    return limit - max(1.0, TARGET_MARGIN * limit)


class BudgetShare:
    """This process's share of the budget, in requests per second; not thread-safe (the
    limiter holds its lock around every call)."""

    def __init__(self, ceiling: float) -> None:
        self.ceiling = ceiling
        self.share = ceiling
        self._decreased_at: float | None = None
        self._others_seen_at: float | None = None
        self._others_seen: deque[tuple[float, float]] = deque()
        self._others_per_window = 0.0

    @property
    def shared(self) -> bool:
        """Whether others currently take part of the budget (the share is below the ceiling)."""
        return self.share < self.ceiling

    def set_ceiling(self, ceiling: float) -> None:
        """The ceiling changed (a lower limit announced): keep the share within it."""
        was_whole = not self.shared
        self.ceiling = ceiling
        if was_whole or self.share > ceiling:
            self.share = ceiling

    def on_window(
        self, limit: float, remaining: float, own: int, own_at_most: int, now: float
    ) -> None:
        """An answer told Monite's count of the window: `limit - remaining` used, about `own`
        of them ours (`own_at_most` allowing for jitter, so we never mistake ours for others')."""
        used = max(0.0, limit - remaining)
        others = used - own_at_most
        leaving = self._others_leaving(now, others)
        if others > alone_tolerance(limit) and used > 0:
            self._others_seen_at = now
            suggested = max(own, 1) * target_of(limit) / max(used - leaving, 1.0)
        elif self._others_seen_at is None or now - self._others_seen_at >= ALONE_AFTER_SECONDS:
            # Nobody else in the window (or a request or two of ours that Monite counted
            # late, which a loaded machine makes common) for a whole window: the whole
            # ceiling, as a process alone always had.
            suggested = self.ceiling
        elif own >= AT_PACE * self.share:
            # Others gone while we kept sending: they finished. Grow into what they left
            # (towards the target, the ceiling once they have been gone a whole window).
            suggested = max(own, 1) * target_of(limit) / max(used, 1.0)
        else:
            # Others here less than a window ago, and we were not sending either: all of us
            # were waiting for a full window to drain (every sharer is, after the first
            # second). The first to send after it would take the ceiling and keep the lion's
            # share of the budget for good.
            return
        self._towards(suggested)

    def on_fixed_window(
        self,
        limit: float,
        remaining: float,
        own: OwnCount,
        own_in_window: int,
        seen: float,
        now: float,
        *,
        confirmed: bool = True,
    ) -> None:
        """An answer told Monite's count of this clock second so far, `seen` (0-1) of it gone:
        `own_in_window` of it ours at most (allowing for jitter), `own` ours in the last second
        (`counted`: our pace). Others' count so far, over the part seen, projects their whole
        window. Until the answers have `confirmed` fixed windows, others count as seen only if
        they would under a sliding window too: a lone process must not take its own last
        second for others while the model may still be wrong (it gave up its guard, and a
        loaded machine's jitter then made a 429)."""
        used = limit - remaining
        others = max(0.0, used - own_in_window)
        clearly = others if confirmed else used - max(own_in_window, own.at_most)
        projected = self._others_per_window
        if others < seen * projected:
            # fewer than projected: someone left (a shard finished); the whole count of a part
            # of the window already says so, not only that part's share of it
            projected += OTHERS_GAIN * (others / max(seen, LEAVING_SEEN) - projected)
        else:
            projected += OTHERS_GAIN * (others - seen * projected)
        self._others_per_window = projected = min(max(0.0, projected), limit)
        pace = own.counted
        if clearly > alone_tolerance(limit):
            self._others_seen_at = now
            suggested = max(pace, 1) * target_of(limit) / max(pace + projected, 1.0)
        elif self._others_seen_at is None or now - self._others_seen_at >= ALONE_AFTER_SECONDS:
            suggested = self.ceiling
        elif pace >= AT_PACE * self.share:
            suggested = max(pace, 1) * target_of(limit) / max(pace + projected, 1.0)
        else:
            return  # every sharer waiting for the window: see on_window
        self._towards(suggested)

    def _others_leaving(self, now: float, others: float) -> float:
        """Others' requests that will have left the window a moment from now without being
        replaced: 0, unless their count is falling fast (someone leaving), then as far as its
        slope points (never more than they have)."""
        seen = self._others_seen
        seen.append((now, others))
        while seen[0][0] < now - LEAVING_LOOKBACK_SECONDS:
            seen.popleft()
        then, before = seen[0]
        if len(seen) < 3 or now - then < LEAVING_LOOKBACK_SECONDS / 2:
            return 0.0
        slope = (others - before) / (now - then)
        if slope >= -LEAVING_SLOPE:
            return 0.0
        return min(max(others, 0.0), -slope * LEAVING_AHEAD_SECONDS)

    def on_rate_limited(self, now: float, factor: float = DECREASE_FACTOR) -> bool:
        """A 429: multiply the share by `factor` (halve it, without headers), once per window;
        True when it did."""
        if self._decreased_at is not None and now - self._decreased_at < DECREASE_INTERVAL_SECONDS:
            return False
        self._decreased_at = now
        self._move_to(self.share * factor)
        return True

    def on_admitted_without_window(self) -> None:
        """An answer without the window headers: grow back by about RECOVERY_PER_SECOND per
        second (one answer is about 1/share of a second of this process's requests)."""
        if self.shared:
            self._move_to(self.share + RECOVERY_PER_SECOND / max(self.share, 1.0))

    def _towards(self, suggested: float) -> None:
        """Move part of the way to what an answer suggests (down faster than up)."""
        gain = DOWN_GAIN if suggested < self.share else UP_GAIN
        share = self.share + gain * (suggested - self.share)
        self._move_to(self.ceiling if share > self.ceiling - SNAP_TO_CEILING else share)

    def _move_to(self, share: float) -> None:
        self.share = min(self.ceiling, max(min(MIN_SHARE, self.ceiling), share))
