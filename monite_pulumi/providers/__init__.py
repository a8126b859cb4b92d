"""Pulumi dynamic providers: translate engine calls into Monite client calls.

Their import paths are pickled into every stack's state (``__provider``): never move them. Names
load on first use (PEP 562): the provider server unpickles one provider class by its module path
and needs no other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monite_pulumi._lazy import lazy_exports

if TYPE_CHECKING:
    from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
    from monite_pulumi.providers.entity import EntityProvider
    from monite_pulumi.providers.entity_settings import EntitySettingsProvider
    from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider
    from monite_pulumi.providers.product import ProductProvider
    from monite_pulumi.providers.webhook_subscription import WebhookSubscriptionProvider

_EXPORTS: dict[str, str] = {
    "AccountingConnectionProvider": "accounting_connection",
    "EntityProvider": "entity",
    "EntitySettingsProvider": "entity_settings",
    "EntityVatIdProvider": "entity_vat_id",
    "ProductProvider": "product",
    "WebhookSubscriptionProvider": "webhook_subscription",
}

__all__ = [
    "AccountingConnectionProvider",
    "EntityProvider",
    "EntitySettingsProvider",
    "EntityVatIdProvider",
    "ProductProvider",
    "WebhookSubscriptionProvider",
]


__getattr__, __dir__ = lazy_exports(
    __name__, globals(), {name: f"{__name__}.{module}" for name, module in _EXPORTS.items()}
)
