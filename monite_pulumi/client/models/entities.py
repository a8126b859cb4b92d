"""Models of `/entities` and its sub-resources (partner metadata, settings, VAT ids)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from monite_pulumi.client.models._base import RequestModel, ResponseModel, one_of, warn_unknown
from monite_pulumi.client.models._codes import ALLOWED_COUNTRIES

__all__ = [
    "CreateEntityRequest",
    "EntityAddressResponseSchema",
    "EntityAddressSchema",
    "EntityPaginationResponse",
    "EntityResponse",
    "EntityStatus",
    "EntityUpdateVatID",
    "EntityVatID",
    "EntityVatIDResourceList",
    "EntityVatIDResponse",
    "IndividualResponseSchema",
    "IndividualSchema",
    "OptionalIndividualSchema",
    "OptionalOrganizationSchema",
    "OrganizationResponseSchema",
    "OrganizationSchema",
    "PartnerMetadata",
    "PartnerMetadataResponse",
    "PatchSettingsPayload",
    "SettingsResponse",
    "UpdateEntityAddressSchema",
    "UpdateEntityRequest",
]

Country = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$"), AfterValidator(one_of(ALLOWED_COUNTRIES, "country code"))
]
# The spec's `format: email` and `format: uri`, checked loosely (no normalisation, so the value
# sent is the value declared).
Email = Annotated[str, Field(min_length=3, max_length=255, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Uri = Annotated[str, Field(min_length=1, max_length=2083, pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")]
Text100 = Annotated[str, Field(min_length=1, max_length=100)]
EntityType = Literal["individual", "organization"]
EntityStatus = Annotated[str, warn_unknown("EntityStatusEnum", "active", "inactive", "deleted")]
BusinessStructure = Literal[
    "incorporated_partnership",
    "unincorporated_partnership",
    "public_corporation",
    "private_corporation",
    "sole_proprietorship",
    "single_member_llc",
    "multi_member_llc",
    "private_partnership",
    "unincorporated_association",
    "public_partnership",
]


class EntityAddressSchema(RequestModel):
    country: Country
    city: Text100
    postal_code: Annotated[str, Field(min_length=1, max_length=10)]
    line1: Annotated[str, Field(min_length=1, max_length=200)]
    line2: Text100 | None = None
    state: Text100 | None = None


class IndividualSchema(RequestModel):
    first_name: Text100
    last_name: Text100
    title: Annotated[str, Field(min_length=1, max_length=10)] | None = None
    date_of_birth: date | None = None
    id_number: Text100 | None = None
    ssn_last_4: Annotated[str, Field(min_length=4, max_length=4)] | None = None


class OrganizationSchema(RequestModel):
    legal_name: Annotated[str, Field(min_length=1, max_length=255)]
    business_structure: BusinessStructure | None = None
    legal_entity_id: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    directors_provided: bool | None = None
    executives_provided: bool | None = None
    owners_provided: bool | None = None
    representative_provided: bool | None = None


class _EntityContact(RequestModel):
    phone: Annotated[str, Field(max_length=100)] | None = None
    website: Uri | None = None
    tax_id: Annotated[str, Field(min_length=1, max_length=30)] | None = None
    registration_number: Text100 | None = None
    registration_authority: Text100 | None = None


class CreateEntityRequest(_EntityContact):
    type: EntityType
    email: Email
    address: EntityAddressSchema
    individual: IndividualSchema | None = None
    organization: OrganizationSchema | None = None


class UpdateEntityAddressSchema(RequestModel):
    """Updatable address fields: `country` is create-only."""

    send_explicit_nulls = True

    city: Text100 | None = None
    postal_code: Annotated[str, Field(min_length=1, max_length=10)] | None = None
    line1: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    line2: Text100 | None = None
    state: Text100 | None = None


class OptionalIndividualSchema(RequestModel):
    send_explicit_nulls = True

    first_name: Text100 | None = None
    last_name: Text100 | None = None
    title: Annotated[str, Field(min_length=1, max_length=10)] | None = None
    date_of_birth: date | None = None
    id_number: Text100 | None = None
    ssn_last_4: Annotated[str, Field(min_length=4, max_length=4)] | None = None


class OptionalOrganizationSchema(RequestModel):
    send_explicit_nulls = True

    legal_name: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    business_structure: BusinessStructure | None = None
    legal_entity_id: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    directors_provided: bool | None = None
    executives_provided: bool | None = None
    owners_provided: bool | None = None
    representative_provided: bool | None = None


class UpdateEntityRequest(_EntityContact):
    """A PATCH: only fields set (even to `None`, which clears) are sent. No `type`."""

    send_explicit_nulls = True

    email: Email | None = None
    address: UpdateEntityAddressSchema | None = None
    individual: OptionalIndividualSchema | None = None
    organization: OptionalOrganizationSchema | None = None


class EntityAddressResponseSchema(ResponseModel):
    country: str
    city: str
    postal_code: str
    line1: str
    line2: str | None = None
    state: str | None = None


class IndividualResponseSchema(ResponseModel):
    first_name: str
    last_name: str
    title: str | None = None
    date_of_birth: date | None = None
    id_number: str | None = None
    ssn_last_4: str | None = None


class OrganizationResponseSchema(ResponseModel):
    legal_name: str
    business_structure: str | None = None
    legal_entity_id: str | None = None
    directors_provided: bool | None = None
    executives_provided: bool | None = None
    owners_provided: bool | None = None
    representative_provided: bool | None = None


class EntityResponse(ResponseModel):
    """Both variants of the spec's `oneOf` (organization, individual) in one tolerant model."""

    id: str
    created_at: datetime
    updated_at: datetime
    type: Annotated[str, warn_unknown("EntityTypeEnum", "individual", "organization")]
    status: EntityStatus
    address: EntityAddressResponseSchema
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    tax_id: str | None = None
    registration_number: str | None = None
    registration_authority: str | None = None
    individual: IndividualResponseSchema | None = None
    organization: OrganizationResponseSchema | None = None
    logo: dict[str, Any] | None = None


