"""What one tenant entry of a stack's `tenants` list may say.

The models mirror Monite's `CreateEntityRequest` and `ProductServiceRequest` closely enough to
catch a typo or a missing field per tenant before any resource is declared; the providers still
check every value against Monite's rules when they run. Values are taken as written, never
coerced into something else: a price is a whole number of minor units (`"120.00"` is not 120,
`true` is not 1), country and currency codes must be ones Monite knows (the spec's lists).
Messages are written for people (`HUMAN_MESSAGES`), never a regular expression or a class name.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from monite_pulumi._codes import ALLOWED_COUNTRIES, CURRENCIES

TENANT_NAME_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
"""Tenant names become Pulumi resource names and stack output keys: keep them slug-like."""

_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

_SLUG = (
    "must be lower-case letters, digits and single dashes, starting and ending with a letter "
    "or digit, at most 63 characters (e.g. acme-gmbh)"
)
MINOR_UNITS_MESSAGE = (
    "must be a whole number of minor units, written without quotes or a decimal point "
    "(12000 is 120.00 EUR); text, fractions and true/false are not prices"
)
COUNTRY_MESSAGE = (
    "must be a two-letter ISO 3166-1 country code that Monite accepts, in capitals (e.g. DE, "
    "FR, GB)"
)
CURRENCY_MESSAGE = (
    "must be a three-letter ISO 4217 currency code that Monite accepts, in capitals (e.g. EUR, "
    "GBP, USD)"
)
HUMAN_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "name": _SLUG,
        "key": _SLUG,
        "email": "must be an e-mail address (name@domain.example), at most 255 characters",
        "website": "must be a URL starting with http:// or https:// (https://acme.example)",
    }
)
"""Replacements, by the last part of a field's path, for pydantic's pattern messages."""


def _minor_units(value: object) -> object:
    """Only a JSON/YAML integer is a price: `"120.00"`, `120.5`, `120.0` and `true` are not."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("minor_units", MINOR_UNITS_MESSAGE)
    return value


def _country(value: str) -> str:
    if value not in ALLOWED_COUNTRIES:
        raise PydanticCustomError("country_code", COUNTRY_MESSAGE)
    return value


def _currency(value: str) -> str:
    if value not in CURRENCIES:
        raise PydanticCustomError("currency_code", CURRENCY_MESSAGE)
    return value


CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
MinorUnits = Annotated[int, BeforeValidator(_minor_units), Field(ge=0)]


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt option must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TenantAddress(_Strict):
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 as Monite lists it, e.g. DE")
    city: str = Field(min_length=1, max_length=100)
    postal_code: str = Field(min_length=1, max_length=10)
    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = Field(default=None, min_length=1, max_length=100)
    state: str | None = Field(default=None, min_length=1, max_length=100)


class TenantIndividual(_Strict):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    title: str | None = Field(default=None, min_length=1, max_length=10)


class TenantOrganization(_Strict):
    legal_name: str = Field(min_length=1, max_length=255)
    legal_entity_id: str | None = Field(default=None, min_length=1, max_length=20)
    business_structure: str | None = Field(default=None, min_length=1, max_length=100)
    """Monite's ``BusinessStructure`` (e.g. ``corporation``); the provider checks the value."""
    directors_provided: bool | None = None
    executives_provided: bool | None = None
    owners_provided: bool | None = None
    representative_provided: bool | None = None


class TenantPrice(_Strict):
    value: MinorUnits = Field(description="in minor units (cents)")
    currency: CurrencyCode


class TenantProduct(_Strict):
    """One catalog entry; `key` names the Pulumi resource, so renaming a product is an update."""

    name: str = Field(min_length=1, max_length=100)
    key: str | None = Field(default=None, pattern=TENANT_NAME_PATTERN)
    type: Literal["product", "service"] = "product"
    price: TenantPrice | None = None
    description: str | None = Field(default=None, max_length=2000)
    external_reference: str | None = Field(default=None, min_length=1, max_length=255)

    @property
    def resource_key(self) -> str:
        """The explicit key, else a slug of the name."""
        if self.key is not None:
            return self.key
        return slugify(self.name)


class TenantAccounting(_Strict):
    """Whether the tenant gets an accounting connection, and how it behaves."""

    connect: bool = False
    reconnect_on_revoke: bool = True
    adopt_existing: bool = False


