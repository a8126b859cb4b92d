"""``Entity``: one Monite tenant (an organisation or an individual)."""

from __future__ import annotations

from monite_pulumi.core.declaration import (
    ANY,
    BOOLEAN,
    STRING,
    Field,
    ObjectType,
    ResourceDeclaration,
    map_of,
    object_of,
)
from monite_pulumi.core.declarations._common import ADOPT_ID, adopt_id, timestamps

__all__ = ["ENTITY"]

_ADDRESS = ObjectType(
    "EntityAddress",
    "Registered address. `country` (ISO 3166-1 alpha-2) cannot change after creation.",
    (
        Field("country", STRING, "ISO 3166-1 alpha-2 country code, e.g. DE.", required=True),
        Field("city", STRING, "City.", required=True),
        Field("postal_code", STRING, "Postal code.", required=True),
        Field("line1", STRING, "First address line.", required=True),
        Field("line2", STRING, "Second address line."),
        Field("state", STRING, "State or region."),
    ),
)
_INDIVIDUAL = ObjectType(
    "EntityIndividual",
    "The person, for `type` individual.",
    (
        Field("first_name", STRING, "First name.", required=True),
        Field("last_name", STRING, "Last name.", required=True),
        Field("title", STRING, "Title, e.g. Dr."),
        Field("date_of_birth", STRING, "Date of birth (YYYY-MM-DD)."),
        Field("id_number", STRING, "National id number."),
        Field("ssn_last_4", STRING, "Last four digits of the US social security number."),
    ),
)
_ORGANIZATION = ObjectType(
    "EntityOrganization",
    "The company, for `type` organization.",
    (
        Field("legal_name", STRING, "Registered legal name.", required=True),
        Field("business_structure", STRING, "Legal form, e.g. llc."),
        Field("legal_entity_id", STRING, "Legal Entity Identifier (LEI)."),
        Field("directors_provided", BOOLEAN, "Whether the directors have been provided."),
        Field("executives_provided", BOOLEAN, "Whether the executives have been provided."),
        Field("owners_provided", BOOLEAN, "Whether the owners have been provided."),
        Field("representative_provided", BOOLEAN, "Whether the representative has been provided."),
    ),
)

ENTITY = ResourceDeclaration(
    name="Entity",
    label="entity",
    description=(
        "A Monite entity (tenant). Replacing an entity makes a new tenant id and only "
        "deactivates the old one, so changing `type` or `address.country` is refused unless "
        "`allowReplacement` is true."
    ),
    id_output="entity_id",
    inputs=(
        Field("type", STRING, "individual or organization; cannot change.", required=True),
        Field("email", STRING, "The entity's e-mail address.", required=True),
        Field("address", object_of("EntityAddress"), "Registered address.", required=True),
        Field("individual", object_of("EntityIndividual"), "The person, for type individual."),
        Field(
            "organization", object_of("EntityOrganization"), "The company, for type organization."
        ),
        Field("phone", STRING, "Phone number."),
        Field("website", STRING, "Website URL with its scheme (https://acme.example)."),
        Field("tax_id", STRING, "Tax id."),
        Field("registration_number", STRING, "Commercial register number."),
        Field("registration_authority", STRING, "Commercial register authority."),
        Field(
            "partner_metadata",
            map_of(ANY),
            "Free-form partner metadata; managed only when given: leaving it out keeps whatever "
            "Monite holds; an empty object clears it.",
        ),
        Field(
            "active",
            BOOLEAN,
            "False deactivates the entity (what delete does too).",
            default=True,
        ),
        Field(
            "allow_replacement",
            BOOLEAN,
            "Set deliberately to let a change of type or address.country create a new tenant.",
            default=False,
        ),
        adopt_id(),
    ),
    computed=(
        Field("entity_id", STRING, "The Monite entity id."),
        Field("status", STRING, "active, inactive or deleted."),
        *timestamps("entity"),
    ),
    options=frozenset({"allow_replacement", ADOPT_ID}),
    create_only=frozenset({"type"}),
    input_only=frozenset({ADOPT_ID}),
    opaque=frozenset({"partner_metadata"}),
    objects=(_ADDRESS, _INDIVIDUAL, _ORGANIZATION),
)
