"""The lookups ``monite_pulumi.lookups`` offers, as the native provider's functions (Invoke).

Each calls the same lookup function a Python program calls; only the names (camelCase) and the
answer's shape (a found flag instead of ``None``) are the native face's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from monite_pulumi.core.declaration import BOOLEAN, STRING, Field, array_of, camel

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient

__all__ = ["FUNCTIONS", "Function"]


@dataclass(frozen=True)
class Function:
    token: str
    description: str
    inputs: tuple[Field, ...]
    outputs: tuple[Field, ...]
    call: Callable[[MoniteClient, Mapping[str, Any]], dict[str, Any]]
    """(client, args by snake_case name) -> result by snake_case name."""

    def spec(self) -> dict[str, Any]:
        def props(fields: tuple[Field, ...]) -> dict[str, Any]:
            return {item.camel: {**_type(item), "description": item.description} for item in fields}

        return {
            "description": self.description,
            "inputs": {
                "properties": props(self.inputs),
                "required": [item.camel for item in self.inputs if item.required],
            },
            "outputs": {
                "properties": props(self.outputs),
                "required": [item.camel for item in self.outputs if item.required],
            },
        }


def _type(item: Field) -> dict[str, Any]:
    if item.type.kind == "array":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": item.type.kind}


_FOUND = Field("found", BOOLEAN, "Whether it exists (a deleted entity does not).", required=True)
_ENTITY_OUT = (
    _FOUND,
    Field("entity_id", STRING, "The entity id."),
    Field("type", STRING, "individual or organization."),
    Field("email", STRING, "The entity's e-mail address."),
    Field("status", STRING, "active or inactive."),
)
_CONNECTION_OUT = (
    _FOUND,
    Field("connection_id", STRING, "The connection id."),
    Field("status", STRING, "pending_auth, connected, disconnected or deauthorized."),
    Field("platform", STRING, "The accounting system, once connected."),
)
_ENTITY_ID_IN = (Field("entity_id", STRING, "The entity.", required=True),)


def _entity(found: Any) -> dict[str, Any]:
    if found is None:
        return {"found": False}
    return {
        "found": True,
        "entity_id": found.id,
        "type": found.type,
        "email": found.email,
        "status": found.status,
    }


def _connection(found: Any) -> dict[str, Any]:
    if found is None:
        return {"found": False}
    return {
        "found": True,
        "connection_id": found.id,
        "status": found.status,
        "platform": found.platform,
    }


def _get_entity(client: MoniteClient, args: Mapping[str, Any]) -> dict[str, Any]:
    from monite_pulumi.lookups import get_entity

    return _entity(get_entity(id=args.get("id"), email=args.get("email"), client=client))


def _list_entities(client: MoniteClient, args: Mapping[str, Any]) -> dict[str, Any]:
    from monite_pulumi.lookups import list_entities

    found = list_entities(
        status=args.get("status"), type=args.get("type"), email=args.get("email"), client=client
    )
    return {"entity_ids": [entity.id for entity in found]}


def _get_connection(client: MoniteClient, args: Mapping[str, Any]) -> dict[str, Any]:
    from monite_pulumi.lookups import get_accounting_connection

    return _connection(get_accounting_connection(args["entity_id"], client=client))


def _latest_connection(client: MoniteClient, args: Mapping[str, Any]) -> dict[str, Any]:
    from monite_pulumi.lookups import latest_accounting_connection

    return _connection(latest_accounting_connection(args["entity_id"], client=client))


_LIST = (
    Field("status", STRING, "active or inactive."),
    Field("type", STRING, "individual or organization."),
    Field("email", STRING, "The e-mail address."),
)


def _named(name: str, *rest: Any) -> Function:
    return Function(f"monite:index:{camel(name)}", *rest)


FUNCTIONS: dict[str, Function] = {
    function.token: function
    for function in (
        _named(
            "get_entity",
            "The entity with this id, or the only non-deleted one with this email "
            "(monite_pulumi.lookups.get_entity). Give exactly one of id and email.",
            (Field("id", STRING, "The entity id."), Field("email", STRING, "The e-mail.")),
            _ENTITY_OUT,
            _get_entity,
        ),
        _named(
            "list_entities",
            "The ids of the partner's entities matching every given filter.",
            _LIST,
            (Field("entity_ids", array_of(STRING), "Matching entity ids.", required=True),),
            _list_entities,
        ),
        _named(
            "get_accounting_connection",
            "The entity's live accounting connection (pending_auth or connected).",
            _ENTITY_ID_IN,
            _CONNECTION_OUT,
            _get_connection,
        ),
        _named(
            "latest_accounting_connection",
            "The live connection if any, else the newest ended one (to show why it ended).",
            _ENTITY_ID_IN,
            _CONNECTION_OUT,
            _latest_connection,
        ),
    )
}
