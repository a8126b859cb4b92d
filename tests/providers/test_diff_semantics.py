"""diff decides as Monite means the values: sets are sets, preview and up agree."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.rpc import UNKNOWN

from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider
from tests.providers.inputs import organization_inputs

SUBSCRIPTION_ID = "1f0c9a55-6a2b-4c3d-8e9f-0a1b2c3d4e5f"


def _subscription_outputs(event_types: list[str]) -> dict[str, Any]:
    return {
        "subscription_id": SUBSCRIPTION_ID,
        "status": "enabled",
        "object_type": "entity",
        "url": "https://hooks.acme.example/monite",
        "event_types": event_types,
        "enabled": True,
        "api_url": "http://127.0.0.1:8787/v1",
        "schema_version": 1,
    }


def _subscription_inputs(event_types: Any) -> dict[str, Any]:
    return {
        "object_type": "entity",
        "url": "https://hooks.acme.example/monite",
        "event_types": event_types,
        "enabled": True,
    }


def test_webhook_event_types_compare_as_a_set() -> None:
    provider = WebhookSubscriptionProvider()
    olds = _subscription_outputs(["created", "updated"])
    for same in (["updated", "created"], ["created", "updated", "created"]):
        assert provider.diff(SUBSCRIPTION_ID, olds, _subscription_inputs(same)).changes is False
    for other in (["created"], ["created", "updated", "deleted"], [], UNKNOWN):
        assert provider.diff(SUBSCRIPTION_ID, olds, _subscription_inputs(other)).changes is True


def test_entity_compares_nested_objects_on_declared_keys_only() -> None:
    entity_id = "5f0f5b83-4cf4-4d37-9a53-0a3f7b1f1e11"
    news = organization_inputs()
    olds = {
        **news,
        "entity_id": entity_id,
        "status": "active",
        # Monite's answer, with booleans it filled in by itself.
        "organization": {
            "legal_name": "Acme GmbH",
            "directors_provided": False,
            "owners_provided": False,
        },
        "declared_inputs": [
            "active",
            "address",
            "address.city",
            "address.country",
            "address.line1",
            "address.postal_code",
            "allow_replacement",
            "email",
            "organization",
            "organization.legal_name",
            "type",
        ],
    }
    assert EntityProvider().diff(entity_id, olds, news).changes is False
    changed = organization_inputs(organization={"legal_name": "Acme AG"})
    assert EntityProvider().diff(entity_id, olds, changed).changes is True
    declared = organization_inputs(
        organization={"legal_name": "Acme GmbH", "directors_provided": True}
    )
    assert EntityProvider().diff(entity_id, olds, declared).changes is True


def test_removed_inputs_with_a_default_go_back_to_it() -> None:
    from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider

    provider = EntityVatIdProvider()
    entity_id = "5f0f5b83-4cf4-4d37-9a53-0a3f7b1f1e11"
    declared = {"entity_id": entity_id, "country": "DE", "value": "DE123", "type": "eu_vat"}
    olds = {
        **declared,
        "vat_id": "v-1",
        "declared_inputs": provider.declared_now(declared),
        "schema_version": 2,
    }
    without_type = {key: value for key, value in declared.items() if key != "type"}
    assert provider.diff("v-1", olds, without_type).changes is True  # back to "unknown"
    assert provider.removed_inputs(olds, without_type) == frozenset()  # the default is declared
    subscription = WebhookSubscriptionProvider()
    news = _subscription_inputs(["created"])
    recorded = subscription.declared_now(news)
    olds = {**_subscription_outputs(["created"]), "declared_inputs": recorded}
    assert subscription.diff(SUBSCRIPTION_ID, olds, {**news, "event_types": None}).changes is True
