"""The chaos suite's stand-in for the Pulumi engine: per-tenant state and the up/refresh/destroy
steps ``pulumi`` would take, driven through the engine-protocol harness.

State follows the engine's rules: a failed create leaves nothing, a failed update or delete
keeps the old entry, a replaced object waits in ``pending_deletes`` until its delete succeeds
(create-before-delete), and a delete-before-replace object leaves state before its successor
is created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi.dynamic import ResourceProvider

from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from tests.harness import EngineClient

__all__ = ["CONNECTIONS", "ENTITIES", "PRODUCTS", "Desired", "Stored", "Tenant"]

ENTITIES = EntityProvider()
PRODUCTS = ProductProvider()
CONNECTIONS = AccountingConnectionProvider()


@dataclass
class Stored:
    """One resource in the state: its id, last checked inputs and last outputs."""

    provider: ResourceProvider
    id: str
    inputs: dict[str, Any]
    outs: dict[str, Any]


@dataclass(frozen=True)
class Desired:
    """What the program declares for a tenant in this phase."""

    phone: str = "+49 30 1000"
    country: str = "DE"
    allow_replacement: bool = False


@dataclass
class Tenant:
    """One tenant's slice of the stack state (entity, product, connection)."""

    index: int
    desired: Desired = field(default_factory=Desired)
    entity: Stored | None = None
    product: Stored | None = None
    connection: Stored | None = None
    pending_deletes: list[Stored] = field(default_factory=list)

    @property
    def email(self) -> str:
        return f"tenant-{self.index:03d}@chaos.example"

    def entity_inputs(self) -> dict[str, Any]:
        return {
            "type": "organization",
            "email": self.email,
            "phone": self.desired.phone,
            "address": {
                "country": self.desired.country,
                "city": "Berlin",
                "postal_code": "10115",
                "line1": f"Chaosstrasse {self.index}",
            },
            "organization": {"legal_name": f"Tenant {self.index:03d} GmbH"},
            "allow_replacement": self.desired.allow_replacement,
        }

    def product_inputs(self, entity_id: str) -> dict[str, Any]:
        return {
            "entity_id": entity_id,
            "name": f"Consulting hour {self.index:03d}",
            "type": "service",
            "price": {"value": 10000 + self.index, "currency": "EUR"},
        }

    def stored(self) -> list[Stored]:
        """Everything this tenant's state holds, pending deletes included."""
        current = [self.entity, self.product, self.connection]
        return [item for item in current if item is not None] + list(self.pending_deletes)

    # -- the engine's steps -----------------------------------------------------------------

    def up(self, engine: EngineClient) -> None:
        """Converge to ``desired``: dependencies first, replaced objects deleted last."""
        self.entity = _converge(engine, ENTITIES, self.entity, self.entity_inputs(), self)
        self.product = _converge(
            engine, PRODUCTS, self.product, self.product_inputs(self.entity.id), self
        )
        self.connection = _converge(
            engine, CONNECTIONS, self.connection, {"entity_id": self.entity.id}, self
        )
        self.delete_pending(engine)

    def delete_pending(self, engine: EngineClient) -> None:
        # Products were appended before their entity: dependents go first.
        order = sorted(self.pending_deletes, key=lambda item: item.provider is ENTITIES)
        for item in order:
            engine.delete(item.provider, item.id, item.outs)
            self.pending_deletes.remove(item)

    def refresh(self, engine: EngineClient) -> None:
        for name in ("entity", "product", "connection"):
            stored: Stored | None = getattr(self, name)
            if stored is None:
                continue
            read = engine.read(stored.provider, stored.id, stored.outs)
            if not read.id:
                setattr(self, name, None)
                continue
            stored.outs = read.outs

    def destroy(self, engine: EngineClient) -> None:
        for name in ("connection", "product", "entity"):
            stored: Stored | None = getattr(self, name)
            if stored is not None:
                engine.delete(stored.provider, stored.id, stored.outs)
                setattr(self, name, None)
        self.delete_pending(engine)


def _checked(
    engine: EngineClient, provider: ResourceProvider, olds: dict[str, Any], news: dict[str, Any]
) -> dict[str, Any]:
    checked = engine.check(provider, olds, news)
    assert checked.failures == [], checked.failures
    return checked.inputs


def _converge(
    engine: EngineClient,
    provider: ResourceProvider,
    stored: Stored | None,
    news: dict[str, Any],
    tenant: Tenant,
) -> Stored:
    """Create, update or replace one resource as ``pulumi up`` would; return its new state."""
    if stored is None:
        inputs = _checked(engine, provider, {}, news)
        created = engine.create(provider, inputs)
        return Stored(provider, created.id, inputs, created.outs)
    inputs = _checked(engine, provider, stored.inputs, news)
    diff = engine.diff(provider, stored.id, stored.outs, inputs)
    if not diff.changes:
        return stored
    if not diff.replaces:
        outs = engine.update(provider, stored.id, stored.outs, inputs)
        return Stored(provider, stored.id, inputs, outs)
    if diff.delete_before_replace:
        engine.delete(provider, stored.id, stored.outs)
        _forget(tenant, stored)
        created = engine.create(provider, _checked(engine, provider, {}, news))
        return Stored(provider, created.id, inputs, created.outs)
    created = engine.create(provider, inputs)
    tenant.pending_deletes.append(stored)
    return Stored(provider, created.id, inputs, created.outs)


def _forget(tenant: Tenant, stored: Stored) -> None:
    for name in ("entity", "product", "connection"):
        if getattr(tenant, name) is stored:
            setattr(tenant, name, None)
