"""Product catalog bodies: products (`ProductService*`) and measure units (`Unit*`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictFloat, StrictInt, StrictStr, field_validator

from monite_pulumi.sandbox.schemas.enums import CURRENCIES
from monite_pulumi.sandbox.schemas.fields import (
    Closed,
    Open,
    Text1_100,
    Text1_255,
    Uuid,
    one_of,
    reject_null,
)

Currency = Annotated[StrictStr, AfterValidator(one_of("currency", CURRENCIES))]
ProductType = Literal["product", "service"]
SmallestAmount = Annotated[StrictInt | StrictFloat, Field(ge=0, le=2147483647)]

_PRODUCT_FIELDS = (
    "description",
    "external_reference",
    "ledger_account_id",
    "measure_unit_id",
    "name",
    "price",
    "smallest_amount",
    "type",
)


class Price2(Closed):
    currency: Currency
    value: Annotated[StrictInt, Field(ge=0, le=9007199254740991)]


class ProductServiceRequest(Closed):
    # The create limit (2000) is wider than the update limit (255), as in the spec.
    description: Annotated[StrictStr, Field(max_length=2000)] | None = None
    external_reference: Text1_255 | None = None
    ledger_account_id: Uuid | None = None
    measure_unit_id: Uuid | None = None
    name: Text1_100
    price: Price2 | None = None
    smallest_amount: SmallestAmount | None = None
    type: ProductType | None = None

    # The spec types these without `null`: absent is fine, null is a 422.
    _not_null = field_validator(*_PRODUCT_FIELDS, mode="before")(reject_null)


class ProductServiceUpdate(Closed):
    description: Annotated[StrictStr, Field(max_length=255)] | None = None
    external_reference: Text1_255 | None = None
    ledger_account_id: Uuid | None = None
    measure_unit_id: Uuid | None = None
    name: Text1_100 | None = None
    price: Price2 | None = None
    smallest_amount: SmallestAmount | None = None
    type: ProductType | None = None

    _not_null = field_validator(*_PRODUCT_FIELDS, mode="before")(reject_null)


UnitDescription = Annotated[StrictStr, Field(max_length=200)]


class UnitRequest(Open):
    description: UnitDescription | None = None
    name: Text1_100


class UnitUpdate(Closed):
    description: UnitDescription | None = None
    name: Text1_100 | None = None

    _not_null = field_validator("description", "name", mode="before")(reject_null)