class EntityPaginationResponse(ResponseModel):
    data: list[EntityResponse]
    next_pagination_token: str | None = None
    prev_pagination_token: str | None = None


class PartnerMetadata(RequestModel):
    metadata: dict[str, Any]


class PartnerMetadataResponse(ResponseModel):
    metadata: dict[str, Any] | None = None


class EntityVatID(RequestModel):
    country: Country
    value: Annotated[str, Field(min_length=1, max_length=32)]
    type: str | None = None


class EntityUpdateVatID(RequestModel):
    send_explicit_nulls = True

    country: Country | None = None
    value: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    type: str | None = None


class EntityVatIDResponse(ResponseModel):
    id: str
    entity_id: str
    country: str
    value: str
    type: str | None = None


class EntityVatIDResourceList(ResponseModel):
    data: list[EntityVatIDResponse]


class PatchSettingsPayload(RequestModel):
    """Entity settings to change; nested sections are passed through as Monite documents them."""

    send_explicit_nulls = True
    never_null = frozenset(
        {
            "document_rendering",
            "generate_paid_invoice_pdf",
            "payables_skip_approval_flow",
            "quote_signature_required",
            "vat_inclusive_discount_mode",
        }
    )

    accounting: dict[str, Any] | None = None
    allow_purchase_order_autolinking: bool | None = None
    currency: dict[str, Any] | None = None
    document_ids: dict[str, Any] | None = None
    document_rendering: dict[str, Any] | None = None
    generate_paid_invoice_pdf: bool | None = None
    language: str | None = None
    mail: dict[str, Any] | None = None
    payables_ocr_auto_tagging: list[dict[str, Any]] | None = None
    payables_skip_approval_flow: bool | None = None
    payment_priority: str | None = None
    quote_signature_required: bool | None = None
    receivable_edit_flow: str | None = None
    reminder: dict[str, Any] | None = None
    vat_inclusive_discount_mode: str | None = None
    vat_mode: str | None = None


class SettingsResponse(ResponseModel):
    accounting: dict[str, Any] | None = None
    allow_purchase_order_autolinking: bool | None = None
    currency: dict[str, Any] | None = None
    document_ids: dict[str, Any] | None = None
    document_rendering: dict[str, Any] | None = None
    generate_paid_invoice_pdf: bool | None = None
    language: str | None = None
    mail: dict[str, Any] | None = None
    payables_ocr_auto_tagging: list[dict[str, Any]] | None = None
    payables_skip_approval_flow: bool | None = None
    payment_priority: str | None = None
    quote_signature_required: bool | None = None
    receivable_edit_flow: str | None = None
    reminder: dict[str, Any] | None = None
    vat_inclusive_discount_mode: str | None = None
    vat_mode: str | None = None
