"""``AccountingConnectionProvider``: an entity's link to QuickBooks or Xero as a dynamic resource.

create = ``POST /accounting_connections`` with ``X-Monite-Entity-Id``; read = GET (404 -> gone;
a disconnected or revoked connection is still read, so refresh shows its status); update only
echoes the provider options (Monite has nothing to change) or, when it declares
``wait_for="connected"`` on a pending connection, waits as a create would; delete =
disconnect, idempotent.
Monite allows one live (``pending_auth``/``connected``) connection per entity, hence
delete-before-replace (for the same entity only: a move to another entity creates first), the
conflict handling (``adopt_existing``) and the look for a live
connection after a lost create answer. A connection found ``disconnected`` or ``deauthorized``
by refresh is replaced by the next ``up`` (``replaces: status``) unless
``reconnect_on_revoke=False``. The ``connection_url`` carries a one-time token: it is only ever
returned as the ``connection_url`` output (marked secret by the resource class), never in a
message, log line or any other output.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from monite_pulumi._logging import get_logger
from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations.accounting_connection import ACCOUNTING_CONNECTION
from monite_pulumi.core.shutdown import SHUTDOWN
from monite_pulumi.errors import ConflictError, MoniteError, NotFoundError
from monite_pulumi.providers._adopt import create_without_duplicates
from monite_pulumi.providers._adopt_id import refuse_replacement_while_adopting
from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers._core import Plan, upgrade_state
from monite_pulumi.providers._entity_scope import EntityScope
from monite_pulumi.providers._fix_hints import adopt_conflict_message
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers._shape import shape_of
from monite_pulumi.providers._values import is_unknown
from monite_pulumi.providers._waiting import (
    DEFAULT_WAIT_TIMEOUT,
    WAIT_SLOTS,
    validate_wait_options,
    wait_until,
)

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient
    from monite_pulumi.client.models import AccountingConnectionResponse
    from monite_pulumi.providers._settle import SettlePolicy

__all__ = [
    "ACCOUNTING_CONNECTION_SHAPE",
    "LIVE_STATUSES",
    "REVOKED_STATUSES",
    "AccountingConnectionProvider",
]

_LOG = get_logger("monite_pulumi.providers")

LIVE_STATUSES = frozenset({"pending_auth", "connected"})
"""Statuses that count as the entity's one connection (a second POST answers 409)."""
REVOKED_STATUSES = frozenset({"disconnected", "deauthorized"})
"""Statuses refresh may find that make the next ``up`` connect again."""

_OPTIONS = ("reconnect_on_revoke", "adopt_existing", "require_product_catalog")
_WAIT_OPTIONS = ("wait_for", "wait_timeout")
"""Whether and how long a create or update waits for the customer's authorisation (see
``_waiting``). Left out of ``defaults`` so checked inputs and older states stay as they were."""
_URL_MASK = "<connection_url hidden>"

ACCOUNTING_CONNECTION_SHAPE = shape_of(ACCOUNTING_CONNECTION)


def _live_values(connection: AccountingConnectionResponse, entity_id: str) -> dict[str, Any]:
    """The connection by output name; ``errors`` as plain messages, never holding the URL."""
    dump = connection.model_dump(mode="json")
    url = connection.connection_url
    messages = [error.message for error in connection.errors or []]
    return {
        "connection_id": connection.id,
        "connection_url": url,
        "status": connection.status,
        "platform": connection.platform,
        "last_pull": dump.get("last_pull"),
        "errors": [message.replace(url, _URL_MASK) if url else message for message in messages],
        "created_at": dump["created_at"],
        "updated_at": dump["updated_at"],
        "entity_id": entity_id,
    }


_SCOPE = EntityScope(
    subject="Monite accounting connection {object_id} has",
    owner="the id of the entity that connects its accounting system",
    type_name="AccountingConnection",
    required_reason="the id of the entity",
)


