"""Models of `/webhook_subscriptions` (partner level)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from monite_pulumi.client.models._base import RequestModel, ResponseModel, warn_unknown

__all__ = [
    "CreateWebhookSubscriptionRequest",
    "UpdateWebhookSubscriptionRequest",
    "WebhookSubscriptionPaginationResource",
    "WebhookSubscriptionResource",
    "WebhookSubscriptionResourceWithSecret",
]

Url = Annotated[str, Field(min_length=1, max_length=2083, pattern=r"^https?://\S+$")]
ObjectType = Annotated[str, Field(pattern=r"^[a-z_]+$")]


class CreateWebhookSubscriptionRequest(RequestModel):
    object_type: ObjectType
    url: Url
    event_types: list[str] | None = None


class UpdateWebhookSubscriptionRequest(RequestModel):
    send_explicit_nulls = True

    object_type: ObjectType | None = None
    url: Url | None = None
    event_types: list[str] | None = None


class WebhookSubscriptionResource(ResponseModel):
    id: str
    object_type: str
    url: str
    status: Annotated[str, warn_unknown("WebhookSubscriptionStatus", "enabled", "disabled")]
    event_types: list[str] | None = None


class WebhookSubscriptionResourceWithSecret(WebhookSubscriptionResource):
    """Only the create and regenerate answers carry the signing secret; hidden from `repr`."""

    secret: str = Field(repr=False)


class WebhookSubscriptionPaginationResource(ResponseModel):
    data: list[WebhookSubscriptionResource]
    next_pagination_token: str | None = None
    prev_pagination_token: str | None = None
