"""Monite entities, product catalogs and accounting connections as Pulumi resources.

The public surface is ``__all__``. Names are imported on first use (PEP 562), so that importing
a subpackage (``monite_pulumi.client``, ``monite_pulumi.sandbox``) does not pull in Pulumi.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monite_pulumi._lazy import lazy_exports
from monite_pulumi._version import __version__

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient, client_for
    from monite_pulumi.config import Settings, resolve_settings
    from monite_pulumi.errors import (
        AuthenticationError,
        ConfigurationError,
        ConflictError,
        InvalidRequestError,
        MalformedResponseError,
        MoniteError,
        NotFoundError,
        RateLimitedError,
        ServerError,
        TransportError,
        UnknownOutcomeError,
    )
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
    "AccountingConnection": "monite_pulumi.resources.accounting_connection",
    "AccountingConnectionArgs": "monite_pulumi.resources.accounting_connection",
    "Entity": "monite_pulumi.resources.entity",
    "EntityAddressArgs": "monite_pulumi.resources.entity",
    "EntityArgs": "monite_pulumi.resources.entity",
    "EntityIndividualArgs": "monite_pulumi.resources.entity",
    "EntityOrganizationArgs": "monite_pulumi.resources.entity",
    "Product": "monite_pulumi.resources.product",
    "ProductArgs": "monite_pulumi.resources.product",
    "ProductPriceArgs": "monite_pulumi.resources.product",
    "EntitySettings": "monite_pulumi.resources.entity_settings",
    "EntitySettingsArgs": "monite_pulumi.resources.entity_settings",
    "ExchangeRateArgs": "monite_pulumi.resources.entity_settings",
    "SettingsCurrencyArgs": "monite_pulumi.resources.entity_settings",
    "SettingsDocumentIdsArgs": "monite_pulumi.resources.entity_settings",
    "EntityVatId": "monite_pulumi.resources.entity_vat_id",
    "EntityVatIdArgs": "monite_pulumi.resources.entity_vat_id",
    "WebhookSubscription": "monite_pulumi.resources.webhook_subscription",
    "WebhookSubscriptionArgs": "monite_pulumi.resources.webhook_subscription",
    "MoniteClient": "monite_pulumi.client",
    "client_for": "monite_pulumi.client",
    "Settings": "monite_pulumi.config",
    "resolve_settings": "monite_pulumi.config",
    "AuthenticationError": "monite_pulumi.errors",
    "ConfigurationError": "monite_pulumi.errors",
    "ConflictError": "monite_pulumi.errors",
    "InvalidRequestError": "monite_pulumi.errors",
    "MalformedResponseError": "monite_pulumi.errors",
    "MoniteError": "monite_pulumi.errors",
    "NotFoundError": "monite_pulumi.errors",
    "RateLimitedError": "monite_pulumi.errors",
    "ServerError": "monite_pulumi.errors",
    "TransportError": "monite_pulumi.errors",
    "UnknownOutcomeError": "monite_pulumi.errors",
}

__all__ = [
    "AccountingConnection",
    "AccountingConnectionArgs",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
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
    "InvalidRequestError",
    "MalformedResponseError",
    "MoniteClient",
    "MoniteError",
    "NotFoundError",
    "Product",
    "ProductArgs",
    "ProductPriceArgs",
    "RateLimitedError",
    "ServerError",
    "Settings",
    "SettingsCurrencyArgs",
    "SettingsDocumentIdsArgs",
    "TransportError",
    "UnknownOutcomeError",
    "WebhookSubscription",
    "WebhookSubscriptionArgs",
    "__version__",
    "client_for",
    "resolve_settings",
]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