def _as_utc(moment: datetime) -> datetime:
    """Monite's timestamps carry an offset; one without is taken as UTC, never local time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _live(
    connections: Iterable[AccountingConnectionResponse],
) -> list[AccountingConnectionResponse]:
    """Live connections, newest first."""
    found = [item for item in connections if item.status in LIVE_STATUSES]
    return sorted(found, key=lambda item: _as_utc(item.created_at), reverse=True)


def _conflict_message(
    entity_id: str, existing: AccountingConnectionResponse, config: Any = None
) -> str:
    return adopt_conflict_message(entity_id, existing.id, existing.status, config)


def _catalog_message(entity_id: str) -> str:
    return (
        f"Cannot connect Monite entity {entity_id} to an accounting system: it has no products "
        "yet, and Monite requires entities that use accounts receivable to create their product "
        "catalog before setting up an accounting connection "
        f"({wording.setting('require_product_catalog', True)}). Declare at least one Product "
        f"for this entity and list it in the connection's {wording.depends_on()}, so it exists "
        "before the connection is created; or set "
        f"{wording.setting('require_product_catalog', False)} if the entity does not use "
        "accounts receivable. Then run `pulumi up` again."
    )


def _reconnects(news: Mapping[str, Any]) -> bool:
    """Whether revoked connections are replaced; an unknown value may turn out true."""
    value = ACCOUNTING_CONNECTION_SHAPE.input_value(news, "reconnect_on_revoke")
    return value is not False


def _moves_to_another_entity(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether the replacement belongs to another (known) entity.

    Monite's one-live-connection rule is per entity: only a replacement for the same entity must
    delete the old connection first. For another entity the new one is created first, so a
    failed create leaves the old tenant connected rather than disconnected for nothing. The
    engine takes the provider's answer unless the resource sets the option itself
    (``stepGenerator.continueStepsFromDiff`` in pkg/resource/deploy/step_generator.go).
    """
    old, new = olds.get("entity_id"), news.get("entity_id")
    known = isinstance(old, str) and isinstance(new, str) and not is_unknown(new)
    return known and old != new


