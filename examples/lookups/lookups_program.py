"""Manage only the catalog of an entity that exists already (made elsewhere, or by hand).

The entity is looked up by email when the program runs; it is not a resource of this stack, so
`pulumi destroy` here removes the products and leaves the entity alone.
"""

from __future__ import annotations

import pulumi
from lookup_helpers import find_entity_by_email

from monite_pulumi import Product, ProductArgs, ProductPriceArgs
from monite_pulumi.client import client_for
from monite_pulumi.config import resolve_settings
from monite_pulumi.lookups import get_accounting_connection


def declare_catalog_for_existing_entity() -> None:
    config = pulumi.Config()
    email = config.require("entityEmail")
    client = client_for(resolve_settings(pulumi_config=pulumi.Config("monite")))
    entity = find_entity_by_email(email, client=client)
    if entity is None:
        raise pulumi.RunError(
            f"no Monite entity has email {email!r}: create it first (examples/quickstart) or "
            "set monite-lookups:entityEmail"
        )
    entity_id = str(entity.id)
    product = Product(
        "support-plan",
        ProductArgs(
            entity_id=entity_id,
            name="Support plan",
            type="service",
            price=ProductPriceArgs(value=4900, currency="EUR"),
        ),
    )
    connection = get_accounting_connection(entity_id, client=client)
    pulumi.export("entity_id", entity_id)
    pulumi.export("product_id", product.product_id)
    status = (connection.status or "unknown") if connection else "no live connection"
    pulumi.export("connection_status", status)
