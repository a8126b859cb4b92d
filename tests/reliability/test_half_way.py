"""Failures half-way through a create or update leave nothing unknown and no stale secret.

- A WebhookSubscription created with ``enabled=False`` whose ``/disable`` fails: the create
  fails (the engine records nothing), so the new, enabled subscription is deleted rather than
  left for no state to know (and made again by the next ``up``).
- An update that rotates the secret and disables: the secret is regenerated last, so a failing
  ``/disable`` leaves Monite's secret, which the state holds, valid.
- AccountingConnection is delete-before-replace only for the same entity (Monite's one live
  connection per entity); moved to another entity it is created first, so a failed create
  does not leave the old tenant disconnected for nothing.
"""

from __future__ import annotations

import uuid

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import UNKNOWN, EngineClient, ProviderCallError, add_fault, sandbox_requests
from tests.providers.accounting_connection.workflow import (
    CONNECTIONS,
    authorize,
    connect,
    create_entity,
    deauthorize,
)

SUBSCRIPTIONS = WebhookSubscriptionProvider()
URL = "https://hooks.example/half-way"
DISABLE = "^/webhook_subscriptions/[^/]+/disable$"
REGENERATE = "POST /webhook_subscriptions/{webhook_subscription_id}/regenerate_secret"


def _subscription_inputs(engine: EngineClient, **changes: object) -> dict[str, object]:
    checked = engine.check(SUBSCRIPTIONS, {}, {"object_type": "entity", "url": URL, **changes})
    assert checked.failures == []
    return checked.inputs


def test_disabled_create_whose_disable_fails_leaves_no_subscription(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    inputs = _subscription_inputs(engine, enabled=False)
    add_fault(sandbox, method="POST", path=DISABLE, status=500, count=1)
    with pytest.raises(ProviderCallError) as failed:
        engine.create(SUBSCRIPTIONS, inputs)
    assert "has been deleted so that none is left that no state knows about" in (
        failed.value.message
    )
    assert list(monite.list_webhook_subscriptions()) == []


def test_disabled_create_says_what_is_left_when_the_delete_fails_too(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    inputs = _subscription_inputs(engine, enabled=False)
    add_fault(sandbox, method="POST", path=DISABLE, status=500, count=1)
    add_fault(sandbox, method="DELETE", path="^/webhook_subscriptions/", status=500, count=1)
    with pytest.raises(ProviderCallError) as failed:
        engine.create(SUBSCRIPTIONS, inputs)
    [left] = list(monite.list_webhook_subscriptions())
    assert f"delete subscription {left.id} by hand" in failed.value.message


def test_update_regenerates_the_secret_last(engine: EngineClient, sandbox: RunningSandbox) -> None:
    inputs = _subscription_inputs(engine)
    created = engine.create(SUBSCRIPTIONS, inputs)
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(sandbox, method="POST", path=DISABLE, status=500, count=1)
    news = {**inputs, "enabled": False, "rotate_secret": "r1"}
    with pytest.raises(ProviderCallError):
        engine.update(SUBSCRIPTIONS, created.id, created.outs, news)
    # Failed: the engine keeps the old outputs, whose secret Monite must still hold.
    assert REGENERATE not in sandbox_requests(sandbox)["by_endpoint"]
    rotated = engine.update(SUBSCRIPTIONS, created.id, created.outs, news)
    assert (rotated["status"], rotated["secret"] != created.outs["secret"]) == ("disabled", True)
    endpoints = [entry["endpoint"] for entry in sandbox_requests(sandbox)["entries"]]
    assert endpoints[-1] == REGENERATE


def test_connection_is_delete_before_replace_only_for_the_same_entity(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    entity_id = create_entity(engine)
    inputs, created = connect(engine, entity_id)
    moved = engine.diff(
        CONNECTIONS, created.id, created.outs, {**inputs, "entity_id": str(uuid.uuid4())}
    )
    assert (moved.replaces, moved.delete_before_replace) == (["entity_id"], False)
    unknown = engine.diff(CONNECTIONS, created.id, created.outs, {**inputs, "entity_id": UNKNOWN})
    assert (unknown.replaces, unknown.delete_before_replace) == (["entity_id"], True)
    authorize(sandbox, created.id)
    deauthorize(sandbox, created.id)
    revoked = engine.read(CONNECTIONS, created.id, created.outs)
    same = engine.diff(CONNECTIONS, created.id, revoked.outs, inputs)
    assert (same.replaces, same.delete_before_replace) == (["status"], True)
