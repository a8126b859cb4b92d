"""The settle window: keep looking for a create that may still land before creating again.

A create whose answer was lost (``UnknownOutcomeError``) is followed by a look (``_adopt``). When
Monite itself failed (500) the request is over: one look tells. When the answer was lost on the
way instead, the request may still be in flight behind a gateway and commit after the look found
nothing. Those outcomes are:

- no status: the client's read timeout fired or the connection dropped after the request was
  sent (a connect error never counts: the request provably never left, and is simply retried);
- 502, 503, 504: a gateway or load balancer answered for Monite, which may still be working.

For these the look is repeated, with backoff, for ``monite:settleWindow`` / ``MONITE_SETTLE_WINDOW``
seconds (default 30, see ``config.DEFAULT_SETTLE_WINDOW``) measured from the moment the answer was
lost; only when the window passed with nothing found does the provider create again. 0 looks
once, as before. Past the window a late commit can still make a duplicate: nothing retires
"extra" objects (e-mails are not unique and other stacks may run), ``monite-pulumi duplicates``
lists likely ones.

A wait holds one of the dynamic provider server's 4 threads, so waits share the polling loop and
the cap of ``_waiting`` (their own pool of slots, sized by ``monite:maxConcurrentWaits``): a wait
that finds no free slot within the window looks once more at its end instead of polling.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from monite_pulumi._logging import get_logger
from monite_pulumi.errors import UnknownOutcomeError
from monite_pulumi.providers._waiting import (
    _INITIAL_WAIT_SLOTS,
    Backoff,
    WaitOutcome,
    WaitSlots,
    wait_until,
)

__all__ = [
    "IN_FLIGHT_STATUSES",
    "SETTLE_SLOTS",
    "SettlePolicy",
    "SettleResult",
    "may_still_land",
    "settle_look",
    "settle_policy",
]

T = TypeVar("T")
_LOG = get_logger("monite_pulumi.providers")

IN_FLIGHT_STATUSES = frozenset({502, 503, 504})
"""Statuses a gateway answers while the request it forwarded may still be processed."""

SETTLE_SLOTS = WaitSlots(_INITIAL_WAIT_SLOTS)
"""Settle waits allowed at once per provider process (apart from ``wait_for`` waits)."""


def _settle_backoff() -> Backoff:
    """Looks 0.5, 1, 2, 4 s apart, then every 5 s: a late commit is usually seconds late."""
    return Backoff(initial=0.5, factor=2.0, maximum=5.0, jitter=0.25)


@dataclass(frozen=True)
class SettlePolicy:
    """How long to keep looking, and what the wait runs on (injectable for tests)."""

    window: float
    slots: WaitSlots = SETTLE_SLOTS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    backoff: Backoff = field(default_factory=_settle_backoff)
    stopped: Callable[[], bool] = lambda: False
    """The engine sent Cancel: the wait ends after one more look, and nothing is created again
    (``core.shutdown``)."""


@dataclass(frozen=True)
class SettleResult:
    """What a settle wait found, how many looks it made and how long it took."""

    found: list[Any]
    looks: int
    waited: float
    got_slot: bool


def may_still_land(lost: UnknownOutcomeError) -> bool:
    """Whether the lost request may still be in flight (see the module docstring)."""
    return lost.status is None or lost.status in IN_FLIGHT_STATUSES


def settle_policy(window: float, max_waits: int) -> SettlePolicy:
    """The policy of a provider process: its window, the cap applied to the shared slots (both
    resolved in ``config.py``: ``settle_window``, ``max_concurrent_waits``)."""
    SETTLE_SLOTS.set_limit(max_waits)
    return SettlePolicy(window=window)


def settle_look(
    look: Callable[[], Sequence[T]],
    *,
    policy: SettlePolicy,
    lost: UnknownOutcomeError,
    label: str,
) -> SettleResult:
    """Look until something is found or ``policy.window`` seconds passed; log the wait."""
    looks = 0

    def poll() -> list[T]:
        nonlocal looks
        looks += 1
        return list(look())

    what = f"a create of Monite {label} that may still land ({_loss(lost)})"
    nothing: list[T] = []
    outcome: WaitOutcome[list[T]] = wait_until(
        nothing,
        poll,
        bool,
        timeout=policy.window,
        what=what,
        slots=policy.slots,
        clock=policy.clock,
        sleep=policy.sleep,
        backoff=policy.backoff,
        stop=policy.stopped,
    )
    found = outcome.value
    if not outcome.got_slot:
        found = poll()  # no slot within the window: one look at its end
    _LOG.info(
        "settle wait for Monite %s after a lost create answer (%s): %d looks over %.1f s "
        "(window %.0f s%s), found %d",
        label,
        _loss(lost),
        looks,
        outcome.waited,
        policy.window,
        "" if outcome.got_slot else ", no wait slot free",
        len(found),
    )
    return SettleResult(found, looks, outcome.waited, outcome.got_slot)


def _loss(lost: UnknownOutcomeError) -> str:
    return f"status {lost.status}" if lost.status is not None else "no answer"