def _monite_id(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError("must be a Monite id (a UUID)") from None
    return value


MoniteId = Annotated[str, AfterValidator(_monite_id)]
"""An object id as Monite writes it (a UUID), kept as the string it was given."""


class TenantAdopt(_Strict):
    """Existing Monite objects the tenant's resources take over on their first `up` (adopt_id).

    Written by `monite-pulumi export`; remove it after the first `up` (it does nothing later,
    except refuse a replacement while it is there).
    """

    entity_id: MoniteId | None = None
    products: dict[str, MoniteId] = Field(default_factory=dict)
    """Product key (as in `products`) -> the id of the existing product."""
    connection_id: MoniteId | None = None


class Tenant(_Strict):
    """One Monite entity with its product catalog and (optionally) its accounting connection."""

    name: str = Field(pattern=TENANT_NAME_PATTERN)
    type: Literal["individual", "organization"]
    email: str = Field(pattern=_EMAIL_PATTERN, max_length=255)
    address: TenantAddress
    individual: TenantIndividual | None = None
    organization: TenantOrganization | None = None
    phone: str | None = Field(default=None, max_length=100)
    website: str | None = Field(default=None, pattern=r"^https?://\S+$", max_length=2083)
    tax_id: str | None = Field(default=None, min_length=1, max_length=30)
    registration_number: str | None = Field(default=None, min_length=1, max_length=100)
    registration_authority: str | None = Field(default=None, min_length=1, max_length=100)
    partner_metadata: dict[str, Any] | None = None
    active: bool = True
    accounts_receivable: bool = False
    products: tuple[TenantProduct, ...] = ()
    accounting: TenantAccounting = TenantAccounting()
    adopt: TenantAdopt = TenantAdopt()
    protect: bool = False

    @field_validator("accounting", mode="before")
    @classmethod
    def _accounting_shorthand(cls, value: object) -> object:
        """`accounting: true` is short for `accounting: {connect: true}`."""
        if isinstance(value, bool):
            return {"connect": value}
        return value

    def problems(self) -> list[tuple[str, str]]:
        """Rules that span fields, as (field, message) pairs; empty when the entry is sound."""
        found: list[tuple[str, str]] = []
        details = {"individual": self.individual, "organization": self.organization}
        other = "organization" if self.type == "individual" else "individual"
        if details[self.type] is None:
            found.append((self.type, f"required for type '{self.type}'"))
        if details[other] is not None:
            found.append((other, f"not allowed for type '{self.type}'"))
        if self.accounts_receivable and self.accounting.connect and not self.products:
            found.append(
                (
                    "products",
                    "a tenant with accounts_receivable needs a product catalog before its "
                    "accounting connection (Monite's set-up guide, step 4)",
                )
            )
        seen: set[str] = set()
        for index, product in enumerate(self.products):
            key = product.resource_key
            if not key:
                found.append((f"products[{index}].key", "cannot derive a key from the name"))
            elif key in seen:
                found.append((f"products[{index}].key", f"duplicate product key '{key}'"))
            seen.add(key)
        found.extend(self._adopt_problems(seen))
        return found

    def _adopt_problems(self, product_keys: set[str]) -> list[tuple[str, str]]:
        """`adopt` names only this tenant's products and connection, under an adopted entity."""
        adopt = self.adopt
        found: list[tuple[str, str]] = []
        known = ", ".join(sorted(product_keys)) or "none"
        for key in sorted(adopt.products):
            if key not in product_keys:
                found.append(
                    (
                        f"adopt.products.{key}",
                        f"no product with key '{key}' in this tenant (its product keys: {known})",
                    )
                )
        if adopt.connection_id is not None and not self.accounting.connect:
            found.append(("adopt.connection_id", "needs accounting: {connect: true}"))
        if adopt.connection_id is not None and self.accounting.adopt_existing:
            found.append(
                ("adopt.connection_id", "cannot be used with accounting.adopt_existing: keep one")
            )
        if adopt.entity_id is None and (adopt.products or adopt.connection_id is not None):
            found.append(
                (
                    "adopt.entity_id",
                    "required to adopt products or a connection: they belong to an existing entity",
                )
            )
        return found


def slugify(text: str) -> str:
    """Lower-case letters, digits and single dashes: a stable resource-name fragment."""
    out: list[str] = []
    for char in text.lower():
        if char.isascii() and char.isalnum():
            out.append(char)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:63].strip("-")
