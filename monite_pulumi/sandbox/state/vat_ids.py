"""An entity's VAT ids: a small CRUD collection under the entity."""

from __future__ import annotations

import uuid
from typing import Any

from monite_pulumi.sandbox.errors import NotFoundError
from monite_pulumi.sandbox.state.entities import EntitiesState
from monite_pulumi.sandbox.store import Document, Store

KIND = "vat_id"


class VatIdsState:
    def __init__(self, store: Store, entities: EntitiesState) -> None:
        self._store = store
        self._entities = entities

    def create(self, partner_id: str, entity_id: str, body: dict[str, Any]) -> Document:
        with self._store.transaction():
            self._entities.get(partner_id, entity_id)
            doc: Document = {
                "id": str(uuid.uuid4()),
                "entity_id": entity_id,
                "country": body["country"],
                "type": body.get("type") or "unknown",
                "value": body["value"],
            }
            self._store.put(KIND, doc["id"], partner_id, entity_id, doc)
            return doc

    def list(self, partner_id: str, entity_id: str) -> list[Document]:
        self._entities.get(partner_id, entity_id)
        return self._store.list(KIND, partner_id, entity_id)

    def get(self, partner_id: str, entity_id: str, vat_id: str) -> Document:
        self._entities.get(partner_id, entity_id)
        found = self._store.get(KIND, vat_id)
        if found is None or found[0] != partner_id or found[1] != entity_id:
            raise NotFoundError(f"VAT id {vat_id} not found")
        return found[2]

    def update(
        self, partner_id: str, entity_id: str, vat_id: str, patch: dict[str, Any]
    ) -> Document:
        with self._store.transaction():
            doc = self.get(partner_id, entity_id, vat_id)
            doc.update({key: value for key, value in patch.items() if value is not None})
            self._store.put(KIND, vat_id, partner_id, entity_id, doc)
            return doc

    def delete(self, partner_id: str, entity_id: str, vat_id: str) -> None:
        with self._store.transaction():
            self.get(partner_id, entity_id, vat_id)
            self._store.delete(KIND, vat_id)
