"""Which window Monite counts in: fixed clock seconds, or any (sliding) second; learnt from answers.

Monite's header set is the signature of Kong's rate-limiting plugin, which counts in fixed
windows aligned to the clock (docs/assumed-behaviour.md, "rate limit"): at every whole second
the count starts again from 0 for everyone at once, so `RateLimit-Remaining` read early in a
second says little about the rate others send at. Under a sliding window the same number is
the whole last second's count. The two need different arithmetic (`_budget_share.py`), so the
model is told apart from the answers themselves: an answer early in a clock second whose count
is far below the previous second's peak means the count started again; a count far above the
part of the limit that second has had time for (a process sending slowly sees no peaks to
compare with) means it did not. Until the answers say otherwise the fixed window is assumed
(the likelier one, and the one whose misreading overshoots).

Windows are whole seconds of the gateway's clock. Where they start on ours is learnt too
(`offset`): the gateway's clock may differ from ours, and when between sending and the answer
it counts a request is unknown (taken as halfway). A fixed window's count falls sharply from
one answer to the next only where a second turned, so each such fall, between two answers
counted close together, places a turn of the second; the offset moves towards it. In the
simulation the pacing holds its targets with the gateway's clock 0.1 s off ours; 0.3 s off,
eight processes answer 7-24% 429 (24-30% with the turns assumed on our clock's), half a
second off 25-29%. A shared store (`_store.py`) does not depend on it.
"""

from __future__ import annotations

import math
from collections import deque

__all__ = ["ARRIVAL_FRACTION", "WindowModel"]

ARRIVAL_FRACTION = 0.5
"""Where between sending and the answer Monite's gateway counted a request (unknown: halfway)."""
EARLY_FRACTION = 0.3
"""Answers counted this early in a clock second tell the models apart."""
PEAK_PART = 0.5
"""A previous second's peak at least this part of the limit is busy enough to judge by."""
RESTARTED_BELOW = 0.6
"""An early count below this part of the previous peak: the count started again (fixed)."""
BEYOND_PRO_RATA = 0.5
"""A count above the limit times (the part of the second gone + this) has not started again:
under a fixed window only a burst at the very start of the second could make it."""
VOTE_WEIGHT = 0.25
"""How far one telling answer moves the belief (between -1 sliding and 1 fixed)."""
ASSUMED_FIXED = 0.5
"""The belief before any telling answer: fixed, the likelier model."""
TURN_SPAN_SECONDS = 0.3
"""Two answers counted at most this far apart whose count fell place a turn between them."""
TURN_FALL = 0.25
"""A fall of at least this part of the limit (and 3 requests) is a turn, not others leaving."""
OFFSET_GAIN = 0.3
"""How far one placed turn moves the offset."""


class WindowModel:
    """The belief about Monite's window, from `(counted at, used)` pairs; not thread-safe (the
    limiter holds its lock around every call)."""

    def __init__(self, *, fixed: bool = True) -> None:
        """`fixed`: what to assume until the answers tell (fixed windows, unless a caller knows
        better: tests of the sliding-window arithmetic)."""
        self._belief = ASSUMED_FIXED if fixed else -ASSUMED_FIXED
        self._peaks: dict[int, float] = {}
        self._recent: deque[tuple[float, float]] = deque(maxlen=32)
        self.offset = 0.0
        """Seconds to add to our wall clock to get the gateway's (its windows' phase)."""

    @property
    def confirmed(self) -> bool:
        """Whether the answers have shown fixed windows (not only assumed them)."""
        return self._belief >= 1.0

    def seen(self, counted_at: float) -> float:
        """The part of the gateway's clock second gone at our wall time `counted_at`."""
        moment = counted_at + self.offset
        return moment - math.floor(moment)

    @property
    def fixed(self) -> bool:
        """Whether Monite counts in fixed clock seconds (the assumption until shown otherwise)."""
        return self._belief > 0

    def observe(self, counted_at: float, used: float, limit: float) -> bool:
        """An answer: Monite had counted `used` requests when it counted this one, at the wall
        time `counted_at`. Whether to read it as a fixed window's count: the model's belief,
        unless this very count cannot be one (then it is read as a sliding window's)."""
        self._place_turn(counted_at, used, limit)
        moment = counted_at + self.offset
        second = math.floor(moment)
        self._peaks[second] = max(self._peaks.get(second, 0.0), used)
        for old in [key for key in self._peaks if key < second - 1]:
            del self._peaks[old]
        seen = moment - second
        before = self._peaks.get(second - 1, 0.0)
        if used > limit * (seen + BEYOND_PRO_RATA):
            vote = -1.0
        elif seen < EARLY_FRACTION and before >= PEAK_PART * limit:
            vote = 1.0 if used < RESTARTED_BELOW * before else -1.0
        else:
            return self.fixed
        self._belief = max(-1.0, min(1.0, self._belief + VOTE_WEIGHT * vote))
        return self.fixed and vote > 0

    def _place_turn(self, counted_at: float, used: float, limit: float) -> None:
        """A fall of the count between two answers counted close together places a turn of
        the second halfway between them (a sliding window never falls that fast)."""
        earlier = [item for item in self._recent if item[0] < counted_at]
        self._recent.append((counted_at, used))
        if not earlier:
            return
        then, before = max(earlier)
        if counted_at - then > TURN_SPAN_SECONDS or before - used < max(3.0, TURN_FALL * limit):
            return
        turn = (then + counted_at) / 2 + self.offset
        self.offset -= OFFSET_GAIN * (turn - round(turn))
