"""Products and services of an entity's catalog."""

from __future__ import annotations

import uuid
from typing import Any

from monite_pulumi.sandbox.errors import NotFoundError
from monite_pulumi.sandbox.state.clock import Clock, iso
from monite_pulumi.sandbox.state.paging import (
    Page,
    Query,
    created_between,
    paginate,
    sort_documents,
)
from monite_pulumi.sandbox.store import Document, Store

KIND = "product"

_OPTIONAL_FIELDS = (
    "description",
    "external_reference",
    "ledger_account_id",
    "measure_unit_id",
    "price",
    "smallest_amount",
)


class ProductsState:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def create(self, partner_id: str, entity_id: str, body: dict[str, Any]) -> Document:
        now = iso(self._clock)
        doc: Document = {
            "id": str(uuid.uuid4()),
            "created_at": now,
            "updated_at": now,
            "entity_id": entity_id,
            "entity_user_id": None,
            "name": body["name"],
            "type": body.get("type") or "product",
            **{name: body.get(name) for name in _OPTIONAL_FIELDS},
        }
        self._store.put(KIND, doc["id"], partner_id, entity_id, doc)
        return doc

    def get(self, partner_id: str, entity_id: str, product_id: str) -> Document:
        # assumed (monite-api.md, "What we assume"): unknown or another partner's id -> 404
        found = self._store.get(KIND, product_id)
        if found is None or found[0] != partner_id or found[1] != entity_id:
            raise NotFoundError(f"Product {product_id} not found")
        return found[2]

    def update(
        self, partner_id: str, entity_id: str, product_id: str, patch: dict[str, Any]
    ) -> Document:
        with self._store.transaction():
            doc = self.get(partner_id, entity_id, product_id)
            doc.update(patch)
            doc["updated_at"] = iso(self._clock)
            self._store.put(KIND, product_id, partner_id, entity_id, doc)
            return doc

    def delete(self, partner_id: str, entity_id: str, product_id: str) -> None:
        with self._store.transaction():
            self.get(partner_id, entity_id, product_id)
            self._store.delete(KIND, product_id)

    def list(self, partner_id: str, entity_id: str, query: Query, offset: int) -> Page:
        items = [
            doc for doc in self._store.list(KIND, partner_id, entity_id) if _matches(doc, query)
        ]
        return paginate(sort_documents(items, query.get("sort"), query.get("order")), query, offset)


def _price(doc: Document) -> int | None:
    price = doc.get("price")
    return int(price["value"]) if price else None


def _matches(doc: Document, query: Query) -> bool:
    """The `GET /products` filters of the spec."""
    name = doc["name"]
    price = _price(doc)
    currency = (doc.get("price") or {}).get("currency")
    checks = (
        ("id__in", lambda value: doc["id"] in value),
        ("name", lambda value: name == value),
        ("name__contains", lambda value: value in name),
        ("name__icontains", lambda value: value.lower() in name.lower()),
        ("type", lambda value: doc["type"] == value),
        ("price", lambda value: price == value),
        ("price__gt", lambda value: price is not None and price > value),
        ("price__lt", lambda value: price is not None and price < value),
        ("price__gte", lambda value: price is not None and price >= value),
        ("price__lte", lambda value: price is not None and price <= value),
        ("currency", lambda value: currency == value),
        ("currency__in", lambda value: currency in value),
        ("measure_unit_id", lambda value: doc.get("measure_unit_id") == value),
    )
    for key, check in checks:
        value = query.get(key)
        if value is not None and value != [] and not check(value):
            return False
    return created_between(doc, query)
