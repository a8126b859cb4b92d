"""Webhook subscriptions (partner level); `webhook_delivery` sends the events they select.

The signing secret is stored with the subscription but shown only by create and
regenerate_secret, as Monite does.
"""

from __future__ import annotations

import secrets
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

KIND = "webhook_subscription"
_PUBLIC_FIELDS = ("id", "event_types", "object_type", "status", "url")


def public(doc: Document) -> Document:
    """`WebhookSubscriptionResource`: no secret, no bookkeeping fields."""
    return {name: doc[name] for name in _PUBLIC_FIELDS}


def with_secret(doc: Document) -> Document:
    """`WebhookSubscriptionResourceWithSecret`."""
    return {**public(doc), "secret": doc["secret"]}


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhooksState:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def create(self, partner_id: str, body: dict[str, Any]) -> Document:
        now = iso(self._clock)
        doc: Document = {
            "id": str(uuid.uuid4()),
            "created_at": now,
            "updated_at": now,
            "event_types": body.get("event_types") or [],
            "object_type": body["object_type"],
            "status": "enabled",
            "url": body["url"],
            "secret": _new_secret(),
        }
        self._store.put(KIND, doc["id"], partner_id, None, doc)
        return doc

    def get(self, partner_id: str, subscription_id: str) -> Document:
        found = self._store.get(KIND, subscription_id)
        if found is None or found[0] != partner_id:
            raise NotFoundError(f"Webhook subscription {subscription_id} not found")
        return found[2]

    def update(self, partner_id: str, subscription_id: str, **changes: Any) -> Document:
        """Set the given fields (a `None` means "unchanged", as in the PATCH body)."""
        with self._store.transaction():
            doc = self.get(partner_id, subscription_id)
            doc.update({key: value for key, value in changes.items() if value is not None})
            doc["updated_at"] = iso(self._clock)
            self._store.put(KIND, subscription_id, partner_id, None, doc)
            return doc

    def regenerate_secret(self, partner_id: str, subscription_id: str) -> Document:
        return self.update(partner_id, subscription_id, secret=_new_secret())

    def delete(self, partner_id: str, subscription_id: str) -> None:
        with self._store.transaction():
            self.get(partner_id, subscription_id)
            self._store.delete(KIND, subscription_id)

    def deliverable(self, partner_id: str, object_type: str, event: str) -> list[Document]:
        """Enabled subscriptions (with their secret) that select this event.

        An empty `event_types` selects every event of the object type; an entry matches the
        short name (`connected`) or the full action (`accounting_connection.connected`).
        """
        wanted = {event, f"{object_type}.{event}"}
        return [
            doc
            for doc in self._store.list(KIND, partner_id)
            if doc["status"] == "enabled"
            and doc["object_type"] == object_type
            and (not doc["event_types"] or wanted & set(doc["event_types"]))
        ]

    def list(self, partner_id: str, query: Query, offset: int) -> Page:
        items = [
            doc
            for doc in self._store.list(KIND, partner_id)
            if (query.get("object_type") in (None, doc["object_type"]))
            and created_between(doc, query)
        ]
        page = paginate(sort_documents(items, query.get("sort"), query.get("order")), query, offset)
        return Page(
            [public(doc) for doc in page.data],
            page.next_pagination_token,
            page.prev_pagination_token,
        )
