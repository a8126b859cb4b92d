"""``WebhookSubscription``: Monite posts events of one object type to a URL."""

from __future__ import annotations

from monite_pulumi.core.declaration import (
    ANY,
    BOOLEAN,
    STRING,
    Field,
    ResourceDeclaration,
    array_of,
)
from monite_pulumi.core.declarations._common import ADOPT_ID, adopt_id

__all__ = ["WEBHOOK_SUBSCRIPTION"]

WEBHOOK_SUBSCRIPTION = ResourceDeclaration(
    name="WebhookSubscription",
    label="webhook subscription",
    description="A Monite webhook subscription. `secret`, the signing key, is a secret.",
    id_output="subscription_id",
    inputs=(
        Field(
            "object_type",
            STRING,
            "Whose events: entity, accounting_connection, ... (WebhookObjectType).",
            required=True,
        ),
        Field(
            "url",
            STRING,
            "Where Monite posts them (HTTPS in Monite; the local sandbox also posts to http).",
            required=True,
        ),
        Field(
            "event_types",
            array_of(STRING),
            "Events to receive, e.g. [connected]; empty means every event of the object type.",
            default=[],
        ),
        Field(
            "enabled",
            BOOLEAN,
            "False disables the subscription without deleting it.",
            default=True,
        ),
        Field(
            "rotate_secret",
            ANY,
            "Any value; changing it to a new value regenerates the signing secret.",
        ),
        adopt_id(
            "Monite shows no secret of an existing subscription: the secret output stays empty "
            "unless rotateSecret is set."
        ),
    ),
    computed=(
        Field("subscription_id", STRING, "The Monite webhook subscription id."),
        Field("status", STRING, "enabled or disabled."),
        Field("secret", STRING, "The key that signs every webhook (a secret).", secret=True),
    ),
    options=frozenset({"rotate_secret", ADOPT_ID}),
    input_only=frozenset({ADOPT_ID}),
)
