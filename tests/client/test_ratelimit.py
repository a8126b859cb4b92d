"""The shared limiter: bursts stay under the rate, headers tighten it, a 429 pauses everyone."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import datetime, timezone

import httpx
import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client._ratelimit import (
    WINDOW_GUARD_SECONDS,
    RateLimiter,
    parse_reset,
    parse_retry_after,
)
from monite_pulumi.client._shared import shared_state
from monite_pulumi.client._window_model import WindowModel
from monite_pulumi.config import Settings
from monite_pulumi.errors import RateLimitedError
from tests.client.conftest import ENTITY_ID, FakeClock, FakeMonite, entity_json

ClientFactory = Callable[..., MoniteClient]


def burst(limiter: RateLimiter, clock: FakeClock, threads: int = 4, each: int = 30) -> list[float]:
    """Every thread acquires `each` times; returns the grant times (read inside the limiter)."""
    grants: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(each):
            limiter.acquire()
            granted_at = clock.last_read
            with lock:
                grants.append(granted_at)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sorted(grants)


def most_in_one_second(times: list[float]) -> int:
    """The largest number of grants inside any half-open one-second window."""
    best = 0
    start = 0
    for end, moment in enumerate(times):
        while times[start] <= moment - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_four_thread_burst_stays_under_the_configured_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(10, clock)
    grants = burst(limiter, clock)
    assert len(grants) == 120
    assert most_in_one_second(grants) <= 10


def test_burst_obeys_a_lower_rate_announced_by_headers(clock: FakeClock) -> None:
    limiter = RateLimiter(30, clock)
    limiter.observe(200, {"x-ratelimit-limit-second": "5"}, None)
    assert limiter.rate == 5
    assert most_in_one_second(burst(limiter, clock, each=10)) <= 5


def test_ietf_ratelimit_limit_header_also_tightens(clock: FakeClock) -> None:
    limiter = RateLimiter(30, clock)
    limiter.observe(200, {"ratelimit-limit": "12, 12;w=1"}, None)
    assert limiter.rate == 12


def test_headers_never_raise_the_rate_above_the_configured_one(clock: FakeClock) -> None:
    limiter = RateLimiter(10, clock)
    limiter.observe(200, {"x-ratelimit-limit-second": "100"}, None)
    assert limiter.rate == 10
    assert most_in_one_second(burst(limiter, clock, each=10)) <= 10


def test_remaining_zero_from_others_lowers_the_share_and_holds_back_one_slot_of_it(
    clock: FakeClock,
) -> None:
    """Others filled a sliding window: pace to what they leave, and let the oldest leave first."""
    limiter = RateLimiter(30, clock, model=WindowModel(fixed=False))
    start = clock.monotonic()
    limiter.observe(200, _OTHERS_FILLED_IT, None)
    assert limiter.share < 30
    limiter.acquire()
    assert clock.last_read == pytest.approx(start + 1 / limiter.share)


_OTHERS_FILLED_IT = {
    "x-ratelimit-limit-second": "30",
    "x-ratelimit-remaining-second": "0",
    "ratelimit-reset": "2",
}


def test_remaining_zero_from_others_in_a_fixed_window_holds_back_until_the_next_clock_second(
    clock: FakeClock,
) -> None:
    """Monite's likelier window: nothing frees up before the clock second ends, then all of
    it at once; sending before that only bounces (and one slot was too short to wait)."""
    limiter = RateLimiter(30, clock)
    clock.advance(0.6)  # 0.6 s into a clock second (the fake epoch starts on a whole second)
    sent = clock.monotonic()
    clock.advance(0.1)
    limiter.observe(200, _OTHERS_FILLED_IT, None, sent_at=sent)
    assert limiter.share < 30
    limiter.acquire()
    # counted halfway between sending and the answer (0.65 s in): the second turns 0.35 s
    # later; sent the gateway delay (0.05 s) before that, give or take the guard
    assert clock.last_read == pytest.approx(sent + 0.05 + 0.35 - 0.05 + 0.03)


def test_remaining_zero_without_a_limit_to_judge_by_pauses_until_reset(clock: FakeClock) -> None:
    limiter = RateLimiter(30, clock)
    for _ in range(10):  # not ours alone, and without a limit others' part is unknown
        limiter.acquire()
    start = clock.monotonic()
    limiter.observe(200, {"x-ratelimit-remaining-second": "0", "ratelimit-reset": "2"}, None)
    limiter.acquire()
    assert clock.last_read == pytest.approx(start + 2)


def test_remaining_zero_caused_by_our_own_burst_waits_for_our_window_not_the_rounded_reset(
    clock: FakeClock,
) -> None:
    limiter = RateLimiter(30, clock)
    start = clock.monotonic()
    for _ in range(30):
        limiter.acquire()
    clock.advance(0.3)  # the 30th answer arrives: none left, reset announced in whole seconds
    limiter.observe(200, {"x-ratelimit-remaining-second": "0", "ratelimit-reset": "1"}, None)
    limiter.acquire()
    assert clock.last_read == pytest.approx(start + 1.0 + WINDOW_GUARD_SECONDS)


def test_remaining_zero_counts_our_grants_from_when_the_answered_request_was_sent(
    clock: FakeClock,
) -> None:
    limiter = RateLimiter(30, clock)
    start = clock.monotonic()
    for _ in range(30):
        limiter.acquire()
    clock.advance(1.0 + WINDOW_GUARD_SECONDS + 0.01)  # a slow answer to the last of the burst
    answered_at = clock.monotonic()
    headers = {"x-ratelimit-remaining-second": "0", "ratelimit-reset": "1"}
    limiter.observe(200, headers, None, sent_at=start)
    limiter.acquire()
    assert clock.last_read == answered_at


def test_remaining_zero_never_holds_back_longer_than_the_reset(clock: FakeClock) -> None:
    limiter = RateLimiter(30, clock)
    start = clock.monotonic()
    soon = clock.now().timestamp() + 0.01  # an epoch time: the header's meaning is undocumented
    headers = {"x-ratelimit-remaining-second": "0", "ratelimit-reset": f"{soon:.3f}"}
    limiter.observe(200, headers, None)
    limiter.acquire()
    assert clock.last_read == pytest.approx(start + 0.01, abs=1e-3)


@pytest.mark.parametrize(
    ("header", "expected"),
    [(2.0, 2.0), (0.0, None), (61.0, None), (1_716_595_207.0, 7.0), (1_716_595_100.0, None)],
)
def test_reset_is_delta_seconds_or_an_epoch_time(header: float, expected: float | None) -> None:
    now = datetime(2024, 5, 25, 0, 0, 0, tzinfo=timezone.utc)  # 1_716_595_200
    assert parse_reset(header, now) == expected


def test_fractional_rate_spaces_requests(clock: FakeClock) -> None:
    limiter = RateLimiter(0.5, clock)
    grants = burst(limiter, clock, threads=2, each=2)
    gaps = [later - earlier for earlier, later in itertools.pairwise(grants)]
    assert all(gap >= 2.0 for gap in gaps)


def test_rate_zero_is_off(clock: FakeClock) -> None:
    limiter = RateLimiter(0, clock)
    start = clock.monotonic()
    assert burst(limiter, clock, each=50)[-1] == start
    limiter.observe(200, {"x-ratelimit-limit-second": "1"}, None)
    assert limiter.rate == 0


def test_a_released_slot_is_free_again_at_once(clock: FakeClock) -> None:
    limiter = RateLimiter(2, clock)
    limiter.acquire()
    unused = limiter.acquire()
    limiter.release(unused)
    assert limiter.acquire().waited == 0
    assert limiter.acquire().waited > 0


def test_a_token_fetched_after_the_wait_does_not_keep_the_waiting_request_slot(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    """Two slots a second: the token request and its API call take both, nothing waits."""
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = make_client(max_requests_per_second=2)
    client.get_entity(ENTITY_ID)
    (token_at, token_call), (get_at, get_call) = monite.arrivals
    assert (token_call, get_call) == ("POST /auth/token", f"GET /entities/{ENTITY_ID}")
    assert get_at == token_at


def test_a_429_pauses_every_thread_until_retry_after(clock: FakeClock) -> None:
    limiter = RateLimiter(0, clock)  # even with pacing off
    paused_at = clock.monotonic()
    limiter.observe(429, {}, 3.0)
    grants = burst(limiter, clock, each=5)
    assert min(grants) >= paused_at + 3.0


def test_a_shorter_429_never_shortens_a_running_pause(clock: FakeClock) -> None:
    limiter = RateLimiter(30, clock)
    limiter.observe(429, {}, 5.0)
    limiter.observe(429, {}, 1.0)
    assert limiter.pause_remaining() == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3", 3.0),
        ("0.5", 0.5),
        ("Sat, 25 May 2024 00:00:07 GMT", 7.0),
        ("Sat, 25 May 2024 00:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_http_date(header: str | None, expected: float | None) -> None:
    now = datetime(2024, 5, 25, 0, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after(header, now) == expected


def test_client_429_pauses_every_other_caller_of_the_same_key(
    monite: FakeMonite,
    make_client: ClientFactory,
    make_settings: Callable[..., Settings],
    clock: FakeClock,
) -> None:
    limited = threading.Event()

    def handler(_request: httpx.Request) -> httpx.Response:
        if not limited.is_set():
            limited.set()
            return httpx.Response(
                429, json={"error": {"message": "slow down"}}, headers={"Retry-After": "3"}
            )
        return httpx.Response(200, json=entity_json())

    monite.route(f"GET /entities/{ENTITY_ID}", handler)
    settings = make_settings()
    impatient = make_client(settings.model_copy(update={"deadline": 2.0}))
    with pytest.raises(RateLimitedError) as caught:
        impatient.get_entity(ENTITY_ID)
    assert caught.value.retry_after == 3.0
    limited_at = next(t for t, call in monite.arrivals if call.startswith("GET"))

    others = make_client(settings)
    threads = [threading.Thread(target=others.get_entity, args=(ENTITY_ID,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    later = [t for t, call in monite.arrivals if call.startswith("GET")][1:]
    assert len(later) == 4
    assert min(later) >= limited_at + 3.0


def test_a_429_is_retried_after_the_pause_and_succeeds(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "2"}, json={})])
    monite.route(
        f"GET /entities/{ENTITY_ID}",
        lambda _r: next(answers, None) or httpx.Response(200, json=entity_json()),
    )
    client = make_client()
    assert client.get_entity(ENTITY_ID).id == ENTITY_ID
    first, second = [t for t, call in monite.arrivals if call.startswith("GET")]
    assert second >= first + 2.0


def test_client_learns_the_rate_from_response_headers(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        f"GET /entities/{ENTITY_ID}",
        lambda _r: httpx.Response(
            200, json=entity_json(), headers={"X-RateLimit-Limit-Second": "7"}
        ),
    )
    client = make_client()
    client.get_entity(ENTITY_ID)
    state = shared_state(
        client.settings.api_url, client.settings.client_id or "", rate=30, clock=FakeClock()
    )
    assert state.limiter.rate == 7


def test_slots_from_the_shared_store_are_not_remembered_past_the_window() -> None:
    """With the store in use nothing trimmed the local window's grants: one kept per request
    for the life of the process (memory, and `release` scanning them all)."""
    from monite_pulumi.client._store import StoreGate

    class Schedule:
        def reserve(self, rate: float) -> float:
            return 1.0 / rate

    clock = FakeClock()
    limiter = RateLimiter(30, clock, StoreGate(Schedule(), clock))
    for _ in range(600):
        limiter.acquire()
    assert len(limiter._grants) <= 40  # about 1.1 s of them at 29/s
