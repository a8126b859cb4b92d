"""``adopt_id`` through the real ``pulumi.dynamic`` server against the sandbox.

Objects are made "by hand" with the test's own client, then adopted by a create that carries
``adopt_id``: one GET, at most one PATCH (plus activate / metadata where declared), never a
creating POST, and a next diff with no changes. Every refusal happens before any write. The
sandbox's request log (``GET /_sandbox/requests``) is what counts the calls.
"""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2

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
from tests.harness import CreateOutcome, EngineClient, ProviderCallError, sandbox_requests
from tests.providers.accounting_connection.workflow import authorize, deauthorize
from tests.providers.inputs import organization_inputs, product_inputs

ENTITIES = EntityProvider()
PRODUCTS = ProductProvider()
VAT_IDS = EntityVatIdProvider()
SUBSCRIPTIONS = WebhookSubscriptionProvider()
CONNECTIONS = AccountingConnectionProvider()
URL = "https://hooks.example/monite"


def by_hand_entity(monite: MoniteClient, **changes: Any) -> str:
    body = {
        key: value
        for key, value in organization_inputs(**changes).items()
        if key not in ("active", "allow_replacement")
    }
    return monite.create_entity(CreateEntityRequest.model_validate(body)).id


def by_hand_product(monite: MoniteClient, entity_id: str, **changes: Any) -> str:
    body = {
        key: value
        for key, value in product_inputs(entity_id, **changes).items()
        if key != "entity_id"
    }
    return monite.create_product(entity_id, ProductServiceRequest.model_validate(body)).id


def start_log(sandbox: RunningSandbox) -> None:
    sandbox.control.delete("/_sandbox/requests").raise_for_status()


def calls(sandbox: RunningSandbox) -> list[str]:
    """Monite API calls since ``start_log``; token requests and the 401 before one aside.

    The sandbox's reset revokes tokens, so the provider server's first call of a test may be
    answered 401 and sent again with a new token: that is one call as far as adoption goes.
    """
    entries = sandbox_requests(sandbox)["entries"]
    return [
        entry["endpoint"]
        for entry in entries
        if entry["endpoint"] != "POST /auth/token" and entry["status"] != 401
    ]


def writes(sandbox: RunningSandbox) -> list[str]:
    return [call for call in calls(sandbox) if not call.startswith("GET ")]


def adopt(
    engine: EngineClient, provider: Any, news: dict[str, Any]
) -> tuple[dict[str, Any], CreateOutcome]:
    checked = engine.check(provider, {}, news)
    assert checked.failures == []
    return checked.inputs, engine.create(provider, checked.inputs)


def assert_adoption_refused(
    engine: EngineClient, sandbox: RunningSandbox, provider: Any, news: dict[str, Any]
) -> str:
    """The create fails with no write to Monite; returns the user-visible message."""
    checked = engine.check(provider, {}, news)
    assert checked.failures == []
    start_log(sandbox)
    with pytest.raises(ProviderCallError) as failed:
        engine.create(provider, checked.inputs)
    assert writes(sandbox) == []
    assert len(calls(sandbox)) == 1
    return failed.value.message


# -- adoption of each resource type --------------------------------------------------------------


def test_inactive_entity_is_activated_patched_and_then_has_no_changes(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite, phone="+49 30 1234567")
    monite.deactivate_entity(entity_id)
    start_log(sandbox)

    inputs, adopted = adopt(
        engine,
        ENTITIES,
        organization_inputs(
            email="billing@acme.example", partner_metadata={"crm": "42"}, adopt_id=entity_id
        ),
    )

    assert adopted.id == entity_id
    assert calls(sandbox) == [
        "GET /entities/{entity_id}",
        "POST /entities/{entity_id}/activate",
        "PATCH /entities/{entity_id}",
        "PUT /entities/{entity_id}/partner_metadata",
    ]
    assert adopted.outs["partner_metadata"] == {"crm": "42"}
    assert adopted.outs["status"] == "active"
    assert adopted.outs["email"] == "billing@acme.example"
    # Not declared, so not managed: kept as Monite holds it, as for a Pulumi-created entity.
    assert adopted.outs["phone"] == "+49 30 1234567"
    assert monite.get_entity(entity_id).phone == "+49 30 1234567"
    assert "adopt_id" not in adopted.outs
    assert engine.diff(ENTITIES, adopted.id, adopted.outs, inputs).changes is False
    refreshed = engine.read(ENTITIES, adopted.id, adopted.outs)
    assert refreshed.outs == adopted.outs


