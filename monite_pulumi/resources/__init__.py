"""Pulumi resources users declare: wiring of typed args to the providers.

Names load on first use (PEP 562), like the top-level package: a program that declares only an
Entity loads only ``resources.entity``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monite_pulumi._lazy import lazy_exports

if TYPE_CHECKING:
    from monite_pulumi.resources.accounting_connection import (
        AccountingConnection,
        AccountingConnectionArgs,
    )
    from monite_pulumi.resources.entity import (
        Entity,
        EntityAddressArgs,
        EntityArgs,
        EntityIndividualArgs,
        EntityOrganizationArgs,
    )
    from monite_pulumi.resources.entity_settings import (
        EntitySettings,
        EntitySettingsArgs,
        ExchangeRateArgs,
        SettingsCurrencyArgs,
        SettingsDocumentIdsArgs,
    )
    from monite_pulumi.resources.entity_vat_id import EntityVatId, EntityVatIdArgs
    from monite_pulumi.resources.product import Product, ProductArgs, ProductPriceArgs
    from monite_pulumi.resources.webhook_subscription import (
        WebhookSubscription,
        WebhookSubscriptionArgs,
    )

_EXPORTS: dict[str, str] = {
    "AccountingConnection": "accounting_connection",
    "AccountingConnectionArgs": "accounting_connection",
    "Entity": "entity",
    "EntityAddressArgs": "entity",
    "EntityArgs": "entity",
    "EntityIndividualArgs": "entity",
    "EntityOrganizationArgs": "entity",
    "EntitySettings": "entity_settings",
    "EntitySettingsArgs": "entity_settings",
    "ExchangeRateArgs": "entity_settings",
    "SettingsCurrencyArgs": "entity_settings",
    "SettingsDocumentIdsArgs": "entity_settings",
    "EntityVatId": "entity_vat_id",
    "EntityVatIdArgs": "entity_vat_id",
    "Product": "product",
    "ProductArgs": "product",
    "ProductPriceArgs": "product",
    "WebhookSubscription": "webhook_subscription",
    "WebhookSubscriptionArgs": "webhook_subscription",
}

__all__ = [
    "AccountingConnection",
    "AccountingConnectionArgs",
    "Entity",
    "EntityAddressArgs",
    "EntityArgs",
    "EntityIndividualArgs",
    "EntityOrganizationArgs",
    "EntitySettings",
    "EntitySettingsArgs",
    "EntityVatId",
    "EntityVatIdArgs",
    "ExchangeRateArgs",
    "Product",
    "ProductArgs",
    "ProductPriceArgs",
    "SettingsCurrencyArgs",
    "SettingsDocumentIdsArgs",
    "WebhookSubscription",
    "WebhookSubscriptionArgs",
]


__getattr__, __dir__ = lazy_exports(
    __name__, globals(), {name: f"{__name__}.{module}" for name, module in _EXPORTS.items()}
)
