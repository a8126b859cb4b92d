"""``wait_for="connected"``: bounded waits on create and update (refresh reads once), the cap,
the program's gate.

The waits through the engine harness are ended by the sandbox control API (the customer
authorising from another thread) or by a short ``wait_timeout``; the loop itself is tested with a
fake clock. Nothing here asserts a duration.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.config import DEFAULT_MAX_CONCURRENT_WAITS, resolve_settings
from monite_pulumi.errors import ConfigurationError
from monite_pulumi.providers._waiting import (
    _INITIAL_WAIT_SLOTS,
    Backoff,
    ConnectionNotConnectedError,
    WaitSlots,
    require_connected,
    wait_until,
)
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import UNKNOWN, EngineClient, ProviderCallError, add_fault
from tests.harness.fixtures import EngineFactory, stack_config
from tests.harness.sandbox_views import sandbox_requests
from tests.program.programs import CONNECTION, run_program
from tests.providers.accounting_connection.workflow import (
    CONNECTIONS,
    assert_url_only_where_secret,
    authorize,
    connect,
    create_entity,
)

ENTITY_ID = "3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f"
PROVIDER = AccountingConnectionProvider()


def eventually(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Wait for a condition another process or thread makes true (fails after ``timeout``)."""
    give_up = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < give_up, f"never happened: {what}"
        time.sleep(0.02)


def connections_of(monite: MoniteClient, entity_id: str) -> list[str]:
    """Ids of the entity's connections, as Monite lists them (any status)."""
    return [item.id for item in monite.list_accounting_connections(entity_id)]


def gets_of(sandbox: RunningSandbox, connection_id: str) -> int:
    """How many GETs of this connection reached the sandbox."""
    return sum(
        1
        for entry in sandbox_requests(sandbox)["entries"]
        if entry["method"] == "GET" and entry["path"].endswith(connection_id)
    )


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


# -- the loop and the cap, in process -----------------------------------------------------------


def test_wait_never_sleeps_past_its_deadline_and_backs_off_to_a_capped_interval() -> None:
    fake = FakeTime()
    polls: list[float] = []

    def poll() -> str:
        polls.append(fake.now)
        return "pending_auth"

    backoff = Backoff(initial=1.0, factor=2.0, maximum=8.0, jitter=0.5)
    outcome = wait_until(
        "pending_auth",
        poll,
        lambda status: status != "pending_auth",
        timeout=60.0,
        what="test",
        slots=WaitSlots(1),
        clock=fake.clock,
        sleep=fake.sleep,
        backoff=backoff,
    )
    assert (outcome.reached, outcome.value, outcome.got_slot) == (False, "pending_auth", True)
    assert outcome.waited == pytest.approx(60.0)
    assert sum(fake.sleeps) == pytest.approx(60.0)
    assert all(0 < pause <= 8.5 for pause in fake.sleeps)
    assert fake.sleeps[0] <= 1.5 < fake.sleeps[3]  # grows: 1, 2, 4, 8 (+ jitter)
    assert polls[-1] <= 160.0
    assert len(polls) == len(fake.sleeps)


def test_wait_ends_at_the_first_status_other_than_pending() -> None:
    fake = FakeTime()
    answers = iter(["pending_auth", "deauthorized", "connected"])
    outcome = wait_until(
        "pending_auth",
        lambda: next(answers),
        lambda status: status != "pending_auth",
        timeout=600.0,
        what="test",
        slots=WaitSlots(1),
        clock=fake.clock,
        sleep=fake.sleep,
    )
    assert (outcome.reached, outcome.value) == (True, "deauthorized")
    assert len(fake.sleeps) == 2

    untouched = wait_until(
        "connected",
        lambda: pytest.fail("polled"),
        lambda status: status == "connected",
        timeout=1.0,
        what="test",
        slots=WaitSlots(0),
    )
    assert (untouched.reached, untouched.got_slot, untouched.waited) == (True, False, 0.0)