def test_entity_that_matches_costs_one_get_and_equals_a_created_one(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite)
    start_log(sandbox)
    inputs, adopted = adopt(engine, ENTITIES, organization_inputs(adopt_id=entity_id))
    assert calls(sandbox) == ["GET /entities/{entity_id}"]

    other = by_hand_entity(monite)
    start_log(sandbox)
    cleared, with_metadata = adopt(
        engine, ENTITIES, organization_inputs(partner_metadata={}, adopt_id=other)
    )
    assert calls(sandbox) == [
        "GET /entities/{entity_id}",
        "PUT /entities/{entity_id}/partner_metadata",
    ]
    assert with_metadata.outs["partner_metadata"] == {}
    assert engine.diff(ENTITIES, other, with_metadata.outs, cleared).changes is False

    created = engine.create(ENTITIES, engine.check(ENTITIES, {}, organization_inputs()).inputs)
    volatile = {"entity_id", "created_at", "updated_at"}
    assert {k: v for k, v in adopted.outs.items() if k not in volatile} == {
        k: v for k, v in created.outs.items() if k not in volatile
    }
    assert engine.diff(ENTITIES, adopted.id, adopted.outs, inputs).changes is False


def test_product_is_patched_once(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite)
    product_id = by_hand_product(monite, entity_id, price={"value": 9000, "currency": "EUR"})
    start_log(sandbox)

    inputs, adopted = adopt(engine, PRODUCTS, product_inputs(entity_id, adopt_id=product_id))

    assert adopted.id == product_id
    assert calls(sandbox) == ["GET /products/{product_id}", "PATCH /products/{product_id}"]
    assert adopted.outs["price"] == {"value": 15000, "currency": "EUR"}
    assert engine.diff(PRODUCTS, adopted.id, adopted.outs, inputs).changes is False


def test_vat_id_is_adopted(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite)
    vat = monite.create_entity_vat_id(
        entity_id, EntityVatID.model_validate({"country": "DE", "value": "DE123456789"})
    )
    start_log(sandbox)
    news = {
        "entity_id": entity_id,
        "country": "DE",
        "value": "DE123456789",
        "type": "eu_vat",
        "adopt_id": vat.id,
    }

    inputs, adopted = adopt(engine, VAT_IDS, news)

    assert adopted.id == vat.id
    assert calls(sandbox) == [
        "GET /entities/{entity_id}/vat_ids/{id}",
        "PATCH /entities/{entity_id}/vat_ids/{id}",
    ]
    assert adopted.outs["type"] == "eu_vat"
    assert engine.diff(VAT_IDS, adopted.id, adopted.outs, inputs).changes is False


