"""``EntityVatIdProvider``: one VAT id of a Monite entity as a Pulumi dynamic resource.

Full CRUD on ``/entities/{entity_id}/vat_ids``: create = POST, read = GET (404, also for a gone
entity, drops it), update = PATCH of the changed ``country``/``value``/``type``, delete =
DELETE (404 counts as done). ``entity_id`` is create-only. ``type`` defaults to ``unknown``, as
in Monite. A create whose answer was lost adopts the entity's one VAT id with the same country,
value and type that did not exist before the POST: VAT ids show no ``created_at`` and their list
takes no filter, so the create first lists the entity's VAT ids (one request, for this resource
only) and never adopts one of those; several new identical ones are refused.

The request models and pydantic are imported inside the methods that use them: a program imports
this module for the class alone (see ``_core``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations.entity_vat_id import ENTITY_VAT_ID
from monite_pulumi.errors import NotFoundError
from monite_pulumi.providers._adopt import create_without_duplicates
from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers._entity_scope import EntityScope
from monite_pulumi.providers._shape import shape_of
from monite_pulumi.providers._values import changed_values, declared_values, is_unknown

if TYPE_CHECKING:
    from monite_pulumi.client.models import EntityVatIDResponse

__all__ = ["ENTITY_VAT_ID_SHAPE", "VAT_ID_TYPES", "EntityVatIdProvider"]

_VAT_ID_TYPE_NAMES = (
    "ae_trn au_abn au_arn bg_uic br_cnpj br_cpf ca_bn ca_gst_hst ca_pst_bc ca_pst_mb "
    "ca_pst_sk ca_qst ch_vat cl_tin es_cif eu_oss_vat eu_vat gb_vat ge_vat hk_br hu_tin "
    "id_npwp il_vat in_gst is_vat jp_cn jp_rn kr_brn li_uid mx_rfc my_frp my_itn my_sst "
    "no_vat nz_gst ru_inn ru_kpp sa_vat sg_gst sg_uen si_tin th_vat tw_vat ua_vat us_ein "
    "za_vat unknown"
)
VAT_ID_TYPES = frozenset(_VAT_ID_TYPE_NAMES.split())
"""``VatIDTypeEnum`` of the 2024-05-25 spec."""

_MONITE_FIELDS = ("country", "value", "type")

ENTITY_VAT_ID_SHAPE = shape_of(ENTITY_VAT_ID)

_HINTS = MappingProxyType(
    {
        "country": "must be an ISO 3166-1 alpha-2 country code in capitals, e.g. DE",
        "value": "must be 1 to 32 characters",
    }
)
_SCOPE = EntityScope(
    subject="Monite VAT id {object_id} has",
    owner="the id of the entity that owns the VAT id",
    type_name="EntityVatId",
    required_reason="the id of the owning entity",
)


def _live_values(vat_id: EntityVatIDResponse) -> dict[str, Any]:
    return {
        "vat_id": vat_id.id,
        "entity_id": vat_id.entity_id,
        "country": vat_id.country,
        "value": vat_id.value,
        "type": vat_id.type or "unknown",
    }


class EntityVatIdProvider(MoniteProvider):
    """Provider of ``monite_pulumi.EntityVatId``; its import path lives in state."""

    shape = ENTITY_VAT_ID_SHAPE
    scope = _SCOPE

    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        from monite_pulumi.client.models import EntityVatID
        from monite_pulumi.providers._checks import validate_known

        failures = validate_known(EntityVatID, declared_values(news, _MONITE_FIELDS), hints=_HINTS)
        vat_type = news.get("type")
        if isinstance(vat_type, str) and not is_unknown(vat_type) and vat_type not in VAT_ID_TYPES:
            failures.append(
                CheckFailure("type", "must be a Monite VAT id type, e.g. eu_vat, gb_vat, unknown")
            )
        failures.extend(_SCOPE.failures(news))
        return failures

    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        from monite_pulumi.client.models import EntityVatID, EntityVatIDResponse
        from monite_pulumi.providers._checks import parse_request

        entity_id = _SCOPE.entity_id(inputs, "(new)")
        body = parse_request(
            EntityVatID,
            declared_values(inputs, _MONITE_FIELDS),
            what="create a Monite VAT id",
            hints=_HINTS,
        )
        client = self.client()
        wanted = _live_values(
            EntityVatIDResponse(id="", entity_id=entity_id, **body.model_dump(mode="json"))
        )

        def same(found: EntityVatIDResponse) -> bool:
            live = _live_values(found)
            return all(live[name] == wanted[name] for name in _MONITE_FIELDS)

        existing = {found.id for found in client.list_entity_vat_ids(entity_id)}
        created = create_without_duplicates(
            create=lambda: client.create_entity_vat_id(entity_id, body),
            find_created_since=lambda _since: [
                found
                for found in client.list_entity_vat_ids(entity_id)
                if found.id not in existing and same(found)
            ],
            identify=lambda found: found.id,
            label="VAT id",
            settle=self.settle_policy(),
        )
        return _live_values(created)

    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        entity_id = _SCOPE.entity_id(declared, object_id)
        try:
            vat_id = self.client().get_entity_vat_id(entity_id, object_id)
        except NotFoundError:
            return None
        return _live_values(vat_id)

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        client = self.client()
        entity_id = _SCOPE.entity_id(olds, object_id)
        patch = changed_values(olds, news, _MONITE_FIELDS)
        if not patch:
            return _live_values(client.get_entity_vat_id(entity_id, object_id))
        from monite_pulumi.client.models import EntityUpdateVatID
        from monite_pulumi.providers._checks import parse_request

        body = parse_request(
            EntityUpdateVatID, patch, what=f"update Monite VAT id {object_id}", hints=_HINTS
        )
        return _live_values(client.update_entity_vat_id(entity_id, object_id, body))

    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        try:
            self.client().delete_entity_vat_id(_SCOPE.entity_id(props, object_id), object_id)
        except NotFoundError:
            return
