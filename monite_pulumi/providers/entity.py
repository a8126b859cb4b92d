"""``EntityProvider``: Monite entities (tenants) as a Pulumi dynamic resource.

create = POST /entities (+ PUT partner metadata, + deactivate when ``active=False``); read =
GET (404 or ``deleted`` -> gone); update = PATCH the changeable fields, PUT metadata, activate or
deactivate; delete = deactivate (Monite has no entity delete). ``type`` and ``address.country``
cannot change in Monite: replacing means a new tenant id, so it needs ``allow_replacement=True``.

The request models and pydantic are imported inside the methods that use them: a program imports
this module for the class alone (see ``_core``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations.entity import ENTITY
from monite_pulumi.errors import ConflictError, MoniteError, NotFoundError
from monite_pulumi.providers._adopt import create_without_duplicates
from monite_pulumi.providers._adopt_id import ADOPT_ID
from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers._messages import ResourceError, describe_error
from monite_pulumi.providers._shape import shape_of
from monite_pulumi.providers._values import canonical, declared_values, is_unknown, same_value

if TYPE_CHECKING:
    from monite_pulumi.client.models import EntityResponse

__all__ = ["ENTITY_SHAPE", "EntityProvider"]

# Fields of Monite's create request, in the order of the spec; the rest are provider inputs.
_MONITE_FIELDS = (
    "type",
    "email",
    "address",
    "individual",
    "organization",
    "phone",
    "website",
    "tax_id",
    "registration_number",
    "registration_authority",
)
_UPDATABLE_FIELDS = tuple(name for name in _MONITE_FIELDS if name != "type")


@functools.cache
def _nested_fields() -> Mapping[str, tuple[str, ...]]:
    """The keys of each nested object, as Monite's schemas name them."""
    from monite_pulumi.client.models import (
        EntityAddressSchema,
        IndividualSchema,
        OrganizationSchema,
    )

    return MappingProxyType(
        {
            "address": tuple(EntityAddressSchema.model_fields),
            "individual": tuple(IndividualSchema.model_fields),
            "organization": tuple(OrganizationSchema.model_fields),
        }
    )


ENTITY_SHAPE = shape_of(ENTITY)

_HINTS = MappingProxyType(
    {
        "address.country": "must be an ISO 3166-1 alpha-2 country code in capitals, e.g. DE",
        "type": "must be one of individual, organization",
        "email": "must be an e-mail address (name@domain.example), at most 255 characters",
        "website": "must be a URL with its scheme (https://acme.example), at most 2083 characters",
    }
)


def _country(address: Any) -> Any:
    return address.get("country") if isinstance(address, Mapping) else address


def _replacement_reason(field: str, old: Any, new: Any) -> str:
    return (
        f"changing {wording.name(field)} from {wording.literal(old)} to {wording.literal(new)} "
        "would REPLACE this entity: "
        f"Monite cannot change {wording.name(field)} in place, so Pulumi would create a new "
        "tenant (a new entity id) and only deactivate the old one, with its invoices, payables "
        "and accounting connection. If that is what you want, set "
        f"{wording.setting('allow_replacement', True)} on this Entity for this run; otherwise "
        f"set {wording.name(field)} back to {wording.literal(old)}."
    )


def _live_values(entity: EntityResponse) -> dict[str, Any]:
    """The entity as Monite holds it, by output name."""
    dump = entity.model_dump(mode="json")
    live: dict[str, Any] = {
        "entity_id": entity.id,
        "status": entity.status,
        "created_at": dump["created_at"],
        "updated_at": dump["updated_at"],
        "active": entity.status == "active",
    }
    nested = _nested_fields()
    for name in _MONITE_FIELDS:
        value = dump.get(name)
        if name in nested and isinstance(value, Mapping):
            value = {key: value.get(key) for key in nested[name]}
        live[name] = canonical(value)
    return live


def _on_keys_of(live: Any, wanted: Any) -> Any:
    """``live`` on the keys of ``wanted`` only: keys Monite filled in by itself are no mismatch."""
    if isinstance(wanted, Mapping) and isinstance(live, Mapping):
        return {key: _on_keys_of(live.get(key), item) for key, item in wanted.items()}
    return live