def test_webhook_secret_is_empty_unless_rotated(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    body = CreateWebhookSubscriptionRequest.model_validate(
        {"object_type": "entity", "url": URL, "event_types": []}
    )
    first = monite.create_webhook_subscription(body).id
    second = monite.create_webhook_subscription(body).id
    start_log(sandbox)

    news = {"object_type": "entity", "url": URL, "enabled": False, "adopt_id": first}
    inputs, adopted = adopt(engine, SUBSCRIPTIONS, news)
    assert "secret" not in adopted.outs
    assert adopted.outs["enabled"] is False
    assert engine.diff(SUBSCRIPTIONS, adopted.id, adopted.outs, inputs).changes is False

    rotated_news = {"object_type": "entity", "url": URL, "rotate_secret": 1, "adopt_id": second}
    _, rotated = adopt(engine, SUBSCRIPTIONS, rotated_news)
    assert isinstance(rotated.outs["secret"], str)
    assert rotated.outs["secret"]
    assert not any(
        call.startswith("POST /webhook_subscriptions") and "{" not in call
        for call in calls(sandbox)
    )


@pytest.mark.parametrize("connected", [False, True])
def test_live_connection_is_adopted(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient, connected: bool
) -> None:
    entity_id = by_hand_entity(monite)
    connection = monite.create_accounting_connection(entity_id)
    if connected:
        authorize(sandbox, connection.id)
    start_log(sandbox)

    inputs, adopted = adopt(
        engine, CONNECTIONS, {"entity_id": entity_id, "adopt_id": connection.id}
    )

    assert adopted.id == connection.id
    assert calls(sandbox) == ["GET /accounting_connections/{connection_id}"]
    assert adopted.outs["status"] == ("connected" if connected else "pending_auth")
    assert engine.diff(CONNECTIONS, adopted.id, adopted.outs, inputs).changes is False


# -- refusals, each before any write ---------------------------------------------------------------


def test_missing_or_deleted_entity_is_refused_naming_the_id(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    missing = str(uuid.uuid4())
    message = assert_adoption_refused(
        engine, sandbox, ENTITIES, organization_inputs(adopt_id=missing)
    )
    assert f"Cannot adopt Monite entity {missing}" in message
    assert "remove it to create a new entity" in message

    deleted = by_hand_entity(monite)
    sandbox.control.post(f"/_sandbox/entities/{deleted}/delete").raise_for_status()
    message = assert_adoption_refused(
        engine, sandbox, ENTITIES, organization_inputs(adopt_id=deleted)
    )
    assert f"Cannot adopt Monite entity {deleted}" in message


@pytest.mark.parametrize(
    ("declared", "field", "held", "wanted"),
    [
        (
            {
                "type": "individual",
                "organization": None,
                "individual": {"first_name": "Jane", "last_name": "Doe"},
            },
            "type",
            "organization",
            "individual",
        ),
        (
            {
                "address": {
                    "country": "FR",
                    "city": "Paris",
                    "postal_code": "75001",
                    "line1": "1 Rue",
                }
            },
            "address.country",
            "DE",
            "FR",
        ),
    ],
)
def test_create_only_entity_field_that_differs_is_refused_naming_both_values(
    engine: EngineClient,
    sandbox: RunningSandbox,
    monite: MoniteClient,
    declared: dict[str, Any],
    field: str,
    held: str,
    wanted: str,
) -> None:
    entity_id = by_hand_entity(monite)
    news = {**organization_inputs(adopt_id=entity_id), **declared}
    message = assert_adoption_refused(engine, sandbox, ENTITIES, news)
    assert f"{field} is {held!r} in Monite but declared as {wanted!r}" in message


def test_product_of_another_entity_is_refused(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    owner = by_hand_entity(monite)
    other = by_hand_entity(monite, email="other@acme.example")
    product_id = by_hand_product(monite, owner)
    message = assert_adoption_refused(
        engine, sandbox, PRODUCTS, product_inputs(other, adopt_id=product_id)
    )
    assert f"Cannot adopt Monite product {product_id}: entity {other} has no such product" in (
        message
    )
    assert "belongs to another entity" in message


def test_connection_of_another_entity_or_revoked_is_refused(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    owner = by_hand_entity(monite)
    other = by_hand_entity(monite, email="other@acme.example")
    connection = monite.create_accounting_connection(owner)
    message = assert_adoption_refused(
        engine, sandbox, CONNECTIONS, {"entity_id": other, "adopt_id": connection.id}
    )
    assert f"entity {other} has no such accounting connection" in message

    authorize(sandbox, connection.id)
    deauthorize(sandbox, connection.id)
    message = assert_adoption_refused(
        engine, sandbox, CONNECTIONS, {"entity_id": owner, "adopt_id": connection.id}
    )
    assert "it is deauthorized, and only a live" in message


def test_check_refuses_a_malformed_id_and_adopt_existing_together(engine: EngineClient) -> None:
    entity_id = str(uuid.uuid4())
    bad = engine.check(ENTITIES, {}, organization_inputs(adopt_id="acme"))
    assert bad.failed_properties == {"adopt_id"}
    assert "UUID" in bad.reason("adopt_id")
    both = engine.check(
        CONNECTIONS, {}, {"entity_id": entity_id, "adopt_id": entity_id, "adopt_existing": True}
    )
    assert both.failed_properties == {"adopt_id"}
    assert "adopt_existing" in both.reason("adopt_id")


# -- after the first up ----------------------------------------------------------------------------


def test_replacement_is_refused_while_adopt_id_is_set(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite)
    other = by_hand_entity(monite, email="other@acme.example")
    product_id = by_hand_product(monite, entity_id)
    inputs, adopted = adopt(engine, PRODUCTS, product_inputs(entity_id, adopt_id=product_id))
    start_log(sandbox)

    moved = engine.check(PRODUCTS, inputs, {**inputs, "entity_id": other})
    assert moved.failures == []
    with pytest.raises(ProviderCallError) as refused:
        engine.diff(PRODUCTS, adopted.id, adopted.outs, moved.inputs)
    assert "while adopt_id is set" in refused.value.message
    assert "Remove adopt_id from this resource first" in refused.value.message
    without = {key: value for key, value in moved.inputs.items() if key != "adopt_id"}
    assert engine.diff(PRODUCTS, adopted.id, adopted.outs, without).replaces == ["entity_id"]

    entity_inputs, entity = adopt(engine, ENTITIES, organization_inputs(adopt_id=entity_id))
    french = {**entity_inputs, "address": {**entity_inputs["address"], "country": "FR"}}
    checked = engine.check(ENTITIES, entity_inputs, french)
    assert checked.failures == []  # Diff, not Check, explains it while adopt_id is set
    with pytest.raises(ProviderCallError, match="Remove adopt_id from this resource first"):
        engine.diff(ENTITIES, entity.id, entity.outs, {**french, "allow_replacement": True})
    assert writes(sandbox) == []


def test_changing_or_removing_adopt_id_changes_nothing(
    engine: EngineClient, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite)
    inputs, adopted = adopt(engine, ENTITIES, organization_inputs(adopt_id=entity_id))
    without = {key: value for key, value in inputs.items() if key != "adopt_id"}
    assert engine.diff(ENTITIES, adopted.id, adopted.outs, without).changes is False
    other = {**inputs, "adopt_id": str(uuid.uuid4())}
    assert engine.diff(ENTITIES, adopted.id, adopted.outs, other).changes is False


# -- why not import_ -------------------------------------------------------------------------------


def test_import_shaped_read_fails_in_the_dynamic_server_for_want_of_provider(
    engine: EngineClient,
) -> None:
    """Pins pulumi/pulumi#16175: if a future SDK lifts it, docs/adopting-... must change.

    The engine's import step (``ImportStep.Apply``, pkg/resource/deploy/step.go) calls Read
    with the URN, name, type and import id only: no properties and no inputs.
    """
    request = provider_pb2.ReadRequest(id=str(uuid.uuid4()), urn=engine.urn(ENTITIES))
    with pytest.raises(ProviderCallError) as failed:
        engine._call("Read", request)
    assert failed.value.code is grpc.StatusCode.UNKNOWN
    assert "KeyError" in failed.value.details
    assert "'__provider'" in failed.value.details


def test_reconnecting_a_revoked_adopted_connection_waits_for_adopt_id_to_go(
    engine: EngineClient, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    entity_id = by_hand_entity(monite)
    connection = monite.create_accounting_connection(entity_id)
    authorize(sandbox, connection.id)
    inputs, adopted = adopt(
        engine, CONNECTIONS, {"entity_id": entity_id, "adopt_id": connection.id}
    )
    deauthorize(sandbox, connection.id)
    refreshed = engine.read(CONNECTIONS, adopted.id, adopted.outs)
    assert refreshed.outs["status"] == "deauthorized"

    with pytest.raises(ProviderCallError) as refused:
        engine.diff(CONNECTIONS, adopted.id, refreshed.outs, inputs)
    assert "a change of status (deauthorized) needs a new accounting connection" in (
        refused.value.message
    )
    without = {key: value for key, value in inputs.items() if key != "adopt_id"}
    assert engine.diff(CONNECTIONS, adopted.id, refreshed.outs, without).replaces == ["status"]


def test_adopt_id_is_an_input_of_five_resources_and_never_an_output() -> None:
    import dataclasses

    import monite_pulumi as public

    adoptable = (
        "EntityArgs",
        "ProductArgs",
        "AccountingConnectionArgs",
        "WebhookSubscriptionArgs",
        "EntityVatIdArgs",
    )
    for name in adoptable:
        fields = {field.name: field.default for field in dataclasses.fields(getattr(public, name))}
        assert fields["adopt_id"] is None, name
    settings_fields = {field.name for field in dataclasses.fields(public.EntitySettingsArgs)}
    assert "adopt_id" not in settings_fields
    for provider in (ENTITIES, PRODUCTS, VAT_IDS, SUBSCRIPTIONS, CONNECTIONS):
        assert "adopt_id" in provider.shape.inputs
        assert "adopt_id" not in provider.shape.outputs
