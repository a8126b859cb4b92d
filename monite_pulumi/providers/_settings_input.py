"""The supported subset of Monite's ``PatchSettingsPayload``, as a strict pydantic model.

Check validates the declared settings against it before any call, and the provider builds the
PATCH body through it. A module of its own so that only the provider server imports pydantic:
``entity_settings.SETTINGS_FIELDS`` repeats the field names (a test keeps the two equal).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr

__all__ = ["SettingsInput"]


def _whole_number(value: Any) -> Any:
    """Numbers cross gRPC as floats: accept 5.0 as 5, refuse text and true/false."""
    if isinstance(value, (bool, str, bytes)):
        raise ValueError("must be a whole number")
    return value


def _number(value: Any) -> Any:
    if isinstance(value, (bool, str, bytes)):
        raise ValueError("must be a number")
    return value


Currency = Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
Language = Annotated[StrictStr, Field(pattern=r"^[a-z]{2}$")]
Email = Annotated[StrictStr, Field(max_length=255, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Prefix = Annotated[StrictStr, Field(min_length=1, max_length=25)]
VatMode = Literal["exclusive", "inclusive"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExchangeRateInput(_Section):
    base: Currency
    to: Currency
    rate: Annotated[float, Field(gt=0), BeforeValidator(_number)]


class CurrencyInput(_Section):
    default: Currency
    exchange_rates: list[ExchangeRateInput] | None = None


class ReminderInput(_Section):
    enabled: StrictBool


class MailInput(_Section):
    reply_to: list[Email]


class DocumentTypePrefixInput(_Section):
    credit_note: Prefix | None = None
    delivery_note: Prefix | None = None
    invoice: Prefix | None = None
    purchase_order: Prefix | None = None
    quote: Prefix | None = None


class DocumentIdsInput(_Section):
    prefix: Prefix | None = None
    separator: Literal["/", "-", "|", ".", ""] | None = None
    min_digits: Annotated[int, Field(ge=1, le=25), BeforeValidator(_whole_number)] | None = None
    include_date: StrictBool | None = None
    document_type_prefix: DocumentTypePrefixInput | None = None


class SettingsInput(_Section):
    """The supported subset of ``PatchSettingsPayload``, checked strictly before any call."""

    language: Language | None = None
    currency: CurrencyInput | None = None
    reminder: ReminderInput | None = None
    mail: MailInput | None = None
    document_ids: DocumentIdsInput | None = None
    payment_priority: Literal["working_capital", "balanced", "bottom_line"] | None = None
    receivable_edit_flow: Literal["compliant", "partially_compliant", "non_compliant"] | None = None
    vat_mode: VatMode | None = None
    vat_inclusive_discount_mode: VatMode | None = None
    allow_purchase_order_autolinking: StrictBool | None = None
    payables_skip_approval_flow: StrictBool | None = None
    quote_signature_required: StrictBool | None = None
