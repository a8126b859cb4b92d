"""The ``WebhookSubscription`` resource: Monite posts events of one object type to a URL.

Wiring only: typed args in, the ``WebhookSubscriptionProvider`` does the work. The resource
marks ``secret`` secret itself (``additional_secret_outputs``): the dynamic provider server
cannot, and users must not have to remember it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from monite_pulumi.core.declarations.webhook_subscription import WEBHOOK_SUBSCRIPTION
from monite_pulumi.providers.webhook_subscription import (
    WEBHOOK_SUBSCRIPTION_SHAPE,
    WebhookSubscriptionProvider,
)
from monite_pulumi.resources._props import resource_props, with_secret_outputs

__all__ = ["SECRET_OUTPUTS", "WebhookSubscription", "WebhookSubscriptionArgs"]

SECRET_OUTPUTS = WEBHOOK_SUBSCRIPTION.secret_outputs
"""Outputs always stored and shown as secrets: the key that signs every webhook."""


@dataclass
class WebhookSubscriptionArgs:
    """Inputs of ``WebhookSubscription``; names as in ``CreateWebhookSubscriptionRequest``."""

    object_type: pulumi.Input[str]
    """Whose events: ``entity``, ``accounting_connection``, ... (``WebhookObjectType``)."""
    url: pulumi.Input[str]
    """Where Monite posts them (HTTPS in Monite; the local sandbox also posts to http)."""
    event_types: pulumi.Input[list[str]] = field(default_factory=list)
    """Events to receive, e.g. ``["connected"]``; empty means every event of the object type."""
    enabled: pulumi.Input[bool] = True
    """``False`` disables the subscription (``POST .../disable``) without deleting it."""
    rotate_secret: pulumi.Input[Any] | None = None
    """Any value; changing it to a new value regenerates the signing secret."""
    adopt_id: pulumi.Input[str] | None = None
    """An existing Monite object to take over on create instead of creating one; needed for the
    first ``up`` only, ignored afterwards (docs/adopting-existing-tenants.md). Monite shows no
    secret of an existing subscription: the ``secret`` output stays empty unless
    ``rotate_secret`` is set."""


class WebhookSubscription(Resource, module="monite", name="WebhookSubscription"):
    """A Monite webhook subscription. Type token
    ``pulumi-python:dynamic/monite:WebhookSubscription``."""

    subscription_id: pulumi.Output[str]
    status: pulumi.Output[str]
    secret: pulumi.Output[str]
    object_type: pulumi.Output[str]
    url: pulumi.Output[str]
    event_types: pulumi.Output[list[str]]
    enabled: pulumi.Output[bool]
    rotate_secret: pulumi.Output[Any | None]
    declared_inputs: pulumi.Output[list[str]]
    api_url: pulumi.Output[str]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: WebhookSubscriptionArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            WebhookSubscriptionProvider(),
            resource_name,
            resource_props(args, WEBHOOK_SUBSCRIPTION_SHAPE.outputs),
            with_secret_outputs(opts, SECRET_OUTPUTS),
        )
