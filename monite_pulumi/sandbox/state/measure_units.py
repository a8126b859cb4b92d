"""Measure units of an entity (what `ProductServiceRequest.measure_unit_id` refers to)."""

from __future__ import annotations

import uuid
from typing import Any

from monite_pulumi.sandbox.state.clock import iso
from monite_pulumi.sandbox.state.scoped import EntityScopedDocuments
from monite_pulumi.sandbox.store import Document

KIND = "measure_unit"


class MeasureUnitsState(EntityScopedDocuments):
    kind = KIND
    label = "Measure unit"

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

    def list(self, partner_id: str, entity_id: str) -> list[Document]:
        return self._store.list(KIND, partner_id, entity_id)
