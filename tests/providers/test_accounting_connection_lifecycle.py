"""AccountingConnection lifecycle through the real ``pulumi.dynamic`` server against the sandbox.

The seed guide's workflow (entity -> products -> connection -> the user authorises) and what
follows: revoked on the platform, refreshed, replaced by the next ``up``, destroyed.
"""

from __future__ import annotations

import uuid

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, ProviderCallError, add_fault, sandbox_objects
from tests.harness.sandbox_views import sandbox_requests
from tests.providers.accounting_connection.workflow import (
    CONNECTIONS,
    assert_url_only_where_secret,
    authorize,
    connect,
    connection_inputs,
    create_entity,
    create_product,
    deauthorize,
)


@pytest.fixture
def entity_id(engine: EngineClient) -> str:
    return create_entity(engine)


def live_connections(sandbox: RunningSandbox) -> list[str]:
    return [
        item["id"]
        for item in sandbox_objects(sandbox)["accounting_connections"]
        if item["status"] in ("pending_auth", "connected")
    ]


def test_seed_workflow_authorise_revoke_and_reconnect(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    create_product(engine, entity_id)
    inputs, created = connect(engine, entity_id, require_product_catalog=True)
    outs = created.outs
    assert (outs["connection_id"], outs["status"]) == (created.id, "pending_auth")
    assert outs["errors"] == []
    assert outs["connection_url"].startswith(f"{sandbox.url}/connect/{created.id}?token=")
    assert "platform" not in outs
    assert (outs["entity_id"], outs["require_product_catalog"]) == (entity_id, True)
    assert (outs["reconnect_on_revoke"], outs["adopt_existing"]) == (True, False)
    assert (outs["api_url"], outs["schema_version"]) == (sandbox.api_url, 2)
    assert_url_only_where_secret(outs, outs["connection_url"])
    assert engine.diff(CONNECTIONS, created.id, outs, inputs).changes is False

    authorize(sandbox, created.id, "xero")
    connected = engine.read(CONNECTIONS, created.id, outs)
    assert (connected.outs["status"], connected.outs["platform"]) == ("connected", "xero")
    assert connected.inputs == inputs
    assert engine.diff(CONNECTIONS, created.id, connected.outs, inputs).changes is False

    deauthorize(sandbox, created.id)
    revoked = engine.read(CONNECTIONS, created.id, connected.outs)
    assert revoked.id == created.id
    assert revoked.outs["status"] == "deauthorized"
    assert revoked.outs["errors"] == ["Access was revoked on the accounting platform"]
    diff = engine.diff(CONNECTIONS, created.id, revoked.outs, inputs)
    assert (diff.changes, diff.replaces, diff.delete_before_replace) == (True, ["status"], True)
    keep = {**inputs, "reconnect_on_revoke": False}
    assert engine.diff(CONNECTIONS, created.id, {**revoked.outs, **keep}, keep).changes is False

    # What `pulumi up` does with a delete-before-replace: delete the old, then create the new.
    engine.delete(CONNECTIONS, created.id, revoked.outs)
    replacement = engine.create(CONNECTIONS, inputs)
    assert replacement.id != created.id
    assert replacement.outs["status"] == "pending_auth"
    assert replacement.outs["connection_url"] != outs["connection_url"]
    assert monite.get_accounting_connection(entity_id, created.id).status == "disconnected"
    assert live_connections(sandbox) == [replacement.id]


def test_delete_disconnects_is_idempotent_and_a_gone_connection_is_dropped(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox
) -> None:
    _, created = connect(engine, entity_id)
    engine.delete(CONNECTIONS, created.id, created.outs)
    assert live_connections(sandbox) == []
    engine.delete(CONNECTIONS, created.id, created.outs)

    disconnected = engine.read(CONNECTIONS, created.id, created.outs)
    assert (disconnected.id, disconnected.outs["status"]) == (created.id, "disconnected")

    unknown = str(uuid.uuid4())
    gone = engine.read(CONNECTIONS, unknown, {**created.outs, "connection_id": unknown})
    assert (gone.id, gone.outs) == ("", {})
    engine.delete(CONNECTIONS, unknown, created.outs)


def test_options_only_change_is_an_update_without_monite_calls(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox
) -> None:
    inputs, created = connect(engine, entity_id)
    news = {**inputs, "adopt_existing": True, "reconnect_on_revoke": False}
    diff = engine.diff(CONNECTIONS, created.id, created.outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    before = sandbox_requests(sandbox)["total"]
    updated = engine.update(CONNECTIONS, created.id, created.outs, news)
    assert sandbox_requests(sandbox)["total"] == before
    assert updated == {**created.outs, "adopt_existing": True, "reconnect_on_revoke": False}
    other = str(uuid.uuid4())
    moved = engine.diff(CONNECTIONS, created.id, created.outs, {**inputs, "entity_id": other})
    assert (moved.replaces, moved.delete_before_replace) == (["entity_id"], False)


def test_second_connection_is_refused_with_the_ways_out_then_adopted(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    by_hand = monite.create_accounting_connection(entity_id)
    with pytest.raises(ProviderCallError) as refused:
        connect(engine, entity_id)
    message = refused.value.message
    assert f"live accounting connection {by_hand.id} (status pending_auth)" in message
    assert "adopt_existing=True" in message
    assert f'adopt_id="{by_hand.id}"' in message
    assert "import_" not in message
    assert f"/accounting_connections/{by_hand.id}/disconnect" in message
    assert by_hand.connection_url not in refused.value.details

    _, adopted = connect(engine, entity_id, adopt_existing=True)
    assert adopted.id == by_hand.id
    assert adopted.outs["connection_url"] == by_hand.connection_url
    assert live_connections(sandbox) == [by_hand.id]


def test_lost_create_answer_leaves_exactly_one_live_connection(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox
) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(
        sandbox,
        method="POST",
        path="^/accounting_connections$",
        drop_after_processing=True,
        count=1,
    )
    _, created = connect(engine, entity_id)
    assert live_connections(sandbox) == [created.id]
    assert len(sandbox_objects(sandbox)["accounting_connections"]) == 1
    calls = [
        (entry["endpoint"], entry["status"], entry["dropped"])
        for entry in sandbox_requests(sandbox)["entries"]
    ]
    assert calls == [
        ("POST /accounting_connections", 201, True),
        ("GET /accounting_connections", 200, False),
    ]


def test_product_catalog_is_required_only_when_asked(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox
) -> None:
    with pytest.raises(ProviderCallError) as refused:
        connect(engine, entity_id, require_product_catalog=True)
    message = refused.value.message
    assert f"Monite entity {entity_id}" in message
    assert "no products" in message
    assert "accounts receivable" in message
    assert "depends_on" in message
    assert sandbox_objects(sandbox)["accounting_connections"] == []

    create_product(engine, entity_id)
    _, created = connect(engine, entity_id, require_product_catalog=True)
    assert created.outs["status"] == "pending_auth"


def test_no_product_needed_without_the_catalog_requirement(
    engine: EngineClient, entity_id: str
) -> None:
    _, created = connect(engine, entity_id)
    assert created.outs["status"] == "pending_auth"


def test_get_shaped_read_with_declared_inputs(
    engine: EngineClient, entity_id: str, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    by_hand = monite.create_accounting_connection(entity_id)
    authorize(sandbox, by_hand.id)
    declared = connection_inputs(engine, entity_id)
    fetched = engine.read(CONNECTIONS, by_hand.id, inputs=declared)
    assert fetched.id == by_hand.id
    assert fetched.inputs == declared
    assert (fetched.outs["status"], fetched.outs["platform"]) == ("connected", "quickbooks")
    assert_url_only_where_secret(fetched.outs, by_hand.connection_url)
    assert engine.diff(CONNECTIONS, by_hand.id, fetched.outs, declared).changes is False
    elsewhere = create_entity(engine)
    wrong = connection_inputs(engine, elsewhere)
    assert engine.read(CONNECTIONS, by_hand.id, inputs=wrong).id == ""