def _request_fields(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return declared_values(inputs, _MONITE_FIELDS)


def _patch_value(name: str, new: Any, removed: frozenset[str]) -> Any:
    """What to send for a changed field: declared keys, and null for each declared key removed.

    Null clears an entity field: assumed (docs/assumed-behaviour.md, "null in PATCH
    /entities/{id}"), since Monite's documents do not say. ``address.country`` cannot change.
    """
    nested = _nested_fields()
    if name not in nested or not isinstance(new, Mapping):
        return new
    cleared = {path.split(".", 1)[1] for path in removed if path.startswith(name + ".")}
    keys = [key for key in nested[name] if not (name == "address" and key == "country")]
    return {key: new.get(key) for key in keys if new.get(key) is not None or key in cleared}


class EntityProvider(MoniteProvider):
    """Provider of ``monite_pulumi.Entity``; its import path lives in state (pinned by tests)."""

    shape = ENTITY_SHAPE

    # -- check and diff -------------------------------------------------------------------------

    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        from monite_pulumi.client.models import CreateEntityRequest
        from monite_pulumi.providers._checks import validate_known

        failures = validate_known(CreateEntityRequest, _request_fields(news), hints=_HINTS)
        failures.extend(self._kind_failures(news))
        failures.extend(self._option_failures(news))
        if olds and news.get("allow_replacement") is not True and news.get(ADOPT_ID) is None:
            # While adopt_id is set, Diff refuses the replacement with its own advice.
            failures.extend(self._replacement_failures(olds, news))
        return failures

    def _kind_failures(self, news: Mapping[str, Any]) -> list[CheckFailure]:
        kind = news.get("type")
        if kind not in ("individual", "organization"):
            return []
        other = "organization" if kind == "individual" else "individual"
        failures = []
        if news.get(kind) is None:
            failures.append(CheckFailure(kind, f"is required when type is {kind}"))
        if news.get(other) is not None:
            failures.append(CheckFailure(other, f"must be left out when type is {kind}"))
        return failures

    def _option_failures(self, news: Mapping[str, Any]) -> list[CheckFailure]:
        failures = []
        for name in ("active", "allow_replacement"):
            value = news.get(name)
            if not is_unknown(value) and not isinstance(value, bool):
                failures.append(CheckFailure(name, "must be true or false"))
        metadata = news.get("partner_metadata")
        if metadata is not None and not is_unknown(metadata) and not isinstance(metadata, Mapping):
            failures.append(CheckFailure("partner_metadata", "must be an object (a dict)"))
        return failures

    def _replacement_failures(
        self, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> list[CheckFailure]:
        failures = []
        pairs = (
            ("type", olds.get("type"), news.get("type")),
            ("address.country", _country(olds.get("address")), _country(news.get("address"))),
        )
        for field, old, new in pairs:
            if old is None or new is None or is_unknown(old) or is_unknown(new) or old == new:
                continue
            failures.append(CheckFailure(field, _replacement_reason(field, old, new)))
        return failures

    def is_managed(self, name: str, news: Mapping[str, Any]) -> bool:
        # Partner metadata costs a request per read: managed only when the program declares it.
        return name != "partner_metadata" or news.get(name) is not None

    def needs_replacement(self, name: str, old: Any, new: Any) -> bool:
        if name == "address":
            new_country, old_country = _country(new), _country(old)
            return is_unknown(new) or is_unknown(new_country) or new_country != old_country
        return name in self.shape.create_only

    def mismatch_detail(self, name: str, held: Any, declared: Any) -> tuple[str, Any, Any]:
        if name == "address":
            return "address.country", _country(held), _country(declared)
        return name, held, declared

    def refuse_replacement(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], fields: list[str]
    ) -> None:
        if news.get("allow_replacement") is True:
            return
        reasons = []
        for field in fields:
            if field == "address":
                old, new = _country(olds.get("address")), _country(news.get("address"))
                reasons.append(_replacement_reason("address.country", old, new))
            else:
                reasons.append(_replacement_reason(field, olds.get(field), news.get(field)))
        raise ResourceError(f"Refusing to replace Monite entity {object_id}: " + " ".join(reasons))

    # -- Monite calls ---------------------------------------------------------------------------

    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        from monite_pulumi.client.models import CreateEntityRequest
        from monite_pulumi.providers._checks import parse_request

        body = parse_request(
            CreateEntityRequest,
            _request_fields(inputs),
            what="create a Monite entity",
            hints=_HINTS,
        )
        client = self.client()
        wanted = canonical(body.model_dump(mode="json", exclude_none=True))

        def matches(entity: EntityResponse) -> bool:
            live = _live_values(entity)
            return entity.status != "deleted" and all(
                same_value(_on_keys_of(live.get(name), value), value)
                for name, value in wanted.items()
            )

        entity = create_without_duplicates(
            create=lambda: client.create_entity(body),
            find_created_since=lambda since: [
                found
                for found in client.list_entities(
                    email=body.email, type=body.type, created_at__gte=since
                )
                if matches(found)
            ],
            identify=lambda found: found.id,
            label="entity",
            settle=self.settle_policy(),
        )
        return self._finish_create(entity, inputs)

    def _finish_create(self, entity: EntityResponse, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Metadata and activation after the POST; on failure, leave no live orphan behind."""
        client = self.client()
        try:
            metadata = inputs.get("partner_metadata")
            if metadata is not None:
                client.put_partner_metadata(entity.id, dict(metadata))
            if inputs.get("active") is False:
                entity = client.deactivate_entity(entity.id)
        except MoniteError as error:
            cleanup = "it has been deactivated so that no live orphan is left"
            try:
                client.deactivate_entity(entity.id)
            except MoniteError:
                cleanup = "deactivating it failed too: deactivate it by hand"
            detail = describe_error(
                error, action="finish creating", label="entity", object_id=entity.id
            )
            raise ResourceError(f"{detail} The entity was created, but {cleanup}.") from None
        live = _live_values(entity)
        if metadata is not None:
            live["partner_metadata"] = dict(metadata)
        return live

    def adopt_remote(self, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        """The entity as usual; declared partner metadata is then written (one PUT, no GET)."""
        metadata = inputs.get("partner_metadata")
        live = dict(super().adopt_remote(object_id, {**inputs, "partner_metadata": None}))
        if metadata is not None:
            live["partner_metadata"] = self.client().put_partner_metadata(object_id, dict(metadata))
        return live

    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        client = self.client()
        try:
            entity = client.get_entity(object_id)
        except NotFoundError:
            return None
        if entity.status == "deleted":
            return None
        live = _live_values(entity)
        if self.is_managed("partner_metadata", declared):
            live["partner_metadata"] = client.get_partner_metadata(object_id)
        return live

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        client = self.client()
        entity: EntityResponse | None = None
        activate = news.get("active") is True and olds.get("active") is not True
        deactivate = news.get("active") is False and olds.get("active") is not False
        if activate:
            entity = client.activate_entity(object_id)
        changed = self.changed_inputs(olds, news)
        removed = self.removed_inputs(olds, news)
        patch = {
            name: _patch_value(name, news.get(name), removed)
            for name in _UPDATABLE_FIELDS
            if name in changed
        }
        if patch:
            from monite_pulumi.client.models import UpdateEntityRequest
            from monite_pulumi.providers._checks import parse_request

            body = parse_request(
                UpdateEntityRequest, patch, what=f"update Monite entity {object_id}", hints=_HINTS
            )
            entity = client.update_entity(object_id, body)
        metadata = olds.get("partner_metadata")
        if "partner_metadata" in removed:
            # Removed from the program: Monite keeps it until it is replaced by an empty object.
            client.put_partner_metadata(object_id, {})
            metadata = None
        elif "partner_metadata" in changed:
            metadata = client.put_partner_metadata(object_id, dict(news["partner_metadata"]))
        if deactivate:
            entity = client.deactivate_entity(object_id)
        if entity is None:
            entity = client.get_entity(object_id)
        live = _live_values(entity)
        if self.is_managed("partner_metadata", news):
            live["partner_metadata"] = metadata
        return live

    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        client = self.client()
        try:
            client.deactivate_entity(object_id)
        except NotFoundError:
            return
        except ConflictError:
            if client.get_entity(object_id).status == "active":
                raise
