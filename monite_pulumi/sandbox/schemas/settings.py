"""`PatchSettingsPayload` and the settings objects it is made of."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from monite_pulumi.sandbox.schemas.catalog import Currency
from monite_pulumi.sandbox.schemas.enums import LANGUAGES
from monite_pulumi.sandbox.schemas.fields import (
    Closed,
    Email,
    Open,
    Text1_25,
    Text1_32,
    Uuid,
    one_of,
)

Language = Annotated[StrictStr, AfterValidator(one_of("language code", LANGUAGES))]
VatMode = Literal["exclusive", "inclusive"]
DocumentNumber = Annotated[StrictInt, Field(ge=1, le=2**63)]  # the spec says 9.223372036854776e18


class DefaultLedgerAccountIDs(Closed):
    payments: Uuid | None = None
    products: Uuid | None = None


class DefaultAccountingTaxIDs(Closed):
    deductions: Uuid | None = None


class AccountingSettings(Closed):
    ledger_account_ids: DefaultLedgerAccountIDs | None = None
    tax_ids: DefaultAccountingTaxIDs | None = None


class ExchangeRate(Closed):
    base: Currency
    rate: Annotated[StrictInt | StrictFloat, Field(gt=0)]
    to: Currency


class CurrencySettings(Closed):
    default: Currency
    exchange_rates: list[ExchangeRate | None] | None = None


class DocumentTypePrefix(Closed):
    credit_note: Text1_25 = "CN"
    delivery_note: Text1_25 = "DN"
    invoice: Text1_25 = "INV"
    purchase_order: Text1_25 = "PO"
    quote: Text1_25 = "Q"


class DocumentIDsSettingsNextNumber(Closed):
    credit_note: DocumentNumber | None = None
    delivery_note: DocumentNumber | None = None
    invoice: DocumentNumber | None = None
    purchase_order: DocumentNumber | None = None
    quote: DocumentNumber | None = None


class DocumentIDsSettingsRequest(Open):
    document_type_prefix: DocumentTypePrefix = Field(default_factory=DocumentTypePrefix)
    include_date: StrictBool = False
    min_digits: Annotated[StrictInt, Field(ge=1, le=25)] = 5
    next_number: DocumentIDsSettingsNextNumber | None = None
    prefix: Text1_25 | None = None
    separator: Literal["/", "-", "|", ".", ""] = "-"


class LineItemColumnSettings(Open):
    display: StrictBool = True
    label: Text1_32 | None = None


class LineItemNumericColumnSettings(Open):
    display: StrictBool = True
    label: Text1_32 | None = None
    precision: Annotated[StrictInt, Field(ge=2, le=4)] | None = None


class LineItemsRenderingSettings(Open):
    discount: LineItemColumnSettings | None = None
    measure_unit: LineItemColumnSettings | None = None
    name: LineItemColumnSettings | None = None
    price: LineItemNumericColumnSettings | None = None
    price_after_vat: LineItemNumericColumnSettings | None = None
    quantity: LineItemColumnSettings | None = None
    total_price: LineItemNumericColumnSettings | None = None
    total_price_after_vat: LineItemNumericColumnSettings | None = None
    vat_amount: LineItemNumericColumnSettings | None = None
    vat_rate: LineItemNumericColumnSettings | None = None


class BankAccountRenderingSettings(Open):
    """`CreditNoteRenderingSettings` and `InvoiceRenderingSettings` (same shape)."""

    display_entity_bank_account: StrictBool = True


class QuoteRenderingSettings(Open):
    display_entity_bank_account: StrictBool = True
    display_signature: StrictBool = False


class DocumentRenderingSettings(Closed):
    credit_note: BankAccountRenderingSettings | None = None
    display_entity_bank_account: StrictBool = True
    display_line_items: StrictBool = True
    invoice: BankAccountRenderingSettings | None = None
    line_items: LineItemsRenderingSettings | None = None
    quote: QuoteRenderingSettings | None = None


class EntityMailSettings(Closed):
    reply_to: list[Email] | None = None


class OcrAutoTaggingSettingsRequest(Closed):
    enabled: StrictBool
    keywords: Annotated[list[StrictStr], Field(min_length=1, max_length=50)]
    tag_id: Uuid


class RemindersSettings(Open):
    enabled: StrictBool = True


class PatchSettingsPayload(Closed):
    accounting: AccountingSettings | None = None
    allow_purchase_order_autolinking: StrictBool | None = True
    currency: CurrencySettings | None = None
    document_ids: DocumentIDsSettingsRequest | None = None
    document_rendering: DocumentRenderingSettings = Field(default_factory=DocumentRenderingSettings)
    generate_paid_invoice_pdf: StrictBool = False
    language: Language | None = None
    mail: EntityMailSettings | None = None
    payables_ocr_auto_tagging: list[OcrAutoTaggingSettingsRequest] | None = None
    payables_skip_approval_flow: StrictBool = False
    payment_priority: Literal["working_capital", "balanced", "bottom_line"] | None = (
        "working_capital"
    )
    quote_signature_required: StrictBool = False
    receivable_edit_flow: Literal["compliant", "partially_compliant", "non_compliant"] | None = (
        "compliant"
    )
    reminder: RemindersSettings | None = None
    vat_inclusive_discount_mode: VatMode = "exclusive"
    vat_mode: VatMode | None = "exclusive"
