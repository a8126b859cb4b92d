"""Accounting connections and their life cycle.

`pending_auth` -> `connected` (authorise, with `platform` and `last_pull`) -> `disconnected`
(the partner's `POST .../disconnect`) or `deauthorized` (revoked on the accounting platform).
`authorize`, `deny` and `deauthorize` are the entity user's side: the control API and the
authorisation page at `connection_url` (`sandbox/pages`) both call these same functions.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
import uuid

from monite_pulumi.sandbox.errors import BadRequestError, ConflictError, NotFoundError
from monite_pulumi.sandbox.state.clock import Clock, iso
from monite_pulumi.sandbox.state.entities import EntitiesState
from monite_pulumi.sandbox.state.events import EventHub, StateEvent
from monite_pulumi.sandbox.store import Document, Store

KIND = "accounting_connection"
PLATFORMS = ("quickbooks", "xero")
LIVE_STATUSES = ("pending_auth", "connected")
LINK_LIFETIME_SECONDS = 7 * 24 * 3600


class LinkTokenState(enum.Enum):
    """What the authorisation page should make of the token in a `connection_url`."""

    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConnectionsState:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        entities: EntitiesState,
        events: EventHub | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._entities = entities
        self._events = events or EventHub()

    def _announce(self, partner_id: str, entity_id: str, doc: Document, event: str) -> None:
        """Publish an `accounting_connection` event (webhooks: created, connected, ...)."""
        self._events.publish(StateEvent(partner_id, KIND, event, doc["id"], entity_id))

    # the partner's side ----------------------------------------------------------------------
    def create(self, partner_id: str, entity_id: str, root_url: str) -> Document:
        """A new `pending_auth` connection whose URL carries an unguessable one-time token."""
        with self._store.transaction():
            for existing in self._store.list(KIND, partner_id, entity_id):
                if existing["status"] in LIVE_STATUSES:
                    # assumed (docs/assumed-behaviour.md): a second connection while one
                    # is pending_auth or connected -> 409 naming the live connection
                    raise ConflictError(
                        f"Entity {entity_id} already has a {existing['status']} accounting "
                        f"connection {existing['id']}; disconnect it first"
                    )
            now = iso(self._clock)
            connection_id = str(uuid.uuid4())
            token = secrets.token_urlsafe(32)
            doc: Document = {
                "id": connection_id,
                "created_at": now,
                "updated_at": now,
                "business_info": None,
                "connection_url": f"{root_url.rstrip('/')}/connect/{connection_id}?token={token}",
                "errors": None,
                "last_pull": now,
                "platform": None,
                "status": "pending_auth",
            }
            self._store.put(KIND, connection_id, partner_id, entity_id, doc)
            self._store.execute(
                "INSERT INTO link_tokens (connection_id, token, expires_at) VALUES (?, ?, ?)",
                (connection_id, _digest(token), self._clock() + LINK_LIFETIME_SECONDS),
            )
        self._announce(partner_id, entity_id, doc, "created")
        return doc

    def get(self, partner_id: str, entity_id: str, connection_id: str) -> Document:
        # assumed (docs/assumed-behaviour.md, "GET of an unknown ... id", "entity-scoped GET
        # ... of another entity's connection"): unknown, another partner's or another entity's
        # id -> 404 (adopt_id relies on the last)
        found = self._store.get(KIND, connection_id)
        if found is None or found[0] != partner_id or found[1] != entity_id:
            raise NotFoundError(f"Accounting connection {connection_id} not found")
        return found[2]

    def list(self, partner_id: str, entity_id: str) -> list[Document]:
        return self._store.list(KIND, partner_id, entity_id)

    def disconnect(self, partner_id: str, entity_id: str, connection_id: str) -> Document:
        with self._store.transaction():
            doc = self.get(partner_id, entity_id, connection_id)
            # assumed (docs/assumed-behaviour.md): disconnecting a disconnected
            # connection -> 200, unchanged (idempotent)
            changed = doc["status"] != "disconnected"
            if changed:
                self._save(partner_id, entity_id, doc, status="disconnected")
        if changed:
            self._announce(partner_id, entity_id, doc, "disconnected")
        return doc

    def sync(self, partner_id: str, entity_id: str, connection_id: str) -> Document:
        """Force a pull: `last_pull` moves on; only a connected connection can sync."""
        with self._store.transaction():
            doc = self.get(partner_id, entity_id, connection_id)
            if doc["status"] != "connected":
                raise ConflictError(
                    f"Accounting connection {connection_id} is {doc['status']}, not connected"
                )
            self._save(partner_id, entity_id, doc, last_pull=iso(self._clock))
            return doc

    # the entity user's side (authorisation page, control API) --------------------------------
    def authorize(self, connection_id: str, platform: str) -> Document:
        """The entity's user chose `platform` and granted access."""
        if platform not in PLATFORMS:
            raise BadRequestError(f"platform must be one of {', '.join(PLATFORMS)}")
        with self._store.transaction():
            partner_id, entity_id, doc = self._find(connection_id)
            self._require_status(doc, "pending_auth")
            entity = self._entities.get(partner_id, entity_id)
            organization = entity.get("organization") or {}
            individual = entity.get("individual") or {}
            name = organization.get("legal_name") or " ".join(
                filter(None, (individual.get("first_name"), individual.get("last_name")))
            )
            now = iso(self._clock)
            self._save(
                partner_id,
                entity_id,
                doc,
                status="connected",
                platform=platform,
                last_pull=now,
                errors=None,
                business_info={
                    "email": entity.get("email") or "",
                    "legal_name": name,
                    "name": name,
                    "type": entity["type"],
                },
            )
            self._store.execute(
                "UPDATE link_tokens SET used = 1 WHERE connection_id = ?", (connection_id,)
            )
        self._announce(partner_id, entity_id, doc, "connected")
        return doc

    def deny(self, connection_id: str, reason: str | None = None) -> Document:
        """The user refused: the connection stays `pending_auth` with the refusal in `errors`."""
        with self._store.transaction():
            partner_id, entity_id, doc = self._find(connection_id)
            self._require_status(doc, "pending_auth")
            message = reason or "The user denied access to the accounting platform"
            self._save(partner_id, entity_id, doc, errors=[{"message": message}])
        self._announce(partner_id, entity_id, doc, "updated")
        return doc

    def deauthorize(self, connection_id: str) -> Document:
        """Access was revoked on the accounting platform's side."""
        with self._store.transaction():
            partner_id, entity_id, doc = self._find(connection_id)
            self._require_status(doc, "connected")
            self._save(
                partner_id,
                entity_id,
                doc,
                status="deauthorized",
                errors=[{"message": "Access was revoked on the accounting platform"}],
            )
        self._announce(partner_id, entity_id, doc, "deauthorized")
        return doc

    def link_token_state(self, connection_id: str, token: str) -> LinkTokenState:
        """Whether `token` opens the authorisation page of `connection_id`."""
        rows = self._store.execute(
            "SELECT token, expires_at, used FROM link_tokens WHERE connection_id = ?",
            (connection_id,),
        )
        if not rows or not hmac.compare_digest(rows[0][0], _digest(token)):
            return LinkTokenState.UNKNOWN
        if rows[0][2]:
            return LinkTokenState.USED
        if self._clock() >= rows[0][1]:
            return LinkTokenState.EXPIRED
        return LinkTokenState.VALID

    # helpers ---------------------------------------------------------------------------------
    def _find(self, connection_id: str) -> tuple[str, str, Document]:
        found = self._store.get(KIND, connection_id)
        if found is None or found[1] is None:
            raise NotFoundError(f"Accounting connection {connection_id} not found")
        return found[0], found[1], found[2]

    @staticmethod
    def _require_status(doc: Document, status: str) -> None:
        if doc["status"] != status:
            raise ConflictError(
                f"Accounting connection {doc['id']} is {doc['status']}, not {status}"
            )

    def _save(self, partner_id: str, entity_id: str, doc: Document, **changes: object) -> None:
        doc.update(changes)
        doc["updated_at"] = iso(self._clock)
        self._store.put(KIND, doc["id"], partner_id, entity_id, doc)
