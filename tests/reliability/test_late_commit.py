"""A create answered 504 (or dropped) at once and committed later makes exactly one object.

The sandbox's ``process_late_ms`` fault stands for a gateway that gave up on a slow Monite: the
first look after the lost answer finds nothing, and the object appears a moment later. Through
the engine protocol, per resource type: with the settle window (default 30 s) the provider keeps
looking and adopts the late object; with ``monite:settleWindow=0`` (the behaviour before the
window) it creates again and the late commit becomes a duplicate. Nothing here sleeps: the test
waits on ``GET /_sandbox/late_requests?wait=`` until the late request was processed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi.dynamic import ResourceProvider

from monite_pulumi.client import MoniteClient
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import (
    EngineClient,
    ProviderServer,
    add_fault,
    running_provider_server,
    sandbox_objects,
)
from tests.harness.fixtures import EngineFactory, stack_config
from tests.providers.inputs import organization_inputs, product_inputs

LATE_MS = 800
"""Well inside the settle window, well after the first look."""


@dataclass(frozen=True)
class Case:
    provider: ResourceProvider
    post_path: str
    inputs: Callable[[str], dict[str, Any]]
    live_ids: Callable[[RunningSandbox, MoniteClient, str], list[str]]


def _objects(kind: str) -> Callable[[RunningSandbox, MoniteClient, str], list[str]]:
    def ids(sandbox: RunningSandbox, _: MoniteClient, entity_id: str) -> list[str]:
        rows = sandbox_objects(sandbox)[kind]
        return [row["id"] for row in rows if kind != "entities" or row["id"] != entity_id]

    return ids


def _vat_ids(_: RunningSandbox, monite: MoniteClient, entity_id: str) -> list[str]:
    return [item.id for item in monite.list_entity_vat_ids(entity_id)]


CASES = {
    "entity": Case(
        EntityProvider(),
        "^/entities$",
        lambda _: organization_inputs(email="late@acme.example"),
        _objects("entities"),
    ),
    "product": Case(ProductProvider(), "^/products$", product_inputs, _objects("products")),
    "accounting connection": Case(
        AccountingConnectionProvider(),
        "^/accounting_connections$",
        lambda entity_id: {"entity_id": entity_id},
        _objects("accounting_connections"),
    ),
    "webhook subscription": Case(
        WebhookSubscriptionProvider(),
        "^/webhook_subscriptions$",
        lambda _: {"object_type": "entity", "url": "https://hooks.example/late"},
        _objects("webhook_subscriptions"),
    ),
    "VAT id": Case(
        EntityVatIdProvider(),
        "/vat_ids$",
        lambda entity_id: {"entity_id": entity_id, "country": "DE", "value": "DE123456789"},
        _vat_ids,
    ),
}


def _entity(engine: EngineClient) -> str:
    checked = engine.check(EntityProvider(), {}, organization_inputs())
    return engine.create(EntityProvider(), checked.inputs).id


def _create_with_a_late_commit(
    engine: EngineClient, sandbox: RunningSandbox, case: Case, entity_id: str
) -> str:
    add_fault(
        sandbox, method="POST", path=case.post_path, status=504, process_late_ms=LATE_MS, count=1
    )
    checked = engine.check(case.provider, {}, case.inputs(entity_id))
    assert checked.failures == []
    created = engine.create(case.provider, checked.inputs)
    late = sandbox.control.get("/_sandbox/late_requests", params={"wait": 30}).json()
    assert (late["pending"], late["processed"]) == (0, 1)
    return created.id


@pytest.mark.parametrize("name", list(CASES))
def test_the_late_object_is_adopted_within_the_settle_window(
    name: str, engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    case = CASES[name]
    entity_id = _entity(engine)
    created = _create_with_a_late_commit(engine, sandbox, case, entity_id)
    assert case.live_ids(sandbox, monite, entity_id) == [created]


@pytest.fixture(scope="module")
def second_server() -> Iterator[ProviderServer]:
    """A provider server of this module's own, configured apart from the session's."""
    with running_provider_server() as server:
        yield server


@pytest.fixture
def windowless(second_server: ProviderServer, sandbox: RunningSandbox) -> Iterator[EngineClient]:
    """An engine whose provider has ``monite:settleWindow=0``: one look, as before the window."""
    with EngineClient(second_server.target) as engine:
        engine.configure(stack_config(sandbox, **{"monite:settleWindow": "0"}))
        yield engine


@pytest.mark.parametrize("name", [name for name in CASES if name != "accounting connection"])
def test_without_the_window_the_late_commit_is_a_duplicate(
    name: str, windowless: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    """What happened before the window (a connection is spared by the one-live rule's 409)."""
    case = CASES[name]
    engine = windowless
    entity_id = _entity(engine)  # also renews the server's token, revoked by the reset
    created = _create_with_a_late_commit(engine, sandbox, case, entity_id)
    live = case.live_ids(sandbox, monite, entity_id)
    assert len(live) == 2
    assert created in live


def test_nothing_landing_means_one_create_after_the_window_and_a_logged_wait(
    engine_factory: EngineFactory, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    log = tmp_path / "provider.log"
    engine = engine_factory(
        config=stack_config(sandbox, **{"monite:settleWindow": "1"}),
        env={"MONITE_PULUMI_LOG": "info", "MONITE_PULUMI_LOG_FILE": str(log)},
    )
    add_fault(sandbox, method="POST", path="^/entities$", status=504, count=1)
    checked = engine.check(EntityProvider(), {}, organization_inputs())
    created = engine.create(EntityProvider(), checked.inputs)
    assert [row["id"] for row in sandbox_objects(sandbox)["entities"]] == [created.id]
    waits = [line for line in log.read_text().splitlines() if "settle wait for" in line]
    assert len(waits) == 1
    assert "Monite entity after a lost create answer (status 504)" in waits[0]
    assert "(window 1 s), found 0" in waits[0]


def test_a_connection_dropped_at_once_and_committed_later_is_adopted(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    """The other face of the fault: no answer at all (the client sees the connection drop)."""
    _entity(engine)  # warm the provider's token, so the fault meets the create itself
    add_fault(sandbox, method="POST", path="^/entities$", process_late_ms=LATE_MS, count=1)
    checked = engine.check(EntityProvider(), {}, organization_inputs(email="dropped@acme.example"))
    created = engine.create(EntityProvider(), checked.inputs)
    late = sandbox.control.get("/_sandbox/late_requests", params={"wait": 30}).json()
    assert (late["pending"], late["processed"]) == (0, 1)
    ids = [
        row["id"]
        for row in sandbox_objects(sandbox)["entities"]
        if row["email"] == "dropped@acme.example"
    ]
    assert ids == [created.id]
