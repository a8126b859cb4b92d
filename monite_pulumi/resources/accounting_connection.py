"""The ``AccountingConnection`` resource: an entity's link to its accounting system.

Wiring only: typed args in, the ``AccountingConnectionProvider`` does the work. The resource
marks ``connection_url`` secret itself (``additional_secret_outputs``): the dynamic provider
server cannot, and users must not have to remember it. With ``wait_for="connected"`` it also
gates the run: ``pulumi up`` fails (after the engine recorded the connection) while it is not
connected, because a dynamic provider cannot both record a create and fail it.
"""

from __future__ import annotations

import pulumi

from monite_pulumi.core.args import AccountingConnectionArgs
from monite_pulumi.core.declarations.accounting_connection import ACCOUNTING_CONNECTION
from monite_pulumi.providers._waiting import require_connected
from monite_pulumi.providers.accounting_connection import (
    AccountingConnectionProvider,
)
from monite_pulumi.resources._props import MoniteResource

__all__ = ["SECRET_OUTPUTS", "AccountingConnection", "AccountingConnectionArgs"]

SECRET_OUTPUTS = ACCOUNTING_CONNECTION.secret_outputs
"""Outputs always stored and shown as secrets: the URL opens the entity's authorisation."""


class AccountingConnection(
    MoniteResource[AccountingConnectionArgs], module="monite", name="AccountingConnection"
):
    """A Monite accounting connection. Type token
    ``pulumi-python:dynamic/monite:AccountingConnection``."""

    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit
    connection_id: pulumi.Output[str]
    connection_url: pulumi.Output[str]
    status: pulumi.Output[str]
    platform: pulumi.Output[str | None]
    last_pull: pulumi.Output[str | None]
    errors: pulumi.Output[list[str]]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    entity_id: pulumi.Output[str]
    reconnect_on_revoke: pulumi.Output[bool]
    adopt_existing: pulumi.Output[bool]
    require_product_catalog: pulumi.Output[bool]
    wait_for: pulumi.Output[str | None]
    wait_timeout: pulumi.Output[float | None]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]
    # end of GENERATED outputs

    provider_class = AccountingConnectionProvider
    secret_outputs = SECRET_OUTPUTS

    def __init__(
        self,
        resource_name: str,
        args: AccountingConnectionArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)
        if args.wait_for is not None and not pulumi.runtime.is_dry_run():
            pulumi.Output.all(
                wait_for=self.wait_for,
                status=self.status,
                connection_id=self.connection_id,
                entity_id=self.entity_id,
                wait_timeout=self.wait_timeout,
            ).apply(require_connected)
