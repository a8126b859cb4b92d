"""The look after a failed create answer never takes over an object this stack did not make.

Per resource type: an identical object made by hand beforehand (backdated an hour, as one made
outside Pulumi would be), then a create whose answer is a 500. The look may adopt only an object
created since the attempt began that matches every declared field; the one made by hand must be
left alone. On the code before this rule, the webhook subscription and the VAT id were adopted
(and the subscription's signing secret regenerated, breaking its owner's deliveries).
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import ResourceProvider

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import (
    CreateEntityRequest,
    CreateWebhookSubscriptionRequest,
    EntityVatID,
    ProductServiceRequest,
)
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, ProviderCallError, add_fault, sandbox_requests
from tests.providers.inputs import organization_inputs, product_inputs

HOUR = 3600
URL = "https://hooks.example/owned-by-someone-else"


def _backdate(sandbox: RunningSandbox, kind: str, object_id: str) -> None:
    path = f"/_sandbox/objects/{kind}/{object_id}/backdate"
    sandbox.control.post(path, json={"seconds": HOUR}).raise_for_status()


def _fail_next_post(sandbox: RunningSandbox, path: str) -> None:
    add_fault(sandbox, method="POST", path=path, status=500, count=1)


def _create(engine: EngineClient, provider: ResourceProvider, news: dict[str, Any]) -> str:
    checked = engine.check(provider, {}, news)
    assert checked.failures == []
    return engine.create(provider, checked.inputs).id


@pytest.fixture
def entity_id(engine: EngineClient) -> str:
    return _create(engine, EntityProvider(), organization_inputs(email="owner@acme.example"))


def test_entity(engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient) -> None:
    inputs = organization_inputs(email="twin@acme.example")
    body = CreateEntityRequest.model_validate(
        {key: inputs[key] for key in ("type", "email", "address", "organization")}
    )
    by_hand = monite.create_entity(body).id
    _backdate(sandbox, "entity", by_hand)
    _fail_next_post(sandbox, "^/entities$")
    created = _create(engine, EntityProvider(), inputs)
    assert created != by_hand
    assert {item.id for item in monite.list_entities(email="twin@acme.example")} == {
        by_hand,
        created,
    }


def test_product(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient, entity_id: str
) -> None:
    inputs = product_inputs(entity_id)
    body = ProductServiceRequest.model_validate(
        {key: value for key, value in inputs.items() if key != "entity_id"}
    )
    by_hand = monite.create_product(entity_id, body).id
    _backdate(sandbox, "product", by_hand)
    _fail_next_post(sandbox, "^/products$")
    created = _create(engine, ProductProvider(), inputs)
    assert created != by_hand
    assert {item.id for item in monite.list_products(entity_id)} == {by_hand, created}


def test_accounting_connection(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient, entity_id: str
) -> None:
    by_hand = monite.create_accounting_connection(entity_id).id
    _backdate(sandbox, "accounting_connection", by_hand)
    _fail_next_post(sandbox, "^/accounting_connections$")
    with pytest.raises(ProviderCallError) as refused:
        _create(engine, AccountingConnectionProvider(), {"entity_id": entity_id})
    assert by_hand in refused.value.message
    assert "adopt_existing=True" in refused.value.message  # the explicit opt-in, named


def test_webhook_subscription(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    body = CreateWebhookSubscriptionRequest(object_type="entity", url=URL, event_types=[])
    by_hand = monite.create_webhook_subscription(body).id
    _backdate(sandbox, "webhook_subscription", by_hand)
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    _fail_next_post(sandbox, "^/webhook_subscriptions$")
    created = _create(engine, WebhookSubscriptionProvider(), {"object_type": "entity", "url": URL})
    assert created != by_hand
    assert {item.id for item in monite.list_webhook_subscriptions()} == {by_hand, created}
    endpoints = sandbox_requests(sandbox)["by_endpoint"]
    regenerated = "POST /webhook_subscriptions/{webhook_subscription_id}/regenerate_secret"
    assert regenerated not in endpoints  # its owner's signing secret is untouched


def test_vat_id(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient, entity_id: str
) -> None:
    inputs = {"entity_id": entity_id, "country": "DE", "value": "DE123456789", "type": "eu_vat"}
    by_hand = monite.create_entity_vat_id(
        entity_id, EntityVatID(country="DE", value="DE123456789", type="eu_vat")
    ).id
    _fail_next_post(sandbox, "/vat_ids$")
    created = _create(engine, EntityVatIdProvider(), inputs)
    assert created != by_hand
    assert {item.id for item in monite.list_entity_vat_ids(entity_id)} == {by_hand, created}
