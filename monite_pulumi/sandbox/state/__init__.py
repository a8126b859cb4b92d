"""The sandbox's state layer (moto's `models.py`): every rule about objects lives here.

HTTP routers and the control API call into `Backend`; nothing here knows about HTTP.
"""

from __future__ import annotations

from datetime import timedelta

from monite_pulumi.sandbox.errors import NotFoundError
from monite_pulumi.sandbox.state.auth import AuthState
from monite_pulumi.sandbox.state.clock import Clock, parse_iso, system_clock
from monite_pulumi.sandbox.state.connections import ConnectionsState, LinkTokenState
from monite_pulumi.sandbox.state.entities import EntitiesState
from monite_pulumi.sandbox.state.entity_settings import EntitySettingsState
from monite_pulumi.sandbox.state.events import EventHub
from monite_pulumi.sandbox.state.measure_units import MeasureUnitsState
from monite_pulumi.sandbox.state.products import ProductsState
from monite_pulumi.sandbox.state.tenants import TenantsView
from monite_pulumi.sandbox.state.vat_ids import VatIdsState
from monite_pulumi.sandbox.state.webhooks import WebhooksState, public
from monite_pulumi.sandbox.store import Document, Store

__all__ = ["Backend", "LinkTokenState"]


class Backend:
    """All state of one sandbox, on one `Store`."""

    def __init__(self, store: Store, *, token_lifetime: int, clock: Clock = system_clock) -> None:
        self.store = store
        self.clock = clock
        self.events = EventHub()
        self.auth = AuthState(store, clock, token_lifetime)
        self.entities = EntitiesState(store, clock, self.events)
        self.entity_settings = EntitySettingsState(store, self.entities)
        self.vat_ids = VatIdsState(store, self.entities)
        self.products = ProductsState(store, clock)
        self.measure_units = MeasureUnitsState(store, clock)
        self.connections = ConnectionsState(store, clock, self.entities, self.events)
        self.webhooks = WebhooksState(store, clock)
        self.tenants = TenantsView(store, clock)

    def reset(self) -> None:
        """Forget every object, token and link token; partners stay."""
        self.store.forget_everything_but_partners()

    def backdate(self, kind: str, object_id: str, seconds: float) -> Document:
        """Move ``created_at`` of one object back in time (``updated_at`` stays: later is fine)."""
        with self.store.transaction():
            found = self.store.get(kind, object_id)
            if found is None:
                raise NotFoundError(f"No {kind} {object_id}")
            partner_id, entity_id, doc = found
            earlier = parse_iso(doc["created_at"]) - timedelta(seconds=seconds)
            doc["created_at"] = earlier.isoformat()
            self.store.put(kind, object_id, partner_id, entity_id, doc)
            return {"id": object_id, "created_at": doc["created_at"]}

    def objects(self) -> dict[str, list[Document]]:
        """Every object of every partner, for orphan checks."""
        return {
            "entities": self.store.list("entity"),
            "products": self.store.list("product"),
            "accounting_connections": self.store.list("accounting_connection"),
            "webhook_subscriptions": [
                public(doc) for doc in self.store.list("webhook_subscription")
            ],
        }
