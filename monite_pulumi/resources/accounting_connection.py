"""The ``AccountingConnection`` resource: an entity's link to its accounting system.

Wiring only: typed args in, the ``AccountingConnectionProvider`` does the work. The resource
marks ``connection_url`` secret itself (``additional_secret_outputs``): the dynamic provider
server cannot, and users must not have to remember it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi.dynamic import Resource

from monite_pulumi.providers.accounting_connection import (
    ACCOUNTING_CONNECTION_SHAPE,
    AccountingConnectionProvider,
)
from monite_pulumi.resources._props import resource_props, with_secret_outputs

__all__ = ["SECRET_OUTPUTS", "AccountingConnection", "AccountingConnectionArgs"]

SECRET_OUTPUTS = ("connection_url",)
"""Outputs always stored and shown as secrets: the URL opens the entity's authorisation."""


@dataclass
class AccountingConnectionArgs:
    """Inputs of ``AccountingConnection``: the entity and how the provider should behave."""

    entity_id: pulumi.Input[str]
    """The entity to connect; create-only (a new entity means a new connection)."""
    reconnect_on_revoke: pulumi.Input[bool] = True
    """Replace the connection when refresh finds it ``disconnected`` or ``deauthorized``."""
    adopt_existing: pulumi.Input[bool] = False
    """Take over a live connection no state knows about instead of failing on create."""
    require_product_catalog: pulumi.Input[bool] = False
    """Refuse to connect while the entity has no product (accounts-receivable entities)."""


class AccountingConnection(Resource, module="monite", name="AccountingConnection"):
    """A Monite accounting connection. Type token
    ``pulumi-python:dynamic/monite:AccountingConnection``."""

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
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: AccountingConnectionArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            AccountingConnectionProvider(),
            resource_name,
            resource_props(args, ACCOUNTING_CONNECTION_SHAPE.outputs),
            with_secret_outputs(opts, SECRET_OUTPUTS),
        )
