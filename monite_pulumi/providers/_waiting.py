"""Bounded waits for an accounting connection to be authorised (``wait_for="connected"``).

The dynamic provider server runs 4 calls at once and cannot cancel one, so a call that waits for
a customer holds one of those threads for its whole wait. Hence every wait has a deadline
(``wait_timeout``, at most ``MAX_WAIT_TIMEOUT``), and a process-wide cap (``WAIT_SLOTS``, the
``max_concurrent_waits`` setting resolved in ``config.py``: ``monite:maxConcurrentWaits`` /
``MONITE_MAX_CONCURRENT_WAITS``, default 2) keeps the other threads free for the rest of the
stack. A wait first takes a slot, with the same deadline, then polls with exponential backoff
(capped interval, jitter) until the status is no longer ``pending_auth`` or the deadline passes.

The loop is written out rather than built on tenacity: its clock and sleep must be injectable
(tenacity measures its own delays with ``time.monotonic``) and it needs the first answer (the
create's or the update's read) before any sleep. Refresh never waits: it reads the status once.

No message built here contains the ``connection_url``: only ids, statuses and durations.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from monite_pulumi._logging import get_logger
from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.providers._values import is_unknown

__all__ = [
    "DEFAULT_WAIT_TIMEOUT",
    "MAX_WAIT_TIMEOUT",
    "WAIT_FOR_VALUES",
    "WAIT_SLOTS",
    "Backoff",
    "ConnectionNotConnectedError",
    "WaitOutcome",
    "WaitSlots",
    "not_connected_message",
    "require_connected",
    "validate_wait_options",
    "wait_until",
]

_LOG = get_logger("monite_pulumi.providers")
T = TypeVar("T")

WAIT_FOR_VALUES = ("connected",)
"""What ``wait_for`` may name (besides leaving it out)."""
DEFAULT_WAIT_TIMEOUT = 600.0
"""Seconds a create or update waits when ``wait_timeout`` is not given."""
MAX_WAIT_TIMEOUT = 3600.0
"""Upper bound of ``wait_timeout``: a wait holds one of the engine's 4 provider threads."""
_INITIAL_WAIT_SLOTS = 2
"""Until a provider applies its settings (it does before every wait): config.py's default."""


# -- inputs -------------------------------------------------------------------------------------


def validate_wait_options(news: Mapping[str, Any]) -> list[CheckFailure]:
    """Per-field problems of ``wait_for`` and ``wait_timeout`` (unknowns are skipped)."""
    failures = []
    wait_for = news.get("wait_for")
    if wait_for is not None and not is_unknown(wait_for) and wait_for not in WAIT_FOR_VALUES:
        allowed = ", ".join(f'"{value}"' for value in WAIT_FOR_VALUES)
        failures.append(
            CheckFailure(
                "wait_for",
                f"must be {allowed} or left out ({wording.literal(None)}), "
                f"got {wording.literal(wait_for)}",
            )
        )
    timeout = news.get("wait_timeout")
    if timeout is not None and not is_unknown(timeout):
        is_number = isinstance(timeout, (int, float)) and not isinstance(timeout, bool)
        if not is_number or not math.isfinite(timeout) or not 0 < timeout <= MAX_WAIT_TIMEOUT:
            failures.append(
                CheckFailure(
                    "wait_timeout",
                    f"must be a number of seconds > 0 and at most {MAX_WAIT_TIMEOUT:g} "
                    f"(a wait holds one of the Pulumi engine's 4 provider threads), "
                    f"got {timeout!r}",
                )
            )
    return failures


# -- the process-wide cap -----------------------------------------------------------------------


