"""Entities (partner level): create, read, patch, list, status, partner metadata."""

from __future__ import annotations

import uuid
from typing import Any

from monite_pulumi.sandbox.errors import BadRequestError, NotFoundError, UnprocessableError
from monite_pulumi.sandbox.state.clock import Clock, iso
from monite_pulumi.sandbox.state.events import EventHub, StateEvent
from monite_pulumi.sandbox.state.paging import (
    Page,
    Query,
    created_between,
    paginate,
    sort_documents,
)
from monite_pulumi.sandbox.store import Document, Store

KIND = "entity"
METADATA_KIND = "partner_metadata"

_ADDRESS_FIELDS = ("city", "country", "line1", "line2", "postal_code", "state")
_INDIVIDUAL_FIELDS = ("first_name", "last_name", "date_of_birth", "id_number", "ssn_last_4")
_ORGANIZATION_FIELDS = (
    "legal_name",
    "business_structure",
    "directors_provided",
    "executives_provided",
    "legal_entity_id",
    "owners_provided",
    "representative_provided",
)
# Nested fields every `EntityResponse` has: a null in a PATCH leaves them unchanged.
_ALWAYS_PRESENT = frozenset(
    ("city", "line1", "postal_code", "first_name", "last_name", "legal_name")
)
# What Monite may fill in by itself in an organization's answer (`OrganizationResponseSchema`
# has these booleans); filled only with the live setting `fill_server_defaults`, so that tests
# can show that a provider compares only the keys a program declared.
_ORGANIZATION_SERVER_DEFAULTS = {
    "directors_provided": False,
    "executives_provided": False,
    "owners_provided": False,
    "representative_provided": False,
}
_SCALAR_FIELDS = (
    "email",
    "phone",
    "registration_authority",
    "registration_number",
    "tax_id",
    "website",
)


