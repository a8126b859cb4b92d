"""``monite-pulumi duplicates --pending-creates STATE``: the object an interrupted create made.

A run killed while a create was in flight leaves the create in the state's
``pending_operations`` (``pulumi stack export`` or the local engine's state file): the object may
exist in Monite without any state knowing it. For each pending create this looks in Monite for
objects with the declared key (an entity's e-mail and type, a product's entity and name, a
connection's entity, a webhook subscription's object type and URL, a VAT id's entity and value)
created at most :data:`LOOK_BACK` before the state was last written (the create was recorded
before its request left, and the run wrote the state after that). Exactly one match gives the
``URN ID`` pair for ``refresh --import-pending-creates``; none means the create never landed
(``--clear-pending-creates``); several are listed for the operator to judge.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from monite_pulumi.client import MoniteClient

__all__ = ["LOOK_BACK", "PendingCreate", "find_pending_creates", "pending_creates_report"]

LOOK_BACK = timedelta(minutes=15)
_TYPE_PREFIX = "dynamic/monite:"


@dataclass(frozen=True)
class PendingCreate:
    urn: str
    kind: str
    ids: tuple[str, ...]
    note: str = ""


def _text(inputs: Mapping[str, Any], name: str) -> str | None:
    """A declared value usable as a key (a secret or unknown value is not)."""
    value = inputs.get(name)
    return value if isinstance(value, str) and value else None


def _created_since(items: Iterable[Any], since: datetime) -> list[str]:
    return [item.id for item in items if _utc(item.created_at) >= since]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _entity(client: MoniteClient, inputs: Mapping[str, Any], since: datetime) -> list[str]:
    email = _text(inputs, "email")
    if email is None:
        raise LookupError("no e-mail declared to look for")
    found = client.list_entities(email=email, type=_text(inputs, "type"), created_at__gte=since)
    return [entity.id for entity in found if entity.status != "deleted"]


def _owner(inputs: Mapping[str, Any]) -> str:
    entity_id = _text(inputs, "entity_id")
    if entity_id is None:
        raise LookupError("its entity_id is not known")
    return entity_id


def _product(client: MoniteClient, inputs: Mapping[str, Any], since: datetime) -> list[str]:
    name = _text(inputs, "name")
    if name is None:
        raise LookupError("no name declared to look for")
    return [p.id for p in client.list_products(_owner(inputs), name=name, created_at__gte=since)]


def _connection(client: MoniteClient, inputs: Mapping[str, Any], since: datetime) -> list[str]:
    return _created_since(client.list_accounting_connections(_owner(inputs)), since)


def _webhook(client: MoniteClient, inputs: Mapping[str, Any], since: datetime) -> list[str]:
    url = _text(inputs, "url")
    found = client.list_webhook_subscriptions(
        object_type=_text(inputs, "object_type"), created_at__gte=since
    )
    return [item.id for item in found if url is None or item.url == url]


def _vat_id(client: MoniteClient, inputs: Mapping[str, Any], since: datetime) -> list[str]:
    value = _text(inputs, "value")
    return [v.id for v in client.list_entity_vat_ids(_owner(inputs)) if v.value == value]


_FINDERS: dict[str, Callable[[MoniteClient, Mapping[str, Any], datetime], list[str]]] = {
    "Entity": _entity,
    "Product": _product,
    "AccountingConnection": _connection,
    "WebhookSubscription": _webhook,
    "EntityVatId": _vat_id,
}


def _last_written(deployment: Mapping[str, Any]) -> datetime:
    manifest = deployment.get("manifest") or {}
    try:
        return _utc(datetime.fromisoformat(str(manifest.get("time"))))
    except ValueError:
        return datetime.now(timezone.utc)


def find_pending_creates(client: MoniteClient, document: Mapping[str, Any]) -> list[PendingCreate]:
    """One entry per pending create of the exported state ``document``."""
    deployment = document.get("deployment") or {}
    since = _last_written(deployment) - LOOK_BACK
    found: list[PendingCreate] = []
    for operation in deployment.get("pending_operations") or []:
        if operation.get("type") != "creating":
            continue
        resource = operation.get("resource") or {}
        urn = str(resource.get("urn", ""))
        kind = str(resource.get("type", "")).rpartition(_TYPE_PREFIX)[2]
        finder = _FINDERS.get(kind)
        if finder is None:
            found.append(PendingCreate(urn, kind, (), "not a Monite resource: look it up"))
            continue
        try:
            ids = finder(client, resource.get("inputs") or {}, since)
        except LookupError as missing:
            found.append(PendingCreate(urn, kind, (), f"cannot look: {missing}"))
            continue
        found.append(PendingCreate(urn, kind, tuple(ids)))
    return found


def pending_creates_report(found: Sequence[PendingCreate], as_json: bool) -> str:
    """``URN ID`` lines for the ones found once (ready for ``--import-pending-creates``), and
    a ``#`` comment for every other."""
    if as_json:
        return json.dumps(
            [{"urn": f.urn, "kind": f.kind, "ids": list(f.ids), "note": f.note} for f in found],
            indent=2,
        )
    lines = []
    for pending in found:
        if len(pending.ids) == 1:
            lines.append(f"{pending.urn} {pending.ids[0]}")
        elif pending.ids:
            lines.append(f"# {pending.urn}: several candidates {', '.join(pending.ids)}")
        else:
            lines.append(f"# {pending.urn}: {pending.note or 'no object found (never created)'}")
    return "\n".join(lines)
