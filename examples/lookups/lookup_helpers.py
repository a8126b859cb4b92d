"""Plain-Python helpers over the Monite client, for programs and for scripts.

Dynamic providers have no `invoke`, so "find the entity with this email" or "which connections
still wait for their tenant" are ordinary functions. As a script:

    python lookup_helpers.py entity owner@quickstart.example
    python lookup_helpers.py pending            # never prints a connection_url ...
    python lookup_helpers.py pending --show-urls   # ... unless asked, for a person to send on

Credentials and URL come from MONITE_* environment variables (MONITE_API_URL,
MONITE_CLIENT_ID, MONITE_CLIENT_SECRET, or MONITE_ENVIRONMENT).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import EntityResponse
from monite_pulumi.lookups import get_accounting_connection, get_entity, list_entities


@dataclass(frozen=True)
class PendingConnection:
    """A connection waiting for its tenant to authorise. `connection_url` is kept out of repr."""

    entity_id: str
    entity_email: str
    connection_id: str
    created_at: datetime
    connection_url: str

    def __repr__(self) -> str:
        return (
            f"PendingConnection(entity_id={self.entity_id!r}, entity_email="
            f"{self.entity_email!r}, connection_id={self.connection_id!r})"
        )


def find_entity_by_email(
    email: str, *, client: MoniteClient | None = None
) -> EntityResponse | None:
    """The one non-deleted entity with this email, or None (several raise, naming them)."""
    return get_entity(email=email, client=client)


def pending_connections(*, client: MoniteClient | None = None) -> list[PendingConnection]:
    """Every active entity's connection still in `pending_auth`, oldest first."""
    pending = []
    for entity in list_entities(status="active", client=client):
        connection = get_accounting_connection(str(entity.id), client=client)
        if connection is None or connection.status != "pending_auth":
            continue
        pending.append(
            PendingConnection(
                entity_id=str(entity.id),
                entity_email=str(entity.email),
                connection_id=str(connection.id),
                created_at=connection.created_at,
                connection_url=str(connection.connection_url),
            )
        )
    return sorted(pending, key=lambda item: item.created_at)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    entity = commands.add_parser("entity", help="find an entity by email")
    entity.add_argument("email")
    pending = commands.add_parser("pending", help="list connections pending authorisation")
    pending.add_argument("--show-urls", action="store_true", help="print each connection_url")
    args = parser.parse_args(argv)
    if args.command == "entity":
        found = find_entity_by_email(args.email)
        if found is None:
            print(f"no entity has email {args.email}", file=sys.stderr)
            return 1
        print(f"{found.id} {found.type} {found.status}")
        return 0
    for item in pending_connections():
        line = f"{item.entity_email} entity {item.entity_id} connection {item.connection_id}"
        line += f" pending since {item.created_at.isoformat()}"
        if args.show_urls:
            line += f"\n    {item.connection_url}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
