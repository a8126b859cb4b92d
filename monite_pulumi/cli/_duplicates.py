"""``monite-pulumi duplicates``: live objects that look like one create that landed twice.

A create whose answer was lost, and that committed only after the provider's settle window, ends
as two objects: the late one and the one made again. The provider never retires one on a
guess (e-mails are not unique, other stacks may run), so this command lists the likely cases for
an operator to judge: active entities with the same e-mail, products of one entity with the same
name, each created within ``--within`` (default one minute) of the previous one; and identical
webhook subscriptions (same object type, URL and event types), which show no creation time.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from rich.table import Table

from monite_pulumi.client import MoniteClient

__all__ = [
    "DEFAULT_WITHIN",
    "DuplicateGroup",
    "duplicates_as_json",
    "duplicates_table",
    "find_duplicates",
    "group_close_in_time",
]

T = TypeVar("T")
DEFAULT_WITHIN = timedelta(minutes=1)


@dataclass(frozen=True)
class DuplicateGroup:
    """Objects of one kind sharing ``key``, each created within the window of the previous
    (``created_at`` is empty for webhook subscriptions: Monite does not show it)."""

    kind: str
    key: str
    entity_id: str | None
    ids: tuple[str, ...]
    created_at: tuple[datetime, ...]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def group_close_in_time(
    items: Iterable[T],
    key: Callable[[T], str],
    created: Callable[[T], datetime],
    within: timedelta,
) -> list[list[T]]:
    """Groups (of 2 or more) with one key, chained by gaps of at most ``within``."""
    by_key: dict[str, list[T]] = {}
    for item in items:
        by_key.setdefault(key(item), []).append(item)
    groups: list[list[T]] = []
    for same in by_key.values():
        ordered = sorted(same, key=lambda item: _utc(created(item)))
        run: list[T] = ordered[:1]
        for previous, item in itertools.pairwise(ordered):
            if _utc(created(item)) - _utc(created(previous)) <= within:
                run.append(item)
                continue
            if len(run) > 1:
                groups.append(run)
            run = [item]
        if len(run) > 1:
            groups.append(run)
    return groups


def find_duplicates(
    client: MoniteClient, *, within: timedelta = DEFAULT_WITHIN, products: bool = True
) -> list[DuplicateGroup]:
    """Likely duplicates among active entities, their products and webhook subscriptions."""
    found: list[DuplicateGroup] = []
    entities = list(client.list_entities(status="active"))
    with_email = [entity for entity in entities if entity.email]
    for twins in group_close_in_time(
        with_email, lambda e: e.email or "", lambda e: e.created_at, within
    ):
        found.append(_group("entity", twins[0].email or "", None, twins))
    if products:
        for entity in entities:
            items = client.list_products(entity.id)
            for same in group_close_in_time(
                items, lambda p: p.name, lambda p: p.created_at, within
            ):
                found.append(_group("product", same[0].name, entity.id, same))
    found.extend(_webhook_groups(client))
    return found


def _webhook_groups(client: MoniteClient) -> list[DuplicateGroup]:
    """Identical subscriptions, whenever made: Monite shows no ``created_at`` for them, and two
    identical ones deliver every event twice, which is worth a look in any case."""
    by_key: dict[str, list[Any]] = {}
    for item in client.list_webhook_subscriptions():
        events = ",".join(sorted(item.event_types or [])) or "all events"
        by_key.setdefault(f"{item.object_type} {item.url} ({events})", []).append(item)
    return [
        DuplicateGroup("webhook subscription", key, None, tuple(item.id for item in same), ())
        for key, same in by_key.items()
        if len(same) > 1
    ]


def _group(kind: str, key: str, entity_id: str | None, items: Sequence[Any]) -> DuplicateGroup:
    times = tuple(_utc(item.created_at) for item in items)
    return DuplicateGroup(kind, key, entity_id, tuple(item.id for item in items), times)


def duplicates_table(groups: Sequence[DuplicateGroup]) -> Table:
    table = Table()
    for header in ("Kind", "Same", "Entity ID", "IDs", "Created (UTC)"):
        table.add_column(header)
    for group in groups:
        table.add_row(
            group.kind,
            group.key,
            group.entity_id or "-",
            "\n".join(group.ids),
            "\n".join(
                moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
                for moment in group.created_at
            )
            or "(not shown by Monite)",
        )
    return table


def duplicates_as_json(groups: Sequence[DuplicateGroup]) -> str:
    return json.dumps(
        [
            {
                "kind": group.kind,
                "key": group.key,
                "entity_id": group.entity_id,
                "ids": list(group.ids),
                "created_at": [moment.isoformat() for moment in group.created_at],
            }
            for group in groups
        ],
        indent=2,
    )
