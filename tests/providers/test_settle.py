"""The settle window: a create that may still land is looked for until the window passed.

Time is a fake clock that only the injected ``sleep`` moves: no test waits for real.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest

from monite_pulumi.config import DEFAULT_SETTLE_WINDOW, resolve_settings
from monite_pulumi.errors import ConfigurationError, UnknownOutcomeError
from monite_pulumi.providers._adopt import create_without_duplicates
from monite_pulumi.providers._settle import SettlePolicy, may_still_land
from monite_pulumi.providers._waiting import Backoff, WaitSlots

STARTED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class LateRemote:
    """The first POST is lost with ``status`` and commits ``lands_after`` seconds later."""

    def __init__(self, time: FakeTime, status: int | None, lands_after: float | None) -> None:
        self.time = time
        self.status = status
        self.lands_after = lands_after
        self.creates = 0
        self.looks = 0

    def create(self) -> str:
        self.creates += 1
        if self.creates == 1:
            raise UnknownOutcomeError("lost", attempt_started_at=STARTED, status=self.status)
        return f"new-{self.creates}"

    def find(self, since: datetime) -> list[str]:
        self.looks += 1
        landed = self.lands_after is not None and self.time.now >= self.lands_after
        return ["late-1"] if landed else []


def _policy(time: FakeTime, window: float, slots: WaitSlots | None = None) -> SettlePolicy:
    return SettlePolicy(
        window=window,
        slots=slots or WaitSlots(2),
        clock=time.clock,
        sleep=time.sleep,
        backoff=Backoff(initial=0.5, factor=2.0, maximum=5.0, jitter=0.0),
    )


def _run(remote: LateRemote, policy: SettlePolicy | None) -> str:
    return create_without_duplicates(
        create=remote.create,
        find_created_since=remote.find,
        identify=str,
        label="entity",
        settle=policy,
    )


@pytest.mark.parametrize("status", [None, 502, 503, 504])
def test_a_request_still_in_flight_is_adopted_when_it_lands(status: int | None) -> None:
    time = FakeTime()
    remote = LateRemote(time, status, lands_after=2.0)
    assert _run(remote, _policy(time, window=30)) == "late-1"
    assert remote.creates == 1
    assert time.sleeps == [0.5, 1.0, 2.0]  # looks at 0 (first), 0.5, 1.5, 3.5 s
    assert remote.looks == 4


def test_without_the_window_the_late_commit_becomes_a_duplicate() -> None:
    time = FakeTime()
    remote = LateRemote(time, 504, lands_after=2.0)
    assert _run(remote, _policy(time, window=0)) == "new-2"
    assert (remote.creates, remote.looks, time.sleeps) == (2, 1, [])
    assert _run(LateRemote(FakeTime(), 504, 2.0), None) == "new-2"


def test_a_500_is_over_one_look_decides() -> None:
    time = FakeTime()
    remote = LateRemote(time, 500, lands_after=2.0)
    assert _run(remote, _policy(time, window=30)) == "new-2"
    assert (remote.looks, time.sleeps) == (1, [])


def test_nothing_found_in_the_window_creates_again_and_logs_the_wait(
    caplog: pytest.LogCaptureFixture,
) -> None:
    time = FakeTime()
    remote = LateRemote(time, 504, lands_after=None)
    with caplog.at_level(logging.INFO, logger="monite_pulumi.providers"):
        assert _run(remote, _policy(time, window=10)) == "new-2"
    assert remote.creates == 2
    assert time.now == pytest.approx(10.0)  # never past the window
    assert time.sleeps == [0.5, 1.0, 2.0, 4.0, 2.5]
    waits = [r.getMessage() for r in caplog.records if r.getMessage().startswith("settle wait")]
    assert waits == [
        "settle wait for Monite entity after a lost create answer (status 504): 5 looks over "
        "10.0 s (window 10 s), found 0"
    ]


def test_with_every_slot_taken_it_looks_once_more_at_the_end() -> None:
    time = FakeTime()
    slots = WaitSlots(1)
    assert slots.acquire(0, "another wait")
    remote = LateRemote(time, None, lands_after=None)
    policy = SettlePolicy(window=0.05, slots=slots, sleep=time.sleep)  # real clock: 50 ms
    assert _run(remote, policy) == "new-2"
    assert (remote.looks, time.sleeps) == (2, [])  # the first look and one at the window's end
    assert (slots.in_use, slots.queued) == (1, 0)


def test_which_losses_may_still_land() -> None:
    def lost(status: int | None) -> UnknownOutcomeError:
        return UnknownOutcomeError("x", attempt_started_at=STARTED, status=status)

    assert [may_still_land(lost(s)) for s in (None, 502, 503, 504, 500, 501)] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_the_window_is_a_setting_from_pulumi_config_or_the_environment() -> None:
    assert resolve_settings(env={}).settle_window == DEFAULT_SETTLE_WINDOW == 30.0
    assert resolve_settings(env={"MONITE_SETTLE_WINDOW": "0"}).settle_window == 0.0
    from_config = resolve_settings(
        pulumi_config={"monite:settleWindow": "12.5"}, env={"MONITE_SETTLE_WINDOW": "0"}
    )
    assert from_config.settle_window == 12.5
    for bad in ("-1", "601", "soon"):
        with pytest.raises(ConfigurationError, match="MONITE_SETTLE_WINDOW must be a number"):
            resolve_settings(env={"MONITE_SETTLE_WINDOW": bad})
