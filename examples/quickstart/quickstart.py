"""One entity, its one-product catalog, and its accounting connection.

The connection waits for the product (`depends_on`): Monite asks entities that use accounts
receivable to have a product catalog before they connect an accounting system.
"""

from __future__ import annotations

import pulumi

from monite_pulumi import (
    AccountingConnection,
    AccountingConnectionArgs,
    Entity,
    EntityAddressArgs,
    EntityArgs,
    EntityOrganizationArgs,
    Product,
    ProductArgs,
    ProductPriceArgs,
)


def declare_quickstart() -> None:
    """Declare the three resources and export what a person needs to finish the set-up."""
    config = pulumi.Config()
    entity = Entity(
        "quickstart",
        EntityArgs(
            type="organization",
            email=config.get("email") or "owner@quickstart.example",
            address=EntityAddressArgs(
                country="DE", city="Berlin", postal_code="10115", line1="Unter den Linden 1"
            ),
            organization=EntityOrganizationArgs(
                legal_name=config.get("legalName") or "Quickstart GmbH"
            ),
        ),
    )
    product = Product(
        "consulting-hour",
        ProductArgs(
            entity_id=entity.id,
            name="Consulting hour",
            type="service",
            price=ProductPriceArgs(value=12000, currency="EUR"),
        ),
    )
    connection = AccountingConnection(
        "quickstart",
        AccountingConnectionArgs(entity_id=entity.id, require_product_catalog=True),
        opts=pulumi.ResourceOptions(depends_on=[product]),
    )
    pulumi.export("entity_id", entity.id)
    pulumi.export("product_id", product.product_id)
    pulumi.export("connection_id", connection.connection_id)
    pulumi.export("connection_status", connection.status)
    pulumi.export("connection_url", pulumi.Output.secret(connection.connection_url))