class AccountingConnectionProvider(MoniteProvider):
    """Provider of ``monite_pulumi.AccountingConnection``; its import path lives in state."""

    shape = ACCOUNTING_CONNECTION_SHAPE
    scope = _SCOPE
    adopt_exclusive = "adopt_existing"

    # -- check and diff -------------------------------------------------------------------------

    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        failures = _SCOPE.failures(news)
        for name in _OPTIONS:
            value = news.get(name)
            if not is_unknown(value) and not isinstance(value, bool):
                failures.append(CheckFailure(name, "must be true or false"))
        failures.extend(validate_wait_options(news))
        return failures

    def compare(
        self, _id: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, refuse: bool
    ) -> Plan:
        """Inputs as usual; plus a replacement (``replaces: status``) of a revoked connection."""
        result = super().compare(_id, olds, news, refuse=refuse)
        previous = upgrade_state(self.shape, olds)
        replaces = list(result.replaces or [])
        status = previous.get("status")
        if status in REVOKED_STATUSES and _reconnects(news):
            label, fields = self.shape.label, [f"status ({status})"]
            self.refusing(
                refuse, lambda: refuse_replacement_while_adopting(label, _id, news, fields)
            )
            replaces.append("status")
        return Plan(
            changes=bool(result.changes or replaces),
            changed=result.changed,
            replaces=replaces,
            delete_before_replace=not _moves_to_another_entity(previous, news),
        )

    # -- Monite calls ---------------------------------------------------------------------------

    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        entity_id = _SCOPE.entity_id(inputs, "(new)")
        if inputs.get("wait_for") == "connected":
            self._configure_wait_slots()  # a bad cap fails before the POST, not after it
        client = self.client()
        if inputs.get("require_product_catalog") is True:
            self._require_product_catalog(client, entity_id)
        try:
            connection = self._create_once(client, entity_id, self.settle_policy())
        except ConflictError:
            live = _live(client.list_accounting_connections(entity_id))
            if not live:
                raise
            existing = live[0]
            if inputs.get("adopt_existing") is not True:
                raise ResourceError(
                    _conflict_message(entity_id, existing, self.__dict__.get("_pulumi_config"))
                ) from None
            _LOG.info(
                "adopting live accounting connection %s (%s) of entity %s",
                existing.id,
                existing.status,
                entity_id,
            )
            connection = existing
        return self._wait_if_asked(_live_values(connection, entity_id), inputs, "create")

    @staticmethod
    def _require_product_catalog(client: MoniteClient, entity_id: str) -> None:
        if next(iter(client.list_products(entity_id, limit=1)), None) is None:
            raise ResourceError(_catalog_message(entity_id))

    @staticmethod
    def _create_once(
        client: MoniteClient, entity_id: str, settle: SettlePolicy
    ) -> AccountingConnectionResponse:
        """POST; when the answer is lost, adopt the live connection created since then."""

        def created_since(since: datetime) -> list[AccountingConnectionResponse]:
            connections = client.list_accounting_connections(entity_id)
            return [item for item in _live(connections) if _as_utc(item.created_at) >= since]

        return create_without_duplicates(
            create=lambda: client.create_accounting_connection(entity_id),
            find_created_since=created_since,
            identify=lambda found: found.id,
            label="accounting connection",
            settle=settle,
        )

    def adopt_remote(self, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        return self._wait_if_asked(super().adopt_remote(object_id, inputs), inputs, "create")

    def fetch_to_adopt(self, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any] | None:
        # assumed (docs/assumed-behaviour.md, "entity-scoped GET ... of another entity's
        # connection"): 404, which is how another entity's connection is refused.
        entity_id = _SCOPE.entity_id(inputs, object_id)
        try:
            return _live_values(
                self.client().get_accounting_connection(entity_id, object_id), entity_id
            )
        except NotFoundError:
            return None

    def adoption_refusal(self, live: Mapping[str, Any]) -> str | None:
        status = live.get("status")
        if status in LIVE_STATUSES:
            return None
        return (
            f"it is {status}, and only a live (pending_auth or connected) connection can be "
            f"adopted: remove {wording.name('adopt_id')} to create a new connection"
        )

    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        entity_id = _SCOPE.entity_id(declared, object_id)
        try:
            connection = self.client().get_accounting_connection(entity_id, object_id)
        except NotFoundError:
            return None
        # Refresh reads the status once, whatever wait_for says: a waiting refresh would hold
        # an engine thread per pending tenant (hours for many). Create and update wait.
        return _live_values(connection, entity_id)

    def _configure_wait_slots(self) -> None:
        """Apply the ``max_concurrent_waits`` setting (``monite:maxConcurrentWaits``) to the cap."""
        WAIT_SLOTS.set_limit(self.settings().max_concurrent_waits)

    def _wait_if_asked(
        self, live: Mapping[str, Any], inputs: Mapping[str, Any], action: str
    ) -> Mapping[str, Any]:
        """With ``wait_for="connected"``, wait (bounded, capped) while it is ``pending_auth``.

        Only create and update wait. One whose wait times out (or whose poll fails) still
        returns the pending connection, so the engine records it (a raising create would orphan
        it); the program's gate then fails the run, and a pipeline gates on the drift check or
        ``monite-pulumi chase``, which exit non-zero while a link is pending.
        """
        if inputs.get("wait_for") != "connected" or live["status"] != "pending_auth":
            return live
        connection_id, entity_id = str(live["connection_id"]), str(live["entity_id"])
        self._configure_wait_slots()
        timeout = float(inputs.get("wait_timeout") or DEFAULT_WAIT_TIMEOUT)
        client = self.client()
        try:
            outcome = wait_until(
                live,
                poll=lambda: _live_values(
                    client.get_accounting_connection(entity_id, connection_id), entity_id
                ),
                done=lambda values: values["status"] != "pending_auth",
                timeout=timeout,
                what=f"accounting connection {connection_id} of entity {entity_id} to be connected",
                sleep=SHUTDOWN.sleep,
                stop=SHUTDOWN.signalled,
            )
        except MoniteError as error:
            # A failed poll must not fail the create: that would orphan the new connection.
            _LOG.warning(
                "polling accounting connection %s failed (%s); recording it as it was (%s)",
                connection_id,
                type(error).__name__,
                action,
            )
            return live
        if not outcome.reached:
            _LOG.warning(
                "accounting connection %s of entity %s is still pending_auth after %.0f s "
                "(%s); it is recorded in the state and the program fails the run",
                connection_id,
                entity_id,
                outcome.waited,
                action,
            )
        return outcome.value

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        # Only options can change in place (entity_id and revocations replace): nothing to send.
        entity_id = _SCOPE.entity_id(olds, object_id)
        echoed = {name: olds.get(name) for name in self.shape.computed}
        live: Mapping[str, Any] = {**echoed, "entity_id": entity_id}
        if news.get("wait_for") == "connected" and olds.get("status") == "pending_auth":
            # Declaring wait_for on a pending connection waits now, as its create would have.
            with self.failing_as("read", object_id):
                connection = self.client().get_accounting_connection(entity_id, object_id)
            live = self._wait_if_asked(_live_values(connection, entity_id), news, "update")
        return live

    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        client = self.client()
        entity_id = _SCOPE.entity_id(props, object_id)
        try:
            client.disconnect_accounting_connection(entity_id, object_id)
        except NotFoundError:
            return
        except ConflictError:
            # Should Monite refuse to disconnect twice, an already disconnected one is done.
            if client.get_accounting_connection(entity_id, object_id).status != "disconnected":
                raise
