"""One row per entity: the entity, its current accounting connection, and how long it waits.

Shared by ``status`` and ``chase``; rendering lives in ``_render``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import AccountingConnectionResponse, EntityResponse
from monite_pulumi.lookups import latest_accounting_connection

NO_CONNECTION = "none"
"""What ``--connection-status`` calls an entity that never had a connection."""


def entity_display_name(entity: EntityResponse) -> str:
    """The organisation's legal name, or the individual's first and last name."""
    if entity.organization is not None:
        return entity.organization.legal_name
    if entity.individual is not None:
        return f"{entity.individual.first_name} {entity.individual.last_name}"
    return ""


@dataclass(frozen=True)
class StatusRow:
    """What an operator needs to know about one entity's accounting link (no secrets)."""

    entity_id: str
    name: str
    email: str | None
    entity_type: str
    entity_status: str
    connection_id: str | None
    connection_status: str
    platform: str | None
    last_pull: datetime | None
    connection_created_at: datetime | None
    pending_for: timedelta | None
    errors: tuple[str, ...]

    @classmethod
    def build(
        cls,
        entity: EntityResponse,
        connection: AccountingConnectionResponse | None,
        now: datetime,
    ) -> StatusRow:
        if connection is None:
            return cls(
                entity_id=entity.id,
                name=entity_display_name(entity),
                email=entity.email,
                entity_type=entity.type,
                entity_status=entity.status,
                connection_id=None,
                connection_status=NO_CONNECTION,
                platform=None,
                last_pull=None,
                connection_created_at=None,
                pending_for=None,
                errors=(),
            )
        pending = connection.status == "pending_auth"
        return cls(
            entity_id=entity.id,
            name=entity_display_name(entity),
            email=entity.email,
            entity_type=entity.type,
            entity_status=entity.status,
            connection_id=connection.id,
            connection_status=connection.status or NO_CONNECTION,
            platform=connection.platform,
            last_pull=connection.last_pull,
            connection_created_at=connection.created_at,
            pending_for=now - connection.created_at if pending else None,
            errors=tuple(error.message for error in connection.errors or []),
        )


@dataclass(frozen=True)
class RowFilter:
    """Client-side filters; entity filters Monite can apply go to the listing instead."""

    entity_statuses: Collection[str] = ()
    connection_statuses: Collection[str] = ()
    pending_older_than: timedelta | None = None

    def keeps(self, row: StatusRow) -> bool:
        if self.entity_statuses and row.entity_status not in self.entity_statuses:
            return False
        if self.connection_statuses and row.connection_status not in self.connection_statuses:
            return False
        if self.pending_older_than is not None:
            return row.pending_for is not None and row.pending_for >= self.pending_older_than
        return True


def collect_rows(
    client: MoniteClient,
    entities: Iterable[EntityResponse],
    *,
    now: datetime,
    workers: int,
    on_listed: Callable[[int], None] = lambda total: None,
    on_row: Callable[[], None] = lambda: None,
) -> Iterator[StatusRow]:
    """Look up each entity's connection on ``workers`` threads; rows keep the listing's order.

    The client's rate limiter paces the threads. ``on_listed`` gets the entity count once the
    listing is complete, ``on_row`` fires per finished lookup (for progress display).
    """

    def row_for(entity: EntityResponse) -> StatusRow:
        connection = latest_accounting_connection(entity.id, client=client)
        on_row()
        return StatusRow.build(entity, connection, now)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="monite-status")
    try:
        futures: list[Future[StatusRow]] = [pool.submit(row_for, e) for e in entities]
        on_listed(len(futures))
        for future in futures:
            yield future.result()
    finally:
        # On the first failure, drop the lookups not yet started instead of waiting for them.
        pool.shutdown(wait=True, cancel_futures=True)
