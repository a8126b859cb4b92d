"""``AccountingConnection``: an entity's link to its accounting system."""

from __future__ import annotations

from monite_pulumi.core.declaration import (
    BOOLEAN,
    NUMBER,
    STRING,
    Field,
    ResourceDeclaration,
    array_of,
)
from monite_pulumi.core.declarations._common import ADOPT_ID, adopt_id, entity_id, timestamps

__all__ = ["ACCOUNTING_CONNECTION"]

_OPTIONS = ("reconnect_on_revoke", "adopt_existing", "require_product_catalog")
_WAIT_OPTIONS = ("wait_for", "wait_timeout")
_LAST_PULL = "When Monite last pulled from the accounting system."

ACCOUNTING_CONNECTION = ResourceDeclaration(
    name="AccountingConnection",
    label="accounting connection",
    description=(
        "A Monite accounting connection (one per entity). `connectionUrl` opens the entity's "
        "authorisation and is a secret."
    ),
    id_output="connection_id",
    inputs=(
        entity_id("The entity to connect; create-only (a new entity means a new connection)."),
        Field(
            "reconnect_on_revoke",
            BOOLEAN,
            "Replace the connection when refresh finds it disconnected or deauthorized.",
            default=True,
        ),
        Field(
            "adopt_existing",
            BOOLEAN,
            "Take over a live connection no state knows about instead of failing on create.",
            default=False,
        ),
        Field(
            "require_product_catalog",
            BOOLEAN,
            "Refuse to connect while the entity has no product (accounts-receivable entities).",
            default=False,
        ),
        Field(
            "wait_for",
            STRING,
            "connected: create and update wait for the customer's authorisation (refresh reads "
            "the status once, never waits).",
        ),
        Field(
            "wait_timeout",
            NUMBER,
            "Seconds one create or update waits (> 0, at most 3600); absent means 600.",
        ),
        adopt_id("A live one only; not together with adoptExisting."),
    ),
    computed=(
        Field("connection_id", STRING, "The Monite accounting connection id."),
        Field(
            "connection_url",
            STRING,
            "The URL that opens the entity's authorisation (a secret).",
            secret=True,
        ),
        Field("status", STRING, "pending_auth, connected, disconnected or deauthorized."),
        Field("platform", STRING, "The accounting system, once connected.", may_be_absent=True),
        Field("last_pull", STRING, _LAST_PULL, may_be_absent=True),
        Field("errors", array_of(STRING), "Monite's messages about the connection."),
        *timestamps("connection"),
    ),
    options=frozenset((*_OPTIONS, *_WAIT_OPTIONS, ADOPT_ID)),
    create_only=frozenset({"entity_id"}),
    input_only=frozenset({ADOPT_ID}),
    delete_before_replace=True,
    entity_scoped=True,
)
