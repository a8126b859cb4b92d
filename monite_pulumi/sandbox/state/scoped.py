"""Objects that live under one entity of one partner (products, measure units).

One place for what they share: a lookup that answers 404 unless both the partner and the entity
match, and the patch and delete that go through it inside one transaction.
"""

from __future__ import annotations

from typing import Any, ClassVar

from monite_pulumi.sandbox.errors import NotFoundError
from monite_pulumi.sandbox.state.clock import Clock, iso
from monite_pulumi.sandbox.store import Document, Store


class EntityScopedDocuments:
    """Get, patch and delete of one kind of entity-scoped document."""

    kind: ClassVar[str]
    label: ClassVar[str]
    """How the 404 message names the object (``Product``, ``Measure unit``)."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def get(self, partner_id: str, entity_id: str, object_id: str) -> Document:
        # assumed (docs/assumed-behaviour.md): unknown or another partner's id -> 404
        found = self._store.get(self.kind, object_id)
        if found is None or found[0] != partner_id or found[1] != entity_id:
            raise NotFoundError(f"{self.label} {object_id} not found")
        return found[2]

    def update(
        self, partner_id: str, entity_id: str, object_id: str, patch: dict[str, Any]
    ) -> Document:
        with self._store.transaction():
            doc = self.get(partner_id, entity_id, object_id)
            doc.update(patch)
            doc["updated_at"] = iso(self._clock)
            self._store.put(self.kind, object_id, partner_id, entity_id, doc)
            return doc

    def delete(self, partner_id: str, entity_id: str, object_id: str) -> None:
        with self._store.transaction():
            self.get(partner_id, entity_id, object_id)
            self._store.delete(self.kind, object_id)
