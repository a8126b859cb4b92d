"""Pins the public surface: names users import and the providers' paths pickled into state."""

from __future__ import annotations

import importlib

import monite_pulumi

EXPECTED_ALL = {
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
}

ENTITY_OUTPUTS = (
    "entity_id",
    "status",
    "created_at",
    "updated_at",
    "type",
    "email",
    "address",
    "individual",
    "organization",
    "phone",
    "website",
    "tax_id",
    "registration_number",
    "registration_authority",
    "partner_metadata",
    "active",
    "allow_replacement",
    "declared_inputs",
    "api_url",
    "schema_version",
)
PRODUCT_OUTPUTS = (
    "product_id",
    "created_at",
    "updated_at",
    "entity_id",
    "name",
    "type",
    "price",
    "description",
    "measure_unit_id",
    "external_reference",
    "ledger_account_id",
    "declared_inputs",
    "api_url",
    "schema_version",
)

CONNECTION_OUTPUTS = (
    "connection_id",
    "connection_url",
    "status",
    "platform",
    "last_pull",
    "errors",
    "created_at",
    "updated_at",
    "entity_id",
    "reconnect_on_revoke",
    "adopt_existing",
    "require_product_catalog",
    "wait_for",
    "wait_timeout",
    "declared_inputs",
    "api_url",
    "schema_version",
)

WEBHOOK_SUBSCRIPTION_OUTPUTS = (
    "subscription_id",
    "status",
    "secret",
    "object_type",
    "url",
    "event_types",
    "enabled",
    "rotate_secret",
    "declared_inputs",
    "api_url",
    "schema_version",
)
ENTITY_SETTINGS_OUTPUTS = (
    "entity_id",
    "language",
    "currency",
    "reminder",
    "mail",
    "document_ids",
    "payment_priority",
    "receivable_edit_flow",
    "vat_mode",
    "vat_inclusive_discount_mode",
    "allow_purchase_order_autolinking",
    "payables_skip_approval_flow",
    "quote_signature_required",
    "declared_inputs",
    "api_url",
    "schema_version",
)
ENTITY_VAT_ID_OUTPUTS = (
    "vat_id",
    "entity_id",
    "country",
    "value",
    "type",
    "declared_inputs",
    "api_url",
    "schema_version",
)


def test_all_is_pinned_and_every_name_resolves() -> None:
    assert set(monite_pulumi.__all__) == EXPECTED_ALL
    assert len(monite_pulumi.__all__) == len(EXPECTED_ALL)
    for name in monite_pulumi.__all__:
        assert getattr(monite_pulumi, name) is not None
    assert set(dir(monite_pulumi)) >= EXPECTED_ALL


def test_exports_are_the_defining_objects() -> None:
    from monite_pulumi.errors import MoniteError
    from monite_pulumi.resources.entity import Entity

    assert monite_pulumi.Entity is Entity
    assert monite_pulumi.MoniteError is MoniteError


def test_provider_import_paths_are_pinned() -> None:
    # These paths are pickled into every stack's state: moving a class breaks existing stacks.
    for path in (
        "monite_pulumi.providers.entity.EntityProvider",
        "monite_pulumi.providers.product.ProductProvider",
        "monite_pulumi.providers.accounting_connection.AccountingConnectionProvider",
        "monite_pulumi.providers.webhook_subscription.WebhookSubscriptionProvider",
        "monite_pulumi.providers.entity_settings.EntitySettingsProvider",
        "monite_pulumi.providers.entity_vat_id.EntityVatIdProvider",
    ):
        module, _, name = path.rpartition(".")
        cls = getattr(importlib.import_module(module), name)
        assert f"{cls.__module__}.{cls.__qualname__}" == path


def test_output_names_are_pinned_and_declared_on_the_resources() -> None:
    from monite_pulumi.providers.accounting_connection import ACCOUNTING_CONNECTION_SHAPE
    from monite_pulumi.providers.entity import ENTITY_SHAPE
    from monite_pulumi.providers.product import PRODUCT_SHAPE

    assert ENTITY_SHAPE.outputs == ENTITY_OUTPUTS
    assert PRODUCT_SHAPE.outputs == PRODUCT_OUTPUTS
    assert tuple(monite_pulumi.Entity.__annotations__) == ENTITY_OUTPUTS
    assert tuple(monite_pulumi.Product.__annotations__) == PRODUCT_OUTPUTS
    assert ACCOUNTING_CONNECTION_SHAPE.outputs == CONNECTION_OUTPUTS
    assert tuple(monite_pulumi.AccountingConnection.__annotations__) == CONNECTION_OUTPUTS


def test_output_names_of_webhook_settings_and_vat_id_resources_are_pinned() -> None:
    from monite_pulumi.providers.entity_settings import ENTITY_SETTINGS_SHAPE
    from monite_pulumi.providers.entity_vat_id import ENTITY_VAT_ID_SHAPE
    from monite_pulumi.providers.webhook_subscription import WEBHOOK_SUBSCRIPTION_SHAPE

    for shape, resource, outputs in (
        (
            WEBHOOK_SUBSCRIPTION_SHAPE,
            monite_pulumi.WebhookSubscription,
            WEBHOOK_SUBSCRIPTION_OUTPUTS,
        ),
        (ENTITY_SETTINGS_SHAPE, monite_pulumi.EntitySettings, ENTITY_SETTINGS_OUTPUTS),
        (ENTITY_VAT_ID_SHAPE, monite_pulumi.EntityVatId, ENTITY_VAT_ID_OUTPUTS),
    ):
        assert shape.outputs == outputs
        assert tuple(resource.__annotations__) == outputs
