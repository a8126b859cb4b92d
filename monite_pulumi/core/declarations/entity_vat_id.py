"""``EntityVatId``: one VAT (or other tax) id of an entity."""

from __future__ import annotations

from monite_pulumi.core.declaration import STRING, Field, ResourceDeclaration
from monite_pulumi.core.declarations._common import ADOPT_ID, adopt_id, entity_id

__all__ = ["ENTITY_VAT_ID"]

ENTITY_VAT_ID = ResourceDeclaration(
    name="EntityVatId",
    label="VAT id",
    description="A VAT id of a Monite entity. `entityId` is create-only; the rest change in place.",
    id_output="vat_id",
    inputs=(
        entity_id("The entity the VAT id belongs to; create-only."),
        Field("country", STRING, "ISO 3166-1 alpha-2 country code, e.g. DE.", required=True),
        Field(
            "value",
            STRING,
            "The id itself, e.g. DE123456789 (at most 32 characters).",
            required=True,
        ),
        Field(
            "type",
            STRING,
            "VatIDTypeEnum: eu_vat, gb_vat, us_ein, ... or unknown.",
            default="unknown",
        ),
        adopt_id(),
    ),
    computed=(Field("vat_id", STRING, "The Monite VAT id's id."),),
    options=frozenset({ADOPT_ID}),
    create_only=frozenset({"entity_id"}),
    input_only=frozenset({ADOPT_ID}),
    entity_scoped=True,
)