class WaitSlots:
    """A counting semaphore whose limit can be set after creation, with counters to observe."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._in_use = 0
        self._queued = 0
        self._changed = threading.Condition()

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def queued(self) -> int:
        """Waits blocked for a slot right now."""
        return self._queued

    def set_limit(self, limit: int) -> None:
        """Apply the configured cap (the same value on every call of one provider process)."""
        with self._changed:
            self._limit = limit
            self._changed.notify_all()

    def acquire(self, timeout: float, what: str) -> bool:
        """Take a slot within ``timeout`` seconds; False when none freed up in time."""
        with self._changed:
            if self._in_use >= self._limit:
                self._queued += 1
                _LOG.info(
                    "all %d wait slots in use; %s waits for a free wait slot", self._limit, what
                )
                try:
                    got = self._changed.wait_for(
                        lambda: self._in_use < self._limit, max(timeout, 0.0)
                    )
                finally:
                    self._queued -= 1
                if not got:
                    return False
            self._in_use += 1
            _LOG.info("wait slot taken by %s (%d of %d in use)", what, self._in_use, self._limit)
            return True

    def release(self) -> None:
        with self._changed:
            self._in_use -= 1
            self._changed.notify_all()


WAIT_SLOTS = WaitSlots(_INITIAL_WAIT_SLOTS)
"""Shared by every provider instance of the process (``configure`` runs once per class)."""


# -- the wait -----------------------------------------------------------------------------------


@dataclass
class Backoff:
    """Poll intervals: ``initial * factor**n`` capped at ``maximum``, plus up to ``jitter``."""

    initial: float = 1.0
    factor: float = 1.5
    maximum: float = 15.0
    jitter: float = 1.0
    rng: random.Random = field(default_factory=random.Random)

    def interval(self, attempt: int) -> float:
        """The pause before poll number ``attempt`` (0-based)."""
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 64))
        return base + self.rng.uniform(0.0, self.jitter)


@dataclass(frozen=True)
class WaitOutcome(Generic[T]):
    """How a wait ended: the last value seen, whether it was reached, and how long it took."""

    value: T
    reached: bool
    waited: float
    got_slot: bool


def wait_until(
    first: T,
    poll: Callable[[], T],
    done: Callable[[T], bool],
    *,
    timeout: float,
    what: str,
    slots: WaitSlots = WAIT_SLOTS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    backoff: Backoff | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> WaitOutcome[T]:
    """Poll until ``done(value)`` or ``timeout`` seconds have passed (slot wait included).

    ``first`` is the value already known (no poll is made when it is done). Exceptions of
    ``poll`` propagate. The loop never sleeps past the deadline, so the whole wait is bounded by
    ``timeout`` plus the duration of one poll. ``stop`` (the engine sent Cancel, with a ``sleep``
    that ends then) ends the wait after one more poll, not reached.
    """
    start = clock()
    if done(first):
        return WaitOutcome(first, True, 0.0, got_slot=False)
    deadline = start + timeout
    if not slots.acquire(deadline - clock(), what):
        return WaitOutcome(first, False, clock() - start, got_slot=False)
    pauses = backoff or Backoff()
    current = first
    try:
        _LOG.info("waiting up to %.0f s for %s", timeout, what)
        attempt = 0
        while True:
            remaining = deadline - clock()
            if remaining <= 0:
                return WaitOutcome(current, False, clock() - start, got_slot=True)
            sleep(min(pauses.interval(attempt), remaining))
            attempt += 1
            current = poll()
            if done(current):
                return WaitOutcome(current, True, clock() - start, got_slot=True)
            if stop():
                _LOG.info("%s: stopped, the engine is shutting down", what)
                return WaitOutcome(current, False, clock() - start, got_slot=True)
    finally:
        _LOG.info("%s: wait ended after %.1f s", what, clock() - start)
        slots.release()


# -- messages -----------------------------------------------------------------------------------


def _how_to_go_on(entity_id: str) -> str:
    return (
        "The customer must open the authorisation link, which is the stack's secret output "
        f"{wording.name('connection_url')} (`pulumi stack output <name> --show-secrets` for an "
        f"export of it; `monite-pulumi open {entity_id}` prints it from Monite directly). To "
        f"wait longer per run, raise {wording.name('wait_timeout')} (at most "
        f"{MAX_WAIT_TIMEOUT:g} s); to stop gating on the authorisation, remove "
        f"{wording.setting('wait_for', 'connected')} from this "
        f"{wording.args_of('AccountingConnection')}."
    )


def not_connected_message(connection_id: str, entity_id: str, status: str, timeout: float) -> str:
    """Why ``pulumi up`` fails for a connection declared with ``wait_for="connected"``."""
    return (
        f"Monite accounting connection {connection_id} of entity {entity_id} is {status} in the "
        f"stack's state, not connected, and it is declared with "
        f"{wording.setting('wait_for', 'connected')} (a create or update waits up to "
        f"{wording.setting('wait_timeout', float(timeout))} s for the customer; the last one "
        "recorded it before the customer authorised, or a refresh found it revoked). "
        "The connection is kept in the state. "
        f"{_how_to_go_on(entity_id)} Once the customer has authorised, `pulumi refresh` (or "
        "`pulumi up --refresh`) reads the status and the gate passes; refresh never waits. To "
        "see which links are still pending, run `monite-pulumi chase` or the drift check "
        "(`pulumi stack export | python -m monite_pulumi.platform.drift -`), which exit "
        "non-zero while one is."
    )


class ConnectionNotConnectedError(Exception):
    """Fails ``pulumi up`` while a connection declared with ``wait_for`` is not connected."""


def require_connected(values: Mapping[str, Any]) -> None:
    """The program-side gate: fail the run unless a ``wait_for="connected"`` one is connected.

    Runs as an ``apply`` on the resource's outputs, after the engine recorded the connection:
    the run fails but the connection stays in the state (a failed provider create would lose it).
    """
    if values.get("wait_for") != "connected" or values.get("status") in (None, "connected"):
        return
    timeout = values.get("wait_timeout")
    raise ConnectionNotConnectedError(
        not_connected_message(
            str(values.get("connection_id")),
            str(values.get("entity_id")),
            str(values.get("status")),
            float(timeout) if isinstance(timeout, (int, float)) else DEFAULT_WAIT_TIMEOUT,
        )
    )
