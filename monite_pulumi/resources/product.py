"""The ``Product`` resource: one item of an entity's product catalog.

Wiring only: typed args in, the ``ProductProvider`` does the work. ``entity_id`` is create-only
(a product belongs to one entity); a new description longer than 255 characters can only be set
by creating the product again (Monite accepts 2000 at creation but 255 on update).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from monite_pulumi.providers.product import PRODUCT_SHAPE, ProductProvider
from monite_pulumi.resources._props import resource_props

__all__ = ["Product", "ProductArgs", "ProductPriceArgs"]


@dataclass
class ProductPriceArgs:
    """A price in minor units (``value=1500, currency="EUR"`` is 15.00 EUR)."""

    value: pulumi.Input[int]
    currency: pulumi.Input[str]


@dataclass
class ProductArgs:
    """Inputs of ``Product``; names as in Monite's ``ProductServiceRequest``."""

    entity_id: pulumi.Input[str]
    name: pulumi.Input[str]
    type: pulumi.Input[str] = "product"
    price: pulumi.Input[ProductPriceArgs] | None = None
    description: pulumi.Input[str] | None = None
    measure_unit_id: pulumi.Input[str] | None = None
    external_reference: pulumi.Input[str] | None = None
    ledger_account_id: pulumi.Input[str] | None = None
    adopt_id: pulumi.Input[str] | None = None
    """An existing Monite object to take over on create instead of creating one; needed for the
    first ``up`` only, ignored afterwards (docs/adopting-existing-tenants.md)."""


class Product(Resource, module="monite", name="Product"):
    """A Monite product or service. Type token ``pulumi-python:dynamic/monite:Product``."""

    product_id: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    entity_id: pulumi.Output[str]
    name: pulumi.Output[str]
    type: pulumi.Output[str]
    price: pulumi.Output[dict[str, Any] | None]
    description: pulumi.Output[str | None]
    measure_unit_id: pulumi.Output[str | None]
    external_reference: pulumi.Output[str | None]
    ledger_account_id: pulumi.Output[str | None]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: ProductArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            ProductProvider(), resource_name, resource_props(args, PRODUCT_SHAPE.outputs), opts
        )
