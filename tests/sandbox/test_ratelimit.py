"""The per-client rate limit: headers, 429 with Retry-After, fixed or sliding windows."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from monite_pulumi.sandbox.__main__ import parse_args
from tests.sandbox.conftest import Api, FakeClock


def test_headers_then_429_then_the_window_slides(
    api: Api, client: TestClient, clock: FakeClock
) -> None:
    client.patch("/_sandbox/settings", json={"rate_limit": 3})
    answers = [api.call("GET", "/entities") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    for name in ("RateLimit-Limit", "X-RateLimit-Limit-Second"):
        assert answers[0].headers[name] == "3"
    assert answers[0].headers["X-RateLimit-Remaining-Second"] == "2"
    assert answers[0].headers["RateLimit-Reset"] == "1"
    refused = api.call("GET", "/entities")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert set(refused.json()) == {"error"}
    clock.advance(0.5)
    assert api.call("GET", "/entities").status_code == 429
    clock.advance(0.5)
    assert api.call("GET", "/entities").status_code == 200
    log = client.get("/_sandbox/requests").json()
    assert log["by_endpoint"]["GET /entities"] == 6
    assert log["by_status"] == {"200": 5, "429": 2}  # one 200 is the token


def test_limit_is_per_client(api: Api, client: TestClient) -> None:
    client.patch("/_sandbox/settings", json={"rate_limit": 1})
    client.post(
        "/_sandbox/partners",
        json={"client_id": "00000000-0000-4000-8000-000000000009", "client_secret": "s"},
    )
    other = Api(client, "00000000-0000-4000-8000-000000000009", "s")
    assert api.call("GET", "/entities").status_code == 200
    assert api.call("GET", "/entities").status_code == 429
    assert other.call("GET", "/entities").status_code == 200


def test_zero_turns_it_off(api: Api, client: TestClient) -> None:
    assert client.get("/_sandbox/settings").json()["rate_limit"] == 0
    answers = [api.call("GET", "/entities") for _ in range(50)]
    assert {a.status_code for a in answers} == {200}
    assert "RateLimit-Limit" not in answers[0].headers


def test_the_rate_limit_headers_can_be_switched_off_and_retry_after_stays(
    api: Api, client: TestClient
) -> None:
    """Monite's spec lists no `RateLimit-*` header: clients must cope with their absence."""
    settings = client.patch(
        "/_sandbox/settings", json={"rate_limit": 1, "rate_limit_headers": False}
    ).json()
    assert settings["rate_limit_headers"] is False
    admitted = api.call("GET", "/entities")
    refused = api.call("GET", "/entities")
    assert (admitted.status_code, refused.status_code) == (200, 429)
    for answer in (admitted, refused):
        assert not [name for name in answer.headers if "ratelimit" in name.lower()]
    assert refused.headers["Retry-After"] == "1"


def test_the_fixed_window_is_the_default_and_empties_at_the_clock_second(
    api: Api, client: TestClient, clock: FakeClock
) -> None:
    """Kong's windows (docs/assumed-behaviour.md, "rate limit"): each clock second its own
    bucket, so requests sent at 0.9 s still leave the next second's whole limit free."""
    assert (
        client.patch("/_sandbox/settings", json={"rate_limit": 3}).json()["rate_limit_window"]
        == "fixed"
    )
    api.call("GET", "/entities")  # the token first, unlimited
    clock.advance(1.0 - clock.now % 1.0 + 0.9)  # 0.9 s into a clock second
    answers = [api.call("GET", "/entities") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"] == "1"
    assert answers[0].headers["RateLimit-Reset"] == "1"
    clock.advance(0.1)  # the next clock second: a sliding window would still be full
    again = [api.call("GET", "/entities") for _ in range(4)]
    assert [a.status_code for a in again] == [200, 200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in again] == ["2", "1", "0", "0"]


def test_the_sliding_window_stays_selectable(
    api: Api, client: TestClient, clock: FakeClock
) -> None:
    client.patch("/_sandbox/settings", json={"rate_limit": 3, "rate_limit_window": "sliding"})
    api.call("GET", "/entities")
    clock.advance(1.0 - clock.now % 1.0 + 0.9)
    assert [api.call("GET", "/entities").status_code for _ in range(3)] == [200] * 3
    clock.advance(0.1)  # a new clock second, but the last second still holds three
    assert api.call("GET", "/entities").status_code == 429
    clock.advance(0.9)
    assert api.call("GET", "/entities").status_code == 200


def test_the_window_is_a_command_line_choice() -> None:
    assert parse_args([]).rate_limit_window == "fixed"
    assert parse_args(["--rate-limit-window", "sliding"]).rate_limit_window == "sliding"
    with pytest.raises(SystemExit):
        parse_args(["--rate-limit-window", "leaky"])


def test_a_clock_reading_behind_the_current_second_never_empties_its_window() -> None:
    """Threads read the clock before taking the limiter's lock, so one may arrive with a
    reading of the second before; counting it there (or from it, the next request) emptied the
    full window and admitted more than the limit in one second: kinder than Monite."""
    from monite_pulumi.sandbox.ratelimit import RateLimiter

    readings = iter([2.0, 2.1, 1.99, 2.2])
    limiter = RateLimiter(2, readings.__next__)
    admitted = []
    for _ in range(4):
        decision = limiter.check("c")
        assert decision is not None
        admitted.append(decision.allowed)
    assert admitted == [True, True, False, False]
