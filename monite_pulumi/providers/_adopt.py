"""Creating without duplicates when Monite takes no idempotency key.

A create whose answer was lost (``UnknownOutcomeError``) may or may not have created the object.
Before trying again, look for what it may have created since the attempt started (minus a clock
skew): exactly one match is adopted, none means create again, several is refused, naming them.
The ordinary path stays one request; the look costs one only when an answer was lost. When the
request may still be in flight (a timeout, a dropped connection, a gateway's 502/503/504), the
look is repeated for the settle window before creating again (``_settle``).

The look adopts only what this attempt may have made: every provider's ``find_created_since``
returns objects created since ``since`` (or, where Monite keeps no creation time, objects that
did not exist before the POST) that match every declared field. Taking over anything else is
left to the explicit opt-ins (``adopt_existing``, ``adopt_id``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from monite_pulumi._logging import get_logger
from monite_pulumi.core import wording
from monite_pulumi.core.shutdown import committed
from monite_pulumi.errors import (
    MoniteError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
)
from monite_pulumi.providers._messages import ResourceError, describe_error
from monite_pulumi.providers._settle import SettlePolicy, may_still_land, settle_look

__all__ = ["CLOCK_SKEW", "MAX_CREATE_ROUNDS", "MAX_LOOKS", "create_without_duplicates"]

T = TypeVar("T")
_LOG = get_logger("monite_pulumi.providers")

CLOCK_SKEW = timedelta(seconds=30)
"""How far Monite's clock may be behind ours when comparing ``created_at``."""
MAX_CREATE_ROUNDS = 3
"""Create attempts (each followed by a look when its answer is lost) before giving up."""
MAX_LOOKS = 3
"""Tries of one look: failing the call instead would leave an object no state knows about."""
_TRANSIENT = (ServerError, TransportError, RateLimitedError)


def create_without_duplicates(
    *,
    create: Callable[[], T],
    find_created_since: Callable[[datetime], Sequence[T]],
    identify: Callable[[T], str],
    label: str,
    max_rounds: int = MAX_CREATE_ROUNDS,
    settle: SettlePolicy | None = None,
) -> T:
    """Create once; when the answer is lost, adopt the single match or create again.

    With ``settle`` (a window > 0), a loss that may still land is looked for until the window
    passed before creating again; without it, one look decides, as for a 500.
    """
    earliest: datetime | None = None
    lost: UnknownOutcomeError | None = None
    for _ in range(max_rounds):
        try:
            return create()
        except UnknownOutcomeError as error:
            lost = error
        finally:
            committed()  # the POST may have gone out: what follows must be made, and reported
        since = lost.attempt_started_at - CLOCK_SKEW
        earliest = since if earliest is None else min(earliest, since)
        found = _look(find_created_since, earliest, lost, label)
        _LOG.info(
            "a create of Monite %s lost its answer (%s); the look found %d created since %s",
            label,
            type(lost).__name__,
            len(found),
            earliest.isoformat(),
        )
        if not found and settle is not None and settle.window > 0 and may_still_land(lost):
            look = functools.partial(_look, find_created_since, earliest, lost, label)
            found = settle_look(look, policy=settle, lost=lost, label=label).found
        if len(found) == 1:
            return found[0]
        if not found and settle is not None and settle.stopped():
            raise ResourceError(
                "The Pulumi engine is shutting down (it sent Cancel), so the create was not sent "
                "again. " + describe_error(lost, action="create", label=label, object_id=None)
            )
        if len(found) > 1:
            names = ", ".join(sorted(identify(item) for item in found))
            plural = f"{label[:-1]}ies" if label.endswith("y") else f"{label}s"
            keep = wording.setting("adopt_id", "<its id>")
            raise ResourceError(
                f"A create of a Monite {label} lost its answer, and {len(found)} matching "
                f"{plural} created since {earliest.isoformat()} exist: {names}. Pulumi cannot tell "
                f"which one is its own. Keep one (declare {keep} "
                "on this resource to take it over), remove the others in Monite, then run "
                "`pulumi up` again."
            )
    assert lost is not None
    raise ResourceError(describe_error(lost, action="create", label=label, object_id=None))


def _look(
    find_created_since: Callable[[datetime], Sequence[T]],
    since: datetime,
    lost: UnknownOutcomeError,
    label: str,
) -> list[T]:
    """The look, tried again on a transient failure; if it keeps failing, say what may exist."""
    failure: MoniteError | None = None
    for _ in range(MAX_LOOKS):
        try:
            return list(find_created_since(since))
        except _TRANSIENT as error:
            failure = error
            _LOG.info("looking for a Monite %s after a lost create answer failed: %s", label, error)
    assert failure is not None
    lost_text = describe_error(lost, action="create", label=label, object_id=None)
    raise ResourceError(
        f"{lost_text} Looking for it failed {MAX_LOOKS} times too "
        f"({type(failure).__name__}: {failure}), so a {label} created at "
        f"{lost.attempt_started_at.isoformat()} may exist that no state knows about."
    )
