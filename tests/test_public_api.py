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
    "TransportError",
    "UnknownOutcomeError",
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
