"""Models of `/products` and `/measure_units` (entity level)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from monite_pulumi.client.models._base import (
    RequestModel,
    ResponseModel,
    one_of,
    warn_unknown,
    whole_number,
)
from monite_pulumi.client.models._codes import CURRENCIES

__all__ = [
    "Price",
    "Price2",
    "PriceResponse",
    "ProductServicePaginationResponse",
    "ProductServiceRequest",
    "ProductServiceResponse",
    "ProductServiceUpdate",
    "UnitListResponse",
    "UnitRequest",
    "UnitResponse",
    "UnitUpdate",
]

Currency = Annotated[
    str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(one_of(CURRENCIES, "currency code"))
]
ProductName = Annotated[str, Field(min_length=1, max_length=100)]
Reference = Annotated[str, Field(min_length=1, max_length=255)]
SmallestAmount = Annotated[float, Field(ge=0, le=2147483647)]


class Price(RequestModel):
    """The spec's `Price2`: `value` in minor units of `currency`."""

    value: Annotated[int, BeforeValidator(whole_number), Field(ge=0, le=9007199254740991)]
    currency: Currency


Price2 = Price


class PriceResponse(ResponseModel):
    value: int
    currency: str


class ProductServiceRequest(RequestModel):
    name: ProductName
    type: Literal["product", "service"] | None = None
    description: Annotated[str, Field(max_length=2000)] | None = None
    price: Price | None = None
    measure_unit_id: str | None = None
    external_reference: Reference | None = None
    ledger_account_id: str | None = None
    smallest_amount: SmallestAmount | None = None


class ProductServiceUpdate(RequestModel):
    """A PATCH; note `description` is limited to 255 characters here, 2000 on create."""

    name: ProductName | None = None
    type: Literal["product", "service"] | None = None
    description: Annotated[str, Field(max_length=255)] | None = None
    price: Price | None = None
    measure_unit_id: str | None = None
    external_reference: Reference | None = None
    ledger_account_id: str | None = None
    smallest_amount: SmallestAmount | None = None


class ProductServiceResponse(ResponseModel):
    id: str
    entity_id: str
    name: str
    created_at: datetime
    updated_at: datetime
    type: Annotated[str, warn_unknown("ProductServiceTypeEnum", "product", "service")] | None = None
    description: str | None = None
    price: PriceResponse | None = None
    measure_unit_id: str | None = None
    external_reference: str | None = None
    ledger_account_id: str | None = None
    smallest_amount: float | None = None
    entity_user_id: str | None = None


class ProductServicePaginationResponse(ResponseModel):
    data: list[ProductServiceResponse]
    next_pagination_token: str | None = None
    prev_pagination_token: str | None = None


class UnitRequest(RequestModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    description: Annotated[str, Field(max_length=200)] | None = None


class UnitUpdate(RequestModel):
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    description: Annotated[str, Field(max_length=200)] | None = None


class UnitResponse(ResponseModel):
    id: str
    name: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None


class UnitListResponse(ResponseModel):
    data: list[UnitResponse]