def test_a_wait_that_gets_no_slot_before_its_deadline_never_polls() -> None:
    slots = WaitSlots(1)
    assert slots.acquire(0.0, "holder")
    outcome = wait_until(
        "pending_auth",
        lambda: pytest.fail("polled"),
        lambda status: status != "pending_auth",
        timeout=0.01,
        what="test",
        slots=slots,
    )
    assert (outcome.reached, outcome.got_slot) == (False, False)
    assert (slots.in_use, slots.queued) == (1, 0)


def test_third_wait_queues_for_one_of_two_slots() -> None:
    slots = WaitSlots(2)
    peak = 0
    lock = threading.Lock()
    release = [threading.Event() for _ in range(3)]
    started = threading.Barrier(4)

    def one_wait(index: int) -> bool:
        nonlocal peak
        started.wait()
        if not slots.acquire(30.0, f"wait {index}"):
            return False
        with lock:
            peak = max(peak, slots.in_use)
        release[index].wait(30.0)
        slots.release()
        return True

    with ThreadPoolExecutor(3) as pool:
        results = [pool.submit(one_wait, index) for index in range(3)]
        started.wait()
        eventually(lambda: slots.in_use == 2 and slots.queued == 1, "two hold, one queues")
        for event in release:
            event.set()
        assert [result.result() for result in results] == [True, True, True]
    assert peak == 2
    assert (slots.in_use, slots.queued) == (0, 0)


def _cap(config: dict[str, str] | None, env: dict[str, str]) -> int:
    return resolve_settings(pulumi_config=config, env=env).max_concurrent_waits


def test_cap_setting_comes_from_pulumi_config_then_environment() -> None:
    assert _cap(None, {}) == DEFAULT_MAX_CONCURRENT_WAITS == _INITIAL_WAIT_SLOTS
    assert _cap(None, {"MONITE_MAX_CONCURRENT_WAITS": "3"}) == 3
    config = {"monite:maxConcurrentWaits": "1"}
    assert _cap(config, {"MONITE_MAX_CONCURRENT_WAITS": "3"}) == 1
    for bad in ("0", "two", "1.5"):
        with pytest.raises(ConfigurationError) as error:
            _cap(None, {"MONITE_MAX_CONCURRENT_WAITS": bad})
        assert "monite:maxConcurrentWaits" in str(error.value)
        assert "MONITE_MAX_CONCURRENT_WAITS" in str(error.value)


# -- check ----------------------------------------------------------------------------------------


def test_check_rejects_bad_wait_options_without_any_http_call() -> None:
    # No configure and no sandbox: an HTTP call would fail for want of settings.
    good = PROVIDER.check({}, {"entity_id": ENTITY_ID, "wait_for": "connected", "wait_timeout": 5})
    assert good.failures == []
    assert PROVIDER.check({}, {"entity_id": ENTITY_ID, "wait_for": UNKNOWN}).failures == []
    bad_for = PROVIDER.check({}, {"entity_id": ENTITY_ID, "wait_for": "authorised"})
    (failure,) = bad_for.failures or []
    assert failure.property == "wait_for"
    assert '"connected"' in failure.reason
    assert "'authorised'" in failure.reason
    for timeout in (0, -1, 3601, "ten", True, float("inf")):
        checked = PROVIDER.check({}, {"entity_id": ENTITY_ID, "wait_timeout": timeout})
        assert [item.property for item in checked.failures or []] == ["wait_timeout"], timeout
        assert "at most 3600" in (checked.failures or [])[0].reason


# -- through the engine protocol ------------------------------------------------------------------


