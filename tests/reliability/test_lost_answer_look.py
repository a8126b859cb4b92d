"""A lost create answer is followed by a look that must not give up on one transient failure.

Found by the chaos suite: a create dropped after Monite processed it, then a 500 on the look,
failed the call; the next ``pulumi up`` created a second entity or product, or met a 409 for
the connection that no state knew about.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from monite_pulumi.errors import ServerError, TransportError, UnknownOutcomeError
from monite_pulumi.providers._adopt import MAX_LOOKS, create_without_duplicates
from monite_pulumi.providers._messages import ResourceError

STARTED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class FlakyLook:
    """The first create is lost (it made ``made``); the first ``failures`` looks fail."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.creates = 0
        self.looks = 0

    def create(self) -> str:
        self.creates += 1
        if self.creates == 1:
            raise UnknownOutcomeError("answer lost", attempt_started_at=STARTED)
        return "second"

    def find(self, since: datetime) -> list[str]:
        self.looks += 1
        if self.looks <= self.failures:
            if self.looks % 2:
                raise ServerError("Injected", status=500, method="GET", path="/entities")
            raise TransportError("no answer", method="GET", path="/entities")
        return ["made"]


def _run(remote: FlakyLook) -> str:
    return create_without_duplicates(
        create=remote.create, find_created_since=remote.find, identify=str, label="entity"
    )


def test_a_failed_look_is_tried_again_and_adopts_what_the_lost_create_made() -> None:
    remote = FlakyLook(failures=MAX_LOOKS - 1)
    assert _run(remote) == "made"
    assert remote.creates == 1


def test_a_look_that_keeps_failing_says_an_object_may_exist_and_never_creates_again() -> None:
    remote = FlakyLook(failures=MAX_LOOKS)
    with pytest.raises(ResourceError) as failed:
        _run(remote)
    assert remote.creates == 1
    message = str(failed.value)
    assert "may exist that no state knows about" in message
    assert STARTED.isoformat() in message
