"""Pins the Pulumi type tokens: they are part of every resource's URN in existing stacks.

Registered through Pulumi's mock monitor, so the token checked is the one the engine receives.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from monite_pulumi import (
    Entity,
    EntityAddressArgs,
    EntityArgs,
    EntityOrganizationArgs,
    Product,
    ProductArgs,
    ProductPriceArgs,
)


class RecordingMocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append(args)
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


@pytest.fixture
def mocks() -> RecordingMocks:
    recording = RecordingMocks()
    pulumi.runtime.set_mocks(recording, preview=False)
    return recording


@pulumi.runtime.test
def test_tokens_and_registered_inputs(mocks: RecordingMocks) -> Any:
    entity = Entity(
        "acme",
        EntityArgs(
            type="organization",
            email="finance@acme.example",
            address=EntityAddressArgs(country="DE", city="Berlin", postal_code="10115", line1="L"),
            organization=EntityOrganizationArgs(legal_name="Acme GmbH"),
        ),
    )
    product = Product(
        "hour",
        ProductArgs(
            entity_id=entity.id,
            name="Consulting hour",
            price=ProductPriceArgs(value=15000, currency="EUR"),
        ),
    )

    def verify(_: Any) -> None:
        by_name = {args.name: args for args in mocks.registered}
        assert by_name["acme"].typ == "pulumi-python:dynamic/monite:Entity"
        assert by_name["hour"].typ == "pulumi-python:dynamic/monite:Product"
        inputs = by_name["acme"].inputs
        assert inputs["address"] == {
            "country": "DE",
            "city": "Berlin",
            "postal_code": "10115",
            "line1": "L",
        }
        assert inputs["active"] is True
        assert inputs["allow_replacement"] is False
        assert "individual" not in inputs
        product_inputs = by_name["hour"].inputs
        assert product_inputs["entity_id"] == "acme-id"
        assert product_inputs["price"] == {"value": 15000, "currency": "EUR"}
        assert product_inputs["type"] == "product"

    return pulumi.Output.all(entity.id, product.id).apply(verify)
