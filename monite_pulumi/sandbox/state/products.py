"""Products and services of an entity's catalog."""

from __future__ import annotations

import uuid
from typing import Any

from monite_pulumi.sandbox.state.clock import iso
from monite_pulumi.sandbox.state.paging import (
    Page,
    Query,
    created_between,
    paginate,
    sort_documents,
)
from monite_pulumi.sandbox.state.scoped import EntityScopedDocuments
from monite_pulumi.sandbox.store import Document

KIND = "product"

_OPTIONAL_FIELDS = (
    "description",
    "external_reference",
    "ledger_account_id",
    "measure_unit_id",
    "price",
    "smallest_amount",
)


class ProductsState(EntityScopedDocuments):
    kind = KIND
    label = "Product"

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
