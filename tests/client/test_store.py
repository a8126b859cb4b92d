"""The shared rate-limit store (`monite:rateLimitStore`): its setting, its schedule on a real
`redis-server`, one budget across processes, and the store going away mid-run."""

from __future__ import annotations

import itertools
import logging
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.client._store import RETRY_AFTER_SECONDS, RedisSlots, StoreUnavailable
from monite_pulumi.config import Settings, resolve_settings
from monite_pulumi.errors import ConfigurationError
from monite_pulumi.sandbox.testing import running_sandbox
from tests.client.conftest import ENTITY_ID, FakeClock, FakeMonite, entity_json
from tests.client.redis_server import PASSWORD, RedisServer, redis_server

ClientFactory = Callable[..., MoniteClient]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> Iterator[RedisServer]:
    with redis_server() as running:
        yield running


# -- the setting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://:secret-pass@cache.internal:6380/2",
        "rediss://user:secret-pass@cache.example.com",
    ],
)
def test_the_store_is_a_redis_url_from_config_or_environment(url: str) -> None:
    from_env = resolve_settings(env={"MONITE_RATE_LIMIT_STORE": url})
    from_config = resolve_settings(pulumi_config={"monite:rateLimitStore": url}, env={})
    for settings in (from_env, from_config):
        assert settings.rate_limit_store is not None
        assert settings.rate_limit_store.get_secret_value() == url
        assert "secret-pass" not in repr(settings)


@pytest.mark.parametrize(
    "url", ["http://cache:6379", "redis://", "cache:6379", "redis://h:port/0", "memcached://h"]
)
def test_a_bad_store_url_is_refused_naming_the_setting_without_showing_it(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(env={"MONITE_RATE_LIMIT_STORE": url + "?pw=hunter2-secret"})
    message = str(caught.value)
    assert "MONITE_RATE_LIMIT_STORE" in message
    assert "monite:rateLimitStore" in message
    assert "redis:// or rediss://" in message
    assert "hunter2-secret" not in message


def test_the_store_url_is_never_pickled() -> None:
    settings = resolve_settings(env={"MONITE_RATE_LIMIT_STORE": "redis://:pickled-pw@h:1/0"})
    assert b"pickled-pw" not in pickle.dumps(settings)
    with pytest.raises(TypeError):
        pickle.dumps(RedisSlots("redis://:pickled-pw@h:1/0", "key"))


# -- the schedule -----------------------------------------------------------------------------


def test_each_reservation_takes_the_next_slot_of_one_schedule(server: RedisServer) -> None:
    """Two stores on one key (two processes) hand out slots one interval apart in turn."""
    first, second = RedisSlots(server.url, "k"), RedisSlots(server.url, "k")
    waits = [(first if n % 2 else second).reserve(10.0) for n in range(10)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(waits)]
    assert waits[0] <= 0.01
    assert all(0.05 < gap <= 0.1 + 1e-6 for gap in gaps), gaps  # minus the time asking took


def test_a_wrong_password_or_no_server_is_the_store_unavailable(server: RedisServer) -> None:
    with pytest.raises(StoreUnavailable):
        RedisSlots(server.url.replace(PASSWORD, "wrong"), "k").reserve(10.0)
    server.stop()
    with pytest.raises(StoreUnavailable):
        RedisSlots(server.url, "k").reserve(10.0)


# -- the client with a store ------------------------------------------------------------------


def _with_store(make_client: ClientFactory, url: str) -> MoniteClient:
    return make_client(rate_limit_store=url)


def test_the_client_takes_its_slots_from_the_store(
    server: RedisServer, monite: FakeMonite, make_client: ClientFactory, clock: FakeClock
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = _with_store(make_client, server.url)
    start = clock.monotonic()
    for _ in range(11):
        client.get_entity(ENTITY_ID)
    # 12 slots (the token's too) one interval apart at 29/s, the schedule's rate under 30/s
    assert clock.monotonic() - start >= 11 / 29 - 0.01


def test_the_store_stopping_halfway_fails_nothing_and_warns_once(
    server: RedisServer,
    monite: FakeMonite,
    make_client: ClientFactory,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = _with_store(make_client, server.url)
    caplog.set_level(logging.DEBUG, logger="monite_pulumi")
    for _ in range(5):
        client.get_entity(ENTITY_ID)
    server.stop()
    for _ in range(5):
        client.get_entity(ENTITY_ID)
    clock.advance(RETRY_AFTER_SECONDS + 1)  # tried again, still down: no second warning
    for _ in range(5):
        client.get_entity(ENTITY_ID)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "rate-limit store" in warnings[0].getMessage()
    assert PASSWORD not in caplog.text
    assert len(monite.calls(f"GET /entities/{ENTITY_ID}")) == 15


def test_an_unreachable_store_from_the_start_means_local_pacing(
    monite: FakeMonite,
    make_client: ClientFactory,
    make_settings: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    url = f"redis://:{PASSWORD}@127.0.0.1:1/0"  # nothing listens on port 1
    client = _with_store(make_client, url)
    caplog.set_level(logging.DEBUG, logger="monite_pulumi")
    for _ in range(3):
        assert client.get_entity(ENTITY_ID).id == ENTITY_ID
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    assert PASSWORD not in caplog.text


@pytest.mark.slow
def test_eight_processes_with_the_store_stay_within_the_limit_of_every_window(
    server: RedisServer, tmp_path: Path
) -> None:
    """Counted at the sandbox, whose fixed windows refuse anything over the limit: with one
    schedule for all eight, none of their requests is refused."""
    limit, processes, requests = 20, 8, 8
    with running_sandbox(data=str(tmp_path / "s.db"), rate_limit=limit) as sandbox:
        env = {
            **os.environ,
            "MONITE_API_URL": sandbox.api_url,
            "MONITE_CLIENT_ID": sandbox.client_id,
            "MONITE_CLIENT_SECRET": sandbox.client_secret,
            "MONITE_RATE_LIMIT_STORE": server.url,
            "MONITE_MAX_REQUESTS_PER_SECOND": str(limit),
        }
        start = time.time() + 3.0  # every process imported and ready by then
        command = [sys.executable, "-m", "tests.client.store_worker", str(start), str(requests)]
        workers = [
            subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
            for _ in range(processes)
        ]
        failed = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
        log = sandbox.control.get("/_sandbox/requests").raise_for_status().json()
    assert failed == [0] * processes
    assert log["by_endpoint"]["GET /entities"] == processes * requests
    assert log["by_status"].get("429", 0) == 0


def test_a_first_request_takes_two_slots_the_token_s_and_its_own(
    monite: FakeMonite, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store's slot cannot be given back: the token is fetched before the request takes
    one (taking one first wasted a slot per process at every start)."""
    taken: list[float] = []

    def reserve(_self: RedisSlots, rate: float) -> float:
        taken.append(rate)
        return 0.0

    monkeypatch.setattr(RedisSlots, "reserve", reserve)
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = _with_store(make_client, f"redis://:{PASSWORD}@127.0.0.1:1/0")
    client.get_entity(ENTITY_ID)
    assert len(taken) == 2
    assert taken[0] == pytest.approx(29.0)


def test_a_store_without_the_redis_package_is_a_configuration_error_naming_the_extra(
    monite: FakeMonite, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # `import redis` raises ImportError
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json())
    client = _with_store(make_client, f"redis://:{PASSWORD}@127.0.0.1:1/0")
    with pytest.raises(ConfigurationError, match="monite:rateLimitStore needs the redis package"):
        client.get_entity(ENTITY_ID)
    assert monite.calls(f"GET /entities/{ENTITY_ID}") == []
