"""The ``Product`` resource: one item of an entity's product catalog.

Wiring only: typed args in, the ``ProductProvider`` does the work. ``entity_id`` is create-only
(a product belongs to one entity); a new description longer than 255 characters can only be set
by creating the product again (Monite accepts 2000 at creation but 255 on update).
"""

from __future__ import annotations

from typing import Any

import pulumi

from monite_pulumi.core.args import ProductArgs, ProductPriceArgs
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.resources._props import MoniteResource

__all__ = ["Product", "ProductArgs", "ProductPriceArgs"]


class Product(MoniteResource[ProductArgs], module="monite", name="Product"):
    """A Monite product or service. Type token ``pulumi-python:dynamic/monite:Product``."""

    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit
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
    # end of GENERATED outputs

    provider_class = ProductProvider
