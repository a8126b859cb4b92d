"""The bad-input matrix: typos a stack config can hold, and what check must say about each.

Each case names the provider, the inputs as the engine passes them, the property that must fail
and words of the reason that say what is allowed (never the offending value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulumi.dynamic import ResourceProvider

from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from tests.providers.inputs import organization_inputs, product_inputs

__all__ = ["CASES", "TENANT_CASES", "BadInput", "BadTenants"]

ENTITY = EntityProvider()
PRODUCT = ProductProvider()
CONNECTION = AccountingConnectionProvider()
ENTITY_ID = "9b2c7b44-8a33-4c7e-9a43-5a8f3e6f1f10"


@dataclass(frozen=True)
class BadInput:
    id: str
    provider: ResourceProvider
    news: dict[str, Any]
    field: str
    allowed: tuple[str, ...]
    """Words the reason must contain: what is allowed, so the user can fix it."""


@dataclass(frozen=True)
class BadTenants:
    id: str
    tenants: list[dict[str, Any]]
    field: str
    allowed: str


def _address(**changes: Any) -> dict[str, Any]:
    address = {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "Main St 1"}
    address.update(changes)
    return {key: value for key, value in address.items() if value is not None}


def _without(inputs: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in inputs.items() if key != name}


def _entity(id_: str, field: str, allowed: tuple[str, ...], **changes: Any) -> BadInput:
    return BadInput(id_, ENTITY, organization_inputs(**changes), field, allowed)


def _product(id_: str, field: str, allowed: tuple[str, ...], **changes: Any) -> BadInput:
    return BadInput(id_, PRODUCT, product_inputs(ENTITY_ID, **changes), field, allowed)


def _price(value: Any, currency: Any = "EUR") -> dict[str, Any]:
    return {"value": value, "currency": currency}


_EMAIL = ("e-mail address",)
_COUNTRY = ("ISO 3166-1 alpha-2",)
_CURRENCY = ("ISO 4217",)
_BOOL = ("true or false",)
_UUID = ("UUID",)

CASES: tuple[BadInput, ...] = (
    # entity: wrong types and enum values
    _entity("entity-type-unknown", "type", ("individual, organization",), type="company"),
    _entity("entity-type-number", "type", ("individual, organization",), type=3),
    _entity("entity-active-text", "active", _BOOL, active="yes"),
    _entity("entity-allow-replacement-number", "allow_replacement", _BOOL, allow_replacement=1),
    _entity("entity-metadata-list", "partner_metadata", ("object",), partner_metadata=[1, 2]),
    _entity("entity-address-text", "address", ("dictionary",), address="Berlin"),
    _entity(
        "entity-legal-name-number",
        "organization.legal_name",
        ("string",),
        organization={"legal_name": 5},
    ),
    # entity: e-mails
    _entity("entity-email-no-at", "email", _EMAIL, email="finance.acme.example"),
    _entity("entity-email-space", "email", _EMAIL, email="fin ance@acme.example"),
    _entity("entity-email-no-domain", "email", _EMAIL, email="finance@"),
    _entity("entity-email-number", "email", _EMAIL, email=42),
    _entity("entity-email-non-ascii-space", "email", _EMAIL, email="jürgen@bäcker ei.de"),
    # entity: country codes
    _entity("entity-country-lower", "address.country", _COUNTRY, address=_address(country="de")),
    _entity("entity-country-alpha3", "address.country", _COUNTRY, address=_address(country="DEU")),
    _entity("entity-country-unknown", "address.country", _COUNTRY, address=_address(country="XX")),
    _entity(
        "entity-country-non-ascii", "address.country", _COUNTRY, address=_address(country="DÉ")
    ),
    # entity: missing and unknown fields
    BadInput(
        "entity-email-missing",
        ENTITY,
        _without(organization_inputs(), "email"),
        "email",
        ("required",),
    ),
    BadInput(
        "entity-address-missing",
        ENTITY,
        _without(organization_inputs(), "address"),
        "address",
        ("required",),
    ),
    _entity("entity-city-missing", "address.city", ("required",), address=_address(city=None)),
    BadInput(
        "entity-organization-missing",
        ENTITY,
        _without(organization_inputs(), "organization"),
        "organization",
        ("required when type is organization",),
    ),
    _entity(
        "entity-individual-with-organization",
        "individual",
        ("left out",),
        individual={"first_name": "Jo", "last_name": "Doe"},
    ),
    _entity("entity-unknown-input", "colour", ("inputs are",), colour="red"),
    _entity(
        "entity-unknown-address-field",
        "address.street",
        ("not an input",),
        address=_address(street="Main St"),
    ),
    # entity: over-long and non-ASCII strings
    _entity(
        "entity-legal-name-too-long",
        "organization.legal_name",
        ("at most 255",),
        organization={"legal_name": "A" * 256},
    ),
    _entity(
        "entity-legal-name-empty",
        "organization.legal_name",
        ("at least 1",),
        organization={"legal_name": ""},
    ),
    _entity("entity-phone-too-long", "phone", ("at most 100",), phone="1" * 101),
    _entity("entity-tax-id-too-long", "tax_id", ("at most 30",), tax_id="DE" + "1" * 29),
    _entity(
        "entity-city-non-ascii-too-long",
        "address.city",
        ("at most 100",),
        address=_address(city="Düsseldorf" * 11),
    ),
    _entity(
        "entity-postal-code-non-ascii-too-long",
        "address.postal_code",
        ("at most 10",),
        address=_address(postal_code="ß" * 11),
    ),
    _entity("entity-website-not-a-url", "website", ("URL",), website="acme dot example"),
    # product: wrong types and enum values
    _product("product-type-unknown", "type", ("product", "service"), type="goods"),
    _product("product-name-number", "name", ("string",), name=7),
    BadInput("product-entity-not-uuid", PRODUCT, product_inputs("acme"), "entity_id", _UUID),
    _product("product-measure-unit-not-uuid", "measure_unit_id", _UUID, measure_unit_id="kg"),
    # product: minor-unit prices
    _product(
        "product-price-negative", "price.value", ("greater than or equal to 0",), price=_price(-1)
    ),
    _product("product-price-fractional", "price.value", ("integer",), price=_price(12.5)),
    _product("product-price-text", "price.value", ("whole number",), price=_price("100")),
    _product("product-price-boolean", "price.value", ("whole number",), price=_price(True)),
    _product(
        "product-price-too-large", "price.value", ("less than or equal",), price=_price(2**53)
    ),
    # product: currency codes
    _product("product-currency-lower", "price.currency", _CURRENCY, price=_price(100, "eur")),
    _product("product-currency-unknown", "price.currency", _CURRENCY, price=_price(100, "ZZZ")),
    _product("product-currency-symbol", "price.currency", _CURRENCY, price=_price(100, "€")),
    _product("product-currency-missing", "price.currency", ("required",), price={"value": 100}),
    # product: missing and unknown fields, over-long and non-ASCII strings
    BadInput(
        "product-name-missing",
        PRODUCT,
        _without(product_inputs(ENTITY_ID), "name"),
        "name",
        ("required",),
    ),
    BadInput(
        "product-entity-missing",
        PRODUCT,
        _without(product_inputs(ENTITY_ID), "entity_id"),
        "entity_id",
        ("required",),
    ),
    _product("product-unknown-input", "sku", ("inputs are",), sku="H-1"),
    _product(
        "product-unknown-price-field",
        "price.vat",
        ("not an input",),
        price={"value": 100, "currency": "EUR", "vat": 19},
    ),
    _product("product-name-empty", "name", ("at least 1",), name=""),
    _product("product-name-non-ascii-too-long", "name", ("at most 100",), name="é" * 101),
    _product(
        "product-description-too-long", "description", ("at most 2000",), description="d" * 2001
    ),
    _product(
        "product-external-reference-too-long",
        "external_reference",
        ("at most 255",),
        external_reference="r" * 256,
    ),
    # accounting connection
    BadInput("connection-entity-missing", CONNECTION, {}, "entity_id", ("required",)),
    BadInput(
        "connection-entity-not-uuid", CONNECTION, {"entity_id": "tenant-1"}, "entity_id", _UUID
    ),
    BadInput("connection-entity-number", CONNECTION, {"entity_id": 5}, "entity_id", _UUID),
    BadInput(
        "connection-reconnect-text",
        CONNECTION,
        {"entity_id": ENTITY_ID, "reconnect_on_revoke": "true"},
        "reconnect_on_revoke",
        _BOOL,
    ),
    BadInput(
        "connection-adopt-number",
        CONNECTION,
        {"entity_id": ENTITY_ID, "adopt_existing": 1},
        "adopt_existing",
        _BOOL,
    ),
    BadInput(
        "connection-unknown-input",
        CONNECTION,
        {"entity_id": ENTITY_ID, "platform": "xero"},
        "platform",
        ("inputs are",),
    ),
)


def _tenant(name: str, **changes: Any) -> dict[str, Any]:
    tenant: dict[str, Any] = {
        "name": name,
        "type": "organization",
        "email": f"{name}@tenants.example",
        "address": _address(),
        "organization": {"legal_name": f"{name} GmbH"},
    }
    tenant.update(changes)
    return tenant


def _priced(value: Any, currency: str = "EUR") -> dict[str, Any]:
    return {"name": "Consulting hour", "price": {"value": value, "currency": currency}}


TENANT_CASES: tuple[BadTenants, ...] = (
    BadTenants(
        "tenant-same-name",
        [_tenant("acme"), _tenant("acme")],
        "name",
        "used by more than one tenant",
    ),
    BadTenants(
        "tenant-same-product-key",
        [_tenant("acme", products=[{"name": "Hour"}, {"name": "hour"}])],
        "products[1].key",
        "duplicate product key",
    ),
    BadTenants(
        "tenant-name-not-a-slug",
        [_tenant("Acme GmbH")],
        "name",
        "lower-case letters, digits and single dashes",
    ),
    BadTenants(
        "tenant-unknown-field",
        [_tenant("acme", colour="red")],
        "colour",
        "Extra inputs are not permitted",
    ),
    # prices are whole numbers of minor units: nothing is coerced into one
    BadTenants(
        "tenant-price-text",
        [_tenant("acme", products=[_priced("120.00")])],
        "products[0].price.value",
        "whole number of minor units",
    ),
    BadTenants(
        "tenant-price-digits-as-text",
        [_tenant("acme", products=[_priced("120")])],
        "products[0].price.value",
        "whole number of minor units",
    ),
    BadTenants(
        "tenant-price-boolean",
        [_tenant("acme", products=[_priced(True)])],
        "products[0].price.value",
        "whole number of minor units",
    ),
    BadTenants(
        "tenant-price-fraction",
        [_tenant("acme", products=[_priced(120.5)])],
        "products[0].price.value",
        "whole number of minor units",
    ),
    BadTenants(
        "tenant-price-decimal-point",
        [_tenant("acme", products=[_priced(120.0)])],
        "products[0].price.value",
        "whole number of minor units",
    ),
    BadTenants(
        "tenant-price-negative",
        [_tenant("acme", products=[_priced(-1)])],
        "products[0].price.value",
        "greater than or equal to 0",
    ),
    # codes Monite does not know, refused before any resource is declared
    BadTenants(
        "tenant-country-unknown",
        [_tenant("acme", address=_address(country="DX"))],
        "address.country",
        "ISO 3166-1 country code that Monite accepts",
    ),
    BadTenants(
        "tenant-country-lower-case",
        [_tenant("acme", address=_address(country="de"))],
        "address.country",
        "ISO 3166-1 country code that Monite accepts",
    ),
    BadTenants(
        "tenant-currency-unknown",
        [_tenant("acme", products=[_priced(100, "ZZZ")])],
        "products[0].price.currency",
        "ISO 4217 currency code that Monite accepts",
    ),
    # messages for people: no class names, no regular expressions
    BadTenants(
        "tenant-accounting-text",
        [_tenant("acme", accounting="yes please")],
        "accounting",
        "must be a mapping of fields",
    ),
    BadTenants(
        "tenant-price-not-a-mapping",
        [_tenant("acme", products=[{"name": "Hour", "price": "12"}])],
        "products[0].price",
        "must be a mapping of fields",
    ),
    BadTenants(
        "tenant-email-malformed",
        [_tenant("acme", email="finance.acme.example")],
        "email",
        "must be an e-mail address",
    ),
    BadTenants(
        "tenant-website-no-scheme",
        [_tenant("acme", website="acme.example")],
        "website",
        "must be a URL starting with http",
    ),
    BadTenants(
        "tenant-product-key-not-a-slug",
        [_tenant("acme", products=[{"name": "Hour", "key": "Hour!"}])],
        "products[0].key",
        "lower-case letters, digits and single dashes",
    ),
)
