"""Cancel, as the engine sends it: when a run is cancelled (pkg/resource/deploy/
deployment_executor.go, ``Execute``: ``Host.SignalCancellation`` once the caller's context is done)
and before every plugin is closed (pkg/host/host.go, ``defaultHost.Close``). The steps in flight
keep running and the engine waits for their answers; so the plugin starts nothing new, stops
waiting, and still reports a create whose POST went out. Each test has its own plugin process:
Cancel is for the whole process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import ProviderCallError, add_fault, sandbox_objects, sandbox_requests
from tests.harness.fixtures import stack_config
from tests.harness.native import NativeClient, running_native_plugin

ENTITY: dict[str, Any] = {
    "type": "organization",
    "email": "ops@acme.example",
    "address": {"country": "DE", "city": "Berlin", "postalCode": "10115", "line1": "Str. 1"},
    "organization": {"legalName": "Acme GmbH"},
}


@pytest.fixture
def plugin(sandbox: RunningSandbox) -> Iterator[NativeClient]:
    """A plugin of its own, configured with a settle window far longer than any test."""
    with running_native_plugin() as server, NativeClient(server.target) as client:
        client.configure(stack_config(sandbox, **{"monite:settleWindow": "600"}))
        yield client


def _count(sandbox: RunningSandbox, endpoint: str) -> int:
    return int(sandbox_requests(sandbox)["by_endpoint"].get(endpoint, 0))


def _sent(sandbox: RunningSandbox, method: str, path: str) -> int:
    """Requests the plugin sent (not the late processing of one, which the log also lists)."""
    entries = sandbox_requests(sandbox)["entries"]
    return sum(
        1
        for entry in entries
        if entry["method"] == method and entry["path"] == path and not entry["late"]
    )


def _until(condition: Callable[[], bool], what: str) -> None:
    """Wait for a condition the sandbox shows (bounded only so that a bug fails the test)."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def test_after_cancel_calls_fail_at_once_without_a_request(
    plugin: NativeClient, sandbox: RunningSandbox
) -> None:
    inputs, failures = plugin.check("Entity", {}, ENTITY)
    assert failures == []
    entity_id, outs = plugin.create("Entity", inputs)
    plugin.cancel()
    before = sandbox_requests(sandbox)["total"]
    calls: list[Callable[[], Any]] = [
        lambda: plugin.create("Entity", inputs),
        lambda: plugin.update("Entity", entity_id, outs, {**inputs, "phone": "+4930123"}),
        lambda: plugin.read("Entity", entity_id, outs, inputs),
        lambda: plugin.delete("Entity", entity_id, outs),
    ]
    for call in calls:
        with pytest.raises(ProviderCallError) as refused:
            call()
        assert "Not started" in refused.value.details
        assert "shutting down (it sent Cancel)" in refused.value.details
    assert sandbox_requests(sandbox)["total"] == before
    # What needs no request still answers: the engine may still check and preview.
    assert plugin.check("Entity", {}, ENTITY)[1] == []
    assert plugin.create("Entity", inputs, preview=True)[1]["apiUrl"] == sandbox.api_url


def test_cancel_ends_a_settle_wait_without_creating_again(
    plugin: NativeClient, sandbox: RunningSandbox
) -> None:
    """The POST's answer is lost and nothing lands: the wait (600 s) stops at Cancel, one more
    look is made, and the create fails saying it may have happened; no second POST."""
    add_fault(sandbox, method="POST", path="^/entities$", status=504, process_late_ms=600_000)
    inputs, _ = plugin.check("Entity", {}, ENTITY)
    with ThreadPoolExecutor(1) as pool:
        creating: Future[Any] = pool.submit(plugin.create, "Entity", inputs)
        _until(lambda: _count(sandbox, "GET /entities") >= 1, "the look after the lost answer")
        plugin.cancel()
        with pytest.raises(ProviderCallError) as failed:
            creating.result(timeout=30)
    message = " ".join(failed.value.details.split())
    assert "shutting down (it sent Cancel), so the create was not sent again" in message
    assert "may or may not have happened" in message
    assert _sent(sandbox, "POST", "/entities") == 1
    assert _count(sandbox, "GET /entities") >= 2  # the look made when the wait stopped


def test_a_create_that_landed_is_still_reported_after_cancel(
    plugin: NativeClient, sandbox: RunningSandbox
) -> None:
    """The POST's answer is lost and the object lands while the create waits: after Cancel the
    create answers with it, so the engine records it (no object Pulumi does not know about)."""
    add_fault(sandbox, method="POST", path="^/entities$", status=504, process_late_ms=200)
    inputs, _ = plugin.check("Entity", {}, ENTITY)
    with ThreadPoolExecutor(1) as pool:
        creating: Future[tuple[str, dict[str, Any]]] = pool.submit(plugin.create, "Entity", inputs)
        _until(lambda: len(sandbox_objects(sandbox)["entities"]) == 1, "the late commit")
        plugin.cancel()
        entity_id, outs = creating.result(timeout=30)
    assert [item["id"] for item in sandbox_objects(sandbox)["entities"]] == [entity_id]
    assert outs["entityId"] == entity_id
    assert _sent(sandbox, "POST", "/entities") == 1


def test_cancel_ends_a_connection_wait_and_the_connection_is_recorded(
    plugin: NativeClient, sandbox: RunningSandbox
) -> None:
    """``waitFor: connected`` waits up to an hour; at Cancel it stops and the create still
    answers with the pending connection (a raising create would orphan it)."""
    inputs, _ = plugin.check("Entity", {}, ENTITY)
    entity_id, _ = plugin.create("Entity", inputs)
    news = {"entityId": entity_id, "waitFor": "connected", "waitTimeout": 3600}
    connection, failures = plugin.check("AccountingConnection", {}, news)
    assert failures == []
    with ThreadPoolExecutor(1) as pool:
        creating: Future[tuple[str, dict[str, Any]]] = pool.submit(
            plugin.create, "AccountingConnection", connection
        )
        _until(
            lambda: _count(sandbox, "POST /accounting_connections") == 1,
            "the connection's POST",
        )
        plugin.cancel()
        connection_id, outs = creating.result(timeout=30)
    assert outs["connectionId"] == connection_id
    assert outs["status"] == "pending_auth"


def test_cancel_ends_a_wait_for_the_rate_limit_before_the_request(sandbox: RunningSandbox) -> None:
    """A create paced by the client's limiter (here one request every 20 s) waits for its
    turn; at Cancel the wait ends and its POST is never sent."""
    with (
        running_native_plugin({"MONITE_PULUMI_LOG": "debug"}) as server,
        NativeClient(server.target) as plugin,
    ):
        plugin.configure(stack_config(sandbox, **{"monite:maxRequestsPerSecond": "0.05"}))
        inputs, _ = plugin.check("Entity", {}, ENTITY)
        with ThreadPoolExecutor(1) as pool:
            creating: Future[Any] = pool.submit(plugin.create, "Entity", inputs)
            _until(lambda: "for its turn; Cancel ends" in server.stderr_text(), "a paced wait")
            plugin.cancel()
            with pytest.raises(ProviderCallError) as stopped:
                creating.result(timeout=30)
    assert "so that request was not sent" in stopped.value.details
    assert _sent(sandbox, "POST", "/entities") == 0
    assert sandbox_objects(sandbox)["entities"] == []