def _project(source: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Every field present, `null` where absent: how real Monite answers."""
    return {name: source.get(name) for name in fields}


def _details_key(entity_type: str) -> str:
    return "organization" if entity_type == "organization" else "individual"


class EntitiesState:
    def __init__(self, store: Store, clock: Clock, events: EventHub | None = None) -> None:
        self._store = store
        self._clock = clock
        self._events = events or EventHub()
        self.fill_server_defaults = False
        """Answer organizations with Monite's own booleans filled in where none were sent."""

    def _fill_defaults(self, doc: Document) -> None:
        organization = doc.get("organization")
        if self.fill_server_defaults and isinstance(organization, dict):
            for name, value in _ORGANIZATION_SERVER_DEFAULTS.items():
                if organization.get(name) is None:
                    organization[name] = value

    def _announce(self, partner_id: str, entity_id: str, event: str) -> None:
        """Publish an `entity` event (webhooks: created, updated, activated, deactivated)."""
        self._events.publish(StateEvent(partner_id, KIND, event, entity_id, entity_id))

    def create(self, partner_id: str, body: dict[str, Any]) -> Document:
        entity_type = body["type"]
        key = _details_key(entity_type)
        other = "individual" if key == "organization" else "organization"
        if body.get(key) is None:
            raise UnprocessableError(f"An {entity_type} entity needs `{key}`", ("body", key))
        if body.get(other) is not None:
            raise UnprocessableError(
                f"An {entity_type} entity cannot have `{other}`", ("body", other)
            )
        now = iso(self._clock)
        fields = _ORGANIZATION_FIELDS if key == "organization" else _INDIVIDUAL_FIELDS
        doc: Document = {
            "id": str(uuid.uuid4()),
            "created_at": now,
            "updated_at": now,
            "type": entity_type,
            "status": "active",
            "address": _project(body["address"], _ADDRESS_FIELDS),
            key: _project(body[key], fields),
            "logo": None,
            **_project(body, _SCALAR_FIELDS),
        }
        self._fill_defaults(doc)
        self._store.put(KIND, doc["id"], partner_id, None, doc)
        self._announce(partner_id, doc["id"], "created")
        return doc

    def get(self, partner_id: str, entity_id: str) -> Document:
        """The partner's entity; another partner's is 404 like an unknown one."""
        # assumed (docs/assumed-behaviour.md): GET of another partner's entity -> 404
        found = self._store.get(KIND, entity_id)
        if found is None or found[0] != partner_id:
            raise NotFoundError(f"Entity {entity_id} not found")
        return found[2]

    def require_scope(self, partner_id: str, entity_id: str) -> Document:
        """The entity named by `X-Monite-Entity-Id`: it must be this partner's and not deleted."""
        # assumed (docs/assumed-behaviour.md): 404 for another partner's objects
        doc = self.get(partner_id, entity_id)
        if doc["status"] == "deleted":
            raise NotFoundError(f"Entity {entity_id} not found")
        return doc

    def update(self, partner_id: str, entity_id: str, patch: dict[str, Any]) -> Document:
        """Apply an `UpdateEntityRequest` (which has no `type` and no `address.country`)."""
        with self._store.transaction():
            doc = self.get(partner_id, entity_id)
            key = _details_key(doc["type"])
            other = "individual" if key == "organization" else "organization"
            if patch.get(other) is not None:
                raise BadRequestError(f"An {doc['type']} entity has no `{other}` details")
            for name in _SCALAR_FIELDS:
                if name in patch:  # a null clears it (assumed, as for nested fields below)
                    doc[name] = patch[name]
            for nested in ("address", key):
                for name, value in (patch.get(nested) or {}).items():
                    # assumed (docs/assumed-behaviour.md, "null in PATCH /entities/{id}"): a
                    # null clears an optional field; a field Monite always has stays as is.
                    if value is not None or name not in _ALWAYS_PRESENT:
                        doc[nested][name] = value
            self._fill_defaults(doc)
            doc["updated_at"] = iso(self._clock)
            self._store.put(KIND, entity_id, partner_id, None, doc)
        self._announce(partner_id, entity_id, "updated")
        return doc

    def set_status(self, partner_id: str, entity_id: str, status: str) -> Document:
        with self._store.transaction():
            doc = self.get(partner_id, entity_id)
            if doc["status"] == "deleted":
                raise BadRequestError(f"Entity {entity_id} is deleted")
            changed = doc["status"] != status
            if changed:
                doc["status"] = status
                doc["updated_at"] = iso(self._clock)
                self._store.put(KIND, entity_id, partner_id, None, doc)
        if changed:
            event = "activated" if status == "active" else "deactivated"
            self._announce(partner_id, entity_id, event)
        return doc

    def mark_deleted(self, entity_id: str) -> Document:
        """Control API: the entity is gone as far as Monite is concerned (any partner)."""
        with self._store.transaction():
            found = self._store.get(KIND, entity_id)
            if found is None:
                raise NotFoundError(f"Entity {entity_id} not found")
            partner_id, _, doc = found
            doc["status"] = "deleted"
            doc["updated_at"] = iso(self._clock)
            self._store.put(KIND, entity_id, partner_id, None, doc)
            return doc

    def list(self, partner_id: str, query: Query, offset: int) -> Page:
        items = [doc for doc in self._store.list(KIND, partner_id) if _matches(doc, query)]
        return paginate(sort_documents(items, query.get("sort"), query.get("order")), query, offset)

    # partner metadata ------------------------------------------------------------------------
    def get_metadata(self, partner_id: str, entity_id: str) -> dict[str, Any]:
        self.get(partner_id, entity_id)
        found = self._store.get(METADATA_KIND, entity_id)
        return found[2] if found else {}

    def put_metadata(
        self, partner_id: str, entity_id: str, metadata: dict[str, Any]
    ) -> dict[str, Any]:
        with self._store.transaction():
            self.get(partner_id, entity_id)
            self._store.put(METADATA_KIND, entity_id, partner_id, entity_id, metadata)
        return metadata


def _matches(doc: Document, query: Query) -> bool:
    """The `GET /entities` filters of the spec."""
    checks = (
        ("type", lambda value: doc["type"] == value),
        ("status", lambda value: doc["status"] == value),
        ("email", lambda value: doc.get("email") == value),
        ("email__in", lambda value: doc.get("email") in value),
        ("email__not_in", lambda value: doc.get("email") not in value),
        ("id__in", lambda value: doc["id"] in value),
        ("id__not_in", lambda value: doc["id"] not in value),
    )
    for name, check in checks:
        value = query.get(name)
        if value is not None and value != [] and not check(value):
            return False
    return created_between(doc, query)
