"""A Monite that stops answering: every provider call fails within its deadline, clearly.

The deadline (``monite:deadline``) is far below the read timeout (30 s by default) and the
engine's own gRPC timeout: a call that waited for the read timeout would surface as the
engine's DEADLINE_EXCEEDED instead of the provider's message, so no timing is asserted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import grpc
import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, ProviderCallError, add_fault, sandbox_requests
from tests.harness.fixtures import EngineFactory, stack_config
from tests.providers.inputs import organization_inputs, product_inputs
from tests.reliability.chaos_state import CONNECTIONS, ENTITIES, PRODUCTS
from tests.reliability.silent_server import silent_server

DEADLINE = "0.5"
ENGINE_TIMEOUT = 12.0
"""Far above the deadline, far below the 30 s read timeout."""
ENTITY_ID = "9b2c7b44-8a33-4c7e-9a43-5a8f3e6f1f10"
PRODUCT_ID = "2a0e7c11-3b7d-4a55-9c1e-6f1d2c3b4a5e"
CONNECTION_ID = "0f6b9c3e-1d2a-4e8f-b7c6-5a4d3e2f1a0b"


def _calls(engine: EngineClient) -> dict[str, Callable[[], object]]:
    entity_outs = {**organization_inputs(), "entity_id": ENTITY_ID}
    product_outs = {**product_inputs(ENTITY_ID), "product_id": PRODUCT_ID}
    connection_outs = {"entity_id": ENTITY_ID, "connection_id": CONNECTION_ID}
    return {
        "create entity": lambda: engine.create(ENTITIES, organization_inputs()),
        "read entity": lambda: engine.read(ENTITIES, ENTITY_ID, entity_outs),
        "update entity": lambda: engine.update(
            ENTITIES, ENTITY_ID, entity_outs, {**entity_outs, "phone": "+49 1"}
        ),
        "delete entity": lambda: engine.delete(ENTITIES, ENTITY_ID, entity_outs),
        "create product": lambda: engine.create(PRODUCTS, product_inputs(ENTITY_ID)),
        "read product": lambda: engine.read(PRODUCTS, PRODUCT_ID, product_outs),
        "create connection": lambda: engine.create(CONNECTIONS, {"entity_id": ENTITY_ID}),
        "delete connection": lambda: engine.delete(CONNECTIONS, CONNECTION_ID, connection_outs),
    }


def _assert_fails_clearly(name: str, call: Callable[[], object]) -> None:
    with pytest.raises(ProviderCallError) as failed:
        call()
    error = failed.value
    assert error.code != grpc.StatusCode.DEADLINE_EXCEEDED, f"{name} waited past its deadline"
    assert "ResourceError: Could not" in error.message, (name, error.message)
    assert "no answer from Monite" in error.message, (name, error.message)


def test_a_server_that_never_answers_fails_each_call_within_its_deadline(
    engine_factory: EngineFactory, sandbox: RunningSandbox
) -> None:
    with silent_server() as api_url:
        config = stack_config(sandbox, **{"monite:apiUrl": api_url, "monite:deadline": DEADLINE})
        engine = engine_factory(config)
        engine.timeout = ENGINE_TIMEOUT
        for name, call in _calls(engine).items():
            _assert_fails_clearly(name, call)


def test_a_sandbox_that_stops_answering_after_the_token_fails_each_call_clearly(
    engine_factory: EngineFactory, sandbox: RunningSandbox
) -> None:
    engine = engine_factory(stack_config(sandbox, **{"monite:deadline": DEADLINE}))
    engine.timeout = ENGINE_TIMEOUT
    entity = engine.create(ENTITIES, organization_inputs())  # the token is fetched and cached
    # Longer than the deadline, shorter than the engine's timeout: a call that ignored its
    # deadline would get the late answer and succeed.
    stall = add_fault(
        sandbox, path=r"^/(entities|products|accounting_connections)", latency_ms=2_000
    )
    calls = {
        "read entity": lambda: engine.read(ENTITIES, entity.id, entity.outs),
        "update entity": lambda: engine.update(
            ENTITIES, entity.id, entity.outs, {**entity.outs, "phone": "+49 2"}
        ),
        "create product": lambda: engine.create(PRODUCTS, product_inputs(entity.id)),
    }
    for name, call in calls.items():
        _assert_fails_clearly(name, call)
    _wait_for_stalled_requests(sandbox, stall)


def _wait_for_stalled_requests(sandbox: RunningSandbox, fault_id: str) -> None:
    """Let the stalled requests finish, so they land in this test's log and not the next's."""
    hits = next(
        rule["hits"]
        for rule in sandbox.control.get("/_sandbox/faults").json()
        if rule["id"] == fault_id
    )
    for _ in range(200):
        entries = sandbox_requests(sandbox)["entries"]
        if sum(entry["fault"] == fault_id for entry in entries) >= hits:
            return
        threading.Event().wait(0.05)
    raise AssertionError("the stalled requests never finished")
