"""Read-only lookups for Pulumi programs and scripts.

Dynamic providers have no ``invoke``, so a program that needs an existing entity or its
accounting connection calls these plain functions. Each takes an optional ``client`` (reuse one
you already have) or ``settings``; with neither, settings come from ``resolve_settings()``
(``MONITE_*`` environment variables and defaults) and the process-wide shared client is used.

Not found is ``None``, not an exception: a program usually branches on it (adopt the tenant if
it exists, declare it otherwise). Deleted entities count as not found. Several entities with the
same email (Monite does not make email unique) raise ``AmbiguousEntityError`` naming them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from monite_pulumi.client import MoniteClient, client_for
from monite_pulumi.client.models import AccountingConnectionResponse, EntityResponse
from monite_pulumi.config import Settings, resolve_settings
from monite_pulumi.errors import NotFoundError

__all__ = [
    "LIVE_CONNECTION_STATUSES",
    "AmbiguousEntityError",
    "get_accounting_connection",
    "get_entity",
    "latest_accounting_connection",
    "list_entities",
]

LIVE_CONNECTION_STATUSES = frozenset({"pending_auth", "connected"})
"""Connection statuses Monite counts as the entity's one live connection."""


class AmbiguousEntityError(LookupError):
    """Several entities match an email; Monite does not make email unique."""

    def __init__(self, email: str, entity_ids: Sequence[str]) -> None:
        self.email = email
        self.entity_ids = tuple(entity_ids)
        super().__init__(
            f"{len(self.entity_ids)} entities have email {email!r}: "
            f"{', '.join(self.entity_ids)}; look one up by id instead"
        )


def _client(client: MoniteClient | None, settings: Settings | None) -> MoniteClient:
    if client is not None:
        return client
    return client_for(settings if settings is not None else resolve_settings())


def _is_gone(entity: EntityResponse) -> bool:
    return entity.status == "deleted"


def get_entity(
    *,
    id: str | None = None,
    email: str | None = None,
    client: MoniteClient | None = None,
    settings: Settings | None = None,
) -> EntityResponse | None:
    """The entity with this id, or the only non-deleted one with this email; ``None`` if none.

    Give exactly one of ``id`` and ``email``. Deleted entities count as gone.
    """
    if (id is None) == (email is None):
        raise ValueError("get_entity takes exactly one of id= and email=")
    monite = _client(client, settings)
    if id is not None:
        try:
            entity = monite.get_entity(id)
        except NotFoundError:
            return None
        return None if _is_gone(entity) else entity
    assert email is not None
    matches = [entity for entity in monite.list_entities(email=email) if not _is_gone(entity)]
    if len(matches) > 1:
        raise AmbiguousEntityError(email, [entity.id for entity in matches])
    return matches[0] if matches else None


def list_entities(
    *,
    status: str | None = None,
    type: str | None = None,
    email: str | None = None,
    email__in: Sequence[str] | None = None,
    id__in: Sequence[str] | None = None,
    created_at__gte: datetime | None = None,
    client: MoniteClient | None = None,
    settings: Settings | None = None,
) -> Iterator[EntityResponse]:
    """The partner's entities matching every given filter, fetched page by page as you iterate."""
    monite = _client(client, settings)
    return monite.list_entities(
        status=status,
        type=type,
        email=email,
        email__in=list(email__in) if email__in is not None else None,
        id__in=list(id__in) if id__in is not None else None,
        created_at__gte=created_at__gte,
    )


def _newest_first(
    connections: Sequence[AccountingConnectionResponse],
) -> list[AccountingConnectionResponse]:
    return sorted(connections, key=lambda connection: connection.created_at, reverse=True)


def get_accounting_connection(
    entity_id: str,
    *,
    client: MoniteClient | None = None,
    settings: Settings | None = None,
) -> AccountingConnectionResponse | None:
    """The entity's live connection (``pending_auth`` or ``connected``), or ``None``.

    Monite allows one live connection per entity; should it ever list several, the newest wins.
    """
    connections = _client(client, settings).list_accounting_connections(entity_id)
    live = [c for c in connections if c.status in LIVE_CONNECTION_STATUSES]
    return next(iter(_newest_first(live)), None)


def latest_accounting_connection(
    entity_id: str,
    *,
    client: MoniteClient | None = None,
    settings: Settings | None = None,
) -> AccountingConnectionResponse | None:
    """The live connection if any, else the newest ended one (to show *why* it ended)."""
    connections = _client(client, settings).list_accounting_connections(entity_id)
    live = [c for c in connections if c.status in LIVE_CONNECTION_STATUSES]
    return next(iter(_newest_first(live) or _newest_first(connections)), None)
