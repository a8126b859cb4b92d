"""Pins the Pulumi type tokens: they are part of every resource's URN in existing stacks.

The resources' registration call (``CustomResource.__init__``) is intercepted, so the token and
properties checked are exactly what would be sent to the engine, without a Pulumi runtime.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pulumi
import pytest

from monite_pulumi import (
    AccountingConnection,
    AccountingConnectionArgs,
    Entity,
    EntityAddressArgs,
    EntityArgs,
    EntityOrganizationArgs,
    EntitySettings,
    EntitySettingsArgs,
    EntityVatId,
    EntityVatIdArgs,
    Product,
    ProductArgs,
    ProductPriceArgs,
    SettingsCurrencyArgs,
    WebhookSubscription,
    WebhookSubscriptionArgs,
)


@dataclass
class Registration:
    token: str
    name: str
    props: dict[str, Any]


@pytest.fixture
def registrations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Registration]]:
    # Output.secret (the pickled provider) needs a current event loop.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    seen: list[Registration] = []

    def register(
        _self: Any, token: str, name: str, props: dict[str, Any], opts: Any = None
    ) -> None:
        seen.append(Registration(token, name, dict(props)))

    monkeypatch.setattr(pulumi.CustomResource, "__init__", register)
    yield seen
    asyncio.set_event_loop(None)
    loop.close()


def test_type_tokens_and_registered_properties(registrations: list[Registration]) -> None:
    Entity(
        "acme",
        EntityArgs(
            type="organization",
            email="finance@acme.example",
            address=EntityAddressArgs(country="DE", city="Berlin", postal_code="10115", line1="L"),
            organization=EntityOrganizationArgs(legal_name="Acme GmbH"),
        ),
    )
    Product(
        "hour",
        ProductArgs(entity_id="e-1", name="Consulting hour", price=ProductPriceArgs(15000, "EUR")),
    )
    entity, product = registrations
    assert entity.token == "pulumi-python:dynamic/monite:Entity"
    assert product.token == "pulumi-python:dynamic/monite:Product"
    assert entity.props["address"] == {
        "country": "DE",
        "city": "Berlin",
        "postal_code": "10115",
        "line1": "L",
    }
    assert entity.props["organization"] == {"legal_name": "Acme GmbH"}
    assert (entity.props["active"], entity.props["allow_replacement"]) == (True, False)
    # Every output is declared (as None) so that it exists on the resource object.
    assert entity.props["entity_id"] is None
    assert entity.props["individual"] is None
    assert product.props["price"] == {"value": 15000, "currency": "EUR"}
    assert product.props["type"] == "product"
    assert product.props["product_id"] is None
    assert isinstance(product.props["__provider"], pulumi.Output)


def test_accounting_connection_token_and_registered_properties(
    registrations: list[Registration],
) -> None:
    AccountingConnection("acme", AccountingConnectionArgs(entity_id="e-1"))
    (connection,) = registrations
    assert connection.token == "pulumi-python:dynamic/monite:AccountingConnection"
    assert connection.props["entity_id"] == "e-1"
    options = ("reconnect_on_revoke", "adopt_existing", "require_product_catalog")
    assert tuple(connection.props[name] for name in options) == (True, False, False)
    assert connection.props["connection_id"] is None
    assert connection.props["connection_url"] is None


def test_webhook_settings_and_vat_id_tokens_and_registered_properties(
    registrations: list[Registration],
) -> None:
    WebhookSubscription(
        "hooks", WebhookSubscriptionArgs(object_type="entity", url="https://h.example/x")
    )
    EntitySettings(
        "settings",
        EntitySettingsArgs(entity_id="e-1", currency=SettingsCurrencyArgs(default="EUR")),
    )
    EntityVatId("vat", EntityVatIdArgs(entity_id="e-1", country="DE", value="DE123456789"))
    hooks, settings, vat = registrations
    assert hooks.token == "pulumi-python:dynamic/monite:WebhookSubscription"
    assert settings.token == "pulumi-python:dynamic/monite:EntitySettings"
    assert vat.token == "pulumi-python:dynamic/monite:EntityVatId"
    assert (hooks.props["event_types"], hooks.props["enabled"]) == ([], True)
    assert hooks.props["secret"] is None
    assert hooks.props["rotate_secret"] is None
    assert settings.props["currency"] == {"default": "EUR"}
    assert settings.props["language"] is None
    assert (vat.props["type"], vat.props["vat_id"]) == ("unknown", None)
