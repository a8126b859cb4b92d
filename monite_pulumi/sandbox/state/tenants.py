"""A read-only view across partners: each entity with its latest accounting connection.

The authorisation page needs a connection whatever partner owns it (the link is all the entity's
user has), and the dashboard shows every partner's entities at once; neither fits the
partner-scoped states, so this view reads the store directly and never writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from monite_pulumi.sandbox.state.clock import Clock
from monite_pulumi.sandbox.store import Document, Store

_CONNECTION = "accounting_connection"


def display_name(entity: Document) -> str:
    """How Monite names an entity to people: the legal name, or first and last name."""
    organization = entity.get("organization") or {}
    individual = entity.get("individual") or {}
    name = organization.get("legal_name") or " ".join(
        filter(None, (individual.get("first_name"), individual.get("last_name")))
    )
    return str(name or entity.get("email") or entity["id"])


@dataclass(frozen=True)
class Link:
    """The one-time link of a connection, without its token (only a digest is stored)."""

    expires_at: float
    used: bool

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class Tenant:
    """One entity of one partner, with its most recent connection (if any) and that one's link."""

    partner_id: str
    entity: Document
    connection: Document | None
    link: Link | None

    @property
    def name(self) -> str:
        return display_name(self.entity)


class TenantsView:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def all(self) -> list[Tenant]:
        """Every partner's entities in creation order."""
        with self._store.transaction():
            entities = self._store.execute(
                "SELECT partner_id, body FROM objects WHERE kind = 'entity' ORDER BY seq"
            )
            latest: dict[str, Document] = {}
            for entity_id, body in self._store.execute(
                "SELECT entity_id, body FROM objects WHERE kind = ? ORDER BY seq", (_CONNECTION,)
            ):
                latest[entity_id] = json.loads(body)
            links = self._links()
        tenants = []
        for partner_id, body in entities:
            entity = json.loads(body)
            connection = latest.get(entity["id"])
            link = links.get(connection["id"]) if connection else None
            tenants.append(Tenant(partner_id, entity, connection, link))
        return tenants

    def of_connection(self, connection_id: str) -> Tenant | None:
        """The connection with its entity and partner, whoever the partner; None if unknown."""
        with self._store.transaction():
            found = self._store.get(_CONNECTION, connection_id)
            if found is None:
                return None
            partner_id, entity_id, connection = found
            entity = self._store.get("entity", entity_id) if entity_id else None
            if entity is None:
                return None
            link = self._links(connection_id).get(connection_id)
        return Tenant(partner_id, entity[2], connection, link)

    def _links(self, connection_id: str | None = None) -> dict[str, Link]:
        sql = "SELECT connection_id, expires_at, used FROM link_tokens"
        params: tuple[Any, ...] = ()
        if connection_id is not None:
            sql += " WHERE connection_id = ?"
            params = (connection_id,)
        return {
            row[0]: Link(expires_at=float(row[1]), used=bool(row[2]))
            for row in self._store.execute(sql, params)
        }