def test_create_waits_until_the_customer_authorises(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = create_entity(engine)
    with ThreadPoolExecutor(1) as pool:
        creating = pool.submit(connect, engine, entity_id, wait_for="connected", wait_timeout=45)
        eventually(lambda: bool(connections_of(monite, entity_id)), "the connection exists")
        (pending,) = connections_of(monite, entity_id)
        authorize(sandbox, pending, platform="xero")
        _, created = creating.result()
    assert created.id == pending
    assert (created.outs["status"], created.outs["platform"]) == ("connected", "xero")
    assert (created.outs["wait_for"], created.outs["wait_timeout"]) == ("connected", 45)
    assert gets_of(sandbox, created.id) >= 1
    assert_url_only_where_secret(created.outs, created.outs["connection_url"])


def test_refresh_reads_the_status_once_and_never_waits(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = create_entity(engine)
    _, created = connect(engine, entity_id, wait_for="connected", wait_timeout=0.2)
    # The create returns the pending connection, so the engine records it: no orphan.
    assert created.outs["status"] == "pending_auth"
    assert connections_of(monite, entity_id) == [created.id]
    waiting = {**created.outs, "wait_timeout": 5}
    sandbox.control.delete("/_sandbox/requests").raise_for_status()

    refreshed = engine.read(CONNECTIONS, created.id, waiting)  # no wait, no failure
    assert (refreshed.id, refreshed.outs["status"]) == (created.id, "pending_auth")
    assert gets_of(sandbox, created.id) == 1

    authorize(sandbox, created.id)
    refreshed = engine.read(CONNECTIONS, created.id, waiting)
    assert refreshed.outs["status"] == "connected"
    assert gets_of(sandbox, created.id) == 2
    assert connections_of(monite, entity_id) == [created.id]


def test_declaring_wait_for_on_a_pending_connection_waits_in_the_update(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    inputs, created = connect(engine, create_entity(engine))
    assert created.outs["status"] == "pending_auth"
    news = {**inputs, "wait_for": "connected", "wait_timeout": 45}
    assert engine.diff(CONNECTIONS, created.id, created.outs, news).replaces == []
    with ThreadPoolExecutor(1) as pool:
        before = gets_of(sandbox, created.id)
        updating = pool.submit(engine.update, CONNECTIONS, created.id, created.outs, news)
        eventually(lambda: gets_of(sandbox, created.id) > before, "the update read it")
        authorize(sandbox, created.id)
        updated = updating.result()
    assert (updated["status"], updated["wait_for"]) == ("connected", "connected")

    _, pending = connect(engine, create_entity(engine))
    timed = {
        **inputs,
        "entity_id": pending.outs["entity_id"],
        "wait_for": "connected",
        "wait_timeout": 0.2,
    }
    recorded = engine.update(CONNECTIONS, pending.id, pending.outs, timed)  # no failure
    assert recorded["status"] == "pending_auth"


def test_a_failing_poll_still_records_the_created_connection(
    engine_factory: EngineFactory, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    engine = engine_factory(config=stack_config(sandbox, **{"monite:maxAttempts": "1"}))
    entity_id = create_entity(engine)
    add_fault(sandbox, method="GET", path="^/accounting_connections/", status=503)
    _, created = connect(engine, entity_id, wait_for="connected", wait_timeout=30)
    assert created.outs["status"] == "pending_auth"
    assert connections_of(monite, entity_id) == [created.id]
    assert gets_of(sandbox, created.id) == 1  # the wait ended at the first failed poll

    with pytest.raises(ProviderCallError) as failed:  # a refresh fails instead
        engine.read(CONNECTIONS, created.id, created.outs)
    assert "503" in failed.value.message


def test_a_bad_cap_setting_fails_the_create_before_any_connection_exists(
    engine_factory: EngineFactory, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = create_entity(engine_factory())
    engine = engine_factory(env={"MONITE_MAX_CONCURRENT_WAITS": "none"})
    with pytest.raises(ProviderCallError) as refused:
        connect(engine, entity_id, wait_for="connected")
    assert "MONITE_MAX_CONCURRENT_WAITS must be a whole number >= 1" in refused.value.message
    assert "monite:maxConcurrentWaits" in refused.value.message
    assert connections_of(monite, entity_id) == []
    # The cap bounds the settle waits after a lost create answer too: every create refuses
    # before its POST, rather than failing after it with an object no state knows.
    before = sandbox.control.get("/_sandbox/objects").json()["entities"]
    with pytest.raises(ProviderCallError, match="MONITE_MAX_CONCURRENT_WAITS must be"):
        create_entity(engine)
    assert sandbox.control.get("/_sandbox/objects").json()["entities"] == before


def test_third_concurrent_wait_waits_for_a_slot(
    engine_factory: EngineFactory, sandbox: RunningSandbox, monite: MoniteClient, tmp_path: Path
) -> None:
    log = tmp_path / "provider.log"
    engine = engine_factory(
        config=stack_config(sandbox, **{"monite:maxConcurrentWaits": "2"}),
        # The stack config wins over the environment: with 3 slots nothing would queue.
        env={
            "MONITE_PULUMI_LOG": "info",
            "MONITE_PULUMI_LOG_FILE": str(log),
            "MONITE_MAX_CONCURRENT_WAITS": "3",
        },
    )
    entities = [create_entity(engine) for _ in range(3)]
    with ThreadPoolExecutor(3) as pool:
        creating = [
            pool.submit(connect, engine, entity_id, wait_for="connected", wait_timeout=45)
            for entity_id in entities
        ]
        eventually(
            lambda: log.exists() and "waits for a free wait slot" in log.read_text(),
            "a third wait queues",
        )
        connections = [connections_of(monite, entity_id) for entity_id in entities]
        assert all(len(found) == 1 for found in connections)
        for (found,) in connections:
            authorize(sandbox, found)
        outcomes = [future.result()[1] for future in creating]
    assert [outcome.outs["status"] for outcome in outcomes] == ["connected"] * 3

    lines = log.read_text().splitlines()
    queued = [line for line in lines if "waits for a free wait slot" in line]
    assert len(queued) == 1
    assert "all 2 wait slots in use" in queued[0]
    taken = [line for line in lines if "wait slot taken" in line]
    assert len(taken) == 3
    assert all("of 2 in use" in line and "(3 of" not in line for line in taken)
    waiter = next(outcome.id for outcome in outcomes if outcome.id in queued[0])
    first_end = next(index for index, line in enumerate(lines) if "wait ended" in line)
    waiter_slot = next(
        index for index, line in enumerate(lines) if waiter in line and "wait slot taken" in line
    )
    assert waiter_slot > first_end  # it got a slot only once another wait ended


# -- the program's gate ---------------------------------------------------------------------------


def test_gate_passes_connected_and_undeclared_and_fails_the_rest() -> None:
    values = {"connection_id": "c-1", "entity_id": "e-1", "wait_timeout": 30}
    require_connected({**values, "wait_for": "connected", "status": "connected"})
    require_connected({**values, "wait_for": None, "status": "pending_auth"})
    for status in ("pending_auth", "deauthorized"):
        with pytest.raises(ConnectionNotConnectedError) as error:
            require_connected({**values, "wait_for": "connected", "status": status})
        message = str(error.value)
        assert f"c-1 of entity e-1 is {status} in the stack's state, not connected" in message
        assert "wait_timeout=30 s" in message


def test_up_fails_after_recording_a_connection_still_pending(tmp_path: Path) -> None:
    (tmp_path / "__main__.py").write_text(
        "from monite_pulumi import AccountingConnection, AccountingConnectionArgs\n"
        f"AccountingConnection('gated', AccountingConnectionArgs(entity_id='{ENTITY_ID}',\n"
        "                      wait_for='connected', wait_timeout=30))\n"
        f"AccountingConnection('plain', AccountingConnectionArgs(entity_id='{ENTITY_ID}'))\n"
    )
    run = run_program(tmp_path, project="wait-gate")
    assert set(run.of_type(CONNECTION)) == {"gated", "plain"}  # both registered, so recorded
    assert run.error is not None
    assert run.error["type"] == "ConnectionNotConnectedError"
    message = run.error["message"]
    assert "connection-gated of entity" in message
    assert "is pending_auth in the stack's state, not connected" in message
    assert "connection-plain" not in message
    assert "token=" not in message
    assert "secret-gated" not in message
