"""``EntitySettingsProvider``: the settings of one Monite entity as a Pulumi dynamic resource.

Monite has one settings document per entity and no create or delete for it: create and update
are ``PATCH /entities/{id}/settings`` with the declared fields, read is ``GET``, and delete
leaves the settings as they are (Monite cannot "unset" them; the entity keeps its last values).
Only declared fields are managed, compared and output; for a declared section (``currency``,
``document_ids``...) only the keys declared in it, so defaults Monite fills in are no drift.
A setting declared and then removed goes back to Monite's default: the spec's default where the
field cannot be null, else null (assumed to restore the default: docs/assumed-behaviour.md).
The resource id is the entity id (``entity_id`` is create-only). ``document_ids.next_number``
is left out on purpose: it is write-only, so it could never be read back and compared.

The input model (``_settings_input``), the client's models and pydantic are imported inside the
methods that use them: a program imports this module for the class alone (see ``_core``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations.entity_settings import ENTITY_SETTINGS
from monite_pulumi.errors import NotFoundError
from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers._entity_scope import EntityScope
from monite_pulumi.providers._shape import shape_of
from monite_pulumi.providers._values import canonical, changed_values, declared_values

if TYPE_CHECKING:
    from monite_pulumi.client.models import SettingsResponse

__all__ = ["ENTITY_SETTINGS_SHAPE", "SETTINGS_FIELDS", "EntitySettingsProvider"]

SETTINGS_FIELDS: tuple[str, ...] = (
    "language",
    "currency",
    "reminder",
    "mail",
    "document_ids",
    "payment_priority",
    "receivable_edit_flow",
    "vat_mode",
    "vat_inclusive_discount_mode",
    "allow_purchase_order_autolinking",
    "payables_skip_approval_flow",
    "quote_signature_required",
)
"""The settings this resource manages, named as in Monite's ``PatchSettingsPayload``; the
fields of ``_settings_input.SettingsInput``, in its order (pinned by a test)."""

ENTITY_SETTINGS_SHAPE = shape_of(ENTITY_SETTINGS)

_RESET_TO = MappingProxyType(
    {
        "payables_skip_approval_flow": False,
        "quote_signature_required": False,
        "vat_inclusive_discount_mode": "exclusive",
    }
)
"""Defaults of ``PatchSettingsPayload`` fields that cannot be null; any other removed setting
is sent as null."""

_HINTS = MappingProxyType(
    {
        "language": "must be a two-letter ISO 639-1 language code in lower case, e.g. de",
        "currency.default": "must be an ISO 4217 currency code in capitals, e.g. EUR",
    }
)
_SCOPE = EntityScope(
    subject="Monite entity settings {object_id} have",
    owner="the id of the entity whose settings these are",
    type_name="EntitySettings",
    required_reason="the id of the entity",
    id_is_entity_id=True,
)


def _declared(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return declared_values(inputs, SETTINGS_FIELDS)


def _project(live: Any, declared: Any) -> Any:
    """``live`` restricted to the keys ``declared`` names, at every level of nesting."""
    if isinstance(declared, Mapping) and isinstance(live, Mapping):
        return {key: _project(live.get(key), value) for key, value in declared.items()}
    return live


def _live_values(
    entity_id: str, settings: SettingsResponse, declared: Mapping[str, Any]
) -> dict[str, Any]:
    dump = settings.model_dump(mode="json")
    live = {name: canonical(_project(dump.get(name), value)) for name, value in declared.items()}
    return {**live, "entity_id": entity_id}


class EntitySettingsProvider(MoniteProvider):
    """Provider of ``monite_pulumi.EntitySettings``; its import path lives in state."""

    shape = ENTITY_SETTINGS_SHAPE
    scope = _SCOPE

    # -- check and diff -------------------------------------------------------------------------

    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        from monite_pulumi.providers._checks import validate_known
        from monite_pulumi.providers._settings_input import SettingsInput

        body = _declared(news)
        failures = validate_known(SettingsInput, body, hints=_HINTS)
        failures.extend(_SCOPE.failures(news))
        if not body:
            failures.append(
                CheckFailure(
                    "entity_id",
                    "declares no setting: set at least one of "
                    + ", ".join(wording.name(name) for name in SETTINGS_FIELDS),
                )
            )
        return failures

    def is_managed(self, name: str, news: Mapping[str, Any]) -> bool:
        return name == "entity_id" or news.get(name) is not None

    # -- Monite calls ---------------------------------------------------------------------------

    def _patch(self, entity_id: str, fields: Mapping[str, Any]) -> SettingsResponse:
        from monite_pulumi.client.models import PatchSettingsPayload
        from monite_pulumi.providers._checks import parse_request
        from monite_pulumi.providers._settings_input import SettingsInput

        checked = parse_request(
            SettingsInput, fields, what=f"set Monite entity settings {entity_id}", hints=_HINTS
        )
        values = checked.model_dump(mode="json", exclude_none=True)
        # A removed setting is given as None on purpose: sent as null, a reset to the default.
        values.update({name: None for name, value in fields.items() if value is None})
        body = PatchSettingsPayload.model_validate(values)
        return self.client().update_entity_settings(entity_id, body)

    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        entity_id = _SCOPE.entity_id(inputs, "(new)")
        declared = _declared(inputs)
        return _live_values(entity_id, self._patch(entity_id, declared), declared)

    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        entity_id = _SCOPE.entity_id(declared, object_id)
        try:
            settings = self.client().get_entity_settings(entity_id)
        except NotFoundError:
            return None
        return _live_values(entity_id, settings, _declared(declared))

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        entity_id = _SCOPE.entity_id(olds, object_id)
        declared = _declared(news)
        patch = changed_values(olds, news, SETTINGS_FIELDS)
        removed = self.removed_inputs(olds, news)
        patch.update({name: _RESET_TO.get(name) for name in SETTINGS_FIELDS if name in removed})
        if patch:
            settings = self._patch(entity_id, patch)
        else:
            settings = self.client().get_entity_settings(entity_id)
        return _live_values(entity_id, settings, declared)

    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        """Monite has no delete for settings: they stay as they are (see the module docstring)."""
