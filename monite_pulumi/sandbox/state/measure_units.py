"""Measure units of an entity (what `ProductServiceRequest.measure_unit_id` refers to)."""

from __future__ import annotations

import uuid
from typing import Any

from monite_pulumi.sandbox.errors import NotFoundError
from monite_pulumi.sandbox.state.clock import Clock, iso
from monite_pulumi.sandbox.store import Document, Store

KIND = "measure_unit"


class MeasureUnitsState:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def create(self, partner_id: str, entity_id: str, body: dict[str, Any]) -> Document:
        now = iso(self._clock)
        doc: Document = {
            "id": str(uuid.uuid4()),
            "created_at": now,
            "updated_at": now,
            "name": body["name"],
            "description": body.get("description"),
        }
        self._store.put(KIND, doc["id"], partner_id, entity_id, doc)
        return doc

    def get(self, partner_id: str, entity_id: str, unit_id: str) -> Document:
        found = self._store.get(KIND, unit_id)
        if found is None or found[0] != partner_id or found[1] != entity_id:
            raise NotFoundError(f"Measure unit {unit_id} not found")
        return found[2]

    def list(self, partner_id: str, entity_id: str) -> list[Document]:
        return self._store.list(KIND, partner_id, entity_id)

    def update(
        self, partner_id: str, entity_id: str, unit_id: str, patch: dict[str, Any]
    ) -> Document:
        with self._store.transaction():
            doc = self.get(partner_id, entity_id, unit_id)
            doc.update(patch)
            doc["updated_at"] = iso(self._clock)
            self._store.put(KIND, unit_id, partner_id, entity_id, doc)
            return doc

    def delete(self, partner_id: str, entity_id: str, unit_id: str) -> None:
        with self._store.transaction():
            self.get(partner_id, entity_id, unit_id)
            self._store.delete(KIND, unit_id)
