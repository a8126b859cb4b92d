"""``Product``: one item of an entity's product catalog."""

from __future__ import annotations

from monite_pulumi.core.declaration import (
    INTEGER,
    STRING,
    Field,
    ObjectType,
    ResourceDeclaration,
    object_of,
)
from monite_pulumi.core.declarations._common import ADOPT_ID, adopt_id, entity_id, timestamps

__all__ = ["PRODUCT"]

_PRICE = ObjectType(
    "ProductPrice",
    "A price in minor units (value 1500, currency EUR is 15.00 EUR).",
    (
        Field("value", INTEGER, "Amount in minor units (a whole number).", required=True),
        Field("currency", STRING, "ISO 4217 currency code, e.g. EUR.", required=True),
    ),
)

PRODUCT = ResourceDeclaration(
    name="Product",
    label="product",
    description=(
        "A Monite product or service. `entityId` is create-only; a new description longer than "
        "255 characters can only be set by creating the product again."
    ),
    id_output="product_id",
    inputs=(
        entity_id("The entity whose catalog holds the product; create-only."),
        Field("name", STRING, "Product name.", required=True),
        Field("type", STRING, "product or service.", default="product"),
        Field("price", object_of("ProductPrice"), "Price per unit."),
        Field("description", STRING, "Description."),
        Field("measure_unit_id", STRING, "Monite id of the unit of measure."),
        Field("external_reference", STRING, "Your own reference (SKU)."),
        Field("ledger_account_id", STRING, "Monite id of the ledger account."),
        adopt_id(),
    ),
    computed=(Field("product_id", STRING, "The Monite product id."), *timestamps("product")),
    options=frozenset({ADOPT_ID}),
    create_only=frozenset({"entity_id"}),
    input_only=frozenset({ADOPT_ID}),
    entity_scoped=True,
    objects=(_PRICE,),
)
