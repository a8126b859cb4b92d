"""create_without_duplicates: look before creating again, bounded, never silently twice."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from monite_pulumi.errors import UnknownOutcomeError
from monite_pulumi.providers._adopt import CLOCK_SKEW, MAX_CREATE_ROUNDS, create_without_duplicates
from monite_pulumi.providers._messages import ResourceError

STARTED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class Remote:
    """A create that loses its first ``lost`` answers; ``existing`` is what a look finds."""

    def __init__(self, lost: int, existing: list[str]) -> None:
        self.lost = lost
        self.existing = existing
        self.creates = 0
        self.looks: list[datetime] = []

    def create(self) -> str:
        self.creates += 1
        if self.creates <= self.lost:
            raise UnknownOutcomeError("answer lost", attempt_started_at=STARTED)
        return f"new-{self.creates}"

    def find(self, since: datetime) -> list[str]:
        self.looks.append(since)
        return list(self.existing)


def run(remote: Remote) -> str:
    return create_without_duplicates(
        create=remote.create,
        find_created_since=remote.find,
        identify=str,
        label="entity",
    )


def test_answer_kept_means_one_request_and_no_look() -> None:
    remote = Remote(lost=0, existing=[])
    assert run(remote) == "new-1"
    assert remote.looks == []


def test_lost_answer_with_one_match_adopts_it() -> None:
    remote = Remote(lost=1, existing=["made-by-lost-attempt"])
    assert run(remote) == "made-by-lost-attempt"
    assert remote.creates == 1
    assert remote.looks == [STARTED - CLOCK_SKEW]


def test_lost_answer_with_no_match_creates_again() -> None:
    remote = Remote(lost=1, existing=[])
    assert run(remote) == "new-2"


def test_several_matches_fail_naming_them() -> None:
    remote = Remote(lost=1, existing=["b-id", "a-id"])
    with pytest.raises(ResourceError, match=r"2 matching entities .*: a-id, b-id"):
        run(remote)
    assert remote.creates == 1


def test_rounds_are_bounded() -> None:
    remote = Remote(lost=99, existing=[])
    with pytest.raises(ResourceError, match="may or may not have happened"):
        run(remote)
    assert remote.creates == MAX_CREATE_ROUNDS
