"""Entity bodies: create, update, partner metadata, VAT ids."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StrictBool, StrictStr, field_validator

from monite_pulumi.sandbox.schemas.enums import COUNTRIES, VAT_ID_TYPES
from monite_pulumi.sandbox.schemas.fields import (
    Closed,
    Email,
    IsoDate,
    Max32,
    Max100,
    Open,
    Text1_10,
    Text1_20,
    Text1_30,
    Text1_100,
    Text1_200,
    Text1_255,
    Text4_4,
    Uri,
    one_of,
    reject_null,
)

Country = Annotated[StrictStr, AfterValidator(one_of("country code", COUNTRIES))]
VatIdType = Annotated[StrictStr, AfterValidator(one_of("VAT id type", VAT_ID_TYPES))]
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


class EntityAddressSchema(Closed):
    city: Text1_100
    country: Country
    line1: Text1_200
    line2: Text1_100 | None = None
    postal_code: Text1_10
    state: Text1_100 | None = None


class UpdateEntityAddressSchema(Closed):
    """No `country`: it cannot change after create (an extra field is a 422)."""

    city: Text1_100 | None = None
    line1: Text1_200 | None = None
    line2: Text1_100 | None = None
    postal_code: Text1_10 | None = None
    state: Text1_100 | None = None


class IndividualSchema(Closed):
    date_of_birth: IsoDate | None = None
    first_name: Text1_100
    id_number: Text1_100 | None = None
    last_name: Text1_100
    ssn_last_4: Text4_4 | None = None
    title: Annotated[StrictStr, Field(min_length=1, max_length=10)] | None = None


class OptionalIndividualSchema(Closed):
    date_of_birth: IsoDate | None = None
    first_name: Text1_100 | None = None
    id_number: Text1_100 | None = None
    last_name: Text1_100 | None = None
    ssn_last_4: Text4_4 | None = None
    title: Annotated[StrictStr, Field(min_length=1, max_length=10)] | None = None


class OrganizationSchema(Open):
    business_structure: BusinessStructure | None = None
    directors_provided: StrictBool | None = None
    executives_provided: StrictBool | None = None
    legal_entity_id: Text1_20 | None = None
    legal_name: Text1_255
    owners_provided: StrictBool | None = None
    representative_provided: StrictBool | None = None


class OptionalOrganizationSchema(Closed):
    business_structure: BusinessStructure | None = None
    directors_provided: StrictBool | None = None
    executives_provided: StrictBool | None = None
    legal_entity_id: Text1_20 | None = None
    legal_name: Text1_255 | None = None
    owners_provided: StrictBool | None = None
    representative_provided: StrictBool | None = None


class CreateEntityRequest(Closed):
    address: EntityAddressSchema
    email: Email
    individual: IndividualSchema | None = None
    organization: OrganizationSchema | None = None
    phone: Max100 | None = None
    registration_authority: Text1_100 | None = None
    registration_number: Text1_100 | None = None
    tax_id: Text1_30 | None = None
    type: Literal["individual", "organization"]
    website: Uri | None = None


class UpdateEntityRequest(Closed):
    """No `type` and no `address.country`: both are create-only (an extra field is a 422)."""

    address: UpdateEntityAddressSchema | None = None
    email: Email | None = None
    individual: OptionalIndividualSchema | None = None
    organization: OptionalOrganizationSchema | None = None
    phone: Max100 | None = None
    registration_authority: Text1_100 | None = None
    registration_number: Text1_100 | None = None
    tax_id: Text1_30 | None = None
    website: Uri | None = None


class PartnerMetadata(Open):
    metadata: dict[str, Any]


class EntityVatID(Closed):
    country: Country
    type: VatIdType | None = None
    value: Max32

    _type_not_null = field_validator("type", mode="before")(reject_null)


class EntityUpdateVatID(Closed):
    country: Country | None = None
    type: VatIdType | None = None
    value: Max32 | None = None
