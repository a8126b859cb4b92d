"""The declaration of every resource type, by type name (``Entity``)."""

from __future__ import annotations

from monite_pulumi.core.declaration import ResourceDeclaration
from monite_pulumi.core.declarations.accounting_connection import ACCOUNTING_CONNECTION
from monite_pulumi.core.declarations.entity import ENTITY
from monite_pulumi.core.declarations.entity_settings import ENTITY_SETTINGS
from monite_pulumi.core.declarations.entity_vat_id import ENTITY_VAT_ID
from monite_pulumi.core.declarations.product import PRODUCT
from monite_pulumi.core.declarations.webhook_subscription import WEBHOOK_SUBSCRIPTION

__all__ = [
    "ACCOUNTING_CONNECTION",
    "DECLARATIONS",
    "ENTITY",
    "ENTITY_SETTINGS",
    "ENTITY_VAT_ID",
    "PRODUCT",
    "WEBHOOK_SUBSCRIPTION",
]

DECLARATIONS: dict[str, ResourceDeclaration] = {
    item.name: item
    for item in (
        ENTITY,
        PRODUCT,
        ACCOUNTING_CONNECTION,
        ENTITY_SETTINGS,
        ENTITY_VAT_ID,
        WEBHOOK_SUBSCRIPTION,
    )
}
