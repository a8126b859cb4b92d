"""Models of `/accounting_connections` (entity level)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from monite_pulumi.client.models._base import ResponseModel, warn_unknown

__all__ = [
    "AccountingConnectionList",
    "AccountingConnectionResponse",
    "AccountingMessageResponse",
    "BusinessInfoSchema",
    "ConnectionStatus",
    "ErrorSchema",
]

ConnectionStatus = Annotated[
    str,
    warn_unknown("ConnectionStatus", "connected", "disconnected", "deauthorized", "pending_auth"),
]


class ErrorSchema(ResponseModel):
    message: str


class BusinessInfoSchema(ResponseModel):
    base_currency: str | None = None
    email: str | None = None
    legal_name: str | None = None
    name: str | None = None
    type: str | None = None


class AccountingConnectionResponse(ResponseModel):
    """A connection. `connection_url` authorises access to the books: hidden from `repr`."""

    id: str
    created_at: datetime
    updated_at: datetime
    connection_url: str = Field(repr=False)
    status: ConnectionStatus | None = None
    platform: Annotated[str, warn_unknown("platform", "quickbooks", "xero")] | None = None
    errors: list[ErrorSchema] | None = None
    last_pull: datetime | None = None
    business_info: BusinessInfoSchema | None = None


class AccountingConnectionList(ResponseModel):
    data: list[AccountingConnectionResponse]


class AccountingMessageResponse(ResponseModel):
    message: str
