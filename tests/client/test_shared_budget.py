"""Processes sharing one client id share its budget: from Monite's headers, or from 429s alone.

The multi-process cases run in virtual time (tests/client/budget_sim.py) against the sandbox's
emulation of Monite's sliding-window limiter, so they are deterministic and take no real time.
The real processes, through the provider server, are measured by `bench/shared_budget.py`.
"""

from __future__ import annotations

import pytest

from monite_pulumi.client._budget_share import (
    DECREASE_FACTOR,
    MIN_SHARE,
    BudgetShare,
    target_of,
)
from monite_pulumi.client._ratelimit import RateLimiter
from tests.client.budget_sim import LIMIT, simulate
from tests.client.conftest import FakeClock


def test_a_process_alone_in_the_window_keeps_the_whole_rate() -> None:
    share = BudgetShare(30)
    for used in range(1, 31):
        share.on_window(30, 30 - used, own=used, own_at_most=used)
    assert share.share == 30
    assert not share.shared


def test_a_request_or_two_of_ours_counted_late_do_not_make_a_lone_process_share() -> None:
    """On a loaded runner a request granted over a window ago can still arrive inside Monite's
    window: taking that for another process halved a lone process's pace."""
    share = BudgetShare(30)
    share.on_window(30, 0, own=28, own_at_most=28)  # Monite counted 30, we 28
    assert share.share == 30
    share.on_window(30, 0, own=20, own_at_most=20)  # 10 others: really shared
    assert share.shared


def test_others_in_the_window_scale_each_share_so_all_together_meet_the_target() -> None:
    """Four saturated processes, each told the same window count, settle on the target."""
    shares = [BudgetShare(30) for _ in range(4)]
    for _ in range(40):
        used = min(30.0, sum(item.share for item in shares))
        for item in shares:
            own = round(item.share * used / sum(other.share for other in shares))
            item.on_window(30, 30 - used, own=own, own_at_most=own)
    total = sum(item.share for item in shares)
    assert target_of(30) - 1.5 <= total <= target_of(30) + 1.5
    assert max(item.share for item in shares) - min(item.share for item in shares) < 1.0


def test_a_429_halves_the_share_once_per_window_and_answers_grow_it_back() -> None:
    share = BudgetShare(30)
    assert share.on_rate_limited(now=0.0)
    assert share.share == 30 * DECREASE_FACTOR
    assert not share.on_rate_limited(now=0.5)  # the same overload
    assert share.on_rate_limited(now=1.2)
    assert share.share == 30 * DECREASE_FACTOR**2
    before = share.share
    for _ in range(round(before)):  # about one second of answers at this share
        share.on_admitted_without_window()
    assert share.share == pytest.approx(before + 1.0, abs=0.25)


def test_aimd_brings_unequal_shares_together() -> None:
    """Two processes that halve on the same overloads and add back alike converge."""
    first, second = BudgetShare(30), BudgetShare(30)
    first.share, second.share = 24.0, 3.0
    now = 0.0
    for _ in range(400):
        now += 1.0
        if first.share + second.share > LIMIT:
            first.on_rate_limited(now)
            second.on_rate_limited(now)
        for item in (first, second):
            for _ in range(max(1, round(item.share))):
                item.on_admitted_without_window()
    assert abs(first.share - second.share) < 1.5


def test_the_share_never_drops_below_the_minimum() -> None:
    share = BudgetShare(30)
    for moment in range(20):
        share.on_rate_limited(now=float(moment * 2))
    assert share.share == MIN_SHARE


def test_a_lower_announced_limit_lowers_the_share_with_the_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(30, clock)
    limiter.observe(200, {"x-ratelimit-limit-second": "10", "ratelimit-remaining": "9"}, None)
    assert limiter.rate == 10
    assert limiter.share == 10


def test_pacing_off_has_no_share(clock: FakeClock) -> None:
    limiter = RateLimiter(0, clock)
    limiter.observe(429, {}, 1.0)
    assert limiter.share == 0


# -- K processes in virtual time ------------------------------------------------------------


def test_one_process_alone_is_as_fast_as_the_window_allows_and_never_bounces() -> None:
    alone = simulate(1, 120)
    assert alone.rate_limited == 0
    assert alone.wall <= 1.15 * alone.floor


@pytest.mark.parametrize("seed", [1, 2])
def test_four_processes_share_the_budget_from_the_headers(seed: int) -> None:
    shared = simulate(4, 120, seed=seed)
    assert shared.rate_limited_share <= 0.05
    assert shared.wall <= 1.3 * shared.floor


def test_eight_processes_stay_under_a_tenth_answered_429() -> None:
    shared = simulate(8, 60)
    assert shared.rate_limited_share <= 0.10


def test_without_headers_429s_alone_keep_four_processes_in_check() -> None:
    """Monite's spec lists no RateLimit-* header: AIMD on 429s must still share the budget
    (each process at the full rate, as before sharing, had about a third answered 429)."""
    shared = simulate(4, 120, headers=False)
    assert shared.rate_limited_share <= 0.10
    assert shared.wall <= 1.6 * shared.floor
