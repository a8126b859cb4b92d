"""The client's clock in a provider: a pause of a call that may still stop ends at Cancel."""

from __future__ import annotations

import pytest

from monite_pulumi.core.shutdown import (
    EngineShutdownError,
    Shutdown,
    ShutdownClock,
    committed,
    interruptible,
)
from monite_pulumi.providers._adopt import create_without_duplicates


def _cancelled() -> ShutdownClock:
    shutdown = Shutdown()  # not the process's: other tests of this process keep running
    shutdown.signal()
    return ShutdownClock(shutdown)


def test_a_pause_of_an_interruptible_call_ends_at_cancel() -> None:
    clock = _cancelled()
    with interruptible(), pytest.raises(EngineShutdownError, match="was not sent"):
        clock.sleep(3600)


def test_outside_a_call_that_may_stop_pauses_are_kept() -> None:
    _cancelled().sleep(0.0)  # the dynamic face, Check, Diff: nothing raises


def test_once_a_create_sent_its_post_its_requests_wait_their_turn() -> None:
    clock = _cancelled()
    with interruptible():
        committed()
        clock.sleep(0.0)
    with interruptible():
        created = create_without_duplicates(
            create=lambda: "made",
            find_created_since=lambda since: [],
            identify=str,
            label="entity",
        )
        assert created == "made"
        clock.sleep(0.0)  # the create is made: what follows (metadata, settings) is not cut
