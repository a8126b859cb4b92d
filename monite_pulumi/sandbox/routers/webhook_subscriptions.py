"""Webhook subscriptions (partner level); the secret only in create and regenerate answers."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from monite_pulumi.sandbox.deps import BackendDep, Partner, api_version
from monite_pulumi.sandbox.schemas.webhooks import (
    CreateWebhookSubscriptionRequest,
    UpdateWebhookSubscriptionRequest,
    WebhookObjectType,
)
from monite_pulumi.sandbox.state.paging import decode_token
from monite_pulumi.sandbox.state.webhooks import public, with_secret

router = APIRouter(prefix="/v1/webhook_subscriptions", dependencies=[Depends(api_version)])
SubscriptionId = uuid.UUID


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@router.post("", status_code=201)
def create_subscription(
    body: CreateWebhookSubscriptionRequest, partner: Partner, backend: BackendDep
) -> Any:
    return with_secret(backend.webhooks.create(partner, body.model_dump(exclude_unset=True)))


@router.get("")
def list_subscriptions(
    partner: Partner,
    backend: BackendDep,
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    pagination_token: str | None = None,
    sort: Literal["created_at", "updated_at"] | None = None,
    object_type: WebhookObjectType | None = None,
    created_at__gt: datetime | None = None,
    created_at__lt: datetime | None = None,
    created_at__gte: datetime | None = None,
    created_at__lte: datetime | None = None,
) -> Any:
    if pagination_token:
        query, offset = decode_token(pagination_token)
    else:
        offset = 0
        query = {
            "order": order,
            "limit": limit,
            "sort": sort,
            "object_type": object_type,
            "created_at__gt": _iso(created_at__gt),
            "created_at__lt": _iso(created_at__lt),
            "created_at__gte": _iso(created_at__gte),
            "created_at__lte": _iso(created_at__lte),
        }
    return backend.webhooks.list(partner, query, offset).as_json()


@router.get("/{webhook_subscription_id}")
def get_subscription(
    webhook_subscription_id: SubscriptionId, partner: Partner, backend: BackendDep
) -> Any:
    return public(backend.webhooks.get(partner, str(webhook_subscription_id)))


@router.patch("/{webhook_subscription_id}")
def update_subscription(
    webhook_subscription_id: SubscriptionId,
    body: UpdateWebhookSubscriptionRequest,
    partner: Partner,
    backend: BackendDep,
) -> Any:
    changes = body.model_dump(exclude_unset=True)
    return public(backend.webhooks.update(partner, str(webhook_subscription_id), **changes))


@router.delete("/{webhook_subscription_id}", status_code=204)
def delete_subscription(
    webhook_subscription_id: SubscriptionId, partner: Partner, backend: BackendDep
) -> Response:
    backend.webhooks.delete(partner, str(webhook_subscription_id))
    return Response(status_code=204)


@router.post("/{webhook_subscription_id}/enable")
def enable_subscription(
    webhook_subscription_id: SubscriptionId, partner: Partner, backend: BackendDep
) -> Any:
    return public(backend.webhooks.update(partner, str(webhook_subscription_id), status="enabled"))


@router.post("/{webhook_subscription_id}/disable")
def disable_subscription(
    webhook_subscription_id: SubscriptionId, partner: Partner, backend: BackendDep
) -> Any:
    return public(backend.webhooks.update(partner, str(webhook_subscription_id), status="disabled"))


@router.post("/{webhook_subscription_id}/regenerate_secret")
def regenerate_secret(
    webhook_subscription_id: SubscriptionId, partner: Partner, backend: BackendDep
) -> Any:
    return with_secret(backend.webhooks.regenerate_secret(partner, str(webhook_subscription_id)))
