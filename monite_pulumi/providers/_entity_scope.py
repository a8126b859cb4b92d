"""The owning entity of an entity-scoped resource (product, VAT id, settings, connection).

Each of them names its entity in ``entity_id``, checks it the same way (required, a UUID) and
needs it known before any call, since Monite scopes the request by ``X-Monite-Entity-Id``. Only
the wording of the messages differs per resource, so that is all an ``EntityScope`` holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.errors import MoniteError, NotFoundError
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers._values import is_unknown

if TYPE_CHECKING:
    from monite_pulumi.client import MoniteClient

__all__ = ["EntityScope", "monite_id_failures"]


def monite_id_failures(news: Mapping[str, Any], name: str) -> list[CheckFailure]:
    """A failure when a given, known ``name`` is not a Monite id (a UUID)."""
    value = news.get(name)
    if value is None or is_unknown(value):
        return []
    try:
        uuid.UUID(str(value))
    except ValueError:
        return [CheckFailure(name, "must be a Monite id (a UUID)")]
    return []


@dataclass(frozen=True)
class EntityScope:
    """How one resource type words the entity it belongs to."""

    subject: str
    """The resource in a sentence, with its id: ``Monite product {object_id} has``."""
    owner: str
    """What the entity is to it: ``the entity that owns the product``."""
    type_name: str
    """The resource type where ``entity_id`` is declared: ``Product`` (``ProductArgs``)."""
    required_reason: str
    """Why check wants ``entity_id``: ``the id of the owning entity``."""
    id_is_entity_id: bool = False
    """The resource id is the entity id itself (settings), so it stands in for a missing one."""

    def failures(self, news: Mapping[str, Any]) -> list[CheckFailure]:
        """``entity_id`` is required and, once known, a UUID."""
        if news.get("entity_id") is None:
            return [CheckFailure("entity_id", f"is required: {self.required_reason}")]
        return monite_id_failures(news, "entity_id")

    def entity_id(self, props: Mapping[str, Any], object_id: str) -> str:
        """The known entity id to scope calls with, or a message saying where to declare it."""
        entity_id = props.get("entity_id")
        if self.id_is_entity_id:
            entity_id = entity_id or object_id
        if not isinstance(entity_id, str) or not entity_id or is_unknown(entity_id):
            subject = self.subject.format(object_id=object_id)
            named = wording.name("entity_id")
            raise ResourceError(
                f"{subject} no known {named}: declare {named} ({self.owner}) in its "
                f"{wording.args_of(self.type_name)}."
            )
        return entity_id

    def missing_entity_message(
        self,
        client: MoniteClient,
        where: str,
        label: str,
        inputs: Mapping[str, Any],
        error: NotFoundError,
    ) -> str | None:
        """For a create Monite refused with 404: the sentence naming the missing entity.

        One GET of the entity, made only on this failure, tells a missing entity (the usual
        cause: a wrong or stale ``entity_id``) from any other 404; None when the entity exists.
        """
        entity_id = inputs.get("entity_id")
        if not isinstance(entity_id, str) or not entity_id or is_unknown(entity_id):
            return None
        try:
            status = client.get_entity(entity_id).status
        except NotFoundError:
            status = None
        except MoniteError:
            return None
        if status not in (None, "deleted"):
            return None
        state = "is deleted" if status == "deleted" else "does not exist"
        named = wording.name("entity_id")
        return (
            f"Could not create a Monite {label}: its entity {entity_id} {state} in "
            f"{where} for this partner (Monite answered 404, request id "
            f"{error.request_id or 'unknown'}). {named} in this "
            f"{wording.args_of(self.type_name)} must be {self.owner}: an existing entity of the "
            "configured Monite environment, usually the `.id` of an Entity declared in the same "
            f"program. Correct {named} (or create the entity first), then run `pulumi up` again."
        )
