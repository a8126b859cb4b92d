"""``WebhookSubscriptionProvider``: a partner-level Monite webhook subscription.

create = ``POST /webhook_subscriptions``: its answer is the only one that shows the signing
``secret``, so the secret output is taken from it and carried over from the previous outputs by
every later read and update (Monite never shows it again). ``rotate_secret`` is a trigger: set
it to a new value and the update calls ``regenerate_secret``, whose answer replaces the secret.
update = ``PATCH`` for ``object_type``/``url``/``event_types`` (all three are patchable in
``UpdateWebhookSubscriptionRequest``), ``enable``/``disable`` for ``enabled``. delete =
``DELETE``, a 404 counts as done. A create whose answer was lost adopts the one subscription
with the same object type, URL and event types created since the attempt began (the list takes
``created_at__gte``, though the subscription itself shows no ``created_at``) and regenerates its
secret, the first being lost with the answer; one made before, outside this stack, is never
taken. A create that fails after the POST (the new secret, ``enabled=False``) deletes the new
subscription, so none is left that no state knows; an update regenerates the secret last, so a
failure before it keeps the stored secret valid. The secret appears in no message and no log
line.

The request models and pydantic are imported inside the methods that use them: a program imports
this module for the class alone (see ``_core``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from monite_pulumi._logging import register_secret
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations.webhook_subscription import WEBHOOK_SUBSCRIPTION
from monite_pulumi.errors import NotFoundError
from monite_pulumi.providers._adopt import create_without_duplicates
from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers._cleanup import undone_on_failure
from monite_pulumi.providers._shape import shape_of
from monite_pulumi.providers._values import (
    declared_values,
    is_unknown,
    same_value,
)

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient
    from monite_pulumi.client.models import (
        CreateWebhookSubscriptionRequest,
        WebhookSubscriptionResource,
    )

__all__ = ["WEBHOOK_OBJECT_TYPES", "WEBHOOK_SUBSCRIPTION_SHAPE", "WebhookSubscriptionProvider"]

WEBHOOK_OBJECT_TYPES = frozenset(
    (
        "account",
        "accounting_connection",
        "approval",
        "approval_request",
        "approval_policy",
        "approval_policy_process",
        "batch_payment",
        "comment",
        "counterpart",
        "counterpart_address",
        "counterpart_bank_account",
        "counterpart_contact_person",
        "counterpart_partner_metadata",
        "counterpart_tax_id",
        "entity",
        "entity_bank_account",
        "entity_settings",
        "entity_user",
        "export",
        "overdue_reminder",
        "partner_settings",
        "payable",
        "payables_credit_note",
        "payables_purchase_order",
        "payable.line_item",
        "payment",
        "payment_intent",
        "payment_link",
        "payment_reminder",
        "product",
        "project",
        "receivable",
        "recurrence",
        "role",
        "tag",
        "todo_task",
        "workflow",
        "workflow_pipeline",
        "ocr_task",
        "delivery_note",
        "receipt",
        "transaction",
    )
)
"""``WebhookObjectType`` of the 2024-05-25 spec."""

_MONITE_FIELDS = ("object_type", "url", "event_types")

WEBHOOK_SUBSCRIPTION_SHAPE = shape_of(WEBHOOK_SUBSCRIPTION)

_HINTS = MappingProxyType(
    {"url": "must be an http(s) URL of at most 2083 characters (Monite requires HTTPS)"}
)


def _live_values(subscription: WebhookSubscriptionResource, secret: str | None) -> dict[str, Any]:
    register_secret(secret)  # masked in any log line or message of this process
    return {
        "subscription_id": subscription.id,
        "status": subscription.status,
        "secret": secret,
        "object_type": subscription.object_type,
        "url": subscription.url,
        "event_types": list(subscription.event_types or []),
        "enabled": subscription.status == "enabled",
    }


def _event_set(value: Any) -> frozenset[str] | None:
    """``event_types`` as Monite treats them: a set (order and repeats mean nothing)."""
    if value is None:
        return frozenset()
    if isinstance(value, (list, tuple)):
        return frozenset(str(item) for item in value)
    return None


def _known_secret(props: Mapping[str, Any]) -> str | None:
    secret = props.get("secret")
    return secret if isinstance(secret, str) and secret and not is_unknown(secret) else None


class WebhookSubscriptionProvider(MoniteProvider):
    """Provider of ``monite_pulumi.WebhookSubscription``; its import path lives in state."""

    shape = WEBHOOK_SUBSCRIPTION_SHAPE

    # -- check ----------------------------------------------------------------------------------

    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        from monite_pulumi.client.models import CreateWebhookSubscriptionRequest
        from monite_pulumi.providers._checks import validate_known

        failures = validate_known(
            CreateWebhookSubscriptionRequest, declared_values(news, _MONITE_FIELDS), hints=_HINTS
        )
        object_type = news.get("object_type")
        failed = {failure.property for failure in failures}
        if (
            isinstance(object_type, str)
            and object_type not in WEBHOOK_OBJECT_TYPES
            and "object_type" not in failed
        ):
            failures.append(
                CheckFailure(
                    "object_type",
                    "must be a Monite webhook object type, e.g. entity or accounting_connection",
                )
            )
        enabled = news.get("enabled")
        if not is_unknown(enabled) and not isinstance(enabled, bool):
            failures.append(CheckFailure("enabled", "must be true or false"))
        return failures

    def same_input(self, name: str, old: Any, new: Any) -> bool:
        olds, news = _event_set(old), _event_set(new)
        if name == "event_types" and olds is not None and news is not None:
            return olds == news
        return super().same_input(name, old, new)

    # -- the engine calls that must keep the secret ---------------------------------------------

    def carried_outputs(self, previous: Mapping[str, Any], outs: dict[str, Any]) -> dict[str, Any]:
        """Refresh or ``Resource.get``; the secret is kept from the previous outputs, if any."""
        secret = _known_secret(previous)
        return outs if secret is None else {**outs, "secret": secret}

    def adoption_changes(self, state: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        # Monite shows a secret only when it issues one: rotate_secret is the way to get it.
        return super().adoption_changes(state, inputs) or inputs.get("rotate_secret") is not None

    # -- Monite calls ---------------------------------------------------------------------------

    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        from monite_pulumi.client.models import (
            CreateWebhookSubscriptionRequest,
            WebhookSubscriptionResourceWithSecret,
        )
        from monite_pulumi.providers._checks import parse_request

        body = parse_request(
            CreateWebhookSubscriptionRequest,
            declared_values(inputs, _MONITE_FIELDS),
            what="create a Monite webhook subscription",
            hints=_HINTS,
        )
        client = self.client()
        created = create_without_duplicates(
            create=lambda: client.create_webhook_subscription(body),
            find_created_since=lambda since: self._same_subscriptions(client, body, since),
            identify=lambda found: found.id,
            label="webhook subscription",
            settle=self.settle_policy(),
        )
        with undone_on_failure(
            lambda: client.delete_webhook_subscription(created.id),
            label="webhook subscription",
            object_id=created.id,
            undone="it has been deleted so that none is left that no state knows about",
            by_hand=f"deleting it failed too: delete subscription {created.id} by hand",
        ):
            if not isinstance(created, WebhookSubscriptionResourceWithSecret):
                # Adopted after a lost answer: the secret went with it, so issue a new one.
                created = client.regenerate_webhook_subscription_secret(created.id)
            live = _live_values(created, created.secret)
            if inputs.get("enabled") is False:
                disabled = client.disable_webhook_subscription(created.id)
                live = _live_values(disabled, created.secret)
        return live

    @staticmethod
    def _same_subscriptions(
        client: MoniteClient, body: CreateWebhookSubscriptionRequest, since: datetime
    ) -> list[WebhookSubscriptionResource]:
        """Subscriptions created since ``since`` with every field the create sent."""
        wanted = _event_set(body.event_types)
        return [
            found
            for found in client.list_webhook_subscriptions(
                object_type=body.object_type, created_at__gte=since
            )
            if found.url == body.url and _event_set(found.event_types) == wanted
        ]

    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        try:
            subscription = self.client().get_webhook_subscription(object_id)
        except NotFoundError:
            return None
        return _live_values(subscription, None)

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        client = self.client()
        secret = _known_secret(olds)
        patch = {
            name: value
            for name, value in declared_values(news, _MONITE_FIELDS).items()
            if not self.same_input(name, olds.get(name), value)
        }
        subscription: WebhookSubscriptionResource | None = None
        if patch:
            from monite_pulumi.client.models import UpdateWebhookSubscriptionRequest
            from monite_pulumi.providers._checks import parse_request

            body = parse_request(
                UpdateWebhookSubscriptionRequest,
                patch,
                what=f"update Monite webhook subscription {object_id}",
                hints=_HINTS,
            )
            subscription = client.update_webhook_subscription(object_id, body)
        enabled = self.shape.input_value(news, "enabled") is not False
        if subscription is None or (subscription.status == "enabled") != enabled:
            # enable/disable answer with the subscription: no GET needed to return outputs.
            if enabled:
                subscription = client.enable_webhook_subscription(object_id)
            else:
                subscription = client.disable_webhook_subscription(object_id)
        rotate = news.get("rotate_secret")
        if rotate is not None and not same_value(olds.get("rotate_secret"), rotate):
            # Last: a failure before it leaves Monite's secret, and so the stored one, valid.
            rotated = client.regenerate_webhook_subscription_secret(object_id)
            subscription, secret = rotated, rotated.secret
        return _live_values(subscription, secret)

    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        try:
            self.client().delete_webhook_subscription(object_id)
        except NotFoundError:
            return
