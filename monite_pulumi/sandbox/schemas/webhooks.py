"""Webhook subscription bodies."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StrictStr, field_validator

from monite_pulumi.sandbox.schemas.enums import WEBHOOK_OBJECT_TYPES
from monite_pulumi.sandbox.schemas.fields import Closed, Uri, one_of, reject_null

WebhookObjectType = Annotated[
    StrictStr, AfterValidator(one_of("object type", WEBHOOK_OBJECT_TYPES))
]


class CreateWebhookSubscriptionRequest(Closed):
    event_types: list[StrictStr] | None = None
    object_type: WebhookObjectType
    url: Uri

    _not_null = field_validator("event_types", mode="before")(reject_null)


class UpdateWebhookSubscriptionRequest(Closed):
    event_types: list[StrictStr] | None = None
    object_type: WebhookObjectType | None = None
    url: Uri | None = None
