"""The ``WebhookSubscription`` resource: Monite posts events of one object type to a URL.

Wiring only: typed args in, the ``WebhookSubscriptionProvider`` does the work. The resource
marks ``secret`` secret itself (``additional_secret_outputs``): the dynamic provider server
cannot, and users must not have to remember it.
"""

from __future__ import annotations

from typing import Any

import pulumi

from monite_pulumi.core.args import WebhookSubscriptionArgs
from monite_pulumi.core.declarations.webhook_subscription import WEBHOOK_SUBSCRIPTION
from monite_pulumi.providers.webhook_subscription import (
    WebhookSubscriptionProvider,
)
from monite_pulumi.resources._props import MoniteResource

__all__ = ["SECRET_OUTPUTS", "WebhookSubscription", "WebhookSubscriptionArgs"]

SECRET_OUTPUTS = WEBHOOK_SUBSCRIPTION.secret_outputs
"""Outputs always stored and shown as secrets: the key that signs every webhook."""


class WebhookSubscription(
    MoniteResource[WebhookSubscriptionArgs], module="monite", name="WebhookSubscription"
):
    """A Monite webhook subscription. Type token
    ``pulumi-python:dynamic/monite:WebhookSubscription``."""

    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit
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
    # end of GENERATED outputs

    provider_class = WebhookSubscriptionProvider
    secret_outputs = SECRET_OUTPUTS
